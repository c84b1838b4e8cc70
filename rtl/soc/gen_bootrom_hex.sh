#!/bin/sh
# Usage: gen_bootrom_hex.sh DTB WORDS > mk_bootrom.hex
# Prints the boot ROM image for rtl/soc/mk_bootrom.sv as $readmemh lines, one 64-bit
# little-endian word per line: the reset code of docs/memory-map.md (the same words as
# cmodel/src/dev_bootrom.c), the default jump target 0x8000_0000 at 0x18 (the RTL reads its
# entry_i port there instead), and the device tree at 0x100, zero-padded to WORDS words.
set -eu
dtb=$1
words=$2
od -An -v -tx1 "$dtb" | awk -v words="$words" '
    { for (i = 1; i <= NF; i++) dtb[n++] = $i }
    END {
        # auipc t0,0 | addi a1,t0,0x100 ; csrr a0,mhartid | ld t0,24(t0) ; jr t0 | pad ; entry
        img[0] = "1002859300000297"
        img[1] = "0182b283f1402573"
        img[2] = "0000000000028067"
        img[3] = "0000000080000000"
        first = 32                  # the DTB at byte 0x100
        if (first * 8 + n > words * 8) {
            printf "gen_bootrom_hex.sh: the device tree (%d bytes) does not fit in %d ROM words\n", \
                n, words > "/dev/stderr"
            exit 1
        }
        for (w = 0; w < words; w++) {
            if (w < 4) { print img[w]; continue }
            line = ""
            for (b = 7; b >= 0; b--) {
                k = (w - first) * 8 + b
                line = line ((w >= first && k < n) ? dtb[k] : "00")
            }
            print line
        }
    }'
