/* hvbench: the hypervisor's costs as a guest sees them (docs/performance.md, "Hypervisor").
 * An S-mode SBI payload, so it also runs natively on the firmware, which gives the reference
 * figures (an ecall to M-mode, a direct UART read, an S timer interrupt).
 *
 *   sbi_probe  SBI base probe_extension(TIME) round trip
 *   mmio_lsr   a byte read of the UART's LSR (under the hypervisor: an emulated MMIO exit)
 *   timer      from a timer deadline (SBI set_timer) to the guest's C handler
 *   yield      a wfi (under the hypervisor: a virtual-instruction exit that yields)
 *
 * Each prints one line `hvbench: NAME n=N mean=M min=X ns=T ...`: mean and min in cycles
 * (rdcycle, its own cost removed), ns per operation from the time CSR (10 MHz) over a batch.
 * With HVBENCH_PINGPONG 1 (hvpingpong.c) it only runs the yield loop: two such guests under
 * the hypervisor switch to each other on every wfi (the world-switch figure). */
#include "guest.h"

#ifndef HVBENCH_PINGPONG
#define HVBENCH_PINGPONG 0
#endif

#define HV_IMPL_ID 0x4D4B48  /* Matryoshka's hypervisor ("MKH") */
#define RUNS       1000
#define TIMER_RUNS 100
#define YIELD_RUNS 200
#define WARMUP     8
#define TIMER_LEAD 2000      /* ticks from arming to the deadline (200 us) */

struct stat {
    uint64_t n;
    int64_t sum, min;
};

static void stat_add(struct stat *s, int64_t v)
{
    if (s->n == 0 || v < s->min)
        s->min = v;
    s->sum += v;
    s->n++;
}

/* "12.3": a mean with one decimal, for integers that may be negative. */
static void print_mean(const char *key, int64_t sum, uint64_t n)
{
    int64_t tenths = n ? sum * 10 / (int64_t)n : 0;
    const char *sign = tenths < 0 ? "-" : "";
    uint64_t a = (uint64_t)(tenths < 0 ? -tenths : tenths);
    printf(" %s=%s%lu.%lu", key, sign, a / 10, a % 10);
}

static inline uint64_t cycles(void)
{
    uint64_t c;
    __asm__ volatile("rdcycle %0" : "=r"(c));
    return c;
}

static int64_t read_cost;  /* the cycles between two back-to-back rdcycle reads */

static void measure_read_cost(void)
{
    int64_t best = INT64_MAX;
    for (int i = 0; i < 100; i++) {
        uint64_t c0 = cycles();
        uint64_t c1 = cycles();
        if ((int64_t)(c1 - c0) < best)
            best = (int64_t)(c1 - c0);
    }
    read_cost = best;
}

typedef void (*op_fn)(void);

/* Times op RUNS times one by one (min) and RUNS times in a batch between two reads (mean). */
static void bench_op(const char *name, op_fn op)
{
    struct stat one = {0, 0, 0};
    for (int i = 0; i < WARMUP; i++)
        op();
    for (int i = 0; i < RUNS; i++) {
        uint64_t c0 = cycles();
        op();
        uint64_t c1 = cycles();
        stat_add(&one, (int64_t)(c1 - c0) - read_cost);
    }
    uint64_t t0 = guest_time(), c0 = cycles();
    for (int i = 0; i < RUNS; i++)
        op();
    uint64_t c1 = cycles(), t1 = guest_time();
    printf("hvbench: %s n=%d", name, RUNS);
    print_mean("mean", (int64_t)(c1 - c0) - read_cost, RUNS);
    printf(" min=%ld ns=%lu", (long)one.min, (unsigned long)((t1 - t0) * 100 / RUNS));
    print_mean("mean1", one.sum, one.n);
    printf("\n");
}

static void op_sbi_probe(void) { (void)sbi_probe_extension(SBI_EXT_TIME); }

static void op_mmio_lsr(void)
{
    (void)*(volatile uint8_t *)(GUEST_UART_BASE + 5);
}

/* ---- timer: deadline -> C handler ---- */
static volatile int fired;
static volatile uint64_t fired_cycle, fired_time;

static void on_timer(struct guest_trap_frame *f)
{
    (void)f;
    fired_cycle = cycles();
    fired_time = guest_time();
    csr_clear(sie, SIE_STIE);  /* the next set_timer clears the pending bit */
    fired = 1;
}

/* Waits for the time CSR to change; returns the new value and the cycle just after it. The
 * loop is two instructions, so the cycle is at most a few past the tick. */
static uint64_t next_tick(uint64_t *cycle)
{
    uint64_t t0, t1, c;
    __asm__ volatile("rdtime %0\n"
                     "1: rdtime %1\n"
                     "beq %0, %1, 1b\n"
                     "rdcycle %2"
                     : "=&r"(t0), "=&r"(t1), "=r"(c));
    *cycle = c;
    return t1;
}

static void bench_timer(void)
{
    /* Cycles per tick (exactly 5 on rvsim; on QEMU rdcycle is the host's TSC). */
    uint64_t ca, cb;
    uint64_t ta = next_tick(&ca);
    uint64_t tb = ta;
    while (tb - ta < 20000)  /* 2 ms: long enough that rounding leaves no error */
        tb = next_tick(&cb);
    uint64_t cpt_num = cb - ca, cpt_den = tb - ta;

    guest_set_irq_handler(IRQ_S_TIMER, on_timer);
    csr_set(sstatus, SSTATUS_SIE);
    struct stat cyc = {0, 0, 0}, ticks = {0, 0, 0};
    for (int i = 0; i < TIMER_RUNS + WARMUP; i++) {
        uint64_t c_edge;
        uint64_t deadline = next_tick(&c_edge) + TIMER_LEAD;
        uint64_t deadline_cycle = c_edge + (TIMER_LEAD * cpt_num + cpt_den / 2) / cpt_den;
        fired = 0;
        sbi_set_timer(deadline);
        csr_set(sie, SIE_STIE);
        while (!fired)
            ;
        if (i < WARMUP)
            continue;
        stat_add(&cyc, (int64_t)(fired_cycle - deadline_cycle) - read_cost);
        stat_add(&ticks, (int64_t)(fired_time - deadline));
    }
    csr_clear(sstatus, SSTATUS_SIE);
    sbi_set_timer(UINT64_MAX);
    printf("hvbench: timer n=%d", TIMER_RUNS);
    print_mean("mean", cyc.sum, cyc.n);
    printf(" min=%ld", (long)cyc.min);
    print_mean("ns", ticks.sum * 100, ticks.n);
    print_mean("ticks", ticks.sum, ticks.n);
    printf(" ticks_min=%ld cpt=%lu/%lu\n", (long)ticks.min, (unsigned long)cpt_num,
           (unsigned long)cpt_den);
}

/* ---- yield: wfi with no timer pending (the hypervisor keeps the guest runnable) ---- */
static void bench_yield(void)
{
    struct stat win = {0, 0, 0}, gap = {0, 0, 0};
    uint64_t t0 = 0, last = 0;
    for (int i = 0; i < YIELD_RUNS + WARMUP; i++) {
        if (i == WARMUP)
            t0 = guest_time();
        uint64_t c0 = cycles();
        __asm__ volatile("wfi" ::: "memory");
        uint64_t c1 = cycles();
        if (i < WARMUP) {
            last = c1;
            continue;
        }
        stat_add(&win, (int64_t)(c1 - c0) - read_cost);
        stat_add(&gap, (int64_t)(c0 - last));  /* own instructions outside the window */
        last = c1;
    }
    uint64_t t1 = guest_time();
    printf("hvbench: yield n=%d", YIELD_RUNS);
    print_mean("mean", win.sum, win.n);
    printf(" min=%ld ns=%lu gap_min=%ld\n", (long)win.min,
           (unsigned long)((t1 - t0) * 100 / YIELD_RUNS), (long)gap.min);
}

int guest_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    int virtualized = sbi_get_impl_id() == HV_IMPL_ID;
    measure_read_cost();
    printf("hvbench: %s, rdcycle cost %ld\n", virtualized ? "under the hypervisor" : "native",
           (long)read_cost);
    if (!HVBENCH_PINGPONG) {
        bench_op("sbi_probe", op_sbi_probe);
        bench_op("mmio_lsr", op_mmio_lsr);
        bench_timer();
    }
    if (virtualized)  /* natively wfi would wait for an interrupt that never comes */
        bench_yield();
    printf("hvbench: done\n");
    return 0;
}
