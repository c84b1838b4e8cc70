/* Load/store decoding for MMIO emulation (unprivileged spec: RV32I/RV64I load and store
 * formats, and the RVC quadrant 0 and 2 load/store forms). */
#include "mmio.h"

static bool decode32(uint32_t insn, struct hv_mmio_access *a)
{
    unsigned opcode = insn & 0x7f;
    unsigned funct3 = (insn >> 12) & 7;
    if (opcode == 0x03) {               /* LOAD: LB LH LW LD LBU LHU LWU */
        if (funct3 == 7)
            return false;
        a->store = false;
        a->width = 1u << (funct3 & 3);
        a->sign = funct3 < 4 && funct3 != 3;
        a->reg = (insn >> 7) & 31;
        return true;
    }
    if (opcode == 0x23) {               /* STORE: SB SH SW SD */
        if (funct3 > 3)
            return false;
        a->store = true;
        a->width = 1u << funct3;
        a->sign = false;
        a->reg = (insn >> 20) & 31;
        return true;
    }
    return false;
}

static bool decode16(uint16_t insn, struct hv_mmio_access *a)
{
    unsigned quadrant = insn & 3;
    unsigned funct3 = (insn >> 13) & 7;
    unsigned width;
    bool store;
    unsigned reg;
    if (quadrant == 0) {                /* C.LW C.LD C.SW C.SD: rd'/rs2' in bits 4:2 */
        if (funct3 != 2 && funct3 != 3 && funct3 != 6 && funct3 != 7)
            return false;
        store = funct3 >= 6;
        width = (funct3 & 1) ? 8 : 4;
        reg = 8 + ((insn >> 2) & 7);
    } else if (quadrant == 2) {         /* C.LWSP C.LDSP (rd in 11:7, not x0), C.SWSP C.SDSP */
        if (funct3 != 2 && funct3 != 3 && funct3 != 6 && funct3 != 7)
            return false;
        store = funct3 >= 6;
        width = (funct3 & 1) ? 8 : 4;
        reg = store ? (insn >> 2) & 31 : (insn >> 7) & 31;
        if (!store && reg == 0)
            return false;
    } else {
        return false;
    }
    a->store = store;
    a->width = width;
    a->sign = !store && width == 4;
    a->reg = reg;
    return true;
}

bool hv_mmio_decode(uint32_t insn, struct hv_mmio_access *out)
{
    struct hv_mmio_access a = {0};
    bool ok;
    if ((insn & 3) == 3) {
        ok = decode32(insn, &a);
        a.len = 4;
    } else {
        ok = decode16((uint16_t)insn, &a);
        a.len = 2;
    }
    if (ok)
        *out = a;
    return ok;
}

bool hv_mmio_decode_htinst(uint64_t htinst, struct hv_mmio_access *out)
{
    if (!(htinst & 1) || (htinst >> 32))
        return false;
    /* A compressed original is transformed into its 32-bit equivalent with bit 1 cleared. */
    struct hv_mmio_access a;
    if (!decode32((uint32_t)htinst | 2, &a))
        return false;
    a.len = (htinst & 2) ? 4 : 2;
    *out = a;
    return true;
}
