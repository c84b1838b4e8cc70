/* PMP (16 entries, G = 0): NAPOT, NA4 and TOR matching, priority of the lowest entry, partial
 * matches, R/W/X for loads, stores and fetches from S and U, no match = denied for S/U, M-mode
 * unaffected unless the entry is locked (L), and locked entries ignore writes. */
#include "mk_test.h"
#define CFG(i, v) ((v) << (8 * (i)))
#define NAPOT_4K(reg, sym) la reg, sym; srli reg, reg, 2; ori reg, reg, 0x1ff

#define LOAD_FAULT(n, reg) TEST_TRAP_AT_TVAL_REG(n, CAUSE_LOAD_ACCESS, reg, lw a4, 0(reg))
#define STORE_FAULT(n, reg) TEST_TRAP_AT_TVAL_REG(n, CAUSE_STORE_ACCESS, reg, sw a4, 0(reg))

TEST_BEGIN
    .option norvc
    /* WARL: with G = 0 all 54 address bits (55:2) are writable, bits 63:54 read 0.
     * QEMU 7.2 keeps all 64 bits: checked on our core only. */
    li a1, -1
    csrw pmpaddr0, a1
    csrr a4, pmpaddr0
    IF_NOT_MATRYOSHKA(1f)
    CHECK(1, a4, 0x003fffffffffffff)
1:
    csrw pmpaddr0, zero
    csrw pmpcfg0, zero
    PMP_ALLOW_ALL                           /* entry 15: background RWX for S/U */

    /* NAPOT, read-only data page */
    NAPOT_4K(a1, pmp_data)
    csrw pmpaddr0, a1
    li a1, CFG(0, PMP_NAPOT | PMP_R)
    csrw pmpcfg0, a1
    la s0, pmp_data
    ENTER_S
    TEST_NO_TRAP(2, lw a4, 0(s0); ld a4, 2040(s0))
    STORE_FAULT(3, s0)
    addi a1, s0, 2044
    STORE_FAULT(4, a1)
    ENTER_U_FROM_S
    TEST_NO_TRAP(5, lw a4, 8(s0))
    STORE_FAULT(6, s0)
    CHECK_TRAP_LEVEL(6, TRAPPED_TO_M(PRV_U))
    BACK_TO_M
    /* M-mode ignores unlocked entries */
    TEST_NO_TRAP(7, sw zero, 0(s0))

    /* priority and NA4: entry 0 (NA4, no access) over the first word, entry 1 (NAPOT, RW)
     * over the page */
    addi a1, s0, 0
    srli a1, a1, 2
    csrw pmpaddr0, a1
    NAPOT_4K(a1, pmp_data)
    csrw pmpaddr1, a1
    li a1, CFG(0, PMP_NA4) | CFG(1, PMP_NAPOT | PMP_R | PMP_W)
    csrw pmpcfg0, a1
    ENTER_S
    LOAD_FAULT(10, s0)
    STORE_FAULT(11, s0)
    addi a1, s0, 4
    TEST_NO_TRAP(12, lw a4, 0(a1); sw a4, 0(a1))
    /* an 8-byte access that only partly matches entry 0 fails */
    TEST_TRAP_AT_TVAL_REG(13, CAUSE_LOAD_ACCESS, s0, ld a4, 0(s0))
    BACK_TO_M

    /* TOR: entry 1 = [pmp_data + 0x100, pmp_data + 0x200) no access (entry 0 is OFF and gives
     * the bottom) */
    addi a1, s0, 0x100
    srli a1, a1, 2
    csrw pmpaddr0, a1
    addi a1, s0, 0x200
    srli a1, a1, 2
    csrw pmpaddr1, a1
    li a1, CFG(0, PMP_OFF) | CFG(1, PMP_TOR)
    csrw pmpcfg0, a1
    ENTER_S
    addi a1, s0, 0x100
    LOAD_FAULT(20, a1)
    addi a1, s0, 0x1fc
    STORE_FAULT(21, a1)
    addi a1, s0, 0xfc
    TEST_NO_TRAP(22, lw a4, 0(a1); sw a4, 0(a1))
    addi a1, s0, 0x200
    TEST_NO_TRAP(23, lw a4, 0(a1); sw a4, 0(a1))
    BACK_TO_M

    /* fetch permission: x_page without X */
    NAPOT_4K(a1, x_page)
    csrw pmpaddr0, a1
    li a1, CFG(0, PMP_NAPOT | PMP_R)
    csrw pmpcfg0, a1
    la s1, x_page
    ENTER_S
    TEST_NO_TRAP(30, lw a4, 0(s1))
    TRAP_RUN(31, jalr ra, 0(s1))
    CHECK_SUB(31, 1, s8, CAUSE_FETCH_ACCESS)
    CHECK_REGS_SUB(31, 2, s9, s1)
    CHECK_REGS_SUB(31, 3, s11, s1)
    BACK_TO_M
    li a1, CFG(0, PMP_NAPOT | PMP_X)
    csrw pmpcfg0, a1
    ENTER_U
    li a4, 0
    TEST_NO_TRAP(32, jalr ra, 0(s1))
    CHECK_SUB(32, 2, a4, 0x77)
    LOAD_FAULT(33, s1)
    BACK_TO_M

    /* no entry matches: S/U accesses fail. Entry 15 = TOR [0, pmp_data) RWX only */
    csrw pmpcfg0, zero
    csrw pmpaddr14, zero
    srli a1, s0, 2
    csrw pmpaddr15, a1
    li a1, (0xff << 56)
    csrc pmpcfg2, a1
    li a1, ((PMP_TOR | PMP_R | PMP_W | PMP_X) << 56)
    csrs pmpcfg2, a1
    ENTER_S
    LOAD_FAULT(40, s0)
    STORE_FAULT(41, s0)
    addi a1, s0, -4
    TEST_NO_TRAP(42, lw a4, 0(a1))          /* just below: inside entry 15 */
    BACK_TO_M
    TEST_NO_TRAP(43, lw a4, 0(s0); sw a4, 0(s0))  /* M: no match = allowed */
    PMP_ALLOW_ALL

    /* locked entry: applies to M too, and ignores later writes */
    NAPOT_4K(a1, pmp_data)
    csrw pmpaddr0, a1
    li a1, CFG(0, PMP_NAPOT | PMP_R | PMP_L)
    csrw pmpcfg0, a1
    TEST_NO_TRAP(50, lw a4, 0(s0))
    STORE_FAULT(51, s0)
    CHECK_TRAP_LEVEL(51, TRAPPED_TO_M(PRV_M))
    li a1, CFG(0, PMP_NAPOT | PMP_R | PMP_W)
    csrw pmpcfg0, a1
    csrr a4, pmpcfg0
    andi a4, a4, 0xff
    CHECK(52, a4, PMP_NAPOT | PMP_R | PMP_L)
    csrr a2, pmpaddr0
    csrw pmpaddr0, zero
    csrr a4, pmpaddr0
    CHECK_REGS_SUB(53, 1, a4, a2)
    STORE_FAULT(54, s0)
    /* unlocked entries beside it still change */
    li a1, 0x1234
    csrw pmpaddr1, a1
    csrr a4, pmpaddr1
    CHECK(55, a4, 0x1234)
TEST_END

    .balign 4096
x_page:
    li a4, 0x77
    ret
    .balign 4096

    .data
    .balign 4096
pmp_data: .skip 4096
