/* Kernel: sorting 32-bit keys (quicksort with insertion sort for small ranges) and checking
 * the result, over several rounds of fresh random data. */
#include <stddef.h>

#include "kernels.h"

static uint32_t keys[KERNEL_SORT_MAX_KEYS];

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

const char *kernel_sort(unsigned n, unsigned rounds, uint64_t *checksum)
{
    if (n > KERNEL_SORT_MAX_KEYS)
        return "too many keys";
    uint64_t seed = 0x9e3779b97f4a7c15u;
    uint64_t sum = 0;
    for (unsigned round = 0; round < rounds; round++) {
        for (unsigned i = 0; i < n; i++)
            keys[i] = (uint32_t)bench_rand(&seed);
        quicksort(keys, n);
        for (unsigned i = 1; i < n; i++)
            if (keys[i - 1] > keys[i])
                return "keys not sorted";
        for (unsigned i = 0; i < n; i += 97)
            sum = sum * 31 + keys[i];
    }
    *checksum = sum;
    return NULL;
}
