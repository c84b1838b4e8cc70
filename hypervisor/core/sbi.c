#include "sbi.h"

#include "sbi/sbi_ids.h"

static const uint64_t implemented[] = {
    SBI_EXT_BASE, SBI_EXT_TIME, SBI_EXT_DBCN, SBI_EXT_SRST, SBI_EXT_HSM,
    SBI_EXT_LEGACY_CONSOLE_PUTCHAR, SBI_EXT_LEGACY_CONSOLE_GETCHAR,
};

static struct hv_sbi_result ok(long value)
{
    return (struct hv_sbi_result){SBI_SUCCESS, value, false, HV_SBI_DONE, 0};
}

static struct hv_sbi_result err(long error)
{
    return (struct hv_sbi_result){error, 0, false, HV_SBI_DONE, 0};
}

static struct hv_sbi_result base(const uint64_t a[8], const struct hv_sbi_platform *p)
{
    switch (a[6]) {
    case SBI_BASE_GET_SPEC_VERSION: return ok((long)SBI_SPEC_VERSION(2, 0));
    case SBI_BASE_GET_IMPL_ID: return ok(HV_SBI_IMPL_ID);
    case SBI_BASE_GET_IMPL_VERSION: return ok(HV_SBI_IMPL_VERSION);
    case SBI_BASE_PROBE_EXTENSION:
        for (unsigned i = 0; i < sizeof implemented / sizeof implemented[0]; i++)
            if (a[0] == implemented[i])
                return ok(1);
        return ok(0);
    case SBI_BASE_GET_MVENDORID: return ok(p->mvendorid);
    case SBI_BASE_GET_MARCHID: return ok(p->marchid);
    case SBI_BASE_GET_MIMPID: return ok(p->mimpid);
    default: return err(SBI_ERR_NOT_SUPPORTED);
    }
}

static struct hv_sbi_result dbcn(struct hv_vm *vm, const uint64_t a[8])
{
    struct hv_console_sink sink = hv_vm_console(vm);
    switch (a[6]) {
    case SBI_DBCN_CONSOLE_WRITE: {
        /* a0 = length, a1/a2 = guest-physical address (low/high). */
        if (a[0] == 0)
            return ok(0);
        const char *p = a[2] ? NULL : hv_vm_gpa_ptr(vm, a[1], a[0]);
        if (!p)
            return err(SBI_ERR_INVALID_PARAM);
        for (uint64_t i = 0; i < a[0]; i++)
            hv_vuart_putc(&vm->uart, p[i], &sink);
        return ok((long)a[0]);
    }
    case SBI_DBCN_CONSOLE_READ:
        if (a[0] && (a[2] || !hv_vm_gpa_ptr(vm, a[1], a[0])))
            return err(SBI_ERR_INVALID_PARAM);
        return ok(0);  /* guests get no console input */
    case SBI_DBCN_CONSOLE_WRITE_BYTE:
        hv_vuart_putc(&vm->uart, (char)a[0], &sink);
        return ok(0);
    default: return err(SBI_ERR_NOT_SUPPORTED);
    }
}

static struct hv_sbi_result srst(const uint64_t a[8])
{
    if (a[6] != SBI_SRST_SYSTEM_RESET)
        return err(SBI_ERR_NOT_SUPPORTED);
    uint64_t type = a[0] & 0xffffffffUL, reason = a[1] & 0xffffffffUL;
    if (type > SBI_SRST_TYPE_WARM_REBOOT)
        return err(SBI_ERR_INVALID_PARAM);
    long code;
    if (reason == SBI_SRST_REASON_NONE)
        code = 0;
    else if (reason == SBI_SRST_REASON_SYSFAIL)
        code = 1;
    else if (reason >= SBI_SRST_REASON_IMPL_FIRST && reason <= SBI_SRST_REASON_IMPL_LAST)
        code = (reason & 0xffff) ? (long)(reason & 0xffff) : 1;
    else
        return err(SBI_ERR_INVALID_PARAM);
    /* A reboot also just stops the guest: there is nothing to restart it from. */
    struct hv_sbi_result r = ok(0);
    r.action = HV_SBI_SHUTDOWN;
    r.arg = (uint64_t)code;
    return r;
}

static struct hv_sbi_result hsm(const uint64_t a[8])
{
    switch (a[6]) {
    case SBI_HSM_HART_GET_STATUS:
        return a[0] == 0 ? ok(SBI_HSM_STATE_STARTED) : err(SBI_ERR_INVALID_PARAM);
    default: return err(SBI_ERR_NOT_SUPPORTED);
    }
}

struct hv_sbi_result hv_sbi_dispatch(struct hv_vm *vm, const uint64_t a[8],
                                     const struct hv_sbi_platform *platform)
{
    vm->stats.sbi_calls++;
    struct hv_sbi_result r;
    switch (a[7]) {
    case SBI_EXT_BASE: return base(a, platform);
    case SBI_EXT_TIME:
        if (a[6] != SBI_TIME_SET_TIMER)
            return err(SBI_ERR_NOT_SUPPORTED);
        r = ok(0);
        r.action = HV_SBI_SET_TIMER;
        r.arg = a[0];
        return r;
    case SBI_EXT_DBCN: return dbcn(vm, a);
    case SBI_EXT_SRST: return srst(a);
    case SBI_EXT_HSM: return hsm(a);
    case SBI_EXT_LEGACY_CONSOLE_PUTCHAR: {
        struct hv_console_sink sink = hv_vm_console(vm);
        hv_vuart_putc(&vm->uart, (char)a[0], &sink);
        r = ok(0);
        r.legacy = true;
        return r;
    }
    case SBI_EXT_LEGACY_CONSOLE_GETCHAR:
        r = err(-1);  /* no input */
        r.legacy = true;
        return r;
    default:
        r = err(SBI_ERR_NOT_SUPPORTED);
        r.legacy = a[7] <= 0x0f;  /* legacy EIDs 0x00..0x0F */
        return r;
    }
}
