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
// request; a miss starts the fetch walker (mk_mmu) on the instruction port, and no request is
// made until it ends: a fault or a denied leaf fills the buffer for fa as faulting, an allowed
// leaf is filled into the ITLB and the next cycle's lookup hits. A redirect drops the walk.
//
// With V = 1 (H) the same, two-stage (docs/isa.md "H extension: two-stage translation"): the
// ITLB entry of the current stage (VS_G: vsatp Sv39; G: vsatp Bare), VMID and ASID; a hit is
// checked first-stage only (page fault): the ITLB holds no leaf that the G-stage denies, so a
// guest-page fault comes from a walk (mk_ptw walks both stages). A guest-page fault's tval2 is
// that of the buffer's doubleword; the instruction's adds its parcel's word (exact GPA >> 2)
// unless the fault is a PTE access's. Only the earliest guest-faulting buffer's tval2 is kept: an
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

  // ---- translation of fa (ITLB, fetch walker: mk_mmu) ----
  logic        unused_on, xl_ok, lk_fault, ptw_busy, walk_fault, xf_page, xf_guest, xf_impl;
  logic        may_req, unused_miss, unused_done;
  logic [55:0] pa;                          // the physical address of fa
  logic        pa_high;                     // fa at or above 2^56, untranslated: a hole
  logic [63:0] xf_tval2;
  mk_bus_pkg::bus_req_t ptw_req;

  mk_mmu #(
    .H(H), .FETCH(1'b1), .ENTRIES(ITLB_ENTRIES), .DRAM_BASE(DRAM_BASE), .DRAM_SIZE(DRAM_SIZE)
  ) u_immu (
    .clk_i, .rst_ni,
    .vaddr_i           (fa_q),
    .virt_i            (virt_i),
    .priv_i            (priv_i),
    .fetch_i           (1'b1),
    .store_i           (1'b0),
    .hlvx_i            (1'b0),
    .satp_i, .vsatp_i, .hgatp_i,
    // SUM and MXR never apply to fetches.
    .sum_i             (1'b0),
    .mxr_i             (1'b0),
    .gmxr_i            (1'b0),
    .start_i           (may_req),
    .kill_i            (redirect_i),
    .pmp_cfg_i, .pmp_addr_i,
    .req_o             (ptw_req),
    .ready_i           (instr_ready_i),
    .rsp_i             (instr_rsp_i),
    .fence_i, .fence_stages_i,
    .fence_vpn_valid_i, .fence_vpn_i, .fence_asid_valid_i, .fence_asid_i,
    .on_o              (unused_on),
    .ok_o              (xl_ok),
    .pa_o              (pa),
    .pa_high_o         (pa_high),
    .miss_o            (unused_miss),
    .lk_fault_o        (lk_fault),
    .busy_o            (ptw_busy),
    .done_o            (unused_done),
    .walk_fault_o      (walk_fault),
    .fault_page_o      (xf_page),
    .fault_guest_o     (xf_guest),
    .fault_implicit_o  (xf_impl),
    .fault_tval2_o     (xf_tval2)
  );

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
  logic xl_pf, req_fire;
  assign may_req = !pend_q && !v1_q && !sleep_q && !redirect_i && !ptw_busy;
  assign xl_pf   = may_req && lk_fault;

  // The buffer for fa is filled as faulting, without a fetch: a translation fault now. Its
  // kind: access fault (a PTE access), page fault, or guest-page fault (with tval2).
  logic xl_fill;
  assign xl_fill = xl_pf || walk_fault;

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
