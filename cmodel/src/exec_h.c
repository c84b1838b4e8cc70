/*
 * Execute functions of the H extension's instructions: the hypervisor virtual-machine loads
 * and stores (HLV, HLVX, HSV) and the hypervisor fences (HFENCE.VVMA, HFENCE.GVMA).
 * The guest accesses themselves (two-stage translation, SPVP, MXR for HLVX) are mem.c's.
 */
#include "exec.h"
#include "mem.h"
#include "mmu.h"
#include "trap.h"

/*
 * Whether a hypervisor instruction may execute here (hypervisor.adoc): with V = 1 it raises
 * a virtual-instruction exception; in U-mode (V = 0) an illegal-instruction exception, except
 * HLV/HLVX/HSV when hstatus.HU = 1. Raises and returns false when not allowed.
 */
static bool hyp_insn_allowed(mk_hart_t *h, const mk_insn_t *in, bool guest_access)
{
    if (h->v) {
        mk_raise_exception(h, MK_CAUSE_VIRTUAL_INSN, in->raw);
        return false;
    }
    if (h->priv == MK_PRIV_U && !(guest_access && (h->csr.hstatus & MK_HSTATUS_HU))) {
        mk_raise_exception(h, MK_CAUSE_ILLEGAL_INSN, in->raw);
        return false;
    }
    return true;
}

static void guest_load(mk_hart_t *h, const mk_insn_t *in, unsigned size, bool sign, bool hlvx)
{
    uint64_t val;
    if (!hyp_insn_allowed(h, in, true) ||
        !mk_load_guest(h, h->x[in->rs1], size, hlvx, &val))
        return;
    if (sign && size < 8) {
        uint64_t m = 1ULL << (8 * size - 1);
        val = (val ^ m) - m;
    }
    h->x[in->rd] = val;
    h->pc += in->len;
}

static void guest_store(mk_hart_t *h, const mk_insn_t *in, unsigned size)
{
    if (!hyp_insn_allowed(h, in, true) ||
        !mk_store_guest(h, h->x[in->rs1], size, h->x[in->rs2]))
        return;
    h->pc += in->len;
}

void mk_exec_hlv_b(mk_hart_t *h, const mk_insn_t *in) { guest_load(h, in, 1, true, false); }
void mk_exec_hlv_bu(mk_hart_t *h, const mk_insn_t *in) { guest_load(h, in, 1, false, false); }
void mk_exec_hlv_h(mk_hart_t *h, const mk_insn_t *in) { guest_load(h, in, 2, true, false); }
void mk_exec_hlv_hu(mk_hart_t *h, const mk_insn_t *in) { guest_load(h, in, 2, false, false); }
void mk_exec_hlvx_hu(mk_hart_t *h, const mk_insn_t *in) { guest_load(h, in, 2, false, true); }
void mk_exec_hlv_w(mk_hart_t *h, const mk_insn_t *in) { guest_load(h, in, 4, true, false); }
void mk_exec_hlv_wu(mk_hart_t *h, const mk_insn_t *in) { guest_load(h, in, 4, false, false); }
void mk_exec_hlvx_wu(mk_hart_t *h, const mk_insn_t *in) { guest_load(h, in, 4, false, true); }
void mk_exec_hlv_d(mk_hart_t *h, const mk_insn_t *in) { guest_load(h, in, 8, false, false); }
void mk_exec_hsv_b(mk_hart_t *h, const mk_insn_t *in) { guest_store(h, in, 1); }
void mk_exec_hsv_h(mk_hart_t *h, const mk_insn_t *in) { guest_store(h, in, 2); }
void mk_exec_hsv_w(mk_hart_t *h, const mk_insn_t *in) { guest_store(h, in, 4); }
void mk_exec_hsv_d(mk_hart_t *h, const mk_insn_t *in) { guest_store(h, in, 8); }

/* HFENCE.VVMA: rs1 = guest virtual address, rs2 = guest ASID (x0: all), current VMID. */
void mk_exec_hfence_vvma(mk_hart_t *h, const mk_insn_t *in)
{
    if (!hyp_insn_allowed(h, in, false))
        return;
    mk_mmu_hfence_vvma(h, in->rs1 != 0, h->x[in->rs1], in->rs2 != 0,
                       (uint16_t)(h->x[in->rs2] & MK_SATP_ASID_MASK));
    h->pc += in->len;
}

/* HFENCE.GVMA: rs1 = guest physical address shifted right by 2, rs2 = VMID (x0: all).
 * In HS-mode, mstatus.TVM makes it illegal (as for satp). */
void mk_exec_hfence_gvma(mk_hart_t *h, const mk_insn_t *in)
{
    if (!hyp_insn_allowed(h, in, false))
        return;
    if (h->priv == MK_PRIV_S && (h->csr.mstatus & MK_MSTATUS_TVM)) {
        mk_raise_exception(h, MK_CAUSE_ILLEGAL_INSN, in->raw);
        return;
    }
    mk_mmu_hfence_gvma(h, in->rs1 != 0, h->x[in->rs1] << 2, in->rs2 != 0,
                       (uint16_t)(h->x[in->rs2] & ((1u << MK_VMID_BITS) - 1)));
    h->pc += in->len;
}
