// IF: the fetch unit (docs/timing.md "Pipeline", rule F). It reads aligned 8-byte doublewords
// on the instruction port into two buffers, q0 (the doubleword that holds pc) and q1 (the next
// one), with at most one request outstanding, and hands the instruction at pc (16 or 32 bits,
// a 32-bit one possibly crossing from q0 into q1) to ID. The timing is part of the contract,
// so every choice below is stated there: no bypass of the response, a request only when none
// is pending and q1 is free, a response after a redirect is dropped.
//
// Translation (docs/timing.md "Address translation (Sv39)", "ITLB (fetch)"): with the
// privilege S or U and satp.MODE = Sv39, the ITLB is looked up on fa on the request path. A
// hit that allows the fetch sends the request with the physical address in the same cycle; a
// denied hit or a non-canonical fa fills the buffer for fa as faulting (page fault) without a
// request; a miss starts the fetch walker (mk_ptw) on the instruction port, and no request is
// made until it ends: a fault or a denied leaf fills the buffer for fa as faulting, an allowed
// leaf is filled into the ITLB and the next cycle's lookup hits. A redirect drops the walk.
//
// With V = 1 (H) the same, two-stage (docs/isa.md "H extension: two-stage translation"): the
// ITLB entry of the current stage (VS_G: vsatp Sv39; G: vsatp Bare), VMID and ASID; a hit is
// checked first-stage (page fault) then G-stage (guest-page fault, tval2 from the entry's guest
// page); a miss walks both stages (mk_ptw). A guest-page fault's tval2 is that of the
// buffer's doubleword; the instruction's adds its parcel's word (exact GPA >> 2) unless the
// fault is a PTE access's. Only the earliest guest-faulting buffer's tval2 is kept: an
// instruction after a faulting one never retires.
//
// PMP is checked on the request path, on the physical address (no extra cycle): each 4-byte
// word of the requested doubleword needs X at the current privilege. A word that fails, or an
// err response, marks that word of the buffer as faulting (access fault); a translation fault
// marks both words, as a page fault or (a walk's PTE access) an access fault. An instruction
// whose first parcel is in a faulting word is handed over with that word's fault at pc, one
// whose second parcel is, at pc + 2 (the order of the model's per-parcel fetch).
module mk_if_stage #(
  parameter bit          H            = 1'b1,
  parameter int unsigned ITLB_ENTRIES = 8,
  parameter logic [63:0] DRAM_BASE    = 64'h8000_0000,
  parameter logic [63:0] DRAM_SIZE    = 64'h1000_0000
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Instruction port (docs/bus.md).
  output mk_bus_pkg::bus_req_t instr_req_o,
  input  logic                 instr_ready_i,
  input  mk_bus_pkg::bus_rsp_t instr_rsp_i,

  // Redirect (taken branch/jump, flush): takes effect at the end of the cycle.
  input  logic                 redirect_i,
  input  logic [63:0]          redirect_pc_i,
  input  logic                 sleep_i,       // WFI: stop requesting from the next cycle
  input  logic                 wake_i,        // mip & mie != 0

  // PMP (mk_pmp's format) and the privilege of fetches.
  input  logic [127:0]         pmp_cfg_i,
  input  logic [863:0]         pmp_addr_i,
  input  mk_pkg::priv_e        priv_i,
  input  logic [63:0]          satp_i,
  input  logic                 virt_i,        // V of fetches (H)
  input  logic [63:0]          vsatp_i,
  input  logic [63:0]          hgatp_i,

  // Fences (end of the cycle): the ITLB entries in their scope (mk_tlb).
  input  logic                 fence_i,
  input  logic [2:0]           fence_stages_i,
  input  logic                 fence_vmid_valid_i,
  input  logic [13:0]          fence_vmid_i,
  input  logic                 fence_vpn_valid_i,
  input  logic [26:0]          fence_vpn_i,
  input  logic                 fence_asid_valid_i,
  input  logic [15:0]          fence_asid_i,

  // To ID: the instruction is taken when valid_o & take_i.
  input  logic                 take_i,
  output logic                 valid_o,
  output logic [63:0]          pc_o,
  output logic [31:0]          instr_o,       // a compressed one in bits 15:0
  output logic                 fault_o,       // the instruction's fetch faults:
  output logic                 fault_page_o,  // a page fault
  output logic                 fault_guest_o, // a guest-page fault (neither: an access fault)
  output logic                 fault_implicit_o, // the guest-page fault is a PTE access's
  output logic                 fault_hi_o,    // the second parcel faults (tval = pc + 2)
  output logic [63:0]          fault_tval_o   // tval (pc, pc + 2); tval2 for a guest-page fault
);

  logic [63:0] pc_q, pc_d;
  logic [63:0] q0_q, q1_q, q0_d, q1_d;
  logic        v0_q, v1_q, v0_d, v1_d;
  logic [1:0]  e0_q, e1_q, e0_d, e1_d;      // per word: fetching it faults
  logic        p0_q, p1_q, p0_d, p1_d;      // the buffer's fault is a page fault
  logic        g0_q, g1_q, g0_d, g1_d;      // the buffer's fault is a guest-page fault
  logic [63:0] gtv_q, gtv_d;                // tval2 of the earliest guest-faulting buffer
  logic        gimp_q, gimp_d;              // that fault is a PTE access's
  logic [1:0]  pe_q, pe_d;                  // the PMP faults of the pending request
  logic [63:0] fa_q, fa_d;                  // next doubleword address to request
  logic        pend_q, pend_d, drop_q, drop_d, sleep_q, sleep_d;

  // ---- the instruction at pc ----
  logic [1:0]  lo_bits;   // bits 1:0 of the instruction at pc: 11 = 32 bits
  logic        is32, crosses, avail;
  logic [63:0] pc_next;

  always_comb begin
    unique case (pc_q[2:1])
      2'd0:    lo_bits = q0_q[1:0];
      2'd1:    lo_bits = q0_q[17:16];
      2'd2:    lo_bits = q0_q[33:32];
      default: lo_bits = q0_q[49:48];
    endcase
  end

  // The word of each parcel: the first in q0; the second in q0, or q1 when crossing.
  logic f0, f1;
  assign f0      = e0_q[pc_q[2]];
  assign is32    = lo_bits == 2'b11 && !f0;
  assign crosses = is32 && pc_q[2:1] == 2'd3;
  assign f1      = is32 && (crosses ? e1_q[0] : e0_q[pc_q[2] | pc_q[1]]);
  assign avail   = v0_q && (!crosses || v1_q);
  assign pc_next = pc_q + (is32 ? 64'd4 : 64'd2);

  always_comb begin
    unique case (pc_q[2:1])
      2'd0:    instr_o = q0_q[31:0];
      2'd1:    instr_o = q0_q[47:16];
      2'd2:    instr_o = q0_q[63:32];
      default: instr_o = {q1_q[15:0], q0_q[63:48]};
    endcase
  end

  assign valid_o      = avail;
  assign pc_o         = pc_q;
  assign fault_o      = f0 || f1;
  assign fault_page_o = f0 ? p0_q : (crosses ? p1_q : p0_q);
  assign fault_guest_o    = H && (f0 ? g0_q : (crosses ? g1_q : g0_q));
  assign fault_implicit_o = H && gimp_q;
  assign fault_hi_o       = !f0;
  // The second parcel of a crossing instruction starts its doubleword: no word to add.
  assign fault_tval_o = fault_guest_o ? {gtv_q[63:1], gtv_q[0] | (f0 && !gimp_q && pc_q[2])} :
                        f0 ? pc_q : pc_q + 64'd2;

  // ---- translation of fa (ITLB, fetch walker) ----
  logic        xl_on, vs_on, g_on, noncanon, tlb_hit, s1_ok, g_ok;
  logic [1:0]  stage;
  logic [28:0] lk_vpn;
  logic [1:0]  hit_level;
  logic [43:0] hit_ppn;
  logic [7:0]  hit_perm, hit_gperm;
  logic [28:0] hit_gppn;
  logic [55:0] pa;                          // the physical address of fa
  logic        pa_high;                     // fa at or above 2^56, untranslated: a hole
  logic        ptw_busy, ptw_done, ptw_fault, ptw_acc_fault, ptw_guest, ptw_impl;
  logic [63:0] ptw_tval2;
  logic [1:0]  ptw_level, ptw_vs_level;
  logic [43:0] ptw_ppn;
  logic [7:0]  ptw_perm, ptw_gperm;
  logic [28:0] ptw_gppn;
  mk_bus_pkg::bus_req_t ptw_req;

  logic [1:0] unused_hgatp;   // hgatp bits 59:58 are zero (WARL)
  assign unused_hgatp = hgatp_i[59:58];
  assign vs_on    = H && vsatp_i[63:60] == 4'd8;
  assign g_on     = H && hgatp_i[63:60] == 4'd8;
  assign xl_on    = (H && virt_i) ? (vs_on || g_on) :
                    (priv_i != mk_pkg::PRIV_M && satp_i[63:60] == 4'd8);
  assign stage    = !(H && virt_i) ? mk_pkg::TLB_HS : vs_on ? mk_pkg::TLB_VS_G : mk_pkg::TLB_G;
  // Stage G has no canonical check: its guest physical page above 2^41 matches nothing and
  // the walk raises the guest-page fault.
  assign noncanon = stage != mk_pkg::TLB_G && fa_q[63:38] != '0 && fa_q[63:38] != '1;
  assign lk_vpn   = stage == mk_pkg::TLB_G ? fa_q[40:12] : {2'b00, fa_q[38:12]};

  mk_tlb #(.ENTRIES(ITLB_ENTRIES), .H(H)) u_itlb (
    .clk_i, .rst_ni,
    .lookup_stage_i    (stage),
    .lookup_vmid_i     (hgatp_i[57:44]),
    .lookup_vpn_i      (lk_vpn),
    .lookup_asid_i     (virt_i ? vsatp_i[59:44] : satp_i[59:44]),
    .hit_o             (tlb_hit),
    .hit_level_o       (hit_level),
    .hit_ppn_o         (hit_ppn),
    .hit_perm_o        (hit_perm),
    .hit_gppn_o        (hit_gppn),
    .hit_gperm_o       (hit_gperm),
    // Only A = 1 leaves (both stages) are cached.
    .fill_i            (ptw_done && !ptw_fault && ptw_perm[6] && ptw_gperm[6]),
    .fill_stage_i      (stage),
    .fill_vmid_i       (hgatp_i[57:44]),
    .fill_vpn_i        (lk_vpn),
    .fill_level_i      (ptw_level),
    .fill_vs_level_i   (ptw_vs_level),
    .fill_asid_i       (virt_i ? vsatp_i[59:44] : satp_i[59:44]),
    .fill_ppn_i        (ptw_ppn),
    .fill_perm_i       (ptw_perm),
    .fill_gppn_i       (ptw_gppn),
    .fill_gperm_i      (ptw_gperm),
    .fence_i, .fence_stages_i, .fence_vmid_valid_i, .fence_vmid_i,
    .fence_vpn_valid_i, .fence_vpn_i, .fence_asid_valid_i, .fence_asid_i
  );

  // The checks of an entry: the one that hits, or while the walker runs the leaf it returns.
  logic [1:0]  e_level;
  logic [7:0]  e_perm, e_gperm;
  logic [28:0] e_gppn, e_gpage;
  logic        s1_perm_ok, g_perm_ok;
  assign e_level = ptw_busy ? ptw_level : hit_level;
  assign e_perm  = ptw_busy ? ptw_perm  : hit_perm;
  assign e_gperm = ptw_busy ? ptw_gperm : hit_gperm;
  assign e_gppn  = ptw_busy ? ptw_gppn  : hit_gppn;
  mk_pte_perm u_perm (
    .perm_i(e_perm), .priv_i(priv_i), .fetch_i(1'b1), .store_i(1'b0),
    .sum_i(1'b0), .mxr_i(1'b0), .hlvx_i(1'b0), .ok_o(s1_perm_ok)
  );
  mk_pte_perm u_gperm (
    .perm_i(e_gperm), .priv_i(mk_pkg::PRIV_U), .fetch_i(1'b1), .store_i(1'b0),
    .sum_i(1'b0), .mxr_i(1'b0), .hlvx_i(1'b0), .ok_o(g_perm_ok)
  );
  assign s1_ok = stage == mk_pkg::TLB_G || s1_perm_ok;
  assign g_ok  = !H || stage == mk_pkg::TLB_HS || g_perm_ok;
  // The guest physical page of fa through the entry (tval2 of a G-stage denial).
  always_comb begin
    unique case (e_level)
      2'd0:    e_gpage = e_gppn;
      2'd1:    e_gpage = {e_gppn[28:9],  fa_q[20:12]};
      default: e_gpage = {e_gppn[28:18], fa_q[29:12]};
    endcase
  end

  always_comb begin
    unique case (hit_level)
      2'd0:    pa = {hit_ppn,                     fa_q[11:0]};
      2'd1:    pa = {hit_ppn[43:9],  fa_q[20:12], fa_q[11:0]};
      default: pa = {hit_ppn[43:18], fa_q[29:12], fa_q[11:0]};
    endcase
    if (!xl_on) pa = fa_q[mk_bus_pkg::PADDR_W-1:0];
  end
  assign pa_high = !xl_on && fa_q[63:56] != 8'd0;

  // ---- PMP of the doubleword requested ----
  logic [1:0] pmp_deny, pmp_x_ok;
  logic       unused_pmp_ok;
  mk_pmp u_pmp (
    .cfg_i    (pmp_cfg_i),
    .addr_i   (pmp_addr_i),
    .dword_i  (pa[55:3]),
    .high_i   (pa_high),
    .size_i   (2'd2),
    .word_i   (1'b0),
    .priv_i   (priv_i),
    .need_r_i (1'b0),
    .need_w_i (1'b0),
    .need_x_i (1'b1),
    .ok_o     (unused_pmp_ok),
    .word_ok_o(pmp_x_ok)
  );
  assign pmp_deny = ~pmp_x_ok;

  // ---- the request (rule F), or what translation makes of it ----
  logic may_req, xl_ok, xl_pf, walk_start, req_fire, lk_miss;
  assign may_req    = !pend_q && !v1_q && !sleep_q && !redirect_i && !ptw_busy;
  // (A stage G address above 2^41 misses.)
  assign lk_miss    = !tlb_hit || (stage == mk_pkg::TLB_G && fa_q[63:41] != '0);
  assign xl_ok      = !xl_on || (!noncanon && !lk_miss && s1_ok && g_ok);
  assign xl_pf      = may_req && xl_on && (noncanon || (!lk_miss && !(s1_ok && g_ok)));
  assign walk_start = may_req && xl_on && !noncanon && lk_miss;

  mk_ptw #(.DRAM_BASE(DRAM_BASE), .DRAM_SIZE(DRAM_SIZE), .H(H)) u_ptw (
    .clk_i, .rst_ni,
    .start_i       (walk_start),
    .vaddr_i       (fa_q),
    .virt_i        (virt_i),
    .vs_on_i       (vs_on),
    .g_on_i        (g_on),
    .root_ppn_i    (virt_i ? vsatp_i[43:0] : satp_i[43:0]),
    .hgatp_ppn_i   (hgatp_i[43:0]),
    .kill_i        (redirect_i),
    .priv_i        (priv_i),
    .fetch_i       (1'b1),
    .store_i       (1'b0),
    .sum_i         (1'b0),
    .mxr_i         (1'b0),
    .hlvx_i        (1'b0),
    .pmp_cfg_i, .pmp_addr_i,
    .req_o         (ptw_req),
    .ready_i       (instr_ready_i),
    .rsp_i         (instr_rsp_i),
    .busy_o        (ptw_busy),
    .done_o        (ptw_done),
    .fault_o       (ptw_fault),
    .access_fault_o(ptw_acc_fault),
    .guest_o       (ptw_guest),
    .implicit_o    (ptw_impl),
    .tval2_o       (ptw_tval2),
    .level_o       (ptw_level),
    .vs_level_o    (ptw_vs_level),
    .ppn_o         (ptw_ppn),
    .perm_o        (ptw_perm),
    .gppn_o        (ptw_gppn),
    .gperm_o       (ptw_gperm)
  );

  // The buffer for fa is filled as faulting, without a fetch: a translation fault now. Its
  // kind: access fault (a PTE access), page fault, or guest-page fault (with tval2).
  logic        xl_fill, xf_page, xf_guest, xf_impl;
  logic [63:0] xf_tval2;
  assign xl_fill  = xl_pf || (ptw_done && (ptw_fault || !(s1_ok && g_ok)));
  assign xf_page  = (ptw_done && ptw_fault) ? !ptw_acc_fault && !ptw_guest :
                    noncanon || !s1_ok;
  assign xf_guest = (ptw_done && ptw_fault) ? ptw_guest : !noncanon && s1_ok;
  assign xf_impl  = ptw_done && ptw_fault && ptw_impl;
  assign xf_tval2 = (ptw_done && ptw_fault) ? ptw_tval2 : {25'd0, e_gpage, fa_q[11:2]};

  always_comb begin
    instr_req_o       = '0;
    instr_req_o.valid = may_req && xl_ok;
    // Above the 56-bit physical space nothing answers: address 0 is a hole (err).
    instr_req_o.addr  = pa_high ? '0 : pa;
    instr_req_o.we    = 1'b0;
    instr_req_o.size  = mk_bus_pkg::SIZE_D;
    instr_req_o.be    = 8'hff;
    // The walker owns the port while it runs (it never overlaps a fetch request).
    if (ptw_req.valid) instr_req_o = ptw_req;
  end
  assign req_fire = may_req && xl_ok && instr_ready_i;

  // ---- next state ----
  logic hand_over, leaves_q0;
  assign hand_over = avail && take_i;
  // The instruction ends at or beyond the end of q0: q1 becomes q0.
  assign leaves_q0 = hand_over && pc_next[63:3] != pc_q[63:3];

  always_comb begin
    pc_d    = pc_q;
    q0_d    = q0_q;
    q1_d    = q1_q;
    v0_d    = v0_q;
    v1_d    = v1_q;
    e0_d    = e0_q;
    e1_d    = e1_q;
    p0_d    = p0_q;
    p1_d    = p1_q;
    g0_d    = g0_q;
    g1_d    = g1_q;
    gtv_d   = gtv_q;
    gimp_d  = gimp_q;
    fa_d    = fa_q;
    pe_d    = pe_q;
    pend_d  = pend_q;
    drop_d  = drop_q;
    sleep_d = sleep_q;

    if (hand_over) pc_d = pc_next;
    if (leaves_q0) begin
      q0_d = q1_q;
      e0_d = e1_q;
      p0_d = p1_q;
      g0_d = g1_q;
      v0_d = v1_q;
      v1_d = 1'b0;
    end
    if (pend_q && instr_rsp_i.valid) begin
      pend_d = 1'b0;
      drop_d = 1'b0;
      if (!drop_q) begin
        if (!v0_d) begin
          q0_d = instr_rsp_i.rdata;
          e0_d = pe_q | {2{instr_rsp_i.err}};
          p0_d = 1'b0;
          g0_d = 1'b0;
          v0_d = 1'b1;
        end else begin
          q1_d = instr_rsp_i.rdata;
          e1_d = pe_q | {2{instr_rsp_i.err}};
          p1_d = 1'b0;
          g1_d = 1'b0;
          v1_d = 1'b1;
        end
      end
    end
    // (Never in the cycle of a fetch response: no request is pending when one is made.)
    if (xl_fill) begin
      fa_d = fa_q + 64'd8;
      // (q0 guest-faulting keeps its tval2: the instruction there traps first.)
      if (H && xf_guest && !(v0_d && g0_d)) begin
        gtv_d  = xf_tval2;
        gimp_d = xf_impl;
      end
      if (!v0_d) begin
        e0_d = 2'b11;
        p0_d = xf_page;
        g0_d = H && xf_guest;
        v0_d = 1'b1;
      end else begin
        e1_d = 2'b11;
        p1_d = xf_page;
        g1_d = H && xf_guest;
        v1_d = 1'b1;
      end
    end
    if (req_fire) begin
      pend_d = 1'b1;
      pe_d   = pmp_deny;
      fa_d   = fa_q + 64'd8;
    end
    if (sleep_q && wake_i) sleep_d = 1'b0;
    if (redirect_i) begin
      pc_d = redirect_pc_i;
      fa_d = {redirect_pc_i[63:3], 3'b000};
      v0_d = 1'b0;
      v1_d = 1'b0;
      // A response still to come belongs to the old path.
      if (pend_q && !instr_rsp_i.valid) drop_d = 1'b1;
    end
    if (sleep_i) sleep_d = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pc_q    <= mk_pkg::RESET_PC;
      q0_q    <= '0;
      q1_q    <= '0;
      v0_q    <= 1'b0;
      v1_q    <= 1'b0;
      e0_q    <= '0;
      e1_q    <= '0;
      p0_q    <= 1'b0;
      p1_q    <= 1'b0;
      g0_q    <= 1'b0;
      g1_q    <= 1'b0;
      gtv_q   <= '0;
      gimp_q  <= 1'b0;
      pe_q    <= '0;
      fa_q    <= {mk_pkg::RESET_PC[63:3], 3'b000};
      pend_q  <= 1'b0;
      drop_q  <= 1'b0;
      sleep_q <= 1'b0;
    end else begin
      pc_q    <= pc_d;
      q0_q    <= q0_d;
      q1_q    <= q1_d;
      v0_q    <= v0_d;
      v1_q    <= v1_d;
      e0_q    <= e0_d;
      e1_q    <= e1_d;
      p0_q    <= p0_d;
      p1_q    <= p1_d;
      g0_q    <= g0_d;
      g1_q    <= g1_d;
      gtv_q   <= H ? gtv_d : '0;
      gimp_q  <= H && gimp_d;
      pe_q    <= pe_d;
      fa_q    <= fa_d;
      pend_q  <= pend_d;
      drop_q  <= drop_d;
      sleep_q <= sleep_d;
    end
  end

endmodule
