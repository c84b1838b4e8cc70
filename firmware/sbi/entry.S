/* Matryoshka SBI firmware: reset entry and the M-mode trap vector.
 *
 * The boot ROM (or QEMU's reset vector) jumps here in M-mode with a0 = hartid, a1 = DTB.
 * While the payload runs, mscratch holds the top of the firmware stack; while the firmware
 * runs, mscratch is 0, so a trap taken in M-mode itself is recognised (and is fatal). */

#define FRAME_SIZE 288          /* sizeof(struct fw_trap_frame) */
#define F_MEPC     (32 * 8)
#define F_MCAUSE   (33 * 8)
#define F_MTVAL    (34 * 8)

    .section .text.entry, "ax", @progbits
    .globl _start
_start:
    csrw    mie, zero
    la      t0, fw_trap_vector
    csrw    mtvec, t0
    csrw    mscratch, zero
    /* One hart runs the firmware; any other sleeps forever. */
    bnez    a0, .Lpark
    la      sp, __fw_stack_top
    mv      s0, a0
    mv      s1, a1
    la      t0, __fw_bss_start
    la      t1, __fw_bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  mv      a0, s0
    mv      a1, s1
    call    fw_init                 /* returns the payload entry; mstatus.MPP is set */
    csrw    mepc, a0
    la      t0, __fw_stack_top
    csrw    mscratch, t0
    mv      a0, s0
    mv      a1, s1
    /* The payload starts with no firmware values in its registers. */
    li      ra, 0
    li      sp, 0
    li      gp, 0
    li      tp, 0
    li      t0, 0
    li      t1, 0
    li      t2, 0
    li      s0, 0
    li      s1, 0
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      a7, 0
    li      s2, 0
    li      s3, 0
    li      s4, 0
    li      s5, 0
    li      s6, 0
    li      s7, 0
    li      s8, 0
    li      s9, 0
    li      s10, 0
    li      s11, 0
    li      t3, 0
    li      t4, 0
    li      t5, 0
    li      t6, 0
    mret

.Lpark:
    wfi
    j       .Lpark

    .text
    .balign 4
    .globl fw_trap_vector
fw_trap_vector:
    csrrw   sp, mscratch, sp
    beqz    sp, .Lfrom_m
    addi    sp, sp, -FRAME_SIZE
    sd      x1, 1*8(sp)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\n, \n*8(sp)
    .endr
    csrrw   t0, mscratch, zero      /* the payload's sp; mscratch = 0 while in M */
    sd      t0, 2*8(sp)
    csrr    t0, mepc
    sd      t0, F_MEPC(sp)
    csrr    t0, mcause
    sd      t0, F_MCAUSE(sp)
    csrr    t0, mtval
    sd      t0, F_MTVAL(sp)
    mv      a0, sp
    call    fw_trap
    ld      t0, F_MEPC(sp)
    csrw    mepc, t0
    addi    t0, sp, FRAME_SIZE
    csrw    mscratch, t0
    ld      x1, 1*8(sp)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\n, \n*8(sp)
    .endr
    ld      sp, 2*8(sp)
    mret

    /* A trap in M-mode is a firmware bug: report it on the current stack and stop. */
.Lfrom_m:
    csrrw   sp, mscratch, sp        /* back to the firmware's sp; mscratch = 0 again */
    addi    sp, sp, -FRAME_SIZE
    sd      x1, 1*8(sp)
    sd      x10, 10*8(sp)
    sd      x11, 11*8(sp)
    addi    t0, sp, FRAME_SIZE
    sd      t0, 2*8(sp)
    csrr    t0, mepc
    sd      t0, F_MEPC(sp)
    csrr    t0, mcause
    sd      t0, F_MCAUSE(sp)
    csrr    t0, mtval
    sd      t0, F_MTVAL(sp)
    mv      a0, sp
    call    fw_trap_from_m
1:  j       1b

/* bool fw_stimecmp_accessible(void): reads stimecmp with a temporary trap vector; 0 if the
 * read trapped. (QEMU 7.2 keeps menvcfg.STCE set even with sstc=off, so STCE alone does not
 * prove that Sstc exists.) Boot-time only: the trap overwrites mepc, mcause and mstatus.MPP. */
    .text
    .globl fw_stimecmp_accessible
fw_stimecmp_accessible:
    csrr    t1, mtvec
    la      t0, .Lprobe_done
    csrw    mtvec, t0
    li      a0, 0
    csrr    t0, 0x14d
    li      a0, 1
    .balign 4
.Lprobe_done:
    csrw    mtvec, t1
    ret
