/*
 * rtlsim --cosim: a second SoC, the C model in its cycle-accurate mode, stepped once for every
 * record the RTL reports on its rvfi_* port; each pair is compared field by field, the
 * retirement cycle included (docs/rtlsim.md "Cosim"). Nothing flows from the RTL into the
 * model: both load the same ELF and read the same UART input file, and every device a program
 * can read (CLINT mtime from the cycle, PLIC, UART) is modelled identically on both sides, so
 * the only link between them is this comparison.
 */
#define _POSIX_C_SOURCE 200809L
#include "cosim.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY 32      /* records shown before a mismatch */

struct rtlsim_cosim {
    mk_soc_t *model;
    FILE *devnull;      /* the model's console: only the RTL's output is printed */
    rtlsim_rvfi_t history[HISTORY];
    uint64_t compared;
};

rtlsim_cosim_t *rtlsim_cosim_new(const rtlsim_cosim_config_t *cfg, char *err, size_t errlen)
{
    rtlsim_cosim_t *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "cosim: out of memory");
        return NULL;
    }
    c->devnull = fopen("/dev/null", "w");
    if (!c->devnull) {
        snprintf(err, errlen, "cosim: cannot open /dev/null for the model's console");
        free(c);
        return NULL;
    }
    mk_config_t mc;
    mk_config_default(&mc);
    mc.timing = true;
    mc.mem_size = cfg->mem_size;
    mc.mem_latency = cfg->mem_latency;
    mc.itlb_entries = cfg->itlb_entries;
    mc.dtlb_entries = cfg->dtlb_entries;
    mc.uart_in_path = cfg->uart_in_path;
    mc.uart_in_stdin = false;   /* the RTL gets no stdin either */
    mc.uart_out = c->devnull;
    char why[400];
    c->model = mk_soc_new(&mc, why, sizeof why);
    if (!c->model) {
        snprintf(err, errlen, "cosim: the C model: %s", why);
        rtlsim_cosim_free(c);
        return NULL;
    }
    if (mk_soc_load_elf(c->model, cfg->elf_path, why, sizeof why) != 0) {
        snprintf(err, errlen, "cosim: the C model: %s", why);
        rtlsim_cosim_free(c);
        return NULL;
    }
    return c;
}

void rtlsim_cosim_free(rtlsim_cosim_t *c)
{
    if (!c)
        return;
    mk_soc_free(c->model);
    if (c->devnull)
        fclose(c->devnull);
    free(c);
}

uint64_t rtlsim_cosim_compared(const rtlsim_cosim_t *c)
{
    return c->compared;
}

static void log_line(FILE *out, const rtlsim_rvfi_t *p)
{
    mk_retire_t r;
    rtlsim_rvfi_to_retire(p, &r);
    fprintf(out, "  %12" PRIu64 "  ", p->cycle);
    mk_commitlog_write(out, &r);
}

/* The records before the current one, oldest first (all of them agreed with the model). */
static void print_history(const rtlsim_cosim_t *c, FILE *out)
{
    uint64_t n = c->compared < HISTORY ? c->compared : HISTORY;
    fprintf(out, "rtlsim: cosim: the last %" PRIu64 " records before it (cycle, commit log):\n", n);
    for (uint64_t i = c->compared - n; i < c->compared; i++)
        log_line(out, &c->history[i % HISTORY]);
}

typedef struct field {
    const char *name;
    uint64_t rtl, model;
} field_t;

/* Every compared field of the record, RTL and model side by side: the one list that both the
 * comparison and the report use. */
#define RECORD_FIELDS 20
static void record_fields(const rtlsim_rvfi_t *a, const rtlsim_rvfi_t *b,
                          field_t f[RECORD_FIELDS])
{
    const field_t all[RECORD_FIELDS] = {
        { "cycle", a->cycle, b->cycle },
        { "pc", a->pc, b->pc },
        { "insn", a->insn, b->insn },
        { "mode", a->mode, b->mode },
        { "v", a->v, b->v },
        { "trap", a->trap, b->trap },
        { "intr", a->intr, b->intr },
        { "cause", a->cause, b->cause },
        { "tval", a->tval, b->tval },
        { "rd_addr", a->rd_addr, b->rd_addr },
        { "rd_wdata", a->rd_wdata, b->rd_wdata },
        { "mem_addr", a->mem_addr, b->mem_addr },
        { "mem_paddr", a->mem_paddr, b->mem_paddr },
        { "mem_rmask", a->mem_rmask, b->mem_rmask },
        { "mem_wmask", a->mem_wmask, b->mem_wmask },
        { "mem_rdata", a->mem_rdata, b->mem_rdata },
        { "mem_wdata", a->mem_wdata, b->mem_wdata },
        { "csr_writes", a->csr_count, b->csr_count },
        { "csr_addr", a->csr_addr, b->csr_addr },
        { "csr_wdata", a->csr_wdata, b->csr_wdata },
    };
    memcpy(f, all, sizeof all);
}

static void print_report(const rtlsim_cosim_t *c, const rtlsim_rvfi_t *a, const rtlsim_rvfi_t *b,
                         FILE *out)
{
    field_t f[RECORD_FIELDS];
    record_fields(a, b, f);
    fprintf(out, "rtlsim: cosim: MISMATCH at record %" PRIu64 " (cycle %" PRIu64 ") in",
            c->compared + 1, a->cycle);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i].rtl != f[i].model)
            fprintf(out, " %s", f[i].name);
    fputs(":\n", out);
    fprintf(out, "  %-10s  %-18s  %-18s\n", "field", "RTL", "model");
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        fprintf(out, "  %-10s  0x%016" PRIx64 "  0x%016" PRIx64 "%s\n", f[i].name, f[i].rtl,
                f[i].model, f[i].rtl != f[i].model ? "  <-- differs" : "");
    fputs("rtlsim: cosim: RTL   ", out);
    log_line(out, a);
    fputs("rtlsim: cosim: model ", out);
    log_line(out, b);
    print_history(c, out);
}

static bool same(const rtlsim_rvfi_t *a, const rtlsim_rvfi_t *b)
{
    field_t f[RECORD_FIELDS];
    record_fields(a, b, f);
    for (size_t i = 0; i < RECORD_FIELDS; i++)
        if (f[i].rtl != f[i].model)
            return false;
    return true;
}

bool rtlsim_cosim_check(rtlsim_cosim_t *c, const rtlsim_rvfi_t *rtl, FILE *report)
{
    int code = 0;
    if (mk_soc_exited(c->model, &code)) {
        fprintf(report, "rtlsim: cosim: MISMATCH at record %" PRIu64 " (cycle %" PRIu64
                "): the model's program has ended (exit code %d), the RTL retires\n",
                c->compared + 1, rtl->cycle, code);
        fputs("rtlsim: cosim: RTL   ", report);
        log_line(report, rtl);
        print_history(c, report);
        return false;
    }
    mk_retire_t r;
    mk_run_status_t st = mk_soc_step(c->model, &r);
    if (r.event == MK_EVENT_IDLE) {
        fprintf(report, "rtlsim: cosim: MISMATCH at record %" PRIu64 " (cycle %" PRIu64
                "): the model retires nothing (%s), the RTL retires\n", c->compared + 1,
                rtl->cycle, st == MK_RUN_DEADLOCK ? "WFI deadlock" : "idle");
        fputs("rtlsim: cosim: RTL   ", report);
        log_line(report, rtl);
        print_history(c, report);
        return false;
    }
    rtlsim_rvfi_t m;
    rtlsim_rvfi_from_model(&r, &m);
    if (!same(rtl, &m)) {
        print_report(c, rtl, &m, report);
        return false;
    }
    c->history[c->compared % HISTORY] = *rtl;
    c->compared++;
    return true;
}

bool rtlsim_cosim_finish(rtlsim_cosim_t *c, int rtl_code, uint64_t cycle, FILE *report)
{
    int code = 0;
    if (mk_soc_exited(c->model, &code) && code == rtl_code)
        return true;
    if (mk_soc_exited(c->model, &code))
        fprintf(report, "rtlsim: cosim: MISMATCH at the end (cycle %" PRIu64 "): the RTL's "
                "program exited with code %d, the model's with %d\n", cycle, rtl_code, code);
    else
        fprintf(report, "rtlsim: cosim: MISMATCH at the end (cycle %" PRIu64 "): the RTL's "
                "program exited with code %d, the model's goes on (pc 0x%016" PRIx64 ")\n",
                cycle, rtl_code, mk_soc_pc(c->model));
    print_history(c, report);
    return false;
}
