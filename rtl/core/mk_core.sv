// The Matryoshka core: an in-order 5-stage pipeline (IF, ID, EX, MEM, WB) with full
// forwarding, whose timing is the contract of docs/timing.md "Pipeline". In short:
//   - IF is mk_if_stage (two doubleword buffers, compressed and boundary-crossing instructions);
//   - ID decodes and reads the register file, and stalls one cycle on a load-use hazard;
//   - EX computes (mk_alu, mk_muldiv), resolves branches and jumps, checks alignment;
//   - MEM is the commit point: interrupts are sampled in an instruction's first MEM cycle,
//     exceptions are taken, the data access is issued, CSR instructions, MRET, WFI and fences
//     execute; traps and those instructions flush the younger stages;
//   - WB writes the register file and drives the rvfi_* retirement port.
// The pipeline advances as a whole, or freezes as a whole while MEM waits for a data response
// or EX for the multiplier/divider (never both: a MUL/DIV starts only once MEM has no access
// outstanding).
//
// RV64IMAC + Zicsr + Zifencei with M, S and U modes, delegation, Sstc, PMP and Sv39 (an ITLB
// and a fetch walker in mk_if_stage, a DTLB and a data walker in MEM, each an mk_mmu:
// docs/timing.md "Address translation (Sv39)"). LR, SC and AMOs are made in MEM (an AMO as a
// read then a write); atomics work in DRAM only.
//
// With RVH = 1 (default) the H extension (docs/isa.md "H extension"): V, the H and VS CSRs
// (mk_csr), trap routing into HS and VS, xRET with V, virtual-instruction exceptions, VS-level
// interrupts, HLV/HLVX/HSV, and two-stage translation (VS-stage and G-stage in both TLBs and
// walkers, guest-page faults with tval2, HFENCE.VVMA/GVMA: docs/timing.md "Two-stage
// translation (H)"). RVH = 0 builds the plain RV64IMAC core: the H instructions are illegal and
// the H state folds away.
module mk_core #(
  // The H extension (build-time option, docs/rtl.md).
  parameter bit RVH = 1'b1,
  // DRAM, the only region where LR, SC and AMOs work (docs/isa.md "Memory accesses") and
  // where page tables may be.
  parameter logic [63:0] DRAM_BASE = 64'h8000_0000,
  parameter logic [63:0] DRAM_SIZE = 64'h1000_0000,
  // TLB sizes: the C model's MK_ITLB_ENTRIES_DEFAULT / MK_DTLB_ENTRIES_DEFAULT.
  parameter int unsigned ITLB_ENTRIES = 8,
  parameter int unsigned DTLB_ENTRIES = 16
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  output mk_bus_pkg::bus_req_t instr_req_o,
  input  logic                 instr_ready_i,
  input  mk_bus_pkg::bus_rsp_t instr_rsp_i,
  output mk_bus_pkg::bus_req_t data_req_o,
  input  logic                 data_ready_i,
  input  mk_bus_pkg::bus_rsp_t data_rsp_i,

  input  logic                 irq_msip_i,
  input  logic                 irq_mtip_i,
  input  logic                 irq_meip_i,
  input  logic                 irq_seip_i,
  input  logic [63:0]          mtime_i,

  // Retirement port (RVFI-like): one record per retired instruction, exception or interrupt,
  // in the cycle the instruction is in WB.
  output logic                 rvfi_valid_o,
  output logic [63:0]          rvfi_cycle_o,
  output logic [63:0]          rvfi_pc_o,
  output logic [31:0]          rvfi_insn_o,       // 16 bits for a compressed one; 0: interrupt
  output logic [1:0]           rvfi_mode_o,
  output logic                 rvfi_v_o,
  output logic                 rvfi_trap_o,       // an exception: the instruction did not retire
  output logic                 rvfi_intr_o,       // an interrupt taken before the instruction
  output logic [4:0]           rvfi_cause_o,
  output logic [63:0]          rvfi_tval_o,
  output logic [4:0]           rvfi_rd_addr_o,    // 0 if no register is written
  output logic [63:0]          rvfi_rd_wdata_o,
  output logic [63:0]          rvfi_mem_addr_o,   // virtual
  output logic [63:0]          rvfi_mem_paddr_o,  // physical (the same without translation)
  output logic [7:0]           rvfi_mem_rmask_o,  // bytes from rvfi_mem_addr
  output logic [7:0]           rvfi_mem_wmask_o,
  output logic [63:0]          rvfi_mem_rdata_o,
  output logic [63:0]          rvfi_mem_wdata_o,
  output logic                 rvfi_csr_we_o,
  output logic [11:0]          rvfi_csr_addr_o,
  output logic [63:0]          rvfi_csr_wdata_o   // the value the CSR reads after the write
);

  // =====================================================================================
  // Control signals (computed below, used everywhere)
  // =====================================================================================
  logic advance;          // the whole pipeline moves this cycle
  logic mem_flush;        // MEM flushes IF/ID/EX and redirects fetch (end of this cycle)
  logic [63:0] mem_flush_pc;
  logic mem_sleep;        // the flush is a WFI's
  logic ex_redirect;      // a taken branch/jump leaves EX this cycle
  logic [63:0] ex_target;
  logic id_hazard;        // load-use: ID waits one cycle

  mk_pkg::priv_e priv, data_priv;
  logic          csr_tw, csr_tsr, csr_tvm;   // mstatus.TW, TSR, TVM
  // H (docs/isa.md "H extension").
  logic          virt;          // current V (0 with RVH = 0)
  logic          data_virt;     // effective V of explicit loads/stores that are not HLV/HSV
  mk_pkg::priv_e hlv_priv;      // hstatus.SPVP ? S : U (HLV/HLVX/HSV privilege)
  logic          hlv_allowed;   // HLV/HLVX/HSV may execute (else illegal or virtual insn)
  logic [63:0]   csr_vsatp, csr_hgatp;
  logic          csr_vs_sum, csr_vs_mxr;   // vsstatus.SUM, vsstatus.MXR
  logic          csr_hu, csr_vtsr, csr_vtw, csr_vtvm;   // hstatus.HU, VTSR, VTW, VTVM
  logic [127:0]  pmp_cfg;
  logic [863:0]  pmp_addr;
  logic [63:0]   csr_satp;
  logic          csr_sum, csr_mxr;
  // SFENCE.VMA, HFENCE.VVMA, HFENCE.GVMA: both TLBs, at the end of the MEM cycle.
  logic          fence, fence_vpn_valid, fence_asid_valid;
  logic [2:0]    fence_stages;
  logic [26:0]   fence_vpn;
  logic [15:0]   fence_asid;

  // =====================================================================================
  // IF
  // =====================================================================================
  logic        if_valid, if_fault, if_fault_page, if_fault_guest, if_fault_impl, if_fault_hi;
  logic        if_take;
  logic [63:0] if_pc, if_fault_tval;
  logic [31:0] if_instr;
  logic        csr_wake;

  mk_if_stage #(
    .H(RVH), .ITLB_ENTRIES(ITLB_ENTRIES), .DRAM_BASE(DRAM_BASE), .DRAM_SIZE(DRAM_SIZE)
  ) u_if (
    .clk_i, .rst_ni,
    .instr_req_o, .instr_ready_i, .instr_rsp_i,
    .redirect_i   (mem_flush || ex_redirect),
    .redirect_pc_i(mem_flush ? mem_flush_pc : ex_target),
    .sleep_i      (mem_sleep),
    .wake_i       (csr_wake),
    .pmp_cfg_i    (pmp_cfg),
    .pmp_addr_i   (pmp_addr),
    .priv_i       (priv),
    .satp_i       (csr_satp),
    .virt_i       (virt),
    .vsatp_i      (csr_vsatp),
    .hgatp_i      (csr_hgatp),
    .fence_i           (fence),
    .fence_stages_i    (fence_stages),
    .fence_vpn_valid_i (fence_vpn_valid),
    .fence_vpn_i       (fence_vpn),
    .fence_asid_valid_i(fence_asid_valid),
    .fence_asid_i      (fence_asid),
    .take_i       (if_take),
    .valid_o      (if_valid),
    .pc_o         (if_pc),
    .instr_o      (if_instr),
    .fault_o      (if_fault),
    .fault_page_o (if_fault_page),
    .fault_guest_o(if_fault_guest),
    .fault_implicit_o(if_fault_impl),
    .fault_hi_o   (if_fault_hi),
    .fault_tval_o (if_fault_tval)
  );

  assign if_take = advance && !mem_flush && !ex_redirect && !id_hazard;

  // IF/ID register.
  logic        id_valid_q;
  logic [63:0] id_pc_q, id_fault_tval_q;
  logic [31:0] id_instr_q;
  logic        id_fault_q, id_fault_page_q;
  // A fetch guest-page fault: id_fault_tval_q holds its tval2 (tval is pc, or pc + 2 with
  // _hi), and it may be a PTE access's (_impl). MEM rebuilds tval from pc.
  logic        id_fault_guest_q, id_fault_impl_q, id_fault_hi_q;

  // =====================================================================================
  // ID
  // =====================================================================================
  logic [31:0]      id_expanded;
  logic             id_compressed, id_c_illegal;
  mk_pkg::decoded_t id_dec;

  mk_compressed_decoder u_cdec (
    .instr_i        (id_instr_q),
    .instr_o        (id_expanded),
    .is_compressed_o(id_compressed),
    .illegal_o      (id_c_illegal)
  );

  mk_decoder u_dec (
    .instr_i(id_expanded),
    .dec_o  (id_dec)
  );

  // Exceptions known in ID, in priority order: fetch fault, illegal, ECALL/EBREAK.
  logic        id_illegal, id_exc;
  logic [4:0]  id_cause;
  logic [63:0] id_tval;
  logic [31:0] id_raw;    // the bits rvfi and mtval report

  assign id_raw = id_compressed ? {16'd0, id_instr_q[15:0]} : id_instr_q;

  // Illegal and virtual instructions known in ID (docs/isa.md "Virtual-instruction exceptions";
  // the CSR accesses are checked in MEM by mk_csr). Illegal wins over virtual.
  logic id_virtual, id_below_m;
  assign id_below_m  = priv != mk_pkg::PRIV_M;
  assign hlv_allowed = RVH && !virt && (priv != mk_pkg::PRIV_U || csr_hu);

  always_comb begin
    id_illegal = id_c_illegal || id_dec.illegal;
    id_virtual = 1'b0;
    if (id_dec.fu == mk_pkg::FU_LSU && id_dec.lsu_hyp) begin
      // HLV/HLVX/HSV: M and HS, U with hstatus.HU; virtual instruction with V = 1.
      if (!RVH || (!virt && !hlv_allowed)) id_illegal = 1'b1;
      else if (virt)                       id_virtual = 1'b1;
    end
    if (id_dec.fu == mk_pkg::FU_SYS) begin
      unique case (id_dec.sys_op)
        mk_pkg::SYS_MRET:       if (id_below_m) id_illegal = 1'b1;
        mk_pkg::SYS_SRET: begin
          if (virt) begin
            if (priv == mk_pkg::PRIV_U || csr_vtsr) id_virtual = 1'b1;
          end else if (priv == mk_pkg::PRIV_U || (priv == mk_pkg::PRIV_S && csr_tsr)) begin
            id_illegal = 1'b1;
          end
        end
        mk_pkg::SYS_WFI: begin
          // mstatus.TW first (illegal in every mode below M), then VU / VS with VTW.
          if (id_below_m && csr_tw)                       id_illegal = 1'b1;
          else if (virt && (priv == mk_pkg::PRIV_U || csr_vtw)) id_virtual = 1'b1;
          else if (!virt && priv == mk_pkg::PRIV_U)       id_illegal = 1'b1;
        end
        mk_pkg::SYS_SFENCE_VMA: begin
          if (virt) begin
            if (priv == mk_pkg::PRIV_U || csr_vtvm) id_virtual = 1'b1;
          end else if (priv == mk_pkg::PRIV_U || (priv == mk_pkg::PRIV_S && csr_tvm)) begin
            id_illegal = 1'b1;
          end
        end
        mk_pkg::SYS_HFENCE_VVMA, mk_pkg::SYS_HFENCE_GVMA: begin
          // M and HS only (hstatus.HU does not apply); HFENCE.GVMA in HS obeys mstatus.TVM.
          if (!RVH)                        id_illegal = 1'b1;
          else if (virt)                   id_virtual = 1'b1;
          else if (priv == mk_pkg::PRIV_U) id_illegal = 1'b1;
          else if (id_dec.sys_op == mk_pkg::SYS_HFENCE_GVMA && priv == mk_pkg::PRIV_S &&
                   csr_tvm)                id_illegal = 1'b1;
        end
        default: ;
      endcase
    end
  end

  always_comb begin
    id_exc   = 1'b1;
    id_cause = mk_pkg::EXC_ILLEGAL_INSN;
    id_tval  = 64'(id_raw);
    if (id_fault_q) begin
      id_cause = id_fault_guest_q ? mk_pkg::EXC_INSN_GUEST_PF :
                 id_fault_page_q ? mk_pkg::EXC_INSN_PAGE_FAULT : mk_pkg::EXC_INSN_ACCESS;
      id_tval  = id_fault_tval_q;
    end else if (id_illegal) begin
      id_cause = mk_pkg::EXC_ILLEGAL_INSN;
    end else if (id_virtual) begin
      id_cause = mk_pkg::EXC_VIRTUAL_INSN;
    end else if (id_dec.fu == mk_pkg::FU_SYS && id_dec.sys_op == mk_pkg::SYS_ECALL) begin
      id_cause = priv == mk_pkg::PRIV_M ? mk_pkg::EXC_ECALL_M :
                 priv == mk_pkg::PRIV_U ? mk_pkg::EXC_ECALL_U :
                 virt ? mk_pkg::EXC_ECALL_VS : mk_pkg::EXC_ECALL_S;
      id_tval  = '0;
    end else if (id_dec.fu == mk_pkg::FU_SYS && id_dec.sys_op == mk_pkg::SYS_EBREAK) begin
      id_cause = mk_pkg::EXC_BREAKPOINT;
      id_tval  = id_pc_q;
    end else begin
      id_exc   = 1'b0;
    end
  end

  // Register file: read in ID (sees the WB write of the same cycle), written in WB.
  logic [63:0] rf_a, rf_b;
  logic        wb_rf_we;
  logic [4:0]  wb_rf_addr;
  logic [63:0] wb_rf_data;

  mk_regfile u_rf (
    .clk_i, .rst_ni,
    .raddr_a_i(id_dec.rs1), .rdata_a_o(rf_a),
    .raddr_b_i(id_dec.rs2), .rdata_b_o(rf_b),
    .we_i     (wb_rf_we), .waddr_i(wb_rf_addr), .wdata_i(wb_rf_data)
  );

  // ID/EX register.
  logic             ex_valid_q, ex_len4_q, ex_exc_q;
  logic [63:0]      ex_pc_q, ex_a_q, ex_b_q, ex_tval_q;
  logic [31:0]      ex_raw_q;
  logic [4:0]       ex_cause_q;
  logic             ex_fimpl_q, ex_fhi_q;   // the fetch guest-page fault's (ID's) flags
  mk_pkg::decoded_t ex_dec_q;

  // Load-use: the instruction in EX loads into a register ID reads. An instruction with a
  // fetch fault or an illegal encoding reads nothing, so it never waits; one that is only
  // refused in this mode (xRET, SFENCE.VMA, HLV... raising illegal or virtual instruction)
  // waits like any other, as the model's load_use() has it.
  assign id_hazard = id_valid_q && !id_fault_q && !(id_c_illegal || id_dec.illegal) && ex_valid_q && ex_dec_q.fu == mk_pkg::FU_LSU &&
                     ex_dec_q.rd_we && ex_dec_q.rd != 5'd0 &&
                     ((id_dec.rs1_re && id_dec.rs1 == ex_dec_q.rd) ||
                      (id_dec.rs2_re && id_dec.rs2 == ex_dec_q.rd));

  // =====================================================================================
  // EX
  // =====================================================================================
  // EX/MEM register (declared here for forwarding).
  logic             mem_valid_q, mem_len4_q, mem_exc_q, mem_first_q;
  logic [63:0]      mem_pc_q, mem_result_q, mem_addr_q, mem_wdata_q, mem_tval_q;
  logic [31:0]      mem_raw_q;
  logic [4:0]       mem_cause_q;
  logic             mem_fimpl_q, mem_fhi_q;
  mk_pkg::decoded_t mem_dec_q;
  // MEM/WB register (declared here for forwarding).
  logic             wb_valid_q, wb_rd_we_q;
  logic [4:0]       wb_rd_q;
  logic [63:0]      wb_rd_wdata_q;

  logic [63:0] fwd_a, fwd_b;
  logic        mem_fwd_ok;
  assign mem_fwd_ok = mem_valid_q && !mem_exc_q && mem_dec_q.rd_we && mem_dec_q.rd != 5'd0;

  always_comb begin
    fwd_a = ex_a_q;
    if (mem_fwd_ok && mem_dec_q.rd == ex_dec_q.rs1)                 fwd_a = mem_result_q;
    else if (wb_valid_q && wb_rd_we_q && wb_rd_q == ex_dec_q.rs1)   fwd_a = wb_rd_wdata_q;
    fwd_b = ex_b_q;
    if (mem_fwd_ok && mem_dec_q.rd == ex_dec_q.rs2)                 fwd_b = mem_result_q;
    else if (wb_valid_q && wb_rd_we_q && wb_rd_q == ex_dec_q.rs2)   fwd_b = wb_rd_wdata_q;
    if (ex_dec_q.rs1 == 5'd0) fwd_a = '0;
    if (ex_dec_q.rs2 == 5'd0) fwd_b = '0;
  end

  logic [63:0] ex_imm, alu_a, alu_b, alu_result;
  logic        alu_cmp;
  assign ex_imm = {{32{ex_dec_q.imm[31]}}, ex_dec_q.imm};

  always_comb begin
    unique case (ex_dec_q.opa_sel)
      mk_pkg::OPA_PC:   alu_a = ex_pc_q;
      mk_pkg::OPA_ZERO: alu_a = '0;
      default:          alu_a = fwd_a;
    endcase
    unique case (ex_dec_q.opb_sel)
      mk_pkg::OPB_RS2: alu_b = fwd_b;
      mk_pkg::OPB_LEN: alu_b = ex_len4_q ? 64'd4 : 64'd2;
      default:         alu_b = ex_imm;
    endcase
  end

  mk_alu u_alu (
    .operator_i (ex_dec_q.alu_op),
    .operand_a_i(alu_a),
    .operand_b_i(alu_b),
    .result_o   (alu_result),
    .cmp_o      (alu_cmp)
  );

  // Branches and jumps.
  logic ex_taken;
  always_comb begin
    ex_taken  = 1'b0;
    ex_target = ex_pc_q + ex_imm;
    unique case (ex_dec_q.fu)
      mk_pkg::FU_BRANCH: ex_taken = alu_cmp;
      mk_pkg::FU_JAL:    ex_taken = 1'b1;
      mk_pkg::FU_JALR: begin
        ex_taken  = 1'b1;
        ex_target = (fwd_a + ex_imm) & ~64'd1;
      end
      default: ;
    endcase
  end
  assign ex_redirect = advance && !mem_flush && ex_valid_q && !ex_exc_q && ex_taken;

  // Multiplier/divider (rule M: starts once MEM has no access outstanding).
  logic        ex_is_md, md_ready, md_valid, mem_done;
  logic [63:0] md_result;
  assign ex_is_md = ex_valid_q && !ex_exc_q && ex_dec_q.fu == mk_pkg::FU_MULDIV;

  mk_muldiv u_md (
    .clk_i, .rst_ni,
    .valid_i    (ex_is_md && mem_done),
    .ready_o    (md_ready),
    .op_i       (ex_dec_q.md_op),
    .word_i     (ex_dec_q.md_word),
    .operand_a_i(fwd_a),
    .operand_b_i(fwd_b),
    .kill_i     (mem_flush),
    .valid_o    (md_valid),
    .ready_i    (advance && !mem_flush),
    .result_o   (md_result)
  );

  logic unused_md_ready;
  assign unused_md_ready = md_ready;

  logic ex_done;
  assign ex_done = !ex_is_md || md_valid;

  // Loads/stores: address and alignment.
  logic        ex_is_ls, ex_misaligned;
  logic [7:0]  unused_ex_be;
  logic [63:0] unused_ex_wdata, unused_ex_mask, unused_ex_raw, unused_ex_val;
  assign ex_is_ls = ex_dec_q.fu == mk_pkg::FU_LSU;

  mk_lsu u_ex_align (
    .size_i      (ex_dec_q.lsu_size),
    .unsigned_i  (ex_dec_q.lsu_unsigned),
    .offset_i    (alu_result[2:0]),
    .store_data_i(fwd_b),
    .rdata_word_i('0),
    .misaligned_o(ex_misaligned),
    .be_o        (unused_ex_be),
    .wdata_o     (unused_ex_wdata),
    .size_mask_o (unused_ex_mask),
    .load_raw_o  (unused_ex_raw),
    .load_value_o(unused_ex_val)
  );

  logic        ex_exc;
  logic [4:0]  ex_cause;
  logic [63:0] ex_tval;
  always_comb begin
    ex_exc   = ex_exc_q;
    ex_cause = ex_cause_q;
    ex_tval  = ex_tval_q;
    if (!ex_exc_q && ex_is_ls && ex_misaligned) begin
      ex_exc   = 1'b1;
      // LR is a load; SC and AMOs are stores/AMOs.
      ex_cause = (ex_dec_q.lsu_op == mk_pkg::LSU_LOAD || ex_dec_q.lsu_op == mk_pkg::LSU_LR) ?
                 mk_pkg::EXC_LOAD_MISALIGNED : mk_pkg::EXC_STORE_MISALIGNED;
      ex_tval  = alu_result;
    end
  end

  // =====================================================================================
  // MEM (the commit point)
  // =====================================================================================
  logic mem_is_access, mem_is_csr, mem_is_sys;
  logic mem_is_lr, mem_is_sc, mem_is_amo, mem_is_atomic, mem_load_type;
  assign mem_is_access = mem_valid_q && mem_dec_q.fu == mk_pkg::FU_LSU;
  assign mem_is_csr    = mem_valid_q && mem_dec_q.fu == mk_pkg::FU_CSR;
  assign mem_is_sys    = mem_valid_q && mem_dec_q.fu == mk_pkg::FU_SYS;
  assign mem_is_lr     = mem_dec_q.lsu_op == mk_pkg::LSU_LR;
  assign mem_is_sc     = mem_dec_q.lsu_op == mk_pkg::LSU_SC;
  assign mem_is_amo    = mem_dec_q.lsu_op == mk_pkg::LSU_AMO;
  assign mem_is_atomic = mem_is_lr || mem_is_sc || mem_is_amo;
  // The access type of faults: loads and LR are loads; stores, SC and AMOs are stores/AMOs.
  assign mem_load_type = mem_dec_q.lsu_op == mk_pkg::LSU_LOAD || mem_is_lr;

  logic        irq_valid;
  logic [4:0]  irq_cause;
  logic        mem_irq, mem_entry_trap, csr_illegal, csr_virtual;
  logic [11:0] csr_rec_addr;

  // The MEM access is made as though V = 1 for HLV/HSV (at hstatus.SPVP) and by data_virt
  // (MPRV with MPV), and then translated two-stage.
  logic          mem_xl_virt;        // the MEM instruction's access is made as though V = 1
  mk_pkg::priv_e mem_xl_priv;        // its privilege (HLV/HSV: hstatus.SPVP)
  logic [63:0]   mem_trap_tval2;     // GPA >> 2 of the guest-page fault taken this cycle
  logic          mem_trap_implicit;  // the trap is a fault of an implicit access
  assign mem_xl_virt       = RVH && (mem_dec_q.lsu_hyp || data_virt);
  assign mem_xl_priv       = mem_dec_q.lsu_hyp ? hlv_priv : data_priv;
  logic [63:0] csr_rdata, csr_readback, trap_vector;
  logic        csr_written;

  // ---- translation of the data address (docs/timing.md "DTLB (data)") ----
  // With the effective privilege S or U and satp.MODE = Sv39 (V = 0), or with V = 1 and
  // vsatp or hgatp on, the DTLB is looked up on the virtual address. A hit that allows the
  // access gives the physical address at once; a denied hit (first stage: page fault, then
  // G-stage: guest-page fault) or a non-canonical address is a fault in the first MEM cycle;
  // a miss starts the data walker in the first MEM cycle and freezes the pipeline (MEM's
  // access is outstanding) until the walk ends, in a fault or a denied leaf (a trap in that
  // cycle) or in an allowed leaf: it is filled, and the next cycle (mem_retry_q) is the
  // access's start cycle again, where the lookup hits. The TLB cannot change meanwhile (MEM
  // is frozen).
  logic        d_xl_on, d_miss, d_lk_fault, d_walk_trap, d_f_page, d_f_guest, d_f_impl;
  logic        d_sum, d_mxr, dptw_done, unused_d_ok, unused_d_pa_high, unused_dptw_busy;
  logic [55:0] d_pa;
  logic [63:0] mem_paddr, d_f_tval2;
  logic        mem_retry_q, mem_start;
  mk_bus_pkg::bus_req_t dptw_req;

  // V = 1: vsstatus.SUM replaces SUM; MXR is vsstatus.MXR or the HS-level one (first stage),
  // the HS-level one alone for the G-stage.
  assign d_sum = mem_xl_virt ? csr_vs_sum : csr_sum;
  assign d_mxr = csr_mxr || (mem_xl_virt && csr_vs_mxr);

  mk_mmu #(
    .H(RVH), .ENTRIES(DTLB_ENTRIES), .DRAM_BASE(DRAM_BASE), .DRAM_SIZE(DRAM_SIZE)
  ) u_dmmu (
    .clk_i, .rst_ni,
    .vaddr_i           (mem_addr_q),
    .virt_i            (mem_xl_virt),
    .priv_i            (mem_xl_priv),
    .fetch_i           (1'b0),
    .store_i           (!mem_load_type),
    .hlvx_i            (RVH && mem_dec_q.lsu_hlvx),
    .satp_i            (csr_satp),
    .vsatp_i           (csr_vsatp),
    .hgatp_i           (csr_hgatp),
    .sum_i             (d_sum),
    .mxr_i             (d_mxr),
    .gmxr_i            (csr_mxr),
    // The walk starts in the first MEM cycle (no earlier exception, no interrupt taken).
    .start_i           (mem_valid_q && mem_first_q && !mem_irq && mem_is_access && !mem_exc_q),
    .kill_i            (1'b0),   // nothing flushes MEM while it waits for its walk
    .pmp_cfg_i         (pmp_cfg),
    .pmp_addr_i        (pmp_addr),
    .req_o             (dptw_req),
    .ready_i           (data_ready_i),
    .rsp_i             (data_rsp_i),
    .fence_i           (fence),
    .fence_stages_i    (fence_stages),
    .fence_vpn_valid_i (fence_vpn_valid),
    .fence_vpn_i       (fence_vpn),
    .fence_asid_valid_i(fence_asid_valid),
    .fence_asid_i      (fence_asid),
    .on_o              (d_xl_on),
    .ok_o              (unused_d_ok),
    .pa_o              (d_pa),
    .pa_high_o         (unused_d_pa_high),
    .miss_o            (d_miss),
    .lk_fault_o        (d_lk_fault),
    .busy_o            (unused_dptw_busy),
    .done_o            (dptw_done),
    // The walk ends in a fault, or in a leaf this access may not use: a trap in that cycle.
    .walk_fault_o      (d_walk_trap),
    .fault_page_o      (d_f_page),
    .fault_guest_o     (d_f_guest),
    .fault_implicit_o  (d_f_impl),
    .fault_tval2_o     (d_f_tval2)
  );
  assign mem_paddr = d_xl_on ? {8'd0, d_pa} : mem_addr_q;

  // The cycles where the access starts: its first MEM cycle, or the one after a walk filled
  // the DTLB. Interrupts are sampled in the first only.
  assign mem_start = mem_first_q || mem_retry_q;

  // tval2 and the implicit flag of the trap: a fetch guest-page fault's come down the
  // pipeline (mem_tval_q holds its tval2); a data one's from the walk or the entry.
  logic mem_fetch_gpf;
  assign mem_fetch_gpf     = RVH && mem_exc_q && mem_cause_q == mk_pkg::EXC_INSN_GUEST_PF;
  assign mem_trap_tval2    = mem_exc_q ? mem_tval_q : d_f_tval2;
  assign mem_trap_implicit = mem_exc_q ? mem_fimpl_q : d_f_impl;

  // ---- checks of the data access before it is made (its start cycle) ----
  // Translation first (page fault), then on the physical address PMP at the effective
  // privilege (MPRV): loads and LR need R, stores W, SC and AMOs R and W. A physical address
  // at or above 2^56 matches no entry. Atomics work in DRAM only (PMA).
  logic pa_high, pmp_ok, pma_ok, mem_xl_fault, mem_acc_fault, unused_pmp_words;
  logic [1:0] pmp_word_ok;
  assign pa_high = mem_paddr[63:56] != 8'd0;

  mk_pmp u_mem_pmp (
    .cfg_i    (pmp_cfg),
    .addr_i   (pmp_addr),
    .dword_i  (mem_paddr[55:3]),
    .high_i   (pa_high),
    .size_i   (mem_dec_q.lsu_size),
    .word_i   (mem_paddr[2]),
    .priv_i   (mem_xl_priv),
    .need_r_i (mem_load_type || mem_is_sc || mem_is_amo),
    .need_w_i (!mem_load_type),
    .need_x_i (mem_dec_q.lsu_hlvx),   // HLVX: PMP must allow read and execute
    .ok_o     (pmp_ok),
    .word_ok_o(pmp_word_ok)
  );
  assign unused_pmp_words = ^pmp_word_ok;

  // HLVX reads only where instructions may be fetched: the boot ROM and DRAM.
  logic mem_in_dram, mem_in_rom;
  assign mem_in_dram   = (mem_paddr - DRAM_BASE) < DRAM_SIZE;
  assign mem_in_rom    = mem_paddr >= 64'h1000 && mem_paddr < 64'h1_0000;
  assign pma_ok        = (!mem_is_atomic || mem_in_dram) &&
                         (!mem_dec_q.lsu_hlvx || mem_in_dram || mem_in_rom);
  assign mem_xl_fault  = mem_is_access && !mem_exc_q && d_lk_fault;
  assign mem_acc_fault = mem_is_access && !mem_exc_q && !d_lk_fault && !d_miss &&
                         !(pmp_ok && pma_ok);

  // Exceptions known in the start cycle, in priority order.
  logic        mem_pre_exc;
  logic [4:0]  mem_pre_cause;
  logic [63:0] mem_pre_tval;
  always_comb begin
    mem_pre_exc   = mem_exc_q || mem_xl_fault || mem_acc_fault || (mem_is_csr && csr_illegal);
    mem_pre_cause = mem_cause_q;
    mem_pre_tval  = mem_tval_q;
    if (mem_fetch_gpf) begin
      mem_pre_tval  = mem_pc_q + {62'd0, mem_fhi_q, 1'b0};
    end else if (!mem_exc_q && mem_xl_fault) begin
      mem_pre_cause = d_f_page ? (mem_load_type ? mk_pkg::EXC_LOAD_PAGE_FAULT :
                                                 mk_pkg::EXC_STORE_PAGE_FAULT) :
                                (mem_load_type ? mk_pkg::EXC_LOAD_GUEST_PF :
                                                 mk_pkg::EXC_STORE_GUEST_PF);
      mem_pre_tval  = mem_addr_q;
    end else if (!mem_exc_q && mem_acc_fault) begin
      mem_pre_cause = mem_load_type ? mk_pkg::EXC_LOAD_ACCESS : mk_pkg::EXC_STORE_ACCESS;
      mem_pre_tval  = mem_addr_q;
    end else if (!mem_exc_q && mem_is_csr && csr_illegal) begin
      mem_pre_cause = csr_virtual ? mk_pkg::EXC_VIRTUAL_INSN : mk_pkg::EXC_ILLEGAL_INSN;
      mem_pre_tval  = 64'(mem_raw_q);
    end
  end

  // Interrupts are sampled in the first MEM cycle of an instruction (rule I).
  assign mem_irq        = mem_valid_q && mem_first_q && irq_valid;
  assign mem_entry_trap = mem_valid_q && (mem_irq || (mem_start && mem_pre_exc));

  // ---- the data access (rule D) ----
  // One access for a load, store, LR or SC (a failing SC reads, so that it costs the same),
  // two for an AMO: the read, then in its response cycle the write of the new value.
  logic mem_issued_q, mem_rsp_q, mem_amo_rd_q, mem_amo_wr_q;
  logic [63:0] mem_rdata_q;
  logic mem_needs_access, mem_rsp_now, mem_amo_rd_now, mem_amo_old;
  logic resv_valid_q, sc_ok;
  logic [63:0] resv_addr_q;
  assign mem_needs_access = mem_is_access && !mem_pre_exc && !(mem_first_q && mem_irq);
  // The response of the (first) access; for an AMO, that of its write.
  assign mem_amo_rd_now   = mem_is_amo && mem_issued_q && !mem_amo_rd_q && data_rsp_i.valid;
  assign mem_rsp_now      = !mem_rsp_q && data_rsp_i.valid &&
                            (mem_is_amo ? mem_amo_wr_q : mem_issued_q);
  assign mem_done         = !mem_valid_q || !mem_needs_access || mem_rsp_q || mem_rsp_now;
  assign mem_amo_old      = mem_amo_rd_q || mem_amo_rd_now;   // the AMO's read data is here
  assign sc_ok            = resv_valid_q && resv_addr_q == mem_paddr;

  logic [7:0]  mem_be;
  logic [63:0] mem_lanes, mem_size_mask, mem_load_raw, mem_load_value, mem_word;
  logic        unused_mem_misaligned;
  assign mem_word = (mem_rsp_q || mem_amo_rd_q) ? mem_rdata_q : data_rsp_i.rdata;

  mk_lsu u_mem_lsu (
    .size_i      (mem_dec_q.lsu_size),
    .unsigned_i  (mem_dec_q.lsu_unsigned),
    .offset_i    (mem_addr_q[2:0]),
    .store_data_i(mem_wdata_q),
    .rdata_word_i(mem_word),
    .misaligned_o(unused_mem_misaligned),
    .be_o        (mem_be),
    .wdata_o     (mem_lanes),
    .size_mask_o (mem_size_mask),
    .load_raw_o  (mem_load_raw),
    .load_value_o(mem_load_value)
  );

  // The AMO's new value (zero-extended from its width) from the old one and rs2.
  function automatic logic [63:0] amo_calc(input mk_pkg::amo_op_e op, input logic word,
                                           input logic [63:0] old, input logic [63:0] src);
    logic [63:0] a, b, r;
    logic        lt, ltu;
    a   = word ? {{32{old[31]}}, old[31:0]} : old;
    b   = word ? {{32{src[31]}}, src[31:0]} : src;
    lt  = $signed(a) < $signed(b);
    ltu = a < b;   // sign extension keeps the unsigned order of 32-bit values
    unique case (op)
      mk_pkg::AMO_ADD:  r = a + b;
      mk_pkg::AMO_XOR:  r = a ^ b;
      mk_pkg::AMO_AND:  r = a & b;
      mk_pkg::AMO_OR:   r = a | b;
      mk_pkg::AMO_MIN:  r = lt ? a : b;
      mk_pkg::AMO_MAX:  r = lt ? b : a;
      mk_pkg::AMO_MINU: r = ltu ? a : b;
      mk_pkg::AMO_MAXU: r = ltu ? b : a;
      default:          r = b;   // AMOSWAP
    endcase
    amo_calc = word ? {32'd0, r[31:0]} : r;
  endfunction

  logic [63:0] amo_new;
  assign amo_new = amo_calc(mem_dec_q.amo_op, mem_dec_q.lsu_size == 2'd2, mem_load_raw,
                            mem_wdata_q);

  logic mem_req_first, mem_req_amo_wr;
  assign mem_req_first  = mem_needs_access && !mem_issued_q && !mem_entry_trap && !d_miss;
  assign mem_req_amo_wr = mem_needs_access && mem_is_amo && mem_amo_old && !mem_amo_wr_q &&
                          !(mem_amo_rd_now && data_rsp_i.err);

  always_comb begin
    data_req_o       = '0;
    data_req_o.valid = mem_req_first || mem_req_amo_wr;
    // Above the 56-bit physical space nothing answers: address 0 is a hole (access fault).
    data_req_o.addr  = pa_high ? '0 : mem_paddr[mk_bus_pkg::PADDR_W-1:0];
    data_req_o.we    = mem_req_amo_wr ||
                       (mem_dec_q.lsu_op == mk_pkg::LSU_STORE || (mem_is_sc && sc_ok));
    data_req_o.size  = mk_bus_pkg::SIZE_B;
    unique case (mem_dec_q.lsu_size)
      2'd1:    data_req_o.size = mk_bus_pkg::SIZE_H;
      2'd2:    data_req_o.size = mk_bus_pkg::SIZE_W;
      2'd3:    data_req_o.size = mk_bus_pkg::SIZE_D;
      default: data_req_o.size = mk_bus_pkg::SIZE_B;
    endcase
    data_req_o.be    = mem_be;
    data_req_o.wdata = mem_is_amo ? amo_new << {mem_addr_q[2:0], 3'b000} : mem_lanes;
    // The data walker owns the port while it runs (before the access is issued).
    if (dptw_req.valid) data_req_o = dptw_req;
  end


  // What MEM does this cycle.
  logic mem_trap, mem_trap_intr, mem_mret, mem_sret, mem_csr_go, mem_serialise;
  logic [4:0]  mem_trap_cause;
  logic [63:0] mem_trap_tval, mem_next_pc;
  assign mem_next_pc = mem_pc_q + (mem_len4_q ? 64'd4 : 64'd2);

  always_comb begin
    mem_trap       = 1'b0;
    mem_trap_intr  = 1'b0;
    mem_trap_cause = mem_pre_cause;
    mem_trap_tval  = mem_pre_tval;
    if (mem_irq) begin
      mem_trap       = 1'b1;
      mem_trap_intr  = 1'b1;
      mem_trap_cause = irq_cause;
      mem_trap_tval  = '0;
    end else if (mem_valid_q && mem_start && mem_pre_exc) begin
      mem_trap = 1'b1;
    end else if (mem_valid_q && d_walk_trap) begin
      mem_trap       = 1'b1;
      mem_trap_tval  = mem_addr_q;
      if (d_f_page)
        mem_trap_cause = mem_load_type ? mk_pkg::EXC_LOAD_PAGE_FAULT :
                                         mk_pkg::EXC_STORE_PAGE_FAULT;
      else if (d_f_guest)
        mem_trap_cause = mem_load_type ? mk_pkg::EXC_LOAD_GUEST_PF :
                                         mk_pkg::EXC_STORE_GUEST_PF;
      else
        mem_trap_cause = mem_load_type ? mk_pkg::EXC_LOAD_ACCESS : mk_pkg::EXC_STORE_ACCESS;
    end else if ((mem_rsp_now || mem_amo_rd_now) && data_rsp_i.err) begin
      mem_trap       = 1'b1;
      mem_trap_cause = mem_load_type ? mk_pkg::EXC_LOAD_ACCESS : mk_pkg::EXC_STORE_ACCESS;
      mem_trap_tval  = mem_addr_q;
    end
  end

  logic mem_sys_go;
  assign mem_sys_go    = mem_is_sys && mem_first_q && !mem_entry_trap;
  assign mem_csr_go    = mem_is_csr && mem_first_q && !mem_entry_trap;
  // mem_is_mret/sret: the MEM instruction is one (the CSR file reads its target); mem_mret/sret:
  // it executes this cycle.
  logic mem_is_mret, mem_is_sret;
  assign mem_is_mret   = mem_is_sys && mem_dec_q.sys_op == mk_pkg::SYS_MRET;
  assign mem_is_sret   = mem_is_sys && mem_dec_q.sys_op == mk_pkg::SYS_SRET;
  assign mem_mret      = mem_sys_go && mem_is_mret;
  assign mem_sret      = mem_sys_go && mem_is_sret;
  assign mem_serialise = mem_csr_go ||
                         (mem_sys_go && (mem_dec_q.sys_op == mk_pkg::SYS_MRET ||
                          mem_dec_q.sys_op == mk_pkg::SYS_SRET ||
                          mem_dec_q.sys_op == mk_pkg::SYS_WFI ||
                          mem_dec_q.sys_op == mk_pkg::SYS_FENCE_I ||
                          mem_dec_q.sys_op == mk_pkg::SYS_SFENCE_VMA ||
                          mem_dec_q.sys_op == mk_pkg::SYS_HFENCE_VVMA ||
                          mem_dec_q.sys_op == mk_pkg::SYS_HFENCE_GVMA));
  assign mem_sleep     = mem_serialise && mem_is_sys && mem_dec_q.sys_op == mk_pkg::SYS_WFI;
  assign mem_flush     = mem_trap || mem_serialise;
  // An xRET's target is what the CSR file reads for it (mk_csr: xret_m_i, xret_s_i).
  assign mem_flush_pc  = mem_trap ? trap_vector : (mem_mret || mem_sret) ? csr_rdata :
                         mem_next_pc;

  // Fences (docs/isa.md "Fences"): rs1 != x0 limits SFENCE.VMA and HFENCE.VVMA to the page of
  // rs1's value (compared at the first-stage leaf's size), rs2 != x0 to the ASID in rs2's
  // value; an rs1 value that is not a valid (canonical) address makes them do nothing.
  // SFENCE.VMA with V = 0 removes stage HS entries; with V = 1 it is HFENCE.VVMA, which removes
  // stage VS_G entries. HFENCE.GVMA removes stage VS_G and G entries; its rs1 (a guest physical
  // address) and rs2 (a VMID) are ignored. Fences of V = 1 stages cover every VMID: they may
  // remove more than the spec requires, never less, and no entry compares a fence's VMID
  // (docs/isa.md "Fences"; the model does the same).
  logic fence_noncanon, fence_sys, fence_vv, fence_gv;
  assign fence_sys        = mem_serialise && mem_is_sys;
  assign fence_vv         = RVH && (mem_dec_q.sys_op == mk_pkg::SYS_HFENCE_VVMA ||
                                    (mem_dec_q.sys_op == mk_pkg::SYS_SFENCE_VMA && virt));
  assign fence_gv         = RVH && mem_dec_q.sys_op == mk_pkg::SYS_HFENCE_GVMA;
  assign fence_noncanon   = mem_result_q[63:38] != '0 && mem_result_q[63:38] != '1;
  assign fence_vpn_valid  = !fence_gv && mem_dec_q.rs1 != 5'd0;
  assign fence_vpn        = mem_result_q[38:12];
  assign fence_asid_valid = !fence_gv && mem_dec_q.rs2 != 5'd0;
  assign fence_asid       = mem_wdata_q[15:0];
  assign fence_stages     = fence_gv ? 3'b110 : fence_vv ? 3'b010 : 3'b001;
  assign fence            = fence_sys && (fence_vv || fence_gv ||
                                          mem_dec_q.sys_op == mk_pkg::SYS_SFENCE_VMA) &&
                            !(fence_vpn_valid && fence_noncanon);

  // The whole pipeline advances when MEM and EX are both done.
  assign advance = mem_done && ex_done;

  logic mem_leaves, mem_retires;
  assign mem_leaves  = mem_valid_q && (mem_flush || advance);
  assign mem_retires = mem_leaves && !mem_trap;

  logic [63:0] csr_operand;
  assign csr_operand = mem_dec_q.csr_imm ? {59'd0, mem_dec_q.imm[4:0]} : mem_result_q;

  // ---- H: what a trap into M or HS records besides xtval (docs/isa.md "Trap routing and
  // trap entry", "htinst and mtinst", "Transformed instruction") ----
  // GVA: xtval is a guest virtual address: an address-type cause taken from V = 1, or a fault
  // of an access made as though V = 1 (HLV/HLVX/HSV, MPRV with MPV). tinst: 0x3000 for a
  // guest-page fault of an implicit (PTE) access, 0 for its other faults; the transformed
  // instruction for faults of explicit accesses made as though V = 1; else 0.
  logic        trap_addr_cause, trap_data_fault, trap_gva, trap_gpf;
  logic [63:0] trap_tinst, trap_tval2;
  logic [31:0] mem_tinst;
  always_comb begin
    unique case (mem_trap_cause)
      5'd0, 5'd1, 5'd3, 5'd12, 5'd20: begin trap_addr_cause = 1'b1; trap_data_fault = 1'b0; end
      5'd4, 5'd5, 5'd6, 5'd7, 5'd13, 5'd15, 5'd21, 5'd23: begin
        trap_addr_cause = 1'b1;
        trap_data_fault = mem_is_access;
      end
      default: begin trap_addr_cause = 1'b0; trap_data_fault = 1'b0; end
    endcase
    trap_gpf = mem_trap_cause == mk_pkg::EXC_INSN_GUEST_PF ||
               mem_trap_cause == mk_pkg::EXC_LOAD_GUEST_PF ||
               mem_trap_cause == mk_pkg::EXC_STORE_GUEST_PF;
  end

  // The transformed instruction of the MEM load/store/AMO/HLV/HSV: rs1 (and the immediate of
  // plain loads and stores) cleared; a compressed one is expanded, then bit 1 cleared.
  always_comb begin
    mem_tinst = '0;
    if (!mem_len4_q) begin
      if (mem_dec_q.lsu_op == mk_pkg::LSU_LOAD)
        mem_tinst = {17'd0, 1'b0, mem_dec_q.lsu_size, mem_dec_q.rd, 7'h01};
      else if (mem_dec_q.lsu_op == mk_pkg::LSU_STORE)
        mem_tinst = {7'd0, mem_dec_q.rs2, 5'd0, 1'b0, mem_dec_q.lsu_size, 5'd0, 7'h21};
    end else begin
      unique case (mem_raw_q[6:0])
        7'h03:   mem_tinst = mem_raw_q & 32'h0000_7FFF;
        7'h23:   mem_tinst = mem_raw_q & 32'h01F0_707F;
        7'h2F:   mem_tinst = mem_raw_q & ~32'h000F_8000;
        7'h73:   mem_tinst = mem_raw_q[14:12] == 3'd4 ? mem_raw_q & ~32'h000F_8000 : 32'd0;
        default: mem_tinst = '0;
      endcase
    end
  end

  assign trap_gva   = RVH && !mem_trap_intr &&
                      ((virt && trap_addr_cause) || (trap_data_fault && mem_xl_virt));
  assign trap_tval2 = (mem_trap_intr || !trap_gpf || !RVH) ? 64'd0 : mem_trap_tval2;
  assign trap_tinst = mem_trap_intr || !RVH ? 64'd0 :
                      mem_trap_implicit ? (trap_gpf ? 64'h3000 : 64'd0) :
                      (trap_data_fault && mem_xl_virt) ? 64'(mem_tinst) : 64'd0;

  mk_csr #(.RVH(RVH)) u_csr (
    .clk_i, .rst_ni,
    .csr_valid_i   (mem_csr_go),
    .csr_op_i      (mem_dec_q.csr_op),
    .csr_addr_i    (mem_dec_q.csr_addr),
    .csr_we_i      (mem_dec_q.csr_we),
    .csr_operand_i (csr_operand),
    .csr_rdata_o   (csr_rdata),
    .csr_illegal_o (csr_illegal),
    .csr_virtual_o (csr_virtual),
    .csr_rec_addr_o(csr_rec_addr),
    .csr_written_o (csr_written),
    .csr_readback_o(csr_readback),
    .trap_i        (mem_trap),
    .trap_intr_i   (mem_trap_intr),
    .trap_cause_i  (mem_trap_cause),
    .trap_tval_i   (mem_trap_tval),
    .trap_pc_i     (mem_pc_q),
    .trap_tval2_i  (trap_tval2),
    .trap_tinst_i  (trap_tinst),
    .trap_gva_i    (trap_gva),
    .trap_vector_o (trap_vector),
    .mret_i        (mem_mret),
    .sret_i        (mem_sret),
    .xret_m_i      (mem_is_mret),
    .xret_s_i      (mem_is_sret),
    .retire_i      (mem_retires),
    .irq_msip_i, .irq_mtip_i, .irq_meip_i, .irq_seip_i, .mtime_i,
    .priv_o        (priv),
    .virt_o        (virt),
    .data_virt_o   (data_virt),
    .hlv_priv_o    (hlv_priv),
    .hu_o          (csr_hu),
    .vtsr_o        (csr_vtsr),
    .vtw_o         (csr_vtw),
    .vtvm_o        (csr_vtvm),
    .vsatp_o       (csr_vsatp),
    .hgatp_o       (csr_hgatp),
    .vs_sum_o      (csr_vs_sum),
    .vs_mxr_o      (csr_vs_mxr),
    .irq_valid_o   (irq_valid),
    .irq_cause_o   (irq_cause),
    .wake_o        (csr_wake),
    .tw_o          (csr_tw),
    .tsr_o         (csr_tsr),
    .tvm_o         (csr_tvm),
    .data_priv_o   (data_priv),
    .satp_o        (csr_satp),
    .sum_o         (csr_sum),
    .mxr_o         (csr_mxr),
    .pmp_cfg_o     (pmp_cfg),
    .pmp_addr_o    (pmp_addr)
  );

  // MEM keeps the whole decoded record for simplicity; it uses only some of its fields.
  logic unused_mem_dec;
  assign unused_mem_dec = ^mem_dec_q;

  // =====================================================================================
  // WB and the retirement port
  // =====================================================================================
  logic [63:0] wb_pc_q, wb_tval_q, wb_mem_addr_q, wb_mem_paddr_q, wb_mem_rdata_q, wb_mem_wdata_q;
  logic [63:0] wb_csr_wdata_q, cycle_q;
  logic [31:0] wb_insn_q;
  logic [1:0]  wb_mode_q;
  logic        wb_trap_q, wb_intr_q, wb_csr_we_q, wb_v_q;
  logic [4:0]  wb_cause_q;
  logic [7:0]  wb_rmask_q, wb_wmask_q;
  logic [11:0] wb_csr_addr_q;

  assign wb_rf_we   = wb_valid_q && wb_rd_we_q;
  assign wb_rf_addr = wb_rd_q;
  assign wb_rf_data = wb_rd_wdata_q;

  assign rvfi_valid_o     = wb_valid_q;
  assign rvfi_cycle_o     = cycle_q;
  assign rvfi_pc_o        = wb_pc_q;
  assign rvfi_insn_o      = wb_insn_q;
  assign rvfi_mode_o      = wb_mode_q;
  assign rvfi_v_o         = wb_v_q;
  assign rvfi_trap_o      = wb_trap_q;
  assign rvfi_intr_o      = wb_intr_q;
  assign rvfi_cause_o     = wb_cause_q;
  assign rvfi_tval_o      = wb_tval_q;
  assign rvfi_rd_addr_o   = wb_rd_we_q ? wb_rd_q : 5'd0;
  assign rvfi_rd_wdata_o  = wb_rd_we_q ? wb_rd_wdata_q : 64'd0;
  assign rvfi_mem_addr_o  = wb_mem_addr_q;
  assign rvfi_mem_paddr_o = wb_mem_paddr_q;
  assign rvfi_mem_rmask_o = wb_rmask_q;
  assign rvfi_mem_wmask_o = wb_wmask_q;
  assign rvfi_mem_rdata_o = wb_mem_rdata_q;
  assign rvfi_mem_wdata_o = wb_mem_wdata_q;
  assign rvfi_csr_we_o    = wb_csr_we_q;
  assign rvfi_csr_addr_o  = wb_csr_addr_q;
  assign rvfi_csr_wdata_o = wb_csr_wdata_q;

  // The MEM instruction's register result.
  logic [63:0] mem_rd_value;
  always_comb begin
    mem_rd_value = mem_result_q;
    if (mem_is_csr)                      mem_rd_value = csr_rdata;
    else if (mem_is_access && mem_is_sc) mem_rd_value = {63'd0, !sc_ok};
    else if (mem_is_access)              mem_rd_value = mem_load_value;
  end

  // What the retirement record shows of the access: loads, LR and AMOs read; stores, a
  // successful SC and AMOs write.
  logic mem_rec_rd, mem_rec_wr;
  assign mem_rec_rd = mem_is_access && !mem_trap &&
                      (mem_dec_q.lsu_op == mk_pkg::LSU_LOAD || mem_is_lr || mem_is_amo);
  assign mem_rec_wr = mem_is_access && !mem_trap &&
                      (mem_dec_q.lsu_op == mk_pkg::LSU_STORE || (mem_is_sc && sc_ok) ||
                       mem_is_amo);

  logic [7:0] mem_byte_mask;   // the access's bytes, counted from its address
  always_comb begin
    unique case (mem_dec_q.lsu_size)
      2'd0:    mem_byte_mask = 8'h01;
      2'd1:    mem_byte_mask = 8'h03;
      2'd2:    mem_byte_mask = 8'h0F;
      default: mem_byte_mask = 8'hFF;
    endcase
  end

  // =====================================================================================
  // Pipeline registers
  // =====================================================================================
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cycle_q         <= '0;
      id_valid_q      <= 1'b0;
      id_pc_q         <= '0;
      id_instr_q      <= '0;
      id_fault_q      <= 1'b0;
      id_fault_page_q <= 1'b0;
      id_fault_guest_q <= 1'b0;
      id_fault_impl_q <= 1'b0;
      id_fault_hi_q   <= 1'b0;
      id_fault_tval_q <= '0;
      ex_valid_q      <= 1'b0;
      ex_pc_q         <= '0;
      ex_raw_q        <= '0;
      ex_len4_q       <= 1'b0;
      ex_dec_q        <= '0;
      ex_a_q          <= '0;
      ex_b_q          <= '0;
      ex_exc_q        <= 1'b0;
      ex_cause_q      <= '0;
      ex_fimpl_q      <= 1'b0;
      ex_fhi_q        <= 1'b0;
      ex_tval_q       <= '0;
      mem_valid_q     <= 1'b0;
      mem_first_q     <= 1'b0;
      mem_retry_q     <= 1'b0;
      mem_pc_q        <= '0;
      mem_raw_q       <= '0;
      mem_len4_q      <= 1'b0;
      mem_dec_q       <= '0;
      mem_result_q    <= '0;
      mem_addr_q      <= '0;
      mem_wdata_q     <= '0;
      mem_exc_q       <= 1'b0;
      mem_cause_q     <= '0;
      mem_fimpl_q     <= 1'b0;
      mem_fhi_q       <= 1'b0;
      mem_tval_q      <= '0;
      mem_issued_q    <= 1'b0;
      mem_rsp_q       <= 1'b0;
      mem_amo_rd_q    <= 1'b0;
      mem_amo_wr_q    <= 1'b0;
      mem_rdata_q     <= '0;
      resv_valid_q    <= 1'b0;
      resv_addr_q     <= '0;
      wb_valid_q      <= 1'b0;
      wb_rd_we_q      <= 1'b0;
      wb_rd_q         <= '0;
      wb_rd_wdata_q   <= '0;
      wb_pc_q         <= '0;
      wb_insn_q       <= '0;
      wb_mode_q       <= '0;
      wb_v_q          <= 1'b0;
      wb_trap_q       <= 1'b0;
      wb_intr_q       <= 1'b0;
      wb_cause_q      <= '0;
      wb_tval_q       <= '0;
      wb_mem_addr_q   <= '0;
      wb_mem_paddr_q  <= '0;
      wb_rmask_q      <= '0;
      wb_wmask_q      <= '0;
      wb_mem_rdata_q  <= '0;
      wb_mem_wdata_q  <= '0;
      wb_csr_we_q     <= 1'b0;
      wb_csr_addr_q   <= '0;
      wb_csr_wdata_q  <= '0;
    end else begin
      cycle_q <= cycle_q + 64'd1;

      // ---- WB: the MEM instruction when it leaves, else a bubble ----
      wb_valid_q <= mem_leaves;
      if (mem_leaves) begin
        wb_pc_q        <= mem_pc_q;
        wb_insn_q      <= mem_trap_intr ? 32'd0 : mem_raw_q;
        wb_mode_q      <= priv;
        wb_v_q         <= virt;
        wb_trap_q      <= mem_trap && !mem_trap_intr;
        wb_intr_q      <= mem_trap_intr;
        wb_cause_q     <= mem_trap ? mem_trap_cause : 5'd0;
        wb_tval_q      <= mem_trap ? mem_trap_tval : 64'd0;
        wb_rd_we_q     <= !mem_trap && mem_dec_q.rd_we && mem_dec_q.rd != 5'd0;
        wb_rd_q        <= mem_dec_q.rd;
        wb_rd_wdata_q  <= mem_rd_value;
        wb_mem_addr_q  <= (mem_rec_rd || mem_rec_wr) ? mem_addr_q : 64'd0;
        wb_mem_paddr_q <= (mem_rec_rd || mem_rec_wr) ? mem_paddr : 64'd0;
        wb_rmask_q     <= mem_rec_rd ? mem_byte_mask : 8'd0;
        wb_wmask_q     <= mem_rec_wr ? mem_byte_mask : 8'd0;
        wb_mem_rdata_q <= mem_rec_rd ? mem_load_raw : 64'd0;
        wb_mem_wdata_q <= !mem_rec_wr ? 64'd0 : mem_is_amo ? amo_new :
                          (mem_wdata_q & mem_size_mask);
        wb_csr_we_q    <= csr_written;
        wb_csr_addr_q  <= csr_rec_addr;   // the CSR really written (V = 1: the VS one)
        wb_csr_wdata_q <= csr_readback;
      end

      // ---- MEM ----
      if (mem_rsp_now) begin
        mem_rsp_q <= 1'b1;
        if (!mem_is_amo) mem_rdata_q <= data_rsp_i.rdata;
      end
      if (mem_amo_rd_now) begin
        mem_amo_rd_q <= 1'b1;
        mem_rdata_q  <= data_rsp_i.rdata;
      end
      if (mem_req_first && data_ready_i) mem_issued_q <= 1'b1;
      if (mem_req_amo_wr && data_ready_i) mem_amo_wr_q <= 1'b1;
      mem_first_q <= 1'b0;
      // An allowed leaf was filled: the access starts again in the next cycle, and hits.
      mem_retry_q <= mem_valid_q && dptw_done && !d_walk_trap;

      // The LR reservation: set by LR; cleared by every SC, trap, MRET and SRET.
      if (mem_trap || mem_mret || mem_sret || (mem_retires && mem_is_access && mem_is_sc)) begin
        resv_valid_q <= 1'b0;
      end else if (mem_retires && mem_is_access && mem_is_lr) begin
        resv_valid_q <= 1'b1;
        resv_addr_q  <= mem_paddr;
      end

      if (mem_flush || advance) begin
        mem_valid_q  <= !mem_flush && ex_valid_q;
        mem_first_q  <= !mem_flush && ex_valid_q;
        mem_retry_q  <= 1'b0;
        mem_issued_q <= 1'b0;
        mem_rsp_q    <= 1'b0;
        mem_amo_rd_q <= 1'b0;
        mem_amo_wr_q <= 1'b0;
        mem_pc_q     <= ex_pc_q;
        mem_raw_q    <= ex_raw_q;
        mem_len4_q   <= ex_len4_q;
        mem_dec_q    <= ex_dec_q;
        mem_result_q <= ex_dec_q.fu == mk_pkg::FU_MULDIV ? md_result :
                        (ex_dec_q.fu == mk_pkg::FU_CSR || ex_dec_q.fu == mk_pkg::FU_SYS) ?
                        fwd_a : alu_result;
        mem_addr_q   <= alu_result;
        mem_wdata_q  <= fwd_b;
        mem_exc_q    <= ex_exc;
        mem_cause_q  <= ex_cause;
        mem_fimpl_q  <= ex_fimpl_q;
        mem_fhi_q    <= ex_fhi_q;
        mem_tval_q   <= ex_tval;
      end

      // ---- EX ----
      if (mem_flush || (advance && (id_hazard || ex_redirect))) begin
        ex_valid_q <= 1'b0;
      end else if (advance) begin
        ex_valid_q <= id_valid_q;
        ex_pc_q    <= id_pc_q;
        ex_raw_q   <= id_fault_q ? 32'd0 : id_raw;
        ex_len4_q  <= !id_compressed;
        ex_dec_q   <= id_dec;
        ex_a_q     <= rf_a;
        ex_b_q     <= rf_b;
        ex_exc_q   <= id_exc;
        ex_cause_q <= id_cause;
        ex_fimpl_q <= RVH && id_fault_q && id_fault_guest_q && id_fault_impl_q;
        ex_fhi_q   <= RVH && id_fault_q && id_fault_guest_q && id_fault_hi_q;
        ex_tval_q  <= id_tval;
      end else begin
        // Frozen: keep the forwarded operands, as their producers may leave WB meanwhile.
        ex_a_q <= fwd_a;
        ex_b_q <= fwd_b;
      end

      // ---- ID ----
      if (mem_flush || (advance && ex_redirect)) begin
        id_valid_q <= 1'b0;
      end else if (if_take) begin
        id_valid_q      <= if_valid;
        id_pc_q         <= if_pc;
        id_instr_q      <= if_instr;
        id_fault_q      <= if_fault;
        id_fault_page_q <= if_fault_page;
        id_fault_guest_q <= RVH && if_fault_guest;
        id_fault_impl_q <= if_fault_impl;
        id_fault_hi_q   <= if_fault_hi;
        id_fault_tval_q <= if_fault_tval;
      end
    end
  end

endmodule
