/*
 * The cycle-accurate timing mode (docs/timing.md "Cycle-accurate mode"): the same exact
 * execution as mk_soc_step(), plus a per-instruction recurrence that gives every instruction
 * the cycles of the RTL pipeline (hand-over from the fetch unit, ID, EX, MEM, WB). Each
 * instruction executes with h->cycle = its first MEM cycle (the commit point, where the RTL
 * samples interrupts, reads CSRs and issues data accesses), and its record carries its WB cycle.
 */
#ifndef MK_TIMING_H
#define MK_TIMING_H

#include "hart.h"

typedef struct mk_timing mk_timing_t;

/* Allocates the timing state of a hart (cfg.timing); NULL on out-of-memory. */
mk_timing_t *mk_timing_new(void);
void mk_timing_free(mk_timing_t *t);

/* Hart reset (power-on or the finisher's): the fetch unit restarts at h->pc with an empty
 * pipeline, from the cycle after h->cycle (cycle 0 at power-on). */
void mk_timing_reset(mk_hart_t *h);

/* mk_soc_step() and mk_soc_run() in timing mode. */
mk_run_status_t mk_timing_step(mk_soc_t *soc, mk_retire_t *rec);
mk_run_status_t mk_timing_run(mk_soc_t *soc, uint64_t max_insns, uint64_t max_cycles);

#endif
