/* RV64M: multiply (low and the three high forms), divide and remainder, W forms; division by
 * zero and signed overflow as the spec defines them (no trap). */
#include "mk_test.h"
#define MIN64 0x8000000000000000
#define MIN32 0xffffffff80000000
TEST_BEGIN
    .option norvc

    TEST_RR_OP(1, mul, 0, 0x00007e00, 0)
    TEST_RR_OP(2, mul, 15, 3, 5)
    TEST_RR_OP(3, mul, 0xfffffffffffffff1, -3, 5)
    TEST_RR_OP(4, mul, MIN64, MIN64, -1)                 /* overflow wraps */
    TEST_RR_OP(5, mul, 0x0000000000000001, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR_OP(6, mulh, 0xffffffffffffffff, -1, 1)
    TEST_RR_OP(7, mulh, 0x4000000000000000, MIN64, MIN64)
    TEST_RR_OP(8, mulh, 0, -1, -1)
    TEST_RR_OP(9, mulhu, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR_OP(10, mulhu, 0x4000000000000000, MIN64, MIN64)
    TEST_RR_OP(11, mulhsu, 0xffffffffffffffff, -1, 0xffffffffffffffff)  /* -1 * (2^64-1) */
    TEST_RR_OP(12, mulhsu, 0xc000000000000000, MIN64, MIN64)
    TEST_RR_OP(13, mulhsu, 0, 1, 0xffffffffffffffff)
    TEST_RR_OP(14, mulw, MIN32, 0x10000, 0x8000)
    TEST_RR_OP(15, mulw, 1, 0xffffffff, 0xffffffff)
    TEST_RR_OP(16, mulw, 0x00000000, 0x100000000, 5)
    TEST_RR_OP(17, mulw, 0xfffffffffffffffe, 0x7fffffff, 2 | 0xabc00000000)
    TEST_RR_ZERODEST(18, mul, 3, 4)
    TEST_RR_ZEROSRC1(19, mulh, 0, -1)
    TEST_RR_SRC1_EQ_DEST(20, mulhu, 1, 0x8000000000000000, 2)

    TEST_RR_OP(30, div, 3, 20, 6)
    TEST_RR_OP(31, div, -3, -20, 6)                      /* rounds toward zero */
    TEST_RR_OP(32, div, -3, 20, -6)
    TEST_RR_OP(33, div, 3, -20, -6)
    TEST_RR_OP(34, div, -1, 20, 0)                       /* divide by zero */
    TEST_RR_OP(35, div, MIN64, MIN64, -1)                /* overflow */
    TEST_RR_OP(36, divu, 0x7fffffffffffffff, 0xffffffffffffffff, 2)
    TEST_RR_OP(37, divu, 0xffffffffffffffff, 20, 0)
    TEST_RR_OP(38, rem, 2, 20, 6)
    TEST_RR_OP(39, rem, -2, -20, 6)                      /* sign of the dividend */
    TEST_RR_OP(40, rem, 2, 20, -6)
    TEST_RR_OP(41, rem, 20, 20, 0)
    TEST_RR_OP(42, rem, 0, MIN64, -1)
    TEST_RR_OP(43, remu, 1, 0xffffffffffffffff, 2)
    TEST_RR_OP(44, remu, MIN64, MIN64, 0)

    TEST_RR_OP(50, divw, 3, 20, 6)
    TEST_RR_OP(51, divw, -3, -20, 6)
    TEST_RR_OP(52, divw, -1, 20, 0)
    TEST_RR_OP(53, divw, MIN32, 0x80000000, -1)         /* 32-bit overflow */
    TEST_RR_OP(54, divw, 5, 0xff0000000a, 0xab00000002)  /* only the low 32 bits count */
    TEST_RR_OP(55, divuw, 0x7fffffff, 0xffffffff, 2)
    TEST_RR_OP(56, divuw, 0xffffffffffffffff, 20, 0)
    TEST_RR_OP(57, divuw, MIN32, 0x80000000, 1)         /* result sign-extended */
    TEST_RR_OP(58, remw, -2, -20, 6)
    TEST_RR_OP(59, remw, MIN32, 0x1280000000, 0)         /* by zero: sext(dividend[31:0]) */
    TEST_RR_OP(60, remw, 0, 0x80000000, -1)
    TEST_RR_OP(61, remuw, 1, 0xffffffff, 2)
    TEST_RR_OP(62, remuw, MIN32, 0x80000000, 0)
    TEST_RR_OP(63, remuw, 0xffffffffffffffff, 0x11ffffffff, 0x100000000)   /* divisor low bits 0 */
    TEST_RR_ZERODEST(64, div, 7, 0)
    TEST_RR_ZEROSRC1(65, divu, 0, 7)
    TEST_RR_ZEROSRC2(66, remu, 7, 7)
TEST_END
