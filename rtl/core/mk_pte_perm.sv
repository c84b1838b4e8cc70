// The permission check of a leaf PTE for one access (docs/isa.md "Virtual memory and PMP",
// the model's mmu.c leaf_allows(); docs/timing.md "Address translation (Sv39)"), in the spec's
// order: U against the privilege (SUM for loads and stores, never for fetches), X for a
// fetch, R (or X with MXR; X alone for HLVX) for a load, W for a store or AMO, A = 1, and D = 1 for a store or
// AMO (Svade: A and D are never set by hardware). Combinational; used on a TLB hit and on the
// leaf a walk returns.
module mk_pte_perm (
  input  logic [7:0]    perm_i,     // PTE bits 7:0: D A G U X W R V
  input  mk_pkg::priv_e priv_i,     // the access's (effective) privilege: S or U
  input  logic          fetch_i,
  input  logic          store_i,    // a store, SC or AMO (otherwise a load or LR)
  input  logic          sum_i,      // mstatus.SUM
  input  logic          mxr_i,      // mstatus.MXR (V = 1: vsstatus.MXR | mstatus.MXR)
  input  logic          hlvx_i,     // HLVX: execute permission replaces read permission
  output logic          ok_o
);

  logic r, w, x, u, a, d;
  assign r = perm_i[1];
  assign w = perm_i[2];
  assign x = perm_i[3];
  assign u = perm_i[4];
  assign a = perm_i[6];
  assign d = perm_i[7];

  logic priv_ok, type_ok;
  always_comb begin
    // U-mode needs U pages; S-mode never executes from them and reads/writes them with SUM.
    if (priv_i == mk_pkg::PRIV_U) priv_ok = u;
    else                          priv_ok = !u || (!fetch_i && sum_i);
    if (fetch_i)      type_ok = x;
    else if (store_i) type_ok = w && d;
    else if (hlvx_i)  type_ok = x;
    else              type_ok = r || (x && mxr_i);
  end

  assign ok_o = priv_ok && type_ok && a;

  logic unused_perm;
  assign unused_perm = perm_i[0] ^ perm_i[5];   // V is checked by the walk, G by the lookup

endmodule
