// rv_soc: the SoC top level with QEMU virt's memory map: boot ROM 0x1000,
// sifive test finisher 0x100000, CLINT 0x2000000, PLIC 0xc000000,
// ns16550a UART 0x10000000 (PLIC source 10), RAM 0x80000000.
// The UART is exposed as byte streams (no serial pins), the test device
// as an exit request; commit trace and counters are passed up for the
// simulation harness.
`default_nettype none
module rv_soc #(
    parameter int    RamBytes   = 128 * 1024 * 1024,
    parameter int    RamLatency = 1,
    parameter int    TlbEntries = 8,
    parameter int    TickDiv    = 1,      // CLINT mtime increments every TickDiv cycles
    parameter        RomFile    = ""
) (
    input  wire logic        clk_i,
    input  wire logic        rst_ni,
    output logic             uart_tx_valid_o,
    output logic      [7:0]  uart_tx_data_o,
    input  wire logic        uart_rx_valid_i,
    input  wire logic [7:0]  uart_rx_data_i,
    output logic             uart_rx_ready_o,
    output logic             exit_valid_o,
    output logic      [15:0] exit_code_o,
    output logic             commit_valid_o,
    output logic      [63:0] commit_pc_o,
    output logic      [31:0] commit_insn_o,
    output logic      [4:0]  commit_rd_o,
    output logic      [63:0] commit_wdata_o,
    output logic             commit_trap_o,
    output logic      [63:0] cycle_o,
    output logic      [63:0] instret_o,
    output logic      [63:0] itlb_access_o,
    output logic      [63:0] itlb_miss_o,
    output logic      [63:0] dtlb_access_o,
    output logic      [63:0] dtlb_miss_o,
    output logic      [63:0] walk_cycles_o
);
    logic        ireq, iready, ierr, irom_req, iram_req, irom_ready, iram_ready;
    logic [55:0] iaddr;
    logic [63:0] irdata, irom_rdata, iram_rdata;
    logic        req, we, ready, err;
    logic [55:0] addr;
    logic [63:0] wdata, rdata;
    logic [7:0]  wstrb;
    logic        rom_req, test_req, clint_req, plic_req, uart_req, ram_req;
    logic        rom_ready, test_ready, clint_ready, plic_ready, uart_ready, ram_ready;
    logic [63:0] rom_rdata, clint_rdata, plic_rdata, uart_rdata, ram_rdata;
    logic        msip, mtip, meip, seip, uart_irq;
    logic [63:0] mtime;
    logic [31:0] plic_irqs;

    rv_core #(.TlbEntries(TlbEntries)) u_core (
        .clk_i          (clk_i),
        .rst_ni         (rst_ni),
        .ibus_req_o     (ireq),
        .ibus_addr_o    (iaddr),
        .ibus_ready_i   (iready),
        .ibus_rdata_i   (irdata),
        .ibus_err_i     (ierr),
        .dbus_req_o     (req),
        .dbus_we_o      (we),
        .dbus_addr_o    (addr),
        .dbus_wdata_o   (wdata),
        .dbus_wstrb_o   (wstrb),
        .dbus_ready_i   (ready),
        .dbus_rdata_i   (rdata),
        .dbus_err_i     (err),
        .irq_m_timer_i  (mtip),
        .irq_m_soft_i   (msip),
        .irq_m_ext_i    (meip),
        .irq_s_ext_i    (seip),
        .mtime_i        (mtime),
        .commit_valid_o (commit_valid_o),
        .commit_pc_o    (commit_pc_o),
        .commit_insn_o  (commit_insn_o),
        .commit_rd_o    (commit_rd_o),
        .commit_wdata_o (commit_wdata_o),
        .commit_trap_o  (commit_trap_o),
        .cycle_o        (cycle_o),
        .instret_o      (instret_o),
        .itlb_access_o  (itlb_access_o),
        .itlb_miss_o    (itlb_miss_o),
        .dtlb_access_o  (dtlb_access_o),
        .dtlb_miss_o    (dtlb_miss_o),
        .walk_cycles_o  (walk_cycles_o)
    );

    rv_bus #(.RamBase(56'h8000_0000), .RamBytes(56'(RamBytes))) u_bus (
        .clk_i         (clk_i),
        .rst_ni        (rst_ni),
        .req_i         (req),
        .addr_i        (addr),
        .ready_o       (ready),
        .rdata_o       (rdata),
        .err_o         (err),
        .rom_req_o     (rom_req),
        .test_req_o    (test_req),
        .clint_req_o   (clint_req),
        .plic_req_o    (plic_req),
        .uart_req_o    (uart_req),
        .ram_req_o     (ram_req),
        .rom_ready_i   (rom_ready),
        .rom_rdata_i   (rom_rdata),
        .test_ready_i  (test_ready),
        .clint_ready_i (clint_ready),
        .clint_rdata_i (clint_rdata),
        .plic_ready_i  (plic_ready),
        .plic_rdata_i  (plic_rdata),
        .uart_ready_i  (uart_ready),
        .uart_rdata_i  (uart_rdata),
        .ram_ready_i   (ram_ready),
        .ram_rdata_i   (ram_rdata)
    );

    rv_ibus #(.RamBase(56'h8000_0000), .RamBytes(56'(RamBytes))) u_ibus (
        .clk_i       (clk_i),
        .rst_ni      (rst_ni),
        .req_i       (ireq),
        .addr_i      (iaddr),
        .ready_o     (iready),
        .rdata_o     (irdata),
        .err_o       (ierr),
        .rom_req_o   (irom_req),
        .ram_req_o   (iram_req),
        .rom_ready_i (irom_ready),
        .rom_rdata_i (irom_rdata),
        .ram_ready_i (iram_ready),
        .ram_rdata_i (iram_rdata)
    );

    // the boot ROM is tiny: one copy per port
    rv_rom #(.Words(1024), .InitFile(RomFile)) u_irom (
        .clk_i   (clk_i),
        .rst_ni  (rst_ni),
        .req_i   (irom_req),
        .addr_i  (iaddr),
        .ready_o (irom_ready),
        .rdata_o (irom_rdata)
    );

    rv_rom #(.Words(1024), .InitFile(RomFile)) u_rom (
        .clk_i   (clk_i),
        .rst_ni  (rst_ni),
        .req_i   (rom_req),
        .addr_i  (addr),
        .ready_o (rom_ready),
        .rdata_o (rom_rdata)
    );

    rv_testdev u_test (
        .clk_i        (clk_i),
        .rst_ni       (rst_ni),
        .req_i        (test_req),
        .we_i         (we),
        .addr_i       (addr),
        .wdata_i      (wdata),
        .wstrb_i      (wstrb),
        .ready_o      (test_ready),
        .exit_valid_o (exit_valid_o),
        .exit_code_o  (exit_code_o)
    );

    rv_clint #(.TickDiv(TickDiv)) u_clint (
        .clk_i   (clk_i),
        .rst_ni  (rst_ni),
        .req_i   (clint_req),
        .we_i    (we),
        .addr_i  (addr),
        .wdata_i (wdata),
        .wstrb_i (wstrb),
        .ready_o (clint_ready),
        .rdata_o (clint_rdata),
        .msip_o  (msip),
        .mtip_o  (mtip),
        .mtime_o (mtime)
    );

    assign plic_irqs = {21'h0, uart_irq, 10'h0};

    rv_plic #(.Sources(32)) u_plic (
        .clk_i   (clk_i),
        .rst_ni  (rst_ni),
        .req_i   (plic_req),
        .we_i    (we),
        .addr_i  (addr),
        .wdata_i (wdata),
        .wstrb_i (wstrb),
        .ready_o (plic_ready),
        .rdata_o (plic_rdata),
        .irq_i   (plic_irqs),
        .eip_m_o (meip),
        .eip_s_o (seip)
    );

    rv_uart u_uart (
        .clk_i      (clk_i),
        .rst_ni     (rst_ni),
        .req_i      (uart_req),
        .we_i       (we),
        .addr_i     (addr),
        .wdata_i    (wdata),
        .wstrb_i    (wstrb),
        .ready_o    (uart_ready),
        .rdata_o    (uart_rdata),
        .tx_valid_o (uart_tx_valid_o),
        .tx_data_o  (uart_tx_data_o),
        .rx_valid_i (uart_rx_valid_i),
        .rx_data_i  (uart_rx_data_i),
        .rx_ready_o (uart_rx_ready_o),
        .irq_o      (uart_irq)
    );

    rv_ram #(.Bytes(RamBytes), .Latency(RamLatency)) u_ram (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .ireq_i   (iram_req),
        .iaddr_i  (iaddr),
        .iready_o (iram_ready),
        .irdata_o (iram_rdata),
        .req_i   (ram_req),
        .we_i    (we),
        .addr_i  (addr),
        .wdata_i (wdata),
        .wstrb_i (wstrb),
        .ready_o (ram_ready),
        .rdata_o (ram_rdata)
    );
endmodule
`default_nettype wire
