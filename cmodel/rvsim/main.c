/*
 * rvsim: the Matryoshka C model as a command-line simulator.
 * Exit status: the program's exit code (finisher or HTIF; codes outside 0..255 become 1);
 * 2 for usage and input errors; 124 when --max-insns/--max-cycles is reached; 125 when the
 * hart sleeps in WFI with nothing that could ever wake it. Errors are one line on stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commitlog.h"
#include "mk_model.h"

#define RVSIM_VERSION "0.1.0"
#define EXIT_USAGE 2
#define EXIT_LIMIT 124
#define EXIT_DEADLOCK 125
#define RUN_CHUNK (1ULL << 24)

typedef struct options {
    uint64_t max_insns, max_cycles;     /* 0 = no limit */
    const char *log_path;
    const char *elf_path;
    bool stats, quiet;
    mk_config_t cfg;
} options_t;

static void usage(FILE *out)
{
    fputs("usage: rvsim [options] prog.elf\n"
          "Runs an RV64IMAC ELF program on the Matryoshka SoC model (boot ROM at 0x1000,\n"
          "DRAM at 0x80000000; see docs/memory-map.md). Exits with the program's exit code.\n"
          "\n"
          "options:\n"
          "  --max-insns N        stop after N retired instructions (exit 124); 0 = no limit\n"
          "  --max-cycles N       stop at cycle N (exit 124); 0 = no limit\n"
          "  --log-commits FILE   write a Spike-format commit log to FILE ('-' = stdout)\n"
          "  --stats              print statistics to stderr at the end\n"
          "  --timing             the cycle-accurate timing mode: the RTL pipeline's cycles\n"
          "                       (docs/timing.md); --stats then shows CPI and stalls\n"
          "  --mem-latency N      DRAM latency in cycles in timing mode, 1..1000 (default 1)\n"
          "  --mem-size SIZE      DRAM size in bytes, or with a K, M or G suffix (default 256M);\n"
          "                       a multiple of 4K, at most 2G\n"
          "  --uart-in FILE       UART receive data from FILE (default: stdin)\n"
          "  -q                   no rvsim messages except errors\n"
          "  -h, --help           show this help\n"
          "  --version            show the version\n"
          "Numbers are decimal or 0x-prefixed hex. Exit status: the program's exit code,\n"
          "2 for bad usage or input, 124 at a --max-* limit, 125 for a WFI deadlock.\n",
          out);
}

static void error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rvsim: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

/* Bytes, or a number with a K/M/G suffix (powers of 1024). */
static bool parse_size(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s)
        return false;
    unsigned shift = 0;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: return false;
        }
        if (end[1])
            return false;
    }
    if (v > (UINT64_MAX >> shift))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

/* Parses argv; returns -1 to exit 0 (help/version), 0 to run, EXIT_USAGE on error. */
static int parse_args(int argc, char **argv, options_t *o)
{
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || !a[1]) {
            if (o->elf_path) {
                error("more than one ELF file given ('%s' and '%s')", o->elf_path, a);
                return EXIT_USAGE;
            }
            o->elf_path = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return -1;
        }
        if (strcmp(a, "--version") == 0) {
            printf("rvsim %s (Matryoshka C model, RV64IMAC)\n", RVSIM_VERSION);
            return -1;
        }
        if (strcmp(a, "-q") == 0) { o->quiet = true; continue; }
        if (strcmp(a, "--stats") == 0) { o->stats = true; continue; }
        if (strcmp(a, "--timing") == 0) { o->cfg.timing = true; continue; }

        /* Options with a value: "--opt VALUE" or "--opt=VALUE". */
        static const char *const with_value[] = {
            "--max-insns", "--max-cycles", "--log-commits", "--mem-size", "--uart-in",
            "--mem-latency",
        };
        const char *name = NULL, *value = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++) {
            size_t len = strlen(with_value[k]);
            if (strncmp(a, with_value[k], len) == 0 && (a[len] == '\0' || a[len] == '=')) {
                name = with_value[k];
                value = a[len] == '=' ? a + len + 1 : NULL;
                break;
            }
        }
        if (!name) {
            error("unknown option '%s' (see rvsim --help)", a);
            return EXIT_USAGE;
        }
        if (!value) {
            if (i + 1 >= argc) {
                error("option %s needs an argument", name);
                return EXIT_USAGE;
            }
            value = argv[++i];
        }
        if (strcmp(name, "--max-insns") == 0 || strcmp(name, "--max-cycles") == 0) {
            uint64_t *dst = name[6] == 'i' ? &o->max_insns : &o->max_cycles;
            if (!parse_u64(value, dst)) {
                error("%s needs a non-negative integer, not '%s'", name, value);
                return EXIT_USAGE;
            }
        } else if (strcmp(name, "--mem-size") == 0) {
            if (!parse_size(value, &o->cfg.mem_size)) {
                error("--mem-size needs a size in bytes (suffix K, M or G allowed), not '%s'",
                      value);
                return EXIT_USAGE;
            }
        } else if (strcmp(name, "--mem-latency") == 0) {
            uint64_t v;
            if (!parse_u64(value, &v) || v < 1 || v > MK_MEM_LATENCY_MAX) {
                error("--mem-latency needs a number of cycles from 1 to %u, not '%s'",
                      MK_MEM_LATENCY_MAX, value);
                return EXIT_USAGE;
            }
            o->cfg.mem_latency = (unsigned)v;
        } else if (strcmp(name, "--log-commits") == 0) {
            o->log_path = value;
        } else {
            o->cfg.uart_in_path = value;
            o->cfg.uart_in_stdin = false;
        }
    }
    if (!o->elf_path) {
        error("no ELF file given (usage: rvsim [options] prog.elf; see rvsim --help)");
        return EXIT_USAGE;
    }
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void print_stats(const mk_soc_t *soc, double seconds, bool timing)
{
    const mk_stats_t *s = mk_soc_stats(soc);
    fprintf(stderr, "rvsim: instructions       %" PRIu64 "\n", s->instret);
    fprintf(stderr, "rvsim: cycles             %" PRIu64 "\n", s->cycles);
    fprintf(stderr, "rvsim: host seconds       %.3f\n", seconds);
    fprintf(stderr, "rvsim: MIPS               %.1f\n",
            seconds > 0 ? (double)s->instret / seconds / 1e6 : 0.0);
    if (timing) {
        /* Every cycle that retired nothing, by what held the pipeline (docs/timing.md). */
        static const char *const stall_names[MK_STALL_COUNT] = {
            [MK_STALL_FETCH] = "fetch", [MK_STALL_LOAD_USE] = "load-use",
            [MK_STALL_REDIRECT] = "redirect/flush", [MK_STALL_MULDIV] = "mul/div",
            [MK_STALL_DATA] = "data access", [MK_STALL_WALK] = "TLB walk",
            [MK_STALL_WFI] = "WFI",
        };
        fprintf(stderr, "rvsim: CPI                %.3f\n",
                s->instret ? (double)s->cycles / (double)s->instret : 0.0);
        for (unsigned k = 0; k < MK_STALL_COUNT; k++)
            fprintf(stderr, "rvsim: stall %-14s %" PRIu64 "\n", stall_names[k], s->stalls[k]);
    }
    for (int kind = 0; kind < 2; kind++) {
        const uint64_t *counts = kind ? s->interrupts : s->exceptions;
        for (uint64_t c = 0; c < 64; c++) {
            if (!counts[c])
                continue;
            const char *name = mk_cause_name(kind, c);
            fprintf(stderr, "rvsim: %-9s %-32s %" PRIu64 "\n", kind ? "interrupt" : "exception",
                    name ? name : "unknown", counts[c]);
        }
    }
    fprintf(stderr, "rvsim: ITLB hits/misses   %" PRIu64 " / %" PRIu64 "\n", s->itlb_hits,
            s->itlb_misses);
    fprintf(stderr, "rvsim: DTLB hits/misses   %" PRIu64 " / %" PRIu64 "\n", s->dtlb_hits,
            s->dtlb_misses);
    fprintf(stderr, "rvsim: page walks         %" PRIu64 " (%" PRIu64 " PTE reads)\n",
            s->page_walks, s->page_walk_accesses);
    if (s->vwalks)
        fprintf(stderr, "rvsim: two-stage walks    %" PRIu64 " (%.1f memory accesses each)\n",
                s->vwalks, (double)s->vwalk_accesses / (double)s->vwalks);
    /* Page-table walks by memory accesses per TLB miss (two-stage walks make long ones). */
    for (unsigned n = 0; n < MK_WALK_LEN_BINS; n++) {
        if (s->walk_len[n])
            fprintf(stderr, "rvsim: walk length %2u%s    %" PRIu64 "\n", n,
                    n == MK_WALK_LEN_BINS - 1 ? "+" : " ", s->walk_len[n]);
    }
    /* Traps (exceptions and interrupts) by the mode they came from and went to. */
    static const char *const mode_names[MK_MODE_COUNT] = {
        [MK_MODE_U] = "U", [MK_MODE_HS] = "HS", [MK_MODE_M] = "M",
        [MK_MODE_VU] = "VU", [MK_MODE_VS] = "VS",
    };
    for (unsigned from = 0; from < MK_MODE_COUNT; from++) {
        for (unsigned to = 0; to < MK_MODE_COUNT; to++) {
            if (s->trap_routes[from][to])
                fprintf(stderr, "rvsim: traps %-2s -> %-2s      %" PRIu64 "\n", mode_names[from],
                        mode_names[to], s->trap_routes[from][to]);
        }
    }
}

/* Runs to the end; returns the run status. With a log, one event per step. */
static mk_run_status_t run(mk_soc_t *soc, const options_t *o, FILE *log)
{
    mk_run_status_t st = MK_RUN_OK;
    for (;;) {
        uint64_t done = mk_soc_stats(soc)->instret;
        if (o->max_insns && done >= o->max_insns)
            return MK_RUN_OK;   /* the instruction limit */
        if (o->max_cycles && mk_soc_cycle(soc) >= o->max_cycles)
            return MK_RUN_MAX_CYCLES;
        if (log) {
            mk_retire_t rec;
            st = mk_soc_step(soc, &rec);
            mk_commitlog_write(log, &rec);
        } else {
            uint64_t budget = RUN_CHUNK;
            if (o->max_insns && o->max_insns - done < budget)
                budget = o->max_insns - done;
            st = mk_soc_run(soc, budget, o->max_cycles);
        }
        if (st != MK_RUN_OK)
            return st;
    }
}

int main(int argc, char **argv)
{
    options_t o = {0};
    mk_config_default(&o.cfg);
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;

    char err[512];
    mk_soc_t *soc = mk_soc_new(&o.cfg, err, sizeof err);
    if (!soc) {
        error("%s", err);
        return EXIT_USAGE;
    }
    if (mk_soc_load_elf(soc, o.elf_path, err, sizeof err) != 0) {
        error("%s", err);
        mk_soc_free(soc);
        return EXIT_USAGE;
    }
    FILE *log = NULL;
    if (o.log_path) {
        log = strcmp(o.log_path, "-") == 0 ? stdout : fopen(o.log_path, "w");
        if (!log) {
            error("cannot open commit log %s: %s", o.log_path, strerror(errno));
            mk_soc_free(soc);
            return EXIT_USAGE;
        }
    }

    double t0 = now_seconds();
    mk_run_status_t st = run(soc, &o, log);
    double seconds = now_seconds() - t0;
    fflush(stdout);
    if (log && log != stdout)
        fclose(log);
    if (o.stats)
        print_stats(soc, seconds, o.cfg.timing);

    int code = 0;
    switch (st) {
    case MK_RUN_EXITED:
        mk_soc_exited(soc, &code);
        if (code != 0 && !o.quiet)
            fprintf(stderr, "rvsim: program exited with code %d\n", code);
        if (code < 0 || code > 255)
            code = 1;
        break;
    case MK_RUN_OK:
        error("reached --max-insns %" PRIu64 " at pc 0x%" PRIx64, o.max_insns, mk_soc_pc(soc));
        code = EXIT_LIMIT;
        break;
    case MK_RUN_MAX_CYCLES:
        error("reached --max-cycles %" PRIu64 " at pc 0x%" PRIx64, o.max_cycles,
              mk_soc_pc(soc));
        code = EXIT_LIMIT;
        break;
    case MK_RUN_DEADLOCK:
        error("deadlock: the hart waits in WFI with no interrupt that can wake it, at pc 0x%"
              PRIx64, mk_soc_pc(soc));
        code = EXIT_DEADLOCK;
        break;
    }
    mk_soc_free(soc);
    return code;
}
