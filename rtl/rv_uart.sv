// rv_uart: minimal ns16550a-compatible UART (reg-shift 0, byte registers at
// 0x10000000): RBR/THR/DLL, IER/DLM, IIR/FCR, LCR (DLAB), MCR, LSR, MSR,
// SCR. There is no serial line: transmitted bytes appear on tx_valid_o /
// tx_data_o and received bytes are pushed in through rx_valid_i/rx_data_i
// (one-byte receive buffer, rx_ready_o when empty). irq_o is the level
// interrupt (RX data available, THR empty) for the PLIC.
`default_nettype none
module rv_uart (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    input  wire logic        req_i,
    input  wire logic        we_i,
    input  wire logic [55:0] addr_i,
    input  wire logic [63:0] wdata_i,
    input  wire logic [7:0]  wstrb_i,
    output logic             ready_o,
    output logic      [63:0] rdata_o,
    output logic             tx_valid_o,
    output logic      [7:0]  tx_data_o,
    input  wire logic        rx_valid_i,
    input  wire logic [7:0]  rx_data_i,
    output logic             rx_ready_o,
    output logic             irq_o
);
    logic       ready_q;
    logic [7:0] rdata_q, rdata_d;
    logic [7:0] ier_q, ier_d, lcr_q, lcr_d, mcr_q, mcr_d, scr_q, scr_d;
    logic [7:0] dll_q, dll_d, dlm_q, dlm_d;
    logic       fifo_en_q, fifo_en_d;
    logic       rx_full_q, rx_full_d;
    logic [7:0] rx_q, rx_d;
    logic       thre_ip_q, thre_ip_d;   // THR-empty interrupt pending
    logic       tx_valid_d, tx_valid_q;
    logic [7:0] tx_data_d, tx_data_q;
    logic       acc;
    logic [2:0] reg_sel;
    logic [7:0] wbyte;
    logic       dlab;
    logic [7:0] iir;

    assign acc     = req_i;
    // registers are bytes: the byte enable gives the register within the word
    always_comb begin
        reg_sel = 3'd0;
        for (int b = 7; b >= 0; b--) if (wstrb_i[b]) reg_sel = 3'(b);
    end
    assign wbyte   = wdata_i[reg_sel*8 +: 8];
    assign dlab    = lcr_q[7];

    always_comb begin
        if (ier_q[0] && rx_full_q) iir = 8'h04;
        else if (ier_q[1] && thre_ip_q) iir = 8'h02;
        else iir = 8'h01;
        if (fifo_en_q) iir = iir | 8'hC0;
    end

    always_comb begin
        rdata_d = rdata_q;
        ier_d = ier_q; lcr_d = lcr_q; mcr_d = mcr_q; scr_d = scr_q;
        dll_d = dll_q; dlm_d = dlm_q; fifo_en_d = fifo_en_q;
        rx_full_d = rx_full_q; rx_d = rx_q; thre_ip_d = thre_ip_q;
        tx_valid_d = 1'b0; tx_data_d = tx_data_q;
        if (rx_valid_i && !rx_full_q) begin
            rx_full_d = 1'b1;
            rx_d = rx_data_i;
        end
        if (acc) begin
            if (we_i) begin
                begin
                    unique case (reg_sel)
                        3'd0: if (dlab) dll_d = wbyte;
                              else begin
                                  tx_valid_d = 1'b1; tx_data_d = wbyte;
                                  thre_ip_d = 1'b1; // transmitter is instantly empty again
                              end
                        3'd1: if (dlab) dlm_d = wbyte;
                              else begin
                                  ier_d = wbyte & 8'h0f;
                                  if (wbyte[1]) thre_ip_d = 1'b1;
                              end
                        3'd2: fifo_en_d = wbyte[0];
                        3'd3: lcr_d = wbyte;
                        3'd4: mcr_d = wbyte;
                        3'd7: scr_d = wbyte;
                        default: ;
                    endcase
                end
            end else begin
                unique case (reg_sel)
                    3'd0: if (dlab) rdata_d = dll_q;
                          else begin
                              rdata_d = rx_q;
                              rx_full_d = 1'b0;
                          end
                    3'd1: rdata_d = dlab ? dlm_q : ier_q;
                    3'd2: begin
                        rdata_d = iir;
                        if (iir[3:0] == 4'h2) thre_ip_d = 1'b0;
                    end
                    3'd3: rdata_d = lcr_q;
                    3'd4: rdata_d = mcr_q;
                    3'd5: rdata_d = {1'b0, 1'b1, 1'b1, 4'b0000, rx_full_q}; // TEMT THRE DR
                    3'd6: rdata_d = 8'hB0;  // CTS, DSR, DCD asserted
                    default: rdata_d = scr_q;
                endcase
            end
        end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            ready_q <= 1'b0; rdata_q <= 8'h0;
            ier_q <= 8'h0; lcr_q <= 8'h0; mcr_q <= 8'h0; scr_q <= 8'h0;
            dll_q <= 8'h0; dlm_q <= 8'h0; fifo_en_q <= 1'b0;
            rx_full_q <= 1'b0; rx_q <= 8'h0; thre_ip_q <= 1'b0;
            tx_valid_q <= 1'b0; tx_data_q <= 8'h0;
        end else begin
            ready_q <= acc; rdata_q <= rdata_d;
            ier_q <= ier_d; lcr_q <= lcr_d; mcr_q <= mcr_d; scr_q <= scr_d;
            dll_q <= dll_d; dlm_q <= dlm_d; fifo_en_q <= fifo_en_d;
            rx_full_q <= rx_full_d; rx_q <= rx_d; thre_ip_q <= thre_ip_d;
            tx_valid_q <= tx_valid_d; tx_data_q <= tx_data_d;
        end
    end

    assign ready_o    = ready_q;
    assign rdata_o    = {8{rdata_q}};
    assign tx_valid_o = tx_valid_q;
    assign tx_data_o  = tx_data_q;
    assign rx_ready_o = !rx_full_q;
    assign irq_o      = (ier_q[0] && rx_full_q) || (ier_q[1] && thre_ip_q);
endmodule
`default_nettype wire
