/* The U-mode tasks of the paging guest. The build moves this file's sections to .user.*
 * (objcopy --prefix-alloc-sections), which lib/link.ld links at USER_TEXT_VA: everything here,
 * strings included, is reachable from U-mode. No calls outside this file. */
#include <stdint.h>

#include "paging.h"

static long syscall1(long n, long arg)
{
    register long a0 __asm__("a0") = arg;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    return a0;
}

static void sys_puts(const char *s) { syscall1(SYS_PUTS, (long)s); }

static void __attribute__((noreturn)) sys_exit(long status)
{
    syscall1(SYS_EXIT, status);
    for (;;)
        ;
}

/* Writes four fresh pages (store faults), reads a fifth (load fault: a zero page), reads the
 * read-only page, writes it (copy-on-write) and exits with a sum of what it saw. */
void user_main(void)
{
    volatile uint64_t *data = (volatile uint64_t *)USER_DATA_VA;
    volatile uint64_t *ro = (volatile uint64_t *)USER_RO_VA;
    sys_puts("task: writing four pages\n");
    for (long i = 0; i < 4; i++)
        data[i * 512 + i] = 0x1000 + i;
    uint64_t sum = 0;
    for (long i = 0; i < 4; i++)
        sum += data[i * 512 + i];
    sys_puts("task: reading an untouched page\n");
    sum += data[6 * 512];
    sys_puts("task: writing the read-only page\n");
    sum += *ro;
    *ro = 7;
    sum += *ro;
    sys_exit((long)sum);
}

void user_wild(void)
{
    sys_puts("task: reading an address outside every region\n");
    sys_exit((long)*(volatile uint64_t *)USER_WILD_VA);
}
