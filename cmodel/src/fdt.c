/*
 * Walks the structure block of a DTB (Devicetree Specification v0.4, chapter 5) to find one
 * property and patch it. Every offset is bounds-checked: the blob is ours, but a broken DTS
 * must give an error, not a crash.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fdt.h"

#define FDT_MAGIC 0xD00DFEEDu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static size_t align4(size_t n) { return (n + 3) & ~(size_t)3; }

/* The NUL-terminated string at off inside [0, end), or NULL. */
static const char *string_at(const uint8_t *blob, size_t off, size_t end)
{
    if (off >= end)
        return NULL;
    const void *nul = memchr(blob + off, 0, end - off);
    return nul ? (const char *)blob + off : NULL;
}

int mk_fdt_set_memory_size(uint8_t *blob, size_t len, uint64_t base, uint64_t size, char *err,
                           size_t errlen)
{
    if (len < 40 || be32(blob) != FDT_MAGIC) {
        snprintf(err, errlen, "device tree: bad header");
        return -1;
    }
    size_t total = be32(blob + 4), off_struct = be32(blob + 8), off_strings = be32(blob + 12);
    size_t size_strings = be32(blob + 32), size_struct = be32(blob + 36);
    if (total > len || off_struct > total || size_struct > total - off_struct ||
        off_strings > total || size_strings > total - off_strings) {
        snprintf(err, errlen, "device tree: header offsets outside the blob");
        return -1;
    }
    char want[32];
    snprintf(want, sizeof want, "memory@%" PRIx64, base);

    size_t pos = off_struct, end = off_struct + size_struct;
    unsigned depth = 0, address_cells = 2, size_cells = 1;   /* spec defaults */
    bool in_memory = false;
    while (pos + 4 <= end) {
        uint32_t token = be32(blob + pos);
        pos += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = string_at(blob, pos, end);
            if (!name)
                break;
            depth++;
            in_memory = depth == 2 && strcmp(name, want) == 0;
            pos += align4(strlen(name) + 1);
        } else if (token == FDT_END_NODE) {
            if (depth == 0)
                break;
            depth--;
            in_memory = false;
        } else if (token == FDT_PROP) {
            if (pos + 8 > end)
                break;
            size_t plen = be32(blob + pos), nameoff = be32(blob + pos + 4);
            pos += 8;
            if (plen > end - pos)
                break;
            const char *pname = string_at(blob, off_strings + nameoff, off_strings + size_strings);
            if (!pname || nameoff >= size_strings)
                break;
            uint8_t *val = blob + pos;
            if (depth == 1 && plen == 4 && strcmp(pname, "#address-cells") == 0)
                address_cells = be32(val);
            else if (depth == 1 && plen == 4 && strcmp(pname, "#size-cells") == 0)
                size_cells = be32(val);
            else if (in_memory && strcmp(pname, "reg") == 0) {
                if ((size_cells != 1 && size_cells != 2) || address_cells > 2 ||
                    plen != 4 * (size_t)(address_cells + size_cells)) {
                    snprintf(err, errlen, "device tree: /%s reg has an unexpected layout", want);
                    return -1;
                }
                if (size_cells == 1 && size > UINT32_MAX) {
                    snprintf(err, errlen, "device tree: memory size does not fit one cell");
                    return -1;
                }
                uint8_t *cells = val + 4 * address_cells;
                if (size_cells == 2) {
                    put_be32(cells, (uint32_t)(size >> 32));
                    put_be32(cells + 4, (uint32_t)size);
                } else {
                    put_be32(cells, (uint32_t)size);
                }
                return 0;
            }
            pos += align4(plen);
        } else if (token == FDT_NOP) {
            continue;
        } else {
            break;  /* FDT_END or garbage */
        }
    }
    snprintf(err, errlen, "device tree: node /%s with a reg property not found", want);
    return -1;
}
