/* Console output on the NS16550A UART (polled) and a small printf. The UART, not the SBI
 * console, so that under the hypervisor the output goes through the guest's virtual UART. */
#include <stdbool.h>

#include "guest.h"

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

void guest_putchar(char c)
{
    volatile uint8_t *uart = (volatile uint8_t *)GUEST_UART_BASE;
    while (!(uart[UART_LSR] & LSR_THRE))
        ;
    uart[UART_THR] = (uint8_t)c;
}

void guest_puts(const char *s)
{
    while (*s)
        guest_putchar(*s++);
}

struct spec {
    bool left;     /* '-' */
    bool zero;     /* '0' */
    int width;
};

static int emit_padded(const struct spec *sp, const char *s, int len)
{
    int pad = sp->width > len ? sp->width - len : 0;
    if (!sp->left)
        for (int i = 0; i < pad; i++)
            guest_putchar(' ');
    for (int i = 0; i < len; i++)
        guest_putchar(s[i]);
    if (sp->left)
        for (int i = 0; i < pad; i++)
            guest_putchar(' ');
    return len + pad;
}

static int emit_number(const struct spec *sp, uint64_t v, unsigned base, bool upper, bool neg)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    int n = 0;
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    int len = n + (neg ? 1 : 0);
    int pad = sp->width > len ? sp->width - len : 0;
    int out = 0;
    if (!sp->left && !sp->zero)
        for (; pad > 0; pad--, out++)
            guest_putchar(' ');
    if (neg)
        guest_putchar('-'), out++;
    if (!sp->left && sp->zero)
        for (; pad > 0; pad--, out++)
            guest_putchar('0');
    while (n > 0)
        guest_putchar(buf[--n]), out++;
    for (; pad > 0; pad--, out++)
        guest_putchar(' ');
    return out;
}

int vprintf(const char *fmt, va_list ap)
{
    int out = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            guest_putchar(*fmt);
            out++;
            continue;
        }
        struct spec sp = {false, false, 0};
        for (;; fmt++) {
            if (fmt[1] == '-')
                sp.left = true;
            else if (fmt[1] == '0')
                sp.zero = true;
            else
                break;
        }
        while (fmt[1] >= '0' && fmt[1] <= '9')
            sp.width = sp.width * 10 + (*++fmt - '0');
        int longs = 0;
        while (fmt[1] == 'l' || fmt[1] == 'z') {
            longs++;
            fmt++;
        }
        char conv = *++fmt;
        switch (conv) {
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, long) : va_arg(ap, int);
            out += emit_number(&sp, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false, v < 0);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            out += emit_number(&sp, v, conv == 'u' ? 10 : 16, conv == 'X', false);
            break;
        }
        case 'p':
            guest_puts("0x");
            out += 2 + emit_number(&sp, (uintptr_t)va_arg(ap, void *), 16, false, false);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            out += emit_padded(&sp, &c, 1);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int len = 0;
            while (s[len])
                len++;
            out += emit_padded(&sp, s, len);
            break;
        }
        case '%':
            guest_putchar('%');
            out++;
            break;
        case '\0':
            return out;
        default:  /* unknown conversion: print it as it was written */
            guest_putchar('%');
            guest_putchar(conv);
            out += 2;
            break;
        }
    }
    return out;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
