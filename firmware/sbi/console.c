/* Minimal console output for the firmware's own messages (no C library in M-mode). */
#include "bsp/uart.h"
#include "fw.h"

void fw_puts(const char *s)
{
    bsp_uart_puts(s);
}

void fw_put_hex(uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++)
        buf[2 + i] = digits[(v >> (60 - 4 * i)) & 0xf];
    buf[18] = '\0';
    fw_puts(buf);
}

void fw_put_dec(uint64_t v)
{
    char buf[21];
    int i = (int)sizeof buf - 1;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    fw_puts(buf + i);
}
