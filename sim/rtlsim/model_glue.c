/* The few pieces of the C model's internals that rtlsim needs, behind a plain C interface
 * (the model's internal headers are C11, not C++): its DRAM image, which is also rtlsim's
 * memory, and its HTIF implementation. */
#include "model_glue.h"

#include "soc.h"

uint8_t *rtlsim_dram(mk_soc_t *soc, uint64_t *size)
{
    *size = soc->cfg.mem_size;
    return soc->dram;
}

uint64_t rtlsim_tohost(const mk_soc_t *soc)
{
    return soc->tohost;
}

void rtlsim_htif_written(mk_soc_t *soc)
{
    mk_htif_tohost_written(soc);
}
