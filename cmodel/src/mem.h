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

/*
 * Hypervisor virtual-machine loads and stores (HLV, HLVX, HSV), executed in M, HS or U-mode
 * (the exec functions check that first): translated as if V = 1 at privilege hstatus.SPVP,
 * through vsatp and hgatp; HLVX needs execute permission instead of read (MXR semantics per
 * the spec). Faults are reported as from V = 1 (guest-page faults, GVA = 1). Size 1/2/4/8.
 */
bool mk_load_guest(mk_hart_t *h, uint64_t vaddr, unsigned size, bool hlvx, uint64_t *val);
bool mk_store_guest(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t val);

/* The transformed instruction (for mtinst/htinst) of a trapping load, store, atomic, HLV,
 * HLVX or HSV; 0 for any other instruction. See mem.c. */
uint32_t mk_mem_transformed_insn(const mk_insn_t *in);

/* Empties the fast-path translation cache. Called on any change that may alter a translation
 * or permission: satp, mstatus, privilege, PMP, SFENCE.VMA and TLB replacement; with the H
 * extension also V, vsatp, hgatp, vsstatus (SUM, MXR), mstatus.MPV and the HFENCEs. */
void mk_mem_fast_flush(mk_hart_t *h);

static inline mk_dcache_entry_t *mk_dcache_slot(mk_hart_t *h, uint64_t paddr)
{
    return &h->dcache[(paddr >> 1) & ((1u << MK_DCACHE_BITS) - 1u)];
}

/* The slow halves of mk_fetch, kept out of line so that the inlined fast path stays small. */
__attribute__((noinline)) const mk_insn_t *mk_fetch_slow(mk_hart_t *h);
__attribute__((noinline)) const mk_insn_t *mk_fetch_decode(mk_hart_t *h, mk_dcache_entry_t *d,
                                                         uint64_t paddr, uint32_t bits);

/*
 * Fetches and decodes the instruction at h->pc. Returns NULL after raising a fetch exception.
 * Fast path: the page is in the fetch translation cache and the decoded-instruction cache
 * holds this physical address (mem.c explains why no check of the bits is needed).
 */
static inline const mk_insn_t *mk_fetch(mk_hart_t *h)
{
    uint64_t pc = h->pc;
    const mk_fast_entry_t *e = &h->fast_fetch[(pc >> 12) & (MK_FAST_ENTRIES - 1)];
    if (__builtin_expect(e->tag != pc >> 12, 0))
        return mk_fetch_slow(h);
    h->stats.itlb_hits += e->tlb_hit;
    uint64_t paddr = pc + e->paddr_addend;
    mk_dcache_entry_t *d = mk_dcache_slot(h, paddr);
    if (__builtin_expect(d->in.tag == (uint32_t)paddr, 1))
        return &d->in;
    const uint8_t *host = (const uint8_t *)(uintptr_t)(pc + e->addend);
    uint16_t lo;
    __builtin_memcpy(&lo, host, 2);
    uint32_t bits = lo;
    if ((lo & 3u) == 3u) {
        if ((pc & 0xFFF) == 0xFFE)
            return mk_fetch_slow(h);    /* crosses into the next page */
        __builtin_memcpy(&bits, host, 4);
    }
    return mk_fetch_decode(h, d, paddr, bits);
}

/*
 * The fast loop's lookup: the cached entry of the instruction at pc, or NULL if the fetch
 * translation cache or the decoded-instruction cache misses (mk_fetch then does the rest).
 * Counts nothing: the fast loop counts its fetches itself.
 */
static inline const mk_dcache_entry_t *mk_fast_lookup(const mk_hart_t *h, uint64_t pc)
{
    const mk_fast_entry_t *e = &h->fast_fetch[(pc >> 12) & (MK_FAST_ENTRIES - 1)];
    if (__builtin_expect(e->tag != pc >> 12, 0))
        return NULL;
    uint64_t paddr = pc + e->paddr_addend;
    const mk_dcache_entry_t *d = &h->dcache[(paddr >> 1) & ((1u << MK_DCACHE_BITS) - 1u)];
    return __builtin_expect(d->in.tag == (uint32_t)paddr, 1) ? d : NULL;
}

/* Tells the decoded-instruction cache that len bytes at paddr were written by something other
 * than the hart's store path (debugger, loader, HTIF). */
void mk_mem_code_written(mk_hart_t *h, uint64_t paddr, uint64_t len);

void mk_mem_init(mk_hart_t *h);
void mk_mem_free(mk_hart_t *h);

#endif
