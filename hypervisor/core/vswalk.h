/* A software walk of the guest's own (VS-stage) Sv39 page table, over its memory. The
 * fallback for reading guest instructions where HLVX is unavailable or faults spuriously. */
#ifndef HV_VSWALK_H
#define HV_VSWALK_H

#include "vm.h"

/* Guest-physical address of guest-virtual va under vsatp (Bare or Sv39), or UINT64_MAX if
 * the walk fails or the page is not executable. Only tables inside guest DRAM are followed. */
uint64_t hv_vs_translate_exec(const struct hv_vm *vm, uint64_t vsatp, uint64_t va);

#endif
