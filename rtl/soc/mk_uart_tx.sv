// UART transmitter: 8N1 frames (start bit, 8 data bits LSB first, stop bit), 16 baud ticks
// per bit. It takes the next byte from a FIFO (valid/ready) whenever the line is idle.
module mk_uart_tx (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       tick16_i,     // 16 times the baud rate
  input  logic       valid_i,
  input  logic [7:0] data_i,
  output logic       ready_o,      // pops data_i
  output logic       busy_o,       // a frame is on the line
  output logic       tx_o
);

  logic [9:0] shift_q;             // {stop, data, start}, bit 0 on the line
  logic [3:0] bits_q;              // bits of the frame still to send
  logic [3:0] tick_q;              // ticks into the current bit

  assign busy_o  = bits_q != '0;
  assign ready_o = !busy_o;
  assign tx_o    = busy_o ? shift_q[0] : 1'b1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      shift_q <= '1;
      bits_q  <= '0;
      tick_q  <= '0;
    end else if (!busy_o) begin
      if (valid_i) begin
        shift_q <= {1'b1, data_i, 1'b0};
        bits_q  <= 4'd10;
        tick_q  <= '0;
      end
    end else if (tick16_i) begin
      tick_q <= tick_q + 1'b1;
      if (tick_q == 4'd15) begin
        shift_q <= {1'b1, shift_q[9:1]};
        bits_q  <= bits_q - 1'b1;
      end
    end
  end

endmodule
