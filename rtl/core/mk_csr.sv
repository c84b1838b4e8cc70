// The CSR file, trap entry, MRET and interrupt selection (docs/isa.md). Everything here
// happens at the commit point (MEM, docs/timing.md): a CSR instruction reads and writes in its
// first MEM cycle, and a trap or MRET updates the state at the end of the cycle it is taken.
//
// M, S and U modes: traps are delegated to S by medeleg/mideleg (a trap taken in M stays in M),
// SRET returns from S, M-level interrupts beat S-level ones, Sstc's stimecmp drives STIP when
// menvcfg.STCE = 1, and the 16 PMP entries are held here (mk_pmp checks accesses against them).
// satp, SUM and MXR go to the MMU (mk_if_stage, mk_core); the H CSRs do not exist yet.
module mk_csr (
  input  logic           clk_i,
  input  logic           rst_ni,

  // The CSR instruction in MEM; csr_valid_i only when it executes (no trap, legal).
  input  logic           csr_valid_i,
  input  mk_pkg::csr_op_e csr_op_i,
  input  logic [11:0]    csr_addr_i,
  input  logic           csr_we_i,
  input  logic [63:0]    csr_operand_i,
  output logic [63:0]    csr_rdata_o,
  output logic           csr_illegal_o,    // for csr_addr_i / csr_we_i in the current mode
  output logic           csr_written_o,    // csr_valid_i and the instruction writes
  output logic [63:0]    csr_readback_o,   // the value the CSR reads after the write

  // Traps and MRET, taken at the end of the cycle.
  input  logic           trap_i,
  input  logic           trap_intr_i,
  input  logic [4:0]     trap_cause_i,
  input  logic [63:0]    trap_tval_i,
  input  logic [63:0]    trap_pc_i,
  output logic [63:0]    trap_vector_o,
  input  logic           mret_i,
  output logic [63:0]    mepc_o,
  input  logic           sret_i,
  output logic [63:0]    sepc_o,

  input  logic           retire_i,         // an instruction leaves MEM without a trap

  // Interrupt lines and time.
  input  logic           irq_msip_i,
  input  logic           irq_mtip_i,
  input  logic           irq_meip_i,
  input  logic           irq_seip_i,
  input  logic [63:0]    mtime_i,

  output mk_pkg::priv_e  priv_o,
  output logic           irq_valid_o,      // an enabled interrupt is pending
  output logic [4:0]     irq_cause_o,
  output logic           wake_o,           // mip & mie != 0 (WFI)
  output logic           tw_o,             // mstatus.TW
  output logic           tsr_o,            // mstatus.TSR
  output logic           tvm_o,            // mstatus.TVM
  output mk_pkg::priv_e  data_priv_o,      // the privilege of loads and stores (MPRV)
  output logic [63:0]    satp_o,           // translation (the MMU): MODE, ASID, PPN
  output logic           sum_o,            // mstatus.SUM
  output logic           mxr_o,            // mstatus.MXR

  // PMP entries 0..15 (mk_pmp's format).
  output logic [127:0]   pmp_cfg_o,
  output logic [863:0]   pmp_addr_o
);

  localparam logic [63:0] MSTATUS_WMASK = 64'h0000_00C0_007E_19AA;
  localparam logic [63:0] SSTATUS_RMASK = 64'h8000_0003_000D_E762;
  localparam logic [63:0] SSTATUS_WMASK = 64'h0000_0000_000C_0122;
  localparam logic [63:0] MSTATUS_RESET = 64'h0000_000A_0000_0000;
  localparam logic [63:0] MEDELEG_MASK  = 64'h0000_0000_00F0_B7FF;
  localparam logic [63:0] MIDELEG_MASK  = 64'h0000_0000_0000_0222;
  localparam logic [63:0] MIDELEG_RO1   = 64'h0000_0000_0000_1444;
  localparam logic [63:0] MIE_MASK      = 64'h0000_0000_0000_0EEE;
  localparam logic [63:0] MIP_SW_MASK   = 64'h0000_0000_0000_0226;   // SSIP, VSSIP, STIP, SEIP
  localparam logic [63:0] S_INT_MASK    = 64'h0000_0000_0000_0222;
  localparam logic [63:0] STIP          = 64'h0000_0000_0000_0020;
  localparam logic [7:0]  PMP_CFG_MASK  = 8'h9F;   // L, A, X, W, R

  mk_pkg::priv_e priv_q, priv_d;
  logic [63:0] mstatus_q, mstatus_d, medeleg_q, medeleg_d, mideleg_q, mideleg_d;
  logic [63:0] mie_q, mie_d, mip_sw_q, mip_sw_d, mtvec_q, mtvec_d, mscratch_q, mscratch_d;
  logic [63:0] mepc_q, mepc_d, mcause_q, mcause_d, mtval_q, mtval_d;
  logic [63:0] mtinst_q, mtinst_d, mtval2_q, mtval2_d;
  logic [31:0] mcounteren_q, mcounteren_d, scounteren_q, scounteren_d;
  logic        menvcfg_fiom_q, menvcfg_fiom_d, menvcfg_stce_q, menvcfg_stce_d;
  logic        senvcfg_fiom_q, senvcfg_fiom_d;
  logic [2:0]  mcountinhibit_q, mcountinhibit_d;   // bits 0 (CY) and 2 (IR); bit 1 reads 0
  logic [63:0] stvec_q, stvec_d, sscratch_q, sscratch_d, sepc_q, sepc_d, scause_q, scause_d;
  logic [63:0] stval_q, stval_d, satp_q, satp_d, stimecmp_q, stimecmp_d;
  logic [63:0] mcycle_q, mcycle_d, minstret_q, minstret_d;
  logic [127:0] pmpcfg_q, pmpcfg_d;
  logic [863:0] pmpaddr_q, pmpaddr_d;

  // ---- mip as read and as the interrupt logic sees it ----
  // With menvcfg.STCE = 1, STIP is the Sstc comparator and the software bit is hidden.
  logic [63:0] mip_lines, mip_rd, pending, mip_sw_vis;
  logic        stip_line;
  assign stip_line = menvcfg_stce_q && mtime_i >= stimecmp_q;
  assign mip_lines = 64'(irq_msip_i) << 3 | 64'(irq_mtip_i) << 7 | 64'(irq_meip_i) << 11 |
                     64'(irq_seip_i) << 9 | 64'(stip_line) << 5;
  assign mip_sw_vis = menvcfg_stce_q ? mip_sw_q & ~STIP : mip_sw_q;
  assign mip_rd    = mip_sw_vis | mip_lines;
  assign pending   = mip_rd & mie_q;
  assign wake_o    = pending != '0;

  // pmpaddr[i] of a packed set of 16 (an explicit multiplexer: a variable part-select of the
  // 864-bit vector would synthesize to a wide shifter).
  function automatic logic [53:0] pmpaddr_of(input logic [863:0] v, input logic [3:0] i);
    pmpaddr_of = '0;
    for (int k = 0; k < 16; k++) begin
      if (i == 4'(k)) pmpaddr_of = v[54*k +: 54];
    end
  endfunction

  // ---- access rules ----
  logic exists, counter_ok;
  logic [63:0] rdata, wbase;   // wbase: the old value that CSRRS/CSRRC work from

  always_comb begin
    exists = 1'b1;
    rdata  = '0;
    wbase  = '0;
    unique case (csr_addr_i)
      12'h300: rdata = mstatus_q;
      12'h301: rdata = mk_pkg::MISA;
      12'h302: rdata = medeleg_q;
      12'h303: rdata = mideleg_q | MIDELEG_RO1;
      12'h304: rdata = mie_q;
      12'h305: rdata = mtvec_q;
      12'h306: rdata = {32'd0, mcounteren_q};
      12'h30A: rdata = {menvcfg_stce_q, 62'd0, menvcfg_fiom_q};
      12'h320: rdata = {61'd0, mcountinhibit_q};
      12'h340: rdata = mscratch_q;
      12'h341: rdata = mepc_q;
      12'h342: rdata = mcause_q;
      12'h343: rdata = mtval_q;
      12'h344: rdata = mip_rd;
      12'h34A: rdata = mtinst_q;
      12'h34B: rdata = mtval2_q;
      12'h100: rdata = mstatus_q & SSTATUS_RMASK;
      12'h104: rdata = mie_q & mideleg_q & S_INT_MASK;
      12'h105: rdata = stvec_q;
      12'h106: rdata = {32'd0, scounteren_q};
      12'h10A: rdata = {63'd0, senvcfg_fiom_q};
      12'h140: rdata = sscratch_q;
      12'h141: rdata = sepc_q;
      12'h142: rdata = scause_q;
      12'h143: rdata = stval_q;
      12'h144: rdata = mip_rd & mideleg_q & S_INT_MASK;
      12'h14D: rdata = stimecmp_q;
      12'h180: rdata = satp_q;
      12'hB00, 12'hC00: rdata = mcycle_q;
      12'hB02, 12'hC02: rdata = minstret_q;
      12'hC01: rdata = mtime_i;
      12'hF11: rdata = mk_pkg::MVENDORID;
      12'hF12: rdata = mk_pkg::MARCHID;
      12'hF13: rdata = mk_pkg::MIMPID;
      12'hF14, 12'hF15: rdata = '0;
      12'h3A0: rdata = pmpcfg_q[63:0];
      12'h3A2: rdata = pmpcfg_q[127:64];
      // pmpaddr0..15 below; read-only zero with writable addresses: mhpmevent3..31,
      // pmpcfg4..14 (even), pmpaddr16..63, mhpmcounter3..31, and hpmcounter3..31.
      default: begin
        exists = (csr_addr_i >= 12'h323 && csr_addr_i <= 12'h33F) ||
                 (csr_addr_i >= 12'h3A4 && csr_addr_i <= 12'h3AE && !csr_addr_i[0]) ||
                 (csr_addr_i >= 12'h3B0 && csr_addr_i <= 12'h3EF) ||
                 (csr_addr_i >= 12'hB03 && csr_addr_i <= 12'hB1F) ||
                 (csr_addr_i >= 12'hC03 && csr_addr_i <= 12'hC1F);
        if (csr_addr_i[11:4] == 8'h3B) rdata = {10'd0, pmpaddr_of(pmpaddr_q, csr_addr_i[3:0])};
      end
    endcase
    wbase = csr_addr_i == 12'h344 ? mip_sw_q :
            csr_addr_i == 12'h144 ? mip_sw_q & mideleg_q & S_INT_MASK : rdata;
  end

  // Counters in S/U: the mcounteren (and in U also scounteren) bit of the counter.
  always_comb begin
    counter_ok = 1'b1;
    if (csr_addr_i[11:5] == 7'b1100_000) begin
      if (priv_q != mk_pkg::PRIV_M && !mcounteren_q[csr_addr_i[4:0]]) counter_ok = 1'b0;
      if (priv_q == mk_pkg::PRIV_U && !scounteren_q[csr_addr_i[4:0]]) counter_ok = 1'b0;
    end
    if (csr_addr_i == 12'h14D && priv_q != mk_pkg::PRIV_M &&
        !(priv_q == mk_pkg::PRIV_S && menvcfg_stce_q && mcounteren_q[1])) begin
      counter_ok = 1'b0;
    end
    if (csr_addr_i == 12'h180 && priv_q == mk_pkg::PRIV_S && mstatus_q[20]) counter_ok = 1'b0;
  end

  assign csr_illegal_o = !exists || !counter_ok || (csr_addr_i[9:8] > priv_q) ||
                         (csr_we_i && csr_addr_i[11:10] == 2'b11);
  assign csr_rdata_o   = rdata;

  logic [63:0] wval;
  always_comb begin
    unique case (csr_op_i)
      mk_pkg::CSR_RS: wval = wbase | csr_operand_i;
      mk_pkg::CSR_RC: wval = wbase & ~csr_operand_i;
      default:        wval = csr_operand_i;
    endcase
  end

  logic do_write;
  assign do_write      = csr_valid_i && csr_we_i;
  assign csr_written_o = do_write;

  // ---- interrupt selection (docs/isa.md "Interrupts", the model's trap.c) ----
  // mideleg's read-only-one VS-level bits send those interrupts to HS (hideleg is 0 without H).
  logic [63:0] deleg_irq, m_level, s_level;
  logic        m_enabled, s_enabled;
  assign deleg_irq = mideleg_q | MIDELEG_RO1;
  assign m_level   = pending & ~deleg_irq;
  assign s_level   = pending & deleg_irq;
  assign m_enabled = priv_q != mk_pkg::PRIV_M || mstatus_q[3];
  assign s_enabled = priv_q == mk_pkg::PRIV_U || (priv_q == mk_pkg::PRIV_S && mstatus_q[1]);

  // The set taken from: M-level interrupts first. Within it, by priority: MEI, MSI, MTI, SEI,
  // SSI, STI, SGEI, VSEI, VSSI, VSTI (the last assignment wins).
  logic [63:0] irq_set;
  logic        unused_irq_set;
  assign irq_set = (m_enabled && m_level != '0) ? m_level : s_enabled ? s_level : '0;
  assign unused_irq_set = ^{irq_set[63:13], irq_set[8], irq_set[4], irq_set[0]};

  always_comb begin
    irq_valid_o = irq_set != '0;
    irq_cause_o = 5'd0;
    if (irq_set[6])  irq_cause_o = 5'd6;
    if (irq_set[2])  irq_cause_o = 5'd2;
    if (irq_set[10]) irq_cause_o = 5'd10;
    if (irq_set[12]) irq_cause_o = 5'd12;
    if (irq_set[5])  irq_cause_o = 5'd5;
    if (irq_set[1])  irq_cause_o = 5'd1;
    if (irq_set[9])  irq_cause_o = 5'd9;
    if (irq_set[7])  irq_cause_o = 5'd7;
    if (irq_set[3])  irq_cause_o = 5'd3;
    if (irq_set[11]) irq_cause_o = 5'd11;
  end

  // ---- trap routing: a trap taken below M goes to S if delegated ----
  // The vectored targets depend only on the interrupt cause (irq_cause_o), so their adders
  // are off the path of the exception causes, which come late (data-access checks in MEM).
  logic        trap_to_s, unused_tvec_bits;
  logic [63:0] irq_vec_m, irq_vec_s;
  assign trap_to_s = priv_q != mk_pkg::PRIV_M &&
                     (trap_intr_i ? deleg_irq[{1'b0, trap_cause_i}] : medeleg_q[{1'b0, trap_cause_i}]);
  assign irq_vec_m = {mtvec_q[63:2], 2'b00} + (mtvec_q[0] ? 64'(irq_cause_o) << 2 : 64'd0);
  assign irq_vec_s = {stvec_q[63:2], 2'b00} + (stvec_q[0] ? 64'(irq_cause_o) << 2 : 64'd0);
  assign unused_tvec_bits = mtvec_q[1] ^ stvec_q[1];   // xtvec bit 1 is always 0

  // (trap_intr_i comes with trap_cause_i = irq_cause_o: the core takes the selected interrupt.)
  always_comb begin
    unique case ({trap_intr_i, trap_to_s})
      2'b00:   trap_vector_o = {mtvec_q[63:2], 2'b00};
      2'b01:   trap_vector_o = {stvec_q[63:2], 2'b00};
      2'b10:   trap_vector_o = irq_vec_m;
      default: trap_vector_o = irq_vec_s;
    endcase
  end
  assign mepc_o        = mepc_q;
  assign sepc_o        = sepc_q;
  assign priv_o        = priv_q;
  assign tw_o          = mstatus_q[21];
  assign tsr_o         = mstatus_q[22];
  assign tvm_o         = mstatus_q[20];
  assign satp_o        = satp_q;
  assign sum_o         = mstatus_q[18];
  assign mxr_o         = mstatus_q[19];
  assign pmp_cfg_o     = pmpcfg_q;
  assign pmp_addr_o    = pmpaddr_q;

  always_comb begin
    data_priv_o = priv_q;
    if (mstatus_q[17]) begin   // MPRV: loads and stores as in MPP
      unique case (mstatus_q[12:11])
        2'b11:   data_priv_o = mk_pkg::PRIV_M;
        2'b01:   data_priv_o = mk_pkg::PRIV_S;
        default: data_priv_o = mk_pkg::PRIV_U;
      endcase
    end
  end

  // ---- next state ----
  logic [63:0] mstatus_w;
  logic [63:0] mstatus_wr, mepc_wr, mcause_wr, mtval_wr, mtinst_wr, mtval2_wr;
  logic [63:0] sepc_wr, scause_wr, stval_wr;
  logic        inhibit_edge_cy, inhibit_edge_ir;
  always_comb begin
    priv_d          = priv_q;
    mstatus_d       = mstatus_q;
    medeleg_d       = medeleg_q;
    mideleg_d       = mideleg_q;
    mie_d           = mie_q;
    mip_sw_d        = mip_sw_q;
    mtvec_d         = mtvec_q;
    mscratch_d      = mscratch_q;
    mepc_d          = mepc_q;
    mcause_d        = mcause_q;
    mtval_d         = mtval_q;
    mtinst_d        = mtinst_q;
    mtval2_d        = mtval2_q;
    mcounteren_d    = mcounteren_q;
    scounteren_d    = scounteren_q;
    menvcfg_fiom_d  = menvcfg_fiom_q;
    menvcfg_stce_d  = menvcfg_stce_q;
    senvcfg_fiom_d  = senvcfg_fiom_q;
    mcountinhibit_d = mcountinhibit_q;
    stvec_d         = stvec_q;
    sscratch_d      = sscratch_q;
    sepc_d          = sepc_q;
    scause_d        = scause_q;
    stval_d         = stval_q;
    satp_d          = satp_q;
    stimecmp_d      = stimecmp_q;
    mstatus_w       = '0;

    if (do_write) begin
      unique case (csr_addr_i)
        12'h300: begin
          mstatus_w = (mstatus_q & ~MSTATUS_WMASK) | (wval & MSTATUS_WMASK);
          if (wval[12:11] == 2'b10) mstatus_w[12:11] = mstatus_q[12:11];
          mstatus_d = mstatus_w;
        end
        12'h302: medeleg_d = wval & MEDELEG_MASK;
        12'h303: mideleg_d = wval & MIDELEG_MASK;
        12'h304: mie_d = wval & MIE_MASK;
        12'h305: mtvec_d = {wval[63:2], 1'b0, wval[0]};
        12'h306: mcounteren_d = wval[31:0];
        12'h30A: begin
          menvcfg_fiom_d = wval[0];
          menvcfg_stce_d = wval[63];
        end
        12'h320: mcountinhibit_d = {wval[2], 1'b0, wval[0]};
        12'h340: mscratch_d = wval;
        12'h341: mepc_d = {wval[63:1], 1'b0};
        12'h342: mcause_d = {wval[63], 58'd0, wval[4:0]};
        12'h343: mtval_d = wval;
        12'h344: begin
          // STIP is software-writable only while menvcfg.STCE = 0.
          mip_sw_d = wval & MIP_SW_MASK & ~(menvcfg_stce_q ? 64'h20 : 64'h0) |
                     mip_sw_q & (menvcfg_stce_q ? 64'h20 : 64'h0);
        end
        12'h34A: mtinst_d = wval;
        12'h34B: mtval2_d = wval;
        12'h100: mstatus_d = (mstatus_q & ~SSTATUS_WMASK) | (wval & SSTATUS_WMASK);
        12'h104: mie_d = (mie_q & ~(mideleg_q & S_INT_MASK)) | (wval & mideleg_q & S_INT_MASK);
        12'h105: stvec_d = {wval[63:2], 1'b0, wval[0]};
        12'h106: scounteren_d = wval[31:0];
        12'h10A: senvcfg_fiom_d = wval[0];
        12'h140: sscratch_d = wval;
        12'h141: sepc_d = {wval[63:1], 1'b0};
        12'h142: scause_d = {wval[63], 58'd0, wval[4:0]};
        12'h143: stval_d = wval;
        12'h144: begin
          if (mideleg_q[1]) mip_sw_d[1] = wval[1];
        end
        12'h14D: stimecmp_d = wval;
        12'h180: begin
          if (wval[63:60] == 4'd0 || wval[63:60] == 4'd8) satp_d = wval;
        end
        default: ;
      endcase
    end

    // What a CSR instruction reads back: the state after its write (it never traps, and no
    // xRET is in MEM with it), taken before the trap logic so that the late exception causes
    // stay off the readback path.
    mstatus_wr = mstatus_d;
    mepc_wr    = mepc_d;
    mcause_wr  = mcause_d;
    mtval_wr   = mtval_d;
    mtinst_wr  = mtinst_d;
    mtval2_wr  = mtval2_d;
    sepc_wr    = sepc_d;
    scause_wr  = scause_d;
    stval_wr   = stval_d;

    if (trap_i && trap_to_s) begin
      priv_d        = mk_pkg::PRIV_S;
      sepc_d        = trap_pc_i;
      scause_d      = {trap_intr_i, 58'd0, trap_cause_i};
      stval_d       = trap_tval_i;
      mstatus_d[5]  = mstatus_q[1];      // SPIE = SIE
      mstatus_d[1]  = 1'b0;
      mstatus_d[8]  = priv_q == mk_pkg::PRIV_S;   // SPP
    end else if (trap_i) begin
      priv_d        = mk_pkg::PRIV_M;
      mepc_d        = trap_pc_i;
      mcause_d      = {trap_intr_i, 58'd0, trap_cause_i};
      mtval_d       = trap_tval_i;
      mtinst_d      = '0;
      mtval2_d      = '0;
      mstatus_d[7]  = mstatus_q[3];      // MPIE = MIE
      mstatus_d[3]  = 1'b0;
      mstatus_d[12:11] = priv_q;
      mstatus_d[38] = 1'b0;              // GVA
      mstatus_d[39] = 1'b0;              // MPV
    end else if (mret_i) begin
      unique case (mstatus_q[12:11])
        2'b11:   priv_d = mk_pkg::PRIV_M;
        2'b01:   priv_d = mk_pkg::PRIV_S;
        default: priv_d = mk_pkg::PRIV_U;
      endcase
      mstatus_d[3]     = mstatus_q[7];
      mstatus_d[7]     = 1'b1;
      mstatus_d[12:11] = 2'b00;
      mstatus_d[39]    = 1'b0;           // MPV
      if (mstatus_q[12:11] != 2'b11) mstatus_d[17] = 1'b0;   // MPRV
    end else if (sret_i) begin
      priv_d       = mstatus_q[8] ? mk_pkg::PRIV_S : mk_pkg::PRIV_U;
      mstatus_d[1] = mstatus_q[5];       // SIE = SPIE
      mstatus_d[5] = 1'b1;
      mstatus_d[8] = 1'b0;
      mstatus_d[17] = 1'b0;              // SRET never returns to M: MPRV = 0
    end
  end

  // ---- PMP: WARL and locking (docs/isa.md "Virtual memory and PMP", the model's pmp.c) ----
  // A cfg byte with L = 1 ignores writes; W without R is reserved and written as W = 0.
  // pmpaddr[i] is locked by its own L, or by entry i+1 being a locked TOR entry.
  logic [135:0] pmpcfg_up;   // entry i+1's cfg at byte i (0 above entry 15)
  logic [7:0]   pmp_nv;
  assign pmpcfg_up = {16'd0, pmpcfg_q[127:8]};

  always_comb begin
    pmpcfg_d  = pmpcfg_q;
    pmpaddr_d = pmpaddr_q;
    pmp_nv    = '0;
    for (int e = 0; e < 16; e++) begin
      pmp_nv = wval[8*(e%8) +: 8] & PMP_CFG_MASK;
      if (pmp_nv[1] && !pmp_nv[0]) pmp_nv[1] = 1'b0;
      if (do_write && csr_addr_i == (e < 8 ? 12'h3A0 : 12'h3A2) && !pmpcfg_q[8*e+7]) begin
        pmpcfg_d[8*e +: 8] = pmp_nv;
      end
      if (do_write && csr_addr_i == 12'h3B0 + 12'(e) && !pmpcfg_q[8*e+7] &&
          !(pmpcfg_up[8*e+7] && pmpcfg_up[8*e+3 +: 2] == 2'd1)) begin
        pmpaddr_d[54*e +: 54] = wval[53:0];
      end
    end
  end

  logic [63:0] mip_sw_d_vis;
  assign mip_sw_d_vis = menvcfg_stce_q ? mip_sw_d & ~STIP : mip_sw_d;

  // The value the CSR reads after the write (the retirement record).
  always_comb begin
    unique case (csr_addr_i)
      12'h300: csr_readback_o = mstatus_wr;
      12'h301: csr_readback_o = mk_pkg::MISA;   // writes are ignored
      12'h100: csr_readback_o = mstatus_wr & SSTATUS_RMASK;
      12'h302: csr_readback_o = medeleg_d;
      12'h303: csr_readback_o = mideleg_d | MIDELEG_RO1;
      12'h304: csr_readback_o = mie_d;
      12'h104: csr_readback_o = mie_d & mideleg_d & S_INT_MASK;
      12'h305: csr_readback_o = mtvec_d;
      12'h306: csr_readback_o = {32'd0, mcounteren_d};
      12'h30A: csr_readback_o = {menvcfg_stce_d, 62'd0, menvcfg_fiom_d};
      12'h320: csr_readback_o = {61'd0, mcountinhibit_d};
      12'h340: csr_readback_o = mscratch_d;
      12'h341: csr_readback_o = mepc_wr;
      12'h342: csr_readback_o = mcause_wr;
      12'h343: csr_readback_o = mtval_wr;
      12'h344: csr_readback_o = mip_sw_d_vis | mip_lines;
      12'h144: csr_readback_o = (mip_sw_d_vis | mip_lines) & mideleg_d & S_INT_MASK;
      12'h34A: csr_readback_o = mtinst_wr;
      12'h34B: csr_readback_o = mtval2_wr;
      12'h105: csr_readback_o = stvec_d;
      12'h106: csr_readback_o = {32'd0, scounteren_d};
      12'h10A: csr_readback_o = {63'd0, senvcfg_fiom_d};
      12'h140: csr_readback_o = sscratch_d;
      12'h141: csr_readback_o = sepc_wr;
      12'h142: csr_readback_o = scause_wr;
      12'h143: csr_readback_o = stval_wr;
      12'h14D: csr_readback_o = stimecmp_d;
      12'h180: csr_readback_o = satp_d;
      12'hB00, 12'hB02: csr_readback_o = wval;
      12'h3A0: csr_readback_o = pmpcfg_d[63:0];
      12'h3A2: csr_readback_o = pmpcfg_d[127:64];
      default: begin
        csr_readback_o = '0;
        if (csr_addr_i[11:4] == 8'h3B) begin
          csr_readback_o = {10'd0, pmpaddr_of(pmpaddr_d, csr_addr_i[3:0])};
        end
      end
    endcase
  end

  // Counters: a change of mcountinhibit stops the writer's own increment (docs/isa.md).
  assign inhibit_edge_cy = mcountinhibit_q[0] || mcountinhibit_d[0];
  assign inhibit_edge_ir = mcountinhibit_q[2] || mcountinhibit_d[2];
  always_comb begin
    mcycle_d   = inhibit_edge_cy ? mcycle_q : mcycle_q + 64'd1;
    minstret_d = (retire_i && !inhibit_edge_ir) ? minstret_q + 64'd1 : minstret_q;
    if (do_write && csr_addr_i == 12'hB00) mcycle_d = inhibit_edge_cy ? wval : wval + 64'd1;
    if (do_write && csr_addr_i == 12'hB02) minstret_d = wval;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      priv_q          <= mk_pkg::PRIV_M;
      mstatus_q       <= MSTATUS_RESET;
      medeleg_q       <= '0;
      mideleg_q       <= '0;
      mie_q           <= '0;
      mip_sw_q        <= '0;
      mtvec_q         <= '0;
      mscratch_q      <= '0;
      mepc_q          <= '0;
      mcause_q        <= '0;
      mtval_q         <= '0;
      mtinst_q        <= '0;
      mtval2_q        <= '0;
      mcounteren_q    <= '0;
      scounteren_q    <= '0;
      menvcfg_fiom_q  <= 1'b0;
      menvcfg_stce_q  <= 1'b0;
      senvcfg_fiom_q  <= 1'b0;
      mcountinhibit_q <= '0;
      stvec_q         <= '0;
      sscratch_q      <= '0;
      sepc_q          <= '0;
      scause_q        <= '0;
      stval_q         <= '0;
      satp_q          <= '0;
      stimecmp_q      <= '1;
      mcycle_q        <= '0;
      minstret_q      <= '0;
      pmpcfg_q        <= '0;
      pmpaddr_q       <= '0;
    end else begin
      priv_q          <= priv_d;
      mstatus_q       <= mstatus_d;
      medeleg_q       <= medeleg_d;
      mideleg_q       <= mideleg_d;
      mie_q           <= mie_d;
      mip_sw_q        <= mip_sw_d;
      mtvec_q         <= mtvec_d;
      mscratch_q      <= mscratch_d;
      mepc_q          <= mepc_d;
      mcause_q        <= mcause_d;
      mtval_q         <= mtval_d;
      mtinst_q        <= mtinst_d;
      mtval2_q        <= mtval2_d;
      mcounteren_q    <= mcounteren_d;
      scounteren_q    <= scounteren_d;
      menvcfg_fiom_q  <= menvcfg_fiom_d;
      menvcfg_stce_q  <= menvcfg_stce_d;
      senvcfg_fiom_q  <= senvcfg_fiom_d;
      mcountinhibit_q <= mcountinhibit_d;
      stvec_q         <= stvec_d;
      sscratch_q      <= sscratch_d;
      sepc_q          <= sepc_d;
      scause_q        <= scause_d;
      stval_q         <= stval_d;
      satp_q          <= satp_d;
      stimecmp_q      <= stimecmp_d;
      mcycle_q        <= mcycle_d;
      minstret_q      <= minstret_d;
      pmpcfg_q        <= pmpcfg_d;
      pmpaddr_q       <= pmpaddr_d;
    end
  end

endmodule
