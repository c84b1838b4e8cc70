/* U-mode tasks: guest_user_run saves the kernel's callee-saved state and srets into U-mode;
 * guest_user_return (called from a trap handler, on the kernel stack) restores it, so
 * guest_user_run returns. struct guest_user_ctx: ra, sp, s0..s11. */
#define SSTATUS_SPP  0x100
#define SSTATUS_SPIE 0x20

    .text
    .globl guest_user_run
guest_user_run:                     /* a0 = ctx, a1 = entry, a2 = user sp */
    sd      ra, 0*8(a0)
    sd      sp, 1*8(a0)
    sd      s0, 2*8(a0)
    sd      s1, 3*8(a0)
    sd      s2, 4*8(a0)
    sd      s3, 5*8(a0)
    sd      s4, 6*8(a0)
    sd      s5, 7*8(a0)
    sd      s6, 8*8(a0)
    sd      s7, 9*8(a0)
    sd      s8, 10*8(a0)
    sd      s9, 11*8(a0)
    sd      s10, 12*8(a0)
    sd      s11, 13*8(a0)
    csrw    sepc, a1
    li      t0, SSTATUS_SPP
    csrc    sstatus, t0
    li      t0, SSTATUS_SPIE
    csrs    sstatus, t0
    csrw    sscratch, sp            /* traps from the task build their frame below here */
    mv      sp, a2
    sret

    .globl guest_user_return
guest_user_return:                  /* a0 = ctx, a1 = value */
    ld      ra, 0*8(a0)
    ld      sp, 1*8(a0)
    ld      s0, 2*8(a0)
    ld      s1, 3*8(a0)
    ld      s2, 4*8(a0)
    ld      s3, 5*8(a0)
    ld      s4, 6*8(a0)
    ld      s5, 7*8(a0)
    ld      s6, 8*8(a0)
    ld      s7, 9*8(a0)
    ld      s8, 10*8(a0)
    ld      s9, 11*8(a0)
    ld      s10, 12*8(a0)
    ld      s11, 13*8(a0)
    mv      a0, a1
    ret
