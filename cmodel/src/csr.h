/* The CSR file: access checks, WARL legalisation and side effects (docs/isa.md). */
#ifndef MK_CSR_H
#define MK_CSR_H

#include "hart.h"

/* Resets every CSR to its documented reset value (docs/isa.md). mcycle/minstret read the hart's
 * cycle/instret counts plus an offset that reset clears. */
void mk_csr_reset(mk_hart_t *h);

/*
 * Zicsr access. mk_csr_read / mk_csr_write return false when the access is not allowed
 * (nonexistent CSR, too little privilege, write to a read-only CSR, counter not enabled,
 * satp under mstatus.TVM) WITHOUT raising anything and without changing any state: the caller
 * (exec_system.c) raises the illegal-instruction exception with tval = the instruction bits.
 * A write records the CSR's new value in the retirement record (h->rec) and performs its side
 * effects (fast-path flushes, interrupt re-check). write_intent tells mk_csr_read that the same
 * instruction will write, so that the read-only check happens before any state change.
 * Reads have no side effects.
 */
bool mk_csr_read(mk_hart_t *h, uint16_t addr, bool write_intent, uint64_t *val);
bool mk_csr_write(mk_hart_t *h, uint16_t addr, uint64_t val);

/* The value that CSRRS/CSRRC use as the old value to set or clear bits in: the value read,
 * except that for mip only the software-writable SEIP bit takes part (not the PLIC's line). */
uint64_t mk_csr_rmw_base(const mk_hart_t *h, uint16_t addr, uint64_t read_val);

/* Replaces mstatus (already legal) and does the side effects of the change: a fast-path flush
 * when a bit that affects translation or protection changed, and an interrupt re-check. Used by
 * CSR writes and by trap entry/return. */
void mk_csr_set_mstatus(mk_hart_t *h, uint64_t val);

/* The same for vsstatus and hstatus (already legal values): flush when a bit that affects
 * translation changed, interrupt re-check. */
void mk_csr_set_vsstatus(mk_hart_t *h, uint64_t val);
void mk_csr_set_hstatus(mk_hart_t *h, uint64_t val);

/* The cause to raise when mk_csr_read/mk_csr_write refused an access: the spec's
 * virtual-instruction exception (V = 1, see hypervisor.adoc) or illegal instruction. */
uint64_t mk_csr_fault_cause(const mk_hart_t *h, uint16_t addr, bool write);

/* Current mtime-based time value (the CLINT's mtime). */
uint64_t mk_csr_time(const mk_hart_t *h);

#endif
