/*
 * Sv39 translation, the TLBs and SFENCE.VMA (cmodel/src/mmu.c, tlb.c; docs/isa.md, "Virtual memory and PMP").
 * Page tables are built in the model's DRAM and mk_mmu_translate is called directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "phys_fixture.h"

#include "mem.h"
#include "mmu.h"
#include "pmp.h"
#include "soc.h"
#include "tlb.h"

#define ROOT 0x80100000ULL      /* root table for ASID 1 */
#define ROOT2 0x80180000ULL     /* a second address space (ASID 2) */
#define TABLES 0x80200000ULL    /* further tables are allocated from here */
#define PA_1G 0x80000000ULL     /* aligned for every page size */
#define PAGE 0x1000ULL

#define V MK_PTE_V
#define R MK_PTE_R
#define W MK_PTE_W
#define X MK_PTE_X
#define U MK_PTE_U
#define G MK_PTE_G
#define A MK_PTE_A
#define D MK_PTE_D
#define RWXAD (V | R | W | X | A | D)

static const mk_access_t all_acc[] = { MK_ACC_FETCH, MK_ACC_LOAD, MK_ACC_STORE };
static const uint64_t page_fault[] = { MK_CAUSE_FETCH_PAGE_FAULT, MK_CAUSE_LOAD_PAGE_FAULT,
                                       MK_CAUSE_STORE_PAGE_FAULT };
static const uint64_t access_fault[] = { MK_CAUSE_FETCH_ACCESS, MK_CAUSE_LOAD_ACCESS,
                                         MK_CAUSE_STORE_ACCESS };

typedef struct {
    mk_soc_t *soc;
    mk_hart_t *h;
    uint64_t next_table;
} fx_t;

static uint64_t vpn_at(uint64_t va, unsigned level) { return (va >> (12 + 9 * level)) & 0x1FF; }

static void set_satp(fx_t *f, uint64_t root, uint16_t asid)
{
    f->h->csr.satp = (MK_SATP_MODE_SV39 << MK_SATP_MODE_SHIFT) |
                     ((uint64_t)asid << MK_SATP_ASID_SHIFT) | (root >> 12);
}

/* Address of the PTE that maps va at `level` in the tree at root, creating pointer PTEs (and
 * their tables) above it as needed. */
static uint64_t slot_in(fx_t *f, uint64_t root, uint64_t va, unsigned level)
{
    uint64_t table = root;
    for (unsigned l = 2; l > level; l--) {
        uint64_t addr = table + vpn_at(va, l) * 8;
        uint64_t pte = phys_rd64(f->soc, addr);
        if (pte & V) {
            table = ((pte >> 10) & MK_PTE_PPN_MASK) << 12;
        } else {
            table = f->next_table;
            f->next_table += PAGE;
            phys_zero_page(f->soc, table);
            phys_wr64(f->soc, addr, ptr_pte(table));
        }
    }
    return table + vpn_at(va, level) * 8;
}

static uint64_t slot(fx_t *f, uint64_t va, unsigned level) { return slot_in(f, ROOT, va, level); }

static void map_in(fx_t *f, uint64_t root, uint64_t va, uint64_t pa, unsigned level,
                   uint64_t flags)
{
    phys_wr64(f->soc, slot_in(f, root, va, level), leaf_pte(pa, flags));
}

static void map(fx_t *f, uint64_t va, uint64_t pa, unsigned level, uint64_t flags)
{
    map_in(f, ROOT, va, pa, level, flags);
}

static void sfence_all(fx_t *f) { mk_mmu_sfence(f->h, false, 0, false, 0); }

/* True if the DTLB (or ITLB) holds a valid entry for va tagged with asid. */
static bool tlb_has(const mk_tlb_t *t, uint64_t va, uint16_t asid)
{
    uint64_t vpn = (va >> 12) & MK_SV39_VPN_MASK;
    for (unsigned i = 0; i < t->entries; i++) {
        const mk_tlb_entry_t *e = &t->e[i];
        uint64_t mask = (1ULL << (9 * e->level)) - 1;
        if (e->valid && e->asid == asid && (vpn & ~mask) == e->vpn)
            return true;
    }
    return false;
}

#define EXPECT_PA(f, va, acc, pa)                                           \
    do {                                                                    \
        mk_xlate_t x_ = mk_mmu_translate((f)->h, (va), (acc));              \
        assert_true(x_.ok);                                                 \
        assert_int_equal(x_.paddr, (pa));                                   \
    } while (0)

#define EXPECT_FAULT(f, va, acc, want)                                      \
    do {                                                                    \
        mk_xlate_t x_ = mk_mmu_translate((f)->h, (va), (acc));              \
        assert_false(x_.ok);                                                \
        assert_int_equal(x_.cause, (want));                                 \
    } while (0)

static int setup(void **state)
{
    fx_t *f = calloc(1, sizeof *f);
    assert_non_null(f);
    mk_config_t cfg;
    mk_config_default(&cfg);
    char err[256];
    f->soc = mk_soc_new(&cfg, err, sizeof err);
    assert_non_null(f->soc);
    f->h = &f->soc->hart;
    f->next_table = TABLES;
    phys_zero_page(f->soc, ROOT);
    phys_zero_page(f->soc, ROOT2);
    /* PMP entry 15: NAPOT over all of memory, RWX, so S-mode walks and accesses pass. */
    mk_pmp_write_addr(f->h, 15, ~0ULL);
    mk_pmp_write_cfg(f->h, 2, (uint64_t)((MK_PMP_A_NAPOT << MK_PMP_A_SHIFT) | MK_PMP_R |
                                         MK_PMP_W | MK_PMP_X) << 56);
    f->h->priv = MK_PRIV_S;
    f->h->csr.mstatus &= ~(MK_MSTATUS_MPRV | MK_MSTATUS_SUM | MK_MSTATUS_MXR);
    set_satp(f, ROOT, 1);
    memset(&f->h->stats, 0, sizeof f->h->stats);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx_t *f = *state;
    mk_soc_free(f->soc);
    free(f);
    return 0;
}

/* ---- page sizes ---- */

static void test_page_sizes(void **state)
{
    fx_t *f = *state;
    map(f, 0x40201000, 0x80300000, 0, RWXAD);
    map(f, 0x40400000, 0x80400000, 1, RWXAD);
    map(f, 0x80000000, PA_1G, 2, RWXAD);
    for (unsigned i = 0; i < 3; i++) {
        mk_xlate_t x = mk_mmu_translate(f->h, 0x40201abc, all_acc[i]);
        assert_true(x.ok);
        assert_int_equal(x.paddr, 0x80300abc);
        assert_int_equal(x.level, 0);
        assert_true(x.cacheable);
        x = mk_mmu_translate(f->h, 0x40412345, all_acc[i]);
        assert_true(x.ok);
        assert_int_equal(x.paddr, 0x80412345);
        assert_int_equal(x.level, 1);
        x = mk_mmu_translate(f->h, 0xBFFFFFF8, all_acc[i]);
        assert_true(x.ok);
        assert_int_equal(x.paddr, 0xBFFFFFF8);
        assert_int_equal(x.level, 2);
    }
    /* A neighbouring 4 KiB page in the same L0 table is not mapped. */
    EXPECT_FAULT(f, 0x40202000, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT);
}

static void test_canonical(void **state)
{
    fx_t *f = *state;
    map(f, 0xFFFFFFFFC0000000ULL, PA_1G, 2, RWXAD);
    EXPECT_PA(f, 0xFFFFFFFFC0001234ULL, MK_ACC_LOAD, PA_1G + 0x1234);
    map(f, 0x0000000040000000ULL, PA_1G, 2, RWXAD);
    uint64_t misses = f->h->stats.dtlb_misses + f->h->stats.itlb_misses;
    static const uint64_t bad[] = { 1ULL << 38, 0xFFFFFF8000000000ULL, 0x8000000040000000ULL,
                                    0x0000008040000000ULL };
    for (unsigned b = 0; b < 4; b++)
        for (unsigned i = 0; i < 3; i++)
            EXPECT_FAULT(f, bad[b], all_acc[i], page_fault[i]);
    /* The canonical check comes before the TLB: nothing is looked up. */
    assert_int_equal(f->h->stats.dtlb_misses + f->h->stats.itlb_misses, misses);
}

/* ---- faults found by the walk ---- */

/*
 * Maps va with a leaf at leaf_level, checks every access type translates, then rewrites the
 * PTE at target_level as (pte & ~clear) | set and checks every access type page-faults and
 * that nothing was cached.
 */
static void corrupt(fx_t *f, uint64_t va, unsigned leaf_level, unsigned target_level,
                    uint64_t set, uint64_t clear)
{
    map(f, va, PA_1G, leaf_level, RWXAD);
    sfence_all(f);
    for (unsigned i = 0; i < 3; i++)
        assert_true(mk_mmu_translate(f->h, va, all_acc[i]).ok);
    uint64_t addr = slot(f, va, target_level);
    phys_wr64(f->soc, addr, (phys_rd64(f->soc, addr) & ~clear) | set);
    sfence_all(f);
    for (unsigned i = 0; i < 3; i++)
        EXPECT_FAULT(f, va, all_acc[i], page_fault[i]);
    assert_false(tlb_has(&f->h->dtlb, va, 1));
    assert_false(tlb_has(&f->h->itlb, va, 1));
    /* Restore, so the caller can reuse the tables. */
    phys_wr64(f->soc, addr, (phys_rd64(f->soc, addr) & ~set) | clear);
    sfence_all(f);
}

static void test_leaf_faults_every_level(void **state)
{
    fx_t *f = *state;
    for (unsigned level = 0; level < 3; level++) {
        uint64_t va = (uint64_t)(level + 1) << 30;
        corrupt(f, va, level, level, 0, V);                 /* invalid */
        corrupt(f, va, level, level, 0, R | X);             /* W without R */
        corrupt(f, va, level, level, 0, R);                 /* W+X without R */
        corrupt(f, va, level, level, 1ULL << 54, 0);        /* reserved */
        corrupt(f, va, level, level, 1ULL << 60, 0);        /* reserved */
        corrupt(f, va, level, level, 1ULL << 61, 0);        /* PBMT (no Svpbmt) */
        corrupt(f, va, level, level, 1ULL << 62, 0);        /* PBMT */
        corrupt(f, va, level, level, 1ULL << 63, 0);        /* N (no Svnapot) */
        if (level > 0) {
            corrupt(f, va, level, level, 1ULL << 10, 0);    /* misaligned superpage */
            corrupt(f, va, level, level, 1ULL << (10 + 9 * level - 1), 0);
        }
    }
}

static void test_pointer_faults_every_level(void **state)
{
    fx_t *f = *state;
    for (unsigned level = 1; level < 3; level++) {
        uint64_t va = 0x40201000ULL + (level << 21);
        corrupt(f, va, 0, level, 0, V);                     /* invalid pointer */
        corrupt(f, va, 0, level, W, 0);                     /* W without R */
        corrupt(f, va, 0, level, 1ULL << 54, 0);            /* reserved */
        corrupt(f, va, 0, level, 1ULL << 61, 0);
        corrupt(f, va, 0, level, 1ULL << 63, 0);
        corrupt(f, va, 0, level, A, 0);                     /* A/D/U reserved in pointers */
        corrupt(f, va, 0, level, D, 0);
        corrupt(f, va, 0, level, U, 0);
    }
    /* A pointer at level 0 has nowhere to point. */
    corrupt(f, 0x40201000, 0, 0, 0, R | W | X | A | D);
}

static void test_rsw_ignored(void **state)
{
    fx_t *f = *state;
    map(f, 0x40201000, 0x80300000, 0, RWXAD | (3u << 8));
    phys_wr64(f->soc, slot(f, 0x40201000, 1), phys_rd64(f->soc, slot(f, 0x40201000, 1)) | (3u << 8));
    EXPECT_PA(f, 0x40201008, MK_ACC_STORE, 0x80300008);
}

static void test_access_fault_pmp_denied_pte(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x40201000;
    map(f, va, 0x80300000, 0, RWXAD);
    uint64_t l1 = slot(f, va, 1) & ~(PAGE - 1);
    /* Entry 0: NAPOT 4 KiB over the level-1 table, no permissions. */
    mk_pmp_write_addr(f->h, 0, (l1 >> 2) | 0x1FF);
    mk_pmp_write_cfg(f->h, 0, MK_PMP_A_NAPOT << MK_PMP_A_SHIFT);
    uint64_t accesses = f->h->stats.page_walk_accesses;
    for (unsigned i = 0; i < 3; i++)
        EXPECT_FAULT(f, va, all_acc[i], access_fault[i]);
    /* Only the root PTE was read; the denied one was not. */
    assert_int_equal(f->h->stats.page_walk_accesses - accesses, 3);
    assert_int_equal(f->h->stats.page_walks, 3);
    /* The walk is an S-mode access even when the access is from U-mode with MPRV. */
    f->h->priv = MK_PRIV_M;
    f->h->csr.mstatus = (f->h->csr.mstatus & ~MK_MSTATUS_MPP) | MK_MSTATUS_MPRV |
                        ((uint64_t)MK_PRIV_U << MK_MSTATUS_MPP_SHIFT);
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_ACCESS);
    /* Allowing the table page makes the same walk succeed. */
    f->h->priv = MK_PRIV_S;
    f->h->csr.mstatus &= ~MK_MSTATUS_MPRV;
    mk_pmp_write_cfg(f->h, 0, (MK_PMP_A_NAPOT << MK_PMP_A_SHIFT) | MK_PMP_R);
    EXPECT_PA(f, va, MK_ACC_LOAD, 0x80300000);
}

static void test_access_fault_no_device(void **state)
{
    fx_t *f = *state;
    /* Root table where nothing answers on the bus. */
    set_satp(f, 0x40000000, 1);
    for (unsigned i = 0; i < 3; i++)
        EXPECT_FAULT(f, 0x1000, all_acc[i], access_fault[i]);
    /* A level-2 pointer to a hole. */
    set_satp(f, ROOT, 1);
    phys_wr64(f->soc, ROOT + 8 * 3, ptr_pte(0x50000000));
    for (unsigned i = 0; i < 3; i++)
        EXPECT_FAULT(f, 3ULL << 30, all_acc[i], access_fault[i]);
}

/* Page tables are main memory (docs/isa.md step 3.1): a PTE address outside DRAM is an access
 * fault with no bus access, even where a device would answer, and it is not counted as an
 * access of the walk. */
static void test_access_fault_pte_outside_dram(void **state)
{
    fx_t *f = *state;
    uint64_t accesses = f->h->stats.page_walk_accesses;
    /* The root in the boot ROM, which answers reads. */
    set_satp(f, MK_BOOTROM_BASE, 1);
    for (unsigned i = 0; i < 3; i++)
        EXPECT_FAULT(f, 0x1000, all_acc[i], access_fault[i]);
    assert_int_equal(f->h->stats.page_walk_accesses - accesses, 0);
    /* A level-2 pointer into the CLINT: one access (the root PTE), then the fault. */
    set_satp(f, ROOT, 1);
    phys_wr64(f->soc, ROOT + 8 * 3, ptr_pte(0x2000000));
    accesses = f->h->stats.page_walk_accesses;
    EXPECT_FAULT(f, 3ULL << 30, MK_ACC_LOAD, MK_CAUSE_LOAD_ACCESS);
    assert_int_equal(f->h->stats.page_walk_accesses - accesses, 1);
}

/* ---- permissions ---- */

static void test_user_supervisor(void **state)
{
    fx_t *f = *state;
    uint64_t upage = 0x10000000, spage = 0x10001000;
    map(f, upage, 0x80300000, 0, RWXAD | U);
    map(f, spage, 0x80301000, 0, RWXAD);

    f->h->priv = MK_PRIV_U;
    for (unsigned i = 0; i < 3; i++) {
        EXPECT_PA(f, upage, all_acc[i], 0x80300000);
        EXPECT_FAULT(f, spage, all_acc[i], page_fault[i]);
    }
    f->h->priv = MK_PRIV_S;
    for (unsigned i = 0; i < 3; i++) {
        EXPECT_PA(f, spage, all_acc[i], 0x80301000);
        EXPECT_FAULT(f, upage, all_acc[i], page_fault[i]);
    }
    /* SUM opens user pages to S-mode loads and stores, never to fetch; it is checked on
     * TLB hits too, without SFENCE.VMA. */
    f->h->csr.mstatus |= MK_MSTATUS_SUM;
    EXPECT_PA(f, upage, MK_ACC_LOAD, 0x80300000);
    EXPECT_PA(f, upage, MK_ACC_STORE, 0x80300000);
    EXPECT_FAULT(f, upage, MK_ACC_FETCH, MK_CAUSE_FETCH_PAGE_FAULT);
    /* SUM has no effect in U-mode. */
    f->h->priv = MK_PRIV_U;
    EXPECT_FAULT(f, spage, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT);
    f->h->priv = MK_PRIV_S;
    f->h->csr.mstatus &= ~MK_MSTATUS_SUM;
    EXPECT_FAULT(f, upage, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT);
}

static void test_rwx_and_mxr(void **state)
{
    fx_t *f = *state;
    uint64_t xonly = 0x10000000, ronly = 0x10001000, rx = 0x10002000;
    map(f, xonly, 0x80300000, 0, V | X | A | D);
    map(f, ronly, 0x80301000, 0, V | R | A | D);
    map(f, rx, 0x80302000, 0, V | R | X | A | D);

    EXPECT_PA(f, xonly, MK_ACC_FETCH, 0x80300000);
    EXPECT_FAULT(f, xonly, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT);
    EXPECT_FAULT(f, xonly, MK_ACC_STORE, MK_CAUSE_STORE_PAGE_FAULT);
    EXPECT_PA(f, ronly, MK_ACC_LOAD, 0x80301000);
    EXPECT_FAULT(f, ronly, MK_ACC_FETCH, MK_CAUSE_FETCH_PAGE_FAULT);
    EXPECT_FAULT(f, ronly, MK_ACC_STORE, MK_CAUSE_STORE_PAGE_FAULT);
    EXPECT_PA(f, rx, MK_ACC_FETCH, 0x80302000);
    EXPECT_PA(f, rx, MK_ACC_LOAD, 0x80302000);
    EXPECT_FAULT(f, rx, MK_ACC_STORE, MK_CAUSE_STORE_PAGE_FAULT);

    /* MXR makes executable pages readable (the X-only entry is already cached). */
    f->h->csr.mstatus |= MK_MSTATUS_MXR;
    EXPECT_PA(f, xonly, MK_ACC_LOAD, 0x80300000);
    EXPECT_FAULT(f, xonly, MK_ACC_STORE, MK_CAUSE_STORE_PAGE_FAULT);
    f->h->priv = MK_PRIV_U;
    EXPECT_FAULT(f, xonly, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT);   /* still not a U page */
}

static void test_accessed_bit(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000;
    map(f, va, 0x80300000, 0, V | R | W | X | D);
    for (unsigned i = 0; i < 3; i++)
        EXPECT_FAULT(f, va, all_acc[i], page_fault[i]);
    /* A=0 leaves are not cached, so setting A works without SFENCE.VMA. */
    assert_false(tlb_has(&f->h->dtlb, va, 1));
    phys_wr64(f->soc, slot(f, va, 0), leaf_pte(0x80300000, RWXAD));
    EXPECT_PA(f, va, MK_ACC_LOAD, 0x80300000);
}

static void test_dirty_bit(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000;
    map(f, va, 0x80300000, 0, V | R | W | A);
    EXPECT_FAULT(f, va, MK_ACC_STORE, MK_CAUSE_STORE_PAGE_FAULT);
    EXPECT_PA(f, va, MK_ACC_LOAD, 0x80300000);
    /* The D=0 leaf is cached: setting D takes effect only after SFENCE.VMA. */
    assert_true(tlb_has(&f->h->dtlb, va, 1));
    phys_wr64(f->soc, slot(f, va, 0), leaf_pte(0x80300000, V | R | W | A | D));
    EXPECT_FAULT(f, va, MK_ACC_STORE, MK_CAUSE_STORE_PAGE_FAULT);
    mk_mmu_sfence(f->h, true, va, false, 0);
    EXPECT_PA(f, va, MK_ACC_STORE, 0x80300000);
}

/* ---- privilege: M-mode, MPRV, Bare ---- */

static void test_m_mode_bypass(void **state)
{
    fx_t *f = *state;
    f->h->priv = MK_PRIV_M;
    for (unsigned i = 0; i < 3; i++) {
        EXPECT_PA(f, 0x40201000, all_acc[i], 0x40201000);
        EXPECT_PA(f, 0xFFFF000000000000ULL, all_acc[i], 0xFFFF000000000000ULL);
    }
    assert_int_equal(f->h->stats.dtlb_misses + f->h->stats.itlb_misses, 0);
    assert_int_equal(f->h->stats.page_walks, 0);
}

static void test_bare_mode(void **state)
{
    fx_t *f = *state;
    f->h->csr.satp = 0;
    f->h->priv = MK_PRIV_U;
    for (unsigned i = 0; i < 3; i++)
        EXPECT_PA(f, 0x80001000, all_acc[i], 0x80001000);
    assert_int_equal(f->h->stats.dtlb_misses + f->h->stats.itlb_misses, 0);
}

static void test_mprv(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000;
    map(f, va, 0x80300000, 0, RWXAD);
    f->h->priv = MK_PRIV_M;
    uint64_t ms = f->h->csr.mstatus & ~MK_MSTATUS_MPP;

    f->h->csr.mstatus = ms | MK_MSTATUS_MPRV | ((uint64_t)MK_PRIV_S << MK_MSTATUS_MPP_SHIFT);
    assert_int_equal(mk_mmu_effective_priv(f->h, MK_ACC_LOAD), MK_PRIV_S);
    assert_int_equal(mk_mmu_effective_priv(f->h, MK_ACC_FETCH), MK_PRIV_M);
    EXPECT_PA(f, va, MK_ACC_LOAD, 0x80300000);
    EXPECT_PA(f, va, MK_ACC_STORE, 0x80300000);
    EXPECT_PA(f, va, MK_ACC_FETCH, va);        /* fetch ignores MPRV */

    /* MPP=U: the page is not a user page. */
    f->h->csr.mstatus = ms | MK_MSTATUS_MPRV | ((uint64_t)MK_PRIV_U << MK_MSTATUS_MPP_SHIFT);
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT);
    EXPECT_FAULT(f, va, MK_ACC_STORE, MK_CAUSE_STORE_PAGE_FAULT);

    /* MPP=M: no translation. */
    f->h->csr.mstatus = ms | MK_MSTATUS_MPRV | ((uint64_t)MK_PRIV_M << MK_MSTATUS_MPP_SHIFT);
    EXPECT_PA(f, va, MK_ACC_LOAD, va);

    /* MPRV clear: M-mode's own privilege. */
    f->h->csr.mstatus = ms | ((uint64_t)MK_PRIV_S << MK_MSTATUS_MPP_SHIFT);
    assert_int_equal(mk_mmu_effective_priv(f->h, MK_ACC_STORE), MK_PRIV_M);
    EXPECT_PA(f, va, MK_ACC_LOAD, va);
}

/* ---- TLB behaviour ---- */

static void test_hit_and_miss_counts(void **state)
{
    fx_t *f = *state;
    map(f, 0x10000000, 0x80300000, 0, RWXAD);
    map(f, 0x80000000, PA_1G, 2, RWXAD);
    mk_stats_t *s = &f->h->stats;

    EXPECT_PA(f, 0x10000010, MK_ACC_LOAD, 0x80300010);
    assert_int_equal(s->dtlb_misses, 1);
    assert_int_equal(s->dtlb_hits, 0);
    assert_int_equal(s->page_walks, 1);
    assert_int_equal(s->page_walk_accesses, 3);
    EXPECT_PA(f, 0x10000ff8, MK_ACC_STORE, 0x80300ff8);
    assert_int_equal(s->dtlb_misses, 1);
    assert_int_equal(s->dtlb_hits, 1);
    assert_int_equal(s->page_walks, 1);

    /* Fetch uses the separate ITLB. */
    EXPECT_PA(f, 0x10000000, MK_ACC_FETCH, 0x80300000);
    EXPECT_PA(f, 0x10000002, MK_ACC_FETCH, 0x80300002);
    assert_int_equal(s->itlb_misses, 1);
    assert_int_equal(s->itlb_hits, 1);
    assert_int_equal(s->dtlb_hits, 1);

    /* A gigapage walk reads one PTE; any address in it then hits. */
    EXPECT_PA(f, 0x80000000, MK_ACC_LOAD, PA_1G);
    assert_int_equal(s->page_walk_accesses, 3 + 3 + 1);
    EXPECT_PA(f, 0xBFFFF000, MK_ACC_LOAD, 0xBFFFF000);
    assert_int_equal(s->dtlb_hits, 2);
    assert_int_equal(s->dtlb_misses, 2);

    /* A hit that fails the permission check still counts as a hit. */
    f->h->priv = MK_PRIV_U;
    EXPECT_FAULT(f, 0x10000000, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT);
    assert_int_equal(s->dtlb_hits, 3);
    assert_int_equal(s->page_walks, 3);
}

static void test_stale_entry_until_sfence(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000;
    map(f, va, 0x80300000, 0, RWXAD);
    EXPECT_PA(f, va + 4, MK_ACC_LOAD, 0x80300004);
    EXPECT_PA(f, va + 4, MK_ACC_FETCH, 0x80300004);
    /* Remap and even invalidate the PTE: the cached translation stays in use. */
    phys_wr64(f->soc, slot(f, va, 0), leaf_pte(0x80301000, RWXAD));
    EXPECT_PA(f, va + 4, MK_ACC_LOAD, 0x80300004);
    phys_wr64(f->soc, slot(f, va, 0), 0);
    EXPECT_PA(f, va + 4, MK_ACC_LOAD, 0x80300004);
    EXPECT_PA(f, va + 4, MK_ACC_FETCH, 0x80300004);
    /* An SFENCE.VMA for another page does not help. */
    mk_mmu_sfence(f->h, true, va + PAGE, false, 0);
    EXPECT_PA(f, va + 4, MK_ACC_LOAD, 0x80300004);
    /* Nor does a non-canonical address: the spec says such an SFENCE.VMA has no effect. */
    mk_mmu_sfence(f->h, true, va | (1ULL << 40), false, 0);
    EXPECT_PA(f, va + 4, MK_ACC_LOAD, 0x80300004);
    phys_wr64(f->soc, slot(f, va, 0), leaf_pte(0x80301000, RWXAD));
    mk_mmu_sfence(f->h, true, va + 0xff0, false, 0);
    EXPECT_PA(f, va + 4, MK_ACC_LOAD, 0x80301004);
    EXPECT_PA(f, va + 4, MK_ACC_FETCH, 0x80301004);   /* the ITLB was fenced too */
}

/*
 * Entries after populate(): ASID 1: VA1, VA2, VA3 (VA3 global); ASID 2: VA1, VA2; plus a
 * 2 MiB page SP under ASID 1. All in the DTLB; VA1 also in the ITLB for ASID 1.
 */
#define VA1 0x10000000ULL
#define VA2 0x10001000ULL
#define VA3 0x10002000ULL
#define SP 0x20000000ULL

static void populate(fx_t *f)
{
    map(f, VA1, 0x80300000, 0, RWXAD);
    map(f, VA2, 0x80301000, 0, RWXAD);
    map(f, VA3, 0x80302000, 0, RWXAD | G);
    map(f, SP, 0x80400000, 1, RWXAD);
    set_satp(f, ROOT, 1);
    EXPECT_PA(f, VA1, MK_ACC_LOAD, 0x80300000);
    EXPECT_PA(f, VA1, MK_ACC_FETCH, 0x80300000);
    EXPECT_PA(f, VA2, MK_ACC_LOAD, 0x80301000);
    EXPECT_PA(f, VA3, MK_ACC_LOAD, 0x80302000);
    EXPECT_PA(f, SP, MK_ACC_LOAD, 0x80400000);
    set_satp(f, ROOT, 2);
    EXPECT_PA(f, VA1, MK_ACC_LOAD, 0x80300000);
    EXPECT_PA(f, VA2, MK_ACC_LOAD, 0x80301000);
    set_satp(f, ROOT, 1);
    mk_tlb_t *d = &f->h->dtlb;
    assert_true(tlb_has(d, VA1, 1) && tlb_has(d, VA2, 1) && tlb_has(d, VA3, 1));
    assert_true(tlb_has(d, VA1, 2) && tlb_has(d, VA2, 2) && tlb_has(d, SP, 1));
    assert_true(tlb_has(&f->h->itlb, VA1, 1));
    f->h->fast_load[3].tag = 3;     /* any live fast-path entry must be dropped by a fence */
}

static void check_fast_flushed(fx_t *f)
{
    assert_int_equal(f->h->fast_load[3].tag, MK_FAST_INVALID);
}

static void test_sfence_all(void **state)
{
    fx_t *f = *state;
    populate(f);
    sfence_all(f);
    mk_tlb_t *d = &f->h->dtlb;
    assert_false(tlb_has(d, VA1, 1) || tlb_has(d, VA2, 1) || tlb_has(d, VA3, 1));
    assert_false(tlb_has(d, VA1, 2) || tlb_has(d, VA2, 2) || tlb_has(d, SP, 1));
    assert_false(tlb_has(&f->h->itlb, VA1, 1));
    check_fast_flushed(f);
}

static void test_sfence_asid(void **state)
{
    fx_t *f = *state;
    populate(f);
    mk_tlb_t *d = &f->h->dtlb;
    mk_mmu_sfence(f->h, false, 0, true, 2);
    assert_false(tlb_has(d, VA1, 2) || tlb_has(d, VA2, 2));
    assert_true(tlb_has(d, VA1, 1) && tlb_has(d, VA2, 1) && tlb_has(d, VA3, 1));
    check_fast_flushed(f);
    /* ASID 1: its non-global entries go, in both TLBs; the global entry (tagged 1) stays. */
    mk_mmu_sfence(f->h, false, 0, true, 1);
    assert_false(tlb_has(d, VA1, 1) || tlb_has(d, VA2, 1) || tlb_has(d, SP, 1));
    assert_false(tlb_has(&f->h->itlb, VA1, 1));
    assert_true(tlb_has(d, VA3, 1));
}

static void test_sfence_vaddr(void **state)
{
    fx_t *f = *state;
    populate(f);
    mk_tlb_t *d = &f->h->dtlb;
    mk_mmu_sfence(f->h, true, VA1 + 0x123, false, 0);
    assert_false(tlb_has(d, VA1, 1) || tlb_has(d, VA1, 2));
    assert_false(tlb_has(&f->h->itlb, VA1, 1));
    assert_true(tlb_has(d, VA2, 1) && tlb_has(d, VA2, 2) && tlb_has(d, VA3, 1));
    check_fast_flushed(f);
    /* Any ASID, global included. */
    mk_mmu_sfence(f->h, true, VA3, false, 0);
    assert_false(tlb_has(d, VA3, 1));
    /* An address anywhere inside a superpage removes it. */
    mk_mmu_sfence(f->h, true, SP + 0x1FF000, false, 0);
    assert_false(tlb_has(d, SP, 1));
    assert_true(tlb_has(d, VA2, 1));
}

static void test_sfence_vaddr_asid(void **state)
{
    fx_t *f = *state;
    populate(f);
    mk_tlb_t *d = &f->h->dtlb;
    mk_mmu_sfence(f->h, true, VA1, true, 1);
    assert_false(tlb_has(d, VA1, 1));
    assert_true(tlb_has(d, VA1, 2) && tlb_has(d, VA2, 1));
    check_fast_flushed(f);
    /* Global entries are excluded even when the ASID and address match. */
    mk_mmu_sfence(f->h, true, VA3, true, 1);
    assert_true(tlb_has(d, VA3, 1));
    mk_mmu_sfence(f->h, true, VA2, true, 3);
    assert_true(tlb_has(d, VA2, 1) && tlb_has(d, VA2, 2));
}

static void test_asid_separation(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000;
    map_in(f, ROOT, va, 0x80300000, 0, RWXAD);
    map_in(f, ROOT2, va, 0x80310000, 0, RWXAD);
    set_satp(f, ROOT, 1);
    EXPECT_PA(f, va, MK_ACC_LOAD, 0x80300000);
    set_satp(f, ROOT2, 2);
    EXPECT_PA(f, va, MK_ACC_LOAD, 0x80310000);
    assert_int_equal(f->h->stats.dtlb_misses, 2);
    /* Back to ASID 1 without a fence: its entry is still there. */
    set_satp(f, ROOT, 1);
    EXPECT_PA(f, va, MK_ACC_LOAD, 0x80300000);
    set_satp(f, ROOT2, 2);
    EXPECT_PA(f, va, MK_ACC_LOAD, 0x80310000);
    assert_int_equal(f->h->stats.dtlb_misses, 2);
    assert_int_equal(f->h->stats.dtlb_hits, 2);
    /* The full 16-bit ASID is compared. */
    set_satp(f, ROOT2, 0x8002);
    EXPECT_FAULT(f, 0x10001000, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT);
    uint64_t misses = f->h->stats.dtlb_misses;
    EXPECT_PA(f, va, MK_ACC_LOAD, 0x80310000);
    assert_int_equal(f->h->stats.dtlb_misses, misses + 1);
}

static void test_global_entries(void **state)
{
    fx_t *f = *state;
    uint64_t gva = 0x10000000, pva = 0x40000000;
    map_in(f, ROOT, gva, 0x80300000, 0, RWXAD | G);
    /* G on a pointer makes every leaf below it global. */
    uint64_t s = slot_in(f, ROOT, pva, 0);
    phys_wr64(f->soc, s, leaf_pte(0x80320000, RWXAD));
    phys_wr64(f->soc, ROOT + 8 * vpn_at(pva, 2), phys_rd64(f->soc, ROOT + 8 * vpn_at(pva, 2)) | G);
    set_satp(f, ROOT, 1);
    EXPECT_PA(f, gva, MK_ACC_LOAD, 0x80300000);
    EXPECT_PA(f, pva, MK_ACC_LOAD, 0x80320000);
    /* ROOT2 maps neither address, but the global entries hit under ASID 2. */
    set_satp(f, ROOT2, 2);
    uint64_t misses = f->h->stats.dtlb_misses;
    EXPECT_PA(f, gva, MK_ACC_LOAD, 0x80300000);
    EXPECT_PA(f, pva, MK_ACC_LOAD, 0x80320000);
    assert_int_equal(f->h->stats.dtlb_misses, misses);
    /* Non-global mappings of ROOT do not leak into ASID 2. */
    map_in(f, ROOT, 0x10001000, 0x80330000, 0, RWXAD);
    set_satp(f, ROOT, 1);
    EXPECT_PA(f, 0x10001000, MK_ACC_LOAD, 0x80330000);
    set_satp(f, ROOT2, 2);
    EXPECT_FAULT(f, 0x10001000, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT);
}

static void test_round_robin(void **state)
{
    fx_t *f = *state;
    mk_tlb_t *d = &f->h->dtlb;
    assert_int_equal(d->entries, MK_DTLB_ENTRIES_DEFAULT);
    assert_int_equal(f->h->itlb.entries, MK_ITLB_ENTRIES_DEFAULT);
    unsigned n = d->entries;
    for (unsigned i = 0; i <= n; i++)
        map(f, 0x10000000 + i * PAGE, 0x80300000 + i * PAGE, 0, RWXAD);
    for (unsigned i = 0; i < n; i++)
        EXPECT_PA(f, 0x10000000 + i * PAGE, MK_ACC_LOAD, 0x80300000 + i * PAGE);
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(d->e[i].vpn, (0x10000000 >> 12) + i);
    /* Replacing a valid entry flushes the fast path, which may hold pages it translated. */
    f->h->fast_load[3].tag = 3;
    EXPECT_PA(f, 0x10000000 + n * PAGE, MK_ACC_LOAD, 0x80300000 + n * PAGE);
    check_fast_flushed(f);
    assert_false(tlb_has(d, 0x10000000, 1));       /* slot 0 was replaced */
    assert_true(tlb_has(d, 0x10000000 + PAGE, 1));
    /* Touching page 1 does not protect it (not LRU): page 0 now replaces slot 1. */
    uint64_t misses = f->h->stats.dtlb_misses;
    EXPECT_PA(f, 0x10000000 + PAGE, MK_ACC_LOAD, 0x80300000 + PAGE);
    EXPECT_PA(f, 0x10000000, MK_ACC_LOAD, 0x80300000);
    assert_int_equal(f->h->stats.dtlb_misses, misses + 1);
    assert_false(tlb_has(d, 0x10000000 + PAGE, 1));
    assert_true(tlb_has(d, 0x10000000 + 2 * PAGE, 1));
    /* The pointer keeps going after an SFENCE.VMA: slot 2 is next. */
    sfence_all(f);
    EXPECT_PA(f, 0x10000000, MK_ACC_LOAD, 0x80300000);
    assert_true(d->e[2].valid);
    assert_false(d->e[0].valid);
}

static void test_tlb_size_config(void **state)
{
    fx_t *f = *state;
    mk_mmu_reset(f->h, 2, 3);
    assert_int_equal(f->h->itlb.entries, 2);
    assert_int_equal(f->h->dtlb.entries, 3);
    for (unsigned i = 0; i < 3; i++) {
        map(f, 0x10000000 + i * PAGE, 0x80300000 + i * PAGE, 0, RWXAD);
        EXPECT_PA(f, 0x10000000 + i * PAGE, MK_ACC_FETCH, 0x80300000 + i * PAGE);
    }
    assert_false(tlb_has(&f->h->itlb, 0x10000000, 1));
    assert_true(tlb_has(&f->h->itlb, 0x10002000, 1));
    mk_mmu_reset(f->h, 0, 1000);
    assert_int_equal(f->h->itlb.entries, 1);
    assert_int_equal(f->h->dtlb.entries, MK_TLB_ENTRIES_MAX);
    assert_false(tlb_has(&f->h->itlb, 0x10002000, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_page_sizes),
        T(test_canonical),
        T(test_leaf_faults_every_level),
        T(test_pointer_faults_every_level),
        T(test_rsw_ignored),
        T(test_access_fault_pmp_denied_pte),
        T(test_access_fault_no_device),
        T(test_access_fault_pte_outside_dram),
        T(test_user_supervisor),
        T(test_rwx_and_mxr),
        T(test_accessed_bit),
        T(test_dirty_bit),
        T(test_m_mode_bypass),
        T(test_bare_mode),
        T(test_mprv),
        T(test_hit_and_miss_counts),
        T(test_stale_entry_until_sfence),
        T(test_sfence_all),
        T(test_sfence_asid),
        T(test_sfence_vaddr),
        T(test_sfence_vaddr_asid),
        T(test_asid_separation),
        T(test_global_entries),
        T(test_round_robin),
        T(test_tlb_size_config),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
