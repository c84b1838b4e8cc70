/* Sv39 page-table helpers for the sv39_* tests (M-mode, translation off). Clobber t0, t1.
 * Tables live in .bss (4 KiB aligned, zero at start). */
#ifndef MK_SV39_H
#define MK_SV39_H

#define PTE_LEAF_RWX (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

/* table[index] = PTE for physical address pa_reg with flags. */
#define PTE_SET(table, index, pa_reg, flags) \
    la t0, table; srli t1, pa_reg, 12; slli t1, t1, 10; ori t1, t1, (flags); sd t1, (8 * (index))(t0)
/* table[index] = PTE for the physical address of sym with flags. Clobbers a0. */
#define PTE_SET_SYM(table, index, sym, flags) la a0, sym; PTE_SET(table, index, a0, flags)
/* table[index] = PTE for a constant physical address. Clobbers a0. */
#define PTE_SET_PA(table, index, pa, flags) li a0, pa; PTE_SET(table, index, a0, flags)
/* Read-modify the flags of an existing PTE. */
#define PTE_OR(table, index, flags) la t0, table; ld t1, (8 * (index))(t0); ori t1, t1, (flags); sd t1, (8 * (index))(t0)
#define PTE_CLEAR_FLAGS(table, index, flags) \
    la t0, table; ld t1, (8 * (index))(t0); andi t1, t1, ~(flags); sd t1, (8 * (index))(t0)

/* satp value for a root table with an ASID, into reg. */
#define SATP_FOR(reg, root, asid) \
    la reg, root; srli reg, reg, 12; li t0, SATP_SV39 | ((asid) << 44); or reg, reg, t0

/* Identity map of DRAM 0x80000000-0xBFFFFFFF through root[2] -> l1 (2 MiB pages) with the
 * first 2 MiB (code and data) split into 4 KiB pages in l0, all RWX A D, not U. */
#define SV39_IDENTITY(root, l1, l0) SV39_IDENTITY_FLAGS(root, l1, l0, PTE_LEAF_RWX)
/* The same with other leaf flags (the G-stage's need U). */
#define SV39_IDENTITY_FLAGS(root, l1, l0, flags) \
    PTE_SET_SYM(root, 2, l1, PTE_V); PTE_SET_SYM(l1, 0, l0, PTE_V); \
    la t0, l1; li t1, 1; li a0, (DRAM_BASE >> 12 << 10) | (flags); \
    9980: slli a1, t1, 19; add a1, a1, a0; slli a2, t1, 3; add a2, a2, t0; sd a1, 0(a2); \
    addi t1, t1, 1; li a2, 512; bltu t1, a2, 9980b; \
    la t0, l0; li t1, 0; \
    9981: slli a1, t1, 10; add a1, a1, a0; slli a2, t1, 3; add a2, a2, t0; sd a1, 0(a2); \
    addi t1, t1, 1; li a2, 512; bltu t1, a2, 9981b

/* Add U to the identity 4 KiB entry of the page holding sym. Clobbers a0, a1. */
#define SV39_IDENTITY_SET_U(l0, sym) \
    la a0, sym; li a1, DRAM_BASE; sub a0, a0, a1; srli a0, a0, 12; slli a0, a0, 3; \
    la t0, l0; add t0, t0, a0; ld t1, 0(t0); ori t1, t1, PTE_U; sd t1, 0(t0)

#endif
