/* The C model's SoC as a reference for the RTL SoC bench: bus accesses at a given cycle. */
#ifndef TB_REF_MODEL_H
#define TB_REF_MODEL_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mk_soc ref_soc_t;

/* A fresh SoC (default config); UART input from uart_in_path (or none), output to uart_out. */
ref_soc_t *ref_new(const char *uart_in_path, FILE *uart_out, char *err, size_t errlen);
void ref_free(ref_soc_t *soc);
void ref_set_entry(ref_soc_t *soc, uint64_t entry);

/* Physical bus access as the hart makes it, at core cycle `cycle`. 0, or -1 for a fault. */
int ref_load(ref_soc_t *soc, uint64_t cycle, uint64_t paddr, unsigned size, uint64_t *val);
int ref_store(ref_soc_t *soc, uint64_t cycle, uint64_t paddr, unsigned size, uint64_t val);

/* The device interrupt lines (MIP bit positions) at `cycle`, after any pending finisher reset. */
uint64_t ref_irq_lines(ref_soc_t *soc, uint64_t cycle);
uint64_t ref_mtime(ref_soc_t *soc, uint64_t cycle);

/* Drives the PLIC's device lines other than the UART's (source 10, which the UART drives). */
void ref_set_plic_lines(ref_soc_t *soc, uint32_t lines);

/* 1 and the code once the finisher (or HTIF) ended the run. */
int ref_exited(ref_soc_t *soc, int *code);

#ifdef __cplusplus
}
#endif

#endif
