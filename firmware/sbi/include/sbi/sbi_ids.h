/* SBI binary encoding (riscv-non-isa/riscv-sbi-doc): extension and function IDs and error
 * codes. Shared by the M-mode firmware, the guest runtime and the hypervisor. */
#ifndef SBI_IDS_H
#define SBI_IDS_H

/* Legacy extensions (v0.1): the EID is the function; the result is in a0 only. */
#define SBI_EXT_LEGACY_SET_TIMER        0x00
#define SBI_EXT_LEGACY_CONSOLE_PUTCHAR  0x01
#define SBI_EXT_LEGACY_CONSOLE_GETCHAR  0x02
#define SBI_EXT_LEGACY_SHUTDOWN         0x08

#define SBI_EXT_BASE  0x10
#define SBI_BASE_GET_SPEC_VERSION   0
#define SBI_BASE_GET_IMPL_ID        1
#define SBI_BASE_GET_IMPL_VERSION   2
#define SBI_BASE_PROBE_EXTENSION    3
#define SBI_BASE_GET_MVENDORID      4
#define SBI_BASE_GET_MARCHID        5
#define SBI_BASE_GET_MIMPID         6

#define SBI_EXT_TIME  0x54494D45  /* "TIME" */
#define SBI_TIME_SET_TIMER          0

#define SBI_EXT_IPI   0x735049    /* "sPI" */
#define SBI_EXT_RFENCE 0x52464E43 /* "RFNC" */

#define SBI_EXT_HSM   0x48534D    /* "HSM" */
#define SBI_HSM_HART_START          0
#define SBI_HSM_HART_STOP           1
#define SBI_HSM_HART_GET_STATUS     2
#define SBI_HSM_HART_SUSPEND        3
#define SBI_HSM_STATE_STARTED       0
#define SBI_HSM_STATE_STOPPED       1

#define SBI_EXT_SRST  0x53525354  /* "SRST" */
#define SBI_SRST_SYSTEM_RESET       0
#define SBI_SRST_TYPE_SHUTDOWN      0
#define SBI_SRST_TYPE_COLD_REBOOT   1
#define SBI_SRST_TYPE_WARM_REBOOT   2
#define SBI_SRST_REASON_NONE        0
#define SBI_SRST_REASON_SYSFAIL     1
/* 0xE0000000..0xEFFFFFFF: SBI-implementation-specific reasons. Matryoshka's firmware maps
 * SBI_SRST_REASON_EXIT_CODE | n (n = 1..0xFFFF) to exit code n (docs/firmware.md). */
#define SBI_SRST_REASON_IMPL_FIRST  0xE0000000UL
#define SBI_SRST_REASON_IMPL_LAST   0xEFFFFFFFUL
#define SBI_SRST_REASON_EXIT_CODE   0xE0000000UL

#define SBI_EXT_DBCN  0x4442434E  /* "DBCN" */
#define SBI_DBCN_CONSOLE_WRITE      0
#define SBI_DBCN_CONSOLE_READ       1
#define SBI_DBCN_CONSOLE_WRITE_BYTE 2

/* Error codes (sbiret.error). */
#define SBI_SUCCESS                 0
#define SBI_ERR_FAILED             -1
#define SBI_ERR_NOT_SUPPORTED      -2
#define SBI_ERR_INVALID_PARAM      -3
#define SBI_ERR_DENIED             -4
#define SBI_ERR_INVALID_ADDRESS    -5
#define SBI_ERR_ALREADY_AVAILABLE  -6
#define SBI_ERR_ALREADY_STARTED    -7
#define SBI_ERR_ALREADY_STOPPED    -8

/* get_spec_version encoding: major in bits 30:24, minor in bits 23:0. */
#define SBI_SPEC_VERSION(major, minor) (((unsigned long)(major) << 24) | (minor))

#endif
