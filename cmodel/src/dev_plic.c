/*
 * PLIC at 0xC000000, the QEMU virt / SiFive layout with 31 sources and two contexts
 * (0 = hart 0 M-mode -> MEIP, 1 = hart 0 S-mode -> SEIP). All registers are 32-bit and accept
 * 32-bit accesses only; other offsets in the region read as zero and ignore writes.
 *
 * Sources are level-triggered. The gateway is modelled without state of its own: a source is
 * pending while its line is high and it is not claimed; claiming closes the gateway until the
 * same ID is completed. So a source whose device has dropped its line is never claimed.
 */
#include "soc.h"

#define PLIC_PRIORITY 0x0u
#define PLIC_PENDING 0x1000u
#define PLIC_ENABLE 0x2000u
#define PLIC_ENABLE_STRIDE 0x80u
#define PLIC_CONTEXT 0x200000u
#define PLIC_CONTEXT_STRIDE 0x1000u
#define PLIC_PRIORITY_MASK 7u
#define PLIC_SOURCE_MASK 0xFFFFFFFEu    /* sources 1..31; source 0 does not exist */

void mk_plic_reset(mk_soc_t *soc)
{
    mk_plic_t *p = &soc->dev.plic;
    uint32_t lines = p->lines;      /* lines belong to the devices */
    *p = (mk_plic_t){0};
    p->lines = lines;
}

static uint32_t pending(const mk_plic_t *p)
{
    return p->lines & ~p->claimed & PLIC_SOURCE_MASK;
}

/* The highest-priority pending source enabled for ctx above its threshold (lowest ID wins a
 * tie), or 0. */
static unsigned best_source(const mk_plic_t *p, unsigned ctx)
{
    uint32_t cand = pending(p) & p->enable[ctx];
    unsigned best = 0, best_prio = p->threshold[ctx];
    for (unsigned s = 1; s < MK_PLIC_SOURCES; s++) {
        if ((cand >> s & 1u) && p->priority[s] > best_prio) {
            best = s;
            best_prio = p->priority[s];
        }
    }
    return best;
}

bool mk_plic_irq(const mk_plic_t *p, unsigned ctx)
{
    return best_source(p, ctx) != 0;
}

int mk_plic_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val)
{
    mk_plic_t *p = &soc->dev.plic;
    if (size != 4)
        return -1;
    *val = 0;
    if (off < PLIC_PENDING) {
        unsigned s = (unsigned)(off / 4);
        if (s < MK_PLIC_SOURCES)
            *val = p->priority[s];
    } else if (off == PLIC_PENDING) {
        *val = pending(p);
    } else if (off >= PLIC_ENABLE && off < PLIC_CONTEXT) {
        uint64_t rel = off - PLIC_ENABLE;
        unsigned ctx = (unsigned)(rel / PLIC_ENABLE_STRIDE);
        if (ctx < MK_PLIC_CONTEXTS && rel % PLIC_ENABLE_STRIDE == 0)
            *val = p->enable[ctx];
    } else if (off >= PLIC_CONTEXT) {
        uint64_t rel = off - PLIC_CONTEXT;
        unsigned ctx = (unsigned)(rel / PLIC_CONTEXT_STRIDE);
        uint64_t reg = rel % PLIC_CONTEXT_STRIDE;
        if (ctx < MK_PLIC_CONTEXTS && reg == 0) {
            *val = p->threshold[ctx];
        } else if (ctx < MK_PLIC_CONTEXTS && reg == 4) {
            unsigned s = best_source(p, ctx);   /* claim */
            p->claimed |= (uint32_t)(s != 0) << s;
            *val = s;
            soc->hart.irq_recheck = true;
        }
    }
    return 0;
}

int mk_plic_store(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t val)
{
    mk_plic_t *p = &soc->dev.plic;
    if (size != 4)
        return -1;
    uint32_t v = (uint32_t)val;
    if (off < PLIC_PENDING) {
        unsigned s = (unsigned)(off / 4);
        if (s >= 1 && s < MK_PLIC_SOURCES)
            p->priority[s] = (uint8_t)(v & PLIC_PRIORITY_MASK);
    } else if (off >= PLIC_ENABLE && off < PLIC_CONTEXT) {
        uint64_t rel = off - PLIC_ENABLE;
        unsigned ctx = (unsigned)(rel / PLIC_ENABLE_STRIDE);
        if (ctx < MK_PLIC_CONTEXTS && rel % PLIC_ENABLE_STRIDE == 0)
            p->enable[ctx] = v & PLIC_SOURCE_MASK;
    } else if (off >= PLIC_CONTEXT) {
        uint64_t rel = off - PLIC_CONTEXT;
        unsigned ctx = (unsigned)(rel / PLIC_CONTEXT_STRIDE);
        uint64_t reg = rel % PLIC_CONTEXT_STRIDE;
        if (ctx < MK_PLIC_CONTEXTS && reg == 0) {
            p->threshold[ctx] = (uint8_t)(v & PLIC_PRIORITY_MASK);
        } else if (ctx < MK_PLIC_CONTEXTS && reg == 4) {
            /* Complete: ignored unless the source is enabled for this context (spec). */
            if (v >= 1 && v < MK_PLIC_SOURCES && (p->enable[ctx] >> v & 1u))
                p->claimed &= ~(1u << v);
        }
    }
    /* The pending register (+0x1000) is read-only: writes are ignored. */
    soc->hart.irq_recheck = true;
    return 0;
}
