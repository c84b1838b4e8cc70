/* SBI dispatch: Base, TIME, DBCN, SRST, HSM (get_status) and the legacy console. Every other
 * extension or function answers SBI_ERR_NOT_SUPPORTED. */
#include "bsp/csr.h"
#include "bsp/uart.h"
#include "fw.h"
#include "sbi/sbi_ids.h"

enum { REG_A0 = 10, REG_A1, REG_A2, REG_A3, REG_A4, REG_A5, REG_A6, REG_A7 };

struct sbiret {
    long error;
    long value;
};

static struct sbiret ok(long value) { return (struct sbiret){SBI_SUCCESS, value}; }
static struct sbiret err(long error) { return (struct sbiret){error, 0}; }

static bool extension_present(unsigned long eid)
{
    switch (eid) {
    case SBI_EXT_LEGACY_CONSOLE_PUTCHAR:
    case SBI_EXT_LEGACY_CONSOLE_GETCHAR:
    case SBI_EXT_BASE:
    case SBI_EXT_TIME:
    case SBI_EXT_HSM:
    case SBI_EXT_SRST:
    case SBI_EXT_DBCN:
        return true;
    default:
        return false;
    }
}

static struct sbiret base_call(unsigned long fid, unsigned long arg0)
{
    switch (fid) {
    case SBI_BASE_GET_SPEC_VERSION: return ok((long)SBI_SPEC_VERSION(2, 0));
    case SBI_BASE_GET_IMPL_ID:      return ok(FW_IMPL_ID);
    case SBI_BASE_GET_IMPL_VERSION: return ok((long)FW_IMPL_VERSION);
    case SBI_BASE_PROBE_EXTENSION:  return ok(extension_present(arg0));
    case SBI_BASE_GET_MVENDORID:    return ok((long)csr_read(mvendorid));
    case SBI_BASE_GET_MARCHID:      return ok((long)csr_read(marchid));
    case SBI_BASE_GET_MIMPID:       return ok((long)csr_read(mimpid));
    default:                        return err(SBI_ERR_NOT_SUPPORTED);
    }
}

/* A supervisor may name [base, base + len) if it lies in DRAM above the firmware: the only
 * memory the firmware hands over (PMP keeps S out of the firmware's own 2 MiB). */
static bool supervisor_range_ok(unsigned long len, unsigned long lo, unsigned long hi)
{
    if (hi != 0 || lo < FW_PAYLOAD_BASE || lo >= fw_platform.dram_end)
        return false;
    return len <= fw_platform.dram_end - lo;
}

static struct sbiret dbcn_call(unsigned long fid, unsigned long a0, unsigned long a1,
                               unsigned long a2)
{
    switch (fid) {
    case SBI_DBCN_CONSOLE_WRITE: {
        if (!supervisor_range_ok(a0, a1, a2))
            return err(SBI_ERR_INVALID_PARAM);
        const volatile char *p = (const volatile char *)a1;
        for (unsigned long i = 0; i < a0; i++)
            bsp_uart_putc(p[i]);
        return ok((long)a0);
    }
    case SBI_DBCN_CONSOLE_READ: {
        if (!supervisor_range_ok(a0, a1, a2))
            return err(SBI_ERR_INVALID_PARAM);
        volatile char *p = (volatile char *)a1;
        unsigned long n = 0;
        int c;
        while (n < a0 && (c = bsp_uart_try_getc()) >= 0)
            p[n++] = (char)c;
        return ok((long)n);
    }
    case SBI_DBCN_CONSOLE_WRITE_BYTE:
        bsp_uart_putc((char)(a0 & 0xff));
        return ok(0);
    default:
        return err(SBI_ERR_NOT_SUPPORTED);
    }
}

/* Shutdown ends the run through the finisher: reason "none" passes, "system failure" exits
 * with code 1, implementation-specific reason 0xE000_0000 | n exits with code n. Reboots
 * reset the system (finisher 0x7777). */
static struct sbiret srst_call(unsigned long fid, unsigned long type, unsigned long reason)
{
    if (fid != SBI_SRST_SYSTEM_RESET)
        return err(SBI_ERR_NOT_SUPPORTED);
    if (type > SBI_SRST_TYPE_WARM_REBOOT)
        return err(SBI_ERR_INVALID_PARAM);
    unsigned code;
    if (reason == SBI_SRST_REASON_NONE)
        code = 0;
    else if (reason == SBI_SRST_REASON_SYSFAIL)
        code = 1;
    else if (reason >= SBI_SRST_REASON_IMPL_FIRST && reason <= SBI_SRST_REASON_IMPL_LAST)
        code = (reason & 0xffff) ? (reason & 0xffff) : 1;
    else
        return err(SBI_ERR_INVALID_PARAM);
    if (type == SBI_SRST_TYPE_SHUTDOWN)
        fw_finish(code);
    else
        fw_reboot();
    /* The finisher acts at once on every simulator; give it a moment, then admit failure. */
    for (int i = 0; i < 1000; i++)
        __asm__ volatile("nop");
    return err(SBI_ERR_FAILED);
}

/* One hart, always started. */
static struct sbiret hsm_call(unsigned long fid, unsigned long hartid)
{
    switch (fid) {
    case SBI_HSM_HART_GET_STATUS:
        return hartid == fw_platform.hartid ? ok(SBI_HSM_STATE_STARTED)
                                            : err(SBI_ERR_INVALID_PARAM);
    case SBI_HSM_HART_START:
        return err(hartid == fw_platform.hartid ? SBI_ERR_ALREADY_AVAILABLE
                                                : SBI_ERR_INVALID_PARAM);
    default:
        return err(SBI_ERR_NOT_SUPPORTED);
    }
}

void fw_sbi_ecall(struct fw_trap_frame *f)
{
    unsigned long eid = f->x[REG_A7], fid = f->x[REG_A6];
    unsigned long a0 = f->x[REG_A0], a1 = f->x[REG_A1], a2 = f->x[REG_A2];
    struct sbiret r;

    switch (eid) {
    /* Legacy calls return one value in a0 and leave a1 alone. */
    case SBI_EXT_LEGACY_CONSOLE_PUTCHAR:
        bsp_uart_putc((char)(a0 & 0xff));
        f->x[REG_A0] = 0;
        return;
    case SBI_EXT_LEGACY_CONSOLE_GETCHAR:
        f->x[REG_A0] = (uint64_t)(long)bsp_uart_try_getc();
        return;
    case SBI_EXT_BASE: r = base_call(fid, a0); break;
    case SBI_EXT_TIME:
        if (fid == SBI_TIME_SET_TIMER) {
            fw_set_timer(a0);
            r = ok(0);
        } else {
            r = err(SBI_ERR_NOT_SUPPORTED);
        }
        break;
    case SBI_EXT_DBCN: r = dbcn_call(fid, a0, a1, a2); break;
    case SBI_EXT_SRST: r = srst_call(fid, a0, a1); break;
    case SBI_EXT_HSM:  r = hsm_call(fid, a0); break;
    default:
        r = err(SBI_ERR_NOT_SUPPORTED);
        break;
    }
    f->x[REG_A0] = (uint64_t)r.error;
    f->x[REG_A1] = (uint64_t)r.value;
}
