#!/bin/sh
# Builds the ELF validator's fixtures into OUTDIR:
#   data.elf  RISC-V ET_EXEC: text at 0x10000, rodata and data on own pages
#   bss.elf   same layout with a large .bss (memsz > filesz)
#   x86.elf   a static x86-64 executable from the host compiler (wrong machine)
# Usage: tests/unit/elf/make_fixtures.sh OUTDIR
set -eu
out=${1:?usage: $0 OUTDIR}
here=$(dirname "$0")
cross=${CROSS:-riscv64-unknown-elf-}
hostcc=${HOSTCC:-gcc}
mkdir -p "$out"

rv_flags="-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -O2 \
    -ffreestanding -nostdlib -static -fno-pic -T $here/link.ld \
    -Wl,-z,max-page-size=4096"
for prog in data bss; do
    # shellcheck disable=SC2086
    "${cross}gcc" $rv_flags "$here/start.S" "$here/$prog.c" -o "$out/$prog.elf"
done

"$hostcc" -O2 -ffreestanding -nostdlib -static -no-pie -fno-pic \
    "$here/x86.c" -o "$out/x86.elf"
