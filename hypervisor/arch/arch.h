/* The hardware side of the hypervisor (everything that touches CSRs). */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include "sbi.h"
#include "vm.h"

/* ---- trap.c: traps taken in HS-mode itself ---- */
/* Runs fn(arg) expecting that it may fault: returns the exception cause, or -1 if none.
 * The faulting instruction is skipped (its result register keeps whatever fn set). */
long hv_try(void (*fn)(void *), void *arg);
void hv_panic(const char *why) __attribute__((noreturn));

/* ---- timer.c: the hypervisor's own timer (stimecmp with Sstc, else SBI set_timer) ---- */
void hv_timer_init(bool sstc);
void hv_timer_set(uint64_t when);   /* UINT64_MAX = off */
static inline uint64_t hv_time(void) { uint64_t t; __asm__ volatile("rdtime %0" : "=r"(t)); return t; }
static inline uint64_t hv_cycles(void) { uint64_t c; __asm__ volatile("rdcycle %0" : "=r"(c)); return c; }

/* ---- vcpu.c: moving a vCPU in and out of the hart ---- */
struct hv_arch {
    bool sstc;          /* the hypervisor may use stimecmp */
    bool guest_sstc;    /* guests get vstimecmp (henvcfg.STCE) */
    unsigned vmid_bits;
    bool fence_on_switch;  /* fewer VMIDs than guests: flush on every switch */
    struct hv_sbi_platform platform;
};
void hv_vcpu_reset(struct hv_vm *vm, uint64_t entry, uint64_t dtb);
void hv_vcpu_load(const struct hv_arch *a, struct hv_vm *vm);    /* switch in */
void hv_vcpu_save(const struct hv_arch *a, struct hv_vm *vm);    /* switch out */
/* Enters the loaded guest until it traps; fills vcpu.scause/stval/htval/htinst/hstatus. */
void hv_vcpu_enter(struct hv_vm *vm);
/* Delivers an exception to the guest's own trap handler (the loaded vCPU). */
void hv_vcpu_inject(struct hv_vm *vm, uint64_t cause, uint64_t tval);
/* The guest's pending timer deadline (vstimecmp, or the SBI one without Sstc). */
uint64_t hv_vcpu_timer(const struct hv_arch *a, const struct hv_vm *vm);

/* ---- exits.c ---- */
enum hv_exit_result {
    HV_RESUME,     /* run the guest again */
    HV_YIELD,      /* let the scheduler choose (wfi, preemption) */
    HV_STOPPED,    /* the guest is gone */
};
enum hv_exit_result hv_handle_exit(const struct hv_arch *a, struct hv_vm *vm);
void hv_stop_guest(struct hv_vm *vm, int code, const char *why);

#endif
