/* The C model's translation (mmu.c, tlb.c) as a reference for the mk_mmu bench: one model hart
 * with its DRAM, its DTLB and the CSRs translation reads. A plain C interface, so that the C++
 * bench need not parse the model's C11 headers. Implemented in mmu_ref.c (libmk.a). */
#ifndef MK_MMU_REF_H
#define MK_MMU_REF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A fresh hart (default configuration: DRAM 256 MiB at 0x80000000) with a DTLB of `entries`
 * entries and PMP entry 15 = all of memory, RWX. */
void mk_mmu_ref_init(unsigned entries);

/* DRAM, as the walkers read it (0 and *ok = 0 outside DRAM). */
uint64_t mk_mmu_ref_read64(uint64_t pa, int *ok);
void mk_mmu_ref_write64(uint64_t pa, uint64_t value);

/* The CSR state translation reads. */
void mk_mmu_ref_context(uint64_t satp, uint64_t vsatp, uint64_t hgatp, int sum, int mxr,
                        int vs_sum, int vs_mxr);

typedef struct {
    int ok;
    uint64_t paddr;
    uint64_t cause;         /* 5/7 access, 13/15 page, 21/23 guest-page fault */
    uint64_t tval2;
    int implicit;
    int walked;             /* the DTLB missed */
    unsigned accesses;      /* PTE reads of the walk */
} mk_mmu_ref_result_t;

/* mk_mmu_translate_as for a load (or an HLVX) or a store at privilege priv (0 U, 1 S, 3 M)
 * made as though V = virt. */
void mk_mmu_ref_translate(uint64_t vaddr, int store, int hlvx, unsigned priv, int virt,
                          mk_mmu_ref_result_t *r);

/* The fences (mk_mmu_sfence with V = virt, mk_mmu_hfence_vvma, mk_mmu_hfence_gvma). */
void mk_mmu_ref_sfence(int virt, int va_valid, uint64_t va, int asid_valid, uint16_t asid);
void mk_mmu_ref_hfence_vvma(int va_valid, uint64_t va, int asid_valid, uint16_t asid);
void mk_mmu_ref_hfence_gvma(int gpa_valid, uint64_t gpa, int vmid_valid, uint16_t vmid);

#ifdef __cplusplus
}
#endif

#endif
