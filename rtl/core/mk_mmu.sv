// One port's translation (docs/timing.md "Address translation (Sv39)", "Two-stage translation
// (H)"; docs/isa.md "Virtual memory and PMP", "H extension: two-stage translation"): a TLB
// (mk_tlb), its walker (mk_ptw) and the permission checks, as the fetch unit (ITLB, on fa) and
// MEM (DTLB, on the data address) both use them.
//
// Translation is on with V = 0 for privilege S or U and satp.MODE = Sv39; with V = 1 (H) when
// vsatp.MODE = Sv39 or hgatp.MODE = Sv39x4. The lookup is combinational, on vaddr_i in the
// context of this cycle: the entry of the current stage (HS; VS_G with vsatp on; G with vsatp
// Bare), VMID and ASID. A hit is checked first-stage (a page fault) then G-stage (a guest-page
// fault, tval2 from the entry's guest page); a non-canonical address (not for stage G, whose
// guest page above 2^41 simply misses) is a page fault. A miss starts the walker when the user
// says so (start_i); while it runs the checks apply to the leaf it returns, in the cycle it
// returns it (done_o), where an allowed or denied leaf with A = 1 in both stages is filled.
// vaddr_i and the context must stay stable while a walk runs (the users guarantee it: a
// redirect kills a fetch walk, MEM is frozen during a data walk).
//
// FETCH = 1 (the ITLB): every access is a fetch, whose G-stage check (X and U, nothing that can
// change without a fence) is fixed per leaf, so a leaf the G-stage denies is not cached (the
// next fetch walks again and faults again) and the entries need no G-stage fields.
module mk_mmu #(
  parameter bit          H         = 1'b1,
  parameter bit          FETCH     = 1'b0,
  parameter int unsigned ENTRIES   = 8,
  parameter logic [63:0] DRAM_BASE = 64'h8000_0000,
  parameter logic [63:0] DRAM_SIZE = 64'h1000_0000
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // The access and its context.
  input  logic [63:0]          vaddr_i,
  input  logic                 virt_i,       // made as though V = 1 (H)
  input  mk_pkg::priv_e        priv_i,       // its privilege
  input  logic                 fetch_i,
  input  logic                 store_i,      // a store, SC or AMO
  input  logic                 hlvx_i,
  input  logic [63:0]          satp_i,
  input  logic [63:0]          vsatp_i,
  input  logic [63:0]          hgatp_i,
  input  logic                 sum_i,        // mstatus.SUM (V = 0) or vsstatus.SUM (V = 1)
  input  logic                 mxr_i,        // the first stage's MXR (V = 1: either MXR)
  input  logic                 gmxr_i,       // the G-stage's: mstatus.MXR

  // The walker.
  input  logic                 start_i,      // walk if this cycle's lookup misses (miss_o)
  input  logic                 kill_i,
  input  logic [127:0]         pmp_cfg_i,
  input  logic [863:0]         pmp_addr_i,
  output mk_bus_pkg::bus_req_t req_o,
  input  logic                 ready_i,
  input  mk_bus_pkg::bus_rsp_t rsp_i,

  // Fences (mk_tlb).
  input  logic                 fence_i,
  input  logic [2:0]           fence_stages_i,
  input  logic                 fence_vpn_valid_i,
  input  logic [26:0]          fence_vpn_i,
  input  logic                 fence_asid_valid_i,
  input  logic [15:0]          fence_asid_i,

  // The lookup of this cycle (no walk running).
  output logic                 on_o,         // translation is on
  output logic                 ok_o,         // the access may go to pa_o (off, or an allowed hit)
  output logic [55:0]          pa_o,
  output logic                 pa_high_o,    // untranslated and at or above 2^56: a hole
  output logic                 miss_o,       // on, canonical, no entry: a walk is needed
  output logic                 lk_fault_o,   // on and non-canonical or a denied hit
  // The walk.
  output logic                 busy_o,
  output logic                 done_o,       // it ends in this cycle
  output logic                 walk_fault_o, // ... in a fault or a leaf this access may not use
  // The kind of lk_fault_o or walk_fault_o: page fault, guest-page fault, else access fault.
  output logic                 fault_page_o,
  output logic                 fault_guest_o,
  output logic                 fault_implicit_o,
  output logic [63:0]          fault_tval2_o
);

  logic        vs_on, g_on, noncanon, tlb_hit, lk_miss, s1_ok, g_ok, s1_perm_ok, g_perm_ok;
  logic [1:0]  stage;
  logic [28:0] vpn;
  logic [15:0] asid;
  logic [1:0]  hit_level;
  logic [43:0] hit_ppn;
  logic [7:0]  hit_perm, hit_gperm;
  logic [28:0] hit_gppn;
  logic        ptw_fault, ptw_acc_fault, ptw_guest, ptw_impl;
  logic [63:0] ptw_tval2;
  logic [1:0]  ptw_level, ptw_vs_level;
  logic [43:0] ptw_ppn;
  logic [7:0]  ptw_perm, ptw_gperm;
  logic [28:0] ptw_gppn;

  logic [1:0] unused_hgatp;   // hgatp bits 59:58 are zero (WARL)
  assign unused_hgatp = hgatp_i[59:58];

  assign vs_on    = H && vsatp_i[63:60] == 4'd8;
  assign g_on     = H && hgatp_i[63:60] == 4'd8;
  assign on_o     = (H && virt_i) ? (vs_on || g_on) :
                    (priv_i != mk_pkg::PRIV_M && satp_i[63:60] == 4'd8);
  assign stage    = !(H && virt_i) ? mk_pkg::TLB_HS : vs_on ? mk_pkg::TLB_VS_G : mk_pkg::TLB_G;
  assign noncanon = stage != mk_pkg::TLB_G && vaddr_i[63:38] != '0 && vaddr_i[63:38] != '1;
  assign vpn      = stage == mk_pkg::TLB_G ? vaddr_i[40:12] : {2'b00, vaddr_i[38:12]};
  assign asid     = (H && virt_i) ? vsatp_i[59:44] : satp_i[59:44];

  mk_tlb #(.ENTRIES(ENTRIES), .H(H), .GLEAF(!FETCH)) u_tlb (
    .clk_i, .rst_ni,
    .lookup_stage_i    (stage),
    .lookup_vmid_i     (hgatp_i[57:44]),
    .lookup_vpn_i      (vpn),
    .lookup_asid_i     (asid),
    .hit_o             (tlb_hit),
    .hit_level_o       (hit_level),
    .hit_ppn_o         (hit_ppn),
    .hit_perm_o        (hit_perm),
    .hit_gppn_o        (hit_gppn),
    .hit_gperm_o       (hit_gperm),
    // Only A = 1 leaves (both stages) are cached; in the ITLB only those the G-stage allows.
    .fill_i            (done_o && !ptw_fault && ptw_perm[6] && ptw_gperm[6] && (!FETCH || g_ok)),
    .fill_stage_i      (stage),
    .fill_vmid_i       (hgatp_i[57:44]),
    .fill_vpn_i        (vpn),
    .fill_level_i      (ptw_level),
    .fill_vs_level_i   (ptw_vs_level),
    .fill_asid_i       (asid),
    .fill_ppn_i        (ptw_ppn),
    .fill_perm_i       (ptw_perm),
    .fill_gppn_i       (ptw_gppn),
    .fill_gperm_i      (ptw_gperm),
    .fence_i, .fence_stages_i,
    .fence_vpn_valid_i, .fence_vpn_i, .fence_asid_valid_i, .fence_asid_i
  );

  mk_ptw #(.DRAM_BASE(DRAM_BASE), .DRAM_SIZE(DRAM_SIZE), .H(H)) u_ptw (
    .clk_i, .rst_ni,
    .start_i       (start_i && miss_o),
    .vaddr_i       (vaddr_i),
    .virt_i        (H && virt_i),
    .vs_on_i       (vs_on),
    .g_on_i        (g_on),
    .root_ppn_i    ((H && virt_i) ? vsatp_i[43:0] : satp_i[43:0]),
    .hgatp_ppn_i   (hgatp_i[43:0]),
    .kill_i        (kill_i),
    .priv_i        (priv_i),
    .fetch_i       (fetch_i),
    .store_i       (store_i),
    .sum_i         (sum_i),
    .mxr_i         (mxr_i),
    .hlvx_i        (hlvx_i),
    .pmp_cfg_i, .pmp_addr_i,
    .req_o, .ready_i, .rsp_i,
    .busy_o,
    .done_o,
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

  // The checks of an entry: the one that hits, or while the walker runs the leaf it returns.
  logic [1:0]  e_level;
  logic [7:0]  e_perm, e_gperm;
  logic [28:0] e_gppn, e_gpage;
  assign e_level = busy_o ? ptw_level : hit_level;
  assign e_perm  = busy_o ? ptw_perm  : hit_perm;
  assign e_gperm = busy_o ? ptw_gperm : hit_gperm;
  assign e_gppn  = busy_o ? ptw_gppn  : hit_gppn;
  mk_pte_perm u_perm (
    .perm_i(e_perm), .priv_i, .fetch_i, .store_i, .sum_i, .mxr_i, .hlvx_i, .ok_o(s1_perm_ok)
  );
  // Every G-stage access is a user access, with the HS-level MXR only.
  mk_pte_perm u_gperm (
    .perm_i(e_gperm), .priv_i(mk_pkg::PRIV_U), .fetch_i, .store_i, .sum_i(1'b0),
    .mxr_i(gmxr_i), .hlvx_i, .ok_o(g_perm_ok)
  );
  assign s1_ok = stage == mk_pkg::TLB_G || s1_perm_ok;
  assign g_ok  = !H || stage == mk_pkg::TLB_HS || g_perm_ok;
  // The guest physical page of vaddr through the entry (tval2 of a G-stage denial).
  always_comb begin
    unique case (e_level)
      2'd0:    e_gpage = e_gppn;
      2'd1:    e_gpage = {e_gppn[28:9],  vaddr_i[20:12]};
      default: e_gpage = {e_gppn[28:18], vaddr_i[29:12]};
    endcase
  end

  // ---- the lookup ----
  // (A stage G address above 2^41 misses.)
  assign lk_miss    = !tlb_hit || (stage == mk_pkg::TLB_G && vaddr_i[63:41] != '0);
  assign ok_o       = !on_o || (!noncanon && !lk_miss && s1_ok && g_ok);
  assign miss_o     = on_o && !noncanon && lk_miss;
  assign lk_fault_o = on_o && (noncanon || (!lk_miss && !(s1_ok && g_ok)));
  always_comb begin
    unique case (hit_level)
      2'd0:    pa_o = {hit_ppn,                        vaddr_i[11:0]};
      2'd1:    pa_o = {hit_ppn[43:9],  vaddr_i[20:12], vaddr_i[11:0]};
      default: pa_o = {hit_ppn[43:18], vaddr_i[29:12], vaddr_i[11:0]};
    endcase
    if (!on_o) pa_o = vaddr_i[55:0];
  end
  assign pa_high_o = !on_o && vaddr_i[63:56] != 8'd0;

  // ---- the fault, of the lookup or of the walk's end ----
  assign walk_fault_o     = done_o && (ptw_fault || !(s1_ok && g_ok));
  assign fault_page_o     = (done_o && ptw_fault) ? !ptw_acc_fault && !ptw_guest :
                            noncanon || !s1_ok;
  assign fault_guest_o    = H && ((done_o && ptw_fault) ? ptw_guest : !noncanon && s1_ok);
  assign fault_implicit_o = done_o && ptw_fault && ptw_impl;
  assign fault_tval2_o    = !H ? 64'd0 : (done_o && ptw_fault) ? ptw_tval2 :
                            {25'd0, e_gpage, vaddr_i[11:2]};

endmodule
