/* Privilege transitions: mstatus on trap entry (MPIE/MIE/MPP, SPIE/SIE/SPP), mret and sret
 * (restore the enable, set the previous-enable, drop to the least privilege, clear MPRV), and
 * the TSR, TW and TVM traps. */
#include "mk_test.h"
TEST_BEGIN
    .option norvc
    PMP_ALLOW_ALL

    /* trap entry in M: a local probe handler captures mstatus */
    la a1, probe_m
    csrw mtvec, a1
    li gp, 1
    csrsi mstatus, MSTATUS_MIE
    ecall                                   /* probe: a5 = mstatus inside the handler */
    la a1, mk_m_trap
    csrw mtvec, a1
    andi a2, a5, MSTATUS_MIE
    CHECK_SUB(1, 1, a2, 0)
    andi a2, a5, MSTATUS_MPIE
    CHECK_SUB(1, 2, a2, MSTATUS_MPIE)
    li a3, MSTATUS_MPP
    and a2, a5, a3
    CHECK_SUB(1, 3, a2, MSTATUS_MPP)
    csrci mstatus, MSTATUS_MIE

    /* mret with MPP = M: MIE = MPIE (0), MPIE = 1, MPP = U */
    li gp, 2
    li a1, MSTATUS_MPP
    csrs mstatus, a1
    li a1, MSTATUS_MPIE
    csrc mstatus, a1
    csrsi mstatus, MSTATUS_MIE
    la a1, 1f
    csrw mepc, a1
    mret
1:  csrr a5, mstatus
    andi a2, a5, MSTATUS_MIE
    CHECK_SUB(2, 1, a2, 0)
    andi a2, a5, MSTATUS_MPIE
    CHECK_SUB(2, 2, a2, MSTATUS_MPIE)
    li a3, MSTATUS_MPP
    and a2, a5, a3
    CHECK_SUB(2, 3, a2, 0)

    /* mret to U clears MPRV */
    li gp, 3
    li a1, MSTATUS_MPRV
    csrs mstatus, a1
    ENTER_U
    BACK_TO_M
    csrr a5, mstatus
    li a3, MSTATUS_MPRV
    csrc mstatus, a3
    IF_NOT_MATRYOSHKA(1f)                   /* QEMU 7.2 leaves MPRV set (deviation) */
    and a2, a5, a3
    CHECK_SUB(3, 1, a2, 0)
1:
    /* mret to S lands in S: sstatus is readable, mstatus is not */
    ENTER_S
    TEST_NO_TRAP(4, csrr a4, sstatus)
    TEST_TRAP_NOTVAL(5, CAUSE_ILLEGAL_INSN, csrr a4, mstatus)
    CHECK_TRAP_LEVEL(5, TRAPPED_TO_M(PRV_S))

    /* sret with SPP = U: SIE = SPIE, SPIE = 1, SPP = U, lands in U */
    li gp, 6
    li a1, MSTATUS_SPP
    csrc sstatus, a1
    li a1, MSTATUS_SPIE
    csrs sstatus, a1
    csrci sstatus, MSTATUS_SIE
    la a1, 1f
    csrw sepc, a1
    sret
1:  TEST_TRAP_NOTVAL(6, CAUSE_ILLEGAL_INSN, csrr a4, sstatus)     /* in U now */
    CHECK_TRAP_LEVEL(6, TRAPPED_TO_M(PRV_U))
    BACK_TO_M
    csrr a5, mstatus
    andi a2, a5, MSTATUS_SIE
    CHECK_SUB(7, 1, a2, MSTATUS_SIE)
    andi a2, a5, MSTATUS_SPIE
    CHECK_SUB(7, 2, a2, MSTATUS_SPIE)
    andi a2, a5, MSTATUS_SPP
    CHECK_SUB(7, 3, a2, 0)
    csrci mstatus, MSTATUS_SIE

    /* sret with SPP = S stays in S */
    ENTER_S
    li gp, 8
    li a1, MSTATUS_SPP
    csrs sstatus, a1
    la a1, 1f
    csrw sepc, a1
    sret
1:  TEST_NO_TRAP(8, csrr a4, sstatus)

    /* trap entry in S (ecall from U delegated): SPP = U, SPIE = old SIE, SIE = 0, scause/sepc */
    BACK_TO_M
    li a1, 1 << CAUSE_ECALL_U
    csrw medeleg, a1
    la a1, probe_s
    csrw stvec, a1
    li a1, MSTATUS_SIE
    csrs mstatus, a1                        /* SIE = 1 (no interrupts are enabled in sie) */
    ENTER_U
    li gp, 9
    ecall                                   /* probe_s: a5 = sstatus, a6 = scause, a7 = sepc */
9:  BACK_TO_M_EBREAK
    la a1, mk_s_trap
    csrw stvec, a1
    csrw medeleg, zero
    andi a2, a5, MSTATUS_SIE
    CHECK_SUB(9, 1, a2, 0)
    andi a2, a5, MSTATUS_SPIE
    CHECK_SUB(9, 2, a2, MSTATUS_SPIE)
    andi a2, a5, MSTATUS_SPP
    CHECK_SUB(9, 3, a2, 0)
    CHECK_SUB(9, 4, a6, CAUSE_ECALL_U)
    la a3, 9b - 4
    CHECK_REGS_SUB(9, 5, a7, a3)
    csrci mstatus, MSTATUS_SIE

    /* TSR: sret in S traps */
    li a1, MSTATUS_TSR
    csrs mstatus, a1
    ENTER_S
    TEST_TRAP_AT(10, CAUSE_ILLEGAL_INSN, 0x10200073, sret)
    BACK_TO_M
    li a1, MSTATUS_TSR
    csrc mstatus, a1

    /* TW: wfi in S or U traps */
    li a1, MSTATUS_TW
    csrs mstatus, a1
    ENTER_S
    TEST_TRAP_AT(11, CAUSE_ILLEGAL_INSN, 0x10500073, wfi)
    ENTER_U_FROM_S
    TEST_TRAP_AT(12, CAUSE_ILLEGAL_INSN, 0x10500073, wfi)
    BACK_TO_M
    li a1, MSTATUS_TW
    csrc mstatus, a1
    /* TW = 0: wfi in M with an interrupt pending (MSIP enabled in mie, MIE = 0) goes on */
    li a1, CLINT_MSIP
    li a2, 1
    sw a2, 0(a1)
    li a1, MIP_MSIP
    csrs mie, a1
    TEST_NO_TRAP(13, wfi)
    csrc mie, a1
    li a1, CLINT_MSIP
    sw zero, 0(a1)

    /* TVM: satp and sfence.vma trap in S; M-mode is unaffected */
    li a1, MSTATUS_TVM
    csrs mstatus, a1
    TEST_NO_TRAP(14, csrr a4, satp; sfence.vma)
    ENTER_S
    TEST_TRAP_AT(15, CAUSE_ILLEGAL_INSN, 0x18002773, csrr a4, satp)
    TEST_TRAP_AT(16, CAUSE_ILLEGAL_INSN, 0x12000073, sfence.vma)
    TEST_TRAP_AT(17, CAUSE_ILLEGAL_INSN, 0x18001073, csrw satp, zero)
    BACK_TO_M
    li a1, MSTATUS_TVM
    csrc mstatus, a1
    ENTER_S
    TEST_NO_TRAP(18, csrr a4, satp; sfence.vma)
    BACK_TO_M
TEST_END

    .align 2
probe_m:
    csrr a5, mstatus
    csrr a6, mepc
    addi a6, a6, 4
    csrw mepc, a6
    mret

    .align 2
probe_s:
    csrr a5, sstatus
    csrr a6, scause
    csrr a7, sepc
    addi t0, a7, 4
    csrw sepc, t0
    sret
