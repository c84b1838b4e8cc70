/* The hypervisor: boot, guest set-up from the build-time table, the scheduling loop, and the
 * statistics at shutdown. */
#include "arch/arch.h"
#include "arch/csr.h"
#include "arch/sbi_call.h"
#include "fdt.h"
#include "gstage.h"
#include "print.h"
#include "sched.h"

#define DEFAULT_DRAM_BASE 0x80000000UL
#define DEFAULT_DRAM_SIZE 0x10000000UL
#define TABLE_POOL_PAGES  64
#define TICKS_PER_US      10   /* the time CSR runs at 10 MHz (docs/memory-map.md) */

/* hedeleg: what guests handle themselves. Illegal instructions and access faults are not
 * delegated: the hypervisor reports and injects them (the same cause on every platform). */
#define HEDELEG ((1UL << EXC_INSN_MISALIGNED) | (1UL << EXC_BREAKPOINT) |                     \
                 (1UL << EXC_LOAD_MISALIGNED) | (1UL << EXC_STORE_MISALIGNED) |             \
                 (1UL << EXC_ECALL_U) | (1UL << EXC_INSN_PAGE_FAULT) |                      \
                 (1UL << EXC_LOAD_PAGE_FAULT) | (1UL << EXC_STORE_PAGE_FAULT))
#define HIDELEG ((1UL << IRQ_VS_SOFT) | (1UL << IRQ_VS_TIMER) | (1UL << IRQ_VS_EXT))

extern char __hv_end[];

struct hv {
    struct hv_arch arch;
    struct hv_vm vms[HV_MAX_GUESTS];
    unsigned n;
};

static struct hv hv;
static uint64_t gstage_roots[HV_MAX_GUESTS][HV_GSTAGE_ROOT_ENTRIES]
    __attribute__((aligned(HV_GSTAGE_ROOT_BYTES)));
static uint64_t table_pool[TABLE_POOL_PAGES][512] __attribute__((aligned(4096)));
static unsigned table_pool_used;

static uint64_t *pool_page(void *ctx)
{
    (void)ctx;
    return table_pool_used < TABLE_POOL_PAGES ? table_pool[table_pool_used++] : NULL;
}

static void read_hstatus(void *arg) { *(uint64_t *)arg = csr_read(hstatus); }
static void read_stimecmp(void *arg) { *(uint64_t *)arg = csr_read(stimecmp); }

static void copy(void *dst, const void *src, uint64_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
}

static void zero(void *dst, uint64_t n)
{
    uint64_t *d = dst;
    for (uint64_t i = 0; i < n / 8; i++)
        d[i] = 0;
}

static void probe(struct hv_arch *a)
{
    uint64_t scratch;
    if (hv_try(read_hstatus, &scratch) >= 0)
        hv_panic("this hart has no H extension (hstatus is not accessible)");
    a->sstc = hv_try(read_stimecmp, &scratch) < 0;
    a->guest_sstc = a->sstc && hv_config_sstc != HV_SSTC_OFF;
    if (hv_config_sstc == HV_SSTC_ON && !a->sstc)
        hv_printf("hv: Sstc requested but not available; guests get timers through hvip\n");
    if (a->guest_sstc) {
        csr_set(henvcfg, HENVCFG_STCE);
        a->guest_sstc = (csr_read(henvcfg) & HENVCFG_STCE) != 0;
    } else {
        csr_clear(henvcfg, HENVCFG_STCE);
    }
    /* VMIDLEN: write ones to every VMID bit and see which stick (H chapter, hgatp). */
    csr_write(hgatp, (8UL << 60) | (0x3fffUL << 44));
    uint64_t vmid_mask = (csr_read(hgatp) >> 44) & 0x3fff;
    csr_write(hgatp, 0);
    a->vmid_bits = 0;
    while (vmid_mask & (1UL << a->vmid_bits))
        a->vmid_bits++;
    a->platform.mvendorid = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID, 0, 0).value;
    a->platform.marchid = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_MARCHID, 0, 0).value;
    a->platform.mimpid = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_MIMPID, 0, 0).value;
}

static void copy_name(char *dst, const char *src)
{
    unsigned i = 0;
    for (; src[i] && i < HV_NAME_MAX; i++)
        dst[i] = src[i];
    dst[i] = '\0';
}

/* Carves guest memory out of DRAM above the hypervisor and builds each guest. */
static void setup_guests(uint64_t dram_base, uint64_t dram_size)
{
    uint64_t next = ((uint64_t)(uintptr_t)__hv_end + HV_MEGA_SIZE - 1) & ~(HV_MEGA_SIZE - 1);
    uint64_t dram_end = dram_base + dram_size;
    struct hv_pt_alloc alloc = {pool_page, NULL};
    hv.arch.fence_on_switch = (1UL << hv.arch.vmid_bits) <= hv_num_guests;
    for (unsigned i = 0; i < hv_num_guests && i < HV_MAX_GUESTS; i++) {
        const struct hv_guest_config *cfg = &hv_guest_configs[i];
        struct hv_vm *vm = &hv.vms[hv.n];
        *vm = (struct hv_vm){0};
        vm->cfg = cfg;
        vm->id = hv.n;
        copy_name(vm->name, cfg->name);
        uint64_t size = (cfg->mem_size + HV_PAGE_SIZE - 1) & ~(HV_PAGE_SIZE - 1);
        if (size < HV_GUEST_MIN_MEM ||
            HV_GUEST_ENTRY - HV_GUEST_RAM_BASE + cfg->image_size > size) {
            hv_printf("hv: %s: %lu KiB of memory is too small for its %lu-byte image; skipped\n",
                      vm->name, (unsigned long)(size >> 10), (unsigned long)cfg->image_size);
            continue;
        }
        if (next + size > dram_end || next + size < next) {
            hv_printf("hv: %s: needs %lu MiB, only %lu MiB of DRAM left; skipped\n", vm->name,
                      (unsigned long)(size >> 20), (unsigned long)((dram_end - next) >> 20));
            continue;
        }
        vm->host_base = next;
        vm->mem_size = size;
        next += (size + HV_MEGA_SIZE - 1) & ~(HV_MEGA_SIZE - 1);
        zero((void *)(uintptr_t)vm->host_base, size);
        copy((void *)(uintptr_t)(vm->host_base + HV_GUEST_ENTRY - HV_GUEST_RAM_BASE), cfg->image,
             cfg->image_size);
        copy((void *)(uintptr_t)(vm->host_base + HV_GUEST_DTB - HV_GUEST_RAM_BASE), cfg->dtb,
             cfg->dtb_size);
        vm->gstage_root = gstage_roots[hv.n];
        struct hv_gstage_counts counts = {0, 0, 0, 0};
        if (hv_gstage_map(vm->gstage_root, HV_GUEST_RAM_BASE, vm->host_base, size,
                          HV_GSTAGE_RWX, &alloc, &counts) != 0)
            hv_panic("out of G-stage page tables");
        vm->vmid = hv.arch.fence_on_switch ? 0 : (uint16_t)(hv.n + 1);
        vm->hgatp = hv_gstage_hgatp(vm->gstage_root, vm->vmid);
        hv_vuart_init(&vm->uart, hv_config_console_quota);
        hv_vcpu_reset(vm, HV_GUEST_ENTRY, HV_GUEST_DTB);
        vm->state = HV_VM_RUNNABLE;
        hv_printf("hv: %s: %lu MiB at host 0x%lx, VMID %u, slice %u us, G-stage %u x 1 GiB "
                  "+ %u x 2 MiB + %u x 4 KiB\n",
                  vm->name, (unsigned long)(size >> 20), (unsigned long)vm->host_base, vm->vmid,
                  cfg->slice_us, counts.giga, counts.mega, counts.pages);
        hv.n++;
    }
    /* The tables are new: order their writes before the first guest walk. */
    hfence_gvma_all();
}

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }

/* Runs vm until it yields, blocks, stops, or its slice ends with someone else waiting. */
static void run_slice(struct hv_vm *vm, int current)
{
    const struct hv_arch *a = &hv.arch;
    uint64_t slice = (uint64_t)vm->cfg->slice_us * TICKS_PER_US;
    uint64_t slice_end = hv_time() + slice;
    for (;;) {
        uint64_t now = hv_time();
        if (!a->guest_sstc && vm->timer_at <= now) {
            csr_set(hvip, HVIP_VSTIP);
            vm->timer_at = UINT64_MAX;
        }
        if (now >= slice_end) {
            if (hv_sched_should_preempt(hv.vms, hv.n, current, now, slice_end))
                return;
            slice_end = now + slice;
        }
        hv_timer_set(min_u64(slice_end, a->guest_sstc ? UINT64_MAX : vm->timer_at));
        uint64_t c0 = hv_cycles();
        hv_vcpu_enter(vm);
        vm->stats.cycles += hv_cycles() - c0;
        enum hv_exit_result r = hv_handle_exit(a, vm);
        if (r == HV_STOPPED || vm->state != HV_VM_RUNNABLE)
            return;
        if (r == HV_YIELD && (vm->vcpu.scause & CAUSE_INTERRUPT) == 0)
            return;  /* wfi: a yield */
    }
}

static void print_stats(void)
{
    hv_printf("hv: statistics\n");
    for (unsigned i = 0; i < hv.n; i++) {
        const struct hv_vm *vm = &hv.vms[i];
        char exits[160];
        hv_stats_format_exits(&vm->stats, exits, sizeof exits);
        hv_printf("hv: %s: %lu exits (%s), %lu SBI calls, %lu cycles, %lu world switches%s\n",
                  vm->name, (unsigned long)hv_stats_exits(&vm->stats), exits,
                  (unsigned long)vm->stats.sbi_calls, (unsigned long)vm->stats.cycles,
                  (unsigned long)vm->stats.world_switches,
                  vm->stats.hlvx_fallbacks ? ", HLVX fell back to a software walk" : "");
    }
}

static void shutdown(void)
{
    int code = 0;
    const char *who = NULL;
    for (unsigned i = 0; i < hv.n; i++)
        if (hv.vms[i].exit_code && !code) {
            code = hv.vms[i].exit_code;
            who = hv.vms[i].name;
        }
    print_stats();
    if (code)
        hv_printf("hv: shutting down, exit code %d (from %s)\n", code, who);
    else
        hv_printf("hv: shutting down, every guest exited with 0\n");
    if (code == 0) {
        sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
                 SBI_SRST_REASON_NONE);
    } else {
        sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
                 SBI_SRST_REASON_EXIT_CODE | (unsigned)(code & 0xffff));
        sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
                 SBI_SRST_REASON_SYSFAIL);
    }
    hv_panic("SBI system reset failed");
}

void hv_main(unsigned long hartid, unsigned long dtb);

void hv_main(unsigned long hartid, unsigned long dtb)
{
    probe(&hv.arch);
    uint64_t dram_base = DEFAULT_DRAM_BASE, dram_size = DEFAULT_DRAM_SIZE;
    if (!hv_fdt_memory((const void *)(uintptr_t)dtb, &dram_base, &dram_size))
        hv_printf("hv: no /memory in the device tree; assuming 256 MiB\n");
    hv_printf("hv: Matryoshka hypervisor on hart %lu, %lu MiB DRAM, %u guest(s), VMID bits %u, "
              "Sstc %s, guest timers %s\n",
              hartid, (unsigned long)(dram_size >> 20), hv_num_guests, hv.arch.vmid_bits,
              hv.arch.sstc ? "yes" : "no", hv.arch.guest_sstc ? "vstimecmp" : "hvip");

    csr_write(hedeleg, HEDELEG);
    csr_write(hideleg, HIDELEG);
    csr_write(hcounteren, 7);  /* cycle, time, instret readable by guests */
    csr_write(hvip, 0);
    csr_write(hgeie, 0);
    setup_guests(dram_base, dram_size);

    hv_timer_init(hv.arch.sstc);
    csr_clear(sstatus, SSTATUS_SIE);  /* the hypervisor runs with interrupts off ... */
    csr_write(sie, SIE_STIE);         /* ... but its timer preempts guests and ends wfi */

    int current = -1, loaded = -1;
    for (;;) {
        uint64_t wake_at;
        int next = hv_sched_pick(hv.vms, hv.n, current, hv_time(), &wake_at);
        if (next == HV_SCHED_DONE)
            break;
        if (next == HV_SCHED_STUCK) {
            for (unsigned i = 0; i < hv.n; i++)
                if (hv.vms[i].state != HV_VM_STOPPED)
                    hv_stop_guest(&hv.vms[i], 1, "waiting for an interrupt that cannot come");
            break;
        }
        if (next == HV_SCHED_IDLE) {
            hv_timer_set(wake_at);
            while (hv_time() < wake_at)
                __asm__ volatile("wfi");
            continue;
        }
        struct hv_vm *vm = &hv.vms[next];
        if (next != loaded) {
            if (loaded >= 0)
                hv_vcpu_save(&hv.arch, &hv.vms[loaded]);
            hv_vcpu_load(&hv.arch, vm);
            vm->stats.world_switches++;
            loaded = next;
        }
        current = next;
        run_slice(vm, current);
    }
    shutdown();
}
