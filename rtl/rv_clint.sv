// rv_clint: SiFive-compatible core-local interruptor for one hart at
// 0x2000000: msip (+0x0), mtimecmp (+0x4000), mtime (+0xBFF8). mtime counts
// up by one every TickDiv clock cycles; 32- and 64-bit accesses work (byte
// strobes select the lanes). Drives the machine software and timer
// interrupts and exports mtime for the hart's time CSR.
`default_nettype none
module rv_clint #(
    parameter int TickDiv = 1
) (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    input  wire logic        req_i,
    input  wire logic        we_i,
    input  wire logic [55:0] addr_i,
    input  wire logic [63:0] wdata_i,
    input  wire logic [7:0]  wstrb_i,
    output logic             ready_o,
    output logic      [63:0] rdata_o,
    output logic             msip_o,
    output logic             mtip_o,
    output logic      [63:0] mtime_o
);
    localparam int DW = (TickDiv > 1) ? $clog2(TickDiv) : 1;

    logic        msip_q, msip_d;
    logic [63:0] mtimecmp_q, mtimecmp_d, mtime_q, mtime_d;
    logic [DW-1:0] div_q, div_d;
    logic        ready_q;
    logic [63:0] rdata_q, rdata_d;
    logic        acc;
    logic [15:0] off;
    logic [63:0] bmask;

    assign acc = req_i;
    assign off = addr_i[15:0];

    always_comb begin
        for (int b = 0; b < 8; b++) bmask[b*8 +: 8] = {8{wstrb_i[b]}};
        msip_d     = msip_q;
        mtimecmp_d = mtimecmp_q;
        div_d      = div_q + 1'b1;
        mtime_d    = mtime_q;
        if (div_q == DW'(TickDiv - 1)) begin
            div_d   = '0;
            mtime_d = mtime_q + 64'd1;
        end
        rdata_d = rdata_q;
        if (acc) begin
            unique case ({off[15:3], 3'b000})
                16'h0000: rdata_d = {63'h0, msip_q};
                16'h4000: rdata_d = mtimecmp_q;
                16'hBFF8: rdata_d = mtime_q;
                default:  rdata_d = 64'h0;
            endcase
            if (we_i) begin
                unique case ({off[15:3], 3'b000})
                    16'h0000: if (wstrb_i[0]) msip_d = wdata_i[0];
                    16'h4000: mtimecmp_d = (mtimecmp_q & ~bmask) | (wdata_i & bmask);
                    16'hBFF8: mtime_d = (mtime_q & ~bmask) | (wdata_i & bmask);
                    default: ;
                endcase
            end
        end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            msip_q     <= 1'b0;
            mtimecmp_q <= 64'hffff_ffff_ffff_ffff;
            mtime_q    <= 64'h0;
            div_q      <= '0;
            ready_q    <= 1'b0;
            rdata_q    <= 64'h0;
        end else begin
            msip_q     <= msip_d;
            mtimecmp_q <= mtimecmp_d;
            mtime_q    <= mtime_d;
            div_q      <= div_d;
            ready_q    <= acc;
            rdata_q    <= rdata_d;
        end
    end

    assign ready_o = ready_q;
    assign rdata_o = rdata_q;
    assign msip_o  = msip_q;
    assign mtip_o  = (mtime_q >= mtimecmp_q);
    assign mtime_o = mtime_q;
endmodule
`default_nettype wire
