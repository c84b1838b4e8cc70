/* Physical memory protection (cmodel/src/pmp.c; docs/isa.md, "Virtual memory and PMP"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pmp.h"
#include "soc.h"

#define OFF (MK_PMP_A_OFF << MK_PMP_A_SHIFT)
#define TOR (MK_PMP_A_TOR << MK_PMP_A_SHIFT)
#define NA4 (MK_PMP_A_NA4 << MK_PMP_A_SHIFT)
#define NAPOT (MK_PMP_A_NAPOT << MK_PMP_A_SHIFT)
#define R MK_PMP_R
#define W MK_PMP_W
#define X MK_PMP_X
#define L MK_PMP_L
#define RWX (R | W | X)

#define LOAD MK_ACC_LOAD
#define STORE MK_ACC_STORE
#define FETCH MK_ACC_FETCH
#define M MK_PRIV_M
#define S MK_PRIV_S
#define U MK_PRIV_U

static int setup(void **state)
{
    mk_config_t cfg;
    mk_config_default(&cfg);
    char err[256];
    mk_soc_t *soc = mk_soc_new(&cfg, err, sizeof err);
    assert_non_null(soc);
    *state = soc;
    return 0;
}

static int teardown(void **state)
{
    mk_soc_free(*state);
    return 0;
}

static mk_hart_t *hart(void **state) { return &((mk_soc_t *)*state)->hart; }

/* Writes pmpaddr[i] and then cfg byte i (through its pmpcfg CSR, other bytes unchanged). */
static void set_entry(mk_hart_t *h, unsigned i, uint8_t cfg, uint64_t addr)
{
    mk_pmp_write_addr(h, i, addr);
    unsigned csr = (i / 8) * 2, shift = (i % 8) * 8;
    uint64_t v = mk_pmp_read_cfg(h, csr);
    v = (v & ~(0xFFULL << shift)) | ((uint64_t)cfg << shift);
    mk_pmp_write_cfg(h, csr, v);
}

static uint8_t cfg_byte(mk_hart_t *h, unsigned i)
{
    return (uint8_t)(mk_pmp_read_cfg(h, (i / 8) * 2) >> ((i % 8) * 8));
}

/* NAPOT encoding of a naturally aligned power-of-two region of size >= 8. */
static uint64_t napot(uint64_t base, uint64_t size)
{
    return (base >> 2) | ((size / 8) - 1);
}

static void test_no_entries(void **state)
{
    mk_hart_t *h = hart(state);
    for (unsigned acc = 0; acc < 3; acc++) {
        assert_true(mk_pmp_check(h, 0x80000000, 8, acc, M));
        assert_false(mk_pmp_check(h, 0x80000000, 8, acc, S));
        assert_false(mk_pmp_check(h, 0x80000000, 8, acc, U));
    }
}

static void test_tor(void **state)
{
    mk_hart_t *h = hart(state);
    /* Entry 0 TOR: from address 0 up to pmpaddr0. */
    set_entry(h, 0, TOR | R | W, 0x1000 >> 2);
    assert_true(mk_pmp_check(h, 0, 8, LOAD, S));
    assert_true(mk_pmp_check(h, 0xFF8, 8, STORE, U));
    assert_false(mk_pmp_check(h, 0xFF8, 8, FETCH, S));
    assert_false(mk_pmp_check(h, 0x1000, 4, LOAD, S));
    assert_true(mk_pmp_check(h, 0x1000, 4, LOAD, M));
    /* Entry 1 TOR: [pmpaddr0, pmpaddr1). */
    set_entry(h, 1, TOR | X, 0x2000 >> 2);
    assert_true(mk_pmp_check(h, 0x1000, 2, FETCH, S));
    assert_true(mk_pmp_check(h, 0x1FFC, 4, FETCH, U));
    assert_false(mk_pmp_check(h, 0x1000, 4, LOAD, S));
    assert_false(mk_pmp_check(h, 0x2000, 2, FETCH, S));
    assert_false(mk_pmp_check(h, 0xFFC, 4, FETCH, S));
}

static void test_tor_empty_range(void **state)
{
    mk_hart_t *h = hart(state);
    /* pmpaddr[i-1] >= pmpaddr[i]: the TOR entry matches nothing, so a later entry decides. */
    set_entry(h, 0, TOR, 0);                    /* [0, 0) */
    set_entry(h, 5, NAPOT | R, ~0ULL);
    assert_true(mk_pmp_check(h, 0, 8, LOAD, S));
    set_entry(h, 2, OFF, 0x3000 >> 2);
    set_entry(h, 3, TOR, 0x2000 >> 2);          /* [0x3000, 0x2000) */
    assert_true(mk_pmp_check(h, 0x2800, 8, LOAD, S));
    set_entry(h, 3, TOR, 0x4000 >> 2);          /* [0x3000, 0x4000), no permissions */
    assert_false(mk_pmp_check(h, 0x3800, 8, LOAD, S));
    assert_true(mk_pmp_check(h, 0x2800, 8, LOAD, S));
    /* An empty TOR range inside a page does not split the page. */
    set_entry(h, 6, OFF, 0x80002800 >> 2);
    set_entry(h, 7, TOR | RWX, 0x80002400 >> 2);
    set_entry(h, 5, OFF, 0);
    set_entry(h, 8, NAPOT | R, ~0ULL);
    assert_true(mk_pmp_page_allowed(h, 0x80002000, LOAD, S));
}

static void test_na4(void **state)
{
    mk_hart_t *h = hart(state);
    set_entry(h, 0, NA4 | R, 0x80000000 >> 2);
    assert_true(mk_pmp_check(h, 0x80000000, 4, LOAD, S));
    assert_true(mk_pmp_check(h, 0x80000002, 2, LOAD, S));
    assert_false(mk_pmp_check(h, 0x80000000, 4, STORE, S));
    assert_false(mk_pmp_check(h, 0x80000004, 4, LOAD, S));
    assert_false(mk_pmp_check(h, 0x7FFFFFFC, 4, LOAD, S));
    /* An 8-byte access covers the entry only partly: it fails, in M-mode too. */
    assert_false(mk_pmp_check(h, 0x80000000, 8, LOAD, S));
    assert_false(mk_pmp_check(h, 0x80000000, 8, LOAD, M));
    assert_true(mk_pmp_check(h, 0x80000000, 4, STORE, M));
    assert_true(mk_pmp_check(h, 0x80000008, 8, STORE, M));
}

static void test_napot_sizes(void **state)
{
    mk_hart_t *h = hart(state);
    static const struct { uint64_t base, size; } r[] = {
        { 0x80000008, 8 }, { 0x80001000, 0x1000 }, { 0x80100000, 0x100000 },
        { 0x40000000, 0x40000000 },
    };
    for (unsigned i = 0; i < 4; i++) {
        uint64_t a = napot(r[i].base, r[i].size);
        set_entry(h, i, NAPOT | R | W, a);
        assert_int_equal(mk_pmp_read_addr(h, i), a);    /* G=0: reads back as written */
    }
    for (unsigned i = 0; i < 4; i++) {
        uint64_t b = r[i].base, e = r[i].base + r[i].size;
        assert_true(mk_pmp_check(h, b, 4, LOAD, S));
        assert_true(mk_pmp_check(h, e - 4, 4, STORE, U));
        assert_false(mk_pmp_check(h, b, 4, FETCH, S));
        assert_false(mk_pmp_check(h, b - 4, 4, LOAD, S));
        assert_false(mk_pmp_check(h, e, 4, LOAD, S));
    }
    /* All ones: the whole physical address space. */
    set_entry(h, 0, NAPOT | X, ~0ULL);
    assert_true(mk_pmp_check(h, 0, 4, FETCH, U));
    assert_true(mk_pmp_check(h, 0xFFFFFFFFFFFC, 4, FETCH, U));
    assert_true(mk_pmp_check(h, (1ULL << 56) - 4, 4, FETCH, U));
    /* Addresses at or above 2^56 match no entry. */
    assert_false(mk_pmp_check(h, 1ULL << 56, 4, FETCH, U));
    assert_false(mk_pmp_check(h, ~0ULL - 3, 4, FETCH, S));
    assert_true(mk_pmp_check(h, ~0ULL - 3, 4, FETCH, M));
}

static void test_priority(void **state)
{
    mk_hart_t *h = hart(state);
    set_entry(h, 0, NAPOT, napot(0x80001000, 0x1000));
    set_entry(h, 1, NAPOT | RWX, napot(0x80000000, 0x100000));
    assert_false(mk_pmp_check(h, 0x80001000, 8, LOAD, S));
    assert_false(mk_pmp_check(h, 0x80001FF8, 8, STORE, S));
    assert_true(mk_pmp_check(h, 0x80002000, 8, LOAD, S));
    assert_true(mk_pmp_check(h, 0x80000FF8, 8, STORE, S));
    /* Swapped: the lower-numbered allowing entry wins. */
    set_entry(h, 0, NAPOT | RWX, napot(0x80001000, 0x1000));
    set_entry(h, 1, NAPOT, napot(0x80000000, 0x100000));
    assert_true(mk_pmp_check(h, 0x80001000, 8, LOAD, S));
    assert_false(mk_pmp_check(h, 0x80002000, 8, LOAD, S));
}

static void test_partial_overlap(void **state)
{
    mk_hart_t *h = hart(state);
    set_entry(h, 0, NA4 | RWX, 0x80000004 >> 2);
    set_entry(h, 1, NAPOT | RWX, ~0ULL);
    assert_true(mk_pmp_check(h, 0x80000000, 4, LOAD, S));
    assert_true(mk_pmp_check(h, 0x80000004, 4, LOAD, S));
    /* Entry 0 matches some bytes only: the access fails although both entries allow it. */
    assert_false(mk_pmp_check(h, 0x80000000, 8, LOAD, S));
    assert_false(mk_pmp_check(h, 0x80000000, 8, LOAD, M));
    /* TOR boundary inside an access. */
    set_entry(h, 0, OFF, 0x80000004 >> 2);
    set_entry(h, 1, TOR | RWX, 0x8000000C >> 2);
    set_entry(h, 2, NAPOT | RWX, ~0ULL);
    assert_true(mk_pmp_check(h, 0x80000004, 4, LOAD, S));
    assert_false(mk_pmp_check(h, 0x80000008, 8, LOAD, S));
    assert_false(mk_pmp_check(h, 0x80000000, 8, LOAD, S));
}

static void test_m_versus_s_u(void **state)
{
    mk_hart_t *h = hart(state);
    set_entry(h, 0, NAPOT, ~0ULL);              /* matches everything, no permissions */
    for (unsigned acc = 0; acc < 3; acc++) {
        assert_true(mk_pmp_check(h, 0x80000000, 8, acc, M));
        assert_false(mk_pmp_check(h, 0x80000000, 8, acc, S));
        assert_false(mk_pmp_check(h, 0x80000000, 8, acc, U));
    }
    set_entry(h, 0, NAPOT | R, ~0ULL);
    assert_true(mk_pmp_check(h, 0x80000000, 8, LOAD, U));
    assert_false(mk_pmp_check(h, 0x80000000, 8, STORE, U));
    assert_false(mk_pmp_check(h, 0x80000000, 2, FETCH, S));
}

static void test_lock_applies_to_m(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t a = napot(0x80000000, 0x1000);
    set_entry(h, 1, NAPOT | R | W, 0x12345);
    set_entry(h, 0, NAPOT | R | L, a);
    assert_true(mk_pmp_check(h, 0x80000000, 8, LOAD, M));
    assert_false(mk_pmp_check(h, 0x80000000, 8, STORE, M));
    assert_false(mk_pmp_check(h, 0x80000000, 2, FETCH, M));
    assert_true(mk_pmp_check(h, 0x80001000, 8, STORE, M));  /* outside: no match */
    assert_true(mk_pmp_check(h, 0x80000000, 8, LOAD, S));

    /* The locked entry's cfg byte and pmpaddr ignore writes; its neighbours do not. */
    uint64_t rb = mk_pmp_write_cfg(h, 0, (uint64_t)(NAPOT | R | W) << 8 | (NAPOT | RWX));
    assert_int_equal(rb & 0xFF, NAPOT | R | L);
    assert_int_equal((rb >> 8) & 0xFF, NAPOT | R | W);
    assert_int_equal(cfg_byte(h, 0), NAPOT | R | L);
    assert_int_equal(mk_pmp_write_addr(h, 0, 0x999), a);
    assert_int_equal(mk_pmp_read_addr(h, 0), a);
    assert_int_equal(mk_pmp_write_addr(h, 1, 0x999), 0x999);
    assert_false(mk_pmp_check(h, 0x80000000, 8, STORE, M));
}

static void test_tor_lock_locks_previous_addr(void **state)
{
    mk_hart_t *h = hart(state);
    set_entry(h, 4, OFF, 0x1000 >> 2);
    set_entry(h, 5, TOR | R | L, 0x2000 >> 2);
    assert_int_equal(mk_pmp_write_addr(h, 4, 0), 0x1000 >> 2);
    assert_int_equal(mk_pmp_write_addr(h, 5, 0), 0x2000 >> 2);
    /* Entry 4's cfg byte is not locked. */
    set_entry(h, 4, NA4 | R, 0x1000 >> 2);
    assert_int_equal(cfg_byte(h, 4), NA4 | R);
    assert_false(mk_pmp_check(h, 0x1800, 4, STORE, M));
    /* A locked entry that is not TOR leaves the address below it writable. */
    set_entry(h, 7, NAPOT | R | L, napot(0x4000, 0x1000));
    assert_int_equal(mk_pmp_write_addr(h, 6, 0x77), 0x77);
    /* Entry 15 has nothing above it. */
    assert_int_equal(mk_pmp_write_addr(h, 15, 0x55), 0x55);
}

static void test_warl_readback(void **state)
{
    mk_hart_t *h = hart(state);
    /* Bits 6:5 are reserved (zero); R=0 with W=1 loses W. */
    assert_int_equal(mk_pmp_write_cfg(h, 0, ~0ULL), 0x9F9F9F9F9F9F9F9FULL);
    assert_int_equal(mk_pmp_write_cfg(h, 2, 0x0000000000000E02ULL), 0x0C00ULL);
    assert_int_equal(mk_pmp_read_cfg(h, 2), 0x0C00ULL);
    assert_int_equal(cfg_byte(h, 8), 0);                /* W alone -> 0 */
    assert_int_equal(cfg_byte(h, 9), TOR | X);          /* TOR|X|W -> TOR|X */
    assert_int_equal(mk_pmp_write_cfg(h, 2, 0x6203ULL), 0x0003ULL);
    /* pmpaddr holds bits 55:2 only. */
    assert_int_equal(mk_pmp_write_addr(h, 10, ~0ULL), (1ULL << 54) - 1);
    assert_int_equal(mk_pmp_read_addr(h, 10), (1ULL << 54) - 1);
    /* Entries 0..7 were locked by the all-ones write: their addresses ignore writes. */
    assert_int_equal(mk_pmp_write_addr(h, 3, 0x1234), 0);
    /* Entries 16..63 and odd pmpcfg indices do not exist: read 0, writes ignored. */
    for (unsigned csr = 4; csr <= 14; csr += 2) {
        assert_int_equal(mk_pmp_write_cfg(h, csr, ~0ULL), 0);
        assert_int_equal(mk_pmp_read_cfg(h, csr), 0);
    }
    assert_int_equal(mk_pmp_read_cfg(h, 1), 0);
    assert_int_equal(mk_pmp_write_addr(h, 16, 0x1234), 0);
    assert_int_equal(mk_pmp_read_addr(h, 63), 0);
    /* Locked cfg bytes ignore writes. */
    assert_int_equal(mk_pmp_write_cfg(h, 0, 0), 0x9F9F9F9F9F9F9F9FULL);
}

static void test_writes_flush_fast_path(void **state)
{
    mk_hart_t *h = hart(state);
    h->fast_store[7].tag = 7;
    h->fast_fetch[1].tag = 1;
    mk_pmp_write_addr(h, 2, 0x100);
    assert_int_equal(h->fast_store[7].tag, MK_FAST_INVALID);
    assert_int_equal(h->fast_fetch[1].tag, MK_FAST_INVALID);
    h->fast_load[9].tag = 9;
    mk_pmp_write_cfg(h, 0, 0);
    assert_int_equal(h->fast_load[9].tag, MK_FAST_INVALID);
}

static void test_page_allowed(void **state)
{
    mk_hart_t *h = hart(state);
    set_entry(h, 1, NAPOT | R | X, napot(0x80000000, 0x100000));
    assert_true(mk_pmp_page_allowed(h, 0x80001000, LOAD, S));
    assert_true(mk_pmp_page_allowed(h, 0x800FF000, FETCH, U));
    assert_false(mk_pmp_page_allowed(h, 0x80001000, STORE, S));
    assert_false(mk_pmp_page_allowed(h, 0x80100000, LOAD, S));     /* no match */
    assert_true(mk_pmp_page_allowed(h, 0x80100000, STORE, M));
    assert_true(mk_pmp_page_allowed(h, 0x80001000, STORE, M));     /* unlocked */
    /* A higher-priority entry inside the page splits it: not cacheable as a whole. */
    set_entry(h, 0, NA4 | R | X, 0x80002010 >> 2);
    assert_false(mk_pmp_page_allowed(h, 0x80002000, LOAD, S));
    assert_true(mk_pmp_page_allowed(h, 0x80003000, LOAD, S));
    /* A region smaller than a page. */
    set_entry(h, 2, NAPOT | RWX, napot(0x90000000, 0x800));
    assert_false(mk_pmp_page_allowed(h, 0x90000000, LOAD, S));
    /* A region spanning pages allows each. */
    set_entry(h, 3, TOR | RWX, 0x90003000 >> 2);
    set_entry(h, 2, OFF, 0x90001000 >> 2);
    assert_true(mk_pmp_page_allowed(h, 0x90001000, STORE, U));
    assert_true(mk_pmp_page_allowed(h, 0x90002000, STORE, U));
    assert_false(mk_pmp_page_allowed(h, 0x90003000, STORE, U));
    /* Locked without permission: not even M. */
    set_entry(h, 4, NAPOT | L, napot(0xA0000000, 0x1000));
    assert_false(mk_pmp_page_allowed(h, 0xA0000000, LOAD, M));
}

/* Property: whenever mk_pmp_page_allowed says yes, every aligned access in the page is
 * allowed by mk_pmp_check. Random configurations near one page, fixed seed. */
static void test_page_allowed_is_sound(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t seed = 12345;
    unsigned yes = 0;
    for (unsigned round = 0; round < 200; round++) {
        for (unsigned i = 0; i < 4; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            uint8_t cfg = (uint8_t)((seed >> 33) & 0x1F);
            uint64_t addr = (0x80000000 >> 2) + ((seed >> 40) & 0x7FF);
            if ((seed >> 20) & 1)
                addr = (addr & ~0x3FFULL) | 0x1FF;     /* a page-sized NAPOT near the page */
            set_entry(h, i, cfg, addr);
        }
        for (unsigned priv = 0; priv < 4; priv += (priv == 1 ? 2 : 1)) {
            for (unsigned acc = 0; acc < 3; acc++) {
                if (!mk_pmp_page_allowed(h, 0x80001000, acc, priv))
                    continue;
                yes++;
                for (uint64_t a = 0x80001000; a < 0x80002000; a += 4) {
                    assert_true(mk_pmp_check(h, a, 4, acc, priv));
                    if (!(a & 7))
                        assert_true(mk_pmp_check(h, a, 8, acc, priv));
                }
            }
        }
    }
    assert_true(yes > 50);      /* the property was exercised */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_no_entries),
        T(test_tor),
        T(test_tor_empty_range),
        T(test_na4),
        T(test_napot_sizes),
        T(test_priority),
        T(test_partial_overlap),
        T(test_m_versus_s_u),
        T(test_lock_applies_to_m),
        T(test_tor_lock_locks_previous_addr),
        T(test_warl_readback),
        T(test_writes_flush_fast_path),
        T(test_page_allowed),
        T(test_page_allowed_is_sound),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
