/* VS-level interrupts (VSSIP, VSTIP, VSEIP raised through hvip): not delegated (hideleg = 0)
 * they go to HS (always enabled while V = 1, by sstatus.SIE in HS) with causes 2/6/10 and
 * SPV; delegated through hideleg they go to VS as causes 1/5/9 (vsstatus.SIE in VS, always
 * in VU), never in HS; priority order at both levels; never to M. WFI in VS wakes on a
 * pending VS interrupt without trapping. */
#include "hyp.h"

TEST_BEGIN
    .option norvc
    HYP_INIT
    RESET_HYP_IRQ_LOG(t0)
    SET_MTIMECMP_NEVER
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP           /* what M firmware delegates to HS */
    csrw mideleg, a1
    csrw menvcfg, zero                              /* STCE = 0: VSTIP only from hvip */

    /* ---- hideleg = 0: VS interrupts go to HS ---- */
    li a1, MIP_VSSIP
    csrw hie, a1
    csrw hvip, a1
    /* in M: never (mideleg bits 2/6/10 are read-only one) */
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    LOAD_M_IRQ_COUNT(a4)
    CHECK(1, a4, 0)
    /* in HS with SIE = 0: no; SIE = 1: yes, cause 2, SPV = 0 */
    ENTER_HS
    csrci sstatus, MSTATUS_SIE
    nop
    LOAD_S_IRQ_COUNT(a4)
    CHECK(2, a4, 0)
    csrsi sstatus, MSTATUS_SIE
    WAIT_S_IRQS(3, 1)
    csrci sstatus, MSTATUS_SIE
    CHECK_SUB(3, 1, s8, IRQ_CAUSE(IRQ_VSSI))
    CHECK_HTRAP(3, LVL_HS, 0, PRV_S)
    CHECK_TVAL2(3, 0)
    CHECK_TINST(3, 0)
    BACK_TO_M
    /* in VS with vsstatus.SIE = 0 and HS SIE = 0: taken by HS anyway, SPV = 1 */
    li a1, MIP_VSSIP
    csrs hie, a1                                    /* the HS wrapper masked it */
    csrw vsstatus, zero
    ENTER_VS
    WAIT_S_IRQS(4, 2)
    CHECK_SUB(4, 1, s8, IRQ_CAUSE(IRQ_VSSI))
    CHECK_HTRAP(4, LVL_HS, 1, PRV_S)
    BACK_TO_M
    /* VSTIP and VSEIP the same, from VU */
    li a1, MIP_VSTIP | MIP_VSEIP
    csrw hvip, a1
    csrw hie, a1
    ENTER_VU
    WAIT_S_IRQS(5, 4)
    BACK_TO_M
    /* VSEI before VSTI (QEMU 7.2 takes VS interrupts in another order: the order is checked on
     * our core only, here and below) */
    IF_NOT_MATRYOSHKA(1f)
    LOAD_S_IRQ_LOG(a4, 2)
    CHECK(6, a4, IRQ_CAUSE(IRQ_VSEI))
    LOAD_S_IRQ_LOG(a4, 3)
    CHECK(7, a4, IRQ_CAUSE(IRQ_VSTI))
1:
    /* all three at once in HS: VSEI, VSSI, VSTI */
    li a1, VS_IRQS
    csrw hvip, a1
    csrw hie, a1
    ENTER_HS
    csrsi sstatus, MSTATUS_SIE
    WAIT_S_IRQS(8, 7)
    csrci sstatus, MSTATUS_SIE
    BACK_TO_M
    IF_NOT_MATRYOSHKA(1f)
    LOAD_S_IRQ_LOG(a4, 4)
    CHECK(9, a4, IRQ_CAUSE(IRQ_VSEI))
    LOAD_S_IRQ_LOG(a4, 5)
    CHECK(10, a4, IRQ_CAUSE(IRQ_VSSI))
    LOAD_S_IRQ_LOG(a4, 6)
    CHECK(11, a4, IRQ_CAUSE(IRQ_VSTI))
1:
    LOAD_M_IRQ_COUNT(a4)
    CHECK(12, a4, 0)
    LOAD_VS_IRQ_COUNT(a4)
    CHECK(13, a4, 0)

    /* ---- hideleg: VS interrupts go to VS as S-level causes ---- */
    RESET_HYP_IRQ_LOG(t0)
    li a1, VS_IRQS
    csrw hideleg, a1
    li a1, MIP_VSSIP
    csrw hvip, a1
    csrw hie, a1
    /* never in HS, whatever SIE */
    ENTER_HS
    csrsi sstatus, MSTATUS_SIE
    nop
    nop
    csrci sstatus, MSTATUS_SIE
    LOAD_S_IRQ_COUNT(a4)
    CHECK(20, a4, 0)
    /* WFI in HS returns: the interrupt is pending and enabled in hie (wfi ignores delegation
     * and global enables) */
    TEST_NO_TRAP(21, wfi)
    BACK_TO_M
    /* VS with vsstatus.SIE = 0: not taken; wfi in VS completes (VTW = 0) */
    csrw vsstatus, zero
    ENTER_VS
    nop
    LOAD_VS_IRQ_COUNT(a4)
    CHECK(22, a4, 0)
    TEST_NO_TRAP(23, wfi)
    LOAD_VS_IRQ_COUNT(a4)
    CHECK(24, a4, 0)
    /* SIE = 1: the VS handler, scause = SSI (1) */
    csrsi sstatus, MSTATUS_SIE
    WAIT_VS_IRQS(25, 1)
    csrci sstatus, MSTATUS_SIE
    CHECK_SUB(25, 1, s8, IRQ_CAUSE(IRQ_SSI))
    CHECK_HTRAP(25, LVL_VS, 1, PRV_S)
    BACK_TO_M
    TEST_CASE(26, a4, 0, csrr a4, hie)               /* masked through vsie by the VS handler */
    /* VU: taken whatever vsstatus.SIE; VSTIP -> cause 5 */
    li a1, MIP_VSTIP
    csrw hvip, a1
    csrw hie, a1
    csrw vsstatus, zero
    ENTER_VU
    WAIT_VS_IRQS(27, 2)
    CHECK_SUB(27, 1, s8, IRQ_CAUSE(IRQ_STI))
    CHECK_HTRAP(27, LVL_VS, 1, PRV_U)
    BACK_TO_M
    /* VSEIP -> cause 9 */
    li a1, MIP_VSEIP
    csrw hvip, a1
    csrw hie, a1
    li a1, MSTATUS_SIE
    csrw vsstatus, a1
    ENTER_VS
    WAIT_VS_IRQS(28, 3)
    CHECK_SUB(28, 1, s8, IRQ_CAUSE(IRQ_SEI))
    BACK_TO_M
    /* all three: SEI, SSI, STI inside the guest */
    li a1, VS_IRQS
    csrw hvip, a1
    csrw hie, a1
    li a1, MSTATUS_SIE
    csrw vsstatus, a1
    ENTER_VS
    WAIT_VS_IRQS(29, 6)
    BACK_TO_M
    IF_NOT_MATRYOSHKA(1f)
    LOAD_VS_IRQ_LOG(a4, 3)
    CHECK(30, a4, IRQ_CAUSE(IRQ_SEI))
    LOAD_VS_IRQ_LOG(a4, 4)
    CHECK(31, a4, IRQ_CAUSE(IRQ_SSI))
    LOAD_VS_IRQ_LOG(a4, 5)
    CHECK(32, a4, IRQ_CAUSE(IRQ_STI))
1:
    LOAD_S_IRQ_COUNT(a4)
    CHECK(33, a4, 0)
    /* partial delegation: VSSIP to VS, VSTIP to HS; in VS with SIE = 0 only HS takes one */
    li a1, MIP_VSSIP
    csrw hideleg, a1
    li a1, MIP_VSSIP | MIP_VSTIP
    csrw hvip, a1
    csrw hie, a1
    csrw vsstatus, zero
    ENTER_VS
    WAIT_S_IRQS(34, 1)
    CHECK_SUB(34, 1, s8, IRQ_CAUSE(IRQ_VSTI))
    CHECK_HTRAP(34, LVL_HS, 1, PRV_S)
    LOAD_VS_IRQ_COUNT(a4)
    CHECK(35, a4, 6)
    BACK_TO_M
    csrw hvip, zero
    csrw hie, zero
    csrw hideleg, zero
    csrw vsstatus, zero
TEST_END
