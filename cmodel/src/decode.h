/* Instruction decoding: a raw word to an mk_insn_t. */
#ifndef MK_DECODE_H
#define MK_DECODE_H

#include "hart.h"

#define MK_F_RD    0x1u
#define MK_F_LOAD  0x2u
#define MK_F_STORE 0x4u
#define MK_F_CTRL  0x8u

typedef enum {
#define MK_OP(name, mnem, flags) MK_OP_##name,
#include "ops.def"
#undef MK_OP
    MK_OP_COUNT
} mk_op_t;

/*
 * Decodes bits (the low 16 bits only, if they are a compressed instruction) into *out,
 * including out->exec. Anything that is not a valid RV64IMAC + Zicsr + Zifencei + privileged
 * instruction decodes as MK_OP_illegal, whose execute function raises an illegal-instruction
 * exception with tval = raw bits. Reserved compressed encodings are illegal; HINTs are legal.
 */
void mk_decode(uint32_t bits, mk_insn_t *out);

/* Length in bytes of the instruction whose first 16-bit parcel is lo. */
static inline unsigned mk_insn_length(uint32_t lo) { return (lo & 3u) == 3u ? 4u : 2u; }

const char *mk_op_mnemonic(mk_op_t op);
unsigned mk_op_flags(mk_op_t op);

#endif
