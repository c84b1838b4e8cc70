// Boot ROM at 0x1000 (docs/memory-map.md): the five-instruction reset code, the 64-bit jump
// target at 0x1018 and the device tree at 0x1100. The contents come from INIT_FILE, a
// $readmemh image of 64-bit little-endian words generated at build time from the same reset
// words as cmodel/src/dev_bootrom.c and build/matryoshka.dtb (rtl/soc/gen_bootrom_hex.sh).
//
// The jump target is not in the image: the doubleword at 0x1018 reads entry_i, so the
// harness (the ELF's entry) or a board top (0x8000_0000) chooses it without a rebuild.
//
// Two read ports, one for fetch and one for data (a dual-port block RAM on an FPGA). Every
// naturally aligned read size is accepted and answered one cycle after the handshake with the
// whole 8-byte word; stores answer err. The region is 60 KiB; bytes beyond the image read 0.
module mk_bootrom #(
  parameter              INIT_FILE = "build/rtl/soc/mk_bootrom.hex",  // (Yosys 0.23: no `string`)
  parameter int unsigned WORDS     = 512               // image size in 8-byte words (4 KiB)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic [63:0]          entry_i,

  input  mk_bus_pkg::bus_req_t i_req_i,
  output logic                 i_ready_o,
  output mk_bus_pkg::bus_rsp_t i_rsp_o,
  input  mk_bus_pkg::bus_req_t d_req_i,
  output logic                 d_ready_o,
  output mk_bus_pkg::bus_rsp_t d_rsp_o
);

  localparam int unsigned IDX_W = $clog2(WORDS);
  localparam int unsigned OFF_W = 16;    // the 0xF000-byte region
  localparam logic [OFF_W-4:0] ENTRY_WORD = (OFF_W-3)'(mk_soc_pkg::BOOTROM_ENTRY_OFFSET / 8);

  // Without the hint Yosys 0.23 maps a two-port ROM of this shape to logic.
  (* rom_style = "block" *) logic [63:0] rom [WORDS];
  initial $readmemh(INIT_FILE, rom);

  assign i_ready_o = 1'b1;
  assign d_ready_o = 1'b1;

  // One read port: the word is read every accepted cycle (a plain synchronous block-RAM read);
  // the entry and out-of-image cases are applied after it, from registered flags.
  logic [OFF_W-4:0] i_word, d_word;
  logic [63:0]      i_data_q, d_data_q;
  logic             i_valid_q, i_err_q, i_entry_q, i_in_image_q;
  logic             d_valid_q, d_err_q, d_entry_q, d_in_image_q;

  logic [OFF_W-1:0] i_off, d_off;
  assign i_off  = OFF_W'(i_req_i.addr - mk_soc_pkg::BOOTROM_BASE);
  assign d_off  = OFF_W'(d_req_i.addr - mk_soc_pkg::BOOTROM_BASE);
  assign i_word = i_off[OFF_W-1:3];
  assign d_word = d_off[OFF_W-1:3];

  always_ff @(posedge clk_i) begin
    if (i_req_i.valid) i_data_q <= rom[i_word[IDX_W-1:0]];
    if (d_req_i.valid) d_data_q <= rom[d_word[IDX_W-1:0]];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      i_valid_q    <= 1'b0;
      i_err_q      <= 1'b0;
      i_entry_q    <= 1'b0;
      i_in_image_q <= 1'b0;
      d_valid_q    <= 1'b0;
      d_err_q      <= 1'b0;
      d_entry_q    <= 1'b0;
      d_in_image_q <= 1'b0;
    end else begin
      i_valid_q    <= i_req_i.valid;
      i_err_q      <= i_req_i.we;
      i_entry_q    <= i_word == ENTRY_WORD;
      i_in_image_q <= i_word < (OFF_W-3)'(WORDS);
      d_valid_q    <= d_req_i.valid;
      d_err_q      <= d_req_i.we;
      d_entry_q    <= d_word == ENTRY_WORD;
      d_in_image_q <= d_word < (OFF_W-3)'(WORDS);
    end
  end

  always_comb begin
    i_rsp_o       = '0;
    i_rsp_o.valid = i_valid_q;
    i_rsp_o.err   = i_err_q;
    i_rsp_o.rdata = i_entry_q ? entry_i : (i_in_image_q ? i_data_q : '0);
    d_rsp_o       = '0;
    d_rsp_o.valid = d_valid_q;
    d_rsp_o.err   = d_err_q;
    d_rsp_o.rdata = d_entry_q ? entry_i : (d_in_image_q ? d_data_q : '0);
  end

  // Only the offset and we matter to a ROM.
  logic unused_req;
  assign unused_req = ^{i_off[2:0], d_off[2:0], i_req_i.addr, i_req_i.size, i_req_i.be, i_req_i.wdata,
                        d_req_i.addr, d_req_i.size, d_req_i.be, d_req_i.wdata};

endmodule
