#!/usr/bin/env python3
"""Runs the benchmarks inside the OS under QEMU with -icount shift=0,sleep=off
(rdinstret then counts guest instructions exactly and every run gives the
same numbers), prints a table, writes build/bench/results.csv, and ends
with one line per metric: "<metric> <value>".

Today: the IPC sendrec round trip (kernel-core test image), the time from a
driver crash to the restarted driver's first answer (crash-recovery image),
first-touch page faults in the page-fault test image ("pfimage_..."), system
calls at the shell (utest perf), and `pfbench 256` typed at the shell of the
system image: store, load and copy-on-write faults, warm (the idle loop's
pool of zeroed frames filled) and cold (booted with prezero=0:
"pagefault_cold_..."). The last line is "pagefault_insns_median N", the
shell's first-touch store faults.
"""
import argparse
import collections
import csv
import os
import re
import select
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import png  # noqa: E402  (tools/png.py)

# Phases of a page fault. Kernel code is attributed per instruction
# address (its inline chain from addr2line -i, as link-time optimization
# folds the fast paths into trap_from_user): an instruction run twice per
# fault belongs to code both traps share (entry, return, scheduler switch)
# and counts half to each half of the fault; one run once belongs to the
# fault half if its chain names one of FAULT_SIDE (or it is the register
# save only non-ecall traps do), otherwise to the map-and-resume half. (In
# assembly, pf_fastpath and the exit it shares with the IPC fast path,
# ipc_fastpath_enter, serve the fault half; trap_to_c the pager's call.)
IDLE_SIDE = {"kernel_resume", "page_zero", "arch_page_zero", "bump", "frame_zero_idle", "arch_idle",
             "arch_intr_pending", "trap_from_kernel", "clock_tick", "plic_dispatch"}
FAULT_SIDE = {"kernel_trap_user", "pf_raise_fast", "pf_raise", "trap_classify", "user_trap_kind",
              "access_letter", "write_notification", "pager_waits", "sig_send",
              "ipc_notify_kernel", "make_notify", "deliver", "pf_fastpath",
              "ipc_fastpath_enter"}
PHASES = ["fault to VM: trap, queue, notification in place, switch",
          "VM's handler (SEF loop, region lookup) and pfbench's store",
          "map and resume: kernel call, map, switch back",
          "zeroing ahead in the idle loop (off the fault path)"]


def run_image(image, mem="128M", timeout=60):
    cmd = ["qemu-system-riscv64", "-machine", "virt", "-m", mem, "-smp", "1", "-bios", "default",
           "-kernel", image, "-display", "none", "-serial", "stdio", "-monitor", "none",
           "-no-reboot", "-icount", "shift=0,sleep=off"]
    out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    return " ".join(cmd), out.stdout.decode("utf-8", "replace")


def run_system(image, command="/test/utest perf", done=b"utest: perf done", append="",
               settle=0.0, timeout=60):
    """Boots the system image under -icount, types `command` at the shell
    prompt (after `settle` seconds, in which the idle guest runs its idle
    loop) and returns (command line, console text) once `done` appears."""
    cmd = ["qemu-system-riscv64", "-machine", "virt", "-m", "128M", "-smp", "1", "-bios",
           "default", "-kernel", image, "-display", "none", "-serial", "stdio", "-monitor",
           "none", "-no-reboot", "-icount", "shift=0,sleep=off"]
    if append:
        cmd += ["-append", append]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    os.set_blocking(proc.stdout.fileno(), False)
    out, typed, deadline = b"", False, time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        ready, _, _ = select.select([proc.stdout], [], [], 0.1)
        if ready:
            out += proc.stdout.read() or b""
        if not typed and b"# " in out:
            time.sleep(settle)
            proc.stdin.write(command.encode() + b"\r")
            proc.stdin.flush()
            typed = True
        if done in out:
            break
    proc.kill()
    proc.communicate()
    line = " ".join(cmd) + f"  (then type: {command})"
    return line, out.decode("utf-8", "replace")


def pcprof_run(image, plugin, out):
    """Per-PC instruction counts of one run of image (under -icount)."""
    cmd = ["qemu-system-riscv64", "-machine", "virt", "-m", "128M", "-smp", "1", "-bios",
           "default", "-kernel", image, "-display", "none", "-serial", "stdio", "-monitor",
           "none", "-no-reboot", "-icount", "shift=0,sleep=off", "-plugin", f"{plugin},out={out}"]
    subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    counts = collections.Counter()
    for line in open(out):
        va, n = line.split()
        counts[int(va, 16)] += int(n)
    return counts


def inline_chains(image, pcs):
    """pc -> the function names of its inline chain (innermost first)."""
    args = ["riscv64-unknown-elf-addr2line", "-a", "-f", "-i", "-e", image]
    out = subprocess.run(args + [hex(pc) for pc in pcs], capture_output=True, text=True).stdout
    chains, pc = {}, None
    lines = out.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("0x"):
            pc = int(lines[i], 16)
            chains[pc] = []
            i += 1
        else:
            chains[pc].append(lines[i])
            i += 2  # function name, then file:line
    return chains


def phase_of(chain, count, user):
    if user:
        return [(1, 1.0)]
    if IDLE_SIDE & set(chain):
        return [(3, 1.0)]
    if abs(count - 2.0) < 0.05:
        return [(0, 0.5), (2, 0.5)]
    if FAULT_SIDE & set(chain) or chain[-1:] == ["trap_entry"]:
        return [(0, 1.0)]
    return [(2, 1.0)]


def phase_breakdown(full, half, plugin, pages, out_dir):
    """Instructions per fault by phase: the difference between a run with
    `pages` faults and one with half as many, per instruction address."""
    a = pcprof_run(full, plugin, os.path.join(out_dir, "pcprof-full.out"))
    b = pcprof_run(half, plugin, os.path.join(out_dir, "pcprof-half.out"))
    n = pages - pages // 2
    diff = {pc: (a[pc] - b.get(pc, 0)) / n for pc in set(a) | set(b)}
    diff = {pc: d for pc, d in diff.items() if abs(d) > 0.001 and pc < 0xC0000000}
    kernel = [pc for pc in diff if pc >= 0x80200000]
    chains = inline_chains(full, kernel)
    totals = [0.0] * len(PHASES)
    for pc, d in diff.items():
        for i, share in phase_of(chains.get(pc, ["?"]), d, pc < 0x80000000):
            totals[i] += d * share
    with open(os.path.join(out_dir, "pagefault_phases.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["phase", "instructions_per_fault"])
        for name, v in zip(PHASES, totals):
            w.writerow([name, f"{v:.0f}"])
    path = sum(totals[:3])
    print(f"\npage-fault phases (instructions per fault; the fault path {path:.0f}):")
    for name, v in zip(PHASES, totals):
        print(f"  {name:<60} {v:8.0f}")


def write_pagefault_files(text, out_dir):
    costs = [int(x) for m in re.finditer(r"^PFCOSTS (.*)$", text, re.M) for x in m.group(1).split()]
    if not costs:
        return
    with open(os.path.join(out_dir, "pagefault.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["fault", "guest_instructions"])
        for i, c in enumerate(costs):
            w.writerow([i, c])
    png.histogram_png(os.path.join(out_dir, "pagefault.png"), costs)
    print(f"wrote {out_dir}/pagefault.csv and pagefault.png ({len(costs)} faults)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ktest-image", required=True)
    ap.add_argument("--recovery-image", required=True)
    ap.add_argument("--pagefault-image", required=True)
    ap.add_argument("--system-image", help="the system: fork, exec, file costs at the shell")
    ap.add_argument("--phase-images", nargs=2, metavar=("FULL", "HALF"),
                    help="pfbench reduced to its faults, 256 and 128 pages (phases)")
    ap.add_argument("--pcprof", help="the pcprof QEMU plugin (phases)")
    ap.add_argument("--out", default="build/bench")
    args = ap.parse_args()

    metrics, cmds = {}, {}
    os.makedirs(args.out, exist_ok=True)
    for image in (args.ktest_image, args.recovery_image, args.pagefault_image):
        cmd, text = run_image(image)
        if image == args.pagefault_image and not args.system_image:
            write_pagefault_files(text, args.out)
        for m in re.finditer(r"^PERF (\S+) (\d+)", text, re.M):
            # the page-fault test image's numbers: "pfimage_pagefault_..."
            name = ("pfimage_" if image == args.pagefault_image else "") + m.group(1)
            metrics[name] = int(m.group(2))
            cmds[name] = cmd
    if args.system_image:
        # utest's system calls and pfbench at the prompt after the idle loop
        # has had time to fill its pool of zeroed frames (warm: utest's
        # forks take frames too), and pfbench booted with prezero=0 (every
        # fault zeroes its frame: cold).
        runs = [("", "/test/utest perf", b"utest: perf done", "", 2.0),
                ("", "pfbench 256", b"pfbench: done", "", 1.0),
                ("cold_", "pfbench 256", b"pfbench: done", "prezero=0", 1.0)]
        for prefix, command, done, append, settle in runs:
            cmd, text = run_system(args.system_image, command, done, append, settle)
            if command.startswith("pfbench") and not prefix:
                write_pagefault_files(text, args.out)
            for m in re.finditer(r"^PERF (\S+) (\d+)", text, re.M):
                name = m.group(1)
                if prefix:
                    name = name.replace("pagefault_", "pagefault_" + prefix, 1)
                metrics[name] = int(m.group(2))
                cmds[name] = cmd
    if not metrics:
        print("bench: no PERF lines from the guest")
        return 1
    if args.pcprof and args.phase_images:
        phase_breakdown(args.phase_images[0], args.phase_images[1], args.pcprof, 256, args.out)
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
