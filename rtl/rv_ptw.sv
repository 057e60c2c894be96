// rv_ptw: Sv39 hardware page-table walker shared by the ITLB and the DTLB.
// A walk starts on dreq_i (DTLB miss in MEM, has priority) or ireq_i (ITLB
// miss in fetch), reads up to three PTEs through the hart's data port and
// ends with a TLB refill or a fault: page fault (12/13/15) for invalid or
// reserved PTEs, misaligned superpages, a non-leaf at level 0 or a failed
// permission/A/D check; access fault (1/5/7) when the PTE read itself gets a
// bus error. The result is reported one cycle after the last read (done_o).
// A fetch walk overtaken by a pipeline redirect is marked stale (its fault
// is then ignored by the fetch unit; a refill is harmless).
`default_nettype none
module rv_ptw (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    // requests
    input  wire logic        dreq_i,       // data walk (kind and VA below)
    input  wire logic [1:0]  dkind_i,      // 1 = load, 2 = store/AMO
    input  wire logic [63:0] dva_i,
    input  wire logic        ireq_i,       // fetch walk
    input  wire logic [63:0] iva_i,
    input  wire logic        port_busy_i,  // a data access is still in flight
    input  wire logic        redirect_i,   // pipeline redirect (fetch walk goes stale)
    // translation state
    input  wire logic [43:0] satp_ppn_i,
    input  wire logic [1:0]  priv_i,       // privilege for fetches
    input  wire logic [1:0]  dpriv_i,      // effective privilege for data (MPRV)
    input  wire logic        sum_i,
    input  wire logic        mxr_i,
    // data port (PTE reads)
    output logic             req_o,
    output logic      [55:0] addr_o,
    input  wire logic        ready_i,
    input  wire logic [63:0] rdata_i,
    input  wire logic        err_i,
    // status and result
    output logic             busy_o,
    output logic             done_o,       // walk ended last cycle ...
    output logic             fault_o,      // ... with a fault
    output logic      [4:0]  cause_o,
    output logic      [1:0]  kind_o,       // 0 = fetch, 1 = load, 2 = store
    output logic             stale_o,
    // TLB refill
    output logic             itlb_fill_o,
    output logic             dtlb_fill_o,
    output logic      [26:0] fill_vpn_o,
    output logic      [1:0]  fill_level_o,
    output logic      [43:0] fill_ppn_o,
    output logic      [7:0]  fill_flags_o,
    // performance events
    output logic             imiss_o,
    output logic             dmiss_o
);
    localparam logic [1:0] PrivU = 2'd0;
    localparam logic [1:0] KindFetch = 2'd0;
    localparam logic [1:0] KindLoad  = 2'd1;

    // PTE permission check for a leaf (flags = D A G U X W R V); the same
    // rule as the TLB-hit check in rv_core
    function automatic logic perm_ok(input logic [7:0] fl, input logic [1:0] kind,
                                     input logic [1:0] prv, input logic sum,
                                     input logic mxr);
        logic ok;
        begin
            ok = fl[6]; // A
            if (kind == KindFetch) ok = ok && fl[3];
            else if (kind == KindLoad) ok = ok && (fl[1] || (mxr && fl[3]));
            else ok = ok && fl[2] && fl[7]; // W and D
            if (prv == PrivU) ok = ok && fl[4];
            else if (fl[4]) ok = ok && (kind != KindFetch) && sum;
            perm_ok = ok;
        end
    endfunction

    logic        busy_q, busy_d, out_q, out_d, stale_q, stale_d;
    logic [1:0]  kind_q, kind_d, lvl_q, lvl_d;
    logic [63:0] va_q, va_d;
    logic [55:0] addr_q, addr_d;
    logic        done_q, fault_q;
    logic [4:0]  cause_q;
    logic        fin, fault;
    logic [4:0]  cause;
    logic [63:0] pte;

    assign pte = rdata_i;

    always_comb begin
        busy_d = busy_q; out_d = out_q; kind_d = kind_q; va_d = va_q; lvl_d = lvl_q;
        addr_d = addr_q; stale_d = stale_q;
        fin = 1'b0; fault = 1'b0; cause = 5'd0; req_o = 1'b0;
        itlb_fill_o = 1'b0; dtlb_fill_o = 1'b0; imiss_o = 1'b0; dmiss_o = 1'b0;
        if (!busy_q && !done_q) begin
            if (dreq_i) begin
                busy_d = 1'b1; kind_d = dkind_i; va_d = dva_i; stale_d = 1'b0; dmiss_o = 1'b1;
            end else if (ireq_i) begin
                busy_d = 1'b1; kind_d = KindFetch; va_d = iva_i; stale_d = 1'b0; imiss_o = 1'b1;
            end
            lvl_d = 2'd2;
            addr_d = {satp_ppn_i, va_d[38:30], 3'b000};
            out_d = 1'b0;
        end else if (!busy_q) begin
            out_d = 1'b0;   // one idle cycle after each walk
        end else if (!out_q) begin
            if (!port_busy_i) begin
                req_o = 1'b1;
                out_d = 1'b1;
            end
        end else if (ready_i) begin
            out_d = 1'b0;
            if (err_i) begin
                fin = 1'b1; fault = 1'b1;
                cause = (kind_q == KindFetch) ? 5'd1 : (kind_q == KindLoad) ? 5'd5 : 5'd7;
            end else if (!pte[0] || (!pte[1] && pte[2]) || pte[63:54] != 10'h0) begin
                fin = 1'b1; fault = 1'b1;
            end else if (pte[1] || pte[3]) begin
                fin = 1'b1;
                if ((lvl_q == 2'd2 && pte[27:10] != 18'h0) ||
                    (lvl_q == 2'd1 && pte[18:10] != 9'h0) ||
                    !perm_ok(pte[7:0], kind_q, (kind_q == KindFetch) ? priv_i : dpriv_i,
                             sum_i, mxr_i)) begin
                    fault = 1'b1;
                end else if (kind_q == KindFetch) begin
                    itlb_fill_o = 1'b1;
                end else begin
                    dtlb_fill_o = 1'b1;
                end
            end else if (lvl_q == 2'd0) begin
                fin = 1'b1; fault = 1'b1;
            end else begin
                lvl_d = lvl_q - 2'd1;
                addr_d = {pte[53:10], (lvl_q == 2'd2) ? va_q[29:21] : va_q[20:12], 3'b000};
            end
            if (fault && !err_i)
                cause = (kind_q == KindFetch) ? 5'd12 : (kind_q == KindLoad) ? 5'd13 : 5'd15;
            if (fin) busy_d = 1'b0;
        end
        if ((busy_q || done_q) && kind_q == KindFetch && redirect_i) stale_d = 1'b1;
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            busy_q <= 1'b0; out_q <= 1'b0; stale_q <= 1'b0; kind_q <= 2'd0; lvl_q <= 2'd0;
            va_q <= 64'h0; addr_q <= 56'h0; done_q <= 1'b0; fault_q <= 1'b0; cause_q <= 5'd0;
        end else begin
            busy_q <= busy_d; out_q <= out_d; stale_q <= stale_d; kind_q <= kind_d; lvl_q <= lvl_d;
            va_q <= va_d; addr_q <= addr_d; done_q <= fin; fault_q <= fault; cause_q <= cause;
        end
    end

    assign addr_o       = addr_q;
    assign busy_o       = busy_q;
    assign done_o       = done_q;
    assign fault_o      = fault_q;
    assign cause_o      = cause_q;
    assign kind_o       = kind_q;
    assign stale_o      = stale_q;
    assign fill_vpn_o   = va_q[38:12];
    assign fill_level_o = lvl_q;
    assign fill_ppn_o   = pte[53:10];
    assign fill_flags_o = pte[7:0];
endmodule
`default_nettype wire
