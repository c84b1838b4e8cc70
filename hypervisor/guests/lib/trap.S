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
    .irp n, 6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\n, \n*8(sp)
    .endr
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
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\n, \n*8(sp)
    .endr
    ld      sp, 2*8(sp)
    sret
