/* printf and friends through newlib and the BSP's _write: numbers of every width, strings,
 * padding, and snprintf results checked against literal text. */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

static void expect(const char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        printf("snprintf gave \"%s\", want \"%s\"\n", got, want);
        exit(1);
    }
}

int main(void)
{
    char buf[128];

    snprintf(buf, sizeof buf, "%d %i %u", -42, 7, 3000000000u);
    expect(buf, "-42 7 3000000000");
    snprintf(buf, sizeof buf, "%ld %lu", LONG_MIN, ULONG_MAX);
    expect(buf, "-9223372036854775808 18446744073709551615");
    snprintf(buf, sizeof buf, "%lld %" PRIx64 " %" PRIX64, -1LL, UINT64_C(0xdeadbeefcafe),
             UINT64_C(0xabcdef));
    expect(buf, "-1 deadbeefcafe ABCDEF");
    snprintf(buf, sizeof buf, "[%5d|%-5d|%05d|%+d]", 42, 42, 42, 42);
    expect(buf, "[   42|42   |00042|+42]");
    snprintf(buf, sizeof buf, "[%s|%8s|%-8s|%.3s|%c%c]", "abc", "right", "left", "truncate",
             'o', 'k');
    expect(buf, "[abc|   right|left    |tru|ok]");
    snprintf(buf, sizeof buf, "%#x %#o %p %%", 255u, 8u, (void *)0x80001000);
    expect(buf, "0xff 010 0x80001000 %");
    snprintf(buf, sizeof buf, "%.3f %e", 3.14159, 12345.678);
    expect(buf, "3.142 1.234568e+04");
    volatile size_t small = 4;  /* volatile: the truncation is the point, not a mistake */
    CHECK(snprintf(buf, small, "%s", "overflow") == 8 && strcmp(buf, "ove") == 0);

    printf("stdio: integers %d %ld %lu\n", -1, 1234567890123L, 0xffffffffffffffffUL);
    printf("stdio: hex 0x%08x, string \"%s\", char '%c'\n", 0xbeef, "matryoshka", '!');
    fputs("stdio: fputs to stdout\n", stdout);
    fprintf(stderr, "stdio: stderr goes to the UART too\n");
    putchar('o');
    putchar('k');
    putchar('\n');
    printf("stdio: all checks passed\n");
    return 0;
}
