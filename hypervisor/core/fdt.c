/* Devicetree specification, "Flattened Devicetree (DTB) Format": big-endian header, a
 * structure block of FDT_BEGIN_NODE/PROP/END_NODE tokens, a strings block. */
#include "fdt.h"

#include <stddef.h>

#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE   2U
#define FDT_PROP       3U
#define FDT_NOP        4U
#define FDT_END        9U

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return false;
    return *s == '\0' || *s == '@';
}

static bool equal(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

bool hv_fdt_memory(const void *fdt, uint64_t *base, uint64_t *size)
{
    const uint8_t *h = fdt;
    if (!h || be32(h) != FDT_MAGIC)
        return false;
    uint32_t total = be32(h + 4), off_struct = be32(h + 8), off_strings = be32(h + 12);
    uint32_t struct_size = be32(h + 36);
    if (off_struct >= total || off_strings >= total || struct_size > total - off_struct)
        return false;
    const uint8_t *p = h + off_struct, *end = p + struct_size;
    const char *strings = (const char *)h + off_strings;
    int depth = 0, memory_depth = -1;
    while (p + 4 <= end) {
        uint32_t token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            size_t len = 0;
            while (p + len < end && name[len])
                len++;
            p += (len + 4) & ~3UL;
            depth++;
            if (depth == 2 && memory_depth < 0 && starts_with(name, "memory"))
                memory_depth = depth;
        } else if (token == FDT_END_NODE) {
            if (depth == memory_depth)
                memory_depth = -1;
            depth--;
        } else if (token == FDT_PROP) {
            if (p + 8 > end)
                return false;
            uint32_t len = be32(p), name_off = be32(p + 4);
            const uint8_t *value = p + 8;
            p = value + ((len + 3) & ~3U);
            if (depth == memory_depth && name_off < total - off_strings &&
                equal(strings + name_off, "reg") && len >= 16) {
                *base = (uint64_t)be32(value) << 32 | be32(value + 4);
                *size = (uint64_t)be32(value + 8) << 32 | be32(value + 12);
                return true;
            }
        } else if (token == FDT_NOP) {
            continue;
        } else {
            break;
        }
    }
    return false;
}
