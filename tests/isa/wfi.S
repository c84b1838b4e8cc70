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

    /* wfi in M with MIE = 1 waiting for the timer: the interrupt is taken with mepc = the
     * instruction after wfi. A local handler stops at the first interrupt taken there, and
     * otherwise re-arms the timer, so that an interrupt arriving before the wfi (QEMU's timer
     * runs on host time) cannot leave the wfi asleep for ever. s6 = 1 once seen. */
    la a1, rearm_handler
    csrw mtvec, a1
    li s6, 0
    li a1, MIP_MTIP
    csrs mie, a1
    SET_MTIMECMP_IN(300)
    li gp, 6
    csrsi mstatus, MSTATUS_MIE
1:  wfi
wfi_resume:
    beqz s6, 1b
    csrci mstatus, MSTATUS_MIE
    li a1, MIP_MTIP
    csrc mie, a1
    SET_MTIMECMP_NEVER
    la a1, mk_m_trap
    csrw mtvec, a1
    CHECK_SUB(6, 1, s8, IRQ_CAUSE(IRQ_MTI))
    CHECK_ADDR_SUB(6, 2, s11, wfi_resume)

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

    .align 2
rearm_handler:
    csrr s8, mcause
    csrr s11, mepc
    la t0, wfi_resume
    li t1, -1                               /* taken after the wfi: done, no more timer */
    beq s11, t0, 1f
    li t0, CLINT_MTIME                      /* taken elsewhere: try again in 300 ticks */
    ld t1, 0(t0)
    addi t1, t1, 300
1:  li t0, CLINT_MTIMECMP
    sd t1, 0(t0)
    la t0, wfi_resume
    bne s11, t0, 2f
    li s6, 1
2:  mret
