/* A guest: its memory, its vCPU (one per guest), its virtual UART, its counters. The vCPU is
 * plain data here; arch/ moves it in and out of the CSRs. */
#ifndef HV_VM_H
#define HV_VM_H

#include "config.h"
#include "hv.h"
#include "stats.h"
#include "vuart.h"

/* The register part of the vCPU, laid out for arch/switch.S (offsets checked there). */
struct hv_vcpu {
    uint64_t x[32];            /* 0: guest GPRs (x[0] unused) */
    uint64_t pc;               /* 256: where the guest resumes (sepc) */
    uint64_t host[14];         /* 264: the hypervisor's sp, ra, s0..s11 across the run */
    uint64_t spp;              /* the guest's mode to resume: 1 = VS, 0 = VU */
    /* VS-level CSRs and the hypervisor CSRs that belong to this guest. */
    uint64_t vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
    uint64_t hvip, vstimecmp, htimedelta;
    /* The last trap out of the guest. */
    uint64_t scause, stval, htval, htinst, hstatus;
};

enum hv_vm_state {
    HV_VM_RUNNABLE,
    HV_VM_BLOCKED,   /* in wfi until wake_at (time) */
    HV_VM_STOPPED,
};

struct hv_vm {
    struct hv_vcpu vcpu;
    const struct hv_guest_config *cfg;
    char name[HV_NAME_MAX + 1];
    unsigned id;
    uint16_t vmid;
    uint64_t host_base;        /* host physical address of guest-physical 0x8000_0000 */
    uint64_t mem_size;
    uint64_t *gstage_root;
    uint64_t hgatp;
    enum hv_vm_state state;
    uint64_t wake_at;
    uint64_t timer_at;         /* SBI set_timer deadline without Sstc (UINT64_MAX = none) */
    int exit_code;
    struct hv_vuart uart;
    struct hv_stats stats;
};

/* Host pointer to guest-physical [gpa, gpa+len) when it lies in the guest's DRAM, else NULL. */
void *hv_vm_gpa_ptr(const struct hv_vm *vm, uint64_t gpa, uint64_t len);

/* The console sink of this guest: lines go out as "[name] text". */
struct hv_console_sink hv_vm_console(struct hv_vm *vm);

#endif
