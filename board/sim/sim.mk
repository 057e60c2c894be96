# board/sim/sim.mk: build, test and measure the RTL (rtl/) with Verilator
# and yosys. Included by the top-level Makefile (-include board/sim/sim.mk)
# or used alone: make -f board/sim/sim.mk BUILD=build <target>
# Targets: test-rtl sim bench-rtl lint-rtl synth
BUILD ?= build
CROSS ?= riscv64-unknown-elf-
IMAGE ?= $(BUILD)/kernel.elf

RTL_SRC_DIR  := rtl
SIM_SRC_DIR  := board/sim
RTL_TEST_DIR := tests/rtl
SIM_OUT      := $(BUILD)/sim
RTL_OUT      := $(BUILD)/rtl

RTL_SOURCES  := $(wildcard $(RTL_SRC_DIR)/*.sv)
RTL_WAIVER   := $(RTL_SRC_DIR)/lint_waivers.vlt
VERILATOR    ?= verilator
YOSYS        ?= yosys
QEMU_RV      ?= qemu-system-riscv64
DTC          ?= dtc
OPENSBI_JUMP ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf
SIM_RAM_LATENCY ?= 1
SIM_TLB_ENTRIES ?= 8

RV_CC     := $(CROSS)gcc
RV_OBJCOPY := $(CROSS)objcopy
RV_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles \
             -ffreestanding -static -Wl,--no-warn-rwx-segments
RV_LIBGCC  = $(shell $(RV_CC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name)

# model parameters: a change rebuilds the Verilator models
SIM_PARAMS := latency=$(SIM_RAM_LATENCY) tlb=$(SIM_TLB_ENTRIES)
SIM_PSTAMP := $(SIM_OUT)/params
$(shell mkdir -p $(SIM_OUT) && (echo '$(SIM_PARAMS)' | cmp -s - $(SIM_PSTAMP) || echo '$(SIM_PARAMS)' > $(SIM_PSTAMP)))

SIM_BIN   := $(SIM_OUT)/Vrv_soc
SIM_OBJ   := $(SIM_OUT)/obj
SIM_DTB   := $(SIM_OUT)/sim.dtb
BOOTROM   := $(SIM_OUT)/bootrom.hex
VL_INC    := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)/include
SIM_CXXFLAGS := -O2 -std=c++17 -Wall -Wextra -Werror -isystem $(VL_INC) -isystem $(VL_INC)/vltstd

.PHONY: test-rtl sim bench-rtl lint-rtl synth rtl-model rtl-model-trace rtl-tests test-rtl-kernel

# ---------------------------------------------------------------- device tree + boot ROM
$(SIM_DTB): $(SIM_SRC_DIR)/sim.dts
	@mkdir -p $(@D)
	$(DTC) -q -I dts -O dtb -o $@ $<

$(BOOTROM): $(SIM_SRC_DIR)/bootrom.S $(SIM_DTB)
	@mkdir -p $(@D)
	$(RV_CC) $(RV_CFLAGS) -DDTB_FILE='"$(abspath $(SIM_DTB))"' -Wl,-Ttext=0x1000 -o $(SIM_OUT)/bootrom.elf $<
	$(RV_OBJCOPY) -O binary $(SIM_OUT)/bootrom.elf $(SIM_OUT)/bootrom.bin
	od -An -v -tx8 -w8 $(SIM_OUT)/bootrom.bin | tr -d ' ' > $@

# ---------------------------------------------------------------- Verilator model
$(SIM_OBJ)/Vrv_soc__ALL.a: $(RTL_SOURCES) $(RTL_WAIVER) $(BOOTROM) $(SIM_PSTAMP)
	@mkdir -p $(SIM_OBJ)
	$(VERILATOR) --cc --build -j 2 -O3 --x-assign fast --x-initial fast --noassert \
	  -Wall $(RTL_WAIVER) --top-module rv_soc --Mdir $(SIM_OBJ) \
	  -GRomFile='"$(abspath $(BOOTROM))"' -GRamLatency=$(SIM_RAM_LATENCY) \
	  -GTlbEntries=$(SIM_TLB_ENTRIES) -CFLAGS -O2 $(RTL_SOURCES) >$(SIM_OUT)/verilate.log 2>&1 \
	  || { cat $(SIM_OUT)/verilate.log; exit 1; }

$(SIM_OUT)/sim_main.o: $(SIM_SRC_DIR)/sim_main.cpp $(SIM_OBJ)/Vrv_soc__ALL.a
	$(CXX) $(SIM_CXXFLAGS) -I$(SIM_OBJ) -c -o $@ $<

$(SIM_OBJ)/verilated.o: $(SIM_OBJ)/Vrv_soc__ALL.a
	$(MAKE) -s -C $(SIM_OBJ) -f Vrv_soc.mk OPT_FAST=-O2 verilated.o verilated_threads.o

$(SIM_BIN): $(SIM_OUT)/sim_main.o $(SIM_OBJ)/Vrv_soc__ALL.a $(SIM_OBJ)/verilated.o
	$(CXX) -o $@ $(SIM_OUT)/sim_main.o $(SIM_OBJ)/Vrv_soc__ALL.a $(SIM_OBJ)/verilated.o \
	  $(SIM_OBJ)/verilated_threads.o -pthread

rtl-model: $(SIM_BIN)

# same model with FST waveform support (--fst=FILE); slower, so separate
SIM_TBIN := $(SIM_OUT)/Vrv_soc_trace
SIM_TOBJ := $(SIM_OUT)/obj-trace
$(SIM_TOBJ)/Vrv_soc__ALL.a: $(RTL_SOURCES) $(RTL_WAIVER) $(BOOTROM) $(SIM_PSTAMP)
	@mkdir -p $(SIM_TOBJ)
	$(VERILATOR) --cc --build -j 2 -O3 --x-assign fast --x-initial fast --noassert --trace-fst \
	  -Wall $(RTL_WAIVER) --top-module rv_soc --Mdir $(SIM_TOBJ) \
	  -GRomFile='"$(abspath $(BOOTROM))"' -GRamLatency=$(SIM_RAM_LATENCY) \
	  -GTlbEntries=$(SIM_TLB_ENTRIES) -CFLAGS -O2 $(RTL_SOURCES) >$(SIM_OUT)/verilate-trace.log 2>&1 \
	  || { cat $(SIM_OUT)/verilate-trace.log; exit 1; }
	$(MAKE) -s -C $(SIM_TOBJ) -f Vrv_soc.mk OPT_FAST=-O2 verilated.o verilated_threads.o verilated_fst_c.o

$(SIM_OUT)/sim_main_trace.o: $(SIM_SRC_DIR)/sim_main.cpp $(SIM_TOBJ)/Vrv_soc__ALL.a
	$(CXX) $(SIM_CXXFLAGS) -DVM_TRACE=1 -DVM_TRACE_FST=1 -I$(SIM_TOBJ) -c -o $@ $<

$(SIM_TBIN): $(SIM_OUT)/sim_main_trace.o $(SIM_TOBJ)/Vrv_soc__ALL.a
	$(CXX) -o $@ $(SIM_OUT)/sim_main_trace.o $(SIM_TOBJ)/Vrv_soc__ALL.a $(SIM_TOBJ)/verilated.o \
	  $(SIM_TOBJ)/verilated_threads.o $(SIM_TOBJ)/verilated_fst_c.o -lz -pthread

rtl-model-trace: $(SIM_TBIN)

# stress model for test-rtl: 2-entry TLBs and 2-cycle RAM latency
SIM_SBIN := $(SIM_OUT)/Vrv_soc_stress
SIM_SOBJ := $(SIM_OUT)/obj-stress
$(SIM_SOBJ)/Vrv_soc__ALL.a: $(RTL_SOURCES) $(RTL_WAIVER) $(BOOTROM)
	@mkdir -p $(SIM_SOBJ)
	$(VERILATOR) --cc --build -j 2 -O3 --x-assign fast --x-initial fast --noassert \
	  -Wall $(RTL_WAIVER) --top-module rv_soc --Mdir $(SIM_SOBJ) \
	  -GRomFile='"$(abspath $(BOOTROM))"' -GRamLatency=2 -GTlbEntries=2 \
	  -CFLAGS -O2 $(RTL_SOURCES) >$(SIM_OUT)/verilate-stress.log 2>&1 \
	  || { cat $(SIM_OUT)/verilate-stress.log; exit 1; }
	$(MAKE) -s -C $(SIM_SOBJ) -f Vrv_soc.mk OPT_FAST=-O2 verilated.o verilated_threads.o

$(SIM_OUT)/sim_main_stress.o: $(SIM_SRC_DIR)/sim_main.cpp $(SIM_SOBJ)/Vrv_soc__ALL.a
	$(CXX) $(SIM_CXXFLAGS) -I$(SIM_SOBJ) -c -o $@ $<

$(SIM_SBIN): $(SIM_OUT)/sim_main_stress.o $(SIM_SOBJ)/Vrv_soc__ALL.a
	$(CXX) -o $@ $(SIM_OUT)/sim_main_stress.o $(SIM_SOBJ)/Vrv_soc__ALL.a $(SIM_SOBJ)/verilated.o \
	  $(SIM_SOBJ)/verilated_threads.o -pthread

# ---------------------------------------------------------------- test programs
RTL_TEST_SRCS := $(wildcard $(RTL_TEST_DIR)/isa/*.S)
RTL_TEST_ELFS := $(patsubst $(RTL_TEST_DIR)/isa/%.S,$(RTL_OUT)/tests/%.elf,$(RTL_TEST_SRCS))
RTL_TEST_DEPS := $(wildcard $(RTL_TEST_DIR)/common/*)

$(RTL_OUT)/tests/%.elf: $(RTL_TEST_DIR)/isa/%.S $(RTL_TEST_DEPS) $(RTL_TEST_DIR)/isa/mmu.S
	@mkdir -p $(@D)
	$(RV_CC) $(RV_CFLAGS) -I$(RTL_TEST_DIR)/common -T $(RTL_TEST_DIR)/common/link.ld -o $@ $<

# random programs compared in lock step with QEMU (seeds are fixed: deterministic)
RTL_RANDOM_SEEDS ?= 1 2 3 4 5 6
RTL_RANDOM_NAMES := $(addprefix random-,$(RTL_RANDOM_SEEDS))
RTL_RANDOM_ELFS  := $(addprefix $(RTL_OUT)/random/,$(addsuffix .elf,$(RTL_RANDOM_NAMES)))

$(RTL_OUT)/random/random-%.S: $(RTL_TEST_DIR)/gen_random.py
	@mkdir -p $(@D)
	python3 $< $* $@

# S-mode programs under Sv39 (4 KiB pages), compared with QEMU on the normal
# model and on the stress model
RTL_VM_SEEDS ?= 1 2 3 4
RTL_VM_NAMES := $(addprefix vm-random-,$(RTL_VM_SEEDS))
RTL_VM_ELFS  := $(addprefix $(RTL_OUT)/random/,$(addsuffix .elf,$(RTL_VM_NAMES)))

$(RTL_OUT)/random/vm-random-%.S: $(RTL_TEST_DIR)/gen_random.py
	@mkdir -p $(@D)
	python3 $< $* $@ vm

$(RTL_OUT)/random/vm-random-%.elf: $(RTL_OUT)/random/vm-random-%.S $(RTL_TEST_DEPS)
	$(RV_CC) $(RV_CFLAGS) -I$(RTL_TEST_DIR)/common -T $(RTL_TEST_DIR)/common/link.ld -o $@ $<

# ... and with timer interrupts (taken in M-mode from S-mode)
RTL_VMIRQ_ELFS := $(addprefix $(RTL_OUT)/random/,$(addsuffix .elf,$(addprefix irq-vm-random-,$(RTL_VM_SEEDS))))

$(RTL_OUT)/random/irq-vm-random-%.S: $(RTL_TEST_DIR)/gen_random.py
	@mkdir -p $(@D)
	python3 $< $* $@ vm $$((40 + 11 * $*))

$(RTL_OUT)/random/irq-vm-random-%.elf: $(RTL_OUT)/random/irq-vm-random-%.S $(RTL_TEST_DEPS)
	$(RV_CC) $(RV_CFLAGS) -I$(RTL_TEST_DIR)/common -T $(RTL_TEST_DIR)/common/link.ld -o $@ $<

# the same programs with a machine timer interrupt every 40 + 11 * seed cycles
RTL_IRQ_ELFS := $(addprefix $(RTL_OUT)/random/,$(addsuffix .elf,$(addprefix irq-random-,$(RTL_RANDOM_SEEDS))))

$(RTL_OUT)/random/irq-random-%.S: $(RTL_TEST_DIR)/gen_random.py
	@mkdir -p $(@D)
	python3 $< $* $@ $$((40 + 11 * $*))

$(RTL_OUT)/random/irq-random-%.elf: $(RTL_OUT)/random/irq-random-%.S $(RTL_TEST_DEPS)
	$(RV_CC) $(RV_CFLAGS) -I$(RTL_TEST_DIR)/common -T $(RTL_TEST_DIR)/common/link.ld -o $@ $<

.SECONDARY: $(RTL_RANDOM_ELFS:.elf=.S) $(RTL_IRQ_ELFS:.elf=.S) $(RTL_VM_ELFS:.elf=.S) \
            $(RTL_VMIRQ_ELFS:.elf=.S)
$(RTL_OUT)/random/random-%.elf: $(RTL_OUT)/random/random-%.S $(RTL_TEST_DEPS)
	$(RV_CC) $(RV_CFLAGS) -I$(RTL_TEST_DIR)/common -T $(RTL_TEST_DIR)/common/link.ld -o $@ $<

PAYLOAD_ELF := $(RTL_OUT)/payload/payload.elf
$(PAYLOAD_ELF): $(RTL_TEST_DIR)/opensbi/payload.S $(RTL_TEST_DIR)/opensbi/payload.ld
	@mkdir -p $(@D)
	$(RV_CC) $(RV_CFLAGS) -T $(RTL_TEST_DIR)/opensbi/payload.ld -o $@ $< $(RV_LIBGCC)

rtl-tests: $(RTL_TEST_ELFS) $(PAYLOAD_ELF) $(RTL_RANDOM_ELFS) $(RTL_IRQ_ELFS) $(RTL_VM_ELFS) \
           $(RTL_VMIRQ_ELFS)

# ---------------------------------------------------------------- targets
test-rtl: $(SIM_BIN) $(SIM_SBIN) $(RTL_TEST_ELFS) $(PAYLOAD_ELF) $(RTL_RANDOM_ELFS) $(RTL_IRQ_ELFS) \
          $(RTL_VM_ELFS) $(RTL_VMIRQ_ELFS)
	@SIM=$(SIM_BIN) SIM_STRESS=$(SIM_SBIN) OUT=$(RTL_OUT) QEMU=$(QEMU_RV) OPENSBI=$(OPENSBI_JUMP) \
	  CROSS=$(CROSS) RANDOM_TESTS="$(RTL_RANDOM_NAMES)" VM_TESTS="$(RTL_VM_NAMES)" \
	  PAYLOAD=$(PAYLOAD_ELF) DTB=$(SIM_DTB) sh $(RTL_TEST_DIR)/run_all.sh $(RTL_TEST_ELFS)

SIM_PAYLOAD ?= $(if $(wildcard $(IMAGE)),$(IMAGE),$(PAYLOAD_ELF))
sim: $(SIM_BIN) $(PAYLOAD_ELF)
	$(SIM_BIN) $(OPENSBI_JUMP) $(SIM_PAYLOAD)

# bench-rtl also boots $(BENCH_KERNEL) (the kernel's test image) if it has been built
BENCH_KERNEL ?= $(BUILD)/ktest.elf
bench-rtl: $(SIM_BIN) $(RTL_TEST_ELFS) $(PAYLOAD_ELF)
	@SIM=$(SIM_BIN) OPENSBI=$(OPENSBI_JUMP) PAYLOAD=$(PAYLOAD_ELF) OUT=$(RTL_OUT) \
	  KERNEL=$(BENCH_KERNEL) sh $(RTL_TEST_DIR)/bench.sh $(RTL_TEST_ELFS)

# optional: the kernel's own test image on the RTL (built by the top-level
# Makefile); one result line, like the other RTL tests
test-rtl-kernel: $(SIM_BIN)
	@log=$(RTL_OUT)/logs/kernel-ktest.log; mkdir -p $(RTL_OUT)/logs; \
	if [ ! -f $(BENCH_KERNEL) ]; then \
	  echo "FAIL: rtl/kernel-ktest: $(BENCH_KERNEL) not built"; exit 1; fi; \
	$(SIM_BIN) --max-cycles=400000000 $(OPENSBI_JUMP) $(BENCH_KERNEL) </dev/null >$$log 2>&1; rc=$$?; \
	if [ $$rc -eq 0 ] && grep -q "TESTS DONE fail=0" $$log; then \
	  echo "PASS: rtl/kernel-ktest"; grep '^\[sim\] exit' $$log; \
	else echo "FAIL: rtl/kernel-ktest: exit $$rc, log $$log"; exit 1; fi

lint-rtl:
	$(VERILATOR) --lint-only -Wall $(RTL_WAIVER) --top-module rv_soc $(RTL_SOURCES)
	@echo "lint-rtl: clean"

synth:
	@mkdir -p $(RTL_OUT)
	sh $(RTL_TEST_DIR)/synth.sh $(RTL_OUT) $(RTL_SOURCES)
