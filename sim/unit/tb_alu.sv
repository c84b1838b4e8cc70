// Bench wrapper of mk_alu: the operation as a number (the bench walks all of them) and, for
// each, the C model's mnemonic of the instruction that uses it with register operands (the
// comparisons give the branch; LT/LTU also SLT/SLTU), so that the bench knows what to compare
// with without copying the enum's encoding.
module tb_alu (
  input  logic [4:0]  op_i,
  input  logic [63:0] operand_a_i,
  input  logic [63:0] operand_b_i,
  output logic [63:0] result_o,
  output logic        cmp_o,
  output logic        valid_op_o,   // op_i is an operation of mk_pkg::alu_op_e
  output logic        is_cmp_o,     // a comparison: the name is a branch's
  output logic [95:0] name_o
);
  mk_pkg::alu_op_e op;
  assign op = mk_pkg::alu_op_e'(op_i);

  mk_alu u_dut (
    .operator_i (op),
    .operand_a_i(operand_a_i),
    .operand_b_i(operand_b_i),
    .result_o   (result_o),
    .cmp_o      (cmp_o)
  );

  always_comb begin
    valid_op_o = 1'b1;
    is_cmp_o   = 1'b0;
    unique case (op)
      mk_pkg::ALU_ADD:  name_o = "add";
      mk_pkg::ALU_SUB:  name_o = "sub";
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
      mk_pkg::ALU_EQ:   begin name_o = "beq";  is_cmp_o = 1'b1; end
      mk_pkg::ALU_NE:   begin name_o = "bne";  is_cmp_o = 1'b1; end
      mk_pkg::ALU_LT:   begin name_o = "blt";  is_cmp_o = 1'b1; end
      mk_pkg::ALU_GE:   begin name_o = "bge";  is_cmp_o = 1'b1; end
      mk_pkg::ALU_LTU:  begin name_o = "bltu"; is_cmp_o = 1'b1; end
      mk_pkg::ALU_GEU:  begin name_o = "bgeu"; is_cmp_o = 1'b1; end
      default: begin
        name_o     = "";
        valid_op_o = 1'b0;
      end
    endcase
  end
endmodule
