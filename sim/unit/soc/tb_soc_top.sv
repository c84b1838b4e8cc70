// Test-bench wrapper around mk_soc: the bus structs flattened into plain signals, so the C++
// bench (tb_soc.cpp) drives the core's ports and models the DRAM ports without bit packing.
module tb_soc_top #(
  parameter BOOTROM_INIT = "build/rtl/soc/mk_bootrom.hex"
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [63:0] boot_entry_i,

  // Core data port.
  input  logic        d_valid_i,
  input  logic [55:0] d_addr_i,
  input  logic        d_we_i,
  input  logic [1:0]  d_size_i,
  input  logic [7:0]  d_be_i,
  input  logic [63:0] d_wdata_i,
  output logic        d_ready_o,
  output logic        d_rsp_valid_o,
  output logic [63:0] d_rsp_rdata_o,
  output logic        d_rsp_err_o,

  // Core instruction port.
  input  logic        i_valid_i,
  input  logic [55:0] i_addr_i,
  input  logic [1:0]  i_size_i,
  output logic        i_ready_o,
  output logic        i_rsp_valid_o,
  output logic [63:0] i_rsp_rdata_o,
  output logic        i_rsp_err_o,

  // DRAM data and instruction ports (the bench is the memory).
  output logic        md_valid_o,
  output logic [55:0] md_addr_o,
  output logic        md_we_o,
  output logic [1:0]  md_size_o,
  output logic [7:0]  md_be_o,
  output logic [63:0] md_wdata_o,
  input  logic        md_ready_i,
  input  logic        md_rsp_valid_i,
  input  logic [63:0] md_rsp_rdata_i,
  input  logic        md_rsp_err_i,
  output logic        mi_valid_o,
  output logic [55:0] mi_addr_o,
  input  logic        mi_ready_i,
  input  logic        mi_rsp_valid_i,
  input  logic [63:0] mi_rsp_rdata_i,

  output logic        irq_msip_o,
  output logic        irq_mtip_o,
  output logic        irq_meip_o,
  output logic        irq_seip_o,
  output logic [63:0] mtime_o,

  output logic        uart_tx_o,
  input  logic        uart_rx_i,
  output logic        uart_sim_tx_valid_o,
  output logic [7:0]  uart_sim_tx_byte_o,
  input  logic        uart_sim_rx_valid_i,
  input  logic [7:0]  uart_sim_rx_byte_i,
  output logic        uart_sim_rx_ready_o,

  output logic        finisher_exit_o,
  output logic [15:0] finisher_code_o,
  output logic        finisher_pass_o,
  output logic        finisher_fail_o,
  output logic        finisher_reset_o,

  // A second PLIC on its own, with all 31 source lines driven by the bench (the SoC wires
  // only source 10), for the priority and tie-breaking logic.
  input  logic        pl_valid_i,
  input  logic [55:0] pl_addr_i,
  input  logic        pl_we_i,
  input  logic [1:0]  pl_size_i,
  input  logic [63:0] pl_wdata_i,
  output logic        pl_rsp_valid_o,
  output logic [63:0] pl_rsp_rdata_o,
  output logic        pl_rsp_err_o,
  input  logic [31:0] pl_sources_i,
  output logic [1:0]  pl_irq_o
);

  mk_bus_pkg::bus_req_t d_req, i_req, md_req, mi_req;
  mk_bus_pkg::bus_rsp_t d_rsp, i_rsp, md_rsp, mi_rsp;

  always_comb begin
    d_req       = '0;
    d_req.valid = d_valid_i;
    d_req.addr  = d_addr_i;
    d_req.we    = d_we_i;
    d_req.size  = mk_bus_pkg::size_e'(d_size_i);
    d_req.be    = d_be_i;
    d_req.wdata = d_wdata_i;
    i_req       = '0;
    i_req.valid = i_valid_i;
    i_req.addr  = i_addr_i;
    i_req.size  = mk_bus_pkg::size_e'(i_size_i);
    i_req.be    = 8'hFF;
    md_rsp       = '0;
    md_rsp.valid = md_rsp_valid_i;
    md_rsp.rdata = md_rsp_rdata_i;
    md_rsp.err   = md_rsp_err_i;
    mi_rsp       = '0;
    mi_rsp.valid = mi_rsp_valid_i;
    mi_rsp.rdata = mi_rsp_rdata_i;
  end

  assign d_rsp_valid_o = d_rsp.valid;
  assign d_rsp_rdata_o = d_rsp.rdata;
  assign d_rsp_err_o   = d_rsp.err;
  assign i_rsp_valid_o = i_rsp.valid;
  assign i_rsp_rdata_o = i_rsp.rdata;
  assign i_rsp_err_o   = i_rsp.err;
  assign md_valid_o    = md_req.valid;
  assign md_addr_o     = md_req.addr;
  assign md_we_o       = md_req.we;
  assign md_size_o     = md_req.size;
  assign md_be_o       = md_req.be;
  assign md_wdata_o    = md_req.wdata;
  assign mi_valid_o    = mi_req.valid;
  assign mi_addr_o     = mi_req.addr;

  mk_bus_pkg::bus_req_t pl_req;
  mk_bus_pkg::bus_rsp_t pl_rsp;
  logic                 pl_ready;
  always_comb begin
    pl_req       = '0;
    pl_req.valid = pl_valid_i;
    pl_req.addr  = pl_addr_i;
    pl_req.we    = pl_we_i;
    pl_req.size  = mk_bus_pkg::size_e'(pl_size_i);
    pl_req.wdata = pl_wdata_i;
  end
  assign pl_rsp_valid_o = pl_rsp.valid;
  assign pl_rsp_rdata_o = pl_rsp.rdata;
  assign pl_rsp_err_o   = pl_rsp.err;

  mk_plic u_plic_full (
    .clk_i, .rst_ni,
    .soft_rst_i   (1'b0),
    .req_i        (pl_req), .ready_o(pl_ready), .rsp_o(pl_rsp),
    .irq_sources_i(pl_sources_i),
    .irq_o        (pl_irq_o)
  );

  logic unused_mi;
  assign unused_mi = ^{pl_ready, mi_req.we, mi_req.size, mi_req.be, mi_req.wdata};

  mk_soc #(.BOOTROM_INIT(BOOTROM_INIT)) u_soc (
    .clk_i, .rst_ni, .boot_entry_i,
    .instr_req_i  (i_req),  .instr_ready_o(i_ready_o), .instr_rsp_o(i_rsp),
    .data_req_i   (d_req),  .data_ready_o (d_ready_o), .data_rsp_o (d_rsp),
    .irq_msip_o, .irq_mtip_o, .irq_meip_o, .irq_seip_o, .mtime_o,
    .dram_i_req_o (mi_req), .dram_i_ready_i(mi_ready_i), .dram_i_rsp_i(mi_rsp),
    .dram_d_req_o (md_req), .dram_d_ready_i(md_ready_i), .dram_d_rsp_i(md_rsp),
    .uart_tx_o, .uart_rx_i,
    .uart_sim_tx_valid_o, .uart_sim_tx_byte_o,
    .uart_sim_rx_valid_i, .uart_sim_rx_byte_i, .uart_sim_rx_ready_o,
    .finisher_exit_o, .finisher_code_o, .finisher_pass_o, .finisher_fail_o, .finisher_reset_o
  );

endmodule
