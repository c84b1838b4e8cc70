/* Sv39 beyond sv39.S: LR/SC and AMOs through translation, the reservation on the physical
 * address, store/AMO page faults from AMOs and SC, a page table outside DRAM (access fault,
 * docs/isa.md), a global entry kept by an ASID fence, a non-canonical SFENCE.VMA address.
 * Cases whose outcome the architecture leaves to the implementation (a stale TLB entry, an SC
 * without a reservation that faults, PTEs outside main memory) run on our core only. */
#include "mk_test.h"
#include "sv39.h"
#define VA 0x40000000
#define VA_RO 0x40001000
#define VA_XO 0x40002000
#define VA_G 0x40003000
#define VA_BAD 0xC0000000
TEST_BEGIN
    .option norvc
    PMP_ALLOW_ALL
    la a1, page1
    li a2, 100
    sd a2, 0(a1)
    la a1, page2
    li a2, 0x2222
    sd a2, 0(a1)
    la a1, page3
    li a2, 0x3333
    sd a2, 0(a1)
    SV39_IDENTITY(root, l1_id, l0_id)
    PTE_SET_SYM(root, 1, l1_a, PTE_V)
    PTE_SET_SYM(l1_a, 0, l0_a, PTE_V)
    PTE_SET_SYM(l0_a, 0, page1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    PTE_SET_SYM(l0_a, 1, page1, PTE_V | PTE_R | PTE_A)
    PTE_SET_SYM(l0_a, 2, page1, PTE_V | PTE_X | PTE_A)
    PTE_SET_SYM(l0_a, 3, page2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
    PTE_SET_PA(root, 3, 0x1000, PTE_V)      /* pointer to the boot ROM: not main memory */
    SATP_FOR(s1, root, 5)
    csrw satp, s1
    sfence.vma
    IS_MATRYOSHKA_TO_S6
    ENTER_S
    li a1, VA
    li a2, 5
    TEST_CASE(2, a4, 100, amoadd.d a4, a2, 0(a1))
    TEST_CASE(3, a4, 105, ld a4, 0(a1))
    /* reservation on the physical address: LR via VA, SC via the identity alias (QEMU 7.2
     * keeps the reservation on the virtual address) */
    IF_NOT_MATRYOSHKA_S(1f)
    lr.d a4, 0(a1)
    la a3, page1
    li a2, 7
    TEST_CASE(4, a5, 0, sc.d a5, a2, 0(a3))
    TEST_CASE(5, a4, 7, ld a4, 0(a1))
1:
    li a1, VA                               /* page1 = 7 on both paths */
    li a2, 7
    sd a2, 0(a1)
    li a1, VA_RO
    TEST_TRAP_AT_TVAL_REG(6, CAUSE_STORE_PAGE_FAULT, a1, amoswap.d a4, a2, 0(a1))
    IF_NOT_MATRYOSHKA_S(1f)                 /* QEMU fails an SC without a reservation first */
    TEST_TRAP_AT_TVAL_REG(7, CAUSE_STORE_PAGE_FAULT, a1, sc.d a4, a2, 0(a1))
1:
    TEST_CASE(8, a4, 7, lr.d a4, 0(a1))
    li a1, VA_XO
    TEST_TRAP_AT_TVAL_REG(9, CAUSE_LOAD_PAGE_FAULT, a1, lr.d a4, 0(a1))
    IF_NOT_MATRYOSHKA_S(1f)                 /* QEMU walks page tables in the boot ROM */
    li a1, VA_BAD
    TEST_TRAP_AT_TVAL_REG(10, CAUSE_LOAD_ACCESS, a1, ld a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(11, CAUSE_STORE_ACCESS, a1, amoadd.w a4, a2, 0(a1))
1:
    li a1, VA_G
    TEST_CASE(12, a4, 0x2222, lw a4, 0(a1))
    BACK_TO_M
    /* retarget the global page; an ASID fence keeps the global entry (stale) */
    PTE_SET_SYM(l0_a, 3, page3, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
    ENTER_S
    IF_NOT_MATRYOSHKA_S(2f)                 /* stale entries: QEMU flushes its whole TLB */
    li a1, VA_G
    li a2, 5
    sfence.vma zero, a2
    TEST_CASE(13, a4, 0x2222, lw a4, 0(a1))
    li a3, 0x8000000040003000               /* not canonical: no effect */
    sfence.vma a3, zero
    TEST_CASE(14, a4, 0x2222, lw a4, 0(a1))
2:
    li a1, VA_G
    sfence.vma a1, zero
    TEST_CASE(15, a4, 0x3333, lw a4, 0(a1))
    li a1, 0x8000000000000000
    TEST_TRAP_AT_TVAL_REG(16, CAUSE_STORE_PAGE_FAULT, a1, sd a4, 0(a1))
    csrw satp, zero
    BACK_TO_M
    sfence.vma
TEST_END

    .bss
    .balign 4096
root:   .skip 4096
l1_id:  .skip 4096
l0_id:  .skip 4096
l1_a:   .skip 4096
l0_a:   .skip 4096
page1:  .skip 4096
page2:  .skip 4096
page3:  .skip 4096
