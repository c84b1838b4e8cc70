// The Sv39 page-table walker (docs/timing.md "Address translation (Sv39)"; what it reads and
// faults on is the C model's mmu.c walk()). The core has two: one on the instruction port for
// fetches, one on the data port for loads and stores, so neither waits for the other.
//
// Timing: the level-2 PTE is requested in the cycle start_i is high (the walk's first cycle
// t); each read answers on the port some cycles later, and the next level's read is requested
// in that response cycle, straight from the PTE. done_o is high in the cycle the walk ends:
// the response cycle of the last read, or the cycle a read would have been issued when its
// address fails the checks (t itself when the root PTE's address fails), so a walk of k reads
// ends in t + k*L. Before each read the PTE's address must be in DRAM (page tables are main
// memory; else an access fault without a bus access) and pass PMP as an S-mode 8-byte load.
//
// Faults (fault_o, with access_fault_o telling an access fault from a page fault): a PTE
// address outside DRAM or denied by PMP, or a bus error (access faults); V = 0, W without R,
// bits 63:54 set, D/A/U set in a pointer, a pointer at level 0, a misaligned superpage (page
// faults). Otherwise the leaf: its level, PPN and bits 7:0 with G also set when a pointer
// above it had G. Whether it is cached (A = 1) and allowed is the user's decision.
//
// kill_i (a redirect of the fetch unit) drops the walk in any cycle: no further read is
// issued, done_o stays low, and a read still outstanding is waited for and discarded
// (busy_o stays high until its response). start_i is only accepted when busy_o is low.
//
// Room for H: the G-stage would translate each PTE address before its read (more reads, each
// with the same rules) and the leaf would carry the G-stage's permissions.
module mk_ptw #(
  parameter logic [63:0] DRAM_BASE = 64'h8000_0000,
  parameter logic [63:0] DRAM_SIZE = 64'h1000_0000
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  input  logic                 start_i,
  input  logic [26:0]          vpn_i,
  input  logic [43:0]          root_ppn_i,       // satp.PPN
  input  logic                 kill_i,

  input  logic [127:0]         pmp_cfg_i,
  input  logic [863:0]         pmp_addr_i,

  output mk_bus_pkg::bus_req_t req_o,
  input  logic                 ready_i,
  input  mk_bus_pkg::bus_rsp_t rsp_i,

  output logic                 busy_o,           // a walk (or a dropped walk's read) is under way
  output logic                 done_o,           // the walk ends in this cycle
  output logic                 fault_o,
  output logic                 access_fault_o,
  output logic [1:0]           level_o,
  output logic [43:0]          ppn_o,
  output logic [7:0]           perm_o
);

  localparam logic [1:0] S_IDLE  = 2'd0;
  localparam logic [1:0] S_WAIT  = 2'd1;   // a read is outstanding
  localparam logic [1:0] S_HOLD  = 2'd2;   // a read is offered, not yet accepted (ready_i = 0)
  localparam logic [1:0] S_DRAIN = 2'd3;   // killed: the outstanding read is discarded

  logic [1:0]  state_q, state_d;
  logic        hold_kill_q, hold_kill_d;   // killed while its read was held
  logic [1:0]  level_q, level_d;     // the level of the read outstanding (or held)
  logic [26:0] vpn_q, vpn_d;
  logic        global_q, global_d;   // a pointer above had G
  logic [55:0] hold_addr_q, hold_addr_d;

  // ---- the PTE that answers ----
  logic        rsp_here;
  logic [63:0] pte;
  logic        pte_v, pte_r, pte_w, pte_x, is_ptr, pte_bad, ptr_bad, misaligned;
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

  // ---- the read to issue in this cycle ----
  logic        issue;
  logic [1:0]  issue_level;
  logic [55:0] issue_addr;
  logic [8:0]  issue_index;
  always_comb begin
    issue       = 1'b0;
    issue_level = 2'd2;
    issue_index = vpn_i[26:18];
    issue_addr  = {root_ppn_i, issue_index, 3'b000};
    if (state_q == S_IDLE) begin
      issue = start_i;
    end else if (rsp_here && !kill_i && !rsp_i.err && !pte_bad && !ptr_bad) begin
      issue       = is_ptr;
      issue_level = level_q - 2'd1;
      issue_index = level_q == 2'd2 ? vpn_q[17:9] : vpn_q[8:0];
      issue_addr  = {pte_ppn, issue_index, 3'b000};
    end
  end

  // The checks of the PTE address: DRAM, then PMP as an S-mode 8-byte load.
  logic in_dram, pmp_ok, addr_ok;
  logic [1:0] unused_pmp_words;
  assign in_dram = ({8'd0, issue_addr} - DRAM_BASE) < DRAM_SIZE;
  mk_pmp u_pmp (
    .cfg_i    (pmp_cfg_i),
    .addr_i   (pmp_addr_i),
    .dword_i  (issue_addr[55:3]),
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
    req_o.addr  = state_q == S_HOLD ? hold_addr_q : issue_addr;
    req_o.we    = 1'b0;
    req_o.size  = mk_bus_pkg::SIZE_D;
    req_o.be    = 8'hff;
  end

  // ---- the end of the walk ----
  always_comb begin
    done_o         = 1'b0;
    fault_o        = 1'b0;
    access_fault_o = 1'b0;
    if (issue && !addr_ok) begin
      done_o         = 1'b1;
      fault_o        = 1'b1;
      access_fault_o = 1'b1;
    end else if (rsp_here && !kill_i) begin
      if (rsp_i.err) begin
        done_o         = 1'b1;
        fault_o        = 1'b1;
        access_fault_o = 1'b1;
      end else if (pte_bad || ptr_bad || misaligned) begin
        done_o  = 1'b1;
        fault_o = 1'b1;
      end else if (!is_ptr) begin
        done_o  = 1'b1;
      end
    end
  end
  assign level_o = level_q;
  assign ppn_o   = pte_ppn;
  assign perm_o  = {pte[7:6], pte[5] | global_q, pte[4:0]};
  assign busy_o  = state_q != S_IDLE;

  // ---- next state ----
  always_comb begin
    state_d     = state_q;
    level_d     = level_q;
    vpn_d       = vpn_q;
    global_d    = global_q;
    hold_addr_d = hold_addr_q;
    hold_kill_d = hold_kill_q;
    case (state_q)
      S_IDLE: begin
        vpn_d    = vpn_i;
        global_d = 1'b0;
      end
      S_WAIT: begin
        if (rsp_i.valid) begin
          state_d  = S_IDLE;
          global_d = global_q | pte[5];
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
      level_d     = issue_level;
      hold_addr_d = issue_addr;
      hold_kill_d = 1'b0;
      state_d     = ready_i ? S_WAIT : S_HOLD;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= S_IDLE;
      level_q     <= 2'd0;
      vpn_q       <= '0;
      global_q    <= 1'b0;
      hold_addr_q <= '0;
      hold_kill_q <= 1'b0;
    end else begin
      state_q     <= state_d;
      level_q     <= level_d;
      vpn_q       <= vpn_d;
      global_q    <= global_d;
      hold_addr_q <= hold_addr_d;
      hold_kill_q <= hold_kill_d;
    end
  end

endmodule
