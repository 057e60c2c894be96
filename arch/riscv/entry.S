/* Kernel entry from OpenSBI.
   _start: S-mode, MMU off, interrupts off; a0 = hart id, a1 = device tree
   physical address. Sets gp, sp, clears .bss, installs the trap vector, and
   calls kmain(hartid, dtb), which does not return. */
#include "trapframe.h"

    .section .text.entry, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, __stack_top
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  csrw    sscratch, zero          /* 0 = "we are in the kernel" */
    la      t0, trap_entry
    csrw    stvec, t0               /* direct mode: low bits 0 */
    call    kmain
3:  wfi                             /* kmain never returns; just in case */
    j       3b
