#!/bin/sh
# run_all.sh: runs every RTL test and prints one result line per test:
#   PASS: rtl/<name>   or   FAIL: rtl/<name>: <reason>
# Environment: SIM (Verilator model), OUT (build dir), QEMU, OPENSBI (fw_jump.elf),
# PAYLOAD (S-mode payload ELF), RANDOM_TESTS and VM_TESTS (names of generated
# programs in $OUT/random), SIM_STRESS (model with 2-entry TLBs, RAM latency 2).
# Arguments: the ISA test ELFs.
# Exits non-zero if a test failed or an expected test did not run.
set -u
HERE=$(dirname "$0")
LOGDIR="$OUT/logs"
mkdir -p "$LOGDIR"
pass=0
fail=0
ran=0
expected=0

result() { # name status reason
    ran=$((ran + 1))
    if [ "$2" = ok ]; then
        echo "PASS: rtl/$1"; pass=$((pass + 1))
    else
        echo "FAIL: rtl/$1: $3"; fail=$((fail + 1))
    fi
}

# 1. ISA/privilege/MMU test programs (riscv-tests tohost protocol)
for elf in "$@"; do
    expected=$((expected + 1))
    name=$(basename "$elf" .elf)
    log="$LOGDIR/$name.log"
    input=/dev/null
    [ "$name" = uart_rx ] && input="$HERE/uart_rx.input"
    "$SIM" --max-cycles=5000000 "$elf" <"$input" >"$log" 2>&1
    rc=$?
    if [ "$name" = testdev_exit ]; then
        # must end through the test device with its exit code (3)
        if [ $rc -eq 3 ] && grep -q "exit=3 (test device)" "$log"; then
            result "$name" ok
        else
            result "$name" bad "expected exit code 3 from the test device, got $rc, log $log"
        fi
    elif [ $rc -eq 0 ]; then
        result "$name" ok
    elif [ $rc -eq 124 ]; then
        result "$name" bad "timeout (5M cycles), log $log"
    else
        result "$name" bad "check $rc failed (exit code), log $log"
    fi
done

# 1b. the same UART program with the simulator on a terminal (raw mode, as in
#     `make sim`): script(1) gives it a pty and types the input after a second
expected=$((expected + 1))
log="$LOGDIR/uart_tty.log"
(sleep 1; cat "$HERE/uart_rx.input") |
    timeout 60 script -qec "$SIM --max-cycles=100000000 $OUT/tests/uart_rx.elf" /dev/null >"$log" 2>&1
if grep -q "exit=0 (tohost)" "$log"; then
    result uart_tty ok
else
    result uart_tty bad "no pass through a terminal, log $log"
fi

# 2. lock-step comparison with QEMU (PCs and register writes) for the
#    deterministic programs and the random programs
for t in $(cat "$HERE/trace_tests.txt") $RANDOM_TESTS $VM_TESTS; do
    expected=$((expected + 1))
    elf="$OUT/tests/$t.elf"
    [ -f "$elf" ] || elf="$OUT/random/$t.elf"
    reason=$(python3 "$HERE/trace_compare.py" "$elf" "$LOGDIR/trace-$t" 2>&1)
    if [ $? -eq 0 ]; then result "trace-$t" ok; else result "trace-$t" bad "$reason"; fi
done

# 2b. the paging and random programs again on the stress model (2-entry TLBs,
#     RAM latency 2): capacity misses, walker/fetch/MEM interplay, waits
for t in tlbloop mmu $VM_TESTS random-1 random-2; do
    expected=$((expected + 1))
    elf="$OUT/tests/$t.elf"
    [ -f "$elf" ] || elf="$OUT/random/$t.elf"
    reason=$(SIM="$SIM_STRESS" python3 "$HERE/trace_compare.py" "$elf" "$LOGDIR/stress-$t" 2>&1)
    if [ $? -eq 0 ]; then result "stress-$t" ok; else result "stress-$t" bad "$reason"; fi
done

# 3. precise interrupts: each random program again with frequent timer
#    interrupts must write the same registers with the same values
for t in $RANDOM_TESTS $VM_TESTS; do
    expected=$((expected + 1))
    reason=$(python3 "$HERE/irq_compare.py" "$OUT/random/$t.elf" "$OUT/random/irq-$t.elf" \
             "$LOGDIR/irq-$t" 2>&1)
    if [ $? -eq 0 ]; then result "irq-$t" ok; else result "irq-$t" bad "$reason"; fi
done
for t in $VM_TESTS; do
    expected=$((expected + 1))
    reason=$(SIM="$SIM_STRESS" python3 "$HERE/irq_compare.py" "$OUT/random/$t.elf" \
             "$OUT/random/irq-$t.elf" "$LOGDIR/stress-irq-$t" 2>&1)
    if [ $? -eq 0 ]; then result "stress-irq-$t" ok; else result "stress-irq-$t" bad "$reason"; fi
done

# 4. OpenSBI boot: Debian fw_jump.elf + S-mode payload
expected=$((expected + 1))
log="$LOGDIR/opensbi-boot.log"
start=$(date +%s)
"$SIM" --max-cycles=60000000 "$OPENSBI" "$PAYLOAD" </dev/null >"$log" 2>&1
rc=$?
end=$(date +%s)
if [ $rc -ne 0 ]; then
    result opensbi-boot bad "simulator exit code $rc, log $log"
elif ! grep -q "^OpenSBI v1.1" "$log"; then
    result opensbi-boot bad "no OpenSBI banner, log $log"
elif ! grep -q "Domain0 Next Address      : 0x0000000080200000" "$log"; then
    result opensbi-boot bad "no next-stage line, log $log"
elif ! grep -q "payload: hello from S-mode on rv_soc" "$log" ||
     ! grep -q "payload: time advances, shutting down via SBI SRST" "$log"; then
    result opensbi-boot bad "payload did not run to the end, log $log"
else
    result opensbi-boot ok
    echo "rtl: opensbi-boot took $((end - start)) s; $(grep '^\[sim\] exit' "$log")"
fi

# 5. the same boot on QEMU virt with our device tree: the console output must be
#    identical except for the two lines that report features QEMU's hart has and
#    ours does not (privilege spec version 1.12 via menvcfg, MHPM counters)
expected=$((expected + 1))
qlog="$LOGDIR/opensbi-qemu.log"
timeout 60 "$QEMU" -machine virt -m 128M \
    -cpu rv64,h=false,pmp=false,sstc=false,f=false,d=false,zba=false,zbb=false,zbc=false,zbs=false \
    -nographic -bios "$OPENSBI" -dtb "$DTB" -kernel "$PAYLOAD" </dev/null >"$qlog" 2>&1
rc=$?
filt='^(Boot HART Priv Version|Boot HART MHPM Count|\[sim\])'
if [ $rc -ne 0 ]; then
    result opensbi-qemu bad "QEMU exit code $rc, log $qlog"
elif ! { grep -Ev "$filt" "$LOGDIR/opensbi-boot.log" > "$LOGDIR/opensbi-boot.filtered";
         grep -Ev "$filt" "$qlog" | cmp -s - "$LOGDIR/opensbi-boot.filtered"; }; then
    result opensbi-qemu bad "console output differs from QEMU virt: diff $qlog $LOGDIR/opensbi-boot.log"
else
    result opensbi-qemu ok
fi

echo "rtl: $pass passed, $fail failed, $ran of $expected ran"
[ $fail -eq 0 ] && [ $ran -eq $expected ]
