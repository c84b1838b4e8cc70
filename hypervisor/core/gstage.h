/* Sv39x4 G-stage page tables (H chapter, "Two-Stage Address Translation"). Tables are
 * addressed by physical address; the hypervisor runs with satp = Bare, so a table's pointer is
 * its physical address (on the host test, the pointer value stands in for it). */
#ifndef HV_GSTAGE_H
#define HV_GSTAGE_H

#include <stdint.h>

#define HV_PTE_V (1UL << 0)
#define HV_PTE_R (1UL << 1)
#define HV_PTE_W (1UL << 2)
#define HV_PTE_X (1UL << 3)
#define HV_PTE_U (1UL << 4)
#define HV_PTE_G (1UL << 5)
#define HV_PTE_A (1UL << 6)
#define HV_PTE_D (1UL << 7)
/* G-stage leaves must have U (guest accesses count as U-mode) and, under Svade, A and D. */
#define HV_GSTAGE_RWX (HV_PTE_V | HV_PTE_R | HV_PTE_W | HV_PTE_X | HV_PTE_U | HV_PTE_A | HV_PTE_D)

#define HV_GSTAGE_ROOT_ENTRIES 2048         /* 16 KiB root, 16 KiB aligned */
#define HV_GSTAGE_ROOT_BYTES   (HV_GSTAGE_ROOT_ENTRIES * 8)
#define HV_GSTAGE_GPA_BITS     41

/* Supplies zeroed, 4 KiB-aligned 4 KiB tables; NULL when out of them. */
struct hv_pt_alloc {
    uint64_t *(*page)(void *ctx);
    void *ctx;
};

struct hv_gstage_counts {
    unsigned giga, mega, pages, tables;  /* leaves by size, and tables allocated */
};

/* Maps [gpa, gpa+size) onto [hpa, hpa+size) with leaf flags `flags`, using 1 GiB and 2 MiB
 * leaves wherever both addresses are aligned and enough remains. All three values must be
 * 4 KiB aligned and the range below 2^41. Returns 0, or -1 (bad arguments, an overlap with an
 * existing mapping, out of tables); counts (may be NULL) accumulates what was built. */
int hv_gstage_map(uint64_t *root, uint64_t gpa, uint64_t hpa, uint64_t size, uint64_t flags,
                  const struct hv_pt_alloc *alloc, struct hv_gstage_counts *counts);

/* Walks the table: the host physical address of gpa, or UINT64_MAX when unmapped (*flags gets
 * the leaf's flags when not NULL). */
uint64_t hv_gstage_translate(const uint64_t *root, uint64_t gpa, uint64_t *flags);

/* hgatp for Sv39x4 (MODE 8) with this VMID and root. */
uint64_t hv_gstage_hgatp(const uint64_t *root, uint16_t vmid);

#endif
