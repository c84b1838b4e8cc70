/* G-stage builder: every alignment and size case, checked by walking the result page by
 * page and by counting the leaves of each size. */
#include "hv_test.h"

#include "gstage.h"

#define POOL 64

struct pool {
    uint64_t (*pages)[512];
    unsigned used, limit;
};

static uint64_t *pool_page(void *ctx)
{
    struct pool *p = ctx;
    return p->used < p->limit ? p->pages[p->used++] : NULL;
}

struct fixture {
    uint64_t *root;
    struct pool pool;
    struct hv_pt_alloc alloc;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->root = aligned_alloc(HV_GSTAGE_ROOT_BYTES, HV_GSTAGE_ROOT_BYTES);
    memset(f->root, 0, HV_GSTAGE_ROOT_BYTES);
    f->pool.pages = aligned_alloc(4096, POOL * 4096);
    memset(f->pool.pages, 0x5a, POOL * 4096);  /* the builder must clear what it takes */
    f->pool.limit = POOL;
    f->alloc = (struct hv_pt_alloc){pool_page, &f->pool};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    free(f->root);
    free(f->pool.pages);
    free(f);
    return 0;
}

/* Every 4 KiB page of the range translates to its host page, with the flags; just outside
 * is unmapped. */
static void check_range(const uint64_t *root, uint64_t gpa, uint64_t hpa, uint64_t size)
{
    for (uint64_t off = 0; off < size; off += 4096) {
        uint64_t flags = 0;
        assert_int_equal(hv_gstage_translate(root, gpa + off + 0x123, &flags),
                         hpa + off + 0x123);
        assert_int_equal(flags, HV_GSTAGE_RWX);
    }
    if (gpa >= 4096)
        assert_int_equal(hv_gstage_translate(root, gpa - 1, NULL), UINT64_MAX);
    assert_int_equal(hv_gstage_translate(root, gpa + size, NULL), UINT64_MAX);
}

struct map_case {
    uint64_t gpa, hpa, size;
    unsigned giga, mega, pages, tables;
};

static void run_case(void **state, const struct map_case *c)
{
    struct fixture *f = *state;
    struct hv_gstage_counts n = {0, 0, 0, 0};
    assert_int_equal(hv_gstage_map(f->root, c->gpa, c->hpa, c->size, HV_GSTAGE_RWX, &f->alloc, &n),
                     0);
    assert_int_equal(n.giga, c->giga);
    assert_int_equal(n.mega, c->mega);
    assert_int_equal(n.pages, c->pages);
    assert_int_equal(n.tables, c->tables);
    assert_int_equal(f->pool.used, c->tables);
    check_range(f->root, c->gpa, c->hpa, c->size);
}

static void both_2m_aligned_uses_megapages(void **state)
{
    struct map_case c = {0x80000000, 0x80400000, 16 << 20, 0, 8, 0, 1};
    run_case(state, &c);
}

static void host_only_4k_aligned_uses_pages(void **state)
{
    /* 2 MiB of guest memory on a host region that is 4 KiB but not 2 MiB aligned. */
    struct map_case c = {0x80000000, 0x80401000, 2 << 20, 0, 0, 512, 2};
    run_case(state, &c);
}

static void unaligned_head_and_tail(void **state)
{
    /* Starts 1 page before a 2 MiB boundary, ends 1 page after the next one. */
    struct map_case c = {0x801ff000, 0x905ff000, (2 << 20) + 2 * 4096, 0, 1, 2, 3};
    run_case(state, &c);
}

static void size_not_multiple_of_2m(void **state)
{
    struct map_case c = {0x80000000, 0x80000000, (4 << 20) + 5 * 4096, 0, 2, 5, 2};
    run_case(state, &c);
}

static void gigapage_when_both_1g_aligned(void **state)
{
    struct map_case c = {0x80000000, 0xc0000000, (1UL << 30) + (2 << 20), 1, 1, 0, 1};
    run_case(state, &c);
}

static void gigapage_needs_host_alignment_too(void **state)
{
    /* 1 GiB of guest on a host region only 2 MiB aligned: 512 megapages. */
    struct map_case c = {0x80000000, 0xc0200000, 1UL << 30, 0, 512, 0, 1};
    run_case(state, &c);
}

static void single_page(void **state)
{
    struct map_case c = {0x10000000, 0x20000000, 4096, 0, 0, 1, 2};
    run_case(state, &c);
}

static void high_root_index(void **state)
{
    /* GPA bit 40 set: root index >= 1024, which only the x4 root has. */
    struct map_case c = {0x1ffffe00000, 0x80000000, 2 << 20, 0, 1, 0, 1};
    run_case(state, &c);
}

static void two_regions_share_tables(void **state)
{
    struct fixture *f = *state;
    struct hv_gstage_counts n = {0, 0, 0, 0};
    assert_int_equal(hv_gstage_map(f->root, 0x80000000, 0x80400000, 2 << 20, HV_GSTAGE_RWX,
                                   &f->alloc, &n), 0);
    assert_int_equal(hv_gstage_map(f->root, 0x80200000, 0x81400000, 2 << 20, HV_GSTAGE_RWX,
                                   &f->alloc, &n), 0);
    assert_int_equal(n.tables, 1);
    assert_int_equal(n.mega, 2);
    assert_int_equal(hv_gstage_translate(f->root, 0x801ffff8, NULL), 0x805ffff8);
    assert_int_equal(hv_gstage_translate(f->root, 0x80200008, NULL), 0x81400008);
    assert_int_equal(hv_gstage_translate(f->root, 0x803ffff8, NULL), 0x815ffff8);
    assert_int_equal(hv_gstage_translate(f->root, 0x80400000, NULL), UINT64_MAX);
}

static void rejects_bad_arguments(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(hv_gstage_map(f->root, 0x80000800, 0x80000000, 4096, HV_GSTAGE_RWX,
                                   &f->alloc, NULL), -1);
    assert_int_equal(hv_gstage_map(f->root, 0x80000000, 0x80000800, 4096, HV_GSTAGE_RWX,
                                   &f->alloc, NULL), -1);
    assert_int_equal(hv_gstage_map(f->root, 0x80000000, 0x80000000, 100, HV_GSTAGE_RWX,
                                   &f->alloc, NULL), -1);
    assert_int_equal(hv_gstage_map(f->root, 0x80000000, 0x80000000, 0, HV_GSTAGE_RWX,
                                   &f->alloc, NULL), -1);
    assert_int_equal(hv_gstage_map(f->root, 1UL << 41, 0x80000000, 4096, HV_GSTAGE_RWX,
                                   &f->alloc, NULL), -1);
    assert_int_equal(hv_gstage_map(f->root, (1UL << 41) - 4096, 0x80000000, 8192,
                                   HV_GSTAGE_RWX, &f->alloc, NULL), -1);
    assert_int_equal(hv_gstage_map(f->root, 0x80000000, 0x80000000, 4096, HV_PTE_V,
                                   &f->alloc, NULL), -1);  /* not a leaf */
    assert_int_equal(f->pool.used, 0);
}

static void rejects_overlap(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(hv_gstage_map(f->root, 0x80000000, 0x80000000, 2 << 20, HV_GSTAGE_RWX,
                                   &f->alloc, NULL), 0);
    /* Inside the megapage: cannot descend through a leaf. */
    assert_int_equal(hv_gstage_map(f->root, 0x80001000, 0x90000000, 4096, HV_GSTAGE_RWX,
                                   &f->alloc, NULL), -1);
    assert_int_equal(hv_gstage_map(f->root, 0x80000000, 0x90000000, 2 << 20, HV_GSTAGE_RWX,
                                   &f->alloc, NULL), -1);
}

static void out_of_tables(void **state)
{
    struct fixture *f = *state;
    f->pool.limit = 1;  /* the level-1 table only: no room for a level-0 one */
    assert_int_equal(hv_gstage_map(f->root, 0x80000000, 0x80001000, 4096, HV_GSTAGE_RWX,
                                   &f->alloc, NULL), -1);
}

static void hgatp_fields(void **state)
{
    (void)state;
    uint64_t *root = (uint64_t *)(uintptr_t)0x80404000UL;
    uint64_t h = hv_gstage_hgatp(root, 5);
    assert_int_equal(h >> 60, 8);
    assert_int_equal((h >> 44) & 0x3fff, 5);
    assert_int_equal(h & ((1UL << 44) - 1), 0x80404);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(both_2m_aligned_uses_megapages, setup, teardown),
        cmocka_unit_test_setup_teardown(host_only_4k_aligned_uses_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(unaligned_head_and_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(size_not_multiple_of_2m, setup, teardown),
        cmocka_unit_test_setup_teardown(gigapage_when_both_1g_aligned, setup, teardown),
        cmocka_unit_test_setup_teardown(gigapage_needs_host_alignment_too, setup, teardown),
        cmocka_unit_test_setup_teardown(single_page, setup, teardown),
        cmocka_unit_test_setup_teardown(high_root_index, setup, teardown),
        cmocka_unit_test_setup_teardown(two_regions_share_tables, setup, teardown),
        cmocka_unit_test_setup_teardown(rejects_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(rejects_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(out_of_tables, setup, teardown),
        cmocka_unit_test(hgatp_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
