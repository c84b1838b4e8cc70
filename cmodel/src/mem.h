/*
 * The hart's memory access path: alignment, translation, PMP, then the bus.
 * Every function that returns bool returns false after raising the exception.
 * Misaligned accesses trap (docs/isa.md); there is no misaligned-access emulation.
 */
#ifndef MK_MEM_H
#define MK_MEM_H

#include "hart.h"

/* Data loads and stores of 1, 2, 4 or 8 bytes. *val is zero-extended. */
bool mk_load(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t *val);
bool mk_store(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t val);

/* AMO read-modify-write (size 4 or 8). Faults are store/AMO faults. *old is zero-extended. */
typedef uint64_t (*mk_amo_op_fn)(uint64_t old, uint64_t operand, unsigned size);
bool mk_amo(mk_hart_t *h, uint64_t vaddr, unsigned size, mk_amo_op_fn op, uint64_t operand,
            uint64_t *old);

/* LR and SC (size 4 or 8). SC sets *success; it always clears the reservation. */
bool mk_load_reserved(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t *val);
bool mk_store_conditional(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t val,
                          bool *success);

/* Empties the fast-path translation cache. Called on any change that may alter a translation
 * or permission: satp, mstatus, privilege, PMP, SFENCE.VMA and TLB replacement. */
void mk_mem_fast_flush(mk_hart_t *h);

/* Fetches and decodes the instruction at h->pc. Returns NULL after raising a fetch exception. */
const mk_insn_t *mk_fetch(mk_hart_t *h);

void mk_mem_init(mk_hart_t *h);
void mk_mem_free(mk_hart_t *h);

#endif
