#include "vm.h"

#include "print.h"

void *hv_vm_gpa_ptr(const struct hv_vm *vm, uint64_t gpa, uint64_t len)
{
    if (gpa < HV_GUEST_RAM_BASE || len > vm->mem_size ||
        gpa - HV_GUEST_RAM_BASE > vm->mem_size - len)
        return NULL;
    return (void *)(uintptr_t)(vm->host_base + (gpa - HV_GUEST_RAM_BASE));
}

static void console_line(void *ctx, const char *text, size_t len)
{
    const struct hv_vm *vm = ctx;
    (void)len;
    hv_printf("[%s] %s\n", vm->name, text);
}

static void console_quota(void *ctx, uint64_t quota)
{
    const struct hv_vm *vm = ctx;
    hv_printf("hv: %s: used up its console quota (%lu bytes); its output is dropped\n",
              vm->name, (unsigned long)quota);
}

struct hv_console_sink hv_vm_console(struct hv_vm *vm)
{
    return (struct hv_console_sink){console_line, console_quota, vm};
}
