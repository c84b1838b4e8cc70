// A fully associative TLB (docs/timing.md "Address translation (Sv39)"), used as the ITLB and
// the DTLB. The C model's tlb.c holds the same entries, slot for slot, so hits, misses and
// stale translations agree:
//   - an entry maps one page of its level (0: 4 KiB, 1: 2 MiB, 2: 1 GiB); its vpn is stored
//     with the bits below the page cleared and compared at the entry's page size;
//   - it is tagged with the ASID, and matches every ASID when its perm G bit is set (the leaf's
//     G, or a pointer's above it, as the walker reports it);
//   - lookup is combinational; with several matches (possible only with stale entries), the
//     lowest-numbered one answers, as the model's loop does;
//   - a fill goes to the slot of the round-robin pointer, which advances on every fill;
//   - SFENCE.VMA invalidates the entries in its scope: the page of an address (compared at the
//     entry's size) and/or an ASID; an ASID-limited fence never removes a global entry.
// Room for H (not built): an entry would gain a stage (HS, VS+G, G) and a VMID tag, compared
// in the match and in the fence scope exactly like the ASID is here.
module mk_tlb #(
  parameter int unsigned ENTRIES = 8
) (
  input  logic        clk_i,
  input  logic        rst_ni,

  // Lookup.
  input  logic [26:0] lookup_vpn_i,
  input  logic [15:0] lookup_asid_i,
  output logic        hit_o,
  output logic [1:0]  hit_level_o,
  output logic [43:0] hit_ppn_o,       // the leaf's PPN (bits below the page are zero)
  output logic [7:0]  hit_perm_o,      // the leaf's bits 7:0, G merged from the pointers

  // Fill (end of the cycle).
  input  logic        fill_i,
  input  logic [26:0] fill_vpn_i,
  input  logic [1:0]  fill_level_i,
  input  logic [15:0] fill_asid_i,
  input  logic [43:0] fill_ppn_i,
  input  logic [7:0]  fill_perm_i,

  // SFENCE.VMA (end of the cycle): all entries, or those of a page and/or of an ASID.
  input  logic        fence_i,
  input  logic        fence_vpn_valid_i,
  input  logic [26:0] fence_vpn_i,
  input  logic        fence_asid_valid_i,
  input  logic [15:0] fence_asid_i
);

  localparam int unsigned PTR_W = ENTRIES > 1 ? $clog2(ENTRIES) : 1;
  localparam int unsigned PG = 5;   // the G bit of a PTE

  // Flat vectors, entry i at [W*i +: W] (no unpacked arrays: simple for both tools).
  logic [ENTRIES-1:0]    valid_q;
  logic [27*ENTRIES-1:0] vpn_q;
  logic [2*ENTRIES-1:0]  level_q;
  logic [16*ENTRIES-1:0] asid_q;
  logic [44*ENTRIES-1:0] ppn_q;
  logic [8*ENTRIES-1:0]  perm_q;
  logic [PTR_W-1:0]      next_q;

  // The VPN bits that select the page of a level (the rest are the offset in a superpage).
  function automatic logic [26:0] page_mask(input logic [1:0] level);
    unique case (level)
      2'd0:    page_mask = 27'h7FF_FFFF;
      2'd1:    page_mask = 27'h7FF_FE00;
      default: page_mask = 27'h7FC_0000;
    endcase
  endfunction

  logic [ENTRIES-1:0] match, in_fence;
  always_comb begin
    for (int i = 0; i < ENTRIES; i++) begin
      match[i] = valid_q[i] &&
                 ((lookup_vpn_i ^ vpn_q[27*i +: 27]) & page_mask(level_q[2*i +: 2])) == 27'd0 &&
                 (perm_q[8*i+PG] || asid_q[16*i +: 16] == lookup_asid_i);
      in_fence[i] = (!fence_vpn_valid_i ||
                     ((fence_vpn_i ^ vpn_q[27*i +: 27]) & page_mask(level_q[2*i +: 2])) == 27'd0) &&
                    (!fence_asid_valid_i ||
                     (!perm_q[8*i+PG] && asid_q[16*i +: 16] == fence_asid_i));
    end
  end

  // The lowest-numbered match answers.
  always_comb begin
    hit_o       = 1'b0;
    hit_level_o = '0;
    hit_ppn_o   = '0;
    hit_perm_o  = '0;
    for (int i = ENTRIES - 1; i >= 0; i--) begin
      if (match[i]) begin
        hit_o       = 1'b1;
        hit_level_o = level_q[2*i +: 2];
        hit_ppn_o   = ppn_q[44*i +: 44];
        hit_perm_o  = perm_q[8*i +: 8];
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      vpn_q   <= '0;
      level_q <= '0;
      asid_q  <= '0;
      ppn_q   <= '0;
      perm_q  <= '0;
      next_q  <= '0;
    end else begin
      if (fence_i) valid_q <= valid_q & ~in_fence;
      // One write enable per slot (a decoded pointer, not a variable part-select).
      for (int i = 0; i < ENTRIES; i++) begin
        if (fill_i && 32'(next_q) == i) begin
          valid_q[i]         <= 1'b1;
          vpn_q[27*i +: 27]  <= fill_vpn_i & page_mask(fill_level_i);
          level_q[2*i +: 2]  <= fill_level_i;
          asid_q[16*i +: 16] <= fill_asid_i;
          ppn_q[44*i +: 44]  <= fill_ppn_i;
          perm_q[8*i +: 8]   <= fill_perm_i;
        end
      end
      if (fill_i) next_q <= 32'(next_q) == ENTRIES - 1 ? '0 : next_q + 1'b1;
    end
  end

endmodule
