/* The Matryoshka M-mode board support package: everything in one include. */
#ifndef BSP_BSP_H
#define BSP_BSP_H

#include <stdint.h>

#include "bsp/clint.h"
#include "bsp/csr.h"
#include "bsp/platform.h"
#include "bsp/plic.h"
#include "bsp/trap.h"
#include "bsp/uart.h"

/* What the boot ROM handed over in a0/a1, saved by crt0. */
extern uint64_t bsp_boot_hartid;
extern uint64_t bsp_boot_dtb;

/* Ends the run through the test finisher: 0 -> pass, else fail with code (low 16 bits). */
__attribute__((noreturn)) void bsp_finish(int code);

#endif
