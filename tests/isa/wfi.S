/* wfi: wakes when an interrupt is pending and enabled in mie even with MIE = 0 (then execution
 * simply continues after wfi, no trap); with MIE = 1 the interrupt is taken first. */
#include "mk_test.h"
TEST_BEGIN
    .option norvc
    RESET_IRQ_LOG(t0)
    SET_MTIMECMP_NEVER

    /* MIE = 0: wake, no trap */
    li a1, MIP_MTIP
    csrs mie, a1
    csrci mstatus, MSTATUS_MIE
    SET_MTIMECMP_IN(300)
    li gp, 1
1:  wfi
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    beqz a4, 1b                             /* spurious wake-ups are allowed: wait again */
    LOAD_M_IRQ_COUNT(a4)
    CHECK(1, a4, 0)
    SET_MTIMECMP_NEVER

    /* an already pending enabled interrupt makes wfi a no-op */
    SET_MSIP(1)
    li a1, MIP_MSIP
    csrs mie, a1
    TEST_NO_TRAP(2, wfi; wfi)
    LOAD_M_IRQ_COUNT(a4)
    CHECK(3, a4, 0)
    /* MIE = 1: taken, mepc after the wfi */
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    LOAD_M_IRQ_COUNT(a4)
    CHECK(4, a4, 1)
    CHECK(5, s8, IRQ_CAUSE(IRQ_MSI))
    SET_MSIP(0)

    /* wfi in M with MIE = 1 waiting for the timer */
    li a1, MIP_MTIP
    csrs mie, a1
    SET_MTIMECMP_IN(300)
    li gp, 6
    csrsi mstatus, MSTATUS_MIE
1:  wfi
2:  LOAD_M_IRQ_COUNT(a4)
    li a5, 2
    bne a4, a5, 1b
    csrci mstatus, MSTATUS_MIE
    CHECK_SUB(6, 1, s8, IRQ_CAUSE(IRQ_MTI))
    la a2, 2b
    CHECK_REGS_SUB(6, 2, s11, a2)
    SET_MTIMECMP_NEVER

    /* wfi in S (TW = 0) with a delegated STIP pending and enabled in sie but SIE = 0: no trap,
     * no interrupt, execution continues */
    PMP_ALLOW_ALL
    li a1, MIP_STIP
    csrw mideleg, a1
    csrs mie, a1
    csrw menvcfg, zero
    li a1, MIP_STIP
    csrs mip, a1
    ENTER_S
    csrci sstatus, MSTATUS_SIE
    li a1, MIP_STIP
    csrs sie, a1
    TEST_NO_TRAP(7, wfi)
    LOAD_S_IRQ_COUNT(a4)
    CHECK(8, a4, 0)
    BACK_TO_M
    li a1, MIP_STIP
    csrc mip, a1
TEST_END
