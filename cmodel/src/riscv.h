/* Architectural constants from the RISC-V privileged and unprivileged specifications. */
#ifndef MK_RISCV_H
#define MK_RISCV_H

#include <stdint.h>

/* Exception causes (mcause with the interrupt bit clear). */
enum {
    MK_CAUSE_MISALIGNED_FETCH = 0,
    MK_CAUSE_FETCH_ACCESS = 1,
    MK_CAUSE_ILLEGAL_INSN = 2,
    MK_CAUSE_BREAKPOINT = 3,
    MK_CAUSE_MISALIGNED_LOAD = 4,
    MK_CAUSE_LOAD_ACCESS = 5,
    MK_CAUSE_MISALIGNED_STORE = 6,
    MK_CAUSE_STORE_ACCESS = 7,
    MK_CAUSE_ECALL_U = 8,
    MK_CAUSE_ECALL_S = 9,
    MK_CAUSE_ECALL_VS = 10,
    MK_CAUSE_ECALL_M = 11,
    MK_CAUSE_FETCH_PAGE_FAULT = 12,
    MK_CAUSE_LOAD_PAGE_FAULT = 13,
    MK_CAUSE_STORE_PAGE_FAULT = 15,
    MK_CAUSE_FETCH_GUEST_PAGE_FAULT = 20,
    MK_CAUSE_LOAD_GUEST_PAGE_FAULT = 21,
    MK_CAUSE_VIRTUAL_INSN = 22,
    MK_CAUSE_STORE_GUEST_PAGE_FAULT = 23,
};

/* Interrupt numbers (mcause with the interrupt bit set; bit positions in mip/mie). */
enum {
    MK_IRQ_SSI = 1, MK_IRQ_VSSI = 2, MK_IRQ_MSI = 3,
    MK_IRQ_STI = 5, MK_IRQ_VSTI = 6, MK_IRQ_MTI = 7,
    MK_IRQ_SEI = 9, MK_IRQ_VSEI = 10, MK_IRQ_MEI = 11,
    MK_IRQ_SGEI = 12,
};
#define MK_MIP_SSIP (1ULL << MK_IRQ_SSI)
#define MK_MIP_MSIP (1ULL << MK_IRQ_MSI)
#define MK_MIP_STIP (1ULL << MK_IRQ_STI)
#define MK_MIP_MTIP (1ULL << MK_IRQ_MTI)
#define MK_MIP_SEIP (1ULL << MK_IRQ_SEI)
#define MK_MIP_MEIP (1ULL << MK_IRQ_MEI)
#define MK_CAUSE_INTERRUPT (1ULL << 63)

/* mstatus fields. */
#define MK_MSTATUS_SIE   (1ULL << 1)
#define MK_MSTATUS_MIE   (1ULL << 3)
#define MK_MSTATUS_SPIE  (1ULL << 5)
#define MK_MSTATUS_UBE   (1ULL << 6)
#define MK_MSTATUS_MPIE  (1ULL << 7)
#define MK_MSTATUS_SPP   (1ULL << 8)
#define MK_MSTATUS_VS    (3ULL << 9)
#define MK_MSTATUS_MPP_SHIFT 11
#define MK_MSTATUS_MPP   (3ULL << 11)
#define MK_MSTATUS_FS    (3ULL << 13)
#define MK_MSTATUS_XS    (3ULL << 15)
#define MK_MSTATUS_MPRV  (1ULL << 17)
#define MK_MSTATUS_SUM   (1ULL << 18)
#define MK_MSTATUS_MXR   (1ULL << 19)
#define MK_MSTATUS_TVM   (1ULL << 20)
#define MK_MSTATUS_TW    (1ULL << 21)
#define MK_MSTATUS_TSR   (1ULL << 22)
#define MK_MSTATUS_UXL_SHIFT 32
#define MK_MSTATUS_UXL   (3ULL << 32)
#define MK_MSTATUS_SXL_SHIFT 34
#define MK_MSTATUS_SXL   (3ULL << 34)
#define MK_MSTATUS_SBE   (1ULL << 36)
#define MK_MSTATUS_MBE   (1ULL << 37)
#define MK_MSTATUS_GVA   (1ULL << 38)
#define MK_MSTATUS_MPV   (1ULL << 39)
#define MK_MSTATUS_SD    (1ULL << 63)

/* hstatus fields. */
#define MK_HSTATUS_VSBE  (1ULL << 5)
#define MK_HSTATUS_GVA   (1ULL << 6)
#define MK_HSTATUS_SPV   (1ULL << 7)
#define MK_HSTATUS_SPVP  (1ULL << 8)
#define MK_HSTATUS_HU    (1ULL << 9)
#define MK_HSTATUS_VGEIN_SHIFT 12
#define MK_HSTATUS_VTVM  (1ULL << 20)
#define MK_HSTATUS_VTW   (1ULL << 21)
#define MK_HSTATUS_VTSR  (1ULL << 22)
#define MK_HSTATUS_VSXL_SHIFT 32

/* VS-level interrupt bits in mip/mie (and hip/hie/hvip). */
#define MK_MIP_VSSIP (1ULL << MK_IRQ_VSSI)
#define MK_MIP_VSTIP (1ULL << MK_IRQ_VSTI)
#define MK_MIP_VSEIP (1ULL << MK_IRQ_VSEI)
#define MK_MIP_SGEIP (1ULL << MK_IRQ_SGEI)

/* hgatp. */
#define MK_HGATP_MODE_SV39X4 8ULL
#define MK_HGATP_VMID_SHIFT 44
#define MK_VMID_BITS 14     /* implemented VMID width (the maximum for Sv39x4 on RV64) */

/* Pseudo-instructions written to htinst/mtinst for guest-page faults on implicit VS-stage
 * page-table accesses (hypervisor.adoc, "Transformed instruction or pseudoinstruction"). */
#define MK_TINST_PT_READ_64  0x00003000ULL
#define MK_TINST_PT_WRITE_64 0x00003020ULL

/* menvcfg (Sstc). */
#define MK_MENVCFG_STCE (1ULL << 63)

/* satp. */
#define MK_SATP_MODE_SHIFT 60
#define MK_SATP_MODE_BARE 0ULL
#define MK_SATP_MODE_SV39 8ULL
#define MK_SATP_ASID_SHIFT 44
#define MK_SATP_ASID_MASK 0xFFFFULL
#define MK_SATP_PPN_MASK ((1ULL << 44) - 1)
#define MK_ASID_BITS 16     /* implemented ASID width; see docs/isa.md */

/* Page-table entry bits. */
#define MK_PTE_V (1u << 0)
#define MK_PTE_R (1u << 1)
#define MK_PTE_W (1u << 2)
#define MK_PTE_X (1u << 3)
#define MK_PTE_U (1u << 4)
#define MK_PTE_G (1u << 5)
#define MK_PTE_A (1u << 6)
#define MK_PTE_D (1u << 7)
#define MK_PTE_PPN_SHIFT 10
#define MK_PTE_PPN_MASK ((1ULL << 44) - 1)

/* PMP configuration byte. */
#define MK_PMP_R 0x01u
#define MK_PMP_W 0x02u
#define MK_PMP_X 0x04u
#define MK_PMP_A_SHIFT 3
#define MK_PMP_A_MASK 0x18u
#define MK_PMP_A_OFF 0u
#define MK_PMP_A_TOR 1u
#define MK_PMP_A_NA4 2u
#define MK_PMP_A_NAPOT 3u
#define MK_PMP_L 0x80u
#define MK_PMP_ENTRIES 16

/* CSR addresses. */
enum {
    MK_CSR_SSTATUS = 0x100, MK_CSR_SIE = 0x104, MK_CSR_STVEC = 0x105, MK_CSR_SCOUNTEREN = 0x106,
    MK_CSR_SENVCFG = 0x10A,
    MK_CSR_SSCRATCH = 0x140, MK_CSR_SEPC = 0x141, MK_CSR_SCAUSE = 0x142, MK_CSR_STVAL = 0x143,
    MK_CSR_SIP = 0x144, MK_CSR_STIMECMP = 0x14D,
    MK_CSR_SATP = 0x180,
    MK_CSR_MSTATUS = 0x300, MK_CSR_MISA = 0x301, MK_CSR_MEDELEG = 0x302, MK_CSR_MIDELEG = 0x303,
    MK_CSR_MIE = 0x304, MK_CSR_MTVEC = 0x305, MK_CSR_MCOUNTEREN = 0x306, MK_CSR_MENVCFG = 0x30A,
    MK_CSR_MCOUNTINHIBIT = 0x320, MK_CSR_MHPMEVENT3 = 0x323, MK_CSR_MHPMEVENT31 = 0x33F,
    MK_CSR_MSCRATCH = 0x340, MK_CSR_MEPC = 0x341, MK_CSR_MCAUSE = 0x342, MK_CSR_MTVAL = 0x343,
    MK_CSR_MIP = 0x344, MK_CSR_MTINST = 0x34A, MK_CSR_MTVAL2 = 0x34B,
    MK_CSR_PMPCFG0 = 0x3A0, MK_CSR_PMPCFG15 = 0x3AF,
    MK_CSR_PMPADDR0 = 0x3B0, MK_CSR_PMPADDR63 = 0x3EF,
    MK_CSR_MCYCLE = 0xB00, MK_CSR_MINSTRET = 0xB02,
    MK_CSR_MHPMCOUNTER3 = 0xB03, MK_CSR_MHPMCOUNTER31 = 0xB1F,
    MK_CSR_CYCLE = 0xC00, MK_CSR_TIME = 0xC01, MK_CSR_INSTRET = 0xC02,
    MK_CSR_HPMCOUNTER3 = 0xC03, MK_CSR_HPMCOUNTER31 = 0xC1F,
    /* H extension */
    MK_CSR_HSTATUS = 0x600, MK_CSR_HEDELEG = 0x602, MK_CSR_HIDELEG = 0x603, MK_CSR_HIE = 0x604,
    MK_CSR_HTIMEDELTA = 0x605, MK_CSR_HCOUNTEREN = 0x606, MK_CSR_HGEIE = 0x607,
    MK_CSR_HENVCFG = 0x60A, MK_CSR_HTVAL = 0x643, MK_CSR_HIP = 0x644, MK_CSR_HVIP = 0x645,
    MK_CSR_HTINST = 0x64A, MK_CSR_HGATP = 0x680, MK_CSR_HGEIP = 0xE12,
    MK_CSR_VSSTATUS = 0x200, MK_CSR_VSIE = 0x204, MK_CSR_VSTVEC = 0x205,
    MK_CSR_VSSCRATCH = 0x240, MK_CSR_VSEPC = 0x241, MK_CSR_VSCAUSE = 0x242, MK_CSR_VSTVAL = 0x243,
    MK_CSR_VSIP = 0x244, MK_CSR_VSTIMECMP = 0x24D, MK_CSR_VSATP = 0x280,
    MK_CSR_MVENDORID = 0xF11, MK_CSR_MARCHID = 0xF12, MK_CSR_MIMPID = 0xF13,
    MK_CSR_MHARTID = 0xF14, MK_CSR_MCONFIGPTR = 0xF15,
};

/* Identification (docs/isa.md). */
#define MK_MVENDORID 0ULL
#define MK_MARCHID 0x4D4B0001ULL    /* "MK", design 1 */
#define MK_MIMPID 0x00010000ULL     /* version 1.0 */

#endif
