#include "emulate.h"

bool hv_emulate_mmio(struct hv_vm *vm, uint64_t gpa, const struct hv_mmio_access *a)
{
    if (gpa < HV_VUART_BASE || gpa - HV_VUART_BASE >= HV_VUART_SIZE || a->width != 1)
        return false;
    unsigned offset = (unsigned)(gpa - HV_VUART_BASE);
    struct hv_vcpu *v = &vm->vcpu;
    if (a->store) {
        struct hv_console_sink sink = hv_vm_console(vm);
        hv_vuart_write(&vm->uart, offset, (uint8_t)(a->reg ? v->x[a->reg] : 0), &sink);
    } else {
        uint8_t value = hv_vuart_read(&vm->uart, offset);
        if (a->reg)
            v->x[a->reg] = a->sign ? (uint64_t)(int64_t)(int8_t)value : value;
    }
    v->pc += a->len;
    return true;
}
