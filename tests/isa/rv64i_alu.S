/* RV64I register-register and register-immediate arithmetic, logic, shifts, compares, lui and
 * auipc: edge values (overflow, sign extension of W results, extreme immediates, x0). */
#include "mk_test.h"
TEST_BEGIN
    .option norvc           /* exercise the 32-bit encodings only */

    /* add / addi / sub: wrap-around, x0 */
    TEST_RR_OP(1, add, 0, 1, -1)
    TEST_RR_OP(2, add, 0x8000000000000000, 0x7fffffffffffffff, 1)
    TEST_RR_OP(3, add, 0xfffffffffffffffe, 0x7fffffffffffffff, 0x7fffffffffffffff)
    TEST_RR_SRC1_EQ_DEST(4, add, 24, 13, 11)
    TEST_RR_ZERODEST(5, add, 5, 6)
    TEST_RR_ZEROSRC1(6, add, 0x1234, 0x1234)
    TEST_RR_ZEROSRC2(7, add, -7, -7)
    TEST_IMM_OP(8, addi, 0x800007fe, 0x7fffffff, 0x7ff)
    TEST_IMM_OP(9, addi, 0xfffffffffffff800, 0, -2048)
    TEST_IMM_OP(10, addi, 0x7fffffffffffffff, 0x8000000000000000, -1)
    TEST_IMM_ZERODEST(11, addi, 3, 5)
    TEST_IMM_ZEROSRC(12, addi, 2047, 2047)
    TEST_RR_OP(13, sub, 0x8000000000000000, 0, 0x8000000000000000)
    TEST_RR_OP(14, sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
    TEST_RR_ZEROSRC1(15, sub, -5, 5)
    TEST_RR_ZERODEST(16, sub, 1, 2)

    /* W forms: 32-bit result, sign-extended */
    TEST_RR_OP(20, addw, 0xffffffff80000000, 0x7fffffff, 1)
    TEST_RR_OP(21, addw, 0, 0xffffffff, 1)
    TEST_RR_OP(22, addw, 0x12345678, 0xabcdef0012345678, 0)
    TEST_IMM_OP(23, addiw, 0xffffffff80000000, 0x7fffffff, 1)
    TEST_IMM_OP(24, addiw, 0x7ff, 0xffffffff00000000, 0x7ff)
    TEST_IMM_OP(25, addiw, 0xfffffffffffff800, 0, -2048)
    TEST_IMM_OP(26, addiw, 0xffffffffffffffff, 0x00000000ffffffff, 0)   /* sext.w */
    TEST_RR_OP(27, subw, 0x7fffffff, 0x80000000, 1)
    TEST_RR_OP(28, subw, 0xffffffffffffffff, 0x100000000, 1)
    TEST_RR_ZERODEST(29, addw, 1, 2)
    TEST_IMM_ZERODEST(30, addiw, 1, 2)

    /* logic */
    TEST_RR_OP(40, and, 0x0f000f00, 0xff00ff00, 0x0f0f0f0f)
    TEST_RR_OP(41, or, 0xfff0fff0ff, 0xff00ff00ff, 0x00f000f00f)
    TEST_RR_OP(42, xor, 0xf00ff00f, 0xff00ff00, 0x0f0f0f0f)
    TEST_IMM_OP(43, andi, 0xffffffffff00ff00, 0xffffffffff00ff00, -1)
    TEST_IMM_OP(44, andi, 0x700, 0xff00ff00ff00ff00, 0x7ff)
    TEST_IMM_OP(45, ori, 0xfffffffffffff80f, 0x0f, -2048)
    TEST_IMM_OP(46, xori, 0xedcba98765432100 ^ 0xffffffffffffffff, 0xedcba98765432100, -1)
    TEST_IMM_OP(47, xori, 0x7ff, 0, 0x7ff)
    TEST_RR_ZERODEST(48, xor, 1, 2)
    TEST_IMM_ZERODEST(49, ori, 1, 2)

    /* shifts: amounts 0, 31, 32, 63, only the low 6 (RV64) or 5 (W) bits of rs2 count */
    TEST_RR_OP(60, sll, 0x8000000000000000, 1, 63)
    TEST_RR_OP(61, sll, 0x100000000, 1, 32)
    TEST_RR_OP(62, sll, 2, 1, 65)                       /* 65 & 63 = 1 */
    TEST_RR_OP(63, srl, 1, 0x8000000000000000, 63)
    TEST_RR_OP(64, srl, 0x8000000000000000, 0x8000000000000000, 64)
    TEST_RR_OP(65, sra, 0xffffffffffffffff, 0x8000000000000000, 63)
    TEST_RR_OP(66, sra, 0xffffffff80000000, 0x8000000000000000, 32)
    TEST_RR_OP(67, sra, 0x3fffffffffffffff, 0x7fffffffffffffff, 1)
    TEST_IMM_OP(68, slli, 0x8000000000000000, 1, 63)
    TEST_IMM_OP(69, srli, 0x00000000ffffffff, 0xffffffffffffffff, 32)
    TEST_IMM_OP(70, srai, 0xfffffffffffffff0, 0x8000000000000000, 59)
    TEST_IMM_OP(71, srai, 0x1234, 0x1234, 0)
    TEST_RR_OP(72, sllw, 0xffffffff80000000, 1, 31)
    TEST_RR_OP(73, sllw, 1, 1, 32)                      /* 32 & 31 = 0 */
    TEST_RR_OP(74, sllw, 0, 0xffffffff80000000, 1)
    TEST_RR_OP(75, srlw, 1, 0xffffffff80000000, 31)
    TEST_RR_OP(76, srlw, 0x7fffffff, 0xffffffffffffffff, 1)
    TEST_RR_OP(77, srlw, 0xffffffff80000000, 0x80000000, 0)  /* result sign-extended */
    TEST_RR_OP(78, sraw, 0xffffffffffffffff, 0x80000000, 31)
    TEST_RR_OP(79, sraw, 0x3fffffff, 0xffffffff7fffffff, 1)  /* upper bits ignored */
    TEST_IMM_OP(80, slliw, 0xffffffff80000000, 1, 31)
    TEST_IMM_OP(81, slliw, 0x12345678, 0xab12345678, 0)
    TEST_IMM_OP(82, srliw, 1, 0x80000000, 31)
    TEST_IMM_OP(83, srliw, 0xffffffff80000000, 0x1180000000, 0)
    TEST_IMM_OP(84, sraiw, 0xffffffffffffffff, 0x80000000, 31)
    TEST_IMM_OP(85, sraiw, 0xfffffffff8000000, 0x80000000, 4)
    TEST_RR_ZERODEST(86, sll, 1, 2)
    TEST_IMM_ZERODEST(87, srai, 0x80, 2)
    TEST_RR_ZEROSRC1(88, sra, 0, 5)

    /* compares */
    TEST_RR_OP(100, slt, 1, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_RR_OP(101, slt, 0, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_RR_OP(102, slt, 0, 5, 5)
    TEST_RR_OP(103, sltu, 0, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_RR_OP(104, sltu, 1, 0, 0xffffffffffffffff)
    TEST_RR_ZEROSRC1(105, sltu, 1, 1)                   /* snez */
    TEST_RR_ZEROSRC1(106, slt, 0, -1)
    TEST_IMM_OP(107, slti, 1, -2049, -2048)
    TEST_IMM_OP(108, slti, 0, 2047, 2047)
    TEST_IMM_OP(109, sltiu, 1, 0, -1)                   /* imm sign-extends, then compares unsigned */
    TEST_IMM_OP(110, sltiu, 0, 0xffffffffffffffff, -1)
    TEST_IMM_OP(111, sltiu, 1, 0, 1)                    /* seqz */
    TEST_IMM_ZERODEST(112, slti, -1, 0)

    /* lui / auipc */
    TEST_CASE(120, a4, 0xffffffff80000000, lui a4, 0x80000)
    TEST_CASE(121, a4, 0x7ffff000, lui a4, 0x7ffff)
    TEST_CASE(122, a4, 0, lui a4, 0)
    TEST_CASE(123, x0, 0, lui x0, 0x12345)
    TEST_CASE(124, a4, 0, la a1, 1f; 1: auipc a2, 0; sub a4, a2, a1)
    TEST_CASE(125, a4, 0xffffffff80000000, la a1, 1f; 1: auipc a2, 0x80000; sub a4, a2, a1)
    TEST_CASE(126, a4, 0x7ffff000, la a1, 1f; 1: auipc a2, 0x7ffff; sub a4, a2, a1)
    TEST_CASE(127, x0, 0, auipc x0, 1)

    /* nop and writes to x0 */
    TEST_CASE(130, x0, 0, li t0, 55; add x0, t0, t0; nop)
TEST_END
