/*
 * Two-stage address translation of the H extension (cmodel/src/mmu.c, tlb.c, mem.c;
 * docs/isa.md "H extension: two-stage translation"): the VS-stage walk whose PTE reads go through the G-stage, the G-stage
 * (Sv39x4), their faults, the combined TLB entries and the fences' scopes.
 *
 * Layout: the G-stage root (16 KiB) at GROOT, further G-stage tables from GTABLES. Every
 * VS-level table gets its own 1 GiB region of guest physical space (so a G-stage PTE on the
 * path to one VS table can be broken without touching the others) and lives in one 4 KiB
 * page from VS_SPA. Guest data is mapped explicitly by each test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "phys_fixture.h"

#include "decode.h"
#include "mem.h"
#include "mmu.h"
#include "pmp.h"
#include "soc.h"
#include "tlb.h"
#include "trap.h"

#define PAGE 0x1000ULL
#define MEG2 0x200000ULL
#define GIG 0x40000000ULL
#define GROOT 0x80100000ULL         /* 16 KiB aligned */
#define GTABLES 0x80200000ULL
#define VS_SPA 0x80400000ULL
#define VS_GPA 0x100000000ULL       /* VS table k at VS_GPA + k GiB */
#define HS_ROOT 0x80180000ULL
#define DATA_SPA 0x80800000ULL      /* 8 MiB: 2 MiB aligned */
#define DATA_GPA 0x1F000000000ULL   /* below 2^41; root index 0x7C0 needs all 11 bits */

#define V MK_PTE_V
#define R MK_PTE_R
#define W MK_PTE_W
#define X MK_PTE_X
#define U MK_PTE_U
#define G MK_PTE_G
#define A MK_PTE_A
#define D MK_PTE_D
#define VS_RWX (V | R | W | X | A | D)          /* a supervisor VS-stage leaf */
#define G_RWX (V | R | W | X | U | A | D)       /* a G-stage leaf (U = 1) */

static const mk_access_t all_acc[] = { MK_ACC_FETCH, MK_ACC_LOAD, MK_ACC_STORE };
static const uint64_t pf[] = { MK_CAUSE_FETCH_PAGE_FAULT, MK_CAUSE_LOAD_PAGE_FAULT,
                               MK_CAUSE_STORE_PAGE_FAULT };
static const uint64_t gpf[] = { MK_CAUSE_FETCH_GUEST_PAGE_FAULT, MK_CAUSE_LOAD_GUEST_PAGE_FAULT,
                                MK_CAUSE_STORE_GUEST_PAGE_FAULT };
static const uint64_t af[] = { MK_CAUSE_FETCH_ACCESS, MK_CAUSE_LOAD_ACCESS,
                               MK_CAUSE_STORE_ACCESS };

typedef struct {
    mk_soc_t *soc;
    mk_hart_t *h;
    uint64_t next_gtable;
    unsigned vs_tables;
    uint64_t vs_root;       /* GPA */
} fx_t;


/* ---- G-stage tables (physical) ---- */

static uint64_t g_index(uint64_t gpa, unsigned level)
{
    return level == 2 ? (gpa >> 30) & 0x7FF : (gpa >> (12 + 9 * level)) & 0x1FF;
}

/* Address of the G-stage PTE for gpa at `level`, creating pointers above it. */
static uint64_t gslot(fx_t *f, uint64_t gpa, unsigned level)
{
    uint64_t table = GROOT;
    for (unsigned l = 2; l > level; l--) {
        uint64_t slot = table + g_index(gpa, l) * 8, pte = phys_rd64(f->soc, slot);
        if (!(pte & V)) {
            uint64_t t = f->next_gtable;
            f->next_gtable += PAGE;
            phys_zero_page(f->soc, t);
            pte = ptr_pte(t);
            phys_wr64(f->soc, slot, pte);
        }
        table = (pte >> 10) << 12;
    }
    return table + g_index(gpa, level) * 8;
}

static void gmap(fx_t *f, uint64_t gpa, uint64_t spa, unsigned level, uint64_t flags)
{
    phys_wr64(f->soc, gslot(f, gpa, level), leaf_pte(spa, flags));
}

/* ---- VS-stage tables (guest physical) ---- */

static uint64_t vs_table_spa(uint64_t gpa)
{
    return VS_SPA + ((gpa - VS_GPA) >> 30) * PAGE + (gpa & (PAGE - 1));
}

static uint64_t vs_table_new(fx_t *f)
{
    uint64_t gpa = VS_GPA + (uint64_t)f->vs_tables++ * GIG;
    phys_zero_page(f->soc, vs_table_spa(gpa));
    gmap(f, gpa, vs_table_spa(gpa), 0, G_RWX);
    return gpa;
}

static uint64_t vs_index(uint64_t va, unsigned level) { return (va >> (12 + 9 * level)) & 0x1FF; }

/* GPA of the VS-stage PTE for va at `level`, creating pointers (and tables) above it. */
static uint64_t vsslot_in(fx_t *f, uint64_t root, uint64_t va, unsigned level)
{
    uint64_t table = root;
    for (unsigned l = 2; l > level; l--) {
        uint64_t slot = table + vs_index(va, l) * 8, pte = phys_rd64(f->soc, vs_table_spa(slot));
        if (!(pte & V)) {
            pte = ptr_pte(vs_table_new(f));
            phys_wr64(f->soc, vs_table_spa(slot), pte);
        }
        table = (pte >> 10) << 12;
    }
    return table + vs_index(va, level) * 8;
}

static uint64_t vsslot(fx_t *f, uint64_t va, unsigned level)
{
    return vsslot_in(f, f->vs_root, va, level);
}

static void vsmap(fx_t *f, uint64_t va, uint64_t gpa, unsigned level, uint64_t flags)
{
    phys_wr64(f->soc, vs_table_spa(vsslot(f, va, level)), leaf_pte(gpa, flags));
}

/* Both stages, 4 KiB pages: va -> gpa -> spa. */
static void map2(fx_t *f, uint64_t va, uint64_t gpa, uint64_t spa)
{
    vsmap(f, va, gpa, 0, VS_RWX);
    gmap(f, gpa, spa, 0, G_RWX);
}

static void set_hgatp(fx_t *f, uint16_t vmid)
{
    f->h->csr.hgatp = (MK_HGATP_MODE_SV39X4 << MK_SATP_MODE_SHIFT) |
                      ((uint64_t)vmid << MK_HGATP_VMID_SHIFT) | (GROOT >> 12);
}

static void set_vsatp_root(fx_t *f, uint64_t root_gpa, uint16_t asid)
{
    f->h->csr.vsatp = (MK_SATP_MODE_SV39 << MK_SATP_MODE_SHIFT) |
                      ((uint64_t)asid << MK_SATP_ASID_SHIFT) | (root_gpa >> 12);
}

static void set_vsatp(fx_t *f, uint16_t asid) { set_vsatp_root(f, f->vs_root, asid); }

static mk_xlate_t xl(fx_t *f, uint64_t va, mk_access_t acc)
{
    return mk_mmu_translate(f->h, va, acc);
}

#define EXPECT_PA(f, va, acc, pa)                                           \
    do {                                                                    \
        mk_xlate_t x_ = xl((f), (va), (acc));                               \
        assert_true(x_.ok);                                                 \
        assert_int_equal(x_.paddr, (pa));                                   \
    } while (0)

/* A fault of the access itself: no tval2 unless a guest-page fault, no tinst. */
#define EXPECT_FAULT(f, va, acc, want, want_tval2)                          \
    do {                                                                    \
        mk_xlate_t x_ = xl((f), (va), (acc));                               \
        assert_false(x_.ok);                                                \
        assert_int_equal(x_.cause, (want));                                 \
        assert_int_equal(x_.tval2, (want_tval2));                           \
        assert_int_equal(x_.tinst, 0);                                      \
        assert_false(x_.implicit);                                          \
    } while (0)

/* A guest-page fault on the implicit read of the VS-level PTE at pte_gpa. */
#define EXPECT_PTE_GPF(f, va, i, pte_gpa)                                   \
    do {                                                                    \
        mk_xlate_t x_ = xl((f), (va), all_acc[i]);                          \
        assert_false(x_.ok);                                                \
        assert_int_equal(x_.cause, gpf[i]);                                 \
        assert_int_equal(x_.tval2, (pte_gpa) >> 2);                         \
        assert_int_equal(x_.tinst, MK_TINST_PT_READ_64);                    \
        assert_true(x_.implicit);                                           \
    } while (0)

static const mk_tlb_entry_t *find_entry(const mk_tlb_t *t, unsigned stage, uint64_t va)
{
    uint64_t vpn = va >> 12;
    if (stage != MK_TLB_G)
        vpn &= MK_SV39_VPN_MASK;
    for (unsigned i = 0; i < t->entries; i++) {
        const mk_tlb_entry_t *e = &t->e[i];
        uint64_t mask = (1ULL << (9 * e->level)) - 1;
        if (e->valid && e->stage == stage && (vpn & ~mask) == e->vpn)
            return e;
    }
    return NULL;
}

static unsigned dtlb_valid(fx_t *f)
{
    unsigned n = 0;
    for (unsigned i = 0; i < f->h->dtlb.entries; i++)
        n += f->h->dtlb.e[i].valid;
    return n;
}

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
    f->next_gtable = GTABLES;
    for (unsigned i = 0; i < 4; i++)
        phys_zero_page(f->soc, GROOT + i * PAGE);
    phys_zero_page(f->soc, HS_ROOT);
    /* PMP entry 15: NAPOT over all of memory, RWX, so S-mode walks and accesses pass. */
    mk_pmp_write_addr(f->h, 15, ~0ULL);
    mk_pmp_write_cfg(f->h, 2, (uint64_t)((MK_PMP_A_NAPOT << MK_PMP_A_SHIFT) | MK_PMP_R |
                                         MK_PMP_W | MK_PMP_X) << 56);
    f->h->priv = MK_PRIV_S;
    f->h->v = true;
    f->h->csr.mstatus &= ~(MK_MSTATUS_MPRV | MK_MSTATUS_SUM | MK_MSTATUS_MXR | MK_MSTATUS_MPV);
    f->h->csr.vsstatus = 0;
    f->h->csr.satp = (MK_SATP_MODE_SV39 << MK_SATP_MODE_SHIFT) | (1ULL << MK_SATP_ASID_SHIFT) |
                     (HS_ROOT >> 12);
    f->vs_root = vs_table_new(f);
    set_hgatp(f, 1);
    set_vsatp(f, 1);
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

/* ---- translation and walk length ---- */

static void test_basic_two_stage(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x40201000;
    map2(f, va, DATA_GPA + 0x3000, DATA_SPA + 0x5000);
    for (unsigned i = 0; i < 3; i++)
        EXPECT_PA(f, va + 0x123, all_acc[i], DATA_SPA + 0x5123);
    /* Two misses (ITLB, DTLB), one DTLB hit; each walk: 3 VS PTEs x (3 G-stage + 1) + 3. */
    assert_int_equal(f->h->stats.itlb_misses, 1);
    assert_int_equal(f->h->stats.dtlb_misses, 1);
    assert_int_equal(f->h->stats.dtlb_hits, 1);
    assert_int_equal(f->h->stats.vwalks, 2);
    assert_int_equal(f->h->stats.vwalk_accesses, 30);
    assert_int_equal(f->h->stats.walk_len[15], 2);
    assert_int_equal(f->h->stats.page_walks, 2);
    const mk_tlb_entry_t *e = find_entry(&f->h->dtlb, MK_TLB_VS_G, va);
    assert_non_null(e);
    assert_int_equal(e->vmid, 1);
    assert_int_equal(e->asid, 1);
    assert_int_equal(e->level, 0);
    assert_int_equal(e->gppn, (DATA_GPA + 0x3000) >> 12);
    assert_int_equal(e->ppn, (DATA_SPA + 0x5000) >> 12);
    /* Sign-extended VAs work; non-canonical ones are VS-stage page faults. */
    map2(f, 0xFFFFFFFFC0000000ULL, DATA_GPA, DATA_SPA);
    EXPECT_PA(f, 0xFFFFFFFFC0000008ULL, MK_ACC_LOAD, DATA_SPA + 8);
    for (unsigned i = 0; i < 3; i++)
        EXPECT_FAULT(f, 0x0000004000000000ULL, all_acc[i], pf[i], 0);
}

static void test_superpages(void **state)
{
    fx_t *f = *state;
    /* VS 2 MiB over G 4 KiB: combined 4 KiB, each 4 KiB piece a separate entry. */
    vsmap(f, 0x00200000, DATA_GPA, 1, VS_RWX);
    gmap(f, DATA_GPA, DATA_SPA, 0, G_RWX);
    gmap(f, DATA_GPA + 0x5000, DATA_SPA + 0x9000, 0, G_RWX);
    EXPECT_PA(f, 0x00200010, MK_ACC_LOAD, DATA_SPA + 0x10);
    EXPECT_PA(f, 0x00205010, MK_ACC_LOAD, DATA_SPA + 0x9010);
    const mk_tlb_entry_t *e = find_entry(&f->h->dtlb, MK_TLB_VS_G, 0x00200000);
    assert_non_null(e);
    assert_int_equal(e->level, 0);
    assert_int_equal(e->vs_level, 1);
    assert_int_equal(e->g_level, 0);
    assert_int_equal(f->h->stats.dtlb_misses, 2);

    /* VS 4 KiB over G 2 MiB: combined 4 KiB. */
    vsmap(f, 0x10000000, DATA_GPA + 0x400000 + 0x7000, 0, VS_RWX);
    gmap(f, DATA_GPA + 0x400000, DATA_SPA + 0x400000, 1, G_RWX);
    EXPECT_PA(f, 0x10000abc, MK_ACC_STORE, DATA_SPA + 0x407abc);
    e = find_entry(&f->h->dtlb, MK_TLB_VS_G, 0x10000000);
    assert_non_null(e);
    assert_int_equal(e->level, 0);
    assert_int_equal(e->g_level, 1);

    /* VS 1 GiB over G 1 GiB: combined 1 GiB; VS 1 GiB over G 2 MiB: combined 2 MiB. */
    vsmap(f, 0x80000000, 0xC0000000, 2, VS_RWX);
    gmap(f, 0xC0000000, 0x80000000, 2, G_RWX);
    EXPECT_PA(f, 0x80000000 + 0x0FEDC123, MK_ACC_FETCH, 0x80000000 + 0x0FEDC123);
    e = find_entry(&f->h->itlb, MK_TLB_VS_G, 0x80000000);
    assert_non_null(e);
    assert_int_equal(e->level, 2);
    uint64_t misses = f->h->stats.itlb_misses;
    EXPECT_PA(f, 0x80000000 + 0x1234, MK_ACC_FETCH, 0x80001234);
    assert_int_equal(f->h->stats.itlb_misses, misses);     /* same 1 GiB entry */

    vsmap(f, 0xC0000000, 0x1000000000ULL, 2, VS_RWX);
    gmap(f, 0x1000000000ULL + 0x600000, DATA_SPA + 0x200000, 1, G_RWX);
    EXPECT_PA(f, 0xC0600000 + 0x1FFFF8, MK_ACC_LOAD, DATA_SPA + 0x3FFFF8);
    e = find_entry(&f->h->dtlb, MK_TLB_VS_G, 0xC0600000);
    assert_non_null(e);
    assert_int_equal(e->level, 1);
    assert_int_equal(e->vs_level, 2);
    assert_int_equal(e->g_level, 1);
    /* The neighbouring 2 MiB of the same VS gigapage is another G-stage leaf (none here). */
    EXPECT_FAULT(f, 0xC0800000, MK_ACC_LOAD, MK_CAUSE_LOAD_GUEST_PAGE_FAULT,
                 (0x1000000000ULL + 0x800000) >> 2);
}

/* ---- VS-stage faults ---- */

static void test_vs_faults_every_level(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x40201000;
    map2(f, va, DATA_GPA, DATA_SPA);
    for (unsigned level = 0; level < 3; level++) {
        uint64_t spa = vs_table_spa(vsslot(f, va, level));
        uint64_t good = phys_rd64(f->soc, spa);
        /* Invalid; W without R; reserved bits 63:54. */
        const uint64_t bad[] = { good & ~(uint64_t)V, (good & ~0xFFULL) | V | W | A | D,
                                 good | (1ULL << 54), good | (1ULL << 63) };
        for (unsigned b = 0; b < 4; b++) {
            phys_wr64(f->soc, spa, bad[b]);
            for (unsigned i = 0; i < 3; i++)
                EXPECT_FAULT(f, va, all_acc[i], pf[i], 0);
        }
        phys_wr64(f->soc, spa, good);
    }
    /* Pointer with A, D or U set; a pointer at level 0; misaligned superpages. */
    uint64_t spa1 = vs_table_spa(vsslot(f, va, 1)), good1 = phys_rd64(f->soc, spa1);
    const uint64_t nonleaf_bits[] = { A, D, U };
    for (unsigned b = 0; b < 3; b++) {
        phys_wr64(f->soc, spa1, good1 | nonleaf_bits[b]);
        EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT, 0);
    }
    phys_wr64(f->soc, spa1, good1);
    uint64_t spa0 = vs_table_spa(vsslot(f, va, 0));
    phys_wr64(f->soc, spa0, ptr_pte(DATA_GPA));
    EXPECT_FAULT(f, va, MK_ACC_STORE, MK_CAUSE_STORE_PAGE_FAULT, 0);
    vsmap(f, 0x00400000, DATA_GPA + PAGE, 1, VS_RWX);
    EXPECT_FAULT(f, 0x00400000, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT, 0);
    vsmap(f, 0xC0000000, DATA_GPA + MEG2, 2, VS_RWX);
    EXPECT_FAULT(f, 0xC0000000, MK_ACC_FETCH, MK_CAUSE_FETCH_PAGE_FAULT, 0);
    assert_int_equal(dtlb_valid(f), 0);
}

static void test_vs_permissions(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000;
    gmap(f, DATA_GPA, DATA_SPA, 0, G_RWX);
    struct { uint64_t flags; bool ok[3]; } cases[] = {
        { V | R | A, { false, true, false } },
        { V | R | W | A | D, { false, true, true } },
        { V | X | A, { true, false, false } },
        { V | R | W | A, { false, true, false } },        /* D = 0: store faults (Svade) */
        { V | R | W | X | D, { false, false, false } },   /* A = 0 */
    };
    for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        vsmap(f, va, DATA_GPA, 0, cases[c].flags);
        mk_mmu_hfence_vvma(f->h, false, 0, false, 0);
        for (unsigned i = 0; i < 3; i++) {
            mk_xlate_t x = xl(f, va, all_acc[i]);
            assert_int_equal(x.ok, cases[c].ok[i]);
            if (!x.ok)
                assert_int_equal(x.cause, pf[i]);
        }
    }
    /* A = 0 leaves are not cached: setting A works without a fence. */
    assert_null(find_entry(&f->h->dtlb, MK_TLB_VS_G, va));
    vsmap(f, va, DATA_GPA, 0, VS_RWX);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);

    /* A VS-stage permission fault wins over a G-stage fault on the final GPA (the VS leaf is
     * checked before that GPA is translated). */
    vsmap(f, 0x30000000, DATA_GPA + 0x66000, 0, V | X | A);
    EXPECT_FAULT(f, 0x30000000, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT, 0);
    EXPECT_FAULT(f, 0x30000000, MK_ACC_FETCH, MK_CAUSE_FETCH_GUEST_PAGE_FAULT,
                 (DATA_GPA + 0x66000) >> 2);

    /* U pages: VU needs them; VS reads them only with vsstatus.SUM (the HS SUM is ignored)
     * and never executes them. */
    uint64_t uva = 0x20000000;
    vsmap(f, uva, DATA_GPA, 0, VS_RWX | U);
    f->h->csr.mstatus |= MK_MSTATUS_SUM;
    EXPECT_FAULT(f, uva, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT, 0);
    f->h->csr.vsstatus |= MK_MSTATUS_SUM;
    EXPECT_PA(f, uva, MK_ACC_STORE, DATA_SPA);
    EXPECT_FAULT(f, uva, MK_ACC_FETCH, MK_CAUSE_FETCH_PAGE_FAULT, 0);
    f->h->priv = MK_PRIV_U;
    EXPECT_PA(f, uva, MK_ACC_FETCH, DATA_SPA);
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT, 0);
}

/* ---- G-stage faults ---- */

static void test_g_faults_final_gpa(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x40201000, gpa = DATA_GPA + 0x7000;
    map2(f, va, gpa, DATA_SPA);
    for (unsigned level = 0; level < 3; level++) {
        uint64_t slot = gslot(f, gpa, level), good = phys_rd64(f->soc, slot);
        const uint64_t bad[] = { good & ~(uint64_t)V, good | (1ULL << 60),
                                 (good & ~0xFFULL) | V | W | U | A | D };
        for (unsigned b = 0; b < 3; b++) {
            phys_wr64(f->soc, slot, bad[b]);
            for (unsigned i = 0; i < 3; i++)
                EXPECT_FAULT(f, va + 0x44, all_acc[i], gpf[i], (gpa + 0x44) >> 2);
        }
        phys_wr64(f->soc, slot, good);
    }
    /* A G-stage leaf without U is a guest-page fault for VS-mode too. */
    gmap(f, gpa, DATA_SPA, 0, G_RWX & ~(uint64_t)U);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    for (unsigned i = 0; i < 3; i++)
        EXPECT_FAULT(f, va + 8, all_acc[i], gpf[i], (gpa + 8) >> 2);
    /* Svade at the G-stage: A = 0 faults (and is not cached), D = 0 faults stores. */
    gmap(f, gpa, DATA_SPA, 0, G_RWX & ~(uint64_t)A);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_GUEST_PAGE_FAULT, gpa >> 2);
    gmap(f, gpa, DATA_SPA, 0, G_RWX);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);                /* not cached: no fence needed */
    gmap(f, gpa, DATA_SPA, 0, G_RWX & ~(uint64_t)D);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    EXPECT_FAULT(f, va, MK_ACC_STORE, MK_CAUSE_STORE_GUEST_PAGE_FAULT, gpa >> 2);
    /* Misaligned G-stage superpage; a G-stage pointer at level 0. */
    vsmap(f, 0x50000000, DATA_GPA + 0x40000000, 0, VS_RWX);
    gmap(f, DATA_GPA + 0x40000000, DATA_SPA + PAGE, 1, G_RWX);
    EXPECT_FAULT(f, 0x50000000, MK_ACC_LOAD, MK_CAUSE_LOAD_GUEST_PAGE_FAULT,
                 (DATA_GPA + 0x40000000) >> 2);
    phys_wr64(f->soc, gslot(f, DATA_GPA + 0x40000000, 1), 0);
    phys_wr64(f->soc, gslot(f, DATA_GPA + 0x40000000, 0), ptr_pte(DATA_SPA));
    EXPECT_FAULT(f, 0x50000000, MK_ACC_STORE, MK_CAUSE_STORE_GUEST_PAGE_FAULT,
                 (DATA_GPA + 0x40000000) >> 2);
    /* G-stage permissions: R/W/X are checked for the original access type. */
    gmap(f, gpa, DATA_SPA, 0, V | X | U | A);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    EXPECT_PA(f, va, MK_ACC_FETCH, DATA_SPA);
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_GUEST_PAGE_FAULT, gpa >> 2);
}

/* The ITLB keeps no leaf that the G-stage denies for a fetch (docs/isa.md "TLB"): every fetch
 * of that page walks again and faults; the DTLB keeps the same leaf, whose G-stage check
 * depends on the access type. */
static void test_itlb_skips_g_denied_leaf(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x40201000, gpa = DATA_GPA + 0x9000;
    vsmap(f, va, gpa, 0, VS_RWX);
    gmap(f, gpa, DATA_SPA, 0, V | R | U | A);               /* no X at the G-stage */
    for (unsigned n = 1; n <= 2; n++) {
        EXPECT_FAULT(f, va + 4, MK_ACC_FETCH, MK_CAUSE_FETCH_GUEST_PAGE_FAULT, (gpa + 4) >> 2);
        assert_int_equal(f->h->stats.itlb_misses, n);
        assert_int_equal(f->h->stats.itlb_hits, 0);
        assert_null(find_entry(&f->h->itlb, MK_TLB_VS_G, va));
    }
    /* Once the G-stage allows it, the leaf is cached and hits. */
    gmap(f, gpa, DATA_SPA, 0, V | R | X | U | A);
    EXPECT_PA(f, va + 4, MK_ACC_FETCH, DATA_SPA + 4);
    assert_non_null(find_entry(&f->h->itlb, MK_TLB_VS_G, va));
    EXPECT_PA(f, va + 8, MK_ACC_FETCH, DATA_SPA + 8);
    assert_int_equal(f->h->stats.itlb_hits, 1);
    /* The DTLB caches a G-denied leaf: a store faults, then a load hits it. */
    gmap(f, gpa, DATA_SPA, 0, V | R | U | A);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    EXPECT_FAULT(f, va, MK_ACC_STORE, MK_CAUSE_STORE_GUEST_PAGE_FAULT, gpa >> 2);
    assert_non_null(find_entry(&f->h->dtlb, MK_TLB_VS_G, va));
    uint64_t hits = f->h->stats.dtlb_hits;
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    assert_int_equal(f->h->stats.dtlb_hits, hits + 1);
}

static void test_g_faults_on_vs_pte_reads(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x40201000;
    map2(f, va, DATA_GPA, DATA_SPA);
    for (unsigned vs_level = 0; vs_level < 3; vs_level++) {
        uint64_t pte_gpa = vsslot(f, va, vs_level);
        uint64_t table_gpa = pte_gpa & ~(PAGE - 1);
        for (unsigned g_level = 0; g_level < 3; g_level++) {
            uint64_t slot = gslot(f, table_gpa, g_level), good = phys_rd64(f->soc, slot);
            phys_wr64(f->soc, slot, good & ~(uint64_t)V);
            for (unsigned i = 0; i < 3; i++)
                EXPECT_PTE_GPF(f, va, i, pte_gpa);
            phys_wr64(f->soc, slot, good);
        }
        /* The G-stage leaf of a VS table needs U, R and A, whatever the access (an implicit
         * load; MXR does not help), but neither W nor D. */
        uint64_t leaf = gslot(f, table_gpa, 0);
        const uint64_t bad[] = { G_RWX & ~(uint64_t)U, V | X | U | A | D, G_RWX & ~(uint64_t)A };
        f->h->csr.mstatus |= MK_MSTATUS_MXR;
        for (unsigned b = 0; b < 3; b++) {
            phys_wr64(f->soc, leaf, leaf_pte(vs_table_spa(table_gpa), bad[b]));
            for (unsigned i = 0; i < 3; i++)
                EXPECT_PTE_GPF(f, va, i, pte_gpa);
        }
        f->h->csr.mstatus &= ~MK_MSTATUS_MXR;
        phys_wr64(f->soc, leaf, leaf_pte(vs_table_spa(table_gpa), V | R | U | A));
        EXPECT_PA(f, va, MK_ACC_STORE, DATA_SPA);
        mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    }
    /* Walk length of a fault on the level-0 table's G-stage leaf: 2 x 4 + 3. */
    uint64_t table0 = vsslot(f, va, 0) & ~(PAGE - 1);
    phys_wr64(f->soc, gslot(f, table0, 0), 0);
    memset(&f->h->stats, 0, sizeof f->h->stats);
    EXPECT_PTE_GPF(f, va, 1, vsslot(f, va, 0));
    assert_int_equal(f->h->stats.vwalk_accesses, 11);
    assert_int_equal(f->h->stats.walk_len[11], 1);
}

static void test_gpa_width(void **state)
{
    fx_t *f = *state;
    /* The highest GPA page (root index 0x7FF) works. */
    uint64_t top = (1ULL << 41) - PAGE;
    map2(f, 0x1000, top, DATA_SPA);
    EXPECT_PA(f, 0x1ff8, MK_ACC_LOAD, DATA_SPA + 0xff8);
    /* A VS leaf whose GPA has a bit above 40 set: guest-page fault (even though the GPA's low
     * 41 bits are mapped), htval = 0: a GPA beyond 41 bits is not reported. */
    gmap(f, DATA_GPA + 0x5000, DATA_SPA, 0, G_RWX);
    for (unsigned bit = 41; bit < 56; bit += 7) {
        uint64_t gpa = (1ULL << bit) | (DATA_GPA + 0x5000);
        vsmap(f, 0x2000, gpa, 0, VS_RWX);
        mk_mmu_hfence_vvma(f->h, false, 0, false, 0);
        for (unsigned i = 0; i < 3; i++)
            EXPECT_FAULT(f, 0x2010, all_acc[i], gpf[i], 0);
    }
    /* A vsatp root above 2^41: the first PTE read faults (with the pseudo-instruction), htval
     * 0. */
    uint64_t root = 1ULL << 43;
    set_vsatp_root(f, root, 1);
    for (unsigned i = 0; i < 3; i++)
        EXPECT_PTE_GPF(f, 0x40201000, i, 0);   /* the PTE's GPA, root + 8, not reported */
    /* vsatp Bare: the guest virtual address is the GPA, all 64 bits of it. */
    f->h->csr.vsatp = 0;
    gmap(f, DATA_GPA, DATA_SPA, 0, G_RWX);
    EXPECT_PA(f, DATA_GPA + 0x18, MK_ACC_LOAD, DATA_SPA + 0x18);
    uint64_t wide = DATA_GPA | (1ULL << 41);
    for (unsigned i = 0; i < 3; i++) {
        EXPECT_FAULT(f, wide, all_acc[i], gpf[i], 0);
        EXPECT_FAULT(f, ~0ULL - 7, all_acc[i], gpf[i], 0);
    }
}

static void test_g_stage_bare_and_vs_bare(void **state)
{
    fx_t *f = *state;
    /* Both Bare: identity, no TLB. */
    f->h->csr.hgatp = 0;
    f->h->csr.vsatp = 0;
    EXPECT_PA(f, 0x80001234, MK_ACC_LOAD, 0x80001234);
    assert_int_equal(f->h->stats.dtlb_misses + f->h->stats.dtlb_hits, 0);
    assert_false(mk_mmu_uses_tlb(f->h, MK_PRIV_S, true));
    /* hgatp Bare, vsatp Sv39: the VS tables are at physical addresses. */
    uint64_t root = 0x80600000, table = 0x80601000;
    phys_zero_page(f->soc, root);
    phys_zero_page(f->soc, table);
    set_vsatp_root(f, root, 3);
    phys_wr64(f->soc, root + 8 * 1, ptr_pte(table));           /* va 0x40000000..: level 2 index 1 */
    phys_wr64(f->soc, table + 8 * 1, leaf_pte(DATA_SPA, VS_RWX));  /* a 2 MiB leaf at 0x40200000 */
    EXPECT_PA(f, 0x40212345, MK_ACC_STORE, DATA_SPA + 0x12345);
    const mk_tlb_entry_t *e = find_entry(&f->h->dtlb, MK_TLB_VS_G, 0x40200000);
    assert_non_null(e);
    assert_int_equal(e->level, 1);
    assert_int_equal(f->h->stats.walk_len[2], 1);
    /* hgatp Sv39x4, vsatp Bare: G-stage-only entries. */
    set_hgatp(f, 2);
    f->h->csr.vsatp = 0;
    gmap(f, 0x40000000, DATA_SPA, 1, G_RWX | G);           /* G is ignored at the G-stage */
    EXPECT_PA(f, 0x40000010, MK_ACC_LOAD, DATA_SPA + 0x10);
    e = find_entry(&f->h->dtlb, MK_TLB_G, 0x40000000);
    assert_non_null(e);
    assert_int_equal(e->gperm, G_RWX);
    assert_int_equal(e->vmid, 2);
    assert_int_equal(e->level, 1);
    assert_int_equal(f->h->stats.walk_len[2], 2);
}

/* ---- MXR, HLVX, access faults ---- */

static void test_mxr_both_stages(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000, gpa = DATA_GPA;
    /* Execute-only at the VS-stage: vsstatus.MXR or the HS MXR makes it readable. */
    vsmap(f, va, gpa, 0, V | X | A);
    gmap(f, gpa, DATA_SPA, 0, G_RWX);
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT, 0);
    f->h->csr.vsstatus |= MK_MSTATUS_MXR;
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    f->h->csr.vsstatus &= ~MK_MSTATUS_MXR;
    f->h->csr.mstatus |= MK_MSTATUS_MXR;
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    f->h->csr.mstatus &= ~MK_MSTATUS_MXR;
    /* Execute-only at the G-stage: only the HS MXR makes it readable. */
    vsmap(f, va, gpa, 0, VS_RWX);
    gmap(f, gpa, DATA_SPA, 0, V | X | U | A);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    f->h->csr.vsstatus |= MK_MSTATUS_MXR;
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_GUEST_PAGE_FAULT, gpa >> 2);
    f->h->csr.mstatus |= MK_MSTATUS_MXR;
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    EXPECT_FAULT(f, va, MK_ACC_STORE, MK_CAUSE_STORE_GUEST_PAGE_FAULT, gpa >> 2);
}

static void test_hlvx_permissions(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000, gpa = DATA_GPA;
    f->h->v = false;    /* HLVX runs in HS-mode and translates as though V = 1 */
    struct { uint64_t vs, g; uint64_t cause; } cases[] = {
        { V | X | A, V | X | U | A, 0 },                    /* execute-only: fine */
        { V | R | A, G_RWX, MK_CAUSE_LOAD_PAGE_FAULT },     /* read is not enough */
        { VS_RWX, V | R | U | A, MK_CAUSE_LOAD_GUEST_PAGE_FAULT },
        { V | X, G_RWX, MK_CAUSE_LOAD_PAGE_FAULT },         /* A = 0 */
    };
    f->h->csr.mstatus |= MK_MSTATUS_MXR;
    f->h->csr.vsstatus |= MK_MSTATUS_MXR;
    for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        vsmap(f, va, gpa, 0, cases[c].vs);
        gmap(f, gpa, DATA_SPA, 0, cases[c].g);
        mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
        mk_xlate_t x = mk_mmu_translate_as(f->h, va, MK_ACC_LOAD, MK_PRIV_S, true, true);
        assert_int_equal(x.ok, cases[c].cause == 0);
        if (!x.ok)
            assert_int_equal(x.cause, cases[c].cause);
        else
            assert_int_equal(x.paddr, DATA_SPA);
    }
    /* HLV (not X) at SPVP = U on a supervisor page: page fault; on a U page: fine. */
    vsmap(f, va, gpa, 0, VS_RWX);
    gmap(f, gpa, DATA_SPA, 0, G_RWX);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    assert_false(mk_mmu_translate_as(f->h, va, MK_ACC_LOAD, MK_PRIV_U, true, false).ok);
    vsmap(f, va, gpa, 0, VS_RWX | U);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    assert_true(mk_mmu_translate_as(f->h, va, MK_ACC_STORE, MK_PRIV_U, true, false).ok);
}

static void test_access_faults_in_walks(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x40201000;
    map2(f, va, DATA_GPA, DATA_SPA);
    /* PMP entry 0 denies the page holding the level-1 VS table (an implicit S-mode read). */
    uint64_t table1 = vs_table_spa(vsslot(f, va, 1) & ~(PAGE - 1));
    mk_pmp_write_addr(f->h, 0, (table1 >> 2) | 0x1FF);     /* NAPOT 4 KiB */
    mk_pmp_write_cfg(f->h, 0, MK_PMP_A_NAPOT << MK_PMP_A_SHIFT);
    for (unsigned i = 0; i < 3; i++) {
        mk_xlate_t x = xl(f, va, all_acc[i]);
        assert_false(x.ok);
        assert_int_equal(x.cause, af[i]);
        assert_true(x.implicit);
        assert_int_equal(x.tval2, 0);
        assert_int_equal(x.tinst, 0);
    }
    /* ... and the same for a G-stage table. */
    uint64_t gtable = phys_rd64(f->soc, gslot(f, DATA_GPA, 1)) >> 10 << 12;
    mk_pmp_write_addr(f->h, 0, (gtable >> 2) | 0x1FF);
    for (unsigned i = 0; i < 3; i++) {
        mk_xlate_t x = xl(f, va, all_acc[i]);
        assert_false(x.ok);
        assert_int_equal(x.cause, af[i]);
        assert_true(x.implicit);
    }
    mk_pmp_write_cfg(f->h, 0, 0);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    /* A VS table whose G-stage leaf points at no memory: bus error, access fault. */
    uint64_t table0 = vsslot(f, va, 0) & ~(PAGE - 1);
    gmap(f, table0, 0x40000000, 0, G_RWX);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    mk_xlate_t x = xl(f, va, MK_ACC_STORE);
    assert_false(x.ok);
    assert_int_equal(x.cause, MK_CAUSE_STORE_ACCESS);
    assert_true(x.implicit);
}

/* ---- TLB tags and fences ---- */

static void test_vmid_asid_separation(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000;
    map2(f, va, DATA_GPA, DATA_SPA);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    /* Another VMID with another G-stage mapping of the same GPA (shares the VS tables). */
    gmap(f, DATA_GPA, DATA_SPA + PAGE, 0, G_RWX);
    set_hgatp(f, 2);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA + PAGE);
    set_hgatp(f, 1);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);                /* stale, but VMID 1's entry */
    /* Another ASID of VMID 1: a new walk. */
    set_vsatp(f, 7);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA + PAGE);
    assert_int_equal(f->h->stats.dtlb_misses, 3);
    /* A global VS page matches every ASID of its VMID only. */
    vsmap(f, 0x20000000, DATA_GPA + 0x10000, 0, VS_RWX | G);
    gmap(f, DATA_GPA + 0x10000, DATA_SPA + 0x10000, 0, G_RWX);
    EXPECT_PA(f, 0x20000000, MK_ACC_LOAD, DATA_SPA + 0x10000);
    set_vsatp(f, 9);
    uint64_t misses = f->h->stats.dtlb_misses;
    EXPECT_PA(f, 0x20000000, MK_ACC_LOAD, DATA_SPA + 0x10000);
    assert_int_equal(f->h->stats.dtlb_misses, misses);
    set_hgatp(f, 3);
    EXPECT_PA(f, 0x20000000, MK_ACC_LOAD, DATA_SPA + 0x10000);
    assert_int_equal(f->h->stats.dtlb_misses, misses + 1);
    /* HS-level entries and V = 1 entries never match each other. */
    f->h->v = false;
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT, 0);     /* HS root is empty */
}

static void test_sfence_scopes(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000;
    map2(f, va, DATA_GPA, DATA_SPA);
    /* An HS mapping of the same VA. */
    phys_wr64(f->soc, HS_ROOT, ptr_pte(0x80181000));
    phys_zero_page(f->soc, 0x80181000);
    phys_wr64(f->soc, 0x80181000 + 8 * 0x80, ptr_pte(0x80182000));
    phys_zero_page(f->soc, 0x80182000);
    phys_wr64(f->soc, 0x80182000, leaf_pte(DATA_SPA + 0x20000, VS_RWX));
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    f->h->v = false;
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA + 0x20000);
    /* VMID 2's entry for the same VA. */
    f->h->v = true;
    set_hgatp(f, 2);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    assert_int_equal(dtlb_valid(f), 3);
    /* SFENCE.VMA with V = 0: HS entries only. */
    f->h->v = false;
    mk_mmu_sfence(f->h, false, 0, false, 0);
    assert_int_equal(dtlb_valid(f), 2);
    assert_null(find_entry(&f->h->dtlb, MK_TLB_HS, va));
    /* SFENCE.VMA with V = 1: the VS entries of every VMID, not only the current one's
     * (docs/isa.md "Fences"). */
    f->h->v = true;
    mk_mmu_sfence(f->h, false, 0, false, 0);
    assert_int_equal(dtlb_valid(f), 0);
    /* Non-canonical rs1: no effect. */
    set_hgatp(f, 1);
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    assert_int_equal(dtlb_valid(f), 1);
    mk_mmu_sfence(f->h, true, 1ULL << 40, false, 0);
    assert_int_equal(dtlb_valid(f), 1);
    mk_mmu_sfence(f->h, true, va, true, 1);
    assert_int_equal(dtlb_valid(f), 0);
}

static void test_hfence_vvma_scope(void **state)
{
    fx_t *f = *state;
    /* VS 2 MiB over G 4 KiB: two combined 4 KiB entries from one VS leaf. */
    vsmap(f, 0x00200000, DATA_GPA, 1, VS_RWX);
    gmap(f, DATA_GPA, DATA_SPA, 0, G_RWX);
    gmap(f, DATA_GPA + 0x3000, DATA_SPA + 0x3000, 0, G_RWX);
    EXPECT_PA(f, 0x00200000, MK_ACC_LOAD, DATA_SPA);
    EXPECT_PA(f, 0x00203000, MK_ACC_LOAD, DATA_SPA + 0x3000);
    /* A global page, another ASID's page, and a G-stage-only entry. */
    vsmap(f, 0x30000000, DATA_GPA + 0x8000, 0, VS_RWX | G);
    gmap(f, DATA_GPA + 0x8000, DATA_SPA + 0x8000, 0, G_RWX);
    EXPECT_PA(f, 0x30000000, MK_ACC_LOAD, DATA_SPA + 0x8000);
    set_vsatp(f, 5);
    map2(f, 0x40000000, DATA_GPA + 0x9000, DATA_SPA + 0x9000);
    EXPECT_PA(f, 0x40000000, MK_ACC_LOAD, DATA_SPA + 0x9000);
    f->h->csr.vsatp = 0;
    EXPECT_PA(f, DATA_GPA + 0x3000, MK_ACC_LOAD, DATA_SPA + 0x3000);
    set_vsatp(f, 1);
    assert_int_equal(dtlb_valid(f), 5);

    /* Stale: change the VS leaf; the old translation stays until a fence covers it. */
    vsmap(f, 0x00200000, DATA_GPA + MEG2, 1, VS_RWX);
    EXPECT_PA(f, 0x00203000, MK_ACC_LOAD, DATA_SPA + 0x3000);
    mk_mmu_hfence_vvma(f->h, true, 0x00400000, false, 0);               /* other VA */
    mk_mmu_hfence_vvma(f->h, true, 0x00203000, true, 5);                /* other ASID */
    assert_int_equal(dtlb_valid(f), 5);
    /* An address anywhere in the VS superpage removes both pieces. */
    mk_mmu_hfence_vvma(f->h, true, 0x003FF000, true, 1);
    assert_int_equal(dtlb_valid(f), 3);
    assert_null(find_entry(&f->h->dtlb, MK_TLB_VS_G, 0x00200000));
    /* By ASID: the global entry (filled under ASID 1) stays; all: the G-stage-only entry
     * stays. */
    mk_mmu_hfence_vvma(f->h, false, 0, true, 1);
    assert_int_equal(dtlb_valid(f), 3);
    mk_mmu_hfence_vvma(f->h, false, 0, true, 5);
    assert_int_equal(dtlb_valid(f), 2);
    assert_non_null(find_entry(&f->h->dtlb, MK_TLB_VS_G, 0x30000000));
    /* Under another VMID it removes VMID 1's VS entries too (every VMID: docs/isa.md
     * "Fences"); never the G-stage-only entry. */
    set_hgatp(f, 4);
    mk_mmu_hfence_vvma(f->h, false, 0, false, 0);
    assert_int_equal(dtlb_valid(f), 1);
    set_hgatp(f, 1);
    assert_non_null(find_entry(&f->h->dtlb, MK_TLB_G, DATA_GPA + 0x3000));
}

static void test_hfence_gvma_scope(void **state)
{
    fx_t *f = *state;
    /* Two VAs in one G-stage 2 MiB leaf, a VA in another, and a VMID 2 entry. */
    gmap(f, DATA_GPA, DATA_SPA, 1, G_RWX);
    gmap(f, DATA_GPA + MEG2, DATA_SPA + MEG2, 1, G_RWX);
    vsmap(f, 0x1000, DATA_GPA + 0x1000, 0, VS_RWX);
    vsmap(f, 0x2000, DATA_GPA + 0x1FF000, 0, VS_RWX);
    vsmap(f, 0x3000, DATA_GPA + MEG2, 0, VS_RWX);
    EXPECT_PA(f, 0x1000, MK_ACC_LOAD, DATA_SPA + 0x1000);
    EXPECT_PA(f, 0x2000, MK_ACC_LOAD, DATA_SPA + 0x1FF000);
    EXPECT_PA(f, 0x3000, MK_ACC_LOAD, DATA_SPA + MEG2);
    set_hgatp(f, 2);
    EXPECT_PA(f, 0x1000, MK_ACC_LOAD, DATA_SPA + 0x1000);
    set_hgatp(f, 1);
    assert_int_equal(dtlb_valid(f), 4);

    /* Stale: move the first G-stage leaf. HFENCE.VVMA does not help; only a GVMA covering it. */
    gmap(f, DATA_GPA, DATA_SPA + 0x400000, 1, G_RWX);
    EXPECT_PA(f, 0x1000, MK_ACC_LOAD, DATA_SPA + 0x1000);
    /* Neither a GPA nor a VMID narrows the fence (docs/isa.md "Fences"): a GPA outside every
     * leaf and another VMID still remove every V = 1 entry. */
    mk_mmu_hfence_gvma(f->h, true, DATA_GPA + 0x400000, true, 3);
    assert_int_equal(dtlb_valid(f), 0);
    EXPECT_PA(f, 0x1000, MK_ACC_LOAD, DATA_SPA + 0x401000);
    EXPECT_PA(f, 0x3000, MK_ACC_LOAD, DATA_SPA + MEG2);
    assert_int_equal(dtlb_valid(f), 2);
    /* By GPA for all VMIDs: every V = 1 entry. */
    mk_mmu_hfence_gvma(f->h, true, DATA_GPA, false, 0);
    assert_null(find_entry(&f->h->dtlb, MK_TLB_VS_G, 0x1000));
    assert_int_equal(dtlb_valid(f), 0);
    EXPECT_PA(f, 0x3000, MK_ACC_LOAD, DATA_SPA + MEG2);
    mk_mmu_hfence_gvma(f->h, false, 0, true, 1);
    assert_int_equal(dtlb_valid(f), 0);
    EXPECT_PA(f, 0x3000, MK_ACC_LOAD, DATA_SPA + MEG2);
    set_hgatp(f, 2);
    EXPECT_PA(f, 0x3000, MK_ACC_LOAD, DATA_SPA + MEG2);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    assert_int_equal(dtlb_valid(f), 0);
}

static void test_fences_keep_hs_entries(void **state)
{
    fx_t *f = *state;
    f->h->v = false;
    phys_wr64(f->soc, HS_ROOT + 8 * 2, leaf_pte(0x80000000, VS_RWX));
    EXPECT_PA(f, 0x80000010, MK_ACC_LOAD, 0x80000010);
    mk_mmu_hfence_vvma(f->h, false, 0, false, 0);
    mk_mmu_hfence_gvma(f->h, false, 0, false, 0);
    assert_non_null(find_entry(&f->h->dtlb, MK_TLB_HS, 0x80000000));
    mk_mmu_sfence(f->h, false, 0, false, 0);
    assert_null(find_entry(&f->h->dtlb, MK_TLB_HS, 0x80000000));
}

/* ---- MPRV with MPV ---- */

static void test_mprv_mpv(void **state)
{
    fx_t *f = *state;
    uint64_t va = 0x10000000;
    map2(f, va, DATA_GPA, DATA_SPA);
    vsmap(f, 0x20000000, DATA_GPA, 0, VS_RWX | U);
    f->h->priv = MK_PRIV_M;
    f->h->v = false;
    uint64_t st = f->h->csr.mstatus & ~(MK_MSTATUS_MPP | MK_MSTATUS_MPV);
    f->h->csr.mstatus = st | MK_MSTATUS_MPRV | ((uint64_t)MK_PRIV_S << MK_MSTATUS_MPP_SHIFT) |
                        MK_MSTATUS_MPV;
    assert_true(mk_mmu_effective_virt(f->h, MK_ACC_LOAD));
    assert_false(mk_mmu_effective_virt(f->h, MK_ACC_FETCH));
    EXPECT_PA(f, va, MK_ACC_LOAD, DATA_SPA);
    EXPECT_PA(f, va + 8, MK_ACC_STORE, DATA_SPA + 8);
    EXPECT_PA(f, va, MK_ACC_FETCH, va);                     /* fetch stays M-mode */
    /* MPP = U with MPV: VU rules (U page needed). */
    f->h->csr.mstatus &= ~MK_MSTATUS_MPP;
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT, 0);
    EXPECT_PA(f, 0x20000000, MK_ACC_LOAD, DATA_SPA);
    /* MPV = 0: HS-level translation (satp) again. */
    f->h->csr.mstatus &= ~MK_MSTATUS_MPV;
    assert_false(mk_mmu_effective_virt(f->h, MK_ACC_LOAD));
    EXPECT_FAULT(f, va, MK_ACC_LOAD, MK_CAUSE_LOAD_PAGE_FAULT, 0);
    assert_null(find_entry(&f->h->dtlb, MK_TLB_HS, va));
    /* MPP = M: MPV is ignored, no translation. */
    f->h->csr.mstatus |= MK_MSTATUS_MPP | MK_MSTATUS_MPV;
    assert_false(mk_mmu_effective_virt(f->h, MK_ACC_LOAD));
    EXPECT_PA(f, va, MK_ACC_LOAD, va);
}

/* ---- transformed instructions and the trap CSRs (through mem.c and trap.c) ---- */

static uint32_t transformed(uint32_t bits)
{
    mk_insn_t in;
    mk_decode(bits, &in);
    return mk_mem_transformed_insn(&in);
}

static void test_transformed_insns(void **state)
{
    (void)state;
    assert_int_equal(transformed(0x0085A503), 0x00002503);  /* lw a0, 8(a1) */
    assert_int_equal(transformed(0x00A13823), 0x00A03023);  /* sd a0, 16(sp) */
    assert_int_equal(transformed(0x41C8), 0x00002501);      /* c.lw a0, 4(a1) */
    assert_int_equal(transformed(0xE42A), 0x00A03021);      /* c.sdsp a0, 8(sp) */
    assert_int_equal(transformed(0x00C5A52F), 0x00C0252F);  /* amoadd.w a0, a2, (a1) */
    assert_int_equal(transformed(0x1005B52F), 0x1000352F);  /* lr.d a0, (a1) */
    assert_int_equal(transformed(0x6C05C573), 0x6C004573);  /* hlv.d a0, (a1) */
    assert_int_equal(transformed(0x62C5C073), 0x62C04073);  /* hsv.b a2, (a1) */
    assert_int_equal(transformed(0x00C58533), 0);           /* add a0, a1, a2 */
    assert_int_equal(transformed(0x0001), 0);               /* c.nop */
}

/* Places `bits` at pc (a guest page, both stages 4 KiB) and executes one step. */
static void run_at(fx_t *f, uint64_t pc, uint64_t spa, const void *bits, size_t len)
{
    assert_int_equal(mk_soc_phys_write(f->soc, spa + (pc & (PAGE - 1)), bits, len), 0);
    f->h->pc = pc;
    mk_retire_t rec;
    mk_soc_step(f->soc, &rec);
}

static void test_trap_csrs_for_guest_faults(void **state)
{
    fx_t *f = *state;
    uint64_t code_va = 0x30000000, code_gpa = DATA_GPA + 0x100000, code_spa = DATA_SPA + 0x100000;
    map2(f, code_va, code_gpa, code_spa);
    vsmap(f, 0x10000000, DATA_GPA + 0x7000, 0, VS_RWX);    /* no G-stage mapping */
    f->h->csr.medeleg = (1ULL << MK_CAUSE_LOAD_GUEST_PAGE_FAULT) |
                        (1ULL << MK_CAUSE_STORE_GUEST_PAGE_FAULT) |
                        (1ULL << MK_CAUSE_LOAD_PAGE_FAULT);
    f->h->csr.stvec = 0x80000000;
    f->h->x[11] = 0x10000000 + 0x10 - 8;

    /* ld a0, 8(a1): explicit access, G-stage fault on the final GPA. */
    uint32_t ld = 0x0085B503;
    run_at(f, code_va, code_spa, &ld, 4);
    assert_int_equal(f->h->priv, MK_PRIV_S);
    assert_false(f->h->v);
    assert_int_equal(f->h->csr.scause, MK_CAUSE_LOAD_GUEST_PAGE_FAULT);
    assert_int_equal(f->h->csr.stval, 0x10000010);
    assert_int_equal(f->h->csr.htval, (DATA_GPA + 0x7010) >> 2);
    assert_int_equal(f->h->csr.htinst, 0x00003503);
    assert_true(f->h->csr.hstatus & MK_HSTATUS_GVA);
    assert_true(f->h->csr.hstatus & MK_HSTATUS_SPV);

    /* c.sd a0, 8(a1) (0xE588), compressed: bit 1 of the transformed instruction is 0. */
    mk_set_mode(f->h, MK_PRIV_S, true);
    uint16_t csd = 0xE588;
    run_at(f, code_va + 0x10, code_spa, &csd, 2);
    assert_int_equal(f->h->csr.scause, MK_CAUSE_STORE_GUEST_PAGE_FAULT);
    assert_int_equal(f->h->csr.htinst, 0x00A03021);
    assert_int_equal(f->h->csr.htval, (DATA_GPA + 0x7010) >> 2);

    /* An implicit VS-level PTE read that faults: the pseudo-instruction, htval = PTE GPA. */
    mk_set_mode(f->h, MK_PRIV_S, true);
    uint64_t table0 = vsslot(f, 0x10000000, 0) & ~(PAGE - 1);
    phys_wr64(f->soc, gslot(f, table0, 0), 0);
    run_at(f, code_va + 0x20, code_spa, &ld, 4);
    assert_int_equal(f->h->csr.scause, MK_CAUSE_LOAD_GUEST_PAGE_FAULT);
    assert_int_equal(f->h->csr.htinst, MK_TINST_PT_READ_64);
    assert_int_equal(f->h->csr.htval, vsslot(f, 0x10000000, 0) >> 2);
    assert_int_equal(f->h->csr.stval, 0x10000010);

    /* A VS-stage page fault: transformed instruction, htval = 0. */
    mk_set_mode(f->h, MK_PRIV_S, true);
    f->h->x[11] = 0x50000000 - 8;
    run_at(f, code_va + 0x30, code_spa, &ld, 4);
    assert_int_equal(f->h->csr.scause, MK_CAUSE_LOAD_PAGE_FAULT);
    assert_int_equal(f->h->csr.htval, 0);
    assert_int_equal(f->h->csr.htinst, 0x00003503);
    assert_true(f->h->csr.hstatus & MK_HSTATUS_GVA);
}

static void test_hlv_from_hs(void **state)
{
    fx_t *f = *state;
    f->h->v = false;
    f->h->csr.satp = 0;                     /* HS code runs untranslated */
    f->h->csr.medeleg = 1ULL << MK_CAUSE_LOAD_GUEST_PAGE_FAULT;
    f->h->csr.stvec = 0x80000000;
    f->h->csr.hstatus |= MK_HSTATUS_SPVP;
    map2(f, 0x10000000, DATA_GPA, DATA_SPA);
    phys_wr64(f->soc, DATA_SPA + 0x40, 0x1122334455667788ULL);
    uint64_t val = 0;
    assert_true(mk_load_guest(f->h, 0x10000040, 8, false, &val));
    assert_int_equal(val, 0x1122334455667788ULL);
    assert_true(mk_store_guest(f->h, 0x10000048, 4, 0xAABBCCDDEEFFULL));
    assert_int_equal(phys_rd64(f->soc, DATA_SPA + 0x48), 0xCCDDEEFFULL);
    /* HLVX.WU of an executable page. */
    assert_true(mk_load_guest(f->h, 0x10000040, 4, true, &val));
    assert_int_equal(val, 0x55667788ULL);
    /* A fault: GVA = 1 but SPV = 0; htinst from the HLV.D at pc. */
    uint32_t hlv = 0x6C05C573;
    assert_int_equal(mk_soc_phys_write(f->soc, 0x80700000, &hlv, 4), 0);
    f->h->pc = 0x80700000;
    vsmap(f, 0x20000000, DATA_GPA + 0x5000, 0, VS_RWX);
    assert_false(mk_load_guest(f->h, 0x20000008, 8, false, &val));
    assert_int_equal(f->h->csr.scause, MK_CAUSE_LOAD_GUEST_PAGE_FAULT);
    assert_int_equal(f->h->csr.stval, 0x20000008);
    assert_int_equal(f->h->csr.htval, (DATA_GPA + 0x5008) >> 2);
    assert_int_equal(f->h->csr.htinst, 0x6C004573);
    assert_true(f->h->csr.hstatus & MK_HSTATUS_GVA);
    assert_false(f->h->csr.hstatus & MK_HSTATUS_SPV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_basic_two_stage),
        T(test_superpages),
        T(test_vs_faults_every_level),
        T(test_vs_permissions),
        T(test_g_faults_final_gpa),
        T(test_itlb_skips_g_denied_leaf),
        T(test_g_faults_on_vs_pte_reads),
        T(test_gpa_width),
        T(test_g_stage_bare_and_vs_bare),
        T(test_mxr_both_stages),
        T(test_hlvx_permissions),
        T(test_access_faults_in_walks),
        T(test_vmid_asid_separation),
        T(test_sfence_scopes),
        T(test_hfence_vvma_scope),
        T(test_hfence_gvma_scope),
        T(test_fences_keep_hs_entries),
        T(test_mprv_mpv),
        T(test_transformed_insns),
        T(test_trap_csrs_for_guest_faults),
        T(test_hlv_from_hs),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
