// The CSR file, trap entry, MRET and interrupt selection (docs/isa.md). Everything here
// happens at the commit point (MEM, docs/timing.md): a CSR instruction reads and writes in its
// first MEM cycle, and a trap or MRET updates the state at the end of the cycle it is taken.
//
// M, S and U modes: traps are delegated to S by medeleg/mideleg (a trap taken in M stays in M),
// SRET returns from S, M-level interrupts beat S-level ones, Sstc's stimecmp drives STIP when
// menvcfg.STCE = 1, and the 16 PMP entries are held here (mk_pmp checks accesses against them).
// satp, SUM and MXR go to the MMU (mk_if_stage, mk_core).
//
// With RVH = 1 the H extension (docs/isa.md "H extension"): the V bit, the hypervisor and VS
// CSRs, the substitution of the S CSRs with V = 1, the CSR access rules with V = 1 (illegal vs
// virtual instruction), trap routing into HS and VS (hedeleg, hideleg), xRET with V, the
// VS-level interrupts and vstimecmp. With RVH = 0 every H CSR is nonexistent, V is 0 and the
// H state is driven constant, so synthesis removes it.
module mk_csr #(
  parameter bit RVH = 1'b1
) (
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
  output logic           csr_virtual_o,    // ... and the exception is a virtual instruction
  output logic [11:0]    csr_rec_addr_o,   // the CSR really accessed (V = 1: the VS one)
  output logic           csr_written_o,    // csr_valid_i and the instruction writes
  output logic [63:0]    csr_readback_o,   // the value the CSR reads after the write

  // Traps and MRET, taken at the end of the cycle.
  input  logic           trap_i,
  input  logic           trap_intr_i,
  input  logic [4:0]     trap_cause_i,
  input  logic [63:0]    trap_tval_i,
  input  logic [63:0]    trap_pc_i,
  input  logic [63:0]    trap_tval2_i,     // mtval2/htval (guest physical address >> 2, or 0)
  input  logic [63:0]    trap_tinst_i,     // mtinst/htinst
  input  logic           trap_gva_i,       // xtval is a guest virtual address
  output logic [63:0]    trap_vector_o,
  input  logic           mret_i,
  input  logic           sret_i,
  // The MEM instruction is an MRET or SRET (taken or not): csr_rdata_o then reads its target,
  // mepc or sepc (vsepc with V = 1), so that the xRET target needs no multiplexer of its own.
  input  logic           xret_m_i,
  input  logic           xret_s_i,

  input  logic           retire_i,         // an instruction leaves MEM without a trap

  // Interrupt lines and time.
  input  logic           irq_msip_i,
  input  logic           irq_mtip_i,
  input  logic           irq_meip_i,
  input  logic           irq_seip_i,
  input  logic [63:0]    mtime_i,

  output mk_pkg::priv_e  priv_o,
  output logic           virt_o,           // V
  output logic           data_virt_o,      // V of loads and stores (MPRV with MPP != M: MPV)
  output mk_pkg::priv_e  hlv_priv_o,       // hstatus.SPVP: the privilege of HLV/HLVX/HSV
  output logic           hu_o,             // hstatus.HU
  output logic           vtsr_o,           // hstatus.VTSR
  output logic           vtw_o,            // hstatus.VTW
  output logic           vtvm_o,           // hstatus.VTVM
  output logic [63:0]    vsatp_o,
  output logic [63:0]    hgatp_o,
  output logic           vs_sum_o,         // vsstatus.SUM
  output logic           vs_mxr_o,         // vsstatus.MXR
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

  // H-only bits are masked with RVH so that they read (and stay) 0 without H.
  localparam logic [63:0] H_ONLY        = RVH ? 64'hFFFF_FFFF_FFFF_FFFF : 64'h0;
  localparam logic [63:0] MSTATUS_WMASK = 64'h0000_0000_007E_19AA |
                                          (64'h0000_00C0_0000_0000 & H_ONLY);   // GVA, MPV
  localparam logic [63:0] SSTATUS_RMASK = 64'h8000_0003_000D_E762;
  localparam logic [63:0] SSTATUS_WMASK = 64'h0000_0000_000C_0122;
  localparam logic [63:0] MSTATUS_RESET = 64'h0000_000A_0000_0000;
  localparam logic [63:0] MEDELEG_MASK  = 64'h0000_0000_0000_B7FF |
                                          (64'h0000_0000_00F0_0000 & H_ONLY);   // 20-23
  localparam logic [63:0] MIDELEG_MASK  = 64'h0000_0000_0000_0222;
  localparam logic [63:0] MIDELEG_RO1   = 64'h0000_0000_0000_1444 & H_ONLY;
  localparam logic [63:0] VS_INT_MASK   = 64'h0000_0000_0000_0444 & H_ONLY;     // VSSI, VSTI, VSEI
  localparam logic [63:0] MIE_MASK      = 64'h0000_0000_0000_0AAA | VS_INT_MASK;
  localparam logic [63:0] MIP_SW_MASK   = 64'h0000_0000_0000_0222 |             // SSIP, STIP, SEIP
                                          (64'h0000_0000_0000_0004 & H_ONLY);   // VSSIP
  localparam logic [63:0] S_INT_MASK    = 64'h0000_0000_0000_0222;
  localparam logic [63:0] STIP          = 64'h0000_0000_0000_0020;
  localparam logic [7:0]  PMP_CFG_MASK  = 8'h9F;   // L, A, X, W, R
  localparam logic [63:0] MISA_VALUE    = RVH ? mk_pkg::MISA : mk_pkg::MISA & ~mk_pkg::MISA_H;
  localparam logic [63:0] HSTATUS_WMASK = 64'h0000_0000_0070_03C0;   // VTSR VTW VTVM HU SPVP SPV GVA
  localparam logic [63:0] HSTATUS_RO    = 64'h0000_0002_0000_0000;   // VSXL = 2
  localparam logic [63:0] HEDELEG_MASK  = 64'h0000_0000_0000_B1FF;
  localparam logic [63:0] VSSTATUS_RESET = 64'h0000_0002_0000_0000;  // UXL = 2
  localparam logic [63:0] TIMECMP_RESET = 64'hFFFF_FFFF_FFFF_FFFF;   // no timer interrupt yet
  localparam logic [63:0] HGATP_MASK    = 64'h03FF_F000_0000_0000 | 64'h0000_0FFF_FFFF_FFFC;

  mk_pkg::priv_e priv_q, priv_d;
  logic        virt_q, virt_d;
  logic [63:0] mstatus_q, mstatus_d, medeleg_q, medeleg_d, mideleg_q, mideleg_d;
  logic [63:0] mie_q, mie_d, mip_sw_q, mip_sw_d, mtvec_q, mtvec_d, mscratch_q, mscratch_d;
  logic [63:0] mcause_q, mcause_d, mtval_q, mtval_d;
  logic [31:0] mcounteren_q, mcounteren_d, scounteren_q, scounteren_d;
  logic        menvcfg_fiom_q, menvcfg_fiom_d, menvcfg_stce_q, menvcfg_stce_d;
  logic        senvcfg_fiom_q, senvcfg_fiom_d;
  logic [2:0]  mcountinhibit_q, mcountinhibit_d;   // bits 0 (CY) and 2 (IR); bit 1 reads 0
  logic [63:0] stvec_q, stvec_d, sscratch_q, sscratch_d, scause_q, scause_d;
  logic [63:0] stval_q, stval_d, satp_q, satp_d, stimecmp_q, stimecmp_d;
  logic [63:0] mcycle_q, mcycle_d, minstret_q, minstret_d;
  logic [127:0] pmpcfg_q, pmpcfg_d;
  // pmpaddr as an array: each entry is its own register with its own write enable, and a read
  // is an indexed multiplexer (no 864-bit vector copied and part-selected every cycle).
  logic [53:0]  pmpaddr_q [16];
  logic [15:0]  pmpaddr_we;
  // H: the hypervisor CSRs (hie and hvip live in mie and mip_sw, bits 2, 6, 10) and the VS ones.
  logic [63:0] hstatus_q, hstatus_d, hedeleg_q, hedeleg_d, hideleg_q, hideleg_d;
  logic [63:0] htimedelta_q, htimedelta_d;
  logic [63:0] hgatp_q, hgatp_d;
  logic [31:0] hcounteren_q, hcounteren_d;
  logic        henvcfg_fiom_q, henvcfg_fiom_d, henvcfg_stce_q, henvcfg_stce_d;
  logic [63:0] vsstatus_q, vsstatus_d, vstvec_q, vstvec_d;
  logic [63:0] vscause_q, vscause_d;
  logic [63:0] vstimecmp_q, vstimecmp_d, vsatp_q, vsatp_d;
  // Six H CSRs that are only stored: read and written whole, with no field logic, and used by
  // nothing but CSR reads. They live in two RAMs (LUT RAM on an FPGA) instead of flip-flops, a
  // write multiplexer each and six read multiplexer inputs: tval2_ram holds mtval2, htval and
  // vstval (indices TV2_*), hcsr_ram mtinst, htinst and vsscratch (HR_MTINST..HR_VSSCRATCH).
  // A trap writes at most one word of each (into M mtval2 and mtinst, into HS htval and htinst,
  // into VS vstval), a CSR instruction one CSR, and a trap never comes with a CSR write
  // (csr_valid_i). The RAMs are not reset: they are 0 at power-up (docs/isa.md).
  // hcsr_ram also holds read copies of five 64-bit H CSRs that logic uses, so live in
  // flip-flops too, but that only CSR instructions write (HR_HTIMEDELTA..HR_VSATP): a CSR
  // instruction writes the register and its copy with the same value (h_wval), and reads take
  // the copy, so the read multiplexer has one input for all eight (a 64-bit input costs about
  // 45 LUTs there; the RAM's 16 words fit the same LUT RAM as its first four). A copy is only
  // good once written since the last reset (hr_copy_ok_q); until then a read gives the
  // register's reset value.
  localparam logic [1:0] TV2_MTVAL2 = 2'd0, TV2_HTVAL = 2'd1, TV2_VSTVAL = 2'd2;
  localparam logic [3:0] HR_MTINST = 4'd0, HR_HTINST = 4'd1, HR_VSSCRATCH = 4'd2,
                         HR_HTIMEDELTA = 4'd3, HR_HGATP = 4'd4, HR_VSTVEC = 4'd5,
                         HR_VSTIMECMP = 4'd6, HR_VSATP = 4'd7;
  localparam logic [15:0] HR_STORED_ONLY = 16'h0007;   // no register behind them: always good
  (* ram_style = "distributed" *) logic [63:0] tval2_ram [4];
  (* ram_style = "distributed" *) logic [63:0] hcsr_ram [16];
  logic        tv2_we, hr_we, hr_csr;
  logic [1:0]  tv2_widx, tv2_ridx;
  logic [3:0]  hr_widx, hr_ridx;
  logic [15:0] hr_copy_ok_q, hr_copy_ok_d;
  logic [63:0] tv2_wdata, hr_wdata, tv2_rdata, hr_rdata, hr_read;
  // What a CSR instruction writes into an H CSR of hcsr_ram (and its register, if it has one).
  logic [63:0] h_wval, hgatp_wval, vstvec_wval;
  logic        vsatp_mode_ok;   // vsatp (and satp) take a write only with MODE Bare or Sv39
  // The exception PCs mepc, sepc and vsepc are read only through the read multiplexer (by CSR
  // instructions and, at raddr, by xRETs) and written by a trap (the xepc of the mode it
  // enters) or a CSR instruction: a third RAM, epc_ram (indices EPC_*), not reset either.
  localparam logic [1:0] EPC_M = 2'd0, EPC_S = 2'd1, EPC_VS = 2'd2;
  (* ram_style = "distributed" *) logic [63:0] epc_ram [4];
  logic        epc_we;
  logic [1:0]  epc_widx, epc_ridx;
  logic [63:0] epc_wdata, epc_rdata;

  // ---- mip as read and as the interrupt logic sees it ----
  // With menvcfg.STCE = 1, STIP is the Sstc comparator and the software bit is hidden. VSTIP is
  // hvip.VSTIP (mip_sw bit 6) OR the vstimecmp comparator on the guest's time.
  logic [63:0] mip_lines, mip_rd, pending, mip_sw_vis, vtime;
  logic        stip_line, vstip_line;
  assign vtime      = mtime_i + htimedelta_q;
  assign stip_line  = menvcfg_stce_q && mtime_i >= stimecmp_q;
  assign vstip_line = RVH && henvcfg_stce_q && vtime >= vstimecmp_q;
  assign mip_lines = 64'(irq_msip_i) << 3 | 64'(irq_mtip_i) << 7 | 64'(irq_meip_i) << 11 |
                     64'(irq_seip_i) << 9 | 64'(stip_line) << 5 | 64'(vstip_line) << 6;
  assign mip_sw_vis = menvcfg_stce_q ? mip_sw_q & ~STIP : mip_sw_q;
  assign mip_rd    = mip_sw_vis | mip_lines;
  assign pending   = mip_rd & mie_q;
  assign wake_o    = pending != '0;

  // ---- the CSR really accessed: with V = 1 the S CSRs with a VS copy name the VS CSR ----
  logic [11:0] eaddr;
  always_comb begin
    eaddr = csr_addr_i;
    if (RVH && virt_q) begin
      unique case (csr_addr_i)
        12'h100, 12'h104, 12'h105, 12'h140, 12'h141, 12'h142, 12'h143, 12'h144, 12'h14D,
        12'h180: eaddr = {4'h2, csr_addr_i[7:0]};
        default: ;
      endcase
    end
  end
  assign csr_rec_addr_o = eaddr;

  // ---- read ----
  // raddr: the CSR read: eaddr, or an xRET's xepc (its csr_addr_i names no CSR; the core
  // ignores exists and the access rules for anything but a CSR instruction).
  logic exists;
  logic [11:0] raddr;
  logic [63:0] rdata, wbase;   // wbase: the old value that CSRRS/CSRRC work from
  assign raddr = xret_m_i ? 12'h341 : xret_s_i ? (RVH && virt_q ? 12'h241 : 12'h141) : eaddr;

  always_comb begin
    exists = 1'b1;
    rdata  = '0;
    unique case (raddr)
      12'h300: rdata = mstatus_q;
      12'h301: rdata = MISA_VALUE;
      12'h302: rdata = medeleg_q;
      12'h303: rdata = mideleg_q | MIDELEG_RO1;
      12'h304: rdata = mie_q;
      12'h305: rdata = mtvec_q;
      12'h306: rdata = {32'd0, mcounteren_q};
      12'h30A: rdata = {menvcfg_stce_q, 62'd0, menvcfg_fiom_q};
      12'h320: rdata = {61'd0, mcountinhibit_q};
      12'h340: rdata = mscratch_q;
      12'h341, 12'h141, 12'h241: rdata = epc_rdata;   // mepc, sepc, vsepc
      12'h342: rdata = mcause_q;
      12'h343: rdata = mtval_q;
      12'h344: rdata = mip_rd;
      12'h100: rdata = mstatus_q & SSTATUS_RMASK;
      12'h104: rdata = mie_q & mideleg_q & S_INT_MASK;
      12'h105: rdata = stvec_q;
      12'h106: rdata = {32'd0, scounteren_q};
      12'h10A: rdata = {63'd0, senvcfg_fiom_q};
      12'h140: rdata = sscratch_q;
      12'h142: rdata = scause_q;
      12'h143: rdata = stval_q;
      12'h144: rdata = mip_rd & mideleg_q & S_INT_MASK;
      12'h14D: rdata = stimecmp_q;
      12'h180: rdata = satp_q;
      12'hB00, 12'hC00: rdata = mcycle_q;
      12'hB02, 12'hC02: rdata = minstret_q;
      12'hC01: rdata = virt_q ? vtime : mtime_i;   // the guest's time with V = 1
      12'hF11: rdata = mk_pkg::MVENDORID;
      12'hF12: rdata = mk_pkg::MARCHID;
      12'hF13: rdata = mk_pkg::MIMPID;
      12'hF14, 12'hF15: rdata = '0;
      12'h3A0: rdata = pmpcfg_q[63:0];
      12'h3A2: rdata = pmpcfg_q[127:64];
      // H (nonexistent with RVH = 0, below).
      // mtinst, htinst, vsscratch and the copies of htimedelta, hgatp, vstvec, vstimecmp and
      // vsatp.
      12'h34A, 12'h64A, 12'h240, 12'h605, 12'h680, 12'h205, 12'h24D,
      12'h280: rdata = hr_read;
      12'h34B, 12'h643, 12'h243: rdata = tv2_rdata;  // mtval2, htval, vstval
      12'h600: rdata = hstatus_q | HSTATUS_RO;
      12'h602: rdata = hedeleg_q;
      12'h603: rdata = hideleg_q;
      12'h604: rdata = mie_q & VS_INT_MASK;
      12'h606: rdata = {32'd0, hcounteren_q};
      12'h607, 12'hE12: rdata = '0;   // hgeie, hgeip (GEILEN = 0)
      12'h60A: rdata = {henvcfg_stce_q, 62'd0, henvcfg_fiom_q};
      12'h644: rdata = mip_rd & VS_INT_MASK;
      12'h645: rdata = mip_sw_q & VS_INT_MASK;
      12'h200: rdata = vsstatus_q & SSTATUS_RMASK;
      12'h204: rdata = (mie_q & hideleg_q & VS_INT_MASK) >> 1;
      12'h242: rdata = vscause_q;
      12'h244: rdata = (mip_rd & hideleg_q & VS_INT_MASK) >> 1;
      // pmpaddr0..15 below; read-only zero with writable addresses: mhpmevent3..31,
      // pmpcfg4..14 (even), pmpaddr16..63, mhpmcounter3..31, and hpmcounter3..31.
      default: begin
        exists = (raddr >= 12'h323 && raddr <= 12'h33F) ||
                 (raddr >= 12'h3A4 && raddr <= 12'h3AE && !raddr[0]) ||
                 (raddr >= 12'h3B0 && raddr <= 12'h3EF) ||
                 (raddr >= 12'hB03 && raddr <= 12'hB1F) ||
                 (raddr >= 12'hC03 && raddr <= 12'hC1F);
        if (raddr[11:4] == 8'h3B) rdata = {10'd0, pmpaddr_q[raddr[3:0]]};
      end
    endcase
    // Without H, the hypervisor and VS CSRs (bits 9:8 = 2), mtinst and mtval2 do not exist.
    if (!RVH && (csr_addr_i[9:8] == 2'd2 || csr_addr_i == 12'h34A || csr_addr_i == 12'h34B)) begin
      exists = 1'b0;
    end
    wbase = eaddr == 12'h344 ? mip_sw_q :
            eaddr == 12'h144 ? mip_sw_q & mideleg_q & S_INT_MASK : rdata;
  end

  // ---- access rules (docs/isa.md "CSR access rules", "CSR access with V = 1") ----
  // hs_ok: HS-mode could make the access (mstatus.TVM taken as 0): not an M-level CSR, a
  // counter enabled in mcounteren, stimecmp/vstimecmp with menvcfg.STCE and mcounteren.TM.
  logic [1:0] level;
  logic       is_counter, is_timecmp, hs_ok, acc_illegal, acc_virtual, cnt_bit_m, cnt_bit_s;
  logic       cnt_bit_h;
  assign level      = csr_addr_i[9:8];
  assign is_counter = csr_addr_i[11:5] == 7'b1100_000;
  assign is_timecmp = csr_addr_i == 12'h14D || (RVH && csr_addr_i == 12'h24D);
  assign cnt_bit_m  = mcounteren_q[csr_addr_i[4:0]];
  assign cnt_bit_s  = scounteren_q[csr_addr_i[4:0]];
  assign cnt_bit_h  = hcounteren_q[csr_addr_i[4:0]];
  assign hs_ok      = level != 2'd3 &&
                      (is_timecmp ? menvcfg_stce_q && mcounteren_q[1] :
                       is_counter ? cnt_bit_m : 1'b1);

  always_comb begin
    acc_illegal = 1'b0;
    acc_virtual = 1'b0;
    if (!exists || (csr_we_i && csr_addr_i[11:10] == 2'b11)) begin
      acc_illegal = 1'b1;
    end else if (priv_q == mk_pkg::PRIV_M) begin
      acc_illegal = 1'b0;
    end else if (!(RVH && virt_q)) begin
      // HS and U: bits 9:8 = 2 (hypervisor and VS CSRs) need HS.
      acc_illegal = (level != 2'd0 && priv_q == mk_pkg::PRIV_U) || !hs_ok ||
                    ((csr_addr_i == 12'h180 || (RVH && csr_addr_i == 12'h680)) &&
                     mstatus_q[20]) ||
                    (priv_q == mk_pkg::PRIV_U && is_counter && !cnt_bit_s);
    end else if (!hs_ok) begin
      acc_illegal = 1'b1;
    end else begin
      acc_virtual = level == 2'd2 || (level == 2'd1 && priv_q == mk_pkg::PRIV_U) ||
                    (is_counter && (!cnt_bit_h || (priv_q == mk_pkg::PRIV_U && !cnt_bit_s))) ||
                    (csr_addr_i == 12'h180 && hstatus_q[20]) ||
                    (csr_addr_i == 12'h14D && (!hcounteren_q[1] || !henvcfg_stce_q));
    end
  end

  assign csr_illegal_o = acc_illegal || acc_virtual;
  assign csr_virtual_o = !acc_illegal && acc_virtual;
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

  // ---- interrupt selection (docs/isa.md "Interrupts", "VS-level interrupts"; trap.c) ----
  // M-level (not in mideleg), HS-level (mideleg, not hideleg) and VS-level (both; only taken
  // with V = 1). HS-level ones are always enabled with V = 1.
  logic [63:0] deleg_irq, m_level, s_level, vs_level;
  logic        m_enabled, s_enabled, vs_enabled;
  assign deleg_irq  = mideleg_q | MIDELEG_RO1;
  assign m_level    = pending & ~deleg_irq;
  assign s_level    = pending & deleg_irq & ~hideleg_q;
  assign vs_level   = pending & deleg_irq & hideleg_q;
  assign m_enabled  = priv_q != mk_pkg::PRIV_M || mstatus_q[3];
  assign s_enabled  = virt_q || priv_q == mk_pkg::PRIV_U ||
                      (priv_q == mk_pkg::PRIV_S && mstatus_q[1]);
  assign vs_enabled = virt_q && (priv_q == mk_pkg::PRIV_U || vsstatus_q[1]);

  // The set taken from: M-level first, then HS, then VS. Within it, by priority: MEI, MSI,
  // MTI, SEI, SSI, STI, SGEI, VSEI, VSSI, VSTI (the last assignment wins).
  logic [63:0] irq_set;
  logic        unused_irq_set;
  assign irq_set = (m_enabled && m_level != '0) ? m_level :
                   (s_enabled && s_level != '0) ? s_level :
                   vs_enabled ? vs_level : '0;
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

  // ---- trap routing: below M to HS if delegated by medeleg/mideleg, and from V = 1 further
  // to VS if delegated by hedeleg/hideleg ----
  logic        trap_to_s, trap_to_vs;
  logic [4:0]  vs_cause;
  assign trap_to_s  = priv_q != mk_pkg::PRIV_M &&
                      (trap_intr_i ? deleg_irq[{1'b0, trap_cause_i}] :
                                     medeleg_q[{1'b0, trap_cause_i}]);
  assign trap_to_vs = RVH && virt_q && trap_to_s &&
                      (trap_intr_i ? hideleg_q[{1'b0, trap_cause_i}] :
                                     hedeleg_q[{1'b0, trap_cause_i}]);
  assign vs_cause   = trap_intr_i ? trap_cause_i - 5'd1 : trap_cause_i;

  // The vectored target of the selected interrupt: its routing depends only on irq_cause_o
  // (the core takes it with trap_cause_i = irq_cause_o), so its xtvec is chosen early and one
  // adder serves every mode, off the path of the exception causes, which come late (data-access
  // checks in MEM). Into VS, the interrupt cause is the guest's: VSSI/VSTI/VSEI (2/6/10) become
  // 1/5/9.
  logic        irq_to_s, irq_to_vs, unused_tvec_bits;
  logic [4:0]  irq_vec_cause;
  logic [63:0] irq_tvec, irq_vec;
  assign irq_to_s      = priv_q != mk_pkg::PRIV_M && deleg_irq[{1'b0, irq_cause_o}];
  assign irq_to_vs     = RVH && virt_q && irq_to_s && hideleg_q[{1'b0, irq_cause_o}];
  assign irq_tvec      = irq_to_vs ? vstvec_q : irq_to_s ? stvec_q : mtvec_q;
  assign irq_vec_cause = irq_to_vs ? irq_cause_o - 5'd1 : irq_cause_o;
  assign irq_vec       = {irq_tvec[63:2], 2'b00} +
                         (irq_tvec[0] ? 64'(irq_vec_cause) << 2 : 64'd0);
  assign unused_tvec_bits = irq_tvec[1];   // xtvec bit 1 is always 0

  always_comb begin
    if (trap_intr_i)     trap_vector_o = irq_vec;
    else if (trap_to_vs) trap_vector_o = {vstvec_q[63:2], 2'b00};
    else if (trap_to_s)  trap_vector_o = {stvec_q[63:2], 2'b00};
    else                 trap_vector_o = {mtvec_q[63:2], 2'b00};
  end
  assign priv_o        = priv_q;
  assign virt_o        = virt_q;
  assign tw_o          = mstatus_q[21];
  assign tsr_o         = mstatus_q[22];
  assign tvm_o         = mstatus_q[20];
  assign satp_o        = satp_q;
  assign sum_o         = mstatus_q[18];
  assign mxr_o         = mstatus_q[19];
  assign pmp_cfg_o     = pmpcfg_q;
  for (genvar i = 0; i < 16; i++) begin : g_pmp_addr_o
    assign pmp_addr_o[54*i +: 54] = pmpaddr_q[i];
  end
  assign hlv_priv_o    = hstatus_q[8] ? mk_pkg::PRIV_S : mk_pkg::PRIV_U;
  assign hu_o          = hstatus_q[9];
  assign vtvm_o        = hstatus_q[20];
  assign vtw_o         = hstatus_q[21];
  assign vtsr_o        = hstatus_q[22];
  assign vsatp_o       = vsatp_q;
  assign hgatp_o       = hgatp_q;
  assign vs_sum_o      = vsstatus_q[18];
  assign vs_mxr_o      = vsstatus_q[19];

  always_comb begin
    data_priv_o = priv_q;
    data_virt_o = virt_q;
    if (mstatus_q[17]) begin   // MPRV: loads and stores as in MPP (and MPV below M)
      unique case (mstatus_q[12:11])
        2'b11:   data_priv_o = mk_pkg::PRIV_M;
        2'b01:   data_priv_o = mk_pkg::PRIV_S;
        default: data_priv_o = mk_pkg::PRIV_U;
      endcase
      if (mstatus_q[12:11] != 2'b11) data_virt_o = mstatus_q[39];
    end
  end

  // ---- next state ----
  logic [63:0] mstatus_w;
  logic [63:0] mstatus_wr, mcause_wr, mtval_wr;
  logic [63:0] scause_wr, stval_wr, hstatus_wr;
  logic [63:0] vsstatus_wr, vscause_wr, mip_sw_wmask;
  logic        inhibit_edge_cy, inhibit_edge_ir;
  // mip: STIP is software-writable only while menvcfg.STCE = 0.
  assign mip_sw_wmask = MIP_SW_MASK & ~(menvcfg_stce_q ? STIP : 64'h0);

  always_comb begin
    priv_d          = priv_q;
    virt_d          = virt_q;
    mstatus_d       = mstatus_q;
    medeleg_d       = medeleg_q;
    mideleg_d       = mideleg_q;
    mie_d           = mie_q;
    mip_sw_d        = mip_sw_q;
    mtvec_d         = mtvec_q;
    mscratch_d      = mscratch_q;
    mcause_d        = mcause_q;
    mtval_d         = mtval_q;
    mcounteren_d    = mcounteren_q;
    scounteren_d    = scounteren_q;
    menvcfg_fiom_d  = menvcfg_fiom_q;
    menvcfg_stce_d  = menvcfg_stce_q;
    senvcfg_fiom_d  = senvcfg_fiom_q;
    mcountinhibit_d = mcountinhibit_q;
    stvec_d         = stvec_q;
    sscratch_d      = sscratch_q;
    scause_d        = scause_q;
    stval_d         = stval_q;
    satp_d          = satp_q;
    stimecmp_d      = stimecmp_q;
    hstatus_d       = hstatus_q;
    hedeleg_d       = hedeleg_q;
    hideleg_d       = hideleg_q;
    htimedelta_d    = htimedelta_q;
    hgatp_d         = hgatp_q;
    hcounteren_d    = hcounteren_q;
    henvcfg_fiom_d  = henvcfg_fiom_q;
    henvcfg_stce_d  = henvcfg_stce_q;
    vsstatus_d      = vsstatus_q;
    vstvec_d        = vstvec_q;
    vscause_d       = vscause_q;
    vstimecmp_d     = vstimecmp_q;
    vsatp_d         = vsatp_q;
    mstatus_w       = '0;

    if (do_write) begin
      unique case (eaddr)
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
          if (!wval[63]) henvcfg_stce_d = 1'b0;   // henvcfg.STCE is read-only 0 then
        end
        12'h320: mcountinhibit_d = {wval[2], 1'b0, wval[0]};
        12'h340: mscratch_d = wval;
        12'h342: mcause_d = {wval[63], 58'd0, wval[4:0]};
        12'h343: mtval_d = wval;
        // mip: hvip's VSTIP and VSEIP (bits 6, 10) are read-only here and kept.
        12'h344: mip_sw_d = (mip_sw_q & ~mip_sw_wmask) | (wval & mip_sw_wmask);
        12'h100: mstatus_d = (mstatus_q & ~SSTATUS_WMASK) | (wval & SSTATUS_WMASK);
        12'h104: mie_d = (mie_q & ~(mideleg_q & S_INT_MASK)) | (wval & mideleg_q & S_INT_MASK);
        12'h105: stvec_d = {wval[63:2], 1'b0, wval[0]};
        12'h106: scounteren_d = wval[31:0];
        12'h10A: senvcfg_fiom_d = wval[0];
        12'h140: sscratch_d = wval;
        12'h142: scause_d = {wval[63], 58'd0, wval[4:0]};
        12'h143: stval_d = wval;
        12'h144: begin
          if (mideleg_q[1]) mip_sw_d[1] = wval[1];
        end
        12'h14D: stimecmp_d = wval;
        12'h180: begin
          if (vsatp_mode_ok) satp_d = wval;
        end
        12'h600: hstatus_d = wval & HSTATUS_WMASK;
        12'h602: hedeleg_d = wval & HEDELEG_MASK;
        12'h603: hideleg_d = wval & VS_INT_MASK;
        12'h604: mie_d = (mie_q & ~VS_INT_MASK) | (wval & VS_INT_MASK);
        12'h605: htimedelta_d = h_wval;
        12'h606: hcounteren_d = wval[31:0];
        12'h60A: begin
          henvcfg_fiom_d = wval[0];
          henvcfg_stce_d = wval[63] && menvcfg_stce_q;
        end
        12'h644: mip_sw_d[2] = wval[2];
        12'h645: mip_sw_d = (mip_sw_q & ~VS_INT_MASK) | (wval & VS_INT_MASK);
        12'h680: hgatp_d = hgatp_wval;
        12'h200: vsstatus_d = (vsstatus_q & ~SSTATUS_WMASK) | (wval & SSTATUS_WMASK);
        12'h204: mie_d = (mie_q & ~(hideleg_q & VS_INT_MASK)) |
                         ((wval << 1) & hideleg_q & VS_INT_MASK);
        12'h205: vstvec_d = vstvec_wval;
        12'h242: vscause_d = {wval[63], 58'd0, wval[4:0]};
        12'h244: begin
          if (hideleg_q[2]) mip_sw_d[2] = wval[1];
        end
        12'h24D: vstimecmp_d = h_wval;
        12'h280: begin
          if (vsatp_mode_ok) vsatp_d = h_wval;
        end
        default: ;
      endcase
    end

    // What a CSR instruction reads back: the state after its write (it never traps, and no
    // xRET is in MEM with it), taken before the trap logic so that the late exception causes
    // stay off the readback path.
    mstatus_wr  = mstatus_d;
    mcause_wr   = mcause_d;
    mtval_wr    = mtval_d;
    scause_wr   = scause_d;
    stval_wr    = stval_d;
    hstatus_wr  = hstatus_d;
    vsstatus_wr = vsstatus_d;
    vscause_wr  = vscause_d;

    if (trap_i && trap_to_vs) begin
      // Into VS: V stays 1; vsstatus as sstatus on a trap into S. The HS CSRs are untouched.
      priv_d         = mk_pkg::PRIV_S;
      vscause_d      = {trap_intr_i, 58'd0, vs_cause};
      vsstatus_d[5]  = vsstatus_q[1];    // SPIE = SIE
      vsstatus_d[1]  = 1'b0;
      vsstatus_d[8]  = priv_q == mk_pkg::PRIV_S;   // SPP
    end else if (trap_i && trap_to_s) begin
      priv_d        = mk_pkg::PRIV_S;
      virt_d        = 1'b0;
      scause_d      = {trap_intr_i, 58'd0, trap_cause_i};
      stval_d       = trap_tval_i;
      mstatus_d[5]  = mstatus_q[1];      // SPIE = SIE
      mstatus_d[1]  = 1'b0;
      mstatus_d[8]  = priv_q == mk_pkg::PRIV_S;   // SPP
      hstatus_d[6]  = trap_gva_i;        // GVA
      hstatus_d[7]  = virt_q;            // SPV
      if (virt_q) hstatus_d[8] = priv_q == mk_pkg::PRIV_S;   // SPVP: only from V = 1
    end else if (trap_i) begin
      priv_d        = mk_pkg::PRIV_M;
      virt_d        = 1'b0;
      mcause_d      = {trap_intr_i, 58'd0, trap_cause_i};
      mtval_d       = trap_tval_i;
      mstatus_d[7]  = mstatus_q[3];      // MPIE = MIE
      mstatus_d[3]  = 1'b0;
      mstatus_d[12:11] = priv_q;
      mstatus_d[38] = trap_gva_i;        // GVA
      mstatus_d[39] = virt_q;            // MPV
    end else if (mret_i) begin
      unique case (mstatus_q[12:11])
        2'b11:   priv_d = mk_pkg::PRIV_M;
        2'b01:   priv_d = mk_pkg::PRIV_S;
        default: priv_d = mk_pkg::PRIV_U;
      endcase
      virt_d           = mstatus_q[12:11] != 2'b11 && mstatus_q[39];
      mstatus_d[3]     = mstatus_q[7];
      mstatus_d[7]     = 1'b1;
      mstatus_d[12:11] = 2'b00;
      mstatus_d[39]    = 1'b0;           // MPV
      if (mstatus_q[12:11] != 2'b11) mstatus_d[17] = 1'b0;   // MPRV
    end else if (sret_i && virt_q) begin
      // SRET in VS: the guest's return, on vsstatus and vsepc; V stays 1.
      priv_d        = vsstatus_q[8] ? mk_pkg::PRIV_S : mk_pkg::PRIV_U;
      vsstatus_d[1] = vsstatus_q[5];     // SIE = SPIE
      vsstatus_d[5] = 1'b1;
      vsstatus_d[8] = 1'b0;
      mstatus_d[17] = 1'b0;              // MPRV
    end else if (sret_i) begin
      priv_d       = mstatus_q[8] ? mk_pkg::PRIV_S : mk_pkg::PRIV_U;
      virt_d       = hstatus_q[7];       // SPV
      hstatus_d[7] = 1'b0;
      mstatus_d[1] = mstatus_q[5];       // SIE = SPIE
      mstatus_d[5] = 1'b1;
      mstatus_d[8] = 1'b0;
      mstatus_d[17] = 1'b0;              // SRET never returns to M: MPRV = 0
    end

    // Without H all of the H state is constant (its reset value), so synthesis drops it.
    if (!RVH) begin
      virt_d         = 1'b0;
      hstatus_d      = '0;
      hedeleg_d      = '0;
      hideleg_d      = '0;
      htimedelta_d   = '0;
      hgatp_d        = '0;
      hcounteren_d   = '0;
      henvcfg_fiom_d = 1'b0;
      henvcfg_stce_d = 1'b0;
      vsstatus_d     = VSSTATUS_RESET;
      vstvec_d       = '0;
      vscause_d      = '0;
      vstimecmp_d    = TIMECMP_RESET;
      vsatp_d        = '0;
    end
  end

  // ---- the H CSRs in RAM (tval2_ram, hcsr_ram) ----
  // The value a CSR instruction writes into an H CSR of hcsr_ram: its WARL rule.
  // hgatp: WARL field by field; a MODE other than Sv39x4 is written as Bare.
  assign hgatp_wval    = {wval[63:60] == 4'd8 ? 4'd8 : 4'd0, wval[59:0] & HGATP_MASK[59:0]};
  assign vstvec_wval   = {wval[63:2], 1'b0, wval[0]};
  assign vsatp_mode_ok = wval[63:60] == 4'd0 || wval[63:60] == 4'd8;

  // Which word of hcsr_ram eaddr names, and what a CSR instruction writes there (wval but for
  // the two CSRs whose WARL rule changes the value).
  always_comb begin
    hr_csr  = 1'b1;   // eaddr is a CSR of hcsr_ram
    hr_ridx = HR_VSSCRATCH;
    h_wval  = wval;
    unique case (eaddr)
      12'h34A: hr_ridx = HR_MTINST;
      12'h64A: hr_ridx = HR_HTINST;
      12'h240: hr_ridx = HR_VSSCRATCH;
      12'h605: hr_ridx = HR_HTIMEDELTA;
      12'h680: begin
        hr_ridx = HR_HGATP;
        h_wval  = hgatp_wval;
      end
      12'h205: begin
        hr_ridx = HR_VSTVEC;
        h_wval  = vstvec_wval;
      end
      12'h24D: hr_ridx = HR_VSTIMECMP;
      12'h280: hr_ridx = HR_VSATP;
      default: hr_csr = 1'b0;
    endcase
  end

  always_comb begin
    tv2_ridx  = eaddr == 12'h34B ? TV2_MTVAL2 : eaddr == 12'h643 ? TV2_HTVAL : TV2_VSTVAL;
    tv2_we    = 1'b0;
    tv2_widx  = tv2_ridx;
    tv2_wdata = wval;
    hr_we     = 1'b0;
    hr_widx   = hr_ridx;
    hr_wdata  = h_wval;
    if (trap_i) begin
      // Into VS: vstval; into HS: htval and htinst; into M: mtval2 and mtinst.
      tv2_we    = 1'b1;
      tv2_widx  = trap_to_vs ? TV2_VSTVAL : trap_to_s ? TV2_HTVAL : TV2_MTVAL2;
      tv2_wdata = trap_to_vs ? trap_tval_i : trap_tval2_i;
      hr_we     = !trap_to_vs;
      hr_widx   = trap_to_s ? HR_HTINST : HR_MTINST;
      hr_wdata  = trap_tinst_i;
    end else if (do_write) begin
      tv2_we = eaddr == 12'h34B || eaddr == 12'h643 || eaddr == 12'h243;
      hr_we  = hr_csr && (eaddr != 12'h280 || vsatp_mode_ok);
    end
    if (!RVH) begin   // the CSRs do not exist: no RAM is left
      tv2_we = 1'b0;
      hr_we  = 1'b0;
    end
  end
  assign tv2_rdata = tval2_ram[tv2_ridx];
  assign hr_rdata  = hcsr_ram[hr_ridx];

  // A copy not written since the reset reads as its register's reset value: TIMECMP_RESET for
  // vstimecmp, 0 for the others.
  always_comb begin
    hr_copy_ok_d = hr_copy_ok_q;
    if (hr_we) hr_copy_ok_d[hr_widx] = 1'b1;
  end
  assign hr_read = hr_copy_ok_q[hr_ridx] ? hr_rdata :
                   hr_ridx == HR_VSTIMECMP ? TIMECMP_RESET : 64'd0;

  // ---- the exception PCs (epc_ram) ----
  always_comb begin
    epc_ridx  = raddr == 12'h341 ? EPC_M : raddr == 12'h141 ? EPC_S : EPC_VS;
    epc_we    = 1'b0;
    epc_widx  = epc_ridx;   // a CSR instruction's raddr is its eaddr
    epc_wdata = {wval[63:1], 1'b0};
    if (trap_i) begin
      epc_we    = 1'b1;
      epc_widx  = trap_to_vs ? EPC_VS : trap_to_s ? EPC_S : EPC_M;
      epc_wdata = trap_pc_i;
    end else if (do_write) begin
      epc_we = eaddr == 12'h341 || eaddr == 12'h141 || eaddr == 12'h241;
    end
  end
  assign epc_rdata = epc_ram[epc_ridx];

  // Power-up contents (an FPGA's configuration, the simulator's start): all 0.
  initial begin
    for (int i = 0; i < 4; i++) begin
      tval2_ram[i] = '0;
      epc_ram[i]   = '0;
    end
    for (int i = 0; i < 16; i++) hcsr_ram[i] = '0;
  end

  always_ff @(posedge clk_i) begin
    if (tv2_we) tval2_ram[tv2_widx] <= tv2_wdata;
    if (hr_we)  hcsr_ram[hr_widx]   <= hr_wdata;
    if (epc_we) epc_ram[epc_widx]   <= epc_wdata;
  end

  // ---- PMP: WARL and locking (docs/isa.md "Virtual memory and PMP", the model's pmp.c) ----
  // A cfg byte with L = 1 ignores writes; W without R is reserved and written as W = 0.
  // pmpaddr[i] is locked by its own L, or by entry i+1 being a locked TOR entry.
  logic [135:0] pmpcfg_up;   // entry i+1's cfg at byte i (0 above entry 15)
  logic [7:0]   pmp_nv;
  assign pmpcfg_up = {16'd0, pmpcfg_q[127:8]};

  always_comb begin
    pmpcfg_d   = pmpcfg_q;
    pmpaddr_we = '0;
    pmp_nv     = '0;
    // Only on a write to 0x3A0..0x3BF (pmpcfg0/2, pmpaddr0..15): the same logic (each write
    // enable below names its CSR), but the simulator skips the 16 entries on other cycles.
    if (do_write && csr_addr_i[11:5] == 7'b0011_101) begin
      for (int e = 0; e < 16; e++) begin
        pmp_nv = wval[8*(e%8) +: 8] & PMP_CFG_MASK;
        if (pmp_nv[1] && !pmp_nv[0]) pmp_nv[1] = 1'b0;
        if (csr_addr_i == (e < 8 ? 12'h3A0 : 12'h3A2) && !pmpcfg_q[8*e+7]) begin
          pmpcfg_d[8*e +: 8] = pmp_nv;
        end
        pmpaddr_we[e] = csr_addr_i == 12'h3B0 + 12'(e) && !pmpcfg_q[8*e+7] &&
                        !(pmpcfg_up[8*e+7] && pmpcfg_up[8*e+3 +: 2] == 2'd1);
      end
    end
  end

  logic [63:0] mip_sw_d_vis, mip_rd_after;
  assign mip_sw_d_vis = menvcfg_stce_q ? mip_sw_d & ~STIP : mip_sw_d;
  assign mip_rd_after = mip_sw_d_vis | mip_lines;

  // The value the CSR reads after the write (the retirement record), of the CSR really
  // written (eaddr).
  always_comb begin
    unique case (eaddr)
      12'h300: csr_readback_o = mstatus_wr;
      12'h301: csr_readback_o = MISA_VALUE;   // writes are ignored
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
      12'h341, 12'h141, 12'h241: csr_readback_o = {wval[63:1], 1'b0};   // xepc
      12'h342: csr_readback_o = mcause_wr;
      12'h343: csr_readback_o = mtval_wr;
      12'h344: csr_readback_o = mip_rd_after;
      12'h144: csr_readback_o = mip_rd_after & mideleg_d & S_INT_MASK;
      12'h34A, 12'h64A, 12'h240, 12'h34B, 12'h643, 12'h243: csr_readback_o = wval;
      12'h105: csr_readback_o = stvec_d;
      12'h106: csr_readback_o = {32'd0, scounteren_d};
      12'h10A: csr_readback_o = {63'd0, senvcfg_fiom_d};
      12'h140: csr_readback_o = sscratch_d;
      12'h142: csr_readback_o = scause_wr;
      12'h143: csr_readback_o = stval_wr;
      12'h14D: csr_readback_o = stimecmp_d;
      12'h180: csr_readback_o = satp_d;
      12'h600: csr_readback_o = hstatus_wr | HSTATUS_RO;
      12'h602: csr_readback_o = hedeleg_d;
      12'h603: csr_readback_o = hideleg_d;
      12'h604: csr_readback_o = mie_d & VS_INT_MASK;
      12'h605: csr_readback_o = htimedelta_d;
      12'h606: csr_readback_o = {32'd0, hcounteren_d};
      12'h60A: csr_readback_o = {henvcfg_stce_d, 62'd0, henvcfg_fiom_d};
      12'h644: csr_readback_o = mip_rd_after & VS_INT_MASK;
      12'h645: csr_readback_o = mip_sw_d & VS_INT_MASK;
      12'h680: csr_readback_o = hgatp_d;
      12'h200: csr_readback_o = vsstatus_wr & SSTATUS_RMASK;
      12'h204: csr_readback_o = (mie_d & hideleg_d & VS_INT_MASK) >> 1;
      12'h205: csr_readback_o = vstvec_d;
      12'h242: csr_readback_o = vscause_wr;
      12'h244: csr_readback_o = (mip_rd_after & hideleg_d & VS_INT_MASK) >> 1;
      12'h24D: csr_readback_o = vstimecmp_d;
      12'h280: csr_readback_o = vsatp_d;
      12'hB00, 12'hB02: csr_readback_o = wval;
      12'h3A0: csr_readback_o = pmpcfg_d[63:0];
      12'h3A2: csr_readback_o = pmpcfg_d[127:64];
      default: begin
        csr_readback_o = '0;
        if (eaddr[11:4] == 8'h3B) begin
          csr_readback_o = {10'd0, pmpaddr_we[eaddr[3:0]] ? wval[53:0] : pmpaddr_q[eaddr[3:0]]};
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
      virt_q          <= 1'b0;
      mstatus_q       <= MSTATUS_RESET;
      medeleg_q       <= '0;
      mideleg_q       <= '0;
      mie_q           <= '0;
      mip_sw_q        <= '0;
      mtvec_q         <= '0;
      mscratch_q      <= '0;
      mcause_q        <= '0;
      mtval_q         <= '0;
      mcounteren_q    <= '0;
      scounteren_q    <= '0;
      menvcfg_fiom_q  <= 1'b0;
      menvcfg_stce_q  <= 1'b0;
      senvcfg_fiom_q  <= 1'b0;
      mcountinhibit_q <= '0;
      stvec_q         <= '0;
      sscratch_q      <= '0;
      scause_q        <= '0;
      stval_q         <= '0;
      satp_q          <= '0;
      stimecmp_q      <= TIMECMP_RESET;
      mcycle_q        <= '0;
      minstret_q      <= '0;
      pmpcfg_q        <= '0;
      hstatus_q       <= '0;
      hedeleg_q       <= '0;
      hideleg_q       <= '0;
      htimedelta_q    <= '0;
      hgatp_q         <= '0;
      hcounteren_q    <= '0;
      henvcfg_fiom_q  <= 1'b0;
      henvcfg_stce_q  <= 1'b0;
      vsstatus_q      <= VSSTATUS_RESET;
      vstvec_q        <= '0;
      vscause_q       <= '0;
      vstimecmp_q     <= TIMECMP_RESET;
      vsatp_q         <= '0;
      hr_copy_ok_q    <= HR_STORED_ONLY;
    end else begin
      priv_q          <= priv_d;
      virt_q          <= virt_d;
      mstatus_q       <= mstatus_d;
      medeleg_q       <= medeleg_d;
      mideleg_q       <= mideleg_d;
      mie_q           <= mie_d;
      mip_sw_q        <= mip_sw_d;
      mtvec_q         <= mtvec_d;
      mscratch_q      <= mscratch_d;
      mcause_q        <= mcause_d;
      mtval_q         <= mtval_d;
      mcounteren_q    <= mcounteren_d;
      scounteren_q    <= scounteren_d;
      menvcfg_fiom_q  <= menvcfg_fiom_d;
      menvcfg_stce_q  <= menvcfg_stce_d;
      senvcfg_fiom_q  <= senvcfg_fiom_d;
      mcountinhibit_q <= mcountinhibit_d;
      stvec_q         <= stvec_d;
      sscratch_q      <= sscratch_d;
      scause_q        <= scause_d;
      stval_q         <= stval_d;
      satp_q          <= satp_d;
      stimecmp_q      <= stimecmp_d;
      mcycle_q        <= mcycle_d;
      minstret_q      <= minstret_d;
      pmpcfg_q        <= pmpcfg_d;
      hstatus_q       <= hstatus_d;
      hedeleg_q       <= hedeleg_d;
      hideleg_q       <= hideleg_d;
      htimedelta_q    <= htimedelta_d;
      hgatp_q         <= hgatp_d;
      hcounteren_q    <= hcounteren_d;
      henvcfg_fiom_q  <= henvcfg_fiom_d;
      henvcfg_stce_q  <= henvcfg_stce_d;
      vsstatus_q      <= vsstatus_d;
      vstvec_q        <= vstvec_d;
      vscause_q       <= vscause_d;
      vstimecmp_q     <= vstimecmp_d;
      vsatp_q         <= vsatp_d;
      hr_copy_ok_q    <= hr_copy_ok_d;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < 16; i++) pmpaddr_q[i] <= '0;
    end else begin
      for (int i = 0; i < 16; i++) begin
        if (pmpaddr_we[i]) pmpaddr_q[i] <= wval[53:0];
      end
    end
  end

endmodule
