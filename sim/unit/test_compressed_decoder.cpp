// mk_compressed_decoder, exhaustively: all 65536 values of the low 16 bits (with random upper
// bits, which a compressed instruction must ignore). For a compressed encoding, the RTL's
// expansion decoded by the C model must be the same operation, registers and immediate as the
// model's own decoding of the 16 bits, and illegal must agree; a 32-bit encoding must pass
// through unchanged.
#include <memory>

#include "Vmk_compressed_decoder.h"
#include "bench.h"
#include "model_ref.h"

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    auto dut = std::make_unique<Vmk_compressed_decoder>();
    bench::Report report("compressed_decoder");
    bench::Rng rng(0x4d4b0016);

    for (int round = 0; round < 4; round++) {
        for (uint32_t c = 0; c < 0x10000; c++) {
            // Round 0: upper half zero; then random upper halves.
            uint32_t upper = round == 0 ? 0 : static_cast<uint32_t>(rng.next()) & 0xffff0000u;
            uint32_t w = upper | c;
            dut->instr_i = w;
            dut->eval();
            report.check();
            if ((c & 3) == 3) {
                if (dut->instr_o != w || dut->is_compressed_o || dut->illegal_o)
                    report.fail("0x%08x (32-bit): instr_o 0x%08x compressed %u illegal %u", w,
                                dut->instr_o, dut->is_compressed_o, dut->illegal_o);
                continue;
            }
            mk_ref_insn_t m, e;
            mk_ref_decode(c, &m);
            if (!dut->is_compressed_o) {
                report.fail("0x%04x: is_compressed_o = 0", c);
                continue;
            }
            if (dut->illegal_o != static_cast<unsigned>(m.illegal)) {
                report.fail("0x%04x: rtl %s, model %s", c, dut->illegal_o ? "illegal" : "legal",
                            m.mnemonic);
                continue;
            }
            if (m.illegal) continue;
            uint32_t x = dut->instr_o;
            mk_ref_decode(x, &e);
            if (e.len != 4 || std::string(e.mnemonic) != m.mnemonic || e.rd != m.rd ||
                e.rs1 != m.rs1 || e.rs2 != m.rs2 || e.imm != m.imm || e.csr != m.csr)
                report.fail("0x%04x -> 0x%08x: expansion is %s rd=%u rs1=%u rs2=%u imm=%" PRId64
                            ", model %s rd=%u rs1=%u rs2=%u imm=%" PRId64,
                            c, x, e.mnemonic, e.rd, e.rs1, e.rs2, e.imm, m.mnemonic, m.rd, m.rs1,
                            m.rs2, m.imm);
        }
    }
    return report.finish();
}
