#!/bin/sh
# trace_compare.sh ELF PREFIX: runs ELF on the RTL (commit trace) and on
# QEMU's spike machine (-singlestep -d exec,nochain) and requires the same
# sequence of program counters from 0x80000000 on (the boot ROMs differ).
# Prints the first difference on failure. Env: SIM, QEMU.
set -u
elf=$1
pre=$2
"$SIM" --quiet --max-cycles=5000000 --commit="$pre.rtl.log" "$elf" </dev/null >/dev/null 2>&1
rc=$?
if [ $rc -ne 0 ]; then echo "RTL run failed (exit $rc)"; exit 1; fi
timeout 60 "$QEMU" -machine spike -cpu rv64,h=false,pmp=false -nographic -bios none -kernel "$elf" \
    -singlestep -d exec,nochain -D "$pre.qemu.log" </dev/null >/dev/null 2>&1
rc=$?
if [ $rc -ne 0 ]; then echo "QEMU run failed (exit $rc)"; exit 1; fi
awk '{ if (substr($1,1,8) != "00000000" || substr($1,9,1) >= "8") print substr($1,9) }' \
    "$pre.rtl.log" > "$pre.rtl.pc"
sed -n 's/^Trace [0-9]*: [^[]*\[[0-9a-f]*\/\([0-9a-f]*\)\/.*/\1/p' "$pre.qemu.log" |
    awk '{ if (substr($1,1,8) != "00000000" || substr($1,9,1) >= "8") print substr($1,9) }' > "$pre.qemu.pc"
n=$(wc -l < "$pre.rtl.pc")
if [ "$n" -lt 10 ]; then echo "RTL trace too short ($n)"; exit 1; fi
if ! cmp -s "$pre.rtl.pc" "$pre.qemu.pc"; then
    line=$(cmp "$pre.rtl.pc" "$pre.qemu.pc" 2>&1 | sed -n 's/.*line \([0-9]*\).*/\1/p')
    echo "PC sequences differ at instruction ${line:-?} (rtl $(sed -n "${line:-1}p" "$pre.rtl.pc"), qemu $(sed -n "${line:-1}p" "$pre.qemu.pc")); $n RTL instructions"
    exit 1
fi
exit 0
