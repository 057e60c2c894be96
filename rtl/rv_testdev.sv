// rv_testdev: SiFive "test" finisher at 0x100000 (sifive,test1). A 32-bit
// write of 0x5555 requests exit with code 0, (code << 16) | 0x3333 exit
// with that code, 0x7777 a reset (reported as exit code 0 here). The
// request is presented on exit_valid_o/exit_code_o for the harness/board.
`default_nettype none
module rv_testdev (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    input  wire logic        req_i,
    input  wire logic        we_i,
    input  wire logic [55:0] addr_i,
    input  wire logic [63:0] wdata_i,
    input  wire logic [7:0]  wstrb_i,
    output logic             ready_o,
    output logic             exit_valid_o,
    output logic      [15:0] exit_code_o
);
    logic        ready_q, valid_q, valid_d;
    logic [15:0] code_q, code_d;
    logic [31:0] w;

    assign w = wstrb_i[4] ? wdata_i[63:32] : wdata_i[31:0];

    always_comb begin
        valid_d = valid_q;
        code_d  = code_q;
        if (req_i && we_i && addr_i[11:3] == 9'h0) begin
            if (w[15:0] == 16'h5555 || w[15:0] == 16'h7777) begin
                valid_d = 1'b1;
                code_d  = 16'h0;
            end else if (w[15:0] == 16'h3333) begin
                valid_d = 1'b1;
                code_d  = w[31:16];
            end
        end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            ready_q <= 1'b0;
            valid_q <= 1'b0;
            code_q  <= 16'h0;
        end else begin
            ready_q <= req_i;
            valid_q <= valid_d;
            code_q  <= code_d;
        end
    end
    assign ready_o      = ready_q;
    assign exit_valid_o = valid_q;
    assign exit_code_o  = code_q;
endmodule
`default_nettype wire
