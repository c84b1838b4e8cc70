/* A per-guest virtual NS16550A (byte registers, reg-shift 0): a polled transmitter that is
 * always ready, no receiver, no interrupts. Output is collected into lines, which go out
 * whole (the caller prefixes them with the guest's name), so guests never interleave within
 * a line. */
#ifndef HV_VUART_H
#define HV_VUART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HV_VUART_LINE_MAX 160  /* longer lines are cut: the rest up to '\n' is dropped */

/* Register offsets. */
#define HV_UART_RBR_THR 0
#define HV_UART_IER     1
#define HV_UART_IIR_FCR 2
#define HV_UART_LCR     3
#define HV_UART_MCR     4
#define HV_UART_LSR     5
#define HV_UART_MSR     6
#define HV_UART_SCR     7
#define HV_UART_LCR_DLAB 0x80
#define HV_UART_LSR_THRE 0x20
#define HV_UART_LSR_TEMT 0x40

struct hv_console_sink {
    void (*line)(void *ctx, const char *text, size_t len);  /* one line, no '\n' */
    void (*quota)(void *ctx, uint64_t quota);               /* once, when output stops */
    void *ctx;
};

struct hv_vuart {
    uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
    bool cut;              /* the current line was cut; drop up to '\n' */
    bool muted;            /* the quota is used up */
    size_t len;
    uint64_t bytes;        /* every byte the guest sent */
    uint64_t quota;        /* 0 = unlimited */
    char line[HV_VUART_LINE_MAX + 16];
};

void hv_vuart_init(struct hv_vuart *u, uint64_t quota);
/* Register access at offset 0..7 (one byte). */
uint8_t hv_vuart_read(struct hv_vuart *u, unsigned offset);
void hv_vuart_write(struct hv_vuart *u, unsigned offset, uint8_t value,
                    const struct hv_console_sink *sink);
/* A byte of console output (THR, and the SBI console calls). */
void hv_vuart_putc(struct hv_vuart *u, char c, const struct hv_console_sink *sink);
/* Emits a pending partial line (at shutdown). */
void hv_vuart_flush(struct hv_vuart *u, const struct hv_console_sink *sink);

#endif
