/*
 * Physical memory protection (docs/isa.md, "Virtual memory and PMP"): 16 entries, grain G=0 (4 bytes), modes
 * OFF/TOR/NA4/NAPOT, lowest-numbered match wins, locking with L.
 */
#include "pmp.h"

#include "mem.h"

#define PMP_ADDR_MASK ((1ULL << 54) - 1)    /* pmpaddr holds physical address bits 55:2 */
#define PMP_PA_LIMIT (1ULL << 56)           /* no entry can match at or above 2^56 */
#define PMP_CFG_WRITABLE (MK_PMP_R | MK_PMP_W | MK_PMP_X | MK_PMP_A_MASK | MK_PMP_L)
#define PMP_CFG_CSR_ENTRIES 8               /* entries per RV64 pmpcfg CSR */
#define PAGE_SIZE 4096ULL

static inline unsigned cfg_mode(uint8_t cfg)
{
    return (cfg & MK_PMP_A_MASK) >> MK_PMP_A_SHIFT;
}

/* The byte range [*lo, *hi) of entry i; false if the entry matches no address. */
static bool entry_range(const mk_hart_t *h, unsigned i, uint64_t *lo, uint64_t *hi)
{
    uint64_t addr = h->csr.pmpaddr[i];
    switch (cfg_mode(h->csr.pmpcfg[i])) {
    case MK_PMP_A_TOR:
        *lo = i == 0 ? 0 : h->csr.pmpaddr[i - 1] << 2;
        *hi = addr << 2;
        return *lo < *hi;
    case MK_PMP_A_NA4:
        *lo = addr << 2;
        *hi = *lo + 4;
        return true;
    case MK_PMP_A_NAPOT: {
        /* Trailing ones t encode a 2^(t+3)-byte region; all 54 ones cover 2^57 bytes. */
        unsigned t = (unsigned)__builtin_ctzll(~addr);
        *lo = (addr & ~((1ULL << t) - 1)) << 2;
        *hi = *lo + (1ULL << (t + 3));
        return true;
    }
    default:
        return false;
    }
}

static bool entry_permits(uint8_t cfg, mk_access_t acc, unsigned priv)
{
    /* An unlocked entry does not restrict M-mode. */
    if (priv == MK_PRIV_M && !(cfg & MK_PMP_L))
        return true;
    static const uint8_t need[] = {
        [MK_ACC_FETCH] = MK_PMP_X, [MK_ACC_LOAD] = MK_PMP_R, [MK_ACC_STORE] = MK_PMP_W,
    };
    return (cfg & need[acc]) != 0;
}

/*
 * The answer for every access inside [base, base+len): true/false in *allowed when one answer
 * holds for all of them. Returns false if the answer depends on the access (an entry covers
 * only part of the range), which for a single access means it fails.
 */
static bool range_decision(const mk_hart_t *h, uint64_t base, uint64_t len, mk_access_t acc,
                           unsigned priv, bool *allowed)
{
    if (base < PMP_PA_LIMIT && len <= PMP_PA_LIMIT - base) {
        uint64_t end = base + len;
        for (unsigned i = 0; i < MK_PMP_ENTRIES; i++) {
            uint64_t lo, hi;
            if (!entry_range(h, i, &lo, &hi) || end <= lo || base >= hi)
                continue;
            if (base < lo || end > hi)
                return false;
            *allowed = entry_permits(h->csr.pmpcfg[i], acc, priv);
            return true;
        }
    }
    /* No entry matches: M-mode is allowed; S and U are denied since entries exist. */
    *allowed = priv == MK_PRIV_M;
    return true;
}

bool mk_pmp_check(const mk_hart_t *h, uint64_t paddr, unsigned size, mk_access_t acc,
                  unsigned priv)
{
    bool allowed;
    return range_decision(h, paddr, size, acc, priv, &allowed) && allowed;
}

bool mk_pmp_page_allowed(const mk_hart_t *h, uint64_t page_base, mk_access_t acc, unsigned priv)
{
    bool allowed;
    return range_decision(h, page_base, PAGE_SIZE, acc, priv, &allowed) && allowed;
}

/* pmpaddr[i] is locked by its own L bit, or by entry i+1 being a locked TOR entry (whose
 * bottom it is). */
static bool addr_locked(const mk_hart_t *h, unsigned i)
{
    if (h->csr.pmpcfg[i] & MK_PMP_L)
        return true;
    if (i + 1 < MK_PMP_ENTRIES) {
        uint8_t above = h->csr.pmpcfg[i + 1];
        return (above & MK_PMP_L) && cfg_mode(above) == MK_PMP_A_TOR;
    }
    return false;
}

uint64_t mk_pmp_read_cfg(const mk_hart_t *h, unsigned csr_index)
{
    unsigned first = csr_index * 4;
    if ((csr_index & 1) || first >= MK_PMP_ENTRIES)
        return 0;
    uint64_t v = 0;
    for (unsigned b = 0; b < PMP_CFG_CSR_ENTRIES; b++)
        v |= (uint64_t)h->csr.pmpcfg[first + b] << (8 * b);
    return v;
}

uint64_t mk_pmp_write_cfg(mk_hart_t *h, unsigned csr_index, uint64_t val)
{
    unsigned first = csr_index * 4;
    if ((csr_index & 1) || first >= MK_PMP_ENTRIES)
        return 0;
    for (unsigned b = 0; b < PMP_CFG_CSR_ENTRIES; b++) {
        uint8_t *cfg = &h->csr.pmpcfg[first + b];
        if (*cfg & MK_PMP_L)
            continue;
        uint8_t nv = (uint8_t)(val >> (8 * b)) & PMP_CFG_WRITABLE;
        /* W without R is reserved: WARL keeps the rest of the byte and clears W. */
        if ((nv & MK_PMP_W) && !(nv & MK_PMP_R))
            nv &= (uint8_t)~MK_PMP_W;
        *cfg = nv;
    }
    mk_mem_fast_flush(h);
    return mk_pmp_read_cfg(h, csr_index);
}

uint64_t mk_pmp_read_addr(const mk_hart_t *h, unsigned index)
{
    return index < MK_PMP_ENTRIES ? h->csr.pmpaddr[index] : 0;
}

uint64_t mk_pmp_write_addr(mk_hart_t *h, unsigned index, uint64_t val)
{
    if (index >= MK_PMP_ENTRIES)
        return 0;
    if (!addr_locked(h, index))
        h->csr.pmpaddr[index] = val & PMP_ADDR_MASK;
    mk_mem_fast_flush(h);
    return h->csr.pmpaddr[index];
}
