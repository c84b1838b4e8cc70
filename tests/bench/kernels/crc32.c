/* Kernel: CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), table-driven over a buffer,
 * many passes; the bitwise form checks the table form on the first pass. */
#include <stddef.h>

#include "kernels.h"

static uint8_t buf[KERNEL_CRC32_MAX_BYTES];
static uint32_t table[256];

static void make_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
        table[i] = c;
    }
}

static uint32_t crc32_table(uint32_t crc, const uint8_t *p, long n)
{
    crc = ~crc;
    for (long i = 0; i < n; i++)
        crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t crc32_bitwise(uint32_t crc, const uint8_t *p, long n)
{
    crc = ~crc;
    for (long i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    return ~crc;
}

const char *kernel_crc32(unsigned n, unsigned passes, uint64_t *checksum)
{
    static const uint8_t check_string[] = "123456789";
    if (n == 0 || n > KERNEL_CRC32_MAX_BYTES)
        return "bad buffer size";
    make_table();
    if (crc32_table(0, check_string, 9) != 0xCBF43926u)
        return "table CRC of \"123456789\" is wrong";
    uint64_t seed = 0x0123456789abcdefu;
    for (unsigned i = 0; i < n; i++)
        buf[i] = (uint8_t)bench_rand(&seed);
    if (crc32_table(0, buf, n) != crc32_bitwise(0, buf, n))
        return "table and bitwise CRCs differ";

    uint64_t sum = 0;
    uint32_t crc = 0;
    for (unsigned pass = 0; pass < passes; pass++) {
        buf[pass % n] ^= (uint8_t)pass;  /* each pass sees different data */
        crc = crc32_table(crc, buf, n);
        sum = (sum << 7 | sum >> 57) ^ crc;
    }
    *checksum = sum;
    return NULL;
}
