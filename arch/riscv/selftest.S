/* arch_selftest_trap_regs(a0 = &counter): loads a distinct pattern into
   every register except zero, sp, gp, tp (the trap path relies on those)
   and t0-t2 (the loop's own), spins until an interrupt handler changes
   *counter, and checks every pattern survived.
   Returns a0 = 0, or the number of the first clobbered register. Saves and
   restores the callee-saved registers it uses. */
#define PATTERN(n) (0x5a5a000000000000 + (n) * 0x0101010101)

    .text
    .globl arch_selftest_trap_regs
arch_selftest_trap_regs:
    addi    sp, sp, -112
    sd      ra, 0(sp)
    .irp n, 8,9
    sd      x\n, (\n - 7) * 8(sp)
    .endr
    .irp n, 18,19,20,21,22,23,24,25,26,27
    sd      x\n, (\n - 15) * 8(sp)
    .endr
    mv      t0, a0                  /* x5 = &counter */
    ld      t1, 0(t0)               /* x6 = its value now */
    li      x1, PATTERN(1)
    .irp n, 8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    li      x\n, PATTERN(\n)
    .endr
1:  ld      t2, 0(t0)               /* x7: wait for the interrupt */
    beq     t1, t2, 1b
    li      t1, PATTERN(1)
    li      t0, 1
    bne     x1, t1, .Lbad
    .irp n, 8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    li      t1, PATTERN(\n)
    li      t0, \n
    bne     x\n, t1, .Lbad
    .endr
    li      t0, 0
.Lbad:
    mv      a0, t0
    ld      ra, 0(sp)
    .irp n, 8,9
    ld      x\n, (\n - 7) * 8(sp)
    .endr
    .irp n, 18,19,20,21,22,23,24,25,26,27
    ld      x\n, (\n - 15) * 8(sp)
    .endr
    addi    sp, sp, 112
    ret
