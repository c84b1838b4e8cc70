/* The demo program: greets, and shows a few facts read at run time from the machine. */
#include <stdint.h>
#include <stdio.h>

#include "bsp/bsp.h"

#define FDT_MAGIC 0xd00dfeedu

static uint32_t load_be32(uint64_t addr)
{
    const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)addr;
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* misa: MXL in the top two bits, one bit per extension letter in bits 0..25. */
static void describe_isa(char *out, uint64_t misa)
{
    static const unsigned xlen_of_mxl[4] = { 0, 32, 64, 128 };
    char *p = out + sprintf(out, "RV%u", xlen_of_mxl[misa >> 62]);
    for (int bit = 0; bit < 26; bit++)
        if (misa & (1UL << bit))
            *p++ = (char)('A' + bit);
    *p = '\0';
}

int main(void)
{
    char isa[40];
    describe_isa(isa, csr_read(misa));

    printf("Hello from Matryoshka!\n");
    printf("  isa:         %s\n", isa);
    printf("  hart:        %lu (mhartid %lu)\n", (unsigned long)bsp_boot_hartid,
           (unsigned long)csr_read(mhartid));

    uint64_t dtb = bsp_boot_dtb;
    if (dtb && load_be32(dtb) == FDT_MAGIC)
        printf("  device tree: 0x%lx, %u bytes\n", (unsigned long)dtb, load_be32(dtb + 4));
    else
        printf("  device tree: none (a1 = 0x%lx)\n", (unsigned long)dtb);
    printf("Goodbye.\n");
    return 0;
}
