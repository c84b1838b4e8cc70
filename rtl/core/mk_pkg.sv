// Matryoshka core package: the types shared by the core's modules (the decoded instruction and
// the operation codes of the ALU, LSU, multiplier/divider, CSR and system units), the exception
// causes, the CSR addresses and the identification values. The contract behind them is
// docs/isa.md; the latencies of the units are in docs/timing.md.
package mk_pkg;

  // Lint waiver: a package offers constants to every module; a module that uses only some of
  // them must not make Verilator report the rest as unused.
  /* verilator lint_off UNUSEDPARAM */

  localparam int unsigned XLEN = 64;

  // Identification (docs/isa.md "Identification").
  localparam logic [63:0] MVENDORID = 64'h0;
  localparam logic [63:0] MARCHID   = 64'h4D4B_0001;  // "MK", design 1
  localparam logic [63:0] MIMPID    = 64'h0001_0000;  // version 1.0
  // misa with H (RVH = 1); mk_csr clears MISA_H when the core is built with RVH = 0.
  localparam logic [63:0] MISA      = 64'h8000_0000_0014_1185;  // RV64 A C H I M S U
  localparam logic [63:0] MISA_H    = 64'h0000_0000_0000_0080;

  // Reset vector: the boot ROM.
  localparam logic [63:0] RESET_PC = 64'h0000_0000_0000_1000;

  // Base opcodes (instruction bits 6:0).
  typedef enum logic [6:0] {
    OPC_LOAD     = 7'h03,
    OPC_MISC_MEM = 7'h0f,
    OPC_OP_IMM   = 7'h13,
    OPC_AUIPC    = 7'h17,
    OPC_OP_IMM32 = 7'h1b,
    OPC_STORE    = 7'h23,
    OPC_AMO      = 7'h2f,
    OPC_OP       = 7'h33,
    OPC_LUI      = 7'h37,
    OPC_OP32     = 7'h3b,
    OPC_BRANCH   = 7'h63,
    OPC_JALR     = 7'h67,
    OPC_JAL      = 7'h6f,
    OPC_SYSTEM   = 7'h73
  } opcode_e;

  // Which unit executes an instruction.
  typedef enum logic [2:0] {
    FU_ALU    = 3'd0,  // result from the ALU (also LUI, AUIPC)
    FU_BRANCH = 3'd1,  // conditional branch: the ALU compares, the target is pc + imm
    FU_JAL    = 3'd2,  // target pc + imm; link pc + length (ALU)
    FU_JALR   = 3'd3,  // target (rs1 + imm) & ~1; link pc + length (ALU)
    FU_LSU    = 3'd4,  // loads, stores, LR/SC, AMOs, HLV/HLVX/HSV
    FU_MULDIV = 3'd5,  // M extension
    FU_CSR    = 3'd6,  // Zicsr
    FU_SYS    = 3'd7   // ECALL, EBREAK, xRET, WFI, fences
  } fu_e;

  // ALU operations. The compare operations drive cmp_o (branches) and give 0/1 as the result
  // (SLT/SLTI = ALU_LT, SLTU/SLTIU = ALU_LTU). The *W operations work on the low 32 bits and
  // sign-extend the 32-bit result.
  typedef enum logic [4:0] {
    ALU_ADD  = 5'd0,
    ALU_SUB  = 5'd1,
    ALU_XOR  = 5'd2,
    ALU_OR   = 5'd3,
    ALU_AND  = 5'd4,
    ALU_SLL  = 5'd5,
    ALU_SRL  = 5'd6,
    ALU_SRA  = 5'd7,
    ALU_ADDW = 5'd8,
    ALU_SUBW = 5'd9,
    ALU_SLLW = 5'd10,
    ALU_SRLW = 5'd11,
    ALU_SRAW = 5'd12,
    ALU_EQ   = 5'd13,
    ALU_NE   = 5'd14,
    ALU_LT   = 5'd15,
    ALU_GE   = 5'd16,
    ALU_LTU  = 5'd17,
    ALU_GEU  = 5'd18
  } alu_op_e;

  // ALU operand A and B sources.
  typedef enum logic [1:0] {
    OPA_RS1  = 2'd0,
    OPA_PC   = 2'd1,
    OPA_ZERO = 2'd2
  } opa_sel_e;

  typedef enum logic [1:0] {
    OPB_RS2 = 2'd0,
    OPB_IMM = 2'd1,
    OPB_LEN = 2'd2   // the instruction's length, 2 or 4: the link address of JAL/JALR
  } opb_sel_e;

  // Load/store unit operations.
  typedef enum logic [2:0] {
    LSU_NONE  = 3'd0,
    LSU_LOAD  = 3'd1,
    LSU_STORE = 3'd2,
    LSU_LR    = 3'd3,
    LSU_SC    = 3'd4,
    LSU_AMO   = 3'd5
  } lsu_op_e;

  // AMO operations (instruction bits 31:27 are their funct5).
  typedef enum logic [3:0] {
    AMO_SWAP = 4'd0,
    AMO_ADD  = 4'd1,
    AMO_XOR  = 4'd2,
    AMO_AND  = 4'd3,
    AMO_OR   = 4'd4,
    AMO_MIN  = 4'd5,
    AMO_MAX  = 4'd6,
    AMO_MINU = 4'd7,
    AMO_MAXU = 4'd8
  } amo_op_e;

  // Multiplier/divider operations (funct3 of OP/OP-32 with funct7 = 1). The W forms set
  // md_word.
  typedef enum logic [2:0] {
    MD_MUL    = 3'd0,
    MD_MULH   = 3'd1,
    MD_MULHSU = 3'd2,
    MD_MULHU  = 3'd3,
    MD_DIV    = 3'd4,
    MD_DIVU   = 3'd5,
    MD_REM    = 3'd6,
    MD_REMU   = 3'd7
  } md_op_e;

  // Zicsr operations; the immediate forms set csr_imm (the operand is the zimm in imm).
  typedef enum logic [1:0] {
    CSR_RW = 2'd1,
    CSR_RS = 2'd2,
    CSR_RC = 2'd3
  } csr_op_e;

  // System operations (FU_SYS).
  typedef enum logic [3:0] {
    SYS_NONE        = 4'd0,
    SYS_ECALL       = 4'd1,
    SYS_EBREAK      = 4'd2,
    SYS_MRET        = 4'd3,
    SYS_SRET        = 4'd4,
    SYS_WFI         = 4'd5,
    SYS_FENCE       = 4'd6,
    SYS_FENCE_I     = 4'd7,
    SYS_SFENCE_VMA  = 4'd8,
    SYS_HFENCE_VVMA = 4'd9,
    SYS_HFENCE_GVMA = 4'd10
  } sys_op_e;

  // A decoded 32-bit instruction (compressed ones are expanded first). Register numbers are
  // always the instruction's fields; the *_re / rd_we bits say which ones the instruction
  // really uses, so that hazard detection and forwarding look only at those. The decoder
  // knows nothing of privilege: whether an instruction is allowed in the current mode (CSR
  // access, xRET, WFI, SFENCE.VMA, HLV...) is decided later, as docs/isa.md describes.
  // lsu_size is a plain vector because Yosys 0.23 cannot use another package's typedef inside
  // a package.
  typedef struct packed {
    logic               illegal;   // not an RV64IMAC + Zicsr + Zifencei + privileged (+H) insn
    fu_e                fu;
    alu_op_e            alu_op;
    opa_sel_e           opa_sel;
    opb_sel_e           opb_sel;
    logic [31:0]        imm;       // sign-extend to 64 bits; shamt for shifts, zimm for CSR*I
    logic [4:0]         rs1;
    logic [4:0]         rs2;
    logic [4:0]         rd;
    logic               rs1_re;
    logic               rs2_re;
    logic               rd_we;
    lsu_op_e            lsu_op;
    logic [1:0]         lsu_size;      // log2 of the bytes: mk_bus_pkg::size_e's encoding
    logic               lsu_unsigned;  // zero-extending load (LBU, LHU, LWU, HLV.*U, HLVX.*)
    amo_op_e            amo_op;
    logic               lsu_hyp;       // HLV, HLVX, HSV: as though V = 1 at hstatus.SPVP
    logic               lsu_hlvx;      // HLVX: execute permission instead of read
    md_op_e             md_op;
    logic               md_word;       // MULW, DIVW, DIVUW, REMW, REMUW
    csr_op_e            csr_op;
    logic               csr_imm;       // CSRRWI, CSRRSI, CSRRCI: operand = imm (zimm)
    logic [11:0]        csr_addr;
    logic               csr_re;        // reads the CSR (CSRRW/CSRRWI with rd = x0 do not)
    logic               csr_we;        // writes it (CSRRS/CSRRC with rs1 field = 0 do not)
    sys_op_e            sys_op;
  } decoded_t;

  // Synchronous exception causes (mcause/scause codes).
  typedef enum logic [4:0] {
    EXC_INSN_MISALIGNED    = 5'd0,
    EXC_INSN_ACCESS        = 5'd1,
    EXC_ILLEGAL_INSN       = 5'd2,
    EXC_BREAKPOINT         = 5'd3,
    EXC_LOAD_MISALIGNED    = 5'd4,
    EXC_LOAD_ACCESS        = 5'd5,
    EXC_STORE_MISALIGNED   = 5'd6,
    EXC_STORE_ACCESS       = 5'd7,
    EXC_ECALL_U            = 5'd8,
    EXC_ECALL_S            = 5'd9,
    EXC_ECALL_VS           = 5'd10,
    EXC_ECALL_M            = 5'd11,
    EXC_INSN_PAGE_FAULT    = 5'd12,
    EXC_LOAD_PAGE_FAULT    = 5'd13,
    EXC_STORE_PAGE_FAULT   = 5'd15,
    EXC_INSN_GUEST_PF      = 5'd20,
    EXC_LOAD_GUEST_PF      = 5'd21,
    EXC_VIRTUAL_INSN       = 5'd22,
    EXC_STORE_GUEST_PF     = 5'd23
  } exc_cause_e;

  // Interrupt codes (mcause with bit 63 set; bit positions in mip/mie).
  typedef enum logic [4:0] {
    IRQ_SSI  = 5'd1,
    IRQ_VSSI = 5'd2,
    IRQ_MSI  = 5'd3,
    IRQ_STI  = 5'd5,
    IRQ_VSTI = 5'd6,
    IRQ_MTI  = 5'd7,
    IRQ_SEI  = 5'd9,
    IRQ_VSEI = 5'd10,
    IRQ_MEI  = 5'd11,
    IRQ_SGEI = 5'd12
  } irq_code_e;

  // Privilege levels (mstatus.MPP encoding).
  typedef enum logic [1:0] {
    PRIV_U = 2'd0,
    PRIV_S = 2'd1,
    PRIV_M = 2'd3
  } priv_e;

  // CSR addresses (docs/isa.md has every CSR with its reset value and WARL rule).
  typedef enum logic [11:0] {
    CSR_SSTATUS       = 12'h100,
    CSR_SIE           = 12'h104,
    CSR_STVEC         = 12'h105,
    CSR_SCOUNTEREN    = 12'h106,
    CSR_SENVCFG       = 12'h10A,
    CSR_SSCRATCH      = 12'h140,
    CSR_SEPC          = 12'h141,
    CSR_SCAUSE        = 12'h142,
    CSR_STVAL         = 12'h143,
    CSR_SIP           = 12'h144,
    CSR_STIMECMP      = 12'h14D,
    CSR_SATP          = 12'h180,
    CSR_VSSTATUS      = 12'h200,
    CSR_VSIE          = 12'h204,
    CSR_VSTVEC        = 12'h205,
    CSR_VSSCRATCH     = 12'h240,
    CSR_VSEPC         = 12'h241,
    CSR_VSCAUSE       = 12'h242,
    CSR_VSTVAL        = 12'h243,
    CSR_VSIP          = 12'h244,
    CSR_VSTIMECMP     = 12'h24D,
    CSR_VSATP         = 12'h280,
    CSR_MSTATUS       = 12'h300,
    CSR_MISA          = 12'h301,
    CSR_MEDELEG       = 12'h302,
    CSR_MIDELEG       = 12'h303,
    CSR_MIE           = 12'h304,
    CSR_MTVEC         = 12'h305,
    CSR_MCOUNTEREN    = 12'h306,
    CSR_MENVCFG       = 12'h30A,
    CSR_MCOUNTINHIBIT = 12'h320,
    CSR_MHPMEVENT3    = 12'h323,
    CSR_MHPMEVENT31   = 12'h33F,
    CSR_MSCRATCH      = 12'h340,
    CSR_MEPC          = 12'h341,
    CSR_MCAUSE        = 12'h342,
    CSR_MTVAL         = 12'h343,
    CSR_MIP           = 12'h344,
    CSR_MTINST        = 12'h34A,
    CSR_MTVAL2        = 12'h34B,
    CSR_PMPCFG0       = 12'h3A0,
    CSR_PMPCFG2       = 12'h3A2,
    CSR_PMPCFG14      = 12'h3AE,
    CSR_PMPADDR0      = 12'h3B0,
    CSR_PMPADDR15     = 12'h3BF,
    CSR_PMPADDR63     = 12'h3EF,
    CSR_HSTATUS       = 12'h600,
    CSR_HEDELEG       = 12'h602,
    CSR_HIDELEG       = 12'h603,
    CSR_HIE           = 12'h604,
    CSR_HTIMEDELTA    = 12'h605,
    CSR_HCOUNTEREN    = 12'h606,
    CSR_HGEIE         = 12'h607,
    CSR_HENVCFG       = 12'h60A,
    CSR_HTVAL         = 12'h643,
    CSR_HIP           = 12'h644,
    CSR_HVIP          = 12'h645,
    CSR_HTINST        = 12'h64A,
    CSR_HGATP         = 12'h680,
    CSR_MCYCLE        = 12'hB00,
    CSR_MINSTRET      = 12'hB02,
    CSR_MHPMCOUNTER3  = 12'hB03,
    CSR_MHPMCOUNTER31 = 12'hB1F,
    CSR_CYCLE         = 12'hC00,
    CSR_TIME          = 12'hC01,
    CSR_INSTRET       = 12'hC02,
    CSR_HPMCOUNTER3   = 12'hC03,
    CSR_HPMCOUNTER31  = 12'hC1F,
    CSR_HGEIP         = 12'hE12,
    CSR_MVENDORID     = 12'hF11,
    CSR_MARCHID       = 12'hF12,
    CSR_MIMPID        = 12'hF13,
    CSR_MHARTID       = 12'hF14,
    CSR_MCONFIGPTR    = 12'hF15
  } csr_num_e;

  // TLB entry stages (docs/isa.md "H extension: two-stage translation", "TLB"; the C model's
  // MK_TLB_HS, MK_TLB_VS_G, MK_TLB_G).
  localparam logic [1:0] TLB_HS   = 2'd0;   // V = 0: Sv39 under satp
  localparam logic [1:0] TLB_VS_G = 2'd1;   // V = 1: vsatp Sv39 and hgatp
  localparam logic [1:0] TLB_G    = 2'd2;   // V = 1, vsatp Bare: G-stage only

  // Multiplier/divider latency (docs/timing.md "Functional units"): the number of cycles
  // from the cycle a request is accepted to the cycle its result is valid. Fixed per class,
  // whatever the operands.
  localparam int unsigned MUL_LATENCY  = 3;   // MUL, MULH, MULHSU, MULHU, MULW
  localparam int unsigned DIV_LATENCY  = 65;  // DIV, DIVU, REM, REMU
  localparam int unsigned DIVW_LATENCY = 33;  // DIVW, DIVUW, REMW, REMUW

  /* verilator lint_on UNUSEDPARAM */

endpackage
