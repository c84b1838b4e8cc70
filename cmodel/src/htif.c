/*
 * HTIF, the host-target interface of Spike-style bare-metal programs (riscv-tests, riscv-pk
 * console). The ELF's `tohost` doubleword is watched: every store that leaves it nonzero is
 * a command, acted on at once, after which tohost is cleared. Commands (value v):
 *  - v & 1:                 exit with code v >> 1 (1 = pass);
 *  - device 1, command 1:   putchar (v & 0xFF) to the console; fromhost = the usual reply;
 *  - device 0, command 0:   v is the address of a magic-memory syscall block
 *                           {which, arg0, arg1, arg2} of doublewords. SYS_write (64) to fd 1
 *                           or 2 prints, SYS_exit (93) exits with arg0; the result goes into
 *                           block[0] and fromhost = 1.
 * The device is in bits 63:56, the command in bits 55:48. Stores of 32 bits that leave the
 * doubleword nonzero act too: write the upper half first if the value needs both halves.
 */
#include <string.h>

#include "soc.h"

#define SYS_WRITE 64
#define SYS_EXIT 93
#define HTIF_ENOSYS ((uint64_t)-38)

static uint64_t read64(mk_soc_t *soc, uint64_t paddr, bool *ok)
{
    uint64_t v = 0;
    *ok = mk_soc_phys_read(soc, paddr, &v, 8) == 0;
    return v;
}

static void write64(mk_soc_t *soc, uint64_t paddr, uint64_t v)
{
    if (paddr)
        mk_soc_phys_write(soc, paddr, &v, 8);
}

static void finish(mk_soc_t *soc, uint64_t code)
{
    soc->exited = true;
    soc->exit_code = (int)code;
    soc->hart.irq_recheck = true;
}

static FILE *console(mk_soc_t *soc)
{
    return soc->cfg.uart_out ? soc->cfg.uart_out : stdout;
}

/* The syscall block at addr; returns its result. */
static uint64_t syscall_block(mk_soc_t *soc, uint64_t addr)
{
    uint64_t a[4];
    if (mk_soc_phys_read(soc, addr, a, sizeof a) != 0)
        return HTIF_ENOSYS;
    if (a[0] == SYS_EXIT) {
        finish(soc, a[1]);
        return 0;
    }
    if (a[0] != SYS_WRITE || (a[1] != 1 && a[1] != 2))
        return HTIF_ENOSYS;
    uint8_t *buf = mk_soc_dram_ptr(soc, a[2]);
    if (a[3] && (!buf || !mk_soc_dram_ptr(soc, a[2] + a[3] - 1) || a[2] + a[3] < a[2]))
        return (uint64_t)-14;   /* EFAULT */
    FILE *out = console(soc);
    if (a[3]) {
        fwrite(buf, 1, a[3], out);
        fflush(out);
    }
    return a[3];
}

void mk_htif_tohost_written(mk_soc_t *soc)
{
    bool ok;
    uint64_t v = read64(soc, soc->tohost, &ok);
    if (!ok || v == 0)
        return;
    write64(soc, soc->tohost, 0);
    unsigned device = (unsigned)(v >> 56), cmd = (unsigned)(v >> 48) & 0xFFu;
    uint64_t payload = v & 0xFFFFFFFFFFFFull;
    if (device == 0 && cmd == 0 && (payload & 1)) {
        finish(soc, payload >> 1);
    } else if (device == 0 && cmd == 0) {
        uint64_t result = syscall_block(soc, payload);
        write64(soc, payload, result);
        write64(soc, soc->fromhost, 1);
    } else if (device == 1 && cmd == 1) {
        FILE *out = console(soc);
        fputc((int)(payload & 0xFF), out);
        if ((payload & 0xFF) == '\n')
            fflush(out);
        write64(soc, soc->fromhost, (v & 0xFFFF000000000000ull) | 0x100 | (payload & 0xFF));
    }
    /* Other devices and commands are ignored. */
}
