/* A software walk of the guest's own (VS-stage) Sv39 page table, over its memory. The
 * fallback for reading guest instructions where HLVX is unavailable or faults spuriously, and
 * for finding the guest-physical address of a guest-page fault whose htval is 0. */
#ifndef HV_VSWALK_H
#define HV_VSWALK_H

#include "vm.h"

/* Guest-physical address of guest-virtual va under vsatp (Bare or Sv39), or UINT64_MAX if
 * the walk fails or (exec) the page is not executable. Only tables inside guest DRAM are
 * followed; the leaf's other permissions are not checked. */
uint64_t hv_vs_translate(const struct hv_vm *vm, uint64_t vsatp, uint64_t va, bool exec);

#endif
