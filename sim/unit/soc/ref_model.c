/* The C model's SoC as a reference for the RTL SoC bench (see ref_model.h). */
#include "ref_model.h"

#include "soc.h"

ref_soc_t *ref_new(const char *uart_in_path, FILE *uart_out, char *err, size_t errlen)
{
    mk_config_t cfg;
    mk_config_default(&cfg);
    cfg.uart_in_path = uart_in_path;
    cfg.uart_in_stdin = false;      /* never touch the bench's stdin */
    cfg.uart_out = uart_out;
    return mk_soc_new(&cfg, err, errlen);
}

void ref_free(ref_soc_t *soc) { mk_soc_free(soc); }

void ref_set_entry(ref_soc_t *soc, uint64_t entry) { mk_bootrom_set_entry(soc, entry); }

int ref_load(ref_soc_t *soc, uint64_t cycle, uint64_t paddr, unsigned size, uint64_t *val)
{
    soc->hart.cycle = cycle;
    *val = 0;
    return mk_bus_load(soc, paddr, size, val);
}

int ref_store(ref_soc_t *soc, uint64_t cycle, uint64_t paddr, unsigned size, uint64_t val)
{
    soc->hart.cycle = cycle;
    return mk_bus_store(soc, paddr, size, val);
}

uint64_t ref_irq_lines(ref_soc_t *soc, uint64_t cycle)
{
    soc->hart.cycle = cycle;
    mk_soc_update_irqs(soc);
    return soc->hart.irq_lines & (MK_MIP_MSIP | MK_MIP_MTIP | MK_MIP_MEIP | MK_MIP_SEIP);
}

uint64_t ref_mtime(ref_soc_t *soc, uint64_t cycle)
{
    soc->hart.cycle = cycle;
    return mk_soc_mtime(soc);
}

int ref_exited(ref_soc_t *soc, int *code) { return mk_soc_exited(soc, code) ? 1 : 0; }

void ref_set_plic_lines(ref_soc_t *soc, uint32_t lines)
{
    uint32_t uart = 1u << MK_UART0_IRQ;
    soc->dev.plic.lines = (soc->dev.plic.lines & uart) | (lines & ~uart);
}
