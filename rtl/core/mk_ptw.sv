// The page-table walker (docs/timing.md "Address translation (Sv39)", "Two-stage translation
// (H)"; what it reads and faults on is the C model's mmu.c walk(), g_walk(), translate_hs()
// and translate_guest()). The core has two: one on the instruction port for fetches, one on
// the data port for loads and stores, so neither waits for the other.
//
// V = 0: the Sv39 walk under satp (root_ppn_i). V = 1 (virt_i, H only): the VS-stage walk
// under vsatp (root_ppn_i; vs_on_i) in which every PTE address is a guest physical address,
// first walked through the G-stage under hgatp (g_on_i; Sv39x4, 16 KiB root indexed by GPA
// bits 40:30), then the final GPA walked through the G-stage. A Bare stage is the identity and
// costs nothing. So a V = 1 walk reads, in order: for each VS level, the G-stage PTEs of that
// level's PTE address, then the VS PTE; then the G-stage PTEs of the final GPA.
//
// Timing: the first read is requested in the cycle start_i is high (the walk's first cycle t);
// each read answers on the port some cycles later and the next read, whatever its stage, is
// requested in that response cycle, straight from the PTE. done_o is high in the cycle the
// walk ends: the response cycle of the last read, or the cycle a read would have been issued
// when its address fails a check (t itself when the first does), so a walk of k reads ends in
// t + k*L. Before each read the PTE's address must be in DRAM (page tables are main memory;
// else an access fault without a bus access) and pass PMP as an S-mode 8-byte load.
//
// Faults (fault_o; implicit_o when the fault belongs to a PTE access): access faults (a PTE
// address outside DRAM or denied by PMP, a bus error: implicit); page faults of the VS/HS
// stage (V = 0, W without R, bits 63:54 set, D/A/U in a pointer, a pointer at level 0, a
// misaligned superpage, and with V = 1 a VS leaf the access may not use, checked before the
// final GPA is walked); guest-page faults (guest_o) of the G-stage (the same PTE checks, a GPA
// above 2^41, and for a VS PTE address the implicit load's leaf check U, R, A), with
// tval2_o = that GPA >> 2 (implicit for a VS PTE address), 0 for a GPA above 2^41.
// Otherwise the translation: the combined level (the smaller leaf), the supervisor physical
// page, the first-stage leaf (level, bits 7:0 with G merged from the pointers above) and the
// G-stage leaf (guest page, bits 7:0, G cleared; all of V R W X U A D for a Bare G-stage).
// Whether it is cached (A = 1 in both) and allowed is the user's decision.
//
// kill_i (a redirect of the fetch unit) drops the walk in any cycle: no further read is
// issued, done_o stays low, and a read still outstanding is waited for and discarded
// (busy_o stays high until its response). start_i is only accepted when busy_o is low.
// vaddr_i and the roots must be stable while a walk runs (the fetch unit's fa and the MEM
// address are; a change of satp, vsatp or hgatp flushes, which kills a fetch walk).
module mk_ptw #(
  parameter logic [63:0] DRAM_BASE = 64'h8000_0000,
  parameter logic [63:0] DRAM_SIZE = 64'h1000_0000,
  parameter bit          H         = 1'b1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  input  logic                 start_i,
  input  logic [63:0]          vaddr_i,
  input  logic                 virt_i,          // a V = 1 walk (H only)
  input  logic                 vs_on_i,         // V = 1: vsatp.MODE = Sv39
  input  logic                 g_on_i,          // V = 1: hgatp.MODE = Sv39x4
  input  logic [43:0]          root_ppn_i,      // satp.PPN, or vsatp.PPN for V = 1
  input  logic [43:0]          hgatp_ppn_i,
  input  logic                 kill_i,

  // The first-stage check of a V = 1 VS leaf (mk_pte_perm's inputs).
  input  mk_pkg::priv_e        priv_i,
  input  logic                 fetch_i,
  input  logic                 store_i,
  input  logic                 sum_i,
  input  logic                 mxr_i,
  input  logic                 hlvx_i,

  input  logic [127:0]         pmp_cfg_i,
  input  logic [863:0]         pmp_addr_i,

  output mk_bus_pkg::bus_req_t req_o,
  input  logic                 ready_i,
  input  mk_bus_pkg::bus_rsp_t rsp_i,

  output logic                 busy_o,           // a walk (or a dropped walk's read) is under way
  output logic                 done_o,           // the walk ends in this cycle
  output logic                 fault_o,
  output logic                 access_fault_o,
  output logic                 guest_o,          // a guest-page fault
  output logic                 implicit_o,       // the fault is a PTE access's
  output logic [63:0]          tval2_o,          // guest-page fault: the GPA >> 2
  output logic [1:0]           level_o,          // combined page size
  output logic [1:0]           vs_level_o,       // first-stage leaf size
  output logic [43:0]          ppn_o,            // bits below level_o: don't care
  output logic [7:0]           perm_o,
  output logic [28:0]          gppn_o,           // bits below level_o: don't care
  output logic [7:0]           gperm_o
);

  localparam logic [1:0] S_IDLE  = 2'd0;
  localparam logic [1:0] S_WAIT  = 2'd1;   // a read is outstanding
  localparam logic [1:0] S_HOLD  = 2'd2;   // a read is offered, not yet accepted (ready_i = 0)
  localparam logic [1:0] S_DRAIN = 2'd3;   // killed: the outstanding read is discarded
  // A Bare stage's leaf: V R W X U A D.
  localparam logic [7:0] BARE_PERM = 8'hDF;

  logic [1:0]  state_q, state_d;
  logic        hold_kill_q, hold_kill_d;   // killed while its read was held
  logic [1:0]  level_q, level_d;     // the tree level of the read outstanding (or held)
  logic        g_q, g_d;             // it is a G-stage PTE read
  logic        fin_q, fin_d;         // the G-stage walk is of the final GPA
  logic [1:0]  vlevel_q, vlevel_d;   // the VS level being translated (or the VS leaf's)
  logic [7:0]  vperm_q, vperm_d;     // the VS leaf's bits 7:0 (G merged)
  logic [40:0] gpa_q, gpa_d;         // the GPA the G-stage walks
  logic        global_q, global_d;   // a first-stage pointer above had G
  logic [55:0] hold_addr_q, hold_addr_d;

  function automatic logic [17:0] lmask(input logic [1:0] level);
    unique case (level)
      2'd0:    lmask = 18'h0_0000;
      2'd1:    lmask = 18'h0_01FF;
      default: lmask = 18'h3_FFFF;
    endcase
  endfunction

  // ppn with its bits below a page of `level` taken from page (a superpage's offset).
  function automatic logic [43:0] through(input logic [43:0] ppn, input logic [1:0] level,
                                          input logic [17:0] page);
    through = {ppn[43:18], (ppn[17:0] & ~lmask(level)) | (page & lmask(level))};
  endfunction

  // ---- the PTE that answers ----
  logic        rsp_here;
  logic [63:0] pte;
  logic        pte_v, pte_r, pte_w, pte_x, is_ptr, pte_bad, ptr_bad, misaligned, pte_fault;
  logic [43:0] pte_ppn;
  assign rsp_here   = state_q == S_WAIT && rsp_i.valid;
  assign pte        = rsp_i.rdata;
  assign pte_v      = pte[0];
  assign pte_r      = pte[1];
  assign pte_w      = pte[2];
  assign pte_x      = pte[3];
  assign pte_ppn    = pte[53:10];
  assign is_ptr     = !pte_r && !pte_x;
  logic [1:0] unused_rsw;
  assign unused_rsw = pte[9:8];   // RSW: for software
  assign pte_bad    = !pte_v || (pte_w && !pte_r) || pte[63:54] != 10'd0;
  // D (7), A (6) and U (4) are reserved in a pointer; level 0 cannot point.
  assign ptr_bad    = is_ptr && (pte[7] || pte[6] || pte[4] || level_q == 2'd0);
  assign misaligned = !is_ptr && ((level_q == 2'd1 && pte_ppn[8:0] != 9'd0) ||
                                  (level_q == 2'd2 && pte_ppn[17:0] != 18'd0));
  assign pte_fault  = pte_bad || ptr_bad || misaligned;

  logic [7:0] leaf_perm;   // a first-stage leaf's bits, G merged from the pointers above
  assign leaf_perm = {pte[7:6], pte[5] | global_q, pte[4:0]};

  // The first-stage check of a VS leaf, before its final GPA is walked.
  logic vs_leaf_ok;
  mk_pte_perm u_vs_perm (
    .perm_i(leaf_perm), .priv_i, .fetch_i, .store_i, .sum_i, .mxr_i, .hlvx_i,
    .ok_o(vs_leaf_ok)
  );

  // Index of the next level below level_q, in the first stage (vaddr) and the G-stage (gpa_q).
  logic [8:0]  s_index, g_index;
  assign s_index = level_q == 2'd2 ? vaddr_i[29:21] : vaddr_i[20:12];
  assign g_index = level_q == 2'd2 ? gpa_q[29:21] : gpa_q[20:12];

  // ---- what this cycle does ----
  // A first-stage PTE read (rd_s), a G-stage walk of a GPA from its root (tr), a G-stage PTE
  // read below the root (rd_g), the complete translation (fin), or a fault.
  logic        rd_s, rd_g, tr, tr_fin, fin, flt, flt_acc, flt_guest, flt_impl;
  logic [55:0] rd_addr;
  logic [1:0]  rd_level, nvlevel;
  logic [63:0] tr_gpa, flt_tval2;
  logic [7:0]  nvperm;
  always_comb begin
    rd_s      = 1'b0;
    rd_g      = 1'b0;
    rd_addr   = {root_ppn_i, vaddr_i[38:30], 3'b000};
    rd_level  = 2'd2;
    tr        = 1'b0;
    tr_fin    = 1'b0;
    tr_gpa    = {8'd0, root_ppn_i, vaddr_i[38:30], 3'b000};
    fin       = 1'b0;
    flt       = 1'b0;
    flt_acc   = 1'b0;
    flt_guest = 1'b0;
    flt_impl  = 1'b0;
    flt_tval2 = {25'd0, gpa_q[40:2]};
    nvlevel   = vlevel_q;
    nvperm    = vperm_q;
    if (state_q == S_IDLE) begin
      if (start_i) begin
        nvlevel = 2'd2;
        nvperm  = BARE_PERM;
        if (H && virt_i && !vs_on_i) begin
          tr     = 1'b1;        // vsatp Bare: the address is the GPA
          tr_fin = 1'b1;
          tr_gpa = vaddr_i;
        end else if (H && virt_i && g_on_i) begin
          tr     = 1'b1;        // the VS root PTE's GPA
        end else begin
          rd_s   = 1'b1;
        end
      end
    end else if (rsp_here && !kill_i) begin
      if (rsp_i.err) begin
        flt      = 1'b1;
        flt_acc  = 1'b1;
        flt_impl = 1'b1;
      end else if (!g_q) begin
        // A VS (or HS) PTE.
        if (pte_fault) begin
          flt = 1'b1;
        end else if (is_ptr) begin
          nvlevel = level_q - 2'd1;
          rd_addr = {pte_ppn, s_index, 3'b000};
          tr_gpa  = {8'd0, pte_ppn, s_index, 3'b000};
          rd_level = nvlevel;
          if (H && virt_i && g_on_i) tr = 1'b1;
          else                       rd_s = 1'b1;
        end else if (!H || !virt_i) begin
          fin = 1'b1;
        end else if (!vs_leaf_ok) begin
          flt = 1'b1;           // checked before the G-stage sees the final GPA
        end else begin
          nvlevel = level_q;
          nvperm  = leaf_perm;
          tr_gpa  = {8'd0, through(pte_ppn, level_q, vaddr_i[29:12]), vaddr_i[11:0]};
          if (g_on_i) begin
            tr     = 1'b1;
            tr_fin = 1'b1;
          end else begin
            fin    = 1'b1;
          end
        end
      end else begin
        // A G-stage PTE.
        if (pte_fault) begin
          flt       = 1'b1;
          flt_guest = 1'b1;
          flt_impl  = !fin_q;
        end else if (is_ptr) begin
          rd_g     = 1'b1;
          rd_addr  = {pte_ppn, g_index, 3'b000};
          rd_level = level_q - 2'd1;
        end else if (fin_q) begin
          fin = 1'b1;
        end else if (!(pte[4] && pte[1] && pte[6])) begin
          // The implicit load of a VS PTE needs U, R and A (MXR never applies).
          flt       = 1'b1;
          flt_guest = 1'b1;
          flt_impl  = 1'b1;
        end else begin
          rd_s     = 1'b1;
          rd_addr  = {through(pte_ppn, level_q, gpa_q[29:12]), gpa_q[11:0]};
          rd_level = vlevel_q;
        end
      end
    end
    // The G-stage walk of a GPA starts with its root PTE (or faults: above 2^41, with tval2 =
    // 0, which the spec allows: no tval2 is wider than the 41-bit GPA >> 2).
    if (tr) begin
      if (tr_gpa[63:41] != 23'd0) begin
        flt       = 1'b1;
        flt_guest = 1'b1;
        flt_impl  = !tr_fin;
        flt_tval2 = 64'd0;
      end else begin
        rd_g     = 1'b1;
        rd_addr  = {hgatp_ppn_i[43:2], tr_gpa[40:30], 3'b000};
        rd_level = 2'd2;
      end
    end
  end

  logic issue;
  assign issue = rd_s || rd_g;
  logic [1:0] unused_hgatp_ppn;   // the 16 KiB root table is aligned
  assign unused_hgatp_ppn = hgatp_ppn_i[1:0];

  // The checks of the PTE address: DRAM, then PMP as an S-mode 8-byte load.
  logic in_dram, pmp_ok, addr_ok;
  logic [1:0] unused_pmp_words;
  assign in_dram = ({8'd0, rd_addr} - DRAM_BASE) < DRAM_SIZE;
  mk_pmp u_pmp (
    .cfg_i    (pmp_cfg_i),
    .addr_i   (pmp_addr_i),
    .dword_i  (rd_addr[55:3]),
    .high_i   (1'b0),
    .size_i   (2'd3),
    .word_i   (1'b0),
    .priv_i   (mk_pkg::PRIV_S),
    .need_r_i (1'b1),
    .need_w_i (1'b0),
    .need_x_i (1'b0),
    .ok_o     (pmp_ok),
    .word_ok_o(unused_pmp_words)
  );
  assign addr_ok = in_dram && pmp_ok;

  always_comb begin
    req_o       = '0;
    req_o.valid = (issue && addr_ok) || state_q == S_HOLD;
    req_o.addr  = state_q == S_HOLD ? hold_addr_q : rd_addr;
    req_o.we    = 1'b0;
    req_o.size  = mk_bus_pkg::SIZE_D;
    req_o.be    = 8'hff;
  end

  // ---- the end of the walk ----
  assign done_o         = fin || flt || (issue && !addr_ok);
  assign fault_o        = flt || (issue && !addr_ok);
  assign access_fault_o = flt_acc || (issue && !addr_ok);
  assign guest_o        = H && flt_guest;
  assign implicit_o     = flt_impl || (issue && !addr_ok);
  assign tval2_o        = H ? flt_tval2 : 64'd0;
  assign busy_o         = state_q != S_IDLE;

  // The translation (fin): a leaf of the first stage with a Bare (or no) G-stage, or the
  // G-stage leaf of the final GPA.
  logic [1:0] comb_level;
  assign comb_level = vlevel_q < level_q ? vlevel_q : level_q;
  always_comb begin
    if (!H || !g_q) begin
      level_o    = level_q;
      vs_level_o = level_q;
      ppn_o      = pte_ppn;
      perm_o     = leaf_perm;
      gppn_o     = pte_ppn[28:0];
      gperm_o    = BARE_PERM;
    end else begin
      level_o    = comb_level;
      vs_level_o = vs_on_i ? vlevel_q : comb_level;
      ppn_o      = through(pte_ppn, level_q, gpa_q[29:12]);
      perm_o     = vperm_q;
      gppn_o     = gpa_q[40:12];
      gperm_o    = {pte[7:6], 1'b0, pte[4:0]};
    end
  end

  // ---- next state ----
  always_comb begin
    state_d     = state_q;
    level_d     = level_q;
    g_d         = g_q;
    fin_d       = fin_q;
    vlevel_d    = vlevel_q;
    vperm_d     = vperm_q;
    gpa_d       = gpa_q;
    global_d    = global_q;
    hold_addr_d = hold_addr_q;
    hold_kill_d = hold_kill_q;
    case (state_q)
      S_IDLE: begin
        global_d = 1'b0;
      end
      S_WAIT: begin
        if (rsp_i.valid) begin
          state_d = S_IDLE;
          if (!g_q) global_d = global_q | pte[5];
        end else if (kill_i) begin
          state_d = S_DRAIN;
        end
      end
      S_HOLD: begin
        // A held read is still offered after a kill (the bus keeps an offered request), and
        // then discarded.
        if (ready_i) state_d = (kill_i || hold_kill_q) ? S_DRAIN : S_WAIT;
        else if (kill_i) hold_kill_d = 1'b1;
      end
      default: begin   // S_DRAIN
        if (rsp_i.valid) state_d = S_IDLE;
      end
    endcase
    if (issue && addr_ok) begin
      level_d     = rd_level;
      g_d         = H && rd_g;
      vlevel_d    = nvlevel;
      vperm_d     = nvperm;
      hold_addr_d = rd_addr;
      hold_kill_d = 1'b0;
      state_d     = ready_i ? S_WAIT : S_HOLD;
      if (tr) begin
        gpa_d = tr_gpa[40:0];
        fin_d = tr_fin;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= S_IDLE;
      hold_kill_q <= 1'b0;
    end else begin
      state_q     <= state_d;
      hold_kill_q <= hold_kill_d;
    end
  end

  // The walk's registers: written before they are read, no reset needed.
  always_ff @(posedge clk_i) begin
    level_q     <= level_d;
    g_q         <= g_d;
    fin_q       <= H && fin_d;
    vlevel_q    <= vlevel_d;
    vperm_q     <= vperm_d;
    gpa_q       <= H ? gpa_d : '0;
    global_q    <= global_d;
    hold_addr_q <= hold_addr_d;
  end

endmodule
