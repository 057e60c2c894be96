// rv_core: RV64IMAC + Zicsr + Zifencei hart with M/S/U modes and Sv39.
// Multi-cycle implementation: every instruction walks through a small state
// machine (fetch -> execute -> [translate -> memory] -> retire) over one
// shared memory port. Contains the register file, CSR file, trap and
// interrupt logic, separate I/D TLBs (rv_tlb) and a hardware page-table
// walker, and an iterative multiply/divide unit (rv_muldiv).
// Bus protocol: req/addr/we/wdata/wstrb are held stable until ready pulses
// for one cycle; rdata/err are valid with ready. Addresses are physical and
// 8-byte aligned; wstrb selects the byte lanes.
`default_nettype none
module rv_core #(
    parameter int          TlbEntries = 8,          // entries per TLB
    parameter logic [63:0] ResetPc    = 64'h1000,   // first instruction
    parameter logic [63:0] HartId     = 64'h0
) (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    // memory bus (physical, 56-bit)
    output logic             bus_req_o,
    output logic             bus_we_o,
    output logic      [55:0] bus_addr_o,
    output logic      [63:0] bus_wdata_o,
    output logic      [7:0]  bus_wstrb_o,
    input  wire logic        bus_ready_i,
    input  wire logic [63:0] bus_rdata_i,
    input  wire logic        bus_err_i,
    // interrupt lines and the CLINT time base
    input  wire logic        irq_m_timer_i,
    input  wire logic        irq_m_soft_i,
    input  wire logic        irq_m_ext_i,
    input  wire logic        irq_s_ext_i,
    input  wire logic [63:0] mtime_i,
    // commit trace (simulation/debug): one pulse per retired or trapping insn
    output logic             commit_valid_o,
    output logic      [63:0] commit_pc_o,
    output logic      [31:0] commit_insn_o,
    output logic      [4:0]  commit_rd_o,      // 0 if no register written
    output logic      [63:0] commit_wdata_o,
    output logic             commit_trap_o,    // instruction raised an exception
    // performance counters
    output logic      [63:0] cycle_o,
    output logic      [63:0] instret_o,
    output logic      [63:0] itlb_access_o,
    output logic      [63:0] itlb_miss_o,
    output logic      [63:0] dtlb_access_o,
    output logic      [63:0] dtlb_miss_o,
    output logic      [63:0] walk_cycles_o
);
    // ------------------------------------------------------------------
    // constants
    localparam logic [1:0] PrivU = 2'd0;
    localparam logic [1:0] PrivS = 2'd1;
    localparam logic [1:0] PrivM = 2'd3;

    localparam logic [6:0] OpLoad   = 7'b0000011;
    localparam logic [6:0] OpMisc   = 7'b0001111;
    localparam logic [6:0] OpImm    = 7'b0010011;
    localparam logic [6:0] OpAuipc  = 7'b0010111;
    localparam logic [6:0] OpImm32  = 7'b0011011;
    localparam logic [6:0] OpStore  = 7'b0100011;
    localparam logic [6:0] OpAmo    = 7'b0101111;
    localparam logic [6:0] OpOp     = 7'b0110011;
    localparam logic [6:0] OpLui    = 7'b0110111;
    localparam logic [6:0] OpOp32   = 7'b0111011;
    localparam logic [6:0] OpBranch = 7'b1100011;
    localparam logic [6:0] OpJalr   = 7'b1100111;
    localparam logic [6:0] OpJal    = 7'b1101111;
    localparam logic [6:0] OpSystem = 7'b1110011;

    localparam logic [63:0] MisaVal = 64'h8000_0000_0014_1105; // RV64 I M A C S U
    localparam logic [63:0] SstatusMask = 64'h8000_0003_000D_E762;

    // access kinds for translation
    localparam logic [1:0] KindFetch = 2'd0;
    localparam logic [1:0] KindLoad  = 2'd1;
    localparam logic [1:0] KindStore = 2'd2;

    typedef enum logic [3:0] {
        SFetch, SImem, SExec, SDtrans, SDmem, SAmoW, SMulDiv, SWalkMem, SWfi
    } state_e;

    // ------------------------------------------------------------------
    // state
    state_e      state_q, state_d;
    logic [63:0] pc_q, pc_d;
    logic [1:0]  priv_q, priv_d;
    logic [31:0] ir_q, ir_d;          // expanded instruction
    logic [31:0] raw_q, raw_d;        // instruction bits as fetched
    logic        irc_q, irc_d;        // instruction was compressed
    logic        cill_q, cill_d;      // compressed encoding is illegal
    logic [15:0] lo_q, lo_d;          // first half of a split instruction
    logic        part_q, part_d;      // fetching the second half
    logic [63:0] ma_q, ma_d;          // data virtual address
    logic [63:0] amo_q, amo_d;        // loaded value of an AMO
    logic [55:0] baddr_q, baddr_d;
    logic        bwe_q, bwe_d;
    logic [63:0] bwdata_q, bwdata_d;
    logic [7:0]  bstrb_q, bstrb_d;
    logic [1:0]  wlvl_q, wlvl_d;      // walker level
    logic [1:0]  wkind_q, wkind_d;    // walker access kind
    logic [63:0] wva_q, wva_d;        // walker virtual address
    logic        retry_q, retry_d;    // lookup after a refill (not counted)
    logic        resv_q, resv_d;      // LR reservation valid
    logic [55:0] resva_q, resva_d;    // LR reservation address

    logic [63:0] rf [32];
    logic        rf_we;
    logic [4:0]  rf_wa;
    logic [63:0] rf_wd;

    // CSRs
    logic        st_sie_q, st_sie_d, st_mie_q, st_mie_d, st_spie_q, st_spie_d;
    logic        st_mpie_q, st_mpie_d, st_spp_q, st_spp_d;
    logic [1:0]  st_mpp_q, st_mpp_d;
    logic        st_mprv_q, st_mprv_d, st_sum_q, st_sum_d, st_mxr_q, st_mxr_d;
    logic        st_tvm_q, st_tvm_d, st_tw_q, st_tw_d, st_tsr_q, st_tsr_d;
    logic [15:0] medeleg_q, medeleg_d;
    logic [11:0] mideleg_q, mideleg_d;
    logic [11:0] mie_q, mie_d;
    logic        ssip_q, ssip_d, stip_q, stip_d, seip_q, seip_d;
    logic [63:0] mtvec_q, mtvec_d, stvec_q, stvec_d;
    logic [63:0] mscratch_q, mscratch_d, sscratch_q, sscratch_d;
    logic [63:0] mepc_q, mepc_d, sepc_q, sepc_d;
    logic [63:0] mcause_q, mcause_d, scause_q, scause_d;
    logic [63:0] mtval_q, mtval_d, stval_q, stval_d;
    logic [31:0] mcounteren_q, mcounteren_d, scounteren_q, scounteren_d;
    logic        satp_mode_q, satp_mode_d;   // 1 = Sv39
    logic [43:0] satp_ppn_q, satp_ppn_d;
    logic [63:0] mcycle_q, mcycle_d, minstret_q, minstret_d;
    logic [63:0] hpm_itlb_acc_q, hpm_itlb_acc_d, hpm_itlb_miss_q, hpm_itlb_miss_d;
    logic [63:0] hpm_dtlb_acc_q, hpm_dtlb_acc_d, hpm_dtlb_miss_q, hpm_dtlb_miss_d;
    logic [63:0] hpm_walk_q, hpm_walk_d;

    // ------------------------------------------------------------------
    // decode of the current instruction
    logic [6:0]  opc;
    logic [4:0]  rd, rs1, rs2;
    logic [2:0]  f3;
    logic [6:0]  f7;
    logic [63:0] imm_i, imm_s, imm_b, imm_u, imm_j;
    logic [63:0] rv1, rv2;
    logic [63:0] pc_seq;

    assign opc   = ir_q[6:0];
    assign rd    = ir_q[11:7];
    assign f3    = ir_q[14:12];
    assign rs1   = ir_q[19:15];
    assign rs2   = ir_q[24:20];
    assign f7    = ir_q[31:25];
    assign imm_i = {{52{ir_q[31]}}, ir_q[31:20]};
    assign imm_s = {{52{ir_q[31]}}, ir_q[31:25], ir_q[11:7]};
    assign imm_b = {{51{ir_q[31]}}, ir_q[31], ir_q[7], ir_q[30:25], ir_q[11:8], 1'b0};
    assign imm_u = {{32{ir_q[31]}}, ir_q[31:12], 12'h0};
    assign imm_j = {{43{ir_q[31]}}, ir_q[31], ir_q[19:12], ir_q[20], ir_q[30:21], 1'b0};
    assign rv1   = (rs1 == 5'd0) ? 64'h0 : rf[rs1];
    assign rv2   = (rs2 == 5'd0) ? 64'h0 : rf[rs2];
    assign pc_seq = pc_q + (irc_q ? 64'd2 : 64'd4);

    // ------------------------------------------------------------------
    // compressed expander
    logic [15:0] rvc_in;
    logic [31:0] rvc_out;
    logic        rvc_ill;
    rv_rvc u_rvc (
        .c_i       (rvc_in),
        .instr_o   (rvc_out),
        .illegal_o (rvc_ill)
    );

    // multiply/divide unit
    logic        md_start, md_done;
    logic [63:0] md_res;
    rv_muldiv u_muldiv (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (md_start),
        .op_i     (f3),
        .w_i      (opc == OpOp32),
        .a_i      (rv1),
        .b_i      (rv2),
        .done_o   (md_done),
        .result_o (md_res)
    );

    // TLBs
    logic [26:0] itlb_vpn, dtlb_vpn;
    logic        itlb_hit, dtlb_hit;
    logic [43:0] itlb_ppn, dtlb_ppn;
    logic [7:0]  itlb_flags, dtlb_flags;
    logic        itlb_fill, dtlb_fill;
    logic [26:0] fill_vpn;
    logic [1:0]  fill_level;
    logic [43:0] fill_ppn;
    logic [7:0]  fill_flags;
    logic        tlb_flush_all, tlb_flush_va;
    logic [26:0] tlb_flush_vpn;

    rv_tlb #(.Entries(TlbEntries)) u_itlb (
        .clk_i        (clk_i),
        .rst_ni       (rst_ni),
        .vpn_i        (itlb_vpn),
        .hit_o        (itlb_hit),
        .ppn_o        (itlb_ppn),
        .flags_o      (itlb_flags),
        .fill_i       (itlb_fill),
        .fill_vpn_i   (fill_vpn),
        .fill_level_i (fill_level),
        .fill_ppn_i   (fill_ppn),
        .fill_flags_i (fill_flags),
        .flush_all_i  (tlb_flush_all),
        .flush_va_i   (tlb_flush_va),
        .flush_vpn_i  (tlb_flush_vpn)
    );
    rv_tlb #(.Entries(TlbEntries)) u_dtlb (
        .clk_i        (clk_i),
        .rst_ni       (rst_ni),
        .vpn_i        (dtlb_vpn),
        .hit_o        (dtlb_hit),
        .ppn_o        (dtlb_ppn),
        .flags_o      (dtlb_flags),
        .fill_i       (dtlb_fill),
        .fill_vpn_i   (fill_vpn),
        .fill_level_i (fill_level),
        .fill_ppn_i   (fill_ppn),
        .fill_flags_i (fill_flags),
        .flush_all_i  (tlb_flush_all),
        .flush_va_i   (tlb_flush_va),
        .flush_vpn_i  (tlb_flush_vpn)
    );

    // ------------------------------------------------------------------
    // helpers
    // PTE permission check for a leaf (flags = D A G U X W R V)
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

    // ------------------------------------------------------------------
    // derived CSR values
    logic [63:0] mstatus_r, mip_r, pend, m_pend, s_pend;
    logic        m_int_en, s_int_en;
    logic [1:0]  dpriv;           // effective privilege for data accesses
    logic        dxlate, ixlate;  // translation active

    always_comb begin
        mstatus_r = 64'h0;
        mstatus_r[1]     = st_sie_q;
        mstatus_r[3]     = st_mie_q;
        mstatus_r[5]     = st_spie_q;
        mstatus_r[7]     = st_mpie_q;
        mstatus_r[8]     = st_spp_q;
        mstatus_r[12:11] = st_mpp_q;
        mstatus_r[17]    = st_mprv_q;
        mstatus_r[18]    = st_sum_q;
        mstatus_r[19]    = st_mxr_q;
        mstatus_r[20]    = st_tvm_q;
        mstatus_r[21]    = st_tw_q;
        mstatus_r[22]    = st_tsr_q;
        mstatus_r[33:32] = 2'd2;
        mstatus_r[35:34] = 2'd2;
        mip_r = 64'h0;
        mip_r[1]  = ssip_q;
        mip_r[3]  = irq_m_soft_i;
        mip_r[5]  = stip_q;
        mip_r[7]  = irq_m_timer_i;
        mip_r[9]  = seip_q | irq_s_ext_i;
        mip_r[11] = irq_m_ext_i;
        pend   = mip_r & {52'h0, mie_q};
        m_pend = pend & ~{52'h0, mideleg_q};
        s_pend = pend & {52'h0, mideleg_q};
        m_int_en = (priv_q != PrivM) || st_mie_q;
        s_int_en = (priv_q == PrivU) || (priv_q == PrivS && st_sie_q);
        dpriv  = (st_mprv_q && priv_q == PrivM) ? st_mpp_q : priv_q;
        dxlate = satp_mode_q && (dpriv != PrivM);
        ixlate = satp_mode_q && (priv_q != PrivM);
    end

    // ------------------------------------------------------------------
    // CSR read
    logic [11:0] csr_addr;
    logic [63:0] csr_rdata;
    logic        csr_exists;
    logic        ctr_ok;      // counter access permitted by *counteren
    assign csr_addr = ir_q[31:20];

    always_comb begin
        csr_rdata  = 64'h0;
        csr_exists = 1'b1;
        ctr_ok     = 1'b1;
        if (csr_addr[11:5] == 7'b1100000) begin // 0xC00-0xC1F user counters
            if (priv_q != PrivM && !mcounteren_q[csr_addr[4:0]]) ctr_ok = 1'b0;
            if (priv_q == PrivU && !scounteren_q[csr_addr[4:0]]) ctr_ok = 1'b0;
        end
        unique case (csr_addr)
            12'h100: csr_rdata = mstatus_r & SstatusMask;
            12'h104: csr_rdata = {52'h0, mie_q & mideleg_q};
            12'h105: csr_rdata = stvec_q;
            12'h106: csr_rdata = {32'h0, scounteren_q};
            12'h140: csr_rdata = sscratch_q;
            12'h141: csr_rdata = sepc_q;
            12'h142: csr_rdata = scause_q;
            12'h143: csr_rdata = stval_q;
            12'h144: csr_rdata = mip_r & {52'h0, mideleg_q};
            12'h180: csr_rdata = {satp_mode_q, 3'b000, 16'h0, satp_ppn_q};
            12'h300: csr_rdata = mstatus_r;
            12'h301: csr_rdata = MisaVal;
            12'h302: csr_rdata = {48'h0, medeleg_q};
            12'h303: csr_rdata = {52'h0, mideleg_q};
            12'h304: csr_rdata = {52'h0, mie_q};
            12'h305: csr_rdata = mtvec_q;
            12'h306: csr_rdata = {32'h0, mcounteren_q};
            12'h323, 12'h324, 12'h325, 12'h326, 12'h327: csr_rdata = 64'h0; // mhpmevent3..7
            12'h340: csr_rdata = mscratch_q;
            12'h341: csr_rdata = mepc_q;
            12'h342: csr_rdata = mcause_q;
            12'h343: csr_rdata = mtval_q;
            12'h344: csr_rdata = mip_r;
            12'hB00, 12'hC00: csr_rdata = mcycle_q;
            12'hC01: csr_rdata = mtime_i;
            12'hB02, 12'hC02: csr_rdata = minstret_q;
            12'hB03, 12'hC03: csr_rdata = hpm_itlb_miss_q;
            12'hB04, 12'hC04: csr_rdata = hpm_dtlb_miss_q;
            12'hB05, 12'hC05: csr_rdata = hpm_walk_q;
            12'hB06, 12'hC06: csr_rdata = hpm_itlb_acc_q;
            12'hB07, 12'hC07: csr_rdata = hpm_dtlb_acc_q;
            12'hF11, 12'hF12, 12'hF13: csr_rdata = 64'h0;
            12'hF14: csr_rdata = HartId;
            default: csr_exists = 1'b0;
        endcase
    end

    // ------------------------------------------------------------------
    // fetch address and aligned instruction bits (kept outside the main
    // block so the expander/TLB lookups are not combinational loops)
    logic [63:0] fetch_va, fetch_word;
    assign fetch_va   = part_q ? (pc_q + 64'd2) : pc_q;
    assign fetch_word = bus_rdata_i >> {pc_q[2:1], 4'b0000};
    assign rvc_in     = fetch_word[15:0];
    assign itlb_vpn   = fetch_va[38:12];
    assign dtlb_vpn   = ma_q[38:12];

    // ------------------------------------------------------------------
    // main next-state logic
    logic [63:0] alu_a, alu_b, alu_r;
    logic [31:0] alu_w;
    logic        illegal;
    logic        exc;
    logic [4:0]  exc_cause;
    logic [63:0] exc_tval;
    logic        irq;
    logic [4:0]  irq_cause;
    logic        retire;
    logic        commit_trap;
    logic [63:0] va, csr_src, csr_new, ld_val, amo_a, amo_b, amo_r;
    logic [55:0] pa;
    logic [63:0] shifted;
    logic [63:0] pte;
    logic        csr_we, br_take;
    logic        is_store_kind;
    logic [7:0]  size_mask;
    logic [15:0] half;
    logic        deleg;
    logic [63:0] tvec;

    // arithmetic right shifts kept in their own signed expressions
    logic [63:0] sra64;
    logic [31:0] sra32;
    assign alu_a = rv1;
    assign alu_b = (opc == OpOp || opc == OpOp32) ? rv2 : imm_i;
    assign sra64 = $signed(alu_a) >>> alu_b[5:0];
    assign sra32 = $signed(alu_a[31:0]) >>> alu_b[4:0];

    always_comb begin
        // defaults: hold state
        state_d = state_q;   pc_d = pc_q;       priv_d = priv_q;
        ir_d = ir_q;         raw_d = raw_q;     irc_d = irc_q;   cill_d = cill_q;
        lo_d = lo_q;         part_d = part_q;   ma_d = ma_q;     amo_d = amo_q;
        baddr_d = baddr_q;   bwe_d = bwe_q;     bwdata_d = bwdata_q; bstrb_d = bstrb_q;
        wlvl_d = wlvl_q;     wkind_d = wkind_q; wva_d = wva_q;   retry_d = retry_q;
        resv_d = resv_q;     resva_d = resva_q;
        st_sie_d = st_sie_q; st_mie_d = st_mie_q; st_spie_d = st_spie_q;
        st_mpie_d = st_mpie_q; st_spp_d = st_spp_q; st_mpp_d = st_mpp_q;
        st_mprv_d = st_mprv_q; st_sum_d = st_sum_q; st_mxr_d = st_mxr_q;
        st_tvm_d = st_tvm_q; st_tw_d = st_tw_q; st_tsr_d = st_tsr_q;
        medeleg_d = medeleg_q; mideleg_d = mideleg_q; mie_d = mie_q;
        ssip_d = ssip_q;     stip_d = stip_q;   seip_d = seip_q;
        mtvec_d = mtvec_q;   stvec_d = stvec_q;
        mscratch_d = mscratch_q; sscratch_d = sscratch_q;
        mepc_d = mepc_q;     sepc_d = sepc_q;
        mcause_d = mcause_q; scause_d = scause_q;
        mtval_d = mtval_q;   stval_d = stval_q;
        mcounteren_d = mcounteren_q; scounteren_d = scounteren_q;
        satp_mode_d = satp_mode_q; satp_ppn_d = satp_ppn_q;
        mcycle_d = mcycle_q + 64'd1;
        minstret_d = minstret_q;
        hpm_itlb_acc_d = hpm_itlb_acc_q; hpm_itlb_miss_d = hpm_itlb_miss_q;
        hpm_dtlb_acc_d = hpm_dtlb_acc_q; hpm_dtlb_miss_d = hpm_dtlb_miss_q;
        hpm_walk_d = hpm_walk_q;

        rf_we = 1'b0; rf_wa = rd; rf_wd = 64'h0;
        md_start = 1'b0;
        itlb_fill = 1'b0; dtlb_fill = 1'b0;
        fill_vpn = wva_q[38:12]; fill_level = wlvl_q; fill_ppn = 44'h0; fill_flags = 8'h0;
        tlb_flush_all = 1'b0; tlb_flush_va = 1'b0; tlb_flush_vpn = rv1[38:12];
        alu_r = 64'h0; alu_w = 32'h0;
        illegal = 1'b0; exc = 1'b0; exc_cause = 5'd0; exc_tval = 64'h0;
        irq = 1'b0; irq_cause = 5'd0; retire = 1'b0; commit_trap = 1'b0;
        va = 64'h0; pa = 56'h0; csr_src = 64'h0; csr_new = 64'h0; ld_val = 64'h0;
        amo_a = 64'h0; amo_b = 64'h0; amo_r = 64'h0; shifted = 64'h0; pte = 64'h0;
        csr_we = 1'b0; br_take = 1'b0; is_store_kind = 1'b0; size_mask = 8'h0;
        half = 16'h0; deleg = 1'b0; tvec = 64'h0;

        unique case (state_q)
            // ---------------------------------------------------------- fetch
            SFetch: begin
                va = fetch_va;
                if (!part_q && (m_int_en && m_pend != 64'h0)) begin
                    irq = 1'b1;
                    if (m_pend[11]) irq_cause = 5'd11;
                    else if (m_pend[3]) irq_cause = 5'd3;
                    else if (m_pend[7]) irq_cause = 5'd7;
                    else if (m_pend[9]) irq_cause = 5'd9;
                    else if (m_pend[1]) irq_cause = 5'd1;
                    else irq_cause = 5'd5;
                end else if (!part_q && (s_int_en && s_pend != 64'h0)) begin
                    irq = 1'b1;
                    if (s_pend[9]) irq_cause = 5'd9;
                    else if (s_pend[1]) irq_cause = 5'd1;
                    else irq_cause = 5'd5;
                end else if (!ixlate) begin
                    baddr_d = {va[55:3], 3'b000};
                    bwe_d = 1'b0; bstrb_d = 8'hff;
                    state_d = SImem;
                end else if (va[63:38] != {26{va[38]}}) begin
                    exc = 1'b1; exc_cause = 5'd12; exc_tval = va;
                end else begin
                    retry_d = 1'b0;
                    if (!retry_q) hpm_itlb_acc_d = hpm_itlb_acc_q + 64'd1;
                    if (itlb_hit) begin
                        if (perm_ok(itlb_flags, KindFetch, priv_q, st_sum_q, st_mxr_q)) begin
                            baddr_d = {itlb_ppn, va[11:3], 3'b000};
                            bwe_d = 1'b0; bstrb_d = 8'hff;
                            state_d = SImem;
                        end else begin
                            exc = 1'b1; exc_cause = 5'd12; exc_tval = va;
                        end
                    end else begin
                        hpm_itlb_miss_d = hpm_itlb_miss_q + 64'd1;
                        wva_d = va; wkind_d = KindFetch; wlvl_d = 2'd2;
                        baddr_d = {satp_ppn_q, va[38:30], 3'b000};
                        bwe_d = 1'b0; bstrb_d = 8'hff;
                        state_d = SWalkMem;
                    end
                end
            end
            SImem: begin
                va = part_q ? (pc_q + 64'd2) : pc_q;
                if (bus_ready_i) begin
                    if (bus_err_i) begin
                        exc = 1'b1; exc_cause = 5'd1; exc_tval = va;
                    end else if (part_q) begin
                        ir_d = {bus_rdata_i[15:0], lo_q};
                        raw_d = {bus_rdata_i[15:0], lo_q};
                        irc_d = 1'b0; cill_d = 1'b0; part_d = 1'b0;
                        state_d = SExec;
                    end else begin
                        shifted = fetch_word;
                        half = shifted[15:0];
                        if (half[1:0] != 2'b11) begin
                            ir_d = rvc_out; raw_d = {16'h0, half};
                            irc_d = 1'b1; cill_d = rvc_ill;
                            state_d = SExec;
                        end else if (pc_q[2:1] != 2'b11) begin
                            ir_d = shifted[31:0]; raw_d = shifted[31:0];
                            irc_d = 1'b0; cill_d = 1'b0;
                            state_d = SExec;
                        end else begin
                            lo_d = half; part_d = 1'b1;
                            state_d = SFetch;
                        end
                    end
                end
            end
            // ---------------------------------------------------------- execute
            SExec: begin
                unique case (opc)
                    OpLui: begin rf_we = 1'b1; rf_wd = imm_u; retire = 1'b1; end
                    OpAuipc: begin rf_we = 1'b1; rf_wd = pc_q + imm_u; retire = 1'b1; end
                    OpJal: begin
                        rf_we = 1'b1; rf_wd = pc_seq; retire = 1'b1;
                        pc_d = pc_q + imm_j;
                    end
                    OpJalr: begin
                        if (f3 != 3'b000) illegal = 1'b1;
                        rf_we = 1'b1; rf_wd = pc_seq; retire = 1'b1;
                        pc_d = (rv1 + imm_i) & ~64'h1;
                    end
                    OpBranch: begin
                        unique case (f3)
                            3'b000: br_take = (rv1 == rv2);
                            3'b001: br_take = (rv1 != rv2);
                            3'b100: br_take = ($signed(rv1) < $signed(rv2));
                            3'b101: br_take = ($signed(rv1) >= $signed(rv2));
                            3'b110: br_take = (rv1 < rv2);
                            3'b111: br_take = (rv1 >= rv2);
                            default: illegal = 1'b1;
                        endcase
                        retire = 1'b1;
                        if (br_take) pc_d = pc_q + imm_b;
                    end
                    OpImm, OpOp, OpImm32, OpOp32: begin
                        if ((opc == OpOp || opc == OpOp32) && f7 == 7'b0000001) begin
                            // M extension
                            if (opc == OpOp32 && (f3 == 3'b001 || f3 == 3'b010 || f3 == 3'b011))
                                illegal = 1'b1;
                            else begin
                                md_start = 1'b1;
                                state_d = SMulDiv;
                            end
                        end else begin
                            if (opc == OpOp || opc == OpOp32) begin
                                if (!(f7 == 7'b0000000 ||
                                      (f7 == 7'b0100000 && (f3 == 3'b000 || f3 == 3'b101))))
                                    illegal = 1'b1;
                                if (opc == OpOp32 && !(f3 == 3'b000 || f3 == 3'b001 || f3 == 3'b101))
                                    illegal = 1'b1;
                            end else if (opc == OpImm) begin
                                if (f3 == 3'b001 && ir_q[31:26] != 6'b000000) illegal = 1'b1;
                                if (f3 == 3'b101 && ir_q[31:26] != 6'b000000 && ir_q[31:26] != 6'b010000)
                                    illegal = 1'b1;
                            end else begin // OpImm32
                                if (f3 == 3'b001 && f7 != 7'b0000000) illegal = 1'b1;
                                if (f3 == 3'b101 && f7 != 7'b0000000 && f7 != 7'b0100000) illegal = 1'b1;
                                if (!(f3 == 3'b000 || f3 == 3'b001 || f3 == 3'b101)) illegal = 1'b1;
                            end
                            if (opc == OpImm || opc == OpOp) begin
                                unique case (f3)
                                    3'b000: alu_r = (opc == OpOp && f7[5]) ? alu_a - alu_b : alu_a + alu_b;
                                    3'b001: alu_r = alu_a << alu_b[5:0];
                                    3'b010: alu_r = {63'h0, $signed(alu_a) < $signed(alu_b)};
                                    3'b011: alu_r = {63'h0, alu_a < alu_b};
                                    3'b100: alu_r = alu_a ^ alu_b;
                                    3'b101: alu_r = ir_q[30] ? sra64 : (alu_a >> alu_b[5:0]);
                                    3'b110: alu_r = alu_a | alu_b;
                                    default: alu_r = alu_a & alu_b;
                                endcase
                            end else begin
                                unique case (f3)
                                    3'b000: alu_w = (opc == OpOp32 && f7[5]) ? alu_a[31:0] - alu_b[31:0]
                                                                             : alu_a[31:0] + alu_b[31:0];
                                    3'b001: alu_w = alu_a[31:0] << alu_b[4:0];
                                    3'b101: alu_w = ir_q[30] ? sra32 : (alu_a[31:0] >> alu_b[4:0]);
                                    default: alu_w = 32'h0;
                                endcase
                                alu_r = {{32{alu_w[31]}}, alu_w};
                            end
                            rf_we = 1'b1; rf_wd = alu_r; retire = 1'b1;
                        end
                    end
                    OpLoad, OpStore, OpAmo: begin
                        if (opc == OpLoad) va = rv1 + imm_i;
                        else if (opc == OpStore) va = rv1 + imm_s;
                        else va = rv1;
                        is_store_kind = (opc == OpStore) ||
                                        (opc == OpAmo && ir_q[31:27] != 5'b00010);
                        if (opc == OpLoad && f3 == 3'b111) illegal = 1'b1;
                        if (opc == OpStore && f3[2]) illegal = 1'b1;
                        if (opc == OpAmo) begin
                            if (f3 != 3'b010 && f3 != 3'b011) illegal = 1'b1;
                            unique case (ir_q[31:27])
                                5'b00010: if (rs2 != 5'd0) illegal = 1'b1;
                                5'b00011, 5'b00001, 5'b00000, 5'b00100, 5'b01100,
                                5'b01000, 5'b10000, 5'b10100, 5'b11000, 5'b11100: ;
                                default: illegal = 1'b1;
                            endcase
                        end
                        if (!illegal) begin
                            if ((f3[1:0] == 2'b01 && va[0]) ||
                                (f3[1:0] == 2'b10 && va[1:0] != 2'b00) ||
                                (f3[1:0] == 2'b11 && va[2:0] != 3'b000)) begin
                                exc = 1'b1; exc_cause = is_store_kind ? 5'd6 : 5'd4; exc_tval = va;
                            end else begin
                                ma_d = va;
                                retry_d = 1'b0;
                                state_d = SDtrans;
                            end
                        end
                    end
                    OpMisc: begin
                        if (f3 == 3'b000 || f3 == 3'b001) retire = 1'b1; // FENCE, FENCE.I
                        else illegal = 1'b1;
                    end
                    OpSystem: begin
                        if (f3 == 3'b000) begin
                            if (ir_q[31:25] == 7'b0001001 && rd == 5'd0) begin // SFENCE.VMA
                                if (priv_q == PrivU || (priv_q == PrivS && st_tvm_q)) illegal = 1'b1;
                                else begin
                                    if (rs1 == 5'd0) tlb_flush_all = 1'b1;
                                    else tlb_flush_va = 1'b1;
                                    retire = 1'b1;
                                end
                            end else if (rs1 != 5'd0 || rd != 5'd0) begin
                                illegal = 1'b1;
                            end else begin
                                unique case (ir_q[31:20])
                                    12'h000: begin exc = 1'b1; exc_cause = 5'd8 + {3'b000, priv_q}; end
                                    12'h001: begin exc = 1'b1; exc_cause = 5'd3; exc_tval = pc_q; end
                                    12'h302: begin // MRET
                                        if (priv_q != PrivM) illegal = 1'b1;
                                        else begin
                                            priv_d = st_mpp_q;
                                            st_mie_d = st_mpie_q;
                                            st_mpie_d = 1'b1;
                                            st_mpp_d = PrivU;
                                            if (st_mpp_q != PrivM) st_mprv_d = 1'b0;
                                            pc_d = mepc_q;
                                            retire = 1'b1;
                                        end
                                    end
                                    12'h102: begin // SRET
                                        if (priv_q == PrivU || (priv_q == PrivS && st_tsr_q)) illegal = 1'b1;
                                        else begin
                                            priv_d = {1'b0, st_spp_q};
                                            st_sie_d = st_spie_q;
                                            st_spie_d = 1'b1;
                                            st_spp_d = 1'b0;
                                            st_mprv_d = 1'b0;
                                            pc_d = sepc_q;
                                            retire = 1'b1;
                                        end
                                    end
                                    12'h105: begin // WFI
                                        if (priv_q == PrivU || (priv_q == PrivS && st_tw_q)) illegal = 1'b1;
                                        else state_d = SWfi;
                                    end
                                    default: illegal = 1'b1;
                                endcase
                            end
                        end else if (f3 == 3'b100) begin
                            illegal = 1'b1;
                        end else begin
                            // Zicsr
                            csr_src = f3[2] ? {59'h0, rs1} : rv1;
                            csr_we = (f3[1:0] == 2'b01) || (rs1 != 5'd0);
                            unique case (f3[1:0])
                                2'b01: csr_new = csr_src;
                                2'b10: csr_new = csr_rdata | csr_src;
                                default: csr_new = csr_rdata & ~csr_src;
                            endcase
                            if (!csr_exists || !ctr_ok || (priv_q < csr_addr[9:8]) ||
                                (csr_we && csr_addr[11:10] == 2'b11) ||
                                (csr_addr == 12'h180 && priv_q == PrivS && st_tvm_q))
                                illegal = 1'b1;
                            else begin
                                rf_we = 1'b1; rf_wd = csr_rdata; retire = 1'b1;
                            end
                            if (!illegal && csr_we) begin
                                unique case (csr_addr)
                                    12'h100: begin
                                        st_sie_d = csr_new[1]; st_spie_d = csr_new[5];
                                        st_spp_d = csr_new[8];
                                        st_sum_d = csr_new[18]; st_mxr_d = csr_new[19];
                                    end
                                    12'h104: mie_d = (mie_q & ~mideleg_q) | (csr_new[11:0] & mideleg_q);
                                    12'h105: stvec_d = {csr_new[63:2], 1'b0, csr_new[0]};
                                    12'h106: scounteren_d = csr_new[31:0];
                                    12'h140: sscratch_d = csr_new;
                                    12'h141: sepc_d = {csr_new[63:1], 1'b0};
                                    12'h142: scause_d = csr_new;
                                    12'h143: stval_d = csr_new;
                                    12'h144: if (mideleg_q[1]) ssip_d = csr_new[1];
                                    12'h180: begin
                                        if (csr_new[63:60] == 4'd0 || csr_new[63:60] == 4'd8) begin
                                            satp_mode_d = csr_new[63];
                                            satp_ppn_d = csr_new[43:0];
                                        end
                                    end
                                    12'h300: begin
                                        st_sie_d = csr_new[1]; st_mie_d = csr_new[3];
                                        st_spie_d = csr_new[5]; st_mpie_d = csr_new[7];
                                        st_spp_d = csr_new[8];
                                        st_mpp_d = (csr_new[12:11] == 2'b10) ? PrivU : csr_new[12:11];
                                        st_mprv_d = csr_new[17]; st_sum_d = csr_new[18];
                                        st_mxr_d = csr_new[19]; st_tvm_d = csr_new[20];
                                        st_tw_d = csr_new[21]; st_tsr_d = csr_new[22];
                                    end
                                    12'h302: medeleg_d = csr_new[15:0] & 16'hB3FF;
                                    12'h303: mideleg_d = csr_new[11:0] & 12'h222;
                                    12'h304: mie_d = csr_new[11:0] & 12'hAAA;
                                    12'h305: mtvec_d = {csr_new[63:2], 1'b0, csr_new[0]};
                                    12'h306: mcounteren_d = csr_new[31:0];
                                    12'h340: mscratch_d = csr_new;
                                    12'h341: mepc_d = {csr_new[63:1], 1'b0};
                                    12'h342: mcause_d = csr_new;
                                    12'h343: mtval_d = csr_new;
                                    12'h344: begin
                                        ssip_d = csr_new[1]; stip_d = csr_new[5]; seip_d = csr_new[9];
                                    end
                                    12'hB00: mcycle_d = csr_new;
                                    12'hB02: minstret_d = csr_new - 64'd1; // +1 on retire below
                                    default: ; // read-only counters/IDs: writes ignored
                                endcase
                            end
                        end
                    end
                    default: illegal = 1'b1;
                endcase
                if (cill_q) illegal = 1'b1;
                if (illegal) begin
                    exc = 1'b1; exc_cause = 5'd2; exc_tval = {32'h0, raw_q};
                    retire = 1'b0; rf_we = 1'b0; md_start = 1'b0;
                end
                if (exc) begin
                    commit_trap = 1'b1;
                    tlb_flush_all = 1'b0; tlb_flush_va = 1'b0;
                end
            end
            // ---------------------------------------------------------- data translation
            SDtrans: begin
                is_store_kind = (opc == OpStore) || (opc == OpAmo && ir_q[31:27] != 5'b00010);
                if (!dxlate) pa = ma_q[55:0];
                else begin
                    if (!retry_q) hpm_dtlb_acc_d = hpm_dtlb_acc_q + 64'd1;
                    retry_d = 1'b0;
                    if (ma_q[63:38] != {26{ma_q[38]}}) begin
                        exc = 1'b1; exc_cause = is_store_kind ? 5'd15 : 5'd13; exc_tval = ma_q;
                    end else if (dtlb_hit) begin
                        if (perm_ok(dtlb_flags, is_store_kind ? KindStore : KindLoad, dpriv,
                                    st_sum_q, st_mxr_q))
                            pa = {dtlb_ppn, ma_q[11:0]};
                        else begin
                            exc = 1'b1; exc_cause = is_store_kind ? 5'd15 : 5'd13; exc_tval = ma_q;
                        end
                    end else begin
                        exc = 1'b1; // placeholder, cleared below: start a walk
                    end
                end
                if (dxlate && !dtlb_hit && ma_q[63:38] == {26{ma_q[38]}}) begin
                    exc = 1'b0;
                    hpm_dtlb_miss_d = hpm_dtlb_miss_q + 64'd1;
                    wva_d = ma_q; wkind_d = is_store_kind ? KindStore : KindLoad; wlvl_d = 2'd2;
                    baddr_d = {satp_ppn_q, ma_q[38:30], 3'b000};
                    bwe_d = 1'b0; bstrb_d = 8'hff;
                    state_d = SWalkMem;
                end else if (!exc) begin
                    unique case (f3[1:0])
                        2'b00: size_mask = 8'h01;
                        2'b01: size_mask = 8'h03;
                        2'b10: size_mask = 8'h0f;
                        default: size_mask = 8'hff;
                    endcase
                    baddr_d  = {pa[55:3], 3'b000};
                    bstrb_d  = size_mask << pa[2:0];
                    bwdata_d = rv2 << {pa[2:0], 3'b000};
                    bwe_d    = (opc == OpStore) || (opc == OpAmo && ir_q[31:27] == 5'b00011);
                    if (opc == OpAmo && ir_q[31:27] == 5'b00011 && !(resv_q && resva_q == pa)) begin
                        // SC without a valid reservation: fail without storing
                        rf_we = 1'b1; rf_wd = 64'd1; resv_d = 1'b0; retire = 1'b1;
                    end else begin
                        state_d = SDmem;
                    end
                end
                if (exc) commit_trap = 1'b1;
            end
            SDmem: begin
                is_store_kind = (opc == OpStore) || (opc == OpAmo && ir_q[31:27] != 5'b00010);
                shifted = bus_rdata_i >> {ma_q[2:0], 3'b000};
                unique case (f3)
                    3'b000: ld_val = {{56{shifted[7]}}, shifted[7:0]};
                    3'b001: ld_val = {{48{shifted[15]}}, shifted[15:0]};
                    3'b010: ld_val = {{32{shifted[31]}}, shifted[31:0]};
                    3'b100: ld_val = {56'h0, shifted[7:0]};
                    3'b101: ld_val = {48'h0, shifted[15:0]};
                    3'b110: ld_val = {32'h0, shifted[31:0]};
                    default: ld_val = shifted;
                endcase
                // AMO arithmetic
                if (f3 == 3'b010) begin
                    if (ir_q[31:29] == 3'b110 || ir_q[31:29] == 3'b111) begin
                        amo_a = {32'h0, ld_val[31:0]}; amo_b = {32'h0, rv2[31:0]};
                    end else begin
                        amo_a = ld_val; amo_b = {{32{rv2[31]}}, rv2[31:0]};
                    end
                end else begin
                    amo_a = ld_val; amo_b = rv2;
                end
                unique case (ir_q[31:27])
                    5'b00001: amo_r = amo_b;
                    5'b00000: amo_r = amo_a + amo_b;
                    5'b00100: amo_r = amo_a ^ amo_b;
                    5'b01100: amo_r = amo_a & amo_b;
                    5'b01000: amo_r = amo_a | amo_b;
                    5'b10000: amo_r = ($signed(amo_a) < $signed(amo_b)) ? amo_a : amo_b;
                    5'b10100: amo_r = ($signed(amo_a) > $signed(amo_b)) ? amo_a : amo_b;
                    5'b11000: amo_r = (amo_a < amo_b) ? amo_a : amo_b;
                    default:  amo_r = (amo_a > amo_b) ? amo_a : amo_b;
                endcase
                if (bus_ready_i) begin
                    if (bus_err_i) begin
                        exc = 1'b1; exc_cause = is_store_kind ? 5'd7 : 5'd5; exc_tval = ma_q;
                        commit_trap = 1'b1;
                    end else if (opc == OpLoad) begin
                        rf_we = 1'b1; rf_wd = ld_val; retire = 1'b1;
                    end else if (opc == OpStore) begin
                        retire = 1'b1;
                    end else if (ir_q[31:27] == 5'b00010) begin // LR
                        rf_we = 1'b1; rf_wd = ld_val; retire = 1'b1;
                        resv_d = 1'b1; resva_d = {baddr_q[55:3], ma_q[2:0]};
                    end else if (ir_q[31:27] == 5'b00011) begin // SC success
                        rf_we = 1'b1; rf_wd = 64'd0; retire = 1'b1; resv_d = 1'b0;
                    end else begin
                        amo_d = ld_val;
                        bwe_d = 1'b1;
                        bwdata_d = amo_r << {ma_q[2:0], 3'b000};
                        state_d = SAmoW;
                    end
                end
            end
            SAmoW: begin
                if (bus_ready_i) begin
                    if (bus_err_i) begin
                        exc = 1'b1; exc_cause = 5'd7; exc_tval = ma_q; commit_trap = 1'b1;
                    end else begin
                        rf_we = 1'b1; rf_wd = amo_q; retire = 1'b1;
                    end
                end
            end
            SMulDiv: begin
                if (md_done) begin
                    rf_we = 1'b1; rf_wd = md_res; retire = 1'b1;
                end
            end
            SWfi: begin
                if (pend != 64'h0) retire = 1'b1;
            end
            // ---------------------------------------------------------- page-table walk
            SWalkMem: begin
                hpm_walk_d = hpm_walk_q + 64'd1;
                pte = bus_rdata_i;
                fill_ppn = pte[53:10];
                fill_flags = pte[7:0];
                if (bus_ready_i) begin
                    exc_tval = wva_q;
                    if (bus_err_i) begin
                        exc = 1'b1;
                        exc_cause = (wkind_q == KindFetch) ? 5'd1 : (wkind_q == KindLoad) ? 5'd5 : 5'd7;
                    end else if (!pte[0] || (!pte[1] && pte[2]) || pte[63:54] != 10'h0) begin
                        exc = 1'b1;
                    end else if (pte[1] || pte[3]) begin
                        // leaf
                        if ((wlvl_q == 2'd2 && pte[27:10] != 18'h0) ||
                            (wlvl_q == 2'd1 && pte[18:10] != 9'h0) ||
                            !perm_ok(pte[7:0], wkind_q, (wkind_q == KindFetch) ? priv_q : dpriv,
                                     st_sum_q, st_mxr_q)) begin
                            exc = 1'b1;
                        end else begin
                            if (wkind_q == KindFetch) begin
                                itlb_fill = 1'b1; state_d = SFetch;
                            end else begin
                                dtlb_fill = 1'b1; state_d = SDtrans;
                            end
                            retry_d = 1'b1;
                        end
                    end else if (wlvl_q == 2'd0) begin
                        exc = 1'b1;
                    end else begin
                        wlvl_d = wlvl_q - 2'd1;
                        baddr_d = {pte[53:10], (wlvl_q == 2'd2) ? wva_q[29:21] : wva_q[20:12], 3'b000};
                    end
                    if (exc && !bus_err_i)
                        exc_cause = (wkind_q == KindFetch) ? 5'd12 : (wkind_q == KindLoad) ? 5'd13 : 5'd15;
                    if (exc && wkind_q != KindFetch) commit_trap = 1'b1;
                end
            end
            default: state_d = SFetch;
        endcase

        // ------------------------------------------------------------ retire
        if (retire) begin
            if (state_q != SExec || (opc != OpJal && opc != OpJalr && !br_take &&
                                     !(opc == OpSystem && f3 == 3'b000 && ir_q[31:20] != 12'h105 &&
                                       ir_q[31:25] != 7'b0001001)))
                pc_d = pc_seq;
            minstret_d = minstret_d + 64'd1;
            state_d = SFetch;
        end

        // ------------------------------------------------------------ traps
        if (exc || irq) begin
            rf_we = 1'b0;
            retire = 1'b0;
            part_d = 1'b0;
            if (irq) deleg = (priv_q != PrivM) && mideleg_q[irq_cause[3:0]];
            else deleg = (priv_q != PrivM) && medeleg_q[exc_cause[3:0]];
            if (deleg) begin
                scause_d = {irq, 58'h0, irq ? irq_cause : exc_cause};
                sepc_d = pc_q;
                stval_d = irq ? 64'h0 : exc_tval;
                st_spie_d = st_sie_q;
                st_sie_d = 1'b0;
                st_spp_d = priv_q[0];
                priv_d = PrivS;
                tvec = stvec_q;
            end else begin
                mcause_d = {irq, 58'h0, irq ? irq_cause : exc_cause};
                mepc_d = pc_q;
                mtval_d = irq ? 64'h0 : exc_tval;
                st_mpie_d = st_mie_q;
                st_mie_d = 1'b0;
                st_mpp_d = priv_q;
                priv_d = PrivM;
                tvec = mtvec_q;
            end
            if (irq && tvec[0]) pc_d = {tvec[63:2], 2'b00} + {57'h0, irq_cause, 2'b00};
            else pc_d = {tvec[63:2], 2'b00};
            state_d = SFetch;
        end
    end

    // ------------------------------------------------------------------
    // registers
    always_ff @(posedge clk_i) begin
        if (rf_we && rf_wa != 5'd0) rf[rf_wa] <= rf_wd;
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            state_q <= SFetch;   pc_q <= ResetPc;  priv_q <= PrivM;
            ir_q <= 32'h0;       raw_q <= 32'h0;   irc_q <= 1'b0;  cill_q <= 1'b0;
            lo_q <= 16'h0;       part_q <= 1'b0;   ma_q <= 64'h0;  amo_q <= 64'h0;
            baddr_q <= 56'h0;    bwe_q <= 1'b0;    bwdata_q <= 64'h0; bstrb_q <= 8'h0;
            wlvl_q <= 2'd0;      wkind_q <= 2'd0;  wva_q <= 64'h0; retry_q <= 1'b0;
            resv_q <= 1'b0;      resva_q <= 56'h0;
            st_sie_q <= 1'b0;    st_mie_q <= 1'b0; st_spie_q <= 1'b0;
            st_mpie_q <= 1'b0;   st_spp_q <= 1'b0; st_mpp_q <= 2'b00;
            st_mprv_q <= 1'b0;   st_sum_q <= 1'b0; st_mxr_q <= 1'b0;
            st_tvm_q <= 1'b0;    st_tw_q <= 1'b0;  st_tsr_q <= 1'b0;
            medeleg_q <= 16'h0;  mideleg_q <= 12'h0; mie_q <= 12'h0;
            ssip_q <= 1'b0;      stip_q <= 1'b0;   seip_q <= 1'b0;
            mtvec_q <= 64'h0;    stvec_q <= 64'h0;
            mscratch_q <= 64'h0; sscratch_q <= 64'h0;
            mepc_q <= 64'h0;     sepc_q <= 64'h0;
            mcause_q <= 64'h0;   scause_q <= 64'h0;
            mtval_q <= 64'h0;    stval_q <= 64'h0;
            mcounteren_q <= 32'h0; scounteren_q <= 32'h0;
            satp_mode_q <= 1'b0; satp_ppn_q <= 44'h0;
            mcycle_q <= 64'h0;   minstret_q <= 64'h0;
            hpm_itlb_acc_q <= 64'h0; hpm_itlb_miss_q <= 64'h0;
            hpm_dtlb_acc_q <= 64'h0; hpm_dtlb_miss_q <= 64'h0;
            hpm_walk_q <= 64'h0;
        end else begin
            state_q <= state_d;   pc_q <= pc_d;      priv_q <= priv_d;
            ir_q <= ir_d;         raw_q <= raw_d;    irc_q <= irc_d;  cill_q <= cill_d;
            lo_q <= lo_d;         part_q <= part_d;  ma_q <= ma_d;    amo_q <= amo_d;
            baddr_q <= baddr_d;   bwe_q <= bwe_d;    bwdata_q <= bwdata_d; bstrb_q <= bstrb_d;
            wlvl_q <= wlvl_d;     wkind_q <= wkind_d; wva_q <= wva_d; retry_q <= retry_d;
            resv_q <= resv_d;     resva_q <= resva_d;
            st_sie_q <= st_sie_d; st_mie_q <= st_mie_d; st_spie_q <= st_spie_d;
            st_mpie_q <= st_mpie_d; st_spp_q <= st_spp_d; st_mpp_q <= st_mpp_d;
            st_mprv_q <= st_mprv_d; st_sum_q <= st_sum_d; st_mxr_q <= st_mxr_d;
            st_tvm_q <= st_tvm_d; st_tw_q <= st_tw_d; st_tsr_q <= st_tsr_d;
            medeleg_q <= medeleg_d; mideleg_q <= mideleg_d; mie_q <= mie_d;
            ssip_q <= ssip_d;     stip_q <= stip_d;  seip_q <= seip_d;
            mtvec_q <= mtvec_d;   stvec_q <= stvec_d;
            mscratch_q <= mscratch_d; sscratch_q <= sscratch_d;
            mepc_q <= mepc_d;     sepc_q <= sepc_d;
            mcause_q <= mcause_d; scause_q <= scause_d;
            mtval_q <= mtval_d;   stval_q <= stval_d;
            mcounteren_q <= mcounteren_d; scounteren_q <= scounteren_d;
            satp_mode_q <= satp_mode_d; satp_ppn_q <= satp_ppn_d;
            mcycle_q <= mcycle_d; minstret_q <= minstret_d;
            hpm_itlb_acc_q <= hpm_itlb_acc_d; hpm_itlb_miss_q <= hpm_itlb_miss_d;
            hpm_dtlb_acc_q <= hpm_dtlb_acc_d; hpm_dtlb_miss_q <= hpm_dtlb_miss_d;
            hpm_walk_q <= hpm_walk_d;
        end
    end

    // ------------------------------------------------------------------
    // outputs
    assign bus_req_o   = (state_q == SImem) || (state_q == SDmem) ||
                         (state_q == SAmoW) || (state_q == SWalkMem);
    assign bus_we_o    = bwe_q;
    assign bus_addr_o  = baddr_q;
    assign bus_wdata_o = bwdata_q;
    assign bus_wstrb_o = bstrb_q;  // byte enables for reads and writes

    assign commit_valid_o = retire || commit_trap;
    assign commit_pc_o    = pc_q;
    assign commit_insn_o  = raw_q;
    assign commit_rd_o    = (rf_we && rd != 5'd0) ? rd : 5'd0;
    assign commit_wdata_o = rf_wd;
    assign commit_trap_o  = commit_trap;

    assign cycle_o       = mcycle_q;
    assign instret_o     = minstret_q;
    assign itlb_access_o = hpm_itlb_acc_q;
    assign itlb_miss_o   = hpm_itlb_miss_q;
    assign dtlb_access_o = hpm_dtlb_acc_q;
    assign dtlb_miss_o   = hpm_dtlb_miss_q;
    assign walk_cycles_o = hpm_walk_q;
endmodule
`default_nettype wire
