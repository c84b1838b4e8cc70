/* The bare-metal benchmark programs: each runs one kernel (kernels/, shared with the compute
 * guest) at full size and checks its checksum. The same files also build and run on the host
 * (that is how the expected checksums were obtained). */
#ifndef BENCH_H
#define BENCH_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#ifdef BENCH_PRINT_CLOCK
#include <time.h>
#endif

#include "kernels/kernels.h"

/* Runs the kernel, prints the result line and returns the program's exit code: 0 iff the
 * checksum matches, 2 if a self-check failed. */
static inline int bench_run(const char *name, bench_kernel_fn kernel, unsigned size,
                            unsigned rounds, uint64_t expected)
{
    uint64_t checksum = 0;
    const char *error = kernel(size, rounds, &checksum);
    if (error) {
        printf("%s: %s\n", name, error);
        return 2;
    }
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
