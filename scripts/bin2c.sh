#!/bin/sh
# Usage: bin2c.sh SYMBOL FILE  -- prints a C file defining SYMBOL[] and SYMBOL_size.
set -eu
sym=$1
file=$2
printf '#include <stddef.h>\n#include <stdint.h>\n'
printf 'const uint8_t %s[] = {\n' "$sym"
od -An -v -tx1 "$file" | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '};\nconst size_t %s_size = sizeof %s;\n' "$sym" "$sym"
