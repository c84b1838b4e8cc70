// CLINT at 0x2000000 (SiFive layout, one hart; docs/memory-map.md): msip at +0x0 (32-bit),
// mtimecmp at +0x4000 and mtime at +0xBFF8 (64-bit, or either 32-bit half). Other offsets
// read 0 and ignore writes; 8/16-bit accesses and 64-bit msip accesses answer err.
//
// mtime advances once every MTIME_DIVIDER cycles after reset, which is exactly the C model's
// cycle / 5 + offset: a write to mtime replaces the value of the current cycle and does not
// restart the prescaler, so the next tick comes where it would have come anyway. soft_rst_i
// (the finisher's reset) restores msip and mtimecmp and keeps mtime running.
module mk_clint (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 soft_rst_i,

  input  mk_bus_pkg::bus_req_t req_i,
  output logic                 ready_o,
  output mk_bus_pkg::bus_rsp_t rsp_o,

  output logic [63:0]          mtime_o,
  output logic                 msip_o,     // mip.MSIP
  output logic                 mtip_o      // mip.MTIP: mtime >= mtimecmp
);

  localparam int unsigned DIV_W = $clog2(mk_soc_pkg::MTIME_DIVIDER);
  localparam logic [DIV_W-1:0] DIV_LAST = DIV_W'(mk_soc_pkg::MTIME_DIVIDER - 1);

  logic [DIV_W-1:0] prescale_q;
  logic             tick;
  logic [63:0]      mtime_q, mtime_d, mtimecmp_q, mtimecmp_d;
  logic             msip_q, msip_d;

  logic [15:0] off;
  logic        is_word, is_dword, sel_msip, sel_mtimecmp, sel_mtime, bad, wr;
  logic [63:0] wmask, rdata, rdata_q;
  logic        valid_q, err_q;

  assign ready_o = 1'b1;
  assign tick    = prescale_q == DIV_LAST;

  assign off          = req_i.addr[15:0];
  assign is_word      = req_i.size == mk_bus_pkg::SIZE_W;
  assign is_dword     = req_i.size == mk_bus_pkg::SIZE_D;
  assign sel_msip     = off == mk_soc_pkg::CLINT_MSIP;
  assign sel_mtimecmp = off[15:3] == mk_soc_pkg::CLINT_MTIMECMP[15:3];
  assign sel_mtime    = off[15:3] == mk_soc_pkg::CLINT_MTIME[15:3];
  assign bad          = !(is_word || is_dword) || (sel_msip && is_dword);
  assign wr           = req_i.valid && req_i.we && !bad;
  // The bytes a write replaces: the whole doubleword, or the 32-bit half at off & 4.
  assign wmask        = is_dword ? '1 : (off[2] ? {{32{1'b1}}, 32'h0} : {32'h0, {32{1'b1}}});

  always_comb begin
    msip_d     = msip_q;
    mtimecmp_d = mtimecmp_q;
    mtime_d    = mtime_q + 64'(tick);
    if (wr && sel_msip) msip_d = req_i.wdata[0];
    if (wr && sel_mtimecmp) mtimecmp_d = (mtimecmp_q & ~wmask) | (req_i.wdata & wmask);
    // The written value is the value of this cycle; the tick still applies on top of it.
    if (wr && sel_mtime) mtime_d = ((mtime_q & ~wmask) | (req_i.wdata & wmask)) + 64'(tick);
    if (soft_rst_i) begin
      msip_d     = 1'b0;
      mtimecmp_d = '1;
    end
  end

  // Reads return the whole register; the manager takes the half it asked for.
  always_comb begin
    rdata = '0;
    if (sel_msip)     rdata = {32'h0, 31'h0, msip_q};
    if (sel_mtimecmp) rdata = mtimecmp_q;
    if (sel_mtime)    rdata = mtime_q;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prescale_q <= '0;
      mtime_q    <= '0;
      mtimecmp_q <= '1;
      msip_q     <= 1'b0;
      valid_q    <= 1'b0;
      err_q      <= 1'b0;
      rdata_q    <= '0;
    end else begin
      prescale_q <= tick ? '0 : prescale_q + 1'b1;
      mtime_q    <= mtime_d;
      mtimecmp_q <= mtimecmp_d;
      msip_q     <= msip_d;
      valid_q    <= req_i.valid;
      err_q      <= req_i.valid && bad;
      if (req_i.valid) rdata_q <= bad ? '0 : rdata;
    end
  end

  always_comb begin
    rsp_o       = '0;
    rsp_o.valid = valid_q;
    rsp_o.err   = err_q;
    rsp_o.rdata = rdata_q;
  end

  assign mtime_o = mtime_q;
  assign msip_o  = msip_q;
  assign mtip_o  = mtime_q >= mtimecmp_q;

  logic unused_req;
  assign unused_req = ^{req_i.addr[mk_bus_pkg::PADDR_W-1:16], req_i.be};

endmodule
