#!/bin/sh
# Usage: tests/guests/run.sh BUILD_DIR [rvsim|qemu|opensbi|all]   (default: all)
#
# Runs the S-mode guests (hypervisor/guests/*/ and the test payloads tests/guests/*.c) natively
# and compares each console transcript with tests/guests/<name>.expected (format in
# transcript.sh) and the exit status with `@exit N` (default 0):
#   [rvsim]        BUILD_DIR/rvsim BUILD_DIR/sbi/<name>.fw.elf (Matryoshka's SBI firmware)
#   [qemu]         QEMU virt, -bios none -kernel BUILD_DIR/sbi/<name>.fw.elf
#   [qemu-nosstc]  the same with -cpu rv64,sstc=off (the firmware's M-timer path)
#   [opensbi]      QEMU virt with Debian's OpenSBI fw_jump and -kernel BUILD_DIR/guests/<name>.elf;
#                  skipped with a note if the opensbi package is missing, and for `@no-opensbi`
#                  guests. OpenSBI reports every shutdown as a pass, so the exit status
#                  expected there is 0.
# The firmware's banner lines (`matryoshka-sbi: ...`) must come first and are not part of the
# transcript; under OpenSBI the lines before the first expected line (its banner) are dropped.
# Prints `PASS guests/<name> [sim]` or `FAIL guests/<name> [sim]: why`; exits 1 on a failure.
set -u

build=${1:?usage: run.sh BUILD_DIR [rvsim|qemu|opensbi|all]}
which_sims=${2:-all}
case $which_sims in
rvsim | qemu | opensbi | all) ;;
*) echo "run.sh: unknown simulator '$which_sims' (rvsim, qemu, opensbi or all)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/transcript.sh"
rvsim=$build/rvsim
qemu=qemu-system-riscv64
opensbi=${OPENSBI_FW_JUMP:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
RVSIM_MAX_CYCLES=${RVSIM_MAX_CYCLES:-2000000000}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-30}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

pass() { echo "PASS guests/$1 [$2]"; }
fail() {
    echo "FAIL guests/$1 [$2]: $3"
    failures=$((failures + 1))
}

# The guests: every directory of hypervisor/guests but lib, then the test payloads.
guests=""
for dir in "$here"/../../hypervisor/guests/*/; do
    name=$(basename "$dir")
    [ "$name" = lib ] || guests="$guests $name"
done
for src in "$here"/*.c; do
    [ -f "$src" ] && guests="$guests $(basename "$src" .c)"
done

qemu_virt() {
    timeout "$QEMU_TIMEOUT" "$qemu" -M virt -m 256M -smp 1 -nographic "$@" </dev/null \
        >"$tmp/raw" 2>"$tmp/err"
}

# run_one NAME SIM
run_one() {
    name=$1 sim=$2
    expected=$here/$name.expected
    image=$build/sbi/$name.fw.elf
    [ "$sim" = opensbi ] && image=$build/guests/$name.elf
    if [ ! -f "$expected" ]; then
        fail "$name" "$sim" "no transcript $expected"
        return
    fi
    if [ ! -f "$image" ]; then
        fail "$name" "$sim" "$image not built"
        return
    fi
    case $sim in
    rvsim)
        "$rvsim" -q --max-cycles "$RVSIM_MAX_CYCLES" "$image" </dev/null >"$tmp/raw" 2>"$tmp/err"
        rc=$? ;;
    qemu) qemu_virt -cpu rv64 -bios none -kernel "$image"; rc=$? ;;
    qemu-nosstc) qemu_virt -cpu rv64,sstc=off -bios none -kernel "$image"; rc=$? ;;
    opensbi) qemu_virt -cpu rv64 -bios "$opensbi" -kernel "$image"; rc=$? ;;
    esac
    tr -d '\r' <"$tmp/raw" >"$tmp/all"
    if [ "$sim" = opensbi ]; then
        transcript_skip_until_first "$expected" <"$tmp/all" >"$tmp/out"
        want_rc=0
    else
        if ! head -n 1 "$tmp/all" | grep -q '^matryoshka-sbi: '; then
            fail "$name" "$sim" "no firmware banner first (exit $rc)"
            sed 's/^/    | /' "$tmp/all" "$tmp/err" | head -n 20
            return
        fi
        grep -v '^matryoshka-sbi: ' "$tmp/all" >"$tmp/out"
        want_rc=$(transcript_directive "$expected" exit 0)
    fi
    if ! why=$(transcript_compare "$tmp/out" "$expected"); then
        fail "$name" "$sim" "$why (exit $rc)"
        sed 's/^/    | /' "$tmp/all" "$tmp/err" | head -n 30
    elif [ "$rc" -ne "$want_rc" ]; then
        fail "$name" "$sim" "exit status $rc, expected $want_rc$( [ "$rc" -eq 124 ] && echo ' (timeout)')"
        sed 's/^/    | /' "$tmp/err" | head -n 5
    else
        pass "$name" "$sim"
    fi
}

run_on() {
    for name in $guests; do
        if [ "$1" = opensbi ] && transcript_has "$here/$name.expected" no-opensbi; then
            continue
        fi
        run_one "$name" "$1"
    done
}

case $which_sims in
rvsim | all)
    if [ -x "$rvsim" ]; then run_on rvsim; else fail all rvsim "$rvsim not built"; fi ;;
esac
case $which_sims in
qemu | all)
    if command -v "$qemu" >/dev/null; then
        run_on qemu
        run_on qemu-nosstc
    else
        fail all qemu "$qemu not installed"
    fi ;;
esac
case $which_sims in
opensbi | all)
    if ! command -v "$qemu" >/dev/null; then
        fail all opensbi "$qemu not installed"
    elif [ -f "$opensbi" ]; then
        run_on opensbi
    else
        echo "SKIP guests [opensbi]: $opensbi not found (Debian package opensbi)"
    fi ;;
esac
[ $failures -eq 0 ]
