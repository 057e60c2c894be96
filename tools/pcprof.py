#!/usr/bin/env python3
"""Folds the per-address instruction counts of the pcprof QEMU plugin
(tools/qemu-plugin/pcprof.c) into functions, using the symbols of the kernel
image and of user programs, and prints the hottest ones.

    python3 tools/pcprof.py PCPROF_OUT KERNEL_ELF [USER_ELF ...] [--top N] [--per N]

--per N divides every count by N (for example the number of round trips),
so the table reads as instructions per operation.
"""
import argparse
import bisect
import collections
import subprocess


def symbols(elf):
    out = subprocess.run(["riscv64-unknown-elf-nm", "-n", elf], capture_output=True, text=True,
                         check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("counts")
    ap.add_argument("kernel")
    ap.add_argument("user", nargs="*")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--per", type=float, default=1.0)
    args = ap.parse_args()

    kernel = symbols(args.kernel)
    kaddrs = [a for a, _ in kernel]
    users = [(elf, symbols(elf)) for elf in args.user]
    totals = collections.Counter()
    for line in open(args.counts):
        va, count = line.split()
        va, count = int(va, 16), int(count)
        if va >= 0x80200000 and kernel and va < 0xC0000000:
            i = bisect.bisect_right(kaddrs, va) - 1
            totals["kernel:" + (kernel[i][1] if i >= 0 else "?")] += count
        elif va >= 0x80000000:
            totals["firmware"] += count
        else:
            totals["user"] += count
    for name, count in totals.most_common(args.top):
        print(f"{count / args.per:12.1f}  {name}")


if __name__ == "__main__":
    main()
