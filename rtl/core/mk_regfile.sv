// The integer register file: 31 x 64-bit registers (x0 reads 0), two read ports and one write
// port. A read of the register being written in the same cycle returns the new value, so ID
// sees the write of the instruction in WB (docs/timing.md "Forwarding").
module mk_regfile (
  input  logic        clk_i,
  input  logic        rst_ni,

  input  logic [4:0]  raddr_a_i,
  output logic [63:0] rdata_a_o,
  input  logic [4:0]  raddr_b_i,
  output logic [63:0] rdata_b_o,

  input  logic        we_i,
  input  logic [4:0]  waddr_i,
  input  logic [63:0] wdata_i
);

  logic [63:0] regs_q [1:31];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 1; i < 32; i++) regs_q[i] <= '0;
    end else if (we_i && waddr_i != 5'd0) begin
      regs_q[waddr_i] <= wdata_i;
    end
  end

  always_comb begin
    if (raddr_a_i == 5'd0)                   rdata_a_o = '0;
    else if (we_i && waddr_i == raddr_a_i)   rdata_a_o = wdata_i;
    else                                     rdata_a_o = regs_q[raddr_a_i];
    if (raddr_b_i == 5'd0)                   rdata_b_o = '0;
    else if (we_i && waddr_i == raddr_b_i)   rdata_b_o = wdata_i;
    else                                     rdata_b_o = regs_q[raddr_b_i];
  end

endmodule
