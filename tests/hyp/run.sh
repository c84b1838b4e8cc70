#!/bin/sh
# Runs every directed hypervisor (H extension) test ELF on one platform.
#   tests/hyp/run.sh BUILD_DIR rvsim|qemu
# Prints `PASS hyp/<name> [platform]` or `FAIL hyp/<name> [platform]: ...` (with the failing
# test number, which is the exit code, and the console output) per test; exits 1 if any failed.
set -u
BUILD=${1:?usage: run.sh BUILD_DIR rvsim|qemu}
PLATFORM=${2:?usage: run.sh BUILD_DIR rvsim|qemu}

# QEMU's rv64 CPU with H, minus everything else our core lacks (QEMU 7.2 property names).
QEMU_CPU="rv64,f=false,d=false,v=false,h=true,zba=false,zbb=false,zbc=false,zbs=false"
QEMU_CPU="$QEMU_CPU,Zfh=false,Zfhmin=false,Zihintpause=false,Zve32f=false,Zve64f=false"
QEMU_CPU="$QEMU_CPU,svinval=false,svnapot=false,svpbmt=false,zkr=false,zk=false"

case "$PLATFORM" in
    rvsim) [ -x "$BUILD/rvsim" ] || { echo "FAIL hyp [rvsim]: $BUILD/rvsim not built"; exit 1; } ;;
    qemu) command -v qemu-system-riscv64 >/dev/null 2>&1 ||
              { echo "FAIL hyp [qemu]: qemu-system-riscv64 not installed"; exit 1; } ;;
    *) echo "run.sh: unknown platform '$PLATFORM' (rvsim or qemu)" >&2; exit 2 ;;
esac

failed=0
found=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for elf in "$BUILD"/tests/hyp/*.elf; do
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
        # A test may skip checks for a feature the core lacks; it says so in a SKIP line.
        skip=$(grep -m1 '^SKIP' "$out" | tr -d '\r')
        echo "PASS hyp/$name [$PLATFORM]${skip:+ ($skip)}"
    else
        failed=1
        if [ $rc -eq 124 ]; then why="timed out"; else why="test $rc failed (exit code $rc)"; fi
        echo "FAIL hyp/$name [$PLATFORM]: $why"
        sed 's/^/    | /' "$out" | tail -n 20
    fi
done
if [ $found -eq 0 ]; then
    echo "FAIL hyp [$PLATFORM]: no test ELFs in $BUILD/tests/hyp (run make first)"
    exit 1
fi
exit $failed
