/* Benchmark: sorting 32-bit keys (quicksort with insertion sort for small ranges) and
 * checking the result, over several rounds of fresh random data. */
#include <stdlib.h>

#include "bench.h"

#define N 32768
#define ROUNDS 32
#define EXPECTED 0x4ac7f35c2f29c5f7u

static uint32_t keys[N];

static void insertion_sort(uint32_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void quicksort(uint32_t *a, long n)
{
    while (n > 16) {
        uint32_t pivot = a[n / 2];
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            uint32_t t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
        /* Recurse into the smaller part, loop on the larger: bounded stack. */
        long left = j + 1;
        if (left < n - left) {
            quicksort(a, left);
            a += left;
            n -= left;
        } else {
            quicksort(a + left, n - left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

int main(void)
{
    uint64_t seed = 0x9e3779b97f4a7c15u;
    uint64_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (long i = 0; i < N; i++)
            keys[i] = (uint32_t)bench_rand(&seed);
        quicksort(keys, N);
        for (long i = 1; i < N; i++)
            if (keys[i - 1] > keys[i]) {
                printf("sort: not sorted at %ld in round %d\n", i, round);
                return 2;
            }
        for (long i = 0; i < N; i += 97)
            checksum = checksum * 31 + keys[i];
    }
    return bench_finish("sort", checksum, EXPECTED);
}
