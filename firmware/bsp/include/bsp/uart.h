/* NS16550A UART0 driver (reg-shift 0, 8-bit registers). */
#ifndef BSP_UART_H
#define BSP_UART_H

#include <stdbool.h>

/* Interrupt enable bits (IER). */
#define UART_IER_RX_AVAILABLE 0x01
#define UART_IER_THR_EMPTY    0x02

/* 8N1, interrupts off; the FIFO mode is left as it is (see uart.c). Called by crt0. */
void bsp_uart_init(void);
void bsp_uart_putc(char c);                    /* waits for THR empty */
void bsp_uart_puts(const char *s);             /* no newline added, no translation */
int bsp_uart_getc(void);                       /* waits for a byte */
int bsp_uart_try_getc(void);                   /* a byte, or -1 if none is waiting */
bool bsp_uart_tx_ready(void);                  /* LSR.THRE */
void bsp_uart_irq_enable(unsigned ier_bits);   /* sets IER bits */
void bsp_uart_irq_disable(unsigned ier_bits);  /* clears IER bits */
unsigned bsp_uart_iir(void);                   /* reads IIR (identifies the interrupt) */

#endif
