/* A tiny self-check helper for the integration programs: prints what failed and exits with
 * the line number (so the exit code points at the check). */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("CHECK failed at line %d: %s\n", __LINE__, #cond);      \
            exit(__LINE__ & 0xff ? __LINE__ & 0xff : 1);                   \
        }                                                                  \
    } while (0)

#endif
