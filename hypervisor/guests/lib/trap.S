/* S-mode trap vector. sscratch is 0 while the kernel runs in S-mode and holds the kernel
 * stack pointer while a U-mode task runs, so a trap from U switches to the kernel stack.
 * The frame (struct guest_trap_frame) goes on that stack; guest_trap_dispatch may change it. */
#define FRAME_SIZE (36 * 8)
#define F_SEPC    (32 * 8)
#define F_SSTATUS (33 * 8)
#define F_SCAUSE  (34 * 8)
#define F_STVAL   (35 * 8)
#define SSTATUS_SPP 0x100

    .text
    .balign 4
    .globl guest_trap_entry
guest_trap_entry:
    csrrw   sp, sscratch, sp
    bnez    sp, .Lfrom_user
    csrrw   sp, sscratch, sp        /* from S: the interrupted sp again, sscratch = 0 */
    addi    sp, sp, -FRAME_SIZE
    sd      t0, 5*8(sp)
    addi    t0, sp, FRAME_SIZE
    sd      t0, 2*8(sp)
    j       .Lsave
.Lfrom_user:
    addi    sp, sp, -FRAME_SIZE
    sd      t0, 5*8(sp)
    csrrw   t0, sscratch, zero      /* the task's sp; sscratch = 0 while in S */
    sd      t0, 2*8(sp)
.Lsave:
    sd      x1, 1*8(sp)
    sd      x3, 3*8(sp)
    sd      x4, 4*8(sp)
    sd      x6, 6*8(sp)
    sd      x7, 7*8(sp)
    sd      x8, 8*8(sp)
    sd      x9, 9*8(sp)
    sd      x10, 10*8(sp)
    sd      x11, 11*8(sp)
    sd      x12, 12*8(sp)
    sd      x13, 13*8(sp)
    sd      x14, 14*8(sp)
    sd      x15, 15*8(sp)
    sd      x16, 16*8(sp)
    sd      x17, 17*8(sp)
    sd      x18, 18*8(sp)
    sd      x19, 19*8(sp)
    sd      x20, 20*8(sp)
    sd      x21, 21*8(sp)
    sd      x22, 22*8(sp)
    sd      x23, 23*8(sp)
    sd      x24, 24*8(sp)
    sd      x25, 25*8(sp)
    sd      x26, 26*8(sp)
    sd      x27, 27*8(sp)
    sd      x28, 28*8(sp)
    sd      x29, 29*8(sp)
    sd      x30, 30*8(sp)
    sd      x31, 31*8(sp)
    csrr    t0, sepc
    sd      t0, F_SEPC(sp)
    csrr    t0, sstatus
    sd      t0, F_SSTATUS(sp)
    csrr    t0, scause
    sd      t0, F_SCAUSE(sp)
    csrr    t0, stval
    sd      t0, F_STVAL(sp)
    .option push
    .option norelax
    la      gp, __global_pointer$   /* a U task may have any gp */
    .option pop
    mv      a0, sp
    call    guest_trap_dispatch
    ld      t0, F_SEPC(sp)
    csrw    sepc, t0
    ld      t0, F_SSTATUS(sp)
    csrw    sstatus, t0
    andi    t0, t0, SSTATUS_SPP
    bnez    t0, 1f
    addi    t0, sp, FRAME_SIZE      /* back to U: the kernel stack for the next trap */
    csrw    sscratch, t0
1:  ld      x1, 1*8(sp)
    ld      x3, 3*8(sp)
    ld      x4, 4*8(sp)
    ld      x5, 5*8(sp)
    ld      x6, 6*8(sp)
    ld      x7, 7*8(sp)
    ld      x8, 8*8(sp)
    ld      x9, 9*8(sp)
    ld      x10, 10*8(sp)
    ld      x11, 11*8(sp)
    ld      x12, 12*8(sp)
    ld      x13, 13*8(sp)
    ld      x14, 14*8(sp)
    ld      x15, 15*8(sp)
    ld      x16, 16*8(sp)
    ld      x17, 17*8(sp)
    ld      x18, 18*8(sp)
    ld      x19, 19*8(sp)
    ld      x20, 20*8(sp)
    ld      x21, 21*8(sp)
    ld      x22, 22*8(sp)
    ld      x23, 23*8(sp)
    ld      x24, 24*8(sp)
    ld      x25, 25*8(sp)
    ld      x26, 26*8(sp)
    ld      x27, 27*8(sp)
    ld      x28, 28*8(sp)
    ld      x29, 29*8(sp)
    ld      x30, 30*8(sp)
    ld      x31, 31*8(sp)
    ld      sp, 2*8(sp)
    sret
