// Matryoshka memory bus: the types of the ready/valid bus between the core, the interconnect,
// the devices and the RAM ports. The protocol is in docs/bus.md.
package mk_bus_pkg;

  localparam int unsigned PADDR_W = 56;   // physical address width (Sv39 / Sv39x4 PPN)
  localparam int unsigned DATA_W  = 64;

  // Access size, log2 of the number of bytes.
  typedef enum logic [1:0] {
    SIZE_B = 2'd0,
    SIZE_H = 2'd1,
    SIZE_W = 2'd2,
    SIZE_D = 2'd3
  } size_e;

  // Request, from a manager. Handshake: valid & ready in the same cycle.
  typedef struct packed {
    logic               valid;
    logic [PADDR_W-1:0] addr;   // byte address of the access, naturally aligned to size
    logic               we;
    size_e              size;
    logic [7:0]         be;     // byte enables within the aligned 8-byte word holding addr
    logic [DATA_W-1:0]  wdata;  // write data placed on its byte lanes of that word
  } bus_req_t;

  // Response, to the manager: exactly one per accepted request, in order, never in the same
  // cycle as the handshake. There is no back-pressure on responses.
  typedef struct packed {
    logic               valid;
    logic [DATA_W-1:0]  rdata;  // the whole aligned 8-byte word; the manager picks its bytes
    logic               err;    // nothing answers at addr, or the access is not allowed there
  } bus_rsp_t;

endpackage
