// The data path of loads and stores (combinational): the misalignment check, the byte enables
// and write lanes of a store within its aligned doubleword (docs/bus.md), and the extraction
// and extension of a load's bytes from the doubleword the bus returns.
module mk_lsu (
  input  logic [1:0]  size_i,          // log2 of the bytes (mk_bus_pkg::size_e encoding)
  input  logic        unsigned_i,
  input  logic [2:0]  offset_i,        // the address's offset in its doubleword
  input  logic [63:0] store_data_i,
  input  logic [63:0] rdata_word_i,    // the bus response: the whole aligned doubleword
  output logic        misaligned_o,
  output logic [7:0]  be_o,
  output logic [63:0] wdata_o,         // store data on its byte lanes
  output logic [63:0] size_mask_o,     // ones over the access's bytes, from bit 0
  output logic [63:0] load_raw_o,      // the loaded bytes, zero-extended
  output logic [63:0] load_value_o     // the loaded value, extended as the instruction says
);

  logic [5:0]  shift;
  logic [7:0]  be_base;
  logic [63:0] shifted;

  assign shift = {offset_i, 3'b000};

  always_comb begin
    unique case (size_i)
      2'd0: begin be_base = 8'h01; size_mask_o = 64'hFF;        misaligned_o = 1'b0; end
      2'd1: begin be_base = 8'h03; size_mask_o = 64'hFFFF;      misaligned_o = offset_i[0]; end
      2'd2: begin be_base = 8'h0F; size_mask_o = 64'hFFFF_FFFF; misaligned_o = offset_i[1:0] != 2'd0; end
      default: begin be_base = 8'hFF; size_mask_o = '1;        misaligned_o = offset_i != 3'd0; end
    endcase
  end

  assign be_o       = be_base << offset_i;
  assign wdata_o    = store_data_i << shift;
  assign shifted    = rdata_word_i >> shift;
  assign load_raw_o = shifted & size_mask_o;

  always_comb begin
    unique case (size_i)
      2'd0:    load_value_o = unsigned_i ? load_raw_o : {{56{shifted[7]}}, shifted[7:0]};
      2'd1:    load_value_o = unsigned_i ? load_raw_o : {{48{shifted[15]}}, shifted[15:0]};
      2'd2:    load_value_o = unsigned_i ? load_raw_o : {{32{shifted[31]}}, shifted[31:0]};
      default: load_value_o = shifted;
    endcase
  end

endmodule
