// RISC-V control and status register access: one static inline per CSR
// operation the kernel uses, so all inline assembly lives here. Bit names
// follow the Privileged Spec v1.12, "Supervisor-Level CSRs".
#pragma once

#include <stdint.h>

enum {
    SSTATUS_SIE = 1ull << 1,   // S-mode interrupts enabled
    SSTATUS_SPIE = 1ull << 5,  // SIE before the trap
    SSTATUS_SPP = 1ull << 8,   // previous mode was S (else U)
    SSTATUS_FS = 3ull << 13,   // floating-point state (we keep it Off)
    SSTATUS_SUM = 1ull << 18,  // S-mode may access U pages
    SSTATUS_MXR = 1ull << 19,  // loads from execute-only pages allowed
};

enum {
    SIE_SSIE = 1ull << 1,  // supervisor software interrupt enable
    SIE_STIE = 1ull << 5,  // supervisor timer interrupt enable
    SIE_SEIE = 1ull << 9,  // supervisor external interrupt enable
};

enum { SATP_MODE_SV39 = 8ull << 60 };

#define CSR_READ_FN(name)                                                                        \
    static inline uint64_t csr_read_##name(void)                                                 \
    {                                                                                            \
        uint64_t v;                                                                              \
        __asm__ volatile("csrr %0, " #name : "=r"(v));                                           \
        return v;                                                                                \
    }
#define CSR_WRITE_FN(name)                                                                       \
    static inline void csr_write_##name(uint64_t v)                                              \
    {                                                                                            \
        __asm__ volatile("csrw " #name ", %0" ::"r"(v) : "memory");                              \
    }
#define CSR_SETCLEAR_FN(name)                                                                    \
    static inline void csr_set_##name(uint64_t bits)                                             \
    {                                                                                            \
        __asm__ volatile("csrs " #name ", %0" ::"r"(bits) : "memory");                           \
    }                                                                                            \
    static inline void csr_clear_##name(uint64_t bits)                                           \
    {                                                                                            \
        __asm__ volatile("csrc " #name ", %0" ::"r"(bits) : "memory");                           \
    }

CSR_READ_FN(sstatus)
CSR_WRITE_FN(sstatus)
CSR_SETCLEAR_FN(sstatus)
CSR_READ_FN(sie)
CSR_SETCLEAR_FN(sie)
CSR_READ_FN(sip)
CSR_READ_FN(scause)
CSR_READ_FN(stval)
CSR_READ_FN(sepc)
CSR_WRITE_FN(stvec)
CSR_WRITE_FN(sscratch)
CSR_READ_FN(satp)
CSR_WRITE_FN(satp)
CSR_READ_FN(time)
CSR_READ_FN(instret)
CSR_READ_FN(cycle)
CSR_WRITE_FN(scounteren)

// stimecmp (Sstc, CSR 0x14d): named by number so older assemblers accept it.
static inline void
csr_write_stimecmp(uint64_t v)
{
    __asm__ volatile("csrw 0x14d, %0" ::"r"(v) : "memory");
}

static inline void
sfence_vma_all(void)
{
    __asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

static inline void
sfence_vma_addr(uint64_t va)
{
    __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

static inline void
wfi(void)
{
    __asm__ volatile("wfi" ::: "memory");
}
