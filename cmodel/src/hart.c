/*
 * The hart's life cycle and its two execution loops:
 *  - mk_soc_step(): one event per call (retirement, exception, interrupt or idle cycle), with a
 *    full retirement record. Used by co-simulation and the commit log.
 *  - mk_soc_run(): the fast loop. It runs straight-line between "events" (the next device
 *    deadline, a CSR write that may enable an interrupt, WFI, the end of the program) and only
 *    then looks at interrupts, so the per-instruction cost is fetch + execute.
 * Both loops implement the same architecture; the fast one just skips interrupt checks at
 * points where no interrupt can have become pending and enabled.
 *
 * Time: in the functional mode every event costs one cycle; WFI sleeps until the next device
 * deadline. With cfg.timing both entry points hand over to the cycle-accurate mode (timing.c).
 */
#include <stdlib.h>
#include <string.h>

#include "csr.h"
#include "decode.h"
#include "exec.h"
#include "mem.h"
#include "mmu.h"
#include "soc.h"
#include "timing.h"
#include "trap.h"

void mk_hart_init(mk_hart_t *h, mk_soc_t *soc)
{
    memset(h, 0, sizeof *h);
    h->soc = soc;
    mk_mem_init(h);
    if (soc->cfg.timing) {
        h->timing = mk_timing_new();
        if (!h->timing) {
            fputs("mk: out of memory for the timing model\n", stderr);
            abort();
        }
    }
    mk_hart_reset(h);
}

void mk_hart_free(mk_hart_t *h)
{
    mk_mem_free(h);
    mk_timing_free(h->timing);
    h->timing = NULL;
}

/* Reset state (docs/isa.md): M-mode at the boot ROM, registers zero. Cycle and instruction
 * counts keep running so that mtime stays monotonic across a finisher reset. */
void mk_hart_reset(mk_hart_t *h)
{
    memset(h->x, 0, sizeof h->x);
    h->pc = MK_BOOTROM_BASE;
    h->priv = MK_PRIV_M;
    h->v = false;
    h->wfi = false;
    h->reservation_valid = false;
    h->trapped = false;
    h->rec = NULL;
    mk_csr_reset(h);
    mk_mmu_reset(h, h->soc->cfg.itlb_entries, h->soc->cfg.dtlb_entries);
    mk_mem_fast_flush(h);
    h->irq_recheck = true;
    mk_timing_reset(h);
}

static void sync_stats(mk_hart_t *h)
{
    h->stats.instret = h->instret;
    h->stats.cycles = h->cycle;
}

/*
 * Handles WFI sleep. Returns true if the hart is still asleep (time has been advanced to the
 * next device deadline), false if it is awake. WFI wakes on any locally enabled pending
 * interrupt, whatever mstatus.MIE/SIE say.
 */
static bool wfi_sleep(mk_soc_t *soc, uint64_t max_cycles, mk_run_status_t *status)
{
    mk_hart_t *h = &soc->hart;
    *status = MK_RUN_OK;
    if (mk_mip(h) & h->csr.mie) {
        h->wfi = false;
        return false;
    }
    uint64_t next = mk_soc_next_event(soc);
    if (next == UINT64_MAX) {
        *status = MK_RUN_DEADLOCK;
        return true;
    }
    if (next <= h->cycle)
        next = h->cycle + 1;
    if (max_cycles && next > max_cycles)
        next = max_cycles;
    h->cycle = next;
    mk_soc_update_irqs(soc);
    return true;
}

/* Executes the instruction at pc (or takes its fetch exception). Returns true if it retired. */
static inline bool execute_one(mk_hart_t *h)
{
    h->trapped = false;
    const mk_insn_t *in = mk_fetch(h);
    if (in) {
        in->exec(h, in);
        h->x[0] = 0;
    }
    h->cycle++;
    if (h->trapped)
        return false;
    h->instret++;
    return true;
}

mk_run_status_t mk_soc_step(mk_soc_t *soc, mk_retire_t *rec)
{
    if (soc->hart.timing)
        return mk_timing_step(soc, rec);
    mk_hart_t *h = &soc->hart;
    mk_retire_t local;
    if (!rec)
        rec = &local;
    memset(rec, 0, sizeof *rec);
    rec->event = MK_EVENT_IDLE;
    rec->cycle = h->cycle;
    if (soc->exited)
        return MK_RUN_EXITED;

    mk_soc_update_irqs(soc);
    if (h->wfi) {
        mk_run_status_t status;
        if (wfi_sleep(soc, 0, &status)) {
            sync_stats(h);
            return status;
        }
    }

    rec->pc = h->pc;
    rec->priv = h->priv;
    rec->v = h->v;
    int irq = mk_trap_pending_interrupt(h);
    if (irq >= 0) {
        rec->event = MK_EVENT_INTERRUPT;
        rec->cause = (uint64_t)irq;
        mk_take_interrupt(h, irq);
        h->cycle++;
        sync_stats(h);
        return MK_RUN_OK;
    }

    h->rec = rec;
    h->trapped = false;
    const mk_insn_t *in = mk_fetch(h);
    if (in) {
        rec->insn = in->raw;
        rec->insn_len = in->len;
        in->exec(h, in);
        h->x[0] = 0;
    }
    h->rec = NULL;
    h->cycle++;

    if (h->trapped) {
        rec->event = MK_EVENT_EXCEPTION;
        mk_trap_taken(h, &rec->cause, &rec->tval);
        /* A trapping instruction writes no register (the exec contract) and performs no
         * access (faults are detected before the bus is touched). */
        rec->mem_read = rec->mem_write = false;
    } else {
        h->instret++;
        rec->event = MK_EVENT_RETIRE;
        if ((mk_op_flags((mk_op_t)in->op) & MK_F_RD) && in->rd != 0) {
            rec->rd_valid = true;
            rec->rd = in->rd;
            rec->rd_wdata = h->x[in->rd];
        }
    }
    sync_stats(h);
    return soc->exited ? MK_RUN_EXITED : MK_RUN_OK;
}

/*
 * The hot loop, threaded code: the fast handlers (exec.h) run a chain of up to MK_CHAIN_MAX
 * instructions, each one jumping straight to the next, and the loop counts cycles, instret
 * and ITLB hits per chain. Whatever a fast handler cannot do (a CSR, a trap, MMIO, a fetch
 * miss ...) stops the chain; the loop then runs that one instruction on the exact path, with
 * h->pc and the counters up to date, as mk_soc_step() does. Every event that can matter
 * between two instructions (a trap, WFI, a CSR or device write that may change interrupts, the
 * end of the program, a flush of the fast caches) happens on the exact path and sets
 * h->irq_recheck, so the loop tests that flag after exact instructions only.
 *
 * The chain length bounds the stack depth if the compiler does not turn the handlers' calls
 * into jumps (unoptimised or sanitizer builds).
 */
#define MK_CHAIN_MAX 256

static void run_stretch(mk_hart_t *h, uint64_t budget)
{
    /* Privilege, V and the address-translation CSRs cannot change inside a stretch (that
     * flushes the fast caches and ends it), so whether a fetch is an ITLB lookup is fixed. */
    uint64_t itlb_lookup = mk_mmu_uses_tlb(h, h->priv, h->v);
    uint64_t pc = h->pc;
    while (budget) {
        const mk_dcache_entry_t *d = mk_fast_lookup(h, pc);
        if (d) {
            uint64_t chunk = budget < MK_CHAIN_MAX ? budget : MK_CHAIN_MAX;
            pc = d->fast(h, d, pc, chunk);
            uint64_t done = chunk - h->chain_left;
            h->cycle += done;
            h->instret += done;
            h->stats.itlb_hits += itlb_lookup * done;
            budget -= done;
            if (h->chain_left == 0)
                continue;
        }
        /* The exact path for the instruction at pc. */
        h->pc = pc;
        execute_one(h);
        budget--;
        if (h->irq_recheck) {
            h->trapped = false;
            return;
        }
        pc = h->pc;
    }
    h->pc = pc;
}

mk_run_status_t mk_soc_run(mk_soc_t *soc, uint64_t max_insns, uint64_t max_cycles)
{
    if (soc->hart.timing)
        return mk_timing_run(soc, max_insns, max_cycles);
    mk_hart_t *h = &soc->hart;
    uint64_t insn_limit = h->instret + max_insns;
    if (insn_limit < h->instret)
        insn_limit = UINT64_MAX;
    mk_run_status_t status = MK_RUN_OK;
    h->rec = NULL;

    while (h->instret < insn_limit) {
        if (soc->exited) {
            status = MK_RUN_EXITED;
            break;
        }
        if (max_cycles && h->cycle >= max_cycles) {
            status = MK_RUN_MAX_CYCLES;
            break;
        }
        mk_soc_update_irqs(soc);
        if (h->wfi) {
            if (wfi_sleep(soc, max_cycles, &status)) {
                if (status != MK_RUN_OK)
                    break;
                continue;
            }
        }
        int irq = mk_trap_pending_interrupt(h);
        if (irq >= 0) {
            mk_take_interrupt(h, irq);
            h->cycle++;
            continue;
        }

        /* Straight-line stretch: nothing can raise an interrupt line before `until`. */
        uint64_t until = mk_soc_next_event(soc);
        if (max_cycles && until > max_cycles)
            until = max_cycles;
        if (until <= h->cycle)
            until = h->cycle + 1;
        uint64_t budget = insn_limit - h->instret;
        if (until - h->cycle < budget)
            budget = until - h->cycle;
        h->irq_recheck = false;
        run_stretch(h, budget);
    }
    if (status == MK_RUN_OK && soc->exited)
        status = MK_RUN_EXITED;
    sync_stats(h);
    return status;
}
