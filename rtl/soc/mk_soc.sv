// The Matryoshka SoC around the core (docs/memory-map.md, docs/rtl-soc.md): the interconnect,
// boot ROM, test finisher, CLINT, PLIC and UART0, with two DRAM ports at the top (one per core
// port) for a dual-ported memory. The core is not instantiated yet: its instruction and data
// manager ports, interrupt lines and mtime are ports of this module for now.
module mk_soc #(
  parameter logic [mk_bus_pkg::PADDR_W-1:0] DRAM_SIZE = mk_soc_pkg::DRAM_SIZE_DEFAULT,
  // The ROM image (rtl/soc/gen_bootrom_hex.sh), relative to where the tools run: the repo root.
  parameter              BOOTROM_INIT  = "build/rtl/soc/mk_bootrom.hex",
  parameter int unsigned BOOTROM_WORDS = 512,
  parameter int unsigned CLK_HZ        = 50_000_000,
  parameter bit          UART_SERIAL_LSR = 1'b0               // 1 on boards: see mk_uart
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic [63:0]          boot_entry_i,     // the boot ROM's jump target (0x8000_0000)

  // The core's manager ports.
  input  mk_bus_pkg::bus_req_t instr_req_i,
  output logic                 instr_ready_o,
  output mk_bus_pkg::bus_rsp_t instr_rsp_o,
  input  mk_bus_pkg::bus_req_t data_req_i,
  output logic                 data_ready_o,
  output mk_bus_pkg::bus_rsp_t data_rsp_o,

  // The core's interrupt lines and time base.
  output logic                 irq_msip_o,       // mip.MSIP
  output logic                 irq_mtip_o,       // mip.MTIP
  output logic                 irq_meip_o,       // mip.MEIP (PLIC context 0)
  output logic                 irq_seip_o,       // mip.SEIP (PLIC context 1)
  output logic [63:0]          mtime_o,

  // DRAM: one port for fetches, one for data; addresses are full physical addresses.
  output mk_bus_pkg::bus_req_t dram_i_req_o,
  input  logic                 dram_i_ready_i,
  input  mk_bus_pkg::bus_rsp_t dram_i_rsp_i,
  output mk_bus_pkg::bus_req_t dram_d_req_o,
  input  logic                 dram_d_ready_i,
  input  mk_bus_pkg::bus_rsp_t dram_d_rsp_i,

  // UART0: the serial pins and the simulation byte ports.
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
  output logic                 finisher_reset_o  // one cycle: reset the hart (devices: done here)
);

  mk_bus_pkg::bus_req_t rom_i_req, rom_d_req, fin_req, clint_req, plic_req, uart_req;
  mk_bus_pkg::bus_rsp_t rom_i_rsp, rom_d_rsp, fin_rsp, clint_rsp, plic_rsp, uart_rsp;
  logic rom_i_ready, rom_d_ready, fin_ready, clint_ready, plic_ready, uart_ready;
  logic uart_irq, soft_rst;
  logic [1:0] plic_irq;

  // A finisher reset (0x7777) restores the devices' registers at the end of the store's
  // response cycle; mtime and received UART data are kept (docs/memory-map.md).
  assign soft_rst = finisher_reset_o;

  mk_xbar #(.DRAM_SIZE(DRAM_SIZE)) u_xbar (
    .clk_i, .rst_ni,
    .data_req_i,     .data_ready_o,               .data_rsp_o,
    .instr_req_i,    .instr_ready_o,              .instr_rsp_o,
    .rom_d_req_o   (rom_d_req), .rom_d_ready_i   (rom_d_ready), .rom_d_rsp_i   (rom_d_rsp),
    .finisher_req_o(fin_req),   .finisher_ready_i(fin_ready),   .finisher_rsp_i(fin_rsp),
    .clint_req_o   (clint_req), .clint_ready_i   (clint_ready), .clint_rsp_i   (clint_rsp),
    .plic_req_o    (plic_req),  .plic_ready_i    (plic_ready),  .plic_rsp_i    (plic_rsp),
    .uart_req_o    (uart_req),  .uart_ready_i    (uart_ready),  .uart_rsp_i    (uart_rsp),
    .dram_d_req_o,   .dram_d_ready_i,             .dram_d_rsp_i,
    .rom_i_req_o   (rom_i_req), .rom_i_ready_i   (rom_i_ready), .rom_i_rsp_i   (rom_i_rsp),
    .dram_i_req_o,   .dram_i_ready_i,             .dram_i_rsp_i
  );

  mk_bootrom #(.INIT_FILE(BOOTROM_INIT), .WORDS(BOOTROM_WORDS)) u_bootrom (
    .clk_i, .rst_ni,
    .entry_i  (boot_entry_i),
    .i_req_i  (rom_i_req), .i_ready_o(rom_i_ready), .i_rsp_o(rom_i_rsp),
    .d_req_i  (rom_d_req), .d_ready_o(rom_d_ready), .d_rsp_o(rom_d_rsp)
  );

  mk_finisher u_finisher (
    .clk_i, .rst_ni,
    .req_i      (fin_req), .ready_o(fin_ready), .rsp_o(fin_rsp),
    .exit_o     (finisher_exit_o),
    .exit_code_o(finisher_code_o),
    .pass_o     (finisher_pass_o),
    .fail_o     (finisher_fail_o),
    .reset_o    (finisher_reset_o)
  );

  mk_clint u_clint (
    .clk_i, .rst_ni,
    .soft_rst_i(soft_rst),
    .req_i     (clint_req), .ready_o(clint_ready), .rsp_o(clint_rsp),
    .mtime_o,
    .msip_o    (irq_msip_o),
    .mtip_o    (irq_mtip_o)
  );

  mk_plic u_plic (
    .clk_i, .rst_ni,
    .soft_rst_i   (soft_rst),
    .req_i        (plic_req), .ready_o(plic_ready), .rsp_o(plic_rsp),
    .irq_sources_i(32'(uart_irq) << mk_soc_pkg::UART0_IRQ),
    .irq_o        (plic_irq)
  );

  assign irq_meip_o = plic_irq[0];
  assign irq_seip_o = plic_irq[1];

  mk_uart #(.CLK_HZ(CLK_HZ), .SERIAL_LSR(UART_SERIAL_LSR)) u_uart (
    .clk_i, .rst_ni,
    .soft_rst_i    (soft_rst),
    .req_i         (uart_req), .ready_o(uart_ready), .rsp_o(uart_rsp),
    .irq_o         (uart_irq),
    .tx_o          (uart_tx_o),
    .rx_i          (uart_rx_i),
    .sim_tx_valid_o(uart_sim_tx_valid_o),
    .sim_tx_byte_o (uart_sim_tx_byte_o),
    .sim_rx_valid_i(uart_sim_rx_valid_i),
    .sim_rx_byte_i (uart_sim_rx_byte_i),
    .sim_rx_ready_o(uart_sim_rx_ready_o)
  );

endmodule
