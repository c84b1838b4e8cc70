/* rtlsim's access to the C model's DRAM image and HTIF (model_glue.c). */
#ifndef RTLSIM_MODEL_GLUE_H
#define RTLSIM_MODEL_GLUE_H

#include <stdint.h>

#include "mk_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The DRAM image at MK_DRAM_BASE and its size in bytes. */
uint8_t *rtlsim_dram(mk_soc_t *soc, uint64_t *size);
/* The ELF's tohost address, or 0. */
uint64_t rtlsim_tohost(const mk_soc_t *soc);
/* Acts on a store that changed tohost (exit, console output, syscall block). */
void rtlsim_htif_written(mk_soc_t *soc);

#ifdef __cplusplus
}
#endif
#endif
