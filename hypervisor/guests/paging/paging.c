/* paging: a guest kernel with its own Sv39 page tables. The kernel is identity-mapped with
 * 2 MiB megapages (and the UART with a 4 KiB page); U-mode tasks (user_task.c) run at
 * 0x4000_0000 and take page faults that the kernel handles: demand-zero pages, a
 * copy-on-write page, and a task killed for touching an address it does not own.
 * Svade: the kernel sets A (and D on writable pages) itself. Self-checking. */
#include <stdbool.h>
#include <string.h>

#include "guest.h"
#include "paging.h"

#define PAGE_SIZE 4096UL
#define MEGA_SIZE 0x200000UL
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define SATP_SV39 (8UL << 60)
#define ASID 1UL
#define POOL_PAGES 40

#define EXPECTED_SUM (0x1000 + 0x1001 + 0x1002 + 0x1003 + 0 + RO_PAGE_MAGIC + 7)
#define EXPECTED_FAULTS 6

extern char __user_lma[], __user_start[], __user_end[];

static uint64_t root[512] __attribute__((aligned(PAGE_SIZE)));
static uint8_t pool[POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned pool_used;
static unsigned faults;
static struct guest_user_ctx task;

static void fail(const char *why)
{
    printf("paging: FAIL: %s\n", why);
    guest_exit(3);
}

static void *alloc_page(void)
{
    if (pool_used == POOL_PAGES)
        fail("out of pages");
    void *p = pool[pool_used++];
    memset(p, 0, PAGE_SIZE);
    return p;
}

static uint64_t pte_to_pa(uint64_t pte) { return (pte >> 10) << 12; }
static uint64_t pa_to_pte(uint64_t pa, uint64_t flags) { return (pa >> 12) << 10 | flags | PTE_V; }

/* The PTE for va at `level` (2 = root, 0 = 4 KiB leaf), creating next-level tables. */
static uint64_t *pte_slot(uint64_t va, int level)
{
    uint64_t *table = root;
    for (int l = 2; l > level; l--) {
        uint64_t *pte = &table[(va >> (12 + 9 * l)) & 511];
        if (!(*pte & PTE_V))
            *pte = pa_to_pte((uint64_t)alloc_page(), 0);
        table = (uint64_t *)pte_to_pa(*pte);
    }
    return &table[(va >> (12 + 9 * level)) & 511];
}

/* The leaf PTE mapping va, or NULL (no tables are created). */
static uint64_t *lookup(uint64_t va)
{
    uint64_t *table = root;
    for (int l = 2; l >= 0; l--) {
        uint64_t *pte = &table[(va >> (12 + 9 * l)) & 511];
        if (!(*pte & PTE_V))
            return NULL;
        if (*pte & (PTE_R | PTE_X))
            return pte;
        table = (uint64_t *)pte_to_pa(*pte);
    }
    return NULL;
}

static void map(uint64_t va, uint64_t pa, uint64_t flags, int level)
{
    *pte_slot(va, level) = pa_to_pte(pa, flags | PTE_A);
    __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

static void build_address_space(void)
{
    uint64_t kernel_end = ((uint64_t)__guest_end + MEGA_SIZE - 1) & ~(MEGA_SIZE - 1);
    unsigned megapages = 0;
    for (uint64_t va = (uint64_t)__guest_start; va < kernel_end; va += MEGA_SIZE, megapages++)
        map(va, va, PTE_R | PTE_W | PTE_X | PTE_D | PTE_G, 1);
    map(GUEST_UART_BASE, GUEST_UART_BASE, PTE_R | PTE_W | PTE_D | PTE_G, 0);
    unsigned text_pages = 0;
    for (uint64_t off = 0; off < (uint64_t)(__user_end - __user_start); off += PAGE_SIZE) {
        map(USER_TEXT_VA + off, (uint64_t)__user_lma + off, PTE_R | PTE_X | PTE_U, 0);
        text_pages++;
    }
    map(USER_STACK_TOP - PAGE_SIZE, (uint64_t)alloc_page(), PTE_R | PTE_W | PTE_D | PTE_U, 0);
    uint64_t *ro = alloc_page();
    ro[0] = RO_PAGE_MAGIC;
    map(USER_RO_VA, (uint64_t)ro, PTE_R | PTE_U, 0);
    printf("paging: kernel in %u megapage(s), UART page, %u user text page(s), "
           "stack page, read-only page\n", megapages, text_pages);
}

static const char *access_name(uint64_t scause)
{
    return scause == EXC_LOAD_PAGE_FAULT ? "load" : scause == EXC_STORE_PAGE_FAULT ? "store"
                                                                                  : "fetch";
}

static void on_page_fault(struct guest_trap_frame *f)
{
    uint64_t va = f->stval, page = va & ~(PAGE_SIZE - 1);
    const char *kind = access_name(f->scause);
    if (f->sstatus & SSTATUS_SPP) {
        printf("paging: kernel %s page fault at 0x%lx (sepc 0x%lx)\n", kind, va, f->sepc);
        fail("page fault in the kernel");
    }
    uint64_t *pte = lookup(page);
    if (!pte && page >= USER_DATA_VA && page < USER_DATA_VA + USER_DATA_PAGES * PAGE_SIZE) {
        map(page, (uint64_t)alloc_page(), PTE_R | PTE_W | PTE_D | PTE_U, 0);
        faults++;
        printf("paging: %s fault at 0x%lx: mapped a zero page (%u pages in use)\n", kind, va,
               pool_used);
        return;
    }
    if (pte && page == USER_RO_VA && f->scause == EXC_STORE_PAGE_FAULT && !(*pte & PTE_W)) {
        void *copy = alloc_page();
        memcpy(copy, (void *)pte_to_pa(*pte), PAGE_SIZE);
        map(page, (uint64_t)copy, PTE_R | PTE_W | PTE_D | PTE_U, 0);
        faults++;
        printf("paging: store fault at 0x%lx: read-only page copied, now writable\n", va);
        return;
    }
    printf("paging: %s fault at 0x%lx: not the task's memory, task killed\n", kind, va);
    guest_user_return(&task, -1);
}

static void on_ecall_from_user(struct guest_trap_frame *f)
{
    long a0 = (long)f->x[10], n = (long)f->x[17];
    if (n == SYS_EXIT)
        guest_user_return(&task, a0);
    if (n == SYS_PUTS) {
        csr_set(sstatus, SSTATUS_SUM);  /* the string is in user memory */
        guest_puts((const char *)a0);
        csr_clear(sstatus, SSTATUS_SUM);
    } else {
        f->x[10] = (uint64_t)-1;
    }
    f->sepc += 4;
}

int guest_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    guest_set_exception_handler(EXC_LOAD_PAGE_FAULT, on_page_fault);
    guest_set_exception_handler(EXC_STORE_PAGE_FAULT, on_page_fault);
    guest_set_exception_handler(EXC_INSN_PAGE_FAULT, on_page_fault);
    guest_set_exception_handler(EXC_ECALL_U, on_ecall_from_user);

    build_address_space();
    csr_write(satp, SATP_SV39 | ASID << 44 | (uint64_t)root >> 12);
    __asm__ volatile("sfence.vma" ::: "memory");
    printf("paging: Sv39 on, ASID %lu\n", ASID);

    long sum = guest_user_run(&task, (uintptr_t)user_main, USER_STACK_TOP);
    printf("paging: task 1 exited with 0x%lx after %u handled faults\n", sum, faults);
    long wild = guest_user_run(&task, (uintptr_t)user_wild, USER_STACK_TOP);
    printf("paging: task 2 ended with %ld\n", wild);

    csr_write(satp, 0);
    __asm__ volatile("sfence.vma" ::: "memory");
    bool ok = sum == (long)EXPECTED_SUM && faults == EXPECTED_FAULTS && wild == -1;
    printf("paging: %s\n", ok ? "all as expected" : "WRONG");
    return ok ? 0 : 1;
}
