/* H-extension CSRs: existence and WARL behaviour of every hypervisor and VS CSR from M and HS,
 * hvip/hip/hie/mip/mie/vsip/vsie aliasing, GEILEN = 0, hgatp modes and the VMID probe,
 * mstatus.MPV/GVA, mtval2/mtinst; in V=1 the S CSRs reach the VS ones (sstatus, sie, sip,
 * stvec, sscratch, sepc, scause, stval, satp, stimecmp); from U-mode H CSRs are illegal.
 * The virtual-instruction cases of CSR accesses are in virtual_insn.S. */
#include "hyp.h"

/* Write wval to csr, read it back: (value & mask) == expected. */
#define WR_RD(n, csr, wval, mask, expected) \
    TEST_CASE(n, a4, expected, li a1, wval; csrw csr, a1; csrr a4, csr; li a2, mask; and a4, a4, a2)
#define ALL (-1)

TEST_BEGIN
    .option norvc
    HYP_INIT
    /* misa.H */
    TEST_CASE(1, a4, 1, csrr a4, misa; srli a4, a4, 7; andi a4, a4, 1)

    /* ---- hstatus: VSXL fixed to 64, VSBE 0, the control bits writable ---- */
    WR_RD(2, hstatus, ALL, HSTATUS_VSXL, HSTATUS_VSXL_64)
    WR_RD(3, hstatus, ALL, HSTATUS_VSBE, 0)
    WR_RD(4, hstatus, HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR, \
          HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR, \
          HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR)
    WR_RD(5, hstatus, (1 << 32), HSTATUS_VSXL, HSTATUS_VSXL_64)          /* VSXL = 32 not taken */
    WR_RD(6, hstatus, 0, ALL & ~HSTATUS_VSXL, 0)                          /* VGEIN 0 and the rest clear */

    /* ---- hedeleg: the bits the spec requires writable are, the read-only-zero ones are ---- */
#define HEDELEG_MUST_RW ((1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 12) | (1 << 13) | (1 << 15))
#define HEDELEG_MUST_RO0 ((1 << 9) | (1 << 10) | (1 << 11) | (1 << 16) | (1 << 20) | (1 << 21) | (1 << 22) | (1 << 23))
    WR_RD(7, hedeleg, ALL, HEDELEG_MUST_RW, HEDELEG_MUST_RW)
    WR_RD(8, hedeleg, ALL, HEDELEG_MUST_RO0, 0)
    WR_RD(9, hedeleg, 0, ALL, 0)

    /* ---- hideleg: exactly bits 10, 6, 2 ---- */
    WR_RD(10, hideleg, ALL, ALL, VS_IRQS)
    WR_RD(11, hideleg, 0, ALL, 0)
    /* ---- mideleg: VS bits read-only one ---- */
    WR_RD(12, mideleg, 0, VS_IRQS, VS_IRQS)

    /* ---- hvip: exactly VSEIP, VSTIP, VSSIP writable ---- */
    WR_RD(13, hvip, ALL, ALL, VS_IRQS)
    /* hip.VSEIP, VSTIP read-only views of hvip; mip shows the same bits */
    TEST_CASE(14, a4, VS_IRQS, csrr a4, hip; li a2, VS_IRQS; and a4, a4, a2)
    TEST_CASE(15, a4, VS_IRQS, csrr a4, mip; li a2, VS_IRQS; and a4, a4, a2)
    /* sip does not show them (sip and hip bits are mutually exclusive) */
    TEST_CASE(16, a4, 0, csrr a4, sip; li a2, VS_IRQS; and a4, a4, a2)
    /* clearing hip: only VSSIP (an alias of hvip.VSSIP) is writable there */
    TEST_CASE(17, a4, MIP_VSTIP | MIP_VSEIP, li a1, VS_IRQS; csrc hip, a1; csrr a4, hip; li a2, VS_IRQS; and a4, a4, a2)
    TEST_CASE(18, a4, MIP_VSTIP | MIP_VSEIP, csrr a4, hvip)
    /* mip.VSSIP is the same bit too */
    TEST_CASE(19, a4, VS_IRQS, li a1, MIP_VSSIP; csrs mip, a1; csrr a4, hvip)
    TEST_CASE(20, a4, MIP_VSTIP | MIP_VSEIP, li a1, MIP_VSSIP; csrc mip, a1; csrr a4, hvip)
    TEST_CASE(21, a4, VS_IRQS, li a1, MIP_VSSIP; csrs hip, a1; csrr a4, hvip)
    /* clearing hvip clears hip and mip */
    csrw hvip, zero
    TEST_CASE(22, a4, 0, csrr a4, hip)
    TEST_CASE(23, a4, 0, csrr a4, mip; li a2, VS_IRQS; and a4, a4, a2)

    /* ---- hie: VS enables writable, aliased in mie, absent from sie; SGEIE read-only zero with
     * GEILEN = 0 ---- */
    WR_RD(24, hie, ALL, VS_IRQS, VS_IRQS)
    TEST_CASE(25, a4, VS_IRQS, csrr a4, mie; li a2, VS_IRQS; and a4, a4, a2)
    TEST_CASE(26, a4, 0, csrr a4, sie; li a2, VS_IRQS; and a4, a4, a2)
    TEST_CASE(27, a4, MIP_VSTIP | MIP_VSEIP, li a1, MIP_VSSIP; csrc mie, a1; csrr a4, hie; li a2, VS_IRQS; and a4, a4, a2)
    TEST_CASE(28, a4, 0, csrw hie, zero; csrr a4, mie; li a2, VS_IRQS; and a4, a4, a2)
    /* QEMU 7.2 keeps hie.SGEIE writable with GEILEN = 0 (docs/qemu-deviations.md) */
    IF_NOT_MATRYOSHKA(1f)
    WR_RD(29, hie, ALL, ALL & ~VS_IRQS, 0)
1:
    csrw hie, zero
    /* ---- hgeie / hgeip: GEILEN = 0 ---- */
    WR_RD(30, hgeie, ALL, ALL, 0)
    TEST_CASE(31, a4, 0, csrr a4, hgeip)
    TEST_TRAP_AT(32, CAUSE_ILLEGAL_INSN, 0xe1201073, csrw hgeip, zero)   /* read-only CSR */

    /* ---- hcounteren (CY, TM, IR writable), henvcfg.STCE, htimedelta ---- */
    WR_RD(33, hcounteren, 7, 7, 7)
    WR_RD(34, hcounteren, 0, ALL, 0)
    li a1, ENVCFG_STCE
    csrs menvcfg, a1
    WR_RD(35, henvcfg, ENVCFG_STCE, ENVCFG_STCE, ENVCFG_STCE)
    /* menvcfg.STCE = 0 makes henvcfg.STCE read-only zero (QEMU 7.2 keeps it writable) */
    li a1, ENVCFG_STCE
    csrc menvcfg, a1
    IF_NOT_MATRYOSHKA(1f)
    WR_RD(36, henvcfg, ENVCFG_STCE, ENVCFG_STCE, 0)
1:
    WR_RD(37, henvcfg, 0, ALL, 0)
    WR_RD(38, htimedelta, 0x8000000012345678, ALL, 0x8000000012345678)
    WR_RD(39, htimedelta, 0, ALL, 0)

    /* ---- hgatp: Sv39x4 with PPN[1:0] = 0, VMID probe (contiguous from bit 0), Bare ---- */
    li a1, HGATP_SV39X4 | HGATP_VMID_MASK | 0xfffffffffff
    csrw hgatp, a1
    csrr a4, hgatp
    srli a5, a4, 60
    CHECK(40, a5, 8)
    andi a5, a4, 3                                      /* 16 KiB root: PPN[1:0] read 0 */
    IF_NOT_MATRYOSHKA(1f)                               /* (not in QEMU 7.2) */
    CHECK(41, a5, 0)
1:
    srli a5, a4, HGATP_VMID_SHIFT                       /* VMID: bits VMIDLEN-1:0 set only */
    li a2, 0x3fff
    and a5, a5, a2
    addi a6, a5, 1
    and a6, a6, a5
    CHECK(42, a6, 0)
    WR_RD(43, hgatp, 0, ALL, 0)
    /* an unsupported mode (Sv57x4 here) is WARL: the mode read back is a supported one; our
     * core supports Bare and Sv39x4 only */
    IF_NOT_MATRYOSHKA(1f)
    li a1, (10 << 60)
    csrw hgatp, a1
    csrr a4, hgatp
    srli a4, a4, 60
    li a2, 8
    beq a4, a2, 2f
    CHECK(44, a4, 0)
2:  csrw hgatp, zero
1:

    /* ---- VS CSRs from M ---- */
    WR_RD(45, vsstatus, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR, ALL & ~MSTATUS_UXL, \
          MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR)
    WR_RD(46, vsstatus, 0, MSTATUS_UXL, (2 << 32))      /* UXL: VU-mode is 64-bit */
    WR_RD(47, vsstatus, 0, ALL & ~MSTATUS_UXL, 0)
    WR_RD(48, vstvec, 0x80001000, ALL, 0x80001000)
    WR_RD(49, vsscratch, 0x1234567887654321, ALL, 0x1234567887654321)
    WR_RD(50, vsepc, ALL, ALL & ~1, -2)                 /* IALIGN = 16: bit 0 is zero */
    IF_NOT_MATRYOSHKA(1f)                               /* (QEMU 7.2 keeps it) */
    WR_RD(50, vsepc, ALL, 1, 0)
1:
    WR_RD(51, vscause, 0x8000000000000005, ALL, 0x8000000000000005)
    WR_RD(52, vscause, 13, ALL, 13)
    WR_RD(53, vstval, 0xdeadbeef00c0ffee, ALL, 0xdeadbeef00c0ffee)
    WR_RD(54, vsatp, SATP_SV39 | (0xffff << 44) | 0x80123, ALL, SATP_SV39 | (0xffff << 44) | 0x80123)
    WR_RD(55, vsatp, 0, ALL, 0)
    la t0, hyp_vs_trap                                  /* the test needs them back */
    csrw vstvec, t0
    la t0, hyp_vs_area
    csrw vsscratch, t0
    WR_RD(56, vstimecmp, 0x123456789, ALL, 0x123456789)
    li a1, -1
    csrw vstimecmp, a1
    /* vsie/vsip: read-only zero while hideleg is 0 */
    WR_RD(57, vsie, ALL, ALL, 0)
    WR_RD(58, vsip, ALL, ALL, 0)
    /* with hideleg = VS bits: vsie = hie >> 1, vsip = hip >> 1 */
    li a1, VS_IRQS
    csrw hideleg, a1
    WR_RD(59, vsie, ALL, ALL, (MIP_SSIP | MIP_STIP | MIP_SEIP))
    TEST_CASE(60, a4, VS_IRQS, csrr a4, hie)
    TEST_CASE(61, a4, 0, csrw hie, zero; li a1, MIP_VSTIP; csrs hie, a1; csrr a4, vsie; xori a4, a4, MIP_STIP)
    csrw hie, zero
    WR_RD(62, vsip, ALL, ALL, MIP_SSIP)                 /* only SSIP is writable through vsip */
    TEST_CASE(63, a4, MIP_VSSIP, csrr a4, hvip)
    /* vsip.STIP/SEIP read hip.VSTIP/VSEIP (QEMU 7.2 shows only SSIP: checked on our core) */
    li a1, VS_IRQS
    csrw hvip, a1
    TEST_CASE(64, a4, MIP_SSIP, csrr a4, vsip; andi a4, a4, MIP_SSIP)
    IF_NOT_MATRYOSHKA(1f)
    TEST_CASE(64, a4, MIP_SSIP | MIP_STIP | MIP_SEIP, csrr a4, vsip)
    /* hideleg bit 6 off: vsip.STIP reads 0 although hip.VSTIP is 1 */
    TEST_CASE(65, a4, MIP_SSIP | MIP_SEIP, li a1, MIP_VSTIP; csrc hideleg, a1; csrr a4, vsip)
1:
    /* hvip.VSTIP stays writable while menvcfg.STCE = 1 (hip.VSTIP = hvip.VSTIP | vstimecmp
     * condition; QEMU 7.2 makes it read-only then) */
    li a1, ENVCFG_STCE
    csrs menvcfg, a1
    li a1, -1
    csrw vstimecmp, a1
    IF_NOT_MATRYOSHKA(1f)
    WR_RD(76, hvip, VS_IRQS, ALL, VS_IRQS)
    TEST_CASE(77, a4, VS_IRQS, csrr a4, hip; li a2, VS_IRQS; and a4, a4, a2)
1:
    csrw hvip, zero
    csrw hideleg, zero

    /* ---- mstatus.MPV/GVA writable; mtval2, mtinst, htval, htinst exist and hold 0 ---- */
    WR_RD(66, mstatus, MSTATUS_MPV | MSTATUS_GVA, MSTATUS_MPV | MSTATUS_GVA, MSTATUS_MPV | MSTATUS_GVA)
    li a1, MSTATUS_MPV | MSTATUS_GVA
    csrc mstatus, a1
    TEST_CASE(67, a4, 0, csrr a4, mstatus; li a2, MSTATUS_MPV | MSTATUS_GVA; and a4, a4, a2)
    WR_RD(68, CSR_MTVAL2, 0, ALL, 0)
    WR_RD(69, CSR_MTINST, 0, ALL, 0)
    WR_RD(70, htval, 0, ALL, 0)
    WR_RD(71, htinst, 0, ALL, 0)

    /* ---- every H and VS CSR is accessible from HS-mode (vstimecmp needs mcounteren.TM) ---- */
    csrw mcounteren, zero
    ENTER_HS
    TEST_TRAP_AT(78, CAUSE_ILLEGAL_INSN, 0x24d02773, csrr a4, vstimecmp)
    BACK_TO_M
    li a1, 2
    csrw mcounteren, a1
    ENTER_HS
    TEST_NO_TRAP(80, csrr a4, hstatus; csrr a4, hedeleg; csrr a4, hideleg; csrr a4, hie; \
        csrr a4, hip; csrr a4, hvip; csrr a4, hgeie; csrr a4, hgeip; csrr a4, hcounteren; \
        csrr a4, htval; csrr a4, htinst; csrr a4, hgatp; csrr a4, henvcfg; csrr a4, htimedelta)
    TEST_NO_TRAP(81, csrr a4, vsstatus; csrr a4, vsie; csrr a4, vsip; csrr a4, vstvec; \
        csrr a4, vsscratch; csrr a4, vsepc; csrr a4, vscause; csrr a4, vstval; csrr a4, vsatp; \
        csrr a4, vstimecmp)
    /* writes from HS: hvip and vsscratch */
    TEST_CASE(82, a4, MIP_VSSIP, li a1, MIP_VSSIP; csrw hvip, a1; csrr a4, hvip)
    csrw hvip, zero
    /* M-level H additions stay M-only */
    TEST_TRAP_AT(83, CAUSE_ILLEGAL_INSN, 0x34b02773, csrr a4, CSR_MTVAL2)
    TEST_TRAP_AT(84, CAUSE_ILLEGAL_INSN, 0x34a02773, csrr a4, CSR_MTINST)
    BACK_TO_M
    /* mstatus.TVM makes hgatp illegal in HS (but not vsatp); QEMU 7.2 does not trap hgatp */
    li a1, MSTATUS_TVM
    csrs mstatus, a1
    IS_MATRYOSHKA_TO_S6
    ENTER_HS
    IF_NOT_MATRYOSHKA_S(1f)
    TEST_TRAP_AT(85, CAUSE_ILLEGAL_INSN, 0x68002773, csrr a4, hgatp)
1:  TEST_NO_TRAP(86, csrr a4, vsatp)
    BACK_TO_M
    li a1, MSTATUS_TVM
    csrc mstatus, a1
    /* from U-mode (V = 0), H and VS CSRs are illegal */
    ENTER_HU
    TEST_TRAP_AT(87, CAUSE_ILLEGAL_INSN, 0x60002773, csrr a4, hstatus)
    TEST_TRAP_AT(88, CAUSE_ILLEGAL_INSN, 0x20002773, csrr a4, vsstatus)
    BACK_TO_M

    /* ---- in V=1 the S CSRs are the VS ones ---- */
    li a1, 0x1110
    csrw sepc, a1
    li a1, 0x2222
    csrw vsepc, a1
    li a1, 7
    csrw scause, a1
    li a1, 12
    csrw vscause, a1
    li a1, 0x3332
    csrw stval, a1
    li a1, 0x4444
    csrw vstval, a1
    li a1, MSTATUS_SUM
    csrc sstatus, a1
    li a1, MSTATUS_SUM | MSTATUS_MXR
    csrw vsstatus, a1
    li a1, SATP_SV39 | 0x80000                          /* never used: M and VS do not translate through it */
    csrw satp, a1
    li a1, MIP_VSSIP
    csrw hideleg, a1
    csrw hie, a1
    csrw hvip, a1
    li a1, ENVCFG_STCE
    csrs henvcfg, a1
    li a1, 2
    csrw mcounteren, a1
    csrw hcounteren, a1
    li a1, 0x5555555555
    csrw vstimecmp, a1
    li a1, 0x6666666666
    csrw stimecmp, a1
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP               /* as a real M-mode firmware does */
    csrw mideleg, a1
    ENTER_VS
    TEST_CASE(90, a4, 0x2222, csrr a4, sepc)
    TEST_CASE(91, a4, 12, csrr a4, scause)
    TEST_CASE(92, a4, 0x4444, csrr a4, stval)
    TEST_CASE(93, a4, MSTATUS_SUM | MSTATUS_MXR, csrr a4, sstatus; li a2, MSTATUS_SUM | MSTATUS_MXR; and a4, a4, a2)
    csrr a4, stvec
    CHECK_ADDR_SUB(94, 0, a4, hyp_vs_trap)
    csrr a4, sscratch
    CHECK_ADDR_SUB(95, 0, a4, hyp_vs_area)
    TEST_CASE(96, a4, 0, csrr a4, satp)
    TEST_CASE(97, a4, MIP_SSIP, csrr a4, sie)            /* hie.VSSIE seen as SSIE */
    TEST_CASE(98, a4, MIP_SSIP, csrr a4, sip)
    TEST_CASE(99, a4, 0x5555555555, csrr a4, stimecmp)
    /* writes land in the VS CSRs */
    li a1, 0x7776
    csrw sepc, a1
    li a1, 5
    csrw scause, a1
    li a1, 0x8888
    csrw stval, a1
    li a1, MIP_SSIP
    csrc sip, a1                                        /* clears hvip.VSSIP */
    li a1, MIP_SSIP
    csrc sie, a1                                        /* clears hie.VSSIE */
    li a1, MSTATUS_MXR
    csrc sstatus, a1
    li a1, 0x7777777777
    csrw stimecmp, a1
    li a1, (1 << 60) | 0x12345                          /* satp write with an unsupported mode: ignored */
    csrw satp, a1
    TEST_CASE(100, a4, 0, csrr a4, satp)
    BACK_TO_M
    TEST_CASE(101, a4, 0x7776, csrr a4, vsepc)
    TEST_CASE(102, a4, 0x1110, csrr a4, sepc)
    TEST_CASE(103, a4, 5, csrr a4, vscause)
    TEST_CASE(104, a4, 7, csrr a4, scause)
    TEST_CASE(105, a4, 0x8888, csrr a4, vstval)
    TEST_CASE(106, a4, 0x3332, csrr a4, stval)
    TEST_CASE(107, a4, 0, csrr a4, hvip)
    TEST_CASE(108, a4, 0, csrr a4, hie)
    TEST_CASE(109, a4, MSTATUS_SUM, csrr a4, vsstatus; li a2, MSTATUS_SUM | MSTATUS_MXR; and a4, a4, a2)
    TEST_CASE(110, a4, 0x7777777777, csrr a4, vstimecmp)
    TEST_CASE(111, a4, 0x6666666666, csrr a4, stimecmp)
    TEST_CASE(112, a4, 0, csrr a4, vsatp)
    li a1, SATP_SV39 | 0x80000
    TEST_CASE(113, a4, 0, csrr a4, satp; sub a4, a4, a1)
    csrw satp, zero
    li a1, -1
    csrw vstimecmp, a1
    csrw stimecmp, a1
    /* vsie/vsip as sie/sip in VS do not depend on mideleg's S-level bits (QEMU 7.2 masks them
     * with mideleg: checked on our core) */
    csrw mideleg, zero
    li a1, MIP_VSSIP
    csrw hie, a1
    csrw hvip, a1
    IS_MATRYOSHKA_TO_S6
    ENTER_VS
    IF_NOT_MATRYOSHKA_S(1f)
    TEST_CASE(114, a4, MIP_SSIP, csrr a4, sie)
    TEST_CASE(115, a4, MIP_SSIP, csrr a4, sip)
1:  BACK_TO_M
    csrw hie, zero
    csrw hvip, zero
    csrw hideleg, zero
TEST_END
