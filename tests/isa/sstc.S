/* Sstc: stimecmp raises STIP (read-only in mip while menvcfg.STCE = 1), delegated to S.
 * The Matryoshka profile includes Sstc (../shared/BRIEF.md), so menvcfg.STCE must stick. */
#include "mk_test.h"
TEST_BEGIN
    .option norvc
    PMP_ALLOW_ALL
    RESET_IRQ_LOG(t0)
    SET_MTIMECMP_NEVER
    li a1, 1 << 63
    csrs menvcfg, a1
    TEST_CASE(19, a4, 1, csrr a4, menvcfg; srli a4, a4, 63)
    li a1, -1
    csrw stimecmp, a1
    TEST_CASE(20, a4, 0, csrr a4, mip; andi a4, a4, MIP_STIP)
    li a1, MIP_STIP
    csrw mideleg, a1
    csrs mie, a1
    /* STIP is not writable through mip while STCE = 1 */
    TEST_CASE(21, a4, 0, li a1, MIP_STIP; csrs mip, a1; csrr a4, mip; andi a4, a4, MIP_STIP)
    li a1, 0x2                              /* TM: S may read time */
    csrw mcounteren, a1
    ENTER_S
    rdtime a1
    addi a1, a1, 100
    csrw stimecmp, a1
    csrsi sstatus, MSTATUS_SIE
    WAIT_S_IRQS(22, 1)
    csrci sstatus, MSTATUS_SIE
    CHECK_SUB(22, 1, s8, IRQ_CAUSE(IRQ_STI))
    CHECK_SUB(22, 2, s7, TRAPPED_TO_S(PRV_S))
    TEST_CASE(23, a4, MIP_STIP, csrr a4, sip; andi a4, a4, MIP_STIP)
    li a1, -1
    csrw stimecmp, a1
    TEST_CASE(24, a4, 0, csrr a4, sip; andi a4, a4, MIP_STIP)
    BACK_TO_M
    /* STCE = 0: stimecmp is illegal from S */
    li a1, 1 << 63
    csrc menvcfg, a1
    ENTER_S
    TEST_TRAP_AT(25, CAUSE_ILLEGAL_INSN, 0x14d02773, csrr a4, stimecmp)
    BACK_TO_M
TEST_END
