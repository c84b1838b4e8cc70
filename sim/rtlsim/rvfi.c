/* Conversions between the RTL's retirement record (rvfi.h) and the C model's. */
#include "rvfi.h"

#include <string.h>

static uint8_t size_mask(unsigned size)
{
    return size >= 8 ? 0xFFu : (uint8_t)((1u << size) - 1u);
}

void rtlsim_rvfi_from_model(const mk_retire_t *r, rtlsim_rvfi_t *out)
{
    memset(out, 0, sizeof *out);
    out->cycle = r->cycle;
    out->pc = r->pc;
    out->insn = r->insn;
    out->mode = r->priv;
    out->v = r->v;
    out->trap = r->event == MK_EVENT_EXCEPTION;
    out->intr = r->event == MK_EVENT_INTERRUPT;
    if (out->trap || out->intr) {
        out->cause = r->cause;
        out->tval = r->tval;
    }
    if (r->rd_valid) {
        out->rd_addr = r->rd;
        out->rd_wdata = r->rd_wdata;
    }
    if (r->mem_read || r->mem_write) {
        /* The port reports the accessed bytes zero-extended: the model's load data is the raw
         * bytes already, its store data too; anything above the size would be a model bug and
         * shows as a difference. */
        out->mem_addr = r->mem_vaddr;
        out->mem_paddr = r->mem_paddr;
        if (r->mem_read) {
            out->mem_rmask = size_mask(r->mem_size);
            out->mem_rdata = r->mem_rdata;
        }
        if (r->mem_write) {
            out->mem_wmask = size_mask(r->mem_size);
            out->mem_wdata = r->mem_wdata;
        }
    }
    out->csr_count = r->csr_count;
    if (r->csr_count) {
        /* With several writes (none in M/S/U today) the last one is the CSR's final value;
         * csr_count itself is compared, so the extra writes are never hidden. */
        unsigned last = (r->csr_count < MK_RETIRE_MAX_CSR ? r->csr_count : MK_RETIRE_MAX_CSR) - 1;
        out->csr_addr = r->csr[last].addr;
        out->csr_wdata = r->csr[last].value;
    }
}

void rtlsim_rvfi_to_retire(const rtlsim_rvfi_t *p, mk_retire_t *r)
{
    memset(r, 0, sizeof *r);
    r->event = p->intr ? MK_EVENT_INTERRUPT : p->trap ? MK_EVENT_EXCEPTION : MK_EVENT_RETIRE;
    r->cycle = p->cycle;
    r->pc = p->pc;
    r->insn = p->insn;
    r->insn_len = p->intr ? 0 : (p->insn & 3) == 3 ? 4 : 2;
    r->priv = p->mode;
    r->v = p->v;
    r->cause = p->cause;
    r->tval = p->tval;
    r->rd_valid = p->rd_addr != 0;
    r->rd = p->rd_addr;
    r->rd_wdata = p->rd_wdata;
    uint8_t mask = p->mem_rmask | p->mem_wmask;
    r->mem_read = p->mem_rmask != 0;
    r->mem_write = p->mem_wmask != 0;
    r->mem_vaddr = p->mem_addr;
    r->mem_paddr = p->mem_paddr;
    r->mem_size = (uint8_t)__builtin_popcount(mask);
    r->mem_rdata = p->mem_rdata;
    r->mem_wdata = p->mem_wdata;
    if (p->csr_count) {
        r->csr_count = 1;
        r->csr[0].addr = p->csr_addr;
        r->csr[0].value = p->csr_wdata;
    }
}
