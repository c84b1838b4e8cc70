// The SoC interconnect: routes the core's data port to the boot ROM, test finisher, CLINT,
// PLIC, UART0 or DRAM, and its instruction port to the boot ROM or DRAM, by address
// (docs/memory-map.md). An address that no region holds (or a fetch from a device) is
// accepted at once and answered with err one cycle later.
//
// Each manager has at most one request outstanding (docs/bus.md), so the routing is a
// combinational demux of the request and a mux of the response selected by the region
// remembered at the handshake. The xbar adds no cycle of latency.
module mk_xbar #(
  parameter logic [mk_bus_pkg::PADDR_W-1:0] DRAM_SIZE = mk_soc_pkg::DRAM_SIZE_DEFAULT
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Managers: the core's data and instruction ports.
  input  mk_bus_pkg::bus_req_t data_req_i,
  output logic                 data_ready_o,
  output mk_bus_pkg::bus_rsp_t data_rsp_o,
  input  mk_bus_pkg::bus_req_t instr_req_i,
  output logic                 instr_ready_o,
  output mk_bus_pkg::bus_rsp_t instr_rsp_o,

  // Subordinates reached by the data port.
  output mk_bus_pkg::bus_req_t rom_d_req_o,
  input  logic                 rom_d_ready_i,
  input  mk_bus_pkg::bus_rsp_t rom_d_rsp_i,
  output mk_bus_pkg::bus_req_t finisher_req_o,
  input  logic                 finisher_ready_i,
  input  mk_bus_pkg::bus_rsp_t finisher_rsp_i,
  output mk_bus_pkg::bus_req_t clint_req_o,
  input  logic                 clint_ready_i,
  input  mk_bus_pkg::bus_rsp_t clint_rsp_i,
  output mk_bus_pkg::bus_req_t plic_req_o,
  input  logic                 plic_ready_i,
  input  mk_bus_pkg::bus_rsp_t plic_rsp_i,
  output mk_bus_pkg::bus_req_t uart_req_o,
  input  logic                 uart_ready_i,
  input  mk_bus_pkg::bus_rsp_t uart_rsp_i,
  output mk_bus_pkg::bus_req_t dram_d_req_o,
  input  logic                 dram_d_ready_i,
  input  mk_bus_pkg::bus_rsp_t dram_d_rsp_i,

  // Subordinates reached by the instruction port.
  output mk_bus_pkg::bus_req_t rom_i_req_o,
  input  logic                 rom_i_ready_i,
  input  mk_bus_pkg::bus_rsp_t rom_i_rsp_i,
  output mk_bus_pkg::bus_req_t dram_i_req_o,
  input  logic                 dram_i_ready_i,
  input  mk_bus_pkg::bus_rsp_t dram_i_rsp_i
);

  typedef enum logic [2:0] {
    SEL_NONE, SEL_ROM, SEL_FINISHER, SEL_CLINT, SEL_PLIC, SEL_UART, SEL_DRAM
  } sel_e;

  function automatic logic in_region(input logic [mk_bus_pkg::PADDR_W-1:0] addr,
                                     input logic [mk_bus_pkg::PADDR_W-1:0] base,
                                     input logic [mk_bus_pkg::PADDR_W-1:0] size);
    // Below base, the difference wraps to a huge value: one compare covers both bounds.
    in_region = (addr - base) < size;
  endfunction

  function automatic sel_e decode(input logic [mk_bus_pkg::PADDR_W-1:0] addr);
    // (Yosys 0.23 takes no `return` and no initialised locals in functions.)
    sel_e sel;
    sel = SEL_NONE;
    if (in_region(addr, mk_soc_pkg::DRAM_BASE, DRAM_SIZE))                         sel = SEL_DRAM;
    else if (in_region(addr, mk_soc_pkg::BOOTROM_BASE, mk_soc_pkg::BOOTROM_SIZE))   sel = SEL_ROM;
    else if (in_region(addr, mk_soc_pkg::FINISHER_BASE, mk_soc_pkg::FINISHER_SIZE)) sel = SEL_FINISHER;
    else if (in_region(addr, mk_soc_pkg::CLINT_BASE, mk_soc_pkg::CLINT_SIZE))       sel = SEL_CLINT;
    else if (in_region(addr, mk_soc_pkg::PLIC_BASE, mk_soc_pkg::PLIC_SIZE))         sel = SEL_PLIC;
    else if (in_region(addr, mk_soc_pkg::UART0_BASE, mk_soc_pkg::UART0_SIZE))       sel = SEL_UART;
    decode = sel;
  endfunction

  // ---------------------------------------------------------------------------------------
  // Data port
  // ---------------------------------------------------------------------------------------
  sel_e d_sel, d_sel_q;
  logic d_err_q;    // the err response owed for an unmapped request

  assign d_sel = decode(data_req_i.addr);

  always_comb begin
    rom_d_req_o          = data_req_i;
    finisher_req_o       = data_req_i;
    clint_req_o          = data_req_i;
    plic_req_o           = data_req_i;
    uart_req_o           = data_req_i;
    dram_d_req_o         = data_req_i;
    rom_d_req_o.valid    = data_req_i.valid && (d_sel == SEL_ROM);
    finisher_req_o.valid = data_req_i.valid && (d_sel == SEL_FINISHER);
    clint_req_o.valid    = data_req_i.valid && (d_sel == SEL_CLINT);
    plic_req_o.valid     = data_req_i.valid && (d_sel == SEL_PLIC);
    uart_req_o.valid     = data_req_i.valid && (d_sel == SEL_UART);
    dram_d_req_o.valid   = data_req_i.valid && (d_sel == SEL_DRAM);

    unique case (d_sel)
      SEL_ROM:      data_ready_o = rom_d_ready_i;
      SEL_FINISHER: data_ready_o = finisher_ready_i;
      SEL_CLINT:    data_ready_o = clint_ready_i;
      SEL_PLIC:     data_ready_o = plic_ready_i;
      SEL_UART:     data_ready_o = uart_ready_i;
      SEL_DRAM:     data_ready_o = dram_d_ready_i;
      default:      data_ready_o = 1'b1;   // unmapped: accept, answer err
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      d_sel_q <= SEL_NONE;
      d_err_q <= 1'b0;
    end else begin
      d_err_q <= data_req_i.valid && (d_sel == SEL_NONE);
      if (data_req_i.valid && data_ready_o) d_sel_q <= d_sel;
    end
  end

  always_comb begin
    data_rsp_o = '0;
    unique case (d_sel_q)
      SEL_ROM:      data_rsp_o = rom_d_rsp_i;
      SEL_FINISHER: data_rsp_o = finisher_rsp_i;
      SEL_CLINT:    data_rsp_o = clint_rsp_i;
      SEL_PLIC:     data_rsp_o = plic_rsp_i;
      SEL_UART:     data_rsp_o = uart_rsp_i;
      SEL_DRAM:     data_rsp_o = dram_d_rsp_i;
      default: begin
        data_rsp_o.valid = d_err_q;
        data_rsp_o.err   = 1'b1;
      end
    endcase
  end

  // ---------------------------------------------------------------------------------------
  // Instruction port: boot ROM and DRAM only; fetching from a device is an access fault.
  // ---------------------------------------------------------------------------------------
  sel_e i_sel, i_sel_q;
  logic i_err_q;

  always_comb begin
    i_sel = decode(instr_req_i.addr);
    if (i_sel != SEL_ROM && i_sel != SEL_DRAM) i_sel = SEL_NONE;
  end

  always_comb begin
    rom_i_req_o        = instr_req_i;
    dram_i_req_o       = instr_req_i;
    rom_i_req_o.valid  = instr_req_i.valid && (i_sel == SEL_ROM);
    dram_i_req_o.valid = instr_req_i.valid && (i_sel == SEL_DRAM);
    unique case (i_sel)
      SEL_ROM:  instr_ready_o = rom_i_ready_i;
      SEL_DRAM: instr_ready_o = dram_i_ready_i;
      default:  instr_ready_o = 1'b1;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      i_sel_q <= SEL_NONE;
      i_err_q <= 1'b0;
    end else begin
      i_err_q <= instr_req_i.valid && (i_sel == SEL_NONE);
      if (instr_req_i.valid && instr_ready_o) i_sel_q <= i_sel;
    end
  end

  always_comb begin
    instr_rsp_o = '0;
    unique case (i_sel_q)
      SEL_ROM:  instr_rsp_o = rom_i_rsp_i;
      SEL_DRAM: instr_rsp_o = dram_i_rsp_i;
      default: begin
        instr_rsp_o.valid = i_err_q;
        instr_rsp_o.err   = 1'b1;
      end
    endcase
  end

endmodule
