// Bench wrapper of mk_muldiv: the operation as a number, its C model mnemonic (with word_i)
// and the latency mk_pkg promises for it (docs/timing.md), so that the bench copies neither.
module tb_muldiv (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        valid_i,
  output logic        ready_o,
  input  logic [2:0]  op_i,
  input  logic        word_i,
  input  logic [63:0] operand_a_i,
  input  logic [63:0] operand_b_i,
  input  logic        kill_i,
  output logic        valid_o,
  input  logic        ready_i,
  output logic [63:0] result_o,
  output logic [95:0] name_o,       // "" if op_i/word_i is not an M instruction
  output logic [31:0] latency_o
);
  mk_pkg::md_op_e op;
  assign op = mk_pkg::md_op_e'(op_i);

  mk_muldiv u_dut (
    .clk_i, .rst_ni, .valid_i, .ready_o, .op_i(op), .word_i, .operand_a_i, .operand_b_i,
    .kill_i, .valid_o, .ready_i, .result_o
  );

  always_comb begin
    latency_o = mk_pkg::DIV_LATENCY;
    unique case ({word_i, op})
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
      default:                   name_o = "";
    endcase
    if (op == mk_pkg::MD_MUL || op == mk_pkg::MD_MULH || op == mk_pkg::MD_MULHSU ||
        op == mk_pkg::MD_MULHU)
      latency_o = mk_pkg::MUL_LATENCY;
    else if (word_i)
      latency_o = mk_pkg::DIVW_LATENCY;
  end
endmodule
