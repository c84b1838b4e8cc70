#!/bin/sh
# Usage: tests/bench/run-h-bench.sh BUILD_DIR
# What the H extension costs the core (docs/performance.md "H in the core"): runs
# BUILD/bench-h/hmodes.elf (tests/bench/hmodes/hmodes.c), which measures with its own counters
#   - the CPI of the benchmark kernels in HS-mode and in VS-mode under a G-stage identity map
#     of 1 GiB pages and of 4 KiB pages;
#   - the cycles of a DTLB miss in HS (Sv39), in VS with the G-stage only, and in VS with both
#     stages (the nested walk);
# on rvsim's cycle-accurate mode at DRAM latencies 1 and 3, then on the RTL (build/rtlsim
# --cosim, latency 1; H_BENCH_RTL=0 skips it), whose figures must be the model's, and prints
# the RTL's simulation speed in cycles per CPU second; then the LUT delta of H (H_BENCH_SYNTH=0
# skips it): the core on a board with and without H, synth_xilinx's LUT mapping, three orderings each
# (rtl/synth.sh into BUILD/bench-h/synth, about 30 minutes; kept while no file of rtl/ is
# newer). Exits non-zero if a run fails.
set -u
build=${1:?usage: run-h-bench.sh BUILD_DIR}
elf=$build/bench-h/hmodes.elf
[ -f "$elf" ] || { echo "run-h-bench: $elf not found (run make)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

for lat in 1 3; do
    echo "rvsim --timing --mem-latency $lat:"
    if "$build/rvsim" -q --timing --mem-latency "$lat" "$elf" >"$tmp/rvsim$lat" 2>&1 </dev/null
    then
        tr -d '\r' <"$tmp/rvsim$lat" | sed 's/^/  /'
    else
        echo "  FAILED:"; sed 's/^/    /' "$tmp/rvsim$lat"; failed=1
    fi
done

if [ "${H_BENCH_RTL:-1}" != 0 ]; then
    echo "build/rtlsim --cosim --mem-latency 1:"
    if "$build/rtlsim" -q --cosim --stats --mem-latency 1 "$elf" >"$tmp/rtl" 2>"$tmp/rtl.err" \
        </dev/null; then
        tr -d '\r' <"$tmp/rtl" | sed 's/^/  /'
        tr -d '\r' <"$tmp/rvsim1" >"$tmp/rvsim1.lf"
        if ! tr -d '\r' <"$tmp/rtl" | cmp -s - "$tmp/rvsim1.lf"; then
            echo "  FAILED: the RTL's figures differ from rvsim's"; failed=1
        fi
        awk 'index($0, "rtlsim: cycles per cpu s ") == 1 { s = $NF }
             $1 == "rtlsim:" && $2 == "cycles" && NF == 3 { c = $3 }
             END { printf "  rtlsim speed with H, in --cosim: %.0f cycles per CPU second" \
                          " (%d cycles)\n", s, c }' "$tmp/rtl.err"
    else
        echo "  FAILED:"; sed 's/^/    /' "$tmp/rtl" "$tmp/rtl.err" | head -n 40; failed=1
    fi
fi

if [ "${H_BENCH_SYNTH:-1}" != 0 ]; then
    # The target's measure: synth_xilinx's own (depth-first) LUT mapping, the median of three
    # orderings of each core (docs/synthesis.md "Measuring LUTs"); redone when a file of rtl/
    # is newer.
    sdir=$build/bench-h
    summary=$sdir/synth/summary.txt
    if [ ! -f "$summary" ] || ! grep -q '^H cost (board; LUTs mapped for depth, median' "$summary" ||
        [ -n "$(find rtl -newer "$summary" -name '*.sv' 2>/dev/null | head -n 1)" ]; then
        echo "LUT delta of H: synthesizing mk_core/board and mk_core:RVH=0/board, three orderings each (rtl/synth.sh, about 30 minutes)"
        LUT_MAP=depth LUT_ORDERINGS=3 rtl/synth.sh "$sdir" mk_core/board mk_core:RVH=0/board \
            >"$tmp/synth" 2>&1 || { sed 's/^/  /' "$tmp/synth"; failed=1; }
    fi
    echo "LUT delta of H ($(sed -n '1s/.*, //p' "$summary" 2>/dev/null)):"
    grep -E '^(H cost|mk_core.*orderings)' "$summary" 2>/dev/null | sed 's/^/  /'
fi
exit $failed
