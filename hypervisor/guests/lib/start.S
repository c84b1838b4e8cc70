/* S-mode payload entry at 0x8020_0000: a0 = hartid, a1 = DTB (from the firmware, the
 * hypervisor or OpenSBI's fw_jump). Sets gp and sp, clears .bss, installs the trap vector,
 * runs guest_main(hartid, dtb) and exits with its result. */
    .section .text.start, "ax", @progbits
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, __guest_stack_top
    mv      s0, a0
    mv      s1, a1
    la      t0, __guest_bss_start
    la      t1, __guest_bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  csrw    sscratch, zero
    la      t0, guest_trap_entry
    csrw    stvec, t0
    mv      a0, s0
    mv      a1, s1
    call    guest_main
    call    guest_exit
