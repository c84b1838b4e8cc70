// Compressed decoder: expands an RV64C instruction (no F/D) to the 32-bit instruction it stands
// for, so that one decoder (mk_decoder) handles both. A 32-bit instruction (bits 1:0 = 11)
// passes through unchanged. Reserved encodings, and the floating-point ones (C.FLD, C.FSD,
// C.FLDSP, C.FSDSP), are illegal; HINTs expand to their base instruction (e.g. C.NOP with a
// non-zero immediate to ADDI x0, x0, imm) and are legal. Purely combinational.
module mk_compressed_decoder (
  input  logic [31:0] instr_i,          // bits 15:0 only, if compressed
  output logic [31:0] instr_o,          // the 32-bit instruction (instr_i if illegal_o)
  output logic        is_compressed_o,
  output logic        illegal_o
);

  logic [15:0] c;
  assign c = instr_i[15:0];

  // The register fields: full (x0..x31) and the 3-bit ones of the CIW/CL/CS/CA/CB formats
  // (x8..x15).
  logic [4:0] rd_full, rs2_full, rd_p, rs1_p, rs2_p;
  assign rd_full  = c[11:7];
  assign rs2_full = c[6:2];
  assign rs1_p    = {2'b01, c[9:7]};
  assign rd_p     = {2'b01, c[4:2]};
  assign rs2_p    = rd_p;

  // The 6-bit immediate of the CI format (imm[5] = c[12], imm[4:0] = c[6:2]) and its zero test.
  logic [5:0] ci_imm;
  logic       ci_imm_zero;
  assign ci_imm      = {c[12], c[6:2]};
  assign ci_imm_zero = ci_imm == 6'd0;

  localparam logic [6:0] OPC_LOAD     = 7'h03;
  localparam logic [6:0] OPC_OP_IMM   = 7'h13;
  localparam logic [6:0] OPC_OP_IMM32 = 7'h1b;
  localparam logic [6:0] OPC_STORE    = 7'h23;
  localparam logic [6:0] OPC_OP       = 7'h33;
  localparam logic [6:0] OPC_LUI      = 7'h37;
  localparam logic [6:0] OPC_OP32     = 7'h3b;
  localparam logic [6:0] OPC_BRANCH   = 7'h63;
  localparam logic [6:0] OPC_JALR     = 7'h67;
  localparam logic [6:0] OPC_JAL      = 7'h6f;

  localparam logic [4:0] X0 = 5'd0;
  localparam logic [4:0] X1 = 5'd1;
  localparam logic [4:0] SP = 5'd2;

  always_comb begin
    instr_o   = instr_i;
    illegal_o = 1'b0;

    unique case (c[1:0])
      // Quadrant 0: stack-pointer-based ADDI, loads and stores with 3-bit registers.
      2'b00: begin
        unique case (c[15:13])
          3'b000: begin  // c.addi4spn -> addi rd', x2, nzuimm
            instr_o   = {2'b00, c[10:7], c[12:11], c[5], c[6], 2'b00, SP, 3'b000, rd_p,
                         OPC_OP_IMM};
            illegal_o = c[12:5] == 8'd0;
          end
          3'b010:  // c.lw -> lw rd', uimm(rs1')
            instr_o = {5'b00000, c[5], c[12:10], c[6], 2'b00, rs1_p, 3'b010, rd_p, OPC_LOAD};
          3'b011:  // c.ld -> ld rd', uimm(rs1')
            instr_o = {4'b0000, c[6:5], c[12:10], 3'b000, rs1_p, 3'b011, rd_p, OPC_LOAD};
          3'b110:  // c.sw -> sw rs2', uimm(rs1')
            instr_o = {5'b00000, c[5], c[12], rs2_p, rs1_p, 3'b010, c[11:10], c[6], 2'b00,
                       OPC_STORE};
          3'b111:  // c.sd -> sd rs2', uimm(rs1')
            instr_o = {4'b0000, c[6:5], c[12], rs2_p, rs1_p, 3'b011, c[11:10], 3'b000,
                       OPC_STORE};
          default: illegal_o = 1'b1;  // c.fld, c.fsd (no D), and the reserved 100
        endcase
      end

      // Quadrant 1: immediates, ALU operations with 3-bit registers, jumps and branches.
      2'b01: begin
        unique case (c[15:13])
          3'b000:  // c.addi (c.nop, HINTs) -> addi rd, rd, imm
            instr_o = {{6{c[12]}}, ci_imm, rd_full, 3'b000, rd_full, OPC_OP_IMM};
          3'b001: begin  // c.addiw -> addiw rd, rd, imm; rd = 0 is reserved
            instr_o   = {{6{c[12]}}, ci_imm, rd_full, 3'b000, rd_full, OPC_OP_IMM32};
            illegal_o = rd_full == X0;
          end
          3'b010:  // c.li -> addi rd, x0, imm
            instr_o = {{6{c[12]}}, ci_imm, X0, 3'b000, rd_full, OPC_OP_IMM};
          3'b011: begin
            if (rd_full == SP) begin  // c.addi16sp -> addi x2, x2, nzimm
              instr_o = {{3{c[12]}}, c[4:3], c[5], c[2], c[6], 4'b0000, SP, 3'b000, SP,
                         OPC_OP_IMM};
            end else begin  // c.lui -> lui rd, nzimm
              instr_o = {{14{c[12]}}, ci_imm, rd_full, OPC_LUI};
            end
            illegal_o = ci_imm_zero;  // both are reserved with a zero immediate
          end
          3'b100: begin
            unique case (c[11:10])
              2'b00:  // c.srli -> srli rd', rd', shamt
                instr_o = {6'b000000, ci_imm, rs1_p, 3'b101, rs1_p, OPC_OP_IMM};
              2'b01:  // c.srai -> srai rd', rd', shamt
                instr_o = {6'b010000, ci_imm, rs1_p, 3'b101, rs1_p, OPC_OP_IMM};
              2'b10:  // c.andi -> andi rd', rd', imm
                instr_o = {{6{c[12]}}, ci_imm, rs1_p, 3'b111, rs1_p, OPC_OP_IMM};
              default: begin
                unique case ({c[12], c[6:5]})
                  3'b000: instr_o = {7'b0100000, rs2_p, rs1_p, 3'b000, rs1_p, OPC_OP};  // sub
                  3'b001: instr_o = {7'b0000000, rs2_p, rs1_p, 3'b100, rs1_p, OPC_OP};  // xor
                  3'b010: instr_o = {7'b0000000, rs2_p, rs1_p, 3'b110, rs1_p, OPC_OP};  // or
                  3'b011: instr_o = {7'b0000000, rs2_p, rs1_p, 3'b111, rs1_p, OPC_OP};  // and
                  3'b100: instr_o = {7'b0100000, rs2_p, rs1_p, 3'b000, rs1_p, OPC_OP32};  // subw
                  3'b101: instr_o = {7'b0000000, rs2_p, rs1_p, 3'b000, rs1_p, OPC_OP32};  // addw
                  default: illegal_o = 1'b1;  // reserved
                endcase
              end
            endcase
          end
          3'b101:  // c.j -> jal x0, offset
            instr_o = {c[12], c[8], c[10:9], c[6], c[7], c[2], c[11], c[5:3], c[12],
                       {8{c[12]}}, X0, OPC_JAL};
          default:  // c.beqz / c.bnez -> beq / bne rs1', x0, offset
            instr_o = {{4{c[12]}}, c[6:5], c[2], X0, rs1_p, 2'b00, c[13], c[11:10], c[4:3],
                       c[12], OPC_BRANCH};
        endcase
      end

      // Quadrant 2: shifts, stack-pointer-based loads and stores, register moves and jumps.
      2'b10: begin
        unique case (c[15:13])
          3'b000:  // c.slli -> slli rd, rd, shamt
            instr_o = {6'b000000, ci_imm, rd_full, 3'b001, rd_full, OPC_OP_IMM};
          3'b010: begin  // c.lwsp -> lw rd, uimm(x2); rd = 0 is reserved
            instr_o   = {4'b0000, c[3:2], c[12], c[6:4], 2'b00, SP, 3'b010, rd_full, OPC_LOAD};
            illegal_o = rd_full == X0;
          end
          3'b011: begin  // c.ldsp -> ld rd, uimm(x2); rd = 0 is reserved
            instr_o   = {3'b000, c[4:2], c[12], c[6:5], 3'b000, SP, 3'b011, rd_full, OPC_LOAD};
            illegal_o = rd_full == X0;
          end
          3'b100: begin
            if (!c[12]) begin
              if (rs2_full == X0) begin  // c.jr -> jalr x0, 0(rs1); rs1 = 0 is reserved
                instr_o   = {12'd0, rd_full, 3'b000, X0, OPC_JALR};
                illegal_o = rd_full == X0;
              end else begin  // c.mv -> add rd, x0, rs2
                instr_o = {7'b0000000, rs2_full, X0, 3'b000, rd_full, OPC_OP};
              end
            end else begin
              if (rs2_full == X0) begin
                if (rd_full == X0) begin  // c.ebreak
                  instr_o = 32'h0010_0073;
                end else begin  // c.jalr -> jalr x1, 0(rs1)
                  instr_o = {12'd0, rd_full, 3'b000, X1, OPC_JALR};
                end
              end else begin  // c.add -> add rd, rd, rs2
                instr_o = {7'b0000000, rs2_full, rd_full, 3'b000, rd_full, OPC_OP};
              end
            end
          end
          3'b110:  // c.swsp -> sw rs2, uimm(x2)
            instr_o = {4'b0000, c[8:7], c[12], rs2_full, SP, 3'b010, c[11:9], 2'b00, OPC_STORE};
          3'b111:  // c.sdsp -> sd rs2, uimm(x2)
            instr_o = {3'b000, c[9:7], c[12], rs2_full, SP, 3'b011, c[11:10], 3'b000,
                       OPC_STORE};
          default: illegal_o = 1'b1;  // c.fldsp, c.fsdsp (no D)
        endcase
      end

      default: ;  // a 32-bit instruction: passes through
    endcase

    if (illegal_o) instr_o = instr_i;
  end

  assign is_compressed_o = c[1:0] != 2'b11;

endmodule
