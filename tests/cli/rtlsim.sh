#!/bin/sh
# Usage: tests/cli/rtlsim.sh BUILD_DIR
# Checks build/rtlsim's command line (docs/rtlsim.md): usage errors exit 2 with one
# `rtlsim: error:` line, --mem-size accepts only the built size, --cosim runs an ISA test to the
# end with every record compared (and --stats says how many), --cosim and the plain run give
# the same commit log, a finisher reset is refused with exit 2, and --max-cycles exits 124.
# Prints `PASS cli/rtlsim/<case>` or `FAIL cli/rtlsim/<case>: why`; exits 1 on a failure.
set -u

build=${1:?usage: tests/cli/rtlsim.sh BUILD_DIR}
rtlsim=$build/rtlsim
[ -x "$rtlsim" ] || { echo "FAIL cli/rtlsim: $rtlsim not found"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
isa=$build/tests/isa/rv64i_alu.elf

pass() { echo "PASS cli/rtlsim/$1"; }
fail() { echo "FAIL cli/rtlsim/$1: $2"; failures=$((failures + 1)); }

# expect NAME STATUS STDERR_REGEX ARGS...: runs rtlsim, checks the exit status and stderr.
expect() {
    name=$1 want=$2 regex=$3
    shift 3
    "$rtlsim" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    if [ $rc -ne "$want" ]; then
        fail "$name" "exit status $rc, expected $want ($(head -c 200 "$tmp/err"))"
    elif [ -n "$regex" ] && ! grep -Eq "$regex" "$tmp/err"; then
        fail "$name" "stderr does not match /$regex/: $(head -c 200 "$tmp/err")"
    else
        pass "$name"
    fi
}

expect help 0 '' --help
grep -q -- '--cosim' "$tmp/out" && grep -q -- '--mem-size' "$tmp/out" \
    || fail help-text "--help does not list --cosim and --mem-size"
expect unknown-option 2 '^rtlsim: error: unknown option' --bogus "$isa"
expect no-elf 2 '^rtlsim: error: no ELF' --cosim
expect missing-elf 2 '^rtlsim: error: ' --cosim "$tmp/none.elf"
expect bad-latency 2 '^rtlsim: error: --mem-latency' --mem-latency 0 "$isa"
expect mem-size-other 2 '^rtlsim: error: --mem-size 128M: this rtlsim is built with 256 MiB' \
    --mem-size 128M "$isa"
expect mem-size-bad 2 '^rtlsim: error: --mem-size needs' --mem-size 12Q "$isa"
expect mem-size-built 0 '' --mem-size 256M "$isa"
expect max-cycles 124 '^rtlsim: error: reached --max-cycles 100 ' --max-cycles 100 "$isa"
expect cosim-stats 0 '^rtlsim: cosim records +[1-9][0-9]* compared' --cosim --stats "$isa"
expect cosim-latency 0 '' --cosim --mem-latency 3 "$isa"

# The commit log does not depend on --cosim (the model never drives the RTL).
"$rtlsim" -q --log-commits "$tmp/plain.log" "$isa" >/dev/null 2>&1
"$rtlsim" -q --cosim --log-commits "$tmp/cosim.log" "$isa" >/dev/null 2>&1
if [ -s "$tmp/plain.log" ] && cmp -s "$tmp/plain.log" "$tmp/cosim.log"; then
    pass cosim-same-log
else
    fail cosim-same-log "the commit logs with and without --cosim differ (or are empty)"
fi

# A finisher reset (0x7777) is refused: the RTL core is not reset by it yet.
cc=riscv64-unknown-elf-gcc
if command -v $cc >/dev/null 2>&1; then
    cat >"$tmp/reset.S" <<'ASM'
    .globl _start
_start:
    li t0, 0x100000
    li t1, 0x7777
    sw t1, 0(t0)
1:  j 1b
ASM
    echo 'SECTIONS { . = 0x80000000; .text : { *(.text) } }' >"$tmp/reset.ld"
    if $cc -march=rv64imac -mabi=lp64 -nostdlib -static -T "$tmp/reset.ld" \
           -o "$tmp/reset.elf" "$tmp/reset.S" 2>"$tmp/cc.err"; then
        expect finisher-reset 2 '^rtlsim: error: the program wrote the finisher.s reset' \
            --max-cycles 10000 "$tmp/reset.elf"
    else
        fail finisher-reset "cannot assemble the test program: $(head -c 200 "$tmp/cc.err")"
    fi
else
    fail finisher-reset "$cc not found"
fi

exit $((failures > 0))
