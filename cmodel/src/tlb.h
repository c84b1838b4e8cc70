/*
 * The architectural TLBs (ITLB and DTLB share this code): fully associative, tagged by stage,
 * VMID and ASID, round-robin replacement, entries kept until a fence that covers them
 * (docs/isa.md, "Virtual memory and PMP"; docs/isa.md "H extension: two-stage translation" for the H extension).
 */
#ifndef MK_TLB_H
#define MK_TLB_H

#include "hart.h"

/* Sv39 virtual page numbers are vaddr[38:12]; bits above are the sign extension of bit 38. */
#define MK_SV39_VPN_BITS 27
#define MK_SV39_VPN_MASK ((1ULL << MK_SV39_VPN_BITS) - 1)

/* Empties the TLB and sets its size (clamped to 1..MK_TLB_ENTRIES_MAX). */
void mk_tlb_reset(mk_tlb_t *t, unsigned entries);

/* The lowest-numbered valid entry of `stage` that maps vpn, for vmid (ignored for MK_TLB_HS)
 * and asid (ignored for MK_TLB_G; global entries match any ASID), or NULL. */
const mk_tlb_entry_t *mk_tlb_lookup(const mk_tlb_t *t, unsigned stage, uint16_t vmid,
                                    uint64_t vpn, uint16_t asid);

/* Writes e into the slot at the round-robin pointer and advances it. Replacing a valid entry
 * flushes the hart's fast path, which may hold pages translated through it. */
void mk_tlb_fill(mk_hart_t *h, mk_tlb_t *t, const mk_tlb_entry_t *e);

/* The entries a fence removes. Every condition given must hold. There is no VMID condition:
 * fences of V = 1 stages cover every VMID (docs/isa.md "Fences"). */
typedef struct mk_tlb_scope {
    unsigned stages;        /* bit (1 << MK_TLB_x) for each stage in scope */
    bool vpn_valid;         /* only entries whose first-stage leaf (vs_level) maps vpn */
    uint64_t vpn;
    bool asid_valid;        /* only non-global entries of this ASID */
    uint16_t asid;
} mk_tlb_scope_t;

/* Invalidates the entries in scope. Returns how many. */
unsigned mk_tlb_invalidate(mk_tlb_t *t, const mk_tlb_scope_t *s);

#endif
