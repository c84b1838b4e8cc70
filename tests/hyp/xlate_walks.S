/* Nested (two-stage) walks: VS-stage and G-stage with 4 KiB pages, 2 MiB and 1 GiB superpages
 * in each combination (the TLB entry has the smaller size: a VS 2 MiB page over G 4 KiB pages
 * gives one entry per 4 KiB piece); faults at each stage and level: a G-stage fault on the final
 * GPA (level 0 and 1: htval = the exact GPA >> 2), on a VS PTE's GPA (implicit: htval = the
 * PTE's GPA >> 2, htinst 0x3000), a VS-stage fault (htval 0), a VS leaf denial that wins over a
 * G-stage fault of its GPA, a G-stage denial on a TLB hit; fetch guest-page faults at a word
 * offset (htval = exact GPA >> 2) and on the second half of an instruction that crosses into a
 * page the G-stage does not map (tval = its address, htval = its GPA >> 2, htinst 0); M-mode
 * loads and stores with MPRV and MPV translated two-stage, and their guest-page fault.
 * The code itself runs under VS 4 KiB over G 4 KiB pages: every ITLB miss is a 15-access walk.
 * docs/isa.md "H extension: two-stage translation", docs/timing.md "Two-stage translation". */
#include "hyp.h"

#define VAL_A 0xAAAA0000AAAA0001
#define VAL_B 0xBBBB0000BBBB0002
#define VAL_C 0xCCCC0000CCCC0003
#define PA_2M    0x80400000                         /* G megapage target (free DRAM) */
#define GPA_T    0x100000000                        /* g_root[4] -> g_l1_t */
#define GPA_T4K(i) (GPA_T + 0x1000 * (i))           /* g_l0_t[i] */
#define GPA_2M   (GPA_T + 0x200000)                 /* g_l1_t[1]: G megapage -> PA_2M */
#define GPA_NO1  (GPA_T + 0x400000)                 /* g_l1_t[2]: invalid (level-1 fault) */
#define GPA_1G   0x140000000                        /* g_root[5]: G gigapage -> DRAM_BASE */
#define VA_T     0x40000000                         /* vs_root[1] -> vs_l1_t */
#define VA_T4K(i) (VA_T + 0x1000 * (i))             /* vs_l0_t[i] */
#define VA_2M    (VA_T + 0x200000)                  /* vs_l1_t[1]: VS megapage -> GPA_T */
#define VA_2M2   (VA_T + 0x400000)                  /* vs_l1_t[2]: VS megapage -> GPA_2M */
#define VA_IMPL  (VA_T + 0x600000)                  /* vs_l1_t[3]: pointer to an unmapped GPA */
#define VA_1G    0x140000000                        /* vs_root[5]: VS gigapage -> GPA_1G */
/* g_l0_t */
#define G_A     0                                   /* -> page_a */
#define G_B     1                                   /* -> page_b */
#define G_INV   2                                   /* invalid */
#define G_RO    3                                   /* -> page_c, read-only */
#define G_NX    4                                   /* -> code_page, R only */
#define G_CROSS 5                                   /* -> cross_page, R X */
#define G_CROSS2 7                                  /* -> cross_page2, R X; 6: invalid */
/* vs_l0_t */
#define V_A     0                                   /* -> GPA G_A */
#define V_2M    1                                   /* -> GPA_2M + 0x1000 */
#define V_GINV  2                                   /* -> GPA G_INV + 0 */
#define V_NO1   3                                   /* -> GPA_NO1 */
#define V_INV   4                                   /* invalid */
#define V_RO_GINV 5                                 /* VS read-only -> GPA G_INV */
#define V_GRO   6                                   /* -> GPA G_RO */
#define V_NX    7                                   /* -> GPA G_NX */
#define V_CROSS 8                                   /* -> GPA G_CROSS; 9 -> G 6 (invalid) */
#define V_CROSS_OK 10                               /* -> GPA G_CROSS; 11 -> G_CROSS2 */

#define VS_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define G_DATA  (PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
#define XF_LD   0x00003703                          /* ld a4, 0(x0) */
#define XF_SD   0x00e03023                          /* sd a4, 0(x0) */

/* table[index] = PTE for the address in pa_reg (any index: the G root has 2048). */
#define PTE_SET_IDX(table, index, pa_reg, flags) \
    la t0, table; li t1, 8 * (index); add t0, t0, t1; srli t1, pa_reg, 12; slli t1, t1, 10; \
    ori t1, t1, (flags); sd t1, 0(t0)
#define PTE_IDX_PA(table, index, pa, flags) li a0, pa; PTE_SET_IDX(table, index, a0, flags)
#define PTE_IDX_SYM(table, index, sym, flags) la a0, sym; PTE_SET_IDX(table, index, a0, flags)

#define LOAD_OK(n, va, expected) li a1, va; TEST_NO_TRAP(n, ld a4, 0(a1)); CHECK_SUB(n, 2, a4, expected)
/* A data fault at va taken in M from VS: cause, tval = va, mtval2, GVA = 1. */
#define DFAULT(n, cause, va, tval2, ...) \
    li a1, va; TEST_TRAP_AT_TVAL_REG(n, cause, a1, __VA_ARGS__); CHECK_HTRAP(n, LVL_M, 1, PRV_S); \
    li a2, tval2; CHECK_TVAL2_REG(n, a2); CHECK_GVA(n, 1)
/* A fetch fault at target va: cause, epc = va, tval, mtval2, mtinst. */
#define FFAULT(n, cause, va, tval, tval2, tinst) \
    li a1, va; TRAP_RUN(n, jalr ra, 0(a1)); CHECK_SUB(n, 1, s8, cause); \
    CHECK_REGS_SUB(n, 3, s11, a1); li a2, tval; CHECK_REGS_SUB(n, 2, s9, a2); \
    li a2, tval2; CHECK_TVAL2_REG(n, a2); CHECK_GVA(n, 1); CHECK_TINST(n, tinst)

TEST_BEGIN
    .option norvc
    HYP_INIT
    /* data */
    la a1, page_a
    li a2, VAL_A
    sd a2, 0(a1)
    la a1, page_b
    li a2, VAL_B
    sd a2, 0(a1)
    la a1, page_c
    li a2, VAL_C
    sd a2, 0(a1)
    li a1, PA_2M + 0x1000
    li a2, VAL_C
    sd a2, 0(a1)

    /* ---- G-stage: identity with 4 KiB pages for code and data, and the test region ---- */
    GSTAGE_IDENTITY_4K(g_root, g_l1, g_l0)
    PTE_IDX_PA(g_root, 5, DRAM_BASE, PTE_GLEAF)                 /* GPA_1G */
    PTE_IDX_SYM(g_root, 4, g_l1_t, PTE_V)
    PTE_IDX_SYM(g_l1_t, 0, g_l0_t, PTE_V)
    PTE_IDX_PA(g_l1_t, 1, PA_2M, PTE_GLEAF)                     /* GPA_2M */
    PTE_IDX_SYM(g_l0_t, G_A, page_a, G_DATA)
    PTE_IDX_SYM(g_l0_t, G_B, page_b, G_DATA)
    PTE_IDX_SYM(g_l0_t, G_RO, page_c, PTE_V | PTE_R | PTE_U | PTE_A)
    PTE_IDX_SYM(g_l0_t, G_NX, code_page, PTE_V | PTE_R | PTE_U | PTE_A)
    PTE_IDX_SYM(g_l0_t, G_CROSS, cross_page, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)
    PTE_IDX_SYM(g_l0_t, G_CROSS2, cross_page2, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)
    HGATP_FOR(a1, g_root, 3)
    csrw hgatp, a1

    /* ---- VS-stage: identity (4 KiB over the first 2 MiB) and the test region ---- */
    VSSTAGE_IDENTITY(vs_root, vs_l1, vs_l0)
    PTE_IDX_PA(vs_root, 5, GPA_1G, VS_LEAF)                     /* VA_1G */
    PTE_IDX_SYM(vs_root, 1, vs_l1_t, PTE_V)
    PTE_IDX_SYM(vs_l1_t, 0, vs_l0_t, PTE_V)
    PTE_IDX_PA(vs_l1_t, 1, GPA_T, VS_LEAF)                      /* VA_2M */
    PTE_IDX_PA(vs_l1_t, 2, GPA_2M, VS_LEAF)                     /* VA_2M2 */
    PTE_IDX_PA(vs_l1_t, 3, GPA_T4K(G_INV), PTE_V)               /* VA_IMPL */
    PTE_IDX_PA(vs_l0_t, V_A, GPA_T4K(G_A), VS_LEAF)
    PTE_IDX_PA(vs_l0_t, V_2M, GPA_2M + 0x1000, VS_LEAF)
    PTE_IDX_PA(vs_l0_t, V_GINV, GPA_T4K(G_INV), VS_LEAF)
    PTE_IDX_PA(vs_l0_t, V_NO1, GPA_NO1, VS_LEAF)
    PTE_IDX_PA(vs_l0_t, V_RO_GINV, GPA_T4K(G_INV), PTE_V | PTE_R | PTE_A)
    PTE_IDX_PA(vs_l0_t, V_GRO, GPA_T4K(G_RO), VS_LEAF)
    PTE_IDX_PA(vs_l0_t, V_NX, GPA_T4K(G_NX), VS_LEAF)
    PTE_IDX_PA(vs_l0_t, V_CROSS, GPA_T4K(G_CROSS), VS_LEAF)
    PTE_IDX_PA(vs_l0_t, V_CROSS + 1, GPA_T4K(6), VS_LEAF)
    PTE_IDX_PA(vs_l0_t, V_CROSS_OK, GPA_T4K(G_CROSS), VS_LEAF)
    PTE_IDX_PA(vs_l0_t, V_CROSS_OK + 1, GPA_T4K(G_CROSS2), VS_LEAF)
    SATP_FOR(a1, vs_root, 5)
    csrw vsatp, a1
    hfence.gvma
    hfence.vvma

    ENTER_VS
    /* walks of every shape */
    LOAD_OK(1, VA_T4K(V_A), VAL_A)                  /* VS 4K over G 4K: 15 accesses */
    LOAD_OK(2, VA_2M, VAL_A)                        /* VS 2M over G 4K: 4K pieces */
    LOAD_OK(3, VA_2M + 0x1000, VAL_B)
    LOAD_OK(4, VA_2M, VAL_A)                        /* (hits) */
    LOAD_OK(5, VA_T4K(V_2M), VAL_C)                 /* VS 4K over G 2M */
    LOAD_OK(6, VA_2M2 + 0x1000, VAL_C)              /* VS 2M over G 2M */
    la a5, page_a
    li a6, DRAM_BASE
    sub a5, a5, a6
    li a1, VA_1G                                    /* VS 1G over G 1G */
    add a1, a1, a5
    TEST_NO_TRAP(7, ld a4, 0(a1))
    CHECK_SUB(7, 2, a4, VAL_A)
    /* G-stage faults on the final GPA: level 0, level 1; exact GPA >> 2 */
    DFAULT(10, CAUSE_LOAD_GPF, VA_T4K(V_GINV) + 0x18, (GPA_T4K(G_INV) + 0x18) >> 2, ld a4, 0(a1))
    CHECK_TINST_XFORM(10, XF_LD)
    DFAULT(11, CAUSE_STORE_GPF, VA_T4K(V_NO1) + 0x28, (GPA_NO1 + 0x28) >> 2, sd a4, 0(a1))
    CHECK_TINST_XFORM(11, XF_SD)
    /* a G-stage fault on a VS PTE's GPA (level 1 pointer): implicit */
    DFAULT(12, CAUSE_LOAD_GPF, VA_IMPL + 0x5008, (GPA_T4K(G_INV) + 8 * 5) >> 2, ld a4, 0(a1))
    CHECK_TINST(12, TINST_PTE_READ64)
    /* VS-stage fault: htval 0; a VS leaf denial wins over the G-stage fault of its GPA */
    DFAULT(13, CAUSE_LOAD_PAGE_FAULT, VA_T4K(V_INV), 0, ld a4, 0(a1))
    DFAULT(14, CAUSE_STORE_PAGE_FAULT, VA_T4K(V_RO_GINV), 0, sd a4, 0(a1))
    /* a G-stage denial on a TLB hit (the load cached the read-only G leaf) */
    LOAD_OK(15, VA_T4K(V_GRO) + 8, 0)
    DFAULT(16, CAUSE_STORE_GPF, VA_T4K(V_GRO) + 0x30, (GPA_T4K(G_RO) + 0x30) >> 2, sd a4, 0(a1))
    /* fetch guest-page faults: at a word offset (not execute at the G-stage), exact GPA >> 2 */
    FFAULT(20, CAUSE_FETCH_GPF, VA_T4K(V_NX) + 4, VA_T4K(V_NX) + 4, (GPA_T4K(G_NX) + 4) >> 2, 0)
    FFAULT(21, CAUSE_FETCH_GPF, VA_T4K(V_NX) + 0x10, VA_T4K(V_NX) + 0x10, (GPA_T4K(G_NX) + 0x10) >> 2, 0)
    /* an implicit fetch fault (QEMU 7.2 reports cause 21: the cause is ours only) */
    li a1, VA_IMPL + 0x3004
    TRAP_RUN(22, jalr ra, 0(a1))
    CHECK_REGS_SUB(22, 2, s9, a1)
    CHECK_TVAL2(22, (GPA_T4K(G_INV) + 8 * 3) >> 2)
    CHECK_TINST(22, TINST_PTE_READ64)
    IF_NOT_MK_ANY(1f)
    CHECK_SUB(22, 1, s8, CAUSE_FETCH_GPF)
1:
    /* a 32-bit instruction in the last 2 bytes of a page: its second half's page is not mapped
     * by the G-stage: tval = that half's address, htval = its GPA >> 2, epc = the instruction */
    FFAULT(23, CAUSE_FETCH_GPF, VA_T4K(V_CROSS) + 0xFFE, VA_T4K(V_CROSS + 1), GPA_T4K(6) >> 2, 0)
    /* the same instruction with its second page mapped runs */
    li a4, 0
    li a1, VA_T4K(V_CROSS_OK) + 0xFFE
    TEST_NO_TRAP(24, jalr ra, 0(a1))
    CHECK_SUB(24, 2, a4, 0x77)
    BACK_TO_M
    /* MPRV with MPV = 1, MPP = S: M-mode loads and stores are made as though V = 1 */
#define MPRV_AS_VS li t0, MSTATUS_MPP; csrc mstatus, t0; \
    li t0, MSTATUS_MPRV | MSTATUS_MPV | (PRV_S << 11); csrs mstatus, t0
#define MPRV_OFF li t0, MSTATUS_MPRV | MSTATUS_MPV; csrc mstatus, t0
    li a1, VA_T4K(V_A)
    li a3, VAL_B
    MPRV_AS_VS
    ld a4, 0(a1)
    sd a3, 8(a1)
    ld a5, 8(a1)
    MPRV_OFF
    CHECK_SUB(30, 1, a4, VAL_A)
    CHECK_SUB(30, 2, a5, VAL_B)
    li a1, VA_T4K(V_GINV) + 8
    MPRV_AS_VS
    TRAP_RUN(31, ld a4, 0(a1))
    MPRV_OFF
    CHECK_REGS_SUB(31, 2, s9, a1)
    CHECK_HTRAP(31, LVL_M, 0, PRV_M)
    IF_NOT_MK_ANY(1f)           /* QEMU 7.2 reports a load page fault (13) */
    CHECK_SUB(31, 1, s8, CAUSE_LOAD_GPF)
    CHECK_TVAL2(31, (GPA_T4K(G_INV) + 8) >> 2)
    CHECK_GVA(31, 1)
    CHECK_TINST_XFORM(31, XF_LD)
1:
    csrw vsatp, zero
    csrw hgatp, zero
    hfence.gvma
TEST_END

    .balign 4096
code_page:                                          /* (never executes: G-stage R only) */
    .word 0x00000013, 0x00000013, 0x00000013, 0x00000013, 0x00000013, 0x00000013
    .balign 4096
cross_page:
    .skip 4094
    .half 0x0713                                    /* li a4, 0x77 (addi a4, zero, 0x77) ... */
cross_page2:
    .half 0x0770                                    /* ... its upper half */
    ret
    .balign 4096

    .bss
    .balign 16384
g_root:  .skip 16384
g_l1:    .skip 4096
g_l0:    .skip 4096
g_l1_t:  .skip 4096
g_l0_t:  .skip 4096
vs_root: .skip 4096
vs_l1:   .skip 4096
vs_l0:   .skip 4096
vs_l1_t: .skip 4096
vs_l0_t: .skip 4096
page_a:  .skip 4096
page_b:  .skip 4096
page_c:  .skip 4096
