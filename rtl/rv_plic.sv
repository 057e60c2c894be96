// rv_plic: small SiFive-compatible PLIC at 0xc000000 for one hart with two
// contexts (0 = M-mode, 1 = S-mode), sources 1..Sources-1 (level
// triggered), 3-bit priorities. Map: priority 0x0+4*id, pending 0x1000,
// enables 0x2000+0x80*ctx, threshold 0x200000+0x1000*ctx, claim/complete
// 0x200004+0x1000*ctx. 32-bit registers on a 64-bit bus (the byte enables select the lane).
`default_nettype none
module rv_plic #(
    parameter int Sources = 32   // including the unused source 0
) (
    input  wire logic               clk_i,
    input  wire logic               rst_ni,
    input  wire logic               req_i,
    input  wire logic               we_i,
    input  wire logic [55:0]        addr_i,
    input  wire logic [63:0]        wdata_i,
    input  wire logic [7:0]         wstrb_i,
    output logic                    ready_o,
    output logic             [63:0] rdata_o,
    input  wire logic [Sources-1:0] irq_i,
    output logic                    eip_m_o,
    output logic                    eip_s_o
);
    localparam int IW = $clog2(Sources);

    logic [2:0]         prio_q [Sources];
    logic [2:0]         prio_d [Sources];
    logic [Sources-1:0] pend_q, pend_d, active_q, active_d;
    logic [Sources-1:0] en_q [2];
    logic [Sources-1:0] en_d [2];
    logic [2:0]         thr_q [2];
    logic [2:0]         thr_d [2];
    logic               ready_q;
    logic [31:0]        rdata_q, rdata_d;
    logic               lane;
    logic [23:0]        off;
    logic [31:0]        w;
    logic               wr;
    logic [IW-1:0]      best [2];
    logic [2:0]         bestp [2];

    assign off  = addr_i[23:0];
    assign lane = |wstrb_i[7:4];   // upper 32-bit lane (addresses are 8-byte aligned)
    assign w    = lane ? wdata_i[63:32] : wdata_i[31:0];
    assign wr   = req_i && we_i;

    // highest-priority pending+enabled source per context
    always_comb begin
        for (int c = 0; c < 2; c++) begin
            best[c]  = '0;
            bestp[c] = 3'd0;
            for (int i = 1; i < Sources; i++) begin
                if (pend_q[i] && en_q[c][i] && prio_q[i] > bestp[c]) begin
                    best[c]  = IW'(i);
                    bestp[c] = prio_q[i];
                end
            end
        end
    end

    always_comb begin
        for (int i = 0; i < Sources; i++) prio_d[i] = prio_q[i];
        for (int c = 0; c < 2; c++) begin
            en_d[c]  = en_q[c];
            thr_d[c] = thr_q[c];
        end
        active_d = active_q;
        // level-triggered gateways: pending while the line is high and not in service
        pend_d   = pend_q | (irq_i & ~active_q);
        pend_d[0] = 1'b0;
        rdata_d  = rdata_q;
        if (req_i) begin
            rdata_d = 32'h0;
            if (off < 24'h1000) begin
                if (off[23:2] < 22'(Sources))
                    rdata_d = {29'h0, prio_q[off[IW+1:2]]};
                if (wr && off[23:2] < 22'(Sources) && off[23:2] != 22'h0)
                    prio_d[off[IW+1:2]] = w[2:0];
            end else if (off == 24'h1000) begin
                rdata_d = 32'(pend_q);
            end else if (off == 24'h2000 || off == 24'h2080) begin
                rdata_d = 32'(en_q[off[7]]);
                if (wr) en_d[off[7]] = Sources'(w) & ~Sources'(1);
            end else if ({off[23:13], off[11:3]} == {11'h100, 9'h0}) begin
                // 0x200000 / 0x201000 (and +4)
                if (!lane) begin
                    rdata_d = {29'h0, thr_q[off[12]]};
                    if (wr) thr_d[off[12]] = w[2:0];
                end else if (we_i) begin
                    if (wr && w < 32'(Sources)) active_d[w[IW-1:0]] = 1'b0; // complete
                end else begin
                    rdata_d = {{(32-IW){1'b0}}, best[off[12]]};              // claim
                    if (best[off[12]] != '0) begin
                        pend_d[best[off[12]]]   = 1'b0;
                        active_d[best[off[12]]] = 1'b1;
                    end
                end
            end
        end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            for (int i = 0; i < Sources; i++) prio_q[i] <= 3'd0;
            for (int c = 0; c < 2; c++) begin
                en_q[c]  <= '0;
                thr_q[c] <= 3'd0;
            end
            pend_q   <= '0;
            active_q <= '0;
            ready_q  <= 1'b0;
            rdata_q  <= 32'h0;
        end else begin
            for (int i = 0; i < Sources; i++) prio_q[i] <= prio_d[i];
            for (int c = 0; c < 2; c++) begin
                en_q[c]  <= en_d[c];
                thr_q[c] <= thr_d[c];
            end
            pend_q   <= pend_d;
            active_q <= active_d;
            ready_q  <= req_i;
            rdata_q  <= rdata_d;
        end
    end

    assign ready_o = ready_q;
    assign rdata_o = {rdata_q, rdata_q};
    assign eip_m_o = (bestp[0] > thr_q[0]);
    assign eip_s_o = (bestp[1] > thr_q[1]);
endmodule
`default_nettype wire
