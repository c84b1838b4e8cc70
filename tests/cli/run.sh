#!/bin/sh
# Usage: tests/cli/run.sh BUILD_DIR
# Checks rvsim's command-line behaviour: bad input gives exit status 2 (124 at a --max-*
# limit) and exactly one stderr line starting "rvsim: error:"; good programs pass their exit
# code through. Prints "PASS <name>" or "FAIL <name>: <why>" per case; exits 1 on any failure.
set -u

build=${1:?usage: tests/cli/run.sh BUILD_DIR}
rvsim=$build/rvsim
[ -x "$rvsim" ] || { echo "FAIL cli-setup: $rvsim not found"; exit 1; }
cross=${CROSS:-riscv64-unknown-elf-}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# expect_error NAME STATUS ARGS...: exit status STATUS, one stderr line "rvsim: error: ...".
expect_error() {
    name=$1 want=$2
    shift 2
    "$rvsim" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    got=$?
    lines=$(wc -l <"$tmp/err")
    first=$(head -n 1 "$tmp/err")
    if [ "$got" -ne "$want" ]; then
        fail "$name" "exit status $want expected, got $got (stderr: $first)"
    elif [ "$lines" -ne 1 ]; then
        fail "$name" "one stderr line expected, got $lines"
    else
        case $first in
        "rvsim: error: "*) pass "$name" ;;
        *) fail "$name" "stderr should start with 'rvsim: error:', got '$first'" ;;
        esac
    fi
}

# expect_run NAME STATUS STDOUT ARGS...: exit status and exact stdout, empty stderr.
expect_run() {
    name=$1 want=$2 want_out=$3
    shift 3
    "$rvsim" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    got=$?
    out=$(cat "$tmp/out")
    if [ "$got" -ne "$want" ]; then
        fail "$name" "exit status $want expected, got $got ($(head -n 1 "$tmp/err"))"
    elif [ "$out" != "$want_out" ]; then
        fail "$name" "stdout '$want_out' expected, got '$out'"
    elif [ -s "$tmp/err" ]; then
        fail "$name" "empty stderr expected, got '$(head -n 1 "$tmp/err")'"
    else
        pass "$name"
    fi
}

# Test programs, built here so that the script stands alone.
cat >"$tmp/link.ld" <<'LD'
ENTRY(_start)
SECTIONS {
  . = ORIGIN_ADDR;
  .text : { *(.text*) }
  .data : { *(.data*) *(.rodata*) }
  .tohost : { *(.tohost) }
}
LD
cat >"$tmp/finish.S" <<'ASM'
    .globl _start
_start:
    li t0, 0x10000000           /* UART THR */
    li t1, 'o'
    sb t1, 0(t0)
    li t1, 'k'
    sb t1, 0(t0)
    li t0, 0x100000             /* finisher */
    li t1, FINISH
    sw t1, 0(t0)
1:  j 1b
ASM
cat >"$tmp/htif.S" <<'ASM'
    .globl _start
_start:
    la t0, tohost
    li t1, (9 << 1) | 1
    sd t1, 0(t0)
1:  j 1b
    .section .tohost, "aw"
    .balign 8
    .globl tohost, fromhost
tohost: .dword 0
fromhost: .dword 0
ASM
printf '    .globl _start\n_start: j _start\n' >"$tmp/loop.S"

build_elf() {  # OUT ORIGIN SOURCE [extra flags]
    out=$1 origin=$2 src=$3
    shift 3
    sed "s/ORIGIN_ADDR/$origin/" "$tmp/link.ld" >"$tmp/link-$origin.ld"
    ${cross}gcc -march=rv64imac_zicsr -mabi=lp64 -nostdlib -nostartfiles \
        -Wl,--no-warn-rwx-segments -T "$tmp/link-$origin.ld" "$@" -o "$out" "$src" \
        2>"$tmp/cc.log" || { fail "cli-build-$(basename "$out")" "$(head -n 1 "$tmp/cc.log")"; return 1; }
}
build_elf "$tmp/pass.elf" 0x80000000 "$tmp/finish.S" -DFINISH=0x5555
build_elf "$tmp/fail3.elf" 0x80000000 "$tmp/finish.S" '-DFINISH=((3<<16)|0x3333)'
build_elf "$tmp/htif9.elf" 0x80000000 "$tmp/htif.S"
build_elf "$tmp/loop.elf" 0x80000000 "$tmp/loop.S"
build_elf "$tmp/low.elf" 0x70000000 "$tmp/loop.S"
build_elf "$tmp/high.elf" 0x80100000 "$tmp/loop.S"
${cross}gcc -march=rv32imac -mabi=ilp32 -nostdlib -nostartfiles -Wl,-Ttext=0x80000000 \
    -o "$tmp/rv32.elf" "$tmp/loop.S" 2>"$tmp/cc.log" ||
    fail cli-build-rv32 "$(head -n 1 "$tmp/cc.log")"
printf 'just some text, not an ELF\n' >"$tmp/text.txt"
: >"$tmp/empty"

# Bad input.
expect_error missing-file 2 "$tmp/nonexistent.elf"
expect_error directory 2 "$tmp"
expect_error empty-file 2 "$tmp/empty"
expect_error not-elf 2 "$tmp/text.txt"
expect_error elf32 2 "$tmp/rv32.elf"
expect_error x86-elf 2 /bin/true
expect_error segment-below-memory 2 "$tmp/low.elf"
expect_error segment-above-memory 2 --mem-size 1M "$tmp/high.elf"
expect_error unknown-option 2 --frobnicate "$tmp/pass.elf"
expect_error unknown-short-option 2 -x "$tmp/pass.elf"
expect_error missing-option-argument 2 "$tmp/pass.elf" --max-cycles
expect_error bad-number 2 --max-cycles 12abc "$tmp/pass.elf"
expect_error negative-number 2 --max-insns -5 "$tmp/pass.elf"
expect_error bad-mem-size 2 --mem-size 3X "$tmp/pass.elf"
expect_error mem-size-not-page-multiple 2 --mem-size 1000 "$tmp/pass.elf"
expect_error no-elf 2 --stats
expect_error two-elfs 2 "$tmp/pass.elf" "$tmp/loop.elf"
expect_error missing-uart-input 2 --uart-in "$tmp/nonexistent.txt" "$tmp/pass.elf"
expect_error mem-latency-zero 2 --timing --mem-latency 0 "$tmp/pass.elf"
expect_error mem-latency-too-big 2 --timing --mem-latency 1001 "$tmp/pass.elf"
expect_error mem-latency-not-a-number 2 --timing --mem-latency fast "$tmp/pass.elf"
expect_error mem-latency-missing 2 --timing --mem-latency
expect_error timing-missing-elf 2 --timing
expect_error timing-max-cycles-runaway 124 --timing --max-cycles 1000 "$tmp/loop.elf"
expect_error max-cycles-runaway 124 --max-cycles 1000 "$tmp/loop.elf"
if grep -q "^rvsim: error: reached --max-cycles 1000 at pc 0x80000000$" "$tmp/err"; then
    pass max-cycles-message
else
    fail max-cycles-message "got '$(cat "$tmp/err")'"
fi
expect_error max-insns-runaway 124 --max-insns=500 "$tmp/loop.elf"
expect_error max-cycles-with-log 124 --max-cycles 100 --log-commits "$tmp/log" "$tmp/loop.elf"

# Good runs.
expect_run finisher-pass 0 ok "$tmp/pass.elf"
expect_run finisher-fail-code 3 ok -q "$tmp/fail3.elf"
expect_run htif-exit-code 9 "" -q "$tmp/htif9.elf"
expect_run mem-size-suffix 0 ok --mem-size=64M "$tmp/pass.elf"
expect_run help 0 "$("$rvsim" --help)" --help

# The commit log: one Spike-format line per retired instruction, starting in the boot ROM.
"$rvsim" --log-commits "$tmp/commits" "$tmp/pass.elf" >/dev/null 2>&1
first=$(head -n 1 "$tmp/commits" 2>/dev/null)
if [ "$first" = "core   0: 3 0x0000000000001000 (0x00000297) x5  0x0000000000001000" ]; then
    pass commit-log
else
    fail commit-log "unexpected first line '$first'"
fi

[ "$failures" -eq 0 ]
