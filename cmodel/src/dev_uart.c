/*
 * UART0 at 0x10000000: the NS16550A subset that bare-metal drivers and Linux's 8250 driver
 * use, reg-shift 0, 8-bit accesses only (others fault); offsets 8..0xFF read 0.
 *
 * Transmit is instantaneous: THR is always empty (LSR.THRE = LSR.TEMT = 1), a written byte
 * goes straight to cfg.uart_out. Receive holds one byte (no FIFO depth):
 *  - from a file (--uart-in): the next byte is available as soon as the previous one is read,
 *    so a run is deterministic;
 *  - from stdin: polled without blocking, at most once every MK_UART_STDIN_POLL_CYCLES cycles,
 *    and only when the program looks for input (reads LSR/RBR, or has the receive interrupt
 *    enabled), so programs that never read the UART pay nothing.
 * Interrupts: receive-data-available (IER bit 0) and THR-empty (IER bit 1), identified in IIR;
 * the line goes to PLIC source 10. Not modelled: line-status and modem-status interrupts,
 * MCR loopback, baud timing. FCR FIFO-reset bits are ignored, so input waiting before the
 * driver initialises is not lost.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "soc.h"

enum { UART_RBR_THR = 0, UART_IER = 1, UART_IIR_FCR = 2, UART_LCR = 3, UART_MCR = 4,
       UART_LSR = 5, UART_MSR = 6, UART_SCR = 7 };

#define IER_RDA 0x01u
#define IER_THRE 0x02u
#define IIR_NONE 0x01u
#define IIR_THRE 0x02u
#define IIR_RDA 0x04u
#define IIR_FIFO 0xC0u
#define LCR_DLAB 0x80u
#define LSR_DR 0x01u
#define LSR_THRE 0x20u
#define LSR_TEMT 0x40u
#define MSR_READY 0xB0u     /* DCD, DSR, CTS: the other end is always there */

int mk_uart_init(mk_soc_t *soc, char *err, size_t errlen)
{
    mk_uart_t *u = &soc->dev.uart;
    memset(u, 0, sizeof *u);
    u->out = soc->cfg.uart_out ? soc->cfg.uart_out : stdout;
    if (soc->cfg.uart_in_path) {
        u->rx_file = fopen(soc->cfg.uart_in_path, "rb");
        if (!u->rx_file) {
            snprintf(err, errlen, "cannot open UART input %s: %s", soc->cfg.uart_in_path,
                     strerror(errno));
            return -1;
        }
    } else {
        u->rx_stdin = soc->cfg.uart_in_stdin;
    }
    u->rx_eof = !u->rx_file && !u->rx_stdin;
    mk_uart_reset(soc);
    return 0;
}

void mk_uart_free(mk_soc_t *soc)
{
    mk_uart_t *u = &soc->dev.uart;
    if (u->rx_file)
        fclose(u->rx_file);
    u->rx_file = NULL;
}

/* Takes the next byte from the input file, if there is one. */
static void rx_refill_from_file(mk_uart_t *u)
{
    if (u->rx_ready || u->rx_eof || !u->rx_file)
        return;
    int c = fgetc(u->rx_file);
    if (c == EOF) {
        u->rx_eof = true;
        return;
    }
    u->rbr = (uint8_t)c;
    u->rx_ready = true;
}

/* Register state resets; received data already waiting stays (it belongs to the line). */
void mk_uart_reset(mk_soc_t *soc)
{
    mk_uart_t *u = &soc->dev.uart;
    u->ier = u->lcr = u->mcr = u->scr = 0;
    u->dll = 12;    /* 3686400 / (16 * 12) = 19200 baud, never used for timing */
    u->dlm = 0;
    u->fifo_enabled = false;
    u->thr_ipending = false;
    u->rx_next_poll = soc->hart.cycle;
    rx_refill_from_file(u);
}

bool mk_uart_poll(mk_soc_t *soc)
{
    mk_uart_t *u = &soc->dev.uart;
    if (!u->rx_stdin || u->rx_eof || u->rx_ready || soc->hart.cycle < u->rx_next_poll)
        return false;
    u->rx_next_poll = soc->hart.cycle + MK_UART_STDIN_POLL_CYCLES;
    struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
    if (poll(&pfd, 1, 0) <= 0)
        return false;
    if (!(pfd.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
        return false;
    uint8_t c;
    ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n == 1) {
        u->rbr = c;
        u->rx_ready = true;
        return true;
    }
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
        u->rx_eof = true;
    return false;
}

uint64_t mk_uart_next_event(const mk_soc_t *soc)
{
    const mk_uart_t *u = &soc->dev.uart;
    if (!u->rx_stdin || u->rx_eof || u->rx_ready || !(u->ier & IER_RDA))
        return UINT64_MAX;
    return u->rx_next_poll;
}

bool mk_uart_irq(const mk_uart_t *u)
{
    return ((u->ier & IER_RDA) && u->rx_ready) || ((u->ier & IER_THRE) && u->thr_ipending);
}

static void transmit(mk_uart_t *u, uint8_t c)
{
    fputc(c, u->out);
    if (c == '\n')
        fflush(u->out);
    u->thr_ipending = true;     /* the byte is gone at once: THR is empty again */
}

int mk_uart_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val)
{
    mk_uart_t *u = &soc->dev.uart;
    if (size != 1)
        return -1;
    uint8_t v = 0;
    bool dlab = u->lcr & LCR_DLAB;
    switch (off) {
    case UART_RBR_THR:
        if (dlab) {
            v = u->dll;
            break;
        }
        mk_uart_poll(soc);
        v = u->rx_ready ? u->rbr : 0;
        u->rx_ready = false;
        rx_refill_from_file(u);
        break;
    case UART_IER:
        v = dlab ? u->dlm : u->ier;
        break;
    case UART_IIR_FCR:
        if ((u->ier & IER_RDA) && u->rx_ready) {
            v = IIR_RDA;
        } else if ((u->ier & IER_THRE) && u->thr_ipending) {
            v = IIR_THRE;
            u->thr_ipending = false;    /* reading IIR acknowledges THR-empty */
        } else {
            v = IIR_NONE;
        }
        if (u->fifo_enabled)
            v |= IIR_FIFO;
        break;
    case UART_LCR: v = u->lcr; break;
    case UART_MCR: v = u->mcr; break;
    case UART_LSR:
        mk_uart_poll(soc);
        v = LSR_THRE | LSR_TEMT | (u->rx_ready ? LSR_DR : 0);
        break;
    case UART_MSR: v = MSR_READY; break;
    case UART_SCR: v = u->scr; break;
    default: break;
    }
    *val = v;
    return 0;
}

int mk_uart_store(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t val)
{
    mk_uart_t *u = &soc->dev.uart;
    if (size != 1)
        return -1;
    uint8_t v = (uint8_t)val;
    bool dlab = u->lcr & LCR_DLAB;
    switch (off) {
    case UART_RBR_THR:
        if (dlab)
            u->dll = v;
        else
            transmit(u, v);
        break;
    case UART_IER:
        if (dlab) {
            u->dlm = v;
        } else {
            /* Enabling THR-empty with THR empty (always) raises it, as on a real 16550. */
            if ((v & IER_THRE) && !(u->ier & IER_THRE))
                u->thr_ipending = true;
            if (!(v & IER_THRE))
                u->thr_ipending = false;
            u->ier = v & 0x0Fu;
        }
        break;
    case UART_IIR_FCR: u->fifo_enabled = v & 1u; break;
    case UART_LCR: u->lcr = v; break;
    case UART_MCR: u->mcr = v & 0x1Fu; break;
    case UART_SCR: u->scr = v; break;
    default: break;     /* LSR, MSR are read-only */
    }
    soc->hart.irq_recheck = true;
    return 0;
}
