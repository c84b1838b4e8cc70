/*
 * The hart: architectural state plus the model's private caches.
 * Everything one instruction needs is reachable from mk_hart_t, so the execute functions take
 * nothing else. See docs/isa.md for the meaning and WARL rules of every CSR field below.
 */
#ifndef MK_HART_H
#define MK_HART_H

#include "mk_model.h"
#include "riscv.h"

typedef struct mk_hart mk_hart_t;
typedef struct mk_insn mk_insn_t;

typedef void (*mk_exec_fn)(mk_hart_t *h, const mk_insn_t *in);

/* A decoded instruction. Compressed forms are expanded: op is the base operation, len = 2.
 * 32 bytes: half of a decoded-instruction cache entry (mk_dcache_entry_t). */
struct mk_insn {
    mk_exec_fn exec;
    int64_t imm;        /* sign-extended immediate; shift amount for shifts; zimm for csrr*i */
    uint32_t raw;       /* the original bits (16 significant bits when len = 2) */
    uint32_t tag;       /* decoded-instruction cache tag: the physical address (mem.c) */
    uint16_t op;        /* mk_op_t */
    uint16_t csr;       /* CSR address for Zicsr */
    uint8_t rd, rs1, rs2;
    uint8_t len;        /* 2 or 4 */
};

_Static_assert(sizeof(mk_insn_t) == 32, "mk_insn_t should stay 32 bytes (decoded-insn cache)");

typedef enum { MK_ACC_FETCH = 0, MK_ACC_LOAD = 1, MK_ACC_STORE = 2 } mk_access_t;

/* Which translation a TLB entry caches (docs/isa.md "H extension: two-stage translation"). */
enum {
    MK_TLB_HS = 0,      /* V = 0: single-stage Sv39 under satp */
    MK_TLB_VS_G = 1,    /* V = 1: VS-stage (vsatp Sv39) combined with the G-stage (hgatp) */
    MK_TLB_G = 2,       /* V = 1 with vsatp Bare: G-stage only, vpn is the guest physical page */
};

/* One TLB entry: a leaf PTE as the walk found it; for V = 1 the combination of both stages'
 * leaves (page size = the smaller of the two, permissions of both kept for the hit check). */
typedef struct mk_tlb_entry {
    bool valid;
    uint8_t level;      /* 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB (the combined size for V = 1) */
    uint8_t stage;      /* MK_TLB_HS, MK_TLB_VS_G or MK_TLB_G */
    uint8_t vs_level;   /* size of the first-stage leaf (= level for MK_TLB_HS): VA fences */
    uint8_t g_level;    /* size of the G-stage leaf (2 for hgatp Bare); fences ignore GPAs */
    uint8_t perm;       /* first-stage PTE bits 7:0 (V R W X U G A D), G from any level */
    uint8_t gperm;      /* G-stage PTE bits 7:0 (G cleared), for V = 1 */
    uint16_t asid;
    uint16_t vmid;      /* hgatp.VMID at the fill (V = 1 entries) */
    uint64_t vpn;       /* vaddr >> 12, low 9*level bits zero */
    uint64_t ppn;       /* PTE.PPN for MK_TLB_HS (low 9*level bits zero); for V = 1 the
                         * supervisor physical page of vpn */
    uint64_t gppn;      /* V = 1: guest physical page of vpn (low 9*level bits zero) */
} mk_tlb_entry_t;

typedef struct mk_tlb {
    unsigned entries;   /* configured size, <= MK_TLB_ENTRIES_MAX */
    unsigned next;      /* round-robin replacement pointer */
    mk_tlb_entry_t e[MK_TLB_ENTRIES_MAX];
} mk_tlb_t;

/*
 * Fast-path translation cache: host pointers for pages that the slow path has already
 * translated and checked (TLB, permissions, PMP) for the current privilege and mstatus.
 * It is a pure cache of the architectural TLB; mk_mem_fast_flush() empties it whenever
 * anything it depends on changes. See mem.c.
 */
#define MK_FAST_ENTRIES 256
typedef struct mk_fast_entry {
    uint64_t tag;       /* vaddr >> 12, or MK_FAST_INVALID */
    uintptr_t addend;   /* host address = vaddr + addend */
    uint64_t paddr_addend;  /* physical address = vaddr + paddr_addend */
    uint64_t tlb_hit;   /* 1 if the page was translated, so that a hit counts as a TLB hit */
} mk_fast_entry_t;
#define MK_FAST_INVALID (~0ULL)

/* Decoded-instruction cache, direct mapped by physical PC (all fetchable memory, the boot ROM
 * and DRAM, lies below 4 GiB, so the tag is 32 bits). Stores that hit a DRAM page holding
 * cached code invalidate the entries they overlap (see mem.c), so a hit is always current. */
#define MK_DCACHE_BITS 15
#define MK_DCACHE_INVALID 1u    /* odd, so never the address of an instruction */
#define MK_DCACHE_PAGE_END 3u   /* next_tag of an entry whose successor is on the next page */

/*
 * The fast loop's threaded code (exec.h, hart.c). A fast handler executes the instruction of
 * entry e at pc and then jumps straight to the next entry's handler (a tail call), with `left`
 * the number of instructions it may still execute (>= 1 on entry). The chain returns the pc of
 * the first instruction it did not execute and leaves the allowance then left in
 * h->chain_left: 0 when it ran out, otherwise the instruction at pc needs the exact path (an
 * access the fast caches cannot do, a CSR, a trap, a fetch that misses). (A single return
 * value, because GCC turns the calls into jumps only then.) Fast handlers touch only registers
 * and DRAM through the fast caches: they never trap, read counters or change anything
 * irq_recheck watches.
 */
typedef struct mk_dcache_entry mk_dcache_entry_t;
typedef uint64_t mk_chain_t;
typedef mk_chain_t (*mk_fast_fn)(mk_hart_t *h, const mk_dcache_entry_t *e, uint64_t pc,
                                 uint64_t left);

/* One cache line: the decoded instruction plus what the threaded code needs. */
struct mk_dcache_entry {
    mk_insn_t in;       /* first, so that &entry->in and the entry convert both ways */
    mk_fast_fn fast;    /* handler specialised for this instruction's op, length and rd */
    uint32_t next_tag;  /* in.tag + in.len, or MK_DCACHE_PAGE_END */
    /* For a branch or JAL whose target lies on the same page: the target's slot and tag
     * (target_tag = MK_DCACHE_PAGE_END otherwise, and the chain looks the target up). */
    uint32_t target_tag;
    const mk_dcache_entry_t *target;
    uint32_t pad[2];
};
_Static_assert(sizeof(mk_dcache_entry_t) == 64, "a dcache entry should fill one cache line");

typedef struct mk_csrs {
    uint64_t mstatus;       /* the one status register; sstatus is a view of it */
    uint64_t misa;
    uint64_t medeleg, mideleg;
    uint64_t mie;
    uint64_t mip;           /* software-writable bits only (SSIP, STIP, SEIP); see irq_lines */
    uint64_t mtvec, mscratch, mepc, mcause, mtval;
    uint64_t mcounteren, mcountinhibit;
    uint64_t menvcfg;
    uint64_t stvec, sscratch, sepc, scause, stval;
    uint64_t scounteren, senvcfg;
    uint64_t satp;
    uint64_t stimecmp;          /* Sstc */
    uint64_t mcycle_offset;     /* mcycle = cycle + offset; the frozen value while inhibited */
    uint64_t minstret_offset;
    uint8_t pmpcfg[16];
    uint64_t pmpaddr[16];

    /* H extension (docs/isa.md). hvip, hip and hie are views of the VS bits (2, 6, 10) of
     * mip and mie: the software-writable VSSIP/VSTIP/VSEIP live in mip. */
    uint64_t hstatus, hedeleg, hideleg, hcounteren, henvcfg, htimedelta;
    uint64_t htval, htinst, hgatp;
    uint64_t mtval2, mtinst;
    /* Virtual-supervisor CSRs: the state of the guest's S-mode, used in place of the S CSRs
     * while V = 1 (vsstatus holds the guest's sstatus fields). */
    uint64_t vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp, vstimecmp;
} mk_csrs_t;

struct mk_hart {
    uint64_t x[32];
    uint64_t pc;
    uint8_t priv;
    bool v;                 /* virtualization mode; always false until the H extension */
    bool wfi;               /* sleeping in WFI */

    mk_csrs_t csr;
    uint64_t irq_lines;     /* MIP bits driven by devices: MSIP, MTIP, MEIP, SEIP (OR'd in) */

    bool reservation_valid;
    uint64_t reservation_addr;  /* physical */

    uint64_t cycle;
    uint64_t instret;

    /* Set by mk_raise_exception() so the step loop knows the current instruction trapped. */
    bool trapped;
    /* Set by anything after which the fast loop must not simply go on to the next instruction:
     * a change to which interrupts are pending or enabled, a trap, WFI, the end of the run, and
     * any flush of the cached translations (mk_mem_fast_flush). */
    bool irq_recheck;

    mk_tlb_t itlb, dtlb;
    mk_fast_entry_t fast_fetch[MK_FAST_ENTRIES];
    mk_fast_entry_t fast_load[MK_FAST_ENTRIES];
    mk_fast_entry_t fast_store[MK_FAST_ENTRIES];
    mk_dcache_entry_t *dcache;  /* 1 << MK_DCACHE_BITS entries */
    uint8_t *code_pages;        /* per DRAM page: 1 if the dcache may hold code from it */
    mk_insn_t fetch_scratch;    /* decoded form of an instruction that crosses a page */
    uint64_t chain_left;        /* what a fast-handler chain had left when it stopped */
    /* Bumped whenever a decoded instruction, the code bytes of a page that holds decoded ones, or
     * the fast translation caches may have changed (mem.c): what the timing mode's span memo
     * (timing_memo.c) derived from the code is current only while this stays the same. */
    uint64_t code_gen;

    struct mk_timing *timing;   /* timing-mode state (timing.c), NULL in the functional mode */
    /* Timing mode, during one instruction: the translations its fetch got from the modelled
     * fetch unit (mmu.h), and whether a data access failed in translation (not PMP/PMA/bus). */
    const struct mk_fetch_xlate *fetch_xlate;
    bool xlate_failed;

    mk_retire_t *rec;       /* record of the current step, or NULL in the fast loop */
    mk_stats_t stats;
    mk_soc_t *soc;
};

/* x0 is written freely by execute functions and cleared after each instruction. */
static inline uint64_t mk_x(const mk_hart_t *h, unsigned r) { return h->x[r]; }

#endif
