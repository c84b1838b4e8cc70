// UART0 at 0x10000000: the NS16550A subset of docs/memory-map.md and cmodel/src/dev_uart.c
// (reg-shift 0, 8-bit accesses only, others answer err; offsets 8..0xFF read 0), with two
// paths from the same register file:
//  - sim: every THR write appears on sim_tx_valid_o/sim_tx_byte_o (the cycle after the
//    handshake), and sim_rx_* loads RBR whenever it is free, so a harness sees bytes without
//    bit timing;
//  - serial: 8N1 transmitter and receiver on tx_o/rx_i at the rate set by the divisor latch,
//    baud = UART_CLK_HZ / (16 * divisor), from a UART_CLK_HZ clock enable made from the core
//    clock (the DTB says 3.6864 MHz), each behind a FIFO_DEPTH-byte FIFO. A divisor of 0
//    stops the line. LCR framing bits are stored but the line is always 8N1.
//
// SERIAL_LSR = 0 (simulation, co-simulation): exactly the model. THR is always empty
// (LSR.THRE = TEMT = 1) and every THR write raises the THR-empty interrupt, so bytes written
// faster than the line drains overflow the TX FIFO and are dropped from the serial line only.
// SERIAL_LSR = 1 (boards): LSR.THRE = TX FIFO empty, TEMT = FIFO and shifter empty, and the
// THR-empty interrupt is raised when the FIFO drains, so drivers pace themselves.
//
// RBR holds one byte, as in the model; serial input waits in the RX FIFO (dropped when full)
// and has priority over the sim port. Reading RBR frees it and refills it at the same clock
// edge, so a waiting byte is ready at once (the model's --uart-in behaviour). soft_rst_i (the
// finisher's reset) resets the registers and keeps received data.
module mk_uart #(
  parameter int unsigned CLK_HZ      = 50_000_000,
  parameter int unsigned UART_CLK_HZ = 3_686_400,
  parameter bit          SERIAL_LSR  = 1'b0,
  parameter int unsigned FIFO_DEPTH  = 16
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 soft_rst_i,

  input  mk_bus_pkg::bus_req_t req_i,
  output logic                 ready_o,
  output mk_bus_pkg::bus_rsp_t rsp_o,

  output logic                 irq_o,          // PLIC source 10

  output logic                 tx_o,           // serial line, idle high
  input  logic                 rx_i,           // asynchronous: synchronised here

  output logic                 sim_tx_valid_o,
  output logic [7:0]           sim_tx_byte_o,
  input  logic                 sim_rx_valid_i,
  input  logic [7:0]           sim_rx_byte_i,
  output logic                 sim_rx_ready_o  // sim_rx_byte_i is taken at this clock edge
);

  localparam logic [7:0] IER_RDA  = 8'h01;
  localparam logic [7:0] IER_THRE = 8'h02;
  localparam logic [7:0] LCR_DLAB = 8'h80;
  localparam logic [7:0] LSR_DR   = 8'h01;
  localparam logic [7:0] LSR_THRE = 8'h20;
  localparam logic [7:0] LSR_TEMT = 8'h40;

  // ---------------------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------------------
  logic [7:0] ier_q, lcr_q, mcr_q, scr_q, dll_q, dlm_q, rbr_q;
  logic       fifo_en_q, thr_ipend_q, rx_ready_q;
  logic [7:0] ier_d, lcr_d, mcr_d, scr_d, dll_d, dlm_d, rbr_d;
  logic       fifo_en_d, thr_ipend_d, rx_ready_d;

  logic [7:0] off, wbyte, rval, rdata_q;
  logic       ok, rd, wr, dlab, rbr_read, thr_write, iir_thre;
  logic       valid_q, err_q, sim_tx_valid_q;
  logic [7:0] sim_tx_byte_q;

  // Serial side.
  logic       tx_fifo_empty, tx_fifo_full, tx_pop, tx_busy, tx_empty_q;
  logic [7:0] tx_fifo_data;
  logic       rx_fifo_empty, rx_fifo_full, rx_fifo_pop, rx_valid;
  logic [7:0] rx_fifo_data, rx_data;
  logic       lsr_thre, lsr_temt, refill;

  assign ready_o   = 1'b1;
  assign off       = req_i.addr[7:0];
  assign ok        = req_i.size == mk_bus_pkg::SIZE_B;
  assign rd        = req_i.valid && !req_i.we && ok;
  assign wr        = req_i.valid && req_i.we && ok;
  assign wbyte     = req_i.wdata[8*req_i.addr[2:0] +: 8];
  assign dlab      = (lcr_q & LCR_DLAB) != '0;
  assign rbr_read  = rd && off == mk_soc_pkg::UART_RBR_THR && !dlab;
  assign thr_write = wr && off == mk_soc_pkg::UART_RBR_THR && !dlab;

  assign lsr_thre  = SERIAL_LSR ? tx_fifo_empty : 1'b1;
  assign lsr_temt  = SERIAL_LSR ? tx_fifo_empty && !tx_busy : 1'b1;

  // IIR: receive data first, then THR empty (reading it then acknowledges THR empty).
  assign iir_thre  = !((ier_q & IER_RDA) != '0 && rx_ready_q) &&
                     (ier_q & IER_THRE) != '0 && thr_ipend_q;

  always_comb begin
    rval = '0;
    unique case (off)
      mk_soc_pkg::UART_RBR_THR: rval = dlab ? dll_q : (rx_ready_q ? rbr_q : '0);
      mk_soc_pkg::UART_IER:     rval = dlab ? dlm_q : ier_q;
      mk_soc_pkg::UART_IIR_FCR: begin
        if ((ier_q & IER_RDA) != '0 && rx_ready_q) rval = mk_soc_pkg::UART_IIR_RDA;
        else if (iir_thre)                          rval = mk_soc_pkg::UART_IIR_THRE;
        else                                        rval = mk_soc_pkg::UART_IIR_NONE;
        if (fifo_en_q) rval = rval | mk_soc_pkg::UART_IIR_FIFO;
      end
      mk_soc_pkg::UART_LCR:     rval = lcr_q;
      mk_soc_pkg::UART_MCR:     rval = mcr_q;
      mk_soc_pkg::UART_LSR:     rval = (lsr_thre ? LSR_THRE : '0) | (lsr_temt ? LSR_TEMT : '0) |
                                       (rx_ready_q ? LSR_DR : '0);
      mk_soc_pkg::UART_MSR:     rval = mk_soc_pkg::UART_MSR_READY;
      mk_soc_pkg::UART_SCR:     rval = scr_q;
      default:                  rval = '0;
    endcase
  end

  // RBR is free this cycle if it is empty or being read; then it takes the next byte.
  assign refill         = !rx_ready_q || rbr_read;
  assign rx_fifo_pop    = refill && !rx_fifo_empty;
  assign sim_rx_ready_o = refill && rx_fifo_empty;

  always_comb begin
    ier_d       = ier_q;
    lcr_d       = lcr_q;
    mcr_d       = mcr_q;
    scr_d       = scr_q;
    dll_d       = dll_q;
    dlm_d       = dlm_q;
    fifo_en_d   = fifo_en_q;
    thr_ipend_d = thr_ipend_q;
    rbr_d       = rbr_q;
    rx_ready_d  = rx_ready_q && !rbr_read;

    if (rx_fifo_pop) begin
      rbr_d      = rx_fifo_data;
      rx_ready_d = 1'b1;
    end else if (sim_rx_ready_o && sim_rx_valid_i) begin
      rbr_d      = sim_rx_byte_i;
      rx_ready_d = 1'b1;
    end

    if (rd && off == mk_soc_pkg::UART_IIR_FCR && iir_thre) thr_ipend_d = 1'b0;
    // THR empty: at once after a write (the model), or when the FIFO drains (a board).
    if (SERIAL_LSR) begin
      if (thr_write) thr_ipend_d = 1'b0;
      if (tx_fifo_empty && !tx_empty_q) thr_ipend_d = 1'b1;
    end else if (thr_write) begin
      thr_ipend_d = 1'b1;
    end

    if (wr) begin
      unique case (off)
        mk_soc_pkg::UART_RBR_THR: if (dlab) dll_d = wbyte;
        mk_soc_pkg::UART_IER: begin
          if (dlab) begin
            dlm_d = wbyte;
          end else begin
            // Enabling THR empty while THR is empty raises it, as on a real 16550.
            if ((wbyte & IER_THRE) != '0 && (ier_q & IER_THRE) == '0 && lsr_thre)
              thr_ipend_d = 1'b1;
            if ((wbyte & IER_THRE) == '0) thr_ipend_d = 1'b0;
            ier_d = wbyte & 8'h0F;
          end
        end
        mk_soc_pkg::UART_IIR_FCR: fifo_en_d = wbyte[0];
        mk_soc_pkg::UART_LCR:     lcr_d = wbyte;
        mk_soc_pkg::UART_MCR:     mcr_d = wbyte & 8'h1F;
        mk_soc_pkg::UART_SCR:     scr_d = wbyte;
        default: ;                // LSR, MSR are read-only
      endcase
    end

    if (soft_rst_i) begin
      ier_d       = '0;
      lcr_d       = '0;
      mcr_d       = '0;
      scr_d       = '0;
      dll_d       = mk_soc_pkg::UART_DLL_RESET;
      dlm_d       = '0;
      fifo_en_d   = 1'b0;
      thr_ipend_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ier_q          <= '0;
      lcr_q          <= '0;
      mcr_q          <= '0;
      scr_q          <= '0;
      dll_q          <= mk_soc_pkg::UART_DLL_RESET;
      dlm_q          <= '0;
      fifo_en_q      <= 1'b0;
      thr_ipend_q    <= 1'b0;
      rbr_q          <= '0;
      rx_ready_q     <= 1'b0;
      tx_empty_q     <= 1'b1;
      valid_q        <= 1'b0;
      err_q          <= 1'b0;
      rdata_q        <= '0;
      sim_tx_valid_q <= 1'b0;
      sim_tx_byte_q  <= '0;
    end else begin
      ier_q          <= ier_d;
      lcr_q          <= lcr_d;
      mcr_q          <= mcr_d;
      scr_q          <= scr_d;
      dll_q          <= dll_d;
      dlm_q          <= dlm_d;
      fifo_en_q      <= fifo_en_d;
      thr_ipend_q    <= thr_ipend_d;
      rbr_q          <= rbr_d;
      rx_ready_q     <= rx_ready_d;
      tx_empty_q     <= tx_fifo_empty;
      valid_q        <= req_i.valid;
      err_q          <= req_i.valid && !ok;
      if (req_i.valid) rdata_q <= rd ? rval : '0;
      sim_tx_valid_q <= thr_write;
      if (thr_write) sim_tx_byte_q <= wbyte;
    end
  end

  always_comb begin
    rsp_o       = '0;
    rsp_o.valid = valid_q;
    rsp_o.err   = err_q;
    rsp_o.rdata = {8{rdata_q}};   // on every lane: the manager takes the one it asked for
  end

  assign irq_o = ((ier_q & IER_RDA) != '0 && rx_ready_q) ||
                 ((ier_q & IER_THRE) != '0 && thr_ipend_q);

  assign sim_tx_valid_o = sim_tx_valid_q;
  assign sim_tx_byte_o  = sim_tx_byte_q;

  // ---------------------------------------------------------------------------------------
  // Baud rate: a UART_CLK_HZ clock enable from a phase accumulator (its jitter is one core
  // cycle), divided by the divisor latch into the 16x tick.
  // ---------------------------------------------------------------------------------------
  localparam logic [63:0] NCO_INC64 = (64'(UART_CLK_HZ) << 32) / 64'(CLK_HZ);
  localparam logic [31:0] NCO_INC   = NCO_INC64[31:0];

  logic [31:0] nco_q;
  logic        uclk_en;
  logic [15:0] divisor, div_cnt_q;
  logic        tick16;

  assign divisor = {dlm_q, dll_q};
  assign tick16  = uclk_en && divisor != '0 && div_cnt_q >= divisor - 16'd1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      nco_q     <= '0;
      uclk_en   <= 1'b0;
      div_cnt_q <= '0;
    end else begin
      {uclk_en, nco_q} <= {1'b0, nco_q} + {1'b0, NCO_INC};
      if (uclk_en) div_cnt_q <= tick16 ? '0 : div_cnt_q + 16'd1;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Serial transmitter and receiver
  // ---------------------------------------------------------------------------------------
  mk_fifo #(.WIDTH(8), .DEPTH(FIFO_DEPTH)) u_tx_fifo (
    .clk_i, .rst_ni,
    .push_i (thr_write),
    .wdata_i(wbyte),
    .pop_i  (tx_pop),
    .rdata_o(tx_fifo_data),
    .empty_o(tx_fifo_empty),
    .full_o (tx_fifo_full)
  );

  mk_uart_tx u_tx (
    .clk_i, .rst_ni,
    .tick16_i(tick16),
    .valid_i (!tx_fifo_empty),
    .data_i  (tx_fifo_data),
    .ready_o (tx_pop),
    .busy_o  (tx_busy),
    .tx_o
  );

  logic [1:0] rx_sync_q;   // two flops against metastability of the asynchronous pin
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) rx_sync_q <= 2'b11;
    else         rx_sync_q <= {rx_sync_q[0], rx_i};
  end

  mk_uart_rx u_rx (
    .clk_i, .rst_ni,
    .tick16_i(tick16),
    .rx_i    (rx_sync_q[1]),
    .valid_o (rx_valid),
    .data_o  (rx_data)
  );

  mk_fifo #(.WIDTH(8), .DEPTH(FIFO_DEPTH)) u_rx_fifo (
    .clk_i, .rst_ni,
    .push_i (rx_valid),
    .wdata_i(rx_data),
    .pop_i  (rx_fifo_pop),
    .rdata_o(rx_fifo_data),
    .empty_o(rx_fifo_empty),
    .full_o (rx_fifo_full)
  );

  // The FIFOs drop on overflow (documented above); the full flags have no reader.
  logic unused;
  assign unused = ^{req_i.addr[mk_bus_pkg::PADDR_W-1:8], req_i.be, tx_fifo_full, rx_fifo_full,
                    NCO_INC64[63:32]};

endmodule
