/* Exception handlers through the BSP API: ecall, ebreak and an illegal instruction each reach
 * their handler with the right mcause and mepc, the handler skips the instruction by
 * advancing mepc, and registers written in the frame come back to the program. */
#include <stdint.h>

#include "bsp/bsp.h"
#include "check.h"

#define CAUSE_ILLEGAL_INSN 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_ECALL_M 11

static volatile int seen[BSP_MAX_EXCEPTION];
static volatile uint64_t seen_mepc[BSP_MAX_EXCEPTION];

/* Length of the instruction at pc: 2 if compressed. */
static unsigned insn_length(uint64_t pc)
{
    return (*(volatile uint16_t *)(uintptr_t)pc & 3) == 3 ? 4 : 2;
}

static void skip(struct bsp_trap_frame *f)
{
    CHECK((f->mcause & MCAUSE_INTERRUPT) == 0);
    CHECK(f->mcause < BSP_MAX_EXCEPTION);
    seen[f->mcause]++;
    seen_mepc[f->mcause] = f->mepc;
    if (f->mcause == CAUSE_ECALL_M)
        f->x[10] = f->x[10] * 2 + 1;  /* a0: the "system call" result */
    f->mepc += insn_length(f->mepc);
}

int main(void)
{
    bsp_set_exception_handler(CAUSE_ILLEGAL_INSN, skip);
    bsp_set_exception_handler(CAUSE_BREAKPOINT, skip);
    bsp_set_exception_handler(CAUSE_ECALL_M, skip);

    register uint64_t a0 __asm__("a0") = 20;
    uint64_t ecall_pc;
    __asm__ volatile("1: auipc %1, 0\n ecall" : "+r"(a0), "=&r"(ecall_pc) :: "memory");
    CHECK(a0 == 41);
    CHECK(seen[CAUSE_ECALL_M] == 1);
    CHECK(seen_mepc[CAUSE_ECALL_M] == ecall_pc + 4);
    printf("traps: ecall returned %lu\n", (unsigned long)a0);

    __asm__ volatile(".option push\n .option norvc\n ebreak\n .option pop" ::: "memory");
    __asm__ volatile(".option push\n .option rvc\n c.ebreak\n .option pop" ::: "memory");
    CHECK(seen[CAUSE_BREAKPOINT] == 2);
    printf("traps: ebreak and c.ebreak skipped\n");

    __asm__ volatile(".4byte 0x00000000" ::: "memory");  /* two illegal 16-bit zero parcels */
    __asm__ volatile(".4byte 0xc0001073" ::: "memory");  /* unimp: csrw cycle, x0 */
    CHECK(seen[CAUSE_ILLEGAL_INSN] == 3);
    printf("traps: illegal instructions skipped\n");
    return 0;
}
