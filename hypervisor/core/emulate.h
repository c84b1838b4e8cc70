/* MMIO emulation: the devices a guest sees besides its DRAM (the virtual UART only). */
#ifndef HV_EMULATE_H
#define HV_EMULATE_H

#include "mmio.h"
#include "vm.h"

/* Performs the decoded access at guest-physical gpa on the guest's devices: updates the
 * vCPU's rd for loads (sign- or zero-extended) and advances its pc. Returns false, changing
 * nothing, when no device is there or the access does not fit one (the UART takes single
 * bytes only). */
bool hv_emulate_mmio(struct hv_vm *vm, uint64_t gpa, const struct hv_mmio_access *a);

#endif
