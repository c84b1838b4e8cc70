/* Two-stage translation: G-stage alone (vsatp Bare) and VS-stage + G-stage; 4 KiB, 2 MiB and
 * 1 GiB pages at each stage; Sv39x4 16 KiB root and GPAs up to 41 bits (bit 41 and above:
 * guest-page fault); every guest-page-fault cause (20 fetch, 21 load, 23 store/AMO) with
 * mtval = GVA, mtval2 = GPA >> 2, GVA = 1 and mtinst = the transformed instruction (or 0 on
 * other platforms); faults of the implicit VS-stage PTE reads (pseudoinstruction 0x3000);
 * VS-stage page faults (htval 0); G-stage U bit; MXR at both levels; Svade at both stages;
 * the same faults delegated to HS (htval/htinst/hstatus.GVA/SPV). */
#include "hyp.h"

#define X_FN_OFFSET 8
#define MAGIC 0x600DF00D12345678
#define GPA_T     0x100000000                       /* g_root[4] -> g_l1_t -> g_l0_t */
#define GPA_T4K(i) (GPA_T + 0x1000 * (i))
#define GPA_2M    0x100200000                       /* G megapage -> PA_2M */
#define GPA_1G    0x140000000                       /* G gigapage (g_root[5]) -> DRAM_BASE */
#define GPA_HIGH  0x1FFC0000000                     /* g_root[2047] (GPA bit 40) -> DRAM_BASE */
#define GPA_MID   0xFFC0000000                      /* g_root[1023] (GPA bit 39) -> DRAM_BASE */
#define GPA_OVER  0x20000000000                     /* bit 41: beyond Sv39x4 */
#define PA_2M     0x80400000
/* G-stage test pages (g_l0_t index) */
#define G_RW   0                                    /* -> data_page */
#define G_R    1                                    /* -> data_page, read-only */
#define G_X    2                                    /* -> x_page, execute-only */
#define G_NOU  3                                    /* -> data_page, U = 0 */
#define G_INV  4                                    /* invalid */
#define G_NOA  5                                    /* A = 0 */
#define G_NOD  6                                    /* D = 0 */
#define G_RX   7                                    /* -> x_page */
/* VS-stage test pages: VA 0x40000000 + 4 KiB * i (vs_l0_t index) */
#define VA_T      0x40000000
#define VA_T4K(i) (VA_T + 0x1000 * (i))
#define V_OK    0                                   /* -> GPA G_RW */
#define V_GR    1                                   /* -> GPA G_R */
#define V_GINV  2                                   /* -> GPA G_INV */
#define V_INV   3                                   /* VS-stage invalid */
#define V_GX    4                                   /* VS R X -> GPA G_X */
#define V_GNOU  5                                   /* -> GPA G_NOU */
#define V_X     6                                   /* VS X-only -> GPA G_RX */
#define V_HIGH  7                                   /* -> GPA_HIGH + data offset */
#define V_OVER  8                                   /* -> GPA_OVER */
#define V_NOA   9                                   /* VS A = 0 -> GPA G_RW */
#define VA_2M     0x40200000                        /* VS megapage -> GPA_2M */
#define VA_1G     0x140000000                       /* VS gigapage -> GPA_1G */
#define VA_IMPL   0xC0000000                        /* vs_root[3] -> table at GPA G_INV */
#define VA_IMPL_X 0x100000000                       /* vs_root[4] -> table at GPA G_X (not readable) */

#define VS_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define XF_LD   0x00003703                          /* ld a4, 0(x0) */
#define XF_LW   0x00002703                          /* lw a4, 0(x0) */
#define XF_SD   0x00e03023                          /* sd a4, 0(x0) */
#define XF_AMO  0x08c0372f                          /* amoswap.d a4, a2, (x0) */
#define XF_CLD  0x00003701                          /* c.ld a4, 0(a1): ld a4, 0(x0) with bit 1 clear */

/* table[index] = PTE for PA in reg, for any index (root tables have 2048). Clobbers t0, t1. */
#define PTE_SET_IDX(table, index, pa_reg, flags) \
    la t0, table; li t1, 8 * (index); add t0, t0, t1; srli t1, pa_reg, 12; slli t1, t1, 10; \
    ori t1, t1, (flags); sd t1, 0(t0)
#define PTE_SET_IDX_PA(table, index, pa, flags) li a0, pa; PTE_SET_IDX(table, index, a0, flags)

/* Guest-page fault of a load/store at va (a1) expected in M: cause, tval = va, epc, handler,
 * GVA = 1, mtinst = xform (or 0 elsewhere); GPF also mtval2 = gpa >> 2, GPF_WIDE the mtval2 of
 * a GPA beyond 41 bits (0 on our core). */
#define GPF_ENTRY(n, cause, va, xform, ...) \
    li a1, va; TEST_TRAP_AT_TVAL_REG(n, cause, a1, __VA_ARGS__); CHECK_HTRAP(n, LVL_M, 1, PRV_S); \
    CHECK_GVA(n, 1); CHECK_TINST_XFORM(n, xform)
#define GPF(n, cause, va, gpa, xform, ...) \
    GPF_ENTRY(n, cause, va, xform, __VA_ARGS__); li a2, (gpa) >> 2; CHECK_TVAL2_REG(n, a2)
#define GPF_LD(n, va, gpa) GPF(n, CAUSE_LOAD_GPF, va, gpa, XF_LD, ld a4, 0(a1))
#define GPF_WIDE_LD(n, va, gpa) \
    GPF_ENTRY(n, CAUSE_LOAD_GPF, va, XF_LD, ld a4, 0(a1)); CHECK_TVAL2_WIDE(n, gpa)
#define GPF_SD(n, va, gpa) GPF(n, CAUSE_STORE_GPF, va, gpa, XF_SD, sd a4, 0(a1))
/* VS-stage page fault: tval = va, mtval2 = 0, GVA = 1. */
#define VSPF_LD(n, va) li a1, va; TEST_TRAP_AT_TVAL_REG(n, CAUSE_LOAD_PAGE_FAULT, a1, ld a4, 0(a1)); \
    CHECK_TVAL2(n, 0); CHECK_GVA(n, 1)
#define LOAD_OK(n, va, expected) li a1, va; TEST_NO_TRAP(n, ld a4, 0(a1)); CHECK_SUB(n, 2, a4, expected)
#define STORE_OK(n, va) li a1, va; li a4, 0x5709e; TEST_NO_TRAP(n, sd a4, 8(a1))
#define FETCH_OK(n, va) li a1, (va) + X_FN_OFFSET; li a4, 0; TEST_NO_TRAP(n, jalr ra, 0(a1)); CHECK_SUB(n, 2, a4, 0x77)
/* Fetch guest-page fault: epc = tval = target, mtval2 = gpa >> 2, mtinst = 0 (no transformation
 * exists for fetches). */
#define GPF_FETCH(n, va, gpa) li a1, (va) + X_FN_OFFSET; TRAP_RUN(n, jalr ra, 0(a1)); \
    CHECK_SUB(n, 1, s8, CAUSE_FETCH_GPF); CHECK_REGS_SUB(n, 2, s9, a1); CHECK_REGS_SUB(n, 3, s11, a1); \
    li a2, ((gpa) + X_FN_OFFSET) >> 2; CHECK_TVAL2_REG(n, a2); CHECK_GVA(n, 1); CHECK_TINST(n, 0)

TEST_BEGIN
    .option norvc
    HYP_INIT
    la a1, data_page
    li a2, MAGIC
    sd a2, 0(a1)
    li a1, PA_2M + 0x1008
    li a2, 0x2222
    sd a2, 0(a1)

    /* ---- G-stage tables ---- */
    PTE_SET_IDX_PA(g_root, 0, 0, PTE_GLEAF)                     /* devices */
    PTE_SET_IDX_PA(g_root, 2, DRAM_BASE, PTE_GLEAF)             /* DRAM identity, 1 GiB */
    PTE_SET_IDX_PA(g_root, 5, DRAM_BASE, PTE_GLEAF)             /* GPA_1G */
    PTE_SET_IDX_PA(g_root, 2047, DRAM_BASE, PTE_GLEAF)          /* GPA_HIGH */
    PTE_SET_IDX_PA(g_root, 1023, DRAM_BASE, PTE_GLEAF)          /* GPA_MID */
    la a0, g_l1_t
    PTE_SET_IDX(g_root, 4, a0, PTE_V)
    la a0, g_l0_t
    PTE_SET_IDX(g_l1_t, 0, a0, PTE_V)
    PTE_SET_IDX_PA(g_l1_t, 1, PA_2M, PTE_GLEAF)                 /* GPA_2M megapage */
    la a0, data_page
    PTE_SET_IDX(g_l0_t, G_RW, a0, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
    PTE_SET_IDX(g_l0_t, G_R, a0, PTE_V | PTE_R | PTE_U | PTE_A)
    PTE_SET_IDX(g_l0_t, G_NOU, a0, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
    PTE_SET_IDX(g_l0_t, G_INV, a0, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
    PTE_SET_IDX(g_l0_t, G_NOA, a0, PTE_V | PTE_R | PTE_W | PTE_U | PTE_D)
    PTE_SET_IDX(g_l0_t, G_NOD, a0, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A)
    la a0, x_page
    PTE_SET_IDX(g_l0_t, G_X, a0, PTE_V | PTE_X | PTE_U | PTE_A)
    PTE_SET_IDX(g_l0_t, G_RX, a0, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)
    HGATP_FOR(a1, g_root, 1)
    csrw hgatp, a1
    hfence.gvma

    /* ---- G-stage only (vsatp Bare: GVA = GPA) ---- */
    ENTER_VS
    LOAD_OK(1, GPA_T4K(G_RW), MAGIC)
    STORE_OK(2, GPA_T4K(G_RW))
    LOAD_OK(3, GPA_T4K(G_R), MAGIC)
    GPF_SD(4, GPA_T4K(G_R), GPA_T4K(G_R))
    li a2, 1                                        /* AMO: store/AMO guest-page fault */
    GPF(5, CAUSE_STORE_GPF, GPA_T4K(G_R) + 16, GPA_T4K(G_R) + 16, XF_AMO, amoswap.d a4, a2, (a1))
    GPF_LD(6, GPA_T4K(G_INV), GPA_T4K(G_INV))
    GPF_SD(7, GPA_T4K(G_INV), GPA_T4K(G_INV))
    GPF_LD(8, GPA_T4K(G_NOU), GPA_T4K(G_NOU))       /* G-stage accesses are user accesses */
    GPF_LD(9, GPA_T4K(G_X), GPA_T4K(G_X))           /* execute-only */
    FETCH_OK(10, GPA_T4K(G_X))
    GPF_FETCH(11, GPA_T4K(G_RW), GPA_T4K(G_RW))     /* no X */
    GPF_FETCH(73, GPA_T4K(G_RW), GPA_T4K(G_RW))     /* again: the ITLB kept no entry, a new walk */
    GPF_FETCH(12, GPA_T4K(G_NOU), GPA_T4K(G_NOU))
    GPF_FETCH(13, GPA_T4K(G_INV), GPA_T4K(G_INV))
    /* other widths and offsets: the transformation zeroes the immediate; compressed: bit 1 = 0 */
    li a1, GPA_T4K(G_INV) + 0x10
    TRAP_RUN(14, lw a4, 4(a1))
    CHECK_SUB(14, 1, s8, CAUSE_LOAD_GPF)
    CHECK_SUB(14, 2, s9, GPA_T4K(G_INV) + 0x14)
    CHECK_TVAL2(14, (GPA_T4K(G_INV) + 0x14) >> 2)
    CHECK_TINST_XFORM(14, XF_LW)
    .option push
    .option rvc
    GPF(15, CAUSE_LOAD_GPF, GPA_T4K(G_INV) + 0x20, GPA_T4K(G_INV) + 0x20, XF_CLD, c.ld a4, 0(a1))
    .option pop
    /* superpages at the G-stage */
    LOAD_OK(16, GPA_2M + 0x1008, 0x2222)
    la a5, data_page
    li a6, DRAM_BASE
    sub a5, a5, a6                                  /* data_page offset in DRAM */
    li a1, GPA_1G
    add a1, a1, a5
    TEST_NO_TRAP(17, ld a4, 0(a1))
    CHECK_SUB(17, 2, a4, MAGIC)
    /* GPAs above 39 bits (root index 1023 and 2047: the x4 root) and bit 41 set: guest-page
     * fault. QEMU 7.2 wrongly requires GPA bits 63:40 to be a sign extension of bit 40, so
     * the GPA with bit 40 set is checked on our core only. */
    li a1, GPA_MID
    add a1, a1, a5
    TEST_NO_TRAP(28, ld a4, 0(a1))
    CHECK_SUB(28, 2, a4, MAGIC)
    IF_NOT_MK_ANY(1f)
    li a1, GPA_HIGH
    add a1, a1, a5
    TEST_NO_TRAP(18, ld a4, 0(a1))
    CHECK_SUB(18, 2, a4, MAGIC)
1:
    GPF_WIDE_LD(19, GPA_OVER, GPA_OVER)
    GPF_WIDE_LD(20, GPA_OVER | GPA_T4K(G_RW), GPA_OVER | GPA_T4K(G_RW))
    /* HS-level MXR makes G-stage execute-only pages readable; vsstatus.MXR does not */
    li a1, MSTATUS_MXR
    csrs sstatus, a1                                /* vsstatus here */
    GPF_LD(21, GPA_T4K(G_X), GPA_T4K(G_X))
    li a1, MSTATUS_MXR
    csrc sstatus, a1
    BACK_TO_M
    li a1, MSTATUS_MXR
    csrs mstatus, a1                                /* the HS-level sstatus.MXR */
    ENTER_VS
    IF_NOT_MK_ANY(1f)                               /* QEMU 7.2 ignores it for the G-stage */
    li a1, GPA_T4K(G_X)
    TEST_NO_TRAP(22, ld a4, 0(a1))
1:  BACK_TO_M
    li a1, MSTATUS_MXR
    csrc mstatus, a1
    /* VU: the G-stage treats it the same */
    ENTER_VU
    LOAD_OK(23, GPA_T4K(G_RW), MAGIC)
    li a1, GPA_T4K(G_R)
    TEST_TRAP_AT_TVAL_REG(24, CAUSE_STORE_GPF, a1, sd a4, 0(a1))
    CHECK_HTRAP(24, LVL_M, 1, PRV_U)
    CHECK_GVA(24, 1)
    BACK_TO_M
    /* Svade at the G-stage (QEMU 7.2 sets A/D instead: our core only) */
    IF_NOT_MATRYOSHKA(1f)
    ENTER_VS
    GPF_LD(25, GPA_T4K(G_NOA), GPA_T4K(G_NOA))
    LOAD_OK(26, GPA_T4K(G_NOD), MAGIC)
    GPF_SD(27, GPA_T4K(G_NOD), GPA_T4K(G_NOD))
    BACK_TO_M
1:

    /* ---- VS-stage on: tables in guest memory (identity GPA = PA in DRAM) ---- */
    VSSTAGE_IDENTITY(vs_root, vs_l1_id, vs_l0_id)
    la a0, vs_l1_t
    PTE_SET_IDX(vs_root, 1, a0, PTE_V)
    la a0, vs_l0_t
    PTE_SET_IDX(vs_l1_t, 0, a0, PTE_V)
    PTE_SET_IDX_PA(vs_l1_t, 1, GPA_2M, VS_LEAF)                 /* VS megapage */
    PTE_SET_IDX_PA(vs_root, 5, GPA_1G, VS_LEAF)                 /* VS gigapage */
    PTE_SET_IDX_PA(vs_root, 3, GPA_T4K(G_INV), PTE_V)           /* next level at an unmapped GPA */
    PTE_SET_IDX_PA(vs_root, 4, GPA_T4K(G_X), PTE_V)             /* next level at a non-readable GPA */
    PTE_SET_IDX_PA(vs_l0_t, V_OK, GPA_T4K(G_RW), VS_LEAF)
    PTE_SET_IDX_PA(vs_l0_t, V_GR, GPA_T4K(G_R), VS_LEAF)
    PTE_SET_IDX_PA(vs_l0_t, V_GINV, GPA_T4K(G_INV), VS_LEAF)
    PTE_SET_IDX_PA(vs_l0_t, V_INV, GPA_T4K(G_RW), PTE_R | PTE_W | PTE_A | PTE_D)
    PTE_SET_IDX_PA(vs_l0_t, V_GX, GPA_T4K(G_X), PTE_V | PTE_R | PTE_X | PTE_A)
    PTE_SET_IDX_PA(vs_l0_t, V_GNOU, GPA_T4K(G_NOU), VS_LEAF)
    PTE_SET_IDX_PA(vs_l0_t, V_X, GPA_T4K(G_RX), PTE_V | PTE_X | PTE_A)
    PTE_SET_IDX_PA(vs_l0_t, V_OVER, GPA_OVER, VS_LEAF)
    PTE_SET_IDX_PA(vs_l0_t, V_NOA, GPA_T4K(G_RW), PTE_V | PTE_R | PTE_W | PTE_D)
    la a5, data_page
    li a6, DRAM_BASE
    sub a5, a5, a6
    li a0, GPA_HIGH
    add a0, a0, a5
    PTE_SET_IDX(vs_l0_t, V_HIGH, a0, VS_LEAF)
    SATP_FOR(a1, vs_root, 3)
    csrw vsatp, a1
    hfence.vvma
    ENTER_VS
    LOAD_OK(40, VA_T4K(V_OK), MAGIC)
    STORE_OK(41, VA_T4K(V_OK))
    /* the G-stage decides: tval = VA, tval2 = GPA >> 2 */
    GPF_SD(42, VA_T4K(V_GR), GPA_T4K(G_R))
    GPF_LD(43, VA_T4K(V_GINV), GPA_T4K(G_INV))
    GPF_LD(44, VA_T4K(V_GNOU), GPA_T4K(G_NOU))
    GPF_LD(45, VA_T4K(V_GX), GPA_T4K(G_X))
    FETCH_OK(46, VA_T4K(V_GX))
    GPF_FETCH(47, VA_T4K(V_OK), GPA_T4K(G_RW))
    GPF_FETCH(74, VA_T4K(V_OK), GPA_T4K(G_RW))      /* again (two stages): a new walk */
    GPF_WIDE_LD(48, VA_T4K(V_OVER), GPA_OVER)
    IF_NOT_MK_ANY(1f)                               /* GPA bit 40: see 18 */
    LOAD_OK(49, VA_T4K(V_HIGH), MAGIC)
1:
    /* VS-stage page faults: regular causes, tval2 = 0, GVA = 1 */
    VSPF_LD(50, VA_T4K(V_INV))
    VSPF_LD(51, VA_T4K(V_X))                        /* VS execute-only */
    li a1, MSTATUS_MXR                              /* vsstatus.MXR: readable (G allows R) */
    csrs sstatus, a1
    LOAD_OK(52, VA_T4K(V_X), 0x0000001300000013)
    GPF_LD(53, VA_T4K(V_GX), GPA_T4K(G_X))          /* but not for the G-stage */
    li a1, MSTATUS_MXR
    csrc sstatus, a1
    /* superpages: VS 2 MiB over G 2 MiB, VS 1 GiB over G 1 GiB */
    LOAD_OK(54, VA_2M + 0x1008, 0x2222)
    li a1, VA_1G
    add a1, a1, a5
    TEST_NO_TRAP(55, ld a4, 0(a1))
    CHECK_SUB(55, 2, a4, MAGIC)
    /* implicit PTE read at an unmapped GPA: the fault has the original access's cause,
     * tval = VA, tval2 = the PTE's GPA >> 2, tinst = 0x3000 (64-bit read for VS translation) */
#define IMPL(n, cause, pte_gpa, ...) \
    li a1, VA_IMPL; TEST_TRAP_AT_TVAL_REG(n, cause, a1, __VA_ARGS__); \
    CHECK_TVAL2(n, (pte_gpa) >> 2); CHECK_GVA(n, 1); CHECK_TINST(n, TINST_PTE_READ64)
    IMPL(56, CAUSE_LOAD_GPF, GPA_T4K(G_INV), ld a4, 0(a1))
    /* a store's implicit PTE read faults as a store (QEMU 7.2 reports a load fault: the cause
     * is checked on our core only) */
    li a1, VA_IMPL
    TRAP_RUN(57, sd a4, 0(a1))
    CHECK_TRAP_EPC(57)
    CHECK_REGS_SUB(57, 2, s9, a1)
    CHECK_TVAL2(57, GPA_T4K(G_INV) >> 2)
    CHECK_GVA(57, 1)
    CHECK_TINST(57, TINST_PTE_READ64)
    IF_NOT_MK_ANY(1f)
    CHECK_SUB(57, 1, s8, CAUSE_STORE_GPF)
1:
    li a1, VA_IMPL
    TRAP_RUN(58, jalr ra, 0(a1))
    CHECK_REGS_SUB(58, 2, s9, a1)
    CHECK_TVAL2(58, GPA_T4K(G_INV) >> 2)
    CHECK_TINST(58, TINST_PTE_READ64)
    IF_NOT_MK_ANY(1f)                               /* QEMU 7.2: cause 21, as for 57 */
    CHECK_SUB(58, 1, s8, CAUSE_FETCH_GPF)
1:
    /* implicit reads need G-stage read permission (X-only table page), reported as a load fault */
    li a1, VA_IMPL_X
    TEST_TRAP_AT_TVAL_REG(59, CAUSE_LOAD_GPF, a1, ld a4, 0(a1))
    CHECK_TVAL2(59, GPA_T4K(G_X) >> 2)
    CHECK_TINST(59, TINST_PTE_READ64)
    BACK_TO_M
    /* VS-stage Svade (our core only; QEMU sets A) */
    IF_NOT_MATRYOSHKA(1f)
    ENTER_VS
    VSPF_LD(60, VA_T4K(V_NOA))
    BACK_TO_M
1:

    /* ---- guest-page faults delegated to HS: htval, htinst, hstatus.GVA/SPV/SPVP ---- */
    li a1, (1 << CAUSE_LOAD_GPF) | (1 << CAUSE_STORE_GPF) | (1 << CAUSE_FETCH_GPF) | (1 << CAUSE_LOAD_PAGE_FAULT)
    csrw medeleg, a1
    ENTER_VS
    li a1, VA_T4K(V_GR)
    TEST_TRAP_AT_TVAL_REG(70, CAUSE_STORE_GPF, a1, sd a4, 0(a1))
    CHECK_HTRAP(70, LVL_HS, 1, PRV_S)
    CHECK_TVAL2(70, GPA_T4K(G_R) >> 2)
    CHECK_GVA(70, 1)
    CHECK_TINST_XFORM(70, XF_SD)
    CHECK_HSTATUS_BITS(70, HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA, HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA)
    IMPL(71, CAUSE_LOAD_GPF, GPA_T4K(G_INV), ld a4, 0(a1))
    CHECK_HTRAP(71, LVL_HS, 1, PRV_S)
    VSPF_LD(72, VA_T4K(V_INV))
    CHECK_HTRAP(72, LVL_HS, 1, PRV_S)
    BACK_TO_M
    csrw medeleg, zero
    csrw vsatp, zero
    csrw hgatp, zero
    hfence.gvma
    hfence.vvma
TEST_END

    .balign 4096
x_page:
    .dword 0x0000001300000013
x_fn:                                               /* at X_FN_OFFSET */
    li a4, 0x77
    ret
    .balign 4096

    .bss
    .balign 16384
g_root:   .skip 16384
g_l1_t:   .skip 4096
g_l0_t:   .skip 4096
vs_root:  .skip 4096
vs_l1_id: .skip 4096
vs_l0_id: .skip 4096
vs_l1_t:  .skip 4096
vs_l0_t:  .skip 4096
data_page: .skip 4096
