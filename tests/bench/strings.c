/* Benchmark: string operations on 512 lines, 40 rounds (kernels/strings.c). */
#include "bench.h"

int main(void)
{
    return bench_run("strings", kernel_strings, 512, 40, 0xabbf9cfacad9e2e2u);
}
