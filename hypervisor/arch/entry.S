/* The hypervisor's entry (HS-mode at 0x8020_0000, a0 = hartid, a1 = DTB), its trap vector
 * and the world switch.
 *
 * sscratch tells where a trap came from: 0 while the hypervisor runs, the running vCPU's
 * struct hv_vcpu while a guest runs. A trap from a guest saves its GPRs into the vCPU and
 * "returns" from hv_vcpu_run() to the hypervisor's C code; a trap from the hypervisor itself
 * (an expected probe fault, see trap.c) is handled on its own stack. */
#define VCPU_PC   (32 * 8)
#define VCPU_HOST (33 * 8)
#define FRAME_SIZE (36 * 8)

    .section .text.entry, "ax", @progbits
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    csrw    sscratch, zero
    la      t0, hv_trap_vector
    csrw    stvec, t0
    csrw    sie, zero
    la      sp, __hv_stack_top
    mv      s0, a0
    mv      s1, a1
    la      t0, __hv_bss_start
    la      t1, __hv_bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  mv      a0, s0
    mv      a1, s1
    call    hv_main
3:  wfi
    j       3b

    .text
/* uint64_t hv_vcpu_run(struct hv_vcpu *v): enters the guest (sepc, sstatus.SPP, hstatus and
 * the VS CSRs were set by the caller) and returns when it traps, with its GPRs and pc in v. */
    .globl hv_vcpu_run
    .balign 4
hv_vcpu_run:
    sd      sp, VCPU_HOST + 0*8(a0)
    sd      ra, VCPU_HOST + 1*8(a0)
    sd      s0, VCPU_HOST + 2*8(a0)
    sd      s1, VCPU_HOST + 3*8(a0)
    sd      s2, VCPU_HOST + 4*8(a0)
    sd      s3, VCPU_HOST + 5*8(a0)
    sd      s4, VCPU_HOST + 6*8(a0)
    sd      s5, VCPU_HOST + 7*8(a0)
    sd      s6, VCPU_HOST + 8*8(a0)
    sd      s7, VCPU_HOST + 9*8(a0)
    sd      s8, VCPU_HOST + 10*8(a0)
    sd      s9, VCPU_HOST + 11*8(a0)
    sd      s10, VCPU_HOST + 12*8(a0)
    sd      s11, VCPU_HOST + 13*8(a0)
    ld      t0, VCPU_PC(a0)
    csrw    sepc, t0
    csrw    sscratch, a0
    .irp n, 1,2,3,4,5,6,7,8,9
    ld      x\n, \n*8(a0)
    .endr
    .irp n, 11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\n, \n*8(a0)
    .endr
    ld      x10, 10*8(a0)
    sret

    .globl hv_trap_vector
    .balign 4
hv_trap_vector:
    csrrw   sp, sscratch, sp
    beqz    sp, .Lfrom_hypervisor
    /* From the guest: sp = the vCPU, sscratch = the guest's sp. */
    sd      x1, 1*8(sp)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\n, \n*8(sp)
    .endr
    csrrw   t0, sscratch, zero
    sd      t0, 2*8(sp)
    csrr    t0, sepc
    sd      t0, VCPU_PC(sp)
    mv      a0, sp
    .option push
    .option norelax
    la      gp, __global_pointer$   /* the guest had its own */
    .option pop
    ld      ra, VCPU_HOST + 1*8(a0)
    ld      s0, VCPU_HOST + 2*8(a0)
    ld      s1, VCPU_HOST + 3*8(a0)
    ld      s2, VCPU_HOST + 4*8(a0)
    ld      s3, VCPU_HOST + 5*8(a0)
    ld      s4, VCPU_HOST + 6*8(a0)
    ld      s5, VCPU_HOST + 7*8(a0)
    ld      s6, VCPU_HOST + 8*8(a0)
    ld      s7, VCPU_HOST + 9*8(a0)
    ld      s8, VCPU_HOST + 10*8(a0)
    ld      s9, VCPU_HOST + 11*8(a0)
    ld      s10, VCPU_HOST + 12*8(a0)
    ld      s11, VCPU_HOST + 13*8(a0)
    ld      sp, VCPU_HOST + 0*8(a0)
    ret

.Lfrom_hypervisor:
    csrrw   sp, sscratch, sp        /* sp back, sscratch = 0 again */
    addi    sp, sp, -FRAME_SIZE
    sd      x1, 1*8(sp)
    sd      x5, 5*8(sp)
    sd      x6, 6*8(sp)
    sd      x7, 7*8(sp)
    .irp n, 10,11,12,13,14,15,16,17
    sd      x\n, \n*8(sp)
    .endr
    sd      x28, 28*8(sp)
    sd      x29, 29*8(sp)
    sd      x30, 30*8(sp)
    sd      x31, 31*8(sp)
    csrr    t0, sepc
    sd      t0, 32*8(sp)
    mv      a0, sp
    call    hv_hs_trap
    ld      t0, 32*8(sp)
    csrw    sepc, t0
    ld      x1, 1*8(sp)
    ld      x5, 5*8(sp)
    ld      x6, 6*8(sp)
    ld      x7, 7*8(sp)
    .irp n, 10,11,12,13,14,15,16,17
    ld      x\n, \n*8(sp)
    .endr
    ld      x28, 28*8(sp)
    ld      x29, 29*8(sp)
    ld      x30, 30*8(sp)
    ld      x31, 31*8(sp)
    addi    sp, sp, FRAME_SIZE
    sret
