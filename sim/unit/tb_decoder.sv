// Bench wrapper of mk_decoder: the decoded record as separate ports, and its operation as the
// C model's mnemonic, derived from every field that selects the operation (unit, ALU op and
// operand sources, LSU op, size and signedness, AMO, mul/div, CSR and system ops). A field that
// is wrong gives a wrong name, so the bench's comparison with mk_decode covers them all.
module tb_decoder (
  input  logic [31:0] instr_i,
  output logic        illegal_o,
  output logic [95:0] name_o,
  output logic [4:0]  rd_o,
  output logic [4:0]  rs1_o,
  output logic [4:0]  rs2_o,
  output logic        rd_we_o,
  output logic        rs1_re_o,
  output logic        rs2_re_o,
  output logic [31:0] imm_o,
  output logic [11:0] csr_addr_o,
  output logic        csr_re_o,
  output logic        csr_we_o,
  output logic        csr_imm_o
);
  mk_pkg::decoded_t d;

  mk_decoder u_dut (.instr_i(instr_i), .dec_o(d));

  assign illegal_o  = d.illegal;
  assign rd_o       = d.rd;
  assign rs1_o      = d.rs1;
  assign rs2_o      = d.rs2;
  assign rd_we_o    = d.rd_we;
  assign rs1_re_o   = d.rs1_re;
  assign rs2_re_o   = d.rs2_re;
  assign imm_o      = d.imm;
  assign csr_addr_o = d.csr_addr;
  assign csr_re_o   = d.csr_re;
  assign csr_we_o   = d.csr_we;
  assign csr_imm_o  = d.csr_imm;

  logic [15:0] sfx;  // ".w" / ".d" by size

  always_comb begin
    sfx = d.lsu_size == 2'd3 ? ".d" : d.lsu_size == 2'd2 ? ".w" : ".?";
    name_o = "?";
    if (d.illegal) begin
      name_o = "illegal";
    end else begin
      unique case (d.fu)
        mk_pkg::FU_ALU: begin
          if (d.opb_sel == mk_pkg::OPB_IMM && d.opa_sel == mk_pkg::OPA_ZERO &&
              d.alu_op == mk_pkg::ALU_ADD) begin
            name_o = "lui";
          end else if (d.opb_sel == mk_pkg::OPB_IMM && d.opa_sel == mk_pkg::OPA_PC &&
                       d.alu_op == mk_pkg::ALU_ADD) begin
            name_o = "auipc";
          end else if (d.opb_sel == mk_pkg::OPB_IMM && d.opa_sel == mk_pkg::OPA_RS1) begin
            unique case (d.alu_op)
              mk_pkg::ALU_ADD:  name_o = "addi";
              mk_pkg::ALU_LT:   name_o = "slti";
              mk_pkg::ALU_LTU:  name_o = "sltiu";
              mk_pkg::ALU_XOR:  name_o = "xori";
              mk_pkg::ALU_OR:   name_o = "ori";
              mk_pkg::ALU_AND:  name_o = "andi";
              mk_pkg::ALU_SLL:  name_o = "slli";
              mk_pkg::ALU_SRL:  name_o = "srli";
              mk_pkg::ALU_SRA:  name_o = "srai";
              mk_pkg::ALU_ADDW: name_o = "addiw";
              mk_pkg::ALU_SLLW: name_o = "slliw";
              mk_pkg::ALU_SRLW: name_o = "srliw";
              mk_pkg::ALU_SRAW: name_o = "sraiw";
              default:          name_o = "?alu-imm";
            endcase
          end else if (d.opb_sel == mk_pkg::OPB_RS2 && d.opa_sel == mk_pkg::OPA_RS1) begin
            unique case (d.alu_op)
              mk_pkg::ALU_ADD:  name_o = "add";
              mk_pkg::ALU_SUB:  name_o = "sub";
              mk_pkg::ALU_LT:   name_o = "slt";
              mk_pkg::ALU_LTU:  name_o = "sltu";
              mk_pkg::ALU_XOR:  name_o = "xor";
              mk_pkg::ALU_OR:   name_o = "or";
              mk_pkg::ALU_AND:  name_o = "and";
              mk_pkg::ALU_SLL:  name_o = "sll";
              mk_pkg::ALU_SRL:  name_o = "srl";
              mk_pkg::ALU_SRA:  name_o = "sra";
              mk_pkg::ALU_ADDW: name_o = "addw";
              mk_pkg::ALU_SUBW: name_o = "subw";
              mk_pkg::ALU_SLLW: name_o = "sllw";
              mk_pkg::ALU_SRLW: name_o = "srlw";
              mk_pkg::ALU_SRAW: name_o = "sraw";
              default:          name_o = "?alu-reg";
            endcase
          end
        end
        mk_pkg::FU_BRANCH: begin
          if (d.opa_sel == mk_pkg::OPA_RS1 && d.opb_sel == mk_pkg::OPB_RS2) begin
            unique case (d.alu_op)
              mk_pkg::ALU_EQ:  name_o = "beq";
              mk_pkg::ALU_NE:  name_o = "bne";
              mk_pkg::ALU_LT:  name_o = "blt";
              mk_pkg::ALU_GE:  name_o = "bge";
              mk_pkg::ALU_LTU: name_o = "bltu";
              mk_pkg::ALU_GEU: name_o = "bgeu";
              default:         name_o = "?branch";
            endcase
          end
        end
        mk_pkg::FU_JAL, mk_pkg::FU_JALR: begin
          if (d.opa_sel == mk_pkg::OPA_PC && d.opb_sel == mk_pkg::OPB_LEN &&
              d.alu_op == mk_pkg::ALU_ADD)
            name_o = d.fu == mk_pkg::FU_JAL ? "jal" : "jalr";
        end
        mk_pkg::FU_LSU: begin
          if (d.lsu_hyp) begin
            unique case ({d.lsu_op == mk_pkg::LSU_STORE, d.lsu_size, d.lsu_unsigned,
                          d.lsu_hlvx})
              5'b0_00_0_0: name_o = "hlv.b";
              5'b0_00_1_0: name_o = "hlv.bu";
              5'b0_01_0_0: name_o = "hlv.h";
              5'b0_01_1_0: name_o = "hlv.hu";
              5'b0_01_1_1: name_o = "hlvx.hu";
              5'b0_10_0_0: name_o = "hlv.w";
              5'b0_10_1_0: name_o = "hlv.wu";
              5'b0_10_1_1: name_o = "hlvx.wu";
              5'b0_11_0_0: name_o = "hlv.d";
              5'b1_00_0_0: name_o = "hsv.b";
              5'b1_01_0_0: name_o = "hsv.h";
              5'b1_10_0_0: name_o = "hsv.w";
              5'b1_11_0_0: name_o = "hsv.d";
              default:     name_o = "?hyp";
            endcase
            if (d.lsu_op != mk_pkg::LSU_LOAD && d.lsu_op != mk_pkg::LSU_STORE) name_o = "?hyp";
          end else if (d.lsu_hlvx) begin
            name_o = "?hlvx";
          end else begin
            unique case (d.lsu_op)
              mk_pkg::LSU_LOAD: begin
                unique case ({d.lsu_size, d.lsu_unsigned})
                  3'b00_0: name_o = "lb";
                  3'b01_0: name_o = "lh";
                  3'b10_0: name_o = "lw";
                  3'b11_0: name_o = "ld";
                  3'b00_1: name_o = "lbu";
                  3'b01_1: name_o = "lhu";
                  3'b10_1: name_o = "lwu";
                  default: name_o = "?load";
                endcase
              end
              mk_pkg::LSU_STORE: begin
                unique case (d.lsu_size)
                  2'd0:    name_o = "sb";
                  2'd1:    name_o = "sh";
                  2'd2:    name_o = "sw";
                  default: name_o = "sd";
                endcase
              end
              mk_pkg::LSU_LR: name_o = {"lr", sfx};
              mk_pkg::LSU_SC: name_o = {"sc", sfx};
              mk_pkg::LSU_AMO: begin
                unique case (d.amo_op)
                  mk_pkg::AMO_SWAP: name_o = {"amoswap", sfx};
                  mk_pkg::AMO_ADD:  name_o = {"amoadd", sfx};
                  mk_pkg::AMO_XOR:  name_o = {"amoxor", sfx};
                  mk_pkg::AMO_AND:  name_o = {"amoand", sfx};
                  mk_pkg::AMO_OR:   name_o = {"amoor", sfx};
                  mk_pkg::AMO_MIN:  name_o = {"amomin", sfx};
                  mk_pkg::AMO_MAX:  name_o = {"amomax", sfx};
                  mk_pkg::AMO_MINU: name_o = {"amominu", sfx};
                  mk_pkg::AMO_MAXU: name_o = {"amomaxu", sfx};
                  default:          name_o = "?amo";
                endcase
              end
              default: name_o = "?lsu";
            endcase
          end
        end
        mk_pkg::FU_MULDIV: begin
          unique case ({d.md_word, d.md_op})
            {1'b0, mk_pkg::MD_MUL}:    name_o = "mul";
            {1'b0, mk_pkg::MD_MULH}:   name_o = "mulh";
            {1'b0, mk_pkg::MD_MULHSU}: name_o = "mulhsu";
            {1'b0, mk_pkg::MD_MULHU}:  name_o = "mulhu";
            {1'b0, mk_pkg::MD_DIV}:    name_o = "div";
            {1'b0, mk_pkg::MD_DIVU}:   name_o = "divu";
            {1'b0, mk_pkg::MD_REM}:    name_o = "rem";
            {1'b0, mk_pkg::MD_REMU}:   name_o = "remu";
            {1'b1, mk_pkg::MD_MUL}:    name_o = "mulw";
            {1'b1, mk_pkg::MD_DIV}:    name_o = "divw";
            {1'b1, mk_pkg::MD_DIVU}:   name_o = "divuw";
            {1'b1, mk_pkg::MD_REM}:    name_o = "remw";
            {1'b1, mk_pkg::MD_REMU}:   name_o = "remuw";
            default:                   name_o = "?muldiv";
          endcase
        end
        mk_pkg::FU_CSR: begin
          unique case ({d.csr_imm, d.csr_op})
            {1'b0, mk_pkg::CSR_RW}: name_o = "csrrw";
            {1'b0, mk_pkg::CSR_RS}: name_o = "csrrs";
            {1'b0, mk_pkg::CSR_RC}: name_o = "csrrc";
            {1'b1, mk_pkg::CSR_RW}: name_o = "csrrwi";
            {1'b1, mk_pkg::CSR_RS}: name_o = "csrrsi";
            {1'b1, mk_pkg::CSR_RC}: name_o = "csrrci";
            default:                name_o = "?csr";
          endcase
        end
        default: begin  // FU_SYS
          unique case (d.sys_op)
            mk_pkg::SYS_ECALL:       name_o = "ecall";
            mk_pkg::SYS_EBREAK:      name_o = "ebreak";
            mk_pkg::SYS_MRET:        name_o = "mret";
            mk_pkg::SYS_SRET:        name_o = "sret";
            mk_pkg::SYS_WFI:         name_o = "wfi";
            mk_pkg::SYS_FENCE:       name_o = "fence";
            mk_pkg::SYS_FENCE_I:     name_o = "fence.i";
            mk_pkg::SYS_SFENCE_VMA:  name_o = "sfence.vma";
            mk_pkg::SYS_HFENCE_VVMA: name_o = "hfence.vvma";
            mk_pkg::SYS_HFENCE_GVMA: name_o = "hfence.gvma";
            default:                 name_o = "?sys";
          endcase
        end
      endcase
      // Only memory operations may name an LSU op, only mul/div a W flag and so on: a stray
      // field would make the pipeline do two things at once.
      if ((d.fu != mk_pkg::FU_LSU) && (d.lsu_op != mk_pkg::LSU_NONE)) name_o = "?stray-lsu";
      if ((d.fu != mk_pkg::FU_SYS) && (d.sys_op != mk_pkg::SYS_NONE)) name_o = "?stray-sys";
      if ((d.fu != mk_pkg::FU_MULDIV) && d.md_word) name_o = "?stray-md";
      if ((d.fu != mk_pkg::FU_CSR) && (d.csr_re || d.csr_we)) name_o = "?stray-csr";
    end
  end
endmodule
