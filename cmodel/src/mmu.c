/*
 * Sv39 address translation (docs/isa.md, "Virtual memory and PMP"): canonical check, TLB lookup, and on a miss the
 * three-level hardware walk of the privileged spec's "Virtual Address Translation Process".
 * Svade: A/D are never written; A=0, or D=0 on a store, is a page fault.
 */
#include "mmu.h"

#include "mem.h"
#include "pmp.h"
#include "soc.h"
#include "tlb.h"

#define SV39_LEVELS 3
#define PTE_SIZE 8
#define PAGE_SHIFT 12
#define PTE_RESERVED_SHIFT 54       /* bits 63:54: N, PBMT and reserved; all must be zero */
#define PTE_NONLEAF_RESERVED (MK_PTE_A | MK_PTE_D | MK_PTE_U)

static uint64_t page_fault(mk_access_t acc)
{
    static const uint64_t cause[] = {
        [MK_ACC_FETCH] = MK_CAUSE_FETCH_PAGE_FAULT,
        [MK_ACC_LOAD] = MK_CAUSE_LOAD_PAGE_FAULT,
        [MK_ACC_STORE] = MK_CAUSE_STORE_PAGE_FAULT,
    };
    return cause[acc];
}

static uint64_t access_fault(mk_access_t acc)
{
    static const uint64_t cause[] = {
        [MK_ACC_FETCH] = MK_CAUSE_FETCH_ACCESS,
        [MK_ACC_LOAD] = MK_CAUSE_LOAD_ACCESS,
        [MK_ACC_STORE] = MK_CAUSE_STORE_ACCESS,
    };
    return cause[acc];
}

static inline mk_xlate_t xlate_fault(uint64_t cause)
{
    return (mk_xlate_t){ .ok = false, .cause = cause };
}

static inline uint64_t level_mask(unsigned level)
{
    return (1ULL << (9 * level)) - 1;
}

/* Bits 63:39 all equal to bit 38. */
static inline bool sv39_canonical(uint64_t vaddr)
{
    uint64_t top = vaddr >> 38;
    return top == 0 || top == (1ULL << 26) - 1;
}

unsigned mk_mmu_effective_priv(const mk_hart_t *h, mk_access_t acc)
{
    if (acc != MK_ACC_FETCH && (h->csr.mstatus & MK_MSTATUS_MPRV))
        return (unsigned)((h->csr.mstatus & MK_MSTATUS_MPP) >> MK_MSTATUS_MPP_SHIFT);
    return h->priv;
}

void mk_mmu_reset(mk_hart_t *h, unsigned itlb_entries, unsigned dtlb_entries)
{
    mk_tlb_reset(&h->itlb, itlb_entries);
    mk_tlb_reset(&h->dtlb, dtlb_entries);
    mk_mem_fast_flush(h);
}

/* Step 5 and 7 of the walk on a leaf's bits 7:0, for the current privilege, SUM and MXR. */
static bool leaf_allows(const mk_hart_t *h, uint8_t perm, mk_access_t acc, unsigned priv)
{
    uint64_t mstatus = h->csr.mstatus;
    bool user_page = perm & MK_PTE_U;
    if (priv == MK_PRIV_U && !user_page)
        return false;
    /* S-mode never executes from user pages; it reads/writes them only with SUM. */
    if (priv == MK_PRIV_S && user_page && (acc == MK_ACC_FETCH || !(mstatus & MK_MSTATUS_SUM)))
        return false;
    switch (acc) {
    case MK_ACC_FETCH:
        if (!(perm & MK_PTE_X))
            return false;
        break;
    case MK_ACC_LOAD:
        if (!(perm & MK_PTE_R) && !((perm & MK_PTE_X) && (mstatus & MK_MSTATUS_MXR)))
            return false;
        break;
    case MK_ACC_STORE:
        if (!(perm & MK_PTE_W))
            return false;
        break;
    }
    if (!(perm & MK_PTE_A))
        return false;
    return acc != MK_ACC_STORE || (perm & MK_PTE_D);
}

static mk_xlate_t xlate_from_entry(const mk_hart_t *h, const mk_tlb_entry_t *e, uint64_t vaddr,
                                   mk_access_t acc, unsigned priv)
{
    if (!leaf_allows(h, e->perm, acc, priv))
        return xlate_fault(page_fault(acc));
    uint64_t mask = level_mask(e->level);
    uint64_t vpn = (vaddr >> PAGE_SHIFT) & MK_SV39_VPN_MASK;
    uint64_t ppn = (e->ppn & ~mask) | (vpn & mask);
    return (mk_xlate_t){
        .ok = true,
        .paddr = (ppn << PAGE_SHIFT) | (vaddr & ((1ULL << PAGE_SHIFT) - 1)),
        .level = e->level,
        .cacheable = true,
    };
}

/*
 * The hardware walk. On success fills *leaf (not yet in the TLB) and returns true; otherwise
 * returns false with *cause set. G on any pointer PTE makes the leaf global (the spec: a global
 * non-leaf PTE makes every mapping below it global).
 */
static bool walk(mk_hart_t *h, uint64_t vpn, uint16_t asid, mk_access_t acc,
                 mk_tlb_entry_t *leaf, uint64_t *cause)
{
    h->stats.page_walks++;
    uint64_t table = (h->csr.satp & MK_SATP_PPN_MASK) << PAGE_SHIFT;
    uint8_t global = 0;
    for (int level = SV39_LEVELS - 1; level >= 0; level--) {
        uint64_t pte_addr = table + ((vpn >> (9 * level)) & 0x1FF) * PTE_SIZE;
        uint64_t pte;
        /* Implicit page-table reads are S-mode accesses for PMP, whatever the access's mode. */
        if (!mk_pmp_check(h, pte_addr, PTE_SIZE, MK_ACC_LOAD, MK_PRIV_S)) {
            *cause = access_fault(acc);
            return false;
        }
        h->stats.page_walk_accesses++;
        if (mk_bus_load(h->soc, pte_addr, PTE_SIZE, &pte) != 0) {
            *cause = access_fault(acc);
            return false;
        }
        *cause = page_fault(acc);
        if (!(pte & MK_PTE_V) || ((pte & MK_PTE_W) && !(pte & MK_PTE_R)) ||
            (pte >> PTE_RESERVED_SHIFT) != 0)
            return false;
        uint64_t ppn = (pte >> MK_PTE_PPN_SHIFT) & MK_PTE_PPN_MASK;
        if (!(pte & (MK_PTE_R | MK_PTE_X))) {
            /* A pointer: D, A and U are reserved in non-leaf PTEs; level 0 cannot point. */
            if ((pte & PTE_NONLEAF_RESERVED) || level == 0)
                return false;
            global |= pte & MK_PTE_G;
            table = ppn << PAGE_SHIFT;
            continue;
        }
        if (ppn & level_mask((unsigned)level))
            return false;   /* misaligned superpage */
        *leaf = (mk_tlb_entry_t){
            .valid = true,
            .level = (uint8_t)level,
            .asid = asid,
            .vpn = vpn & ~level_mask((unsigned)level),
            .ppn = ppn,
            .perm = (uint8_t)((pte & 0xFF) | global),
        };
        return true;
    }
    return false;   /* not reached: level 0 either returns a leaf or faults */
}

mk_xlate_t mk_mmu_translate(mk_hart_t *h, uint64_t vaddr, mk_access_t acc)
{
    unsigned priv = acc == MK_ACC_FETCH ? h->priv : mk_mmu_effective_priv(h, acc);
    uint64_t satp = h->csr.satp;
    if (priv == MK_PRIV_M || (satp >> MK_SATP_MODE_SHIFT) != MK_SATP_MODE_SV39)
        return (mk_xlate_t){ .ok = true, .paddr = vaddr, .level = 0, .cacheable = true };
    if (!sv39_canonical(vaddr))
        return xlate_fault(page_fault(acc));

    bool fetch = acc == MK_ACC_FETCH;
    mk_tlb_t *tlb = fetch ? &h->itlb : &h->dtlb;
    uint16_t asid = (uint16_t)((satp >> MK_SATP_ASID_SHIFT) & MK_SATP_ASID_MASK);
    uint64_t vpn = (vaddr >> PAGE_SHIFT) & MK_SV39_VPN_MASK;

    const mk_tlb_entry_t *hit = mk_tlb_lookup(tlb, vpn, asid);
    if (hit) {
        *(fetch ? &h->stats.itlb_hits : &h->stats.dtlb_hits) += 1;
        return xlate_from_entry(h, hit, vaddr, acc, priv);
    }
    *(fetch ? &h->stats.itlb_misses : &h->stats.dtlb_misses) += 1;

    mk_tlb_entry_t leaf;
    uint64_t cause;
    if (!walk(h, vpn, asid, acc, &leaf, &cause))
        return xlate_fault(cause);
    /* Only leaves with A=1 are cached: an A=0 leaf always faults, and not caching it lets
     * software set A and retry without an SFENCE.VMA. A leaf that fails the permission check
     * of this access is still cached (another access type may be allowed). */
    if (leaf.perm & MK_PTE_A)
        mk_tlb_fill(h, tlb, &leaf);
    return xlate_from_entry(h, &leaf, vaddr, acc, priv);
}

void mk_mmu_sfence(mk_hart_t *h, bool vaddr_valid, uint64_t vaddr, bool asid_valid, uint16_t asid)
{
    /* The spec: an rs1 that is not a valid virtual address makes SFENCE.VMA have no effect. */
    if (vaddr_valid && !sv39_canonical(vaddr))
        return;
    uint64_t vpn = (vaddr >> PAGE_SHIFT) & MK_SV39_VPN_MASK;
    mk_tlb_invalidate(&h->itlb, vaddr_valid, vpn, asid_valid, asid);
    mk_tlb_invalidate(&h->dtlb, vaddr_valid, vpn, asid_valid, asid);
    mk_mem_fast_flush(h);
}
