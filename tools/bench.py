#!/usr/bin/env python3
"""Runs the benchmarks inside the OS under QEMU with -icount shift=0,sleep=off
(rdinstret then counts guest instructions exactly and every run gives the
same numbers), prints a table, writes build/bench/results.csv, and ends
with one line per metric: "<metric> <value>".

Today: the IPC sendrec round trip (kernel-core test image), the time from a
driver crash to the restarted driver's first answer (crash-recovery image),
and first-touch page faults served by the pager (page-fault image; the last
line is "pagefault_insns_median N").
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
    ap.add_argument("--recovery-image", required=True)
    ap.add_argument("--pagefault-image", required=True)
    ap.add_argument("--out", default="build/bench")
    args = ap.parse_args()

    metrics, cmds = {}, {}
    for image in (args.ktest_image, args.recovery_image, args.pagefault_image):
        cmd, text = run_image(image)
        for m in re.finditer(r"^PERF (\S+) (\d+)", text, re.M):
            metrics[m.group(1)] = int(m.group(2))
            cmds[m.group(1)] = cmd
    if not metrics:
        print("bench: no PERF lines from the guest")
        return 1
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["metric", "value", "unit", "command"])
        for k, v in metrics.items():
            unit = "guest microseconds" if k.endswith("_us") else "guest instructions"
            w.writerow([k, v, unit, cmds[k]])
    print(f"{'metric':<28} {'value':>12}  unit")
    for k, v in metrics.items():
        print(f"{k:<28} {v:>12}  {'us (guest time)' if k.endswith('_us') else 'instructions'}")
    for image, cmd in sorted(set((c.split(' -kernel ')[1].split()[0], c) for c in cmds.values())):
        print(f"(command for {image}: {cmd})")
    for k, v in sorted(metrics.items(), key=lambda kv: kv[0] == "pagefault_insns_median"):
        print(f"{k} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
