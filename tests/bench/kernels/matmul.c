/* Kernel: integer matrix multiply C = A * B (32-bit wrap-around arithmetic), i-k-j loop
 * order, repeated with the result fed back into A. */
#include <stddef.h>

#include "kernels.h"

#define DIM KERNEL_MATMUL_MAX_DIM

static uint32_t a[DIM][DIM], b[DIM][DIM], c[DIM][DIM];

static void multiply(int n)
{
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            c[i][j] = 0;
        for (int k = 0; k < n; k++) {
            uint32_t aik = a[i][k];
            for (int j = 0; j < n; j++)
                c[i][j] += aik * b[k][j];
        }
    }
}

const char *kernel_matmul(unsigned dim, unsigned rounds, uint64_t *checksum)
{
    if (dim == 0 || dim > DIM)
        return "bad dimension";
    int n = (int)dim;
    uint64_t seed = 0xfeedfacecafebeefu;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            a[i][j] = (uint32_t)bench_rand(&seed) & 0xffff;
            b[i][j] = (uint32_t)bench_rand(&seed) & 0xffff;
        }

    uint64_t sum = 0;
    for (int round = 0; round < (int)rounds; round++) {
        multiply(n);
        /* Spot-check one element against a direct dot product. */
        int r = round % n, s = (round * 7) % n;
        uint32_t dot = 0;
        for (int k = 0; k < n; k++)
            dot += a[r][k] * b[k][s];
        if (dot != c[r][s])
            return "spot-checked element is wrong";
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                sum = sum * 1000003u + c[i][j];
                a[i][j] = c[i][j] >> 8;  /* keep the values mixing */
            }
    }
    *checksum = sum;
    return NULL;
}
