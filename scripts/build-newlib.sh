#!/bin/sh
# Usage: build-newlib.sh OUTDIR
# Builds newlib (libc, libm) from Debian's newlib-source for riscv64-unknown-elf, rv64imac/lp64,
# medany, into OUTDIR/install. Cached: does nothing when OUTDIR/install already holds libc.a.
# Output goes to OUTDIR/build.log; on failure its tail is printed.
set -eu

out=${1:?usage: build-newlib.sh OUTDIR}
tarball=${NEWLIB_TARBALL:-/usr/src/newlib/newlib-3.3.0.tar.xz}
target=riscv64-unknown-elf

mkdir -p "$out"
out=$(cd "$out" && pwd)
prefix=$out/install
[ -f "$prefix/$target/lib/libc.a" ] && exit 0

[ -f "$tarball" ] || { echo "build-newlib: $tarball not found (install newlib-source)" >&2; exit 1; }
command -v ${target}-gcc >/dev/null || { echo "build-newlib: ${target}-gcc not found" >&2; exit 1; }

log=$out/build.log
: > "$log"
fail() {
    echo "build-newlib: $1 failed; last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
}

echo "building newlib into $prefix (log: $log)"
rm -rf "$out/src" "$out/obj" "$prefix"
mkdir -p "$out/src" "$out/obj"
tar -xJf "$tarball" -C "$out/src" >>"$log" 2>&1 || fail "unpacking"
src=$out/src/newlib-salsa

# The ISA string needs zicsr/zifencei with gcc 12 (ISA spec 20191213). Only libc objects are
# built here, so the multilib that gcc would pick for such a string never matters.
cflags="-O2 -g -mcmodel=medany -march=rv64imac_zicsr_zifencei -mabi=lp64 -ffunction-sections -fdata-sections"

# The syscall layer (_write, _read, _sbrk, ...) comes from our BSP (firmware/bsp/syscalls.c);
# newlib's own wrappers (write -> _write) stay.
(cd "$out/obj" && "$src/configure" \
    --target=$target --prefix="$prefix" \
    --disable-multilib --disable-nls \
    --enable-newlib-io-long-long \
    --disable-newlib-multithread \
    CFLAGS_FOR_TARGET="$cflags") >>"$log" 2>&1 || fail "configure"

jobs=$(nproc 2>/dev/null || echo 2)
make -C "$out/obj" -j"$jobs" all-target-newlib all-target-libgloss >>"$log" 2>&1 || fail "make"
make -C "$out/obj" install-target-newlib install-target-libgloss >>"$log" 2>&1 || fail "make install"

[ -f "$prefix/$target/lib/libc.a" ] || fail "install (libc.a missing)"
rm -rf "$out/src" "$out/obj"
echo "newlib installed in $prefix"
