/* Shared fixture of the unit tests that drive one hart directly (CSRs, traps): a fresh SoC per
 * test, instructions executed straight from their encoding, and CSR access helpers. */
#ifndef MK_TEST_HART_FIXTURE_H
#define MK_TEST_HART_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "csr.h"
#include "decode.h"
#include "soc.h"

/* A SoC in its reset state with the hart at the start of DRAM and no device interrupt lines,
 * so that tests see only the interrupts they raise themselves. */
static inline mk_soc_t *fixture_soc_new(void)
{
    mk_config_t cfg;
    char err[256];
    mk_config_default(&cfg);
    mk_soc_t *soc = mk_soc_new(&cfg, err, sizeof err);
    if (!soc)
        return NULL;
    soc->hart.irq_lines = 0;
    soc->hart.pc = MK_DRAM_BASE;
    return soc;
}

static inline int fixture_setup(void **state)
{
    *state = fixture_soc_new();
    return *state ? 0 : -1;
}

static inline int teardown(void **state)
{
    mk_soc_free(*state);
    return 0;
}

static inline mk_hart_t *hart(void **state) { return &((mk_soc_t *)*state)->hart; }

/* Executes one instruction given by its encoding at h->pc (no fetch). */
static inline void exec(mk_hart_t *h, uint32_t bits)
{
    mk_insn_t in;
    mk_decode(bits, &in);
    h->trapped = false;
    in.exec(h, &in);
    h->x[0] = 0;
}

static inline uint64_t rd(mk_hart_t *h, uint16_t addr)
{
    uint64_t v = 0xDEADBEEF;
    assert_true(mk_csr_read(h, addr, false, &v));
    return v;
}

static inline void wr(mk_hart_t *h, uint16_t addr, uint64_t v)
{
    assert_true(mk_csr_write(h, addr, v));
}

/* Writes v and returns what reads back. */
static inline uint64_t wr_rd(mk_hart_t *h, uint16_t addr, uint64_t v)
{
    wr(h, addr, v);
    return rd(h, addr);
}

static inline bool can_read(mk_hart_t *h, uint16_t addr)
{
    uint64_t v;
    return mk_csr_read(h, addr, false, &v);
}

#endif
