/* Sv39 address translation: TLBs and the hardware page-table walker (Svade: no A/D updates). */
#ifndef MK_MMU_H
#define MK_MMU_H

#include "hart.h"

typedef struct mk_xlate {
    bool ok;
    uint64_t paddr;
    uint64_t cause;     /* exception cause when !ok: page fault or access fault of the access type */
    uint8_t level;      /* when ok: page size of the translation (0 = 4 KiB) */
    bool cacheable;     /* when ok: the translation may be cached by the fast path (see mem.c) */
} mk_xlate_t;

void mk_mmu_reset(mk_hart_t *h, unsigned itlb_entries, unsigned dtlb_entries);

/*
 * Translates vaddr for one access. Uses the effective privilege (mstatus.MPRV/MPP for loads
 * and stores), satp, SUM and MXR. A TLB hit is checked against the current permissions; a miss
 * walks the page table (each PTE read is a PMP-checked S-mode physical read) and fills the TLB
 * with the leaf. Counts hits, misses and walk accesses in h->stats. Does not do the final PMP
 * check on the resulting physical address (mem.c does, with the access size).
 */
mk_xlate_t mk_mmu_translate(mk_hart_t *h, uint64_t vaddr, mk_access_t acc);

/* SFENCE.VMA rs1/rs2 semantics: vaddr_valid = (rs1 != x0), asid_valid = (rs2 != x0). */
void mk_mmu_sfence(mk_hart_t *h, bool vaddr_valid, uint64_t vaddr, bool asid_valid, uint16_t asid);

/* HFENCE.VVMA: VS-stage entries of the current VMID (hgatp.VMID), with the same rs1/rs2 scope
 * rules as SFENCE.VMA (rs2 is a guest ASID). HFENCE.GVMA: entries whose G-stage came from
 * guest physical address gpa (rs1 holds gpa >> 2), for one VMID or all. */
void mk_mmu_hfence_vvma(mk_hart_t *h, bool vaddr_valid, uint64_t vaddr, bool asid_valid,
                        uint16_t asid);
void mk_mmu_hfence_gvma(mk_hart_t *h, bool gpa_valid, uint64_t gpa, bool vmid_valid,
                        uint16_t vmid);

/* The privilege used for translation and PMP of a data access (MPRV applied). */
unsigned mk_mmu_effective_priv(const mk_hart_t *h, mk_access_t acc);

#endif
