/* Execute functions: one per operation, grouped by extension in exec_*.c.
 *
 * Contract for every execute function:
 *  - it reads its operands from h->x, writes its result to h->x[in->rd] (x0 is cleared by the
 *    caller after each instruction), and sets h->pc to the next PC;
 *  - if it raises an exception it does so before changing h->pc or any register, by calling
 *    mk_raise_exception() (or a mem.c/csr.c function that raises), and then returns at once.
 */
#ifndef MK_EXEC_H
#define MK_EXEC_H

#include "hart.h"

#define MK_OP(name, mnem, flags) void mk_exec_##name(mk_hart_t *h, const mk_insn_t *in);
#include "ops.def"
#undef MK_OP

#endif
