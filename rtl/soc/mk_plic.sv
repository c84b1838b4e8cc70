// PLIC at 0xC000000, the QEMU virt / SiFive layout with 31 level-triggered sources (1..31;
// 0 means none) and two contexts: 0 = hart 0 M-mode (irq_o[0] -> MEIP), 1 = hart 0 S-mode
// (irq_o[1] -> SEIP). docs/memory-map.md is the contract; cmodel/src/dev_plic.c the model.
//
// The gateway has no state of its own, as in the model: a source is pending while its line is
// high and it is not claimed. A claim (read of claim/complete) returns the best source for the
// context and closes its gateway; a complete (write of the ID) reopens it if the source is
// enabled for that context. Registers are 32-bit; other sizes answer err; offsets that hold
// no register read 0. soft_rst_i (the finisher's reset) clears every register.
module mk_plic (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 soft_rst_i,

  input  mk_bus_pkg::bus_req_t req_i,
  output logic                 ready_o,
  output mk_bus_pkg::bus_rsp_t rsp_o,

  input  logic [31:0]          irq_sources_i,   // bit s = level of source s; bit 0 ignored
  output logic [1:0]           irq_o            // per context
);

  localparam int unsigned NSRC = mk_soc_pkg::PLIC_SOURCES;
  localparam int unsigned PW   = mk_soc_pkg::PLIC_PRIO_W;
  localparam logic [31:0] SOURCE_MASK = 32'hFFFF_FFFE;   // source 0 does not exist

  // Flattened arrays (Yosys 0.23 takes no packed 2-D arrays): priority of source s at
  // [s*PW +: PW], enables and threshold of context c at [c*32 +: 32] and [c*PW +: PW].
  logic [NSRC*PW-1:0] prio_q, prio_d;
  logic [2*32-1:0]    enable_q, enable_d;
  logic [2*PW-1:0]    thresh_q, thresh_d;
  logic [31:0]        claimed_q, claimed_d;

  logic [31:0] pending, enable0, enable1;
  logic [2*5-1:0] best;   // the source ID for context c at [c*5 +: 5]
  logic [4:0]  best0, best1;

  assign pending = irq_sources_i & ~claimed_q & SOURCE_MASK;
  assign enable0 = enable_q[31:0];
  assign enable1 = enable_q[63:32];

  // The highest-priority pending enabled source above the threshold; lowest ID on a tie.
  // A tournament tree (5 levels for 32 sources, not a 31-step chain) keeps the logic shallow:
  // node n has children 2n+1 and 2n+2; the leaves 31..62 are sources 0..31. A key of 0 means
  // "not eligible" (eligible sources have priority > threshold >= 0). On a tie the left child,
  // which holds the lower IDs, wins.
  // A context with no source both pending and enabled has no best source: the simulator then
  // skips its tree (the usual case: this runs every cycle), in logic only an AND more.
  localparam int unsigned NODES = 2 * NSRC - 1;
  logic [NODES*PW-1:0] key;
  logic [NODES*5-1:0]  id;

  always_comb begin
    best = '0;
    key  = '0;
    id   = '0;
    for (int c = 0; c < 2; c++) begin
      if ((pending & enable_q[c*32 +: 32]) != '0) begin
        for (int s = 0; s < NSRC; s++) begin
          id[(NSRC-1+s)*5 +: 5] = 5'(s);
          key[(NSRC-1+s)*PW +: PW] =
              (pending[s] && enable_q[c*32 + s] && prio_q[s*PW +: PW] > thresh_q[c*PW +: PW])
              ? prio_q[s*PW +: PW] : '0;
        end
        for (int n = NSRC - 2; n >= 0; n--) begin
          if (key[(2*n+2)*PW +: PW] > key[(2*n+1)*PW +: PW]) begin
            key[n*PW +: PW] = key[(2*n+2)*PW +: PW];
            id[n*5 +: 5]    = id[(2*n+2)*5 +: 5];
          end else begin
            key[n*PW +: PW] = key[(2*n+1)*PW +: PW];
            id[n*5 +: 5]    = id[(2*n+1)*5 +: 5];
          end
        end
        best[c*5 +: 5] = key[0 +: PW] != '0 ? id[0 +: 5] : '0;
      end
    end
  end

  assign best0 = best[4:0];
  assign best1 = best[9:5];
  assign irq_o = {best1 != '0, best0 != '0};

  // ---------------------------------------------------------------------------------------
  // Register access
  // ---------------------------------------------------------------------------------------
  logic [22:0] off;
  logic        ok, rd, wr, sel_prio;
  logic [4:0]  prio_src;
  logic [31:0] wval, rval, rdata_q;
  logic        valid_q, err_q, lane_q;

  assign ready_o  = 1'b1;
  assign off      = req_i.addr[22:0];
  assign ok       = req_i.size == mk_bus_pkg::SIZE_W;
  assign rd       = req_i.valid && !req_i.we && ok;
  assign wr       = req_i.valid && req_i.we && ok;
  assign sel_prio = off[22:7] == '0;          // 0x000..0x07C: sources 0..31
  assign prio_src = off[6:2];
  assign wval     = off[2] ? req_i.wdata[63:32] : req_i.wdata[31:0];

  always_comb begin
    rval = '0;
    if (sel_prio)                         rval = 32'(prio_q[prio_src*PW +: PW]);
    if (off == mk_soc_pkg::PLIC_PENDING)  rval = pending;
    if (off == mk_soc_pkg::PLIC_ENABLE0)  rval = enable_q[31:0];
    if (off == mk_soc_pkg::PLIC_ENABLE1)  rval = enable_q[63:32];
    if (off == mk_soc_pkg::PLIC_THRESH0)  rval = 32'(thresh_q[0 +: PW]);
    if (off == mk_soc_pkg::PLIC_THRESH1)  rval = 32'(thresh_q[PW +: PW]);
    if (off == mk_soc_pkg::PLIC_CLAIM0)   rval = 32'(best0);
    if (off == mk_soc_pkg::PLIC_CLAIM1)   rval = 32'(best1);
  end

  always_comb begin
    prio_d    = prio_q;
    enable_d  = enable_q;
    thresh_d  = thresh_q;
    claimed_d = claimed_q;
    // Only with a request (rd and wr include valid): the simulator skips the decoding on
    // the other cycles.
    if (req_i.valid) begin
      if (wr && sel_prio && prio_src != '0) prio_d[prio_src*PW +: PW] = wval[PW-1:0];
      if (wr && off == mk_soc_pkg::PLIC_ENABLE0) enable_d[31:0]  = wval & SOURCE_MASK;
      if (wr && off == mk_soc_pkg::PLIC_ENABLE1) enable_d[63:32] = wval & SOURCE_MASK;
      if (wr && off == mk_soc_pkg::PLIC_THRESH0) thresh_d[0 +: PW]  = wval[PW-1:0];
      if (wr && off == mk_soc_pkg::PLIC_THRESH1) thresh_d[PW +: PW] = wval[PW-1:0];
      // Claim: the returned source (if any) is not pending for any context until completed.
      if (rd && off == mk_soc_pkg::PLIC_CLAIM0) begin
        claimed_d[best0] = claimed_d[best0] | (best0 != '0);
      end
      if (rd && off == mk_soc_pkg::PLIC_CLAIM1) begin
        claimed_d[best1] = claimed_d[best1] | (best1 != '0);
      end
      // Complete: ignored unless the source exists and is enabled for this context (spec).
      if (wr && off == mk_soc_pkg::PLIC_CLAIM0 && wval < 32'(NSRC) && enable0[wval[4:0]])
        claimed_d[wval[4:0]] = 1'b0;
      if (wr && off == mk_soc_pkg::PLIC_CLAIM1 && wval < 32'(NSRC) && enable1[wval[4:0]])
        claimed_d[wval[4:0]] = 1'b0;
    end
    if (soft_rst_i) begin
      prio_d    = '0;
      enable_d  = '0;
      thresh_d  = '0;
      claimed_d = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prio_q    <= '0;
      enable_q  <= '0;
      thresh_q  <= '0;
      claimed_q <= '0;
      valid_q   <= 1'b0;
      err_q     <= 1'b0;
      rdata_q   <= '0;
      lane_q    <= 1'b0;
    end else begin
      prio_q    <= prio_d;
      enable_q  <= enable_d;
      thresh_q  <= thresh_d;
      claimed_q <= claimed_d;
      valid_q   <= req_i.valid;
      err_q     <= req_i.valid && !ok;
      if (req_i.valid) begin
        rdata_q <= rd ? rval : '0;
        lane_q  <= off[2];
      end
    end
  end

  always_comb begin
    rsp_o       = '0;
    rsp_o.valid = valid_q;
    rsp_o.err   = err_q;
    rsp_o.rdata = lane_q ? {rdata_q, 32'h0} : {32'h0, rdata_q};
  end

  logic unused_req;
  assign unused_req = ^{req_i.addr[mk_bus_pkg::PADDR_W-1:23], req_i.be, irq_sources_i[0]};

endmodule
