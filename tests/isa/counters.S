/* Zicntr: cycle, time, instret (and their M-mode twins) count up; exact instret on our core;
 * mcycle/minstret are writable; mcounteren/scounteren gate S- and U-mode reads. */
#include "mk_test.h"
TEST_BEGIN
    .option norvc

    /* monotonic: a later read is strictly greater (cycle, instret) or not smaller (time) */
    li gp, 1
    rdcycle a1
    nop
    nop
    rdcycle a2
    bgtu a2, a1, 1f
    j fail
1:  li gp, 2
    rdinstret a1
    nop
    rdinstret a2
    bgtu a2, a1, 1f
    j fail
1:  li gp, 3
    rdtime a1
    li a3, 20000
2:  addi a3, a3, -1
    bnez a3, 2b
    rdtime a2
    bgtu a2, a1, 1f                         /* 20000 loops take far longer than one tick */
    j fail
1:  li gp, 4
    csrr a1, mcycle
    rdcycle a2
    bgeu a2, a1, 1f
    j fail
1:
    /* time follows CLINT mtime */
    li gp, 5
    li a3, CLINT_MTIME
    ld a1, 0(a3)
    rdtime a2
    ld a4, 0(a3)
    bltu a2, a1, 2f
    bgtu a2, a4, 2f
    j 1f
2:  j fail
1:
    /* exact instret: the value read excludes the reading instruction itself */
    IF_NOT_MATRYOSHKA(1f)
    TEST_CASE(6, a4, 3, rdinstret a1; nop; nop; rdinstret a2; sub a4, a2, a1)
    TEST_CASE(7, a4, 3, csrr a1, minstret; addi x0, x0, 0; addi x0, x0, 0; csrr a2, minstret; sub a4, a2, a1)
1:
    /* mcycle and minstret are writable */
    li gp, 8
    li a1, 0x100000000000
    csrw minstret, a1
    csrr a2, minstret
    bgeu a2, a1, 2f
    j fail
2:  IF_NOT_MATRYOSHKA(1f)                   /* QEMU's minstret follows host ticks */
    li gp, (1 << 32) | 8
    sub a4, a2, a1
    li a3, 16
    bltu a4, a3, 1f
    j fail
1:  li gp, 9
    csrw mcycle, a1
    csrr a2, mcycle
    bgeu a2, a1, 1f
    j fail
1:

    /* mcounteren/scounteren gating */
    PMP_ALLOW_ALL
    csrw mcounteren, zero
    csrw scounteren, zero
    ENTER_S
    TEST_TRAP_AT(20, CAUSE_ILLEGAL_INSN, 0xc0002773, rdcycle a4)
    TEST_TRAP_AT(21, CAUSE_ILLEGAL_INSN, 0xc0102773, rdtime a4)
    TEST_TRAP_AT(22, CAUSE_ILLEGAL_INSN, 0xc0202773, rdinstret a4)
    BACK_TO_M
    li a1, 0x5                              /* CY and IR, not TM */
    csrw mcounteren, a1
    ENTER_S
    TEST_NO_TRAP(23, rdcycle a4; rdinstret a4)
    TEST_TRAP_AT(24, CAUSE_ILLEGAL_INSN, 0xc0102773, rdtime a4)
    /* U-mode needs both mcounteren and scounteren */
    ENTER_U_FROM_S
    TEST_TRAP_AT(25, CAUSE_ILLEGAL_INSN, 0xc0002773, rdcycle a4)
    CHECK_TRAP_LEVEL(25, TRAPPED_TO_M(PRV_U))
    BACK_TO_M
    li a1, 0x7
    csrw mcounteren, a1
    li a1, 0x2                              /* TM only */
    csrw scounteren, a1
    ENTER_U
    TEST_NO_TRAP(26, rdtime a4)
    TEST_TRAP_AT(27, CAUSE_ILLEGAL_INSN, 0xc0202773, rdinstret a4)
    BACK_TO_M
    li a1, 0x7
    csrw scounteren, a1
    ENTER_U
    TEST_NO_TRAP(28, rdcycle a1; rdtime a2; rdinstret a3)
    /* and they count in U-mode too */
    li gp, 29
    rdcycle a4
    bgtu a4, a1, 1f
    j fail
1:  BACK_TO_M
    /* M-mode ignores the enables */
    csrw mcounteren, zero
    TEST_NO_TRAP(30, rdcycle a4; rdtime a4; rdinstret a4)
TEST_END
