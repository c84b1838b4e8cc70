/* Hypervisor virtual-machine loads and stores: HLV.B/BU/H/HU/W/WU/D, HLVX.HU/WU, HSV.B/H/W/D
 * from M, HS and U (hstatus.HU), with two-stage translation; hstatus.SPVP selects VS or VU
 * permissions (vsstatus.SUM applies); HLVX needs execute and not read permission at both
 * stages; MXR (HS level: both stages; vsstatus: VS stage); MPRV does not affect them; their
 * faults: tval = GVA, GVA = 1 with SPV/MPV = 0, tval2 = GPA >> 2, transformed tinst. */
#include "hyp.h"

#define PAT 0xF1F2F3F4F5F6F7F8
#define VA_S   0x40000000                           /* VS: R W, not U -> data_page */
#define VA_U   0x40001000                           /* VS: R W U -> data_page */
#define VA_X   0x40002000                           /* VS: X only -> x_page */
#define VA_INV 0x40003000                           /* VS: invalid */
#define VA_GX  0x40004000                           /* VS: R X -> GPA_GX (G: X only) */
#define VA_GR  0x40005000                           /* VS: R W X -> GPA_GR (G: R only) */
#define GPA_GX 0x100000000
#define GPA_GR 0x100001000
#define XF_HLVD 0x6c004773                          /* hlv.d a4, (x0) */
#define XF_HSVD 0x6ee04073                          /* hsv.d a4, (x0) */

#define HLV_OK(n, insn, va, expected) li a1, va; TEST_NO_TRAP(n, insn a4, (a1)); CHECK_SUB(n, 2, a4, expected)
/* A faulting HLV/HSV: tval = GVA, epc, GVA = 1; the cause is checked on our core only because
 * QEMU 7.2 reports VS-stage page faults of HLV/HSV as access faults (cause 5/7) without GVA. */
#define HLV_FAULT(n, cause, insn, va) li a1, va; TRAP_RUN(n, insn a4, (a1)); CHECK_TRAP_EPC(n); \
    CHECK_REGS_SUB(n, 2, s9, a1); \
    IF_NOT_MK_ANY(9995f); CHECK_SUB(n, 1, s8, cause); CHECK_GVA(n, 1); 9995: \
    li gp, n; li t5, -1; mv t6, s8; beq s8, t5, fail

TEST_BEGIN
    .option norvc
    HYP_INIT
    la a1, data_page
    li a2, PAT
    sd a2, 0(a1)
    /* G-stage: identity over devices and DRAM, plus an X-only and an R-only page */
    GSTAGE_IDENTITY(g_root)
    PTE_SET_SYM(g_root, 4, g_l1, PTE_V)
    PTE_SET_SYM(g_l1, 0, g_l0, PTE_V)
    PTE_SET_SYM(g_l0, 0, x_page, PTE_V | PTE_X | PTE_U | PTE_A)
    PTE_SET_SYM(g_l0, 1, data_page, PTE_V | PTE_R | PTE_U | PTE_A)
    HGATP_FOR(a1, g_root, 2)
    csrw hgatp, a1
    /* VS-stage */
    VSSTAGE_IDENTITY(vs_root, vs_l1_id, vs_l0_id)
    PTE_SET_SYM(vs_root, 1, vs_l1, PTE_V)
    PTE_SET_SYM(vs_l1, 0, vs_l0, PTE_V)
    PTE_SET_SYM(vs_l0, 0, data_page, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    PTE_SET_SYM(vs_l0, 1, data_page, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
    PTE_SET_SYM(vs_l0, 2, x_page, PTE_V | PTE_X | PTE_A)
    PTE_SET_SYM(vs_l0, 3, data_page, PTE_R | PTE_W | PTE_A | PTE_D)
    PTE_SET_PA(vs_l0, 4, GPA_GX, PTE_V | PTE_R | PTE_X | PTE_A)
    PTE_SET_PA(vs_l0, 5, GPA_GR, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
    SATP_FOR(a1, vs_root, 7)
    csrw vsatp, a1
    hfence.gvma
    hfence.vvma
    csrw vsstatus, zero

    /* ---- from M, SPVP = 1 (as VS): every width, sign and zero extension ---- */
    li a1, HSTATUS_SPVP
    csrs hstatus, a1
    HLV_OK(1, hlv.b, VA_S, 0xFFFFFFFFFFFFFFF8)
    HLV_OK(2, hlv.bu, VA_S, 0xF8)
    HLV_OK(3, hlv.h, VA_S, 0xFFFFFFFFFFFFF7F8)
    HLV_OK(4, hlv.hu, VA_S, 0xF7F8)
    HLV_OK(5, hlv.w, VA_S, 0xFFFFFFFFF5F6F7F8)
    HLV_OK(6, hlv.wu, VA_S, 0xF5F6F7F8)
    HLV_OK(7, hlv.d, VA_S, PAT)
    HLV_OK(8, hlv.bu, VA_S + 7, 0xF1)
    /* HSV: each width, seen through physical memory */
    la a3, data_page
    li a1, VA_S + 8
    li a2, 0x1122334455667788
    TEST_NO_TRAP(9, hsv.d a2, (a1))
    TEST_CASE(9, a4, 0x1122334455667788, ld a4, 8(a3))
    li a1, VA_S + 8
    li a2, 0xAA
    TEST_NO_TRAP(10, hsv.b a2, (a1))
    TEST_CASE(10, a4, 0x11223344556677AA, ld a4, 8(a3))
    li a1, VA_S + 10
    li a2, 0xBBCC
    TEST_NO_TRAP(11, hsv.h a2, (a1))
    TEST_CASE(11, a4, 0x11223344BBCC77AA, ld a4, 8(a3))
    li a1, VA_S + 12
    li a2, 0xDDEEFF00
    TEST_NO_TRAP(12, hsv.w a2, (a1))
    TEST_CASE(12, a4, 0xDDEEFF00BBCC77AA, ld a4, 8(a3))
    /* From M, QEMU 7.2 applies neither SPVP nor HLVX's execute rule (it raises access faults):
     * the rest of the M-mode part runs on our core only; the HS part below covers both. */
    IF_NOT_MATRYOSHKA(m_part_done)
    /* SPVP = 1: U pages need vsstatus.SUM */
    HLV_FAULT(13, CAUSE_LOAD_PAGE_FAULT, hlv.d, VA_U)
    CHECK_HTRAP(13, LVL_M, 0, PRV_M)
    CHECK_TVAL2(13, 0)
    li a1, MSTATUS_SUM
    csrs vsstatus, a1
    HLV_OK(14, hlv.d, VA_U, PAT)
    csrw vsstatus, zero
    /* SPVP = 0 (as VU): U pages only */
    li a1, HSTATUS_SPVP
    csrc hstatus, a1
    HLV_OK(15, hlv.d, VA_U, PAT)
    HLV_FAULT(16, CAUSE_LOAD_PAGE_FAULT, hlv.d, VA_S)
    li a1, VA_S
    TEST_TRAP_AT_TVAL_REG(17, CAUSE_STORE_PAGE_FAULT, a1, hsv.d a4, (a1))
    CHECK_GVA(17, 1)
    li a1, HSTATUS_SPVP
    csrs hstatus, a1
    /* HLVX: execute permission instead of read, at both stages */
    HLV_OK(18, hlvx.wu, VA_X, 0x00000013)
    HLV_OK(19, hlvx.hu, VA_X + 2, 0x0000)
    HLV_FAULT(20, CAUSE_LOAD_PAGE_FAULT, hlv.wu, VA_X)          /* plain HLV needs R */
    HLV_FAULT(21, CAUSE_LOAD_PAGE_FAULT, hlvx.wu, VA_S)         /* HLVX needs X, not R */
    HLV_OK(22, hlvx.wu, VA_GX, 0x00000013)                      /* G-stage X-only */
    li a1, VA_GX
    TEST_TRAP_AT_TVAL_REG(23, CAUSE_LOAD_GPF, a1, hlv.w a4, (a1))
    CHECK_TVAL2(23, GPA_GX >> 2)
    CHECK_GVA(23, 1)
    li a1, VA_GR                                    /* G-stage R-only: HLVX faults */
    TEST_TRAP_AT_TVAL_REG(24, CAUSE_LOAD_GPF, a1, hlvx.wu a4, (a1))
    CHECK_TVAL2(24, GPA_GR >> 2)
    /* MXR: vsstatus.MXR opens the VS stage only, the HS-level MXR both stages */
    li a1, MSTATUS_MXR
    csrs vsstatus, a1
    HLV_OK(25, hlv.wu, VA_X, 0x00000013)
    li a1, VA_GX
    TEST_TRAP_AT_TVAL_REG(26, CAUSE_LOAD_GPF, a1, hlv.w a4, (a1))
    csrw vsstatus, zero
    li a1, MSTATUS_MXR
    csrs mstatus, a1
    HLV_OK(27, hlv.wu, VA_X, 0x00000013)
    HLV_OK(28, hlv.wu, VA_GX, 0x00000013)
    li a1, MSTATUS_MXR
    csrc mstatus, a1
    /* faults: tval = GVA, tval2, transformed tinst; GVA = 1 with MPV = 0 */
    li a1, VA_GR
    TEST_TRAP_AT_TVAL_REG(29, CAUSE_STORE_GPF, a1, hsv.d a4, (a1))
    CHECK_HTRAP(29, LVL_M, 0, PRV_M)
    CHECK_TVAL2(29, GPA_GR >> 2)
    CHECK_GVA(29, 1)
    CHECK_TINST_XFORM(29, XF_HSVD)
    HLV_FAULT(30, CAUSE_LOAD_PAGE_FAULT, hlv.d, VA_INV)
    CHECK_TINST_XFORM(30, XF_HLVD)
    /* MPRV does not apply to them (MPRV = 1, MPP = U would forbid VA_S) */
    li a1, MSTATUS_MPRV | MSTATUS_MPP
    csrc mstatus, a1
    li a1, MSTATUS_MPRV
    csrs mstatus, a1
    HLV_OK(31, hlv.d, VA_S, PAT)
    li a1, MSTATUS_MPRV
    csrc mstatus, a1
m_part_done:

    /* ---- from HS: same, faults delegated to HS show SPV = 0, GVA = 1 ---- */
    li a1, (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_LOAD_GPF) | (1 << CAUSE_STORE_GPF)
    csrw medeleg, a1
    ENTER_HS
    HLV_OK(40, hlv.d, VA_S, PAT)
    /* QEMU 7.2 gets HLVX wrong both ways (an access fault where it should succeed, no fault
     * on a readable non-executable page): HLVX is checked on our core only */
    IF_NOT_MK_ANY(1f)
    HLV_OK(41, hlvx.wu, VA_X, 0x00000013)
    HLV_OK(49, hlvx.wu, VA_GX, 0x00000013)                      /* G-stage X-only */
1:
    HLV_FAULT(42, CAUSE_LOAD_PAGE_FAULT, hlv.d, VA_INV)
    IF_NOT_MK_ANY(1f)
    CHECK_HTRAP(42, LVL_HS, 0, PRV_S)
    CHECK_TVAL2(42, 0)
    CHECK_TINST_XFORM(42, XF_HLVD)
    CHECK_HSTATUS_BITS(42, HSTATUS_SPV | HSTATUS_GVA | HSTATUS_SPVP, HSTATUS_GVA | HSTATUS_SPVP)
1:
    HLV_FAULT(48, CAUSE_LOAD_PAGE_FAULT, hlv.wu, VA_X)          /* HLV needs R */
    IF_NOT_MK_ANY(1f)                               /* QEMU 7.2 HLVX: see 41 */
    HLV_FAULT(47, CAUSE_LOAD_PAGE_FAULT, hlvx.wu, VA_S)         /* HLVX needs X, not R */
    li a1, VA_GR
    TEST_TRAP_AT_TVAL_REG(39, CAUSE_LOAD_GPF, a1, hlvx.wu a4, (a1))
    CHECK_TVAL2(39, GPA_GR >> 2)
1:
    /* SPVP and SUM from HS (QEMU 7.2 does not check the VS-stage U bit for HLV: the faults are
     * checked on our core only) */
    IF_NOT_MK_ANY(1f)
    HLV_FAULT(44, CAUSE_LOAD_PAGE_FAULT, hlv.d, VA_U)          /* SPVP = 1, SUM = 0 */
1:  li a1, HSTATUS_SPVP
    csrc hstatus, a1
    HLV_OK(45, hlv.d, VA_U, PAT)
    IF_NOT_MK_ANY(1f)
    HLV_FAULT(46, CAUSE_LOAD_PAGE_FAULT, hlv.d, VA_S)          /* SPVP = 0: as VU */
1:  li a1, HSTATUS_SPVP
    csrs hstatus, a1
    li a1, VA_GR
    TEST_TRAP_AT_TVAL_REG(43, CAUSE_STORE_GPF, a1, hsv.w a4, (a1))
    CHECK_HTRAP(43, LVL_HS, 0, PRV_S)
    CHECK_TVAL2(43, GPA_GR >> 2)
    CHECK_GVA(43, 1)
    BACK_TO_M

    /* ---- from U: legal with hstatus.HU = 1, illegal with HU = 0 ---- */
    li a1, HSTATUS_HU
    csrs hstatus, a1
    ENTER_HU
    HLV_OK(50, hlv.d, VA_S, PAT)
    IF_NOT_MK_ANY(1f)
    HLV_OK(51, hlvx.wu, VA_X, 0x00000013)
1:
    li a1, VA_S + 16
    li a2, 0x77
    TEST_NO_TRAP(52, hsv.b a2, (a1))
    HLV_FAULT(53, CAUSE_LOAD_PAGE_FAULT, hlv.d, VA_INV)
    IF_NOT_MK_ANY(1f)
    CHECK_HTRAP(53, LVL_HS, 0, PRV_U)
1:
    BACK_TO_M
    TEST_CASE(54, a4, 0x77, la a3, data_page; lbu a4, 16(a3))
    li a1, HSTATUS_HU
    csrc hstatus, a1
    ENTER_HU
    li a1, VA_S
    TEST_TRAP_NOTVAL(55, CAUSE_ILLEGAL_INSN, hlv.d a4, (a1))
    TEST_TRAP_NOTVAL(56, CAUSE_ILLEGAL_INSN, hsv.d a4, (a1))
    TEST_TRAP_NOTVAL(57, CAUSE_ILLEGAL_INSN, hlvx.hu a4, (a1))
    BACK_TO_M
    csrw medeleg, zero
    csrw vsatp, zero
    csrw hgatp, zero
    hfence.gvma
TEST_END

    .balign 4096
x_page:
    .word 0x00000013
    .word 0x00000013
    .balign 4096

    .bss
    .balign 16384
g_root:   .skip 16384
g_l1:     .skip 4096
g_l0:     .skip 4096
vs_root:  .skip 4096
vs_l1_id: .skip 4096
vs_l0_id: .skip 4096
vs_l1:    .skip 4096
vs_l0:    .skip 4096
data_page: .skip 4096
