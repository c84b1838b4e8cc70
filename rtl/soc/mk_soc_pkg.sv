// Matryoshka SoC: the memory map and device register offsets (docs/memory-map.md is the
// contract; cmodel/src/soc.h and dev_*.c implement the same numbers).
package mk_soc_pkg;

  // A table of constants: each module uses a few of them, so Verilator's per-module unused
  // check does not apply here.
  /* verilator lint_off UNUSEDPARAM */

  // mk_bus_pkg::PADDR_W; Yosys 0.23 cannot refer to one package from another.
  localparam int unsigned PADDR_W = 56;

  // Regions: base and size in bytes.
  localparam logic [PADDR_W-1:0] BOOTROM_BASE  = 56'h0000_1000;
  localparam logic [PADDR_W-1:0] BOOTROM_SIZE  = 56'h0000_F000;
  localparam logic [PADDR_W-1:0] FINISHER_BASE = 56'h0010_0000;
  localparam logic [PADDR_W-1:0] FINISHER_SIZE = 56'h0000_1000;
  localparam logic [PADDR_W-1:0] CLINT_BASE    = 56'h0200_0000;
  localparam logic [PADDR_W-1:0] CLINT_SIZE    = 56'h0001_0000;
  localparam logic [PADDR_W-1:0] PLIC_BASE     = 56'h0C00_0000;
  localparam logic [PADDR_W-1:0] PLIC_SIZE     = 56'h0060_0000;
  localparam logic [PADDR_W-1:0] UART0_BASE    = 56'h1000_0000;
  localparam logic [PADDR_W-1:0] UART0_SIZE    = 56'h0000_0100;
  localparam logic [PADDR_W-1:0] DRAM_BASE     = 56'h8000_0000;
  localparam logic [PADDR_W-1:0] DRAM_SIZE_DEFAULT = 56'h1000_0000;  // 256 MiB

  // Boot ROM: the 64-bit jump target sits at this offset, the device tree at DTB_OFFSET.
  localparam int unsigned BOOTROM_ENTRY_OFFSET = 'h18;
  localparam int unsigned BOOTROM_DTB_OFFSET   = 'h100;

  // Finisher: low 16 bits of a 32-bit write at offset 0.
  localparam logic [15:0] FINISHER_FAIL  = 16'h3333;
  localparam logic [15:0] FINISHER_PASS  = 16'h5555;
  localparam logic [15:0] FINISHER_RESET = 16'h7777;

  // CLINT offsets; mtime advances once every MTIME_DIVIDER core cycles (10 MHz at 50 MHz).
  localparam logic [15:0] CLINT_MSIP     = 16'h0000;
  localparam logic [15:0] CLINT_MTIMECMP = 16'h4000;
  localparam logic [15:0] CLINT_MTIME    = 16'hBFF8;
  localparam int unsigned MTIME_DIVIDER  = 5;

  // PLIC: 31 sources (1..31, 0 = none), 2 contexts (0: M-mode -> MEIP, 1: S-mode -> SEIP).
  localparam int unsigned PLIC_SOURCES  = 32;
  localparam int unsigned PLIC_CONTEXTS = 2;
  localparam int unsigned PLIC_PRIO_W   = 3;
  localparam logic [22:0] PLIC_PENDING  = 23'h00_1000;
  localparam logic [22:0] PLIC_ENABLE0  = 23'h00_2000;
  localparam logic [22:0] PLIC_ENABLE1  = 23'h00_2080;
  localparam logic [22:0] PLIC_THRESH0  = 23'h20_0000;
  localparam logic [22:0] PLIC_CLAIM0   = 23'h20_0004;
  localparam logic [22:0] PLIC_THRESH1  = 23'h20_1000;
  localparam logic [22:0] PLIC_CLAIM1   = 23'h20_1004;
  localparam int unsigned UART0_IRQ     = 10;

  // UART (NS16550A, reg-shift 0) register offsets and bits.
  localparam logic [7:0] UART_RBR_THR = 8'd0;
  localparam logic [7:0] UART_IER     = 8'd1;
  localparam logic [7:0] UART_IIR_FCR = 8'd2;
  localparam logic [7:0] UART_LCR     = 8'd3;
  localparam logic [7:0] UART_MCR     = 8'd4;
  localparam logic [7:0] UART_LSR     = 8'd5;
  localparam logic [7:0] UART_MSR     = 8'd6;
  localparam logic [7:0] UART_SCR     = 8'd7;
  localparam logic [7:0] UART_IIR_NONE = 8'h01;
  localparam logic [7:0] UART_IIR_THRE = 8'h02;
  localparam logic [7:0] UART_IIR_RDA  = 8'h04;
  localparam logic [7:0] UART_IIR_FIFO = 8'hC0;
  localparam logic [7:0] UART_MSR_READY = 8'hB0;  // DCD, DSR, CTS: the other end is there
  localparam logic [7:0] UART_DLL_RESET = 8'd12;  // 3.6864 MHz / (16 * 12) = 19200 baud

  /* verilator lint_on UNUSEDPARAM */

endpackage
