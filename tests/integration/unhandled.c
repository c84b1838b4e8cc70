/* A trap nobody handles: the BSP's default bsp_trap reports it and ends the run with
 * BSP_EXIT_UNHANDLED_TRAP (126). Here: a load from address 0, where nothing answers. */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    printf("unhandled: loading from address 0\n");
    uint32_t v = *(volatile uint32_t *)(uintptr_t)0;
    printf("unhandled: the load returned 0x%x instead of faulting\n", (unsigned)v);
    return 0;
}
