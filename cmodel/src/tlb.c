/*
 * The architectural TLBs: the state the RTL's ITLB and DTLB hold, entry for entry, so that hits,
 * misses and stale translations (a PTE changed without SFENCE.VMA) match the hardware.
 */
#include "tlb.h"

#include <string.h>

#include "mem.h"

/* VPN bits that select within a page of this level (the untranslated part of a superpage). */
static inline uint64_t level_mask(unsigned level)
{
    return (1ULL << (9 * level)) - 1;
}

static inline bool entry_maps(const mk_tlb_entry_t *e, uint64_t vpn)
{
    return (vpn & ~level_mask(e->level)) == e->vpn;
}

static inline bool entry_global(const mk_tlb_entry_t *e)
{
    return (e->perm & MK_PTE_G) != 0;
}

void mk_tlb_reset(mk_tlb_t *t, unsigned entries)
{
    if (entries == 0)
        entries = 1;
    if (entries > MK_TLB_ENTRIES_MAX)
        entries = MK_TLB_ENTRIES_MAX;
    memset(t, 0, sizeof *t);
    t->entries = entries;
}

const mk_tlb_entry_t *mk_tlb_lookup(const mk_tlb_t *t, uint64_t vpn, uint16_t asid)
{
    for (unsigned i = 0; i < t->entries; i++) {
        const mk_tlb_entry_t *e = &t->e[i];
        if (e->valid && entry_maps(e, vpn) && (e->asid == asid || entry_global(e)))
            return e;
    }
    return NULL;
}

void mk_tlb_fill(mk_hart_t *h, mk_tlb_t *t, const mk_tlb_entry_t *e)
{
    mk_tlb_entry_t *slot = &t->e[t->next];
    if (slot->valid)
        mk_mem_fast_flush(h);
    *slot = *e;
    slot->valid = true;
    t->next = (t->next + 1) % t->entries;
}

unsigned mk_tlb_invalidate(mk_tlb_t *t, bool vaddr_valid, uint64_t vpn, bool asid_valid,
                           uint16_t asid)
{
    unsigned count = 0;
    for (unsigned i = 0; i < t->entries; i++) {
        mk_tlb_entry_t *e = &t->e[i];
        if (!e->valid)
            continue;
        if (vaddr_valid && !entry_maps(e, vpn))
            continue;
        /* An ASID-specific fence never removes global entries. */
        if (asid_valid && (entry_global(e) || e->asid != asid))
            continue;
        e->valid = false;
        count++;
    }
    return count;
}
