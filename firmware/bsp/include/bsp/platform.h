/* The Matryoshka SoC memory map (docs/memory-map.md); a subset of QEMU's virt machine. */
#ifndef BSP_PLATFORM_H
#define BSP_PLATFORM_H

#define BSP_BOOTROM_BASE   0x00001000UL
#define BSP_FINISHER_BASE  0x00100000UL
#define BSP_CLINT_BASE     0x02000000UL
#define BSP_PLIC_BASE      0x0C000000UL
#define BSP_UART0_BASE     0x10000000UL
#define BSP_DRAM_BASE      0x80000000UL

#define BSP_UART0_IRQ      10          /* PLIC source of UART0 */
#define BSP_TIMEBASE_HZ    10000000UL  /* CLINT mtime frequency */

/* Test finisher commands (32-bit writes). */
#define BSP_FINISHER_PASS  0x5555u
#define BSP_FINISHER_FAIL  0x3333u     /* | (code << 16) */
#define BSP_FINISHER_RESET 0x7777u

#endif
