// rv_ram: main memory, 64-bit words with byte-write strobes and a fixed,
// configurable access latency (cycles from request to ready, >= 1).
// Read data is registered (maps to block RAM). The simulation harness loads
// programs by writing mem_q directly (it is marked public for Verilator).
`default_nettype none
module rv_ram #(
    parameter int Bytes   = 128 * 1024 * 1024,
    parameter int Latency = 1
) (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
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
    localparam int CW    = (Latency > 1) ? $clog2(Latency) : 1;

    logic [63:0] mem_q [Words] /* verilator public_flat_rw */;
    logic [63:0] rdata_q;
    logic        ready_q;
    logic [CW-1:0] cnt_q;
    logic [AW-1:0] idx;
    logic        go;

    assign idx = addr_i[AW+2:3];
    assign go  = req_i && !ready_q && (cnt_q == CW'(Latency - 1));

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            ready_q <= 1'b0;
            cnt_q   <= '0;
        end else begin
            ready_q <= go;
            if (req_i && !ready_q && !go) cnt_q <= cnt_q + 1'b1;
            else cnt_q <= '0;
        end
    end

    always_ff @(posedge clk_i) begin
        if (go) begin
            if (we_i) begin
                for (int b = 0; b < 8; b++)
                    if (wstrb_i[b]) mem_q[idx][b*8 +: 8] <= wdata_i[b*8 +: 8];
            end
            rdata_q <= mem_q[idx];
        end
    end

    assign ready_o = ready_q;
    assign rdata_o = rdata_q;
endmodule
`default_nettype wire
