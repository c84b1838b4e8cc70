#!/bin/sh
# Usage: tests/integration/run.sh BUILD_DIR [rvsim|qemu|all]   (default: all)
#
# Runs the BSP programs (BUILD_DIR/firmware/hello.elf and BUILD_DIR/integration/*.elf) on rvsim
# and on QEMU, compares each console transcript with tests/integration/<name>.expected and the
# exit status with the expected one, and prints `PASS integration/<name> [sim]` or
# `FAIL integration/<name> [sim]: why` per run. Exits non-zero if anything failed.
#
# <name>.expected format, line by line against the console output ("\r" removed):
#   text         must equal the output line
#   ~ REGEX      the output line must match this awk ERE (whole line; no {m,n}: mawk)
#   @exit N      (directive, not output) the expected exit status; default 0
#   @no-qemu     (directive) do not run on QEMU
# <name>.input, if present, is the UART input: rvsim --uart-in FILE; QEMU reads it on stdin.
set -u

build=${1:?usage: run.sh BUILD_DIR [rvsim|qemu|all]}
which_sims=${2:-all}
case $which_sims in
rvsim | qemu | all) ;;
*) echo "run.sh: unknown simulator '$which_sims' (rvsim, qemu or all)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
rvsim=$build/rvsim
qemu="qemu-system-riscv64"
RVSIM_MAX_CYCLES=${RVSIM_MAX_CYCLES:-2000000000}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-30}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

pass() { echo "PASS integration/$1 [$2]"; }
fail() {
    echo "FAIL integration/$1 [$2]: $3"
    failures=$((failures + 1))
}

# Compares output file $1 with expected file $2; prints the first difference, returns 1 on one.
compare_transcript() {
    tr -d '\r' <"$1" >"$tmp/actual"
    grep -v '^@' "$2" >"$tmp/expected"
    awk -v exp_file="$tmp/expected" '
        BEGIN { while ((getline l < exp_file) > 0) want[++nw] = l }
        { got[++ng] = $0 }
        END {
            n = (ng > nw) ? ng : nw
            for (i = 1; i <= n; i++) {
                w = (i <= nw) ? want[i] : "<end of output>"
                g = (i <= ng) ? got[i] : "<end of output>"
                if (i <= nw && i <= ng) {
                    if (substr(w, 1, 2) == "~ ") { if (g ~ ("^(" substr(w, 3) ")$")) continue }
                    else if (g == w) continue
                }
                printf "line %d: got \"%s\", expected \"%s\"", i, g, w
                exit 1
            }
        }' "$tmp/actual"
}

expected_exit() {
    awk '$1 == "@exit" { print $2; found = 1; exit } END { if (!found) print 0 }' "$1"
}

# run_one NAME ELF SIM
run_one() {
    name=$1 elf=$2 sim=$3
    expected=$here/$name.expected
    input=$here/$name.input
    if [ ! -f "$expected" ]; then
        fail "$name" "$sim" "no transcript $expected"
        return
    fi
    if [ ! -f "$elf" ]; then
        fail "$name" "$sim" "$elf not built"
        return
    fi
    [ -f "$input" ] || input=/dev/null
    case $sim in
    rvsim)
        if [ "$input" = /dev/null ]; then
            "$rvsim" -q --max-cycles "$RVSIM_MAX_CYCLES" "$elf" </dev/null >"$tmp/out" 2>"$tmp/err"
        else
            "$rvsim" -q --max-cycles "$RVSIM_MAX_CYCLES" --uart-in "$input" "$elf" \
                </dev/null >"$tmp/out" 2>"$tmp/err"
        fi
        rc=$? ;;
    qemu)
        timeout "$QEMU_TIMEOUT" "$qemu" -M virt -m 256M -cpu rv64 -smp 1 -bios none \
            -nographic -kernel "$elf" <"$input" >"$tmp/out" 2>"$tmp/err"
        rc=$? ;;
    esac
    want_rc=$(expected_exit "$expected")
    if ! why=$(compare_transcript "$tmp/out" "$expected"); then
        fail "$name" "$sim" "$why (exit $rc)"
        sed 's/^/    | /' "$tmp/out" "$tmp/err" | head -n 20
    elif [ "$rc" -ne "$want_rc" ]; then
        fail "$name" "$sim" "exit status $rc, expected $want_rc$( [ "$rc" -eq 124 ] && echo ' (timeout)')"
        sed 's/^/    | /' "$tmp/err" | head -n 5
    else
        pass "$name" "$sim"
    fi
}

# The programs: the hello demo, then every integration ELF.
programs="hello:$build/firmware/hello.elf"
for src in "$here"/*.c; do
    name=$(basename "$src" .c)
    programs="$programs $name:$build/integration/$name.elf"
done

run_on() {
    sim=$1
    for entry in $programs; do
        name=${entry%%:*}
        elf=${entry#*:}
        if [ "$sim" = qemu ] && grep -q '^@no-qemu' "$here/$name.expected" 2>/dev/null; then
            continue
        fi
        run_one "$name" "$elf" "$sim"
    done
}

case $which_sims in
rvsim | all)
    if [ -x "$rvsim" ]; then
        run_on rvsim
    else
        fail all rvsim "$rvsim not built"
    fi ;;
esac
case $which_sims in
qemu | all)
    if command -v "$qemu" >/dev/null; then
        run_on qemu
    else
        fail all qemu "$qemu not installed"
    fi ;;
esac
[ $failures -eq 0 ]
