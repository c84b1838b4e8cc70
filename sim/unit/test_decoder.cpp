// mk_decoder against the C model's mk_decode: every opcode x funct3 x funct7 with several
// choices of the other fields, every privileged encoding and its one-bit neighbours, the H and
// AMO selector fields exhaustively, and random words.
#include <memory>

#include "Vtb_decoder.h"
#include "bench.h"
#include "model_ref.h"

namespace {

struct Bench {
    Vtb_decoder dut;
    bench::Report report{"decoder"};

    void check(uint32_t w) {
        dut.instr_i = w;
        dut.eval();
        report.check();
        mk_ref_insn_t m;
        mk_ref_decode(w, &m);
        const std::string name = bench::packed_string(dut.name_o);
        if (dut.illegal_o != static_cast<unsigned>(m.illegal)) {
            report.fail("0x%08x: rtl %s, model %s", w, dut.illegal_o ? "illegal" : name.c_str(),
                        m.mnemonic);
            return;
        }
        if (m.illegal) return;
        const bool csr_imm = dut.csr_imm_o;
        unsigned rd = dut.rd_we_o ? dut.rd_o : 0;
        unsigned rs1 = dut.rs1_re_o || csr_imm ? dut.rs1_o : 0;  // model: rs1 = zimm
        unsigned rs2 = dut.rs2_re_o ? dut.rs2_o : 0;
        int64_t imm = bench::sext32(dut.imm_o);
        bool bad = name != m.mnemonic || rd != m.rd || rs1 != m.rs1 || rs2 != m.rs2 ||
                   imm != m.imm;
        const bool is_csr = name.compare(0, 3, "csr") == 0;
        if (is_csr) {
            const bool rw = name == "csrrw" || name == "csrrwi";
            bad |= dut.csr_addr_o != m.csr;
            bad |= dut.csr_we_o != (rw || ((w >> 15) & 31) != 0);  // docs/isa.md
            bad |= dut.csr_re_o != (!rw || ((w >> 7) & 31) != 0);
        }
        if (bad)
            report.fail("0x%08x: rtl %s rd=%u rs1=%u rs2=%u imm=%" PRId64
                        " csr=0x%03x we=%u re=%u; model %s rd=%u rs1=%u rs2=%u imm=%" PRId64
                        " csr=0x%03x",
                        w, name.c_str(), rd, rs1, rs2, imm, dut.csr_addr_o, dut.csr_we_o,
                        dut.csr_re_o, m.mnemonic, m.rd, m.rs1, m.rs2, m.imm, m.csr);
    }
};

}  // namespace

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    auto b = std::make_unique<Bench>();
    bench::Rng rng(0x4d4b0004);

    // Every opcode (bits 1:0 = 11) x funct3 x funct7, with the register fields all zero, all
    // ones, and random.
    for (uint32_t opc = 3; opc < 128; opc += 4)
        for (uint32_t f3 = 0; f3 < 8; f3++)
            for (uint32_t f7 = 0; f7 < 128; f7++) {
                uint32_t fixed = (f7 << 25) | (f3 << 12) | opc;
                b->check(fixed);
                b->check(fixed | 0x01ff8f80u);  // rs2, rs1, rd = 31
                for (int i = 0; i < 6; i++)
                    b->check(fixed | (static_cast<uint32_t>(rng.next()) & 0x01ff8f80u));
            }

    // SYSTEM funct3 = 0 and 4, AMO: every funct7 x rs2 field x a few rd/rs1 choices (the rs2
    // field selects HLV/HLVX variants and the privileged instructions; LR needs rs2 = 0).
    const uint32_t regs[] = {0x00000000u, 0x00008080u, 0x000f8f80u, 0x00050300u};
    for (uint32_t opc_f3 : {0x00000073u, 0x00004073u, 0x0000202fu, 0x0000302fu})
        for (uint32_t f7 = 0; f7 < 128; f7++)
            for (uint32_t rs2 = 0; rs2 < 32; rs2++)
                for (uint32_t r : regs) b->check(opc_f3 | (f7 << 25) | (rs2 << 20) | r);

    // The privileged and other exact encodings, and every one-bit change of them.
    const uint32_t exact[] = {0x00000073u, 0x00100073u, 0x30200073u, 0x10200073u,
                              0x10500073u, 0x12000073u, 0x22000073u, 0x62000073u,
                              0x0000000fu, 0x0000100fu, 0x8330000fu, 0x0100000fu,
                              0x6400c073u, 0x6c30c073u, 0x6e00c073u, 0x62b54073u,
                              0x30529073u, 0x3400a0f3u, 0x0000d073u};
    for (uint32_t w : exact) {
        b->check(w);
        for (int bit = 2; bit < 32; bit++) b->check(w ^ (1u << bit));  // bits 1:0 stay 11
    }

    // Random 32-bit instructions.
    for (int i = 0; i < 10000000; i++) b->check(static_cast<uint32_t>(rng.next()) | 3u);

    // The decoder sees only 32-bit instructions (compressed ones are expanded before): bits
    // 1:0 other than 11 are illegal.
    for (int i = 0; i < 100000; i++) {
        uint32_t w = static_cast<uint32_t>(rng.next()) & ~(i % 3 == 0 ? 3u : i % 3 == 1 ? 2u : 1u);
        b->dut.instr_i = w;
        b->dut.eval();
        b->report.check();
        if (!b->dut.illegal_o) b->report.fail("0x%08x: not a 32-bit opcode, yet legal", w);
    }
    return b->report.finish();
}
