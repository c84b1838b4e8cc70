/* Kernel: string operations. Builds lines of words, then copies, measures, compares,
 * searches (naive substring search), reverses and hashes them; the C library's str and mem
 * functions and hand-written loops both run. */
#include <stddef.h>
#include <string.h>

#include "kernels.h"

#define LINE_MAX 120

static char text[KERNEL_STRINGS_MAX_LINES][LINE_MAX];
static char scratch[LINE_MAX];

static const char *const words[] = {
    "matryoshka", "hart", "trap", "vector", "page", "table", "guest", "host", "world",
    "switch", "interrupt", "timer", "uart", "plic", "clint", "fence", "atomic", "load",
    "store", "branch", "jump", "csr", "mret", "sret", "ecall", "walk", "tlb", "asid",
};
#define NWORDS (sizeof words / sizeof words[0])

static void build_text(unsigned lines, uint64_t *seed)
{
    for (unsigned i = 0; i < lines; i++) {
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

const char *kernel_strings(unsigned lines, unsigned rounds, uint64_t *checksum)
{
    if (lines == 0 || lines > KERNEL_STRINGS_MAX_LINES)
        return "bad line count";
    uint64_t seed = 0x5eed5eed5eed5eedu;
    uint64_t sum = 0;
    for (unsigned round = 0; round < rounds; round++) {
        build_text(lines, &seed);
        const char *needle = words[round % NWORDS];
        for (unsigned i = 0; i < lines; i++) {
            strcpy(scratch, text[i]);
            if (strcmp(scratch, text[i]) != 0)
                return "strcpy/strcmp mismatch";
            reverse(scratch);
            reverse(scratch);
            if (memcmp(scratch, text[i], strlen(text[i]) + 1) != 0)
                return "double reverse changed a line";
            reverse(scratch);
            const char *hit = strstr(text[i], needle);
            sum = sum * 131 + strlen(text[i]);
            sum ^= count_occurrences(text[i], needle) << 8;
            sum += hit ? (uint64_t)(hit - text[i]) : 0xffu;
            sum ^= fnv1a(scratch);
            sum += (uint64_t)(strchr(text[i], 'a') ? 1 : 0);
            sum += (uint64_t)(strcmp(text[i], text[(i + 1) % lines]) > 0);
        }
    }
    *checksum = sum;
    return NULL;
}
