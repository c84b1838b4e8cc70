/*
 * Address translation: Sv39 for V = 0, and for V = 1 the two-stage translation of the H
 * extension (VS-stage Sv39 under vsatp, G-stage Sv39x4 under hgatp); the TLBs and the hardware
 * page-table walker (Svade: no A/D updates). docs/isa.md and docs/isa.md "H extension: two-stage translation".
 */
#ifndef MK_MMU_H
#define MK_MMU_H

#include "hart.h"
#include "tlb.h"

typedef struct mk_xlate {
    bool ok;
    uint64_t paddr;
    uint64_t cause;     /* exception cause when !ok: page fault, guest-page fault or access fault
                         * of the access type */
    uint8_t level;      /* when ok: page size of the translation (0 = 4 KiB) */
    bool cacheable;     /* when ok: the translation may be cached by the fast path (see mem.c) */
    /* When !ok, for traps from V = 1 accesses (zero otherwise): */
    bool implicit;      /* an implicit access (a page-table read) faulted, not the access itself */
    uint64_t tval2;     /* guest-page faults: the faulting guest physical address >> 2 */
    uint64_t tinst;     /* guest-page fault on a VS-level PTE read: the pseudo-instruction */
} mk_xlate_t;

void mk_mmu_reset(mk_hart_t *h, unsigned itlb_entries, unsigned dtlb_entries);

/*
 * Translates vaddr for one access in the current mode: the privilege and virtualization mode
 * of the hart, or for loads and stores with mstatus.MPRV those of MPP and MPV. A TLB hit is
 * checked against the current permissions; a miss walks the page tables (V = 0: each PTE read
 * is a PMP-checked S-mode physical read; V = 1: each VS-level PTE address is itself translated
 * by the G-stage) and fills the TLB. Counts hits, misses and walk accesses in h->stats. Does
 * not do the final PMP check on the resulting physical address (mem.c does, with the size).
 */
mk_xlate_t mk_mmu_translate(mk_hart_t *h, uint64_t vaddr, mk_access_t acc);

/* The same for an explicit mode: priv is the nominal privilege (U, S or M), virt the
 * virtualization mode, hlvx an HLVX access (acc = load, needing execute permission at both
 * stages instead of read). HLV/HLVX/HSV use priv = hstatus.SPVP, virt = true. */
mk_xlate_t mk_mmu_translate_as(mk_hart_t *h, uint64_t vaddr, mk_access_t acc, unsigned priv,
                               bool virt, bool hlvx);

/* SFENCE.VMA rs1/rs2 semantics: vaddr_valid = (rs1 != x0), asid_valid = (rs2 != x0). With
 * V = 0 it covers the HS-level entries; with V = 1 it is HFENCE.VVMA. */
void mk_mmu_sfence(mk_hart_t *h, bool vaddr_valid, uint64_t vaddr, bool asid_valid, uint16_t asid);

/* HFENCE.VVMA: VS-stage entries, with the same rs1/rs2 scope rules as SFENCE.VMA (rs2 is a
 * guest ASID). HFENCE.GVMA: the instruction's operands (rs1 << 2 as gpa, rs2's VMID) are
 * accepted and ignored. Both cover every VMID: more than the spec requires, never less
 * (docs/isa.md "Fences"). */
void mk_mmu_hfence_vvma(mk_hart_t *h, bool vaddr_valid, uint64_t vaddr, bool asid_valid,
                        uint16_t asid);
void mk_mmu_hfence_gvma(mk_hart_t *h, bool gpa_valid, uint64_t gpa, bool vmid_valid,
                        uint16_t vmid);

/* The nominal privilege used for translation and PMP of a data access (MPRV applied). */
unsigned mk_mmu_effective_priv(const mk_hart_t *h, mk_access_t acc);

/* The virtualization mode of an access: V, or for loads and stores with MPRV = 1 and MPP != M,
 * mstatus.MPV. */
static inline bool mk_mmu_effective_virt(const mk_hart_t *h, mk_access_t acc)
{
    uint64_t st = h->csr.mstatus;
    if (acc != MK_ACC_FETCH && (st & MK_MSTATUS_MPRV) &&
        (st & MK_MSTATUS_MPP) != MK_MSTATUS_MPP)
        return (st & MK_MSTATUS_MPV) != 0;
    return h->v;
}

/* True if an access in this mode looks up a TLB (some translation stage is on); used to count
 * fast-path hits as TLB hits. */
bool mk_mmu_uses_tlb(const mk_hart_t *h, unsigned priv, bool virt);

/* The physical address that the fetch of vaddr in the current mode used, found without side
 * effects (no statistics, no fill, no permission check): from the ITLB, or vaddr when no
 * stage translates. False if the ITLB no longer holds it. */
bool mk_mmu_peek_fetch(const mk_hart_t *h, uint64_t vaddr, uint64_t *paddr);

/* The same for a data access of virtualization mode virt, in the DTLB (no fallback: only for
 * an access that translates). */
bool mk_mmu_peek_data(const mk_hart_t *h, uint64_t vaddr, bool virt, uint64_t *paddr);

/*
 * The timing mode's fetch unit (timing.c, docs/timing.md "Address translation (Sv39)") looks
 * the ITLB up on its own requests, with the privilege and roots of the cycle it makes them,
 * and fills it only when a walk is not dropped by a redirect.
 */
typedef struct mk_fetch_ctx {
    uint8_t priv;
    bool v;
    bool translates;            /* some stage is on for fetches in this mode */
    uint64_t satp, vsatp, hgatp;
} mk_fetch_ctx_t;

/* What a lookup did beyond the TLB hit. */
typedef struct mk_mmu_walk {
    bool walked;                /* the TLB missed and the page tables were walked */
    unsigned accesses;          /* PTE reads the walk made (both stages) */
    bool fill;                  /* the walk found a leaf to cache: entry */
    mk_tlb_entry_t entry;
} mk_mmu_walk_t;

/* The hart's current fetch context. */
void mk_mmu_fetch_ctx(const mk_hart_t *h, mk_fetch_ctx_t *ctx);

/* Translates (with the permission checks of a fetch) vaddr in context ctx: an ITLB hit, or a
 * walk whose leaf is left in *w instead of the ITLB. Counts statistics as mk_mmu_translate. */
mk_xlate_t mk_mmu_fetch_lookup(mk_hart_t *h, const mk_fetch_ctx_t *ctx, uint64_t vaddr,
                               mk_mmu_walk_t *w);

/* Puts a walk's leaf into the ITLB (round robin, as any fill). */
void mk_mmu_fetch_fill(mk_hart_t *h, const mk_tlb_entry_t *e);

/* The translations the timing mode's fetch unit got for the (at most two) doublewords of the
 * instruction being executed; mk_fetch uses them instead of translating (and never fills the
 * ITLB). n = 0: none given. */
typedef struct mk_fetch_xlate {
    unsigned n;
    uint64_t dw[2];             /* virtual doubleword addresses */
    mk_xlate_t x[2];            /* ok: paddr of the doubleword; else the fault to raise */
} mk_fetch_xlate_t;

#endif
