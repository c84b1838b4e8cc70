/* rtlsim --cosim: the C model in lock-step with the RTL (cosim.c, docs/rtlsim.md "Cosim"). */
#ifndef RTLSIM_COSIM_H
#define RTLSIM_COSIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mk_model.h"
#include "rvfi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rtlsim_cosim rtlsim_cosim_t;

/* What the model needs to be the same machine as the RTL. */
typedef struct rtlsim_cosim_config {
    const char *elf_path;
    const char *uart_in_path;   /* NULL: no UART input, as for the RTL */
    uint64_t mem_size;
    unsigned mem_latency;
    unsigned itlb_entries, dtlb_entries;
} rtlsim_cosim_config_t;

/* Creates the model (timing mode, console output discarded) and loads the ELF. NULL and a
 * one-line reason in err on failure. */
rtlsim_cosim_t *rtlsim_cosim_new(const rtlsim_cosim_config_t *cfg, char *err, size_t errlen);
void rtlsim_cosim_free(rtlsim_cosim_t *c);

/* Steps the model once for a record of the RTL and compares every field. Returns true if
 * they agree; otherwise writes the mismatch report to `report` and returns false. */
bool rtlsim_cosim_check(rtlsim_cosim_t *c, const rtlsim_rvfi_t *rtl, FILE *report);

/* At the RTL's normal end (exit code rtl_code, at cycle): the model must have ended too,
 * with the same code. Returns true if so, else writes the report and returns false. */
bool rtlsim_cosim_finish(rtlsim_cosim_t *c, int rtl_code, uint64_t cycle, FILE *report);

/* Records compared so far. */
uint64_t rtlsim_cosim_compared(const rtlsim_cosim_t *c);

#ifdef __cplusplus
}
#endif
#endif
