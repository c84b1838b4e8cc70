/* Just enough of a flattened-device-tree reader to find the host's DRAM. */
#ifndef HV_FDT_H
#define HV_FDT_H

#include <stdbool.h>
#include <stdint.h>

/* The first range of the first /memory node (2 address and 2 size cells, as on RV64
 * platforms). False if the blob is not a DTB or has no such node. */
bool hv_fdt_memory(const void *fdt, uint64_t *base, uint64_t *size);

#endif
