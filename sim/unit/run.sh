#!/bin/sh
# Runs the RTL unit benches (built by `make rtl-unit-bins`), each printing `PASS rtl/<name>` or
# `FAIL rtl/<name>: ...`. A bench that is missing, or exits non-zero without a FAIL line, is
# reported as a failure.
#   sim/unit/run.sh BUILD_DIR
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 1
status=0
for src in sim/unit/test_*.cpp; do
    name=$(basename "$src" .cpp)
    name=${name#test_}
    bin=$BUILD/rtl-unit/$name/test
    if [ ! -x "$bin" ]; then
        echo "FAIL rtl/$name: $bin missing (run make rtl-unit-bins)"
        status=1
        continue
    fi
    out=$("$bin" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    if [ "$rc" -ne 0 ]; then
        status=1
        printf '%s\n' "$out" | grep -q "^FAIL rtl/$name" ||
            echo "FAIL rtl/$name: exited with code $rc"
    fi
done
exit $status
