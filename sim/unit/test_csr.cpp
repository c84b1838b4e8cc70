// mk_csr (RVH = 1) against the C model's CSR file (csr.c) in M-mode: random CSR instructions
// (CSRRW, CSRRS, CSRRC and reads) on the hypervisor, VS and related M/S CSRs, with resets in
// between, each access compared (refused or not, the value read), and after every step every
// CSR of the list read on both sides and compared. What it is for: the CSRs the RTL keeps in
// LUT RAM (docs/rtl.md "CSR file"): the stored-only ones, which keep their value across a
// reset as the model does, and the read copies of htimedelta, hgatp, vstvec, vstimecmp and
// vsatp, which must read as the register's reset value after a reset until written again
// (the directed suite never resets the hart mid-run, so cosim cannot see it). Fixed seed.
#include <memory>

#include "Vmk_csr.h"
#include "bench.h"
#include "model_ref.h"

namespace {

// The CSRs compared: H and VS CSRs, the M and S ones that share their logic or RAMs, and
// menvcfg (its STCE bit gates henvcfg's). Not the time and counter CSRs, nor mip, sip, hip,
// hvip and vsip: the bench has no timer and no interrupt lines (the model reads the SoC's).
constexpr unsigned kCsrs[] = {
    0x600, 0x602, 0x603, 0x604, 0x605, 0x606, 0x60A, 0x680, 0x643, 0x64A, 0x34A, 0x34B,
    0x200, 0x204, 0x205, 0x240, 0x241, 0x242, 0x243, 0x24D, 0x280,
    0x30A, 0x340, 0x341, 0x342, 0x343, 0x105, 0x140, 0x141, 0x14D, 0x180,
};
constexpr unsigned kNumCsrs = sizeof kCsrs / sizeof kCsrs[0];

struct Bench {
    Vmk_csr dut;
    std::unique_ptr<mk_ref_csrs_t, void (*)(mk_ref_csrs_t *)> model{mk_ref_csrs_new(),
                                                                     mk_ref_csrs_free};
    bench::Report report{"csr"};
    bench::Rng rng{0x6373725f68ull};

    void tick() {
        dut.clk_i = 1;
        dut.eval();
        dut.clk_i = 0;
        dut.eval();
    }

    void reset() {
        dut.csr_valid_i = 0;
        dut.rst_ni = 0;
        dut.eval();
        tick();
        dut.rst_ni = 1;
        dut.eval();
        mk_ref_csrs_reset(model.get());
    }

    // One CSR instruction on both sides (op 0: a read only); compares what it reads.
    void access(unsigned addr, unsigned op, uint64_t operand, const char *when) {
        bool writes = op == 1 || (op != 0 && operand != 0);
        dut.csr_valid_i = 0;
        dut.csr_op_i = op == 0 ? 2 : op;   // a read is CSRRS with no write
        dut.csr_addr_i = addr;
        dut.csr_we_i = writes;
        dut.csr_operand_i = operand;
        dut.eval();
        bool rtl_ok = !dut.csr_illegal_o;
        uint64_t rtl_old = dut.csr_rdata_o;
        uint64_t ref_old = 0;
        bool ref_ok = mk_ref_csrs_access(model.get(), addr, writes ? op : 0, operand, &ref_old);
        report.check();
        if (rtl_ok != ref_ok) {
            report.fail("%s: csr 0x%03x op %u: RTL %s, model %s", when, addr, op,
                        rtl_ok ? "allows" : "refuses", ref_ok ? "allows" : "refuses");
        } else if (rtl_ok && rtl_old != ref_old) {
            report.fail("%s: csr 0x%03x reads 0x%016" PRIx64 ", model 0x%016" PRIx64, when,
                        addr, rtl_old, ref_old);
        }
        if (rtl_ok && writes) {
            dut.csr_valid_i = 1;
            tick();
            dut.csr_valid_i = 0;
            dut.eval();
        }
    }

    void read_all(const char *when) {
        for (unsigned addr : kCsrs) access(addr, 0, 0, when);
    }

    // An operand: bench::operand, and for the translation CSRs one with a chosen MODE.
    uint64_t operand(unsigned addr) {
        uint64_t v = bench::operand(rng);
        if ((addr == 0x180 || addr == 0x280 || addr == 0x680) && rng.below(2)) {
            static const uint64_t kModes[] = {0, 8, 9, 10, 1};
            v = (v & ~(0xfull << 60)) | kModes[rng.below(5)] << 60;
        }
        return v;
    }

    int run() {
        dut.trap_i = 0;
        dut.mret_i = 0;
        dut.sret_i = 0;
        dut.xret_m_i = 0;
        dut.xret_s_i = 0;
        dut.retire_i = 0;
        dut.irq_msip_i = 0;
        dut.irq_mtip_i = 0;
        dut.irq_meip_i = 0;
        dut.irq_seip_i = 0;
        dut.mtime_i = 0;
        dut.clk_i = 0;
        reset();
        read_all("after reset");
        // Every CSR written with all ones, then a reset: what keeps and what resets.
        for (unsigned addr : kCsrs) access(addr, 1, ~0ull, "all ones");
        read_all("all ones");
        reset();
        read_all("reset after all ones");
        for (unsigned step = 0; step < 4000; step++) {
            if (rng.below(40) == 0) {
                reset();
                read_all("after a reset");
                continue;
            }
            unsigned addr = kCsrs[rng.below(kNumCsrs)];
            access(addr, rng.below(4), operand(addr), "random");
            if (step % 8 == 0) read_all("random, all");
        }
        return report.finish();
    }
};

}  // namespace

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    auto b = std::make_unique<Bench>();
    return b->run();
}
