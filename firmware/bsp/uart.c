/* NS16550A UART0 driver: polled I/O plus interrupt enables. */
#include "bsp/platform.h"
#include "bsp/uart.h"
#include "mmio.h"

enum {
    UART_RBR = 0, UART_THR = 0, UART_DLL = 0,
    UART_IER = 1, UART_DLM = 1,
    UART_IIR = 2, UART_FCR = 2,
    UART_LCR = 3, UART_MCR = 4, UART_LSR = 5,
};

#define LSR_DR   0x01   /* receive data ready */
#define LSR_THRE 0x20   /* transmit holding register empty */
#define LCR_8N1  0x03
#define LCR_DLAB 0x80
#define MCR_OUT2 0x08   /* gates the interrupt line on PC-style 16550 boards */

/* 115200 baud from the 3.6864 MHz clock of the device tree. Simulators ignore the rate. */
#define UART_DIVISOR 2

static inline uint8_t reg_read(unsigned reg) { return mmio_read8(BSP_UART0_BASE + reg); }
static inline void reg_write(unsigned reg, uint8_t v) { mmio_write8(BSP_UART0_BASE + reg, v); }

void bsp_uart_init(void)
{
    reg_write(UART_IER, 0);
    reg_write(UART_LCR, LCR_DLAB);
    reg_write(UART_DLL, UART_DIVISOR & 0xff);
    reg_write(UART_DLM, UART_DIVISOR >> 8);
    reg_write(UART_LCR, LCR_8N1);
    /* FCR is left alone: switching the FIFOs on clears them, which would drop input that
     * arrived before the program started (QEMU's serial port receives from time zero). */
    reg_write(UART_MCR, MCR_OUT2);
}

bool bsp_uart_tx_ready(void)
{
    return (reg_read(UART_LSR) & LSR_THRE) != 0;
}

void bsp_uart_putc(char c)
{
    while (!bsp_uart_tx_ready())
        ;
    reg_write(UART_THR, (uint8_t)c);
}

void bsp_uart_puts(const char *s)
{
    while (*s)
        bsp_uart_putc(*s++);
}

int bsp_uart_try_getc(void)
{
    if (!(reg_read(UART_LSR) & LSR_DR))
        return -1;
    return reg_read(UART_RBR);
}

int bsp_uart_getc(void)
{
    int c;
    while ((c = bsp_uart_try_getc()) < 0)
        ;
    return c;
}

void bsp_uart_irq_enable(unsigned ier_bits)
{
    reg_write(UART_IER, reg_read(UART_IER) | (uint8_t)ier_bits);
}

void bsp_uart_irq_disable(unsigned ier_bits)
{
    reg_write(UART_IER, reg_read(UART_IER) & (uint8_t)~ier_bits);
}

unsigned bsp_uart_iir(void)
{
    return reg_read(UART_IIR);
}
