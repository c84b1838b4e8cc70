#include "vswalk.h"

#include "gstage.h"

uint64_t hv_vs_translate(const struct hv_vm *vm, uint64_t vsatp, uint64_t va, bool exec)
{
    uint64_t mode = vsatp >> 60;
    if (mode == 0)
        return va;
    if (mode != 8)
        return UINT64_MAX;
    /* Sv39: bits 63:39 must equal bit 38. */
    if ((uint64_t)((int64_t)(va << 25) >> 25) != va)
        return UINT64_MAX;
    uint64_t table = (vsatp & ((1UL << 44) - 1)) << 12;
    for (int level = 2; level >= 0; level--) {
        uint64_t index = (va >> (12 + 9 * level)) & 0x1ff;
        const uint64_t *pte_ptr = hv_vm_gpa_ptr(vm, table + index * 8, 8);
        if (!pte_ptr)
            return UINT64_MAX;
        uint64_t pte = *pte_ptr;
        if (!(pte & HV_PTE_V) || (!(pte & HV_PTE_R) && (pte & HV_PTE_W)))
            return UINT64_MAX;
        uint64_t pa = ((pte >> 10) & ((1UL << 44) - 1)) << 12;
        if (pte & (HV_PTE_R | HV_PTE_X)) {
            if (exec && !(pte & HV_PTE_X))
                return UINT64_MAX;
            uint64_t span = 1UL << (12 + 9 * level);
            if (pa & (span - 1))
                return UINT64_MAX;  /* misaligned superpage */
            return pa + (va & (span - 1));
        }
        table = pa;
    }
    return UINT64_MAX;
}
