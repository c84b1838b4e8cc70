// rtlsim's top (simulation only): the core inside the SoC, with the two DRAM ports flattened
// into plain signals so that the C++ harness (rtlsim.cpp) is the memory behind them.
// The sizes are public (the harness reads them from the Verilated model, docs/rtlsim.md), so
// that rtlsim --cosim configures the C model from the RTL that was really built.
module mk_rtlsim_top #(
  parameter logic [55:0] DRAM_SIZE    /*verilator public*/ = 56'h1000_0000,
  parameter int unsigned ITLB_ENTRIES /*verilator public*/ = 8,
  parameter int unsigned DTLB_ENTRIES /*verilator public*/ = 16,
  parameter              BOOTROM_INIT = "build/rtl/soc/mk_bootrom.hex"
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [63:0] boot_entry_i,

  // DRAM: instruction (i) and data (d) ports; the harness answers them.
  output logic        mi_valid_o,
  output logic [55:0] mi_addr_o,
  input  logic        mi_rsp_valid_i,
  input  logic [63:0] mi_rsp_rdata_i,
  output logic        md_valid_o,
  output logic [55:0] md_addr_o,
  output logic        md_we_o,
  output logic [7:0]  md_be_o,
  output logic [63:0] md_wdata_o,
  input  logic        md_rsp_valid_i,
  input  logic [63:0] md_rsp_rdata_i,

  output logic        uart_tx_valid_o,
  output logic [7:0]  uart_tx_byte_o,
  input  logic        uart_rx_valid_i,
  input  logic [7:0]  uart_rx_byte_i,
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

  mk_bus_pkg::bus_req_t instr_req, data_req, dram_i_req, dram_d_req;
  mk_bus_pkg::bus_rsp_t instr_rsp, data_rsp, dram_i_rsp, dram_d_rsp;
  logic instr_ready, data_ready;
  logic msip, mtip, meip, seip;
  logic [63:0] mtime;

  mk_core #(.DRAM_SIZE({8'd0, DRAM_SIZE}), .ITLB_ENTRIES(ITLB_ENTRIES),
            .DTLB_ENTRIES(DTLB_ENTRIES)) u_core (
    .clk_i, .rst_ni,
    .instr_req_o(instr_req), .instr_ready_i(instr_ready), .instr_rsp_i(instr_rsp),
    .data_req_o (data_req),  .data_ready_i (data_ready),  .data_rsp_i (data_rsp),
    .irq_msip_i(msip), .irq_mtip_i(mtip), .irq_meip_i(meip), .irq_seip_i(seip),
    .mtime_i(mtime),
    .rvfi_valid_o, .rvfi_cycle_o, .rvfi_pc_o, .rvfi_insn_o, .rvfi_mode_o, .rvfi_v_o,
    .rvfi_trap_o, .rvfi_intr_o, .rvfi_cause_o, .rvfi_tval_o, .rvfi_rd_addr_o,
    .rvfi_rd_wdata_o, .rvfi_mem_addr_o, .rvfi_mem_paddr_o, .rvfi_mem_rmask_o, .rvfi_mem_wmask_o,
    .rvfi_mem_rdata_o, .rvfi_mem_wdata_o, .rvfi_csr_we_o, .rvfi_csr_addr_o, .rvfi_csr_wdata_o
  );

  /* verilator lint_off PINCONNECTEMPTY */
  mk_soc #(.DRAM_SIZE(DRAM_SIZE), .BOOTROM_INIT(BOOTROM_INIT)) u_soc (
    .clk_i, .rst_ni, .boot_entry_i,
    .instr_req_i(instr_req), .instr_ready_o(instr_ready), .instr_rsp_o(instr_rsp),
    .data_req_i (data_req),  .data_ready_o (data_ready),  .data_rsp_o (data_rsp),
    .irq_msip_o(msip), .irq_mtip_o(mtip), .irq_meip_o(meip), .irq_seip_o(seip),
    .mtime_o(mtime),
    .dram_i_req_o(dram_i_req), .dram_i_ready_i(1'b1), .dram_i_rsp_i(dram_i_rsp),
    .dram_d_req_o(dram_d_req), .dram_d_ready_i(1'b1), .dram_d_rsp_i(dram_d_rsp),
    .uart_tx_o(), .uart_rx_i(1'b1),
    .uart_sim_tx_valid_o(uart_tx_valid_o), .uart_sim_tx_byte_o(uart_tx_byte_o),
    .uart_sim_rx_valid_i(uart_rx_valid_i), .uart_sim_rx_byte_i(uart_rx_byte_i),
    .uart_sim_rx_ready_o(uart_rx_ready_o),
    .finisher_exit_o, .finisher_code_o, .finisher_pass_o(), .finisher_fail_o(),
    .finisher_reset_o
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
    dram_i_rsp.valid = mi_rsp_valid_i;
    dram_i_rsp.rdata = mi_rsp_rdata_i;
    dram_d_rsp       = '0;
    dram_d_rsp.valid = md_rsp_valid_i;
    dram_d_rsp.rdata = md_rsp_rdata_i;
  end

endmodule
