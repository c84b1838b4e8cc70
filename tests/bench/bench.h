/* Shared helpers for the benchmark kernels. Kernels use only the C library, so the same file
 * also builds and runs on the host (that is how the expected checksums were obtained). */
#ifndef BENCH_H
#define BENCH_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#ifdef BENCH_PRINT_CLOCK
#include <time.h>
#endif

/* xorshift64: deterministic input data. */
static inline uint64_t bench_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

/* Prints the result line and returns the program's exit code: 0 iff the checksum matches. */
static inline int bench_finish(const char *name, uint64_t checksum, uint64_t expected)
{
    int ok = checksum == expected;
#ifdef BENCH_PRINT_CLOCK
    /* Sizing aid: under `qemu -icount shift=0` one microsecond is 1000 instructions. */
    printf("%s: clock %ld us\n", name, (long)clock());
#endif
    printf("%s: checksum 0x%016" PRIx64 " %s\n", name, checksum, ok ? "ok" : "WRONG");
    if (!ok)
        printf("%s: expected 0x%016" PRIx64 "\n", name, expected);
    return ok ? 0 : 1;
}

#endif
