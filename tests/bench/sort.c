/* Benchmark: sorting 32768 32-bit keys, 32 rounds (kernels/sort.c). */
#include "bench.h"

int main(void)
{
    return bench_run("sort", kernel_sort, 32768, 32, 0x4ac7f35c2f29c5f7u);
}
