#!/bin/sh
# Usage: tests/hv/run.sh BUILD_DIR [rvsim|qemu|opensbi|rtlsim|all]   (default: all)
#
# Runs the hypervisor with its guests and checks every console transcript. Scenarios:
#   default    BUILD_DIR/hypervisor/hv.fw.elf (`make hypervisor`): hello, paging, compute,
#              hostile; on rvsim, QEMU (-cpu rv64,h=true), QEMU with sstc=off (guest timers
#              through hvip) and QEMU with Debian's OpenSBI fw_jump + hv.elf.
#   nohostile  hello, paging, compute without the hostile guest: their transcripts must be
#              the same as in `default` (byte for byte; compute's cycle counts masked).
#   external   two guests assembled here from a tiny .S, outside the project's build, given
#              to `make hypervisor GUESTS=...` as an ELF and as a raw binary.
#   hvip       HV_SSTC=off: guest timers through hvip.VSTIP even where the hart has Sstc
#              (rvsim; QEMU 7.2 makes hvip.VSTIP read-only when Sstc is on, see
#              docs/qemu-deviations.md, so there the path is covered by qemu-nosstc).
# The output is split into streams: per guest G its own lines (`[G] text`, compared with
# tests/hv/G.expected, else tests/guests/G.expected: the same transcript as natively), the
# hypervisor's lines about it (`hv: G: ...`, SCENARIO/G.hv.expected), and the hypervisor's
# other lines (SCENARIO/hv.expected). Formats as in tests/guests/transcript.sh. rvsim runs only
# when it has the H extension (it must pass BUILD_DIR/tests/hyp/csrs.elf).
# rtlsim: the default scenario on the RTL in lock-step with the model (build/rtlsim --cosim,
# about 46 M cycles): the same transcripts, and exit status 0, so zero mismatches (a mismatch
# is exit status 3 with the report). Only with `rtlsim` or `all` and HV_RTLSIM=1 (make test
# sets it), since it takes minutes.
# Prints `PASS hv/<scenario> [platform]` or `FAIL ...: why`; exits 1 on a failure.
set -u
build=${1:?usage: run.sh BUILD_DIR [rvsim|qemu|opensbi|all]}
which=${2:-all}
case $which in rvsim | qemu | opensbi | rtlsim | all) ;; *) echo "run.sh: unknown platform '$which'" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/guests/transcript.sh"
rvsim=$build/rvsim
qemu=qemu-system-riscv64
opensbi=${OPENSBI_FW_JUMP:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}
RVSIM_MAX_CYCLES=${RVSIM_MAX_CYCLES:-4000000000}
QEMU_CPU="rv64,h=true,f=false,d=false,v=false"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "PASS hv/$1 [$2]"; }
fail() {
    echo "FAIL hv/$1 [$2]: $3"
    failures=$((failures + 1))
}

# run PLATFORM IMAGE_DIR OUT: runs the hypervisor, leaves the console (no \r) in OUT, and the
# exit status in $rc.
run() {
    case $1 in
    rvsim) "$rvsim" -q --max-cycles "$RVSIM_MAX_CYCLES" "$2/hv.fw.elf" </dev/null >"$3.raw" 2>&1 ;;
    qemu) timeout "$QEMU_TIMEOUT" "$qemu" -M virt -m 256M -smp 1 -nographic -cpu "$QEMU_CPU" \
              -bios none -kernel "$2/hv.fw.elf" </dev/null >"$3.raw" 2>&1 ;;
    qemu-nosstc) timeout "$QEMU_TIMEOUT" "$qemu" -M virt -m 256M -smp 1 -nographic \
              -cpu "$QEMU_CPU,sstc=off" -bios none -kernel "$2/hv.fw.elf" </dev/null >"$3.raw" 2>&1 ;;
    opensbi) timeout "$QEMU_TIMEOUT" "$qemu" -M virt -m 256M -smp 1 -nographic -cpu "$QEMU_CPU" \
              -bios "$opensbi" -kernel "$2/hv.elf" </dev/null >"$3.raw" 2>&1 ;;
    rtlsim) "$build/rtlsim" -q --cosim --max-cycles "$RVSIM_MAX_CYCLES" "$2/hv.fw.elf" \
              </dev/null >"$3.raw" 2>&1 ;;
    esac
    rc=$?
    # Drop the firmware's banner (ours, or OpenSBI's: everything before the first hv line).
    tr -d '\r' <"$3.raw" | awk '/^hv: / { on = 1 } on' >"$3"
}

# check SCENARIO PLATFORM OUT GUESTS...: compares every stream; prints PASS/FAIL.
check() {
    scenario=$1 platform=$2 out=$3
    shift 3
    dir=$here/$scenario
    [ "$rc" -eq 0 ] || { fail "$scenario" "$platform" "exit status $rc$( [ "$rc" -eq 124 ] && echo ' (timeout)')"; tail -n 15 "$out.raw" | sed 's/^/    | /'; return; }
    pattern='^(hv: |\[)'
    for g in "$@"; do
        sed -n "s/^\[$g\] //p" "$out" >"$out.$g"
        grep "^hv: $g: " "$out" >"$out.$g.hv"
    done
    awk -v names="$*" 'BEGIN { n = split(names, g, " ") }
        { for (i = 1; i <= n; i++) if (index($0, "[" g[i] "] ") == 1 || index($0, "hv: " g[i] ": ") == 1) next; print }' \
        "$out" >"$out.global"
    if grep -v '^hv: ' "$out.global" >"$out.stray"; then
        fail "$scenario" "$platform" "stray output: $(head -n 1 "$out.stray")"
        return
    fi
    if ! why=$(transcript_compare "$out.global" "$dir/hv.expected"); then
        fail "$scenario" "$platform" "hypervisor: $why"
        return
    fi
    for g in "$@"; do
        want=$here/$g.expected
        [ -f "$want" ] || want=$root/tests/guests/$g.expected
        if ! why=$(transcript_compare "$out.$g" "$want"); then
            fail "$scenario" "$platform" "guest $g: $why"
            return
        fi
        if ! why=$(transcript_compare "$out.$g.hv" "$dir/$g.hv.expected"); then
            fail "$scenario" "$platform" "hypervisor about $g: $why"
            return
        fi
    done
    pass "$scenario" "$platform"
}

rvsim_has_h() {
    [ -x "$rvsim" ] && [ -f "$build/tests/hyp/csrs.elf" ] &&
        "$rvsim" -q --max-cycles 50000000 "$build/tests/hyp/csrs.elf" </dev/null >/dev/null 2>&1
}

platforms=""
case $which in
rvsim | all)
    if rvsim_has_h; then platforms="$platforms rvsim"
    else echo "SKIP hv [rvsim]: $rvsim missing or without the H extension"; fi ;;
esac
case $which in
qemu | all) platforms="$platforms qemu qemu-nosstc" ;;
esac
case $which in
opensbi | all)
    if [ -f "$opensbi" ]; then platforms="$platforms opensbi"
    else echo "SKIP hv [opensbi]: $opensbi not found (Debian package opensbi)"; fi ;;
esac

case $which in
rtlsim) platforms="$platforms rtlsim" ;;
all) [ "${HV_RTLSIM:-0}" = 1 ] && platforms="$platforms rtlsim" ;;
esac
case " $platforms " in
*" rtlsim "*) [ -x "$build/rtlsim" ] || { fail default rtlsim "$build/rtlsim not built"; exit 1; } ;;
esac

default_img=$build/hypervisor
if [ ! -f "$default_img/hv.fw.elf" ]; then
    fail default all "$default_img/hv.fw.elf not built (make hypervisor)"
    exit 1
fi

# make_hv DIR ARGS...: a hypervisor build of our own (the project's make, another HV_OUT).
make_hv() {
    out=$1
    shift
    if [ "$build" = "$root/build" ]; then set -- BUILD=build "$@"; else set -- BUILD="$build" "$@"; fi
    make -s -C "$root" HV_OUT="$out" "$@" hypervisor >"$out.log" 2>&1 ||
        { echo "    | make failed:"; tail -n 5 "$out.log" | sed 's/^/    | /'; return 1; }
}
case $build in /*) ;; *) build=$(cd "$build" && pwd) ;; esac
default_img=$build/hypervisor
rvsim=$build/rvsim

nohostile_ok=0
make_hv "$tmp/nohostile" GUESTS="$build/guests/hello.elf:4M $build/guests/paging.elf:4M $build/guests/compute.elf:4M" &&
    nohostile_ok=1

# The external guests: assembled and linked here with nothing from the project.
cat >"$tmp/ext.S" <<'ASM'
    .section .text
    .globl _start
_start:
    la      a2, msg
    li      a3, 0x10000000
1:  lbu     a4, 0(a2)
    beqz    a4, 2f
3:  lbu     a5, 5(a3)          /* LSR.THRE */
    andi    a5, a5, 0x20
    beqz    a5, 3b
    c.mv    a0, a4
    sb      a0, 0(a3)
    addi    a2, a2, 1
    j       1b
2:  li      a7, 0x10           /* SBI Base: probe for SRST */
    li      a6, 3
    li      a0, 0x53525354
    ecall
    beqz    a1, 4f
    li      a7, 0x53525354     /* SRST: shutdown, no reason */
    li      a6, 0
    li      a0, 0
    li      a1, 0
    ecall
4:  wfi
    j       4b
    .section .rodata
msg: .string "ext: hello from a guest built outside the project\n"
ASM
ext_ok=0
if riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -nostdlib -static -Wl,-Ttext=0x80200000 \
        -o "$tmp/ext.elf" "$tmp/ext.S" 2>"$tmp/ext.err" &&
   riscv64-unknown-elf-objcopy -O binary "$tmp/ext.elf" "$tmp/extraw.bin" &&
   make_hv "$tmp/external" GUESTS="$tmp/ext.elf:4M $tmp/extraw.bin:8M:1ms"; then
    ext_ok=1
else
    fail external build "could not build the external guests"
    sed 's/^/    | /' "$tmp/ext.err"
fi

hvip_ok=0
case " $platforms " in
*" rvsim "*) make_hv "$tmp/hvip" HV_SSTC=off GUESTS="$build/guests/hello.elf:8M $build/guests/compute.elf:8M" && hvip_ok=1 ;;
esac

for p in $platforms; do
    run "$p" "$default_img" "$tmp/default.$p"
    check default "$p" "$tmp/default.$p" hello paging compute hostile
    # The RTL runs the default scenario only (minutes per run); the others exercise the
    # hypervisor, not the hart.
    [ "$p" = rtlsim ] && continue
    if [ $nohostile_ok -eq 1 ] && [ "$p" != opensbi ]; then
        run "$p" "$tmp/nohostile" "$tmp/nohostile.$p"
        check nohostile "$p" "$tmp/nohostile.$p" hello paging compute
        # The neighbours of the hostile guest saw exactly what they see without it.
        for g in hello paging compute; do
            sed 's/[0-9][0-9]* cycles/N cycles/' "$tmp/default.$p.$g" >"$tmp/a" 2>/dev/null
            sed 's/[0-9][0-9]* cycles/N cycles/' "$tmp/nohostile.$p.$g" >"$tmp/b" 2>/dev/null
            if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then
                pass "isolation/$g" "$p"
            else
                fail "isolation/$g" "$p" "its transcript differs with the hostile guest beside it"
            fi
        done
    fi
    if [ $ext_ok -eq 1 ]; then
        run "$p" "$tmp/external" "$tmp/external.$p"
        check external "$p" "$tmp/external.$p" ext extraw
    fi
    if [ $hvip_ok -eq 1 ] && [ "$p" = rvsim ]; then
        run "$p" "$tmp/hvip" "$tmp/hvip.$p"
        check hvip "$p" "$tmp/hvip.$p" hello compute
    fi
done
[ $failures -eq 0 ]
