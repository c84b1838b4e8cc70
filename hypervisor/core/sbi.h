/* SBI for guests (riscv-non-isa/riscv-sbi-doc): Base, TIME, DBCN, legacy console, SRST, HSM
 * get_status; everything else is NOT_SUPPORTED. Pure logic: what needs the hardware (the
 * timer, stopping the guest) comes back as an action for arch/ to carry out. */
#ifndef HV_SBI_H
#define HV_SBI_H

#include "vm.h"

#define HV_SBI_IMPL_ID      0x4D4B48  /* "MKH": Matryoshka's hypervisor */
#define HV_SBI_IMPL_VERSION 0x1

/* Facts passed through from below (Base get_mvendorid/marchid/mimpid). */
struct hv_sbi_platform {
    long mvendorid, marchid, mimpid;
};

enum hv_sbi_action {
    HV_SBI_DONE,
    HV_SBI_SET_TIMER,  /* arg = absolute time */
    HV_SBI_SHUTDOWN,   /* arg = the guest's exit code */
};

struct hv_sbi_result {
    long error, value;
    bool legacy;       /* legacy call: only a0 = error is written */
    enum hv_sbi_action action;
    uint64_t arg;
};

/* a[0..7] are the guest's a0..a7. */
struct hv_sbi_result hv_sbi_dispatch(struct hv_vm *vm, const uint64_t a[8],
                                     const struct hv_sbi_platform *platform);

#endif
