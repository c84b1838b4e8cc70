/*
 * The test finisher at 0x100000 (QEMU's sifive_test): a 32-bit write of 0x5555 ends the run
 * with exit code 0, (code << 16) | 0x3333 ends it with `code`, 0x7777 resets the hart. Other
 * values are ignored. Reads return 0. Only 32-bit accesses to offset 0 are accepted.
 */
#include "soc.h"

#define FINISHER_FAIL 0x3333u
#define FINISHER_PASS 0x5555u
#define FINISHER_RESET 0x7777u

int mk_finisher_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val)
{
    (void)soc;
    if (size != 4 || off != 0)
        return -1;
    *val = 0;
    return 0;
}

int mk_finisher_store(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t val)
{
    if (size != 4 || off != 0)
        return -1;
    uint32_t v = (uint32_t)val;
    switch (v & 0xFFFFu) {
    case FINISHER_PASS:
        soc->exited = true;
        soc->exit_code = 0;
        break;
    case FINISHER_FAIL:
        soc->exited = true;
        soc->exit_code = (int)(v >> 16);
        break;
    case FINISHER_RESET:
        /* The store is still executing: reset at the next instruction boundary
         * (mk_soc_update_irqs), so the hart never sees a half-finished store. */
        soc->dev.finisher.reset_pending = true;
        break;
    default:
        break;
    }
    soc->hart.irq_recheck = true;   /* leave the fast loop so the run can end or reset */
    return 0;
}
