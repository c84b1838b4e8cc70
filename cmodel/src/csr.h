/* The CSR file: access checks, WARL legalisation and side effects (docs/isa.md). */
#ifndef MK_CSR_H
#define MK_CSR_H

#include "hart.h"

/* Resets every CSR to its documented reset value. */
void mk_csr_reset(mk_hart_t *h);

/*
 * Zicsr access. mk_csr_read / mk_csr_write return false when the access is not allowed
 * (nonexistent CSR, too little privilege, write to a read-only CSR, counter not enabled),
 * having raised the illegal-instruction exception. A write records the CSR's new value in the
 * retirement record (h->rec) and performs its side effects (TLB/fast-path flushes, ...).
 * write_intent tells mk_csr_read that the same instruction will write, so that the read-only
 * check happens before any side effect.
 */
bool mk_csr_read(mk_hart_t *h, uint16_t addr, bool write_intent, uint64_t *val);
bool mk_csr_write(mk_hart_t *h, uint16_t addr, uint64_t val);

/* Current mtime-based time value (the CLINT's mtime). */
uint64_t mk_csr_time(const mk_hart_t *h);

#endif
