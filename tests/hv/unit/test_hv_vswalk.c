/* The software walk of a guest's VS-stage page table (vswalk.c): Bare, 4 KiB and 1 GiB leaves,
 * the execute check only when asked (instruction fetches; a guest-page fault's GPA does not
 * need it), a leaf beyond the guest-physical space, and every way the walk fails. The table
 * lives in a guest memory of 64 KiB at guest-physical 0x8000_0000. */
#include "hv_test.h"

#include "gstage.h"
#include "vswalk.h"

#define MEM_SIZE 0x10000UL
#define ROOT_GPA (HV_GUEST_RAM_BASE + 0x0000)
#define L1_GPA (HV_GUEST_RAM_BASE + 0x1000)
#define L0_GPA (HV_GUEST_RAM_BASE + 0x2000)
#define DATA_GPA (HV_GUEST_RAM_BASE + 0x3000)
#define SV39 (8UL << 60)
#define LEAF_R (HV_PTE_V | HV_PTE_R | HV_PTE_A)
#define LEAF_RX (LEAF_R | HV_PTE_X)

struct fixture {
    struct hv_vm vm;
    uint8_t *mem;
};

static uint64_t *table(struct fixture *f, uint64_t gpa)
{
    return (uint64_t *)(f->mem + (gpa - HV_GUEST_RAM_BASE));
}

static uint64_t pte(uint64_t pa, uint64_t flags) { return (pa >> 12) << 10 | flags; }

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->mem = aligned_alloc(4096, MEM_SIZE);
    memset(f->mem, 0, MEM_SIZE);
    f->vm.host_base = (uint64_t)(uintptr_t)f->mem;
    f->vm.mem_size = MEM_SIZE;
    /* VA 0x8000_0000 + 4 KiB page 5: read-only data; + page 6: executable; VA 0xC000_0000: a
     * gigapage at 2^41; VA 0x4000_0000: a gigapage at a misaligned address. */
    table(f, ROOT_GPA)[2] = pte(L1_GPA, HV_PTE_V);
    table(f, L1_GPA)[0] = pte(L0_GPA, HV_PTE_V);
    table(f, L0_GPA)[5] = pte(DATA_GPA, LEAF_R);
    table(f, L0_GPA)[6] = pte(DATA_GPA, LEAF_RX);
    table(f, ROOT_GPA)[3] = pte(1UL << 41, LEAF_R);
    table(f, ROOT_GPA)[1] = pte(0x80200000UL, LEAF_RX);
    /* VA 0x1_4000_0000 (root index 5): a pointer to a table outside guest memory. */
    table(f, ROOT_GPA)[5] = pte(0x100000000UL, HV_PTE_V);
    /* VA 0x1_8000_0000 (root index 6): W without R, reserved. */
    table(f, ROOT_GPA)[6] = pte(DATA_GPA, HV_PTE_V | HV_PTE_W);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    free(f->mem);
    free(f);
    return 0;
}

static uint64_t walk(struct fixture *f, uint64_t vsatp, uint64_t va, bool exec)
{
    return hv_vs_translate(&f->vm, vsatp, va, exec);
}

static void test_bare_is_identity(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(walk(f, 0, 0x123456789abcUL, false), 0x123456789abcUL);
    assert_int_equal(walk(f, 0, 0x80000010UL, true), 0x80000010UL);
}

static void test_leaves(void **state)
{
    struct fixture *f = *state;
    uint64_t satp = SV39 | (ROOT_GPA >> 12);
    /* A 4 KiB data page: its GPA for a data access, nothing for a fetch. */
    assert_int_equal(walk(f, satp, 0x80005123UL, false), DATA_GPA + 0x123);
    assert_int_equal(walk(f, satp, 0x80005123UL, true), UINT64_MAX);
    assert_int_equal(walk(f, satp, 0x80006ffeUL, true), DATA_GPA + 0xffe);
    /* A gigapage beyond the guest-physical space: the walk still names the address. */
    assert_int_equal(walk(f, satp, 0xc0000010UL, false), (1UL << 41) + 0x10);
}

static void test_failures(void **state)
{
    struct fixture *f = *state;
    uint64_t satp = SV39 | (ROOT_GPA >> 12);
    assert_int_equal(walk(f, satp, 0x10UL, false), UINT64_MAX);             /* invalid root PTE */
    assert_int_equal(walk(f, satp, 0x80007000UL, false), UINT64_MAX);       /* invalid leaf */
    assert_int_equal(walk(f, satp, 0x40000000UL, false), UINT64_MAX);       /* misaligned */
    assert_int_equal(walk(f, satp, 0x140000000UL, false), UINT64_MAX);      /* table outside */
    assert_int_equal(walk(f, satp, 0x180000000UL, false), UINT64_MAX);      /* W without R */
    assert_int_equal(walk(f, satp, 0x4000000000UL, false), UINT64_MAX);     /* not canonical */
    assert_int_equal(walk(f, (9UL << 60) | (ROOT_GPA >> 12), 0x80005000UL, false), UINT64_MAX);
    /* A root outside guest memory. */
    assert_int_equal(walk(f, SV39 | (0x90000000UL >> 12), 0x80005000UL, false), UINT64_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bare_is_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leaves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
