/*
 * The hart's memory access path: alignment check, translation (mmu.c), PMP (pmp.c), then the
 * physical bus (soc.c).
 *
 * Speed comes from two caches in front of that path, both invisible to the architecture:
 *  - a direct-mapped "fast" translation cache per access type that maps a virtual page straight
 *    to a host pointer into DRAM. An entry exists only for a page that the slow path has just
 *    translated and checked for the current privilege, mstatus and PMP, so a hit is exactly
 *    what the slow path would have done. mk_mem_fast_flush() drops every entry whenever any of
 *    those inputs change (and whenever the architectural TLB loses an entry, so that a fast hit
 *    always implies an architectural TLB hit);
 *  - a decoded-instruction cache indexed by physical PC. Every DRAM page that it holds code
 *    from is marked in h->code_pages; stores to such a page never take the fast path, and the
 *    slow path invalidates the cache entries that the store overlaps. So the model always
 *    executes what memory holds, with or without FENCE.I (which the spec allows), and a hit
 *    needs no check of the bits. An instruction that crosses a page is never cached.
 */
#include "mem.h"

#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "exec.h"
#include "mmu.h"
#include "pmp.h"
#include "soc.h"
#include "trap.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the model accesses DRAM with host loads and stores: it needs a little-endian host"
#endif

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ULL << PAGE_SHIFT)

static inline uint64_t host_read(const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1: return *p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static inline void host_write(uint8_t *p, unsigned size, uint64_t val)
{
    switch (size) {
    case 1: *p = (uint8_t)val; break;
    case 2: { uint16_t v = (uint16_t)val; memcpy(p, &v, 2); break; }
    case 4: { uint32_t v = (uint32_t)val; memcpy(p, &v, 4); break; }
    default: memcpy(p, &val, 8); break;
    }
}

void mk_mem_fast_flush(mk_hart_t *h)
{
    /* The fast loop's fall-through path relies on the fetch translation staying valid. */
    h->irq_recheck = true;
    h->code_gen++;
    for (unsigned i = 0; i < MK_FAST_ENTRIES; i++) {
        h->fast_fetch[i].tag = MK_FAST_INVALID;
        h->fast_load[i].tag = MK_FAST_INVALID;
        h->fast_store[i].tag = MK_FAST_INVALID;
    }
}

void mk_mem_init(mk_hart_t *h)
{
    /* Two invalid sentinels after the last slot, so that the fast loop may look at the entry
     * after any slot without a bounds check. Cache-line aligned: one entry, one line. */
    size_t n = ((size_t)1 << MK_DCACHE_BITS) + 2;
    h->dcache = aligned_alloc(64, n * sizeof *h->dcache);
    if (!h->dcache) {
        fputs("mk: out of memory for the decoded-instruction cache\n", stderr);
        abort();
    }
    memset(h->dcache, 0, n * sizeof *h->dcache);
    for (size_t i = 0; i < n; i++) {
        h->dcache[i].in.tag = MK_DCACHE_INVALID;
        h->dcache[i].next_tag = MK_DCACHE_PAGE_END;
    }
    h->code_pages = calloc((size_t)(h->soc->cfg.mem_size >> PAGE_SHIFT), 1);
    if (!h->code_pages) {
        fputs("mk: out of memory for the code-page map\n", stderr);
        abort();
    }
    mk_mem_fast_flush(h);
}

void mk_mem_free(mk_hart_t *h)
{
    free(h->dcache);
    free(h->code_pages);
    h->dcache = NULL;
    h->code_pages = NULL;
}

static inline mk_fast_entry_t *fast_slot(mk_fast_entry_t *table, uint64_t vaddr)
{
    return &table[(vaddr >> PAGE_SHIFT) & (MK_FAST_ENTRIES - 1)];
}

/* The code-page byte for a physical address, or NULL outside DRAM. */
static inline uint8_t *code_page_flag(mk_hart_t *h, uint64_t paddr)
{
    uint64_t off = paddr - MK_DRAM_BASE;
    return off < h->soc->cfg.mem_size ? &h->code_pages[off >> PAGE_SHIFT] : NULL;
}

/* Notes that the dcache now holds code from paddr's page, and drops any fast store mapping of
 * that page so that every store to it goes through the invalidating slow path. */
static void mark_code_page(mk_hart_t *h, uint64_t paddr)
{
    uint8_t *flag = code_page_flag(h, paddr);
    if (!flag || *flag)
        return;
    *flag = 1;
    uint64_t page = paddr & ~(PAGE_SIZE - 1);
    for (unsigned i = 0; i < MK_FAST_ENTRIES; i++) {
        mk_fast_entry_t *e = &h->fast_store[i];
        if (e->tag != MK_FAST_INVALID && (e->tag << PAGE_SHIFT) + e->paddr_addend == page)
            e->tag = MK_FAST_INVALID;
    }
}

void mk_mem_code_written(mk_hart_t *h, uint64_t paddr, uint64_t len)
{
    /* An instruction starting up to 2 bytes before the write may overlap it. */
    uint64_t first = paddr >= 2 ? (paddr & ~1ULL) - 2 : 0, end = paddr + len;
    for (uint64_t a = first; a < end; a += 2) {
        uint8_t *flag = code_page_flag(h, a);
        if (!flag || !*flag)
            continue;
        h->code_gen++;
        mk_dcache_entry_t *d = mk_dcache_slot(h, a);
        if (d->in.tag == (uint32_t)a)
            d->in.tag = MK_DCACHE_INVALID;
    }
}

/* Caches the page of vaddr -> paddr in the fast table if the whole page is plain DRAM that
 * PMP allows for this access at this privilege. */
static void fast_fill(mk_hart_t *h, mk_fast_entry_t *table, uint64_t vaddr, uint64_t paddr,
                      mk_access_t acc, const mk_xlate_t *x)
{
    uint64_t page = paddr & ~(PAGE_SIZE - 1);
    uint8_t *host = mk_soc_dram_ptr(h->soc, page);
    if (!x->cacheable || !host)
        return;
    unsigned priv = acc == MK_ACC_FETCH ? h->priv : mk_mmu_effective_priv(h, acc);
    if (!mk_pmp_page_allowed(h, page, acc, priv))
        return;
    if (acc == MK_ACC_STORE && (!mk_soc_page_is_plain_ram(h->soc, page) ||
                                *code_page_flag(h, page)))
        return;
    mk_fast_entry_t *e = fast_slot(table, vaddr);
    e->tag = vaddr >> PAGE_SHIFT;
    e->addend = (uintptr_t)host - (uintptr_t)(vaddr & ~(PAGE_SIZE - 1));
    e->paddr_addend = page - (vaddr & ~(PAGE_SIZE - 1));
    bool virt = acc == MK_ACC_FETCH ? h->v : mk_mmu_effective_virt(h, acc);
    /* In the timing mode the fetch unit counts the ITLB lookups itself, per request. */
    e->tlb_hit = mk_mmu_uses_tlb(h, priv, virt) && !(acc == MK_ACC_FETCH && h->timing);
}

static void record_access(mk_hart_t *h, bool write, uint64_t vaddr, uint64_t paddr,
                          unsigned size, uint64_t data)
{
    mk_retire_t *r = h->rec;
    if (!r)
        return;
    r->mem_vaddr = vaddr;
    r->mem_paddr = paddr;
    r->mem_size = (uint8_t)size;
    if (write) {
        r->mem_write = true;
        r->mem_wdata = data;
    } else {
        r->mem_read = true;
        r->mem_rdata = data;
    }
}

/*
 * The transformed instruction of a trapping load, store, AMO, LR/SC, HLV, HLVX or HSV
 * (hypervisor.adoc, "Transformed Instruction or Pseudoinstruction for mtinst or htinst"):
 * rs1 becomes the address offset (always 0: accesses never straddle, misaligned ones trap as
 * a whole) and the immediate of basic loads and stores becomes 0; a compressed load or store
 * is expanded first and then has bit 1 cleared. 0 for any other instruction.
 */
uint32_t mk_mem_transformed_insn(const mk_insn_t *in)
{
    enum { RS1_FIELD = 0x000F8000u, LOAD_KEEP = 0x00007FFFu, STORE_KEEP = 0x01F0707Fu };
    uint32_t raw = in->raw;
    if (in->len == 4) {
        switch (raw & 0x7Fu) {
        case 0x03: return raw & LOAD_KEEP;      /* funct3, rd, opcode */
        case 0x23: return raw & STORE_KEEP;     /* rs2, funct3, opcode */
        case 0x2F: return raw & ~RS1_FIELD;     /* LR, SC, AMOs */
        case 0x73: return ((raw >> 12) & 7u) == 4u ? raw & ~RS1_FIELD : 0;  /* HLV/HLVX/HSV */
        default: return 0;
        }
    }
    uint32_t rd = (uint32_t)in->rd << 7, rs2 = (uint32_t)in->rs2 << 20;
    switch (in->op) {
    case MK_OP_lw: return 0x00002001u | rd;    /* lw rd, 0(x0) with bit 1 cleared */
    case MK_OP_ld: return 0x00003001u | rd;
    case MK_OP_sw: return 0x00002021u | rs2;
    case MK_OP_sd: return 0x00003021u | rs2;
    default: return 0;
    }
}

/* The translation the timing mode's fetch unit got for the doubleword of vaddr, or NULL. */
static const mk_xlate_t *given_fetch_xlate(const mk_hart_t *h, uint64_t vaddr)
{
    const mk_fetch_xlate_t *f = h->fetch_xlate;
    for (unsigned i = 0; f && i < f->n; i++)
        if (f->dw[i] == (vaddr & ~7ULL))
            return &f->x[i];
    return NULL;
}

/* The physical address the current instruction's fetch used for vaddr, without side effects:
 * the fetch unit's translation (timing mode), else the ITLB's. */
static bool fetched_paddr(const mk_hart_t *h, uint64_t vaddr, uint64_t *paddr)
{
    const mk_xlate_t *x = given_fetch_xlate(h, vaddr);
    if (x) {
        *paddr = x->paddr | (vaddr & 7);
        return x->ok;
    }
    return mk_mmu_peek_fetch(h, vaddr, paddr);
}

/* The transformed form of the instruction at h->pc, read again from memory through the
 * translation its fetch used (nothing else changes); 0 if that is gone. */
static uint64_t current_transformed_insn(mk_hart_t *h)
{
    uint64_t pc = h->pc, paddr;
    uint16_t lo, hi;
    if (!fetched_paddr(h, pc, &paddr) || mk_soc_phys_read(h->soc, paddr, &lo, 2) != 0)
        return 0;
    uint32_t bits = lo;
    if (mk_insn_length(lo) == 4) {
        if (!fetched_paddr(h, pc + 2, &paddr) || mk_soc_phys_read(h->soc, paddr, &hi, 2) != 0)
            return 0;
        bits |= (uint32_t)hi << 16;
    }
    mk_insn_t in;
    mk_decode(bits, &in);
    return mk_mem_transformed_insn(&in);
}

/*
 * Raises the exception `cause` of an access to vaddr. An access made as though V = 1 (V = 1,
 * MPRV with MPV, HLV/HLVX/HSV) reports a guest virtual address (GVA = 1) and, for the trap
 * CSRs of M and HS: tval2 = GPA >> 2 for guest-page faults; tinst = the pseudo-instruction
 * for a guest-page fault on a VS-level PTE read, 0 for other faults of implicit accesses and
 * for fetches, else the transformed instruction. x may be NULL (no translation involved).
 */
__attribute__((cold, noinline))
static void raise_access(mk_hart_t *h, uint64_t cause, uint64_t vaddr, bool virt, bool fetch,
                         const mk_xlate_t *x)
{
    if (!virt) {
        mk_raise_exception(h, cause, vaddr);
        return;
    }
    mk_trap_info_t t = { .cause = cause, .tval = vaddr, .gva = true };
    if (x) {
        t.tval2 = x->tval2;
        t.tinst = x->tinst;
    }
    if (!fetch && !(x && x->implicit))
        t.tinst = current_transformed_insn(h);
    mk_raise_trap(h, &t);
}

__attribute__((cold, noinline))
static void raise_misaligned(mk_hart_t *h, uint64_t cause, uint64_t vaddr, mk_access_t acc)
{
    raise_access(h, cause, vaddr, mk_mmu_effective_virt(h, acc), false, NULL);
}

/* Translation and PMP for a data access; raises and returns false on a fault. */
static bool data_translate(mk_hart_t *h, uint64_t vaddr, unsigned size, mk_access_t acc,
                           uint64_t access_fault, mk_xlate_t *x)
{
    *x = mk_mmu_translate(h, vaddr, acc);
    if (!x->ok) {
        h->xlate_failed = true;
        raise_access(h, x->cause, vaddr, mk_mmu_effective_virt(h, acc), false, x);
        return false;
    }
    if (!mk_pmp_check(h, x->paddr, size, acc, mk_mmu_effective_priv(h, acc))) {
        raise_access(h, access_fault, vaddr, mk_mmu_effective_virt(h, acc), false, NULL);
        return false;
    }
    return true;
}

/* The counters a DTLB walk moves, taken before a translation (walk_delay). */
typedef struct walk_mark {
    uint64_t misses, accesses;
} walk_mark_t;

static inline walk_mark_t walk_mark(const mk_hart_t *h)
{
    return (walk_mark_t){ h->stats.dtlb_misses, h->stats.page_walk_accesses };
}

/* Timing mode: after a DTLB walk of k accesses the data access is made k*L + 1 cycles after
 * the instruction's first MEM cycle (h->cycle; docs/timing.md "DTLB (data)"), and a device
 * sees it in that cycle (the CLINT's mtime). The cycles to add around the bus access. */
static uint64_t walk_delay(const mk_hart_t *h, walk_mark_t m)
{
    if (!h->timing || h->stats.dtlb_misses == m.misses)
        return 0;
    uint64_t lat = h->soc->cfg.mem_latency ? h->soc->cfg.mem_latency : 1;
    return (h->stats.page_walk_accesses - m.accesses) * lat + 1;
}

static int bus_load_after(mk_hart_t *h, walk_mark_t m, uint64_t paddr, unsigned size,
                          uint64_t *val)
{
    uint64_t delay = walk_delay(h, m);
    h->cycle += delay;
    int err = mk_bus_load(h->soc, paddr, size, val);
    h->cycle -= delay;
    return err;
}

static int bus_store_after(mk_hart_t *h, walk_mark_t m, uint64_t paddr, unsigned size,
                           uint64_t val)
{
    uint64_t delay = walk_delay(h, m);
    h->cycle += delay;
    int err = mk_bus_store(h->soc, paddr, size, val);
    h->cycle -= delay;
    return err;
}

static bool load_slow(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t *val)
{
    mk_xlate_t x;
    walk_mark_t m = walk_mark(h);
    if (!data_translate(h, vaddr, size, MK_ACC_LOAD, MK_CAUSE_LOAD_ACCESS, &x))
        return false;
    if (bus_load_after(h, m, x.paddr, size, val) != 0) {
        raise_access(h, MK_CAUSE_LOAD_ACCESS, vaddr, mk_mmu_effective_virt(h, MK_ACC_LOAD),
                     false, NULL);
        return false;
    }
    record_access(h, false, vaddr, x.paddr, size, *val);
    fast_fill(h, h->fast_load, vaddr, x.paddr, MK_ACC_LOAD, &x);
    return true;
}

bool mk_load(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t *val)
{
    if (vaddr & (size - 1)) {
        raise_misaligned(h, MK_CAUSE_MISALIGNED_LOAD, vaddr, MK_ACC_LOAD);
        return false;
    }
    const mk_fast_entry_t *e = fast_slot(h->fast_load, vaddr);
    if (e->tag == vaddr >> PAGE_SHIFT && !h->rec) {
        *val = host_read((const uint8_t *)(uintptr_t)(vaddr + e->addend), size);
        h->stats.dtlb_hits += e->tlb_hit;
        return true;
    }
    return load_slow(h, vaddr, size, val);
}

static bool store_slow(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t val)
{
    mk_xlate_t x;
    walk_mark_t m = walk_mark(h);
    if (!data_translate(h, vaddr, size, MK_ACC_STORE, MK_CAUSE_STORE_ACCESS, &x))
        return false;
    if (size < 8)
        val &= (1ULL << (size * 8)) - 1;
    if (bus_store_after(h, m, x.paddr, size, val) != 0) {
        raise_access(h, MK_CAUSE_STORE_ACCESS, vaddr, mk_mmu_effective_virt(h, MK_ACC_STORE),
                     false, NULL);
        return false;
    }
    record_access(h, true, vaddr, x.paddr, size, val);
    mk_mem_code_written(h, x.paddr, size);
    fast_fill(h, h->fast_store, vaddr, x.paddr, MK_ACC_STORE, &x);
    return true;
}

bool mk_store(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t val)
{
    if (vaddr & (size - 1)) {
        raise_misaligned(h, MK_CAUSE_MISALIGNED_STORE, vaddr, MK_ACC_STORE);
        return false;
    }
    const mk_fast_entry_t *e = fast_slot(h->fast_store, vaddr);
    if (e->tag == vaddr >> PAGE_SHIFT && !h->rec) {
        host_write((uint8_t *)(uintptr_t)(vaddr + e->addend), size, val);
        h->stats.dtlb_hits += e->tlb_hit;
        return true;
    }
    return store_slow(h, vaddr, size, val);
}

/*
 * Atomics are supported on DRAM only (the devices' PMAs do not include AMOs or LR/SC): an
 * atomic to any other address raises an access fault. An AMO needs both read and write
 * permission; its faults are store/AMO faults.
 */
static bool atomic_translate(mk_hart_t *h, uint64_t vaddr, unsigned size, bool is_lr,
                             uint64_t *paddr, uint8_t **host)
{
    uint64_t misaligned = is_lr ? MK_CAUSE_MISALIGNED_LOAD : MK_CAUSE_MISALIGNED_STORE;
    uint64_t access = is_lr ? MK_CAUSE_LOAD_ACCESS : MK_CAUSE_STORE_ACCESS;
    mk_access_t acc = is_lr ? MK_ACC_LOAD : MK_ACC_STORE;
    if (vaddr & (size - 1)) {
        raise_misaligned(h, misaligned, vaddr, acc);
        return false;
    }
    mk_xlate_t x;
    if (!data_translate(h, vaddr, size, acc, access, &x))
        return false;
    bool virt = mk_mmu_effective_virt(h, acc);
    if (!is_lr && !mk_pmp_check(h, x.paddr, size, MK_ACC_LOAD,
                                mk_mmu_effective_priv(h, MK_ACC_STORE))) {
        raise_access(h, access, vaddr, virt, false, NULL);
        return false;
    }
    *host = mk_soc_dram_ptr(h->soc, x.paddr);
    if (!*host || (!is_lr && !mk_soc_page_is_plain_ram(h->soc, x.paddr & ~(PAGE_SIZE - 1)))) {
        raise_access(h, access, vaddr, virt, false, NULL);
        return false;
    }
    *paddr = x.paddr;
    return true;
}

bool mk_amo(mk_hart_t *h, uint64_t vaddr, unsigned size, mk_amo_op_fn op, uint64_t operand,
            uint64_t *old)
{
    uint64_t paddr;
    uint8_t *host;
    if (!atomic_translate(h, vaddr, size, false, &paddr, &host))
        return false;
    *old = host_read(host, size);
    uint64_t val = op(*old, operand, size);
    if (size < 8)
        val &= (1ULL << (size * 8)) - 1;
    host_write(host, size, val);
    mk_mem_code_written(h, paddr, size);
    record_access(h, false, vaddr, paddr, size, *old);
    record_access(h, true, vaddr, paddr, size, val);
    return true;
}

bool mk_load_reserved(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t *val)
{
    uint64_t paddr;
    uint8_t *host;
    if (!atomic_translate(h, vaddr, size, true, &paddr, &host))
        return false;
    *val = host_read(host, size);
    h->reservation_valid = true;
    h->reservation_addr = paddr;
    record_access(h, false, vaddr, paddr, size, *val);
    return true;
}

/* The SC is translated and checked first (so it can fault even without a reservation), then
 * succeeds only if the reservation holds for exactly this physical address. */
bool mk_store_conditional(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t val,
                          bool *success)
{
    uint64_t paddr;
    uint8_t *host;
    if (!atomic_translate(h, vaddr, size, false, &paddr, &host))
        return false;
    *success = h->reservation_valid && h->reservation_addr == paddr;
    h->reservation_valid = false;
    if (*success) {
        if (size < 8)
            val &= (1ULL << (size * 8)) - 1;
        host_write(host, size, val);
        mk_mem_code_written(h, paddr, size);
        record_access(h, true, vaddr, paddr, size, val);
    }
    return true;
}

/* The physical memory attributes allow execution from the boot ROM and DRAM only. */
static bool pma_executable(mk_hart_t *h, uint64_t paddr)
{
    return mk_soc_dram_ptr(h->soc, paddr) ||
           (paddr >= MK_BOOTROM_BASE && paddr < MK_BOOTROM_BASE + MK_BOOTROM_SIZE);
}

/* Reads one 16-bit instruction parcel through translation and PMP. In the timing mode the
 * translation (or its fault) is the one the modelled fetch unit got for the parcel's
 * doubleword: the ITLB follows the fetch unit's requests, not the instructions. */
static bool fetch_parcel(mk_hart_t *h, uint64_t vaddr, uint64_t *paddr, uint16_t *parcel,
                         mk_xlate_t *x)
{
    const mk_xlate_t *given = given_fetch_xlate(h, vaddr);
    if (given) {
        *x = *given;
        if (x->ok)
            x->paddr |= vaddr & 7;
        /* The fetch unit translated the parcel's doubleword: a guest-page fault on it (not on
         * a PTE's address) reports the parcel's exact GPA >> 2, so add the parcel's word. (The
         * second parcel of a crossing instruction starts its doubleword: nothing to add.) */
        else if (x->cause == MK_CAUSE_FETCH_GUEST_PAGE_FAULT && !x->implicit)
            x->tval2 |= (vaddr & 4) >> 2;
    } else {
        *x = mk_mmu_translate(h, vaddr, MK_ACC_FETCH);
    }
    if (!x->ok) {
        raise_access(h, x->cause, vaddr, h->v, true, x);
        return false;
    }
    uint64_t val;
    if (!pma_executable(h, x->paddr) || !mk_pmp_check(h, x->paddr, 2, MK_ACC_FETCH, h->priv) ||
        mk_bus_load(h->soc, x->paddr, 2, &val) != 0) {
        raise_access(h, MK_CAUSE_FETCH_ACCESS, vaddr, h->v, true, NULL);
        return false;
    }
    *paddr = x->paddr;
    *parcel = (uint16_t)val;
    return true;
}

const mk_insn_t *mk_fetch_slow(mk_hart_t *h)
{
    uint64_t pc = h->pc, paddr, paddr_hi;
    uint16_t lo, hi;
    mk_xlate_t x, x_hi;
    if (!fetch_parcel(h, pc, &paddr, &lo, &x))
        return NULL;
    uint32_t bits = lo;
    if (mk_insn_length(lo) == 4) {
        if (!fetch_parcel(h, pc + 2, &paddr_hi, &hi, &x_hi))
            return NULL;
        bits |= (uint32_t)hi << 16;
        if ((pc & (PAGE_SIZE - 1)) == PAGE_SIZE - 2) {
            /* Crosses a page: its two halves may move independently, so never cache it. */
            mk_decode(bits, &h->fetch_scratch);
            h->fetch_scratch.tag = MK_DCACHE_INVALID;
            return &h->fetch_scratch;
        }
    }
    /* The fast path stands for an ITLB hit: in the timing mode the entry the fetch unit used
     * may have been replaced since (by a later request's walk). */
    uint64_t held;
    if (!h->fetch_xlate || (mk_mmu_peek_fetch(h, pc, &held) && held == paddr))
        fast_fill(h, h->fast_fetch, pc, paddr, MK_ACC_FETCH, &x);
    mk_dcache_entry_t *d = mk_dcache_slot(h, paddr);
    if (d->in.tag == (uint32_t)paddr)
        return &d->in;
    return mk_fetch_decode(h, d, paddr, bits);
}

const mk_insn_t *mk_fetch_decode(mk_hart_t *h, mk_dcache_entry_t *d, uint64_t paddr,
                                 uint32_t bits)
{
    h->code_gen++;
    mk_decode(bits, &d->in);
    d->in.tag = (uint32_t)paddr;
    uint64_t next = paddr + d->in.len;
    d->next_tag = (next & (PAGE_SIZE - 1)) ? (uint32_t)next : MK_DCACHE_PAGE_END;
    d->fast = mk_fast_select(&d->in);
    /* Same-page targets of PC-relative jumps: within a chain the page's translation is fixed,
     * so the target's slot is known; its tag still says whether it holds the target. */
    uint64_t target = paddr + (uint64_t)d->in.imm;
    bool pc_relative = d->in.op == MK_OP_jal ||
                       (d->in.op >= MK_OP_beq && d->in.op <= MK_OP_bgeu);
    if (pc_relative && (target >> PAGE_SHIFT) == (paddr >> PAGE_SHIFT)) {
        d->target_tag = (uint32_t)target;
        d->target = mk_dcache_slot(h, target);
    } else {
        d->target_tag = MK_DCACHE_PAGE_END;
        d->target = d;
    }
    mark_code_page(h, paddr);
    return &d->in;
}


/* --- Hypervisor virtual-machine loads and stores (HLV, HLVX, HSV) ------------------------- */

/*
 * Translation and PMP for HLV/HLVX/HSV: as though V = 1 at privilege hstatus.SPVP, whatever
 * MPRV says. HLVX needs execute permission at both stages (mmu.c) and, at the physical address,
 * both read and execute from the PMAs and PMP. Always the slow path: nothing is cached in the
 * fast tables, which belong to the current mode.
 */
static bool guest_translate(mk_hart_t *h, uint64_t vaddr, unsigned size, mk_access_t acc,
                            bool hlvx, uint64_t *paddr)
{
    bool load = acc == MK_ACC_LOAD;
    uint64_t access = load ? MK_CAUSE_LOAD_ACCESS : MK_CAUSE_STORE_ACCESS;
    if (vaddr & (size - 1)) {
        raise_access(h, load ? MK_CAUSE_MISALIGNED_LOAD : MK_CAUSE_MISALIGNED_STORE, vaddr,
                     true, false, NULL);
        return false;
    }
    unsigned priv = (h->csr.hstatus & MK_HSTATUS_SPVP) ? MK_PRIV_S : MK_PRIV_U;
    mk_xlate_t x = mk_mmu_translate_as(h, vaddr, acc, priv, true, hlvx);
    if (!x.ok) {
        h->xlate_failed = true;
        raise_access(h, x.cause, vaddr, true, false, &x);
        return false;
    }
    bool allowed = mk_pmp_check(h, x.paddr, size, acc, priv);
    if (hlvx)
        allowed = allowed && pma_executable(h, x.paddr) &&
                  mk_pmp_check(h, x.paddr, size, MK_ACC_FETCH, priv);
    if (!allowed) {
        raise_access(h, access, vaddr, true, false, NULL);
        return false;
    }
    *paddr = x.paddr;
    return true;
}

bool mk_load_guest(mk_hart_t *h, uint64_t vaddr, unsigned size, bool hlvx, uint64_t *val)
{
    uint64_t paddr;
    walk_mark_t m = walk_mark(h);
    if (!guest_translate(h, vaddr, size, MK_ACC_LOAD, hlvx, &paddr))
        return false;
    if (bus_load_after(h, m, paddr, size, val) != 0) {
        raise_access(h, MK_CAUSE_LOAD_ACCESS, vaddr, true, false, NULL);
        return false;
    }
    record_access(h, false, vaddr, paddr, size, *val);
    return true;
}

bool mk_store_guest(mk_hart_t *h, uint64_t vaddr, unsigned size, uint64_t val)
{
    uint64_t paddr;
    walk_mark_t m = walk_mark(h);
    if (!guest_translate(h, vaddr, size, MK_ACC_STORE, false, &paddr))
        return false;
    if (size < 8)
        val &= (1ULL << (size * 8)) - 1;
    if (bus_store_after(h, m, paddr, size, val) != 0) {
        raise_access(h, MK_CAUSE_STORE_ACCESS, vaddr, true, false, NULL);
        return false;
    }
    record_access(h, true, vaddr, paddr, size, val);
    mk_mem_code_written(h, paddr, size);
    return true;
}
