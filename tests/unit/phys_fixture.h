/* Helpers of the unit tests that build page tables in the model's DRAM. */
#ifndef MK_TEST_PHYS_FIXTURE_H
#define MK_TEST_PHYS_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "riscv.h"
#include "soc.h"

static inline uint64_t phys_rd64(mk_soc_t *soc, uint64_t pa)
{
    uint64_t v;
    assert_int_equal(mk_soc_phys_read(soc, pa, &v, sizeof v), 0);
    return v;
}

static inline void phys_wr64(mk_soc_t *soc, uint64_t pa, uint64_t v)
{
    assert_int_equal(mk_soc_phys_write(soc, pa, &v, sizeof v), 0);
}

static inline void phys_zero_page(mk_soc_t *soc, uint64_t pa)
{
    static const uint8_t zeros[4096];
    assert_int_equal(mk_soc_phys_write(soc, pa, zeros, sizeof zeros), 0);
}

/* A leaf PTE mapping physical address pa with the given flag bits, and a pointer PTE. */
static inline uint64_t leaf_pte(uint64_t pa, uint64_t flags)
{
    return ((pa >> 12) << MK_PTE_PPN_SHIFT) | flags;
}

static inline uint64_t ptr_pte(uint64_t table)
{
    return ((table >> 12) << MK_PTE_PPN_SHIFT) | MK_PTE_V;
}

#endif
