/* UART receive through newlib's stdin (_read): reads lines until one that says "END",
 * echoes each one upper-cased, and totals lines and bytes. The input comes from
 * uart_rx.input (rvsim --uart-in; QEMU's serial port reads it from stdin). */
#include <ctype.h>
#include <string.h>

#include "check.h"

int main(void)
{
    char line[256];
    unsigned lines = 0, bytes = 0;
    uint32_t sum = 0;
    for (;;) {
        CHECK(fgets(line, sizeof line, stdin) != NULL);
        line[strcspn(line, "\r\n")] = '\0';
        if (strcmp(line, "END") == 0)
            break;
        lines++;
        for (char *p = line; *p; p++) {
            bytes++;
            sum = sum * 33 + (unsigned char)*p;
            *p = (char)toupper((unsigned char)*p);
        }
        printf("rx: %s\n", line);
    }
    printf("rx: %u lines, %u bytes, hash 0x%08lx\n", lines, bytes, (unsigned long)sum);
    return 0;
}
