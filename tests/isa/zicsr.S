/* Zicsr: all six instructions, their x0 rules (no write with rs1 = x0 / uimm = 0, no read
 * side effects with rd = x0), read-only and privileged CSRs, unknown CSRs, the ID CSRs, misa. */
#include "mk_test.h"
TEST_BEGIN
    .option norvc

    /* csrrw: returns the old value */
    TEST_CASE(1, a4, 0, csrw sscratch, zero; li a1, 0x1234; csrrw a4, sscratch, a1)
    TEST_CASE(2, a4, 0x1234, li a1, -1; csrrw a4, sscratch, a1)
    TEST_CASE(3, a4, -1, csrr a4, sscratch)
    /* csrrs / csrrc: set and clear the bits of rs1 */
    TEST_CASE(4, a4, 0xf0, li a1, 0xf0; csrw sscratch, a1; li a2, 0x0f; csrrs a4, sscratch, a2)
    TEST_CASE(5, a4, 0xff, csrr a4, sscratch)
    TEST_CASE(6, a4, 0xff, li a2, 0xf0; csrrc a4, sscratch, a2)
    TEST_CASE(7, a4, 0x0f, csrr a4, sscratch)
    /* immediate forms: 5-bit zero-extended uimm */
    TEST_CASE(8, a4, 0x0f, csrrwi a4, sscratch, 31)
    TEST_CASE(9, a4, 31, csrr a4, sscratch)
    TEST_CASE(10, a4, 31, csrrci a4, sscratch, 0x11)
    TEST_CASE(11, a4, 0x0e, csrrsi a4, sscratch, 0x10)
    TEST_CASE(12, a4, 0x1e, csrr a4, sscratch)
    /* rd = rs1 */
    TEST_CASE(13, a1, 0x1e, li a1, 7; csrrw a1, sscratch, a1)
    TEST_CASE(14, a4, 7, csrr a4, sscratch)
    /* rd = x0 still writes */
    TEST_CASE(15, a4, 9, li a1, 9; csrrw x0, sscratch, a1; csrr a4, sscratch)
    TEST_CASE(16, a4, 0, csrrwi x0, sscratch, 0; csrr a4, sscratch)

    /* x0 rules on a read-only CSR: csrrs/csrrc with rs1 = x0 and csrrsi/csrrci with uimm = 0
     * do not write, so they are legal; any write form raises illegal instruction with
     * tval = the instruction bits. */
    TEST_NO_TRAP(20, csrrs a4, mhartid, x0; csrrc a4, mhartid, x0; csrrsi a4, mhartid, 0; csrrci a4, mhartid, 0)
    CHECK(20, a4, 0)
    TEST_TRAP_AT(21, CAUSE_ILLEGAL_INSN, 0xf1401073, csrrw x0, mhartid, x0)      /* even rs1 = x0 */
    TEST_TRAP_AT(22, CAUSE_ILLEGAL_INSN, 0xf14fe773, csrrsi a4, mhartid, 31)
    /* csrrs with rs1 != x0 holding 0 is a write (spec table "CSR reads and writes"); QEMU 7.2
     * decides by the value instead: checked on our core only (docs/qemu-deviations.md). */
    IF_NOT_MATRYOSHKA(1f)
    li a1, 0
    TEST_TRAP_AT(23, CAUSE_ILLEGAL_INSN, 0xf145a773, csrrs a4, mhartid, a1)
1:
    TEST_TRAP_AT(24, CAUSE_ILLEGAL_INSN, 0xc0001073, csrw cycle, zero)          /* user counters are read-only */
    TEST_TRAP_AT(25, CAUSE_ILLEGAL_INSN, 0x0ff02773, csrr a4, 0x0ff)           /* no such CSR */

    /* ID CSRs */
    TEST_CASE(30, a4, 0, csrr a4, mvendorid)
    TEST_CASE(31, a4, 0, csrr a4, mhartid)
    IF_NOT_MATRYOSHKA(1f)                        /* values of our core (docs/isa.md) */
    TEST_CASE(32, a4, MK_MARCHID, csrr a4, marchid)
    TEST_CASE(33, a4, 0x00010000, csrr a4, mimpid)
1:
    /* misa: MXL = 2 (RV64), I M A C S U present; writes are tolerated and keep it that way */
    li gp, 34
    csrr a1, misa
    srli a4, a1, 62
    CHECK_SUB(34, 1, a4, 2)
    li a2, (1 << ('I' - 'A')) | (1 << ('M' - 'A')) | (1 << ('A' - 'A')) | (1 << ('C' - 'A')) | (1 << ('S' - 'A')) | (1 << ('U' - 'A'))
    and a4, a1, a2
    CHECK_REGS_SUB(34, 2, a4, a2)
    li a2, (1 << ('F' - 'A')) | (1 << ('D' - 'A')) | (1 << ('V' - 'A'))
    and a4, a1, a2
    CHECK_SUB(34, 3, a4, 0)
    csrw misa, a1
    csrr a3, misa
    CHECK_REGS_SUB(34, 4, a3, a1)

    /* mscratch works like any read/write CSR (restore the handler's pointer afterwards) */
    li gp, 35
    csrr s0, mscratch
    li a1, 0x5a5a5a5a5a5a5a5a
    csrrw a4, mscratch, a1
    csrr a5, mscratch
    csrw mscratch, s0
    CHECK_REGS_SUB(35, 1, a4, s0)
    CHECK_SUB(35, 2, a5, 0x5a5a5a5a5a5a5a5a)

    /* privilege: an M-mode CSR from S-mode is illegal, S-mode CSRs are fine */
    PMP_ALLOW_ALL
    ENTER_S
    TEST_TRAP_AT(40, CAUSE_ILLEGAL_INSN, 0x34002773, csrr a4, mscratch)
    CHECK_TRAP_LEVEL(40, TRAPPED_TO_M(PRV_S))
    TEST_TRAP_AT(41, CAUSE_ILLEGAL_INSN, 0x30001073, csrw mstatus, zero)
    TEST_CASE(42, a4, 0x42, li a1, 0x42; csrw sscratch, a1; csrr a4, sscratch)
    ENTER_U_FROM_S
    TEST_TRAP_AT(43, CAUSE_ILLEGAL_INSN, 0x14002773, csrr a4, sscratch)
    CHECK_TRAP_LEVEL(43, TRAPPED_TO_M(PRV_U))
    BACK_TO_M
    csrr a4, mstatus                             /* back in M: legal */
TEST_END
