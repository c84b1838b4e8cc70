/* Constants shared by the whole hypervisor: the guest-physical layout every guest sees. */
#ifndef HV_HV_H
#define HV_HV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HV_GUEST_RAM_BASE  0x80000000UL  /* guest DRAM, mapped onto a private host region */
#define HV_GUEST_DTB       0x80100000UL  /* the guest's device tree (a1 at entry) */
#define HV_GUEST_ENTRY     0x80200000UL  /* the payload (fw_jump convention) */
#define HV_GUEST_MIN_MEM   0x00400000UL  /* 4 MiB: DTB area, payload, a little room */
#define HV_VUART_BASE      0x10000000UL  /* the virtual NS16550A (8 byte registers) */
#define HV_VUART_SIZE      8UL
#define HV_MAX_GUESTS      8
#define HV_NAME_MAX        15

#define HV_PAGE_SIZE       4096UL
#define HV_MEGA_SIZE       (2UL << 20)
#define HV_GIGA_SIZE       (1UL << 30)

#endif
