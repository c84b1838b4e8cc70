// mk_pmp against the C model's mk_pmp_check (docs/isa.md "PMP"). Every check drives one PMP
// configuration and one access and compares:
//   ok_o          with the model's answer for the access (size 1, 2, 4 or 8, naturally aligned);
//   word_ok_o[w]  with the model's answer for a 4-byte access to word w of the doubleword;
// for fetches, loads, stores and AMOs (an AMO: the model's load and store answers both), in M,
// S and U. Directed configurations first (all OFF, TOR with entry 0, TOR bounds inside a
// doubleword, NA4 under 8-byte accesses, NAPOT of every size up to all of memory, overlapping
// and locked entries, addresses around 2^56), each swept over every byte offset around its
// region edges; then random configurations whose entries cluster around one address so that
// they overlap, and accesses drawn near their edges. Fixed seed; a mismatch fails.
#include <initializer_list>
#include <memory>

#include "Vmk_pmp.h"
#include "bench.h"
#include "model_ref.h"

namespace {

constexpr uint64_t kAddrMask = (1ull << 54) - 1;   // pmpaddr bits 53:0
constexpr uint8_t kL = 0x80, kR = 0x01, kW = 0x02, kX = 0x04;
constexpr uint8_t kOff = 0 << 3, kTor = 1 << 3, kNa4 = 2 << 3, kNapot = 3 << 3;
constexpr unsigned kPrivs[] = {0, 1, 3};

// pmpaddr of a NAPOT region of 2^(t+3) bytes holding word address w (t = 54: all memory).
uint64_t napot_addr(uint64_t w, unsigned t) {
    if (t >= 54) return kAddrMask;
    uint64_t size_words = 2ull << t;
    return ((w & ~(size_words - 1)) | ((1ull << t) - 1)) & kAddrMask;
}

// The byte addresses where entry i's region starts and ends (for choosing accesses near them).
void entry_edges(const mk_ref_pmp_t &p, unsigned i, uint64_t edge[2]) {
    uint64_t a = p.addr[i];
    switch (p.cfg[i] & 0x18) {
    case kTor:
        edge[0] = i == 0 ? 0 : p.addr[i - 1] << 2;
        edge[1] = a << 2;
        break;
    case kNapot: {
        unsigned t = static_cast<unsigned>(__builtin_ctzll(~a));
        edge[0] = (a & ~((1ull << t) - 1)) << 2;
        edge[1] = t >= 54 ? 1ull << 57 : edge[0] + (1ull << (t + 3));
        break;
    }
    default:
        edge[0] = a << 2;
        edge[1] = (a << 2) + 4;
        break;
    }
}

struct Bench {
    Vmk_pmp dut;
    bench::Report report{"pmp"};

    void load(const mk_ref_pmp_t &p) {
        for (int w = 0; w < 4; w++) dut.cfg_i[w] = 0;
        for (int i = 0; i < 16; i++)
            dut.cfg_i[i / 4] |= static_cast<uint32_t>(p.cfg[i]) << (8 * (i % 4));
        for (int w = 0; w < 27; w++) dut.addr_i[w] = 0;
        for (int i = 0; i < 16; i++)
            for (int b = 0; b < 54; b++)
                if ((p.addr[i] >> b) & 1) {
                    int bit = 54 * i + b;
                    dut.addr_i[bit / 32] |= 1u << (bit % 32);
                }
    }

    int model(const mk_ref_pmp_t &p, uint64_t pa, unsigned size, unsigned kind, unsigned priv) {
        if (kind == 3)   // AMO: read and write permission
            return mk_ref_pmp_check(&p, pa, size, MK_REF_LOAD, priv) &&
                   mk_ref_pmp_check(&p, pa, size, MK_REF_STORE, priv);
        return mk_ref_pmp_check(&p, pa, size, static_cast<int>(kind), priv);
    }

    // One access (pa aligned down to size) of kind 0 fetch, 1 load, 2 store, 3 AMO; the
    // configuration must be loaded.
    void check(const mk_ref_pmp_t &p, uint64_t pa, unsigned size, unsigned kind, unsigned priv) {
        static const char *const kinds[] = {"fetch", "load", "store", "amo"};
        pa &= ~static_cast<uint64_t>(size - 1);
        dut.dword_i = (pa >> 3) & ((1ull << 53) - 1);
        dut.high_i = (pa >> 56) != 0;
        dut.size_i = static_cast<uint8_t>(__builtin_ctz(size));
        dut.word_i = (pa >> 2) & 1;
        dut.priv_i = static_cast<uint8_t>(priv);
        dut.need_r_i = kind == 1 || kind == 3;
        dut.need_w_i = kind == 2 || kind == 3;
        dut.need_x_i = kind == 0;
        dut.eval();

        report.check();
        int want = model(p, pa, size, kind, priv);
        if (dut.ok_o != want) {
            report.fail("%s size %u at 0x%016" PRIx64 " priv %u: rtl %s, model %s", kinds[kind],
                        size, pa, priv, dut.ok_o ? "allows" : "denies",
                        want ? "allows" : "denies");
            dump(p);
        }
        for (unsigned w = 0; w < 2; w++) {
            report.check();
            uint64_t word_pa = (pa & ~7ull) | (w << 2);
            int want_w = model(p, word_pa, 4, kind, priv);
            int got_w = (dut.word_ok_o >> w) & 1;
            if (got_w != want_w) {
                report.fail("word_ok_o[%u]: %s of word 0x%016" PRIx64 " priv %u: rtl %d, model %d",
                            w, kinds[kind], word_pa, priv, got_w, want_w);
                dump(p);
            }
        }
    }

    void dump(const mk_ref_pmp_t &p) {
        if (report.failures() > 3) return;
        for (int i = 0; i < 16; i++)
            if (p.cfg[i] & 0x18)
                std::printf("    |   entry %2d cfg 0x%02x pmpaddr 0x%014" PRIx64 "\n", i, p.cfg[i],
                            p.addr[i]);
    }

    // Every size, kind and privilege at every 4-byte step in [centre - 32, centre + 32).
    void sweep(const mk_ref_pmp_t &p, uint64_t centre) {
        load(p);
        for (uint64_t off = 0; off < 64; off += 4)
            for (unsigned size = 1; size <= 8; size *= 2)
                for (unsigned kind = 0; kind < 4; kind++)
                    for (unsigned priv : kPrivs) check(p, centre - 32 + off, size, kind, priv);
    }

    // Sweeps around every edge of every active entry, and around 0 and 2^56.
    void sweep_edges(const mk_ref_pmp_t &p) {
        sweep(p, 32);
        sweep(p, 1ull << 56);
        for (unsigned i = 0; i < 16; i++) {
            if (!(p.cfg[i] & 0x18)) continue;
            uint64_t edge[2];
            entry_edges(p, i, edge);
            sweep(p, edge[0]);
            sweep(p, edge[1]);
        }
    }
};

mk_ref_pmp_t empty() {
    mk_ref_pmp_t p{};
    return p;
}

void directed(Bench &b) {
    // All entries OFF (the reset state): M allowed, S and U denied, everywhere.
    mk_ref_pmp_t p = empty();
    b.sweep_edges(p);
    b.sweep(p, 0x80000000ull);

    // TOR at entry 0: [0, pmpaddr0 * 4); pmpaddr0 = 0 matches nothing.
    for (uint64_t top : std::initializer_list<uint64_t>{0, 1, 2, 3, 0x20000001, kAddrMask}) {
        p = empty();
        p.cfg[0] = kTor | kR | kX;
        p.addr[0] = top;
        b.sweep_edges(p);
    }

    // TOR bounds on odd words: 8-byte accesses half inside; an entry below with L.
    p = empty();
    p.cfg[0] = kNa4 | kL | kR;           // word 0x20000003: locked, read-only
    p.addr[0] = 0x20000003;
    p.cfg[1] = kTor | kR | kW;           // [0x20000001, 0x20000007) words, below: entry 0's addr
    p.addr[1] = 0x20000007;
    p.cfg[2] = kTor | kL | kX;           // [0x20000007, 0x20000009)
    p.addr[2] = 0x20000009;
    p.cfg[3] = kTor | kR | kW | kX;      // bottom >= top: matches nothing
    p.addr[3] = 0x20000005;
    b.sweep_edges(p);

    // NA4 entries under 8-byte accesses, and a NAPOT region over them.
    p = empty();
    p.cfg[0] = kNa4 | kR;
    p.addr[0] = 0x4000;
    p.cfg[1] = kNa4 | kW | kR;
    p.addr[1] = 0x4001;
    p.cfg[2] = kNapot | kR | kW | kX;
    p.addr[2] = napot_addr(0x4000, 3);
    p.cfg[5] = kNa4 | kL | kX;
    p.addr[5] = 0x4007;
    b.sweep_edges(p);

    // NAPOT of every size, locked and not, at the bottom and the top of the address space,
    // with a lower-numbered OFF entry and a higher-numbered catch-all.
    for (unsigned t = 0; t <= 54; t++)
        for (uint64_t w : std::initializer_list<uint64_t>{0, 0x20000000, kAddrMask}) {
            p = empty();
            p.cfg[0] = kOff | kR;
            p.addr[0] = w;
            p.cfg[7] = static_cast<uint8_t>(kNapot | kR | (t & 1 ? kL : 0) | (t & 2 ? kX : 0));
            p.addr[7] = napot_addr(w, t);
            p.cfg[15] = kNapot | kR | kW | kX;
            p.addr[15] = kAddrMask;
            b.sweep_edges(p);
        }
}

// A random configuration: entries around one centre (so that they overlap and TOR bounds
// interleave), some anywhere; every mode, L and permission.
mk_ref_pmp_t random_config(bench::Rng &r) {
    mk_ref_pmp_t p{};
    uint64_t centre;
    switch (r.below(4)) {
    case 0: centre = r.next() & 0xfff; break;                       // near 0
    case 1: centre = kAddrMask - (r.next() & 0xfff); break;          // near 2^56
    default: centre = r.next() & kAddrMask; break;
    }
    for (int i = 0; i < 16; i++) {
        uint8_t mode = static_cast<uint8_t>(r.below(4) << 3);
        uint8_t perm = static_cast<uint8_t>(r.below(8) | (r.below(4) == 0 ? kL : 0));
        p.cfg[i] = mode | perm;
        uint64_t w = r.below(8) == 0 ? r.next() : centre + (r.next() % 64) - 32;
        if (mode == kNapot) {
            unsigned t = r.below(4) == 0 ? r.below(55) : r.below(8);
            p.addr[i] = napot_addr(w & kAddrMask, t);
        } else {
            p.addr[i] = w & kAddrMask;
        }
    }
    return p;
}

}  // namespace

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    auto b = std::make_unique<Bench>();
    bench::Rng rng(0x504d5001);

    directed(*b);

    // Random configurations, 64 accesses each: near an entry's edge, anywhere, or at/above 2^56.
    static const unsigned kSizes[] = {1, 2, 4, 8};
    for (int c = 0; c < 4000; c++) {
        mk_ref_pmp_t p = random_config(rng);
        b->load(p);
        for (int k = 0; k < 64; k++) {
            uint64_t pa;
            unsigned pick = rng.below(8);
            if (pick < 6) {
                uint64_t edge[2];
                entry_edges(p, rng.below(16), edge);
                pa = edge[rng.below(2)] + (rng.next() % 48) - 24;
            } else if (pick == 6) {
                pa = rng.next() & ((1ull << 56) - 1);
            } else {
                pa = (1ull << 56) - 32 + (rng.next() % 64) + (rng.below(2) ? rng.next() : 0);
            }
            b->check(p, pa, kSizes[rng.below(4)], rng.below(4), kPrivs[rng.below(3)]);
        }
    }
    return b->report.finish();
}
