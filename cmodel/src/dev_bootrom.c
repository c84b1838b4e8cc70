/*
 * Boot ROM at 0x1000: five instructions that hand over to the program the way QEMU's virt
 * reset vector and OpenSBI's fw_jump convention expect (a0 = hartid, a1 = DTB), the jump
 * target, and the device tree at 0x1100. Read-only: stores fault.
 */
#include <stdio.h>
#include <string.h>

#include "fdt.h"
#include "soc.h"

extern const uint8_t mk_dtb_blob[];
extern const size_t mk_dtb_blob_size;

static const uint32_t reset_code[] = {
    0x00000297u,    /* 0x1000: auipc t0, 0           t0 = 0x1000                */
    0x10028593u,    /* 0x1004: addi  a1, t0, 0x100   a1 = DTB at 0x1100          */
    0xF1402573u,    /* 0x1008: csrr  a0, mhartid                                 */
    0x0182B283u,    /* 0x100c: ld    t0, 24(t0)      t0 = entry, from 0x1018     */
    0x00028067u,    /* 0x1010: jr    t0                                          */
    0x00000000u,    /* 0x1014: (padding, so the entry doubleword is aligned)      */
};
#define ENTRY_OFFSET 0x18u

static void put_le(uint8_t *p, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

int mk_bootrom_init(mk_soc_t *soc, char *err, size_t errlen)
{
    uint8_t *rom = soc->dev.bootrom.rom;
    memset(rom, 0, MK_BOOTROM_SIZE);
    for (size_t i = 0; i < sizeof reset_code / sizeof reset_code[0]; i++)
        put_le(rom + 4 * i, reset_code[i], 4);
    mk_bootrom_set_entry(soc, MK_DRAM_BASE);

    if (mk_dtb_blob_size > MK_BOOTROM_SIZE - MK_BOOTROM_DTB_OFFSET) {
        snprintf(err, errlen, "device tree is %zu bytes; the boot ROM holds at most %llu",
                 mk_dtb_blob_size, MK_BOOTROM_SIZE - MK_BOOTROM_DTB_OFFSET);
        return -1;
    }
    uint8_t *dtb = rom + MK_BOOTROM_DTB_OFFSET;
    memcpy(dtb, mk_dtb_blob, mk_dtb_blob_size);
    return mk_fdt_set_memory_size(dtb, mk_dtb_blob_size, MK_DRAM_BASE, soc->cfg.mem_size, err,
                                  errlen);
}

void mk_bootrom_set_entry(mk_soc_t *soc, uint64_t entry)
{
    put_le(soc->dev.bootrom.rom + ENTRY_OFFSET, entry, 8);
}

/* Any naturally aligned size reads; soc.c rejects stores before they get here. */
int mk_bootrom_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val)
{
    const uint8_t *p = soc->dev.bootrom.rom + off;
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)p[i] << (8 * i);
    *val = v;
    return 0;
}
