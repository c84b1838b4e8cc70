/* Benchmark: string operations. Builds lines of words, then copies, measures, compares,
 * searches (naive substring search), reverses and hashes them; newlib's str and mem
 * functions and hand-written loops both run. */
#include <string.h>

#include "bench.h"

#define LINES 512
#define LINE_MAX 120
#define ROUNDS 40
#define EXPECTED 0xabbf9cfacad9e2e2u

static char text[LINES][LINE_MAX];
static char scratch[LINE_MAX];

static const char *const words[] = {
    "matryoshka", "hart", "trap", "vector", "page", "table", "guest", "host", "world",
    "switch", "interrupt", "timer", "uart", "plic", "clint", "fence", "atomic", "load",
    "store", "branch", "jump", "csr", "mret", "sret", "ecall", "walk", "tlb", "asid",
};
#define NWORDS (sizeof words / sizeof words[0])

static void build_text(uint64_t *seed)
{
    for (int i = 0; i < LINES; i++) {
        char *line = text[i];
        line[0] = '\0';
        size_t len = 0;
        for (;;) {
            const char *w = words[bench_rand(seed) % NWORDS];
            size_t wl = strlen(w);
            if (len + wl + 2 >= LINE_MAX)
                break;
            if (len)
                line[len++] = ' ';
            memcpy(line + len, w, wl + 1);
            len += wl;
        }
    }
}

static size_t count_occurrences(const char *hay, const char *needle)
{
    size_t n = 0, nl = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t k = 0;
        while (k < nl && p[k] == needle[k])
            k++;
        if (k == nl)
            n++;
    }
    return n;
}

static void reverse(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
        char t = s[i];
        s[i] = s[j];
        s[j] = t;
    }
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    while (*s)
        h = (h ^ (uint8_t)*s++) * 0x100000001b3u;
    return h;
}

int main(void)
{
    uint64_t seed = 0x5eed5eed5eed5eedu;
    uint64_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        build_text(&seed);
        const char *needle = words[round % NWORDS];
        for (int i = 0; i < LINES; i++) {
            strcpy(scratch, text[i]);
            if (strcmp(scratch, text[i]) != 0) {
                printf("strings: strcpy/strcmp mismatch\n");
                return 2;
            }
            reverse(scratch);
            reverse(scratch);
            if (memcmp(scratch, text[i], strlen(text[i]) + 1) != 0) {
                printf("strings: double reverse changed line %d\n", i);
                return 2;
            }
            reverse(scratch);
            const char *hit = strstr(text[i], needle);
            checksum = checksum * 131 + strlen(text[i]);
            checksum ^= count_occurrences(text[i], needle) << 8;
            checksum += hit ? (uint64_t)(hit - text[i]) : 0xffu;
            checksum ^= fnv1a(scratch);
            checksum += (uint64_t)(strchr(text[i], 'a') ? 1 : 0);
            checksum += (uint64_t)(strcmp(text[i], text[(i + 1) % LINES]) > 0);
        }
    }
    return bench_finish("strings", checksum, EXPECTED);
}
