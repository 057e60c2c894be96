// rv_ibus: instruction-fetch interconnect. Routes the hart's fetch port to
// the boot ROM or to the RAM's instruction port; any other address gets an
// error response one cycle later (-> instruction access fault). At most one
// request is outstanding, so the response comes from the device selected
// when the request was issued.
`default_nettype none
module rv_ibus #(
    parameter logic [55:0] RamBase  = 56'h8000_0000,
    parameter logic [55:0] RamBytes = 56'h800_0000
) (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    input  wire logic        req_i,
    input  wire logic [55:0] addr_i,
    output logic             ready_o,
    output logic      [63:0] rdata_o,
    output logic             err_o,
    output logic             rom_req_o,
    output logic             ram_req_o,
    input  wire logic        rom_ready_i,
    input  wire logic [63:0] rom_rdata_i,
    input  wire logic        ram_ready_i,
    input  wire logic [63:0] ram_rdata_i
);
    logic sel_rom, sel_ram;
    logic err_q;
    logic [1:0] sel_q;

    assign sel_rom = (addr_i >= 56'h1000) && (addr_i < 56'h3000);
    assign sel_ram = (addr_i >= RamBase) && (addr_i < RamBase + RamBytes);
    assign rom_req_o = req_i && sel_rom;
    assign ram_req_o = req_i && sel_ram;

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            err_q <= 1'b0;
            sel_q <= 2'd0;
        end else begin
            err_q <= req_i && !sel_rom && !sel_ram;
            if (req_i) sel_q <= sel_rom ? 2'd1 : (sel_ram ? 2'd2 : 2'd0);
        end
    end

    always_comb begin
        ready_o = err_q;
        rdata_o = 64'h0;
        if (sel_q == 2'd1) begin ready_o = rom_ready_i; rdata_o = rom_rdata_i; end
        if (sel_q == 2'd2) begin ready_o = ram_ready_i; rdata_o = ram_rdata_i; end
    end
    assign err_o = err_q;
endmodule
`default_nettype wire
