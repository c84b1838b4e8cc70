// PMP check (docs/isa.md "Virtual memory and PMP", the model's pmp.c): 16 entries, grain 4
// bytes, OFF / TOR / NA4 / NAPOT, the lowest-numbered entry that holds any byte of the access
// decides. Combinational.
//
// Every access the core makes is naturally aligned and at most 8 bytes, so it lies in one
// aligned doubleword: the lookup is done for both of its 4-byte words. An access of 4 bytes
// or less lies in one word; an 8-byte access needs both words in the same entry (an entry
// holding only part of an access fails it, whatever its permissions). A NAPOT region is at
// least 8 bytes and aligned, so only TOR and NA4 can hold half a doubleword.
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
  // lower TOR bound is the entry below's pmpaddr, whose comparison that entry already makes.

  // NAPOT: the free bits of the word address are the trailing ones of pmpaddr and the zero
  // above them, a ^ (a + 1) (an incrementer: a carry chain, shallower than AND trees); bit 0
  // is always free (the smallest region is 8 bytes). Returned: bits 53:1 of that mask.
  function automatic logic [52:0] napot_free(input logic [53:0] a);
    napot_free = 53'((a ^ (a + 54'd1)) >> 1);
  endfunction

  logic [15:0] lt, eq, napot;   // dword_i < / == pmpaddr[i][53:1]; NAPOT region holds it
  logic [15:0] a0;              // pmpaddr[i][0]
  logic [52:0] free;            // (temporary per entry)

  always_comb begin
    free = '0;
    for (int i = 0; i < 16; i++) begin
      lt[i]    = dword_i < addr_i[54*i+1 +: 53];
      eq[i]    = dword_i == addr_i[54*i+1 +: 53];
      a0[i]    = addr_i[54*i];
      free     = napot_free(addr_i[54*i +: 54]);
      napot[i] = ((dword_i ^ addr_i[54*i+1 +: 53]) & ~free) == 53'd0;
    end
  end

  // match0/1[i]: entry i holds word 0 / word 1.
  logic [15:0] match0, match1;
  logic        ge0, ge1;   // the word is at or above the entry's lower TOR bound

  always_comb begin
    ge0 = 1'b1;
    ge1 = 1'b1;
    for (int i = 0; i < 16; i++) begin
      if (i == 0) begin
        ge0 = 1'b1;
        ge1 = 1'b1;
      end else begin
        ge0 = !lt[i-1] && !(eq[i-1] && a0[i-1]);
        ge1 = !lt[i-1];
      end
      unique case (cfg_i[8*i+3 +: 2])
        A_OFF: begin
          match0[i] = 1'b0;
          match1[i] = 1'b0;
        end
        A_TOR: begin
          match0[i] = ge0 && (lt[i] || (eq[i] && a0[i]));
          match1[i] = ge1 && lt[i];
        end
        A_NA4: begin
          match0[i] = eq[i] && !a0[i];
          match1[i] = eq[i] && a0[i];
        end
        default: begin
          match0[i] = napot[i];
          match1[i] = napot[i];
        end
      endcase
    end
  end

  // The lowest-numbered match wins: first0/1 are one-hot (or zero), each bit a parallel
  // function of the matches below it, so that no 16-level priority chain appears.
  logic [15:0] first0, first1;
  logic [1:0]  hit;
  logic [3:0]  perm0, perm1;   // L, X, W, R of the first match
  always_comb begin
    for (int i = 0; i < 16; i++) begin
      first0[i] = match0[i] && (match0 & ((16'd1 << i) - 16'd1)) == 16'd0;
      first1[i] = match1[i] && (match1 & ((16'd1 << i) - 16'd1)) == 16'd0;
    end
    hit   = {match1 != 16'd0, match0 != 16'd0};
    perm0 = '0;
    perm1 = '0;
    for (int i = 0; i < 16; i++) begin
      perm0 = perm0 | ({4{first0[i]}} & {cfg_i[8*i+7], cfg_i[8*i +: 3]});
      perm1 = perm1 | ({4{first1[i]}} & {cfg_i[8*i+7], cfg_i[8*i +: 3]});
    end
  end

  // An entry's verdict: it does not restrict M-mode unless locked.
  function automatic logic permits(input logic [3:0] perm, input mk_pkg::priv_e priv,
                                   input logic need_r, input logic need_w, input logic need_x);
    permits = (priv == mk_pkg::PRIV_M && !perm[3]) ||
              ((!need_r || perm[0]) && (!need_w || perm[1]) && (!need_x || perm[2]));
  endfunction

  // No entry holds the access: M-mode is allowed, S and U are not.
  logic [1:0] word_hit;
  logic       m_mode;
  assign word_hit = high_i ? 2'b00 : hit;
  assign m_mode   = priv_i == mk_pkg::PRIV_M;

  always_comb begin
    word_ok_o[0] = word_hit[0] ? permits(perm0, priv_i, need_r_i, need_w_i, need_x_i) : m_mode;
    word_ok_o[1] = word_hit[1] ? permits(perm1, priv_i, need_r_i, need_w_i, need_x_i) : m_mode;
    if (size_i != 2'd3) begin
      ok_o = word_i ? word_ok_o[1] : word_ok_o[0];
    end else if (word_hit == 2'b00) begin
      ok_o = m_mode;
    end else begin
      // The first entry holding either word must hold both.
      ok_o = word_hit == 2'b11 && first0 == first1 && word_ok_o[0];
    end
  end

endmodule
