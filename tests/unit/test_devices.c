/* SoC devices through the physical bus: boot ROM, finisher, CLINT, PLIC, UART, HTIF. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "soc.h"

#define MEM_SIZE (64u << 20)
#define CLINT_MTIMECMP (MK_CLINT_BASE + 0x4000)
#define CLINT_MTIME (MK_CLINT_BASE + 0xBFF8)
#define PLIC_PRIO(s) (MK_PLIC_BASE + 4 * (s))
#define PLIC_PENDING (MK_PLIC_BASE + 0x1000)
#define PLIC_ENABLE(c) (MK_PLIC_BASE + 0x2000 + 0x80 * (c))
#define PLIC_THRESHOLD(c) (MK_PLIC_BASE + 0x200000 + 0x1000 * (c))
#define PLIC_CLAIM(c) (PLIC_THRESHOLD(c) + 4)
#define UART(r) (MK_UART0_BASE + (r))

typedef struct fixture {
    mk_soc_t *soc;
    FILE *out;
    char in_path[64];
} fixture_t;

static int setup_with_input(void **state, const char *input)
{
    fixture_t *f = calloc(1, sizeof *f);
    mk_config_t cfg;
    mk_config_default(&cfg);
    cfg.mem_size = MEM_SIZE;
    cfg.uart_in_stdin = false;
    f->out = tmpfile();
    cfg.uart_out = f->out;
    if (input) {
        strcpy(f->in_path, "/tmp/mk_test_uart_XXXXXX");
        int fd = mkstemp(f->in_path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, input, strlen(input)), (ssize_t)strlen(input));
        close(fd);
        cfg.uart_in_path = f->in_path;
    }
    char err[256];
    f->soc = mk_soc_new(&cfg, err, sizeof err);
    if (!f->soc)
        fail_msg("mk_soc_new: %s", err);
    *state = f;
    return 0;
}

static int setup(void **state) { return setup_with_input(state, NULL); }
static int setup_input(void **state) { return setup_with_input(state, "AB"); }

static int teardown(void **state)
{
    fixture_t *f = *state;
    mk_soc_free(f->soc);
    fclose(f->out);
    if (f->in_path[0])
        unlink(f->in_path);
    free(f);
    return 0;
}

static uint64_t rd(mk_soc_t *soc, uint64_t addr, unsigned size)
{
    uint64_t v = 0xDEADBEEF;
    assert_int_equal(mk_bus_load(soc, addr, size, &v), 0);
    return v;
}

static void wr(mk_soc_t *soc, uint64_t addr, unsigned size, uint64_t v)
{
    assert_int_equal(mk_bus_store(soc, addr, size, v), 0);
}

static uint64_t lines(mk_soc_t *soc)
{
    mk_soc_update_irqs(soc);
    return soc->hart.irq_lines;
}

/* --- configuration, boot ROM, bus ---------------------------------------------------------- */

static void test_bad_mem_size(void **state)
{
    (void)state;
    static const uint64_t bad[] = { 0, 4095, 4097, 3ull << 30 };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        mk_config_t cfg;
        mk_config_default(&cfg);
        cfg.uart_in_stdin = false;
        cfg.mem_size = bad[i];
        char err[256] = "";
        assert_null(mk_soc_new(&cfg, err, sizeof err));
        assert_non_null(strstr(err, "multiple of 4 KiB"));
    }
}

static void test_missing_uart_input(void **state)
{
    (void)state;
    mk_config_t cfg;
    mk_config_default(&cfg);
    cfg.uart_in_path = "/nonexistent/in.txt";
    char err[256] = "";
    assert_null(mk_soc_new(&cfg, err, sizeof err));
    assert_string_equal(err, "cannot open UART input /nonexistent/in.txt: No such file or directory");
}

static void test_bootrom(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(f->soc->hart.pc, MK_BOOTROM_BASE);
    assert_int_equal(rd(f->soc, 0x1000, 4), 0x00000297);   /* auipc t0, 0 */
    assert_int_equal(rd(f->soc, 0x1008, 4), 0xF1402573);   /* csrr a0, mhartid */
    assert_int_equal(rd(f->soc, 0x1018, 8), MK_DRAM_BASE);  /* default entry */
    assert_int_equal(rd(f->soc, 0x1100, 4), 0xEDFE0DD0);   /* FDT magic, big-endian */
    uint64_t v;
    assert_int_equal(mk_bus_store(f->soc, 0x1000, 4, 0), -1);   /* read-only */
    assert_int_equal(mk_bus_load(f->soc, 0x10000, 4, &v), -1);  /* past the ROM */

    /* The memory node's reg was patched to the configured size: <0 0x80000000 0 64 MiB>. */
    static const uint8_t reg[16] = { 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x04, 0, 0, 0 };
    uint8_t rom[MK_BOOTROM_SIZE - 0x100];
    assert_int_equal(mk_soc_phys_read(f->soc, 0x1100, rom, sizeof rom), 0);
    bool found = false;
    for (size_t i = 0; i + sizeof reg <= sizeof rom && !found; i += 4)
        found = memcmp(rom + i, reg, sizeof reg) == 0;
    assert_true(found);
}

static void test_unmapped_and_dram(void **state)
{
    fixture_t *f = *state;
    uint64_t v;
    assert_int_equal(mk_bus_load(f->soc, 0x0, 4, &v), -1);
    assert_int_equal(mk_bus_load(f->soc, 0x3000000, 4, &v), -1);
    assert_int_equal(mk_bus_store(f->soc, MK_DRAM_BASE + MEM_SIZE, 8, 1), -1);
    assert_int_equal(mk_bus_store(f->soc, 0x7FFFFFF8, 8, 1), -1);
    wr(f->soc, MK_DRAM_BASE + 8, 8, 0x1122334455667788ull);
    assert_int_equal(rd(f->soc, MK_DRAM_BASE + 8, 8), 0x1122334455667788ull);
    assert_int_equal(rd(f->soc, MK_DRAM_BASE + 8, 1), 0x88);    /* little-endian */
    assert_int_equal(rd(f->soc, MK_DRAM_BASE + 12, 4), 0x11223344);
}

typedef struct seen { int calls; uint64_t addr, data; bool write; unsigned size; } seen_t;
static void observer(void *ctx, uint64_t paddr, unsigned size, bool write, uint64_t data)
{
    seen_t *s = ctx;
    s->calls++;
    s->addr = paddr;
    s->size = size;
    s->write = write;
    s->data = data;
}

static void test_mmio_observer(void **state)
{
    fixture_t *f = *state;
    seen_t s = {0};
    mk_soc_set_mmio_observer(f->soc, observer, &s);
    wr(f->soc, UART(7), 1, 0x5A);
    assert_int_equal(s.calls, 1);
    assert_int_equal(s.addr, UART(7));
    assert_true(s.write);
    assert_int_equal(s.data, 0x5A);
    rd(f->soc, UART(7), 1);
    assert_int_equal(s.calls, 2);
    assert_false(s.write);
    assert_int_equal(s.data, 0x5A);
    wr(f->soc, MK_DRAM_BASE, 4, 1);     /* DRAM is not MMIO */
    assert_int_equal(s.calls, 2);
}

/* --- finisher ------------------------------------------------------------------------------ */

static void test_finisher_pass_fail(void **state)
{
    fixture_t *f = *state;
    int code = -1;
    uint64_t v;
    assert_int_equal(mk_bus_store(f->soc, MK_FINISHER_BASE, 1, 0x55), -1);
    assert_int_equal(mk_bus_store(f->soc, MK_FINISHER_BASE, 8, 0x5555), -1);
    assert_int_equal(rd(f->soc, MK_FINISHER_BASE, 4), 0);
    assert_int_equal(mk_bus_load(f->soc, MK_FINISHER_BASE, 2, &v), -1);
    wr(f->soc, MK_FINISHER_BASE, 4, 0x1234);    /* ignored */
    assert_false(mk_soc_exited(f->soc, &code));
    wr(f->soc, MK_FINISHER_BASE, 4, (3u << 16) | 0x3333);
    assert_true(mk_soc_exited(f->soc, &code));
    assert_int_equal(code, 3);
    mk_soc_reset(f->soc);
    assert_false(mk_soc_exited(f->soc, NULL));
    wr(f->soc, MK_FINISHER_BASE, 4, 0x5555);
    assert_true(mk_soc_exited(f->soc, &code));
    assert_int_equal(code, 0);
}

static void test_finisher_reset(void **state)
{
    fixture_t *f = *state;
    mk_hart_t *h = &f->soc->hart;
    h->pc = 0x80000100;
    h->x[5] = 42;
    h->cycle = 1000;
    wr(f->soc, CLINT_MTIMECMP, 8, 7);
    wr(f->soc, MK_FINISHER_BASE, 4, 0x7777);
    assert_true(h->irq_recheck);
    assert_int_equal(h->pc, 0x80000100);    /* not in the middle of the store */
    assert_int_equal(mk_soc_next_event(f->soc), h->cycle);
    mk_soc_update_irqs(f->soc);
    assert_int_equal(h->pc, MK_BOOTROM_BASE);
    assert_int_equal(h->x[5], 0);
    assert_int_equal(rd(f->soc, CLINT_MTIMECMP, 8), UINT64_MAX);
    assert_int_equal(rd(f->soc, CLINT_MTIME, 8), 200);  /* time keeps running */
    assert_false(mk_soc_exited(f->soc, NULL));
}

/* --- CLINT --------------------------------------------------------------------------------- */

static void test_clint_msip(void **state)
{
    fixture_t *f = *state;
    uint64_t v;
    assert_int_equal(lines(f->soc) & MK_MIP_MSIP, 0);
    f->soc->hart.irq_recheck = false;
    wr(f->soc, MK_CLINT_BASE, 4, 0xFFFFFFFF);
    assert_true(f->soc->hart.irq_recheck);
    assert_int_equal(rd(f->soc, MK_CLINT_BASE, 4), 1);    /* only bit 0 exists */
    assert_int_equal(lines(f->soc) & MK_MIP_MSIP, MK_MIP_MSIP);
    wr(f->soc, MK_CLINT_BASE, 4, 0);
    assert_int_equal(lines(f->soc) & MK_MIP_MSIP, 0);
    assert_int_equal(mk_bus_load(f->soc, MK_CLINT_BASE, 1, &v), -1);
    assert_int_equal(mk_bus_store(f->soc, MK_CLINT_BASE, 2, 1), -1);
}

static void test_clint_mtime(void **state)
{
    fixture_t *f = *state;
    mk_hart_t *h = &f->soc->hart;
    h->cycle = 50;
    assert_int_equal(rd(f->soc, CLINT_MTIME, 8), 10);
    assert_int_equal(mk_soc_mtime(f->soc), 10);
    wr(f->soc, CLINT_MTIME, 8, 0x100000000ull);
    h->cycle += 5 * 3;
    assert_int_equal(rd(f->soc, CLINT_MTIME, 8), 0x100000003ull);
    assert_int_equal(rd(f->soc, CLINT_MTIME, 4), 3);
    assert_int_equal(rd(f->soc, CLINT_MTIME + 4, 4), 1);
    wr(f->soc, CLINT_MTIME + 4, 4, 0);      /* upper half only */
    assert_int_equal(rd(f->soc, CLINT_MTIME, 8), 3);
}

static void test_clint_mtimecmp_and_mtip(void **state)
{
    fixture_t *f = *state;
    mk_hart_t *h = &f->soc->hart;
    h->cycle = 0;
    assert_int_equal(rd(f->soc, CLINT_MTIMECMP, 8), UINT64_MAX);
    assert_int_equal(lines(f->soc) & MK_MIP_MTIP, 0);
    assert_int_equal(mk_soc_next_event(f->soc), UINT64_MAX);   /* never, without overflow */
    wr(f->soc, CLINT_MTIMECMP + 4, 4, 0);
    wr(f->soc, CLINT_MTIMECMP, 4, 100);
    assert_int_equal(rd(f->soc, CLINT_MTIMECMP, 8), 100);
    assert_int_equal(mk_soc_next_event(f->soc), 500);   /* mtime reaches 100 at cycle 500 */
    h->cycle = 499;
    assert_int_equal(lines(f->soc) & MK_MIP_MTIP, 0);
    h->cycle = 500;
    assert_int_equal(lines(f->soc) & MK_MIP_MTIP, MK_MIP_MTIP);
    assert_int_equal(mk_soc_next_event(f->soc), UINT64_MAX);    /* already high */
    wr(f->soc, CLINT_MTIMECMP, 8, 1000);
    assert_int_equal(lines(f->soc) & MK_MIP_MTIP, 0);
}

/* --- PLIC and UART interrupts ------------------------------------------------------------- */

static void test_plic_registers(void **state)
{
    fixture_t *f = *state;
    uint64_t v;
    wr(f->soc, PLIC_PRIO(10), 4, 0xFF);
    assert_int_equal(rd(f->soc, PLIC_PRIO(10), 4), 7);      /* 3 bits */
    wr(f->soc, PLIC_PRIO(0), 4, 5);
    assert_int_equal(rd(f->soc, PLIC_PRIO(0), 4), 0);       /* source 0 does not exist */
    wr(f->soc, PLIC_ENABLE(1), 4, 0xFFFFFFFF);
    assert_int_equal(rd(f->soc, PLIC_ENABLE(1), 4), 0xFFFFFFFE);
    wr(f->soc, PLIC_THRESHOLD(0), 4, 9);
    assert_int_equal(rd(f->soc, PLIC_THRESHOLD(0), 4), 1);
    assert_int_equal(rd(f->soc, PLIC_CLAIM(0), 4), 0);      /* nothing pending */
    assert_int_equal(rd(f->soc, PLIC_ENABLE(2), 4), 0);     /* no third context */
    assert_int_equal(mk_bus_load(f->soc, PLIC_PRIO(10), 1, &v), -1);
    assert_int_equal(mk_bus_store(f->soc, PLIC_PRIO(10), 8, 1), -1);
}

static void test_uart_interrupt_through_plic(void **state)
{
    fixture_t *f = *state;
    mk_soc_t *s = f->soc;
    /* Data "AB" is waiting, but the UART's receive interrupt is off. */
    assert_int_equal(rd(s, UART(5), 1) & 1, 1);
    assert_int_equal(rd(s, PLIC_PENDING, 4), 0);
    wr(s, UART(1), 1, 0x01);                            /* IER: receive data available */
    assert_int_equal(rd(s, UART(2), 1), 0x04);          /* IIR: RDA */
    assert_int_equal(rd(s, PLIC_PENDING, 4), 1u << 10);
    assert_int_equal(lines(s) & (MK_MIP_MEIP | MK_MIP_SEIP), 0);     /* priority 0 */
    wr(s, PLIC_PRIO(10), 4, 2);
    assert_int_equal(lines(s) & MK_MIP_MEIP, 0);                       /* not enabled */
    wr(s, PLIC_ENABLE(0), 4, 1u << 10);
    assert_int_equal(lines(s) & (MK_MIP_MEIP | MK_MIP_SEIP), MK_MIP_MEIP);
    wr(s, PLIC_THRESHOLD(0), 4, 2);                     /* priority must exceed threshold */
    assert_int_equal(lines(s) & MK_MIP_MEIP, 0);
    assert_int_equal(rd(s, PLIC_CLAIM(0), 4), 0);
    wr(s, PLIC_THRESHOLD(0), 4, 1);
    assert_int_equal(lines(s) & MK_MIP_MEIP, MK_MIP_MEIP);

    /* Claim: the gateway closes until completion, even though the line stays high. */
    assert_int_equal(rd(s, PLIC_CLAIM(0), 4), 10);
    assert_int_equal(rd(s, PLIC_PENDING, 4), 0);
    assert_int_equal(lines(s) & MK_MIP_MEIP, 0);
    assert_int_equal(rd(s, PLIC_CLAIM(0), 4), 0);
    assert_int_equal(rd(s, UART(0), 1), 'A');
    wr(s, PLIC_CLAIM(1), 4, 10);                        /* not enabled for ctx 1: ignored */
    assert_int_equal(lines(s) & MK_MIP_MEIP, 0);
    wr(s, PLIC_CLAIM(0), 4, 10);                        /* complete; 'B' is still waiting */
    assert_int_equal(lines(s) & MK_MIP_MEIP, MK_MIP_MEIP);
    assert_int_equal(rd(s, PLIC_CLAIM(0), 4), 10);
    assert_int_equal(rd(s, UART(0), 1), 'B');
    assert_int_equal(rd(s, UART(5), 1) & 1, 0);         /* input exhausted */
    assert_int_equal(rd(s, UART(2), 1), 0x01);          /* IIR: nothing */
    wr(s, PLIC_CLAIM(0), 4, 10);
    assert_int_equal(rd(s, PLIC_PENDING, 4), 0);
    assert_int_equal(lines(s) & MK_MIP_MEIP, 0);
}

static void test_plic_supervisor_context(void **state)
{
    fixture_t *f = *state;
    mk_soc_t *s = f->soc;
    wr(s, UART(1), 1, 0x01);
    wr(s, PLIC_PRIO(10), 4, 1);
    wr(s, PLIC_ENABLE(1), 4, 1u << 10);
    assert_int_equal(lines(s) & (MK_MIP_MEIP | MK_MIP_SEIP), MK_MIP_SEIP);
    assert_int_equal(rd(s, PLIC_CLAIM(1), 4), 10);
    assert_int_equal(lines(s) & MK_MIP_SEIP, 0);
}

static void test_uart_thre_interrupt(void **state)
{
    fixture_t *f = *state;
    mk_soc_t *s = f->soc;
    assert_int_equal(rd(s, UART(2), 1), 0x01);
    wr(s, UART(1), 1, 0x02);                            /* IER: THR empty */
    assert_int_equal(rd(s, PLIC_PENDING, 4), 1u << 10);
    assert_int_equal(rd(s, UART(2), 1), 0x02);          /* reading IIR acknowledges it */
    assert_int_equal(rd(s, UART(2), 1), 0x01);
    assert_int_equal(rd(s, PLIC_PENDING, 4), 0);
    wr(s, UART(0), 1, 'x');                             /* sent at once: empty again */
    assert_int_equal(rd(s, UART(2), 1), 0x02);
    wr(s, UART(2), 1, 0x07);                            /* FCR: FIFOs on */
    assert_int_equal(rd(s, UART(2), 1), 0xC1);
}

static void test_uart_registers_and_tx(void **state)
{
    fixture_t *f = *state;
    mk_soc_t *s = f->soc;
    uint64_t v;
    assert_int_equal(rd(s, UART(5), 1), 0x60);          /* LSR: THRE | TEMT, no data */
    assert_int_equal(rd(s, UART(0), 1), 0);             /* nothing received */
    wr(s, UART(3), 1, 0x83);                            /* DLAB */
    wr(s, UART(0), 1, 0x34);
    wr(s, UART(1), 1, 0x12);
    assert_int_equal(rd(s, UART(0), 1), 0x34);
    assert_int_equal(rd(s, UART(1), 1), 0x12);
    wr(s, UART(3), 1, 0x03);
    assert_int_equal(rd(s, UART(1), 1), 0);             /* IER untouched by DLM */
    assert_int_equal(rd(s, UART(3), 1), 0x03);
    wr(s, UART(7), 1, 0xA5);
    assert_int_equal(rd(s, UART(7), 1), 0xA5);
    assert_int_equal(mk_bus_load(s, UART(0), 4, &v), -1);
    assert_int_equal(mk_bus_store(s, UART(0), 2, 'x'), -1);
    assert_int_equal(rd(s, UART(0x20), 1), 0);          /* unused offsets read 0 */

    const char *msg = "hi\n";
    for (const char *p = msg; *p; p++)
        wr(s, UART(0), 1, (uint8_t)*p);
    fflush(f->out);
    rewind(f->out);
    char buf[16] = "";
    assert_int_equal(fread(buf, 1, sizeof buf, f->out), 3);
    assert_string_equal(buf, "hi\n");
}

/* --- HTIF ---------------------------------------------------------------------------------- */

static void test_htif(void **state)
{
    fixture_t *f = *state;
    mk_soc_t *s = f->soc;
    s->tohost = MK_DRAM_BASE + 0x1000;
    s->fromhost = MK_DRAM_BASE + 0x1040;
    assert_false(mk_soc_page_is_plain_ram(s, MK_DRAM_BASE + 0x1000));
    assert_true(mk_soc_page_is_plain_ram(s, MK_DRAM_BASE));

    /* SYS_write through a magic-memory block. */
    uint64_t blk[4] = { 64, 1, MK_DRAM_BASE + 0x2100, 5 };
    assert_int_equal(mk_soc_phys_write(s, MK_DRAM_BASE + 0x2000, blk, sizeof blk), 0);
    assert_int_equal(mk_soc_phys_write(s, MK_DRAM_BASE + 0x2100, "htif\n", 5), 0);
    wr(s, s->tohost, 8, MK_DRAM_BASE + 0x2000);
    assert_false(mk_soc_exited(s, NULL));
    assert_int_equal(rd(s, s->tohost, 8), 0);
    assert_int_equal(rd(s, s->fromhost, 8), 1);
    assert_int_equal(rd(s, MK_DRAM_BASE + 0x2000, 8), 5);    /* bytes written */
    fflush(f->out);
    rewind(f->out);
    char buf[16] = "";
    assert_int_equal(fread(buf, 1, sizeof buf, f->out), 5);
    assert_string_equal(buf, "htif\n");

    /* Exit: (n << 1) | 1, written as two 32-bit halves (upper first). */
    int code = -1;
    wr(s, s->tohost + 4, 4, 0);
    assert_false(mk_soc_exited(s, NULL));
    wr(s, s->tohost, 4, (7u << 1) | 1);
    assert_true(mk_soc_exited(s, &code));
    assert_int_equal(code, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define TI(fn) cmocka_unit_test_setup_teardown(fn, setup_input, teardown)
        cmocka_unit_test(test_bad_mem_size),
        cmocka_unit_test(test_missing_uart_input),
        T(test_bootrom),
        T(test_unmapped_and_dram),
        T(test_mmio_observer),
        T(test_finisher_pass_fail),
        T(test_finisher_reset),
        T(test_clint_msip),
        T(test_clint_mtime),
        T(test_clint_mtimecmp_and_mtip),
        T(test_plic_registers),
        TI(test_uart_interrupt_through_plic),
        TI(test_plic_supervisor_context),
        T(test_uart_thre_interrupt),
        T(test_uart_registers_and_tx),
        T(test_htif),
#undef T
#undef TI
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
