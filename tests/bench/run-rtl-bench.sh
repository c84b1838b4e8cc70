#!/bin/sh
# Usage: tests/bench/run-rtl-bench.sh BUILD_DIR
# Runs every benchmark ELF in BUILD_DIR/bench on the RTL (build/rtlsim --stats), standalone and
# with --cosim, and prints per kernel the cycles, instructions and CPI of the RTL, and the
# simulation speed of both runs in cycles per second of CPU time (rtlsim's "cycles per cpu s":
# unlike wall time it does not depend on what else the machine runs), and the cosim/standalone
# ratio (docs/rtlsim.md "Speed"; the targets are >= 1 MHz standalone and a ratio >= 70%).
# A full kernel runs for 270..410 million cycles, so both runs stop at RTL_BENCH_MAX_CYCLES
# (default 2000000; 0 = run to the end): the CPI is then that of the first cycles. A run that
# stops at the bound is fine; any other failure (an error, a cosim mismatch, a wrong checksum
# at the end) fails the script. DRAM latency: BENCH_MEM_LATENCY (default 1).
set -u

build=${1:?usage: run-rtl-bench.sh BUILD_DIR}
rtlsim=$build/rtlsim
[ -x "$rtlsim" ] || { echo "run-rtl-bench: $rtlsim not found (run make)" >&2; exit 1; }
set -- "$build"/bench/*.elf
[ -f "$1" ] || { echo "run-rtl-bench: no benchmarks in $build/bench (run make)" >&2; exit 1; }
max=${RTL_BENCH_MAX_CYCLES:-2000000}
lat=${BENCH_MEM_LATENCY:-1}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# stat NAME FILE: the number on rtlsim's --stats line "rtlsim: NAME  N".
stat() { awk -v k="$2" 'index($0, "rtlsim: " k " ") == 1 { print $NF }' "$1"; }

# run MODE ELF: runs rtlsim (MODE = standalone or cosim); 0 if it ended or hit the bound.
run() {
    extra=
    [ "$1" = cosim ] && extra=--cosim
    # shellcheck disable=SC2086
    "$rtlsim" -q --stats $extra --mem-latency "$lat" --max-cycles "$max" "$2" \
        >"$tmp/$1.out" 2>"$tmp/$1.err" </dev/null
    rc=$?
    [ $rc -eq 0 ] || [ $rc -eq 124 ]
}

echo "rtlsim --mem-latency $lat, each run bounded at $max cycles (0 = none);" \
     "speed in cycles per CPU second"
printf '%-10s %12s %12s %7s %12s %12s %7s\n' benchmark cycles instructions CPI \
    standalone cosim ratio
failed=0
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    if ! run standalone "$elf"; then
        printf '%-10s FAILED standalone\n' "$name"
        sed 's/^/    /' "$tmp/standalone.out" "$tmp/standalone.err" | tail -n 10
        failed=$((failed + 1))
        continue
    fi
    if ! run cosim "$elf"; then
        printf '%-10s FAILED with --cosim\n' "$name"
        sed 's/^/    /' "$tmp/cosim.err" | head -n 40
        failed=$((failed + 1))
        continue
    fi
    f=$tmp/standalone.err
    awk -v n="$name" -v c="$(stat "$f" cycles)" -v i="$(stat "$f" instructions)" \
        -v s="$(stat "$f" 'cycles per cpu s')" -v k="$(stat "$tmp/cosim.err" 'cycles per cpu s')" \
        'BEGIN { printf "%-10s %12d %12d %7.3f %10.0f/s %10.0f/s %6.0f%%\n", n, c, i,
                 (i > 0 ? c / i : 0), s, k, (s > 0 ? 100 * k / s : 0) }'
done
[ $failed -eq 0 ] || { echo "run-rtl-bench: $failed benchmark(s) failed" >&2; exit 1; }
