/* hmodes: what virtualization costs the core itself (issue "H in the RTL", figures).
 *
 * An M-mode BSP program that runs the same code in several translation regimes and measures
 * it with the lower mode's own `cycle` and `instret` counters:
 *
 * 1. CPI of the benchmark kernels (the compute guest's sizes) in HS-mode (V = 0, satp Bare),
 *    and in VS-mode (V = 1, vsatp Bare) under a G-stage identity map made of 1 GiB superpages,
 *    and made of 4 KiB pages.
 * 2. The cost of a DTLB miss, per translation regime: a loop of loads that touches more pages
 *    than the DTLB holds (every load misses) against the same loop on one page (every load
 *    hits). Regimes: HS Sv39 (satp, 4 KiB), VS G-stage only (vsatp Bare, hgatp 4 KiB) and VS
 *    two-stage (vsatp Sv39 4 KiB over hgatp 4 KiB: the nested walk).
 *
 * Every map is the identity (VA = GPA = PA), so the program's code, data and stack are where
 * the linker put them in every regime. The lower mode returns to M with an ecall whose
 * a0/a1 carry the cycle and instret deltas; the M-mode handler longjmps back to the caller.
 * Self-checking: the kernels' checksums, and the miss loop's result, must be right in every
 * regime. Exit code 0 iff all are. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>

#include <bsp/csr.h>
#include <bsp/trap.h>

#include "../kernels/kernels.h"

/* ---- CSRs by number (binutils need not know the H names) ---- */
#define CSR_SATP       0x180
#define CSR_VSATP      0x280
#define CSR_HSTATUS    0x600
#define CSR_HCOUNTEREN 0x606
#define CSR_HGATP      0x680
#define CSR_MCOUNTEREN 0x306
#define CSR_PMPCFG0    0x3a0
#define CSR_PMPADDR0   0x3b0

#define MSTATUS_MPP_S  (1UL << 11)
#define MSTATUS_MPV    (1UL << 39)
#define ATP_MODE_SV39  (8UL << 60)
#define HGATP_VMID(v)  ((uint64_t)(v) << 44)

#define CAUSE_ECALL_S  9
#define CAUSE_ECALL_VS 10

/* PTE bits */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)

#define PAGE      4096UL
#define MEGAPAGE  (2UL << 20)
#define GIGAPAGE  (1UL << 30)

/* ---- the regimes ---- */
enum regime { HS_BARE, VS_G1G, VS_G4K, HS_SV39, VS_G4K_ONLY, VS_SV39_G4K };

static const char *const regime_name[] = {
    [HS_BARE] = "HS, satp Bare",
    [VS_G1G] = "VS, G-stage identity, 1 GiB pages",
    [VS_G4K] = "VS, G-stage identity, 4 KiB pages",
    [HS_SV39] = "HS, Sv39 4 KiB",
    [VS_G4K_ONLY] = "VS, vsatp Bare, G-stage 4 KiB",
    [VS_SV39_G4K] = "VS, Sv39 4 KiB over G-stage 4 KiB",
};

/* ---- page tables (identity maps) ----
 * An Sv39 root is 4 KiB (VA[38:30]), an Sv39x4 root 16 KiB (GPA[40:30]); lower levels are
 * 4 KiB tables. The 4 KiB maps cover the program image (text to _end) and the top 2 MiB of the
 * stack region, each 2 MiB region with its own level-0 table. */
#define L0_POOL 16

struct map4k {
    uint64_t l1[512] __attribute__((aligned(PAGE)));
    uint64_t l0[L0_POOL][512] __attribute__((aligned(PAGE)));
    unsigned l0_used;
};

static uint64_t g1g_root[2048] __attribute__((aligned(4 * PAGE)));
static uint64_t g4k_root[2048] __attribute__((aligned(4 * PAGE)));
static uint64_t s4k_root[512] __attribute__((aligned(PAGE)));
static struct map4k g4k, s4k;

extern char __bsp_mem_base[], _end[], __stack_top[];

static uint64_t pte_pointer(const void *table)
{
    return ((uint64_t)(uintptr_t)table >> 12) << 10 | PTE_V;
}

static uint64_t pte_leaf(uint64_t pa, uint64_t flags)
{
    return (pa >> 12) << 10 | flags;
}

/* Maps [lo, hi) (4 KiB aligned, within one 1 GiB region) with 4 KiB leaves. */
static int map_4k(uint64_t *root, struct map4k *m, uint64_t lo, uint64_t hi, uint64_t flags)
{
    uint64_t *root_pte = &root[lo >> 30];
    if (!(*root_pte & PTE_V))
        *root_pte = pte_pointer(m->l1);
    for (uint64_t pa = lo; pa < hi; pa += PAGE) {
        uint64_t *l1_pte = &m->l1[(pa >> 21) & 511];
        if (!(*l1_pte & PTE_V)) {
            if (m->l0_used == L0_POOL)
                return -1;
            *l1_pte = pte_pointer(m->l0[m->l0_used++]);
        }
        uint64_t *l0 = (uint64_t *)(uintptr_t)((*l1_pte >> 10) << 12);
        l0[(pa >> 12) & 511] = pte_leaf(pa, flags);
    }
    return 0;
}

static int build_maps(void)
{
    uint64_t base = (uint64_t)(uintptr_t)__bsp_mem_base;
    uint64_t end = ((uint64_t)(uintptr_t)_end + PAGE - 1) & ~(PAGE - 1);
    uint64_t top = (uint64_t)(uintptr_t)__stack_top;
    if ((base >> 30) != ((top - 1) >> 30)) {
        printf("hmodes: the program does not lie in one 1 GiB region\n");
        return -1;
    }
    const uint64_t all = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
    /* G-stage leaves must have U (every G-stage access is a user access); VS-stage leaves for
     * S-mode code must not. */
    g1g_root[base >> 30] = pte_leaf(base & ~(GIGAPAGE - 1), all | PTE_U);
    if (map_4k(g4k_root, &g4k, base, end, all | PTE_U) ||
        map_4k(g4k_root, &g4k, top - MEGAPAGE, top, all | PTE_U) ||
        map_4k(s4k_root, &s4k, base, end, all) ||
        map_4k(s4k_root, &s4k, top - MEGAPAGE, top, all)) {
        printf("hmodes: the program is too large for the page-table pool\n");
        return -1;
    }
    return 0;
}

/* ---- running a function in a lower mode ---- */
struct lowered_result {
    uint64_t cycles, instret;
};

typedef void (*lowered_fn)(void *arg);

static jmp_buf m_context;
static struct lowered_result last_result;

/* Runs in S or VS: measures fn(arg) with the counters the lower mode sees, returns to M. */
static void __attribute__((noreturn)) lowered_entry(lowered_fn fn, void *arg)
{
    uint64_t c0, i0, c1, i1;
    __asm__ volatile("rdcycle %0\n\trdinstret %1" : "=r"(c0), "=r"(i0));
    fn(arg);
    __asm__ volatile("rdcycle %0\n\trdinstret %1" : "=r"(c1), "=r"(i1));
    register uint64_t a0 __asm__("a0") = c1 - c0;
    register uint64_t a1 __asm__("a1") = i1 - i0;
    __asm__ volatile("ecall" ::"r"(a0), "r"(a1));
    __builtin_unreachable();
}

static void on_lower_ecall(struct bsp_trap_frame *frame)
{
    last_result.cycles = frame->x[10];
    last_result.instret = frame->x[11];
    longjmp(m_context, 1);
}

static void set_regime(enum regime r)
{
    uint64_t satp = 0, vsatp = 0, hgatp = 0;
    switch (r) {
    case HS_BARE: break;
    case VS_G1G: hgatp = ATP_MODE_SV39 | HGATP_VMID(1) | (uint64_t)(uintptr_t)g1g_root >> 12; break;
    case VS_G4K:
    case VS_G4K_ONLY: hgatp = ATP_MODE_SV39 | HGATP_VMID(2) | (uint64_t)(uintptr_t)g4k_root >> 12; break;
    case HS_SV39: satp = ATP_MODE_SV39 | (uint64_t)(uintptr_t)s4k_root >> 12; break;
    case VS_SV39_G4K:
        vsatp = ATP_MODE_SV39 | (uint64_t)(uintptr_t)s4k_root >> 12;
        hgatp = ATP_MODE_SV39 | HGATP_VMID(2) | (uint64_t)(uintptr_t)g4k_root >> 12;
        break;
    }
    csr_write(CSR_SATP, satp);
    csr_write(CSR_VSATP, vsatp);
    csr_write(CSR_HGATP, hgatp);
    /* sfence.vma, hfence.vvma, hfence.gvma (all zero operands): start every run cold. */
    __asm__ volatile("sfence.vma\n\t.word 0x22000073\n\t.word 0x62000073" ::: "memory");
}

static void run_lowered(enum regime r, lowered_fn fn, void *arg, struct lowered_result *out)
{
    set_regime(r);
    int virt = r == VS_G1G || r == VS_G4K || r == VS_G4K_ONLY || r == VS_SV39_G4K;
    uint64_t mstatus = csr_read(mstatus);
    mstatus = (mstatus & ~(MSTATUS_MPP | MSTATUS_MPV)) | MSTATUS_MPP_S |
              (virt ? MSTATUS_MPV : 0);
    csr_write(mstatus, mstatus);
    csr_write(mepc, (uint64_t)(uintptr_t)lowered_entry);
    if (setjmp(m_context) == 0) {
        register uint64_t a0 __asm__("a0") = (uint64_t)(uintptr_t)fn;
        register uint64_t a1 __asm__("a1") = (uint64_t)(uintptr_t)arg;
        __asm__ volatile("mret" ::"r"(a0), "r"(a1) : "memory");
        __builtin_unreachable();
    }
    *out = last_result;
}

/* ---- 1. the kernels ---- */
struct kernel_run {
    const char *name;
    bench_kernel_fn kernel;
    unsigned size, rounds;
    uint64_t expected;  /* the compute guest's: same kernels, same sizes */
    uint64_t checksum;
    const char *error;
};

static struct kernel_run kernels[] = {
    {"sort", kernel_sort, 2048, 2, 0x7859491030b14b3cu, 0, 0},
    {"crc32", kernel_crc32, 4096, 8, 0x2eb3dc1f6899b7f6u, 0, 0},
    {"matmul", kernel_matmul, 32, 2, 0x3f965bb27fe95218u, 0, 0},
    {"strings", kernel_strings, 64, 2, 0x34fcfe8b2677c61du, 0, 0},
};

static void run_kernel(void *arg)
{
    struct kernel_run *k = arg;
    k->checksum = 0;
    k->error = k->kernel(k->size, k->rounds, &k->checksum);
}

static void print_cpi(const char *what, const struct lowered_result *r)
{
    uint64_t milli = r->instret ? (r->cycles * 1000 + r->instret / 2) / r->instret : 0;
    printf("hmodes: kernels, %-36s %10" PRIu64 " cycles %10" PRIu64 " instructions  CPI %" PRIu64
           ".%03" PRIu64 "\n", what, r->cycles, r->instret, milli / 1000, milli % 1000);
}

static int measure_kernels(void)
{
    static const enum regime regimes[] = {HS_BARE, VS_G1G, VS_G4K};
    int failures = 0;
    /* A first, unmeasured run: the kernels' and the C library's first-call work (a few dozen
     * instructions) would otherwise count against the first regime only. */
    for (unsigned k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
        struct lowered_result r;
        run_lowered(HS_BARE, run_kernel, &kernels[k], &r);
    }
    for (unsigned i = 0; i < sizeof regimes / sizeof regimes[0]; i++) {
        struct lowered_result total = {0, 0};
        for (unsigned k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
            struct lowered_result r;
            run_lowered(regimes[i], run_kernel, &kernels[k], &r);
            if (kernels[k].error || kernels[k].checksum != kernels[k].expected) {
                printf("hmodes: %s: %s: %s\n", regime_name[regimes[i]], kernels[k].name,
                       kernels[k].error ? kernels[k].error : "wrong checksum");
                failures++;
            }
            total.cycles += r.cycles;
            total.instret += r.instret;
        }
        print_cpi(regime_name[regimes[i]], &total);
    }
    return failures;
}

/* ---- 2. DTLB misses ----
 * MISS_PAGES pages, more than the DTLB's entries (16 by default): with round-robin
 * replacement a cyclic sweep misses on every load. The hit loop makes the same loads, all on
 * one page. */
#define MISS_PAGES  64
#define MISS_SWEEPS 8

static uint8_t miss_area[MISS_PAGES * PAGE] __attribute__((aligned(PAGE)));

struct sweep {
    uint64_t stride;  /* PAGE: a page per load; 8: all loads on the first page */
    uint64_t sum;
};

static void sweep_loads(void *arg)
{
    struct sweep *s = arg;
    uint64_t sum = 0;
    for (unsigned n = 0; n < MISS_SWEEPS; n++) {
        const volatile uint8_t *p = miss_area;
        for (unsigned i = 0; i < MISS_PAGES; i++, p += s->stride)
            sum += *(const volatile uint64_t *)p;
    }
    s->sum = sum;
}

static int measure_misses(void)
{
    static const enum regime regimes[] = {HS_SV39, VS_G4K_ONLY, VS_SV39_G4K};
    int failures = 0;
    uint64_t expected_miss = 0, expected_hit = 0;
    for (unsigned i = 0; i < MISS_PAGES; i++) {
        uint64_t v = 0x0101010101010101u * (i + 1);
        *(uint64_t *)(miss_area + i * PAGE) = v;
        expected_miss += v;
    }
    for (unsigned i = 0; i < MISS_PAGES; i++)
        expected_hit += *(uint64_t *)(miss_area + (i * 8 % PAGE));
    expected_miss *= MISS_SWEEPS;
    expected_hit *= MISS_SWEEPS;
    for (unsigned i = 0; i < sizeof regimes / sizeof regimes[0]; i++) {
        struct sweep miss = {PAGE, 0}, hit = {8, 0};
        struct lowered_result rm, rh;
        run_lowered(regimes[i], sweep_loads, &miss, &rm);
        run_lowered(regimes[i], sweep_loads, &hit, &rh);
        if (miss.sum != expected_miss || hit.sum != expected_hit) {
            printf("hmodes: %s: the sweep read wrong data\n", regime_name[regimes[i]]);
            failures++;
        }
        if (rm.instret != rh.instret) {
            printf("hmodes: %s: the two loops retired %" PRIu64 " and %" PRIu64
                   " instructions\n", regime_name[regimes[i]], rm.instret, rh.instret);
            failures++;
        }
        uint64_t loads = (uint64_t)MISS_PAGES * MISS_SWEEPS;
        uint64_t extra = rm.cycles > rh.cycles ? rm.cycles - rh.cycles : 0;
        uint64_t centi = (extra * 100 + loads / 2) / loads;
        printf("hmodes: DTLB miss, %-36s %" PRIu64 ".%02" PRIu64
               " cycles per miss (%" PRIu64 " loads: %" PRIu64 " cycles missing, %" PRIu64
               " hitting)\n", regime_name[regimes[i]], centi / 100, centi % 100, loads,
               rm.cycles, rh.cycles);
    }
    return failures;
}

int main(void)
{
    /* PMP entry 0: all of memory RWX for S and U (NAPOT, every address bit free). */
    csr_write(CSR_PMPADDR0, ~0UL >> 10);
    csr_write(CSR_PMPCFG0, 0x1f);
    csr_write(CSR_MCOUNTEREN, 7);
    csr_write(CSR_HCOUNTEREN, 7);
    csr_write(CSR_HSTATUS, 2UL << 32);  /* VSXL = 64 (read-only on this hart) */
    bsp_set_exception_handler(CAUSE_ECALL_S, on_lower_ecall);
    bsp_set_exception_handler(CAUSE_ECALL_VS, on_lower_ecall);
    if (build_maps())
        return 2;
    int failures = measure_kernels() + measure_misses();
    printf("hmodes: %s\n", failures ? "FAILED" : "all checks ok");
    return failures ? 1 : 0;
}
