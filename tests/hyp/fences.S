/* Fence scopes with two-stage translation. A VS-stage or G-stage PTE change becomes visible
 * after the fence that covers it: HFENCE.VVMA (all, by address+ASID), SFENCE.VMA in VS,
 * HFENCE.GVMA (all, by GPA >> 2, by VMID); hgatp VMIDs keep guests apart. On our core stale
 * entries stay visible until then (no fence; HFENCE.VVMA for another ASID; SFENCE.VMA in HS),
 * and fences naming another VMID remove every VMID's entries (docs/isa.md "Fences"): those
 * checks are gated on marchid, because QEMU may re-walk at any time and keeps VMIDs apart in
 * fences (the spec allows either, see docs/qemu-deviations.md). */
#include "hyp.h"
#define VA_T   0x40000000
#define GPA_T  0x100000000                          /* G l0[0]: page_a or page_b */
#define GPA_T2 0x100001000                          /* G l0[1]: page_c */
#define GLEAF4K (PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)

/* In VS: load VA_T and compare (check n.1 the value); back in M after. */
#define VS_SEES(n, expected) ENTER_VS; li a1, VA_T; ld a4, 0(a1); CHECK_SUB(n, 1, a4, expected); BACK_TO_M
#define VS_SEES_MK(n, expected) IF_NOT_MATRYOSHKA(9989f); VS_SEES(n, expected); 9989:
#define SET_VS_GPA(gpa) PTE_SET_PA(vs_l0, 0, gpa, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define SET_G_PAGE(sym) PTE_SET_SYM(g_l0, 0, sym, GLEAF4K)

TEST_BEGIN
    .option norvc
    HYP_INIT
    la a1, page_a
    li a2, 0xAAAA
    sd a2, 0(a1)
    la a1, page_b
    li a2, 0xBBBB
    sd a2, 0(a1)
    la a1, page_c
    li a2, 0xCCCC
    sd a2, 0(a1)
    GSTAGE_IDENTITY(g_root)
    PTE_SET_SYM(g_root, 4, g_l1, PTE_V)
    PTE_SET_SYM(g_l1, 0, g_l0, PTE_V)
    SET_G_PAGE(page_a)
    PTE_SET_SYM(g_l0, 1, page_c, GLEAF4K)
    GSTAGE_IDENTITY(g_root2)                        /* a second guest: GPA_T -> page_b */
    PTE_SET_SYM(g_root2, 4, g_l1_2, PTE_V)
    PTE_SET_SYM(g_l1_2, 0, g_l0_2, PTE_V)
    PTE_SET_SYM(g_l0_2, 0, page_b, GLEAF4K)
    VSSTAGE_IDENTITY(vs_root, vs_l1_id, vs_l0_id)
    PTE_SET_SYM(vs_root, 1, vs_l1, PTE_V)
    PTE_SET_SYM(vs_l1, 0, vs_l0, PTE_V)
    SET_VS_GPA(GPA_T)
    HGATP_FOR(s2, g_root, 1)                        /* s2, s3: hgatp of VMID 1 and 2 */
    HGATP_FOR(s3, g_root2, 2)
    csrw hgatp, s2
    SATP_FOR(a1, vs_root, 1)
    csrw vsatp, a1
    hfence.gvma
    hfence.vvma
    VS_SEES(1, 0xAAAA)

    /* ---- a VS-stage change (VA_T -> GPA_T2 = page_c) ---- */
    SET_VS_GPA(GPA_T2)
    VS_SEES_MK(2, 0xAAAA)                           /* no fence: stale */
    li a2, 5
    hfence.vvma zero, a2                            /* another ASID */
    VS_SEES_MK(3, 0xAAAA)
    csrw hgatp, s3                                  /* under another VMID: our fences cover */
    hfence.vvma                                     /* every VMID (docs/isa.md "Fences") */
    csrw hgatp, s2
    VS_SEES_MK(4, 0xCCCC)
    SET_VS_GPA(GPA_T)                               /* back to page_a: page_c is now stale */
    ENTER_HS                                        /* SFENCE.VMA with V = 0: HS-level only */
    sfence.vma
    BACK_TO_M
    VS_SEES_MK(5, 0xCCCC)
    li a1, VA_T                                     /* HFENCE.VVMA of this address and ASID */
    li a2, 1
    hfence.vvma a1, a2
    VS_SEES(6, 0xAAAA)
    /* SFENCE.VMA in VS covers the guest's own VS-stage */
    SET_VS_GPA(GPA_T2)
    ENTER_VS
    sfence.vma
    li a1, VA_T
    ld a4, 0(a1)
    CHECK(7, a4, 0xCCCC)
    BACK_TO_M
    /* HFENCE.VVMA with rs1 = rs2 = x0 */
    SET_VS_GPA(GPA_T)
    hfence.vvma
    VS_SEES(8, 0xAAAA)
    SET_VS_GPA(GPA_T2)
    hfence.vvma
    VS_SEES(9, 0xCCCC)
    SET_VS_GPA(GPA_T)
    hfence.vvma
    VS_SEES(19, 0xAAAA)

    /* ---- a G-stage change (GPA_T -> page_b) ---- */
    SET_G_PAGE(page_b)
    VS_SEES_MK(10, 0xAAAA)                          /* no fence: stale */
    li a2, 2
    hfence.gvma zero, a2                            /* another VMID: every VMID on our core */
    VS_SEES_MK(11, 0xBBBB)
    SET_G_PAGE(page_a)                              /* page_b is now stale */
    ENTER_HS
    sfence.vma
    BACK_TO_M
    VS_SEES_MK(12, 0xBBBB)
    li a1, GPA_T >> 2                               /* HFENCE.GVMA of this GPA and VMID */
    li a2, 1
    hfence.gvma a1, a2
    VS_SEES(13, 0xAAAA)
    SET_G_PAGE(page_b)
    hfence.gvma                                     /* all */
    VS_SEES(14, 0xBBBB)
    SET_G_PAGE(page_a)
    li a2, 1
    hfence.gvma zero, a2                            /* all of VMID 1 */
    VS_SEES(15, 0xAAAA)
    SET_G_PAGE(page_b)
    ENTER_HS                                        /* HFENCE.GVMA from HS (TVM = 0) */
    hfence.gvma
    BACK_TO_M
    VS_SEES(16, 0xBBBB)
    SET_G_PAGE(page_a)
    hfence.gvma
    VS_SEES(20, 0xAAAA)

    /* ---- VMIDs: the second guest's G-stage maps GPA_T to page_b ---- */
    csrw hgatp, s3
    hfence.vvma                                     /* its VS-stage state (same tables) */
    VS_SEES(17, 0xBBBB)
    csrw hgatp, s2
    VS_SEES(18, 0xAAAA)
    csrw vsatp, zero
    csrw hgatp, zero
    hfence.gvma
TEST_END

    .bss
    .balign 16384
g_root:   .skip 16384
g_root2:  .skip 16384
g_l1:     .skip 4096
g_l0:     .skip 4096
g_l1_2:   .skip 4096
g_l0_2:   .skip 4096
vs_root:  .skip 4096
vs_l1_id: .skip 4096
vs_l0_id: .skip 4096
vs_l1:    .skip 4096
vs_l0:    .skip 4096
page_a:   .skip 4096
page_b:   .skip 4096
page_c:   .skip 4096
