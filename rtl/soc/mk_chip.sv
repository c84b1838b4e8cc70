// The chip: the core (rtl/core/mk_core.sv) inside the SoC (mk_soc.sv), wired once, here. Its
// ports are what a board wrapper needs: the two DRAM manager ports (a memory controller or
// block RAM behind them, docs/bus.md), the UART pins, the test finisher, the boot entry and
// the retirement port (rvfi_*; leave it open on a board and synthesis removes it).
// rtlsim's top (sim/rtlsim/mk_rtlsim_top.sv) instantiates this module; rtl/synth.sh
// synthesizes it as the top `mk_chip`.
module mk_chip #(
  parameter logic [mk_bus_pkg::PADDR_W-1:0] DRAM_SIZE = mk_soc_pkg::DRAM_SIZE_DEFAULT,
  parameter int unsigned ITLB_ENTRIES    = 8,
  parameter int unsigned DTLB_ENTRIES    = 16,
  parameter              BOOTROM_INIT    = "build/rtl/soc/mk_bootrom.hex",
  parameter int unsigned CLK_HZ          = 50_000_000,
  parameter bit          UART_SERIAL_LSR = 1'b0,              // 1 on boards: see mk_uart
  parameter bit          RVH             = 1'b1               // the H extension (mk_core)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic [63:0]          boot_entry_i,     // the boot ROM's jump target (0x8000_0000)

  // DRAM: one port for fetches, one for data (docs/bus.md; full physical addresses).
  output mk_bus_pkg::bus_req_t dram_i_req_o,
  input  logic                 dram_i_ready_i,
  input  mk_bus_pkg::bus_rsp_t dram_i_rsp_i,
  output mk_bus_pkg::bus_req_t dram_d_req_o,
  input  logic                 dram_d_ready_i,
  input  mk_bus_pkg::bus_rsp_t dram_d_rsp_i,

  // UART0: the serial pins, and the byte ports a simulation uses instead (mk_uart).
  output logic                 uart_tx_o,
  input  logic                 uart_rx_i,
  output logic                 uart_sim_tx_valid_o,
  output logic [7:0]           uart_sim_tx_byte_o,
  input  logic                 uart_sim_rx_valid_i,
  input  logic [7:0]           uart_sim_rx_byte_i,
  output logic                 uart_sim_rx_ready_o,

  // Test finisher.
  output logic                 finisher_exit_o,
  output logic [15:0]          finisher_code_o,
  output logic                 finisher_pass_o,
  output logic                 finisher_fail_o,
  output logic                 finisher_reset_o,

  // Retirement port (docs/rtl.md).
  output logic                 rvfi_valid_o,
  output logic [63:0]          rvfi_cycle_o,
  output logic [63:0]          rvfi_pc_o,
  output logic [31:0]          rvfi_insn_o,
  output logic [1:0]           rvfi_mode_o,
  output logic                 rvfi_v_o,
  output logic                 rvfi_trap_o,
  output logic                 rvfi_intr_o,
  output logic [4:0]           rvfi_cause_o,
  output logic [63:0]          rvfi_tval_o,
  output logic [4:0]           rvfi_rd_addr_o,
  output logic [63:0]          rvfi_rd_wdata_o,
  output logic [63:0]          rvfi_mem_addr_o,
  output logic [63:0]          rvfi_mem_paddr_o,
  output logic [7:0]           rvfi_mem_rmask_o,
  output logic [7:0]           rvfi_mem_wmask_o,
  output logic [63:0]          rvfi_mem_rdata_o,
  output logic [63:0]          rvfi_mem_wdata_o,
  output logic                 rvfi_csr_we_o,
  output logic [11:0]          rvfi_csr_addr_o,
  output logic [63:0]          rvfi_csr_wdata_o
);

  mk_bus_pkg::bus_req_t instr_req, data_req;
  mk_bus_pkg::bus_rsp_t instr_rsp, data_rsp;
  logic instr_ready, data_ready;
  logic msip, mtip, meip, seip;
  logic [63:0] mtime;

  mk_core #(.RVH(RVH), .DRAM_SIZE({{(64 - mk_bus_pkg::PADDR_W){1'b0}}, DRAM_SIZE}),
            .ITLB_ENTRIES(ITLB_ENTRIES), .DTLB_ENTRIES(DTLB_ENTRIES)) u_core (
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

  mk_soc #(.DRAM_SIZE(DRAM_SIZE), .BOOTROM_INIT(BOOTROM_INIT), .CLK_HZ(CLK_HZ),
           .UART_SERIAL_LSR(UART_SERIAL_LSR)) u_soc (
    .clk_i, .rst_ni, .boot_entry_i,
    .instr_req_i(instr_req), .instr_ready_o(instr_ready), .instr_rsp_o(instr_rsp),
    .data_req_i (data_req),  .data_ready_o (data_ready),  .data_rsp_o (data_rsp),
    .irq_msip_o(msip), .irq_mtip_o(mtip), .irq_meip_o(meip), .irq_seip_o(seip),
    .mtime_o(mtime),
    .dram_i_req_o, .dram_i_ready_i, .dram_i_rsp_i,
    .dram_d_req_o, .dram_d_ready_i, .dram_d_rsp_i,
    .uart_tx_o, .uart_rx_i,
    .uart_sim_tx_valid_o, .uart_sim_tx_byte_o,
    .uart_sim_rx_valid_i, .uart_sim_rx_byte_i, .uart_sim_rx_ready_o,
    .finisher_exit_o, .finisher_code_o, .finisher_pass_o, .finisher_fail_o, .finisher_reset_o
  );

endmodule
