// mk_mmu (a 16-entry DTLB, the nested walker, the permission checks) against the C model's
// translation (mmu.c, tlb.c through mmu_ref.c): docs/isa.md "Virtual memory and PMP", "H
// extension: two-stage translation", docs/timing.md "Two-stage translation (H)".
//
// Both sides share one DRAM (the model's): the bench answers the walker's reads from it, L
// cycles after each request (L = 1, 2 and 3). Page tables are random: a pool of 64 pages whose
// first entries (the only ones the chosen addresses index) are pointers into the pool, leaves
// with random permissions, sizes and (mis)alignment, invalid and reserved-bit PTEs; the G-stage
// maps the pool by identity through a 1 GiB, 2 MiB or 4 KiB leaf, with perturbed permissions.
// Contexts (V, privilege, satp / vsatp / hgatp on or off with two ASIDs and two VMIDs, SUM,
// MXR, HLVX, loads and stores) change every few accesses; addresses are reused so that the TLB
// hits; PTEs are rewritten without a fence (stale entries must agree) and every kind of fence
// is issued with random scopes. For every access the bench compares: whether translation is
// on, hit or miss, the physical address, the fault's kind (access, page, guest-page), tval2 and
// the implicit flag, the number of PTE reads of a walk and the cycle it ends (start + k*L), and
// that an allowed walk's leaf then hits. Fixed seed; a mismatch fails.
#include <memory>
#include <vector>

#include "Vtb_mmu.h"
#include "bench.h"
#include "mmu_ref.h"

namespace {

constexpr uint64_t kDram = 0x80000000ull;
constexpr uint64_t kPool = kDram;              // 64 table pages
constexpr unsigned kPoolPages = 64;
constexpr uint64_t kGRoot = 0x80100000ull;     // 16 KiB
constexpr uint64_t kGL1 = 0x80104000ull;       // G-stage tables of the identity over the pool
constexpr uint64_t kGL0 = 0x80105000ull;
constexpr unsigned kEntries = 16;
// PTE bits.
constexpr uint64_t V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128;
constexpr uint64_t kGLeaf = V | R | W | X | U | A | D;

uint64_t pte(uint64_t pa, uint64_t flags) { return ((pa >> 12) << 10) | flags; }

struct Bench {
    Vtb_mmu dut;
    bench::Report report{"mmu"};
    bench::Rng rng{0x6d6d75};
    unsigned lat = 1;
    uint64_t cycle = 0;
    // The context.
    int virt = 0, priv = 1, sum = 0, mxr = 0, vs_sum = 0, vs_mxr = 0;
    uint64_t satp = 0, vsatp = 0, hgatp = 0;
    std::vector<uint64_t> recent;
    uint64_t walks = 0, hits = 0, faults = 0, walk_ok = 0;
    uint64_t walk_len[16] = {};

    uint64_t rd(uint64_t pa) {
        int ok;
        return mk_mmu_ref_read64(pa, &ok);
    }
    void wr(uint64_t pa, uint64_t v) { mk_mmu_ref_write64(pa, v); }

    // ---- random page tables ----
    uint64_t pool_page() { return kPool + 0x1000ull * rng.below(kPoolPages); }
    uint64_t leaf_flags(bool gstage) {
        static const uint64_t kPerms[] = {R, R | W, R | X, R | W | X, X, R | W | X, R, W};
        uint64_t f = V | kPerms[rng.below(8)];
        if (rng.below(100) < (gstage ? 90u : 45u)) f |= U;
        if (rng.below(100) < 90) f |= A;
        if (rng.below(100) < 60) f |= D;
        if (rng.below(100) < 20) f |= G;
        if (rng.below(100) < 2) f |= 1ull << (54 + rng.below(10));   // reserved / N / PBMT
        if (rng.below(100) < 5) f |= 0x300;                          // RSW: ignored
        return f;
    }
    // The pool by level: pages 0-15 are roots (level 2), 16-39 level 1, 40-63 level 0; a
    // pointer in a table of level l mostly leads to one of level l - 1.
    uint64_t level_page(unsigned level) {
        static const unsigned kFirst[] = {40, 16, 0}, kCount[] = {24, 24, 16};
        if (rng.below(100) < 5) return pool_page();
        return kPool + 0x1000ull * (kFirst[level] + rng.below(kCount[level]));
    }
    uint64_t random_pte(bool gstage, unsigned level) {
        static const unsigned kPointer[] = {4, 55, 70};    // percent, by the table's level
        unsigned r = rng.below(100);
        if (r < 5) return rng.below(2) ? 0 : (rng.next() & ~V);
        if (r < 5 + kPointer[level]) {
            uint64_t f = V;
            if (rng.below(100) < 3) f |= (rng.below(3) == 0 ? A : rng.below(2) ? D : U);
            if (rng.below(100) < 15) f |= G;
            return pte(level_page(level > 0 ? level - 1 : 0), f);
        }
        // A leaf, mostly aligned for its level.
        uint64_t pa;
        unsigned k = rng.below(10);
        if (k == 8) pa = (rng.next() & ((1ull << 41) - 1)) & ~0xFFFull;
        else if (k == 9) pa = (rng.next() & ((1ull << 56) - 1)) & ~0xFFFull;
        else if (level == 2) pa = k < 6 ? kDram : uint64_t(rng.below(4)) << 30;
        else if (level == 1) pa = kDram + 0x200000ull * rng.below(4);
        else pa = k < 4 ? pool_page() : kDram + 0x1000ull * rng.below(kPoolPages + 8);
        return pte(pa, leaf_flags(gstage));
    }
    // The first 4 entries of a pool page (the addresses chosen index no others).
    void randomize_page(uint64_t page) {
        unsigned i = static_cast<unsigned>((page - kPool) >> 12);
        unsigned level = i < 16 ? 2 : i < 40 ? 1 : 0;
        for (unsigned e = 0; e < 4; e++) wr(page + 8 * e, random_pte(rng.below(3) == 0, level));
    }
    uint64_t g_ident_flags() {
        uint64_t f = kGLeaf;
        if (rng.below(100) < 12) f &= ~(rng.below(2) ? (U | R) : rng.below(2) ? A : (W | D));
        if (rng.below(100) < 3) f &= ~V;
        return f;
    }
    // The G-stage: the pool by identity through a 1 GiB leaf, or 2 MiB, or 4 KiB ones; the other
    // root entries random (their tables are pool pages).
    void build_gstage() {
        for (unsigned i = 0; i < 4; i++) wr(kGRoot + 8 * i, random_pte(true, 2));
        wr(kGRoot + 8 * 2, rng.below(2) ? pte(kDram, g_ident_flags()) : pte(kGL1, V));
        for (unsigned i = 1; i < 4; i++) wr(kGL1 + 8 * i, random_pte(true, 1));
        wr(kGL1, rng.below(2) ? pte(kDram, g_ident_flags()) : pte(kGL0, V));
        for (unsigned i = 0; i < kPoolPages + 8; i++)
            wr(kGL0 + 8 * i, pte(kDram + 0x1000ull * i, g_ident_flags()));
    }
    void mutate() {
        switch (rng.below(4)) {
        case 0: wr(kGL0 + 8 * rng.below(kPoolPages), pte(pool_page(), g_ident_flags())); break;
        case 1: wr(kGRoot + 8 * 2, rng.below(2) ? pte(kDram, g_ident_flags()) : pte(kGL1, V)); break;
        default: randomize_page(pool_page()); break;
        }
    }

    // ---- the DUT ----
    void set_pmp() {
        // Entry 15: NAPOT over all of memory, RWX (as the model's).
        for (int w = 0; w < 4; w++) dut.pmp_cfg_i[w] = 0;
        dut.pmp_cfg_i[3] = 0x1Fu << 24;
        for (int w = 0; w < 27; w++) dut.pmp_addr_i[w] = 0;
        for (int b = 0; b < 54; b++) {
            int bit = 54 * 15 + b;
            dut.pmp_addr_i[bit / 32] |= 1u << (bit % 32);
        }
    }
    void no_fence() {
        dut.fence_i = 0;
        dut.fence_stages_i = 0;
        dut.fence_vpn_valid_i = dut.fence_asid_valid_i = 0;
    }
    // One clock edge; the bus answers its pending read in cycle `resp`.
    bool pend = false;
    uint64_t resp = 0, pend_addr = 0;
    void settle() {
        bool here = pend && cycle == resp;
        int ok = 1;
        dut.rsp_valid_i = here;
        dut.rsp_rdata_i = here ? mk_mmu_ref_read64(pend_addr, &ok) : 0;
        dut.rsp_err_i = here && !ok;
        dut.eval();
    }
    unsigned reads = 0;
    void tick() {
        settle();
        if (pend && cycle == resp) pend = false;
        if (dut.req_valid_o) {
            if (pend) report.fail("a second read while one is outstanding (cycle %" PRIu64 ")", cycle);
            pend = true;
            resp = cycle + lat;
            pend_addr = dut.req_addr_o;
            reads++;
        }
        dut.clk_i = 1;
        dut.eval();
        dut.clk_i = 0;
        dut.start_i = 0;    // a walk starts in one cycle only
        dut.eval();
        cycle++;
    }
    void drive_context() {
        dut.virt_i = virt;
        dut.priv_i = priv;
        dut.satp_i = satp;
        dut.vsatp_i = vsatp;
        dut.hgatp_i = hgatp;
        dut.sum_i = virt ? vs_sum : sum;
        dut.mxr_i = mxr || (virt && vs_mxr);
        dut.gmxr_i = mxr;
        mk_mmu_ref_context(satp, vsatp, hgatp, sum, mxr, vs_sum, vs_mxr);
    }

    void new_context() {
        virt = rng.below(3) != 0;
        priv = rng.below(8) == 0 && !virt ? 3 : static_cast<int>(rng.below(2));
        sum = rng.below(2);
        mxr = rng.below(4) == 0;
        vs_sum = rng.below(2);
        vs_mxr = rng.below(4) == 0;
        uint64_t asid = 1 + rng.below(2), vmid = 1 + rng.below(2);
        satp = rng.below(5) ? (8ull << 60) | (asid << 44) | (level_page(2) >> 12) : 0;
        vsatp = rng.below(4) ? (8ull << 60) | (asid << 44) | (level_page(2) >> 12) : 0;
        hgatp = rng.below(4) ? (8ull << 60) | (vmid << 44) | (kGRoot >> 12) : (vmid << 44);
        if (rng.below(20) == 0) vsatp |= 1ull << 43;     // a root GPA beyond 2^41
        drive_context();
    }

    uint64_t new_vaddr() {
        if (!recent.empty() && rng.below(100) < 45) return recent[rng.below(recent.size())];
        uint64_t off = (rng.next() & 0xFF8);
        uint64_t va;
        bool stage_g = virt && !(vsatp >> 60);
        if (stage_g && rng.below(10) < 6) {
            va = kDram + 0x1000ull * rng.below(kPoolPages + 4) + off;
        } else if (stage_g && rng.below(3) == 0) {
            va = rng.below(2) ? (1ull << (41 + rng.below(20))) | off : rng.next() & ~7ull;
        } else {
            va = (uint64_t(rng.below(4)) << 30) | (uint64_t(rng.below(4)) << 21) |
                 (uint64_t(rng.below(4)) << 12) | off;
            unsigned r = rng.below(100);
            if (r < 8) va |= ~((1ull << 38) - 1);              // the upper canonical half
            else if (r < 11) va |= 1ull << (39 + rng.below(25));  // not canonical
        }
        if (recent.size() < 24) recent.push_back(va);
        else recent[rng.below(recent.size())] = va;
        return va;
    }

    static const char *kind_of(uint64_t cause) {
        switch (cause) {
        case 5: case 7: return "access";
        case 13: case 15: return "page";
        case 21: case 23: return "guest";
        default: return "?";
        }
    }

    // Compares a fault of the DUT (kind outputs now) with the model's.
    void cmp_fault(const char *what, uint64_t va, const mk_mmu_ref_result_t &m) {
        report.check();
        faults++;
        const char *k = dut.fault_page_o ? "page" : dut.fault_guest_o ? "guest" : "access";
        if (m.ok) {
            report.fail("%s va %016" PRIx64 ": RTL faults (%s), model translates to %" PRIx64,
                        what, va, k, m.paddr);
            return;
        }
        if (std::string(k) != kind_of(m.cause))
            report.fail("%s va %016" PRIx64 ": RTL %s fault, model cause %" PRIu64, what, va, k,
                        m.cause);
        if (dut.fault_guest_o && dut.fault_tval2_o != m.tval2)
            report.fail("%s va %016" PRIx64 ": tval2 RTL %" PRIx64 " model %" PRIx64, what, va,
                        static_cast<uint64_t>(dut.fault_tval2_o), m.tval2);
        if (static_cast<int>(dut.fault_implicit_o) != m.implicit)
            report.fail("%s va %016" PRIx64 ": implicit RTL %d model %d", what, va,
                        dut.fault_implicit_o, m.implicit);
    }

    void cmp_ok(const char *what, uint64_t va, const mk_mmu_ref_result_t &m) {
        report.check();
        if (!m.ok)
            report.fail("%s va %016" PRIx64 ": RTL translates, model cause %" PRIu64, what, va,
                        m.cause);
        else if (dut.pa_o != (m.paddr & ((1ull << 56) - 1)))
            report.fail("%s va %016" PRIx64 ": pa RTL %" PRIx64 " model %" PRIx64, what, va,
                        static_cast<uint64_t>(dut.pa_o), m.paddr);
    }

    void access() {
        uint64_t va = new_vaddr();
        int store = rng.below(3) == 0;
        int hlvx = !store && virt && rng.below(6) == 0;
        dut.vaddr_i = va;
        dut.store_i = store;
        dut.hlvx_i = hlvx;
        dut.start_i = 0;
        settle();
        mk_mmu_ref_result_t m;
        mk_mmu_ref_translate(va, store, hlvx, static_cast<unsigned>(priv), virt, &m);
        report.check();
        if (dut.miss_o != m.walked) {
            report.fail("va %016" PRIx64 " (V=%d priv %d satp %" PRIx64 " vsatp %" PRIx64
                        " hgatp %" PRIx64 "): RTL %s, model %s", va, virt, priv, satp, vsatp,
                        hgatp, dut.miss_o ? "misses" : "does not walk",
                        m.walked ? "walks" : "does not walk");
            return;
        }
        if (!dut.miss_o) {
            hits += dut.on_o;
            if (dut.lk_fault_o) cmp_fault("lookup", va, m);
            else cmp_ok("lookup", va, m);
            return;
        }
        // The walk: start in this cycle, then count reads and cycles to its end.
        walks++;
        dut.start_i = 1;
        uint64_t start = cycle;
        reads = 0;
        settle();
        while (!dut.done_o && cycle - start < 200) {
            tick();
            settle();
        }
        report.check();
        if (!dut.done_o) {
            report.fail("va %016" PRIx64 ": the walk does not end", va);
            return;
        }
        if (reads != m.accesses || cycle - start != uint64_t(m.accesses) * lat)
            report.fail("va %016" PRIx64 " (V=%d vsatp %" PRIx64 " hgatp %" PRIx64
                        "): RTL %u reads ending after %" PRIu64 " cycles, model %u reads (L=%u)",
                        va, virt, vsatp, hgatp, reads, cycle - start, m.accesses, lat);
        walk_len[reads < 15 ? reads : 15]++;
        if (dut.walk_fault_o) {
            cmp_fault("walk", va, m);
            tick();
            return;
        }
        tick();     // the fill
        settle();
        if (dut.miss_o || !dut.ok_o) {
            report.check();
            report.fail("va %016" PRIx64 ": an allowed leaf does not hit after its walk", va);
            return;
        }
        walk_ok++;
        cmp_ok("after the walk", va, m);
    }

    void fence() {
        int va_valid = rng.below(2), asid_valid = rng.below(2);
        uint64_t va = recent.empty() ? 0 : recent[rng.below(recent.size())];
        uint16_t asid = static_cast<uint16_t>(1 + rng.below(2));
        bool canon = (va >> 38) == 0 || (va >> 38) == (1ull << 26) - 1;
        no_fence();
        dut.fence_vpn_i = (va >> 12) & ((1u << 27) - 1);
        dut.fence_asid_i = asid;
        switch (rng.below(3)) {
        case 0: {   // SFENCE.VMA (V = 1: HFENCE.VVMA; fences cover every VMID)
            mk_mmu_ref_sfence(virt, va_valid, va, asid_valid, asid);
            dut.fence_i = !(va_valid && !canon);
            dut.fence_stages_i = virt ? 2 : 1;
            dut.fence_vpn_valid_i = va_valid;
            dut.fence_asid_valid_i = asid_valid;
            break;
        }
        case 1:
            mk_mmu_ref_hfence_vvma(va_valid, va, asid_valid, asid);
            dut.fence_i = !(va_valid && !canon);
            dut.fence_stages_i = 2;
            dut.fence_vpn_valid_i = va_valid;
            dut.fence_asid_valid_i = asid_valid;
            break;
        default: {
            uint16_t vmid = static_cast<uint16_t>(1 + rng.below(2));
            mk_mmu_ref_hfence_gvma(va_valid, va, asid_valid, vmid);
            dut.fence_i = 1;
            dut.fence_stages_i = 6;
            break;
        }
        }
        tick();
        no_fence();
    }

    int run() {
        mk_mmu_ref_init(kEntries);
        dut.clk_i = 0;
        dut.rst_ni = 0;
        dut.eval();
        dut.rst_ni = 1;
        dut.eval();
        set_pmp();
        no_fence();
        for (uint64_t p = kPool; p < kPool + 0x1000ull * kPoolPages; p += 0x1000) randomize_page(p);
        build_gstage();
        for (unsigned round = 0; round < 3; round++) {
            lat = round + 1;
            for (unsigned step = 0; step < 20000; step++) {
                if (step % 24 == 0) {
                    new_context();
                    if (rng.below(3) == 0) recent.clear();
                }
                unsigned r = rng.below(100);
                if (r < 3) fence();
                else if (r < 5) mutate();
                else if (r < 6) build_gstage();
                else access();
            }
        }
        std::printf("    | %" PRIu64 " walks (%" PRIu64 " allowed), %" PRIu64 " translated hits, %" PRIu64
                    " faults; walks by PTE reads:", walks, walk_ok, hits, faults);
        for (unsigned k = 0; k < 16; k++) std::printf(" %u:%" PRIu64, k, walk_len[k]);
        std::printf("\n");
        return report.finish();
    }
};

}  // namespace

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    auto b = std::make_unique<Bench>();
    return b->run();
}
