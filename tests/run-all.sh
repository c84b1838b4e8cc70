#!/bin/sh
# The runner of `make test`: every test group in order, one line per test, a summary per group,
# and last the line `N passed, N failed`. Exits 1 if anything failed.
#   tests/run-all.sh BUILD_DIR
set -u
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 1

total_pass=0
total_fail=0
summaries=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run_group NAME COMMAND...: runs a runner that prints `PASS x` / `FAIL x: ...` lines and
# counts them. A runner that fails without reporting a failing test counts as one failure.
run_group() {
    name=$1
    shift
    echo "== $name"
    "$@" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(grep -c '^PASS ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $name: runner exited with code $rc"
        f=1
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    summaries="$summaries$name: $p passed, $f failed
"
    echo "-- $name: $p passed, $f failed"
}

# One cmocka binary: every test case is a test (TAP output), a crash is a failure.
run_unit_binary() {
    bin=$1
    unit_name=unit/$(basename "$bin")
    out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1)
    rc=$?
    printf '%s\n' "$out" | awk -v n="$unit_name" '
        /^ok [0-9]+ - /     { sub(/^ok [0-9]+ - /, ""); print "PASS " n "/" $0; next }
        /^not ok [0-9]+ - / { sub(/^not ok [0-9]+ - /, ""); print "FAIL " n "/" $0; next }
        /^[0-9]+\.\.[0-9]+/ || /^# ok - / { next }
        { print "    | " $0 }'
    cases=$(printf '%s\n' "$out" | grep -c -E '^(not )?ok [0-9]+ - ')
    failed=$(printf '%s\n' "$out" | grep -c -E '^not ok [0-9]+ - ')
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
        echo "FAIL $unit_name: exited with code $rc after $cases test cases"
    fi
    return 0
}

run_unit_tests() {
    found=0
    for bin in "$BUILD"/unit/test_*; do
        [ -x "$bin" ] || continue
        found=1
        run_unit_binary "$bin"
    done
    [ $found -eq 1 ] || echo "FAIL unit: no unit-test binaries in $BUILD/unit (run make first)"
}

# Synthesis is the longest group (mk_core twice, with and without H: about 10 minutes of one
# core) and needs nothing the other groups make, so it starts first, in the background on the
# machine's other core; its output is printed in its place in the order below.
synth_out=$(mktemp)
trap 'rm -f "$log" "$synth_out" "$synth_out.rc"' EXIT
(
    make -s --no-print-directory synth SYNTH_TOPS="mk_core/board mk_core:RVH=0/board mk_soc" >"$synth_out" 2>&1
    echo $? >"$synth_out.rc"
) &
synth_pid=$!
synth_start=$(date +%s)
# The synth group's runner: waits for the background run, prints its output and status.
synth_wait() {
    wait "$synth_pid"
    cat "$synth_out"
    echo "(synth: $(($(date +%s) - synth_start)) s of wall time, run alongside the groups above)"
    return "$(cat "$synth_out.rc" 2>/dev/null || echo 1)"
}

run_group "unit tests" run_unit_tests
run_group "isa on rvsim" tests/isa/run.sh "$BUILD" rvsim
run_group "isa on qemu" tests/isa/run.sh "$BUILD" qemu
run_group "hyp on rvsim" tests/hyp/run.sh "$BUILD" rvsim
run_group "hyp on qemu" tests/hyp/run.sh "$BUILD" qemu
run_group "step vs run" tests/cli/step_vs_run.sh "$BUILD"
for runner in tests/cli/run.sh tests/integration/run.sh tests/guests/run.sh; do
    group=$(basename "$(dirname "$runner")")
    if [ -x "$runner" ]; then
        run_group "$group" "$runner" "$BUILD"
    elif [ -e "$runner" ]; then
        run_group "$group" sh "$runner" "$BUILD"
    else
        echo "== $group: skipped ($runner does not exist yet)"
    fi
done
run_group "hv" tests/hv/run.sh "$BUILD"
run_group "rtl lint" make -s --no-print-directory lint
run_group "rtl unit" sim/unit/run.sh "$BUILD"
run_group "rtl soc" "$BUILD/rtl/soc/tb_soc/tb_soc"
# The integration tops only (the core with and without H, the SoC): the blocks' own figures
# come from `make synth`.
run_group "synth" synth_wait
run_group "isa on rtlsim" sim/run-rtl-isa.sh "$BUILD"
run_group "rtlsim cli" tests/cli/rtlsim.sh "$BUILD"
# The hypervisor at L=1 runs once, in the group after, which also checks its transcripts.
run_group "cosim, mem latency 1" env COSIM_SKIP=hypervisor/hv sim/run-cosim.sh "$BUILD" 1
run_group "cosim, mem latency 3" sim/run-cosim.sh "$BUILD" 3
run_group "hv on rtlsim" tests/hv/run.sh "$BUILD" rtlsim

echo
echo "Summary:"
printf '%s' "$summaries" | sed 's/^/  /'
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
