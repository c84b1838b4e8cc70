/* UART transmit-holding-register-empty interrupt through the PLIC (source 10): M-mode external
 * interrupt on context 0, claim/complete, priority and threshold gating, and the S-mode context
 * delegated through mideleg. */
#include "mk_test.h"
#define UART_IER (UART0_BASE + 1)
#define PLIC_PRIO(src) (PLIC_BASE + 4 * (src))
#define PLIC_PENDING (PLIC_BASE + 0x1000)
#define PLIC_ENABLE(ctx) (PLIC_BASE + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_BASE + 0x200004 + 0x1000 * (ctx))
TEST_BEGIN
    .option norvc
    PMP_ALLOW_ALL
    RESET_IRQ_LOG(t0)

    /* PLIC: source 10 priority 1, enabled for context 0 (M), threshold 0 */
    li a1, PLIC_PRIO(UART0_IRQ)
    li a2, 1
    sw a2, 0(a1)
    li a1, PLIC_ENABLE(0)
    li a2, 1 << UART0_IRQ
    sw a2, 0(a1)
    li a1, PLIC_THRESHOLD(0)
    sw zero, 0(a1)
    /* nothing pending yet: claim returns 0 */
    li a1, PLIC_CLAIM(0)
    TEST_CASE(1, a4, 0, lw a4, 0(a1))
    TEST_CASE(2, a4, 0, csrr a4, mip; srli a4, a4, IRQ_MEI; andi a4, a4, 1)

    /* enable THR-empty: the transmitter is idle, so the UART interrupts at once */
    li a1, UART_IER
    li a2, 0x02
    sb a2, 0(a1)
    li gp, 3
    li a3, 100000
1:  csrr a4, mip
    srli a4, a4, IRQ_MEI; andi a4, a4, 1
    bnez a4, 2f
    addi a3, a3, -1
    bnez a3, 1b
    j fail
2:  li a1, PLIC_PENDING
    lw a4, 0(a1)
    andi a4, a4, 1 << UART0_IRQ
    CHECK(4, a4, 1 << UART0_IRQ)
    li a1, MIP_MEIP
    csrs mie, a1
    csrsi mstatus, MSTATUS_MIE
    WAIT_M_IRQS(5, 1)
    csrci mstatus, MSTATUS_MIE
    CHECK_SUB(5, 1, s8, IRQ_CAUSE(IRQ_MEI))
    /* claim: returns the source; then MEIP drops until completion */
    li a1, PLIC_CLAIM(0)
    TEST_CASE(6, a4, UART0_IRQ, lw a4, 0(a1))
    TEST_CASE(7, a4, 0, csrr a4, mip; srli a4, a4, IRQ_MEI; andi a4, a4, 1)
    /* silence the UART, complete: nothing pending any more */
    li a1, UART_IER
    sb zero, 0(a1)
    li a1, PLIC_CLAIM(0)
    li a2, UART0_IRQ
    sw a2, 0(a1)
    TEST_CASE(8, a4, 0, csrr a4, mip; srli a4, a4, IRQ_MEI; andi a4, a4, 1)
    li a1, PLIC_CLAIM(0)
    TEST_CASE(9, a4, 0, lw a4, 0(a1))

    /* threshold >= priority masks the source; priority above it lets it through */
    li a1, PLIC_THRESHOLD(0)
    li a2, 1
    sw a2, 0(a1)
    li a1, UART_IER
    li a2, 0x02
    sb a2, 0(a1)
    li a3, 1000
1:  addi a3, a3, -1
    bnez a3, 1b
    TEST_CASE(10, a4, 0, csrr a4, mip; srli a4, a4, IRQ_MEI; andi a4, a4, 1)
    li a1, PLIC_PRIO(UART0_IRQ)
    li a2, 2
    sw a2, 0(a1)
    li gp, 11
    li a3, 100000
1:  csrr a4, mip
    srli a4, a4, IRQ_MEI; andi a4, a4, 1
    bnez a4, 2f
    addi a3, a3, -1
    bnez a3, 1b
    j fail
2:  li a1, PLIC_CLAIM(0)
    TEST_CASE(12, a4, UART0_IRQ, lw a4, 0(a1))
    li a1, UART_IER
    sb zero, 0(a1)
    li a1, PLIC_CLAIM(0)
    li a2, UART0_IRQ
    sw a2, 0(a1)
    li a1, PLIC_THRESHOLD(0)
    sw zero, 0(a1)
    li a1, PLIC_ENABLE(0)
    sw zero, 0(a1)

    /* S-mode context 1, SEI delegated: the S handler takes it */
    li a1, MIP_SEIP
    csrw mideleg, a1
    csrs mie, a1
    li a1, PLIC_ENABLE(1)
    li a2, 1 << UART0_IRQ
    sw a2, 0(a1)
    li a1, PLIC_THRESHOLD(1)
    sw zero, 0(a1)
    ENTER_S
    csrsi sstatus, MSTATUS_SIE
    li a1, UART_IER
    li a2, 0x02
    sb a2, 0(a1)
    WAIT_S_IRQS(20, 1)
    csrci sstatus, MSTATUS_SIE
    CHECK_SUB(20, 1, s8, IRQ_CAUSE(IRQ_SEI))
    CHECK_SUB(20, 2, s7, TRAPPED_TO_S(PRV_S))
    li a1, PLIC_CLAIM(1)
    TEST_CASE(21, a4, UART0_IRQ, lw a4, 0(a1))
    li a1, UART_IER
    sb zero, 0(a1)
    li a1, PLIC_CLAIM(1)
    li a2, UART0_IRQ
    sw a2, 0(a1)
    TEST_CASE(22, a4, 0, csrr a4, sip; andi a4, a4, MIP_SEIP)
    BACK_TO_M
TEST_END
