#!/usr/bin/env python3
"""irq_compare.py PLAIN.elf IRQ.elf PREFIX: precise-interrupt check.

Both ELFs hold the same random program (gen_random.py); IRQ.elf also takes a
machine timer interrupt every few dozen cycles. Runs both on the RTL and
requires the same sequence of (pc, register, value) writes between the
symbols body_start and body_end (an interrupted instruction must not
commit, and must commit exactly once after mret), plus at least 20
interrupts taken. Env: SIM, CROSS (binutils prefix for nm).
"""
import os
import subprocess
import sys


def symbols(elf):
    nm = os.environ.get("CROSS", "riscv64-unknown-elf-") + "nm"
    syms = {}
    for line in subprocess.check_output([nm, elf], text=True).splitlines():
        p = line.split()
        if len(p) == 3:
            syms[p[2]] = int(p[0], 16)
    return syms


def run(elf, log):
    rc = subprocess.call([os.environ["SIM"], "--quiet", "--max-cycles=5000000",
                          "--commit=" + log, elf], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if rc != 0:
        sys.exit("%s: simulator exit %d" % (elf, rc))
    recs = []
    with open(log) as f:
        for line in f:
            p = line.split()
            recs.append((int(p[0], 16), p[2] if len(p) >= 4 else "", p[3] if len(p) >= 4 else "",
                         "trap" in p))
    return recs


def body(recs, syms):
    lo, hi = syms["body_start"], syms["body_end"]
    return [r[:3] for r in recs if lo <= r[0] < hi]


def main():
    plain, irq, pre = sys.argv[1:4]
    a = run(plain, pre + ".plain.log")
    b = run(irq, pre + ".irq.log")
    sa, sb = symbols(plain), symbols(irq)
    if sa["body_start"] != sb["body_start"] or sa["body_end"] != sb["body_end"]:
        sys.exit("the two programs are not laid out alike")
    handler = sb["irq_handler"]
    taken = sum(1 for r in b if r[0] == handler)
    if taken < 20:
        sys.exit("only %d interrupts taken" % taken)
    ba, bb = body(a, sa), body(b, sb)
    for i, (x, y) in enumerate(zip(ba, bb)):
        if x != y:
            sys.exit("record %d differs: plain %x %s %s, with interrupts %x %s %s (%d interrupts)"
                     % (i, x[0], x[1], x[2], y[0], y[1], y[2], taken))
    if len(ba) != len(bb):
        sys.exit("plain run commits %d body instructions, interrupted run %d" % (len(ba), len(bb)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
