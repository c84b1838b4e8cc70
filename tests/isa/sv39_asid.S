/* Sv39 ASIDs and sfence.vma: two address spaces (ASID 1 and 2) map the same VA to different
 * pages; switching satp without a fence is enough between ASIDs; a changed PTE is only
 * guaranteed visible after sfence.vma (by address, by ASID, or all); our TLB keeps the stale
 * entry until then (checked on our core only); global mappings. */
#include "mk_test.h"
#include "sv39.h"
#define VA 0x40000000
#define VA_G 0x40001000
TEST_BEGIN
    .option norvc
    PMP_ALLOW_ALL
    IS_MATRYOSHKA_TO_S6
    la a1, page1
    li a2, 0x1111
    sd a2, 0(a1)
    la a1, page2
    li a2, 0x2222
    sd a2, 0(a1)
    la a1, page3
    li a2, 0x3333
    sd a2, 0(a1)
    /* space A (root_a): VA -> page1; space B (root_b): VA -> page2; both identity-map DRAM */
    SV39_IDENTITY(root_a, l1_id, l0_id)
    PTE_SET_SYM(root_b, 2, l1_id, PTE_V)
    PTE_SET_SYM(root_a, 1, l1_a, PTE_V)
    PTE_SET_SYM(root_b, 1, l1_b, PTE_V)
    PTE_SET_SYM(l1_a, 0, l0_a, PTE_V)
    PTE_SET_SYM(l1_b, 0, l0_b, PTE_V)
    PTE_SET_SYM(l0_a, 0, page1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    PTE_SET_SYM(l0_b, 0, page2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    /* a global page in both spaces */
    PTE_SET_SYM(l0_a, 1, page3, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
    PTE_SET_SYM(l0_b, 1, page3, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
    SATP_FOR(s1, root_a, 1)
    SATP_FOR(s2, root_b, 2)
    SATP_FOR(s3, root_a, 0xffff)
    csrw satp, s3
    csrr a4, satp
    CHECK_REGS_SUB(1, 1, a4, s3)            /* ASIDLEN = 16: all ASID bits stick */
    csrw satp, zero
    sfence.vma

    ENTER_S
    li a1, VA
    csrw satp, s1
    sfence.vma
    TEST_CASE(2, a4, 0x1111, ld a4, 0(a1))
    csrw satp, s2                           /* other ASID: no fence needed */
    TEST_CASE(3, a4, 0x2222, ld a4, 0(a1))
    csrw satp, s1
    TEST_CASE(4, a4, 0x1111, ld a4, 0(a1))
    li a3, VA_G
    TEST_CASE(5, a4, 0x3333, ld a4, 0(a3))
    csrw satp, s2
    TEST_CASE(6, a4, 0x3333, ld a4, 0(a3))
    BACK_TO_M

    /* change space A's PTE to page3, without a fence */
    PTE_SET_SYM(l0_a, 0, page3, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    /* our TLB keeps the old translation until sfence.vma (QEMU gives no such guarantee) */
    IF_NOT_MATRYOSHKA(1f)
    ENTER_S
    csrw satp, s1
    li a1, VA
    TEST_CASE(10, a4, 0x1111, ld a4, 0(a1))
    BACK_TO_M
1:
    /* sfence.vma for another ASID leaves space B's entry alone */
    ENTER_S
    csrw satp, s1
    li a1, VA
    li a2, 2
    sfence.vma zero, a2
    IF_NOT_MATRYOSHKA_S(2f)
    TEST_CASE(11, a4, 0x1111, ld a4, 0(a1))
2:  /* sfence.vma for ASID 1: the new mapping */
    li a2, 1
    sfence.vma zero, a2
    TEST_CASE(12, a4, 0x3333, ld a4, 0(a1))
    /* by address: change space B's PTE, fence that VA only */
    BACK_TO_M
    PTE_SET_SYM(l0_b, 0, page1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    ENTER_S
    csrw satp, s2
    li a1, VA
    sfence.vma a1, zero
    TEST_CASE(13, a4, 0x1111, ld a4, 0(a1))
    /* a fence for VA and ASID together */
    BACK_TO_M
    PTE_SET_SYM(l0_b, 0, page2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    ENTER_S
    li a1, VA
    li a2, 2
    sfence.vma a1, a2
    TEST_CASE(14, a4, 0x2222, ld a4, 0(a1))
    /* make the page invalid: after the fence it faults */
    BACK_TO_M
    PTE_SET_SYM(l0_b, 0, page2, 0)
    ENTER_S
    sfence.vma
    li a1, VA
    TEST_TRAP_AT_TVAL_REG(15, CAUSE_LOAD_PAGE_FAULT, a1, ld a4, 0(a1))
    csrw satp, zero
    BACK_TO_M
    sfence.vma
TEST_END

    .bss
    .balign 4096
root_a: .skip 4096
root_b: .skip 4096
l1_id:  .skip 4096
l0_id:  .skip 4096
l1_a:   .skip 4096
l1_b:   .skip 4096
l0_a:   .skip 4096
l0_b:   .skip 4096
page1:  .skip 4096
page2:  .skip 4096
page3:  .skip 4096
