#!/usr/bin/env bash
# Layering rules from docs/design.md, checked on #include lines:
#   kernel/   never includes anything under arch/ (it sees the hardware only
#             through kernel/arch.h)
#   include/  stands alone: includes only include/ and standard headers
#   servers/, drivers/, sef/, lib/, commands/: never kernel/ or arch/ headers
#   nothing in software includes rtl/
# Prints one PASS/FAIL line per rule.
set -u
rc=0
check() { # name, grep pattern over the include lines of the given files
    local name=$1 pattern=$2; shift 2
    local hits
    hits=$(grep -nE '^\s*#\s*include' "$@" /dev/null 2>/dev/null | grep -E "$pattern")
    if [ -z "$hits" ]; then
        echo "PASS: lint/layering/$name"
    else
        echo "FAIL: lint/layering/$name: $(echo "$hits" | head -1)"
        rc=1
    fi
}
files() { find "$@" \( -name '*.c' -o -name '*.h' -o -name '*.S' \) 2>/dev/null; }

check kernel-not-arch '(arch/|"(csr|sbi|sv39|trapframe|trapcause)\.h")' $(files kernel)
check include-standalone '"\.\./|(kernel|arch|servers|drivers|sef|lib)/' $(files include)
check userspace-not-kernel '(kernel/|arch/|"(arch|proc|ipc|csr|sbi)\.h")' \
    $(files servers drivers sef lib commands)
check software-not-rtl 'rtl/' $(files kernel arch include servers drivers sef lib commands)
exit $rc
