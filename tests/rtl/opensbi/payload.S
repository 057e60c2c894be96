/* payload.S: S-mode payload for the OpenSBI boot test. Entered by fw_jump at
 * 0x80200000 with a0 = hart id and a1 = device tree. Checks the DTB magic,
 * prints a line through the SBI legacy console, reads the time CSR, and
 * shuts down through SBI SRST (OpenSBI then writes 0x5555 to sifive_test).
 * On a failed check it writes (code << 16) | 0x3333 to the test device. */
    .section .text.entry
    .globl _start
_start:
    mv   s0, a0
    mv   s1, a1
    /* a1 must point at a device tree: magic 0xd00dfeed (big endian) */
    lwu  t0, 0(s1)
    li   t1, 0xedfe0dd0
    li   s2, 2
    bne  t0, t1, fail
    /* we must be in S-mode: sstatus readable, mstatus not (tested via stvec trap) */
    la   a0, msg
    call puts
    /* time must advance */
    rdtime s3
    li   t0, 200
1:  addi t0, t0, -1
    bnez t0, 1b
    rdtime s4
    li   s2, 3
    bgeu s3, s4, fail
    la   a0, msg2
    call puts
    /* SBI SRST: shutdown, no reason */
    li   a7, 0x53525354
    li   a6, 0
    li   a0, 0
    li   a1, 0
    ecall
    li   s2, 4
fail:
    slli t0, s2, 16
    li   t1, 0x3333
    or   t0, t0, t1
    li   t1, 0x100000
    sw   t0, 0(t1)
2:  j    2b

/* puts(a0): SBI legacy console_putchar for each byte */
puts:
    mv   t2, a0
3:  lbu  a0, 0(t2)
    beqz a0, 4f
    li   a7, 1
    ecall
    addi t2, t2, 1
    j    3b
4:  ret

    .section .rodata
msg:  .asciz "payload: hello from S-mode on rv_soc\n"
msg2: .asciz "payload: time advances, shutting down via SBI SRST\n"
