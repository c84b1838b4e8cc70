// The M extension's multiplier and divider, iterative, with a fixed latency per operation
// class that does not depend on the operands (docs/timing.md "Functional units"):
//
//   MUL, MULH, MULHSU, MULHU, MULW   mk_pkg::MUL_LATENCY  =  3 cycles
//   DIV, DIVU, REM, REMU             mk_pkg::DIV_LATENCY  = 65 cycles
//   DIVW, DIVUW, REMW, REMUW         mk_pkg::DIVW_LATENCY = 33 cycles
//
// The latency counts from the cycle a request is accepted (valid_i & ready_o) to the first
// cycle valid_o is 1. The result then stays valid until it is taken (ready_i), and the unit is
// ready again in the next cycle. kill_i abandons the operation (a pipeline flush) and makes the
// unit idle at the next edge; a request in the same cycle as kill_i is not accepted.
//
// Multiplier: the 65-bit operands (64 bits plus the sign, or 0 for unsigned) give a 130-bit
// product of which the low 128 bits are kept; it is computed as two 65 x 33 partial products
// (b's low 32 bits, then its upper 33 bits, signed), one per cycle, which maps to a few DSP
// slices and an adder on an FPGA. Divider: restoring, one quotient bit per cycle on the
// magnitudes (64 steps, or 32 for the W forms), with the signs applied at the output; division
// by zero and overflow give the results the spec requires without special cases beyond not
// negating the quotient of a division by zero.
module mk_muldiv (
  input  logic            clk_i,
  input  logic            rst_ni,

  input  logic            valid_i,
  output logic            ready_o,
  input  mk_pkg::md_op_e  op_i,
  input  logic            word_i,     // the W form of op_i
  input  logic [63:0]     operand_a_i,
  input  logic [63:0]     operand_b_i,
  input  logic            kill_i,

  output logic            valid_o,
  input  logic            ready_i,
  output logic [63:0]     result_o
);

  typedef enum logic [1:0] {
    ST_IDLE = 2'd0,
    ST_MUL  = 2'd1,
    ST_DIV  = 2'd2,
    ST_DONE = 2'd3
  } state_e;

  state_e state_q, state_d;
  logic [6:0] count_q, count_d;   // steps still to do

  logic is_mul, start;
  assign is_mul  = !op_i[2];  // MD_MUL, MD_MULH, MD_MULHSU, MD_MULHU (mk_pkg::md_op_e)
  assign ready_o = state_q == ST_IDLE;
  assign start   = valid_i && ready_o && !kill_i;
  assign valid_o = state_q == ST_DONE;

  // What the output does with the raw result; latched at the start.
  logic is_mul_q, word_q, high_q, rem_q, neg_quot_q, neg_rem_q;

  // ---- multiplier ----
  logic a_signed, b_signed;
  assign a_signed = op_i == mk_pkg::MD_MULH || op_i == mk_pkg::MD_MULHSU;
  assign b_signed = op_i == mk_pkg::MD_MULH;

  logic [64:0]  mul_a_q, mul_b_q;
  logic [127:0] prod_q, prod_d;
  logic [32:0]  mul_b_part;
  logic [97:0]  partial;

  // The low part of b is unsigned (a 0 sign bit), the upper 33 bits carry b's sign.
  assign mul_b_part = count_q == 7'd2 ? {1'b0, mul_b_q[31:0]} : mul_b_q[64:32];
  assign partial    = $signed(mul_a_q) * $signed(mul_b_part);  // exact: 65 + 33 bits

  always_comb begin
    if (count_q == 7'd2) begin
      prod_d = {{30{partial[97]}}, partial};
    end else begin
      prod_d = prod_q + {partial[95:0], 32'd0};
    end
  end

  // ---- divider ----
  logic [63:0] div_a, div_b, div_a_abs, div_b_abs;
  logic        div_signed, div_a_neg, div_b_neg;

  assign div_signed = op_i == mk_pkg::MD_DIV || op_i == mk_pkg::MD_REM;
  // The W forms divide the low words, extended to 64 bits as signed or unsigned numbers.
  assign div_a = word_i ? {{32{div_signed & operand_a_i[31]}}, operand_a_i[31:0]} : operand_a_i;
  assign div_b = word_i ? {{32{div_signed & operand_b_i[31]}}, operand_b_i[31:0]} : operand_b_i;
  assign div_a_neg = div_signed & div_a[63];
  assign div_b_neg = div_signed & div_b[63];
  assign div_a_abs = div_a_neg ? -div_a : div_a;
  assign div_b_abs = div_b_neg ? -div_b : div_b;

  // quot_q shifts the dividend out at the top and the quotient bits in at the bottom; rem_acc_q
  // is the partial remainder, always below the divisor.
  logic [63:0] quot_q, quot_d, rem_acc_q, rem_acc_d, divisor_q;
  logic [64:0] rem_shifted;
  logic [65:0] rem_diff;
  logic        quot_bit;

  assign rem_shifted = {rem_acc_q, quot_q[63]};
  assign rem_diff    = {1'b0, rem_shifted} - {2'b00, divisor_q};
  assign quot_bit    = !rem_diff[65];
  assign quot_d      = {quot_q[62:0], quot_bit};
  assign rem_acc_d   = quot_bit ? rem_diff[63:0] : rem_shifted[63:0];

  logic unused_rem_diff;  // 0 whenever the difference is kept: it is below the divisor
  assign unused_rem_diff = rem_diff[64];

  // ---- control ----
  always_comb begin
    state_d = state_q;
    count_d = count_q;
    unique case (state_q)
      ST_IDLE: begin
        if (start) begin
          state_d = is_mul ? ST_MUL : ST_DIV;
          count_d = is_mul ? 7'd2 : word_i ? 7'd32 : 7'd64;
        end
      end
      ST_MUL, ST_DIV: begin
        count_d = count_q - 7'd1;
        if (count_q == 7'd1) state_d = ST_DONE;
      end
      default: begin  // ST_DONE
        if (ready_i) state_d = ST_IDLE;
      end
    endcase
    if (kill_i) state_d = ST_IDLE;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= ST_IDLE;
      count_q <= '0;
    end else begin
      state_q <= state_d;
      count_q <= count_d;
    end
  end

  // Datapath registers: no reset needed, they are written at the start of every operation.
  always_ff @(posedge clk_i) begin
    if (start) begin
      is_mul_q   <= is_mul;
      word_q     <= word_i;
      high_q     <= op_i != mk_pkg::MD_MUL;  // MULW is MD_MUL: the low word
      rem_q      <= op_i == mk_pkg::MD_REM || op_i == mk_pkg::MD_REMU;
      neg_quot_q <= (div_a_neg ^ div_b_neg) && div_b != 64'd0;
      neg_rem_q  <= div_a_neg;
      mul_a_q    <= {a_signed & operand_a_i[63], operand_a_i};
      mul_b_q    <= {b_signed & operand_b_i[63], operand_b_i};
      // The W forms start with the dividend in the upper word: 32 steps shift it all in.
      quot_q     <= word_i ? {div_a_abs[31:0], 32'd0} : div_a_abs;
      rem_acc_q  <= '0;
      divisor_q  <= div_b_abs;
    end else if (state_q == ST_MUL) begin
      prod_q <= prod_d;
    end else if (state_q == ST_DIV) begin
      quot_q    <= quot_d;
      rem_acc_q <= rem_acc_d;
    end
  end

  // ---- result ----
  logic [63:0] div_raw, div_result, mul_result, result;

  assign div_raw    = rem_q ? rem_acc_q : quot_q;
  assign div_result = (rem_q ? neg_rem_q : neg_quot_q) ? -div_raw : div_raw;
  assign mul_result = high_q ? prod_q[127:64] : prod_q[63:0];
  assign result     = is_mul_q ? mul_result : div_result;
  assign result_o   = word_q ? {{32{result[31]}}, result[31:0]} : result;

endmodule
