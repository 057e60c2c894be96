#!/usr/bin/env python3
"""Runs the benchmarks inside the OS under QEMU with -icount shift=0,sleep=off
(rdinstret then counts guest instructions exactly and every run gives the
same numbers), prints a table, writes build/bench/results.csv, and ends
with one line per metric: "<metric> <value>".

Today: the IPC sendrec round trip (the kernel-core test image measures it).
"""
import argparse
import csv
import os
import re
import subprocess
import sys


def run_image(image, mem="128M", timeout=60):
    cmd = ["qemu-system-riscv64", "-machine", "virt", "-m", mem, "-smp", "1", "-bios", "default",
           "-kernel", image, "-display", "none", "-serial", "stdio", "-monitor", "none",
           "-no-reboot", "-icount", "shift=0,sleep=off"]
    out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    return " ".join(cmd), out.stdout.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ktest-image", required=True)
    ap.add_argument("--out", default="build/bench")
    args = ap.parse_args()

    cmd, text = run_image(args.ktest_image)
    metrics = {m.group(1): int(m.group(2)) for m in re.finditer(r"^PERF (\S+) (\d+)", text, re.M)}
    if not metrics:
        print("bench: no PERF lines from the guest; console was:\n" + text[-2000:])
        return 1
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["metric", "value", "unit", "command"])
        for k, v in metrics.items():
            w.writerow([k, v, "guest instructions", cmd])
    print(f"{'metric':<28} {'guest instructions':>18}")
    for k, v in metrics.items():
        print(f"{k:<28} {v:>18}")
    print(f"(command: {cmd})")
    for k, v in metrics.items():
        print(f"{k} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
