/* The benchmark kernels, shared by the bare-metal benchmarks (tests/bench/<name>.c, `make
 * bench`) and the compute guest (hypervisor/guests/compute). Pure computation on static
 * buffers: no I/O, only the C library's string functions, so they also build for the host
 * (that is how the expected checksums were obtained).
 *
 * Each kernel runs `rounds` rounds over `size` elements (at most the _MAX size), stores a
 * checksum, and returns NULL, or a message if one of its self-checks failed. */
#ifndef BENCH_KERNELS_H
#define BENCH_KERNELS_H

#include <stdint.h>

#define KERNEL_SORT_MAX_KEYS     32768   /* 32-bit keys */
#define KERNEL_CRC32_MAX_BYTES   65536
#define KERNEL_MATMUL_MAX_DIM    96
#define KERNEL_STRINGS_MAX_LINES 512

typedef const char *(*bench_kernel_fn)(unsigned size, unsigned rounds, uint64_t *checksum);

const char *kernel_sort(unsigned keys, unsigned rounds, uint64_t *checksum);
const char *kernel_crc32(unsigned bytes, unsigned passes, uint64_t *checksum);
const char *kernel_matmul(unsigned dim, unsigned rounds, uint64_t *checksum);
const char *kernel_strings(unsigned lines, unsigned rounds, uint64_t *checksum);

/* xorshift64: deterministic input data. */
static inline uint64_t bench_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

#endif
