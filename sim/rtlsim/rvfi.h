/* One retirement record as the RTL's rvfi_* port reports it (docs/rtl.md), and its two
 * conversions: to the C model's mk_retire_t (for the commit log) and from it (so that
 * rtlsim --cosim compares the model with the RTL field by field, in the port's own terms). */
#ifndef RTLSIM_RVFI_H
#define RTLSIM_RVFI_H

#include <stdbool.h>
#include <stdint.h>

#include "mk_model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rtlsim_rvfi {
    uint64_t cycle;         /* rvfi_cycle: the cycle the instruction is in WB */
    uint64_t pc;
    uint32_t insn;          /* 16 bits for a compressed instruction, 0 for an interrupt */
    uint8_t mode;           /* privilege */
    bool v;
    bool trap, intr;
    uint64_t cause, tval;
    uint8_t rd_addr;        /* 0 when nothing is written */
    uint64_t rd_wdata;
    uint64_t mem_addr;      /* virtual */
    uint64_t mem_paddr;     /* physical (equal to mem_addr without translation) */
    uint8_t mem_rmask, mem_wmask;   /* bytes from mem_addr */
    uint64_t mem_rdata, mem_wdata;  /* the accessed bytes, zero-extended */
    uint8_t csr_count;      /* CSR writes: the RTL reports at most one (rvfi_csr_we) */
    uint16_t csr_addr;
    uint64_t csr_wdata;     /* the value the CSR reads after the write */
} rtlsim_rvfi_t;

/* The model's record seen through the port: masks from the access size, absent fields 0. */
void rtlsim_rvfi_from_model(const mk_retire_t *r, rtlsim_rvfi_t *out);
/* The port's record as a model record, for mk_commitlog_write. */
void rtlsim_rvfi_to_retire(const rtlsim_rvfi_t *p, mk_retire_t *out);

#ifdef __cplusplus
}
#endif
#endif
