# Sourced by tests/guests/run.sh. Console transcripts against <name>.expected files, in the
# format of tests/integration/run.sh:
#   text         must equal the output line
#   ~ REGEX      the output line must match this awk ERE (whole line; no {m,n}: mawk)
#   @DIRECTIVE   not output (e.g. `@exit N`); ignored by the comparison

# transcript_compare ACTUAL EXPECTED: prints the first difference and returns 1 if there is
# one. ACTUAL has had "\r" removed.
transcript_compare() {
    grep -v '^@' "$2" | awk -v exp_file=/dev/stdin '
        BEGIN { while ((getline l < exp_file) > 0) want[++nw] = l }
        { got[++ng] = $0 }
        END {
            n = (ng > nw) ? ng : nw
            for (i = 1; i <= n; i++) {
                w = (i <= nw) ? want[i] : "<end of output>"
                g = (i <= ng) ? got[i] : "<end of output>"
                if (i <= nw && i <= ng) {
                    if (substr(w, 1, 2) == "~ ") { if (g ~ ("^(" substr(w, 3) ")$")) continue }
                    else if (g == w) continue
                }
                printf "line %d: got \"%s\", expected \"%s\"", i, g, w
                exit 1
            }
        }' "$1"
}

# transcript_directive EXPECTED NAME DEFAULT: the argument of `@NAME ARG`, or DEFAULT.
transcript_directive() {
    awk -v d="@$2" -v def="$3" '$1 == d { print $2; found = 1; exit } END { if (!found) print def }' "$1"
}

# transcript_has EXPECTED NAME: true if the file has the directive `@NAME`.
transcript_has() {
    grep -q "^@$2\$" "$1"
}

# transcript_skip_until_first EXPECTED < OUTPUT > REST: drops output lines before the first
# one that matches the expected file's first line (to cut another firmware's banner).
transcript_skip_until_first() {
    first=$(grep -v '^@' "$1" | head -n 1)
    awk -v w="$first" '
        !started {
            if (substr(w, 1, 2) == "~ ") started = ($0 ~ ("^(" substr(w, 3) ")$"))
            else started = ($0 == w)
        }
        started'
}
