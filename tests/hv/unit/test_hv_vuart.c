/* The virtual NS16550A: registers, line buffering with the guest's name, long lines, the
 * console quota; also the hypervisor's printf and its device-tree reader. */
#include "hv_test.h"

#include "fdt.h"
#include "stats.h"
#include "vm.h"

static struct hv_vm vm;
static struct hv_console_sink sink;

static int setup(void **state)
{
    (void)state;
    memset(&vm, 0, sizeof vm);
    strcpy(vm.name, "g1");
    hv_vuart_init(&vm.uart, 0);
    sink = hv_vm_console(&vm);
    console_reset();
    return 0;
}

static void put(const char *s)
{
    while (*s)
        hv_vuart_write(&vm.uart, HV_UART_RBR_THR, (uint8_t)*s++, &sink);
}

static void registers(void **state)
{
    (void)state;
    struct hv_vuart *u = &vm.uart;
    assert_int_equal(hv_vuart_read(u, HV_UART_LSR), 0x60);  /* THRE | TEMT, no data */
    assert_int_equal(hv_vuart_read(u, HV_UART_IIR_FCR), 0x01);
    assert_int_equal(hv_vuart_read(u, HV_UART_RBR_THR), 0);
    hv_vuart_write(u, HV_UART_IIR_FCR, 0x07, &sink);        /* FIFO on */
    assert_int_equal(hv_vuart_read(u, HV_UART_IIR_FCR), 0xc1);
    hv_vuart_write(u, HV_UART_LCR, 0x83, &sink);            /* DLAB */
    hv_vuart_write(u, HV_UART_RBR_THR, 0x02, &sink);        /* DLL, not output */
    hv_vuart_write(u, HV_UART_IER, 0x00, &sink);            /* DLM */
    assert_int_equal(hv_vuart_read(u, HV_UART_RBR_THR), 0x02);
    hv_vuart_write(u, HV_UART_LCR, 0x03, &sink);
    assert_int_equal(hv_vuart_read(u, HV_UART_LCR), 0x03);
    hv_vuart_write(u, HV_UART_IER, 0xff, &sink);
    assert_int_equal(hv_vuart_read(u, HV_UART_IER), 0x0f);
    hv_vuart_write(u, HV_UART_MCR, 0x08, &sink);
    assert_int_equal(hv_vuart_read(u, HV_UART_MCR), 0x08);
    hv_vuart_write(u, HV_UART_SCR, 0xa5, &sink);
    assert_int_equal(hv_vuart_read(u, HV_UART_SCR), 0xa5);
    hv_vuart_write(u, HV_UART_LSR, 0x00, &sink);            /* read-only */
    assert_int_equal(hv_vuart_read(u, HV_UART_LSR), 0x60);
    assert_int_equal(console_len, 0);
}

static void lines_are_prefixed_and_whole(void **state)
{
    (void)state;
    put("hello");
    assert_int_equal(console_len, 0);
    put(", world\r\nsecond\n");
    assert_string_equal(console_buf, "[g1] hello, world\n[g1] second\n");
    put("\n");
    assert_string_equal(console_buf, "[g1] hello, world\n[g1] second\n[g1] \n");
    put("tail");
    hv_vuart_flush(&vm.uart, &sink);
    assert_string_equal(console_buf + strlen(console_buf) - 10, "[g1] tail\n");
}

static void long_lines_are_cut(void **state)
{
    (void)state;
    for (int i = 0; i < 1000; i++)
        hv_vuart_putc(&vm.uart, 'x', &sink);
    hv_vuart_putc(&vm.uart, '\n', &sink);
    hv_vuart_putc(&vm.uart, 'y', &sink);
    hv_vuart_putc(&vm.uart, '\n', &sink);
    char want[HV_VUART_LINE_MAX + 64];
    strcpy(want, "[g1] ");
    memset(want + 5, 'x', HV_VUART_LINE_MAX);
    strcpy(want + 5 + HV_VUART_LINE_MAX, " [cut]\n[g1] y\n");
    assert_string_equal(console_buf, want);
}

static void quota_mutes_once(void **state)
{
    (void)state;
    hv_vuart_init(&vm.uart, 10);
    put("0123\n");        /* 5 bytes */
    put("abcde");         /* 10 */
    put("f\nmore\n");     /* the 11th byte ends it */
    assert_string_equal(console_buf,
                        "[g1] 0123\n[g1] abcde\n"
                        "hv: g1: used up its console quota (10 bytes); its output is dropped\n");
    size_t len = console_len;
    put("still more\n");
    assert_int_equal(console_len, len);
}

static void printf_formats(void **state)
{
    (void)state;
    char buf[64];
    hv_snprintf(buf, sizeof buf, "%d %i %u %x %lx %s %c %%", -5, 7, 3000000000U, 0xbeef,
                0x123456789abUL, "str", 'q');
    assert_string_equal(buf, "-5 7 3000000000 beef 123456789ab str q %");
    hv_snprintf(buf, sizeof buf, "[%5d|%-5d|%05d|%-6s|%3s]", 42, 42, -42, "ab", "abcd");
    assert_string_equal(buf, "[   42|42   |-0042|ab    |abcd]");
    hv_snprintf(buf, sizeof buf, "%08x %lu %zu", 0xabc, 18446744073709551615UL, (size_t)7);
    assert_string_equal(buf, "00000abc 18446744073709551615 7");
    assert_int_equal(hv_snprintf(buf, 4, "abcdef"), 6);  /* truncates, terminates */
    assert_string_equal(buf, "abc");
    const char *volatile null_string = NULL;
    hv_snprintf(buf, sizeof buf, "%s", null_string);
    assert_string_equal(buf, "(null)");
}

static void stats_format(void **state)
{
    (void)state;
    struct hv_stats s;
    memset(&s, 0, sizeof s);
    char buf[160];
    hv_stats_format_exits(&s, buf, sizeof buf);
    assert_string_equal(buf, "none");
    s.exits[HV_EXIT_SBI] = 3;
    s.exits[HV_EXIT_MMIO] = 10;
    s.exits[HV_EXIT_FAULT] = 1;
    hv_stats_format_exits(&s, buf, sizeof buf);
    assert_string_equal(buf, "sbi 3, mmio 10, fault 1");
    assert_int_equal(hv_stats_exits(&s), 14);
}

/* A minimal DTB: root { #address-cells, memory@80000000 { device_type; reg } }. */
static size_t put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
    return 4;
}

static void fdt_memory(void **state)
{
    (void)state;
    static uint8_t blob[512];
    memset(blob, 0, sizeof blob);
    const char strings[] = "device_type\0reg";
    uint8_t *s = blob + 40;
    size_t n = 0;
    n += put_be32(s + n, 1);            /* root */
    n += 4;                             /* "" */
    n += put_be32(s + n, 1);            /* memory@80000000 */
    memcpy(s + n, "memory@80000000", 16);
    n += 16;
    n += put_be32(s + n, 3);            /* device_type = "memory" */
    n += put_be32(s + n, 7);
    n += put_be32(s + n, 0);
    memcpy(s + n, "memory", 7);
    n += 8;
    n += put_be32(s + n, 3);            /* reg */
    n += put_be32(s + n, 16);
    n += put_be32(s + n, 12);
    n += put_be32(s + n, 0);
    n += put_be32(s + n, 0x80000000);
    n += put_be32(s + n, 0);
    n += put_be32(s + n, 0x10000000);
    n += put_be32(s + n, 2);
    n += put_be32(s + n, 2);
    n += put_be32(s + n, 9);
    size_t strings_off = 40 + n;
    memcpy(blob + strings_off, strings, sizeof strings);
    put_be32(blob, 0xd00dfeed);
    put_be32(blob + 4, (uint32_t)(strings_off + sizeof strings));
    put_be32(blob + 8, 40);
    put_be32(blob + 12, (uint32_t)strings_off);
    put_be32(blob + 32, sizeof strings);
    put_be32(blob + 36, (uint32_t)n);
    uint64_t base = 0, size = 0;
    assert_true(hv_fdt_memory(blob, &base, &size));
    assert_int_equal(base, 0x80000000);
    assert_int_equal(size, 0x10000000);
    blob[0] = 0;
    assert_false(hv_fdt_memory(blob, &base, &size));
    assert_false(hv_fdt_memory(NULL, &base, &size));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup(name, setup)
    const struct CMUnitTest tests[] = {
        T(registers), T(lines_are_prefixed_and_whole), T(long_lines_are_cut),
        T(quota_mutes_once), T(printf_formats), T(stats_format), T(fdt_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
