/* Shared by the hypervisor's host tests: captures the hypervisor's console output. */
#ifndef HV_TEST_H
#define HV_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "print.h"

static char console_buf[65536];
static size_t console_len;

void hv_console_write(const char *s, size_t len)
{
    if (console_len + len < sizeof console_buf) {
        memcpy(console_buf + console_len, s, len);
        console_len += len;
        console_buf[console_len] = '\0';
    }
}

static inline void console_reset(void)
{
    console_len = 0;
    console_buf[0] = '\0';
}

#endif
