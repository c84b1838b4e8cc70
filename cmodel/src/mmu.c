/*
 * Address translation (docs/isa.md, "Virtual memory and PMP"; docs/isa.md "H extension: two-stage translation"): canonical
 * check, TLB lookup, and on a miss the hardware walk of the privileged spec's "Virtual Address
 * Translation Process".
 *  - V = 0: Sv39 under satp.
 *  - V = 1: the VS-stage (Sv39 under vsatp, Bare = identity) gives a guest physical address
 *    (GPA); the G-stage (Sv39x4 under hgatp, Bare = identity) turns it into a supervisor
 *    physical address. Every VS-level PTE address is a GPA, translated by the G-stage as an
 *    implicit load before it is read. The TLB caches the combination of both stages' leaves.
 * Svade at every stage: A/D are never written; A=0, or D=0 on a store, faults.
 */
#include "mmu.h"

#include <string.h>

#include "mem.h"
#include "pmp.h"
#include "soc.h"
#include "tlb.h"

#define SV39_LEVELS 3
#define PTE_SIZE 8
#define PAGE_SHIFT 12
#define PAGE_OFFSET_MASK ((1ULL << PAGE_SHIFT) - 1)
#define PTE_RESERVED_SHIFT 54       /* bits 63:54: N, PBMT and reserved; all must be zero */
#define PTE_NONLEAF_RESERVED (MK_PTE_A | MK_PTE_D | MK_PTE_U)
#define GPA_BITS 41                 /* Sv39x4 */
#define SV39X4_ROOT_INDEX_BITS 11   /* the 16 KiB root table */
/* The permissions of an identity (Bare) stage: everything allowed. */
#define BARE_PERM (MK_PTE_V | MK_PTE_R | MK_PTE_W | MK_PTE_X | MK_PTE_U | MK_PTE_A | MK_PTE_D)

static uint64_t page_fault(mk_access_t acc)
{
    static const uint64_t cause[] = {
        [MK_ACC_FETCH] = MK_CAUSE_FETCH_PAGE_FAULT,
        [MK_ACC_LOAD] = MK_CAUSE_LOAD_PAGE_FAULT,
        [MK_ACC_STORE] = MK_CAUSE_STORE_PAGE_FAULT,
    };
    return cause[acc];
}

static uint64_t guest_page_fault(mk_access_t acc)
{
    static const uint64_t cause[] = {
        [MK_ACC_FETCH] = MK_CAUSE_FETCH_GUEST_PAGE_FAULT,
        [MK_ACC_LOAD] = MK_CAUSE_LOAD_GUEST_PAGE_FAULT,
        [MK_ACC_STORE] = MK_CAUSE_STORE_GUEST_PAGE_FAULT,
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

static inline mk_xlate_t xlate_identity(uint64_t addr)
{
    return (mk_xlate_t){ .ok = true, .paddr = addr, .level = 0, .cacheable = true };
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

static inline bool satp_on(uint64_t satp)
{
    return (satp >> MK_SATP_MODE_SHIFT) == MK_SATP_MODE_SV39;
}

static inline bool hgatp_on(uint64_t hgatp)
{
    return (hgatp >> MK_SATP_MODE_SHIFT) == MK_HGATP_MODE_SV39X4;
}

static inline uint16_t satp_asid(uint64_t satp)
{
    return (uint16_t)((satp >> MK_SATP_ASID_SHIFT) & MK_SATP_ASID_MASK);
}

static inline uint16_t hgatp_vmid(uint64_t hgatp)
{
    return (uint16_t)((hgatp >> MK_HGATP_VMID_SHIFT) & ((1u << MK_VMID_BITS) - 1));
}

unsigned mk_mmu_effective_priv(const mk_hart_t *h, mk_access_t acc)
{
    if (acc != MK_ACC_FETCH && (h->csr.mstatus & MK_MSTATUS_MPRV))
        return (unsigned)((h->csr.mstatus & MK_MSTATUS_MPP) >> MK_MSTATUS_MPP_SHIFT);
    return h->priv;
}

bool mk_mmu_uses_tlb(const mk_hart_t *h, unsigned priv, bool virt)
{
    if (virt)
        return satp_on(h->csr.vsatp) || hgatp_on(h->csr.hgatp);
    return priv != MK_PRIV_M && satp_on(h->csr.satp);
}

void mk_mmu_reset(mk_hart_t *h, unsigned itlb_entries, unsigned dtlb_entries)
{
    mk_tlb_reset(&h->itlb, itlb_entries);
    mk_tlb_reset(&h->dtlb, dtlb_entries);
    mk_mem_fast_flush(h);
}

/* What a translation checks permissions against, fixed for one access. */
typedef struct xctx {
    mk_access_t acc;
    unsigned priv;      /* nominal privilege: U or S (M never translates) */
    bool virt;
    bool hlvx;          /* execute permission replaces read permission, at both stages */
    bool sum, mxr;      /* first stage: sstatus or, for V = 1, vsstatus (MXR | HS-level MXR) */
    bool gmxr;          /* G-stage: the HS-level MXR only */
    uint64_t satp, vsatp, hgatp;    /* the roots: the hart's, or a fetch unit's context */
    /* NULL: a walk's leaf goes into the TLB at once. Else it is handed back here (the timing
     * mode's fetch unit fills the ITLB only if no redirect drops the walk). */
    mk_mmu_walk_t *defer;
} xctx_t;

/*
 * Step 5 and 7 of the walk on a leaf's bits 7:0. The G-stage uses it with priv = U (all
 * G-stage accesses are user-level), sum = false and its own MXR.
 */
static bool leaf_allows(uint8_t perm, mk_access_t acc, unsigned priv, bool sum, bool mxr,
                        bool hlvx)
{
    bool user_page = perm & MK_PTE_U;
    if (priv == MK_PRIV_U && !user_page)
        return false;
    /* S-mode never executes from user pages; it reads/writes them only with SUM. */
    if (priv == MK_PRIV_S && user_page && (acc == MK_ACC_FETCH || !sum))
        return false;
    switch (acc) {
    case MK_ACC_FETCH:
        if (!(perm & MK_PTE_X))
            return false;
        break;
    case MK_ACC_LOAD:
        if (hlvx ? !(perm & MK_PTE_X)
                 : !(perm & MK_PTE_R) && !((perm & MK_PTE_X) && mxr))
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

static inline bool first_stage_allows(const xctx_t *c, uint8_t perm)
{
    return leaf_allows(perm, c->acc, c->priv, c->sum, c->mxr, c->hlvx);
}

static inline bool g_stage_allows(const xctx_t *c, uint8_t gperm)
{
    return leaf_allows(gperm, c->acc, MK_PRIV_U, false, c->gmxr, c->hlvx);
}

/* Physical address of vaddr through a leaf of `level` whose page number is ppn. */
static inline uint64_t through_leaf(uint64_t ppn, unsigned level, uint64_t vaddr)
{
    uint64_t mask = level_mask(level);
    uint64_t vpn = vaddr >> PAGE_SHIFT;
    return (((ppn & ~mask) | (vpn & mask)) << PAGE_SHIFT) | (vaddr & PAGE_OFFSET_MASK);
}

/* The result of a TLB hit (or of a fresh walk), with this access's permission checks: the
 * first stage's (page fault) before the G-stage's (guest-page fault). */
static mk_xlate_t xlate_from_entry(const xctx_t *c, const mk_tlb_entry_t *e, uint64_t vaddr)
{
    if (e->stage != MK_TLB_G && !first_stage_allows(c, e->perm))
        return xlate_fault(page_fault(c->acc));
    if (e->stage != MK_TLB_HS && !g_stage_allows(c, e->gperm)) {
        mk_xlate_t x = xlate_fault(guest_page_fault(c->acc));
        x.tval2 = through_leaf(e->gppn, e->level, vaddr) >> 2;
        return x;
    }
    return (mk_xlate_t){
        .ok = true,
        .paddr = through_leaf(e->ppn, e->level, vaddr),
        .level = e->level,
        .cacheable = true,
    };
}

typedef struct walk_leaf {
    uint8_t level;
    uint8_t perm;       /* PTE bits 7:0; G also set when a pointer PTE above had it */
    uint64_t ppn;       /* low 9*level bits zero */
} walk_leaf_t;

/* A walk in progress: where its fault goes and how many memory accesses it made. */
typedef struct walk_state {
    mk_xlate_t *fault;
    unsigned accesses;
} walk_state_t;

static bool g_translate_pte(mk_hart_t *h, const xctx_t *c, uint64_t gpa, uint64_t *spa,
                            walk_state_t *ws);

/*
 * One walk of an Sv39-shaped tree rooted at root (a physical address, or for the VS-stage
 * (ptes_guest) a guest physical one). vpn has 27 bits, or 29 for the G-stage, whose root index
 * has 11 bits. Faults: page faults, or for the G-stage (g_stage) guest-page faults, on a bad
 * PTE; access faults (implicit) on a PMP or bus error of a PTE read; for the VS-stage whatever
 * the G-stage translation of a PTE address raises. All reported for the original access type.
 */
static bool walk(mk_hart_t *h, const xctx_t *c, uint64_t root, uint64_t vpn, bool g_stage,
                 bool ptes_guest, walk_leaf_t *leaf, walk_state_t *ws)
{
    uint64_t table = root;
    uint8_t global = 0;
    for (int level = SV39_LEVELS - 1; level >= 0; level--) {
        unsigned index_bits = g_stage && level == SV39_LEVELS - 1 ? SV39X4_ROOT_INDEX_BITS : 9;
        uint64_t index = (vpn >> (9 * level)) & ((1ULL << index_bits) - 1);
        uint64_t pte_addr = table + index * PTE_SIZE, pte;
        if (ptes_guest && !g_translate_pte(h, c, pte_addr, &pte_addr, ws))
            return false;
        /* Page tables are main memory: a PTE address outside DRAM is an access fault with no
         * bus access, as is one that PMP denies (implicit page-table reads are S-mode loads
         * for PMP, whatever the access's mode). Neither counts as an access of the walk. */
        const uint8_t *host = mk_soc_dram_ptr(h->soc, pte_addr);
        if (!host || !mk_pmp_check(h, pte_addr, PTE_SIZE, MK_ACC_LOAD, MK_PRIV_S)) {
            *ws->fault = xlate_fault(access_fault(c->acc));
            ws->fault->implicit = true;
            return false;
        }
        ws->accesses++;
        memcpy(&pte, host, PTE_SIZE);   /* aligned: never crosses the end of DRAM */
        *ws->fault = xlate_fault(g_stage ? guest_page_fault(c->acc) : page_fault(c->acc));
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
        uint8_t perm = (uint8_t)((pte & 0xFF) | global);
        /* The G bit of G-stage PTEs is reserved and ignored. */
        leaf->perm = g_stage ? (uint8_t)(perm & ~MK_PTE_G) : perm;
        leaf->level = (uint8_t)level;
        leaf->ppn = ppn;
        *ws->fault = (mk_xlate_t){ 0 };
        return true;
    }
    return false;   /* not reached: level 0 either returns a leaf or faults */
}

/* The G-stage leaf for gpa (an identity gigapage when hgatp is Bare). On a guest-page fault
 * the fault's tval2 is gpa >> 2, or 0 for a GPA beyond Sv39x4's 41 bits (the spec allows 0;
 * the RTL then needs no 64-bit tval2 path, docs/isa.md "Faults and the trap CSRs"). */
static bool g_walk(mk_hart_t *h, const xctx_t *c, uint64_t gpa, walk_leaf_t *leaf,
                   walk_state_t *ws)
{
    uint64_t hgatp = c->hgatp;
    if (!hgatp_on(hgatp)) {
        *leaf = (walk_leaf_t){ .level = SV39_LEVELS - 1, .perm = BARE_PERM,
                               .ppn = (gpa >> PAGE_SHIFT) & ~level_mask(SV39_LEVELS - 1) };
        return true;
    }
    bool ok = false;
    if (gpa >> GPA_BITS) {
        *ws->fault = xlate_fault(guest_page_fault(c->acc));
    } else {
        /* PPN[1:0] of hgatp are zero: the root table is 16 KiB aligned. */
        uint64_t root = (hgatp & MK_SATP_PPN_MASK & ~3ULL) << PAGE_SHIFT;
        ok = walk(h, c, root, gpa >> PAGE_SHIFT, true, false, leaf, ws);
    }
    if (!ok && ws->fault->cause == guest_page_fault(c->acc))
        ws->fault->tval2 = gpa >> GPA_BITS ? 0 : gpa >> 2;
    return ok;
}

/* G-stage translation of a VS-level PTE address: an implicit load, user-level, needing R (MXR
 * does not apply to implicit accesses) and A. Its guest-page faults carry the pseudo-
 * instruction for a 64-bit page-table read. */
static bool g_translate_pte(mk_hart_t *h, const xctx_t *c, uint64_t gpa, uint64_t *spa,
                            walk_state_t *ws)
{
    walk_leaf_t leaf;
    bool ok = g_walk(h, c, gpa, &leaf, ws);
    if (ok && !leaf_allows(leaf.perm, MK_ACC_LOAD, MK_PRIV_U, false, false, false)) {
        *ws->fault = xlate_fault(guest_page_fault(c->acc));
        ws->fault->tval2 = gpa >> 2;
        ok = false;
    }
    if (!ok) {
        ws->fault->implicit = true;
        if (ws->fault->cause == guest_page_fault(c->acc))
            ws->fault->tinst = MK_TINST_PT_READ_64;
        return false;
    }
    *spa = through_leaf(leaf.ppn, leaf.level, gpa);
    return true;
}

static void count_walk(mk_hart_t *h, bool virt, unsigned accesses)
{
    h->stats.page_walks++;
    h->stats.page_walk_accesses += accesses;
    h->stats.walk_len[accesses < MK_WALK_LEN_BINS ? accesses : MK_WALK_LEN_BINS - 1]++;
    if (virt) {
        h->stats.vwalks++;
        h->stats.vwalk_accesses += accesses;
    }
}

/* A walk's leaf e: into the TLB now, or handed back to the caller (c->defer). */
static void fill_or_defer(mk_hart_t *h, const xctx_t *c, mk_tlb_t *tlb, const mk_tlb_entry_t *e)
{
    if (c->defer) {
        c->defer->fill = true;
        c->defer->entry = *e;
    } else {
        mk_tlb_fill(h, tlb, e);
    }
}

static inline void note_walk(const xctx_t *c, unsigned accesses)
{
    if (c->defer) {
        c->defer->walked = true;
        c->defer->accesses = accesses;
    }
}

static inline void count_lookup(mk_hart_t *h, mk_access_t acc, bool hit)
{
    if (acc == MK_ACC_FETCH)
        *(hit ? &h->stats.itlb_hits : &h->stats.itlb_misses) += 1;
    else
        *(hit ? &h->stats.dtlb_hits : &h->stats.dtlb_misses) += 1;
}

/* V = 0 with satp = Sv39. */
static mk_xlate_t translate_hs(mk_hart_t *h, const xctx_t *c, uint64_t vaddr)
{
    uint64_t satp = c->satp;
    if (!sv39_canonical(vaddr))
        return xlate_fault(page_fault(c->acc));
    mk_tlb_t *tlb = c->acc == MK_ACC_FETCH ? &h->itlb : &h->dtlb;
    uint16_t asid = satp_asid(satp);
    uint64_t vpn = (vaddr >> PAGE_SHIFT) & MK_SV39_VPN_MASK;

    const mk_tlb_entry_t *hit = mk_tlb_lookup(tlb, MK_TLB_HS, 0, vpn, asid);
    if (hit) {
        count_lookup(h, c->acc, true);
        return xlate_from_entry(c, hit, vaddr);
    }
    count_lookup(h, c->acc, false);

    mk_xlate_t fault;
    walk_state_t ws = { .fault = &fault };
    walk_leaf_t leaf;
    bool ok = walk(h, c, (satp & MK_SATP_PPN_MASK) << PAGE_SHIFT, vpn, false, false, &leaf, &ws);
    count_walk(h, false, ws.accesses);
    note_walk(c, ws.accesses);
    if (!ok)
        return fault;
    mk_tlb_entry_t e = {
        .valid = true, .stage = MK_TLB_HS, .level = leaf.level, .vs_level = leaf.level,
        .asid = asid, .vpn = vpn & ~level_mask(leaf.level), .ppn = leaf.ppn, .perm = leaf.perm,
    };
    /* Only leaves with A=1 are cached: an A=0 leaf always faults, and not caching it lets
     * software set A and retry without an SFENCE.VMA. A leaf that fails the permission check
     * of this access is still cached (another access type may be allowed). */
    if (leaf.perm & MK_PTE_A)
        fill_or_defer(h, c, tlb, &e);
    return xlate_from_entry(c, &e, vaddr);
}

/* V = 1 with vsatp or hgatp on. */
static mk_xlate_t translate_guest(mk_hart_t *h, const xctx_t *c, uint64_t vaddr)
{
    uint64_t vsatp = c->vsatp, hgatp = c->hgatp;
    bool vs_on = satp_on(vsatp);
    uint16_t vmid = hgatp_vmid(hgatp);
    uint16_t asid = vs_on ? satp_asid(vsatp) : 0;
    unsigned stage = vs_on ? MK_TLB_VS_G : MK_TLB_G;
    uint64_t vpn;
    if (vs_on) {
        if (!sv39_canonical(vaddr))
            return xlate_fault(page_fault(c->acc));
        vpn = (vaddr >> PAGE_SHIFT) & MK_SV39_VPN_MASK;
    } else {
        /* The guest virtual address is the GPA. With bits above 40 set it matches no entry,
         * and g_walk() raises the guest-page fault. */
        vpn = vaddr >> PAGE_SHIFT;
    }
    mk_tlb_t *tlb = c->acc == MK_ACC_FETCH ? &h->itlb : &h->dtlb;
    const mk_tlb_entry_t *hit = mk_tlb_lookup(tlb, stage, vmid, vpn, asid);
    if (hit) {
        count_lookup(h, c->acc, true);
        return xlate_from_entry(c, hit, vaddr);
    }
    count_lookup(h, c->acc, false);

    mk_xlate_t fault;
    walk_state_t ws = { .fault = &fault };
    walk_leaf_t vs = { .level = SV39_LEVELS - 1, .perm = BARE_PERM,
                       .ppn = vpn & ~level_mask(SV39_LEVELS - 1) };
    if (vs_on) {
        if (!walk(h, c, (vsatp & MK_SATP_PPN_MASK) << PAGE_SHIFT, vpn, false, true, &vs, &ws))
            goto failed;
        /* The VS-stage leaf is checked before the G-stage translates the final GPA. */
        if (!first_stage_allows(c, vs.perm)) {
            fault = xlate_fault(page_fault(c->acc));
            goto failed;
        }
    }
    uint64_t gpa = through_leaf(vs.ppn, vs.level, vaddr);
    walk_leaf_t g;
    if (!g_walk(h, c, gpa, &g, &ws))
        goto failed;
    count_walk(h, true, ws.accesses);
    note_walk(c, ws.accesses);

    unsigned level = vs.level < g.level ? vs.level : g.level;
    uint64_t mask = level_mask(level);
    mk_tlb_entry_t e = {
        .valid = true, .stage = (uint8_t)stage, .level = (uint8_t)level,
        .vs_level = vs_on ? vs.level : (uint8_t)level, .g_level = g.level,
        .perm = vs.perm, .gperm = g.perm, .asid = asid, .vmid = vmid,
        .vpn = vpn & ~mask,
        .gppn = (gpa >> PAGE_SHIFT) & ~mask,
        .ppn = (through_leaf(g.ppn, g.level, gpa) >> PAGE_SHIFT) & ~mask,
    };
    /* As for V = 0: cached only when both leaves have A=1. The ITLB also leaves out a leaf
     * that the G-stage denies: a fetch's G-stage check (X, U) cannot change without a fence,
     * so its entries need no G-stage fields (docs/isa.md "TLB"). */
    if ((vs.perm & MK_PTE_A) && (g.perm & MK_PTE_A) &&
        (c->acc != MK_ACC_FETCH || g_stage_allows(c, g.perm)))
        fill_or_defer(h, c, tlb, &e);
    return xlate_from_entry(c, &e, vaddr);

failed:
    count_walk(h, true, ws.accesses);
    note_walk(c, ws.accesses);
    return fault;
}

mk_xlate_t mk_mmu_translate_as(mk_hart_t *h, uint64_t vaddr, mk_access_t acc, unsigned priv,
                               bool virt, bool hlvx)
{
    uint64_t mstatus = h->csr.mstatus;
    xctx_t c = { .acc = acc, .priv = priv, .virt = virt, .hlvx = hlvx,
                 .satp = h->csr.satp, .vsatp = h->csr.vsatp, .hgatp = h->csr.hgatp };
    if (!virt) {
        if (priv == MK_PRIV_M || !satp_on(h->csr.satp))
            return xlate_identity(vaddr);
        c.sum = mstatus & MK_MSTATUS_SUM;
        c.mxr = mstatus & MK_MSTATUS_MXR;
        return translate_hs(h, &c, vaddr);
    }
    if (!satp_on(h->csr.vsatp) && !hgatp_on(h->csr.hgatp))
        return xlate_identity(vaddr);
    uint64_t vsstatus = h->csr.vsstatus;
    c.sum = vsstatus & MK_MSTATUS_SUM;
    c.gmxr = mstatus & MK_MSTATUS_MXR;
    c.mxr = c.gmxr || (vsstatus & MK_MSTATUS_MXR);
    return translate_guest(h, &c, vaddr);
}

mk_xlate_t mk_mmu_translate(mk_hart_t *h, uint64_t vaddr, mk_access_t acc)
{
    if (acc == MK_ACC_FETCH)
        return mk_mmu_translate_as(h, vaddr, acc, h->priv, h->v, false);
    return mk_mmu_translate_as(h, vaddr, acc, mk_mmu_effective_priv(h, acc),
                               mk_mmu_effective_virt(h, acc), false);
}

/* The entry of tlb that maps vaddr under these roots, without side effects, or NULL. */
static const mk_tlb_entry_t *peek(const mk_tlb_t *tlb, bool virt, uint64_t satp,
                                  uint64_t vsatp, uint64_t hgatp, uint64_t vaddr)
{
    unsigned stage;
    uint16_t asid = 0, vmid = 0;
    uint64_t vpn = vaddr >> PAGE_SHIFT;
    if (!virt) {
        stage = MK_TLB_HS;
        asid = satp_asid(satp);
        vpn &= MK_SV39_VPN_MASK;
    } else {
        vmid = hgatp_vmid(hgatp);
        stage = satp_on(vsatp) ? MK_TLB_VS_G : MK_TLB_G;
        if (stage == MK_TLB_VS_G) {
            asid = satp_asid(vsatp);
            vpn &= MK_SV39_VPN_MASK;
        }
    }
    return mk_tlb_lookup(tlb, stage, vmid, vpn, asid);
}

bool mk_mmu_peek_fetch(const mk_hart_t *h, uint64_t vaddr, uint64_t *paddr)
{
    if (!mk_mmu_uses_tlb(h, h->priv, h->v)) {
        *paddr = vaddr;
        return true;
    }
    const mk_tlb_entry_t *e = peek(&h->itlb, h->v, h->csr.satp, h->csr.vsatp, h->csr.hgatp,
                                   vaddr);
    if (!e)
        return false;
    *paddr = through_leaf(e->ppn, e->level, vaddr);
    return true;
}

bool mk_mmu_peek_data(const mk_hart_t *h, uint64_t vaddr, bool virt, uint64_t *paddr)
{
    const mk_tlb_entry_t *e = peek(&h->dtlb, virt, h->csr.satp, h->csr.vsatp, h->csr.hgatp,
                                   vaddr);
    if (!e)
        return false;
    *paddr = through_leaf(e->ppn, e->level, vaddr);
    return true;
}

/* --- The timing mode's fetch unit ---------------------------------------------------------- */

void mk_mmu_fetch_ctx(const mk_hart_t *h, mk_fetch_ctx_t *ctx)
{
    ctx->priv = h->priv;
    ctx->v = h->v;
    ctx->satp = h->csr.satp;
    ctx->vsatp = h->csr.vsatp;
    ctx->hgatp = h->csr.hgatp;
    ctx->translates = mk_mmu_uses_tlb(h, h->priv, h->v);
}

mk_xlate_t mk_mmu_fetch_lookup(mk_hart_t *h, const mk_fetch_ctx_t *ctx, uint64_t vaddr,
                               mk_mmu_walk_t *w)
{
    *w = (mk_mmu_walk_t){ 0 };
    if (!ctx->translates)
        return xlate_identity(vaddr);
    xctx_t c = { .acc = MK_ACC_FETCH, .priv = ctx->priv, .virt = ctx->v,
                 .satp = ctx->satp, .vsatp = ctx->vsatp, .hgatp = ctx->hgatp, .defer = w };
    /* SUM and MXR never apply to fetches (leaf_allows), so they are left false. */
    return ctx->v ? translate_guest(h, &c, vaddr) : translate_hs(h, &c, vaddr);
}

void mk_mmu_fetch_fill(mk_hart_t *h, const mk_tlb_entry_t *e)
{
    mk_tlb_fill(h, &h->itlb, e);
}

/* --- Fences -------------------------------------------------------------------------------- */

static void invalidate(mk_hart_t *h, const mk_tlb_scope_t *s)
{
    mk_tlb_invalidate(&h->itlb, s);
    mk_tlb_invalidate(&h->dtlb, s);
    mk_mem_fast_flush(h);
}

void mk_mmu_hfence_vvma(mk_hart_t *h, bool vaddr_valid, uint64_t vaddr, bool asid_valid,
                        uint16_t asid)
{
    /* As SFENCE.VMA in VS-mode: an rs1 that is not a valid virtual address has no effect.
     * The fence covers the VS-stage entries of every VMID, not only the current one (docs/isa.md
     * "Fences": more than the spec requires, so that the RTL compares no VMID in a fence). */
    if (vaddr_valid && !sv39_canonical(vaddr))
        return;
    mk_tlb_scope_t s = {
        .stages = 1u << MK_TLB_VS_G,
        .vpn_valid = vaddr_valid, .vpn = (vaddr >> PAGE_SHIFT) & MK_SV39_VPN_MASK,
        .asid_valid = asid_valid, .asid = asid,
    };
    invalidate(h, &s);
}

void mk_mmu_hfence_gvma(mk_hart_t *h, bool gpa_valid, uint64_t gpa, bool vmid_valid,
                        uint16_t vmid)
{
    /* Neither rs1 (a guest physical address) nor rs2 (a VMID) narrows the fence: it removes
     * every V = 1 entry, as the spec allows (docs/isa.md "Fences"; the RTL keeps no G-stage
     * leaf size per entry and compares no VMID in a fence). */
    (void)gpa_valid;
    (void)gpa;
    (void)vmid_valid;
    (void)vmid;
    mk_tlb_scope_t s = {
        .stages = (1u << MK_TLB_VS_G) | (1u << MK_TLB_G),
    };
    invalidate(h, &s);
}

void mk_mmu_sfence(mk_hart_t *h, bool vaddr_valid, uint64_t vaddr, bool asid_valid, uint16_t asid)
{
    if (h->v) {
        mk_mmu_hfence_vvma(h, vaddr_valid, vaddr, asid_valid, asid);
        return;
    }
    /* The spec: an rs1 that is not a valid virtual address makes SFENCE.VMA have no effect. */
    if (vaddr_valid && !sv39_canonical(vaddr))
        return;
    mk_tlb_scope_t s = {
        .stages = 1u << MK_TLB_HS,
        .vpn_valid = vaddr_valid, .vpn = (vaddr >> PAGE_SHIFT) & MK_SV39_VPN_MASK,
        .asid_valid = asid_valid, .asid = asid,
    };
    invalidate(h, &s);
}
