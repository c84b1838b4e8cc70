/* PLIC (same layout as QEMU virt). Context 0 = hart 0 M-mode, context 1 = hart 0 S-mode. */
#ifndef BSP_PLIC_H
#define BSP_PLIC_H

#include <stdint.h>

#define BSP_PLIC_CTX_M 0
#define BSP_PLIC_CTX_S 1

void bsp_plic_set_priority(unsigned source, uint32_t priority);  /* 0 = never interrupts */
void bsp_plic_enable(unsigned ctx, unsigned source);
void bsp_plic_disable(unsigned ctx, unsigned source);
void bsp_plic_set_threshold(unsigned ctx, uint32_t threshold);
int bsp_plic_is_pending(unsigned source);
uint32_t bsp_plic_claim(unsigned ctx);                           /* 0: nothing pending */
void bsp_plic_complete(unsigned ctx, uint32_t source);

#endif
