// PMP check (docs/isa.md "Virtual memory and PMP", the model's pmp.c): 16 entries, grain 4
// bytes, OFF / TOR / NA4 / NAPOT, the lowest-numbered entry that holds any byte of the access
// decides. Combinational.
//
// Every access the core makes is naturally aligned and at most 8 bytes, so it lies in one
// aligned doubleword: the lookup is done for both of its 4-byte words. An access of 4 bytes
// or less lies in one word; an 8-byte access needs both words in the same entry (an entry
// holding only part of an access fails it, whatever its permissions). A NAPOT region is at
// least 8 bytes and aligned, so only TOR and NA4 can hold half a doubleword.
//
// The structure is chosen for logic depth (docs/synthesis.md): every entry's verdict is formed
// in parallel with the address comparisons, and the lowest-numbered match is found by a
// balanced tree that carries a single verdict bit, so the depth grows with log(entries).
module mk_pmp (
  input  logic [127:0]  cfg_i,      // pmpcfg of entries 0..15, one byte each (entry i: 8i+7:8i)
  input  logic [863:0]  addr_i,     // pmpaddr of entries 0..15, 54 bits each
  input  logic [52:0]   dword_i,    // the doubleword: physical address bits 55:3
  input  logic          high_i,     // the address is at or above 2^56: no entry holds it
  input  logic [1:0]    size_i,     // log2 of the access's bytes
  input  logic          word_i,     // address bit 2 (accesses of 4 bytes or less)
  input  mk_pkg::priv_e priv_i,
  input  logic          need_r_i,
  input  logic          need_w_i,
  input  logic          need_x_i,
  output logic          ok_o,       // the access is allowed
  output logic [1:0]    word_ok_o   // a 4-byte access to word 0 / word 1 would be allowed
);

  localparam logic [1:0] A_OFF = 2'd0, A_TOR = 2'd1, A_NA4 = 2'd2;

  // The two words' addresses are {dword_i, 0} and {dword_i, 1}, so every comparison is made
  // once, on dword_i against pmpaddr's bits 53:1, and bit 0 is settled per word. An entry's
  // lower TOR bound is the entry below's pmpaddr, the same comparison that entry makes.

  // NAPOT: with t trailing ones in pmpaddr, word-address bits t..0 are free: bit j is free
  // when pmpaddr's bits j-1..0 are all ones. Bit 0 is always free (the smallest region is 8
  // bytes), so only bits 53:1 are compared. Returned: the free mask of bits 53:1.
  // z[j] = some bit of j..0 is zero: a prefix OR of the zeros, as a Sklansky network written
  // with whole-word masks and shifts. In logic each level is wiring and one OR per bit (the
  // masked-out terms are constant zeros): log depth, no carry chain (a ^ (a + 1) would be
  // one), and fewer LUTs than a Kogge-Stone doubling (z | z << s: 2368 LUTs on mk_pmp, this
  // one 2202). In the simulator about 30 word operations, where a separate AND per bit was 53
  // reductions per entry and port, every cycle.
  function automatic logic [52:0] napot_free(input logic [53:0] a);
    logic [63:0] z, b;
    z = {10'd0, ~a};
    // Level k: in each block of 2^(k+1) bits, the upper half takes the OR of the lower half
    // (held in its top bit): that bit, moved up one and spread over 2^k bits by doubling.
    b = (z & 64'h5555_5555_5555_5555) << 1;
    z = z | (b & 64'hAAAA_AAAA_AAAA_AAAA);
    b = (z & 64'h2222_2222_2222_2222) << 1;
    b = b | (b << 1);
    z = z | (b & 64'hCCCC_CCCC_CCCC_CCCC);
    b = (z & 64'h0808_0808_0808_0808) << 1;
    b = b | (b << 1);
    b = b | (b << 2);
    z = z | (b & 64'hF0F0_F0F0_F0F0_F0F0);
    b = (z & 64'h0080_0080_0080_0080) << 1;
    b = b | (b << 1);
    b = b | (b << 2);
    b = b | (b << 4);
    z = z | (b & 64'hFF00_FF00_FF00_FF00);
    b = (z & 64'h0000_8000_0000_8000) << 1;
    b = b | (b << 1);
    b = b | (b << 2);
    b = b | (b << 4);
    b = b | (b << 8);
    z = z | (b & 64'hFFFF_0000_FFFF_0000);
    b = (z & 64'h0000_0000_8000_0000) << 1;
    b = b | (b << 1);
    b = b | (b << 2);
    b = b | (b << 4);
    b = b | (b << 8);
    b = b | (b << 16);
    z = z | (b & 64'hFFFF_FFFF_0000_0000);
    napot_free = ~z[52:0];   // bit j-1 of the result: pmpaddr bits j-1..0 all ones
  endfunction

  // match0/1[i]: entry i holds word 0 / word 1.
  // Each comparison is written inside the address-matching mode that uses it, so that the
  // simulator does no work for an entry that is OFF (programs use none, or two or three of
  // them) and only one mode's for the others. In logic it changes nothing: the comparisons
  // that modes and neighbouring entries share (the XOR, the less-than) are identical
  // expressions of the same inputs, merged into one set of cells, and the mode selects.
  // permits[i]: entry i's verdict if it decides, from its cfg and the access only (so it is
  // ready before the address comparisons): an entry does not restrict M-mode unless locked.
  // 0 for an entry that is OFF, which holds nothing and so never decides.
  logic        m_mode;
  logic [15:0] match0, match1, permits;
  logic [52:0] hi, lo, diff;   // pmpaddr[i][53:1], pmpaddr[i-1][53:1], dword_i ^ hi
  logic        lt, eq, ge0, ge1;
  int          i;

  assign m_mode = priv_i == mk_pkg::PRIV_M;

  always_comb begin
    match0  = '0;
    match1  = '0;
    permits = '0;
    hi      = '0;
    lo      = '0;
    diff    = '0;
    lt      = 1'b0;
    eq      = 1'b0;
    ge0     = 1'b1;
    ge1     = 1'b1;
    // With every entry OFF (programs that use no PMP) the simulator skips even the 16 modes.
    // (i is assigned outside the if: Yosys would make a latch of a loop variable inside it.)
    i = 0;
    if ((cfg_i & {16{8'h18}}) != '0) for (i = 0; i < 16; i++) begin
      if (cfg_i[8*i+3 +: 2] != A_OFF) begin
        permits[i] = (m_mode && !cfg_i[8*i+7]) ||
                     ((!need_r_i || cfg_i[8*i]) && (!need_w_i || cfg_i[8*i+1]) &&
                      (!need_x_i || cfg_i[8*i+2]));
      end
      unique case (cfg_i[8*i+3 +: 2])
        A_OFF: ;
        A_TOR: begin
          hi   = addr_i[54*i+1 +: 53];
          diff = dword_i ^ hi;
          lt   = dword_i < hi;
          eq   = diff == 53'd0;
          // At or above the lower bound (entry i-1's pmpaddr; 0 for entry 0).
          if (i == 0) begin
            ge0 = 1'b1;
            ge1 = 1'b1;
          end else begin
            lo  = addr_i[54*(i-1)+1 +: 53];
            ge1 = !(dword_i < lo);
            ge0 = ge1 && !((dword_i ^ lo) == 53'd0 && addr_i[54*(i-1)]);
          end
          match0[i] = ge0 && (lt || (eq && addr_i[54*i]));
          match1[i] = ge1 && lt;
        end
        A_NA4: begin
          diff      = dword_i ^ addr_i[54*i+1 +: 53];
          eq        = diff == 53'd0;
          match0[i] = eq && !addr_i[54*i];
          match1[i] = eq && addr_i[54*i];
        end
        default: begin
          diff      = dword_i ^ addr_i[54*i+1 +: 53];
          match0[i] = (diff & ~napot_free(addr_i[54*i +: 54])) == 53'd0;
          match1[i] = match0[i];
        end
      endcase
    end
  end

  // The lowest-numbered entry with hold[i] decides: {any entry holds, its verdict}, by a
  // balanced tree of "the lower half if it holds, else the upper half". When nothing holds
  // (no entry in use, the common case) the simulator skips the tree; in logic the test is
  // the tree's own "any entry holds" output, so it adds nothing to the verdict's path.
  function automatic logic [1:0] first_verdict(input logic [15:0] hold, input logic [15:0] ok);
    logic [7:0] h8, o8;
    logic [3:0] h4, o4;
    logic [1:0] h2, o2;
    int         k;   // not declared in the loops: Yosys would make a latch of a loop's own
                     // variable when the loop is inside the if
    first_verdict = 2'b00;
    k = 0;
    if (hold != '0) begin
      for (k = 0; k < 8; k++) begin
        h8[k] = hold[2*k] || hold[2*k+1];
        o8[k] = hold[2*k] ? ok[2*k] : ok[2*k+1];
      end
      for (k = 0; k < 4; k++) begin
        h4[k] = h8[2*k] || h8[2*k+1];
        o4[k] = h8[2*k] ? o8[2*k] : o8[2*k+1];
      end
      for (k = 0; k < 2; k++) begin
        h2[k] = h4[2*k] || h4[2*k+1];
        o2[k] = h4[2*k] ? o4[2*k] : o4[2*k+1];
      end
      first_verdict = {h2[0] || h2[1], h2[0] ? o2[0] : o2[1]};
    end
  endfunction

  // An access of 4 bytes or less is decided by the entries holding its word. An 8-byte access
  // is decided by the first entry holding either word, which must hold both.
  logic        dword;
  logic [15:0] hold, hold_ok;
  logic [1:0]  first, first0, first1;
  assign dword = size_i == 2'd3;
  always_comb begin
    if (dword) begin
      hold    = match0 | match1;
      hold_ok = match0 & match1 & permits;
    end else begin
      hold    = word_i ? match1 : match0;
      hold_ok = permits;
    end
  end
  assign first  = first_verdict(hold, hold_ok);
  assign first0 = first_verdict(match0, permits);
  assign first1 = first_verdict(match1, permits);

  // No entry holds the access (or it is at or above 2^56): M-mode is allowed, S and U are not.
  assign ok_o         = (first[1] && !high_i) ? first[0] : m_mode;
  assign word_ok_o[0] = (first0[1] && !high_i) ? first0[0] : m_mode;
  assign word_ok_o[1] = (first1[1] && !high_i) ? first1[0] : m_mode;

endmodule
