/* Matryoshka M-mode SBI firmware: internal interfaces (see docs/firmware.md). */
#ifndef SBI_FW_H
#define SBI_FW_H

#include <stdbool.h>
#include <stdint.h>

#define FW_BASE         0x80000000UL  /* firmware text, data and stack (PMP-protected) */
#define FW_SIZE         0x00200000UL
#define FW_PAYLOAD_BASE 0x80200000UL  /* the next stage, entered in (H)S-mode */
#define FW_DRAM_DEFAULT_SIZE 0x10000000UL  /* when the device tree gives none */

/* Implementation ID for sbi_get_impl_id: "MK", not in the spec's registry; version 0.1. */
#define FW_IMPL_ID      0x4D4B
#define FW_IMPL_VERSION ((0UL << 16) | 1)

/* Exit code for a trap the firmware cannot handle (same as the BSP's unhandled trap). */
#define FW_EXIT_FATAL   126

/* Saved by the trap vector (entry.S); the layout is fixed by the assembly. */
struct fw_trap_frame {
    uint64_t x[32];   /* x[2] is the interrupted sp */
    uint64_t mepc;
    uint64_t mcause;
    uint64_t mtval;
    uint64_t pad;
};

/* What the firmware found at boot. */
struct fw_platform {
    uint64_t hartid;
    uint64_t dtb;
    uint64_t dram_end;  /* first byte after DRAM */
    bool has_h;
    bool has_sstc;
};

/* The one instance, set up by fw_init; the trap handler reads it. */
extern struct fw_platform fw_platform;

/* C side of the boot: probes, configures, and returns the payload's entry point. */
uint64_t fw_init(uint64_t hartid, uint64_t dtb);
void fw_trap(struct fw_trap_frame *f);
void fw_trap_from_m(struct fw_trap_frame *f) __attribute__((noreturn));

/* SBI calls from S (or HS): reads a0..a7, writes a0/a1 and leaves mepc alone. */
void fw_sbi_ecall(struct fw_trap_frame *f);
void fw_set_timer(uint64_t when);
void fw_timer_interrupt(void);

/* Ends the run through the test finisher: code 0 = pass. */
void fw_finish(unsigned code);
void fw_reboot(void);

/* Console (UART0) helpers that need no C library. */
void fw_puts(const char *s);
void fw_put_hex(uint64_t v);
void fw_put_dec(uint64_t v);

bool fw_stimecmp_accessible(void);

/* End of the DRAM bank at 0x8000_0000 from the flattened device tree, or 0 if not found. */
uint64_t fw_fdt_dram_end(uint64_t dtb);

#endif
