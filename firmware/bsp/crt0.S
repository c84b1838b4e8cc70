/* Start-up code for M-mode programs at 0x8000_0000. The boot ROM (or QEMU's reset vector)
 * enters here with a0 = hartid and a1 = device-tree address. */
    .section .text.init, "ax"
    .globl _start
_start:
    /* gp must be set before anything relaxes accesses against it. */
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop

    /* Only hart 0 runs the program; any other hart sleeps. */
    bnez    a0, .Lpark

    la      sp, __stack_top
    mv      s0, a0
    mv      s1, a1

    /* Clear .sbss/.bss (both bounds are 8-byte aligned by link.ld). */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    sd      s0, bsp_boot_hartid, t0
    sd      s1, bsp_boot_dtb, t0

    la      t0, bsp_trap_entry
    csrw    mtvec, t0

    call    bsp_uart_init
    call    __libc_init_array       /* constructors (.init_array) */

    li      a0, 0                   /* argc */
    li      a1, 0                   /* argv */
    call    main
    call    exit                    /* runs atexit handlers, flushes stdio, then _exit */
.Lpark:
    wfi
    j       .Lpark

    /* Filled in before main; in .data so that clearing .bss does not erase them. */
    .section .sdata, "aw"
    .balign 8
    .globl bsp_boot_hartid, bsp_boot_dtb
bsp_boot_hartid: .dword 0
bsp_boot_dtb:    .dword 0
