/* malloc/free/realloc through newlib on the BSP's _sbrk: blocks keep their contents, freed
 * memory is reused, and asking for more than the heap holds fails cleanly with ENOMEM. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define NBLOCKS 64

extern char __heap_start[], __heap_end[];

int main(void)
{
    static unsigned char *blocks[NBLOCKS];
    for (int i = 0; i < NBLOCKS; i++) {
        size_t size = 16 + (size_t)i * 97;
        blocks[i] = malloc(size);
        CHECK(blocks[i] != NULL);
        CHECK((char *)blocks[i] >= __heap_start && (char *)blocks[i] + size <= __heap_end);
        memset(blocks[i], i, size);
    }
    for (int i = 0; i < NBLOCKS; i++)
        for (size_t k = 0; k < 16 + (size_t)i * 97; k++)
            CHECK(blocks[i][k] == (unsigned char)i);
    printf("heap: %d blocks allocated and verified\n", NBLOCKS);

    for (int i = 0; i < NBLOCKS; i += 2) {
        free(blocks[i]);
        blocks[i] = NULL;
    }
    unsigned char *grown = realloc(blocks[1], 100000);
    CHECK(grown != NULL);
    for (int k = 0; k < 16 + 97; k++)
        CHECK(grown[k] == 1);
    blocks[1] = grown;
    printf("heap: realloc kept the contents\n");

    /* More than the whole heap: _sbrk must refuse. */
    size_t heap_size = (size_t)(__heap_end - __heap_start);
    errno = 0;
    void *too_big = malloc(heap_size + 4096);
    CHECK(too_big == NULL);
    CHECK(errno == ENOMEM);
    printf("heap: oversized malloc failed with ENOMEM\n");

    /* Most of the heap in one piece still works after that failure. */
    void *big = malloc(heap_size / 2);
    CHECK(big != NULL);
    memset(big, 0x5a, heap_size / 2);
    free(big);
    for (int i = 1; i < NBLOCKS; i += 2)
        free(blocks[i]);
    printf("heap: done\n");
    return 0;
}
