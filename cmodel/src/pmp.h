/* Physical memory protection: 16 entries, OFF/TOR/NA4/NAPOT, locking. */
#ifndef MK_PMP_H
#define MK_PMP_H

#include "hart.h"

/*
 * True if an access of size bytes at paddr, of type acc, made at privilege priv, is allowed.
 * Lowest-numbered matching entry wins; an access that only partly matches an entry fails (in
 * M-mode too); a fully matching entry without L allows M-mode; no match: allowed only in M-mode.
 */
bool mk_pmp_check(const mk_hart_t *h, uint64_t paddr, unsigned size, mk_access_t acc,
                  unsigned priv);

/* True if every byte of the 4 KiB page at page_base gets the same answer as mk_pmp_check would
 * give, and that answer is "allowed". Used to decide whether the fast path may cache the page. */
bool mk_pmp_page_allowed(const mk_hart_t *h, uint64_t page_base, mk_access_t acc, unsigned priv);

/* WARL writes of pmpcfgN (N even, 8 entries' bytes) and pmpaddrN, honouring the L bit and
 * the TOR lock of the entry below. Return the value that reads back. */
uint64_t mk_pmp_write_cfg(mk_hart_t *h, unsigned csr_index, uint64_t val);
uint64_t mk_pmp_write_addr(mk_hart_t *h, unsigned index, uint64_t val);
uint64_t mk_pmp_read_cfg(const mk_hart_t *h, unsigned csr_index);
uint64_t mk_pmp_read_addr(const mk_hart_t *h, unsigned index);

#endif
