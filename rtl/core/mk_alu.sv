// The RV64I ALU: add/subtract, logic, shifts, the 32-bit (W) forms and the comparisons of SLT*
// and the branches. One 65-bit adder serves ADD, SUB and every comparison except (in)equality;
// one right shifter serves every shift (left shifts reverse the operand and the result).
// Purely combinational.
module mk_alu (
  input  mk_pkg::alu_op_e operator_i,
  input  logic [63:0]     operand_a_i,
  input  logic [63:0]     operand_b_i,
  output logic [63:0]     result_o,
  output logic            cmp_o        // the condition of a compare operation (branches)
);

  logic is_word;
  assign is_word = operator_i == mk_pkg::ALU_ADDW || operator_i == mk_pkg::ALU_SUBW ||
                   operator_i == mk_pkg::ALU_SLLW || operator_i == mk_pkg::ALU_SRLW ||
                   operator_i == mk_pkg::ALU_SRAW;

  // ---- adder: a + b, or a - b for SUB and the comparisons ----
  logic is_sub, is_signed_cmp;
  assign is_sub = operator_i == mk_pkg::ALU_SUB || operator_i == mk_pkg::ALU_SUBW ||
                  operator_i == mk_pkg::ALU_LT  || operator_i == mk_pkg::ALU_GE   ||
                  operator_i == mk_pkg::ALU_LTU || operator_i == mk_pkg::ALU_GEU;
  assign is_signed_cmp = operator_i == mk_pkg::ALU_LT || operator_i == mk_pkg::ALU_GE;

  // Extended by one bit (the sign for signed compares, 0 otherwise), bit 64 of a - b is 1
  // exactly when a < b.
  // The carry in (1 for a subtraction) enters through an extra low bit, so that synthesis
  // builds one carry chain instead of two adders.
  logic [64:0] adder_a, adder_b, adder_sum;
  logic [65:0] adder_full;
  assign adder_a    = {is_signed_cmp & operand_a_i[63], operand_a_i};
  assign adder_b    = {is_signed_cmp & operand_b_i[63], operand_b_i} ^ {65{is_sub}};
  assign adder_full = {adder_a, 1'b1} + {adder_b, is_sub};
  assign adder_sum  = adder_full[65:1];

  logic unused_adder_lsb;  // the carry-in bit position
  assign unused_adder_lsb = adder_full[0];

  logic is_equal, is_less;
  assign is_equal = operand_a_i == operand_b_i;
  assign is_less  = adder_sum[64];

  always_comb begin
    unique case (operator_i)
      mk_pkg::ALU_EQ:                  cmp_o = is_equal;
      mk_pkg::ALU_NE:                  cmp_o = !is_equal;
      mk_pkg::ALU_LT, mk_pkg::ALU_LTU: cmp_o = is_less;
      mk_pkg::ALU_GE, mk_pkg::ALU_GEU: cmp_o = !is_less;
      default:                         cmp_o = 1'b0;
    endcase
  end

  // ---- shifter ----
  logic shift_left, shift_arith;
  assign shift_left  = operator_i == mk_pkg::ALU_SLL || operator_i == mk_pkg::ALU_SLLW;
  assign shift_arith = operator_i == mk_pkg::ALU_SRA || operator_i == mk_pkg::ALU_SRAW;

  // The W forms shift by 5 bits; SRLW/SRAW shift the low word, zero- or sign-extended. SLLW
  // shifts the whole register: the low 32 bits of the result depend only on the low word.
  logic [5:0]  shift_amount;
  logic [63:0] shift_operand, shift_operand_rev, shift_right, shift_result;
  logic        shift_fill;

  assign shift_amount = is_word ? {1'b0, operand_b_i[4:0]} : operand_b_i[5:0];
  assign shift_fill   = shift_arith & (is_word ? operand_a_i[31] : operand_a_i[63]);

  always_comb begin
    for (int i = 0; i < 64; i++) shift_operand_rev[i] = operand_a_i[63-i];
  end

  always_comb begin
    if (shift_left) begin
      shift_operand = shift_operand_rev;
    end else if (is_word) begin
      shift_operand = {{32{shift_fill}}, operand_a_i[31:0]};
    end else begin
      shift_operand = operand_a_i;
    end
  end

  // A logical 64-bit shift, then the fill bits ORed into the vacated top positions: the same
  // result as a 65-bit arithmetic shift of {fill, operand}, but every operation stays 64 bits
  // wide (Verilator keeps it in native 64-bit code instead of a multi-word shift).
  logic [63:0] shift_vacated;
  assign shift_vacated = ~(64'hFFFF_FFFF_FFFF_FFFF >> shift_amount);
  assign shift_right   = (shift_operand >> shift_amount) | ({64{shift_fill}} & shift_vacated);

  always_comb begin
    if (shift_left) begin
      for (int i = 0; i < 64; i++) shift_result[i] = shift_right[63-i];
    end else begin
      shift_result = shift_right;
    end
  end

  // ---- result ----
  // An AND-OR multiplexer of one-hot selects: smaller than a case over the 19 operations.
  logic sel_adder, sel_xor, sel_or, sel_and, sel_shift, sel_cmp;
  assign sel_adder = operator_i == mk_pkg::ALU_ADD  || operator_i == mk_pkg::ALU_SUB ||
                     operator_i == mk_pkg::ALU_ADDW || operator_i == mk_pkg::ALU_SUBW;
  assign sel_xor   = operator_i == mk_pkg::ALU_XOR;
  assign sel_or    = operator_i == mk_pkg::ALU_OR;
  assign sel_and   = operator_i == mk_pkg::ALU_AND;
  assign sel_shift = shift_left || shift_arith || operator_i == mk_pkg::ALU_SRL ||
                     operator_i == mk_pkg::ALU_SRLW;
  assign sel_cmp   = !(sel_adder || sel_xor || sel_or || sel_and || sel_shift);

  logic [63:0] result;
  assign result = ({64{sel_adder}} & adder_sum[63:0]) |
                  ({64{sel_xor}}   & (operand_a_i ^ operand_b_i)) |
                  ({64{sel_or}}    & (operand_a_i | operand_b_i)) |
                  ({64{sel_and}}   & (operand_a_i & operand_b_i)) |
                  ({64{sel_shift}} & shift_result) |
                  {63'd0, sel_cmp & cmp_o};  // the comparisons: SLT, SLTU

  assign result_o = is_word ? {{32{result[31]}}, result[31:0]} : result;

endmodule
