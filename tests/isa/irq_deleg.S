/* mideleg: supervisor software and timer interrupts delegated to S (taken by the S handler in
 * S with SIE = 1, always in U, never while in M), not delegated (taken by M). The
 * Sstc timer is in sstc.S. */
#include "mk_test.h"
TEST_BEGIN
    .option norvc
    PMP_ALLOW_ALL
    RESET_IRQ_LOG(t0)
    SET_MTIMECMP_NEVER
    csrw menvcfg, zero                      /* STCE = 0: mip.STIP is written by M */
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw mideleg, a1
    csrr a2, mideleg
    li t0, MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_MSIP | MIP_MTIP | MIP_MEIP
    and a2, a2, t0                          /* with H, the VS-level bits read 1 */
    CHECK(1, a2, MIP_SSIP | MIP_STIP | MIP_SEIP)

    /* SSIP pending and delegated: not taken while in M, even with MIE = 1 */
    li a1, MIP_SSIP
    csrs mie, a1
    csrs mip, a1
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    LOAD_S_IRQ_COUNT(a4)
    CHECK(2, a4, 0)
    LOAD_M_IRQ_COUNT(a4)
    CHECK(3, a4, 0)
    /* in S with SIE = 0: not taken; with SIE = 1: taken by S */
    ENTER_S
    csrci sstatus, MSTATUS_SIE
    nop
    LOAD_S_IRQ_COUNT(a4)
    CHECK(4, a4, 0)
    TEST_CASE(5, a4, MIP_SSIP, csrr a4, sip; andi a4, a4, MIP_SSIP)
    csrsi sstatus, MSTATUS_SIE
    WAIT_S_IRQS(6, 1)
    csrci sstatus, MSTATUS_SIE
    CHECK_SUB(6, 1, s8, IRQ_CAUSE(IRQ_SSI))
    CHECK_SUB(6, 2, s7, TRAPPED_TO_S(PRV_S))
    /* S clears SSIP itself */
    li a1, MIP_SSIP
    csrc sip, a1
    TEST_CASE(7, a4, 0, csrr a4, sip; andi a4, a4, MIP_SSIP)
    /* S sets SSIP itself; in U it is taken whatever SIE is */
    li a1, MIP_SSIP
    csrs sie, a1
    csrs sip, a1
    ENTER_U_FROM_S
    WAIT_S_IRQS(8, 2)
    CHECK_SUB(8, 2, s7, TRAPPED_TO_S(PRV_U))
    BACK_TO_M
    li a1, MIP_SSIP
    csrc mip, a1

    /* STIP written by M (STCE = 0), delegated: S handler, cause 5 */
    li a1, MIP_STIP
    csrs mie, a1
    csrs mip, a1
    ENTER_S
    TEST_CASE(10, a4, MIP_STIP, csrr a4, sip; andi a4, a4, MIP_STIP)
    /* sip.STIP is read-only for S */
    TEST_CASE(11, a4, MIP_STIP, li a1, MIP_STIP; csrc sip, a1; csrr a4, sip; andi a4, a4, MIP_STIP)
    csrsi sstatus, MSTATUS_SIE
    WAIT_S_IRQS(12, 3)
    csrci sstatus, MSTATUS_SIE
    CHECK_SUB(12, 1, s8, IRQ_CAUSE(IRQ_STI))
    BACK_TO_M
    li a1, MIP_STIP
    csrc mip, a1

    /* not delegated: SSIP goes to M even from S with SIE = 0 */
    csrw mideleg, zero
    li a1, MIP_SSIP
    csrs mie, a1
    csrs mip, a1
    ENTER_S
    WAIT_M_IRQS(13, 1)
    CHECK_SUB(13, 1, s8, IRQ_CAUSE(IRQ_SSI))
    CHECK_SUB(13, 2, s7, TRAPPED_TO_M(PRV_S))
    BACK_TO_M
    li a1, MIP_SSIP
    csrc mip, a1

TEST_END
