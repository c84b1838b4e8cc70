#!/bin/sh
# Usage: tests/cli/timing.sh BUILD_DIR
# Runs every ISA test, hypervisor test, integration program, native guest (on the SBI firmware)
# and the hypervisor image on rvsim in the functional mode and in the timing mode (--timing,
# with --mem-latency 1 and 4), and checks that both give the same exit status and console
# output. Only timing may differ: lines that print measured cycle or time figures have their
# numbers masked (see mask()). Also checks that the timing mode's --stats stall lines add up
# to the cycles not spent retiring, and that the stepping loop (--log-commits) and the run loop
# give the same timing statistics. Exits 1 on any difference.
set -u

build=${1:?usage: tests/cli/timing.sh BUILD_DIR}
rvsim=$build/rvsim
[ -x "$rvsim" ] || { echo "FAIL timing: $rvsim not found"; exit 1; }
here=$(cd "$(dirname "$0")/.." && pwd)
max_cycles=${TIMING_MAX_CYCLES:-4000000000}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# Numbers on lines that report measured cycles or time change with the timing model.
mask() {
    sed -E '/[Cc]ycle|[Tt]ime|[Tt]ick|latency|elapsed|rdcycle|ns\b|us\b/ s/[0-9]+/N/g'
}

# The hypervisor interleaves its guests by time slices, and its own accounting lines (exits,
# timer ticks, world switches) depend on time: compare each guest's console stream (`[guest]`
# lines) in its own order, not the interleaving.
streams=0

# run OUT ARGS...: OUT.out (masked stdout), OUT.rc, OUT.err.
run() {
    out=$1
    shift
    "$rvsim" -q --max-cycles "$max_cycles" "$@" </dev/null >"$out.raw" 2>"$out.err"
    echo $? >"$out.rc"
    if [ $streams -eq 1 ]; then
        grep '^\[' "$out.raw" | mask | sort -s -k1,1 >"$out.out"
    else
        mask <"$out.raw" >"$out.out"
    fi
}

# compare NAME ARGS...
compare() {
    name=$1
    shift
    run "$tmp/f" "$@"
    for lat in 1 4; do
        run "$tmp/t" --timing --mem-latency "$lat" --stats "$@"
        if ! cmp -s "$tmp/f.rc" "$tmp/t.rc"; then
            echo "FAIL $name [L=$lat]: exit status $(cat "$tmp/f.rc") (functional) vs" \
                 "$(cat "$tmp/t.rc") (timing): $(grep -v '^rvsim: [a-zA-Z /-]* ' "$tmp/t.err" | head -n 1)"
            failures=$((failures + 1))
            return
        fi
        if ! cmp -s "$tmp/f.out" "$tmp/t.out"; then
            echo "FAIL $name [L=$lat]: console output differs (functional < > timing):"
            diff "$tmp/f.out" "$tmp/t.out" | head -n 6 | sed 's/^/    /'
            failures=$((failures + 1))
            return
        fi
        # cycles = retirements + stall cycles (every cycle that retired nothing has a cause).
        if ! awk '
            / instructions / { insns = $3 }
            / cycles / { cycles = $3 }
            /^rvsim: exception / || /^rvsim: interrupt / { traps += $NF }
            /^rvsim: stall / { stalls += $NF }
            END { exit !(cycles == insns + traps + stalls) }' "$tmp/t.err"; then
            echo "FAIL $name [L=$lat]: stall counts do not add up to the cycles"
            grep -E 'cycles|instructions|stall' "$tmp/t.err" | sed 's/^/    /'
            failures=$((failures + 1))
            return
        fi
    done
    # The stepping loop (--log-commits) and the run loop give the same counts.
    "$rvsim" -q --max-cycles "$max_cycles" --timing --mem-latency 4 --stats \
        --log-commits /dev/null "$@" </dev/null >/dev/null 2>"$tmp/s.err"
    grep -v -e 'host seconds' -e 'MIPS' "$tmp/s.err" >"$tmp/s.stats"
    grep -v -e 'host seconds' -e 'MIPS' "$tmp/t.err" >"$tmp/t.stats"
    if ! cmp -s "$tmp/s.stats" "$tmp/t.stats"; then
        echo "FAIL $name: timing statistics differ (run < > step):"
        diff "$tmp/t.stats" "$tmp/s.stats" | head -n 6 | sed 's/^/    /'
        failures=$((failures + 1))
        return
    fi
    echo "PASS $name"
}

for elf in "$build"/tests/isa/*.elf "$build"/tests/hyp/*.elf; do
    [ -f "$elf" ] && compare "timing/$(basename "$(dirname "$elf")")/$(basename "$elf" .elf)" "$elf"
done
for elf in "$build"/firmware/hello.elf "$build"/integration/*.elf; do
    [ -f "$elf" ] || continue
    name=$(basename "$elf" .elf)
    input=$here/integration/$name.input
    if [ -f "$input" ]; then
        compare "timing/integration/$name" --uart-in "$input" "$elf"
    else
        compare "timing/integration/$name" "$elf"
    fi
done
for elf in "$build"/sbi/*.fw.elf; do
    [ -f "$elf" ] || continue
    case $(basename "$elf") in hvbench.* | hvpingpong.*) continue ;; esac  # benchmarks: make bench
    compare "timing/guests/$(basename "$elf" .fw.elf)" "$elf"
done
streams=1
[ -f "$build/hypervisor/hv.fw.elf" ] && compare "timing/hv" "$build/hypervisor/hv.fw.elf"

[ $failures -eq 0 ] || { echo "timing: $failures difference(s)"; exit 1; }
