#!/bin/sh
# Usage: tests/bench/run-bench.sh BUILD_DIR
# Runs every benchmark ELF in BUILD_DIR/bench on `rvsim --stats` and prints a table of
# instructions, host seconds and MIPS, plus the aggregate (total instructions / total time);
# then a second table for the cycle-accurate mode (`rvsim --timing --stats`, DRAM latency
# BENCH_MEM_LATENCY, default 1) with the cycles and CPI as well.
# Instructions and seconds come from rvsim's --stats lines on stderr ("rvsim: instructions N",
# "rvsim: host seconds X"); if no seconds line is found the wall time of the run is used instead.
# Exits non-zero if a benchmark fails (wrong checksum, rvsim error) or has no stats.
set -u

build=${1:?usage: run-bench.sh BUILD_DIR}
rvsim=$build/rvsim
[ -x "$rvsim" ] || { echo "run-bench: $rvsim not found (run make)" >&2; exit 1; }
set -- "$build"/bench/*.elf
[ -f "$1" ] || { echo "run-bench: no benchmarks in $build/bench (run make)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }

# Prints "INSNS SECONDS" from a --stats text. Tolerant of the exact format: an optional
# "rvsim:" prefix, any case, the key is whatever precedes the line's first number, which may
# follow ':' or '=' or spaces and be grouped with ',' or '_'.
parse_stats() {
    awk '
        {
            l = tolower($0)
            sub(/^[ \t]*rvsim:[ \t]*/, "", l)
            if (!match(l, /[0-9][0-9,_]*(\.[0-9]+)?(e[-+]?[0-9]+)?/)) next
            key = substr(l, 1, RSTART - 1)
            val = substr(l, RSTART, RLENGTH)
            gsub(/[,_]/, "", val)
        }
        insns == "" && key ~ /instruc|instret|insns/ && key !~ /mips|per/ { insns = val }
        secs == "" && key ~ /second|host time|wall|elapsed/ { secs = val }
        END { print (insns == "" ? "-" : insns), (secs == "" ? "-" : secs) }'
}

printf '%-12s %14s %10s %10s\n' benchmark instructions seconds MIPS
failed=0
total_insns=0
total_secs=0
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    start=$(now)
    "$rvsim" -q --stats "$elf" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    end=$(now)
    if [ $rc -ne 0 ]; then
        printf '%-12s FAILED (exit %d)\n' "$name" "$rc"
        sed 's/^/    /' "$tmp/out" "$tmp/err" | tail -n 10
        failed=$((failed + 1))
        continue
    fi
    stats=$(parse_stats <"$tmp/err")
    insns=${stats% *} secs=${stats#* }
    [ "$secs" = - ] && secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')
    if [ "$insns" = - ]; then
        printf '%-12s no "instructions" line in the --stats output\n' "$name"
        failed=$((failed + 1))
        continue
    fi
    awk -v n="$name" -v i="$insns" -v s="$secs" \
        'BEGIN { printf "%-12s %14d %10.3f %10.1f\n", n, i, s, (s > 0 ? i / s / 1e6 : 0) }'
    total_insns=$(awk -v a="$total_insns" -v b="$insns" 'BEGIN { printf "%d", a + b }')
    total_secs=$(awk -v a="$total_secs" -v b="$secs" 'BEGIN { printf "%.6f", a + b }')
done
awk -v i="$total_insns" -v s="$total_secs" \
    'BEGIN { printf "%-12s %14d %10.3f %10.1f\n", "aggregate", i, s, (s > 0 ? i / s / 1e6 : 0) }'

# The timing mode: the same kernels, with their cycles and CPI (docs/timing.md).
lat=${BENCH_MEM_LATENCY:-1}
echo
echo "rvsim --timing --mem-latency $lat"
printf '%-12s %14s %14s %7s %10s %10s\n' benchmark instructions cycles CPI seconds MIPS
total_insns=0
total_cycles=0
total_secs=0
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    "$rvsim" -q --stats --timing --mem-latency "$lat" "$elf" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        printf '%-12s FAILED (exit %d)\n' "$name" "$rc"
        sed 's/^/    /' "$tmp/out" "$tmp/err" | tail -n 10
        failed=$((failed + 1))
        continue
    fi
    stats=$(parse_stats <"$tmp/err")
    insns=${stats% *} secs=${stats#* }
    cycles=$(awk '$2 == "cycles" { print $3 }' "$tmp/err")
    if [ "$insns" = - ] || [ "$secs" = - ] || [ -z "$cycles" ]; then
        printf '%-12s incomplete --stats output\n' "$name"
        failed=$((failed + 1))
        continue
    fi
    awk -v n="$name" -v i="$insns" -v c="$cycles" -v s="$secs" 'BEGIN {
        printf "%-12s %14d %14d %7.3f %10.3f %10.1f\n", n, i, c, c / i, s, (s > 0 ? i / s / 1e6 : 0) }'
    total_insns=$(awk -v a="$total_insns" -v b="$insns" 'BEGIN { printf "%d", a + b }')
    total_cycles=$(awk -v a="$total_cycles" -v b="$cycles" 'BEGIN { printf "%d", a + b }')
    total_secs=$(awk -v a="$total_secs" -v b="$secs" 'BEGIN { printf "%.6f", a + b }')
done
awk -v i="$total_insns" -v c="$total_cycles" -v s="$total_secs" 'BEGIN {
    printf "%-12s %14d %14d %7.3f %10.3f %10.1f\n", "aggregate", i, c, (i > 0 ? c / i : 0), s,
           (s > 0 ? i / s / 1e6 : 0) }'
[ $failed -eq 0 ] || { echo "run-bench: $failed benchmark(s) failed" >&2; exit 1; }
