#!/bin/sh
# bench.sh ELF...: prints cycles, instructions, CPI, simulation speed and TLB
# statistics for each ISA test program and for the OpenSBI boot.
# Env: SIM, OPENSBI, PAYLOAD, OUT, KERNEL (optional: an OS image for
# fw_jump, e.g. build/ktest.elf; skipped if absent).
set -u
mkdir -p "$OUT/bench"
printf "%-14s %10s %10s %6s %12s %9s %9s\n" program cycles instret CPI cycles/s itlb_hit dtlb_hit
run() { # name args...
    name=$1
    shift
    "$SIM" --max-cycles=100000000 "$@" </dev/null >"$OUT/bench/$name.out" 2>&1
    line=$(grep '^\[sim\] exit' "$OUT/bench/$name.out")
    tlb=$(grep '^\[sim\] itlb' "$OUT/bench/$name.out")
    cyc=$(echo "$line" | sed 's/.*cycles=\([0-9]*\) .*/\1/')
    ins=$(echo "$line" | sed 's/.*instret=\([0-9]*\) .*/\1/')
    cpi=$(echo "$line" | sed 's/.*cpi=\([0-9.]*\) .*/\1/')
    spd=$(echo "$line" | sed 's/.*speed=\([0-9]*\) .*/\1/')
    ih=$(echo "$tlb" | sed 's/.*itlb_hit=\([0-9.%]*\) .*/\1/')
    dh=$(echo "$tlb" | sed 's/.*dtlb_hit=\([0-9.%]*\) .*/\1/')
    printf "%-14s %10s %10s %6s %12s %9s %9s\n" "$name" "$cyc" "$ins" "$cpi" "$spd" "$ih" "$dh"
}
for elf in "$@"; do
    n=$(basename "$elf" .elf)
    if [ "$n" = uart_rx ] || [ "$n" = testdev_exit ]; then continue; fi   # stdin input / exit code 3
    run "$n" "$elf"
done
run opensbi-boot "$OPENSBI" "$PAYLOAD"
if [ -n "${KERNEL:-}" ] && [ -f "$KERNEL" ]; then
    run "$(basename "$KERNEL" .elf)" "$OPENSBI" "$KERNEL"
    grep -E "^(PASS|FAIL|TESTS DONE)" "$OUT/bench/$(basename "$KERNEL" .elf).out" | tail -3
fi
