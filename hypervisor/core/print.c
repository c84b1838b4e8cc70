/* A small snprintf: the hypervisor links no C library. */
#include "print.h"

#include <stdbool.h>
#include <stdint.h>

struct out {
    char *buf;
    size_t size;
    size_t pos;
};

static void put(struct out *o, char c)
{
    if (o->pos + 1 < o->size)
        o->buf[o->pos] = c;
    o->pos++;
}

static void put_padded(struct out *o, const char *s, size_t len, int width, bool left, char pad)
{
    size_t fill = width > 0 && (size_t)width > len ? (size_t)width - len : 0;
    if (!left)
        while (fill) {
            put(o, pad);
            fill--;
        }
    for (size_t i = 0; i < len; i++)
        put(o, s[i]);
    while (fill) {
        put(o, ' ');
        fill--;
    }
}

static void put_number(struct out *o, uint64_t v, unsigned base, bool neg, int width, bool left,
                       bool zero)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[sizeof tmp - 1 - n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg && zero && !left) {
        put(o, '-');
        put_padded(o, tmp + sizeof tmp - n, n, width - 1, false, '0');
        return;
    }
    if (neg)
        tmp[sizeof tmp - 1 - n++] = '-';
    put_padded(o, tmp + sizeof tmp - n, n, width, left, zero ? '0' : ' ');
}

int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {buf, size, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        bool left = false, zero = false;
        int width = 0, longs = 0;
        for (;; fmt++) {
            if (fmt[1] == '-')
                left = true;
            else if (fmt[1] == '0')
                zero = true;
            else
                break;
        }
        while (fmt[1] >= '0' && fmt[1] <= '9')
            width = width * 10 + (*++fmt - '0');
        while (fmt[1] == 'l' || fmt[1] == 'z') {
            longs++;
            fmt++;
        }
        char conv = *++fmt;
        switch (conv) {
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, long) : va_arg(ap, int);
            put_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, left, zero);
            break;
        }
        case 'u':
        case 'x': {
            uint64_t v = longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            put_number(&o, v, conv == 'u' ? 10 : 16, false, width, left, zero);
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            put_padded(&o, &c, 1, width, left, ' ');
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            size_t len = 0;
            while (s[len])
                len++;
            put_padded(&o, s, len, width, left, ' ');
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, conv);
            break;
        }
    }
    if (size)
        buf[o.pos < size ? o.pos : size - 1] = '\0';
    return (int)o.pos;
}

int hv_snprintf(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = hv_vsnprintf(out, size, fmt, ap);
    va_end(ap);
    return n;
}

void hv_printf(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    int n = hv_vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    hv_console_write(line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
}
