/* The hypervisor's own formatted output (freestanding: no C library). */
#ifndef HV_PRINT_H
#define HV_PRINT_H

#include <stdarg.h>
#include <stddef.h>

/* Provided by the platform (arch/uart.c on the target, the test on the host). */
void hv_console_write(const char *s, size_t len);

/* %d %i %u %x %s %c %%, l/ll/z length, width and the 0/- flags. Returns the length the
 * output would have had (like snprintf); out is always terminated when size > 0. */
int hv_vsnprintf(char *out, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *out, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* One call = one hv_console_write (lines stay whole); at most 255 characters. */
void hv_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
