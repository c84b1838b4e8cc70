/* Virtual-instruction exceptions (cause 22, tval = the instruction bits) in every case the H
 * chapter lists, and the neighbouring cases that stay illegal-instruction (cause 2): counters
 * (hcounteren / scounteren / mcounteren), hypervisor instructions and CSRs from VS and VU,
 * VS CSRs by their own address, supervisor CSRs and instructions from VU, VTSR, VTVM, VTW,
 * TW, and that TSR/TVM do not apply in VS. Nothing delegated: M takes them all. */
#include "hyp.h"

/* Expect cause for the code, epc = its first instruction, tval = its bits; M handler, V = 1. */
#define VTRAP(n, cause, priv, ...) \
    TRAP_RUN(n, __VA_ARGS__); CHECK_SUB(n, 1, s8, cause); CHECK_TRAP_EPC(n); \
    lhu a5, 0(s11); lhu t4, 2(s11); slli t4, t4, 16; or a5, a5, t4; CHECK_REGS_SUB(n, 2, s9, a5); CHECK_HTRAP(n, LVL_M, 1, priv); CHECK_GVA0_MK(n)
#define VI_VS(n, ...) VTRAP(n, CAUSE_VIRTUAL_INSN, PRV_S, __VA_ARGS__)
#define VI_VU(n, ...) VTRAP(n, CAUSE_VIRTUAL_INSN, PRV_U, __VA_ARGS__)
/* For the hypervisor instructions QEMU 7.2 leaves a stale mtval: tval checked on our core only. */
#define VTRAP_H(n, priv, ...) \
    TRAP_RUN(n, __VA_ARGS__); CHECK_SUB(n, 1, s8, CAUSE_VIRTUAL_INSN); CHECK_TRAP_EPC(n); \
    CHECK_HTRAP(n, LVL_M, 1, priv); CHECK_GVA0_MK(n); \
    IF_NOT_MK_ANY(9995f); lhu a5, 0(s11); lhu t4, 2(s11); slli t4, t4, 16; or a5, a5, t4; CHECK_REGS_SUB(n, 2, s9, a5); 9995:
#define HI_VS(n, ...) VTRAP_H(n, PRV_S, __VA_ARGS__)
#define HI_VU(n, ...) VTRAP_H(n, PRV_U, __VA_ARGS__)
/* HFENCE, supervisor CSRs and instructions from VU: QEMU 7.2 raises illegal instruction; 22
 * checked on our core, 2 elsewhere (tval and the rest on both). */
#define VTRAP2(n, cause_mk, cause_other, priv, ...) \
    TRAP_RUN(n, __VA_ARGS__); CHECK_TRAP_EPC(n); CHECK_HTRAP(n, LVL_M, 1, priv); \
    li a5, cause_mk; IF_MK_ANY(9995f); li a5, cause_other; 9995: \
    CHECK_REGS_SUB(n, 1, s8, a5); lhu a5, 0(s11); lhu t4, 2(s11); slli t4, t4, 16; or a5, a5, t4; CHECK_REGS_SUB(n, 2, s9, a5)
#define VI_VU_Q(n, ...) VTRAP2(n, CAUSE_VIRTUAL_INSN, CAUSE_ILLEGAL_INSN, PRV_U, __VA_ARGS__)
#define HFENCE_VU(n, ...) \
    TRAP_RUN(n, __VA_ARGS__); CHECK_TRAP_EPC(n); CHECK_HTRAP(n, LVL_M, 1, PRV_U); \
    li a5, CAUSE_VIRTUAL_INSN; IF_MK_ANY(9995f); li a5, CAUSE_ILLEGAL_INSN; 9995: \
    CHECK_REGS_SUB(n, 1, s8, a5)
#define ILL_VS(n, ...) VTRAP(n, CAUSE_ILLEGAL_INSN, PRV_S, __VA_ARGS__)
#define ILL_VU(n, ...) VTRAP(n, CAUSE_ILLEGAL_INSN, PRV_U, __VA_ARGS__)

TEST_BEGIN
    .option norvc
    HYP_INIT
    la a0, data
    /* ---- counters ---- */
    li a1, 7
    csrw mcounteren, a1
    csrw hcounteren, zero
    csrw scounteren, zero
    ENTER_VS
    VI_VS(1, rdcycle a4)
    VI_VS(2, rdtime a4)
    VI_VS(3, rdinstret a4)
    BACK_TO_M
    li a1, 7
    csrw hcounteren, a1
    ENTER_VS
    TEST_NO_TRAP(4, rdcycle a4; rdtime a4; rdinstret a4)
    /* VU: needs hcounteren and scounteren */
    ENTER_VU_FROM_VS
    VI_VU(5, rdcycle a4)
    VI_VU(6, rdtime a4)
    BACK_TO_M
    li a1, 7
    csrw scounteren, a1
    ENTER_VU
    TEST_NO_TRAP(7, rdcycle a4; rdtime a4; rdinstret a4)
    BACK_TO_M
    csrw hcounteren, zero
    ENTER_VU
    VI_VU(8, rdinstret a4)
    BACK_TO_M
    /* mcounteren clear: illegal, whatever hcounteren says */
    csrw mcounteren, zero
    li a1, 7
    csrw hcounteren, a1
    ENTER_VS
    ILL_VS(9, rdcycle a4)
    ILL_VS(10, rdtime a4)
    BACK_TO_M
    ENTER_VU
    ILL_VU(11, rdinstret a4)
    BACK_TO_M

    /* ---- hypervisor instructions in VS and VU ---- */
    ENTER_VS
    HI_VS(20, hlv.b a4, (a0))
    HI_VS(21, hlv.bu a4, (a0))
    HI_VS(22, hlv.h a4, (a0))
    HI_VS(23, hlv.hu a4, (a0))
    HI_VS(24, hlv.w a4, (a0))
    HI_VS(25, hlv.wu a4, (a0))
    HI_VS(26, hlv.d a4, (a0))
    HI_VS(27, hlvx.hu a4, (a0))
    HI_VS(28, hlvx.wu a4, (a0))
    HI_VS(29, hsv.b a4, (a0))
    HI_VS(30, hsv.h a4, (a0))
    HI_VS(31, hsv.w a4, (a0))
    HI_VS(32, hsv.d a4, (a0))
    HI_VS(33, hfence.vvma)
    HI_VS(34, hfence.gvma)
    HI_VS(35, hfence.vvma a0, a1)
    BACK_TO_M
    li a1, HSTATUS_HU                               /* HU does not make them legal in VU */
    csrs hstatus, a1
    ENTER_VU
    HI_VU(36, hlv.d a4, (a0))
    HI_VU(37, hlvx.wu a4, (a0))
    HI_VU(38, hsv.w a4, (a0))
    HFENCE_VU(39, hfence.gvma)
    HFENCE_VU(40, hfence.vvma)
    BACK_TO_M
    csrw hstatus, zero

    /* ---- hypervisor and VS CSRs from VS and VU; M CSRs stay illegal ---- */
    ENTER_VS
    VI_VS(50, csrr a4, hstatus)
    VI_VS(51, csrw hedeleg, zero)
    VI_VS(52, csrr a4, hgatp)
    VI_VS(53, csrr a4, htimedelta)
    VI_VS(54, csrr a4, hvip)
    VI_VS(55, csrr a4, vsstatus)                    /* a VS CSR by its own address */
    VI_VS(56, csrr a4, vsatp)
    VI_VS(57, csrw vsscratch, a0)
    VI_VS(58, csrr a4, henvcfg)
    VI_VS(59, csrr a4, hgeip)
    ILL_VS(60, csrw hgeip, zero)                    /* a write illegal in HS too */
    ILL_VS(61, csrr a4, mstatus)
    ILL_VS(62, csrr a4, CSR_MTVAL2)
    TEST_NO_TRAP(63, csrr a4, scounteren; csrr a4, senvcfg)   /* S CSRs without a VS twin */
    BACK_TO_M
    ENTER_VU
    VI_VU(64, csrr a4, hstatus)
    VI_VU(65, csrr a4, vsstatus)
    VI_VU_Q(66, csrr a4, sstatus)                     /* supervisor CSRs from VU */
    VI_VU_Q(67, csrr a4, sscratch)
    VI_VU_Q(68, csrw stvec, a0)
    VI_VU_Q(69, csrr a4, satp)
    ILL_VU(70, csrr a4, mstatus)
    /* ---- supervisor instructions from VU ---- */
    VI_VU_Q(71, sret)
    VI_VU_Q(72, sfence.vma)
    VI_VU(73, wfi)                                  /* mstatus.TW = 0 */
    BACK_TO_M
    li a1, MSTATUS_TW                               /* TW = 1: illegal in VU and VS */
    csrs mstatus, a1
    ENTER_VU
    VTRAP2(74, CAUSE_ILLEGAL_INSN, CAUSE_VIRTUAL_INSN, PRV_U, wfi)   /* QEMU 7.2: 22 */
    BACK_TO_M
    ENTER_VS
    ILL_VS(75, wfi)
    BACK_TO_M
    li a1, MSTATUS_TW
    csrc mstatus, a1

    /* ---- VTSR, VTVM, VTW (VS only) ---- */
    li a1, HSTATUS_VTSR | HSTATUS_VTVM | HSTATUS_VTW
    csrs hstatus, a1
    ENTER_VS
    VI_VS(80, sret)
    VI_VS(81, sfence.vma)
    VI_VS(82, sfence.vma a0, zero)
    IF_NOT_MK_ANY(1f)                               /* QEMU 7.2: VTVM does not trap satp */
    VI_VS(83, csrr a4, satp)
    VI_VS(84, csrw satp, zero)
1:
    VI_VS(85, wfi)                                  /* no interrupt pending: traps */
    BACK_TO_M
    csrw hstatus, zero
    /* with the bits clear, the same work in VS (wfi: wfi_virt.S) */
    ENTER_VS
    TEST_NO_TRAP(86, sfence.vma; csrr a4, satp)
    BACK_TO_M
    /* TSR and TVM in mstatus affect HS only, not VS */
    li a1, MSTATUS_TSR | MSTATUS_TVM
    csrs mstatus, a1
    la a1, 1f
    csrw vsepc, a1
    li a1, MSTATUS_SPP
    csrs vsstatus, a1
    ENTER_VS
    IF_NOT_MK_ANY(2f)                               /* QEMU 7.2 applies TVM in VS */
    TEST_NO_TRAP(87, sfence.vma; csrr a4, satp; csrw satp, zero)
2:
    li gp, 88
    li s8, -1
    IF_NOT_MK_ANY(1f)                               /* QEMU 7.2 applies TSR in VS */
    sret                                            /* to 1f, still in VS */
1:  CHECK_SUB(88, 1, s8, -1)
    BACK_TO_M
    /* and in HS they do trap (illegal) */
    ENTER_HS
    TEST_TRAP_AT(89, CAUSE_ILLEGAL_INSN, 0x10200073, sret)
    TEST_TRAP_AT(90, CAUSE_ILLEGAL_INSN, 0x12000073, sfence.vma)
    TEST_TRAP_AT(91, CAUSE_ILLEGAL_INSN, 0x62000073, hfence.gvma)
    TEST_NO_TRAP(92, hfence.vvma)                   /* TVM does not cover HFENCE.VVMA */
    BACK_TO_M
    li a1, MSTATUS_TSR | MSTATUS_TVM
    csrc mstatus, a1
    /* HU = 0: hypervisor instructions from U (V = 0) are illegal (the HU = 1 case: hlv.S) */
    ENTER_HU
    TRAP_RUN(93, hlv.d a4, (a0))
    CHECK_SUB(93, 1, s8, CAUSE_ILLEGAL_INSN)
    CHECK_TRAP_EPC(93)
    IF_NOT_MK_ANY(1f)                               /* QEMU 7.2: stale mtval for HLV */
    CHECK_SUB(93, 2, s9, 0x6c054773)
1:
    TEST_TRAP_AT(94, CAUSE_ILLEGAL_INSN, 0x62000073, hfence.gvma)
    TEST_TRAP_AT(95, CAUSE_ILLEGAL_INSN, 0x22000073, hfence.vvma)
    BACK_TO_M
TEST_END

    .data
    .balign 8
data: .dword 0x0123456789abcdef
