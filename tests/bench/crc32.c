/* Benchmark: CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), table-driven over a
 * buffer, many passes; the bitwise form checks the table form on the first pass. */
#include "bench.h"

#define BUF_SIZE 65536
#define PASSES 200
#define EXPECTED 0xd46d699f52eaf28eu

static uint8_t buf[BUF_SIZE];
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

int main(void)
{
    static const uint8_t check_string[] = "123456789";
    make_table();
    if (crc32_table(0, check_string, 9) != 0xCBF43926u) {
        printf("crc32: table CRC of \"123456789\" is wrong\n");
        return 2;
    }
    uint64_t seed = 0x0123456789abcdefu;
    for (long i = 0; i < BUF_SIZE; i++)
        buf[i] = (uint8_t)bench_rand(&seed);
    if (crc32_table(0, buf, BUF_SIZE) != crc32_bitwise(0, buf, BUF_SIZE)) {
        printf("crc32: table and bitwise CRCs differ\n");
        return 2;
    }

    uint64_t checksum = 0;
    uint32_t crc = 0;
    for (int pass = 0; pass < PASSES; pass++) {
        buf[pass % BUF_SIZE] ^= (uint8_t)pass;  /* each pass sees different data */
        crc = crc32_table(crc, buf, BUF_SIZE);
        checksum = (checksum << 7 | checksum >> 57) ^ crc;
    }
    return bench_finish("crc32", checksum, EXPECTED);
}
