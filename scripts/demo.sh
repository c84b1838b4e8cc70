#!/bin/sh
# The main job (`make demo`): the hypervisor with its example guests, on one platform.
#   scripts/demo.sh BUILD_DIR rtlsim|rvsim|qemu [MEM_LATENCY]
# rtlsim (the default of `make demo`): the RTL in Verilator, in lock-step with the C model
# (`rtlsim --cosim`): every retired instruction is cross-checked, and the run stops at the
# first difference with a report (exit 3). rvsim: the C model alone, in its cycle-accurate
# mode. qemu: QEMU 7.2's virt machine with H. The guests' consoles come first, then the
# hypervisor's statistics, then the simulator's summary.
set -u
build=${1:?usage: demo.sh BUILD_DIR rtlsim|rvsim|qemu [MEM_LATENCY]}
sim=${2:?usage: demo.sh BUILD_DIR rtlsim|rvsim|qemu [MEM_LATENCY]}
lat=${3:-1}
image=$build/hypervisor/hv.fw.elf
[ -f "$image" ] || { echo "demo: $image is missing (make hypervisor)" >&2; exit 2; }

case $sim in
rtlsim)
    echo "demo: the hypervisor and four guests on the RTL (build/rtlsim --cosim, DRAM latency $lat);"
    echo "demo: every retired instruction is cross-checked against the C model."
    stats=$(mktemp)
    trap 'rm -f "$stats"' EXIT
    "$build/rtlsim" --cosim --stats --mem-latency "$lat" "$image" 2>"$stats"
    rc=$?
    cat "$stats" >&2
    compared=$(awk '/cosim records/ { print $4 }' "$stats")
    case $rc in
    0) echo "demo: ${compared:-?} retired instructions cross-checked, 0 cosim mismatches" ;;
    3) echo "demo: cosim MISMATCH (the report is above)"; exit 3 ;;
    *) echo "demo: the run ended with exit code $rc"; exit "$rc" ;;
    esac
    ;;
rvsim)
    exec "$build/rvsim" --timing --stats --mem-latency "$lat" "$image"
    ;;
qemu)
    exec qemu-system-riscv64 -M virt -m 256M -cpu rv64,h=true -smp 1 -nographic -bios none \
        -kernel "$image"
    ;;
*)
    echo "demo: unknown SIM '$sim' (rtlsim, rvsim or qemu)" >&2
    exit 2
    ;;
esac
