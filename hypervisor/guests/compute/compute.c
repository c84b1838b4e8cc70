/* compute: the benchmark kernels (tests/bench/kernels, the same code `make bench` runs) at
 * a size that suits a guest (about 3 M instructions in all, so that it also suits the RTL),
 * with their checksums and the cycles each took (rdcycle): the figure for comparing native
 * and virtualized runs of the same binary. Self-checking. */
#include "guest.h"
#include "kernels/kernels.h"

struct run {
    const char *name;
    bench_kernel_fn kernel;
    unsigned size, rounds;
    uint64_t expected;  /* from the same kernels built for the host */
};

static const struct run runs[] = {
    {"sort", kernel_sort, 2048, 2, 0x7859491030b14b3cu},
    {"crc32", kernel_crc32, 4096, 8, 0x2eb3dc1f6899b7f6u},
    {"matmul", kernel_matmul, 32, 2, 0x3f965bb27fe95218u},
    {"strings", kernel_strings, 64, 2, 0x34fcfe8b2677c61du},
};

int guest_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    int failures = 0;
    uint64_t total = 0;
    for (unsigned i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        const struct run *r = &runs[i];
        uint64_t checksum = 0;
        uint64_t start = guest_cycles();
        const char *error = r->kernel(r->size, r->rounds, &checksum);
        uint64_t cycles = guest_cycles() - start;
        total += cycles;
        if (error) {
            printf("compute: %s: %s\n", r->name, error);
            failures++;
            continue;
        }
        int ok = checksum == r->expected;
        failures += !ok;
        printf("compute: %-8s checksum 0x%016lx %s, %lu cycles\n", r->name, checksum,
               ok ? "ok" : "WRONG", cycles);
    }
    printf("compute: total %lu cycles\n", total);
    printf("compute: %s\n", failures ? "FAILED" : "all checksums ok");
    return failures;
}
