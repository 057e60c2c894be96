#!/usr/bin/env python3
"""trace_compare.py ELF PREFIX: lock-step comparison of the RTL against QEMU.

Runs ELF on the RTL model (commit trace) and on QEMU's spike machine
(-singlestep -d exec,cpu,nochain: one register dump before every
instruction). From 0x80000000 on (the boot ROMs differ) it requires
  * the same sequence of program counters, and
  * for every RTL instruction that writes a register, the same value in
    QEMU's dump before the next instruction (CSR instructions excluded:
    counters and implementation-specific CSR bits differ).
Prints the first difference and exits 1 on failure. Env: SIM, QEMU.
"""
import os
import re
import subprocess
import sys

RAM = 0x80000000


def run_rtl(elf, pre):
    log = pre + ".rtl.log"
    rc = subprocess.call([os.environ["SIM"], "--quiet", "--max-cycles=5000000",
                          "--commit=" + log, elf],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    if rc != 0:
        sys.exit("RTL run failed (exit %d)" % rc)
    out = []
    with open(log) as f:
        for line in f:
            p = line.split()
            pc = int(p[0], 16)
            insn = int(p[1], 16)
            rd = val = None
            if len(p) >= 4 and p[2].startswith("x"):
                rd = int(p[2][1:])
                val = int(p[3], 16)
            if pc >= RAM:
                out.append((pc, insn, rd, val))
    return out


def run_qemu(elf, pre):
    log = pre + ".qemu.log"
    try:
        rc = subprocess.call([os.environ.get("QEMU", "qemu-system-riscv64"), "-machine", "spike",
                              "-cpu", "rv64,h=false,pmp=false", "-nographic", "-bios", "none",
                              "-kernel", elf, "-singlestep", "-d", "exec,cpu,nochain",
                              "-D", log],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, timeout=120)
    except subprocess.TimeoutExpired:
        sys.exit("QEMU timed out")
    if rc != 0:
        sys.exit("QEMU run failed (exit %d)" % rc)
    steps = []          # (pc, regs)
    reg_re = re.compile(r"x(\d+)/\S+\s+([0-9a-f]+)")
    pc = None
    regs = {}
    with open(log) as f:
        for line in f:
            if line.startswith("Trace "):
                if pc is not None:
                    steps.append((pc, regs))
                m = re.search(r"\[[0-9a-f]+/([0-9a-f]+)/", line)
                pc = int(m.group(1), 16)
                regs = {}
            elif line.startswith(" x"):
                for r, v in reg_re.findall(line):
                    regs[int(r)] = int(v, 16)
    if pc is not None:
        steps.append((pc, regs))
    return [s for s in steps if s[0] >= RAM]


def main():
    elf, pre = sys.argv[1], sys.argv[2]
    rtl = run_rtl(elf, pre)
    qemu = run_qemu(elf, pre)
    if len(rtl) < 10:
        sys.exit("RTL trace too short (%d)" % len(rtl))
    for i, (pc, insn, rd, val) in enumerate(rtl):
        if i >= len(qemu):
            sys.exit("QEMU trace ends at instruction %d; RTL continues at %x" % (i, pc))
        if qemu[i][0] != pc:
            sys.exit("PC differs at instruction %d: rtl %x, qemu %x" % (i, pc, qemu[i][0]))
        is_system = (insn & 0x7f) == 0x73
        if rd is not None and not is_system and i + 1 < len(qemu):
            q = qemu[i + 1][1].get(rd)
            if q != val:
                sys.exit("x%d differs after instruction %d (pc %x, insn %08x): rtl %016x, qemu %s"
                         % (rd, i, pc, insn, val, "%016x" % q if q is not None else "?"))
    if len(qemu) != len(rtl):
        sys.exit("QEMU ran %d instructions, RTL %d" % (len(qemu), len(rtl)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
