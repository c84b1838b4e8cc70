/* Matryoshka directed ISA tests: macros and register conventions (docs/testing.md).
 *
 * A test file is:
 *     #include "mk_test.h"
 *     TEST_BEGIN
 *         TEST_RR_OP(1, add, 3, 1, 2)
 *         ...
 *     TEST_END
 *
 * Registers owned by the framework (tests must not use them for anything else):
 *   gp   current check id: test number in bits 31:0, sub-check in bits 63:32
 *   tp   command to the trap handler (PASS/FAIL/TO_M magic), 0 otherwise
 *   s7   after a trap: (handler level << 4) | previous privilege  (0x3p = M handler, 0x1p = S)
 *   s8   after a trap: mcause/scause (-1 = no trap yet)
 *   s9   after a trap: mtval/stval
 *   s10  resume address for an expected exception (0 = an exception now is a failure)
 *   s11  after a trap: mepc/sepc
 *   t4 t5 t6   scratch of the check macros
 * The trap handlers themselves only touch the registers above (they save t0-t3).
 */
#ifndef MK_TEST_H
#define MK_TEST_H

/* ---- SoC and architecture constants ---- */
#define FINISHER_BASE 0x100000
#define CLINT_BASE    0x2000000
#define CLINT_MSIP    (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000)
#define CLINT_MTIME   (CLINT_BASE + 0xBFF8)
#define PLIC_BASE     0xC000000
#define UART0_BASE    0x10000000
#define UART0_IRQ     10
#define DRAM_BASE     0x80000000

#define MK_MARCHID    0x4D4B0001

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)

#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11
#define MIP_SSIP (1 << IRQ_SSI)
#define MIP_MSIP (1 << IRQ_MSI)
#define MIP_STIP (1 << IRQ_STI)
#define MIP_MTIP (1 << IRQ_MTI)
#define MIP_SEIP (1 << IRQ_SEI)
#define MIP_MEIP (1 << IRQ_MEI)
#define INTERRUPT_BIT (1 << 63)
#define IRQ_CAUSE(n) ((1 << 63) | (n))

#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL_INSN 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_MISALIGNED_LOAD 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15

/* Values of s7 after a trap. */
#define TRAPPED_TO_M(prev) (0x30 | (prev))
#define TRAPPED_TO_S(prev) (0x10 | (prev))

/* Sv39 PTE bits and satp. */
#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)
#define SATP_SV39 (8 << 60)

/* PMP configuration bits. */
#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_OFF 0x00
#define PMP_TOR 0x08
#define PMP_NA4 0x10
#define PMP_NAPOT 0x18
#define PMP_L 0x80

/* Commands to the trap handlers, passed in tp. */
#define CMD_PASS 0x9A55
#define CMD_FAIL 0xFA11
#define CMD_TO_M 0x70E3

/* ---- structure ---- */

/* The test body follows in .text; the runtime (start-up, trap handlers, reporting) sits at
 * 0x80000000 in .text.init and jumps to test_main. */
#define TEST_BEGIN .text; .globl test_main; test_main:
#define TEST_END   TEST_PASS

/* End the test: from any privilege (the handlers forward to M-mode). */
#define TEST_PASS  li tp, CMD_PASS; ecall
#define TEST_FAIL  j fail

/* Leave S/U-mode: an ecall (not delegated) with tp = CMD_TO_M returns to the next instruction (MIE = 0)
 * in M-mode. The _EBREAK form is for tests that delegate ecalls to S-mode. */
#define BACK_TO_M        li tp, CMD_TO_M; ecall
#define BACK_TO_M_EBREAK li tp, CMD_TO_M; .option push; .option norvc; ebreak; .option pop

/* From M-mode, continue at the next instruction in privilege p (PRV_S or PRV_U). Clobbers t0. */
#define ENTER_PRIV(p) \
    li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, ((p) << 11); csrs mstatus, t0; \
    la t0, 9990f; csrw mepc, t0; mret; 9990:
#define ENTER_S ENTER_PRIV(PRV_S)
#define ENTER_U ENTER_PRIV(PRV_U)

/* From S-mode, continue at the next instruction in U-mode. Clobbers t0. */
#define ENTER_U_FROM_S \
    li t0, MSTATUS_SPP; csrc sstatus, t0; la t0, 9990f; csrw sepc, t0; sret; 9990:

/* PMP entry 15 = NAPOT over the whole address space, RWX: lets S/U-mode reach all memory.
 * (With no PMP entry matching, S/U accesses fail.) Clobbers t0. */
#define PMP_ALLOW_ALL \
    li t0, -1; csrw pmpaddr15, t0; \
    li t0, (0xff << 56); csrc pmpcfg2, t0; li t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56); \
    csrs pmpcfg2, t0

/* Branch to target if this is our core (marchid); used to gate checks where QEMU 7.2 takes a
 * different (also legal) choice. docs/qemu-deviations.md lists every use. M-mode only. */
#define IF_MATRYOSHKA(target) csrr t4, marchid; li t5, MK_MARCHID; beq t4, t5, target
#define IF_NOT_MATRYOSHKA(target) csrr t4, marchid; li t5, MK_MARCHID; bne t4, t5, target

/* In S-mode marchid is not readable: tests pass the answer in s6 (see IS_MATRYOSHKA_TO_S6). */
#define IS_MATRYOSHKA_TO_S6 csrr t4, marchid; li t5, MK_MARCHID; sub s6, t4, t5; seqz s6, s6
#define IF_NOT_MATRYOSHKA_S(target) beqz s6, target

/* ---- checks ---- */

/* Compare reg with expected (a constant); on mismatch report check id n.k. */
#define CHECK_SUB(n, k, reg, expected) \
    li gp, (((k) << 32) | (n)); mv t6, reg; li t5, expected; beq t6, t5, 9999f; j fail; 9999:
#define CHECK(n, reg, expected) CHECK_SUB(n, 0, reg, expected)
/* Compare reg with an address (symbol). */
#define CHECK_ADDR_SUB(n, k, reg, sym) \
    li gp, (((k) << 32) | (n)); mv t6, reg; la t5, sym; beq t6, t5, 9999f; j fail; 9999:
/* Compare two registers. */
#define CHECK_REGS_SUB(n, k, reg, expreg) \
    li gp, (((k) << 32) | (n)); mv t6, reg; mv t5, expreg; beq t6, t5, 9999f; j fail; 9999:

/* Run code, then compare reg with expected. */
#define TEST_CASE(n, reg, expected, ...) \
    li gp, n; __VA_ARGS__; CHECK(n, reg, expected)

/* Register-register op, and its forms with x0 and with rd = rs1. */
#define TEST_RR_OP(n, inst, expected, v1, v2) \
    TEST_CASE(n, a4, expected, li a1, v1; li a2, v2; inst a4, a1, a2)
#define TEST_RR_SRC1_EQ_DEST(n, inst, expected, v1, v2) \
    TEST_CASE(n, a1, expected, li a1, v1; li a2, v2; inst a1, a1, a2)
#define TEST_RR_ZERODEST(n, inst, v1, v2) \
    TEST_CASE(n, x0, 0, li a1, v1; li a2, v2; inst x0, a1, a2)
#define TEST_RR_ZEROSRC1(n, inst, expected, v2) \
    TEST_CASE(n, a4, expected, li a2, v2; inst a4, x0, a2)
#define TEST_RR_ZEROSRC2(n, inst, expected, v1) \
    TEST_CASE(n, a4, expected, li a1, v1; inst a4, a1, x0)

/* Register-immediate op. */
#define TEST_IMM_OP(n, inst, expected, v1, imm) \
    TEST_CASE(n, a4, expected, li a1, v1; inst a4, a1, imm)
#define TEST_IMM_ZERODEST(n, inst, v1, imm) \
    TEST_CASE(n, x0, 0, li a1, v1; inst x0, a1, imm)
#define TEST_IMM_ZEROSRC(n, inst, expected, imm) \
    TEST_CASE(n, a4, expected, inst a4, x0, imm)

/* Load from base+offset, compare. */
#define TEST_LD_OP(n, inst, expected, offset, base) \
    TEST_CASE(n, a4, expected, la a1, base; inst a4, offset(a1))
/* Store val at base+offset with st, read back with ld, compare. */
#define TEST_ST_OP(n, ld, st, expected, val, offset, base) \
    TEST_CASE(n, a4, expected, la a1, base; li a2, val; st a2, offset(a1); ld a4, offset(a1))

/* Conditional branches: check that the branch goes (or does not go) where it should. */
#define TEST_BR_TAKEN(n, inst, v1, v2) \
    li gp, n; li a1, v1; li a2, v2; inst a1, a2, 9991f; j fail; 9991:
#define TEST_BR_NOT_TAKEN(n, inst, v1, v2) \
    li gp, n; li a1, v1; li a2, v2; inst a1, a2, 9991f; j 9992f; 9991: j fail; 9992:

/* ---- expected exceptions ---- */

/* Run code that may raise an exception (resumed after the code); checks are up to the caller:
 * s8 = cause (-1 if none), s9 = tval, s11 = epc (TRAP_PC = the first instruction of code). */
#define TRAP_RUN(n, ...) li gp, n; li s8, -1; la s10, 9998f; 9997: __VA_ARGS__; 9998: li s10, 0
#define CHECK_TRAP_EPC(n) CHECK_ADDR_SUB(n, 3, s11, 9997b)

/* Run code expecting it to raise an exception: the handler (M or S) records it in s7/s8/s9/s11
 * and resumes after the code, in the same privilege. Then checks n.1 cause, n.2 tval. */
#define TEST_TRAP(n, cause, tval, ...) \
    TEST_TRAP_NOTVAL(n, cause, __VA_ARGS__); CHECK_SUB(n, 2, s9, tval)
#define TEST_TRAP_NOTVAL(n, cause, ...) \
    li gp, n; li s8, -1; la s10, 9998f; __VA_ARGS__; 9998: li s10, 0; \
    CHECK_SUB(n, 1, s8, cause)
/* Same, and n.3: the trap's epc is the first instruction of code. */
#define TEST_TRAP_AT(n, cause, tval, ...) \
    li gp, n; li s8, -1; la s10, 9998f; 9997: __VA_ARGS__; 9998: li s10, 0; \
    CHECK_SUB(n, 1, s8, cause); CHECK_SUB(n, 2, s9, tval); CHECK_ADDR_SUB(n, 3, s11, 9997b)
/* Same, with tval = the address of the faulting instruction (ebreak, fetch faults). */
#define TEST_TRAP_AT_TVAL_PC(n, cause, ...) \
    li gp, n; li s8, -1; la s10, 9998f; 9997: __VA_ARGS__; 9998: li s10, 0; \
    CHECK_SUB(n, 1, s8, cause); CHECK_ADDR_SUB(n, 2, s9, 9997b); CHECK_ADDR_SUB(n, 3, s11, 9997b)
/* Same, with tval = the value of a register (a data address). */
#define TEST_TRAP_AT_TVAL_REG(n, cause, reg, ...) \
    li gp, n; li s8, -1; la s10, 9998f; 9997: __VA_ARGS__; 9998: li s10, 0; \
    CHECK_SUB(n, 1, s8, cause); CHECK_REGS_SUB(n, 2, s9, reg); CHECK_ADDR_SUB(n, 3, s11, 9997b)
/* Run code expecting no exception (checks n.1: s8 is still -1). */
#define TEST_NO_TRAP(n, ...) \
    li gp, n; li s8, -1; __VA_ARGS__; CHECK_SUB(n, 1, s8, -1)
/* Which handler took the last trap, and from which privilege (check n.4). */
#define CHECK_TRAP_LEVEL(n, level) CHECK_SUB(n, 4, s7, level)

/* Number of interrupts each handler has taken so far, and the log of their causes. */
#define LOAD_M_IRQ_COUNT(reg) la reg, mk_m_area; ld reg, MK_AREA_IRQ_COUNT(reg)
#define LOAD_S_IRQ_COUNT(reg) la reg, mk_s_area; ld reg, MK_AREA_IRQ_COUNT(reg)
#define LOAD_M_IRQ_LOG(reg, i) la reg, mk_m_area; ld reg, (MK_AREA_IRQ_LOG + 8 * (i))(reg)
#define LOAD_S_IRQ_LOG(reg, i) la reg, mk_s_area; ld reg, (MK_AREA_IRQ_LOG + 8 * (i))(reg)
#define RESET_IRQ_LOG(tmp) \
    la tmp, mk_m_area; sd zero, MK_AREA_IRQ_COUNT(tmp); \
    la tmp, mk_s_area; sd zero, MK_AREA_IRQ_COUNT(tmp)

/* Wait until the M or S handler has taken `count` interrupts in total, for at most 0.2 s of
 * mtime (2,000,000 ticks; a time bound, not a loop count, because QEMU's timers run on the
 * host clock). Reports check n.9 on timeout. Needs CLINT access (no translation). Clobbers
 * t0, t1. */
#define WAIT_M_IRQS(n, count) WAIT_IRQS_(n, count, mk_m_area)
#define WAIT_S_IRQS(n, count) WAIT_IRQS_(n, count, mk_s_area)
#define WAIT_IRQS_(n, count, area) \
    li gp, ((9 << 32) | (n)); li t0, CLINT_MTIME; ld t1, 0(t0); li t0, 2000000; add t1, t1, t0; \
    9993: la t0, area; ld t0, MK_AREA_IRQ_COUNT(t0); li t5, count; mv t6, t0; beq t0, t5, 9994f; \
    li t0, CLINT_MTIME; ld t0, 0(t0); bltu t0, t1, 9993b; j fail; 9994:

/* CLINT helpers (M-mode or any mode with PMP access and no translation). Clobber t0, t1. */
#define SET_MTIMECMP_IN(ticks) \
    li t0, CLINT_MTIME; ld t1, 0(t0); addi t1, t1, ticks; li t0, CLINT_MTIMECMP; sd t1, 0(t0)
#define SET_MTIMECMP_NEVER li t0, CLINT_MTIMECMP; li t1, -1; sd t1, 0(t0)
#define SET_MSIP(v) li t0, CLINT_MSIP; li t1, v; sw t1, 0(t0)

/* Handler save/record area layout (one for M, one for S). */
#define MK_AREA_SAVE 0
#define MK_AREA_IRQ_COUNT 32
#define MK_AREA_IRQ_LOG 40
#define MK_AREA_IRQ_LOG_LEN 8
#define MK_AREA_SIZE (MK_AREA_IRQ_LOG + 8 * MK_AREA_IRQ_LOG_LEN)

#include "mk_runtime.inc"

#endif
