/* Decoding the load or store that faulted on emulated MMIO. */
#ifndef HV_MMIO_H
#define HV_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct hv_mmio_access {
    bool store;
    bool sign;       /* loads: sign-extend the value */
    unsigned width;  /* bytes: 1, 2, 4, 8 */
    unsigned reg;    /* rd for loads, rs2 for stores */
    unsigned len;    /* instruction length: 2 or 4 */
};

/* A guest instruction as fetched (16 bits when its low two bits are not 11). Returns false
 * unless it is an integer load or store (LB..LD, LBU..LWU, SB..SD, C.LW/LD/SW/SD and the
 * sp-relative C.LWSP/LDSP/SWSP/SDSP). */
bool hv_mmio_decode(uint32_t insn, struct hv_mmio_access *out);

/* htinst after a guest-page fault. Bit 0 = 1 is a transformed standard instruction (bit 1
 * tells a 32-bit original from a compressed one); 0 and the pseudoinstructions (bit 0 = 0)
 * return false: the caller then reads the instruction itself. */
bool hv_mmio_decode_htinst(uint64_t htinst, struct hv_mmio_access *out);

#endif
