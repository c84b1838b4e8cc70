/* HLV results forwarded into dependent instructions (a pipeline corner of the RTL, checked
 * cycle by cycle in cosim): the very next instruction uses the HLV's rd (load-use stall, then
 * the WB value), one instruction later (WB forwarding), as a branch operand, as the address
 * of the next load and of the next HLV, as HSV store data, by a compressed instruction, and an
 * HLVX.WU of code. From M, from HS and from U with hstatus.HU; hgatp and vsatp Bare, so the
 * guest physical addresses are the physical ones; then from M again with both stages on (VS
 * 4 KiB over G 4 KiB pages), each HLV after a fence making the longest nested walk before its
 * value is forwarded. */
#include "hyp.h"

#define PAT 0x8877665544332211

TEST_BEGIN
    HYP_INIT
    li a1, HSTATUS_SPVP
    csrs hstatus, a1
    la a1, fwd_data
    li a2, PAT
    sd a2, 0(a1)
    la a2, fwd_data + 16
    sd a2, 8(a1)                    /* fwd_data[1] = &fwd_data[2] (a pointer for chains) */
    li a2, 0x5A
    sd a2, 16(a1)

    /* ---- from M ---- */
    .option push
    .option norvc
    /* the next instruction uses rd (load-use: one stall, then the value from WB) */
    la a1, fwd_data
    TEST_CASE(1, a5, 0x10EECCAA88664422, hlv.d a4, (a1); add a5, a4, a4)
    /* one instruction in between (forwarded from WB) */
    TEST_CASE(2, a5, 0x44332212, hlv.wu a4, (a1); nop; addi a5, a4, 1)
    /* both operands from two back-to-back HLVs */
    addi a2, a1, 4
    TEST_CASE(3, a5, 0xFFFFFFFFCCAA8866, hlv.w a4, (a1); hlv.w a3, (a2); add a5, a4, a3)
    /* a dependent branch */
    li gp, 4
    hlv.bu a4, (a1)
    li a5, 0x11
    hlv.bu a4, (a1)
    bne a4, a5, fail
    /* a pointer chain: HLV gives the address of the next load, then of the next HLV */
    addi a2, a1, 8
    TEST_CASE(5, a5, 0x5A, hlv.d a4, (a2); ld a5, 0(a4))
    TEST_CASE(6, a5, 0x5A, hlv.d a4, (a2); hlv.d a5, (a4))
    /* HSV stores the HLV result at once */
    addi a2, a1, 24
    TEST_CASE(7, a5, PAT, hlv.d a4, (a1); hsv.d a4, (a2); ld a5, 24(a1))
    /* HLVX.WU of an instruction word, used at once */
    la a2, fwd_code
    TEST_CASE(8, a5, 0x00000014, hlvx.wu a4, (a2); addi a5, a4, 1)
    .option pop
    /* a compressed consumer */
    TEST_CASE(9, a5, 0x10EECCAA88664422, hlv.d a4, (a1); mv a5, a4; c.add a5, a4)
    TEST_CASE(10, a4, 0x4422, hlv.hu a4, (a1); c.add a4, a4)

    /* ---- from HS ---- */
    ENTER_HS
    .option push
    .option norvc
    la a1, fwd_data
    TEST_CASE(11, a5, 0x10EECCAA88664422, hlv.d a4, (a1); add a5, a4, a4)
    addi a2, a1, 8
    TEST_CASE(12, a5, 0x5A, hlv.d a4, (a2); hlv.d a5, (a4))
    addi a3, a1, 7
    TEST_CASE(13, a5, 0xFFFFFFFFFFFFFF89, hlv.b a4, (a3); addi a5, a4, 1)
    .option pop
    BACK_TO_M

    /* ---- from U with hstatus.HU, SPVP = 0 (as VU: the Bare stages need no U bit) ---- */
    li a1, HSTATUS_HU
    csrs hstatus, a1
    li a1, HSTATUS_SPVP
    csrc hstatus, a1
    ENTER_HU
    .option push
    .option norvc
    la a1, fwd_data
    TEST_CASE(14, a5, 0x10EECCAA88664422, hlv.d a4, (a1); add a5, a4, a4)
    addi a2, a1, 8
    TEST_CASE(15, a5, 0x5A, hlv.d a4, (a2); ld a5, 0(a4))
    .option pop
    BACK_TO_M
    li a1, HSTATUS_HU
    csrc hstatus, a1

    /* ---- translated (two-stage identity), from M with SPVP = 1 ---- */
    GSTAGE_IDENTITY_4K(g_root, g_l1, g_l0)
    HGATP_FOR(a1, g_root, 2)
    csrw hgatp, a1
    VSSTAGE_IDENTITY(vs_root, vs_l1, vs_l0)
    SATP_FOR(a1, vs_root, 4)
    csrw vsatp, a1
    hfence.gvma
    hfence.vvma
    li a1, HSTATUS_SPVP
    csrs hstatus, a1
    .option push
    .option norvc
    la a1, fwd_data
    TEST_CASE(16, a5, 0x10EECCAA88664422, hlv.d a4, (a1); add a5, a4, a4)
    hfence.vvma
    TEST_CASE(17, a5, 0x44332212, hlv.wu a4, (a1); nop; addi a5, a4, 1)
    hfence.gvma
    addi a2, a1, 8
    TEST_CASE(18, a5, 0x5A, hlv.d a4, (a2); hlv.d a5, (a4))
    hfence.vvma
    TEST_CASE(19, a5, 0x5A, hlv.d a4, (a2); ld a5, 0(a4))
    hfence.vvma
    addi a2, a1, 24
    TEST_CASE(20, a5, PAT, hlv.d a4, (a1); hsv.d a4, (a2); ld a5, 24(a1))
    la a2, fwd_code
    hfence.vvma
    TEST_CASE(21, a5, 0x00000014, hlvx.wu a4, (a2); addi a5, a4, 1)
    .option pop
    hfence.vvma
    TEST_CASE(22, a5, 0x10EECCAA88664422, hlv.d a4, (a1); mv a5, a4; c.add a5, a4)
    csrw vsatp, zero
    csrw hgatp, zero
    hfence.gvma
TEST_END

    .balign 8
fwd_code:
    .word 0x00000013                /* nop */

    .data
    .balign 64
fwd_data:
    .skip 64

    .bss
    .balign 16384
g_root:  .skip 16384
g_l1:    .skip 4096
g_l0:    .skip 4096
vs_root: .skip 4096
vs_l1:   .skip 4096
vs_l0:   .skip 4096
