#!/bin/sh
# Usage: tests/bench/run-hv-bench.sh BUILD_DIR
# The hypervisor's figures (docs/performance.md, "Hypervisor"): builds the images with
# `make hv-bench` (hypervisor/hypervisor.mk), runs them and prints two tables.
#
# 1. Micro-benchmarks from the guest tests/bench/hv/hvbench.c, natively on the SBI firmware and
#    as the only guest of the hypervisor: SBI probe round trip, emulated UART (LSR) read, timer
#    delivery latency (vstimecmp with Sstc; hvip.VSTIP with HV_SSTC=off), a yielding wfi, and
#    the world switch (two hvpingpong guests yielding to each other: half the round trip, minus
#    the other guest's few instructions inside it). rvsim runs each image twice: in its
#    functional mode (1 cycle per instruction, trap or interrupt) and in its cycle-accurate
#    mode (`--timing`, the RTL pipeline's cycles, docs/timing.md; DRAM latency
#    HV_BENCH_LATENCY, default 1). QEMU 7.2 (TCG)
#    is a reference in wall-clock ns from the time CSR (best of QEMU_RUNS=3 runs), if
#    qemu-system-riscv64 is installed; its rdcycle is the host's TSC, not a cycle model.
#    HV_BENCH_QEMU=0 skips QEMU.
# 2. The compute guest's kernels (its own rdcycle total) natively, under the hypervisor alone
#    and beside the other default guests, in both rvsim modes, with the hypervisor's per-guest cycles, and the
#    instructions the payload executes natively (S-mode lines of rvsim's commit log).
# Exits non-zero if a build or a run fails.
set -u
build=${1:?usage: run-hv-bench.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case $build in /*) ;; *) build=$(cd "$build" && pwd) ;; esac
rvsim=$build/rvsim
qemu=qemu-system-riscv64
QEMU_CPU="rv64,h=true,f=false,d=false,v=false"
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}
RVSIM_MAX_CYCLES=${RVSIM_MAX_CYCLES:-2000000000}
LAT=${HV_BENCH_LATENCY:-1}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
die() { echo "run-hv-bench: $*" >&2; exit 1; }

[ -x "$rvsim" ] || die "$rvsim not found (run make)"
if [ "$build" = "$root/build" ]; then bvar=build; else bvar=$build; fi
make -s -C "$root" BUILD="$bvar" hv-bench >"$tmp/make.log" 2>&1 ||
    { tail -n 20 "$tmp/make.log" >&2; die "make hv-bench failed"; }
img=$build/hv-bench

# run_rvsim NAME IMAGE [RVSIM-OPTIONS]: console (no \r) in $tmp/NAME; fails on a nonzero exit.
run_rvsim() {
    "$rvsim" -q --max-cycles "$RVSIM_MAX_CYCLES" ${3:-} "$2" </dev/null >"$tmp/$1.raw" 2>&1
    rc=$?
    [ $rc -eq 0 ] || { tail -n 10 "$tmp/$1.raw" >&2; die "rvsim $2 failed (exit $rc)"; }
    tr -d '\r' <"$tmp/$1.raw" >"$tmp/$1"
}

# run_qemu NAME IMAGE [CPU-SUFFIX]: the same on QEMU virt, QEMU_RUNS times (default 3; its
# figures are noisy, so the table takes the best run); returns 1 on a failure (QEMU is only a
# reference, so that is reported, not fatal).
run_qemu() {
    : >"$tmp/$1"
    i=0
    while [ $i -lt "${QEMU_RUNS:-3}" ]; do
        i=$((i + 1))
        timeout "$QEMU_TIMEOUT" "$qemu" -M virt -m 256M -smp 1 -nographic \
            -cpu "$QEMU_CPU${3:-}" -bios none -kernel "$2" </dev/null >"$tmp/$1.raw" 2>&1
        rc=$?
        tr -d '\r' <"$tmp/$1.raw" >>"$tmp/$1"
        [ $rc -eq 0 ] && grep -q 'hvbench: done' "$tmp/$1.raw" && continue
        echo "run-hv-bench: QEMU run of $2 failed (exit $rc)" >&2
        : >"$tmp/$1"
        return 1
    done
}

# val FILE PREFIX NAME KEY: KEY's value on the line `PREFIXhvbench: NAME ...` (the smallest
# if there are several such lines), else "-".
val() {
    awk -v p="$2hvbench: $3 " -v k="$4" '
        index($0, p) == 1 {
            for (i = 1; i <= NF; i++)
                if (index($i, k "=") == 1) {
                    x = substr($i, length(k) + 2)
                    if (v == "" || x + 0 < v + 0) v = x
                }
        }
        END { print (v == "" ? "-" : v) }' "$1"
}

# ---- rvsim ----
# Files without a prefix: functional mode; t_*: timing mode.
for mode in "|" "t_|--timing --mem-latency $LAT"; do
    p=${mode%%|*} opts=${mode#*|}
    run_rvsim ${p}native "$build/sbi/hvbench.fw.elf" "$opts"
    run_rvsim ${p}sstc "$img/sstc/hv.fw.elf" "$opts"
    run_rvsim ${p}hvip "$img/hvip/hv.fw.elf" "$opts"
    run_rvsim ${p}pingpong "$img/pingpong/hv.fw.elf" "$opts"
    for f in native sstc hvip pingpong; do
        grep -q 'hvbench: done' "$tmp/$p$f" || die "$p$f: the benchmark guest did not finish"
    done
    grep -q 'guest timers vstimecmp' "$tmp/${p}sstc" || die "the sstc image does not use vstimecmp"
    grep -q 'guest timers hvip' "$tmp/${p}hvip" || die "the hvip image does not use hvip"
done

# ---- QEMU (reference) ----
qemu_ok=0
if [ "${HV_BENCH_QEMU:-1}" != 0 ] && command -v "$qemu" >/dev/null 2>&1; then
    qemu_ok=1
    run_qemu q_native "$build/sbi/hvbench.fw.elf" || qemu_ok=0
    run_qemu q_sstc "$img/sstc/hv.fw.elf" || qemu_ok=0
    # QEMU 7.2 keeps hvip.VSTIP read-only while Sstc is on (docs/qemu-deviations.md).
    run_qemu q_hvip "$img/hvip/hv.fw.elf" ",sstc=off" || qemu_ok=0
    run_qemu q_pingpong "$img/pingpong/hv.fw.elf" || qemu_ok=0
else
    for f in q_native q_sstc q_hvip q_pingpong; do : >"$tmp/$f"; done
fi

# cell FILE PREFIX NAME: "mean (min)" in cycles; qcell FILE PREFIX NAME [KEY]: ns.
cell() {
    m=$(val "$1" "$2" "$3" mean) n=$(val "$1" "$2" "$3" min)
    [ "$m" = - ] && { echo -; return; }
    echo "$m ($n)"
}
qcell() { v=$(val "$1" "$2" "$3" ns); [ "$v" = - ] && echo - || echo "${v%.*} ns"; }

h='[hvbench] '
pa='[hvpingpong] ' pb='[hvpingpong1] '
# World switch: A's window holds two switches and B's own instructions between its wfis.
switch_cycles() {
    awk -v m="$(val "$1" "$pa" yield "$2")" -v g="$(val "$1" "$pb" yield gap_min)" \
        'BEGIN { if (m == "-" || g == "-") print "-"; else printf "%.1f", (m - g) / 2 }'
}
sw_mean=$(switch_cycles "$tmp/pingpong" mean)
sw_min=$(switch_cycles "$tmp/pingpong" min)
tsw_mean=$(switch_cycles "$tmp/t_pingpong" mean)
tsw_min=$(switch_cycles "$tmp/t_pingpong" min)
q_sw=-
if [ $qemu_ok -eq 1 ]; then
    q_sw=$(awk -v ns="$(val "$tmp/q_pingpong" "$pa" yield ns)" \
        'BEGIN { if (ns == "-") print "-"; else printf "%.0f ns", ns / 2 }')
fi

echo
echo "Hypervisor micro-benchmarks (tests/bench/hv/hvbench.c); mean (min) cycles. rvsim functional:"
echo "1 cycle per instruction, trap or interrupt. rvsim --timing: the RTL pipeline's cycles"
echo "(docs/timing.md), DRAM latency $LAT. QEMU 7.2 TCG: wall-clock ns per operation on this"
echo "host, best of ${QEMU_RUNS:-3} runs (its rdcycle is the host's TSC, not a cycle model)."
row() { printf '%-35s %13s %13s %13s %13s %9s %9s\n' "$@"; }
row figure 'func. native' 'func. hv' 'timing native' 'timing hv' 'QEMU nat.' 'QEMU hv'
# line FIGURE RUN NAME [native]: benchmark NAME from the hypervisor image RUN (sstc or hvip)
# in every simulator, and from the native runs too if asked.
line() {
    nat=- tnat=- qnat=-
    if [ -n "${4:-}" ]; then
        nat=$(cell "$tmp/native" '' "$3") tnat=$(cell "$tmp/t_native" '' "$3")
        qnat=$(qcell "$tmp/q_native" '' "$3")
    fi
    row "$1" "$nat" "$(cell "$tmp/$2" "$h" "$3")" "$tnat" "$(cell "$tmp/t_$2" "$h" "$3")" \
        "$qnat" "$(qcell "$tmp/q_$2" "$h" "$3")"
}
line "SBI probe_extension round trip" sstc sbi_probe native
line "UART LSR read (hv: MMIO exit)" sstc mmio_lsr native
line "timer latency, Sstc (vstimecmp)" sstc timer native
line "timer latency, HV_SSTC=off (hvip)" hvip timer
line "wfi yield, the same guest resumes" sstc yield
row "world switch, guest to guest (wfi)" - "$sw_mean ($sw_min)" - "$tsw_mean ($tsw_min)" - "$q_sw"

# ---- the compute guest ----
for mode in "|" "t_|--timing --mem-latency $LAT"; do
    p=${mode%%|*} opts=${mode#*|}
    run_rvsim ${p}c_native "$build/sbi/compute.fw.elf" "$opts"
    run_rvsim ${p}c_alone "$img/compute/hv.fw.elf" "$opts"
    run_rvsim ${p}c_shared "$build/hypervisor/hv.fw.elf" "$opts"
done
payload=$("$rvsim" -q --max-cycles "$RVSIM_MAX_CYCLES" --log-commits - "$build/sbi/compute.fw.elf" \
    </dev/null 2>/dev/null | awk '$1 == "core" && $3 == 1 { n++ } END { print n + 0 }')
total() { sed -n 's/^\(\[compute\] \)\{0,1\}compute: total \([0-9]*\) cycles$/\2/p' "$1"; }
hvcyc() { sed -n 's/^hv: compute: .* SBI calls, \([0-9]*\) cycles, \([0-9]*\) world switches.*/\1 \2/p' "$1"; }
echo
echo "compute guest (its kernels, the guest's own rdcycle total)"
printf '%-44s %12s %10s %18s %9s\n' run 'guest cycles' 'vs native' 'hv per-guest cyc.' switches
for mode in "|functional" "t_|--timing, L=$LAT"; do
    p=${mode%%|*} label=${mode#*|}
    native=$(total "$tmp/${p}c_native")
    [ -n "$native" ] || die "the native compute run ($label) printed no total"
    printf '%-44s %12s %10s %18s %9s\n' "native ($label)" "$native" - "($payload insns)" -
    for r in "c_alone|under the hypervisor, alone" "c_shared|beside hello, paging, hostile"; do
        f=$tmp/$p${r%%|*}
        t=$(total "$f")
        set -- $(hvcyc "$f")
        [ -n "$t" ] && [ $# -eq 2 ] || die "${r#*|} ($label): no compute total or statistics"
        printf '%-44s %12s %10s %18s %9s\n' "${r#*|} ($label)" "$t" \
            "$(awk -v a="$t" -v b="$native" 'BEGIN { printf "%+.2f%%", (a - b) * 100 / b }')" "$1" "$2"
    done
done
