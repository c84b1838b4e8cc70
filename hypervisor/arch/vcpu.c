/* The vCPU on the hart. VS CSRs stay loaded while the same guest keeps running; they move
 * only on a world switch. Each guest has its own VMID, so a switch writes hgatp and fences
 * nothing, unless the hart has too few VMID bits (then everything is flushed). */
#include <stddef.h>

#include "arch.h"
#include "csr.h"

uint64_t hv_vcpu_run(struct hv_vcpu *v);

_Static_assert(offsetof(struct hv_vcpu, pc) == 32 * 8, "entry.S VCPU_PC");
_Static_assert(offsetof(struct hv_vcpu, host) == 33 * 8, "entry.S VCPU_HOST");

#define VSSTATUS_UXL_64 (2UL << 32)

void hv_vcpu_reset(struct hv_vm *vm, uint64_t entry, uint64_t dtb)
{
    struct hv_vcpu *v = &vm->vcpu;
    *v = (struct hv_vcpu){0};
    v->pc = entry;
    v->x[10] = 0;      /* hartid: every guest has one hart, number 0 */
    v->x[11] = dtb;
    v->spp = 1;        /* start in VS-mode */
    v->vsstatus = VSSTATUS_UXL_64;
    v->vstimecmp = UINT64_MAX;
    vm->timer_at = UINT64_MAX;
}

void hv_vcpu_load(const struct hv_arch *a, struct hv_vm *vm)
{
    const struct hv_vcpu *v = &vm->vcpu;
    csr_write(hgatp, vm->hgatp);
    if (a->fence_on_switch) {
        hfence_gvma_all();
        hfence_vvma_all();
    }
    csr_write(vsstatus, v->vsstatus);
    csr_write(vsie, v->vsie);
    csr_write(vstvec, v->vstvec);
    csr_write(vsscratch, v->vsscratch);
    csr_write(vsepc, v->vsepc);
    csr_write(vscause, v->vscause);
    csr_write(vstval, v->vstval);
    csr_write(vsatp, v->vsatp);
    csr_write(hvip, v->hvip);
    csr_write(htimedelta, v->htimedelta);
    if (a->guest_sstc)
        csr_write(vstimecmp, v->vstimecmp);
}

void hv_vcpu_save(const struct hv_arch *a, struct hv_vm *vm)
{
    struct hv_vcpu *v = &vm->vcpu;
    v->vsstatus = csr_read(vsstatus);
    v->vsie = csr_read(vsie);
    v->vstvec = csr_read(vstvec);
    v->vsscratch = csr_read(vsscratch);
    v->vsepc = csr_read(vsepc);
    v->vscause = csr_read(vscause);
    v->vstval = csr_read(vstval);
    v->vsatp = csr_read(vsatp);
    v->hvip = csr_read(hvip);
    v->htimedelta = csr_read(htimedelta);
    if (a->guest_sstc) {
        v->vstimecmp = csr_read(vstimecmp);
        /* Park it, so that this guest's timer cannot raise VSTIP for the next one's. */
        csr_write(vstimecmp, UINT64_MAX);
    }
}

void hv_vcpu_enter(struct hv_vm *vm)
{
    struct hv_vcpu *v = &vm->vcpu;
    uint64_t hstatus = csr_read(hstatus);
    hstatus &= ~(HSTATUS_HU | HSTATUS_VTSR | HSTATUS_VTVM | HSTATUS_SPVP | HSTATUS_GVA);
    hstatus |= HSTATUS_SPV | HSTATUS_VTW | (v->spp ? HSTATUS_SPVP : 0);
    csr_write(hstatus, hstatus);
    if (v->spp)
        csr_set(sstatus, SSTATUS_SPP);
    else
        csr_clear(sstatus, SSTATUS_SPP);
    hv_vcpu_run(v);
    v->scause = csr_read(scause);
    v->stval = csr_read(stval);
    v->htval = csr_read(htval);
    v->htinst = csr_read(htinst);
    v->hstatus = csr_read(hstatus);
    v->spp = (csr_read(sstatus) & SSTATUS_SPP) ? 1 : 0;
}

void hv_vcpu_inject(struct hv_vm *vm, uint64_t cause, uint64_t tval)
{
    struct hv_vcpu *v = &vm->vcpu;
    uint64_t vsstatus = csr_read(vsstatus);
    vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE);
    if (vsstatus & SSTATUS_SIE)
        vsstatus |= SSTATUS_SPIE;
    if (v->spp)
        vsstatus |= SSTATUS_SPP;
    vsstatus &= ~SSTATUS_SIE;
    csr_write(vsstatus, vsstatus);
    csr_write(vsepc, v->pc);
    csr_write(vscause, cause);
    csr_write(vstval, tval);
    v->pc = csr_read(vstvec) & ~3UL;
    v->spp = 1;
}

uint64_t hv_vcpu_timer(const struct hv_arch *a, const struct hv_vm *vm)
{
    return a->guest_sstc ? csr_read(vstimecmp) : vm->timer_at;
}
