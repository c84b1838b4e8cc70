/* RV64C: every compressed instruction (with its immediate extremes), c.jalr/c.jr links,
 * c.ebreak, compressed illegal encodings, and 32-bit instructions that start at pc % 4 == 2,
 * including one that crosses a page boundary. */
#include "mk_test.h"
TEST_BEGIN
    .option rvc
    mv s0, sp                               /* sp is used as a data pointer below */

    /* --- stack-pointer-based --- */
    la sp, data
    TEST_CASE(1, a0, 0, c.addi4spn a0, sp, 4; la a1, data + 4; sub a0, a0, a1)
    TEST_CASE(2, a0, 0, c.addi4spn a0, sp, 1020; la a1, data + 1020; sub a0, a0, a1)
    TEST_CASE(3, a4, 0xffffffff80000001, c.lwsp a4, 0(sp))
    TEST_CASE(4, a4, 0x0123456789abcdef, c.ldsp a4, 8(sp))
    TEST_CASE(5, a4, 0x55aa55aa, c.lwsp a4, 252(sp))                 /* max offset */
    TEST_CASE(6, a4, 0x1122334455667788, c.ldsp a4, 504(sp))         /* max offset */
    TEST_CASE(7, a4, 0xffffffffcafef00d, li a5, 0x12cafef00d; c.swsp a5, 16(sp); lw a4, 16(sp))
    TEST_CASE(8, a4, 0x12cafef00d, li a5, 0x12cafef00d; c.sdsp a5, 24(sp); ld a4, 24(sp))
    TEST_CASE(9, a4, 0x77, li a5, 0x77; c.swsp a5, 244(sp); lw a4, 244(sp))
    TEST_CASE(10, a4, 0x78, li a5, 0x78; c.sdsp a5, 496(sp); ld a4, 496(sp))
    /* c.addi16sp: multiples of 16, -512..496 */
    TEST_CASE(11, a0, 496, mv a1, sp; c.addi16sp sp, 496; sub a0, sp, a1; mv sp, a1)
    TEST_CASE(12, a0, -512, mv a1, sp; c.addi16sp sp, -512; sub a0, sp, a1; mv sp, a1)
    TEST_CASE(13, a0, 16, mv a1, sp; c.addi16sp sp, 16; sub a0, sp, a1; mv sp, a1)

    /* --- register-based loads/stores (x8-x15) --- */
    la a1, data
    TEST_CASE(20, a4, 0xffffffff80000001, c.lw a4, 0(a1))
    TEST_CASE(21, a4, 0x0123456789abcdef, c.ld a4, 8(a1))
    TEST_CASE(22, a4, 0x55aa55aa, c.lw a4, 124(a1))
    TEST_CASE(23, a4, 0x55aa55aa00000099, c.ld a4, 248(a1))
    TEST_CASE(24, a4, 0xfffffffff00df00d, li a5, 0xf00df00d; c.sw a5, 32(a1); lw a4, 32(a1))
    TEST_CASE(25, a4, 0x8765432112345678, li a5, 0x8765432112345678; c.sd a5, 40(a1); ld a4, 40(a1))
    TEST_CASE(26, a4, 0x66, li a5, 0x66; c.sd a5, 240(a1); ld a4, 240(a1))
    /* stores at the largest offsets, after the loads above used that data */
    TEST_CASE(27, a4, 0x55, li a5, 0x55; c.swsp a5, 252(sp); lw a4, 252(sp))
    TEST_CASE(28, a4, 0x56, li a5, 0x56; c.sw a5, 124(a1); lw a4, 124(a1))
    TEST_CASE(29, a4, 0x57, li a5, 0x57; c.sd a5, 248(a1); ld a4, 248(a1))

    /* --- constants and immediate arithmetic --- */
    TEST_CASE(30, a4, -32, c.li a4, -32)
    TEST_CASE(31, a4, 31, c.li a4, 31)
    TEST_CASE(32, a4, 0x1f000, c.lui a4, 0x1f)
    TEST_CASE(33, a4, 0xfffffffffffe0000, c.lui a4, 0xfffe0)           /* sign-extended */
    TEST_CASE(34, a4, 0x1000, c.lui a4, 1)
    TEST_CASE(35, a4, 9, li a4, 41; c.addi a4, -32)
    TEST_CASE(36, a4, 72, li a4, 41; c.addi a4, 31)
    TEST_CASE(37, a4, 0xffffffff80000000, li a4, 0x7fffffff; c.addiw a4, 1)
    TEST_CASE(38, a4, 0xffffffffffffffff, li a4, 0xffffffff; c.addiw a4, 0)  /* sext.w */
    TEST_CASE(39, a4, 0x20, li a4, 0x20; c.nop)
    /* shifts: shamt 1..63 */
    TEST_CASE(40, a4, 0x8000000000000000, li a4, 1; c.slli a4, 63)
    TEST_CASE(41, a4, 1, li a4, 0x8000000000000000; c.srli a4, 63)
    TEST_CASE(42, a4, 0xffffffff80000000, li a4, 0x8000000000000000; c.srai a4, 32)
    TEST_CASE(43, a4, 0x7fffffff, li a4, 0xffffffff; c.srli a4, 1)
    TEST_CASE(44, a4, 0x10, li a4, 0x3f; c.andi a4, 0x10)
    TEST_CASE(45, a4, 0xffffffffffffffe0 & 0x123456789, li a4, 0x123456789; c.andi a4, -32)
    TEST_CASE(46, ra, 0x4, li ra, 1; c.slli ra, 2)                   /* c.slli on any register */

    /* --- register-register --- */
    TEST_CASE(50, a4, 2, li a4, 5; li a5, 3; c.sub a4, a5)
    TEST_CASE(51, a4, 6, li a4, 5; li a5, 3; c.xor a4, a5)
    TEST_CASE(52, a4, 7, li a4, 5; li a5, 3; c.or a4, a5)
    TEST_CASE(53, a4, 1, li a4, 5; li a5, 3; c.and a4, a5)
    TEST_CASE(54, a4, 0xffffffff80000000, li a4, 0x7fffffff; li a5, -1; c.subw a4, a5)
    TEST_CASE(55, a4, 0xffffffff80000000, li a4, 0x7fffffff; li a5, 1; c.addw a4, a5)
    TEST_CASE(56, t3, 0x1234, li t1, 0x1234; c.mv t3, t1)
    TEST_CASE(57, t3, 0x1235, li t3, 1; li t1, 0x1234; c.add t3, t1)

    /* --- control transfer --- */
    li gp, 60
    c.j 1f
    j fail
1:  li gp, 61
    li a1, 0
    c.beqz a1, 1f
    j fail
1:  li gp, 62
    li a1, 0x100000000                      /* only the whole register being 0 counts */
    c.beqz a1, 2f
    c.bnez a1, 1f
2:  j fail
1:  li gp, 63
    li a1, 0
    c.bnez a1, 2f
    j 1f
2:  j fail
1:  /* c.jr: to an address in a register */
    li gp, 64
    la a1, 1f
    c.jr a1
    j fail
1:  /* c.jalr: ra = pc + 2 */
    li gp, 65
    la a1, 5f
    la a2, 4f
    c.jalr a1
4:  j fail
5:  CHECK_REGS_SUB(65, 1, ra, a2)
    /* backward c.j and c.beqz */
    li gp, 67
    li a3, 3
6:  c.addi a3, -1
    c.bnez a3, 6b
    CHECK(67, a3, 0)

    /* --- c.ebreak: breakpoint at its own pc --- */
    TRAP_RUN(70, c.ebreak)
    CHECK_SUB(70, 1, s8, CAUSE_BREAKPOINT)
    CHECK_TRAP_EPC(70)
    IF_NOT_MATRYOSHKA(1f)                   /* tval = pc is our choice; QEMU 7.2 writes 0 */
    CHECK_REGS_SUB(70, 2, s9, s11)
1:

    /* --- illegal compressed encodings: tval = the 16 instruction bits --- */
    TEST_TRAP_AT(71, CAUSE_ILLEGAL_INSN, 0, .half 0x0000)               /* all zeros */
    TEST_TRAP_AT(72, CAUSE_ILLEGAL_INSN, 0x2008, .half 0x2008)          /* c.fld: no D */
    TEST_TRAP_AT(73, CAUSE_ILLEGAL_INSN, 0xa002, .half 0xa002)          /* c.fsdsp: no D */

    /* --- 32-bit instructions at pc % 4 == 2 --- */
    li gp, 80
    .balign 4
    c.nop                                   /* so the lui below starts at pc % 4 == 2 */
    .option push
    .option norvc
9:  lui a4, 0x12345
    addi a4, a4, 0x678
    .option pop
    la a1, 9b
    andi a1, a1, 3
    CHECK_SUB(80, 1, a1, 2)
    CHECK(80, a4, 0x12345678)
    /* a 32-bit instruction that straddles a 4 KiB page boundary */
    li gp, 81
    j 1f
    .balign 4096
    .skip 4096 - 8
1:  .option push
    .option norvc
    nop
    .half 0x0001                            /* c.nop */
9:  addi a4, zero, 0x5a5                    /* bytes 4094..4097 of the page */
    .option pop
    la a1, 9b
    slli a1, a1, 52
    srli a1, a1, 52
    CHECK_SUB(81, 1, a1, 0xffe)
    CHECK(81, a4, 0x5a5)

    mv sp, s0
TEST_END

    .data
    .align 4
data:
    .word 0x80000001, 0
    .dword 0x0123456789abcdef
    .org data + 124
    .word 0x55aa55aa
    .org data + 248
    .dword 0x55aa55aa00000099
    .org data + 504
    .dword 0x1122334455667788
    .org data + 1024
