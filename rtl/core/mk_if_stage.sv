// IF: the fetch unit (docs/timing.md "Pipeline", rule F). It reads aligned 8-byte doublewords
// on the instruction port into two buffers, q0 (the doubleword that holds pc) and q1 (the next
// one), with at most one request outstanding, and hands the instruction at pc (16 or 32 bits,
// a 32-bit one possibly crossing from q0 into q1) to ID. The timing is part of the contract,
// so every choice below is stated there: no bypass of the response, a request only when none
// is pending and q1 is free, a response after a redirect is dropped.
//
// PMP is checked on the request path (docs/timing.md "Not yet implemented": no extra cycle):
// each 4-byte word of the requested doubleword needs X at the current privilege. A word that
// fails, or an err response, marks that word of the buffer as faulting; an instruction whose
// first parcel is in a faulting word is handed over with an access fault at pc, one whose
// second parcel is, at pc + 2 (the order of the model's per-parcel fetch).
module mk_if_stage (
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

  // To ID: the instruction is taken when valid_o & take_i.
  input  logic                 take_i,
  output logic                 valid_o,
  output logic [63:0]          pc_o,
  output logic [31:0]          instr_o,       // a compressed one in bits 15:0
  output logic                 fault_o,       // instruction access fault
  output logic [63:0]          fault_tval_o
);

  logic [63:0] pc_q, pc_d;
  logic [63:0] q0_q, q1_q, q0_d, q1_d;
  logic        v0_q, v1_q, v0_d, v1_d;
  logic [1:0]  e0_q, e1_q, e0_d, e1_d;      // per word: fetching it faults (err or PMP)
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
  assign fault_tval_o = f0 ? pc_q : pc_q + 64'd2;

  // ---- PMP of the doubleword requested ----
  logic [1:0] pmp_deny, pmp_x_ok;
  logic       unused_pmp_ok;
  mk_pmp u_pmp (
    .cfg_i    (pmp_cfg_i),
    .addr_i   (pmp_addr_i),
    .dword_i  (fa_q[55:3]),
    .high_i   (fa_q[63:56] != 8'd0),
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

  // ---- the request ----
  logic req_fire;
  always_comb begin
    instr_req_o       = '0;
    instr_req_o.valid = !pend_q && !v1_q && !sleep_q && !redirect_i;
    // Above the 56-bit physical space nothing answers: address 0 is a hole (err).
    instr_req_o.addr  = fa_q[63:56] != 8'd0 ? '0 : fa_q[mk_bus_pkg::PADDR_W-1:0];
    instr_req_o.we    = 1'b0;
    instr_req_o.size  = mk_bus_pkg::SIZE_D;
    instr_req_o.be    = 8'hff;
  end
  assign req_fire = instr_req_o.valid && instr_ready_i;

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
    fa_d    = fa_q;
    pe_d    = pe_q;
    pend_d  = pend_q;
    drop_d  = drop_q;
    sleep_d = sleep_q;

    if (hand_over) pc_d = pc_next;
    if (leaves_q0) begin
      q0_d = q1_q;
      e0_d = e1_q;
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
          v0_d = 1'b1;
        end else begin
          q1_d = instr_rsp_i.rdata;
          e1_d = pe_q | {2{instr_rsp_i.err}};
          v1_d = 1'b1;
        end
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
      pe_q    <= pe_d;
      fa_q    <= fa_d;
      pend_q  <= pend_d;
      drop_q  <= drop_d;
      sleep_q <= sleep_d;
    end
  end

endmodule
