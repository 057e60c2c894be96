# Top-level build: the kernel image for QEMU virt (and the softcore), host unit
# tests, QEMU system tests, and the RTL targets from board/sim/sim.mk.
# Everything is built out of tree under $(BUILD). `make help` lists targets.

BUILD ?= build
CROSS ?= riscv64-unknown-elf-
QEMU ?= qemu-system-riscv64
PYTHON ?= python3
HOSTCC ?= gcc

# Where the kernel image ends up; board/sim/sim.mk runs it too.
IMAGE := $(BUILD)/kernel.elf

# ---- run-time knobs (make run FW=jump MEM=256M APPEND="...") ----
FW ?= default
MEM ?= 128M
APPEND ?=
FW_DIR := /usr/lib/riscv64-linux-gnu/opensbi/generic
ifeq ($(FW),default)
  BIOS := default
else ifeq ($(FW),jump)
  BIOS := $(FW_DIR)/fw_jump.elf
else ifeq ($(FW),dynamic)
  BIOS := $(FW_DIR)/fw_dynamic.elf
else
  $(error FW must be default, jump or dynamic (got '$(FW)'))
endif
QEMU_FLAGS := -machine virt -m $(MEM) -smp 1 -bios $(BIOS) -kernel $(IMAGE) \
              $(if $(APPEND),-append "$(APPEND)")

# Quiet build lines unless V=1.
Q := $(if $(V),,@)

# ---- compiler flags ----
WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wmissing-declarations -Wundef -Wvla -Wwrite-strings
TARGET_ARCH := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
KCFLAGS := $(WARN) $(TARGET_ARCH) -O2 -g -flto -ffreestanding -fno-common -fno-pic \
           -fno-stack-protector -nostdlib -MMD -MP \
           -Ikernel -Iinclude
KASFLAGS := $(TARGET_ARCH) -g -MMD -MP -Ikernel -I$(BUILD)/gen -D__ASSEMBLY__
# GCC 12 picks the lp64d multilib when -march carries _zicsr_zifencei, so
# name the rv64imac/lp64 libgcc explicitly (see docs/toolchain.md).
LIBGCC = $(shell $(CROSS)gcc -march=rv64imac -mabi=lp64 -print-libgcc-file-name)
KLDFLAGS := -O2 -flto -nostdlib -static -T arch/riscv/kernel.ld -Wl,--gc-sections \
            -Wl,--no-warn-rwx-segments -Wl,-Map=$(BUILD)/kernel.map

HOSTCFLAGS := $(WARN) -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all -MMD -MP -Ikernel -Iarch/riscv -Iinclude

# User programs: picolibc for the C library, our own crt0 and linker script.
PICOLIBC := /usr/lib/picolibc/riscv64-unknown-elf
UCFLAGS := $(WARN) $(TARGET_ARCH) -O2 -g -fno-common -fno-pic -fno-stack-protector -nostdlib \
           -ffunction-sections -fdata-sections -D_DEFAULT_SOURCE \
           -isystem $(PICOLIBC)/include -Iinclude -Ilib -Isef -MMD -MP
ULDFLAGS := -nostdlib -static -T lib/user.ld -Wl,--gc-sections
ULIBS = $(PICOLIBC)/lib/rv64imac/lp64/libc.a $(LIBGCC)

# ---- kernel sources ----
KERNEL_SRCS := $(wildcard kernel/*.c) $(wildcard kernel/kcall/*.c) \
               $(filter-out arch/riscv/asm_offsets.c,$(wildcard arch/riscv/*.c)) \
               $(wildcard arch/riscv/*.S)
KERNEL_OBJS := $(patsubst %,$(BUILD)/k/%.o,$(KERNEL_SRCS))

# ---- user space ----
LIB_OBJS := $(patsubst %,$(BUILD)/u/%.o,lib/crt0.S lib/ipc.S lib/syslib.c lib/ds.c lib/start.c \
                                       lib/posix.c lib/grant.c sef/sef.c)
# Servers: each is every .c file in its folder.
SERVERS := ds rs pm vfs vm
SERVER_BINS := $(patsubst %,$(BUILD)/user/servers/%,$(SERVERS))
DRIVERS := hello tty
DRIVER_BINS := $(patsubst %,$(BUILD)/user/drivers/%,$(DRIVERS)) $(BUILD)/user/drivers/hello2
RECOVERY_IMAGE := $(BUILD)/recovery.elf
PAGEFAULT_IMAGE := $(BUILD)/pagefault.elf
TTY_IMAGE := $(BUILD)/tty.elf
PFPHASE_IMAGES := $(BUILD)/pfphase-256.elf $(BUILD)/pfphase-128.elf
# Commands: one .c file each in commands/, installed in the boot file
# system's /bin (init is also a boot process).
COMMANDS := init sh ps kill cat echo ls help service pfbench
COMMAND_BINS := $(patsubst %,$(BUILD)/user/commands/%,$(COMMANDS))
BOOTFS := $(BUILD)/bootfs.cpio
KTEST_PROGS := ipctest pong crash idle sigmgr sefproc dstest rstest vmstub pfbench ttytest lutest \
               luhelper lusrv grantsrv gtest kmemtest kmemdrv
KTEST_BINS := $(patsubst %,$(BUILD)/user/ktest/%,$(KTEST_PROGS))
KTEST_IMAGE := $(BUILD)/ktest.elf

.PHONY: all help deps build run debug test test-unit test-qemu lint clean bench
# Keep generated intermediates (boot-image objects) so images are not relinked.
.SECONDARY:
all: build $(KTEST_IMAGE) $(RECOVERY_IMAGE) $(PAGEFAULT_IMAGE) $(TTY_IMAGE)

help:
	@echo "make run        boot the system in QEMU virt (FW=default|jump|dynamic MEM=128M APPEND=...)"
	@echo "make test       install deps, build, run every test; last line 'N passed, N failed'"
	@echo "make test-unit  host unit tests (ASan/UBSan)"
	@echo "make test-qemu  system tests in QEMU"
	@echo "make test-rtl   softcore tests (Verilator); also make sim, bench-rtl, synth, lint-rtl"
	@echo "make lint       header self-containment and layering checks"
	@echo "make bench      exact guest instruction counts under -icount (IPC, page faults: pfbench)"
	@echo "make debug      QEMU waiting for gdb on :1234"
	@echo "make clean      remove $(BUILD)/"

deps:
	@ci/deps

build: $(IMAGE)

$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CROSS)gcc $(KCFLAGS) -c $< -o $@

# klib provides memcpy/memset that GCC itself may call: build it outside LTO
# (LTO would drop them) and stop GCC turning its loops back into calls.
$(BUILD)/k/kernel/klib.c.o: KCFLAGS := $(filter-out -flto,$(KCFLAGS)) \
                                      -fno-tree-loop-distribute-patterns

# Structure offsets for the assembly IPC fast path, generated from the C
# definitions (arch/riscv/asm_offsets.c) so that the two cannot drift apart.
ASM_OFFSETS := $(BUILD)/gen/asm_offsets.h
$(ASM_OFFSETS): arch/riscv/asm_offsets.c
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(CROSS)gcc $(filter-out -flto -g,$(KCFLAGS)) -MT $@ -MF $@.d -S $< -o $@.s
	$(Q)sed -n 's/.*"->\([A-Z0-9_]*\) \(-*[0-9]*\).*/#define \1 \2/p' $@.s > $@
$(BUILD)/k/arch/riscv/trapentry.S.o: $(ASM_OFFSETS)

$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CROSS)gcc $(KASFLAGS) -c $< -o $@

$(BUILD)/u/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CROSS)gcc $(UCFLAGS) -c $< -o $@

$(BUILD)/u/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CROSS)gcc $(TARGET_ARCH) -g -c $< -o $@

# Boot binaries go into the image stripped; the .debug twin keeps symbols.
$(BUILD)/user/ktest/%: $(BUILD)/u/tests/system/ktest/%.c.o $(LIB_OBJS) lib/user.ld
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(TARGET_ARCH) $(ULDFLAGS) $(LIB_OBJS) $< $(ULIBS) -o $@.debug
	$(CROSS)objcopy --strip-all $@.debug $@

# A server or driver is every .c file in its folder ($(1) = servers/ds ...).
define program_rule
$(BUILD)/user/$(1): $(patsubst %,$(BUILD)/u/%.o,$(wildcard $(1)/*.c)) $(LIB_OBJS) lib/user.ld
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	$(Q)$(CROSS)gcc $(TARGET_ARCH) $(ULDFLAGS) $(LIB_OBJS) \
	    $(patsubst %,$(BUILD)/u/%.o,$(wildcard $(1)/*.c)) $(ULIBS) -o $$@.debug
	$(Q)$(CROSS)objcopy --strip-all $$@.debug $$@
$(BUILD)/u/$(1)/%.c.o: UCFLAGS += -I$(1)
endef
$(foreach p,$(addprefix servers/,$(SERVERS)) $(addprefix drivers/,$(DRIVERS)),\
    $(eval $(call program_rule,$(p))))

$(BUILD)/user/test/utest: $(BUILD)/u/tests/system/user/utest.c.o $(LIB_OBJS) lib/user.ld
	@mkdir -p $(dir $@)
	$(Q)$(CROSS)gcc $(TARGET_ARCH) $(ULDFLAGS) $(LIB_OBJS) $< $(ULIBS) -o $@.debug
	$(Q)$(CROSS)objcopy --strip-all $@.debug $@

$(BUILD)/user/commands/%: $(BUILD)/u/commands/%.c.o $(LIB_OBJS) lib/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CROSS)gcc $(TARGET_ARCH) $(ULDFLAGS) $(LIB_OBJS) $< $(ULIBS) -o $@.debug
	$(Q)$(CROSS)objcopy --strip-all $@.debug $@

# The boot file system: /bin with the commands, /dev as a mount point for
# VFS's devices, /etc/motd; a cpio newc archive whose file data start on
# 8-byte boundaries (tools/mkcpio.py), so VFS's reads copy whole words.
# /test holds the userland system test and bad executables for exec's
# error paths: a script, a truncated ELF, an ELF for another machine.
$(BOOTFS): $(COMMAND_BINS) $(BUILD)/user/test/utest board/qemu-virt/motd tools/mkcpio.py
	@rm -rf $(BUILD)/bootfs && mkdir -p $(BUILD)/bootfs/bin $(BUILD)/bootfs/dev \
	    $(BUILD)/bootfs/etc $(BUILD)/bootfs/test
	@cp $(COMMAND_BINS) $(BUILD)/bootfs/bin/
	@cp board/qemu-virt/motd $(BUILD)/bootfs/etc/motd
	@cp $(BUILD)/user/test/utest $(BUILD)/bootfs/test/utest
	@printf '#!/bin/sh\necho not an ELF file\n' > $(BUILD)/bootfs/test/notelf
	@head -c 200 $(BUILD)/user/commands/echo > $(BUILD)/bootfs/test/truncated
	@cp $(BUILD)/user/commands/echo $(BUILD)/bootfs/test/wrongarch
	@printf '\076\000' | dd of=$(BUILD)/bootfs/test/wrongarch bs=1 seek=18 conv=notrunc status=none
	@chmod 755 $(BUILD)/bootfs/test/*
	@echo "  CPIO    $@"
	$(Q)$(PYTHON) tools/mkcpio.py $(BUILD)/bootfs --align 8 -o $@

# pfbench reduced to its faults, 256 and 128 pages: make bench profiles
# both and takes the difference as the per-fault phase breakdown.
$(BUILD)/u/pfphase-%.c.o: tests/system/ktest/pfbench.c
	@mkdir -p $(dir $@)
	$(Q)$(CROSS)gcc $(UCFLAGS) -DPFBENCH_PHASES_ONLY -DBENCH_PAGES=$* -c $< -o $@
$(BUILD)/user/ktest/pfphase-%: $(BUILD)/u/pfphase-%.c.o $(LIB_OBJS) lib/user.ld
	$(Q)$(CROSS)gcc $(TARGET_ARCH) $(ULDFLAGS) $(LIB_OBJS) $< $(ULIBS) -o $@.debug
	$(Q)$(CROSS)objcopy --strip-all $@.debug $@
$(BUILD)/bootimage-pfphase-%.S: tests/system/ktest/pagefault.spec tools/mkbootimg.py \
                               $(KTEST_BINS) $(BUILD)/user/ktest/pfphase-%
	sed 's#ktest/pfbench #ktest/pfphase-$* #' $< > $(BUILD)/pfphase-$*.spec
	$(PYTHON) tools/mkbootimg.py $(BUILD)/pfphase-$*.spec --bindir $(BUILD)/user -o $@

# hello2: the hello driver with HELLO_VERSION 2 (the live-update demo).
$(BUILD)/u/hello2.c.o: drivers/hello/main.c
	@mkdir -p $(dir $@)
	$(Q)$(CROSS)gcc $(UCFLAGS) -Idrivers/hello -DHELLO_VERSION=2 -c $< -o $@
$(BUILD)/user/drivers/hello2: $(BUILD)/u/hello2.c.o $(LIB_OBJS) lib/user.ld
	@mkdir -p $(dir $@)
	$(Q)$(CROSS)gcc $(TARGET_ARCH) $(ULDFLAGS) $(LIB_OBJS) $< $(ULIBS) -o $@.debug
	$(Q)$(CROSS)objcopy --strip-all $@.debug $@

# ds-hooks: DS with DS_TEST_HOOKS (DS_TEST_BREAK), for the crash-recovery image.
DS_HOOKS := $(BUILD)/user/servers/ds-hooks
$(BUILD)/u/ds-hooks.c.o: servers/ds/main.c
	@mkdir -p $(dir $@)
	$(Q)$(CROSS)gcc $(UCFLAGS) -Iservers/ds -DDS_TEST_HOOKS -c $< -o $@
$(DS_HOOKS): $(BUILD)/u/ds-hooks.c.o $(BUILD)/u/servers/ds/store.c.o $(LIB_OBJS) lib/user.ld
	@mkdir -p $(dir $@)
	$(Q)$(CROSS)gcc $(TARGET_ARCH) $(ULDFLAGS) $(LIB_OBJS) $< $(BUILD)/u/servers/ds/store.c.o \
	    $(ULIBS) -o $@.debug
	$(Q)$(CROSS)objcopy --strip-all $@.debug $@

# Boot images: the packer writes assembly that .incbin's the ELF files.
$(BUILD)/bootimage-system.S: board/qemu-virt/image.spec tools/mkbootimg.py include/mirv/kcall.h \
                             $(SERVER_BINS) $(DRIVER_BINS) $(COMMAND_BINS) $(BOOTFS)
	@mkdir -p $(dir $@)
	$(PYTHON) tools/mkbootimg.py $< --bindir $(BUILD)/user --bootfs $(BOOTFS) -o $@
$(BUILD)/bootimage-ktest.S: tests/system/ktest/image.spec tools/mkbootimg.py \
                            include/mirv/kcall.h $(KTEST_BINS) $(SERVER_BINS)
	@mkdir -p $(dir $@)
	$(PYTHON) tools/mkbootimg.py $< --bindir $(BUILD)/user -o $@
$(BUILD)/bootimage-recovery.S $(BUILD)/bootimage-pagefault.S $(BUILD)/bootimage-tty.S: $(BUILD)/bootimage-%.S: \
    tests/system/ktest/%.spec tools/mkbootimg.py include/mirv/kcall.h $(KTEST_BINS) \
    $(SERVER_BINS) $(DRIVER_BINS) $(DS_HOOKS)
	@mkdir -p $(dir $@)
	$(PYTHON) tools/mkbootimg.py $< --bindir $(BUILD)/user -o $@
$(BUILD)/bootimage-%.o: $(BUILD)/bootimage-%.S
	$(CROSS)gcc $(TARGET_ARCH) -c $< -o $@

$(IMAGE): $(KERNEL_OBJS) $(BUILD)/bootimage-system.o arch/riscv/kernel.ld
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(TARGET_ARCH) $(KLDFLAGS) $(KERNEL_OBJS) $(BUILD)/bootimage-system.o $(LIBGCC) -o $@

$(BUILD)/%.elf: $(KERNEL_OBJS) $(BUILD)/bootimage-%.o arch/riscv/kernel.ld
	@echo "  LD      $@"
	$(Q)$(CROSS)gcc $(TARGET_ARCH) $(KLDFLAGS:kernel.map=$*.map) $(KERNEL_OBJS) \
	    $(BUILD)/bootimage-$*.o $(LIBGCC) -o $@

run: deps build
	@echo "Booting in QEMU ($(FW) firmware, $(MEM)). Quit with Ctrl-A then X."
	$(QEMU) $(QEMU_FLAGS) -nographic

debug: deps build
	@echo "QEMU waits for gdb: gdb-multiarch $(IMAGE) -ex 'target remote :1234'"
	$(QEMU) $(QEMU_FLAGS) -nographic -s -S

# ---- host unit tests: tests/unit/<name>_test.c plus the sources it tests ----
UNIT_TESTS := fdt trapcause sv39 bootargs printk memmap elf ipc ds_store rs_policy irq line \
              bootfs pm_table grant vm_region frame kmem klib
UNIT_SRCS_fdt := kernel/fdt.c
UNIT_SRCS_trapcause := arch/riscv/trapcause.c
UNIT_SRCS_sv39 := arch/riscv/sv39.c
UNIT_SRCS_bootargs := kernel/bootargs.c
UNIT_SRCS_printk := kernel/printk.c
UNIT_SRCS_memmap := kernel/memmap.c
UNIT_SRCS_elf := kernel/elf.c
UNIT_SRCS_ds_store := servers/ds/store.c
UNIT_SRCS_rs_policy := servers/rs/policy.c
UNIT_SRCS_bootfs := servers/vfs/bootfs.c
UNIT_SRCS_pm_table := servers/pm/mproc.c
UNIT_SRCS_vm_region := servers/vm/region.c
UNIT_SRCS_frame := kernel/frame.c kernel/memmap.c
UNIT_SRCS_line := drivers/tty/line.c
UNIT_SRCS_ipc := kernel/ipc.c kernel/proc.c kernel/sched.c kernel/clock.c kernel/signal.c \
                 kernel/pagefault.c kernel/kmem.c kernel/irq.c kernel/kcall/kc_update.c \
                 tests/unit/fake_arch.c
UNIT_SRCS_irq := $(UNIT_SRCS_ipc) kernel/devmem.c
UNIT_SRCS_grant := $(UNIT_SRCS_ipc) kernel/grant.c kernel/kcall/kc_setgrant.c \
                   kernel/kcall/kc_safecopy.c
UNIT_SRCS_kmem := $(UNIT_SRCS_grant) kernel/kcall/kc_vircopy.c
# klib_test includes kernel/klib.c under other names (linked on its own,
# its memcpy would replace the host's); built as the kernel builds it.
$(BUILD)/host/klib_test: kernel/klib.c
$(BUILD)/host/klib_test: HOSTCFLAGS += -fno-tree-loop-distribute-patterns

define unit_rule
$(BUILD)/host/$(1)_test: tests/unit/$(1)_test.c $(UNIT_SRCS_$(1)) tests/unit/utest.h \
                         $(wildcard kernel/*.h include/mirv/*.h)
	@mkdir -p $$(dir $$@)
	@echo "  HOSTCC  $$@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -Itests/unit -Iservers/ds -Iservers/rs -Iservers/vfs -Iservers/pm -Iservers/vm \
	    tests/unit/$(1)_test.c \
	    $(UNIT_SRCS_$(1)) -o $$@
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

# Device-tree blobs for the parser tests: from dtc sources and from QEMU.
DTB_DIR := $(BUILD)/host/dtb
UNIT_DTBS := $(patsubst tests/unit/dts/%.dts,$(DTB_DIR)/%.dtb,$(wildcard tests/unit/dts/*.dts)) \
             $(DTB_DIR)/virt-128m.dtb $(DTB_DIR)/virt-2g.dtb
$(DTB_DIR)/%.dtb: tests/unit/dts/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<
# QEMU only puts bootargs in its tree when given a -kernel: a 4-byte nop does.
$(DTB_DIR)/nop.bin:
	@mkdir -p $(dir $@)
	printf '\023\000\000\000' > $@
$(DTB_DIR)/virt-%.dtb: $(DTB_DIR)/nop.bin
	$(QEMU) -machine virt,dumpdtb=$@ -m $(subst g,G,$(subst m,M,$*)) -smp 1 -display none \
	    -kernel $< -append "console=ttyS0 test=1" 2>/dev/null

# ELF fixtures for the validator's tests (good RISC-V files and an x86 one).
ELF_DIR := $(BUILD)/host/elf
$(ELF_DIR)/.stamp: $(wildcard tests/unit/elf/*)
	CROSS=$(CROSS) HOSTCC=$(HOSTCC) tests/unit/elf/make_fixtures.sh $(ELF_DIR)
	touch $@

test-unit: $(foreach t,$(UNIT_TESTS),$(BUILD)/host/$(t)_test) $(UNIT_DTBS) $(ELF_DIR)/.stamp \
           $(BOOTFS)
	@rc=0; for t in $(UNIT_TESTS); do \
	    dir=$(DTB_DIR); [ $$t = elf ] && dir=$(ELF_DIR); \
	    $(BUILD)/host/$${t}_test $$dir || rc=1; \
	done; \
	$(PYTHON) tests/unit/mkcpio_check.py $(BOOTFS) $(BUILD)/bootfs || rc=1; exit $$rc

# ---- QEMU system tests ----
test-qemu: build $(KTEST_IMAGE) $(RECOVERY_IMAGE) $(PAGEFAULT_IMAGE) $(TTY_IMAGE)
	@$(PYTHON) tests/system/run_qemu_tests.py --image $(IMAGE) --ktest-image $(KTEST_IMAGE) \
	    --recovery-image $(RECOVERY_IMAGE) --pagefault-image $(PAGEFAULT_IMAGE) \
	    --tty-image $(TTY_IMAGE) --build $(BUILD)

# ---- benchmarks: exact instruction counts under -icount ----
# PCPROF is set before the bench rule: make expands prerequisites at once.
PCPROF := $(BUILD)/tools/libpcprof.so
bench: deps $(IMAGE) $(KTEST_IMAGE) $(RECOVERY_IMAGE) $(PAGEFAULT_IMAGE) $(PFPHASE_IMAGES) $(PCPROF)
	@$(PYTHON) tools/bench.py --ktest-image $(KTEST_IMAGE) --recovery-image $(RECOVERY_IMAGE) \
	    --system-image $(IMAGE) \
	    --pagefault-image $(PAGEFAULT_IMAGE) --phase-images $(PFPHASE_IMAGES) \
	    --pcprof $(PCPROF) --out $(BUILD)/bench

# The per-PC profiler plugin for QEMU (see docs/perf.md).
$(PCPROF): tools/qemu-plugin/pcprof.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -Wall -Wextra -Werror -shared -fPIC -o $@ $<

# ---- static checks ----
lint:
	@ci/check-headers.sh $(BUILD)
	@ci/check-layering.sh

# ---- everything: deps, then every suite; ends with 'N passed, N failed' ----
# test-rtl-kernel: the kernel-core test image on the softcore (same ELF as QEMU).
TEST_SUITES := test-unit test-qemu lint $(if $(wildcard board/sim/sim.mk),test-rtl test-rtl-kernel)
test-rtl-kernel: $(KTEST_IMAGE)
test: deps
	@$(PYTHON) tools/run_suites.py --logs $(BUILD)/test-logs $(TEST_SUITES)

clean:
	rm -rf $(BUILD)

-include board/sim/sim.mk
-include $(KERNEL_OBJS:.o=.d) $(wildcard $(BUILD)/gen/*.d) \
         $(shell find $(BUILD)/u -name "*.d" 2>/dev/null)
-include $(wildcard $(BUILD)/host/*.d)
