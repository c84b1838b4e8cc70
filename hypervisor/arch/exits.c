/* VM exits: why the guest trapped to HS-mode and what the hypervisor does about it.
 * Containment policy (docs/hypervisor.md): a fault the guest caused on something that is not
 * its own is turned into the matching exception in the guest (access fault, illegal
 * instruction); a guest that cannot take it (no trap vector, or faulting again at its own
 * vector) is stopped. */
#include "arch.h"
#include "csr.h"
#include "emulate.h"
#include "mmio.h"
#include "print.h"
#include "sched.h"
#include "vswalk.h"

#define WFI_INSN 0x10500073U
#define MAX_INJECTIONS_IN_A_ROW 256

struct fetch {
    uint64_t addr, value;
};

static void fetch_hlvx(void *arg)
{
    struct fetch *f = arg;
    f->value = hlvx_hu(f->addr);
}

/* 16 bits of guest code at guest-virtual va: HLVX, or a software walk when HLVX faults. */
static bool fetch16(struct hv_vm *vm, uint64_t va, uint16_t *out)
{
    struct fetch f = {va, 0};
    if (hv_try(fetch_hlvx, &f) < 0) {
        *out = (uint16_t)f.value;
        return true;
    }
    vm->stats.hlvx_fallbacks++;
    uint64_t gpa = hv_vs_translate(vm, csr_read(vsatp), va, true);
    const uint16_t *p = gpa == UINT64_MAX ? NULL : hv_vm_gpa_ptr(vm, gpa, 2);
    if (!p)
        return false;
    *out = *p;
    return true;
}

static bool fetch_insn(struct hv_vm *vm, uint64_t va, uint32_t *insn)
{
    uint16_t lo, hi;
    if (!fetch16(vm, va, &lo))
        return false;
    if ((lo & 3) != 3) {
        *insn = lo;
        return true;
    }
    if (!fetch16(vm, va + 2, &hi))
        return false;
    *insn = (uint32_t)hi << 16 | lo;
    return true;
}

void hv_stop_guest(struct hv_vm *vm, int code, const char *why)
{
    struct hv_console_sink sink = hv_vm_console(vm);
    hv_vuart_flush(&vm->uart, &sink);
    if (why)
        hv_printf("hv: %s: stopped: %s\n", vm->name, why);
    else
        hv_printf("hv: %s: shut down (exit code %d)\n", vm->name, code);
    vm->state = HV_VM_STOPPED;
    vm->exit_code = code;
}

static unsigned injections_in_a_row;

/* Injects `cause` into the guest, or stops it when it cannot take it. */
static enum hv_exit_result contain(struct hv_vm *vm, uint64_t cause, uint64_t tval,
                                   const char *what)
{
    uint64_t vstvec = csr_read(vstvec) & ~3UL;
    hv_printf("hv: %s: %s at pc 0x%lx: ", vm->name, what, (unsigned long)vm->vcpu.pc);
    if (vstvec == 0 || vm->vcpu.pc == vstvec || ++injections_in_a_row > MAX_INJECTIONS_IN_A_ROW) {
        hv_printf("cannot be delivered\n");
        hv_stop_guest(vm, 1, "it cannot take its own faults");
        return HV_STOPPED;
    }
    static const char *const names[] = {
        [EXC_INSN_ACCESS] = "instruction access fault", [EXC_ILLEGAL_INSN] = "illegal instruction",
        [EXC_LOAD_ACCESS] = "load access fault", [EXC_STORE_ACCESS] = "store access fault",
    };
    hv_printf("%s injected\n", cause < 8 && names[cause] ? names[cause] : "exception");
    hv_vcpu_inject(vm, cause, tval);
    return HV_RESUME;
}

static enum hv_exit_result sbi_call_from_guest(const struct hv_arch *a, struct hv_vm *vm)
{
    struct hv_vcpu *v = &vm->vcpu;
    struct hv_sbi_result r = hv_sbi_dispatch(vm, &v->x[10], &a->platform);
    v->pc += 4;
    v->x[10] = (uint64_t)r.error;
    if (!r.legacy)
        v->x[11] = (uint64_t)r.value;
    switch (r.action) {
    case HV_SBI_SET_TIMER:
        if (a->guest_sstc) {
            csr_write(vstimecmp, r.arg);
        } else {
            vm->timer_at = r.arg;
            csr_clear(hvip, HVIP_VSTIP);
        }
        return HV_RESUME;
    case HV_SBI_SHUTDOWN:
        hv_stop_guest(vm, (int)r.arg, NULL);
        return HV_STOPPED;
    default:
        return HV_RESUME;
    }
}

/* The guest-physical address of a guest-page fault. htval holds it >> 2, but the spec lets the
 * hart write 0 instead (Matryoshka does for a GPA beyond 41 bits, docs/isa.md): then it is
 * found by walking the guest's page table for stval, unless the fault was the walk's own
 * (htinst a pseudo-instruction: a PTE's address, which stval does not give) or that walk
 * fails; then it is unknown and this returns false. */
static bool fault_gpa(const struct hv_vm *vm, uint64_t *gpa)
{
    const struct hv_vcpu *v = &vm->vcpu;
    if (v->htval != 0) {
        *gpa = (v->htval << 2) | (v->stval & 3);
        return true;
    }
    bool pseudo = v->htinst != 0 && (v->htinst & 1) == 0;   /* implicit PTE access */
    *gpa = pseudo ? UINT64_MAX : hv_vs_translate(vm, csr_read(vsatp), v->stval, false);
    return *gpa != UINT64_MAX;
}

/* fault_gpa, and the address in words for the messages of contained faults: "guest-physical
 * 0x..." or "an unreported guest-physical address". */
static bool fault_gpa_described(const struct hv_vm *vm, uint64_t *gpa, char *buf, size_t size)
{
    bool known = fault_gpa(vm, gpa);
    if (known)
        hv_snprintf(buf, size, "guest-physical 0x%lx", (unsigned long)*gpa);
    else
        hv_snprintf(buf, size, "an unreported guest-physical address");
    return known;
}

static enum hv_exit_result guest_page_fault(struct hv_vm *vm, bool store)
{
    struct hv_vcpu *v = &vm->vcpu;
    uint64_t gpa;
    char where[48], what[96];
    bool known = fault_gpa_described(vm, &gpa, where, sizeof where);
    struct hv_mmio_access acc;
    bool decoded = hv_mmio_decode_htinst(v->htinst, &acc);
    if (!decoded) {
        uint32_t insn;
        decoded = fetch_insn(vm, v->pc, &insn) && hv_mmio_decode(insn, &acc);
    }
    if (known && decoded && acc.store == store && hv_emulate_mmio(vm, gpa, &acc)) {
        vm->stats.exits[HV_EXIT_MMIO]++;
        return HV_RESUME;
    }
    vm->stats.exits[HV_EXIT_FAULT]++;
    hv_snprintf(what, sizeof what, "%s at %s (not its memory)", store ? "store" : "load", where);
    return contain(vm, store ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS, v->stval, what);
}

static enum hv_exit_result virtual_instruction(const struct hv_arch *a, struct hv_vm *vm)
{
    struct hv_vcpu *v = &vm->vcpu;
    uint32_t insn;
    if (!fetch_insn(vm, v->pc, &insn))
        insn = (uint32_t)v->stval;
    if (insn == WFI_INSN) {
        vm->stats.exits[HV_EXIT_WFI]++;
        v->pc += 4;
        hv_sched_wfi(vm, hv_time(), hv_vcpu_timer(a, vm));
        return HV_YIELD;
    }
    vm->stats.exits[HV_EXIT_VIRT_INSN]++;
    char what[64];
    hv_snprintf(what, sizeof what, "hypervisor-only instruction 0x%08x", insn);
    return contain(vm, EXC_ILLEGAL_INSN, insn, what);
}

enum hv_exit_result hv_handle_exit(const struct hv_arch *a, struct hv_vm *vm)
{
    struct hv_vcpu *v = &vm->vcpu;
    uint64_t cause = v->scause;
    if (cause & CAUSE_INTERRUPT) {
        injections_in_a_row = 0;
        if ((cause & ~CAUSE_INTERRUPT) == IRQ_S_TIMER) {
            vm->stats.exits[HV_EXIT_TIMER]++;
            return HV_YIELD;
        }
        vm->stats.exits[HV_EXIT_OTHER]++;
        return HV_RESUME;
    }
    if (cause != EXC_LOAD_GUEST_PF && cause != EXC_STORE_GUEST_PF &&
        cause != EXC_VIRTUAL_INSN && cause != EXC_ILLEGAL_INSN && cause != EXC_INSN_GUEST_PF)
        injections_in_a_row = 0;
    char what[64];
    switch (cause) {
    case EXC_ECALL_VS:
        vm->stats.exits[HV_EXIT_SBI]++;
        return sbi_call_from_guest(a, vm);
    case EXC_LOAD_GUEST_PF:
        return guest_page_fault(vm, false);
    case EXC_STORE_GUEST_PF:
        return guest_page_fault(vm, true);
    case EXC_INSN_GUEST_PF: {
        vm->stats.exits[HV_EXIT_FAULT]++;
        uint64_t gpa;
        char where[48];
        fault_gpa_described(vm, &gpa, where, sizeof where);
        hv_snprintf(what, sizeof what, "fetch from %s (not its memory)", where);
        return contain(vm, EXC_INSN_ACCESS, v->stval, what);
    }
    case EXC_VIRTUAL_INSN:
        return virtual_instruction(a, vm);
    case EXC_ILLEGAL_INSN: {
        vm->stats.exits[HV_EXIT_ILLEGAL]++;
        uint32_t insn;
        if (!fetch_insn(vm, v->pc, &insn))
            insn = (uint32_t)v->stval;
        hv_snprintf(what, sizeof what, "illegal instruction 0x%08x", insn);
        return contain(vm, EXC_ILLEGAL_INSN, insn, what);
    }
    case EXC_INSN_ACCESS:
    case EXC_LOAD_ACCESS:
    case EXC_STORE_ACCESS:
        vm->stats.exits[HV_EXIT_FAULT]++;
        hv_snprintf(what, sizeof what, "access fault (cause %lu) at 0x%lx",
                    (unsigned long)cause, (unsigned long)v->stval);
        return contain(vm, cause, v->stval, what);
    default: {
        vm->stats.exits[HV_EXIT_OTHER]++;
        char why[96];
        hv_snprintf(why, sizeof why, "unexpected trap scause 0x%lx stval 0x%lx pc 0x%lx",
                    (unsigned long)cause, (unsigned long)v->stval, (unsigned long)v->pc);
        hv_stop_guest(vm, 1, why);
        return HV_STOPPED;
    }
    }
}
