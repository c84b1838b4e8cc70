/*
 * The architectural TLBs (ITLB and DTLB share this code): fully associative, ASID-tagged,
 * round-robin replacement, entries kept until SFENCE.VMA (docs/isa.md, "Virtual memory and PMP").
 */
#ifndef MK_TLB_H
#define MK_TLB_H

#include "hart.h"

/* Sv39 virtual page numbers are vaddr[38:12]; bits above are the sign extension of bit 38. */
#define MK_SV39_VPN_BITS 27
#define MK_SV39_VPN_MASK ((1ULL << MK_SV39_VPN_BITS) - 1)

/* Empties the TLB and sets its size (clamped to 1..MK_TLB_ENTRIES_MAX). */
void mk_tlb_reset(mk_tlb_t *t, unsigned entries);

/* The lowest-numbered valid entry that maps vpn (vaddr[38:12]) for asid (or is global), or
 * NULL. */
const mk_tlb_entry_t *mk_tlb_lookup(const mk_tlb_t *t, uint64_t vpn, uint16_t asid);

/* Writes e into the slot at the round-robin pointer and advances it. Replacing a valid entry
 * flushes the hart's fast path, which may hold pages translated through it. */
void mk_tlb_fill(mk_hart_t *h, mk_tlb_t *t, const mk_tlb_entry_t *e);

/* Invalidates the entries in SFENCE.VMA's scope (see mk_mmu_sfence). Returns how many. */
unsigned mk_tlb_invalidate(mk_tlb_t *t, bool vaddr_valid, uint64_t vpn, bool asid_valid,
                           uint16_t asid);

#endif
