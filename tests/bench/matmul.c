/* Benchmark: 96x96 integer matrix multiply, 24 rounds (kernels/matmul.c). */
#include "bench.h"

int main(void)
{
    return bench_run("matmul", kernel_matmul, 96, 24, 0x49074c013e77dd6fu);
}
