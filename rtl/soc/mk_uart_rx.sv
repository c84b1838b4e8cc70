// UART receiver: 8N1 frames sampled with 16 baud ticks per bit. A low level starts a frame;
// the start bit is checked at its middle (a glitch returns to idle) and every later bit is
// sampled 16 ticks after the previous sample. A frame whose stop bit is low (framing error) is
// dropped. rx_i must already be synchronised to clk_i.
module mk_uart_rx (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       tick16_i,
  input  logic       rx_i,
  output logic       valid_o,     // one cycle per received byte
  output logic [7:0] data_o
);

  typedef enum logic [1:0] {IDLE, START, DATA, STOP} state_e;

  state_e     state_q;
  logic [3:0] tick_q;
  logic [2:0] bit_q;
  logic [7:0] shift_q;
  logic       valid_q;

  assign valid_o = valid_q;
  assign data_o  = shift_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= IDLE;
      tick_q  <= '0;
      bit_q   <= '0;
      shift_q <= '0;
      valid_q <= 1'b0;
    end else begin
      valid_q <= 1'b0;
      unique case (state_q)
        IDLE: begin
          tick_q <= '0;
          if (!rx_i) state_q <= START;
        end
        START: if (tick16_i) begin
          tick_q <= tick_q + 1'b1;
          if (tick_q == 4'd7) begin          // middle of the start bit
            tick_q  <= '0;
            bit_q   <= '0;
            state_q <= rx_i ? IDLE : DATA;
          end
        end
        DATA: if (tick16_i) begin
          tick_q <= tick_q + 1'b1;
          if (tick_q == 4'd15) begin
            shift_q <= {rx_i, shift_q[7:1]};
            bit_q   <= bit_q + 1'b1;
            if (bit_q == 3'd7) state_q <= STOP;
          end
        end
        STOP: if (tick16_i) begin
          tick_q <= tick_q + 1'b1;
          if (tick_q == 4'd15) begin
            valid_q <= rx_i;
            state_q <= IDLE;
          end
        end
        default: state_q <= IDLE;
      endcase
    end
  end

endmodule
