#!/usr/bin/env python3
"""gen_random.py SEED OUT.S [IRQ_PERIOD | vm [IRQ_PERIOD]]: writes a random,
deterministic RV64IMAC test program.

The program initialises the registers with random values and then runs a
straight-line mix of ALU, M, load/store, AMO/LR/SC and compressed
instructions with forward branches and jumps; source registers are biased
towards the most recently written ones to exercise forwarding and hazards.
It has no self-checks: trace_compare.py runs it in lock step against QEMU
(PCs and every register write). sp (data buffer), gp (test number) and tp
(AMO address) are never written; x31 counts the short backward loops
(2 to 4 iterations) that exercise the taken-branch prediction.

With IRQ_PERIOD (cycles) the same program (same seed, same instructions
between body_start and body_end) also takes a machine timer interrupt every
IRQ_PERIOD cycles; the handler preserves every register. irq_compare.py
checks that both versions write the same registers with the same values.

With "vm" the program runs in S-mode under Sv39 (identity 4 KiB pages with
A/D preset) and its loads/stores spread over three data pages through sp,
x26 and x27, so the DTLB (looked up in EX for early accesses, or in MEM)
and the walker are exercised; it is compared with QEMU like the others.
"vm PERIOD" adds the timer interrupts (taken in M-mode from S-mode).
"""
import random
import sys

WRITABLE = [1] + list(range(5, 31))   # x31: loop counter
PRIME = list(range(8, 16))


def main():
    seed = int(sys.argv[1])
    vm = len(sys.argv) > 3 and sys.argv[3] == "vm"
    if vm:
        period = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    else:
        period = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    rnd = random.Random(seed)
    writable = [r for r in WRITABLE if not (vm and r in (26, 27))]
    bases = ["sp", "x26", "x27"] if vm else ["sp"]
    out = []
    emit = out.append
    recent = []

    def src():
        if recent and rnd.random() < 0.5:
            return rnd.choice(recent[-3:])
        return rnd.choice([0] + writable)

    def dst(regs=None):
        regs = regs or writable
        r = rnd.choice(regs)
        recent.append(r)
        return r

    def psrc():
        cand = [r for r in recent[-3:] if r in PRIME]
        if cand and rnd.random() < 0.5:
            return rnd.choice(cand)
        return rnd.choice(PRIME)

    emit('#include "test.h"')
    emit("TEST_BEGIN")
    if vm:
        emit("    la sp, rbuf + 2048")
        emit("    la x26, rbuf + 6144")
        emit("    la x27, rbuf + 10240")
    else:
        emit("    la sp, rbuf")
    emit("    la tp, ramo")
    emit("    call irq_setup")   # in .text, so both variants share this layout
    for r in writable:
        emit("    li x%d, 0x%016x" % (r, rnd.getrandbits(64)))
    emit("    .option norvc")
    emit("body_start:")
    pending = []      # (instructions left, label)
    label = 0
    n = 0
    loop_left = 0     # instructions left in the current loop body
    loop_name = ""
    while n < 1500:
        if loop_left == 1:
            emit("    addi x31, x31, -1")
            emit("    bnez x31, %s" % loop_name)
            loop_left = 0
        elif loop_left > 1:
            loop_left -= 1
        elif rnd.random() < 0.03:
            # no branch from before the loop may land inside it
            for p in pending:
                emit("%s:" % p[1])
            pending = []
            label += 1
            loop_name = "LOOP%d" % label
            loop_left = rnd.randrange(3, 8)
            emit("    li x31, %d" % rnd.randrange(2, 5))
            emit("%s:" % loop_name)
        for p in list(pending):
            p[0] -= 1
            if p[0] <= 0:
                emit("%s:" % p[1])
                pending.remove(p)
        k = rnd.random()
        if k < 0.25:
            op = rnd.choice(["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
                             "addw", "subw", "sllw", "srlw", "sraw"])
            a, b = src(), src()
            emit("    %s x%d, x%d, x%d" % (op, dst(), a, b))
        elif k < 0.42:
            op = rnd.choice(["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw",
                             "slli", "srli", "srai", "slliw", "srliw", "sraiw"])
            a = src()
            if op in ("slli", "srli", "srai"):
                imm = rnd.randrange(64)
            elif op.endswith("iw") and op != "addiw":
                imm = rnd.randrange(32)
            else:
                imm = rnd.randrange(-2048, 2048)
            emit("    %s x%d, x%d, %d" % (op, dst(), a, imm))
        elif k < 0.45:
            emit("    %s x%d, 0x%x" % (rnd.choice(["lui", "auipc"]), dst(), rnd.randrange(1 << 20)))
        elif k < 0.48:
            op = rnd.choice(["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
                             "mulw", "divw", "divuw", "remw", "remuw"])
            a, b = src(), src()
            emit("    %s x%d, x%d, x%d" % (op, dst(), a, b))
        elif k < 0.60:
            op, size = rnd.choice([("ld", 8), ("lw", 4), ("lwu", 4), ("lh", 2), ("lhu", 2),
                                   ("lb", 1), ("lbu", 1)])
            lo = -2048 // size if vm else 0
            emit("    %s x%d, %d(%s)" % (op, dst(), rnd.randrange(lo, 2048 // size) * size,
                                         rnd.choice(bases)))
        elif k < 0.70:
            op, size = rnd.choice([("sd", 8), ("sw", 4), ("sh", 2), ("sb", 1)])
            lo = -2048 // size if vm else 0
            emit("    %s x%d, %d(%s)" % (op, src(), rnd.randrange(lo, 2048 // size) * size,
                                         rnd.choice(bases)))
        elif k < 0.73:
            w = rnd.choice(["w", "d"])
            op = rnd.choice(["amoadd", "amoswap", "amoxor", "amoand", "amoor", "amomin",
                             "amomax", "amominu", "amomaxu"])
            off = rnd.randrange(4) * 8
            b = src()
            emit("    addi tp, tp, %d" % off)
            emit("    %s.%s x%d, x%d, (tp)" % (op, w, dst(), b))
            emit("    addi tp, tp, %d" % -off)
        elif k < 0.75:
            w = rnd.choice(["w", "d"])
            emit("    lr.%s x%d, (tp)" % (w, dst()))
            if rnd.random() < 0.3:
                a, b = src(), src()
                emit("    add x%d, x%d, x%d" % (dst(), a, b))
            b = src()
            emit("    sc.%s x%d, x%d, (tp)" % (w, dst(), b))
        elif k < 0.90:
            # compressed
            emit("    .option rvc")
            c = rnd.randrange(14)
            if c == 0:
                emit("    c.addi x%d, %d" % (dst(), rnd.choice([i for i in range(-32, 32) if i])))
            elif c == 1:
                emit("    c.li x%d, %d" % (dst(), rnd.randrange(-32, 32)))
            elif c == 2:
                emit("    c.lui x%d, %d" % (dst([r for r in writable if r != 2]),
                                            rnd.choice(list(range(1, 32)) + list(range(0xfffe0, 0x100000)))))
            elif c == 3:
                a = rnd.choice(recent[-3:] if recent else writable)
                emit("    c.mv x%d, x%d" % (dst(), a))
            elif c == 4:
                a = rnd.choice(recent[-3:] if recent else writable)
                emit("    c.add x%d, x%d" % (dst(), a))
            elif c == 5:
                emit("    c.slli x%d, %d" % (dst(), rnd.randrange(1, 64)))
            elif c in (6, 7, 8):
                op = ["c.srli", "c.srai", "c.andi"][c - 6]
                r = psrc()
                recent.append(r)
                imm = rnd.randrange(1, 64) if op != "c.andi" else rnd.randrange(-32, 32)
                emit("    %s x%d, %d" % (op, r, imm))
            elif c == 9:
                op = rnd.choice(["c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw"])
                a, b = psrc(), psrc()
                recent.append(a)
                emit("    %s x%d, x%d" % (op, a, b))
            elif c == 10:
                emit("    c.addiw x%d, %d" % (dst(), rnd.randrange(-32, 32)))
            elif c == 11:
                emit("    c.ldsp x%d, %d(sp)" % (dst(), rnd.randrange(64) * 8))
            elif c == 12:
                emit("    c.sdsp x%d, %d(sp)" % (src() or 1, rnd.randrange(64) * 8))
            else:
                emit("    c.lwsp x%d, %d(sp)" % (dst(), rnd.randrange(64) * 4))
            emit("    .option norvc")
        elif k < 0.97:
            label += 1
            name = "L%d" % label
            op = rnd.choice(["beq", "bne", "blt", "bge", "bltu", "bgeu"])
            a, b = src(), src()
            emit("    %s x%d, x%d, %s" % (op, a, b, name))
            pending.append([rnd.randrange(1, 5), name])
        elif loop_left == 0 and not pending and k < 0.985:
            # call and return: jal ra, F; R: j E; F: ...; ret (the return
            # address stack predicts it); sometimes a return through t0 to an
            # address the stack does not hold (mispredicted)
            label += 1
            f, e = "F%d" % label, "E%d" % label
            link = rnd.choice([1, 5])
            emit("    jal x%d, %s" % (link, f))
            emit("    j %s" % e)
            emit("%s:" % f)
            for _ in range(rnd.randrange(1, 4)):
                op = rnd.choice(["add", "xor", "sub", "or"])
                r = rnd.choice([x for x in writable if x != link])
                a, b = src(), src()
                recent.append(r)
                emit("    %s x%d, x%d, x%d" % (op, r, a, b))
            if rnd.random() < 0.2:
                emit("    la x%d, %s" % (link, e))
            emit("    jalr x0, 0(x%d)" % link)
            emit("%s:" % e)
        elif loop_left == 0:
            label += 1
            name = "L%d" % label
            emit("    jal x%d, %s" % (dst(), name))
            pending.append([rnd.randrange(1, 4), name])
        n += 1
    for p in pending:
        emit("%s:" % p[1])
    emit("body_end:")
    if not vm:
        emit("    csrci mstatus, 8")
    emit("    j pass")
    emit("    .text")
    emit("irq_setup:")
    if period:
        emit("    la t0, irq_handler")
        emit("    csrw mtvec, t0")
        emit("    la t0, irq_save")
        emit("    csrw mscratch, t0")
        emit("    li t1, 0x200bff8")
        emit("    ld t2, 0(t1)")
        emit("    addi t2, t2, %d" % period)
        emit("    li t1, 0x2004000")
        emit("    sd t2, 0(t1)")
        emit("    li t0, 0x80")
        emit("    csrw mie, t0")
        emit("    csrsi mstatus, 8")
    if vm:
        # identity map of the first 256 KiB of RAM with 4 KiB pages, then
        # return to the caller in S-mode with translation on
        emit("    la t0, pt_l2")
        emit("    la t1, pt_l1")
        emit("    srli t2, t1, 12")
        emit("    slli t2, t2, 10")
        emit("    ori t2, t2, 1")
        emit("    sd t2, 16(t0)")
        emit("    la t3, pt_l0")
        emit("    srli t2, t3, 12")
        emit("    slli t2, t2, 10")
        emit("    ori t2, t2, 1")
        emit("    sd t2, 0(t1)")
        emit("    li t4, ((0x80000000 >> 12) << 10) | 0xcf")
        emit("    li t5, 64")
        emit("    li t6, 1 << 10")
        emit("1:  sd t4, 0(t3)")
        emit("    add t4, t4, t6")
        emit("    addi t3, t3, 8")
        emit("    addi t5, t5, -1")
        emit("    bnez t5, 1b")
        emit("    srli t0, t0, 12")
        emit("    li t1, 8 << 60")
        emit("    or t0, t0, t1")
        emit("    csrw satp, t0")
        emit("    sfence.vma")
        emit("    li t0, 3 << 11")
        emit("    csrc mstatus, t0")
        emit("    li t0, 1 << 11")
        emit("    csrs mstatus, t0")
        emit("    csrw mepc, ra")
        emit("    mret")
    else:
        emit("    ret")
    if period:
        # .balign under norvc gets no linker fix-up after relaxation: use rvc here
        emit("    .option rvc")
        emit("    .balign 4")
        emit("    .option norvc")
        emit("irq_handler:")
        emit("    csrrw t0, mscratch, t0")
        emit("    sd t1, 0(t0)")
        emit("    sd t2, 8(t0)")
        emit("    ld t1, 16(t0)")
        emit("    addi t1, t1, 1")
        emit("    sd t1, 16(t0)")
        emit("    li t1, 0x200bff8")            # re-arm last: the body gets
        emit("    ld t2, 0(t1)")                # about `period` cycles
        emit("    addi t2, t2, %d" % period)
        emit("    li t1, 0x2004000")
        emit("    sd t2, 0(t1)")
        emit("    ld t1, 0(t0)")
        emit("    ld t2, 8(t0)")
        emit("    csrrw t0, mscratch, t0")
        emit("    mret")
        emit("irq_handler_end:")
    emit("TEST_END")
    emit("    .data")
    emit("    .balign 4096")
    emit("rbuf:")
    for _ in range(1536 if vm else 256):
        emit("    .dword 0x%016x" % rnd.getrandbits(64))
    emit("irq_save: .dword 0, 0, 0")
    emit("ramo:")
    for _ in range(4):
        emit("    .dword 0x%016x" % rnd.getrandbits(64))
    if vm:
        emit("    .balign 4096")
        for t in ("pt_l2", "pt_l1", "pt_l0"):
            emit("%s: .fill 512, 8, 0" % t)
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
