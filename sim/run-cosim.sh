#!/bin/sh
# Runs every test program of the repo on the RTL in lock-step with the C model
# (build/rtlsim --cosim, docs/rtlsim.md "Cosim"):
#   sim/run-cosim.sh BUILD_DIR [MEM_LATENCY]
# Prints `PASS cosim/<group>/<name> [L=<lat>]` when the run ends with the program's expected exit
# status and no mismatch, `FAIL ...: why` otherwise (with the mismatch report); exits 1 if any
# failed. Programs and their expected exit status:
#   isa/*          BUILD/tests/isa/*.elf                        0
#   integration/*  BUILD/integration/*.elf, with tests/integration/<name>.input as --uart-in
#                  and `@exit N` of tests/integration/<name>.expected (default 0)
#   firmware/hello BUILD/firmware/hello.elf                     0
#   guests/*       BUILD/sbi/<name>.fw.elf (the SBI firmware with an S-mode payload, no H),
#                  `@exit N` of tests/guests/<name>.expected (default 0)
#   hyp/*, hypervisor/hv   BUILD/tests/hyp/*.elf, BUILD/hypervisor/hv.fw.elf (need H)
# The benchmark kernels run for hundreds of millions of cycles; tests/bench/run-rtl-bench.sh
# runs them (bounded) under --cosim instead.
# COSIM_PENDING lists what the RTL core cannot run yet (docs/rtl.md "Status"; empty since the core
# has two-stage translation): those run with a cycle bound and are reported `XFAIL` (not counted
# as passed); one that passes is a failure until it is removed from the list.
# COSIM_SKIP lists programs another runner covers under --cosim at this latency (tests/run-all.sh
# runs hypervisor/hv at L=1 through tests/hv/run.sh, which also checks its transcripts); they
# are reported `SKIP`.
set -u
BUILD=${1:?usage: run-cosim.sh BUILD_DIR [MEM_LATENCY]}
LAT=${2:-1}
COSIM_PENDING=${COSIM_PENDING-""}
MAX_CYCLES=${COSIM_MAX_CYCLES:-200000000}
PENDING_MAX_CYCLES=${COSIM_PENDING_MAX_CYCLES:-20000000}
here=$(cd "$(dirname "$0")/.." && pwd)

[ -x "$BUILD/rtlsim" ] || { echo "FAIL cosim [L=$LAT]: $BUILD/rtlsim not built"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
found=0

# The `@exit N` directive of an expected-transcript file, default 0.
expected_exit() {
    if [ -f "$1" ]; then
        awk '$1 == "@exit" { code = $2 } END { print (code == "" ? 0 : code) }' "$1"
    else
        echo 0
    fi
}

is_pending() {
    for p in $COSIM_PENDING; do
        # shellcheck disable=SC2254
        case $1 in $p) return 0 ;; esac
    done
    return 1
}

# run_one NAME ELF EXPECTED_EXIT [UART_INPUT]
run_one() {
    name=$1 elf=$2 want=$3 input=${4:-}
    [ -e "$elf" ] || return 0
    found=1
    for p in ${COSIM_SKIP:-}; do
        # shellcheck disable=SC2254
        case $name in $p) echo "SKIP cosim/$name [L=$LAT]: COSIM_SKIP"; return 0 ;; esac
    done
    pending=0
    limit=$MAX_CYCLES
    if is_pending "$name"; then
        pending=1
        limit=$PENDING_MAX_CYCLES
    fi
    set -- --cosim -q --mem-latency "$LAT" --max-cycles "$limit"
    [ -n "$input" ] && set -- "$@" --uart-in "$input"
    "$BUILD/rtlsim" "$@" "$elf" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    ok=0
    if grep -q 'cosim: MISMATCH' "$tmp/err"; then
        why="mismatch: $(grep -m1 'cosim: MISMATCH' "$tmp/err" | sed 's/^rtlsim: cosim: //')"
    elif [ $rc -eq 124 ]; then
        why="no end within $limit cycles"
    elif [ "$rc" -ne "$want" ]; then
        why="exit status $rc, expected $want"
    else
        ok=1
    fi
    if [ $ok -eq 1 ]; then
        if [ $pending -eq 1 ]; then
            failed=1
            echo "FAIL cosim/$name [L=$LAT]: passes, but is listed in COSIM_PENDING: remove it there"
        else
            echo "PASS cosim/$name [L=$LAT]"
        fi
    elif [ $pending -eq 1 ]; then
        echo "XFAIL cosim/$name [L=$LAT]: $why"
    else
        failed=1
        echo "FAIL cosim/$name [L=$LAT]: $why"
        sed 's/^/    | /' "$tmp/err" | head -n 60
        sed 's/^/    > /' "$tmp/out" | tail -n 5
    fi
}

for elf in "$BUILD"/tests/isa/*.elf; do
    run_one "isa/$(basename "$elf" .elf)" "$elf" 0
done
for elf in "$BUILD"/integration/*.elf; do
    n=$(basename "$elf" .elf)
    input=
    [ -f "$here/tests/integration/$n.input" ] && input=$here/tests/integration/$n.input
    run_one "integration/$n" "$elf" "$(expected_exit "$here/tests/integration/$n.expected")" "$input"
done
run_one firmware/hello "$BUILD/firmware/hello.elf" 0
for elf in "$BUILD"/sbi/*.fw.elf; do
    n=$(basename "$elf" .fw.elf)
    run_one "guests/$n" "$elf" "$(expected_exit "$here/tests/guests/$n.expected")"
done
for elf in "$BUILD"/tests/hyp/*.elf; do
    run_one "hyp/$(basename "$elf" .elf)" "$elf" 0
done
run_one hypervisor/hv "$BUILD/hypervisor/hv.fw.elf" 0

if [ $found -eq 0 ]; then
    echo "FAIL cosim [L=$LAT]: no test programs in $BUILD (run make first)"
    exit 1
fi
exit $failed
