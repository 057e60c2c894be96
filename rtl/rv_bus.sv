// rv_bus: address decoder and response mux between the hart's single
// memory port and the SoC devices (QEMU virt memory map). Each device sees
// the shared request signals with its own req. Devices accept a request
// every cycle; the master keeps at most one request outstanding, so the
// response is taken from the device selected when it was issued. Unmapped
// addresses get an error response one cycle later (-> access fault).
`default_nettype none
module rv_bus #(
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
    // device selects
    output logic             rom_req_o,
    output logic             test_req_o,
    output logic             clint_req_o,
    output logic             plic_req_o,
    output logic             uart_req_o,
    output logic             ram_req_o,
    // device responses
    input  wire logic        rom_ready_i,
    input  wire logic [63:0] rom_rdata_i,
    input  wire logic        test_ready_i,
    input  wire logic        clint_ready_i,
    input  wire logic [63:0] clint_rdata_i,
    input  wire logic        plic_ready_i,
    input  wire logic [63:0] plic_rdata_i,
    input  wire logic        uart_ready_i,
    input  wire logic [63:0] uart_rdata_i,
    input  wire logic        ram_ready_i,
    input  wire logic [63:0] ram_rdata_i
);
    logic sel_rom, sel_test, sel_clint, sel_plic, sel_uart, sel_ram, sel_none;
    logic err_q;
    logic [2:0] sel_q;   // device of the outstanding request

    assign sel_rom   = (addr_i >= 56'h1000)     && (addr_i < 56'h3000);
    assign sel_test  = (addr_i >= 56'h10_0000)  && (addr_i < 56'h10_1000);
    assign sel_clint = (addr_i >= 56'h200_0000) && (addr_i < 56'h201_0000);
    assign sel_plic  = (addr_i >= 56'hC00_0000) && (addr_i < 56'h1000_0000);
    assign sel_uart  = (addr_i >= 56'h1000_0000) && (addr_i < 56'h1000_0100);
    assign sel_ram   = (addr_i >= RamBase) && (addr_i < RamBase + RamBytes);
    assign sel_none  = !(sel_rom || sel_test || sel_clint || sel_plic || sel_uart || sel_ram);

    assign rom_req_o   = req_i && sel_rom;
    assign test_req_o  = req_i && sel_test;
    assign clint_req_o = req_i && sel_clint;
    assign plic_req_o  = req_i && sel_plic;
    assign uart_req_o  = req_i && sel_uart;
    assign ram_req_o   = req_i && sel_ram;

    always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
            err_q <= 1'b0;
            sel_q <= 3'd0;
        end else begin
            err_q <= req_i && sel_none;
            if (req_i) begin
                if (sel_rom) sel_q <= 3'd1;
                else if (sel_test) sel_q <= 3'd2;
                else if (sel_clint) sel_q <= 3'd3;
                else if (sel_plic) sel_q <= 3'd4;
                else if (sel_uart) sel_q <= 3'd5;
                else if (sel_ram) sel_q <= 3'd6;
                else sel_q <= 3'd0;
            end
        end
    end

    always_comb begin
        ready_o = err_q;
        rdata_o = 64'h0;
        unique case (sel_q)
            3'd1: begin ready_o = rom_ready_i;   rdata_o = rom_rdata_i;   end
            3'd2: begin ready_o = test_ready_i;                            end
            3'd3: begin ready_o = clint_ready_i; rdata_o = clint_rdata_i; end
            3'd4: begin ready_o = plic_ready_i;  rdata_o = plic_rdata_i;  end
            3'd5: begin ready_o = uart_ready_i;  rdata_o = uart_rdata_i;  end
            3'd6: begin ready_o = ram_ready_i;   rdata_o = ram_rdata_i;   end
            default: ;
        endcase
    end
    assign err_o = err_q;
endmodule
`default_nettype wire
