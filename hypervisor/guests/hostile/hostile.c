/* hostile: a guest that attacks the hypervisor and its neighbours, one attack at a time, and
 * checks that each is contained: an exception injected into it (which its handlers catch and
 * skip), never success, never harm to anyone else. Natively (no Matryoshka hypervisor under
 * it) it attacks nothing. Ends with a UART flood, which the console quota cuts off, and exits
 * with the number of attacks that were not contained. */
#include "guest.h"

#define HV_IMPL_ID 0x4D4B48  /* the hypervisor's SBI implementation ID */

static volatile int trapped;
static volatile uint64_t trap_cause, trap_tval;
static unsigned failures;

static void on_fault(struct guest_trap_frame *f)
{
    trapped = 1;
    trap_cause = f->scause;
    trap_tval = f->stval;
    if (f->scause == EXC_INSN_ACCESS) {
        f->sepc = f->x[1];  /* a jump went nowhere: come back to its caller */
        return;
    }
    uint16_t first = *(volatile uint16_t *)f->sepc;
    f->sepc += (first & 3) == 3 ? 4 : 2;
}

static void report(const char *what)
{
    if (trapped) {
        printf("hostile: %s: contained (cause %lu, tval 0x%lx)\n", what,
               (unsigned long)trap_cause,
               trap_cause == EXC_ILLEGAL_INSN ? 0UL : (unsigned long)trap_tval);
    } else {
        printf("hostile: %s: NOT CONTAINED\n", what);
        failures++;
    }
    trapped = 0;
}

static void try_load(const char *what, uintptr_t addr)
{
    uint64_t v;
    __asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(addr) : "memory");
    (void)v;
    report(what);
}

static void try_load_byte(const char *what, uintptr_t addr)
{
    uint64_t v;
    __asm__ volatile("lbu %0, 0(%1)" : "=r"(v) : "r"(addr) : "memory");
    (void)v;
    report(what);
}

static void try_store(const char *what, uintptr_t addr, uint32_t value)
{
    __asm__ volatile("sw %0, 0(%1)" :: "r"(value), "r"(addr) : "memory");
    report(what);
}

static void try_jump(const char *what, uintptr_t addr)
{
    __asm__ volatile("jalr ra, 0(%0)" :: "r"(addr) : "ra", "memory");
    report(what);
}

#define TRY_INSN(what, ...)                                                 \
    do {                                                                    \
        __asm__ volatile(".option push\n.option arch, +h\n" __VA_ARGS__     \
                         "\n.option pop" ::: "t0", "memory");               \
        report(what);                                                       \
    } while (0)

static void memory_attacks(void)
{
    try_load("load from another guest's memory (0x8ff00000)", 0x8ff00000UL);
    try_store("store to another guest's memory (0x8ff00000)", 0x8ff00000UL, 0xdead);
    try_load("load past the end of its memory (0x81000000)", 0x81000000UL);
    try_load("load just below its memory (0x7ffffff8)", 0x7ffffff8UL);
    try_store("store to the hypervisor's host address (0x80200000 + 4 GiB)", 0x180200000UL, 1);
    try_load("load from the top of the guest-physical space", 0x1fffffff000UL);
    try_load("load beyond the guest-physical space (bit 41)", 0x20000000000UL);
    try_jump("jump out of its memory (0x90000000)", 0x90000000UL);
}

/* With its own Sv39 page table: the guest's memory and the devices identity-mapped by
 * gigapages, and the gigapage at 0xc0000000 mapped to guest-physical 2^41, beyond Sv39x4's
 * 41 bits. The load faults in the G-stage; a hart may report its GPA in htval or write 0 there
 * (Matryoshka does, docs/isa.md), and the hypervisor must name the right address either way. */
#define PTE_LEAF_RWX_AD 0xcfUL   /* D A X W R V */
static uint64_t attack_root[512] __attribute__((aligned(4096)));

static void paged_attack(void)
{
    attack_root[0] = (0x0UL >> 12) << 10 | PTE_LEAF_RWX_AD;
    attack_root[2] = (0x80000000UL >> 12) << 10 | PTE_LEAF_RWX_AD;
    attack_root[3] = (0x20000000000UL >> 12) << 10 | PTE_LEAF_RWX_AD;
    __asm__ volatile("sfence.vma" ::: "memory");
    csr_write(satp, 8UL << 60 | (uintptr_t)attack_root >> 12);
    __asm__ volatile("sfence.vma" ::: "memory");
    uint64_t v;
    __asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(0xc0000000UL) : "memory");
    (void)v;
    csr_write(satp, 0);
    __asm__ volatile("sfence.vma" ::: "memory");
    report("load through its page table beyond the guest-physical space (bit 41)");
}

static void mmio_attacks(void)
{
    try_store("write the test finisher (pass)", 0x100000UL, 0x5555);
    try_load("read the CLINT's mtime", 0x200bff8UL);
    try_store("write the CLINT's mtimecmp", 0x2004000UL, 0);
    try_store("write the PLIC", 0xc000000UL, 1);
    try_load_byte("read the boot ROM", 0x1000UL);
    try_load_byte("read past the virtual UART's registers", GUEST_UART_BASE + 8);
    try_load("read the virtual UART with a doubleword", GUEST_UART_BASE);
}

static void privilege_attacks(void)
{
    TRY_INSN("write hgatp", "csrw hgatp, zero");
    TRY_INSN("write hstatus", "csrw hstatus, zero");
    TRY_INSN("read mstatus", "csrr t0, mstatus");
    TRY_INSN("write medeleg", "csrw medeleg, zero");
    TRY_INSN("hlv.d from VS", "hlv.d t0, (sp)");
    TRY_INSN("hsv.w from VS", "hsv.w zero, (sp)");
    TRY_INSN("hfence.gvma from VS", "hfence.gvma zero, zero");
    TRY_INSN("hfence.vvma from VS", "hfence.vvma zero, zero");
    TRY_INSN("mret from VS", "mret");
}

static void wfi_loop(void)
{
    sbi_set_timer(UINT64_MAX);
    for (int i = 0; i < 1000; i++)
        __asm__ volatile("wfi");
    printf("hostile: 1000 wfi with no timer: each one only yielded\n");
}

static void spin(void)
{
    uint64_t start = guest_time(), ticks = 20 * (GUEST_TIMEBASE_HZ / 1000);
    csr_clear(sstatus, SSTATUS_SIE);
    while (guest_time() - start < ticks)
        ;
    printf("hostile: spun 20 ms with interrupts off, never yielding\n");
}

/* Twice the hypervisor's default console quota (HV_CONSOLE_QUOTA, 8 KiB): enough to hit it and
 * keep going. Every byte is an MMIO exit, so a bigger flood only makes runs on the RTL longer. */
#define FLOOD_BYTES 16384u

static void flood(void)
{
    printf("hostile: flooding the UART with %u KiB\n", FLOOD_BYTES / 1024);
    volatile uint8_t *uart = (volatile uint8_t *)GUEST_UART_BASE;
    for (unsigned i = 0; i < FLOOD_BYTES; i++)
        uart[0] = 'A' + (i % 26);  /* no newline: one line, cut at its limit */
    printf("hostile: flood over (nobody should see this line)\n");
}

int guest_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid;
    (void)dtb;
    if (sbi_get_impl_id() != HV_IMPL_ID) {
        printf("hostile: not under the Matryoshka hypervisor: nothing to attack\n");
        return 0;
    }
    printf("hostile: attacking\n");
    guest_set_exception_handler(EXC_INSN_ACCESS, on_fault);
    guest_set_exception_handler(EXC_ILLEGAL_INSN, on_fault);
    guest_set_exception_handler(EXC_LOAD_ACCESS, on_fault);
    guest_set_exception_handler(EXC_STORE_ACCESS, on_fault);
    memory_attacks();
    paged_attack();
    mmio_attacks();
    privilege_attacks();
    wfi_loop();
    spin();
    printf("hostile: %u attack(s) not contained\n", failures);
    flood();
    return (int)failures;
}
