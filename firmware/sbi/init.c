/* Boot-time configuration: probe the hart, set up PMP, delegation, counters and Sstc, and
 * prepare the mret into the payload (entry.S does the mret). */
#include "bsp/csr.h"
#include "bsp/uart.h"
#include "fw.h"

struct fw_platform fw_platform;

#define CSR_MENVCFG 0x30a
#define MENVCFG_STCE (1UL << 63)
#define MISA_H (1UL << ('H' - 'A'))

#define MSTATUS_SIE  (1UL << 1)
#define MSTATUS_SPIE (1UL << 5)
#define MSTATUS_SPP  (1UL << 8)
#define MSTATUS_MPP_S (1UL << 11)
#define MSTATUS_MPRV (1UL << 17)
#define MSTATUS_MPV  (1UL << 39)  /* H only; WPRI (writes of 0 are fine) without it */

/* Every exception a supervisor can handle itself, plus what a hypervisor needs (ecall from VS,
 * guest-page faults, virtual instruction). The H bits are WARL: they stick only with H. */
#define MEDELEG_BITS ((1UL << 0) | (1UL << 1) | (1UL << 2) | (1UL << 3) | (1UL << 4) | \
                      (1UL << 5) | (1UL << 6) | (1UL << 7) | (1UL << 8) | (1UL << 10) | \
                      (1UL << 12) | (1UL << 13) | (1UL << 15) | (1UL << 20) | (1UL << 21) | \
                      (1UL << 22) | (1UL << 23))
/* SSIP, STIP, SEIP. With H the VS bits (and SGEIP) are read-only one anyway. */
#define MIDELEG_BITS ((1UL << 1) | (1UL << 5) | (1UL << 9))

#define MCOUNTEREN_CY_TM_IR 0x7

#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_NAPOT 0x18

/* Entry 0: the firmware's 2 MiB, no permission for S/U (unlocked, so M is unaffected).
 * Entry 1: everything else, RWX (NAPOT with all address bits set covers the whole space).
 * The lowest-numbered matching entry wins, so entry 0 shadows entry 1. */
static void setup_pmp(void)
{
    csr_write(pmpaddr0, (FW_BASE >> 2) | ((FW_SIZE >> 3) - 1));
    csr_write(pmpaddr1, ~0UL);
    csr_write(pmpcfg0, (uint64_t)PMP_NAPOT | (uint64_t)(PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8);
    csr_write(pmpcfg2, 0);
    __asm__ volatile("sfence.vma" ::: "memory");
}

/* menvcfg.STCE is WARL: it reads back as 1 only if Sstc exists; and stimecmp must then be
 * accessible (QEMU 7.2 keeps STCE even with sstc=off: this catches it). */
static bool enable_sstc(void)
{
    csr_set(CSR_MENVCFG, MENVCFG_STCE);
    if ((csr_read(CSR_MENVCFG) & MENVCFG_STCE) && fw_stimecmp_accessible())
        return true;
    csr_clear(CSR_MENVCFG, MENVCFG_STCE);
    return false;
}

static void banner(void)
{
    const struct fw_platform *p = &fw_platform;
    fw_puts("matryoshka-sbi: SBI 2.0, payload at ");
    fw_put_hex(FW_PAYLOAD_BASE);
    fw_puts(p->has_h ? " in HS-mode" : " in S-mode");
    fw_puts(", Sstc ");
    fw_puts(p->has_sstc ? "on" : "off");
    fw_puts(", DRAM ");
    fw_put_dec((p->dram_end - FW_BASE) >> 20);
    fw_puts(" MiB\n");
}

uint64_t fw_init(uint64_t hartid, uint64_t dtb)
{
    struct fw_platform *p = &fw_platform;
    bsp_uart_init();
    p->hartid = hartid;
    p->dtb = dtb;
    p->dram_end = fw_fdt_dram_end(dtb);
    if (p->dram_end <= FW_PAYLOAD_BASE)
        p->dram_end = FW_BASE + FW_DRAM_DEFAULT_SIZE;
    p->has_h = (csr_read(misa) & MISA_H) != 0;

    setup_pmp();
    csr_write(medeleg, MEDELEG_BITS);
    csr_write(mideleg, MIDELEG_BITS);
    csr_write(mie, 0);
    p->has_sstc = enable_sstc();
    csr_write(mcounteren, MCOUNTEREN_CY_TM_IR);
    csr_write(satp, 0);
    banner();

    csr_clear(mstatus, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MPRV | MSTATUS_MPV | MSTATUS_SIE |
                       MSTATUS_SPIE | MSTATUS_SPP);
    csr_set(mstatus, MSTATUS_MPP_S);
    return FW_PAYLOAD_BASE;
}
