// Test finisher at 0x100000 (QEMU's sifive_test; docs/memory-map.md): one 32-bit write-only
// register at offset 0. The low 16 bits select the action: 0x5555 pass, (code << 16) | 0x3333
// fail with `code`, 0x7777 reset; other values are ignored. Reads return 0. Other sizes or
// offsets answer err.
//
// Outputs, for the harness or a board (LEDs): exit_o rises and stays high after the first pass
// or fail write (until rst_ni), with exit_code_o (0 = pass); reset_o is high for one cycle,
// the cycle of the store's response, and asks for the hart and devices to be reset.
module mk_finisher (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  input  mk_bus_pkg::bus_req_t req_i,
  output logic                 ready_o,
  output mk_bus_pkg::bus_rsp_t rsp_o,

  output logic                 exit_o,
  output logic [15:0]          exit_code_o,
  output logic                 pass_o,       // exit_o with code 0
  output logic                 fail_o,       // exit_o with a nonzero code
  output logic                 reset_o
);

  logic        ok;            // a 32-bit access to offset 0
  logic [31:0] value;
  logic        valid_q, err_q, exit_q, reset_q;
  logic [15:0] code_q;

  assign ready_o = 1'b1;
  assign ok      = req_i.size == mk_bus_pkg::SIZE_W &&
                   req_i.addr[11:0] == 12'h000;
  assign value   = req_i.wdata[31:0];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      err_q   <= 1'b0;
      exit_q  <= 1'b0;
      code_q  <= '0;
      reset_q <= 1'b0;
    end else begin
      valid_q <= req_i.valid;
      err_q   <= req_i.valid && !ok;
      reset_q <= 1'b0;
      if (req_i.valid && ok && req_i.we && !exit_q) begin
        unique case (value[15:0])
          mk_soc_pkg::FINISHER_PASS: begin
            exit_q <= 1'b1;
            code_q <= '0;
          end
          mk_soc_pkg::FINISHER_FAIL: begin
            exit_q <= 1'b1;
            code_q <= value[31:16];
          end
          mk_soc_pkg::FINISHER_RESET: reset_q <= 1'b1;
          default: ;
        endcase
      end
    end
  end

  always_comb begin
    rsp_o       = '0;       // reads return 0
    rsp_o.valid = valid_q;
    rsp_o.err   = err_q;
  end

  assign exit_o      = exit_q;
  assign exit_code_o = code_q;
  assign pass_o      = exit_q && code_q == '0;
  assign fail_o      = exit_q && code_q != '0;
  assign reset_o     = reset_q;

  // The xbar decodes the region; the byte enables follow from size and offset.
  logic unused_req;
  assign unused_req = ^{req_i.addr[mk_bus_pkg::PADDR_W-1:12], req_i.be, req_i.wdata[63:32]};

endmodule
