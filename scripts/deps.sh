#!/bin/sh
# Installs the Debian packages the project needs, only those that are missing.
# Quiet when there is nothing to do. Uses sudo when not run as root.
set -eu

packages="
    gcc g++ make libc6-dev
    gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf newlib-source xz-utils
    libcmocka-dev device-tree-compiler
    qemu-system-misc opensbi
    verilator yosys
    gdb-multiarch
"

missing=
for p in $packages; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=
elif command -v sudo >/dev/null; then
    sudo="sudo"
else
    echo "deps: need root (or sudo) to install:$missing" >&2
    exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086  # word splitting of the package list is intended
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
