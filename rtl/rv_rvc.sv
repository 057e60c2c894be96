// rv_rvc: RV64C expander. Turns a 16-bit compressed instruction into the
// equivalent 32-bit instruction (purely combinational). Reserved or
// unsupported encodings (FP loads/stores, zero immediates where the spec
// forbids them) set illegal_o and produce 32'h0.
`default_nettype none
module rv_rvc (
    input  wire logic [15:0] c_i,        // compressed instruction bits
    output logic      [31:0] instr_o,    // expanded 32-bit instruction
    output logic             illegal_o   // encoding is reserved/unsupported
);
    localparam logic [6:0] OpLoad   = 7'b0000011;
    localparam logic [6:0] OpImm    = 7'b0010011;
    localparam logic [6:0] OpImm32  = 7'b0011011;
    localparam logic [6:0] OpStore  = 7'b0100011;
    localparam logic [6:0] OpOp     = 7'b0110011;
    localparam logic [6:0] OpOp32   = 7'b0111011;
    localparam logic [6:0] OpLui    = 7'b0110111;
    localparam logic [6:0] OpBranch = 7'b1100011;
    localparam logic [6:0] OpJalr   = 7'b1100111;
    localparam logic [6:0] OpJal    = 7'b1101111;

    logic [4:0]  rd, rs2, rdp, rs1p, rs2p;
    logic [2:0]  f3;
    logic [11:0] imm6;       // sign-extended 6-bit immediate
    logic [11:0] addi4spn;   // zero-extended scaled immediate
    logic [11:0] offw, offd; // C.LW/C.SW and C.LD/C.SD offsets
    logic [11:0] offlwsp, offldsp, offswsp, offsdsp;
    logic [11:0] addi16sp;
    logic [19:0] luiimm;
    logic [20:1] jimm;
    logic [12:1] bimm;

    assign rd   = c_i[11:7];
    assign rs2  = c_i[6:2];
    assign rdp  = {2'b01, c_i[4:2]};
    assign rs1p = {2'b01, c_i[9:7]};
    assign rs2p = {2'b01, c_i[4:2]};
    assign f3   = c_i[15:13];
    assign imm6 = {{7{c_i[12]}}, c_i[6:2]};
    assign addi4spn = {2'b00, c_i[10:7], c_i[12:11], c_i[5], c_i[6], 2'b00};
    assign offw = {5'b0, c_i[5], c_i[12:10], c_i[6], 2'b00};
    assign offd = {4'b0, c_i[6:5], c_i[12:10], 3'b000};
    assign offlwsp = {4'b0, c_i[3:2], c_i[12], c_i[6:4], 2'b00};
    assign offldsp = {3'b0, c_i[4:2], c_i[12], c_i[6:5], 3'b000};
    assign offswsp = {4'b0, c_i[8:7], c_i[12:9], 2'b00};
    assign offsdsp = {3'b0, c_i[9:7], c_i[12:10], 3'b000};
    assign addi16sp = {{3{c_i[12]}}, c_i[4:3], c_i[5], c_i[2], c_i[6], 4'b0000};
    assign luiimm = {{14{c_i[12]}}, c_i[12], c_i[6:2]};
    assign jimm = {{10{c_i[12]}}, c_i[8], c_i[10:9], c_i[6], c_i[7], c_i[2], c_i[11],
                   c_i[5:3]};
    assign bimm = {{5{c_i[12]}}, c_i[6:5], c_i[2], c_i[11:10], c_i[4:3]};

    always_comb begin
        instr_o   = 32'h0;
        illegal_o = 1'b0;
        unique case (c_i[1:0])
            2'b00: begin
                unique case (f3)
                    3'b000: begin // C.ADDI4SPN
                        instr_o = {addi4spn, 5'd2, 3'b000, rdp, OpImm};
                        illegal_o = (addi4spn == 12'h0);
                    end
                    3'b010: instr_o = {offw, rs1p, 3'b010, rdp, OpLoad};  // C.LW
                    3'b011: instr_o = {offd, rs1p, 3'b011, rdp, OpLoad};  // C.LD
                    3'b110: instr_o = {offw[11:5], rs2p, rs1p, 3'b010, offw[4:0], OpStore};
                    3'b111: instr_o = {offd[11:5], rs2p, rs1p, 3'b011, offd[4:0], OpStore};
                    default: illegal_o = 1'b1;  // C.FLD, C.FSD, reserved
                endcase
            end
            2'b01: begin
                unique case (f3)
                    3'b000: instr_o = {imm6, rd, 3'b000, rd, OpImm};          // C.ADDI
                    3'b001: begin                                              // C.ADDIW
                        instr_o = {imm6, rd, 3'b000, rd, OpImm32};
                        illegal_o = (rd == 5'd0);
                    end
                    3'b010: instr_o = {imm6, 5'd0, 3'b000, rd, OpImm};        // C.LI
                    3'b011: begin
                        if (rd == 5'd2) begin                                  // C.ADDI16SP
                            instr_o = {addi16sp, 5'd2, 3'b000, 5'd2, OpImm};
                            illegal_o = (addi16sp == 12'h0);
                        end else begin                                         // C.LUI
                            instr_o = {luiimm, rd, OpLui};
                            illegal_o = ({c_i[12], c_i[6:2]} == 6'h0);
                        end
                    end
                    3'b100: begin
                        unique case (c_i[11:10])
                            2'b00: instr_o = {6'b000000, c_i[12], c_i[6:2], rs1p, 3'b101, rs1p, OpImm};
                            2'b01: instr_o = {6'b010000, c_i[12], c_i[6:2], rs1p, 3'b101, rs1p, OpImm};
                            2'b10: instr_o = {imm6, rs1p, 3'b111, rs1p, OpImm};
                            default: begin
                                unique case ({c_i[12], c_i[6:5]})
                                    3'b000: instr_o = {7'b0100000, rs2p, rs1p, 3'b000, rs1p, OpOp};
                                    3'b001: instr_o = {7'b0000000, rs2p, rs1p, 3'b100, rs1p, OpOp};
                                    3'b010: instr_o = {7'b0000000, rs2p, rs1p, 3'b110, rs1p, OpOp};
                                    3'b011: instr_o = {7'b0000000, rs2p, rs1p, 3'b111, rs1p, OpOp};
                                    3'b100: instr_o = {7'b0100000, rs2p, rs1p, 3'b000, rs1p, OpOp32};
                                    3'b101: instr_o = {7'b0000000, rs2p, rs1p, 3'b000, rs1p, OpOp32};
                                    default: illegal_o = 1'b1;
                                endcase
                            end
                        endcase
                    end
                    3'b101: instr_o = {jimm[20], jimm[10:1], jimm[11], jimm[19:12], 5'd0, OpJal};
                    3'b110: instr_o = {bimm[12], bimm[10:5], 5'd0, rs1p, 3'b000, bimm[4:1], bimm[11], OpBranch};
                    default: instr_o = {bimm[12], bimm[10:5], 5'd0, rs1p, 3'b001, bimm[4:1], bimm[11], OpBranch};
                endcase
            end
            2'b10: begin
                unique case (f3)
                    3'b000: instr_o = {6'b000000, c_i[12], c_i[6:2], rd, 3'b001, rd, OpImm}; // C.SLLI
                    3'b010: begin
                        instr_o = {offlwsp, 5'd2, 3'b010, rd, OpLoad};
                        illegal_o = (rd == 5'd0);
                    end
                    3'b011: begin
                        instr_o = {offldsp, 5'd2, 3'b011, rd, OpLoad};
                        illegal_o = (rd == 5'd0);
                    end
                    3'b100: begin
                        if (c_i[12] == 1'b0) begin
                            if (rs2 == 5'd0) begin                             // C.JR
                                instr_o = {12'h0, rd, 3'b000, 5'd0, OpJalr};
                                illegal_o = (rd == 5'd0);
                            end else begin                                     // C.MV
                                instr_o = {7'b0, rs2, 5'd0, 3'b000, rd, OpOp};
                            end
                        end else begin
                            if (rs2 == 5'd0) begin
                                if (rd == 5'd0) instr_o = 32'h00100073;        // C.EBREAK
                                else instr_o = {12'h0, rd, 3'b000, 5'd1, OpJalr}; // C.JALR
                            end else begin                                     // C.ADD
                                instr_o = {7'b0, rs2, rd, 3'b000, rd, OpOp};
                            end
                        end
                    end
                    3'b110: instr_o = {offswsp[11:5], rs2, 5'd2, 3'b010, offswsp[4:0], OpStore};
                    3'b111: instr_o = {offsdsp[11:5], rs2, 5'd2, 3'b011, offsdsp[4:0], OpStore};
                    default: illegal_o = 1'b1;  // C.FLDSP, C.FSDSP
                endcase
            end
            default: illegal_o = 1'b1;  // not a compressed instruction
        endcase
        if (illegal_o) instr_o = 32'h0;
    end
endmodule
`default_nettype wire
