/* Exit through SBI SRST. A failure code travels as an implementation-specific reset reason
 * (Matryoshka's firmware turns 0xE000_0000 | n into exit code n); an SBI that refuses it
 * (OpenSBI) gets "system failure" instead. */
#include "guest.h"

void guest_exit(int code)
{
    if (code == 0) {
        sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
    } else {
        sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_EXIT_CODE | (code & 0xffff));
        sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYSFAIL);
    }
    printf("guest: SBI system reset failed; halting\n");
    csr_clear(sstatus, SSTATUS_SIE);
    for (;;)
        __asm__ volatile("wfi");
}
