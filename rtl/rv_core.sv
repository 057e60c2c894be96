// rv_core: RV64IMAC + Zicsr + Zifencei hart with M/S/U modes and Sv39.
// Five-stage in-order pipeline:
//   IF  fetch unit: fetches aligned 64-bit words through the instruction
//       port (ITLB), keeps a halfword queue and hands one (RVC-expanded)
//       instruction per cycle to ID;
//   ID  register-file read (with write-back bypass);
//   EX  ALU, branches/jumps (resolved here; JAL and backward branches are
//       predicted taken in IF, other mispredictions cost 2 cycles), CSR and system
//       instructions (serialized: they wait until MEM and WB are empty),
//       iterative multiply/divide (rv_muldiv), address checks;
//   MEM DTLB, data port access, the point where traps and interrupts are
//       taken. A load/store whose older instructions have completed sends
//       its access already from EX (DTLB looked up there), so it spends one
//       cycle in MEM; otherwise MEM translates and sends it (one extra cycle);
//       AMOs are a read-modify-write in MEM;
//   WB  register write, instret, commit trace.
// Operands are forwarded from MEM and WB into EX. A shared page-table
// walker refills the ITLB and DTLB (rv_tlb) through the data port.
// Bus ports: a request is a one-cycle pulse (always accepted); its
// response (ready, rdata, err) arrives one or more cycles later; at most
// one request per port is outstanding. Addresses are physical, 8-byte
// aligned; wstrb gives the byte lanes of reads and writes.
`default_nettype none
module rv_core #(
    parameter int          TlbEntries = 8,          // entries per TLB
    parameter logic [63:0] ResetPc    = 64'h1000,   // first instruction
    parameter logic [63:0] HartId     = 64'h0
) (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    // instruction port
    output logic             ibus_req_o,
    output logic      [55:0] ibus_addr_o,
    input  wire logic        ibus_ready_i,
    input  wire logic [63:0] ibus_rdata_i,
    input  wire logic        ibus_err_i,
    // data port
    output logic             dbus_req_o,
    output logic             dbus_we_o,
    output logic      [55:0] dbus_addr_o,
    output logic      [63:0] dbus_wdata_o,
    output logic      [7:0]  dbus_wstrb_o,
    input  wire logic        dbus_ready_i,
    input  wire logic [63:0] dbus_rdata_i,
    input  wire logic        dbus_err_i,
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

    localparam logic [63:0] MisaVal     = 64'h8000_0000_0014_1105; // RV64 I M A C S U
    localparam logic [63:0] SstatusMask = 64'h8000_0003_000D_E762;

    localparam logic [1:0] KindFetch = 2'd0;
    localparam logic [1:0] KindLoad  = 2'd1;
    localparam logic [1:0] KindStore = 2'd2;

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
    // architectural state: privilege, CSRs
    logic [1:0]  priv_q, priv_d;
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
    logic [63:0] hpm_itlb_acc_q, hpm_itlb_miss_q, hpm_dtlb_acc_q, hpm_dtlb_miss_q, hpm_walk_q;
    logic        resv_q, resv_d;      // LR reservation valid
    logic [55:0] resva_q, resva_d;    // LR reservation address

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
    // pipeline registers
    // ID
    logic        id_valid_q, id_valid_d;
    logic [63:0] id_pc_q, id_pc_d;
    logic [31:0] id_instr_q, id_instr_d, id_raw_q, id_raw_d;
    logic        id_c_q, id_c_d;
    logic        id_pred_q, id_pred_d;       // fetch predicted it taken ...
    logic [63:0] id_ptgt_q, id_ptgt_d;       // ... to this target
    logic        id_exc_q, id_exc_d;
    logic [4:0]  id_cause_q, id_cause_d;
    logic [63:0] id_tval_q, id_tval_d;
    // EX
    logic        ex_valid_q, ex_valid_d;
    logic [63:0] ex_pc_q, ex_pc_d;
    logic [31:0] ex_instr_q, ex_instr_d, ex_raw_q, ex_raw_d;
    logic        ex_c_q, ex_c_d;
    logic        ex_pred_q, ex_pred_d;
    logic [63:0] ex_ptgt_q, ex_ptgt_d;
    logic        ex_exc_q, ex_exc_d;
    logic [4:0]  ex_cause_q, ex_cause_d;
    logic [63:0] ex_tval_q, ex_tval_d;
    logic [63:0] ex_a_q, ex_a_d, ex_b_q, ex_b_d;     // rs1/rs2 values
    logic        ex_mdrun_q, ex_mdrun_d;             // multiply/divide started
    logic        ex_mddone_q, ex_mddone_d;           // result latched
    logic [63:0] ex_mdres_q, ex_mdres_d;
    // MEM
    logic        mem_valid_q, mem_valid_d;
    logic [63:0] mem_pc_q, mem_pc_d;
    logic [31:0] mem_instr_q, mem_instr_d, mem_raw_q, mem_raw_d;
    logic        mem_exc_q, mem_exc_d;
    logic [4:0]  mem_cause_q, mem_cause_d;
    logic [63:0] mem_tval_q, mem_tval_d;
    logic [63:0] mem_res_q, mem_res_d;
    logic [63:0] mem_addr_q, mem_addr_d;    // data virtual address
    logic [63:0] mem_wdata_q, mem_wdata_d;  // rs2 value
    logic [4:0]  mem_rd_q, mem_rd_d;
    logic        mem_wrd_q, mem_wrd_d;      // writes rd
    logic        mem_memop_q, mem_memop_d;  // load/store/AMO
    logic        mem_noirq_q, mem_noirq_d;  // done in EX (side effects / long MUL/DIV)
    logic        mem_nocnt_q, mem_nocnt_d;  // wrote minstret: no increment
    logic [2:0]  mem_state_q, mem_state_d;
    logic [55:0] mem_pa_q, mem_pa_d;
    logic [63:0] mem_old_q, mem_old_d;      // AMO: loaded value
    logic [63:0] mem_new_q, mem_new_d;      // AMO: value to store
    logic        mem_retry_q, mem_retry_d;  // DTLB lookup after a refill
    // WB
    logic        wb_valid_q, wb_valid_d;
    logic [63:0] wb_pc_q, wb_pc_d;
    logic [31:0] wb_raw_q, wb_raw_d;
    logic [4:0]  wb_rd_q, wb_rd_d;
    logic        wb_we_q, wb_we_d;
    logic [63:0] wb_val_q, wb_val_d;
    logic        wb_trap_q, wb_trap_d;
    logic        wb_commit_q, wb_commit_d;
    logic        wb_cnt_q, wb_cnt_d;

    localparam logic [2:0] MIdle = 3'd0, MWait = 3'd1, MAmoW = 3'd2, MAmoWait = 3'd3,
                           MWalk = 3'd4;

    logic [63:0] rf [32];

    // ------------------------------------------------------------------
    // cross-stage control signals
    logic        redirect, redirect_fast;
    logic [63:0] redirect_pc;
    logic        id_ready;           // ID register can take a new instruction
    logic        trap_mem;           // MEM takes a trap this cycle
    logic        ex_go;              // EX instruction moves to MEM this cycle
    logic        mem_done;           // MEM instruction leaves (to WB) this cycle
    logic        ex_ready;           // EX register can take the ID instruction
    logic        id_go;

    // page-table walker (rv_ptw) interface
    logic        walk_busy_q;                  // walk in progress
    logic        wdone_q;                      // walk ended last cycle ...
    logic        wfault_q;                     // ... with a fault
    logic [4:0]  wcause_q;
    logic [1:0]  walk_kind_q;
    logic        walk_stale_q;
    logic        walk_issue;
    logic [55:0] walk_addr_q;
    logic [26:0] fill_vpn;
    logic [1:0]  fill_level;
    logic        iwalk_req, dwalk_req;

    // ------------------------------------------------------------------
    // TLBs
    logic [26:0] itlb_vpn, dtlb_vpn;
    logic        itlb_hit, dtlb_hit;
    logic [43:0] itlb_ppn, dtlb_ppn;
    logic [7:0]  itlb_flags, dtlb_flags;
    logic        itlb_fill, dtlb_fill;
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

    // ==================================================================
    // IF: fetch unit
    // ==================================================================
    logic [63:0]  fpc_q, fpc_d;          // VA of the next word to request
    logic [1:0]   fskip_q, fskip_d;      // halfwords to skip in that word
    logic         infl_q, infl_d;        // request outstanding
    logic         idrop_q, idrop_d;      // ... and its response is discarded
    logic [1:0]   iskip_q, iskip_d;      // skip count of the outstanding word
    logic [127:0] fifo_q, fifo_d;        // halfword queue (entry 0 = bits 15:0)
    logic [3:0]   fcnt_q, fcnt_d;
    logic         ffault_q, ffault_d;    // fetch fault after the queued halfwords
    logic [4:0]   fcause_q, fcause_d;
    logic         fsent_q, fsent_d;      // fault already handed to ID
    logic         fretry_q, fretry_d;    // ITLB lookup after a refill
    logic [63:0]  pc_if_q, pc_if_d;      // pc of the queue head

    logic         resp_ok, resp_err;
    logic [2:0]   resp_n;
    logic [63:0]  resp_hw;
    logic [191:0] comb_hw;
    logic [3:0]   ccnt;
    logic [63:0]  f_va;
    logic [1:0]   f_skip;
    logic         itlb_hit_ev, itlb_miss_ev, dtlb_hit_ev, dtlb_miss_ev;

    assign resp_ok  = ibus_ready_i && infl_q && !idrop_q && !ibus_err_i;
    assign resp_err = ibus_ready_i && infl_q && !idrop_q && ibus_err_i;
    assign resp_n   = resp_ok ? (3'd4 - {1'b0, iskip_q}) : 3'd0;
    assign resp_hw  = resp_ok ? (ibus_rdata_i >> {iskip_q, 4'b0000}) : 64'h0;
    assign comb_hw  = {64'h0, fifo_q} | ({128'h0, resp_hw} << {fcnt_q, 4'b0000});
    assign ccnt     = fcnt_q + {1'b0, resp_n};
    // static prediction at the queue head: JAL (and C.J) and backward
    // conditional branches are taken, returns (jalr x0, 0(ra/t0)) go to the top
    // of an 8-entry return-address stack; fetch continues at the target at once
    logic        pred_take;
    logic [63:0] ras_q [8];
    logic [2:0]  ras_ptr_q;
    logic [3:0]  ras_cnt_q;
    logic        head_is_jalr, head_is_ret, head_is_call;
    logic [63:0] head_next;
    logic [63:0] pred_target;
    logic [31:0] head_instr;
    logic        head_ok;
    assign f_va     = redirect_fast ? {redirect_pc[63:3], 3'b000} :
                      pred_take ? {pred_target[63:3], 3'b000} : fpc_q;
    assign f_skip   = redirect_fast ? redirect_pc[2:1] : pred_take ? pred_target[2:1] : fskip_q;
    assign itlb_vpn = f_va[38:12];

    logic [31:0] rvc_out;
    logic        rvc_ill;
    rv_rvc u_rvc (
        .c_i       (comb_hw[15:0]),
        .instr_o   (rvc_out),
        .illegal_o (rvc_ill)
    );

    assign head_instr = (comb_hw[1:0] != 2'b11) ? rvc_out : comb_hw[31:0];
    assign head_ok = (ccnt >= 4'd1 && comb_hw[1:0] != 2'b11 && !rvc_ill) ||
                     (ccnt >= 4'd2 && comb_hw[1:0] == 2'b11);
    assign head_is_jalr = (head_instr[6:0] == OpJalr) && (head_instr[14:12] == 3'b000);
    assign head_is_ret  = head_is_jalr && head_instr[11:7] == 5'd0 && head_instr[31:20] == 12'h0 &&
                          (head_instr[19:15] == 5'd1 || head_instr[19:15] == 5'd5) &&
                          ras_cnt_q != 4'd0;
    assign head_is_call = (head_instr[6:0] == OpJal || head_is_jalr) &&
                          (head_instr[11:7] == 5'd1 || head_instr[11:7] == 5'd5);
    assign head_next = pc_if_q + ((comb_hw[1:0] != 2'b11) ? 64'd2 : 64'd4);
    assign pred_take = !redirect && id_ready && head_ok &&
                       (head_instr[6:0] == OpJal || head_is_ret ||
                        (head_instr[6:0] == OpBranch && head_instr[31]));
    assign pred_target = head_is_ret ? ras_q[ras_ptr_q - 3'd1] : pc_if_q + ((head_instr[6:0] == OpJal) ?
        {{43{head_instr[31]}}, head_instr[31], head_instr[19:12], head_instr[20], head_instr[30:21], 1'b0} :
        {{51{head_instr[31]}}, head_instr[31], head_instr[7], head_instr[30:25], head_instr[11:8], 1'b0});

    // return-address stack: push on calls, pop on predicted returns, as they
    // enter ID (wrong-path updates only cost predictions, never correctness)
    logic ras_push, ras_pop;
    assign ras_push = !redirect && id_ready && head_ok && head_is_call;
    assign ras_pop  = !redirect && id_ready && head_ok && head_is_ret;
    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            ras_ptr_q <= 3'd0;
            ras_cnt_q <= 4'd0;
        end else if (ras_push) begin
            ras_ptr_q <= ras_ptr_q + 3'd1;
            if (ras_cnt_q != 4'd8) ras_cnt_q <= ras_cnt_q + 4'd1;
        end else if (ras_pop) begin
            ras_ptr_q <= ras_ptr_q - 3'd1;
            ras_cnt_q <= ras_cnt_q - 4'd1;
        end
    end
    always_ff @(posedge clk_i) begin
        if (ras_push) ras_q[ras_ptr_q] <= head_next;
    end

    logic        dec_valid, dec_fault;
    logic [1:0]  dec_pop;
    logic        can_issue;
    logic [55:0] f_pa;

    always_comb begin
        fpc_d = fpc_q; fskip_d = fskip_q; infl_d = infl_q; idrop_d = idrop_q; iskip_d = iskip_q;
        fifo_d = fifo_q; fcnt_d = fcnt_q; ffault_d = ffault_q; fcause_d = fcause_q;
        fsent_d = fsent_q; fretry_d = fretry_q; pc_if_d = pc_if_q;
        id_valid_d = id_valid_q; id_pc_d = id_pc_q; id_instr_d = id_instr_q; id_raw_d = id_raw_q;
        id_c_d = id_c_q; id_exc_d = id_exc_q; id_cause_d = id_cause_q; id_tval_d = id_tval_q;
        id_pred_d = id_pred_q; id_ptgt_d = id_ptgt_q;
        dec_valid = 1'b0; dec_fault = 1'b0; dec_pop = 2'd0;
        ibus_req_o = 1'b0; f_pa = 56'h0; can_issue = 1'b0;
        iwalk_req = 1'b0; itlb_hit_ev = 1'b0;

        // ---- decode the queue head into ID
        if (ccnt >= 4'd1 && comb_hw[1:0] != 2'b11) begin
            dec_valid = 1'b1; dec_pop = 2'd1;
        end else if (ccnt >= 4'd2 && comb_hw[1:0] == 2'b11) begin
            dec_valid = 1'b1; dec_pop = 2'd2;
        end else if ((ffault_q || resp_err) && !fsent_q) begin
            dec_valid = 1'b1; dec_fault = 1'b1;
        end

        if (redirect) begin
            id_valid_d = 1'b0;
            fifo_d = 128'h0; fcnt_d = 4'd0; ffault_d = 1'b0; fsent_d = 1'b0;
            pc_if_d = redirect_pc;
            fpc_d = {redirect_pc[63:3], 3'b000};
            fskip_d = redirect_pc[2:1];
            if (infl_q && !ibus_ready_i) idrop_d = 1'b1;
            else infl_d = 1'b0;
        end else begin
            if (id_ready) begin
                id_valid_d = dec_valid;
                if (dec_valid) begin
                    id_pc_d = pc_if_q;
                    id_pred_d = pred_take;
                    id_ptgt_d = pred_target;
                    if (dec_fault) begin
                        id_instr_d = 32'h0; id_raw_d = 32'h0; id_c_d = 1'b0;
                        id_exc_d = 1'b1;
                        id_cause_d = resp_err ? 5'd1 : fcause_q;
                        id_tval_d = pc_if_q + {59'h0, ccnt, 1'b0};
                        fsent_d = 1'b1;
                    end else if (dec_pop == 2'd1) begin
                        id_instr_d = rvc_out; id_raw_d = {16'h0, comb_hw[15:0]}; id_c_d = 1'b1;
                        id_exc_d = rvc_ill; id_cause_d = 5'd2; id_tval_d = {48'h0, comb_hw[15:0]};
                    end else begin
                        id_instr_d = comb_hw[31:0]; id_raw_d = comb_hw[31:0]; id_c_d = 1'b0;
                        id_exc_d = 1'b0; id_cause_d = 5'd0; id_tval_d = 64'h0;
                    end
                end
            end
            if (!(id_ready && dec_valid)) dec_pop = 2'd0;
            fifo_d  = 128'(comb_hw >> {dec_pop, 4'b0000});
            fcnt_d  = ccnt - {2'b00, dec_pop};
            pc_if_d = pc_if_q + {61'h0, dec_pop, 1'b0};
            if (resp_err) begin
                ffault_d = 1'b1; fcause_d = 5'd1;
            end
            if (ibus_ready_i && infl_q) begin
                infl_d = 1'b0; idrop_d = 1'b0;
            end
            if (pred_take) begin
                // predicted-taken branch: drop the sequential stream
                fifo_d = 128'h0; fcnt_d = 4'd0; ffault_d = 1'b0; fsent_d = 1'b0;
                pc_if_d = pred_target;
                fpc_d = {pred_target[63:3], 3'b000};
                fskip_d = pred_target[2:1];
                if (infl_q && !ibus_ready_i) idrop_d = 1'b1;
                else infl_d = 1'b0;
            end
        end

        // ---- issue the next fetch
        can_issue = (!redirect || redirect_fast) && !ffault_d && fcnt_d <= 4'd4 &&
                    (!infl_q || ibus_ready_i) && !walk_busy_q && !wdone_q;
        if (can_issue) begin
            if (!ixlate) begin
                f_pa = {f_va[55:3], 3'b000};
                ibus_req_o = 1'b1;
            end else if (f_va[63:38] != {26{f_va[38]}}) begin
                ffault_d = 1'b1; fcause_d = 5'd12;
            end else if (itlb_hit) begin
                if (!fretry_q) itlb_hit_ev = 1'b1;
                fretry_d = 1'b0;
                if (perm_ok(itlb_flags, KindFetch, priv_q, st_sum_q, st_mxr_q)) begin
                    f_pa = {itlb_ppn, f_va[11:3], 3'b000};
                    ibus_req_o = 1'b1;
                end else begin
                    ffault_d = 1'b1; fcause_d = 5'd12;
                end
            end else begin
                iwalk_req = 1'b1;
                fpc_d = f_va; fskip_d = f_skip;
            end
            if (ibus_req_o) begin
                infl_d = 1'b1; idrop_d = 1'b0; iskip_d = f_skip;
                fpc_d = f_va + 64'd8; fskip_d = 2'd0;
            end
        end
        // fault reported by the walker for the fetch
        if (wdone_q && walk_kind_q == KindFetch) begin
            if (wfault_q && !walk_stale_q && !redirect) begin
                ffault_d = 1'b1; fcause_d = wcause_q;
            end else if (!wfault_q) begin
                fretry_d = 1'b1;
            end
        end
    end
    assign ibus_addr_o = f_pa;

    // ==================================================================
    // ID: register read with write-back bypass
    // ==================================================================
    logic [4:0]  id_rs1, id_rs2;
    logic [63:0] id_a, id_b;
    assign id_rs1 = id_instr_q[19:15];
    assign id_rs2 = id_instr_q[24:20];
    always_comb begin
        id_a = (id_rs1 == 5'd0) ? 64'h0 : rf[id_rs1];
        id_b = (id_rs2 == 5'd0) ? 64'h0 : rf[id_rs2];
        if (wb_valid_q && wb_we_q && wb_rd_q != 5'd0) begin
            if (wb_rd_q == id_rs1) id_a = wb_val_q;
            if (wb_rd_q == id_rs2) id_b = wb_val_q;
        end
    end

    // ==================================================================
    // EX
    // ==================================================================
    logic [6:0]  opc;
    logic [4:0]  rd, rs1, rs2;
    logic [2:0]  f3;
    logic [6:0]  f7;
    logic [63:0] imm_i, imm_s, imm_b, imm_u, imm_j;
    logic [63:0] rv1, rv2;
    logic [63:0] pc_seq;
    logic [63:0] mem_fwd;          // value MEM forwards (valid when MEM completes)

    assign opc   = ex_instr_q[6:0];
    assign rd    = ex_instr_q[11:7];
    assign f3    = ex_instr_q[14:12];
    assign rs1   = ex_instr_q[19:15];
    assign rs2   = ex_instr_q[24:20];
    assign f7    = ex_instr_q[31:25];
    assign imm_i = {{52{ex_instr_q[31]}}, ex_instr_q[31:20]};
    assign imm_s = {{52{ex_instr_q[31]}}, ex_instr_q[31:25], ex_instr_q[11:7]};
    assign imm_b = {{51{ex_instr_q[31]}}, ex_instr_q[31], ex_instr_q[7], ex_instr_q[30:25],
                    ex_instr_q[11:8], 1'b0};
    assign imm_u = {{32{ex_instr_q[31]}}, ex_instr_q[31:12], 12'h0};
    assign imm_j = {{43{ex_instr_q[31]}}, ex_instr_q[31], ex_instr_q[19:12], ex_instr_q[20],
                    ex_instr_q[30:21], 1'b0};
    assign pc_seq = ex_pc_q + (ex_c_q ? 64'd2 : 64'd4);

    // forwarding into EX
    always_comb begin
        rv1 = ex_a_q;
        rv2 = ex_b_q;
        if (wb_valid_q && wb_we_q && wb_rd_q != 5'd0) begin
            if (wb_rd_q == rs1) rv1 = wb_val_q;
            if (wb_rd_q == rs2) rv2 = wb_val_q;
        end
        if (mem_valid_q && mem_wrd_q && !mem_exc_q && mem_rd_q != 5'd0) begin
            if (mem_rd_q == rs1) rv1 = mem_fwd;
            if (mem_rd_q == rs2) rv2 = mem_fwd;
        end
        if (rs1 == 5'd0) rv1 = 64'h0;
        if (rs2 == 5'd0) rv2 = 64'h0;
    end

    // multiply/divide unit
    logic        md_start, md_done, md_kill;
    logic [63:0] md_res;
    rv_muldiv u_muldiv (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (md_start),
        .kill_i   (md_kill),
        .op_i     (f3),
        .w_i      (opc == OpOp32),
        .a_i      (rv1),
        .b_i      (rv2),
        .done_o   (md_done),
        .result_o (md_res)
    );

    // arithmetic
    logic [63:0] alu_a, alu_b, sra64;
    logic [31:0] sra32;
    assign alu_a = rv1;
    assign alu_b = (opc == OpOp || opc == OpOp32) ? rv2 : imm_i;
    assign sra64 = $signed(alu_a) >>> alu_b[5:0];
    assign sra32 = $signed(alu_a[31:0]) >>> alu_b[4:0];

    // CSR read
    logic [11:0] csr_addr;
    logic [63:0] csr_rdata;
    logic        csr_exists;
    logic        ctr_ok;
    assign csr_addr = ex_instr_q[31:20];

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

    // EX decode / execute (combinational results)
    logic        ex_ill, ex_exc, ex_sys, ex_is_md, ex_is_mem, ex_wrd, ex_store_kind;
    logic [4:0]  ex_cause;
    logic [63:0] ex_tval, ex_res, ex_va, ex_target;
    logic        ex_redir;       // fetch went the wrong way (or JALR)
    logic [63:0] ex_redir_pc;
    logic        ex_taken, ex_serial_redirect, ex_wfi, ex_csr_we, ex_wr_minstret;
    logic [63:0] csr_src, csr_new, alu_r;
    logic [31:0] alu_w;
    logic        br_take;

    always_comb begin
        ex_ill = 1'b0; ex_exc = ex_exc_q; ex_cause = ex_cause_q; ex_tval = ex_tval_q;
        ex_sys = 1'b0; ex_is_md = 1'b0; ex_is_mem = 1'b0; ex_wrd = 1'b0; ex_store_kind = 1'b0;
        ex_res = 64'h0; ex_va = 64'h0; ex_target = pc_seq; ex_taken = 1'b0;
        ex_serial_redirect = 1'b0; ex_wfi = 1'b0; ex_csr_we = 1'b0; ex_wr_minstret = 1'b0;
        csr_src = 64'h0; csr_new = 64'h0; alu_r = 64'h0; alu_w = 32'h0; br_take = 1'b0;
        if (!ex_exc_q) begin
            unique case (opc)
                OpLui:   begin ex_wrd = 1'b1; ex_res = imm_u; end
                OpAuipc: begin ex_wrd = 1'b1; ex_res = ex_pc_q + imm_u; end
                OpJal: begin
                    ex_wrd = 1'b1; ex_res = pc_seq;
                    ex_taken = 1'b1; ex_target = ex_pc_q + imm_j;
                end
                OpJalr: begin
                    if (f3 != 3'b000) ex_ill = 1'b1;
                    ex_wrd = 1'b1; ex_res = pc_seq;
                    ex_taken = 1'b1; ex_target = (rv1 + imm_i) & ~64'h1;
                end
                OpBranch: begin
                    unique case (f3)
                        3'b000: br_take = (rv1 == rv2);
                        3'b001: br_take = (rv1 != rv2);
                        3'b100: br_take = ($signed(rv1) < $signed(rv2));
                        3'b101: br_take = ($signed(rv1) >= $signed(rv2));
                        3'b110: br_take = (rv1 < rv2);
                        3'b111: br_take = (rv1 >= rv2);
                        default: ex_ill = 1'b1;
                    endcase
                    if (br_take) begin
                        ex_taken = 1'b1; ex_target = ex_pc_q + imm_b;
                    end
                end
                OpImm, OpOp, OpImm32, OpOp32: begin
                    if ((opc == OpOp || opc == OpOp32) && f7 == 7'b0000001) begin
                        if (opc == OpOp32 && (f3 == 3'b001 || f3 == 3'b010 || f3 == 3'b011))
                            ex_ill = 1'b1;
                        else begin
                            ex_is_md = 1'b1; ex_wrd = 1'b1;
                            ex_res = ex_mdres_q;
                        end
                    end else begin
                        if (opc == OpOp || opc == OpOp32) begin
                            if (!(f7 == 7'b0000000 ||
                                  (f7 == 7'b0100000 && (f3 == 3'b000 || f3 == 3'b101))))
                                ex_ill = 1'b1;
                            if (opc == OpOp32 && !(f3 == 3'b000 || f3 == 3'b001 || f3 == 3'b101))
                                ex_ill = 1'b1;
                        end else if (opc == OpImm) begin
                            if (f3 == 3'b001 && ex_instr_q[31:26] != 6'b000000) ex_ill = 1'b1;
                            if (f3 == 3'b101 && ex_instr_q[31:26] != 6'b000000 &&
                                ex_instr_q[31:26] != 6'b010000) ex_ill = 1'b1;
                        end else begin // OpImm32
                            if (f3 == 3'b001 && f7 != 7'b0000000) ex_ill = 1'b1;
                            if (f3 == 3'b101 && f7 != 7'b0000000 && f7 != 7'b0100000) ex_ill = 1'b1;
                            if (!(f3 == 3'b000 || f3 == 3'b001 || f3 == 3'b101)) ex_ill = 1'b1;
                        end
                        if (opc == OpImm || opc == OpOp) begin
                            unique case (f3)
                                3'b000: alu_r = (opc == OpOp && f7[5]) ? alu_a - alu_b : alu_a + alu_b;
                                3'b001: alu_r = alu_a << alu_b[5:0];
                                3'b010: alu_r = {63'h0, $signed(alu_a) < $signed(alu_b)};
                                3'b011: alu_r = {63'h0, alu_a < alu_b};
                                3'b100: alu_r = alu_a ^ alu_b;
                                3'b101: alu_r = ex_instr_q[30] ? sra64 : (alu_a >> alu_b[5:0]);
                                3'b110: alu_r = alu_a | alu_b;
                                default: alu_r = alu_a & alu_b;
                            endcase
                        end else begin
                            unique case (f3)
                                3'b000: alu_w = (opc == OpOp32 && f7[5]) ? alu_a[31:0] - alu_b[31:0]
                                                                         : alu_a[31:0] + alu_b[31:0];
                                3'b001: alu_w = alu_a[31:0] << alu_b[4:0];
                                3'b101: alu_w = ex_instr_q[30] ? sra32 : (alu_a[31:0] >> alu_b[4:0]);
                                default: alu_w = 32'h0;
                            endcase
                            alu_r = {{32{alu_w[31]}}, alu_w};
                        end
                        ex_wrd = 1'b1; ex_res = alu_r;
                    end
                end
                OpLoad, OpStore, OpAmo: begin
                    ex_is_mem = 1'b1;
                    if (opc == OpLoad) ex_va = rv1 + imm_i;
                    else if (opc == OpStore) ex_va = rv1 + imm_s;
                    else ex_va = rv1;
                    ex_wrd = (opc != OpStore);
                    ex_store_kind = (opc == OpStore) ||
                                    (opc == OpAmo && ex_instr_q[31:27] != 5'b00010);
                    if (opc == OpLoad && f3 == 3'b111) ex_ill = 1'b1;
                    if (opc == OpStore && f3[2]) ex_ill = 1'b1;
                    if (opc == OpAmo) begin
                        if (f3 != 3'b010 && f3 != 3'b011) ex_ill = 1'b1;
                        unique case (ex_instr_q[31:27])
                            5'b00010: if (rs2 != 5'd0) ex_ill = 1'b1;
                            5'b00011, 5'b00001, 5'b00000, 5'b00100, 5'b01100,
                            5'b01000, 5'b10000, 5'b10100, 5'b11000, 5'b11100: ;
                            default: ex_ill = 1'b1;
                        endcase
                    end
                    if (!ex_ill && ((f3[1:0] == 2'b01 && ex_va[0]) ||
                                    (f3[1:0] == 2'b10 && ex_va[1:0] != 2'b00) ||
                                    (f3[1:0] == 2'b11 && ex_va[2:0] != 3'b000))) begin
                        ex_exc = 1'b1; ex_cause = ex_store_kind ? 5'd6 : 5'd4; ex_tval = ex_va;
                    end
                end
                OpMisc: begin
                    if (f3 == 3'b001) begin       // FENCE.I: refetch
                        ex_sys = 1'b1; ex_serial_redirect = 1'b1;
                    end else if (f3 != 3'b000) ex_ill = 1'b1;
                end
                OpSystem: begin
                    ex_sys = 1'b1;
                    if (f3 == 3'b000) begin
                        if (ex_instr_q[31:25] == 7'b0001001 && rd == 5'd0) begin // SFENCE.VMA
                            if (priv_q == PrivU || (priv_q == PrivS && st_tvm_q)) ex_ill = 1'b1;
                            else ex_serial_redirect = 1'b1;
                        end else if (rs1 != 5'd0 || rd != 5'd0) begin
                            ex_ill = 1'b1;
                        end else begin
                            unique case (ex_instr_q[31:20])
                                12'h000: begin
                                    ex_exc = 1'b1; ex_cause = 5'd8 + {3'b000, priv_q}; ex_tval = 64'h0;
                                end
                                12'h001: begin ex_exc = 1'b1; ex_cause = 5'd3; ex_tval = ex_pc_q; end
                                12'h302: begin // MRET
                                    if (priv_q != PrivM) ex_ill = 1'b1;
                                    else begin ex_serial_redirect = 1'b1; ex_target = mepc_q; end
                                end
                                12'h102: begin // SRET
                                    if (priv_q == PrivU || (priv_q == PrivS && st_tsr_q)) ex_ill = 1'b1;
                                    else begin ex_serial_redirect = 1'b1; ex_target = sepc_q; end
                                end
                                12'h105: begin // WFI
                                    if (priv_q == PrivU || (priv_q == PrivS && st_tw_q)) ex_ill = 1'b1;
                                    else ex_wfi = 1'b1;
                                end
                                default: ex_ill = 1'b1;
                            endcase
                        end
                    end else if (f3 == 3'b100) begin
                        ex_ill = 1'b1;
                    end else begin
                        csr_src = f3[2] ? {59'h0, rs1} : rv1;
                        ex_csr_we = (f3[1:0] == 2'b01) || (rs1 != 5'd0);
                        unique case (f3[1:0])
                            2'b01: csr_new = csr_src;
                            2'b10: csr_new = csr_rdata | csr_src;
                            default: csr_new = csr_rdata & ~csr_src;
                        endcase
                        if (!csr_exists || !ctr_ok || (priv_q < csr_addr[9:8]) ||
                            (ex_csr_we && csr_addr[11:10] == 2'b11) ||
                            (csr_addr == 12'h180 && priv_q == PrivS && st_tvm_q))
                            ex_ill = 1'b1;
                        else begin
                            ex_wrd = 1'b1; ex_res = csr_rdata; ex_serial_redirect = 1'b1;
                            ex_wr_minstret = ex_csr_we && (csr_addr == 12'hB02);
                        end
                    end
                end
                default: ex_ill = 1'b1;
            endcase
            if (ex_ill) begin
                ex_exc = 1'b1; ex_cause = 5'd2; ex_tval = {32'h0, ex_raw_q};
            end
        end
        if (ex_exc) begin
            ex_sys = 1'b0; ex_is_md = 1'b0; ex_taken = 1'b0; ex_serial_redirect = 1'b0;
            ex_wfi = 1'b0; ex_csr_we = 1'b0; ex_wrd = 1'b0; ex_is_mem = 1'b0;
        end
        ex_redir = !ex_exc && ((ex_taken != ex_pred_q) || (ex_taken && ex_target != ex_ptgt_q));
        ex_redir_pc = ex_taken ? ex_target : pc_seq;
    end

    // ==================================================================
    // MEM
    // ==================================================================
    logic [63:0] ld_shift, ld_val, amo_a, amo_b, amo_r;
    logic        mem_is_store_kind, mem_is_lr, mem_is_sc, mem_is_amo, mem_is_load;
    logic [1:0]  mem_kind;
    logic [7:0]  size_mask;
    logic        mem_issue;
    // early issue: a load/store whose older instructions have all completed
    // sends its access from EX, so its data arrives when it is in MEM
    logic        early_issue, early_ok, early_we;
    logic [55:0] early_pa;
    logic [63:0] early_wdata;
    logic [7:0]  early_strb, early_mask;
    logic        mem_we;
    logic [55:0] mem_req_pa;
    logic [63:0] mem_req_wdata;
    logic [7:0]  mem_req_strb;
    logic        irq;
    logic [4:0]  irq_cause;

    // the DTLB serves MEM, or EX for an early load/store when MEM does not need it
    logic        mem_needs_dtlb;
    assign mem_needs_dtlb = mem_valid_q && mem_memop_q && (mem_state_q == MIdle);
    assign dtlb_vpn = mem_needs_dtlb ? mem_addr_q[38:12] : ex_va[38:12];
    assign mem_is_load = (mem_instr_q[6:0] == OpLoad);
    assign mem_is_amo  = (mem_instr_q[6:0] == OpAmo);
    assign mem_is_lr   = mem_is_amo && (mem_instr_q[31:27] == 5'b00010);
    assign mem_is_sc   = mem_is_amo && (mem_instr_q[31:27] == 5'b00011);
    assign mem_is_store_kind = (mem_instr_q[6:0] == OpStore) || (mem_is_amo && !mem_is_lr);
    assign mem_kind = mem_is_store_kind ? KindStore : KindLoad;

    always_comb begin
        ld_shift = dbus_rdata_i >> {mem_addr_q[2:0], 3'b000};
        unique case (mem_instr_q[14:12])
            3'b000: ld_val = {{56{ld_shift[7]}}, ld_shift[7:0]};
            3'b001: ld_val = {{48{ld_shift[15]}}, ld_shift[15:0]};
            3'b010: ld_val = {{32{ld_shift[31]}}, ld_shift[31:0]};
            3'b100: ld_val = {56'h0, ld_shift[7:0]};
            3'b101: ld_val = {48'h0, ld_shift[15:0]};
            3'b110: ld_val = {32'h0, ld_shift[31:0]};
            default: ld_val = ld_shift;
        endcase
        if (mem_instr_q[14:12] == 3'b010) begin
            if (mem_instr_q[31:29] == 3'b110 || mem_instr_q[31:29] == 3'b111) begin
                amo_a = {32'h0, ld_val[31:0]}; amo_b = {32'h0, mem_wdata_q[31:0]};
            end else begin
                amo_a = ld_val; amo_b = {{32{mem_wdata_q[31]}}, mem_wdata_q[31:0]};
            end
        end else begin
            amo_a = ld_val; amo_b = mem_wdata_q;
        end
        unique case (mem_instr_q[31:27])
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
        unique case (mem_instr_q[13:12])
            2'b00: size_mask = 8'h01;
            2'b01: size_mask = 8'h03;
            2'b10: size_mask = 8'h0f;
            default: size_mask = 8'hff;
        endcase
        // interrupt selection
        irq = 1'b0; irq_cause = 5'd0;
        if (m_int_en && m_pend != 64'h0) begin
            irq = 1'b1;
            if (m_pend[11]) irq_cause = 5'd11;
            else if (m_pend[3]) irq_cause = 5'd3;
            else if (m_pend[7]) irq_cause = 5'd7;
            else if (m_pend[9]) irq_cause = 5'd9;
            else if (m_pend[1]) irq_cause = 5'd1;
            else irq_cause = 5'd5;
        end else if (s_int_en && s_pend != 64'h0) begin
            irq = 1'b1;
            if (s_pend[9]) irq_cause = 5'd9;
            else if (s_pend[1]) irq_cause = 5'd1;
            else irq_cause = 5'd5;
        end
    end

    // value forwarded from MEM to EX
    always_comb begin
        if (mem_memop_q) begin
            if (mem_state_q == MAmoWait) mem_fwd = mem_old_q;
            else if (mem_is_sc) mem_fwd = (mem_state_q == MWait) ? 64'd0 : 64'd1;
            else mem_fwd = ld_val;
        end else mem_fwd = mem_res_q;
    end

    // ==================================================================
    // main control: pipeline advance, MEM stage, traps, CSR updates
    // ==================================================================
    logic        m_trap, m_irq, m_complete;
    logic [4:0]  m_cause;
    logic [63:0] m_tval;
    logic [63:0] m_result;
    logic        deleg;
    logic [63:0] tvec;
    logic        mem_ready;
    logic        ex_done;
    logic        ex_exec;      // EX performs its action this cycle
    logic        serial_ok;

    always_comb begin
        // ---------------- MEM stage
        m_trap = 1'b0; m_irq = 1'b0; m_complete = 1'b0; m_cause = 5'd0; m_tval = 64'h0;
        m_result = mem_res_q;
        mem_state_d = mem_state_q; mem_pa_d = mem_pa_q; mem_old_d = mem_old_q;
        mem_new_d = mem_new_q; mem_retry_d = mem_retry_q;
        mem_issue = 1'b0; mem_we = 1'b0; mem_req_pa = mem_pa_q; mem_req_wdata = 64'h0;
        mem_req_strb = size_mask << mem_addr_q[2:0];
        dwalk_req = 1'b0; dtlb_hit_ev = 1'b0;
        resv_d = resv_q; resva_d = resva_q;
        if (mem_valid_q) begin
            unique case (mem_state_q)
                MIdle: begin
                    if (mem_exc_q) begin
                        m_trap = 1'b1; m_cause = mem_cause_q; m_tval = mem_tval_q;
                    end else if (irq && !mem_noirq_q) begin
                        m_trap = 1'b1; m_irq = 1'b1; m_cause = irq_cause;
                    end else if (!mem_memop_q) begin
                        m_complete = 1'b1;
                    end else if (!walk_busy_q && !wdone_q) begin
                        // (the walker takes a new request only when fully idle)
                        if (!dxlate) mem_req_pa = mem_addr_q[55:0];
                        if (dxlate && mem_addr_q[63:38] != {26{mem_addr_q[38]}}) begin
                            m_trap = 1'b1; m_cause = mem_is_store_kind ? 5'd15 : 5'd13;
                            m_tval = mem_addr_q;
                        end else if (dxlate && !dtlb_hit) begin
                            dwalk_req = 1'b1;
                            mem_state_d = MWalk;
                        end else begin
                            if (dxlate) begin
                                if (!mem_retry_q) dtlb_hit_ev = 1'b1;
                                mem_retry_d = 1'b0;
                                mem_req_pa = {dtlb_ppn, mem_addr_q[11:0]};
                            end
                            if (dxlate && !perm_ok(dtlb_flags, mem_kind, dpriv, st_sum_q, st_mxr_q)) begin
                                m_trap = 1'b1; m_cause = mem_is_store_kind ? 5'd15 : 5'd13;
                                m_tval = mem_addr_q;
                            end else if (mem_is_sc && !(resv_q && resva_q == mem_req_pa)) begin
                                m_complete = 1'b1; m_result = 64'd1; resv_d = 1'b0;
                            end else begin
                                mem_issue = 1'b1;
                                mem_we = (mem_instr_q[6:0] == OpStore) || mem_is_sc;
                                mem_req_wdata = mem_wdata_q << {mem_addr_q[2:0], 3'b000};
                                mem_pa_d = mem_req_pa;
                                mem_state_d = MWait;
                            end
                        end
                    end
                end
                MWalk: begin
                    if (wdone_q) begin
                        if (wfault_q) begin
                            m_trap = 1'b1; m_cause = wcause_q; m_tval = mem_addr_q;
                        end else begin
                            mem_state_d = MIdle; mem_retry_d = 1'b1;
                        end
                    end
                end
                MWait: begin
                    if (dbus_ready_i) begin
                        if (dbus_err_i) begin
                            m_trap = 1'b1; m_cause = mem_is_store_kind ? 5'd7 : 5'd5;
                            m_tval = mem_addr_q;
                        end else if (mem_is_load) begin
                            m_complete = 1'b1; m_result = ld_val;
                        end else if (mem_is_lr) begin
                            m_complete = 1'b1; m_result = ld_val;
                            resv_d = 1'b1; resva_d = mem_pa_q;
                        end else if (mem_is_sc) begin
                            m_complete = 1'b1; m_result = 64'd0; resv_d = 1'b0;
                        end else if (!mem_is_amo) begin
                            m_complete = 1'b1;
                        end else begin
                            mem_old_d = ld_val;
                            mem_new_d = amo_r;
                            mem_state_d = MAmoW;
                        end
                    end
                end
                MAmoW: begin
                    mem_issue = 1'b1; mem_we = 1'b1;
                    mem_req_wdata = mem_new_q << {mem_addr_q[2:0], 3'b000};
                    mem_state_d = MAmoWait;
                end
                default: begin // MAmoWait
                    if (dbus_ready_i) begin
                        if (dbus_err_i) begin
                            m_trap = 1'b1; m_cause = 5'd7; m_tval = mem_addr_q;
                        end else begin
                            m_complete = 1'b1; m_result = mem_old_q;
                        end
                    end
                end
            endcase
        end
        if (m_trap || m_complete) mem_state_d = MIdle;
        trap_mem = m_trap;
        mem_done = m_trap || m_complete;
        mem_ready = !mem_valid_q || mem_done;

        // ---------------- EX stage advance
        serial_ok = !mem_valid_q && !wb_valid_q && !walk_busy_q && !wdone_q;
        ex_done = 1'b1;
        if (ex_valid_q && !ex_exc) begin
            if (ex_is_md) ex_done = ex_mddone_q;
            else if (ex_sys) ex_done = serial_ok && (!ex_wfi || pend != 64'h0);
        end
        ex_go   = ex_valid_q && !trap_mem && mem_ready && ex_done;
        ex_exec = ex_go && !ex_exc;
        ex_ready = !ex_valid_q || ex_go;
        id_go   = id_valid_q && ex_ready && !trap_mem && !(ex_exec && (ex_redir || ex_serial_redirect));
        id_ready = !id_valid_q || id_go;

        // early issue of loads and stores (see above); not for LR/SC/AMO
        early_pa = ex_va[55:0]; early_ok = 1'b1;
        if (dxlate) begin
            early_ok = (ex_va[63:38] == {26{ex_va[38]}}) && dtlb_hit &&
                       perm_ok(dtlb_flags, (opc == OpStore) ? KindStore : KindLoad, dpriv,
                               st_sum_q, st_mxr_q);
            early_pa = {dtlb_ppn, ex_va[11:0]};
        end
        early_issue = ex_exec && ex_is_mem && (opc == OpLoad || opc == OpStore) && early_ok &&
                      !mem_issue && !mem_needs_dtlb && !walk_busy_q && !wdone_q;
        early_we = (opc == OpStore);
        unique case (f3[1:0])
            2'b00: early_mask = 8'h01;
            2'b01: early_mask = 8'h03;
            2'b10: early_mask = 8'h0f;
            default: early_mask = 8'hff;
        endcase
        early_strb = early_mask << ex_va[2:0];
        early_wdata = rv2 << {ex_va[2:0], 3'b000};
        if (early_issue && dxlate) dtlb_hit_ev = 1'b1;

        // redirects
        redirect = 1'b0; redirect_fast = 1'b0; redirect_pc = 64'h0;
        tvec = 64'h0; deleg = 1'b0;
        if (trap_mem) begin
            redirect = 1'b1;
            if (m_irq) deleg = (priv_q != PrivM) && mideleg_q[m_cause[3:0]];
            else deleg = (priv_q != PrivM) && medeleg_q[m_cause[3:0]];
            tvec = deleg ? stvec_q : mtvec_q;
            if (m_irq && tvec[0]) redirect_pc = {tvec[63:2], 2'b00} + {57'h0, m_cause, 2'b00};
            else redirect_pc = {tvec[63:2], 2'b00};
        end else if (ex_exec && ex_redir) begin
            redirect = 1'b1; redirect_fast = 1'b1; redirect_pc = ex_redir_pc;
        end else if (ex_exec && ex_serial_redirect) begin
            redirect = 1'b1; redirect_pc = ex_target;
        end

        // muldiv sequencing
        md_start = ex_valid_q && ex_is_md && !ex_mdrun_q && !ex_mddone_q && !trap_mem &&
                   mem_ready;
        md_kill = trap_mem && ex_mdrun_q;
        ex_mdrun_d = ex_mdrun_q; ex_mddone_d = ex_mddone_q; ex_mdres_d = ex_mdres_q;
        if (md_start) ex_mdrun_d = 1'b1;
        if (md_done && ex_mdrun_q) begin
            ex_mdrun_d = 1'b0; ex_mddone_d = 1'b1; ex_mdres_d = md_res;
        end

        // ---------------- pipeline register updates
        // EX <- ID
        ex_valid_d = ex_valid_q; ex_pc_d = ex_pc_q; ex_instr_d = ex_instr_q; ex_raw_d = ex_raw_q;
        ex_c_d = ex_c_q; ex_exc_d = ex_exc_q; ex_cause_d = ex_cause_q; ex_tval_d = ex_tval_q;
        ex_pred_d = ex_pred_q; ex_ptgt_d = ex_ptgt_q;
        ex_a_d = rv1; ex_b_d = rv2;   // keep forwarded operands while waiting
        if (trap_mem) begin
            ex_valid_d = 1'b0; ex_mdrun_d = 1'b0; ex_mddone_d = 1'b0;
        end else if (ex_ready) begin
            ex_valid_d = id_go;
            ex_pc_d = id_pc_q; ex_instr_d = id_instr_q; ex_raw_d = id_raw_q; ex_c_d = id_c_q;
            ex_exc_d = id_exc_q; ex_cause_d = id_cause_q; ex_tval_d = id_tval_q;
            ex_pred_d = id_pred_q; ex_ptgt_d = id_ptgt_q;
            ex_a_d = id_a; ex_b_d = id_b;
            ex_mdrun_d = 1'b0; ex_mddone_d = 1'b0;
        end
        // MEM <- EX
        mem_valid_d = mem_valid_q && !mem_done;
        mem_pc_d = mem_pc_q; mem_instr_d = mem_instr_q; mem_raw_d = mem_raw_q;
        mem_exc_d = mem_exc_q; mem_cause_d = mem_cause_q; mem_tval_d = mem_tval_q;
        mem_res_d = mem_res_q; mem_addr_d = mem_addr_q; mem_wdata_d = mem_wdata_q;
        mem_rd_d = mem_rd_q; mem_wrd_d = mem_wrd_q; mem_memop_d = mem_memop_q;
        mem_noirq_d = mem_noirq_q; mem_nocnt_d = mem_nocnt_q;
        if (ex_go) begin
            mem_valid_d = 1'b1;
            mem_pc_d = ex_pc_q; mem_instr_d = ex_instr_q; mem_raw_d = ex_raw_q;
            mem_exc_d = ex_exc; mem_cause_d = ex_cause; mem_tval_d = ex_tval;
            mem_res_d = ex_res; mem_addr_d = ex_va; mem_wdata_d = rv2;
            mem_rd_d = rd; mem_wrd_d = ex_wrd && (rd != 5'd0); mem_memop_d = ex_is_mem;
            mem_noirq_d = ex_sys || ex_is_md; mem_nocnt_d = ex_wr_minstret;
            mem_retry_d = 1'b0;
            if (early_issue) begin
                // already sent: wait for the response; it must commit (no interrupt)
                mem_state_d = MWait; mem_pa_d = early_pa; mem_noirq_d = 1'b1;
            end
        end
        // WB <- MEM
        wb_valid_d = mem_done && mem_valid_q;
        wb_pc_d = mem_pc_q; wb_raw_d = mem_raw_q; wb_rd_d = mem_rd_q;
        wb_we_d = mem_wrd_q && m_complete;
        wb_val_d = m_result;
        wb_trap_d = m_trap && !m_irq;
        // fetch faults (causes 1 and 12) are not in the commit trace (as in QEMU's)
        wb_commit_d = m_complete || (m_trap && !m_irq && m_cause != 5'd12 && m_cause != 5'd1);
        wb_cnt_d = m_complete && !mem_nocnt_q;

        // ---------------- CSR / privilege state
        priv_d = priv_q;
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
        minstret_d = minstret_q + {63'h0, wb_valid_q && wb_cnt_q};
        tlb_flush_all = 1'b0; tlb_flush_va = 1'b0; tlb_flush_vpn = rv1[38:12];

        if (ex_exec && opc == OpSystem) begin
            if (f3 == 3'b000) begin
                if (ex_instr_q[31:25] == 7'b0001001) begin
                    if (rs1 == 5'd0) tlb_flush_all = 1'b1;
                    else tlb_flush_va = 1'b1;
                end else if (ex_instr_q[31:20] == 12'h302) begin // MRET
                    priv_d = st_mpp_q;
                    st_mie_d = st_mpie_q;
                    st_mpie_d = 1'b1;
                    st_mpp_d = PrivU;
                    if (st_mpp_q != PrivM) st_mprv_d = 1'b0;
                end else if (ex_instr_q[31:20] == 12'h102) begin // SRET
                    priv_d = {1'b0, st_spp_q};
                    st_sie_d = st_spie_q;
                    st_spie_d = 1'b1;
                    st_spp_d = 1'b0;
                    st_mprv_d = 1'b0;
                end
            end else if (ex_csr_we) begin
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
                    12'hB02: minstret_d = csr_new;
                    default: ; // read-only counters/IDs: writes ignored
                endcase
            end
        end

        if (trap_mem) begin
            if (deleg) begin
                scause_d = {m_irq, 58'h0, m_cause};
                sepc_d = mem_pc_q;
                stval_d = m_irq ? 64'h0 : m_tval;
                st_spie_d = st_sie_q;
                st_sie_d = 1'b0;
                st_spp_d = priv_q[0];
                priv_d = PrivS;
            end else begin
                mcause_d = {m_irq, 58'h0, m_cause};
                mepc_d = mem_pc_q;
                mtval_d = m_irq ? 64'h0 : m_tval;
                st_mpie_d = st_mie_q;
                st_mie_d = 1'b0;
                st_mpp_d = priv_q;
                priv_d = PrivM;
            end
        end
    end

    // ==================================================================
    // page-table walker (shared, uses the data port)
    // ==================================================================
    rv_ptw u_ptw (
        .clk_i        (clk_i),
        .rst_ni       (rst_ni),
        .dreq_i       (dwalk_req),
        .dkind_i      (mem_kind),
        .dva_i        (mem_addr_q),
        .ireq_i       (iwalk_req && !(mem_valid_q && mem_memop_q) && !redirect && !early_issue),
        .iva_i        (f_va),
        .port_busy_i  (mem_valid_q && (mem_state_q == MWait || mem_state_q == MAmoWait)),
        .redirect_i   (redirect),
        .satp_ppn_i   (satp_ppn_q),
        .priv_i       (priv_q),
        .dpriv_i      (dpriv),
        .sum_i        (st_sum_q),
        .mxr_i        (st_mxr_q),
        .req_o        (walk_issue),
        .addr_o       (walk_addr_q),
        .ready_i      (dbus_ready_i),
        .rdata_i      (dbus_rdata_i),
        .err_i        (dbus_err_i),
        .busy_o       (walk_busy_q),
        .done_o       (wdone_q),
        .fault_o      (wfault_q),
        .cause_o      (wcause_q),
        .kind_o       (walk_kind_q),
        .stale_o      (walk_stale_q),
        .itlb_fill_o  (itlb_fill),
        .dtlb_fill_o  (dtlb_fill),
        .fill_vpn_o   (fill_vpn),
        .fill_level_o (fill_level),
        .fill_ppn_o   (fill_ppn),
        .fill_flags_o (fill_flags),
        .imiss_o      (itlb_miss_ev),
        .dmiss_o      (dtlb_miss_ev)
    );

    // data port: walker or MEM stage
    assign dbus_req_o   = walk_issue || mem_issue || early_issue;
    assign dbus_we_o    = walk_issue ? 1'b0 : (early_issue ? early_we : mem_we);
    assign dbus_addr_o  = walk_issue ? walk_addr_q :
                          {(early_issue ? early_pa[55:3] : mem_req_pa[55:3]), 3'b000};
    assign dbus_wdata_o = early_issue ? early_wdata : mem_req_wdata;
    assign dbus_wstrb_o = walk_issue ? 8'hff : (early_issue ? early_strb : mem_req_strb);

    // ==================================================================
    // registers
    // ==================================================================
    always_ff @(posedge clk_i) begin
        if (wb_valid_q && wb_we_q && wb_rd_q != 5'd0) rf[wb_rd_q] <= wb_val_q;
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            fpc_q <= {ResetPc[63:3], 3'b000}; fskip_q <= ResetPc[2:1];
            infl_q <= 1'b0; idrop_q <= 1'b0; iskip_q <= 2'd0;
            fifo_q <= 128'h0; fcnt_q <= 4'd0; ffault_q <= 1'b0; fcause_q <= 5'd0;
            fsent_q <= 1'b0; fretry_q <= 1'b0; pc_if_q <= ResetPc;
            id_valid_q <= 1'b0; id_pc_q <= 64'h0; id_instr_q <= 32'h0; id_raw_q <= 32'h0;
            id_c_q <= 1'b0; id_pred_q <= 1'b0; id_ptgt_q <= 64'h0; id_exc_q <= 1'b0; id_cause_q <= 5'd0; id_tval_q <= 64'h0;
            ex_valid_q <= 1'b0; ex_pc_q <= 64'h0; ex_instr_q <= 32'h0; ex_raw_q <= 32'h0;
            ex_c_q <= 1'b0; ex_pred_q <= 1'b0; ex_ptgt_q <= 64'h0; ex_exc_q <= 1'b0; ex_cause_q <= 5'd0; ex_tval_q <= 64'h0;
            ex_a_q <= 64'h0; ex_b_q <= 64'h0;
            ex_mdrun_q <= 1'b0; ex_mddone_q <= 1'b0; ex_mdres_q <= 64'h0;
            mem_valid_q <= 1'b0; mem_pc_q <= 64'h0; mem_instr_q <= 32'h0; mem_raw_q <= 32'h0;
            mem_exc_q <= 1'b0; mem_cause_q <= 5'd0; mem_tval_q <= 64'h0; mem_res_q <= 64'h0;
            mem_addr_q <= 64'h0; mem_wdata_q <= 64'h0; mem_rd_q <= 5'd0; mem_wrd_q <= 1'b0;
            mem_memop_q <= 1'b0; mem_noirq_q <= 1'b0; mem_nocnt_q <= 1'b0;
            mem_state_q <= MIdle; mem_pa_q <= 56'h0; mem_old_q <= 64'h0; mem_new_q <= 64'h0;
            mem_retry_q <= 1'b0;
            wb_valid_q <= 1'b0; wb_pc_q <= 64'h0; wb_raw_q <= 32'h0; wb_rd_q <= 5'd0;
            wb_we_q <= 1'b0; wb_val_q <= 64'h0; wb_trap_q <= 1'b0; wb_commit_q <= 1'b0;
            wb_cnt_q <= 1'b0;
            resv_q <= 1'b0; resva_q <= 56'h0;
            priv_q <= PrivM;
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
            hpm_dtlb_acc_q <= 64'h0; hpm_dtlb_miss_q <= 64'h0; hpm_walk_q <= 64'h0;
        end else begin
            fpc_q <= fpc_d; fskip_q <= fskip_d;
            infl_q <= infl_d; idrop_q <= idrop_d; iskip_q <= iskip_d;
            fifo_q <= fifo_d; fcnt_q <= fcnt_d; ffault_q <= ffault_d; fcause_q <= fcause_d;
            fsent_q <= fsent_d; fretry_q <= fretry_d; pc_if_q <= pc_if_d;
            id_valid_q <= id_valid_d; id_pc_q <= id_pc_d; id_instr_q <= id_instr_d;
            id_raw_q <= id_raw_d; id_c_q <= id_c_d; id_pred_q <= id_pred_d; id_ptgt_q <= id_ptgt_d; id_exc_q <= id_exc_d;
            id_cause_q <= id_cause_d; id_tval_q <= id_tval_d;
            ex_valid_q <= ex_valid_d; ex_pc_q <= ex_pc_d; ex_instr_q <= ex_instr_d;
            ex_raw_q <= ex_raw_d; ex_c_q <= ex_c_d; ex_pred_q <= ex_pred_d; ex_ptgt_q <= ex_ptgt_d; ex_exc_q <= ex_exc_d;
            ex_cause_q <= ex_cause_d; ex_tval_q <= ex_tval_d;
            ex_a_q <= ex_a_d; ex_b_q <= ex_b_d;
            ex_mdrun_q <= ex_mdrun_d; ex_mddone_q <= ex_mddone_d; ex_mdres_q <= ex_mdres_d;
            mem_valid_q <= mem_valid_d; mem_pc_q <= mem_pc_d; mem_instr_q <= mem_instr_d;
            mem_raw_q <= mem_raw_d; mem_exc_q <= mem_exc_d; mem_cause_q <= mem_cause_d;
            mem_tval_q <= mem_tval_d; mem_res_q <= mem_res_d; mem_addr_q <= mem_addr_d;
            mem_wdata_q <= mem_wdata_d; mem_rd_q <= mem_rd_d; mem_wrd_q <= mem_wrd_d;
            mem_memop_q <= mem_memop_d; mem_noirq_q <= mem_noirq_d; mem_nocnt_q <= mem_nocnt_d;
            mem_state_q <= mem_state_d; mem_pa_q <= mem_pa_d; mem_old_q <= mem_old_d;
            mem_new_q <= mem_new_d; mem_retry_q <= mem_retry_d;
            wb_valid_q <= wb_valid_d; wb_pc_q <= wb_pc_d; wb_raw_q <= wb_raw_d;
            wb_rd_q <= wb_rd_d; wb_we_q <= wb_we_d; wb_val_q <= wb_val_d;
            wb_trap_q <= wb_trap_d; wb_commit_q <= wb_commit_d; wb_cnt_q <= wb_cnt_d;
            resv_q <= resv_d; resva_q <= resva_d;
            priv_q <= priv_d;
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
            hpm_itlb_acc_q  <= hpm_itlb_acc_q + {63'h0, itlb_hit_ev} + {63'h0, itlb_miss_ev};
            hpm_itlb_miss_q <= hpm_itlb_miss_q + {63'h0, itlb_miss_ev};
            hpm_dtlb_acc_q  <= hpm_dtlb_acc_q + {63'h0, dtlb_hit_ev} + {63'h0, dtlb_miss_ev};
            hpm_dtlb_miss_q <= hpm_dtlb_miss_q + {63'h0, dtlb_miss_ev};
            hpm_walk_q      <= hpm_walk_q + {63'h0, walk_busy_q};
        end
    end

    // ------------------------------------------------------------------
    // outputs
    assign commit_valid_o = wb_valid_q && wb_commit_q;
    assign commit_pc_o    = wb_pc_q;
    assign commit_insn_o  = wb_raw_q;
    assign commit_rd_o    = wb_we_q ? wb_rd_q : 5'd0;
    assign commit_wdata_o = wb_val_q;
    assign commit_trap_o  = wb_trap_q;

    assign cycle_o       = mcycle_q;
    assign instret_o     = minstret_q;
    assign itlb_access_o = hpm_itlb_acc_q;
    assign itlb_miss_o   = hpm_itlb_miss_q;
    assign dtlb_access_o = hpm_dtlb_acc_q;
    assign dtlb_miss_o   = hpm_dtlb_miss_q;
    assign walk_cycles_o = hpm_walk_q;
endmodule
`default_nettype wire
