/* CLINT timer interrupt: mtimecmp against mtime, taken in M with MIE = 1 through wfi, always
 * taken in U/S (M interrupts are enabled below M), not taken with MIE = 0, MTIP follows
 * mtimecmp. */
#include "mk_test.h"
TEST_BEGIN
    .option norvc
    PMP_ALLOW_ALL
    RESET_IRQ_LOG(t0)
    SET_MTIMECMP_NEVER
    TEST_CASE(1, a4, 0, csrr a4, mip; andi a4, a4, MIP_MTIP)

    /* wait with wfi and MIE = 0 (race-free: wfi wakes on mip & mie), then MIE = 1 takes it
     * before the next instruction (wfi.S checks wfi with MIE = 1) */
    li a1, MIP_MTIP
    csrs mie, a1
    SET_MTIMECMP_IN(200)
    li gp, 2
1:  wfi
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    beqz a4, 1b                             /* wfi may also wake for no reason */
    csrsi mstatus, MSTATUS_MIE
2:  nop
    csrci mstatus, MSTATUS_MIE
    LOAD_M_IRQ_COUNT(a4)
    CHECK_SUB(2, 1, a4, 1)
    LOAD_M_IRQ_LOG(a4, 0)
    CHECK_SUB(2, 2, a4, IRQ_CAUSE(IRQ_MTI))
    CHECK_SUB(2, 3, s8, IRQ_CAUSE(IRQ_MTI))
    CHECK_SUB(2, 4, s7, TRAPPED_TO_M(PRV_M))
    la a2, 2b
    CHECK_REGS_SUB(2, 5, s11, a2)
    /* still pending (mtimecmp <= mtime) until mtimecmp moves */
    TEST_CASE(3, a4, MIP_MTIP, csrr a4, mip; andi a4, a4, MIP_MTIP)
    SET_MTIMECMP_NEVER
    TEST_CASE(4, a4, 0, csrr a4, mip; andi a4, a4, MIP_MTIP)
    /* mtip is read-only in mip */
    TEST_CASE(5, a4, 0, li a1, MIP_MTIP; csrs mip, a1; csrr a4, mip; andi a4, a4, MIP_MTIP)

    /* MIE = 0 in M: pending and enabled in mie, but not taken */
    li a1, MIP_MTIP
    csrs mie, a1
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    li gp, 6
    li a3, 1000
1:  addi a3, a3, -1
    bnez a3, 1b
    LOAD_M_IRQ_COUNT(a4)
    CHECK_SUB(6, 1, a4, 1)
    TEST_CASE(7, a4, MIP_MTIP, csrr a4, mip; andi a4, a4, MIP_MTIP)
    /* enabling MIE takes it at once */
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    LOAD_M_IRQ_COUNT(a4)
    CHECK(8, a4, 2)
    SET_MTIMECMP_NEVER

    /* in U-mode with MIE = 0 the M timer interrupt is still taken */
    li a1, MIP_MTIP
    csrs mie, a1
    SET_MTIMECMP_IN(100)
    ENTER_U
    WAIT_M_IRQS(9, 3)
    CHECK_SUB(9, 1, s8, IRQ_CAUSE(IRQ_MTI))
    CHECK_SUB(9, 2, s7, TRAPPED_TO_M(PRV_U))
    BACK_TO_M
    SET_MTIMECMP_NEVER
    /* and in S-mode with MIE = 0 */
    li a1, MIP_MTIP
    csrs mie, a1
    SET_MTIMECMP_IN(100)
    ENTER_S
    WAIT_M_IRQS(10, 4)
    CHECK_SUB(10, 2, s7, TRAPPED_TO_M(PRV_S))
    BACK_TO_M
    SET_MTIMECMP_NEVER
TEST_END
