#!/bin/sh
# Usage: tests/cli/timing-exact.sh BASE_DIR [BUILD_DIR]
# The timing mode's exactness check for changes that must not change a single cycle (speed
# work on cmodel/src/timing.c): runs every test program of BUILD_DIR (ISA and hypervisor tests,
# integration programs, firmware/hello, the SBI guests, the hypervisor image, the benchmark
# kernels) on two builds of the model, BASE_DIR's (a build of the commit before the change:
# its rvsim and libmk.a) and BUILD_DIR's (default build), and fails on any difference in:
#   - rvsim --timing --mem-latency L --stats: exit status, console output, every statistic
#     (cycles and stall causes included; host seconds and MIPS excluded);
#   - rvsim --timing --log-commits: the commit log (CSR reads of mcycle/time show cycles);
#   - rvsim --timing --max-cycles 1234577 --stats: where a cycle limit stops the run loop;
#   - tests/cli/timing-trace.c linked against each libmk.a: the stepping API's records, every
#     field with the retirement cycle (hashed per 1024 records), and the run loop's cycle and
#     pc after every chunk of 997 instructions;
# for L in LATENCIES (default "1 3 7"), each program cut at MAX_INSNS instructions (default
# 2000000). Also the functional mode's --stats. The programs are PROGRAMS's (default BUILD_DIR;
# set it to check a copy of a build taken elsewhere). Prints a line per program, a FAIL line per
# difference, and fails on any difference or if there was nothing to check.
# A developer script (minutes, not seconds): not part of make test.
set -u

base=${1:?usage: timing-exact.sh BASE_DIR [BUILD_DIR]}
build=${2:-build}
progs=${PROGRAMS:-$build}
max=${MAX_INSNS:-2000000}
lats=${LATENCIES:-1 3 7}
here=$(cd "$(dirname "$0")/../.." && pwd)
cc=${HOST_CC:-gcc}

for f in "$base/rvsim" "$base/libmk.a" "$build/rvsim" "$build/libmk.a"; do
    [ -f "$f" ] || { echo "FAIL timing-exact: $f not found"; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for side in base new; do
    dir=$base
    [ $side = new ] && dir=$build
    $cc -std=c11 -O2 -I"$here/cmodel/include" -o "$tmp/trace.$side" \
        "$here/tests/cli/timing-trace.c" "$dir/libmk.a" ||
        { echo "FAIL timing-exact: cannot build the trace harness against $dir"; exit 1; }
done
failures=0
passes=0

# outputs SIDE RVSIM TRACE IN ELF L: everything compared, into $tmp/SIDE.*
outputs() {
    side=$1 rv=$2 tr=$3 in=$4 elf=$5 lat=$6
    o=$tmp/$side
    if [ "$lat" = 0 ]; then
        set -- --stats
    else
        set -- --timing --mem-latency "$lat" --stats
    fi
    "$rv" -q --max-insns "$max" --uart-in "$in" "$@" "$elf" </dev/null >"$o.out" 2>"$o.err"
    echo "rc $?" >>"$o.out"
    grep -v -e 'host seconds' -e 'MIPS' "$o.err" >>"$o.out"
    [ "$lat" = 0 ] && return
    "$rv" -q --max-insns "$max" --uart-in "$in" --timing --mem-latency "$lat" \
        --log-commits - "$elf" </dev/null 2>&1 | md5sum >"$o.log"
    # The run loop stopped by a cycle limit (a prime, so it falls anywhere).
    "$rv" -q --max-cycles 1234577 --uart-in "$in" --timing --mem-latency "$lat" --stats \
        "$elf" </dev/null 2>&1 | grep -v -e 'host seconds' -e 'MIPS' >"$o.cyc"
    "$tr" step "$elf" "$lat" "$max" "$in" >"$o.step" 2>&1
    "$tr" run "$elf" "$lat" "$max" "$in" >"$o.run" 2>&1
}

# check NAME ELF [UART_IN]
check() {
    name=$1 elf=$2 in=${3:-/dev/null}
    for lat in 0 $lats; do
        outputs base "$base/rvsim" "$tmp/trace.base" "$in" "$elf" "$lat"
        outputs new "$build/rvsim" "$tmp/trace.new" "$in" "$elf" "$lat"
        what=
        for part in out log cyc step run; do
            [ -f "$tmp/base.$part" ] || continue
            cmp -s "$tmp/base.$part" "$tmp/new.$part" || what="$what $part"
        done
        rm -f "$tmp"/base.* "$tmp"/new.*
        if [ -n "$what" ]; then
            echo "FAIL $name [L=$lat]: differs in:$what"
            failures=$((failures + 1))
        else
            passes=$((passes + 1))
        fi
    done
    echo "checked $name (L = 0 $lats)"
}

for elf in "$progs"/tests/isa/*.elf "$progs"/tests/hyp/*.elf; do
    [ -f "$elf" ] && check "$(basename "$(dirname "$elf")")/$(basename "$elf" .elf)" "$elf"
done
for elf in "$progs"/firmware/hello.elf "$progs"/integration/*.elf; do
    [ -f "$elf" ] || continue
    name=$(basename "$elf" .elf)
    input=$here/tests/integration/$name.input
    if [ -f "$input" ]; then
        check "integration/$name" "$elf" "$input"
    else
        check "integration/$name" "$elf"
    fi
done
for elf in "$progs"/sbi/*.fw.elf "$progs"/hypervisor/hv.fw.elf "$progs"/bench/*.elf; do
    [ -f "$elf" ] && check "$(basename "$elf" .elf)" "$elf"
done

echo "timing-exact: $passes identical, $failures different (max $max instructions, L = 0 $lats)"
[ $passes -gt 0 ] || { echo "FAIL timing-exact: no programs in $progs"; exit 1; }
[ $failures -eq 0 ]
