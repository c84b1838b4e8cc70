/* PLIC driver: QEMU virt layout, 4-byte registers. */
#include "bsp/platform.h"
#include "bsp/plic.h"
#include "mmio.h"

#define PLIC_PRIORITY(src)  (BSP_PLIC_BASE + 4 * (uintptr_t)(src))
#define PLIC_PENDING(src)   (BSP_PLIC_BASE + 0x1000 + 4 * ((uintptr_t)(src) / 32))
#define PLIC_ENABLE(ctx, src) \
    (BSP_PLIC_BASE + 0x2000 + 0x80 * (uintptr_t)(ctx) + 4 * ((uintptr_t)(src) / 32))
#define PLIC_THRESHOLD(ctx) (BSP_PLIC_BASE + 0x200000 + 0x1000 * (uintptr_t)(ctx))
#define PLIC_CLAIM(ctx)     (PLIC_THRESHOLD(ctx) + 4)

void bsp_plic_set_priority(unsigned source, uint32_t priority)
{
    mmio_write32(PLIC_PRIORITY(source), priority);
}

void bsp_plic_enable(unsigned ctx, unsigned source)
{
    uintptr_t reg = PLIC_ENABLE(ctx, source);
    mmio_write32(reg, mmio_read32(reg) | (1u << (source % 32)));
}

void bsp_plic_disable(unsigned ctx, unsigned source)
{
    uintptr_t reg = PLIC_ENABLE(ctx, source);
    mmio_write32(reg, mmio_read32(reg) & ~(1u << (source % 32)));
}

void bsp_plic_set_threshold(unsigned ctx, uint32_t threshold)
{
    mmio_write32(PLIC_THRESHOLD(ctx), threshold);
}

int bsp_plic_is_pending(unsigned source)
{
    return (mmio_read32(PLIC_PENDING(source)) >> (source % 32)) & 1;
}

uint32_t bsp_plic_claim(unsigned ctx)
{
    return mmio_read32(PLIC_CLAIM(ctx));
}

void bsp_plic_complete(unsigned ctx, uint32_t source)
{
    mmio_write32(PLIC_CLAIM(ctx), source);
}
