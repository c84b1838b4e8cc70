/*
 * The SoC's memory-mapped devices (docs/memory-map.md): boot ROM, test finisher, CLINT, PLIC
 * and UART0, plus HTIF. Every device access function takes the offset inside the device's
 * region and returns 0, or -1 for an access the device does not accept (the hart turns that
 * into an access fault). soc.c routes bus addresses to them.
 */
#ifndef MK_DEVICES_H
#define MK_DEVICES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mk_model.h"

/* Region sizes; the bases are in soc.h. */
#define MK_BOOTROM_SIZE 0xF000ULL
#define MK_FINISHER_SIZE 0x1000ULL
#define MK_CLINT_SIZE 0x10000ULL
#define MK_PLIC_SIZE 0x600000ULL
#define MK_UART0_SIZE 0x100ULL

/* The device tree sits in the boot ROM at this offset (address 0x1100). */
#define MK_BOOTROM_DTB_OFFSET 0x100u

#define MK_PLIC_SOURCES 32u     /* source 0 is "no interrupt"; 1..31 exist */
#define MK_PLIC_CONTEXTS 2u     /* 0: hart 0 M-mode (MEIP), 1: hart 0 S-mode (SEIP) */

/* The UART polls stdin at most once every this many cycles. */
#define MK_UART_STDIN_POLL_CYCLES 4096ULL

typedef struct mk_bootrom {
    uint8_t rom[MK_BOOTROM_SIZE];
} mk_bootrom_t;

typedef struct mk_clint {
    uint32_t msip;              /* bit 0 only */
    uint64_t mtimecmp;
    uint64_t mtime_offset;      /* mtime = cycle / MK_MTIME_DIVIDER + mtime_offset */
} mk_clint_t;

typedef struct mk_plic {
    uint32_t lines;             /* device interrupt lines, bit per source (level) */
    uint32_t claimed;           /* claimed and not yet completed (gateway closed) */
    uint8_t priority[MK_PLIC_SOURCES];
    uint32_t enable[MK_PLIC_CONTEXTS];
    uint8_t threshold[MK_PLIC_CONTEXTS];
} mk_plic_t;

typedef struct mk_uart {
    uint8_t ier, lcr, mcr, scr, dll, dlm;
    bool fifo_enabled;
    bool thr_ipending;          /* THR-empty interrupt pending (cleared by IIR read/THR write) */
    bool rx_ready;              /* LSR.DR: rbr holds a byte */
    uint8_t rbr;
    FILE *rx_file;              /* --uart-in file, or NULL */
    bool rx_stdin;              /* receive from stdin by polling */
    bool rx_eof;                /* input exhausted: no more polling */
    uint64_t rx_next_poll;      /* cycle of the next allowed stdin poll */
    FILE *out;
} mk_uart_t;

typedef struct mk_finisher {
    bool reset_pending;         /* 0x7777 written: reset the hart at the next safe point */
} mk_finisher_t;

typedef struct mk_devices {
    mk_bootrom_t bootrom;
    mk_clint_t clint;
    mk_plic_t plic;
    mk_uart_t uart;
    mk_finisher_t finisher;
} mk_devices_t;

/* Boot ROM: the reset code plus the DTB (patched for mem_size). Read-only. */
int mk_bootrom_init(mk_soc_t *soc, char *err, size_t errlen);
void mk_bootrom_set_entry(mk_soc_t *soc, uint64_t entry);
int mk_bootrom_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val);

int mk_finisher_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val);
int mk_finisher_store(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t val);

void mk_clint_reset(mk_soc_t *soc);
int mk_clint_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val);
int mk_clint_store(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t val);
/* The first cycle at which MTIP rises on its own, or UINT64_MAX. */
uint64_t mk_clint_next_event(const mk_soc_t *soc);

void mk_plic_reset(mk_soc_t *soc);
int mk_plic_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val);
int mk_plic_store(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t val);
/* True if context ctx has a pending, enabled source above its threshold. */
bool mk_plic_irq(const mk_plic_t *p, unsigned ctx);

/* UART: opens the receive source (cfg.uart_in_path / uart_in_stdin). */
int mk_uart_init(mk_soc_t *soc, char *err, size_t errlen);
void mk_uart_free(mk_soc_t *soc);
void mk_uart_reset(mk_soc_t *soc);
int mk_uart_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val);
int mk_uart_store(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t val);
bool mk_uart_irq(const mk_uart_t *u);
/* Polls stdin if a poll is due; returns true if a byte arrived. */
bool mk_uart_poll(mk_soc_t *soc);
/* The next cycle at which a stdin poll could raise the interrupt line, or UINT64_MAX. */
uint64_t mk_uart_next_event(const mk_soc_t *soc);

/* HTIF: called after a store that touched the tohost doubleword. */
void mk_htif_tohost_written(mk_soc_t *soc);

#endif
