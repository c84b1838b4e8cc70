/* The C model's translation as a reference for the mk_mmu bench (see mmu_ref.h). */
#include "mmu_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmu.h"
#include "pmp.h"
#include "soc.h"

static mk_soc_t *soc;

void mk_mmu_ref_init(unsigned entries)
{
    mk_config_t cfg;
    mk_config_default(&cfg);
    char err[256];
    soc = mk_soc_new(&cfg, err, sizeof err);
    if (!soc) {
        fprintf(stderr, "mmu_ref: %s\n", err);
        abort();
    }
    mk_hart_t *h = &soc->hart;
    mk_mmu_reset(h, entries, entries);
    mk_pmp_write_addr(h, 15, ~0ULL);
    mk_pmp_write_cfg(h, 2, (uint64_t)((MK_PMP_A_NAPOT << MK_PMP_A_SHIFT) | MK_PMP_R | MK_PMP_W |
                                      MK_PMP_X) << 56);
}

uint64_t mk_mmu_ref_read64(uint64_t pa, int *ok)
{
    uint64_t v = 0;
    *ok = mk_soc_phys_read(soc, pa, &v, sizeof v) == 0 && mk_soc_dram_ptr(soc, pa) != NULL;
    return *ok ? v : 0;
}

void mk_mmu_ref_write64(uint64_t pa, uint64_t value)
{
    if (mk_soc_phys_write(soc, pa, &value, sizeof value) != 0)
        abort();
}

void mk_mmu_ref_context(uint64_t satp, uint64_t vsatp, uint64_t hgatp, int sum, int mxr,
                        int vs_sum, int vs_mxr)
{
    mk_hart_t *h = &soc->hart;
    h->csr.satp = satp;
    h->csr.vsatp = vsatp;
    h->csr.hgatp = hgatp;
    h->csr.mstatus &= ~(MK_MSTATUS_SUM | MK_MSTATUS_MXR | MK_MSTATUS_MPRV);
    h->csr.mstatus |= (sum ? MK_MSTATUS_SUM : 0) | (mxr ? MK_MSTATUS_MXR : 0);
    h->csr.vsstatus = (vs_sum ? MK_MSTATUS_SUM : 0) | (vs_mxr ? MK_MSTATUS_MXR : 0);
}

void mk_mmu_ref_translate(uint64_t vaddr, int store, int hlvx, unsigned priv, int virt,
                          mk_mmu_ref_result_t *r)
{
    mk_hart_t *h = &soc->hart;
    uint64_t misses = h->stats.dtlb_misses, accesses = h->stats.page_walk_accesses;
    mk_xlate_t x = mk_mmu_translate_as(h, vaddr, store ? MK_ACC_STORE : MK_ACC_LOAD, priv,
                                       virt != 0, hlvx != 0);
    r->ok = x.ok;
    r->paddr = x.paddr;
    r->cause = x.cause;
    r->tval2 = x.tval2;
    r->implicit = x.implicit;
    r->walked = h->stats.dtlb_misses != misses;
    r->accesses = (unsigned)(h->stats.page_walk_accesses - accesses);
}

void mk_mmu_ref_sfence(int virt, int va_valid, uint64_t va, int asid_valid, uint16_t asid)
{
    soc->hart.v = virt != 0;
    mk_mmu_sfence(&soc->hart, va_valid != 0, va, asid_valid != 0, asid);
}

void mk_mmu_ref_hfence_vvma(int va_valid, uint64_t va, int asid_valid, uint16_t asid)
{
    mk_mmu_hfence_vvma(&soc->hart, va_valid != 0, va, asid_valid != 0, asid);
}

void mk_mmu_ref_hfence_gvma(int gpa_valid, uint64_t gpa, int vmid_valid, uint16_t vmid)
{
    mk_mmu_hfence_gvma(&soc->hart, gpa_valid != 0, gpa, vmid_valid != 0, vmid);
}
