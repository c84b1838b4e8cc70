// Instruction decoder: a 32-bit instruction (compressed ones are expanded before, by
// mk_compressed_decoder) to the decoded record mk_pkg::decoded_t. It covers RV64IMA, Zicsr,
// Zifencei and the privileged instructions including the H extension's (HLV, HLVX, HSV,
// HFENCE.VVMA/GVMA). Anything else is illegal; HINTs and the ignored fields of FENCE are legal.
// Privilege checks are not made here (see mk_pkg::decoded_t). Purely combinational.
module mk_decoder (
  input  logic [31:0]      instr_i,
  output mk_pkg::decoded_t dec_o
);

  logic [6:0] funct7;
  logic [2:0] funct3;
  logic [4:0] rs1, rs2, rd;

  assign funct7 = instr_i[31:25];
  assign funct3 = instr_i[14:12];
  assign rs1    = instr_i[19:15];
  assign rs2    = instr_i[24:20];
  assign rd     = instr_i[11:7];

  // The immediates of the base formats, sign-extended to 32 bits.
  logic [31:0] imm_i, imm_s, imm_b, imm_u, imm_j, shamt, zimm;

  assign imm_i = {{20{instr_i[31]}}, instr_i[31:20]};
  assign imm_s = {{20{instr_i[31]}}, instr_i[31:25], instr_i[11:7]};
  assign imm_b = {{19{instr_i[31]}}, instr_i[31], instr_i[7], instr_i[30:25], instr_i[11:8],
                  1'b0};
  assign imm_u = {instr_i[31:12], 12'b0};
  assign imm_j = {{11{instr_i[31]}}, instr_i[31], instr_i[19:12], instr_i[20], instr_i[30:21],
                  1'b0};
  // Bit 25 is 0 in every legal 32-bit shift (it is part of funct7 there).
  assign shamt = {26'b0, instr_i[25:20]};
  assign zimm  = {27'b0, instr_i[19:15]};

  mk_pkg::decoded_t d;

  always_comb begin
    d              = '0;
    d.illegal      = 1'b0;
    d.fu           = mk_pkg::FU_ALU;
    d.alu_op       = mk_pkg::ALU_ADD;
    d.opa_sel      = mk_pkg::OPA_RS1;
    d.opb_sel      = mk_pkg::OPB_IMM;
    d.imm          = '0;
    d.rs1          = rs1;
    d.rs2          = rs2;
    d.rd           = rd;
    d.lsu_op       = mk_pkg::LSU_NONE;
    d.lsu_size     = funct3[1:0];  // loads, stores, AMOs
    d.amo_op       = mk_pkg::AMO_SWAP;
    d.md_op        = mk_pkg::MD_MUL;
    d.csr_op       = mk_pkg::CSR_RW;
    d.csr_addr     = instr_i[31:20];
    d.sys_op       = mk_pkg::SYS_NONE;

    unique case (instr_i[6:0])
      mk_pkg::OPC_LUI: begin
        d.rd_we   = 1'b1;
        d.opa_sel = mk_pkg::OPA_ZERO;
        d.imm     = imm_u;
      end

      mk_pkg::OPC_AUIPC: begin
        d.rd_we   = 1'b1;
        d.opa_sel = mk_pkg::OPA_PC;
        d.imm     = imm_u;
      end

      mk_pkg::OPC_JAL: begin
        d.fu      = mk_pkg::FU_JAL;
        d.rd_we   = 1'b1;
        d.opa_sel = mk_pkg::OPA_PC;
        d.opb_sel = mk_pkg::OPB_LEN;
        d.imm     = imm_j;
      end

      mk_pkg::OPC_JALR: begin
        d.fu      = mk_pkg::FU_JALR;
        d.rs1_re  = 1'b1;
        d.rd_we   = 1'b1;
        d.opa_sel = mk_pkg::OPA_PC;
        d.opb_sel = mk_pkg::OPB_LEN;
        d.imm     = imm_i;
        d.illegal = funct3 != 3'b000;
      end

      mk_pkg::OPC_BRANCH: begin
        d.fu      = mk_pkg::FU_BRANCH;
        d.rs1_re  = 1'b1;
        d.rs2_re  = 1'b1;
        d.opb_sel = mk_pkg::OPB_RS2;
        d.imm     = imm_b;
        unique case (funct3)
          3'b000:  d.alu_op = mk_pkg::ALU_EQ;
          3'b001:  d.alu_op = mk_pkg::ALU_NE;
          3'b100:  d.alu_op = mk_pkg::ALU_LT;
          3'b101:  d.alu_op = mk_pkg::ALU_GE;
          3'b110:  d.alu_op = mk_pkg::ALU_LTU;
          3'b111:  d.alu_op = mk_pkg::ALU_GEU;
          default: d.illegal = 1'b1;
        endcase
      end

      mk_pkg::OPC_LOAD: begin
        d.fu           = mk_pkg::FU_LSU;
        d.lsu_op       = mk_pkg::LSU_LOAD;
        d.lsu_unsigned = funct3[2];
        d.rs1_re       = 1'b1;
        d.rd_we        = 1'b1;
        d.imm          = imm_i;
        d.illegal      = funct3 == 3'b111;
      end

      mk_pkg::OPC_STORE: begin
        d.fu      = mk_pkg::FU_LSU;
        d.lsu_op  = mk_pkg::LSU_STORE;
        d.rs1_re  = 1'b1;
        d.rs2_re  = 1'b1;
        d.imm     = imm_s;
        d.illegal = funct3[2];
      end

      mk_pkg::OPC_OP_IMM: begin
        d.rs1_re = 1'b1;
        d.rd_we  = 1'b1;
        d.imm    = imm_i;
        unique case (funct3)
          3'b000: d.alu_op = mk_pkg::ALU_ADD;
          3'b010: d.alu_op = mk_pkg::ALU_LT;
          3'b011: d.alu_op = mk_pkg::ALU_LTU;
          3'b100: d.alu_op = mk_pkg::ALU_XOR;
          3'b110: d.alu_op = mk_pkg::ALU_OR;
          3'b111: d.alu_op = mk_pkg::ALU_AND;
          3'b001: begin
            d.alu_op  = mk_pkg::ALU_SLL;
            d.imm     = shamt;
            d.illegal = funct7[6:1] != 6'b000000;
          end
          default: begin  // 3'b101
            d.alu_op  = funct7[5] ? mk_pkg::ALU_SRA : mk_pkg::ALU_SRL;
            d.imm     = shamt;
            d.illegal = {funct7[6], funct7[4:1]} != 5'b00000;
          end
        endcase
      end

      mk_pkg::OPC_OP_IMM32: begin
        d.rs1_re = 1'b1;
        d.rd_we  = 1'b1;
        d.imm    = shamt;
        unique case (funct3)
          3'b000: begin
            d.alu_op = mk_pkg::ALU_ADDW;
            d.imm    = imm_i;
          end
          3'b001: begin
            d.alu_op  = mk_pkg::ALU_SLLW;
            d.illegal = funct7 != 7'b0000000;
          end
          3'b101: begin
            d.alu_op  = funct7[5] ? mk_pkg::ALU_SRAW : mk_pkg::ALU_SRLW;
            d.illegal = {funct7[6], funct7[4:0]} != 6'b000000;
          end
          default: d.illegal = 1'b1;
        endcase
      end

      mk_pkg::OPC_OP: begin
        d.rs1_re  = 1'b1;
        d.rs2_re  = 1'b1;
        d.rd_we   = 1'b1;
        d.opb_sel = mk_pkg::OPB_RS2;
        unique case (funct7)
          7'b0000000: begin
            unique case (funct3)
              3'b000: d.alu_op = mk_pkg::ALU_ADD;
              3'b001: d.alu_op = mk_pkg::ALU_SLL;
              3'b010: d.alu_op = mk_pkg::ALU_LT;
              3'b011: d.alu_op = mk_pkg::ALU_LTU;
              3'b100: d.alu_op = mk_pkg::ALU_XOR;
              3'b101: d.alu_op = mk_pkg::ALU_SRL;
              3'b110: d.alu_op = mk_pkg::ALU_OR;
              default: d.alu_op = mk_pkg::ALU_AND;
            endcase
          end
          7'b0000001: begin
            d.fu = mk_pkg::FU_MULDIV;
            unique case (funct3)
              3'b000: d.md_op = mk_pkg::MD_MUL;
              3'b001: d.md_op = mk_pkg::MD_MULH;
              3'b010: d.md_op = mk_pkg::MD_MULHSU;
              3'b011: d.md_op = mk_pkg::MD_MULHU;
              3'b100: d.md_op = mk_pkg::MD_DIV;
              3'b101: d.md_op = mk_pkg::MD_DIVU;
              3'b110: d.md_op = mk_pkg::MD_REM;
              default: d.md_op = mk_pkg::MD_REMU;
            endcase
          end
          7'b0100000: begin
            unique case (funct3)
              3'b000:  d.alu_op = mk_pkg::ALU_SUB;
              3'b101:  d.alu_op = mk_pkg::ALU_SRA;
              default: d.illegal = 1'b1;
            endcase
          end
          default: d.illegal = 1'b1;
        endcase
      end

      mk_pkg::OPC_OP32: begin
        d.rs1_re  = 1'b1;
        d.rs2_re  = 1'b1;
        d.rd_we   = 1'b1;
        d.opb_sel = mk_pkg::OPB_RS2;
        unique case (funct7)
          7'b0000000: begin
            unique case (funct3)
              3'b000:  d.alu_op = mk_pkg::ALU_ADDW;
              3'b001:  d.alu_op = mk_pkg::ALU_SLLW;
              3'b101:  d.alu_op = mk_pkg::ALU_SRLW;
              default: d.illegal = 1'b1;
            endcase
          end
          7'b0000001: begin
            d.fu      = mk_pkg::FU_MULDIV;
            d.md_word = 1'b1;
            unique case (funct3)
              3'b000:  d.md_op = mk_pkg::MD_MUL;
              3'b100:  d.md_op = mk_pkg::MD_DIV;
              3'b101:  d.md_op = mk_pkg::MD_DIVU;
              3'b110:  d.md_op = mk_pkg::MD_REM;
              3'b111:  d.md_op = mk_pkg::MD_REMU;
              default: d.illegal = 1'b1;
            endcase
          end
          7'b0100000: begin
            unique case (funct3)
              3'b000:  d.alu_op = mk_pkg::ALU_SUBW;
              3'b101:  d.alu_op = mk_pkg::ALU_SRAW;
              default: d.illegal = 1'b1;
            endcase
          end
          default: d.illegal = 1'b1;
        endcase
      end

      mk_pkg::OPC_AMO: begin
        // The aq and rl bits (26:25) are accepted and have no further effect: the core
        // performs every memory access in order.
        d.fu      = mk_pkg::FU_LSU;
        d.lsu_op  = mk_pkg::LSU_AMO;
        d.rs1_re  = 1'b1;
        d.rs2_re  = 1'b1;
        d.rd_we   = 1'b1;
        d.illegal = funct3[2:1] != 2'b01;  // .W (010) and .D (011) only
        unique case (instr_i[31:27])
          5'b00010: begin
            d.lsu_op = mk_pkg::LSU_LR;
            d.rs2_re = 1'b0;
            if (rs2 != 5'd0) d.illegal = 1'b1;
          end
          5'b00011: d.lsu_op = mk_pkg::LSU_SC;
          5'b00001: d.amo_op = mk_pkg::AMO_SWAP;
          5'b00000: d.amo_op = mk_pkg::AMO_ADD;
          5'b00100: d.amo_op = mk_pkg::AMO_XOR;
          5'b01100: d.amo_op = mk_pkg::AMO_AND;
          5'b01000: d.amo_op = mk_pkg::AMO_OR;
          5'b10000: d.amo_op = mk_pkg::AMO_MIN;
          5'b10100: d.amo_op = mk_pkg::AMO_MAX;
          5'b11000: d.amo_op = mk_pkg::AMO_MINU;
          5'b11100: d.amo_op = mk_pkg::AMO_MAXU;
          default:  d.illegal = 1'b1;
        endcase
      end

      mk_pkg::OPC_MISC_MEM: begin
        // FENCE (incl. FENCE.TSO and PAUSE) and FENCE.I; their unused fields are ignored, as
        // the base ISA requires.
        d.fu = mk_pkg::FU_SYS;
        unique case (funct3)
          3'b000:  d.sys_op = mk_pkg::SYS_FENCE;
          3'b001:  d.sys_op = mk_pkg::SYS_FENCE_I;
          default: d.illegal = 1'b1;
        endcase
      end

      mk_pkg::OPC_SYSTEM: begin
        unique case (funct3)
          3'b000: begin
            d.fu = mk_pkg::FU_SYS;
            unique case (instr_i)
              32'h0000_0073: d.sys_op = mk_pkg::SYS_ECALL;
              32'h0010_0073: d.sys_op = mk_pkg::SYS_EBREAK;
              32'h3020_0073: d.sys_op = mk_pkg::SYS_MRET;
              32'h1020_0073: d.sys_op = mk_pkg::SYS_SRET;
              32'h1050_0073: d.sys_op = mk_pkg::SYS_WFI;
              default: begin
                // SFENCE.VMA, HFENCE.VVMA, HFENCE.GVMA: rd = 0, rs1 and rs2 are operands.
                d.rs1_re = 1'b1;
                d.rs2_re = 1'b1;
                if (rd != 5'd0) begin
                  d.illegal = 1'b1;
                end else begin
                  unique case (funct7)
                    7'b0001001: d.sys_op = mk_pkg::SYS_SFENCE_VMA;
                    7'b0010001: d.sys_op = mk_pkg::SYS_HFENCE_VVMA;
                    7'b0110001: d.sys_op = mk_pkg::SYS_HFENCE_GVMA;
                    default:    d.illegal = 1'b1;
                  endcase
                end
              end
            endcase
          end

          3'b100: begin
            // HLV/HLVX (funct7 = 0110xx0, the rs2 field selects the variant) and HSV
            // (funct7 = 0110xx1, rd = 0); funct7[2:1] is the access size.
            d.fu       = mk_pkg::FU_LSU;
            d.lsu_hyp  = 1'b1;
            d.lsu_size = funct7[2:1];
            d.rs1_re   = 1'b1;
            if (funct7[6:3] != 4'b0110) begin
              d.illegal = 1'b1;
            end else if (funct7[0]) begin
              d.lsu_op  = mk_pkg::LSU_STORE;
              d.rs2_re  = 1'b1;
              d.illegal = rd != 5'd0;
            end else begin
              d.lsu_op       = mk_pkg::LSU_LOAD;
              d.rd_we        = 1'b1;
              d.lsu_unsigned = rs2[0];
              d.lsu_hlvx     = rs2 == 5'd3;
              unique case (rs2)
                5'd0:    d.illegal = 1'b0;                                // HLV.B/H/W/D
                5'd1:    d.illegal = funct7[2:1] == 2'd3;                 // HLV.BU/HU/WU
                5'd3:    d.illegal = funct7[2:1] == 2'd0 || funct7[2:1] == 2'd3;  // HLVX
                default: d.illegal = 1'b1;
              endcase
            end
          end

          default: begin
            // Zicsr. RS/RC with rs1 field (or zimm) = 0 do not write; RW with rd = 0 does not
            // read.
            d.fu      = mk_pkg::FU_CSR;
            d.rd_we   = 1'b1;
            d.csr_imm = funct3[2];
            d.rs1_re  = !funct3[2];
            d.imm     = funct3[2] ? zimm : 32'd0;
            unique case (funct3[1:0])
              2'b01: begin
                d.csr_op = mk_pkg::CSR_RW;
                d.csr_re = rd != 5'd0;
                d.csr_we = 1'b1;
              end
              2'b10: begin
                d.csr_op = mk_pkg::CSR_RS;
                d.csr_re = 1'b1;
                d.csr_we = rs1 != 5'd0;
              end
              default: begin
                d.csr_op = mk_pkg::CSR_RC;
                d.csr_re = 1'b1;
                d.csr_we = rs1 != 5'd0;
              end
            endcase
          end
        endcase
      end

      default: d.illegal = 1'b1;
    endcase
  end

  assign dec_o = d;

endmodule
