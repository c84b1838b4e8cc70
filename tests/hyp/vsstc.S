/* Sstc for VS: time in V=1 is time + htimedelta; vstimecmp raises hip.VSTIP against
 * time + htimedelta (stimecmp against time); stimecmp in VS is vstimecmp and delivers a VS
 * timer interrupt (cause 5 in the guest); WFI in VS sleeps until it; henvcfg.STCE,
 * hcounteren.TM (virtual instruction) and mcounteren.TM (illegal) gate stimecmp in VS. */
#include "hyp.h"
#define DELTA (1 << 40)
#define VSTIP_BIT(reg) csrr reg, hip; andi reg, reg, MIP_VSTIP

TEST_BEGIN
    .option norvc
    HYP_INIT
    RESET_HYP_IRQ_LOG(t0)
    SET_MTIMECMP_NEVER
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw mideleg, a1
    li a1, ENVCFG_STCE
    csrs menvcfg, a1
    csrs henvcfg, a1
    li a1, 2
    csrw mcounteren, a1
    csrw hcounteren, a1
    li a1, -1
    csrw vstimecmp, a1
    csrw stimecmp, a1
    TEST_CASE(1, a4, 0, VSTIP_BIT(a4))
    /* time in VS includes htimedelta */
    li a1, DELTA
    csrw htimedelta, a1
    ENTER_VS
    TEST_CASE(2, a4, 1, rdtime a4; srli a4, a4, 40)
    BACK_TO_M
    TEST_CASE(3, a4, 0, rdtime a4; srli a4, a4, 40)
    /* vstimecmp = now + 10^6: in the future for time, in the past for time + htimedelta */
    rdtime a1
    li a2, 1000000
    add a1, a1, a2
    csrw vstimecmp, a1
    TEST_CASE(4, a4, MIP_VSTIP, VSTIP_BIT(a4))
    csrw stimecmp, a1                               /* stimecmp ignores htimedelta */
    TEST_CASE(5, a4, 0, csrr a4, mip; andi a4, a4, MIP_STIP)
    csrw htimedelta, zero                           /* QEMU 7.2 does not re-evaluate VSTIP here */
    IF_NOT_MATRYOSHKA(1f)
    TEST_CASE(6, a4, 0, VSTIP_BIT(a4))
1:
    li a1, -1
    csrw stimecmp, a1
    csrw vstimecmp, a1

    /* in VS, stimecmp is vstimecmp: a guest timer interrupt, cause STI */
    li a1, DELTA
    csrw htimedelta, a1
    li a1, MIP_VSTIP
    csrw hideleg, a1
    csrw hie, a1
    li a1, MSTATUS_SIE
    csrw vsstatus, a1
    ENTER_VS
    rdtime a1
    addi a1, a1, 300
    mv a3, a1
    csrw stimecmp, a1
    WAIT_VS_IRQS(7, 1)
    CHECK_SUB(7, 1, s8, IRQ_CAUSE(IRQ_STI))
    CHECK_HTRAP(7, LVL_VS, 1, PRV_S)
    csrr a4, stimecmp
    CHECK_REGS_SUB(8, 0, a4, a3)
    /* WFI in VS with SIE = 0 sleeps until the next VS timer interrupt is pending, no trap */
    csrci sstatus, MSTATUS_SIE
    li a1, MIP_STIP
    csrs sie, a1                                    /* hie.VSTIE again */
    rdtime a1
    addi a1, a1, 300
    csrw stimecmp, a1
    TEST_NO_TRAP(9, wfi)
    BACK_TO_M
    li gp, 10                                       /* woke for the timer (spurious wake-ups */
    li t0, CLINT_MTIME                              /* are allowed: wait for it here)         */
    ld t1, 0(t0)
    li t0, 2000000
    add t1, t1, t0
1:  VSTIP_BIT(a4)
    bnez a4, 2f
    li t0, CLINT_MTIME
    ld t0, 0(t0)
    bltu t0, t1, 1b
    j fail
2:  LOAD_VS_IRQ_COUNT(a4)
    CHECK(11, a4, 1)
    li a1, -1
    csrw vstimecmp, a1
    csrw hie, zero
    csrw vsstatus, zero

    /* access rules for stimecmp in VS */
    li a1, ENVCFG_STCE
    csrc henvcfg, a1
    ENTER_VS
    TEST_TRAP_AT(12, CAUSE_VIRTUAL_INSN, 0x14d02773, csrr a4, stimecmp)
    CHECK_HTRAP(12, LVL_M, 1, PRV_S)
    BACK_TO_M
    /* henvcfg.STCE = 0: hip.VSTIP no longer follows vstimecmp */
    li a1, 0
    csrw vstimecmp, a1
    IF_NOT_MATRYOSHKA(1f)                           /* QEMU 7.2 still raises it */
    TEST_CASE(13, a4, 0, VSTIP_BIT(a4))
1:
    li a1, -1
    csrw vstimecmp, a1
    li a1, ENVCFG_STCE
    csrs henvcfg, a1
    csrw hcounteren, zero
    ENTER_VS
    TEST_TRAP_AT(14, CAUSE_VIRTUAL_INSN, 0x14d02773, csrr a4, stimecmp)
    TEST_TRAP_AT(15, CAUSE_VIRTUAL_INSN, 0xc0102773, rdtime a4)
    BACK_TO_M
    csrw mcounteren, zero
    ENTER_VS
    TEST_TRAP_AT(16, CAUSE_ILLEGAL_INSN, 0x14d02773, csrr a4, stimecmp)
    BACK_TO_M
    csrw htimedelta, zero
    csrw hideleg, zero
TEST_END
