// mk_muldiv against the C model's execute functions: every M operation on all pairs of edge
// operands and on random ones, with the latency of every operation checked to the cycle
// against the one docs/timing.md and mk_pkg give; then the handshakes: a result held while
// ready_i is 0, kill_i in the middle of an operation, and no request taken while busy.
#include <memory>
#include <vector>

#include "Vtb_muldiv.h"
#include "bench.h"
#include "model_ref.h"

namespace {

struct Op {
    unsigned code;
    bool word;
    std::string name;
    int model_op;
    unsigned latency;
};

struct Bench {
    Vtb_muldiv dut;
    bench::Report report{"muldiv"};
    std::vector<Op> ops;
    uint64_t cycle = 0;

    void tick() {
        dut.clk_i = 1;
        dut.eval();
        dut.clk_i = 0;
        dut.eval();
        cycle++;
    }

    void reset() {
        dut.rst_ni = 0;
        dut.valid_i = 0;
        dut.kill_i = 0;
        dut.ready_i = 1;
        dut.clk_i = 0;
        dut.eval();
        tick();
        dut.rst_ni = 1;
        dut.eval();
    }

    void discover() {
        for (unsigned word = 0; word < 2; word++)
            for (unsigned code = 0; code < 8; code++) {
                dut.op_i = code;
                dut.word_i = word;
                dut.eval();
                std::string name = bench::packed_string(dut.name_o);
                if (name.empty()) continue;
                Op op{code, word != 0, name, mk_ref_op(name.c_str()), dut.latency_o};
                if (op.model_op < 0) report.fail("%s: no model operation", name.c_str());
                else ops.push_back(op);
            }
        if (ops.size() != 13) report.fail("expected 13 M operations, found %zu", ops.size());
    }

    // Starts op (the unit must be ready), waits for the result, checks its value and latency.
    // hold: cycles to keep ready_i low once the result is there.
    void run(const Op &op, uint64_t a, uint64_t b, unsigned hold = 0) {
        report.check();
        if (!dut.ready_o) {
            report.fail("%s: unit not ready before a request", op.name.c_str());
            reset();
        }
        dut.valid_i = 1;
        dut.op_i = op.code;
        dut.word_i = op.word;
        dut.operand_a_i = a;
        dut.operand_b_i = b;
        dut.ready_i = hold == 0;
        dut.eval();
        tick();  // accepted here: the latency counts from this cycle
        // Operands may change once accepted.
        dut.valid_i = 0;
        dut.operand_a_i = ~a;
        dut.operand_b_i = ~b;
        dut.eval();
        unsigned latency = 1;
        while (!dut.valid_o && latency < 200) {
            if (dut.ready_o) {
                report.fail("%s: ready_o while busy", op.name.c_str());
                break;
            }
            tick();
            latency++;
        }
        uint64_t want = mk_ref_exec(op.model_op, a, b, 0, nullptr);
        if (latency != op.latency)
            report.fail("%s a=0x%016" PRIx64 " b=0x%016" PRIx64 ": latency %u, documented %u",
                        op.name.c_str(), a, b, latency, op.latency);
        if (dut.result_o != want)
            report.fail("%s a=0x%016" PRIx64 " b=0x%016" PRIx64 ": rtl 0x%016" PRIx64
                        ", model 0x%016" PRIx64,
                        op.name.c_str(), a, b, dut.result_o, want);
        for (unsigned i = 0; i < hold; i++) {
            tick();
            if (!dut.valid_o || dut.result_o != want || dut.ready_o)
                report.fail("%s: result not held while ready_i = 0", op.name.c_str());
        }
        dut.ready_i = 1;
        dut.eval();
        tick();  // the result is taken
        if (dut.valid_o || !dut.ready_o)
            report.fail("%s: not idle after the result was taken", op.name.c_str());
    }

    // Starts op and kills it after `after` cycles; the unit must be idle the cycle after.
    void kill(const Op &op, unsigned after) {
        report.check();
        dut.valid_i = 1;
        dut.op_i = op.code;
        dut.word_i = op.word;
        dut.operand_a_i = 12345;
        dut.operand_b_i = 67;
        dut.eval();
        tick();
        dut.valid_i = 0;
        for (unsigned i = 0; i < after; i++) tick();
        dut.kill_i = 1;
        dut.valid_i = 1;  // a request in the same cycle as kill_i is not taken
        dut.eval();
        tick();
        dut.kill_i = 0;
        dut.valid_i = 0;
        dut.eval();
        if (!dut.ready_o || dut.valid_o)
            report.fail("%s: not idle after kill_i (%u cycles in)", op.name.c_str(), after);
    }
};

}  // namespace

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    auto b = std::make_unique<Bench>();
    bench::Rng rng(0x4d4b00d1);
    b->reset();
    b->discover();

    for (const Op &op : b->ops)
        for (uint64_t x : bench::kEdges)
            for (uint64_t y : bench::kEdges) b->run(op, x, y);

    // Handshakes: held results, kills at every point of every operation class.
    for (const Op &op : b->ops) {
        b->run(op, rng.next(), rng.next(), 1 + rng.below(5));
        for (unsigned after = 0; after <= op.latency; after++) {
            b->kill(op, after);
            b->run(op, bench::operand(rng), bench::operand(rng));  // works normally after
        }
    }

    // Random operands: multiplies are cheap, divides take up to 65 cycles each.
    std::vector<const Op *> muls, divs;
    for (const Op &op : b->ops) (op.name.compare(0, 3, "mul") == 0 ? muls : divs).push_back(&op);
    for (int i = 0; i < 1000000; i++)
        b->run(*muls[rng.below(static_cast<uint32_t>(muls.size()))], bench::operand(rng),
               bench::operand(rng));
    for (int i = 0; i < 300000; i++) {
        uint64_t x = bench::operand(rng), y = bench::operand(rng);
        if (rng.below(8) == 0) y = rng.below(2) ? 0 : ~0ull;  // division by 0 and by -1
        b->run(*divs[rng.below(static_cast<uint32_t>(divs.size()))], x, y);
    }
    return b->report.finish();
}
