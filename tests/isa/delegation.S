/* medeleg: delegated exceptions from U and S go to the S handler with scause/sepc/stval and
 * SPP; exceptions in M-mode never delegate; undelegated ones still go to M. */
#include "mk_test.h"
#define NOWHERE 0x90000000
#define DELEG_U ((1 << CAUSE_ILLEGAL_INSN) | (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_STORE_ACCESS) | (1 << CAUSE_ECALL_U) | (1 << CAUSE_FETCH_ACCESS))
TEST_BEGIN
    .option norvc
    PMP_ALLOW_ALL
    li a1, DELEG_U
    csrw medeleg, a1
    csrr a2, medeleg
    CHECK(1, a2, DELEG_U)

    /* in M-mode nothing is delegated */
    TEST_TRAP_AT(2, CAUSE_ILLEGAL_INSN, 0x00000053, .word 0x00000053)
    CHECK_TRAP_LEVEL(2, TRAPPED_TO_M(PRV_M))

    /* from U: to S, with SPP = U */
    ENTER_U
    TEST_TRAP_AT(10, CAUSE_ILLEGAL_INSN, 0x00000053, .word 0x00000053)
    CHECK_TRAP_LEVEL(10, TRAPPED_TO_S(PRV_U))
    TEST_TRAP_AT(11, CAUSE_ECALL_U, 0, ecall)
    CHECK_TRAP_LEVEL(11, TRAPPED_TO_S(PRV_U))
    li a1, NOWHERE
    TEST_TRAP_AT_TVAL_REG(12, CAUSE_LOAD_ACCESS, a1, ld a4, 0(a1))
    CHECK_TRAP_LEVEL(12, TRAPPED_TO_S(PRV_U))
    TEST_TRAP_AT_TVAL_REG(13, CAUSE_STORE_ACCESS, a1, sd a4, 0(a1))
    CHECK_TRAP_LEVEL(13, TRAPPED_TO_S(PRV_U))
    /* fetch fault: sepc = stval = the target */
    li gp, 14
    la s10, 1f
    li s8, -1
    jalr ra, 0(a1)
1:  li s10, 0
    CHECK_SUB(14, 1, s8, CAUSE_FETCH_ACCESS)
    CHECK_REGS_SUB(14, 2, s9, a1)
    CHECK_REGS_SUB(14, 3, s11, a1)
    CHECK_TRAP_LEVEL(14, TRAPPED_TO_S(PRV_U))
    /* ebreak is not delegated: M takes it */
    TRAP_RUN(15, ebreak)
    CHECK_SUB(15, 1, s8, CAUSE_BREAKPOINT)
    CHECK_TRAP_LEVEL(15, TRAPPED_TO_M(PRV_U))
    BACK_TO_M_EBREAK

    /* from S: delegated causes go to S with SPP = S; ecall from S is not delegated */
    li a1, (1 << CAUSE_BREAKPOINT)
    csrs medeleg, a1
    ENTER_S
    TEST_TRAP_AT(20, CAUSE_ILLEGAL_INSN, 0x00000053, .word 0x00000053)
    CHECK_TRAP_LEVEL(20, TRAPPED_TO_S(PRV_S))
    TRAP_RUN(21, ebreak)
    CHECK_SUB(21, 1, s8, CAUSE_BREAKPOINT)
    CHECK_TRAP_EPC(21)
    CHECK_TRAP_LEVEL(21, TRAPPED_TO_S(PRV_S))
    li a1, NOWHERE
    TEST_TRAP_AT_TVAL_REG(22, CAUSE_LOAD_ACCESS, a1, lw a4, 0(a1))
    CHECK_TRAP_LEVEL(22, TRAPPED_TO_S(PRV_S))
    TEST_TRAP_AT(23, CAUSE_ECALL_S, 0, ecall)
    CHECK_TRAP_LEVEL(23, TRAPPED_TO_M(PRV_S))
    /* an M-only CSR access from S is an illegal instruction, delegated to S itself */
    TEST_TRAP_AT(24, CAUSE_ILLEGAL_INSN, 0x30002773, csrr a4, mstatus)
    CHECK_TRAP_LEVEL(24, TRAPPED_TO_S(PRV_S))
    BACK_TO_M

    /* delegation off again: S-mode faults go to M */
    csrw medeleg, zero
    ENTER_S
    TEST_TRAP_AT(30, CAUSE_ILLEGAL_INSN, 0x00000053, .word 0x00000053)
    CHECK_TRAP_LEVEL(30, TRAPPED_TO_M(PRV_S))
    BACK_TO_M
TEST_END
