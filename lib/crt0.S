/* Entry of every user program. Boot processes start with sp at the top of
   an empty stack; programs started by exec have sp at their frame (argc,
   argv, NULL, envp, NULL, strings). Sets gp and tp (the thread pointer
   points at the program's one TLS block, which holds errno), then hands sp
   to __mirv_start (lib/start.c), which calls main and exits. */
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      tp, __tls_base
    mv      a0, sp
    andi    sp, sp, -16
    call    __mirv_start
1:  j       1b
