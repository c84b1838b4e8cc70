// rtlsim's top (simulation only): the chip (rtl/soc/mk_chip.sv: the core inside the SoC), with
// the two DRAM ports flattened into plain signals so that the C++ harness (rtlsim.cpp) is the
// memory behind them.
// The sizes are public (the harness reads them from the Verilated model, docs/rtlsim.md), so
// that rtlsim --cosim configures the C model from the RTL that was really built.
module mk_rtlsim_top #(
  parameter logic [55:0] DRAM_SIZE    /*verilator public*/ = 56'h1000_0000,
  parameter int unsigned ITLB_ENTRIES /*verilator public*/ = 8,
  parameter int unsigned DTLB_ENTRIES /*verilator public*/ = 16,
  // 0: the plain RV64IMAC core (make RVH=0); the harness then refuses --cosim.
  parameter bit          RVH          /*verilator public*/ = 1'b1,
  parameter              BOOTROM_INIT = "build/rtl/soc/mk_bootrom.hex"
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // The inputs are given one cycle ahead (*_next_i) and registered here at the rising edge that
  // starts the cycle they belong to: the chip sees them in the same cycle as a harness that
  // drove them directly would, but no top-level input feeds combinational logic: the Verilated
  // model then has no input-driven ("ico") logic to re-evaluate on every eval() call
  // (docs/rtlsim.md "Speed").
  input  logic [63:0] boot_entry_next_i,

  // DRAM: instruction (i) and data (d) ports; the harness answers them.
  output logic        mi_valid_o,
  output logic [55:0] mi_addr_o,
  input  logic        mi_rsp_valid_next_i,
  input  logic [63:0] mi_rsp_rdata_next_i,
  output logic        md_valid_o,
  output logic [55:0] md_addr_o,
  output logic        md_we_o,
  output logic [7:0]  md_be_o,
  output logic [63:0] md_wdata_o,
  input  logic        md_rsp_valid_next_i,
  input  logic [63:0] md_rsp_rdata_next_i,

  output logic        uart_tx_valid_o,
  output logic [7:0]  uart_tx_byte_o,
  input  logic        uart_rx_valid_next_i,
  input  logic [7:0]  uart_rx_byte_next_i,
  output logic        uart_rx_ready_o,

  output logic        finisher_exit_o,
  output logic [15:0] finisher_code_o,
  output logic        finisher_reset_o,

  output logic        rvfi_valid_o,
  output logic [63:0] rvfi_cycle_o,
  output logic [63:0] rvfi_pc_o,
  output logic [31:0] rvfi_insn_o,
  output logic [1:0]  rvfi_mode_o,
  output logic        rvfi_v_o,
  output logic        rvfi_trap_o,
  output logic        rvfi_intr_o,
  output logic [4:0]  rvfi_cause_o,
  output logic [63:0] rvfi_tval_o,
  output logic [4:0]  rvfi_rd_addr_o,
  output logic [63:0] rvfi_rd_wdata_o,
  output logic [63:0] rvfi_mem_addr_o,
  output logic [63:0] rvfi_mem_paddr_o,
  output logic [7:0]  rvfi_mem_rmask_o,
  output logic [7:0]  rvfi_mem_wmask_o,
  output logic [63:0] rvfi_mem_rdata_o,
  output logic [63:0] rvfi_mem_wdata_o,
  output logic        rvfi_csr_we_o,
  output logic [11:0] rvfi_csr_addr_o,
  output logic [63:0] rvfi_csr_wdata_o
);

  logic [63:0] boot_entry_q, mi_rsp_rdata_q, md_rsp_rdata_q;
  logic        mi_rsp_valid_q, md_rsp_valid_q, uart_rx_valid_q;
  logic [7:0]  uart_rx_byte_q;

  always_ff @(posedge clk_i) begin
    boot_entry_q    <= boot_entry_next_i;
    mi_rsp_valid_q  <= mi_rsp_valid_next_i;
    mi_rsp_rdata_q  <= mi_rsp_rdata_next_i;
    md_rsp_valid_q  <= md_rsp_valid_next_i;
    md_rsp_rdata_q  <= md_rsp_rdata_next_i;
    uart_rx_valid_q <= uart_rx_valid_next_i;
    uart_rx_byte_q  <= uart_rx_byte_next_i;
  end

  mk_bus_pkg::bus_req_t dram_i_req, dram_d_req;
  mk_bus_pkg::bus_rsp_t dram_i_rsp, dram_d_rsp;

  /* verilator lint_off PINCONNECTEMPTY */
  mk_chip #(.DRAM_SIZE(DRAM_SIZE), .ITLB_ENTRIES(ITLB_ENTRIES), .DTLB_ENTRIES(DTLB_ENTRIES),
            .BOOTROM_INIT(BOOTROM_INIT), .RVH(RVH)) u_chip (
    .clk_i, .rst_ni, .boot_entry_i(boot_entry_q),
    .dram_i_req_o(dram_i_req), .dram_i_ready_i(1'b1), .dram_i_rsp_i(dram_i_rsp),
    .dram_d_req_o(dram_d_req), .dram_d_ready_i(1'b1), .dram_d_rsp_i(dram_d_rsp),
    .uart_tx_o(), .uart_rx_i(1'b1),
    .uart_sim_tx_valid_o(uart_tx_valid_o), .uart_sim_tx_byte_o(uart_tx_byte_o),
    .uart_sim_rx_valid_i(uart_rx_valid_q), .uart_sim_rx_byte_i(uart_rx_byte_q),
    .uart_sim_rx_ready_o(uart_rx_ready_o),
    .finisher_exit_o, .finisher_code_o, .finisher_pass_o(), .finisher_fail_o(),
    .finisher_reset_o,
    .rvfi_valid_o, .rvfi_cycle_o, .rvfi_pc_o, .rvfi_insn_o, .rvfi_mode_o, .rvfi_v_o,
    .rvfi_trap_o, .rvfi_intr_o, .rvfi_cause_o, .rvfi_tval_o, .rvfi_rd_addr_o,
    .rvfi_rd_wdata_o, .rvfi_mem_addr_o, .rvfi_mem_paddr_o, .rvfi_mem_rmask_o, .rvfi_mem_wmask_o,
    .rvfi_mem_rdata_o, .rvfi_mem_wdata_o, .rvfi_csr_we_o, .rvfi_csr_addr_o, .rvfi_csr_wdata_o
  );
  /* verilator lint_on PINCONNECTEMPTY */

  assign mi_valid_o = dram_i_req.valid;
  assign mi_addr_o  = dram_i_req.addr;
  assign md_valid_o = dram_d_req.valid;
  assign md_addr_o  = dram_d_req.addr;
  assign md_we_o    = dram_d_req.we;
  assign md_be_o    = dram_d_req.be;
  assign md_wdata_o = dram_d_req.wdata;

  // The instruction port only reads whole doublewords; the size field is implied by be.
  logic unused_dram_bits;
  assign unused_dram_bits = ^{dram_i_req.we, dram_i_req.size, dram_i_req.be, dram_i_req.wdata,
                              dram_d_req.size};

  always_comb begin
    dram_i_rsp       = '0;
    dram_i_rsp.valid = mi_rsp_valid_q;
    dram_i_rsp.rdata = mi_rsp_rdata_q;
    dram_d_rsp       = '0;
    dram_d_rsp.valid = md_rsp_valid_q;
    dram_d_rsp.rdata = md_rsp_rdata_q;
  end

endmodule
