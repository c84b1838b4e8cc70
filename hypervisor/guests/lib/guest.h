/* The S-mode payload runtime (docs/guests.md): start-up, console, printf, traps, exit.
 * A payload defines guest_main; start.S calls it with a0 = hartid and a1 = DTB and exits
 * with its return value. */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "sbi.h"

int guest_main(unsigned long hartid, unsigned long dtb);

/* ---- console: the NS16550A UART at 0x1000_0000 (a virtual one under the hypervisor) ---- */
#define GUEST_UART_BASE 0x10000000UL
void guest_putchar(char c);
void guest_puts(const char *s);   /* no newline added */
/* %d %i %u %x %X %p %c %s %%, with l/ll/z, a width, and the 0 and - flags. Needs
 * -fno-builtin-printf (gcc would otherwise turn some calls into puts/putchar). */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

/* ---- exit through SBI SRST: 0 = pass; n = failure with exit code n where supported ---- */
void guest_exit(int code) __attribute__((noreturn));

/* ---- traps ---- */
struct guest_trap_frame {
    uint64_t x[32];     /* x[2] is the interrupted sp */
    uint64_t sepc;
    uint64_t sstatus;
    uint64_t scause;
    uint64_t stval;
};
typedef void (*guest_trap_handler_t)(struct guest_trap_frame *f);

#define SCAUSE_INTERRUPT (1UL << 63)
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9
#define EXC_INSN_MISALIGNED   0
#define EXC_INSN_ACCESS       1
#define EXC_ILLEGAL_INSN      2
#define EXC_BREAKPOINT        3
#define EXC_LOAD_MISALIGNED   4
#define EXC_LOAD_ACCESS       5
#define EXC_STORE_MISALIGNED  6
#define EXC_STORE_ACCESS      7
#define EXC_ECALL_U           8
#define EXC_INSN_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15
#define GUEST_NUM_IRQS       16
#define GUEST_NUM_EXCEPTIONS 16

/* Register a handler (NULL = none); each returns the previous one. A trap without a handler
 * prints a report and exits with GUEST_EXIT_UNHANDLED_TRAP. An exception handler that skips
 * the instruction must advance f->sepc itself. */
guest_trap_handler_t guest_set_irq_handler(unsigned irq, guest_trap_handler_t fn);
guest_trap_handler_t guest_set_exception_handler(unsigned cause, guest_trap_handler_t fn);
#define GUEST_EXIT_UNHANDLED_TRAP 126

/* ---- U-mode tasks ---- */
struct guest_user_ctx {
    uint64_t ra, sp, s[12];
};
/* Runs entry in U-mode on stack usp (both virtual, in the current address space) until a
 * trap handler calls guest_user_return(ctx, value); returns that value. */
long guest_user_run(struct guest_user_ctx *ctx, uintptr_t entry, uintptr_t usp);
void guest_user_return(struct guest_user_ctx *ctx, long value) __attribute__((noreturn));

/* ---- CSRs ---- */
#define GUEST_STR_(x) #x
#define GUEST_STR(x) GUEST_STR_(x)
#define csr_read(csr) ({ uint64_t v_; __asm__ volatile("csrr %0, " GUEST_STR(csr) : "=r"(v_)); v_; })
#define csr_write(csr, val) __asm__ volatile("csrw " GUEST_STR(csr) ", %0" :: "rK"((uint64_t)(val)) : "memory")
#define csr_set(csr, bits) __asm__ volatile("csrs " GUEST_STR(csr) ", %0" :: "rK"((uint64_t)(bits)) : "memory")
#define csr_clear(csr, bits) __asm__ volatile("csrc " GUEST_STR(csr) ", %0" :: "rK"((uint64_t)(bits)) : "memory")

#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)
#define SSTATUS_SUM  (1UL << 18)
#define SIE_STIE     (1UL << IRQ_S_TIMER)

static inline uint64_t guest_time(void) { return csr_read(time); }
static inline uint64_t guest_cycles(void) { return csr_read(cycle); }
#define GUEST_TIMEBASE_HZ 10000000UL  /* the time CSR's rate (the SoC's mtime) */

/* Linker-script symbols. */
extern char __guest_start[], __guest_end[];

#endif
