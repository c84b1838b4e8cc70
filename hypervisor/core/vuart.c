/* The virtual UART's registers follow the 16550A data sheet: DLAB selects the divisor latch
 * at offsets 0/1; IIR reads "no interrupt pending" (with the FIFO-enabled bits if FCR set
 * them); LSR always reports an empty transmitter and no received data. */
#include "vuart.h"

static const char cut_marker[] = " [cut]";

void hv_vuart_init(struct hv_vuart *u, uint64_t quota)
{
    *u = (struct hv_vuart){0};
    u->quota = quota;
}

uint8_t hv_vuart_read(struct hv_vuart *u, unsigned offset)
{
    bool dlab = u->lcr & HV_UART_LCR_DLAB;
    switch (offset) {
    case HV_UART_RBR_THR: return dlab ? u->dll : 0;
    case HV_UART_IER: return dlab ? u->dlm : u->ier;
    case HV_UART_IIR_FCR: return (u->fcr & 1) ? 0xc1 : 0x01;
    case HV_UART_LCR: return u->lcr;
    case HV_UART_MCR: return u->mcr;
    case HV_UART_LSR: return HV_UART_LSR_THRE | HV_UART_LSR_TEMT;
    case HV_UART_MSR: return 0xb0;  /* CTS, DSR, DCD: a connected terminal */
    case HV_UART_SCR: return u->scr;
    default: return 0;
    }
}

void hv_vuart_write(struct hv_vuart *u, unsigned offset, uint8_t value,
                    const struct hv_console_sink *sink)
{
    bool dlab = u->lcr & HV_UART_LCR_DLAB;
    switch (offset) {
    case HV_UART_RBR_THR:
        if (dlab)
            u->dll = value;
        else
            hv_vuart_putc(u, (char)value, sink);
        break;
    case HV_UART_IER:
        if (dlab)
            u->dlm = value;
        else
            u->ier = value & 0x0f;
        break;
    case HV_UART_IIR_FCR: u->fcr = value & 0xc9; break;
    case HV_UART_LCR: u->lcr = value; break;
    case HV_UART_MCR: u->mcr = value & 0x1f; break;
    case HV_UART_SCR: u->scr = value; break;
    default: break;  /* LSR and MSR are read-only */
    }
}

static void emit(struct hv_vuart *u, const struct hv_console_sink *sink)
{
    size_t len = u->len;
    if (u->cut) {
        for (size_t i = 0; i < sizeof cut_marker - 1; i++)
            u->line[len++] = cut_marker[i];
    }
    u->line[len] = '\0';
    sink->line(sink->ctx, u->line, len);
    u->len = 0;
    u->cut = false;
}

void hv_vuart_putc(struct hv_vuart *u, char c, const struct hv_console_sink *sink)
{
    if (u->muted)
        return;
    u->bytes++;
    if (u->quota && u->bytes > u->quota) {
        if (u->len || u->cut)
            emit(u, sink);
        u->muted = true;
        sink->quota(sink->ctx, u->quota);
        return;
    }
    if (c == '\n') {
        emit(u, sink);
        return;
    }
    if (c == '\r')  /* guests may send CRLF; the transcript is LF only */
        return;
    if (u->len == HV_VUART_LINE_MAX) {
        u->cut = true;
        return;
    }
    if (!u->cut)
        u->line[u->len++] = c;
}

void hv_vuart_flush(struct hv_vuart *u, const struct hv_console_sink *sink)
{
    if (u->len || u->cut)
        emit(u, sink);
}
