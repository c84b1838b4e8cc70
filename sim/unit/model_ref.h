/* The C model as a reference for the RTL unit benches: a plain C interface (no model headers),
 * so that the C++ benches need not parse the model's C11 headers. Implemented in model_ref.c,
 * linked with build/libmk.a. */
#ifndef MK_MODEL_REF_H
#define MK_MODEL_REF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The fields of a decoded instruction that the benches compare. */
typedef struct {
    const char *mnemonic;   /* "illegal" for an illegal instruction */
    int illegal;
    unsigned rd, rs1, rs2;  /* 0 where the instruction does not use the register */
    int64_t imm;
    unsigned csr;
    unsigned len;           /* 2 or 4 */
} mk_ref_insn_t;

/* mk_decode() of bits (only the low 16 bits count if they are a compressed instruction). */
void mk_ref_decode(uint32_t bits, mk_ref_insn_t *out);

/* The model's operation number for a mnemonic ("add", "mulhsu", "beq"), or -1. */
int mk_ref_op(const char *mnemonic);

/* Runs the model's execute function of op on a scratch hart with rs1 = a, rs2 = b and the
 * immediate imm at pc = 0x1000 (4-byte instruction). Returns the value written to rd; *taken is
 * set to whether the next pc differs from pc + 4 (branches). */
uint64_t mk_ref_exec(int op, uint64_t a, uint64_t b, int64_t imm, int *taken);

/* The PMP configuration of mk_ref_pmp_check: entries 0..15 as the CSRs hold them. */
typedef struct {
    uint8_t cfg[16];     /* pmpcfg byte of each entry */
    uint64_t addr[16];   /* pmpaddr of each entry (bits 53:0) */
} mk_ref_pmp_t;

/* The access kinds of mk_ref_pmp_check (the model's fetch / load / store). */
enum { MK_REF_FETCH = 0, MK_REF_LOAD = 1, MK_REF_STORE = 2 };

/* The model's mk_pmp_check: is an access of size bytes (1, 2, 4, 8) at paddr of kind acc at
 * privilege priv (0 U, 1 S, 3 M) allowed by pmp? */
int mk_ref_pmp_check(const mk_ref_pmp_t *pmp, uint64_t paddr, unsigned size, int acc,
                     unsigned priv);

/* A hart of the model for the CSR file's bench: only its CSRs are used (no SoC: the time
 * CSR and anything that reads devices must not be accessed). Created in its reset state, in
 * M-mode with V = 0. */
typedef struct mk_ref_csrs mk_ref_csrs_t;
mk_ref_csrs_t *mk_ref_csrs_new(void);
void mk_ref_csrs_free(mk_ref_csrs_t *c);
/* mk_csr_reset: every CSR to its reset value (those docs/isa.md keeps across a reset kept). */
void mk_ref_csrs_reset(mk_ref_csrs_t *c);
/* A CSR instruction in M-mode: op 1 CSRRW, 2 CSRRS, 3 CSRRC (mk_pkg::csr_op_e) with operand,
 * op 0 a read only. Returns 0 if the access is refused, else 1 with *old = the value read. */
int mk_ref_csrs_access(mk_ref_csrs_t *c, unsigned addr, unsigned op, uint64_t operand,
                       uint64_t *old);

#ifdef __cplusplus
}
#endif

#endif
