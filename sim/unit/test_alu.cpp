// mk_alu against the C model's execute functions: every operation on all pairs of edge operands
// and on millions of random ones. Register-register results must equal the model's rd; the
// comparisons must agree with the model's branch decision (and SLT/SLTU for LT/LTU), and give
// that decision as a 0/1 result. The immediate forms (ADDI, SLLI...) run the same operation
// with the immediate as operand B; they are checked through their model functions too, for the
// immediates the decoder can produce.
#include <memory>
#include <vector>

#include "Vtb_alu.h"
#include "bench.h"
#include "model_ref.h"

namespace {

struct Op {
    unsigned code;       // the RTL's alu_op_e value
    std::string name;
    bool is_cmp;
    int model_op;        // the register form (or the branch)
    int model_slt;       // LT/LTU: SLT/SLTU, else -1
    int model_imm;       // the immediate form, or -1
    bool imm_is_shamt;   // the immediate form's immediate is a shift amount
};

struct Bench {
    Vtb_alu dut;
    bench::Report report{"alu"};
    std::vector<Op> ops;

    void discover() {
        for (unsigned code = 0; code < 32; code++) {
            dut.op_i = code;
            dut.eval();
            if (!dut.valid_op_o) continue;
            Op op{code, bench::packed_string(dut.name_o), dut.is_cmp_o != 0, -1, -1, -1, false};
            op.model_op = mk_ref_op(op.name.c_str());
            if (op.name == "blt") op.model_slt = mk_ref_op("slt");
            if (op.name == "bltu") op.model_slt = mk_ref_op("sltu");
            static const char *const imm_forms[][2] = {
                {"add", "addi"},   {"xor", "xori"},   {"or", "ori"},     {"and", "andi"},
                {"sll", "slli"},   {"srl", "srli"},   {"sra", "srai"},   {"addw", "addiw"},
                {"sllw", "slliw"}, {"srlw", "srliw"}, {"sraw", "sraiw"}, {"blt", "slti"},
                {"bltu", "sltiu"}};
            for (auto &f : imm_forms)
                if (op.name == f[0]) {
                    op.model_imm = mk_ref_op(f[1]);
                    op.imm_is_shamt = op.name[0] == 's';
                }
            if (op.model_op < 0) {
                report.fail("ALU op %u (%s) has no model operation", code, op.name.c_str());
                continue;
            }
            ops.push_back(op);
        }
        if (ops.size() != 19) report.fail("expected 19 ALU operations, found %zu", ops.size());
    }

    void check(const Op &op, uint64_t a, uint64_t b) {
        dut.op_i = op.code;
        dut.operand_a_i = a;
        dut.operand_b_i = b;
        dut.eval();
        report.check();
        int taken = 0;
        uint64_t want = mk_ref_exec(op.model_op, a, b, 8, &taken);
        if (op.is_cmp) {
            if (dut.cmp_o != static_cast<unsigned>(taken) || dut.result_o != dut.cmp_o)
                report.fail("%s a=0x%016" PRIx64 " b=0x%016" PRIx64
                            ": cmp %u result 0x%" PRIx64 ", model taken %d",
                            op.name.c_str(), a, b, dut.cmp_o, dut.result_o, taken);
            if (op.model_slt >= 0) want = mk_ref_exec(op.model_slt, a, b, 0, nullptr);
            else return;
        } else if (dut.cmp_o) {
            report.fail("%s: cmp_o = 1 for a non-comparison", op.name.c_str());
        }
        if (dut.result_o != want)
            report.fail("%s a=0x%016" PRIx64 " b=0x%016" PRIx64 ": rtl 0x%016" PRIx64
                        ", model 0x%016" PRIx64,
                        op.name.c_str(), a, b, dut.result_o, want);
        if (op.model_imm < 0) return;
        // The immediate form: operand B is the sign-extended 12-bit immediate, or the shift
        // amount (6 bits, 5 for the W forms) as the decoder gives it.
        int64_t imm = op.imm_is_shamt ? static_cast<int64_t>(b & (op.name.back() == 'w' ? 31 : 63))
                                      : static_cast<int64_t>(((b & 0xfff) ^ 0x800)) - 0x800;
        dut.operand_b_i = static_cast<uint64_t>(imm);
        dut.eval();
        report.check();
        uint64_t want_imm = mk_ref_exec(op.model_imm, a, 0, imm, nullptr);
        if (dut.result_o != want_imm)
            report.fail("%s-imm a=0x%016" PRIx64 " imm=%" PRId64 ": rtl 0x%016" PRIx64
                        ", model 0x%016" PRIx64,
                        op.name.c_str(), a, imm, dut.result_o, want_imm);
    }
};

}  // namespace

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    auto b = std::make_unique<Bench>();
    bench::Rng rng(0x4d4b00a1);
    b->discover();

    for (const Op &op : b->ops)
        for (uint64_t x : bench::kEdges)
            for (uint64_t y : bench::kEdges) b->check(op, x, y);

    // Shift amounts: every amount with the bits above it set, for every shift.
    for (const Op &op : b->ops)
        for (uint64_t sh = 0; sh < 128; sh++) {
            b->check(op, 0x8000000080000001ull, sh | 0xffffffffffffff00ull);
            b->check(op, rng.next(), sh);
        }

    for (int i = 0; i < 4000000; i++) {
        const Op &op = b->ops[rng.below(static_cast<uint32_t>(b->ops.size()))];
        uint64_t x = bench::operand(rng);
        uint64_t y = rng.below(4) == 0 ? x : bench::operand(rng);  // equal operands too
        b->check(op, x, y);
    }
    return b->report.finish();
}
