// Bench wrapper of mk_mmu (a DTLB of 16 entries with its walker): the bus as plain vectors and
// the privilege as a number, so that the C++ bench drives it without the packages' types.
module tb_mmu (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic [63:0]  vaddr_i,
  input  logic         virt_i,
  input  logic [1:0]   priv_i,
  input  logic         store_i,
  input  logic         hlvx_i,
  input  logic [63:0]  satp_i,
  input  logic [63:0]  vsatp_i,
  input  logic [63:0]  hgatp_i,
  input  logic         sum_i,
  input  logic         mxr_i,
  input  logic         gmxr_i,
  input  logic         start_i,
  input  logic [127:0] pmp_cfg_i,
  input  logic [863:0] pmp_addr_i,
  output logic         req_valid_o,
  output logic [55:0]  req_addr_o,
  input  logic         rsp_valid_i,
  input  logic [63:0]  rsp_rdata_i,
  input  logic         rsp_err_i,
  input  logic         fence_i,
  input  logic [2:0]   fence_stages_i,
  input  logic         fence_vpn_valid_i,
  input  logic [26:0]  fence_vpn_i,
  input  logic         fence_asid_valid_i,
  input  logic [15:0]  fence_asid_i,
  output logic         on_o,
  output logic         ok_o,
  output logic [55:0]  pa_o,
  output logic         miss_o,
  output logic         lk_fault_o,
  output logic         busy_o,
  output logic         done_o,
  output logic         walk_fault_o,
  output logic         fault_page_o,
  output logic         fault_guest_o,
  output logic         fault_implicit_o,
  output logic [63:0]  fault_tval2_o
);
  mk_bus_pkg::bus_req_t req;
  mk_bus_pkg::bus_rsp_t rsp;
  logic                 pa_high;
  assign req_valid_o = req.valid;
  assign req_addr_o  = req.addr;
  assign rsp.valid   = rsp_valid_i;
  assign rsp.rdata   = rsp_rdata_i;
  assign rsp.err     = rsp_err_i;

  mk_mmu #(.H(1'b1), .ENTRIES(16)) u_dut (
    .clk_i, .rst_ni, .vaddr_i, .virt_i, .priv_i(mk_pkg::priv_e'(priv_i)), .fetch_i(1'b0),
    .store_i, .hlvx_i, .satp_i, .vsatp_i, .hgatp_i, .sum_i, .mxr_i, .gmxr_i, .start_i,
    .kill_i(1'b0), .pmp_cfg_i, .pmp_addr_i, .req_o(req), .ready_i(1'b1), .rsp_i(rsp),
    .fence_i, .fence_stages_i, .fence_vpn_valid_i,
    .fence_vpn_i, .fence_asid_valid_i, .fence_asid_i,
    .on_o, .ok_o, .pa_o, .pa_high_o(pa_high), .miss_o, .lk_fault_o, .busy_o, .done_o,
    .walk_fault_o, .fault_page_o, .fault_guest_o, .fault_implicit_o, .fault_tval2_o
  );
endmodule
