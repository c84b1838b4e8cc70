/* Matryoshka directed hypervisor (H extension) tests: constants, trap-record wrappers around the
 * ISA-suite handlers, mode changes into VS/VU, and G-stage page tables.
 *
 * A test file is:
 *     #include "hyp.h"
 *     TEST_BEGIN
 *         HYP_INIT
 *         ...
 *     TEST_END
 *
 * Everything in tests/isa/include/mk_test.h applies (registers gp, tp, s7-s11, t4-t6 belong to
 * the framework). On top of it, every trap first passes through a wrapper that records the
 * H-specific trap state in memory (hyp_rec) and then continues in the ISA-suite handler:
 *   M  (mtvec):  hyp_m_trap  -> mk_m_trap   records mcause, mtval, MPP, MPV, GVA, mtval2, mtinst, hstatus
 *   HS (stvec):  hyp_hs_trap -> mk_s_trap   records scause, stval, SPP, SPV, GVA, htval, htinst, hstatus
 *   VS (vstvec): hyp_vs_trap -> mk_s_trap   records vscause, vstval, vsstatus.SPP (V = 1); the
 *                rest reads 0. Its sscratch is vsscratch = hyp_vs_area (own IRQ counters).
 * The record lives on its own 4 KiB page (hyp_data) that every G-stage and VS-stage table of the
 * tests maps, so checks can read it from any mode (VU needs vsstatus.SUM = 1 and a U page).
 * The last trap (including a BACK_TO_M ecall) overwrites it: check it right after the trap.
 */
#ifndef MK_HYP_H
#define MK_HYP_H

#include "mk_test.h"
#include "sv39.h"

/* ---- CSRs the assembler does not name ---- */
#define CSR_MTINST 0x34a
#define CSR_MTVAL2 0x34b

/* ---- mstatus / hstatus ---- */
#define MSTATUS_GVA   (1 << 38)
#define MSTATUS_MPV   (1 << 39)
#define MSTATUS_SXL   (3 << 34)
#define MSTATUS_UXL   (3 << 32)

#define HSTATUS_VSBE  (1 << 5)
#define HSTATUS_GVA   (1 << 6)
#define HSTATUS_SPV   (1 << 7)
#define HSTATUS_SPVP  (1 << 8)
#define HSTATUS_HU    (1 << 9)
#define HSTATUS_VGEIN (0x3f << 12)
#define HSTATUS_VTVM  (1 << 20)
#define HSTATUS_VTW   (1 << 21)
#define HSTATUS_VTSR  (1 << 22)
#define HSTATUS_VSXL  (3 << 32)
#define HSTATUS_VSXL_64 (2 << 32)

/* ---- interrupts ---- */
#define IRQ_VSSI 2
#define IRQ_VSTI 6
#define IRQ_VSEI 10
#define IRQ_SGEI 12
#define MIP_VSSIP (1 << IRQ_VSSI)
#define MIP_VSTIP (1 << IRQ_VSTI)
#define MIP_VSEIP (1 << IRQ_VSEI)
#define MIP_SGEIP (1 << IRQ_SGEI)
#define VS_IRQS   (MIP_VSSIP | MIP_VSTIP | MIP_VSEIP)

/* ---- causes ---- */
#define CAUSE_ECALL_VS 10
#define CAUSE_FETCH_GPF 20
#define CAUSE_LOAD_GPF 21
#define CAUSE_VIRTUAL_INSN 22
#define CAUSE_STORE_GPF 23

/* ---- translation ---- */
#define HGATP_SV39X4 (8 << 60)
#define HGATP_VMID_SHIFT 44
#define HGATP_VMID_MASK (0x3fff << 44)
#define PTE_GLEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D)   /* G-stage: U always */
#define ENVCFG_STCE (1 << 63)

/* Pseudoinstructions written to htinst/mtinst for faults on implicit VS-stage PTE accesses. */
#define TINST_PTE_READ64  0x00003000
#define TINST_PTE_WRITE64 0x00003020

/* ---- the trap record (see the header comment) ---- */
#define LVL_M  3
#define LVL_HS 1
#define LVL_VS 5
#define REC_WHO     0     /* LVL_M, LVL_HS or LVL_VS */
#define REC_PRIV    8     /* previous nominal privilege (MPP / SPP) */
#define REC_V       16    /* previous virtualization mode (MPV / SPV / 1) */
#define REC_GVA     24
#define REC_TVAL2   32    /* mtval2 / htval */
#define REC_TINST   40    /* mtinst / htinst */
#define REC_HSTATUS 48    /* hstatus after trap entry (M and HS handlers) */
#define REC_CAUSE   56
#define REC_TVAL    64
#define REC_COUNT   72    /* number of traps recorded since HYP_INIT */
#define REC_IS_MK   80    /* 1 if marchid is ours (set by HYP_INIT, readable from any mode) */
#define REC_SIZE    88

/* ---- set-up ---- */

/* Install the wrappers, the VS handler state and PMP entry 15 = everything; hgatp and vsatp Bare.
 * Clobbers t0, t1. M-mode. */
#define HYP_INIT \
    PMP_ALLOW_ALL; \
    la t0, hyp_m_trap; csrw mtvec, t0; \
    la t0, hyp_hs_trap; csrw stvec, t0; \
    la t0, hyp_vs_trap; csrw vstvec, t0; \
    la t0, hyp_vs_area; csrw vsscratch, t0; \
    csrw hgatp, zero; csrw vsatp, zero; hfence.gvma; hfence.vvma; \
    csrw hedeleg, zero; csrw hideleg, zero; csrw hvip, zero; csrw hie, zero; \
    la t0, hyp_rec; sd zero, REC_COUNT(t0); \
    csrr t4, marchid; li t5, MK_MARCHID; sub t1, t4, t5; seqz t1, t1; sd t1, REC_IS_MK(t0)

/* Branch to target if this is (is not) our core; usable in any mode that can read hyp_data. */
#define IF_MK_ANY(target) la t4, hyp_rec; ld t4, REC_IS_MK(t4); bnez t4, target
#define IF_NOT_MK_ANY(target) la t4, hyp_rec; ld t4, REC_IS_MK(t4); beqz t4, target

/* ---- mode changes ---- */

/* From M-mode, continue at the next instruction in mode (v, p). Clobbers t0. */
#define ENTER_MODE(v, p) \
    li t0, MSTATUS_MPP | MSTATUS_MPV; csrc mstatus, t0; \
    li t0, (((p) << 11) | ((v) << 39)); csrs mstatus, t0; \
    la t0, 9990f; csrw mepc, t0; mret; 9990:
#define ENTER_HS ENTER_MODE(0, PRV_S)
#define ENTER_HU ENTER_MODE(0, PRV_U)
#define ENTER_VS ENTER_MODE(1, PRV_S)
#define ENTER_VU ENTER_MODE(1, PRV_U)

/* From HS-mode, continue in VS (p = PRV_S) or VU (PRV_U) through sret. Clobbers t0. */
#define ENTER_V_FROM_HS(p) \
    li t0, HSTATUS_SPV; csrs hstatus, t0; \
    li t0, MSTATUS_SPP; csrc sstatus, t0; li t0, ((p) << 8); csrs sstatus, t0; \
    la t0, 9990f; csrw sepc, t0; sret; 9990:
/* From VS-mode, continue in VU (sstatus here is vsstatus). Clobbers t0. */
#define ENTER_VU_FROM_VS ENTER_U_FROM_S

/* ---- checks of the trap record ---- */

/* Record field == expected, reported as check n.k. */
#define CHECK_REC_SUB(n, k, field, expected) \
    li gp, (((k) << 32) | (n)); la t6, hyp_rec; ld t6, field(t6); li t5, expected; \
    beq t6, t5, 9999f; j fail; 9999:
/* Record field == register. */
#define CHECK_REC_REG_SUB(n, k, field, reg) \
    li gp, (((k) << 32) | (n)); mv t5, reg; la t6, hyp_rec; ld t6, field(t6); \
    beq t6, t5, 9999f; j fail; 9999:

/* Which handler took the last trap (n.5) and from which mode: V (n.6), nominal privilege (n.7). */
#define CHECK_HTRAP(n, who, v, priv) \
    CHECK_REC_SUB(n, 5, REC_WHO, who); CHECK_REC_SUB(n, 6, REC_V, v); CHECK_REC_SUB(n, 7, REC_PRIV, priv)
/* mtval2/htval (n.8) and GVA (n.9). */
#define CHECK_TVAL2(n, expected) CHECK_REC_SUB(n, 8, REC_TVAL2, expected)
#define CHECK_TVAL2_REG(n, reg) CHECK_REC_REG_SUB(n, 8, REC_TVAL2, reg)
#define CHECK_GVA(n, expected) CHECK_REC_SUB(n, 9, REC_GVA, expected)
/* GVA = 0 for a trap from V=1 whose tval is not an address (illegal/virtual instruction, ecall):
 * QEMU 7.2 sets GVA there, so this is checked on our core only (docs/qemu-deviations.md). */
#define CHECK_GVA0_MK(n) IF_NOT_MK_ANY(9998f); CHECK_GVA(n, 0); 9998:
/* mtinst/htinst (n.10): exactly expected. */
#define CHECK_TINST(n, expected) CHECK_REC_SUB(n, 10, REC_TINST, expected)
/* mtinst/htinst (n.10) for an explicit access: the spec allows 0 or the transformed instruction;
 * our core writes the transformed one, other platforms may write either. */
#define CHECK_TINST_XFORM(n, expected) \
    li gp, ((10 << 32) | (n)); la t6, hyp_rec; ld t4, REC_IS_MK(t6); ld t6, REC_TINST(t6); \
    li t5, expected; beq t6, t5, 9999f; bnez t4, fail; li t5, 0; bne t6, t5, fail; 9999:
/* mtval2/htval (n.8) of a guest-page fault whose GPA is beyond Sv39x4's 41 bits: the spec allows
 * 0 or GPA >> 2; our core writes 0 (docs/isa.md "Faults and the trap CSRs"), other platforms
 * may write either. */
#define CHECK_TVAL2_WIDE(n, gpa) \
    li gp, ((8 << 32) | (n)); la t6, hyp_rec; ld t4, REC_IS_MK(t6); ld t6, REC_TVAL2(t6); \
    beqz t6, 9999f; bnez t4, fail; li t5, (gpa) >> 2; bne t6, t5, fail; 9999:
/* hstatus bits recorded at the last M or HS trap: (hstatus & mask) == expected (n.11). */
#define CHECK_HSTATUS_BITS(n, mask, expected) \
    li gp, ((11 << 32) | (n)); la t6, hyp_rec; ld t6, REC_HSTATUS(t6); li t5, mask; \
    and t6, t6, t5; li t5, expected; beq t6, t5, 9999f; j fail; 9999:
/* Number of traps recorded since HYP_INIT. */
#define LOAD_TRAP_COUNT(reg) la reg, hyp_rec; ld reg, REC_COUNT(reg)

/* Interrupts taken by the VS handler (its own area). */
#define LOAD_VS_IRQ_COUNT(reg) la reg, hyp_vs_area; ld reg, MK_AREA_IRQ_COUNT(reg)
#define LOAD_VS_IRQ_LOG(reg, i) la reg, hyp_vs_area; ld reg, (MK_AREA_IRQ_LOG + 8 * (i))(reg)
#define WAIT_VS_IRQS(n, count) WAIT_IRQS_(n, count, hyp_vs_area)
#define RESET_HYP_IRQ_LOG(tmp) RESET_IRQ_LOG(tmp); la tmp, hyp_vs_area; sd zero, MK_AREA_IRQ_COUNT(tmp)

/* ---- page tables ---- */

/* hgatp value for a 16 KiB-aligned Sv39x4 root with a VMID, into reg. Clobbers t0. */
#define HGATP_FOR(reg, root, vmid) \
    la reg, root; srli reg, reg, 12; li t0, HGATP_SV39X4 | ((vmid) << HGATP_VMID_SHIFT); or reg, reg, t0
/* G-stage identity: GPA 0-1 GiB (devices) and 2-3 GiB (DRAM) as 1 GiB U RWX pages. Clobbers
 * t0, t1, a0. */
#define GSTAGE_IDENTITY(root) \
    PTE_SET_PA(root, 0, 0, PTE_GLEAF); PTE_SET_PA(root, 2, DRAM_BASE, PTE_GLEAF)
/* G-stage identity over DRAM as SV39_IDENTITY has it (4 KiB pages over the first 2 MiB, where
 * the tests' code and data are, so that V = 1 walks are the longest ones), plus devices (1 GiB
 * at GPA 0). Clobbers t0, t1, a0-a2. */
#define GSTAGE_IDENTITY_4K(root, l1, l0) \
    SV39_IDENTITY_FLAGS(root, l1, l0, PTE_GLEAF); PTE_SET_PA(root, 0, 0, PTE_GLEAF)
/* VS-stage identity over DRAM (see SV39_IDENTITY) plus devices (root[0], 1 GiB). Clobbers t0,
 * t1, a0-a2. */
#define VSSTAGE_IDENTITY(root, l1, l0) \
    SV39_IDENTITY(root, l1, l0); PTE_SET_PA(root, 0, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

#include "hyp_runtime.inc"

#endif
