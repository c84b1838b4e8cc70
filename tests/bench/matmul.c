/* Benchmark: integer matrix multiply C = A * B (32-bit wrap-around arithmetic), i-k-j loop
 * order, repeated with the result fed back into A. */
#include "bench.h"

#define DIM 96
#define ROUNDS 24
#define EXPECTED 0x49074c013e77dd6fu

static uint32_t a[DIM][DIM], b[DIM][DIM], c[DIM][DIM];

static void multiply(void)
{
    for (int i = 0; i < DIM; i++) {
        for (int j = 0; j < DIM; j++)
            c[i][j] = 0;
        for (int k = 0; k < DIM; k++) {
            uint32_t aik = a[i][k];
            for (int j = 0; j < DIM; j++)
                c[i][j] += aik * b[k][j];
        }
    }
}

int main(void)
{
    uint64_t seed = 0xfeedfacecafebeefu;
    for (int i = 0; i < DIM; i++)
        for (int j = 0; j < DIM; j++) {
            a[i][j] = (uint32_t)bench_rand(&seed) & 0xffff;
            b[i][j] = (uint32_t)bench_rand(&seed) & 0xffff;
        }

    uint64_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        multiply();
        /* Spot-check one element against a direct dot product. */
        int r = round % DIM, s = (round * 7) % DIM;
        uint32_t dot = 0;
        for (int k = 0; k < DIM; k++)
            dot += a[r][k] * b[k][s];
        if (dot != c[r][s]) {
            printf("matmul: c[%d][%d] is wrong in round %d\n", r, s, round);
            return 2;
        }
        for (int i = 0; i < DIM; i++)
            for (int j = 0; j < DIM; j++) {
                checksum = checksum * 1000003u + c[i][j];
                a[i][j] = c[i][j] >> 8;  /* keep the values mixing */
            }
    }
    return bench_finish("matmul", checksum, EXPECTED);
}
