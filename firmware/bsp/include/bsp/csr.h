/* CSR access and the machine-mode bits the BSP uses (see the privileged spec). */
#ifndef BSP_CSR_H
#define BSP_CSR_H

#include <stdint.h>

#define BSP_STR_(x) #x
#define BSP_STR(x) BSP_STR_(x)

#define csr_read(csr) ({ uint64_t v_; __asm__ volatile("csrr %0, " BSP_STR(csr) : "=r"(v_)); v_; })
#define csr_write(csr, val) __asm__ volatile("csrw " BSP_STR(csr) ", %0" :: "rK"((uint64_t)(val)))
#define csr_set(csr, bits) __asm__ volatile("csrs " BSP_STR(csr) ", %0" :: "rK"((uint64_t)(bits)))
#define csr_clear(csr, bits) __asm__ volatile("csrc " BSP_STR(csr) ", %0" :: "rK"((uint64_t)(bits)))

#define MSTATUS_MIE  (1UL << 3)
#define MSTATUS_MPIE (1UL << 7)
#define MSTATUS_MPP  (3UL << 11)

/* Interrupt cause numbers, which are also the mie/mip bit positions. */
#define IRQ_M_SOFT   3
#define IRQ_M_TIMER  7
#define IRQ_M_EXT    11

#define MCAUSE_INTERRUPT (1UL << 63)

#endif
