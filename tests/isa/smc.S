/* Self-modifying code: stores to instructions that have already executed (and so may sit in a
 * decoded-instruction cache) must take effect. FENCE.I makes this required by the spec on any
 * implementation; the model also guarantees it without FENCE.I, but the test only relies on
 * what the spec guarantees, so it is valid on QEMU too. */
#include "mk_test.h"
TEST_BEGIN
    .option norvc
    /* 1: an instruction executed twice, then rewritten, runs the new bits. */
    li gp, 1
    li a4, 0
    li s0, 0
    la a1, 2f
    li a2, 0x01070713           /* addi a4, a4, 16 */
    .balign 4
1:  addi s0, s0, 1
2:  addi a4, a4, 1              /* rewritten on the third pass */
    li t0, 3
    bne s0, t0, 3f
    sw a2, 0(a1)
    fence.i
3:  li t0, 5
    blt s0, t0, 1b
    CHECK(1, a4, 1 + 1 + 1 + 16 + 16)   /* the store happens after the third pass ran it */
    /* 2: the instruction right after the store (already executed once) changes too. */
    li gp, 2
    li s0, 0
    la a1, 5f
    li a2, 0x06400793           /* addi a5, zero, 100 */
4:  li a5, 0
    addi s0, s0, 1
    li t0, 2
    bne s0, t0, 5f
    sw a2, 0(a1)
    fence.i
    .balign 4
5:  addi a5, zero, 7
    li t0, 2
    blt s0, t0, 4b
    CHECK(2, a5, 100)
    /* 3: a compressed instruction overwritten by a 32-bit one across its successor. */
    li gp, 3
    li s0, 0
    la a1, 7f
    li a3, 0x02a00613           /* addi a2, zero, 42 (replaces c.li a2, 1 + c.nop) */
6:  addi s0, s0, 1
    li t0, 2
    bne s0, t0, 7f
    sw a3, 0(a1)
    fence.i
    .balign 4
    .option rvc
7:  c.li a2, 1
    c.nop
    .option norvc
    li t0, 2
    blt s0, t0, 6b
    CHECK(3, a2, 42)
TEST_END
