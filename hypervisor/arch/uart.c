/* The hypervisor's console: the real NS16550A UART0 (set up by the firmware below), polled. */
#include "print.h"

#include <stdint.h>

#define UART0 ((volatile uint8_t *)0x10000000UL)
#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

void hv_console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while (!(UART0[UART_LSR] & LSR_THRE))
            ;
        UART0[UART_THR] = (uint8_t)s[i];
    }
}
