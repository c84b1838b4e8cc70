/* RV64I control transfer: conditional branches (signed/unsigned edges, both directions),
 * jal and jalr (link value, rd = x0, rd = rs1, bit 0 of the target cleared). */
#include "mk_test.h"
TEST_BEGIN
    .option norvc

    TEST_BR_TAKEN(1, beq, 0, 0)
    TEST_BR_TAKEN(2, beq, -1, -1)
    TEST_BR_NOT_TAKEN(3, beq, 0, 1)
    TEST_BR_NOT_TAKEN(4, beq, 0x100000000, 0)           /* all 64 bits compared */
    TEST_BR_TAKEN(5, bne, 0x100000000, 0)
    TEST_BR_NOT_TAKEN(6, bne, 7, 7)
    TEST_BR_TAKEN(7, blt, 0x8000000000000000, 0)
    TEST_BR_TAKEN(8, blt, -2, -1)
    TEST_BR_NOT_TAKEN(9, blt, 0, 0x8000000000000000)
    TEST_BR_NOT_TAKEN(10, blt, 3, 3)
    TEST_BR_TAKEN(11, bge, 3, 3)
    TEST_BR_TAKEN(12, bge, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_BR_NOT_TAKEN(13, bge, -1, 0)
    TEST_BR_TAKEN(14, bltu, 0, 0x8000000000000000)
    TEST_BR_TAKEN(15, bltu, 0x7fffffffffffffff, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(16, bltu, 0xffffffffffffffff, 0)
    TEST_BR_NOT_TAKEN(17, bltu, 9, 9)
    TEST_BR_TAKEN(18, bgeu, 0xffffffffffffffff, 0)
    TEST_BR_TAKEN(19, bgeu, 9, 9)
    TEST_BR_NOT_TAKEN(20, bgeu, 0, 1)

    /* backward branch */
    li gp, 21
    li a1, 3
    li a2, 0
1:  addi a2, a2, 1
    addi a1, a1, -1
    bnez a1, 1b
    CHECK(21, a2, 3)

    /* x0 as a branch operand */
    li gp, 22
    beq x0, x0, 1f
    j fail
1:  li a1, 1
    bltu x0, a1, 1f
    j fail
1:

    /* jal: link = pc + 4, rd = x0 does not write */
    li gp, 30
    la a3, 2f
    jal a1, 1f
2:  j fail
1:  CHECK_REGS_SUB(30, 1, a1, a3)
    TEST_CASE(31, x0, 0, jal x0, 1f; j fail; 1:)
    /* jal backwards over a long distance */
    li gp, 32
    j 3f
4:  j 5f
    .skip 2000
3:  jal zero, 4b
5:

    /* jalr: target = (rs1 + imm) & ~1; link = pc + 4; rd = rs1 uses the old rs1 */
    li gp, 40
    la a1, 1f
    la a3, 2f
    jalr a2, 0(a1)
2:  j fail
1:  CHECK_REGS_SUB(40, 1, a2, a3)
    li gp, 41
    la a1, 1f + 1                                        /* odd target: bit 0 is cleared */
    jalr x0, 0(a1)
    j fail
1:
    li gp, 42
    la a1, 1f - 16
    jalr a1, 16(a1)
2:  j fail
1:  CHECK_ADDR_SUB(42, 1, a1, 2b)
    li gp, 43
    la a1, 1f + 2047
    jalr x0, -2047(a1)
    j fail
1:
    /* call/ret through ra */
    li gp, 44
    li a0, 5
    call double_a0
    CHECK(44, a0, 10)
TEST_END

double_a0:
    add a0, a0, a0
    ret
