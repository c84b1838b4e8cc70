/*
 * timing-trace: prints what the timing mode did with a program, in a form that two builds of
 * the model can be diffed on (tests/cli/timing-exact.sh links it against each build's
 * libmk.a). Uses the public API only (mk_model.h).
 *
 *   timing-trace step ELF L MAX_INSNS [UART_IN]   the stepping API (mk_soc_step): one hash
 *                                                 line per 1024 records of every record field
 *                                                 (cycle included)
 *   timing-trace run ELF L MAX_INSNS [UART_IN]    the run loop (mk_soc_run) in chunks of
 *                                                 CHUNK instructions (env, default 997): the
 *                                                 cycle, pc and instret after each
 *   timing-trace dump ELF L MAX_INSNS [UART_IN]   as step, one line per record (to find a
 *                                                 difference the hashes located)
 *
 * Each mode ends with the run status, the exit code and every statistic. The console output
 * goes to stdout too. L = 0: the functional mode.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mk_model.h"

static uint64_t fnv(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t hash_record(uint64_t h, const mk_retire_t *r)
{
    h = fnv(h, r->event);
    h = fnv(h, r->cycle);
    h = fnv(h, r->pc);
    h = fnv(h, r->insn | (uint64_t)r->insn_len << 32 | (uint64_t)r->priv << 40 |
                   (uint64_t)r->v << 48);
    h = fnv(h, r->cause);
    h = fnv(h, r->tval);
    h = fnv(h, r->rd_valid ? r->rd | (uint64_t)1 << 8 : 0);
    h = fnv(h, r->rd_valid ? r->rd_wdata : 0);
    h = fnv(h, (uint64_t)r->mem_read | (uint64_t)r->mem_write << 1 |
                   (uint64_t)r->mem_size << 8);
    if (r->mem_read || r->mem_write) {
        h = fnv(h, r->mem_vaddr);
        h = fnv(h, r->mem_paddr);
        h = fnv(h, r->mem_read ? r->mem_rdata : 0);
        h = fnv(h, r->mem_write ? r->mem_wdata : 0);
    }
    h = fnv(h, r->csr_count);
    for (unsigned i = 0; i < r->csr_count && i < MK_RETIRE_MAX_CSR; i++) {
        h = fnv(h, r->csr[i].addr);
        h = fnv(h, r->csr[i].value);
    }
    return h;
}

static void print_stats(const mk_soc_t *soc, mk_run_status_t st)
{
    const mk_stats_t *s = mk_soc_stats(soc);
    int code = -1;
    bool exited = mk_soc_exited(soc, &code);
    printf("status %d exited %d code %d cycle %" PRIu64 " pc %#" PRIx64 "\n", (int)st,
           (int)exited, exited ? code : 0, mk_soc_cycle(soc), mk_soc_pc(soc));
    printf("instret %" PRIu64 " cycles %" PRIu64 "\n", s->instret, s->cycles);
    for (unsigned i = 0; i < MK_STALL_COUNT; i++)
        printf("stall %u %" PRIu64 "\n", i, s->stalls[i]);
    for (unsigned i = 0; i < 64; i++) {
        if (s->exceptions[i])
            printf("exception %u %" PRIu64 "\n", i, s->exceptions[i]);
        if (s->interrupts[i])
            printf("interrupt %u %" PRIu64 "\n", i, s->interrupts[i]);
    }
    printf("itlb %" PRIu64 " %" PRIu64 " dtlb %" PRIu64 " %" PRIu64 " walks %" PRIu64
           " %" PRIu64 " vwalks %" PRIu64 " %" PRIu64 "\n",
           s->itlb_hits, s->itlb_misses, s->dtlb_hits, s->dtlb_misses, s->page_walks,
           s->page_walk_accesses, s->vwalks, s->vwalk_accesses);
    for (unsigned i = 0; i < MK_WALK_LEN_BINS; i++)
        if (s->walk_len[i])
            printf("walk_len %u %" PRIu64 "\n", i, s->walk_len[i]);
    for (unsigned a = 0; a < MK_MODE_COUNT; a++)
        for (unsigned b = 0; b < MK_MODE_COUNT; b++)
            if (s->trap_routes[a][b])
                printf("route %u %u %" PRIu64 "\n", a, b, s->trap_routes[a][b]);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fputs("usage: timing-trace step|run|dump ELF L MAX_INSNS [UART_IN]\n", stderr);
        return 2;
    }
    const char *mode = argv[1];
    unsigned lat = (unsigned)strtoul(argv[3], NULL, 0);
    uint64_t max_insns = strtoull(argv[4], NULL, 0);
    mk_config_t cfg;
    mk_config_default(&cfg);
    cfg.timing = lat != 0;
    cfg.mem_latency = lat ? lat : 1;
    cfg.uart_in_path = argc > 5 ? argv[5] : NULL;
    cfg.uart_in_stdin = false;
    cfg.uart_out = stdout;
    char err[512];
    mk_soc_t *soc = mk_soc_new(&cfg, err, sizeof err);
    if (!soc || mk_soc_load_elf(soc, argv[2], err, sizeof err) != 0) {
        fprintf(stderr, "timing-trace: %s\n", err);
        return 2;
    }
    mk_run_status_t st = MK_RUN_OK;
    if (strcmp(mode, "run") == 0) {
        const char *env = getenv("CHUNK");
        uint64_t chunk = env ? strtoull(env, NULL, 0) : 997;
        while (st == MK_RUN_OK && mk_soc_stats(soc)->instret < max_insns) {
            uint64_t left = max_insns - mk_soc_stats(soc)->instret;
            st = mk_soc_run(soc, left < chunk ? left : chunk, 0);
            printf("run %" PRIu64 " %" PRIu64 " %#" PRIx64 "\n", mk_soc_stats(soc)->instret,
                   mk_soc_cycle(soc), mk_soc_pc(soc));
        }
    } else {
        bool dump = strcmp(mode, "dump") == 0;
        uint64_t h = 0xcbf29ce484222325ULL, n = 0;
        while (st == MK_RUN_OK && mk_soc_stats(soc)->instret < max_insns) {
            mk_retire_t r;
            st = mk_soc_step(soc, &r);
            h = hash_record(h, &r);
            if (dump)
                printf("rec %" PRIu64 " ev %d cyc %" PRIu64 " pc %#" PRIx64 " insn %#x\n", n,
                       (int)r.event, r.cycle, r.pc, r.insn);
            if (++n % 1024 == 0 && !dump)
                printf("step %" PRIu64 " %016" PRIx64 "\n", n, h);
        }
        printf("step %" PRIu64 " %016" PRIx64 "\n", n, h);
    }
    fflush(stdout);
    print_stats(soc, st);
    mk_soc_free(soc);
    return 0;
}
