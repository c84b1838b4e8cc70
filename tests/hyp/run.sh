#!/bin/sh
# Runs every directed hypervisor (H extension) test ELF on one platform: the ISA suite's
# runner with the H suite selected (QEMU gets h=true).
#   tests/hyp/run.sh BUILD_DIR rvsim|qemu
exec "$(dirname "$0")/../isa/run.sh" "${1:?usage: run.sh BUILD_DIR rvsim|qemu}" \
    "${2:?usage: run.sh BUILD_DIR rvsim|qemu}" hyp
