#!/bin/sh
# Usage: tests/cli/step_vs_run.sh BUILD_DIR
# Runs every ISA test, integration program and benchmark twice on rvsim: in the fast mode
# (mk_soc_run) and in the step mode (mk_soc_step, selected by --log-commits), and checks that
# both give the same exit status, console output and --stats counts (everything but the host
# time). Benchmarks are cut at BENCH_MAX_INSNS instructions (default 3000000; 0 = to the end)
# because the step mode with a commit log is slow. Exits 1 on any difference.
set -u

build=${1:?usage: tests/cli/step_vs_run.sh BUILD_DIR}
rvsim=$build/rvsim
[ -x "$rvsim" ] || { echo "FAIL step-vs-run: $rvsim not found"; exit 1; }
bench_max=${BENCH_MAX_INSNS:-3000000}
here=$(cd "$(dirname "$0")/.." && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# run MODE OUT ARGS...: one run; OUT.out gets stdout, OUT.stats the counts, OUT.rc the status.
run() {
    mode=$1 out=$2
    shift 2
    if [ "$mode" = step ]; then
        "$rvsim" --stats --log-commits /dev/null "$@" </dev/null >"$out.out" 2>"$out.err"
    else
        "$rvsim" --stats "$@" </dev/null >"$out.out" 2>"$out.err"
    fi
    echo $? >"$out.rc"
    grep -v -e 'host seconds' -e 'MIPS' "$out.err" >"$out.stats"
}

# compare NAME ARGS...
compare() {
    name=$1
    shift
    run fast "$tmp/fast" "$@"
    run step "$tmp/step" "$@"
    if ! cmp -s "$tmp/fast.rc" "$tmp/step.rc"; then
        echo "FAIL $name: exit status $(cat "$tmp/fast.rc") (run) vs $(cat "$tmp/step.rc") (step)"
        failures=$((failures + 1))
    elif ! cmp -s "$tmp/fast.out" "$tmp/step.out"; then
        echo "FAIL $name: console output differs"
        failures=$((failures + 1))
    elif ! cmp -s "$tmp/fast.stats" "$tmp/step.stats"; then
        echo "FAIL $name: statistics differ (run vs step):"
        diff "$tmp/fast.stats" "$tmp/step.stats" | sed 's/^/    /' | head -n 20
        failures=$((failures + 1))
    else
        echo "PASS $name"
    fi
}

for elf in "$build"/tests/isa/*.elf; do
    [ -f "$elf" ] && compare "isa/$(basename "$elf" .elf)" --max-cycles 50000000 "$elf"
done
for elf in "$build"/firmware/hello.elf "$build"/integration/*.elf; do
    [ -f "$elf" ] || continue
    name=$(basename "$elf" .elf)
    input=$here/integration/$name.input
    if [ -f "$input" ]; then
        compare "integration/$name" --max-cycles 50000000 --uart-in "$input" "$elf"
    else
        compare "integration/$name" --max-cycles 50000000 "$elf"
    fi
done
for elf in "$build"/bench/*.elf; do
    [ -f "$elf" ] || continue
    if [ "$bench_max" -gt 0 ]; then
        compare "bench/$(basename "$elf" .elf)" --max-insns "$bench_max" "$elf"
    else
        compare "bench/$(basename "$elf" .elf)" "$elf"
    fi
done

# The timing mode against the functional one (and its own step and run loops).
sh "$here/cli/timing.sh" "$build" || failures=$((failures + 1))

[ $failures -eq 0 ] || { echo "step-vs-run: $failures difference(s)"; exit 1; }
