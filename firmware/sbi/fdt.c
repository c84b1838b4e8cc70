/* Just enough of a flattened-device-tree reader to find the DRAM bank (DTSpec v0.4, 5.4):
 * the root's #address-cells/#size-cells and the first reg entry of a top-level memory node. */
#include "fw.h"

#define FDT_MAGIC       0xd00dfeedu
#define FDT_BEGIN_NODE  1u
#define FDT_END_NODE    2u
#define FDT_PROP        3u
#define FDT_NOP         4u
#define FDT_END         9u
#define FDT_MAX_SIZE    0x100000u   /* sanity bound on totalsize */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static bool is_memory_node(const char *name)
{
    static const char prefix[] = "memory";
    for (unsigned i = 0; i < sizeof prefix - 1; i++)
        if (name[i] != prefix[i])
            return false;
    return name[6] == '\0' || name[6] == '@';
}

/* A big-endian number of `cells` 32-bit cells (1 or 2). */
static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
    return cells == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
}

uint64_t fw_fdt_dram_end(uint64_t dtb)
{
    const uint8_t *fdt = (const uint8_t *)dtb;
    if (dtb == 0 || (dtb & 3) || be32(fdt) != FDT_MAGIC)
        return 0;
    uint32_t total = be32(fdt + 4);
    uint32_t off_struct = be32(fdt + 8), off_strings = be32(fdt + 12);
    if (total > FDT_MAX_SIZE || off_struct >= total || off_strings >= total)
        return 0;
    const char *strings = (const char *)fdt + off_strings;
    const uint8_t *p = fdt + off_struct, *end = fdt + total;
    uint32_t addr_cells = 2, size_cells = 1;
    int depth = 0;
    bool in_memory = false;

    while (p + 4 <= end) {
        uint32_t token = be32(p);
        p += 4;
        switch (token) {
        case FDT_BEGIN_NODE: {
            const char *name = (const char *)p;
            depth++;
            in_memory = depth == 2 && is_memory_node(name);
            while (p < end && *p)
                p++;
            p = (const uint8_t *)(((uintptr_t)p + 4) & ~(uintptr_t)3);
            break;
        }
        case FDT_END_NODE:
            depth--;
            in_memory = false;
            break;
        case FDT_PROP: {
            if (p + 8 > end)
                return 0;
            uint32_t len = be32(p), nameoff = be32(p + 4);
            const uint8_t *val = p + 8;
            if (nameoff >= total - off_strings || val + len > end)
                return 0;
            const char *pname = strings + nameoff;
            if (depth == 1 && len == 4 && str_eq(pname, "#address-cells"))
                addr_cells = be32(val);
            else if (depth == 1 && len == 4 && str_eq(pname, "#size-cells"))
                size_cells = be32(val);
            else if (in_memory && str_eq(pname, "reg") && addr_cells >= 1 && addr_cells <= 2 &&
                     size_cells >= 1 && size_cells <= 2 && len >= 4 * (addr_cells + size_cells)) {
                uint64_t base = read_cells(val, addr_cells);
                uint64_t size = read_cells(val + 4 * addr_cells, size_cells);
                if (base == FW_BASE)
                    return base + size;
            }
            p = (const uint8_t *)(((uintptr_t)val + len + 3) & ~(uintptr_t)3);
            break;
        }
        case FDT_NOP:
            break;
        default:  /* FDT_END or garbage */
            return 0;
        }
    }
    return 0;
}
