/* Fault-catching memory probes. Each access that may fault has an entry
   (faulting pc, resume pc) in .fixup_table; trap_from_kernel resumes a
   faulting access at its resume pc with a0 = 0.
   arch_probe_read(a0 = va, a1 = &val) -> a0 = 1 ok, 0 faulted
   arch_probe_write(a0 = va, a1 = val) -> a0 = 1 ok, 0 faulted
   Clobber only a0, a2 (caller-saved). */
    .text
    .globl arch_probe_read
arch_probe_read:
.Lread_pc:
    ld      a2, 0(a0)
    sd      a2, 0(a1)
    li      a0, 1
    ret
    .globl arch_probe_write
arch_probe_write:
.Lwrite_pc:
    sd      a1, 0(a0)
    li      a0, 1
    ret
.Lfault:
    li      a0, 0
    ret

    .section .fixup_table, "a"
    .balign 8
    .dword  .Lread_pc, .Lfault
    .dword  .Lwrite_pc, .Lfault
