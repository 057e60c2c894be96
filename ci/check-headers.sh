#!/usr/bin/env bash
# Header self-containment: every header under kernel/, arch/riscv/ and
# include/ must compile on its own (a file holding just its #include).
# Prints one PASS/FAIL line per header. Usage: ci/check-headers.sh BUILD_DIR
set -u
build=${1:-build}/lint
mkdir -p "$build"
cc=riscv64-unknown-elf-gcc
flags="-std=c11 -Wall -Wextra -Werror -ffreestanding -march=rv64imac_zicsr_zifencei -mabi=lp64 -Ikernel -Iarch/riscv -Iinclude"
rc=0
for h in $(find kernel arch include -name '*.h' 2>/dev/null | sort); do
    src="$build/$(echo "$h" | tr / _).c"
    printf '#include "%s"\n' "$PWD/$h" > "$src"
    if out=$($cc $flags -fsyntax-only "$src" 2>&1); then
        echo "PASS: lint/header/$h"
    else
        echo "FAIL: lint/header/$h: not self-contained: $(echo "$out" | grep -m1 error)"
        rc=1
    fi
done
exit $rc
