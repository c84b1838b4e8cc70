#!/bin/sh
# Runs every directed test ELF of one suite on one platform.
#   tests/isa/run.sh BUILD_DIR rvsim|qemu [isa|hyp]
# The suite is the ISA suite (tests/isa, default) or the H-extension suite (tests/hyp, which
# needs QEMU's H). Prints `PASS <suite>/<name> [platform]` or `FAIL <suite>/<name> [platform]: ...` (with the failing
# test number, which is the exit code, and the console output) per test; exits 1 if any failed.
set -u
BUILD=${1:?usage: run.sh BUILD_DIR rvsim|qemu}
PLATFORM=${2:?usage: run.sh BUILD_DIR rvsim|qemu}
SUITE=${3:-isa}
case "$SUITE" in
    isa) QEMU_H=false ;;
    hyp) QEMU_H=true ;;
    *) echo "run.sh: unknown suite '$SUITE' (isa or hyp)" >&2; exit 2 ;;
esac

# QEMU's rv64 CPU minus everything our core lacks (QEMU 7.2 property names); H only for the
# H suite, so that the ISA suite also runs on a core without it.
QEMU_CPU="rv64,f=false,d=false,v=false,h=$QEMU_H,zba=false,zbb=false,zbc=false,zbs=false"
QEMU_CPU="$QEMU_CPU,Zfh=false,Zfhmin=false,Zihintpause=false,Zve32f=false,Zve64f=false"
QEMU_CPU="$QEMU_CPU,svinval=false,svnapot=false,svpbmt=false,zkr=false,zk=false"

case "$PLATFORM" in
    rvsim) [ -x "$BUILD/rvsim" ] || { echo "FAIL $SUITE [rvsim]: $BUILD/rvsim not built"; exit 1; } ;;
    qemu) command -v qemu-system-riscv64 >/dev/null 2>&1 ||
              { echo "FAIL $SUITE [qemu]: qemu-system-riscv64 not installed"; exit 1; } ;;
    *) echo "run.sh: unknown platform '$PLATFORM' (rvsim or qemu)" >&2; exit 2 ;;
esac

failed=0
found=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for elf in "$BUILD"/tests/$SUITE/*.elf; do
    [ -e "$elf" ] || continue
    found=1
    name=$(basename "$elf" .elf)
    case "$PLATFORM" in
        rvsim) "$BUILD/rvsim" -q --max-cycles 50000000 "$elf" >"$out" 2>&1 </dev/null ;;
        qemu) timeout 20 qemu-system-riscv64 -M virt -m 256M -cpu "$QEMU_CPU" -bios none \
                  -nographic -kernel "$elf" >"$out" 2>&1 </dev/null ;;
    esac
    rc=$?
    if [ $rc -eq 0 ]; then
        echo "PASS $SUITE/$name [$PLATFORM]"
    else
        failed=1
        if [ $rc -eq 124 ]; then why="timed out"; else why="test $rc failed (exit code $rc)"; fi
        echo "FAIL $SUITE/$name [$PLATFORM]: $why"
        sed 's/^/    | /' "$out" | tail -n 20
    fi
done
if [ $found -eq 0 ]; then
    echo "FAIL $SUITE [$PLATFORM]: no test ELFs in $BUILD/tests/$SUITE (run make first)"
    exit 1
fi
exit $failed
