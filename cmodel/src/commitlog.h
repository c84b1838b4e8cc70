/* Names used by the commit log and rvsim --stats. */
#ifndef MK_COMMITLOG_H
#define MK_COMMITLOG_H

#include <stdbool.h>
#include <stdint.h>

/* The privileged spec's name of a trap cause in snake_case (e.g. "illegal_instruction",
 * "machine_timer"), or NULL if the cause is not defined. */
const char *mk_cause_name(bool interrupt, uint64_t cause);

/* The CSR's name as Spike prints it (e.g. "mstatus"), or NULL if unknown. */
const char *mk_csr_name(uint16_t addr);

#endif
