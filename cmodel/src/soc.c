/*
 * The SoC: creation, reset, the physical bus that routes the hart's accesses to DRAM and the
 * devices, and the interrupt wiring (docs/memory-map.md).
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "soc.h"

/* DRAM must end at or below 4 GiB, so physical addresses of RAM stay 32-bit clean. */
#define MK_DRAM_SIZE_MAX (2ULL << 30)
#define PAGE_SIZE 4096ULL

void mk_config_default(mk_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->mem_size = MK_DRAM_SIZE_DEFAULT;
    cfg->uart_in_stdin = true;
    cfg->uart_out = NULL;   /* stdout, resolved when used */
    cfg->itlb_entries = MK_ITLB_ENTRIES_DEFAULT;
    cfg->dtlb_entries = MK_DTLB_ENTRIES_DEFAULT;
    cfg->mem_latency = MK_MEM_LATENCY_DEFAULT;
}

static int check_config(const mk_config_t *cfg, char *err, size_t errlen)
{
    if (cfg->mem_size == 0 || cfg->mem_size % PAGE_SIZE != 0 || cfg->mem_size > MK_DRAM_SIZE_MAX) {
        snprintf(err, errlen,
                 "memory size %llu is not a nonzero multiple of 4 KiB of at most 2 GiB",
                 (unsigned long long)cfg->mem_size);
        return -1;
    }
    if (cfg->itlb_entries == 0 || cfg->itlb_entries > MK_TLB_ENTRIES_MAX ||
        cfg->dtlb_entries == 0 || cfg->dtlb_entries > MK_TLB_ENTRIES_MAX) {
        snprintf(err, errlen, "TLB sizes must be 1..%u entries", MK_TLB_ENTRIES_MAX);
        return -1;
    }
    if (cfg->mem_latency == 0 || cfg->mem_latency > MK_MEM_LATENCY_MAX) {
        snprintf(err, errlen, "memory latency must be 1..%u cycles", MK_MEM_LATENCY_MAX);
        return -1;
    }
    return 0;
}

mk_soc_t *mk_soc_new(const mk_config_t *cfg, char *err, size_t errlen)
{
    if (check_config(cfg, err, errlen) != 0)
        return NULL;
    mk_soc_t *soc = calloc(1, sizeof *soc);
    if (!soc) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    soc->cfg = *cfg;
    if (!soc->cfg.uart_out)
        soc->cfg.uart_out = stdout;
    soc->dram = calloc(1, (size_t)cfg->mem_size);   /* zero pages are mapped lazily */
    if (!soc->dram) {
        snprintf(err, errlen, "cannot allocate %llu bytes of memory",
                 (unsigned long long)cfg->mem_size);
        free(soc);
        return NULL;
    }
    if (mk_bootrom_init(soc, err, errlen) != 0 || mk_uart_init(soc, err, errlen) != 0) {
        free(soc->dram);
        free(soc);
        return NULL;
    }
    mk_hart_init(&soc->hart, soc);
    mk_soc_reset(soc);
    return soc;
}

void mk_soc_free(mk_soc_t *soc)
{
    if (!soc)
        return;
    mk_hart_free(&soc->hart);
    mk_uart_free(soc);
    free(soc->dram);
    free(soc);
}

void mk_soc_reset(mk_soc_t *soc)
{
    soc->exited = false;
    soc->exit_code = 0;
    soc->dev.finisher.reset_pending = false;
    mk_clint_reset(soc);
    mk_plic_reset(soc);
    mk_uart_reset(soc);
    mk_hart_reset(&soc->hart);
    mk_soc_update_irqs(soc);
}

/* Recomputes the device lines: UART -> PLIC, PLIC and CLINT -> the hart. */
static void update_lines(mk_soc_t *soc)
{
    mk_devices_t *d = &soc->dev;
    uint32_t uart_bit = 1u << MK_UART0_IRQ;
    d->plic.lines = (d->plic.lines & ~uart_bit) | (mk_uart_irq(&d->uart) ? uart_bit : 0);
    uint64_t lines = 0;
    if (d->clint.msip & 1u)
        lines |= MK_MIP_MSIP;
    if (mk_soc_mtime(soc) >= d->clint.mtimecmp)
        lines |= MK_MIP_MTIP;
    if (mk_plic_irq(&d->plic, 0))
        lines |= MK_MIP_MEIP;
    if (mk_plic_irq(&d->plic, 1))
        lines |= MK_MIP_SEIP;
    /* Sstc: the S-level timer comparator (the hart's stimecmp against the CLINT's time). */
    if ((soc->hart.csr.menvcfg & MK_MENVCFG_STCE) && mk_soc_mtime(soc) >= soc->hart.csr.stimecmp)
        lines |= MK_MIP_STIP;
    /* ... and the VS-level one (vstimecmp against the guest's time, time + htimedelta),
     * enabled by henvcfg.STCE (read-only zero while menvcfg.STCE = 0). It is OR'd with
     * hvip.VSTIP into hip.VSTIP. */
    if ((soc->hart.csr.henvcfg & MK_MENVCFG_STCE) &&
        mk_soc_mtime(soc) + soc->hart.csr.htimedelta >= soc->hart.csr.vstimecmp)
        lines |= MK_MIP_VSTIP;
    const uint64_t ours = MK_MIP_MSIP | MK_MIP_MTIP | MK_MIP_MEIP | MK_MIP_SEIP | MK_MIP_STIP |
                          MK_MIP_VSTIP;
    soc->hart.irq_lines = (soc->hart.irq_lines & ~ours) | lines;
}

void mk_soc_update_irqs(mk_soc_t *soc)
{
    if (soc->dev.finisher.reset_pending) {
        /* A finisher reset: the hart and the devices, not memory nor the time base. */
        soc->dev.finisher.reset_pending = false;
        uint64_t mtime_offset = soc->dev.clint.mtime_offset;
        mk_clint_reset(soc);
        soc->dev.clint.mtime_offset = mtime_offset;
        mk_plic_reset(soc);
        mk_uart_reset(soc);
        mk_hart_reset(&soc->hart);
    }
    mk_uart_poll(soc);
    update_lines(soc);
}

uint64_t mk_soc_next_event(const mk_soc_t *soc)
{
    if (soc->dev.finisher.reset_pending)
        return soc->hart.cycle;
    uint64_t t = mk_clint_next_event(soc), u = mk_uart_next_event(soc);
    return t < u ? t : u;
}

bool mk_soc_page_is_plain_ram(const mk_soc_t *soc, uint64_t page_base)
{
    if (!soc->tohost)
        return true;
    return (soc->tohost & ~(PAGE_SIZE - 1)) != (page_base & ~(PAGE_SIZE - 1));
}

/* --- The bus ------------------------------------------------------------------------------ */

typedef int (*dev_load_fn)(mk_soc_t *, uint64_t, unsigned, uint64_t *);
typedef int (*dev_store_fn)(mk_soc_t *, uint64_t, unsigned, uint64_t);

typedef struct region {
    uint64_t base, size;
    dev_load_fn load;
    dev_store_fn store;     /* NULL: read-only, stores fault */
} region_t;

static const region_t regions[] = {
    { MK_BOOTROM_BASE, MK_BOOTROM_SIZE, mk_bootrom_load, NULL },
    { MK_FINISHER_BASE, MK_FINISHER_SIZE, mk_finisher_load, mk_finisher_store },
    { MK_CLINT_BASE, MK_CLINT_SIZE, mk_clint_load, mk_clint_store },
    { MK_PLIC_BASE, MK_PLIC_SIZE, mk_plic_load, mk_plic_store },
    { MK_UART0_BASE, MK_UART0_SIZE, mk_uart_load, mk_uart_store },
};

static const region_t *find_region(uint64_t paddr, unsigned size)
{
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
        uint64_t off = paddr - regions[i].base;
        if (off < regions[i].size && size <= regions[i].size - off)
            return &regions[i];
    }
    return NULL;
}

static void observe(mk_soc_t *soc, uint64_t paddr, unsigned size, bool write, uint64_t data)
{
    if (soc->mmio_observer)
        soc->mmio_observer(soc->mmio_observer_ctx, paddr, size, write, data);
}

static uint64_t read_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void write_le(uint8_t *p, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static bool dram_contains(const mk_soc_t *soc, uint64_t paddr, uint64_t len)
{
    uint64_t off = paddr - MK_DRAM_BASE;
    return paddr >= MK_DRAM_BASE && off < soc->cfg.mem_size && len <= soc->cfg.mem_size - off;
}

int mk_bus_load(mk_soc_t *soc, uint64_t paddr, unsigned size, uint64_t *val)
{
    if (dram_contains(soc, paddr, size)) {
        *val = read_le(soc->dram + (paddr - MK_DRAM_BASE), size);
        return 0;
    }
    const region_t *r = find_region(paddr, size);
    if (!r || r->load(soc, paddr - r->base, size, val) != 0)
        return -1;
    if (r->base != MK_BOOTROM_BASE) {
        update_lines(soc);      /* reads have side effects: claim, RBR, IIR */
        observe(soc, paddr, size, false, *val);
    }
    return 0;
}

int mk_bus_store(mk_soc_t *soc, uint64_t paddr, unsigned size, uint64_t val)
{
    if (dram_contains(soc, paddr, size)) {
        write_le(soc->dram + (paddr - MK_DRAM_BASE), size, val);
        if (soc->tohost && paddr < soc->tohost + 8 && soc->tohost < paddr + size)
            mk_htif_tohost_written(soc);
        return 0;
    }
    const region_t *r = find_region(paddr, size);
    if (!r || !r->store || r->store(soc, paddr - r->base, size, val) != 0)
        return -1;
    update_lines(soc);
    observe(soc, paddr, size, true, val);
    return 0;
}

/* --- Outside access and inspection -------------------------------------------------------- */

int mk_soc_phys_read(mk_soc_t *soc, uint64_t paddr, void *buf, size_t len)
{
    if (dram_contains(soc, paddr, len)) {
        memcpy(buf, soc->dram + (paddr - MK_DRAM_BASE), len);
        return 0;
    }
    uint64_t off = paddr - MK_BOOTROM_BASE;
    if (paddr >= MK_BOOTROM_BASE && off < MK_BOOTROM_SIZE && len <= MK_BOOTROM_SIZE - off) {
        memcpy(buf, soc->dev.bootrom.rom + off, len);
        return 0;
    }
    return -1;
}

int mk_soc_phys_write(mk_soc_t *soc, uint64_t paddr, const void *buf, size_t len)
{
    if (!dram_contains(soc, paddr, len))
        return -1;
    memcpy(soc->dram + (paddr - MK_DRAM_BASE), buf, len);
    mk_mem_code_written(&soc->hart, paddr, len);
    return 0;
}

void mk_soc_set_mmio_observer(mk_soc_t *soc, mk_mmio_observer_t fn, void *ctx)
{
    soc->mmio_observer = fn;
    soc->mmio_observer_ctx = ctx;
}

bool mk_soc_exited(const mk_soc_t *soc, int *exit_code)
{
    if (soc->exited && exit_code)
        *exit_code = soc->exit_code;
    return soc->exited;
}

uint64_t mk_soc_cycle(const mk_soc_t *soc) { return soc->hart.cycle; }

const mk_stats_t *mk_soc_stats(const mk_soc_t *soc) { return &soc->hart.stats; }

uint64_t mk_soc_pc(const mk_soc_t *soc) { return soc->hart.pc; }

uint64_t mk_soc_xreg(const mk_soc_t *soc, unsigned idx)
{
    return idx < 32 ? soc->hart.x[idx] : 0;
}
