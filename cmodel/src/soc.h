/* The SoC: the hart, DRAM, devices and the physical bus that joins them (docs/memory-map.md). */
#ifndef MK_SOC_H
#define MK_SOC_H

#include "hart.h"
#include "devices.h"

/* mtime advances by one every MK_MTIME_DIVIDER core cycles (docs/timing.md). */
#define MK_MTIME_DIVIDER 5ULL
#define MK_TIMEBASE_HZ 10000000ULL

#define MK_BOOTROM_BASE 0x1000ULL
#define MK_FINISHER_BASE 0x100000ULL
#define MK_CLINT_BASE 0x2000000ULL
#define MK_PLIC_BASE 0xC000000ULL
#define MK_UART0_BASE 0x10000000ULL
#define MK_UART0_IRQ 10

struct mk_soc {
    mk_hart_t hart;
    mk_config_t cfg;
    uint8_t *dram;          /* cfg.mem_size bytes at MK_DRAM_BASE */
    mk_devices_t dev;       /* boot ROM, CLINT, PLIC, UART, finisher (devices.h) */

    uint64_t tohost, fromhost;  /* HTIF symbol addresses; 0 if the ELF has none */

    bool exited;
    int exit_code;

    mk_mmio_observer_t mmio_observer;
    void *mmio_observer_ctx;
};

/* Physical accesses from the hart. 0 on success, -1 if nothing answers there (access fault).
 * size is 1, 2, 4 or 8 and paddr is size-aligned. */
int mk_bus_load(mk_soc_t *soc, uint64_t paddr, unsigned size, uint64_t *val);
int mk_bus_store(mk_soc_t *soc, uint64_t paddr, unsigned size, uint64_t val);

/* Host pointer for a DRAM physical address, or NULL if paddr is not in DRAM. */
static inline uint8_t *mk_soc_dram_ptr(mk_soc_t *soc, uint64_t paddr)
{
    uint64_t off = paddr - MK_DRAM_BASE;
    return off < soc->cfg.mem_size ? soc->dram + off : NULL;
}

/* True if stores to this 4 KiB DRAM page need no side effects, so the fast path may write it
 * directly (false for the page holding HTIF tohost). */
bool mk_soc_page_is_plain_ram(const mk_soc_t *soc, uint64_t page_base);

/* Recomputes the device interrupt lines into soc->hart.irq_lines for the current cycle. */
void mk_soc_update_irqs(mk_soc_t *soc);

/* The earliest cycle at which a device may change an interrupt line on its own (timer
 * deadline, next UART receive poll), or UINT64_MAX if none will. */
uint64_t mk_soc_next_event(const mk_soc_t *soc);

/* The CLINT's mtime at the current cycle. */
uint64_t mk_soc_mtime(const mk_soc_t *soc);

/* Hart life cycle, implemented in hart.c. */
void mk_hart_init(mk_hart_t *h, mk_soc_t *soc);
void mk_hart_reset(mk_hart_t *h);
void mk_hart_free(mk_hart_t *h);

#endif
