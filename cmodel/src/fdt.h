/* A minimal flattened-device-tree (DTB) editor: just what the boot ROM needs. */
#ifndef MK_FDT_H
#define MK_FDT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Rewrites, in place, the size cells of the "reg" property of the top-level node
 * memory@<base in hex> so that the memory is `size` bytes. The blob is validated as it is
 * walked. Returns 0, or -1 with a one-line reason in err.
 */
int mk_fdt_set_memory_size(uint8_t *blob, size_t len, uint64_t base, uint64_t size, char *err,
                           size_t errlen);

#endif
