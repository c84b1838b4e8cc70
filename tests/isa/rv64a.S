/* RV64A: LR/SC (success, failure without a reservation, failure to another address,
 * reservation cleared by SC), every AMO in .w and .d form with the ordering bits, sign
 * extension of .w results, rd = x0, and misaligned LR/SC/AMO (they trap). */
#include "mk_test.h"

/* AMO on a word/dword preset to init: check n.1 the returned old value, n.2 the new memory. */
#define TEST_AMO_W(n, inst, init, operand, ret, mem) \
    li gp, n; la a1, amo_w; li a2, init; sw a2, 0(a1); li a3, operand; inst a4, a3, (a1); \
    CHECK_SUB(n, 1, a4, ret); lw a5, 0(a1); CHECK_SUB(n, 2, a5, mem)
#define TEST_AMO_D(n, inst, init, operand, ret, mem) \
    li gp, n; la a1, amo_d; li a2, init; sd a2, 0(a1); li a3, operand; inst a4, a3, (a1); \
    CHECK_SUB(n, 1, a4, ret); ld a5, 0(a1); CHECK_SUB(n, 2, a5, mem)

TEST_BEGIN
    .option norvc

    /* LR/SC success: sc writes 0 and stores */
    li gp, 1
    la a1, amo_d
    li a2, 0x1111
    sd a2, 0(a1)
    lr.d a4, (a1)
    CHECK_SUB(1, 1, a4, 0x1111)
    li a3, 0x2222
    sc.d a5, a3, (a1)
    CHECK_SUB(1, 2, a5, 0)
    ld a6, 0(a1)
    CHECK_SUB(1, 3, a6, 0x2222)
    /* the reservation is gone after an SC: a second SC fails and does not store */
    li a3, 0x3333
    sc.d a5, a3, (a1)
    CHECK_SUB(2, 1, a5, 1)
    ld a6, 0(a1)
    CHECK_SUB(2, 2, a6, 0x2222)

    /* lr.w sign-extends, sc.w stores 32 bits */
    li gp, 3
    la a1, amo_w
    li a2, 0x80000000
    sw a2, 0(a1)
    sw zero, 4(a1)
    lr.w.aq a4, (a1)
    CHECK_SUB(3, 1, a4, 0xffffffff80000000)
    li a3, 0xaaaaaaaa55555555
    sc.w.rl a5, a3, (a1)
    CHECK_SUB(3, 2, a5, 0)
    ld a6, 0(a1)
    CHECK_SUB(3, 3, a6, 0x0000000055555555)

    /* SC to an address outside the reserved one fails and does not store */
    li gp, 4
    la a1, amo_d
    la a2, far_d
    sd zero, 0(a2)
    lr.d a4, (a1)
    li a3, 0x77
    sc.d a5, a3, (a2)
    CHECK_SUB(4, 1, a5, 1)
    ld a6, 0(a2)
    CHECK_SUB(4, 2, a6, 0)

    /* SC with no LR at all (the reservation was consumed by test 4's SC) */
    li gp, 5
    la a1, amo_w
    li a3, 0x99
    sc.w a5, a3, (a1)
    CHECK_SUB(5, 1, a5, 1)

    /* LR/SC with rd = x0 for sc still performs the store */
    li gp, 6
    la a1, amo_d
    lr.d a4, (a1)
    li a3, 0x4444
    sc.d x0, a3, (a1)
    ld a6, 0(a1)
    CHECK_SUB(6, 1, a6, 0x4444)
    /* an LR/SC loop (increment) */
    li gp, 7
1:  lr.d a4, (a1)
    addi a4, a4, 1
    sc.d a5, a4, (a1)
    bnez a5, 1b
    ld a6, 0(a1)
    CHECK(7, a6, 0x4445)

    /* AMO .w: old value sign-extended into rd, 32-bit memory update */
    TEST_AMO_W(10, amoswap.w, 0x80000000, 0x1234, 0xffffffff80000000, 0x1234)
    TEST_AMO_W(11, amoadd.w, 0x7fffffff, 1, 0x7fffffff, 0xffffffff80000000)
    TEST_AMO_W(12, amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0xfffffffff0f0f0f0)
    TEST_AMO_W(13, amoand.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0x0f000f00)
    TEST_AMO_W(14, amoor.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0xfffffffffff0fff0)
    TEST_AMO_W(15, amomin.w, 0x80000000, 1, 0xffffffff80000000, 0xffffffff80000000)
    TEST_AMO_W(16, amomin.w, 5, 0xfffffffffffffffe, 5, 0xfffffffffffffffe)
    TEST_AMO_W(17, amomax.w, 0x80000000, 1, 0xffffffff80000000, 1)
    TEST_AMO_W(18, amominu.w, 0x80000000, 1, 0xffffffff80000000, 1)
    TEST_AMO_W(19, amomaxu.w, 0x80000000, 1, 0xffffffff80000000, 0xffffffff80000000)
    /* .w compares only the low 32 bits of rs2 */
    TEST_AMO_W(20, amomax.w, 0, 0x00000001ffffffff, 0, 0)
    TEST_AMO_W(21, amomaxu.w, 0, 0x00000001ffffffff, 0, 0xffffffffffffffff)
    TEST_AMO_W(22, amoadd.w.aqrl, 1, 2, 1, 3)
    TEST_AMO_W(23, amoswap.w.aq, 1, 2, 1, 2)
    TEST_AMO_W(24, amoor.w.rl, 1, 2, 1, 3)

    TEST_AMO_D(30, amoswap.d, 0x8000000000000000, 0x1234, 0x8000000000000000, 0x1234)
    TEST_AMO_D(31, amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_AMO_D(32, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
    TEST_AMO_D(33, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
    TEST_AMO_D(34, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
    TEST_AMO_D(35, amomin.d, 0x8000000000000000, 1, 0x8000000000000000, 0x8000000000000000)
    TEST_AMO_D(36, amomax.d, 0x8000000000000000, 1, 0x8000000000000000, 1)
    TEST_AMO_D(37, amominu.d, 0x8000000000000000, 1, 0x8000000000000000, 1)
    TEST_AMO_D(38, amomaxu.d, 0x8000000000000000, 1, 0x8000000000000000, 0x8000000000000000)
    TEST_AMO_D(39, amomin.d, -1, -2, -1, -2)
    TEST_AMO_D(40, amomaxu.d.aqrl, 5, 4, 5, 5)
    /* rd = x0: memory still updated */
    TEST_AMO_D(41, amoadd.d, 10, 5, 10, 15)
    li gp, 41
    la a1, amo_d
    li a3, 7
    amoadd.d x0, a3, (a1)
    ld a5, 0(a1)
    CHECK_SUB(41, 3, a5, 22)
    /* rd = rs2 */
    li gp, 42
    la a1, amo_d
    li a3, 100
    amoswap.d a3, a3, (a1)
    CHECK_SUB(42, 1, a3, 22)
    ld a5, 0(a1)
    CHECK_SUB(42, 2, a5, 100)

    /* misaligned: LR raises a load misaligned, SC/AMO a store/AMO misaligned; tval = address.
     * QEMU 7.2 reports a misaligned AMO as a *load* misaligned (cause 4), against the spec;
     * docs/qemu-deviations.md. s6 = the cause expected on this platform. */
    li s6, CAUSE_MISALIGNED_STORE
    IF_MATRYOSHKA(1f)
    li s6, CAUSE_MISALIGNED_LOAD
1:  la a1, amo_d
    addi a1, a1, 4
    TRAP_RUN(50, amoadd.d a4, a3, (a1))
    CHECK_REGS_SUB(50, 1, s8, s6)
    CHECK_REGS_SUB(50, 2, s9, a1)
    CHECK_TRAP_EPC(50)
    la a1, amo_w
    addi a1, a1, 2
    TRAP_RUN(51, amoswap.w a4, a3, (a1))
    CHECK_REGS_SUB(51, 1, s8, s6)
    CHECK_REGS_SUB(51, 2, s9, a1)
    CHECK_TRAP_EPC(51)
    TEST_TRAP_AT_TVAL_REG(52, CAUSE_MISALIGNED_LOAD, a1, lr.w a4, (a1))
    /* QEMU 7.2 fails a misaligned SC without a reservation silently (it compares the address
     * with the reservation before checking alignment): checked on our core only. */
    IF_NOT_MATRYOSHKA(1f)
    TEST_TRAP_AT_TVAL_REG(53, CAUSE_MISALIGNED_STORE, a1, sc.w a4, a3, (a1))
1:
TEST_END

    .data
    .align 6
amo_w:  .dword 0
    .align 6
amo_d:  .dword 0
    .align 12
far_d:  .dword 0
