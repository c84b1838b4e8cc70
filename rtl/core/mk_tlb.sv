// A fully associative TLB (docs/timing.md "Address translation (Sv39)"; docs/isa.md "H
// extension: two-stage translation", "TLB"), used as the ITLB and the DTLB. The C model's
// tlb.c holds the same entries, slot for slot, so hits, misses and stale translations agree:
//   - an entry maps one page of its (combined) level (0: 4 KiB, 1: 2 MiB, 2: 1 GiB); its vpn is
//     stored with the bits below the page cleared and compared at the entry's page size;
//   - it is tagged with the ASID, and matches every ASID when its perm G bit is set (the leaf's
//     G, or a pointer's above it, as the walker reports it);
//   - with H: a stage (HS: V = 0; VS_G: vsatp and hgatp; G: G-stage only, whose vpn is a guest
//     physical page of up to 29 bits) and a VMID (V = 1 stages), both compared in the match;
//     the G-stage leaf's guest physical page and permissions, for the G-stage check of a hit
//     (never compared, only read from the entry that answers: they live in a small RAM read
//     at the hit's index, LUT RAM on an FPGA, instead of flip-flops and a multiplexer);
//   - lookup is combinational; with several matches (possible only with stale entries), the
//     lowest-numbered one answers, as the model's loop does;
//   - a fill goes to the slot of the round-robin pointer, which advances on every fill;
//   - fences invalidate the entries in their scope: a set of stages, the page of an address
//     (compared at the first-stage leaf's size, vs_level) and/or an ASID; an ASID-limited
//     fence never removes a global entry. Fences of V = 1 stages cover every VMID (docs/isa.md
//     "Fences": over-invalidation, so that no fence compares VMIDs).
// Only the valid bits and the pointer are reset: an invalid entry's fields are never used.
// With H = 0 the H fields are constants and fold away. With GLEAF = 0 (the ITLB, which only
// holds leaves the G-stage allows: mk_mmu) the G-stage leaf's page and permissions are not
// stored: hit_gppn_o is 0 and hit_gperm_o allows everything.
module mk_tlb #(
  parameter int unsigned ENTRIES = 8,
  parameter bit          H       = 1'b1,
  parameter bit          GLEAF   = H
) (
  input  logic        clk_i,
  input  logic        rst_ni,

  // Lookup.
  input  logic [1:0]  lookup_stage_i,  // mk_pkg::TLB_HS / TLB_VS_G / TLB_G
  input  logic [13:0] lookup_vmid_i,
  input  logic [28:0] lookup_vpn_i,    // Sv39: bits 28:27 zero; stage G: the guest page
  input  logic [15:0] lookup_asid_i,
  output logic        hit_o,
  output logic [1:0]  hit_level_o,
  output logic [43:0] hit_ppn_o,       // the page's PPN (bits below the page are zero)
  output logic [7:0]  hit_perm_o,      // the first-stage leaf's bits 7:0, G merged
  output logic [28:0] hit_gppn_o,      // guest physical page (bits below the page zero)
  output logic [7:0]  hit_gperm_o,     // the G-stage leaf's bits 7:0

  // Fill (end of the cycle).
  input  logic        fill_i,
  input  logic [1:0]  fill_stage_i,
  input  logic [13:0] fill_vmid_i,
  input  logic [28:0] fill_vpn_i,
  input  logic [1:0]  fill_level_i,
  input  logic [1:0]  fill_vs_level_i,
  input  logic [15:0] fill_asid_i,
  input  logic [43:0] fill_ppn_i,
  input  logic [7:0]  fill_perm_i,
  input  logic [28:0] fill_gppn_i,
  input  logic [7:0]  fill_gperm_i,

  // Fences (end of the cycle): every condition given must hold.
  input  logic        fence_i,
  input  logic [2:0]  fence_stages_i,  // bit s: stage s is in scope
  input  logic        fence_vpn_valid_i,
  input  logic [26:0] fence_vpn_i,
  input  logic        fence_asid_valid_i,
  input  logic [15:0] fence_asid_i
);

  localparam int unsigned PTR_W = ENTRIES > 1 ? $clog2(ENTRIES) : 1;
  localparam int unsigned PG = 5;   // the G bit of a PTE
  localparam bit KEEP_G = H && GLEAF;   // the entries hold the G-stage leaf's page and bits
  // What a hit reports for the G-stage leaf without them: D A U X W R V, every access allowed.
  localparam logic [7:0] GPERM_ALL = 8'hDF;

  // Flat vectors, entry i at [W*i +: W] (no unpacked arrays: simple for both tools).
  logic [ENTRIES-1:0]    valid_q;
  logic [29*ENTRIES-1:0] vpn_q;
  logic [2*ENTRIES-1:0]  level_q, vs_level_q, stage_q;
  logic [16*ENTRIES-1:0] asid_q;
  logic [14*ENTRIES-1:0] vmid_q;
  logic [44*ENTRIES-1:0] ppn_q;
  logic [8*ENTRIES-1:0]  perm_q;
  logic [PTR_W-1:0]      next_q;
  // Per entry the G-stage leaf: {guest physical page, D A U X W R} (its V = 1, G = 0).
  logic [34:0]           gleaf_mem [ENTRIES];

  // The VPN bits that select the page of a level (the rest are the offset in a superpage).
  function automatic logic [28:0] page_mask(input logic [1:0] level);
    unique case (level)
      2'd0:    page_mask = 29'h1FFF_FFFF;
      2'd1:    page_mask = 29'h1FFF_FE00;
      default: page_mask = 29'h1FFC_0000;
    endcase
  endfunction

  // What is stored, with the H fields forced to their V = 0 values without H.
  logic [28:0] w_vpn, w_gppn;
  logic [1:0]  w_stage, w_vs_level;
  logic [13:0] w_vmid;
  logic [5:0]  w_gperm;
  assign w_vpn      = (H ? fill_vpn_i : {2'b00, fill_vpn_i[26:0]}) & page_mask(fill_level_i);
  assign w_stage    = H ? fill_stage_i : mk_pkg::TLB_HS;
  assign w_vs_level = H ? fill_vs_level_i : fill_level_i;
  assign w_vmid     = H ? fill_vmid_i : '0;
  assign w_gppn     = KEEP_G ? fill_gppn_i & page_mask(fill_level_i) : '0;
  assign w_gperm    = KEEP_G ? {fill_gperm_i[7:6], fill_gperm_i[4:1]} : '0;

  logic [1:0] unused_gperm;   // a G-stage leaf is valid and has no G bit
  assign unused_gperm = {fill_gperm_i[5], fill_gperm_i[0]};

  logic [ENTRIES-1:0] match, in_fence;
  logic [PTR_W-1:0]   hit_idx;
  logic [34:0]        hit_gleaf;
  logic [1:0]  e_stage;
  logic        e_global;
  always_comb begin
    e_stage  = '0;
    e_global = 1'b0;
    for (int i = 0; i < ENTRIES; i++) begin
      e_stage  = H ? stage_q[2*i +: 2] : mk_pkg::TLB_HS;
      e_global = perm_q[8*i+PG];
      match[i] = valid_q[i] && e_stage == lookup_stage_i &&
                 ((lookup_vpn_i ^ vpn_q[29*i +: 29]) & page_mask(level_q[2*i +: 2])) == 29'd0 &&
                 (e_stage == mk_pkg::TLB_HS || vmid_q[14*i +: 14] == lookup_vmid_i) &&
                 (e_stage == mk_pkg::TLB_G || e_global ||
                  asid_q[16*i +: 16] == lookup_asid_i);
      in_fence[i] = ((e_stage == mk_pkg::TLB_HS && fence_stages_i[0]) ||
                     (e_stage == mk_pkg::TLB_VS_G && fence_stages_i[1]) ||
                     (e_stage == mk_pkg::TLB_G && fence_stages_i[2])) &&
                    (!fence_vpn_valid_i ||
                     (({2'b00, fence_vpn_i} ^ vpn_q[29*i +: 29]) &
                      page_mask(H ? vs_level_q[2*i +: 2] : level_q[2*i +: 2])) == 29'd0) &&
                    (!fence_asid_valid_i || (!e_global && asid_q[16*i +: 16] == fence_asid_i));
    end
  end

  // The lowest-numbered match answers.
  always_comb begin
    hit_o       = 1'b0;
    hit_idx     = '0;
    hit_level_o = '0;
    hit_ppn_o   = '0;
    hit_perm_o  = '0;
    for (int i = ENTRIES - 1; i >= 0; i--) begin
      if (match[i]) begin
        hit_o       = 1'b1;
        hit_idx     = PTR_W'(i);
        hit_level_o = level_q[2*i +: 2];
        hit_ppn_o   = ppn_q[44*i +: 44];
        hit_perm_o  = perm_q[8*i +: 8];
      end
    end
  end

  // The G-stage leaf of the entry that answers (don't care without a hit).
  assign hit_gleaf   = KEEP_G ? gleaf_mem[hit_idx] : '0;
  assign hit_gppn_o  = hit_gleaf[34:6];
  assign hit_gperm_o = !KEEP_G ? GPERM_ALL :
                       {hit_gleaf[5:4], 1'b0, hit_gleaf[3:0], 1'b1};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      next_q  <= '0;
    end else begin
      if (fence_i) valid_q <= valid_q & ~in_fence;
      if (fill_i) begin
        for (int i = 0; i < ENTRIES; i++)
          if (32'(next_q) == i) valid_q[i] <= 1'b1;
        next_q <= 32'(next_q) == ENTRIES - 1 ? '0 : next_q + 1'b1;
      end
    end
  end

  // The G-stage leaves: one RAM write port, at the fill's slot.
  always_ff @(posedge clk_i) begin
    if (fill_i && KEEP_G) gleaf_mem[next_q] <= {w_gppn, w_gperm};
  end

  // The entry fields: no reset (area); one write enable per slot.
  always_ff @(posedge clk_i) begin
    for (int i = 0; i < ENTRIES; i++) begin
      if (fill_i && 32'(next_q) == i) begin
        vpn_q[29*i +: 29]     <= w_vpn;
        level_q[2*i +: 2]     <= fill_level_i;
        vs_level_q[2*i +: 2]  <= w_vs_level;
        stage_q[2*i +: 2]     <= w_stage;
        asid_q[16*i +: 16]    <= fill_asid_i;
        vmid_q[14*i +: 14]    <= w_vmid;
        ppn_q[44*i +: 44]     <= fill_ppn_i;
        perm_q[8*i +: 8]      <= fill_perm_i;
      end
    end
  end

endmodule
