/* Synchronous exceptions taken in M-mode: illegal instruction (tval = bits), ecall from U/S/M,
 * ebreak, misaligned loads/stores (they trap on our core), access faults on load, store and
 * fetch, and the mstatus/mepc state on trap entry. */
#include "mk_test.h"
#define NOWHERE 0x90000000               /* past the end of 256 MiB DRAM: nothing answers */
TEST_BEGIN
    .option norvc

    /* illegal instructions: mtval = the instruction bits */
    TEST_TRAP_AT(1, CAUSE_ILLEGAL_INSN, 0x00000053, .word 0x00000053)      /* fadd.s: no F */
    TEST_TRAP_AT(2, CAUSE_ILLEGAL_INSN, 0x0000705b, .word 0x0000705b)      /* custom-2, funct3 7 */
    TEST_TRAP_AT(3, CAUSE_ILLEGAL_INSN, 0x02002007, .word 0x02002007)      /* flw: no F */
    TEST_TRAP_AT(4, CAUSE_ILLEGAL_INSN, 0x0000100f | (1 << 12) | (2 << 12), .word 0x0000300f) /* MISC-MEM funct3 3 */
    TEST_TRAP_AT(5, CAUSE_ILLEGAL_INSN, 0x7b200073, .word 0x7b200073)      /* dret outside debug mode */
    CHECK_TRAP_LEVEL(5, TRAPPED_TO_M(PRV_M))

    /* ecall from M: cause 11, tval 0 */
    TEST_TRAP_AT(10, CAUSE_ECALL_M, 0, ecall)
    /* ebreak: cause 3; tval = pc is our choice (the spec allows pc or 0; QEMU 7.2 writes 0) */
    TRAP_RUN(11, ebreak)
    CHECK_SUB(11, 1, s8, CAUSE_BREAKPOINT)
    CHECK_TRAP_EPC(11)
    IF_NOT_MATRYOSHKA(1f)
    CHECK_REGS_SUB(11, 2, s9, s11)
1:

    /* MIE survives a trap and its mret (entry state is checked in privilege.S) */
    li gp, 12
    csrsi mstatus, MSTATUS_MIE              /* no interrupt is enabled in mie */
    TEST_TRAP_AT(12, CAUSE_ECALL_M, 0, ecall)
    csrr a1, mstatus
    andi a2, a1, MSTATUS_MIE
    CHECK_SUB(12, 5, a2, MSTATUS_MIE)       /* mret restored MIE from MPIE */
    andi a2, a1, MSTATUS_MPIE
    CHECK_SUB(12, 6, a2, MSTATUS_MPIE)      /* and set MPIE = 1 */
    csrci mstatus, MSTATUS_MIE

    /* misaligned loads and stores trap (our choice; QEMU 7.2 performs them): tval = address */
    IF_NOT_MATRYOSHKA(skip_misaligned)
    la a1, buf + 1
    TEST_TRAP_AT_TVAL_REG(20, CAUSE_MISALIGNED_LOAD, a1, lh a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(21, CAUSE_MISALIGNED_LOAD, a1, lhu a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(22, CAUSE_MISALIGNED_LOAD, a1, lw a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(23, CAUSE_MISALIGNED_LOAD, a1, lwu a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(24, CAUSE_MISALIGNED_LOAD, a1, ld a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(25, CAUSE_MISALIGNED_STORE, a1, sh a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(26, CAUSE_MISALIGNED_STORE, a1, sw a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(27, CAUSE_MISALIGNED_STORE, a1, sd a4, 0(a1))
    la a1, buf + 4
    TEST_TRAP_AT_TVAL_REG(28, CAUSE_MISALIGNED_LOAD, a1, ld a4, 0(a1))
    la a1, buf + 6
    TEST_TRAP_AT_TVAL_REG(29, CAUSE_MISALIGNED_STORE, a1, sw a4, 0(a1))
    /* the faulting load did not write rd, the faulting store did not write memory */
    li a4, 0x1234
    la a1, buf + 2
    li a5, -1
    TEST_TRAP_AT_TVAL_REG(30, CAUSE_MISALIGNED_LOAD, a1, ld a4, 0(a1))
    CHECK_SUB(30, 5, a4, 0x1234)
    TEST_TRAP_AT_TVAL_REG(31, CAUSE_MISALIGNED_STORE, a1, sd a5, 0(a1))
    la a1, buf
    ld a4, 0(a1)
    CHECK_SUB(31, 5, a4, 0)
    /* the compressed forms too */
    la a1, buf + 2
    .option push
    .option rvc
    TEST_TRAP_AT_TVAL_REG(32, CAUSE_MISALIGNED_LOAD, a1, c.lw a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(33, CAUSE_MISALIGNED_STORE, a1, c.sd a4, 0(a1))
    .option pop
skip_misaligned:
    /* naturally aligned accesses of every size never trap */
    la a1, buf + 8
    TEST_NO_TRAP(34, lb a4, 1(a1); lh a4, 2(a1); lw a4, 4(a1); ld a4, 0(a1); sh a4, 6(a1))

    /* access faults: tval = address */
    li a1, NOWHERE
    TEST_TRAP_AT_TVAL_REG(40, CAUSE_LOAD_ACCESS, a1, ld a4, 0(a1))
    TEST_TRAP_AT_TVAL_REG(41, CAUSE_STORE_ACCESS, a1, sw a4, 0(a1))
    /* an AMO faults as a store/AMO; QEMU 7.2 reports a load access fault (deviation) */
    li s6, CAUSE_STORE_ACCESS
    IF_MATRYOSHKA(1f)
    li s6, CAUSE_LOAD_ACCESS
1:  li a1, NOWHERE
    TRAP_RUN(42, amoadd.w a4, a4, (a1))
    CHECK_REGS_SUB(42, 1, s8, s6)
    CHECK_REGS_SUB(42, 2, s9, a1)
    CHECK_TRAP_EPC(42)
    TEST_TRAP_AT_TVAL_REG(43, CAUSE_LOAD_ACCESS, a1, lr.d a4, (a1))
    li a1, 0x800                            /* below the boot ROM */
    TEST_TRAP_AT_TVAL_REG(44, CAUSE_LOAD_ACCESS, a1, lb a4, 0(a1))
    /* fetch access fault: epc = tval = the target */
    li gp, 45
    li a1, NOWHERE
    la s10, 1f
    li s8, -1
    jalr ra, 0(a1)
1:  li s10, 0
    CHECK_SUB(45, 1, s8, CAUSE_FETCH_ACCESS)
    CHECK_REGS_SUB(45, 2, s9, a1)
    CHECK_REGS_SUB(45, 3, s11, a1)

    /* ecall from S and U */
    PMP_ALLOW_ALL
    ENTER_S
    TEST_TRAP_AT(50, CAUSE_ECALL_S, 0, ecall)
    CHECK_TRAP_LEVEL(50, TRAPPED_TO_M(PRV_S))
    TEST_TRAP_AT(51, CAUSE_ILLEGAL_INSN, 0x30200073, mret)              /* mret from S */
    ENTER_U_FROM_S
    TEST_TRAP_AT(52, CAUSE_ECALL_U, 0, ecall)
    CHECK_TRAP_LEVEL(52, TRAPPED_TO_M(PRV_U))
    TEST_TRAP_AT(53, CAUSE_ILLEGAL_INSN, 0x10200073, sret)              /* sret from U */
    TEST_TRAP_AT(54, CAUSE_ILLEGAL_INSN, 0x30200073, mret)
    TEST_TRAP_AT(55, CAUSE_ILLEGAL_INSN, 0x12000073, sfence.vma)         /* from U */
    TEST_TRAP_AT(56, CAUSE_ILLEGAL_INSN, 0x10002773, csrr a4, sstatus)
    TRAP_RUN(57, ebreak)
    CHECK_SUB(57, 1, s8, CAUSE_BREAKPOINT)
    CHECK_TRAP_EPC(57)
    CHECK_TRAP_LEVEL(57, TRAPPED_TO_M(PRV_U))
    BACK_TO_M
TEST_END

    .data
    .align 4
buf: .skip 32
