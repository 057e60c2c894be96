/* Entry of every user program. The kernel starts _start with sp at the top
   of the stack and a0 = the process's own endpoint. Calls main(ep) and
   exits with its return value. */
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    call    main
    call    sys_exit
1:  j       1b
