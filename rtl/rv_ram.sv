// rv_ram: main memory, 64-bit words. Two ports: a read-only instruction
// port and a read/write data port with byte strobes. Each port accepts a
// request every cycle and answers Latency cycles later (>= 1; read data is
// registered, so the array maps to block RAM). Reads see earlier writes.
// The simulation harness loads programs by writing mem_q directly (it is
// marked public for Verilator).
`default_nettype none
module rv_ram #(
    parameter int Bytes   = 128 * 1024 * 1024,
    parameter int Latency = 1
) (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    // instruction port
    input  wire logic        ireq_i,
    input  wire logic [55:0] iaddr_i,
    output logic             iready_o,
    output logic      [63:0] irdata_o,
    // data port
    input  wire logic        req_i,
    input  wire logic        we_i,
    input  wire logic [55:0] addr_i,
    input  wire logic [63:0] wdata_i,
    input  wire logic [7:0]  wstrb_i,
    output logic             ready_o,
    output logic      [63:0] rdata_o
);
    localparam int Words = Bytes / 8;
    localparam int AW    = $clog2(Words);

    logic [63:0] mem_q [Words] /* verilator public_flat_rw */;
    logic [63:0] drd_q [Latency];
    logic [63:0] ird_q [Latency];
    logic [Latency-1:0] dv_q, iv_q;
    logic [AW-1:0] didx, iidx;

    assign didx = addr_i[AW+2:3];
    assign iidx = iaddr_i[AW+2:3];

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            dv_q <= '0;
            iv_q <= '0;
        end else begin
            dv_q[0] <= req_i;
            iv_q[0] <= ireq_i;
            for (int i = 1; i < Latency; i++) begin
                dv_q[i] <= dv_q[i-1];
                iv_q[i] <= iv_q[i-1];
            end
        end
    end

    always_ff @(posedge clk_i) begin
        if (req_i && we_i) begin
            for (int b = 0; b < 8; b++)
                if (wstrb_i[b]) mem_q[didx][b*8 +: 8] <= wdata_i[b*8 +: 8];
        end
        if (req_i) drd_q[0] <= mem_q[didx];
        if (ireq_i) ird_q[0] <= mem_q[iidx];
        for (int i = 1; i < Latency; i++) begin
            drd_q[i] <= drd_q[i-1];
            ird_q[i] <= ird_q[i-1];
        end
    end

    assign ready_o  = dv_q[Latency-1];
    assign rdata_o  = drd_q[Latency-1];
    assign iready_o = iv_q[Latency-1];
    assign irdata_o = ird_q[Latency-1];
endmodule
`default_nettype wire
