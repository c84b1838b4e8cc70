/* Benchmark: CRC-32 over a 64 KiB buffer, 200 passes (kernels/crc32.c). */
#include "bench.h"

int main(void)
{
    return bench_run("crc32", kernel_crc32, 65536, 200, 0xd46d699f52eaf28eu);
}
