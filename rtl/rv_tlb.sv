// rv_tlb: fully associative Sv39 TLB (used once for instructions, once for
// data). Entries hold 4 KiB, 2 MiB or 1 GiB leaves; lookup is combinational
// and returns the full physical page number (superpage offsets filled in
// from the virtual page number) plus the PTE flag bits [7:0].
// Refill is round-robin. No ASIDs (satp.ASID is read-only zero), so
// sfence.vma flushes either everything or every entry covering one address.
`default_nettype none
module rv_tlb #(
    parameter int Entries = 8
) (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    // lookup
    input  wire logic [26:0] vpn_i,       // VA[38:12]
    output logic             hit_o,
    output logic      [43:0] ppn_o,       // physical page number of the 4 KiB page
    output logic      [7:0]  flags_o,     // PTE bits D A G U X W R V
    // refill from the page-table walker
    input  wire logic        fill_i,
    input  wire logic [26:0] fill_vpn_i,
    input  wire logic [1:0]  fill_level_i, // 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB
    input  wire logic [43:0] fill_ppn_i,
    input  wire logic [7:0]  fill_flags_i,
    // sfence.vma
    input  wire logic        flush_all_i,
    input  wire logic        flush_va_i,
    input  wire logic [26:0] flush_vpn_i
);
    localparam int IdxW = (Entries > 1) ? $clog2(Entries) : 1;

    logic [Entries-1:0] valid_q;
    logic [26:0]        vpn_q   [Entries];
    logic [1:0]         level_q [Entries];
    logic [43:0]        ppn_q   [Entries];
    logic [7:0]         flags_q [Entries];
    logic [IdxW-1:0]    next_q;

    function automatic logic vpn_match(input logic [26:0] a, input logic [26:0] b,
                                     input logic [1:0] lvl);
        begin
            vpn_match = (a[26:18] == b[26:18]) &&
                      (lvl[1] || (a[17:9] == b[17:9])) &&
                      ((lvl != 2'd0) || (a[8:0] == b[8:0]));
        end
    endfunction

    always_comb begin
        hit_o   = 1'b0;
        ppn_o   = 44'h0;
        flags_o = 8'h0;
        for (int i = 0; i < Entries; i++) begin
            if (valid_q[i] && vpn_match(vpn_i, vpn_q[i], level_q[i])) begin
                hit_o   = 1'b1;
                flags_o = flags_q[i];
                unique case (level_q[i])
                    2'd2:    ppn_o = {ppn_q[i][43:18], vpn_i[17:0]};
                    2'd1:    ppn_o = {ppn_q[i][43:9], vpn_i[8:0]};
                    default: ppn_o = ppn_q[i];
                endcase
            end
        end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            valid_q <= '0;
            next_q  <= '0;
        end else begin
            for (int i = 0; i < Entries; i++) begin
                if (flush_all_i) valid_q[i] <= 1'b0;
                else if (flush_va_i && vpn_match(flush_vpn_i, vpn_q[i], level_q[i]))
                    valid_q[i] <= 1'b0;
            end
            if (fill_i) begin
                valid_q[next_q] <= 1'b1;
                next_q <= (next_q == IdxW'(Entries - 1)) ? '0 : next_q + 1'b1;
            end
        end
    end

    always_ff @(posedge clk_i) begin
        if (fill_i) begin
            vpn_q[next_q]   <= fill_vpn_i;
            level_q[next_q] <= fill_level_i;
            ppn_q[next_q]   <= fill_ppn_i;
            flags_q[next_q] <= fill_flags_i;
        end
    end
endmodule
`default_nettype wire
