/* M-mode trap handling: SBI ecalls from the payload, the M timer that carries the supervisor
 * timer when Sstc is off, and a report for anything else. */
#include "bsp/clint.h"
#include "bsp/csr.h"
#include "bsp/platform.h"
#include "fw.h"

#define CAUSE_ECALL_S 9
#define MIP_STIP (1UL << 5)
#define MIE_MTIE (1UL << IRQ_M_TIMER)
#define CSR_STIMECMP 0x14d

static void report(const char *what, const struct fw_trap_frame *f)
{
    fw_puts("matryoshka-sbi: ");
    fw_puts(what);
    fw_puts(": mcause=");
    fw_put_hex(f->mcause);
    fw_puts(" mepc=");
    fw_put_hex(f->mepc);
    fw_puts(" mtval=");
    fw_put_hex(f->mtval);
    fw_puts("\n");
}

void fw_trap(struct fw_trap_frame *f)
{
    if (f->mcause == (MCAUSE_INTERRUPT | IRQ_M_TIMER)) {
        fw_timer_interrupt();
        return;
    }
    if (f->mcause == CAUSE_ECALL_S) {
        fw_sbi_ecall(f);
        f->mepc += 4;
        return;
    }
    /* Every exception S can handle is delegated, so this is not the payload's to see. */
    report("unexpected trap from the payload", f);
    fw_finish(FW_EXIT_FATAL);
    for (;;)
        __asm__ volatile("wfi");
}

void fw_trap_from_m(struct fw_trap_frame *f)
{
    report("trap in the firmware", f);
    fw_finish(FW_EXIT_FATAL);
    for (;;)
        __asm__ volatile("wfi");
}

/* With Sstc the supervisor timer is stimecmp. Without it, the standard scheme: the M timer
 * stands in, and its interrupt is forwarded as STIP (which S clears by calling set_timer). */
void fw_set_timer(uint64_t when)
{
    if (fw_platform.has_sstc) {
        csr_write(CSR_STIMECMP, when);
        return;
    }
    bsp_clint_set_mtimecmp(when);
    csr_clear(mip, MIP_STIP);
    csr_set(mie, MIE_MTIE);
}

void fw_timer_interrupt(void)
{
    csr_set(mip, MIP_STIP);
    csr_clear(mie, MIE_MTIE);
}

void fw_finish(unsigned code)
{
    volatile uint32_t *finisher = (volatile uint32_t *)BSP_FINISHER_BASE;
    *finisher = code == 0 ? BSP_FINISHER_PASS : ((code & 0xffffu) << 16) | BSP_FINISHER_FAIL;
}

void fw_reboot(void)
{
    volatile uint32_t *finisher = (volatile uint32_t *)BSP_FINISHER_BASE;
    *finisher = BSP_FINISHER_RESET;
}
