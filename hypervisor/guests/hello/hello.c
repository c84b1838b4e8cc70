/* hello: the first guest. Prints its boot arguments and what SBI it runs on, writes a line
 * through the SBI console, then counts timer interrupts programmed with SBI set_timer
 * (sie.STIE) and shuts down through SRST. Self-checking: a wrong count or a timer that fires
 * early fails the run. */
#include "guest.h"

#define TICKS 5
#define PERIOD (GUEST_TIMEBASE_HZ / 1000)  /* 1 ms */

static volatile unsigned ticks;
static uint64_t deadline;
static unsigned early;

static void on_timer(struct guest_trap_frame *f)
{
    (void)f;
    if (guest_time() < deadline)
        early++;
    if (++ticks < TICKS) {
        deadline += PERIOD;
        sbi_set_timer(deadline);
    } else {
        sbi_set_timer(UINT64_MAX);  /* also clears the pending interrupt */
    }
}

/* Through DBCN when the SBI has it (2.0), else the legacy putchar: the same bytes either way. */
static void sbi_console_line(const char *s)
{
    unsigned long len = 0;
    while (s[len])
        len++;
    if (sbi_probe_extension(SBI_EXT_DBCN)) {
        struct sbiret r = sbi_dbcn_write(s, len);  /* no paging: virtual = physical */
        if (r.error == SBI_SUCCESS && (unsigned long)r.value == len)
            return;
        printf("hello: DBCN write failed (error %ld, %ld bytes)\n", r.error, r.value);
        return;
    }
    for (unsigned long i = 0; i < len; i++)
        sbi_legacy_putchar(s[i]);
}

int guest_main(unsigned long hartid, unsigned long dtb)
{
    printf("hello: S-mode payload, hartid %lu, dtb 0x%lx\n", hartid, dtb);
    long version = sbi_get_spec_version();
    printf("hello: SBI spec %ld.%ld, implementation %ld\n", (version >> 24) & 0x7f,
           version & 0xffffff, sbi_get_impl_id());
    struct sbiret status = sbi_hart_get_status(hartid);
    printf("hello: TIME %s, SRST %s, hart %lu state %ld\n",
           sbi_probe_extension(SBI_EXT_TIME) ? "yes" : "no",
           sbi_probe_extension(SBI_EXT_SRST) ? "yes" : "no", hartid,
           status.error ? status.error : status.value);
    sbi_console_line("hello: this line went through the SBI console\n");

    guest_set_irq_handler(IRQ_S_TIMER, on_timer);
    uint64_t start = guest_time();
    deadline = start + PERIOD;
    sbi_set_timer(deadline);
    csr_set(sie, SIE_STIE);
    /* Check and sleep with interrupts masked: a tick between the check and wfi still wakes
     * wfi (it is pending), and is taken once sstatus.SIE is set again. */
    for (;;) {
        csr_clear(sstatus, SSTATUS_SIE);
        if (ticks >= TICKS)
            break;
        __asm__ volatile("wfi");
        csr_set(sstatus, SSTATUS_SIE);
    }
    uint64_t elapsed = guest_time() - start;

    int failed = early != 0 || elapsed < TICKS * PERIOD;
    printf("hello: %u timer interrupts, %s\n", ticks,
           failed ? "WRONG (early or too fast)" : "each after its deadline");
    printf("hello: goodbye\n");
    return failed;
}
