// rv_rom: boot ROM (64-bit words) at 0x1000, initialised from a $readmemh
// file holding the reset code and the device tree blob. Read-only; writes
// are acknowledged and ignored. Responds one cycle after a request.
`default_nettype none
module rv_rom #(
    parameter int    Words    = 1024,
    parameter        InitFile = ""
) (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    input  wire logic        req_i,
    input  wire logic [55:0] addr_i,
    output logic             ready_o,
    output logic      [63:0] rdata_o
);
    localparam int AW = $clog2(Words);
    logic [63:0] rom [Words];
    logic [63:0] rdata_q;
    logic        ready_q;
    logic [55:0] off;
    assign off = addr_i - 56'h1000;

    initial begin
        if (InitFile != "") $readmemh(InitFile, rom);
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) ready_q <= 1'b0;
        else ready_q <= req_i;
    end
    always_ff @(posedge clk_i) begin
        if (req_i) rdata_q <= rom[off[AW+2:3]];
    end
    assign ready_o = ready_q;
    assign rdata_o = rdata_q;
endmodule
`default_nettype wire
