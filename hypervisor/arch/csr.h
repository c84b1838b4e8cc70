/* CSR access and the H-extension instructions (binutils needs `.option arch, +h` for them:
 * gcc 12 takes no "h" in -march). */
#ifndef HV_ARCH_CSR_H
#define HV_ARCH_CSR_H

#include <stdint.h>

#define HV_STR_(x) #x
#define HV_STR(x) HV_STR_(x)
#define csr_read(csr) ({ uint64_t v_; __asm__ volatile("csrr %0, " HV_STR(csr) : "=r"(v_)); v_; })
#define csr_write(csr, val) __asm__ volatile("csrw " HV_STR(csr) ", %0" :: "rK"((uint64_t)(val)) : "memory")
#define csr_set(csr, bits) __asm__ volatile("csrs " HV_STR(csr) ", %0" :: "rK"((uint64_t)(bits)) : "memory")
#define csr_clear(csr, bits) __asm__ volatile("csrc " HV_STR(csr) ", %0" :: "rK"((uint64_t)(bits)) : "memory")

/* sstatus / hstatus / interrupt bits (privileged spec, H chapter). */
#define SSTATUS_SIE   (1UL << 1)
#define SSTATUS_SPIE  (1UL << 5)
#define SSTATUS_SPP   (1UL << 8)
#define HSTATUS_GVA   (1UL << 6)
#define HSTATUS_SPV   (1UL << 7)
#define HSTATUS_SPVP  (1UL << 8)
#define HSTATUS_HU    (1UL << 9)
#define HSTATUS_VTVM  (1UL << 20)
#define HSTATUS_VTW   (1UL << 21)
#define HSTATUS_VTSR  (1UL << 22)
#define HSTATUS_VSXL_64 (2UL << 32)
#define IRQ_S_TIMER   5
#define IRQ_VS_SOFT   2
#define IRQ_VS_TIMER  6
#define IRQ_VS_EXT    10
#define SIE_STIE      (1UL << IRQ_S_TIMER)
#define HVIP_VSTIP    (1UL << IRQ_VS_TIMER)
#define HENVCFG_STCE  (1UL << 63)
#define CAUSE_INTERRUPT (1UL << 63)

/* Exception causes. */
#define EXC_INSN_MISALIGNED   0
#define EXC_INSN_ACCESS       1
#define EXC_ILLEGAL_INSN      2
#define EXC_BREAKPOINT        3
#define EXC_LOAD_MISALIGNED   4
#define EXC_LOAD_ACCESS       5
#define EXC_STORE_MISALIGNED  6
#define EXC_STORE_ACCESS      7
#define EXC_ECALL_U           8
#define EXC_ECALL_VS         10
#define EXC_INSN_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15
#define EXC_INSN_GUEST_PF    20
#define EXC_LOAD_GUEST_PF    21
#define EXC_VIRTUAL_INSN     22
#define EXC_STORE_GUEST_PF   23

static inline void hfence_gvma_vmid(uint64_t vmid)
{
    __asm__ volatile(".option push\n.option arch, +h\nhfence.gvma zero, %0\n.option pop"
                     :: "r"(vmid) : "memory");
}

static inline void hfence_gvma_all(void)
{
    __asm__ volatile(".option push\n.option arch, +h\nhfence.gvma zero, zero\n.option pop"
                     ::: "memory");
}

static inline void hfence_vvma_all(void)
{
    __asm__ volatile(".option push\n.option arch, +h\nhfence.vvma zero, zero\n.option pop"
                     ::: "memory");
}

/* HLVX.HU: a halfword of guest code at guest-virtual addr, as the guest would fetch it
 * (hstatus.SPVP gives the privilege). May trap: call through hv_guest_fetch16(). */
static inline uint64_t hlvx_hu(uint64_t addr)
{
    uint64_t v;
    __asm__ volatile(".option push\n.option arch, +h\nhlvx.hu %0, (%1)\n.option pop"
                     : "=r"(v) : "r"(addr) : "memory");
    return v;
}

#endif
