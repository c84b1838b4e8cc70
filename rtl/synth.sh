#!/bin/sh
# Synthesis gate (docs/synthesis.md): Yosys synth_xilinx (7-series) of every self-contained
# block of the core, of the whole core and of the SoC, each flattened as its own top. Prints a
# table (LUT, LUTRAM/SRL, FF, BRAM, DSP, logic depth, latches, seconds) and one line per top:
#   PASS synth/<top>            no Yosys error, no latch, `check -assert` clean
#   FAIL synth/<top>: <why>
# Exits 1 if any top failed. Logs, `stat` and `ltp` outputs and summary.txt go to BUILD_DIR/synth.
#   rtl/synth.sh BUILD_DIR [TOP...]      (default tops: see default_tops below)
# A top may be written TOP:PARAM=VALUE[,PARAM=VALUE...] to synthesize it with those parameters
# (Yosys chparam), e.g. mk_core:RVH=0, the core without the H extension, and TOP[:...]/board to
# synthesize it as it sits on a board: its retirement port (the rvfi_* outputs, for simulation
# and cosim only) left open, so the logic that only feeds it is removed. When a pair of the core
# with and without H is synthesized (mk_core/board and mk_core:RVH=0/board, or mk_core and
# mk_core:RVH=0), a last line per pair gives the H extension's cost:
#   H cost (board; LUTs mapped for depth): +N LUTs (+X.X%, target <= 12%), +M FFs (+Y.Y%)
# How LUTs are mapped (docs/synthesis.md "Measuring LUTs"), by the environment:
#   LUT_MAP=depth   (default) synth_xilinx as it is: ABC maps for the least depth, then recovers
#                   area off the critical paths;
#   LUT_MAP=area    the same flow and ABC script, with the mapper in area mode (`if -a`): the
#                   LUTs the logic needs, without the copies a depth-first mapping makes, at
#                   any depth;
#   LUT_MAP=N       (a number) area recovery under a depth of at most N LUT levels (`if -D N`);
#   LUT_ORDERINGS=K (default 1) for the cores of an H pair, K - 1 more mappings of the same
#                   netlist with its cells in another order (ABC's result depends on it), and
#                   the H cost line from the median of the K counts of each core.
# Environment: YOSYS (default yosys), BOOTROM_HEX (mk_soc's ROM image; default
# BUILD_DIR/rtl/soc/mk_bootrom.hex, built by `make synth`).
set -u
BUILD=${1:-build}
[ $# -gt 0 ] && shift
cd "$(dirname "$0")/.." || exit 1
YOSYS=${YOSYS:-yosys}
OUT=$BUILD/synth
BOOTROM_HEX=${BOOTROM_HEX:-$BUILD/rtl/soc/mk_bootrom.hex}
mkdir -p "$OUT" || exit 1
LUT_MAP=${LUT_MAP:-depth}
LUT_ORDERINGS=${LUT_ORDERINGS:-1}
case "$LUT_MAP" in
depth) ;;
area) if_opt="-a" ;;
'' | *[!0-9]*) echo "synth.sh: LUT_MAP must be depth, area or a number of LUT levels" >&2; exit 2 ;;
*) if_opt="-D $LUT_MAP" ;;
esac
case "$LUT_ORDERINGS" in '' | *[!0-9]* | 0) echo "synth.sh: LUT_ORDERINGS must be 1 or more" >&2; exit 2 ;; esac

# synth_xilinx's map_luts step (its `help` text) for LUT_MAP=area or N: Yosys's own ABC script
# for LUTs with `if -a` or `if -D N` for `if` (the other passes unchanged).
abc_script=$OUT/abc-map.script
[ "$LUT_MAP" = depth ] ||
    echo "strash; &get -n; &fraig -x; &put; scorr; dc2; dretime; strash; dch -f; if $if_opt; mfs2" >"$abc_script"
SYNTH="synth_xilinx -family xc7 -noiopad -nowidelut -flatten"
# The map_luts step of $SYNTH for LUT_MAP (the design as synth_xilinx leaves it before it).
map_luts_cmds() {
    if [ "$LUT_MAP" = depth ]; then
        printf '%s' "$SYNTH -top $1 -run map_luts:finalize; "
    else
        printf '%s' "opt_expr -mux_undef -noclkinv; abc -luts 2:2,3,6:5 -script $abc_script; clean; \
            techmap -map +/xilinx/ff_map.v; xilinx_srl -fixed -minlen 3; \
            techmap -map +/xilinx/lut_map.v -map +/xilinx/cells_map.v -D LUT_WIDTH=6; \
            xilinx_dffopt; opt_lut_ins -tech xilinx; "
    fi
}
# Logic LUTs in a `stat` output.
stat_luts() {
    awk '$1 ~ /^(LUT[1-6]|INV)$/ { n += $2 } END { print n + 0 }' "$1"
}

# The sources, by glob so that new modules join without editing this script: packages first in
# dependency order (the bus and core packages, then any other), then every module of rtl/.
pkgs="rtl/mk_bus_pkg.sv rtl/core/mk_pkg.sv"
for f in rtl/*_pkg.sv rtl/*/*_pkg.sv; do
    [ -e "$f" ] || continue
    case " $pkgs " in *" $f "*) ;; *) pkgs="$pkgs $f" ;; esac
done
srcs=""
for f in rtl/*.sv rtl/*/*.sv; do
    case "$f" in *_pkg.sv) continue ;; esac
    [ -e "$f" ] && srcs="$srcs $f"
done

# Every module of rtl/core/ on its own (the decoders, ALU, muldiv, CSR file, PMP, and whatever
# joins them: the TLB, the walker...), then the whole core, the SoC and the chip (both).
default_tops() {
    for f in rtl/core/mk_*.sv; do
        m=$(basename "$f" .sv)
        case "$m" in *_pkg | mk_core) continue ;; esac
        echo "$m"
    done
    echo mk_core/board
    echo mk_core:RVH=0/board
    echo mk_core
    echo mk_core:RVH=0
    echo mk_soc
    echo mk_chip
}
if [ $# -gt 0 ]; then tops=$*; else tops=$(default_tops); fi

# How each depth is measured: the longest chain of LUTs (and any MUXF7/8, one level each; with
# -nowidelut ABC builds no wide LUTs from them), where carry chains, DSPs, LUTRAM and flip-flops
# cut the path; and the same with every CARRY4 counted as one more level (Vivado's "logic
# levels"; an upper bound for adders: a CARRY4 is much faster than a LUT and a net).
# ltp follows the selected wires too: each set is grown by the wires on the cells' ports.
ltp_cmds() {
    printf '%s' "select -set l t:LUT* t:INV t:MUXF*; select -set c @l t:CARRY4; "
    printf '%s' "tee -q -o $1.ltp ltp -noff @l %x:+[I0,I1,I2,I3,I4,I5,I,O,S] @l; "
    printf '%s' "tee -q -a $1.ltp ltp -noff @c %x:+[I0,I1,I2,I3,I4,I5,I,O,S,CI,CYINIT,DI,CO] @c"
}

# Table, also written to summary.txt.
header=$(printf '%-22s %7s %7s %7s %6s %4s %7s %7s %7s %6s' \
    top LUT LUTRAM FF BRAM36 DSP levels +carry latches secs)
summary=$OUT/summary.txt
{
    echo "# rtl/synth.sh: Yosys synth_xilinx -family xc7 -nowidelut -flatten, LUT_MAP=$LUT_MAP, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "# $($YOSYS -V 2>/dev/null | head -n 1)"
    echo "$header"
} >"$summary"
echo "$header"

results=""
status=0
orderings=""    # the lines of the further orderings, for summary.txt
counts_all=""   # "top LUTs FF" per synthesized top (logic LUTs + LUT RAM sites), for the H cost line
for top in $tops; do
    # TOP:PARAM=VALUE,...: the module, and its parameters as chparam commands. The files are
    # named with ':' and '=' replaced (mk_core:RVH=0 -> mk_core.RVH_0).
    # TOP[:PARAMS]/board: the top as it sits on a board, its retirement port (rvfi_*) open.
    spec=${top%/board}
    mod=${spec%%:*}
    drop=""
    [ "$spec" != "$top" ] && drop="delete -output $mod/rvfi_*; "
    base=$OUT/$(printf '%s' "$top" | tr ':=,/' '.__.')
    params=""
    case "$spec" in
    *:*)
        for pv in $(printf '%s' "${spec#*:}" | tr ',' ' '); do
            params="${params}chparam -set ${pv%%=*} ${pv#*=} $mod; "
        done
        ;;
    esac
    if [ "$mod" = mk_soc ] || [ "$mod" = mk_chip ]; then
        if [ ! -f "$BOOTROM_HEX" ]; then
            results="${results}FAIL synth/$top: boot ROM image $BOOTROM_HEX missing (run make synth)
"
            status=1
            continue
        fi
        params="${params}chparam -set BOOTROM_INIT \"$BOOTROM_HEX\" $mod;"
    fi
    rm -f "$base.stat" "$base.ltp" "$base.premap.il"
    # The netlist before LUT mapping is kept for the further orderings of an H pair's cores
    # (write_rtlil also sorts it by name, so the flow's own mapping is of that order then).
    keep=""
    case "$top" in
    mk_core/board | mk_core:RVH=0/board | mk_core | mk_core:RVH=0)
        [ "$LUT_ORDERINGS" -gt 1 ] && keep="write_rtlil $base.premap.il; " ;;
    esac
    start=$(date +%s)
    $YOSYS -q -l "$base.log" -p "read_verilog -defer -sv $pkgs $srcs; \
        $params hierarchy -check -top $mod; $drop\
        $SYNTH -top $mod -run begin:map_luts; $keep\
        $(map_luts_cmds "$mod") \
        $SYNTH -top $mod -run finalize:; \
        check -assert; \
        tee -q -o $base.stat stat; \
        $(ltp_cmds "$base")" >/dev/null 2>&1
    rc=$?
    secs=$(($(date +%s) - start))

    if [ $rc -ne 0 ]; then
        why=$(grep -m 1 -E '^ERROR|problems' "$base.log" | cut -c 1-160)
        results="${results}FAIL synth/$top: yosys failed (${why:-exit code $rc}), see $base.log
"
        status=1
        printf '%-22s %s\n' "$top" "(failed)"
        continue
    fi

    counts=$(awk '
        $1 ~ /^(LUT[1-6]|INV)$/                { lut += $2 }
        # LUT RAM and shift registers in LUT sites: a RAM32M/RAM64M is 4 LUTs of a slice,
        # an RAMnX1D 2 per 64 bits of depth, an RAMnX1S or an SRL one per 64 bits.
        $1 ~ /^RAM(32|64)M$/                   { lutram += 4 * $2 }
        $1 ~ /^RAM(32|64|128|256)X1D$/         { d = substr($1, 4) + 0; lutram += 2 * (d > 64 ? d / 64 : 1) * $2 }
        $1 ~ /^RAM(32|64|128|256)X1S$/         { d = substr($1, 4) + 0; lutram += (d > 64 ? d / 64 : 1) * $2 }
        $1 ~ /^SRL/                            { lutram += $2 }
        $1 ~ /^FD[RSCP]E$/                     { ff += $2 }
        $1 == "RAMB36E1"                       { bram += $2 }
        $1 == "RAMB18E1"                       { bram += $2 / 2 }
        $1 ~ /^DSP48E1$/                       { dsp += $2 }
        $1 ~ /^(LD[CP]E|\$.*(latch|LATCH).*)$/ { latch += $2 }
        END { printf "%d %d %d %g %d %d", lut, lutram, ff, bram, dsp, latch }' "$base.stat")
    # shellcheck disable=SC2086
    set -- $counts
    lut=$1 lutram=$2 ff=$3 bram=$4 dsp=$5 latch=$6
    inferred=$(grep -c 'Latch inferred' "$base.log")
    [ "$inferred" -gt "$latch" ] && latch=$inferred
    depths=$(sed -n 's/.*(length=\([0-9]*\)).*/\1/p' "$base.ltp" | tr '\n' ' ')
    # shellcheck disable=SC2086
    set -- $depths
    lv=${1:--1} lvc=${2:--1}   # ltp's length: the cells on the path

    row=$(printf '%-22s %7d %7d %7d %6s %4d %7d %7d %7d %6d' \
        "$top" "$lut" "$lutram" "$ff" "$bram" "$dsp" "$lv" "$lvc" "$latch" "$secs")
    echo "$row"
    echo "$row" >>"$summary"
    # Further orderings: the kept netlist with its cells renamed at random and written out
    # (write_rtlil sorts by name) and read back, then mapped the same way.
    luts_all=$lut
    if [ -f "$base.premap.il" ]; then
        k=1
        while [ "$k" -lt "$LUT_ORDERINGS" ]; do
            $YOSYS -q -l "$base.order$k.log" -p "read_rtlil $base.premap.il; \
                rename -scramble-name -seed $k; write_rtlil $base.order$k.il; design -reset; \
                read_rtlil $base.order$k.il; $(map_luts_cmds "$mod") \
                tee -q -o $base.order$k.stat stat" >/dev/null 2>&1 ||
                { results="${results}FAIL synth/$top: ordering $k failed, see $base.order$k.log
"; status=1; }
            luts_all="$luts_all $(stat_luts "$base.order$k.stat")"
            rm -f "$base.order$k.il"
            k=$((k + 1))
        done
        rm -f "$base.premap.il"
        # shellcheck disable=SC2086
        lut=$(printf '%s\n' $luts_all | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
        line=$(printf '%s: LUTs over %d orderings: %s (median %d)' "$top" "$LUT_ORDERINGS" \
            "$luts_all" "$lut")
        echo "$line"
        orderings="${orderings}$line
"
    fi
    counts_all="${counts_all}$top $((lut + lutram)) $ff
"
    if [ "$latch" -gt 0 ]; then
        results="${results}FAIL synth/$top: $latch latch(es), see 'Latch inferred' in $base.log
"
        status=1
    else
        results="${results}PASS synth/$top
"
    fi
done

printf '%s' "$orderings" >>"$summary"
printf '%s' "$results"
printf '%s' "$results" >>"$summary"

# The H extension's cost: mk_core against mk_core:RVH=0, on a board (the target's measure) and
# with the retirement port (docs/synthesis.md "The RVH option").
for variant in /board ""; do
    how="LUTs mapped for $LUT_MAP"
    case "$LUT_MAP" in [0-9]*) how="LUTs mapped for area within $LUT_MAP levels" ;; esac
    [ "$LUT_ORDERINGS" -gt 1 ] && how="$how, median of $LUT_ORDERINGS orderings"
    label=" (with the retirement port; $how)"
    [ -n "$variant" ] && label=" (board; $how)"
    hcost=$(printf '%s' "$counts_all" | awk -v with="mk_core$variant" -v without="mk_core:RVH=0$variant" \
        -v label="$label" '
        $1 == with    { l1 = $2; f1 = $3; h1 = 1 }
        $1 == without { l0 = $2; f0 = $3; h0 = 1 }
        END {
            if (!h1 || !h0 || l0 == 0 || f0 == 0) exit
            pct = 100 * (l1 - l0) / l0
            printf "H cost%s: %+d LUTs (%+.1f%%, target <= 12%%), %+d FFs (%+.1f%%)%s\n",
                label, l1 - l0, pct, f1 - f0, 100 * (f1 - f0) / f0,
                (pct > 12 ? ": over the target" : "")
        }')
    if [ -n "$hcost" ]; then
        echo "$hcost"
        echo "$hcost" >>"$summary"
    fi
done
exit $status
