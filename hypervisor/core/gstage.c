/* The G-stage builder: largest leaves first, so a 2 MiB-aligned host region costs one level-1
 * table and no level-0 tables at all. */
#include "gstage.h"

#include <stddef.h>

#define PPN_SHIFT 10
#define PTE_PPN(pte) (((pte) >> PPN_SHIFT) & ((1UL << 44) - 1))
#define IS_LEAF(pte) ((pte) & (HV_PTE_R | HV_PTE_W | HV_PTE_X))

static unsigned vpn(uint64_t gpa, int level)
{
    /* Level 2 (root) takes 11 bits (40:30) in Sv39x4, the others 9. */
    uint64_t mask = level == 2 ? 0x7ff : 0x1ff;
    return (unsigned)((gpa >> (12 + 9 * level)) & mask);
}

static uint64_t level_size(int level)
{
    return 1UL << (12 + 9 * level);
}

static uint64_t *table_of(uint64_t pte)
{
    return (uint64_t *)(uintptr_t)(PTE_PPN(pte) << 12);
}

static uint64_t make_pte(uint64_t pa, uint64_t flags)
{
    return ((pa >> 12) << PPN_SHIFT) | flags;
}

/* The table at `level - 1` under entry *pte, created if missing; NULL on a leaf or no memory. */
static uint64_t *next_table(uint64_t *pte, const struct hv_pt_alloc *alloc,
                            struct hv_gstage_counts *counts)
{
    if (*pte & HV_PTE_V)
        return IS_LEAF(*pte) ? NULL : table_of(*pte);
    uint64_t *t = alloc->page(alloc->ctx);
    if (!t)
        return NULL;
    for (unsigned i = 0; i < 512; i++)
        t[i] = 0;
    counts->tables++;
    *pte = make_pte((uint64_t)(uintptr_t)t, HV_PTE_V);
    return t;
}

int hv_gstage_map(uint64_t *root, uint64_t gpa, uint64_t hpa, uint64_t size, uint64_t flags,
                  const struct hv_pt_alloc *alloc, struct hv_gstage_counts *counts)
{
    struct hv_gstage_counts scratch = {0, 0, 0, 0};
    if (!counts)
        counts = &scratch;
    uint64_t page_mask = level_size(0) - 1;
    if (!root || !alloc || ((gpa | hpa | size) & page_mask) || size == 0 ||
        gpa + size < gpa || gpa + size > (1UL << HV_GSTAGE_GPA_BITS) || !IS_LEAF(flags))
        return -1;
    while (size) {
        int level = 2;
        while (level > 0 && (((gpa | hpa) & (level_size(level) - 1)) || size < level_size(level)))
            level--;
        uint64_t *table = root;
        for (int l = 2; l > level; l--) {
            table = next_table(&table[vpn(gpa, l)], alloc, counts);
            if (!table)
                return -1;
        }
        uint64_t *pte = &table[vpn(gpa, level)];
        if (*pte & HV_PTE_V)
            return -1;
        *pte = make_pte(hpa, flags);
        if (level == 2)
            counts->giga++;
        else if (level == 1)
            counts->mega++;
        else
            counts->pages++;
        gpa += level_size(level);
        hpa += level_size(level);
        size -= level_size(level);
    }
    return 0;
}

uint64_t hv_gstage_translate(const uint64_t *root, uint64_t gpa, uint64_t *flags)
{
    if (gpa >> HV_GSTAGE_GPA_BITS)
        return UINT64_MAX;
    const uint64_t *table = root;
    for (int level = 2; level >= 0; level--) {
        uint64_t pte = table[vpn(gpa, level)];
        if (!(pte & HV_PTE_V))
            return UINT64_MAX;
        if (IS_LEAF(pte)) {
            if (flags)
                *flags = pte & 0x3ff;
            return (PTE_PPN(pte) << 12) + (gpa & (level_size(level) - 1));
        }
        table = table_of(pte);
    }
    return UINT64_MAX;
}

uint64_t hv_gstage_hgatp(const uint64_t *root, uint16_t vmid)
{
    return (8UL << 60) | ((uint64_t)vmid << 44) | ((uint64_t)(uintptr_t)root >> 12);
}
