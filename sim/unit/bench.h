// Helpers shared by the RTL unit benches: a deterministic random generator, the edge operands,
// and the failure report (the first few mismatches in full, then a PASS/FAIL line in the
// format of the other test runners: `PASS rtl/<name>` or `FAIL rtl/<name>: <why>`).
#ifndef MK_BENCH_H
#define MK_BENCH_H

#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <string>

#include "verilated.h"

namespace bench {

// splitmix64: fixed seed, so that every run checks the same operands.
class Rng {
  public:
    explicit Rng(uint64_t seed) : s_(seed) {}
    uint64_t next() {
        uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }

  private:
    uint64_t s_;
};

// Operands that break arithmetic: 0, +-1, the 64- and 32-bit extremes and their neighbours.
static const uint64_t kEdges[] = {
    0x0000000000000000ull, 0x0000000000000001ull, 0xffffffffffffffffull,
    0x8000000000000000ull, 0x7fffffffffffffffull, 0x8000000000000001ull,
    0xfffffffffffffffeull, 0x0000000000000002ull, 0x000000007fffffffull,
    0x0000000080000000ull, 0x00000000ffffffffull, 0x0000000100000000ull,
    0xffffffff80000000ull, 0xffffffff7fffffffull, 0x0000000080000001ull,
    0xffffffff00000000ull, 0x000000000000001full, 0x0000000000000020ull,
    0x000000000000003full, 0x0000000000000040ull, 0x00000000fffffffeull,
    0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull,
};
static const unsigned kNumEdges = sizeof kEdges / sizeof kEdges[0];

// A mixture of edge values, small numbers, 32-bit-ish and fully random values.
inline uint64_t operand(Rng &r) {
    switch (r.below(6)) {
    case 0: return kEdges[r.below(kNumEdges)];
    case 1: return r.next() & 0xff;
    case 2: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(r.next())));
    case 3: return kEdges[r.below(kNumEdges)] + (r.next() & 3) - 2;
    default: return r.next();
    }
}

// Counts checks and mismatches; prints the first few mismatches.
class Report {
  public:
    explicit Report(const char *name) : name_(name) {}
    void check() { checks_++; }
    void fail(const char *fmt, ...) __attribute__((format(printf, 2, 3))) {
        if (fails_++ < kShown) {
            va_list ap;
            va_start(ap, fmt);
            std::printf("    | ");
            std::vprintf(fmt, ap);
            std::printf("\n");
            va_end(ap);
        }
    }
    uint64_t failures() const { return fails_; }
    // Prints the closing line; returns the process exit status.
    int finish() const {
        if (fails_ == 0) {
            std::printf("PASS rtl/%s (%" PRIu64 " checks)\n", name_, checks_);
            return 0;
        }
        std::printf("FAIL rtl/%s: %" PRIu64 " of %" PRIu64 " checks failed\n", name_, fails_,
                    checks_);
        return 1;
    }

  private:
    static const uint64_t kShown = 20;
    const char *name_;
    uint64_t checks_ = 0;
    uint64_t fails_ = 0;
};

// A string that an SV wrapper put into a packed vector of N 32-bit words (leading NULs dropped).
template <std::size_t N>
std::string packed_string(const VlWide<N> &w) {
    std::string s;
    for (int byte = static_cast<int>(N) * 4 - 1; byte >= 0; byte--) {
        char c = static_cast<char>((w[byte / 4] >> (8 * (byte % 4))) & 0xff);
        if (c) s += c;
    }
    return s;
}

inline int64_t sext32(uint32_t v) { return static_cast<int64_t>(static_cast<int32_t>(v)); }

}  // namespace bench

#endif
