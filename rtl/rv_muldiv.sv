// rv_muldiv: iterative multiply/divide unit for the RV64M extension.
// One bit per cycle (64 cycles + 2) for MUL*, DIV*, REM* and their W forms.
// start_i pulses with op_i = funct3 and w_i = 32-bit (OP-32) variant;
// done_o pulses for one cycle with the result in result_o.
`default_nettype none
module rv_muldiv (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    input  wire logic        start_i,   // begin an operation (ignored while busy)
    input  wire logic        kill_i,    // abandon the current operation
    input  wire logic [2:0]  op_i,      // funct3: MUL,MULH,MULHSU,MULHU,DIV,DIVU,REM,REMU
    input  wire logic        w_i,       // *W variant (32-bit operands, sign-extended result)
    input  wire logic [63:0] a_i,       // rs1 value
    input  wire logic [63:0] b_i,       // rs2 value
    output logic             done_o,    // result valid (one cycle)
    output logic      [63:0] result_o
);
    typedef enum logic [1:0] {MdIdle, MdRun, MdFix} md_state_e;

    md_state_e   state_q, state_d;
    logic [6:0]  cnt_q, cnt_d;
    logic [2:0]  op_q, op_d;
    logic        w_q, w_d;
    logic        neg_q, neg_d;        // result must be negated
    logic        dz_q, dz_d;          // divide by zero
    logic [63:0] a_q, a_d;            // multiplier / dividend (shifting)
    logic [63:0] b_q, b_d;            // multiplicand / divisor (magnitude)
    logic [127:0] acc_q, acc_d;       // product, or {remainder, quotient}
    logic [63:0] orig_a_q, orig_a_d;  // dividend as given (for divide by zero)
    logic [63:0] res_d, res_q;
    logic        done_d, done_q;

    logic        is_div;
    logic        sa, sb;              // operands treated as signed
    logic [63:0] ea, eb;              // operands after W-extension
    logic [65:0] diff;
    logic [64:0] rs, sum;
    logic [127:0] prod;
    logic [63:0] quo, rem;

    assign is_div = op_i[2];

    always_comb begin
        // operand extension for the W forms
        if (w_i) begin
            if (op_i == 3'b101 || op_i == 3'b111) begin // DIVUW, REMUW
                ea = {32'h0, a_i[31:0]};
                eb = {32'h0, b_i[31:0]};
            end else begin
                ea = {{32{a_i[31]}}, a_i[31:0]};
                eb = {{32{b_i[31]}}, b_i[31:0]};
            end
        end else begin
            ea = a_i;
            eb = b_i;
        end
        unique case (op_i)
            3'b001: begin sa = 1'b1; sb = 1'b1; end  // MULH
            3'b010: begin sa = 1'b1; sb = 1'b0; end  // MULHSU
            3'b100, 3'b110: begin sa = 1'b1; sb = 1'b1; end  // DIV, REM
            default: begin sa = 1'b0; sb = 1'b0; end
        endcase
    end

    always_comb begin
        state_d  = state_q;
        cnt_d    = cnt_q;
        op_d     = op_q;
        w_d      = w_q;
        neg_d    = neg_q;
        dz_d     = dz_q;
        a_d      = a_q;
        b_d      = b_q;
        acc_d    = acc_q;
        orig_a_d = orig_a_q;
        res_d    = res_q;
        done_d   = 1'b0;
        diff     = 66'h0;
        rs       = 65'h0;
        sum      = 65'h0;
        prod     = 128'h0;
        quo      = 64'h0;
        rem      = 64'h0;
        unique case (state_q)
            MdIdle: begin
                if (start_i) begin
                    op_d     = op_i;
                    w_d      = w_i;
                    orig_a_d = ea;
                    a_d      = (sa && ea[63]) ? (64'h0 - ea) : ea;
                    b_d      = (sb && eb[63]) ? (64'h0 - eb) : eb;
                    dz_d     = is_div && (eb == 64'h0);
                    if (is_div && op_i[1]) neg_d = sa && ea[63];            // REM: sign of dividend
                    else neg_d = (sa && ea[63]) ^ (sb && eb[63]);
                    acc_d    = 128'h0;
                    cnt_d    = 7'd0;
                    state_d  = MdRun;
                end
            end
            MdRun: begin
                if (!op_q[2]) begin
                    // shift-add multiply, LSB of the multiplier first
                    sum = {1'b0, acc_q[127:64]} + (a_q[0] ? {1'b0, b_q} : 65'h0);
                    acc_d = {sum, acc_q[63:1]};
                    a_d = {1'b0, a_q[63:1]};
                end else begin
                    // restoring division: acc = {remainder, quotient}
                    rs   = {acc_q[127:64], a_q[63]};
                    diff = {1'b0, rs} - {2'b00, b_q};
                    a_d  = {a_q[62:0], 1'b0};
                    if (!diff[65]) acc_d = {diff[63:0], acc_q[62:0], 1'b1};
                    else acc_d = {rs[63:0], acc_q[62:0], 1'b0};
                end
                cnt_d = cnt_q + 7'd1;
                if (cnt_q == 7'd63) state_d = MdFix;
            end
            default: begin // MdFix
                prod = neg_q ? (128'h0 - acc_q) : acc_q;
                quo  = neg_q ? (64'h0 - acc_q[63:0]) : acc_q[63:0];
                rem  = neg_q ? (64'h0 - acc_q[127:64]) : acc_q[127:64];
                if (dz_q) begin
                    quo = 64'hffff_ffff_ffff_ffff;
                    rem = orig_a_q;
                end
                if (!op_q[2]) res_d = (op_q == 3'b000) ? prod[63:0] : prod[127:64];
                else res_d = op_q[1] ? rem : quo;
                if (w_q) res_d = {{32{res_d[31]}}, res_d[31:0]};
                done_d  = 1'b1;
                state_d = MdIdle;
            end
        endcase
        if (kill_i) begin
            state_d = MdIdle;
            done_d  = 1'b0;
        end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            state_q  <= MdIdle;
            cnt_q    <= 7'd0;
            op_q     <= 3'd0;
            w_q      <= 1'b0;
            neg_q    <= 1'b0;
            dz_q     <= 1'b0;
            a_q      <= 64'h0;
            b_q      <= 64'h0;
            acc_q    <= 128'h0;
            orig_a_q <= 64'h0;
            res_q    <= 64'h0;
            done_q   <= 1'b0;
        end else begin
            state_q  <= state_d;
            cnt_q    <= cnt_d;
            op_q     <= op_d;
            w_q      <= w_d;
            neg_q    <= neg_d;
            dz_q     <= dz_d;
            a_q      <= a_d;
            b_q      <= b_d;
            acc_q    <= acc_d;
            orig_a_q <= orig_a_d;
            res_q    <= res_d;
            done_q   <= done_d;
        end
    end

    assign done_o   = done_q;
    assign result_o = res_q;
endmodule
`default_nettype wire
