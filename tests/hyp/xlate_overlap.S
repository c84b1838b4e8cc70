/* Microarchitectural corners of two-stage translation (checked cycle by cycle in cosim; here
 * the values): VS 4 KiB over G 4 KiB pages everywhere, so every miss is a 15-access walk.
 *  (a) a DTLB miss whose nested walk runs while the fetch unit crosses into a page that misses
 *      the ITLB (two walkers at once, on the two ports), at several distances from the page
 *      end, for loads, stores and AMOs;
 *  (b) fences overlapping walks: SFENCE.VMA (= HFENCE.VVMA with V = 1) right behind a load
 *      that missed, with and without rs1; a fence in the last word of a page, whose flush drops
 *      the fetch walk of the next page; HFENCE.VVMA/GVMA right behind an HLV that missed, and a
 *      GVMA by VMID that must make a changed G-stage leaf visible;
 *  (c) a machine timer interrupt arriving while V = 1 walks (fetch and data) run.
 * docs/timing.md "Two-stage translation (H)". */
#include "hyp.h"

#define VAL_A 0xA0A0A0A0A0A0A0A1
#define VAL_B 0xB0B0B0B0B0B0B0B2
#define VA_T  0x40000000                            /* vs_root[1] -> vs_l1_t -> vs_l0_t */
#define GPA_T 0x100000000                           /* g_root[4] -> g_l1_t -> g_l0_t */
#define VS_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define G_DATA  (PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)

#define PTE_SET_IDX(table, index, pa_reg, flags) \
    la t0, table; li t1, 8 * (index); add t0, t0, t1; srli t1, pa_reg, 12; slli t1, t1, 10; \
    ori t1, t1, (flags); sd t1, 0(t0)
#define PTE_IDX_PA(table, index, pa, flags) li a0, pa; PTE_SET_IDX(table, index, a0, flags)
#define PTE_IDX_SYM(table, index, sym, flags) la a0, sym; PTE_SET_IDX(table, index, a0, flags)

/* Code at the end of a page (label at page end - off), then `ret` on the next page. */
#define EDGE(label, off, ...) .balign 4096; .skip 4096 - (off); label: __VA_ARGS__; .balign 4096; ret

TEST_BEGIN
    .option norvc
    HYP_INIT
    la a1, page_a
    li a2, VAL_A
    sd a2, 0(a1)
    la a1, page_b
    li a2, VAL_B
    sd a2, 0(a1)
    GSTAGE_IDENTITY_4K(g_root, g_l1, g_l0)
    PTE_IDX_SYM(g_root, 4, g_l1_t, PTE_V)
    PTE_IDX_SYM(g_l1_t, 0, g_l0_t, PTE_V)
    PTE_IDX_SYM(g_l0_t, 0, page_a, G_DATA)
    HGATP_FOR(a1, g_root, 7)
    csrw hgatp, a1
    VSSTAGE_IDENTITY(vs_root, vs_l1, vs_l0)
    PTE_IDX_SYM(vs_root, 1, vs_l1_t, PTE_V)
    PTE_IDX_SYM(vs_l1_t, 0, vs_l0_t, PTE_V)
    PTE_IDX_PA(vs_l0_t, 0, GPA_T, VS_LEAF)
    SATP_FOR(a1, vs_root, 9)
    csrw vsatp, a1
    hfence.gvma
    hfence.vvma

    /* ---- (a) a data walk while the fetch unit walks into the next page ---- */
    ENTER_VS
    li s1, VA_T
#define EDGE_CASE(n, fn, reg, expected) \
    li gp, n; sfence.vma; li reg, 0; jal ra, fn; CHECK(n, reg, expected)
    EDGE_CASE(1, edge_ld4, a4, VAL_A)
    EDGE_CASE(2, edge_ld8, a4, VAL_A)
    EDGE_CASE(3, edge_ld16, a4, VAL_A)
    EDGE_CASE(4, edge_ld24, a5, VAL_A)
    li a3, VAL_A
    EDGE_CASE(5, edge_sd8, a4, VAL_A)
    EDGE_CASE(6, edge_amo12, a4, VAL_A + 1)
    li gp, 7                                        /* (the AMO added 1; the store wrote VAL_A) */
    li a2, -1
    amoadd.d zero, a2, (s1)

    /* ---- (b) fences overlapping walks ---- */
    li gp, 10
    sfence.vma
    ld a4, 0(s1)                                    /* misses ... */
    sfence.vma                                      /* ... and the fence follows at once */
    ld a5, 0(s1)
    CHECK_SUB(10, 1, a4, VAL_A)
    CHECK_SUB(10, 2, a5, VAL_A)
    li gp, 11
    ld a4, 0(s1)
    sfence.vma s1                                   /* the page just filled */
    ld a5, 8(s1)
    sfence.vma s1, zero
    sd a4, 16(s1)
    ld a5, 16(s1)
    CHECK(11, a5, VAL_A)
    li gp, 12                                       /* a fence in a page's last word: its flush */
    jal ra, edge_fence                              /* drops the fetch walk of the next page   */
    jal ra, edge_fence_ld
    CHECK(12, a4, VAL_A)
    BACK_TO_M
    /* HFENCE right behind an HLV that missed (from M: the HLV walks as VS, SPVP = S) */
    li a1, HSTATUS_SPVP
    csrs hstatus, a1
    li a1, VA_T
    TEST_CASE(13, a4, VAL_A, hlv.d a4, (a1); hfence.vvma; hlv.d a5, (a1); add a4, a5, zero)
    TEST_CASE(14, a4, VAL_A, hlv.d a4, (a1); hfence.gvma; hlv.d a5, (a1); add a4, a5, zero)
    TEST_CASE(15, a4, VAL_A, hlv.d a4, (a1); hfence.vvma a1; hlv.d a5, (a1); add a4, a5, zero)
    /* move the G-stage leaf to page_b: a GVMA of this VMID (with a GPA) must expose it */
    PTE_IDX_SYM(g_l0_t, 0, page_b, G_DATA)
    li a2, GPA_T >> 2
    li a3, 7
    hfence.gvma a2, a3
    li a1, VA_T
    TEST_CASE(16, a4, VAL_B, hlv.d a4, (a1))
    PTE_IDX_SYM(g_l0_t, 0, page_a, G_DATA)
    li a3, 7
    hfence.gvma zero, a3
    TEST_CASE(17, a4, VAL_A, hlv.d a4, (a1))

    /* ---- (c) a timer interrupt while V = 1 walks run ---- */
    RESET_HYP_IRQ_LOG(t0)
    li a1, MIP_MTIP
    csrs mie, a1
    SET_MTIMECMP_IN(30)
    ENTER_VS
    li s1, VA_T
    li gp, 20
    li t0, CLINT_MTIME
    ld t1, 0(t0)
    li t0, 2000000
    add t1, t1, t0
1:  sfence.vma                                      /* every fetch and load walks again */
    ld a4, 0(s1)
    jal ra, edge_ld8
    la t0, mk_m_area
    ld t0, MK_AREA_IRQ_COUNT(t0)
    bnez t0, 2f
    li t0, CLINT_MTIME
    ld t0, 0(t0)
    bltu t0, t1, 1b
    j fail
2:  CHECK_SUB(20, 1, a4, VAL_A)
    LOAD_M_IRQ_LOG(a4, 0)
    CHECK_SUB(20, 2, a4, IRQ_CAUSE(IRQ_MTI))
    BACK_TO_M
    SET_MTIMECMP_NEVER
    csrw vsatp, zero
    csrw hgatp, zero
    hfence.gvma
TEST_END

    EDGE(edge_ld4, 4, ld a4, 0(s1))
    EDGE(edge_ld8, 8, ld a4, 0(s1); nop)
    EDGE(edge_ld16, 16, ld a4, 0(s1); nop; nop; nop)
    EDGE(edge_ld24, 24, ld a4, 0(s1); add a5, a4, zero; nop; nop; nop; nop)
    EDGE(edge_sd8, 8, sd a3, 0(s1); ld a4, 0(s1))
    EDGE(edge_amo12, 12, li a2, 1; amoadd.d zero, a2, (s1); ld a4, 0(s1))
    EDGE(edge_fence, 4, sfence.vma)
    EDGE(edge_fence_ld, 8, ld a4, 0(s1); sfence.vma)

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
