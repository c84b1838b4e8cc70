/* RV64I loads and stores: every width, sign/zero extension, extreme offsets, x0 as data and as
 * destination; fence; fence.i after modifying code (self-modifying code). */
#include "mk_test.h"
TEST_BEGIN
    .option norvc

    TEST_LD_OP(1, lb, 0xffffffffffffff80, 0, bytes)
    TEST_LD_OP(2, lb, 0x7f, 1, bytes)
    TEST_LD_OP(3, lbu, 0x80, 0, bytes)
    TEST_LD_OP(4, lbu, 0xff, 3, bytes)
    TEST_LD_OP(5, lh, 0xffffffffffff8001, 0, halves)
    TEST_LD_OP(6, lh, 0x7ffe, 2, halves)
    TEST_LD_OP(7, lhu, 0x8001, 0, halves)
    TEST_LD_OP(8, lw, 0xffffffff80000001, 0, words)
    TEST_LD_OP(9, lw, 0x7ffffffe, 4, words)
    TEST_LD_OP(10, lwu, 0x80000001, 0, words)
    TEST_LD_OP(11, ld, 0x8000000000000001, 0, dwords)
    TEST_LD_OP(12, ld, 0x0123456789abcdef, 8, dwords)
    TEST_LD_OP(13, ld, 0x0123456789abcdef, -2040, dwords + 2048)   /* negative offset */
    TEST_LD_OP(14, lbu, 0x55, 2047, big)                           /* offset +2047 */
    TEST_LD_OP(15, lbu, 0xaa, -2048, big + 2048)                   /* offset -2048 */
    TEST_CASE(16, x0, 0, la a1, dwords; ld x0, 0(a1))

    TEST_ST_OP(20, lb, sb, 0xffffffffffffffaa, 0xaa, 0, scratch)
    TEST_ST_OP(21, lbu, sb, 0x12, 0xabcdef12, 1, scratch)
    TEST_ST_OP(22, lh, sh, 0xffffffffffffbeef, 0xdeadbeef, 2, scratch)
    TEST_ST_OP(23, lhu, sh, 0xbeef, 0xdeadbeef, 4, scratch)
    TEST_ST_OP(24, lw, sw, 0xffffffffdeadbeef, 0x12deadbeef, 8, scratch)
    TEST_ST_OP(25, lwu, sw, 0xdeadbeef, 0xdeadbeef, 12, scratch)
    TEST_ST_OP(26, ld, sd, 0xfedcba9876543210, 0xfedcba9876543210, 16, scratch)
    TEST_ST_OP(27, ld, sd, 0x1122334455667788, 0x1122334455667788, -8, scratch + 32)
    /* store x0 */
    TEST_CASE(28, a4, 0, la a1, scratch; li a2, -1; sd a2, 24(a1); sd x0, 24(a1); ld a4, 24(a1))
    /* a byte store changes only its byte (little-endian) */
    TEST_CASE(29, a4, 0x11223344556677ee,
              la a1, scratch; li a2, 0x1122334455667788; sd a2, 0(a1); li a3, 0xee; sb a3, 0(a1);
              ld a4, 0(a1))
    TEST_CASE(30, a4, 0x1122334455ee7788,
              la a1, scratch; li a2, 0x1122334455667788; sd a2, 0(a1); li a3, 0xee; sb a3, 2(a1);
              ld a4, 0(a1))
    TEST_CASE(31, a4, 0xaabbccdd55667788,
              la a1, scratch; li a2, 0x1122334455667788; sd a2, 0(a1); li a3, 0xaabbccdd; sw a3, 4(a1);
              ld a4, 0(a1))
    /* load into the base register */
    TEST_CASE(32, a1, 0x0123456789abcdef, la a1, dwords + 8; ld a1, 0(a1))

    /* fence orders; just check it executes */
    TEST_CASE(40, a4, 1, fence; fence rw, rw; fence r, w; fence.tso; li a4, 1)

    /* fence.i: rewrite "addi a4, zero, 1" into "addi a4, zero, 2" and run it */
    li gp, 41
    la a1, patch_site
    li a2, 0x00200713                                    /* addi a4, zero, 2 */
    sw a2, 0(a1)
    fence.i
    jal ra, patch_site
    CHECK(41, a4, 2)
TEST_END

    .align 2
patch_site:
    addi a4, zero, 1
    ret

    .data
    .align 3
bytes:  .byte 0x80, 0x7f, 0x00, 0xff
    .align 3
halves: .half 0x8001, 0x7ffe
    .align 3
words:  .word 0x80000001, 0x7ffffffe
    .align 3
dwords: .dword 0x8000000000000001, 0x0123456789abcdef
    .align 3
scratch: .skip 64
    .align 3
big:    .byte 0xaa
    .skip 2046
    .byte 0x55
