/*
 * The cycle-accurate timing mode (cmodel/src/timing.c) against retirement cycles derived BY HAND
 * from docs/timing.md "Cycle-accurate mode". Each test places a tiny program at 0x8000_0000,
 * restarts the fetch unit there at cycle 0 and checks the WB cycle of every record.
 *
 * Notation of the derivations: for each instruction H = hand-over cycle (IF -> ID), then
 * D (ID), E (EX), M (first MEM cycle), W (WB, the record's cycle); "dwN req a resp b" is an
 * instruction-port request of the doubleword at offset N in cycle a, answered in b and usable
 * from b + 1 (rule F, no bypass). A hand-over needs an advance cycle and a free ID.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mem.h"
#include "pmp.h"
#include "soc.h"
#include "timing.h"
#include "timing_impl.h"
#include "timing_memo.h"

#define BASE MK_DRAM_BASE

/* Encodings. */
#define ADDI(rd, rs1, imm) (((uint32_t)(imm) & 0xFFFu) << 20 | (rs1) << 15 | (rd) << 7 | 0x13u)
#define ADD(rd, rs1, rs2) ((rs2) << 20 | (rs1) << 15 | (rd) << 7 | 0x33u)
#define MUL(rd, rs1, rs2) (1u << 25 | (rs2) << 20 | (rs1) << 15 | (rd) << 7 | 0x33u)
#define DIVW(rd, rs1, rs2) (1u << 25 | (rs2) << 20 | (rs1) << 15 | 4u << 12 | (rd) << 7 | 0x3Bu)
#define LD(rd, rs1, imm) (((uint32_t)(imm) & 0xFFFu) << 20 | (rs1) << 15 | 3u << 12 | (rd) << 7 | 0x03u)
#define AUIPC(rd) ((rd) << 7 | 0x17u)
#define LUI(rd, imm20) ((uint32_t)(imm20) << 12 | (rd) << 7 | 0x37u)
#define CSRR(rd, csr) ((uint32_t)(csr) << 20 | 2u << 12 | (rd) << 7 | 0x73u)
#define NOP ADDI(0, 0, 0)
#define ECALL 0x00000073u
#define MRET 0x30200073u
#define WFI 0x10500073u
#define C_ADDI_X1_1 0x0085u     /* c.addi x1, 1 */

/* B-type and J-type offsets. */
static uint32_t btype(uint32_t funct3, unsigned rs1, unsigned rs2, int32_t off)
{
    uint32_t o = (uint32_t)off;
    return ((o >> 12) & 1u) << 31 | ((o >> 5) & 0x3Fu) << 25 | rs2 << 20 | rs1 << 15 |
           funct3 << 12 | ((o >> 1) & 0xFu) << 8 | ((o >> 11) & 1u) << 7 | 0x63u;
}

static uint32_t jal(unsigned rd, int32_t off)
{
    uint32_t o = (uint32_t)off;
    return ((o >> 20) & 1u) << 31 | ((o >> 1) & 0x3FFu) << 21 | ((o >> 11) & 1u) << 20 |
           ((o >> 12) & 0xFFu) << 12 | rd << 7 | 0x6Fu;
}

static mk_soc_t *soc_with_latency(unsigned latency)
{
    mk_config_t cfg;
    char err[256];
    mk_config_default(&cfg);
    cfg.timing = true;
    cfg.mem_latency = latency;
    mk_soc_t *soc = mk_soc_new(&cfg, err, sizeof err);
    assert_non_null(soc);
    return soc;
}

/* Puts 32-bit words at BASE + off. */
static void put32(mk_soc_t *soc, uint64_t off, const uint32_t *w, size_t n)
{
    assert_int_equal(mk_soc_phys_write(soc, BASE + off, w, n * 4), 0);
}

static void put16(mk_soc_t *soc, uint64_t off, const uint16_t *w, size_t n)
{
    assert_int_equal(mk_soc_phys_write(soc, BASE + off, w, n * 2), 0);
}

/* The pipeline restarts at BASE in cycle 0 (as after reset at the boot ROM). */
static void start(mk_soc_t *soc)
{
    soc->hart.pc = BASE;
    soc->hart.cycle = 0;
    mk_timing_reset(&soc->hart);
}

/* Steps n records and checks their cycles (and that they are of the given events). */
static void expect_cycles(mk_soc_t *soc, const uint64_t *cycles, size_t n, mk_retire_t *out)
{
    for (size_t i = 0; i < n; i++) {
        mk_retire_t r;
        assert_int_equal(mk_soc_step(soc, &r), MK_RUN_OK);
        if (r.cycle != cycles[i])
            print_error("record %zu (pc 0x%llx): cycle %llu, expected %llu\n", i,
                        (unsigned long long)r.pc, (unsigned long long)r.cycle,
                        (unsigned long long)cycles[i]);
        assert_int_equal(r.cycle, cycles[i]);
        if (out)
            out[i] = r;
    }
}

/*
 * Straight-line 4-byte ALU code, L = 1.
 * dw0 req 0 resp 1; i0 H2 D3 E4 M5 W6. dw8 req 2 (after dw0's response) resp 3.
 * i1 (@4) H3 (ID is freed as i0 leaves it) W7, ends dw0: q1 -> q0 at the end of 3; dw16 req 4.
 * Each instruction is handed over one cycle after the previous one: W = 6 + i.
 */
static void test_straight_line_l1(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    uint32_t p[10];
    for (int i = 0; i < 10; i++)
        p[i] = ADDI(1, 1, 1);
    put32(soc, 0, p, 10);
    start(soc);
    static const uint64_t w[] = { 6, 7, 8, 9, 10, 11, 12, 13 };
    expect_cycles(soc, w, 8, NULL);
    assert_int_equal(soc->hart.x[1], 8);
    assert_int_equal(mk_soc_stats(soc)->instret, 8);
    mk_soc_free(soc);
}

/*
 * The same with L = 3: a doubleword costs 4 cycles from request to use and holds two
 * instructions, so two instructions retire per 4 cycles.
 * dw0 req 0 resp 3; i0 H4 W8. dw8 req 4 resp 7. i1 H5 W9 (ends dw0 at 5: q1 free from 6).
 * i2 (@8) waits for dw8: H8 W12; dw16 req 8 (after dw8's response) resp 11. i3 H9 W13.
 * i4 (@16) H12 W16, i5 H13 W17.
 */
static void test_straight_line_l3(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(3);
    uint32_t p[8];
    for (int i = 0; i < 8; i++)
        p[i] = ADDI(1, 1, 1);
    put32(soc, 0, p, 8);
    start(soc);
    static const uint64_t w[] = { 8, 9, 12, 13, 16, 17 };
    expect_cycles(soc, w, 6, NULL);
    assert_int_equal(mk_soc_stats(soc)->stalls[MK_STALL_FETCH], 7 + 2 + 2);
    mk_soc_free(soc);
}

/*
 * Compressed instructions and a 32-bit one at offset 6 that crosses into dw8, L = 3.
 * dw0 req 0 resp 3, dw8 req 4 resp 7.
 * c0 @0 H4 W8, c1 @2 H5 W9, c2 @4 H6 W10.
 * addi @6 needs q0 and q1: usable from 8: H8 W12; it ends in dw8, so dw0 leaves at the end of
 * 8 with q1 valid: the next request (dw16) goes out in 9, resp 12.
 * c4 @0xa H9 W13, c5 @0xc H10 W14, c6 @0xe H11 W15 (ends dw8). c7 @0x10: dw16 usable from 13:
 * H13 W17.
 */
static void test_compressed_and_crossing(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(3);
    static const uint16_t p[] = {
        C_ADDI_X1_1, C_ADDI_X1_1, C_ADDI_X1_1,
        (uint16_t)ADDI(1, 1, 1), (uint16_t)(ADDI(1, 1, 1) >> 16),
        C_ADDI_X1_1, C_ADDI_X1_1, C_ADDI_X1_1, C_ADDI_X1_1, C_ADDI_X1_1,
    };
    put16(soc, 0, p, sizeof p / sizeof p[0]);
    start(soc);
    static const uint64_t w[] = { 8, 9, 10, 12, 13, 14, 15, 17 };
    mk_retire_t r[8];
    expect_cycles(soc, w, 8, r);
    assert_int_equal(r[3].pc, BASE + 6);
    assert_int_equal(r[3].insn_len, 4);
    assert_int_equal(soc->hart.x[1], 8);
    mk_soc_free(soc);
}

/*
 * Load-use, L = 1: auipc x3; ld x2, 64(x3); add x4, x2, x2; addi x5, x0, 1.
 * auipc H2 D3 E4 M5 W6. ld H3 D4 E5 M6: request in 6, response in 7 (cycle 6 is a freeze),
 * leaves MEM in 7, W8. add: H4 D5; in 5 the ld is in EX and add reads its rd: one bubble; in 6
 * everything is frozen; add leaves ID in 7, E8 M9 W10. addi: H7 (ID frees in 7) D8 E9 M10 W11.
 */
static void test_load_use_l1(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = { AUIPC(3), LD(2, 3, 64), ADD(4, 2, 2), ADDI(5, 0, 1) };
    put32(soc, 0, p, 4);
    uint64_t data = 21;
    assert_int_equal(mk_soc_phys_write(soc, BASE + 64, &data, 8), 0);
    start(soc);
    static const uint64_t w[] = { 6, 8, 10, 11 };
    expect_cycles(soc, w, 4, NULL);
    assert_int_equal(soc->hart.x[4], 42);
    const mk_stats_t *s = mk_soc_stats(soc);
    assert_int_equal(s->stalls[MK_STALL_DATA], 1);
    assert_int_equal(s->stalls[MK_STALL_LOAD_USE], 1);
    mk_soc_free(soc);
}

/*
 * A DRAM load and an independent instruction, L = 3.
 * dw0 req 0 resp 3. auipc H4 D5 E6 M7 W8. dw8 req 4 resp 7.
 * ld H5 (ends dw0: q1 free from 6) D6 E7 M8: request 8, response 11 (freeze 8..10), W12.
 * add @8: dw8 usable from 8, but 8..10 are freeze cycles: H11 D12 E13 M14 W15.
 * dw16 req 8 (requests go on in freeze cycles) resp 11. addi @0xc H12 W16.
 */
static void test_load_dram_l3(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(3);
    const uint32_t p[] = { AUIPC(3), LD(2, 3, 64), ADD(4, 5, 5), ADDI(5, 0, 1) };
    put32(soc, 0, p, 4);
    start(soc);
    static const uint64_t w[] = { 8, 12, 15, 16 };
    mk_retire_t r[4];
    expect_cycles(soc, w, 4, r);
    assert_true(r[1].mem_read);
    assert_int_equal(r[1].mem_paddr, BASE + 64);
    mk_soc_free(soc);
}

/*
 * An MMIO load answers in 1 cycle whatever L is; it reads the CLINT's mtime of its first MEM
 * cycle. L = 3: lui x3, 0x200c; ld x2, -8(x3) (mtime at 0x200bff8); addi.
 * lui H4 W8. ld H5 D6 E7 M8: mtime = 8 / 5 = 1; request 8, response 9, W10.
 * addi @8: usable from 8 (dw8 req 4 resp 7), but 8 is a freeze: H9 D10 E11 M12 W13.
 */
static void test_mmio_load_l3(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(3);
    const uint32_t p[] = { LUI(3, 0x200C), LD(2, 3, -8), ADDI(5, 0, 1) };
    put32(soc, 0, p, 3);
    start(soc);
    static const uint64_t w[] = { 8, 10, 13 };
    mk_retire_t r[3];
    expect_cycles(soc, w, 3, r);
    assert_int_equal(r[1].mem_paddr, 0x200BFF8);
    assert_int_equal(r[1].rd_wdata, 1);
    mk_soc_free(soc);
}

/*
 * Taken and not-taken branches and a JAL, L = 1.
 *   0x0 addi x1, x0, 1        H2 M5 W6
 *   0x4 bne x1, x0, +8        H3 E5 (leaves EX in 5, redirects at its end) W7
 *   0x8 addi x9 (skipped)
 *   0xc beq x1, x0, +8        not taken. dw8 req 6 resp 7: H8 D9 E10 M11 W12 (= 5 + 6 + L)
 *   0x10 addi x2, x0, 2       dw16 req 8 resp 9: H10 W14
 *   0x14 jal x0, +8           H11 D12 E13 W15; redirect at the end of 13. dw24 went out in 10
 *                             (resp 11), dw32 in 12 (resp 13, not pending after 13).
 *   0x18 addi x9 (skipped)
 *   0x1c addi x3, x0, 3       dw24 req 14 resp 15: H16 W20 (= 13 + 6 + L)
 */
static void test_branches_l1(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = {
        ADDI(1, 0, 1), btype(1, 1, 0, 8), ADDI(9, 0, 9), btype(0, 1, 0, 8),
        ADDI(2, 0, 2), jal(0, 8), ADDI(9, 0, 9), ADDI(3, 0, 3), NOP, NOP,
    };
    put32(soc, 0, p, 10);
    start(soc);
    static const uint64_t w[] = { 6, 7, 12, 14, 15, 20 };
    mk_retire_t r[6];
    expect_cycles(soc, w, 6, r);
    assert_int_equal(r[2].pc, BASE + 0xc);
    assert_int_equal(r[5].pc, BASE + 0x1c);
    assert_int_equal(soc->hart.x[9], 0);
    mk_soc_free(soc);
}

/*
 * Rule M, L = 1: addi x1, x0, 7; mul x2, x1, x1; addi x3, x0, 1; divw x4, x1, x1.
 * addi H2 D3 E4 M5. mul H3 D4 E5: MEM holds addi (no access), so the multiplier starts in 5
 * and the pipeline freezes 5..7: mul leaves EX in 8, and addi leaves MEM with it: addi W9,
 * mul M9 W10. addi x3: H4 D5, leaves ID in 8 (5..7 frozen): E9 M10 W11.
 * divw @0xc: H8 D9 E10, starts in 10 (addi x3 in MEM has no access): freeze 10..42, leaves EX
 * in 43: addi x3 W44, divw M44 W45.
 */
static void test_muldiv_l1(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = { ADDI(1, 0, 7), MUL(2, 1, 1), ADDI(3, 0, 1), DIVW(4, 1, 1), NOP };
    put32(soc, 0, p, 5);
    start(soc);
    static const uint64_t w[] = { 9, 10, 44, 45 };
    expect_cycles(soc, w, 4, NULL);
    assert_int_equal(soc->hart.x[2], 49);
    assert_int_equal(soc->hart.x[4], 1);
    assert_int_equal(mk_soc_stats(soc)->stalls[MK_STALL_MULDIV], 3 + 33);
    mk_soc_free(soc);
}

/*
 * A CSR instruction reads mcycle in its first MEM cycle and flushes, L = 1.
 * csrr x1, mcycle H2 M5: x1 = 5, W6; flush at the end of 5. At that point dw8 (req 2) has
 * answered and dw16 (req 4, after the wrong-path hand-over of @4 in 3 freed q1) answers in 5:
 * nothing is pending. The refetch of @4 goes out in 6, resp 7: H8 D9 E10 M11: x2 = 11, W12.
 */
static void test_csr_flush_l1(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = { CSRR(1, 0xB00), CSRR(2, 0xB00), NOP, NOP };
    put32(soc, 0, p, 4);
    start(soc);
    static const uint64_t w[] = { 6, 12 };
    expect_cycles(soc, w, 2, NULL);
    assert_int_equal(soc->hart.x[1], 5);
    assert_int_equal(soc->hart.x[2], 11);
    mk_soc_free(soc);
}

/*
 * ECALL (an exception, taken in MEM) and MRET, L = 1; mtvec = BASE + 0x100.
 * ecall H2 M5 W6 (exception record), flush at 5, nothing pending: handler addi @0x100 req 6
 * resp 7 H8 M11 W12. mret @0x104 H9 M12 W13, flush at 12: dw0x108 (req 8 resp 9) and dw0x110
 * (req 10 resp 11) are in, nothing pending: the request for mepc (@0) goes out in 13, resp 14:
 * ecall again H15 M18 W19.
 */
static void test_exception_mret_l1(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = { ECALL, NOP };
    const uint32_t handler[] = { ADDI(5, 0, 5), MRET, NOP, NOP, NOP, NOP };
    put32(soc, 0, p, 2);
    put32(soc, 0x100, handler, 6);
    soc->hart.csr.mtvec = BASE + 0x100;
    start(soc);
    static const uint64_t w[] = { 6, 12, 13, 19 };
    mk_retire_t r[4];
    expect_cycles(soc, w, 4, r);
    assert_int_equal(r[0].event, MK_EVENT_EXCEPTION);
    assert_int_equal(r[0].cause, 11);     /* ECALL from M */
    assert_int_equal(r[2].event, MK_EVENT_RETIRE);
    assert_int_equal(r[3].event, MK_EVENT_EXCEPTION);
    mk_soc_free(soc);
}

/*
 * WFI and a timer interrupt, L = 1. mtimecmp = 4: MTIP rises when mtime = cycle / 5 reaches 4,
 * in cycle 20. mie.MTIE, mstatus.MIE, mtvec = BASE + 0x100.
 * wfi H2 M5 W6, flush and sleep at the end of 5. mip & mie != 0 first in 20: sleep clears at
 * its end, the request for @4 goes out in 21, resp 22: nop H23 D24 E25 M26. In 26 the
 * interrupt is pending and enabled: it is taken instead of the nop (record: interrupt, pc @4)
 * W27 (= s + 6 + L + 1 for the record after the WFI). Flush at 26: dw8 (req 23, resp 24) is in,
 * dw16 (req 25) answers in 26, not pending: the handler's request goes out in 27: H29 M32 W33.
 */
static void test_wfi_timer_interrupt_l1(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = { WFI, NOP, NOP, NOP, NOP, NOP };
    const uint32_t handler[] = { ADDI(6, 0, 6), NOP, NOP, NOP };
    put32(soc, 0, p, 6);
    put32(soc, 0x100, handler, 4);
    soc->hart.csr.mtvec = BASE + 0x100;
    soc->hart.csr.mie = MK_MIP_MTIP;
    soc->hart.csr.mstatus |= MK_MSTATUS_MIE;
    soc->dev.clint.mtimecmp = 4;
    start(soc);
    static const uint64_t w[] = { 6, 27, 33 };
    mk_retire_t r[3];
    expect_cycles(soc, w, 3, r);
    assert_int_equal(r[1].event, MK_EVENT_INTERRUPT);
    assert_int_equal(r[1].cause, 7);
    assert_int_equal(r[1].pc, BASE + 4);
    assert_int_equal(r[2].pc, BASE + 0x100);
    assert_int_equal(soc->hart.csr.mepc, BASE + 4);
    assert_int_equal(mk_soc_stats(soc)->stalls[MK_STALL_WFI], 15);
    mk_soc_free(soc);
}

/* --- Address translation (docs/timing.md "Address translation (Sv39)") ----------------------
 *
 * Page tables at BASE + 0x10000 (root), + 0x11000 (level 1), + 0x12000 (level 0) map the
 * first 2 MiB of DRAM at the same virtual addresses: root[2] -> level 1, level1[0] -> level 0,
 * level0[n] -> the 4 KiB page n (unless a test changes it). A walk of a 4 KiB page makes
 * k = 3 PTE reads, issued in t, t + L, t + 2L, and ends in t + 3L.
 */
#define ROOT (BASE + 0x10000)
#define LVL1 (BASE + 0x11000)
#define LVL0 (BASE + 0x12000)
#define PTE_PTR(pa) ((((pa) >> 12) << 10) | 0x01u)
#define PTE_LEAF(pa, flags) ((((pa) >> 12) << 10) | (flags))
#define RWXAD 0xCFu         /* V R W X A D */
#define RWXA 0x4Fu          /* V R W X A (D = 0) */
#define AUIPC_I(rd, imm20) ((uint32_t)(imm20) << 12 | (rd) << 7 | 0x17u)
#define SD(rs2, rs1, imm) ((((uint32_t)(imm) >> 5) & 0x7Fu) << 25 | (rs2) << 20 | (rs1) << 15 | \
                           3u << 12 | ((uint32_t)(imm) & 0x1Fu) << 7 | 0x23u)
#define SFENCE_VMA(rs1, rs2) (0x12000073u | (rs2) << 20 | (rs1) << 15)

static void put_pte(mk_soc_t *soc, uint64_t table, unsigned index, uint64_t pte)
{
    assert_int_equal(mk_soc_phys_write(soc, table + 8 * index, &pte, 8), 0);
}

/* The identity map described above, with satp on (ASID 0). `superpage`: level1[0] is a 2 MiB
 * leaf instead of a pointer (k = 2). */
static void map_identity(mk_soc_t *soc, bool superpage)
{
    put_pte(soc, ROOT, 2, PTE_PTR(LVL1));
    if (superpage) {
        put_pte(soc, LVL1, 0, PTE_LEAF(BASE, RWXAD));
    } else {
        put_pte(soc, LVL1, 0, PTE_PTR(LVL0));
        for (unsigned n = 0; n < 8; n++)
            put_pte(soc, LVL0, n, PTE_LEAF(BASE + 0x1000 * n, RWXAD));
    }
    soc->hart.csr.satp = MK_SATP_MODE_SV39 << MK_SATP_MODE_SHIFT | ROOT >> 12;
    /* PMP entry 15: NAPOT over everything, RWX, so that S-mode may access memory. */
    mk_pmp_write_addr(&soc->hart, 15, ~0ULL);
    mk_pmp_write_cfg(&soc->hart, 2, (uint64_t)((MK_PMP_A_NAPOT << MK_PMP_A_SHIFT) | MK_PMP_R |
                                               MK_PMP_W | MK_PMP_X) << 56);
}

/* Code runs in S-mode (fetches translate); M-mode traps go to BASE + 0x100. */
static void start_s(mk_soc_t *soc, uint64_t pc)
{
    soc->hart.priv = MK_PRIV_S;
    soc->hart.csr.mtvec = BASE + 0x100;
    mk_mem_fast_flush(&soc->hart);
    soc->hart.pc = pc;
    soc->hart.cycle = 0;
    mk_timing_reset(&soc->hart);
}

/* Code runs in M-mode (fetches do not translate) with MPRV = 1, MPP = S (loads and stores do). */
static void start_mprv(mk_soc_t *soc)
{
    soc->hart.csr.mstatus |= MK_MSTATUS_MPRV | (uint64_t)MK_PRIV_S << MK_MSTATUS_MPP_SHIFT;
    soc->hart.csr.mtvec = BASE + 0x100;
    mk_mem_fast_flush(&soc->hart);
    start(soc);
}

/*
 * ITLB miss, 4 KiB page, L = 1: the fetch walk starts in cycle 0 (where rule F would request
 * dw0): reads in 0, 1, 2, end in 3 (= 0 + 3L), fill at the end of 3; the request goes out in
 * 4 (a hit), resp 5: everything is test_straight_line_l1 shifted by k*L + 1 = 4:
 * i0 H6 D7 E8 M9 W10, then one per cycle. Later requests (dw8, dw16 ...) hit.
 */
static void test_itlb_miss_4k_l1(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    uint32_t p[10];
    for (int i = 0; i < 10; i++)
        p[i] = ADDI(1, 1, 1);
    put32(soc, 0, p, 10);
    map_identity(soc, false);
    start_s(soc, BASE);
    static const uint64_t w[] = { 10, 11, 12, 13, 14, 15, 16, 17 };
    expect_cycles(soc, w, 8, NULL);
    const mk_stats_t *s = mk_soc_stats(soc);
    assert_int_equal(s->itlb_misses, 1);
    assert_int_equal(s->page_walk_accesses, 3);
    assert_int_equal(s->stalls[MK_STALL_WALK], 4);
    mk_soc_free(soc);
}

/*
 * ITLB miss on a 2 MiB superpage, L = 3: level1[0] is the leaf, k = 2: reads in 0 and 3, end
 * in 6, request in 7 (resp 10): test_straight_line_l3 (W 8, 9, 12, 13, 16, 17) shifted by
 * k*L + 1 = 7.
 */
static void test_itlb_miss_superpage_l3(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(3);
    uint32_t p[8];
    for (int i = 0; i < 8; i++)
        p[i] = ADDI(1, 1, 1);
    put32(soc, 0, p, 8);
    map_identity(soc, true);
    start_s(soc, BASE);
    static const uint64_t w[] = { 15, 16, 19, 20, 23, 24 };
    expect_cycles(soc, w, 6, NULL);
    assert_int_equal(mk_soc_stats(soc)->page_walk_accesses, 2);
    assert_int_equal(soc->hart.itlb.e[0].level, 1);
    mk_soc_free(soc);
}

/*
 * A prefetch walks into the next page, L = 1. Code from BASE + 0xff0 runs into page 1.
 * Walk for page 0 in 0..3; dwff0 req 4 resp 5; dwff8 req 6 resp 7.
 * i0 @ff0 H6 W10; i1 @ff4 H7 W11 ends dwff0 (q1 -> q0 at the end of 7, q1 free from 8).
 * In 8 rule F would request dw1000: ITLB miss, the walk runs 8..11 (prefetch: no instruction
 * waits for it yet); i2 @ff8 H8 W12, i3 @ffc H9 W13. Fill at the end of 11, dw1000 req 12
 * resp 13: i4 @1000 H14 D15 E16 M17 W18; i5 H15 W19; dw1008 req 14 resp 15: i6 H16 W20.
 */
static void test_itlb_prefetch_walk_next_page(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    uint32_t p[12];
    for (int i = 0; i < 12; i++)
        p[i] = ADDI(1, 1, 1);
    put32(soc, 0xff0, p, 12);
    map_identity(soc, false);
    start_s(soc, BASE + 0xff0);
    static const uint64_t w[] = { 10, 11, 12, 13, 18, 19, 20 };
    mk_retire_t r[7];
    expect_cycles(soc, w, 7, r);
    assert_int_equal(r[4].pc, BASE + 0x1000);
    assert_int_equal(mk_soc_stats(soc)->itlb_misses, 2);
    mk_soc_free(soc);
}

/*
 * A fetch page fault, L = 1: as above, but level0[1] is invalid. The prefetch walk of page 1
 * (8..11) ends in a page fault: dw1000 is filled as faulting at the end of 11. i4 @1000 is
 * handed over as a 16-bit fetch fault in 12: D13 E14 M15, exception 12 (tval = pc), W16.
 * Meanwhile, in 12 rule F goes on with dw1008: another miss, a walk in 12..15 whose last read
 * answers in 15, the cycle of the trap's redirect: it is dropped (nothing filled), nothing is
 * outstanding after 15, so the handler's request (M-mode, BASE + 0x100) goes out in 16,
 * resp 17: H18 D19 E20 M21 W22.
 */
static void test_itlb_fetch_page_fault(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    uint32_t p[12];
    for (int i = 0; i < 12; i++)
        p[i] = ADDI(1, 1, 1);
    put32(soc, 0xff0, p, 12);
    const uint32_t handler[] = { ADDI(5, 0, 5), NOP, NOP, NOP };
    put32(soc, 0x100, handler, 4);
    map_identity(soc, false);
    put_pte(soc, LVL0, 1, 0);
    start_s(soc, BASE + 0xff0);
    static const uint64_t w[] = { 10, 11, 12, 13, 16, 22 };
    mk_retire_t r[6];
    expect_cycles(soc, w, 6, r);
    assert_int_equal(r[4].event, MK_EVENT_EXCEPTION);
    assert_int_equal(r[4].cause, 12);
    assert_int_equal(r[4].tval, BASE + 0x1000);
    assert_int_equal(r[5].pc, BASE + 0x100);
    /* Two walks of page 1 (the second one dropped), neither filled the ITLB. */
    assert_int_equal(mk_soc_stats(soc)->itlb_misses, 3);
    assert_int_equal(soc->hart.itlb.e[1].valid, false);
    mk_soc_free(soc);
}

/*
 * DTLB miss and a load, L = 1 (M-mode code, MPRV: only the data side translates).
 * auipc x3, 2 H2 M5 W6. ld x2, 0(x3) H3 D4 E5 M6: the walk reads in 6, 7, 8, ends in 9 (fill),
 * the access goes out in 10, resp 11: frozen 6..10, W12. add x4, x5, x5 (@8, independent)
 * H4 D5 E6, leaves EX in 11: M12 W13. addi (@c) H5 D6, E12 M13 W14.
 */
static void test_dtlb_miss_load_l1(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = { AUIPC_I(3, 2), LD(2, 3, 0), ADD(4, 5, 5), ADDI(5, 0, 1), NOP };
    put32(soc, 0, p, 5);
    uint64_t data = 77;
    assert_int_equal(mk_soc_phys_write(soc, BASE + 0x2000, &data, 8), 0);
    map_identity(soc, false);
    start_mprv(soc);
    static const uint64_t w[] = { 6, 12, 13, 14 };
    mk_retire_t r[4];
    expect_cycles(soc, w, 4, r);
    assert_int_equal(soc->hart.x[2], 77);
    assert_int_equal(r[1].mem_paddr, BASE + 0x2000);
    const mk_stats_t *s = mk_soc_stats(soc);
    assert_int_equal(s->stalls[MK_STALL_WALK], 4);
    assert_int_equal(s->stalls[MK_STALL_DATA], 1);
    mk_soc_free(soc);
}

/*
 * The same at L = 3. auipc H4 M7 W8 (dw0 req 0 resp 3). ld H5 D6 E7 M8: reads in 8, 11, 14,
 * end 17, access 18, resp 21: frozen 8..20, W22. add @8 (dw8 req 4 resp 7) is usable from 8
 * but 8..20 freeze: H21 D22 E23 M24 W25; addi @c H22 W26.
 */
static void test_dtlb_miss_load_l3(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(3);
    const uint32_t p[] = { AUIPC_I(3, 2), LD(2, 3, 0), ADD(4, 5, 5), ADDI(5, 0, 1), NOP };
    put32(soc, 0, p, 5);
    map_identity(soc, false);
    start_mprv(soc);
    static const uint64_t w[] = { 8, 22, 25, 26 };
    expect_cycles(soc, w, 4, NULL);
    assert_int_equal(mk_soc_stats(soc)->stalls[MK_STALL_WALK], 3 * 3 + 1);
    mk_soc_free(soc);
}

/*
 * A DTLB walk that faults, L = 1: level0[2] is invalid. ld M6: reads 6, 7, 8; the leaf read
 * (answering in 9) is invalid: load page fault taken in 9 = 6 + 3L (W10), flush at the end of
 * 9. The requests made by then have answered (the last, dw24, in 7 at the latest), so the
 * handler (BASE + 0x100) is requested in 10, resp 11: H12 D13 E14 M15 W16.
 */
static void test_dtlb_walk_fault(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = { AUIPC_I(3, 2), LD(2, 3, 0), NOP, NOP, NOP, NOP, NOP, NOP };
    put32(soc, 0, p, 8);
    const uint32_t handler[] = { ADDI(5, 0, 5), NOP, NOP, NOP };
    put32(soc, 0x100, handler, 4);
    map_identity(soc, false);
    put_pte(soc, LVL0, 2, 0);
    start_mprv(soc);
    static const uint64_t w[] = { 6, 10, 16 };
    mk_retire_t r[3];
    expect_cycles(soc, w, 3, r);
    assert_int_equal(r[1].event, MK_EVENT_EXCEPTION);
    assert_int_equal(r[1].cause, 13);
    assert_int_equal(r[1].tval, BASE + 0x2000);
    assert_int_equal(mk_soc_stats(soc)->stalls[MK_STALL_WALK], 3);
    mk_soc_free(soc);
}

/*
 * A denied hit, L = 1: page 2 is mapped with D = 0. ld x2, 0(x3) walks and fills (as in
 * test_dtlb_miss_load_l1: M6, W12). sd x0, 8(x3) H4 D5 E6 (frozen 6..10) M12: a DTLB hit whose
 * D = 0 denies the store: store page fault taken in 12 with no extra cycle, W13. Flush at the
 * end of 12: dw16 (req 4) and dw24 (req 6) have answered, q1 is full, nothing is pending: the
 * handler is requested in 13, resp 14: H15 D16 E17 M18 W19.
 */
static void test_dtlb_denied_hit(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = { AUIPC_I(3, 2), LD(2, 3, 0), SD(0, 3, 8), NOP, NOP, NOP, NOP, NOP };
    put32(soc, 0, p, 8);
    const uint32_t handler[] = { ADDI(5, 0, 5), NOP, NOP, NOP };
    put32(soc, 0x100, handler, 4);
    map_identity(soc, false);
    put_pte(soc, LVL0, 2, PTE_LEAF(BASE + 0x2000, RWXA));
    start_mprv(soc);
    static const uint64_t w[] = { 6, 12, 13, 19 };
    mk_retire_t r[4];
    expect_cycles(soc, w, 4, r);
    assert_int_equal(r[2].event, MK_EVENT_EXCEPTION);
    assert_int_equal(r[2].cause, 15);
    assert_int_equal(r[2].tval, BASE + 0x2008);
    assert_int_equal(mk_soc_stats(soc)->dtlb_misses, 1);
    mk_soc_free(soc);
}

/*
 * A device read after a DTLB walk sees the cycle of its access, L = 3 (M-mode code, MPRV):
 * the CLINT is mapped by root[0] (a 1 GiB leaf, k = 1). lui x3 M7 W8; ld x2, -8(x3) (mtime)
 * M8: the walk reads in 8, ends in 11, the access goes out in 12 (answered in 13), W14. mtime
 * (one tick per 5 cycles) reads 12 / 5 = 2, not the 8 / 5 = 1 of the first MEM cycle.
 */
static void test_mmio_load_after_walk(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(3);
    const uint32_t p[] = { LUI(3, 0x200C), LD(2, 3, -8), NOP, NOP };
    put32(soc, 0, p, 4);
    map_identity(soc, false);
    put_pte(soc, ROOT, 0, PTE_LEAF(0, 0xC7u));     /* V R W A D */
    start_mprv(soc);
    static const uint64_t w[] = { 8, 14 };
    mk_retire_t r[2];
    expect_cycles(soc, w, 2, r);
    assert_int_equal(r[1].mem_paddr, 0x200BFF8);
    assert_int_equal(r[1].rd_wdata, 12 / MK_MTIME_DIVIDER);
    mk_soc_free(soc);
}

/*
 * A fetch guest-page fault reports the exact GPA of the faulting parcel >> 2, although the fetch
 * unit translates whole doublewords: V = 1 with vsatp Bare and a G-stage of 4 KiB pages in
 * which page 1 is not executable; the code starts at BASE + 0x1004, the second word of its
 * doubleword, so the walk's GPA is BASE + 0x1000 and mtval2 must be (BASE + 0x1004) >> 2.
 */
static void test_fetch_guest_fault_tval2(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t code[] = { NOP, NOP };
    put32(soc, 0x1000, code, 2);
    const uint32_t handler[] = { NOP, NOP, NOP, NOP };
    put32(soc, 0x100, handler, 4);
    const uint64_t groot = BASE + 0x20000, g1 = BASE + 0x24000, g0 = BASE + 0x25000;
    put_pte(soc, groot, 2, PTE_PTR(g1));
    put_pte(soc, g1, 0, PTE_PTR(g0));
    for (unsigned n = 0; n < 8; n++)    /* V R W X U A D; page 1: V R U A */
        put_pte(soc, g0, n, PTE_LEAF(BASE + 0x1000 * n, n == 1 ? 0x53u : 0xDFu));
    map_identity(soc, false);           /* (only for its PMP entry; satp is unused with V = 1) */
    soc->hart.csr.hgatp = MK_HGATP_MODE_SV39X4 << MK_SATP_MODE_SHIFT | groot >> 12;
    soc->hart.v = true;
    start_s(soc, BASE + 0x1004);
    mk_retire_t r;
    assert_int_equal(mk_soc_step(soc, &r), MK_RUN_OK);
    assert_int_equal(r.event, MK_EVENT_EXCEPTION);
    assert_int_equal(r.cause, 20);
    assert_int_equal(r.tval, BASE + 0x1004);
    assert_int_equal(soc->hart.csr.mtval2, (BASE + 0x1004) >> 2);
    /* Two walks of 3 reads: the ITLB keeps no leaf that the G-stage denies for a fetch
     * (docs/isa.md "TLB"), so the fetch unit's request for the next doubleword walks again. */
    assert_int_equal(mk_soc_stats(soc)->page_walks, 2);
    assert_int_equal(mk_soc_stats(soc)->page_walk_accesses, 6);
    mk_soc_free(soc);
}

/*
 * SFENCE.VMA with rs1 = an address of page 2, rs2 = x0, L = 1: it removes the DTLB entry of
 * page 2 only. Loads from pages 2 and 3 fill the DTLB first. The fence flushes at the end of
 * its MEM cycle c (W c + 1); nothing is pending then, so the next instruction, a load from
 * page 3 (a hit), is H c + 3 D c + 4 E c + 5 M c + 6, resp c + 7, W c + 8 (the "c + 6 + L" of
 * an ALU instruction, plus its own L). The load from page 2 (a miss again) is H c + 4 D c + 5
 * E c + 6 (frozen in c + 6) M c + 8, reads c + 8, c + 9, c + 10, access c + 12, resp c + 13:
 * W c + 14.
 */
static void test_sfence_vma_scoped(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    const uint32_t p[] = {
        AUIPC_I(3, 2), LUI(5, 1), ADD(4, 3, 5), LD(6, 3, 0), LD(7, 4, 0),
        SFENCE_VMA(3, 0), LD(7, 4, 0), LD(6, 3, 0), NOP, NOP, NOP, NOP,
    };
    put32(soc, 0, p, 12);
    map_identity(soc, false);
    start_mprv(soc);
    mk_retire_t r[8];
    for (int i = 0; i < 8; i++)
        assert_int_equal(mk_soc_step(soc, &r[i]), MK_RUN_OK);
    assert_int_equal(r[5].insn, SFENCE_VMA(3, 0));
    uint64_t c = r[5].cycle - 1;
    assert_int_equal(r[6].cycle, c + 8);
    assert_int_equal(r[7].cycle, c + 14);
    const mk_stats_t *s = mk_soc_stats(soc);
    assert_int_equal(s->dtlb_misses, 3);    /* page 2, page 3, page 2 again */
    assert_int_equal(s->page_walks, 3);
    mk_soc_free(soc);
}

/* --- The run loop's fast path (timing.c fast_run) ------------------------------------------- */

/* Expected stall counts, by cause (MK_STALL_*). */
typedef struct { uint64_t fetch, load_use, redirect, data; } stalls_t;

static void expect_stalls(const mk_soc_t *soc, const stalls_t *e)
{
    const uint64_t *st = mk_soc_stats(soc)->stalls;
    assert_int_equal(st[MK_STALL_FETCH], e->fetch);
    assert_int_equal(st[MK_STALL_LOAD_USE], e->load_use);
    assert_int_equal(st[MK_STALL_REDIRECT], e->redirect);
    assert_int_equal(st[MK_STALL_DATA], e->data);
    assert_int_equal(st[MK_STALL_MULDIV], 0);
    assert_int_equal(st[MK_STALL_WALK], 0);
    assert_int_equal(st[MK_STALL_WFI], 0);
}

/*
 * Runs the n-instruction program p (at BASE, 64 bytes of data after it) both ways at latency
 * lat: stepping (every record's WB cycle, w[]) and the run loop in chunks of `chunk`
 * instructions (the cycle of the last retirement, w[n - 1]); the stall counts of both.
 * Loops run their second pass in the run loop's fast path: the first pass decodes them.
 */
static void expect_step_and_run(const uint32_t *p, size_t words, unsigned lat,
                                const uint64_t *w, size_t n, const stalls_t *e,
                                uint64_t chunk)
{
    mk_soc_t *a = soc_with_latency(lat), *b = soc_with_latency(lat);
    uint64_t data = 21;
    put32(a, 0, p, words);
    put32(b, 0, p, words);
    assert_int_equal(mk_soc_phys_write(a, BASE + 64, &data, 8), 0);
    assert_int_equal(mk_soc_phys_write(b, BASE + 64, &data, 8), 0);
    start(a);
    start(b);
    expect_cycles(a, w, n, NULL);
    expect_stalls(a, e);
    for (uint64_t done = 0; done < n; done += chunk)
        assert_int_equal(mk_soc_run(b, n - done < chunk ? n - done : chunk, 0), MK_RUN_OK);
    assert_int_equal(mk_soc_stats(b)->instret, n);
    assert_int_equal(mk_soc_stats(b)->cycles, w[n - 1]);
    expect_stalls(b, e);
    for (unsigned r = 0; r < 32; r++)
        assert_int_equal(a->hart.x[r], b->hart.x[r]);
    mk_soc_free(a);
    mk_soc_free(b);
}

/*
 * A five-pass loop, L = 1:
 *   0x0 addi x1, x0, 5         H2 I3 E4 M5 W6
 *   0x4 addi x2, x2, 1         H3 W7 (ends dw0: dw8 req 2 resp 3; q1 free from 4)
 *   0x8 addi x1, x1, -1        H4 W8
 *   0xc bne x1, x0, -8         H5 I6 E7 M8 W9, ends dw8 (dw16 req 4 resp 5; dw24 req 6
 *                              resp 7, not pending after 7): redirect at the end of 7, no
 *                              wrong-path hand-over (the bne is in ID until 6 > 7 - 2)
 * pass 2: @4 dw0 req 8 resp 9: H10 I11 W14 (= 7 + 6 + L); ends dw0 in 10: dw8 req 10 resp 11;
 *         @8 waits for dw8: H12 W16 (one fetch bubble); bne H13 I14 E15 W17, ends dw8 in 13:
 *         dw16 req 12 resp 13; redirect at the end of 15 (dw24 req 14 resp 15): dw0 req 16.
 * Each later pass is the same 8 cycles later; the last bne falls through: 0x10 (dw16 req 36
 * resp 37) H38 W42. Stalls: 5 before the first record and one per pass 2..5 for the fetch,
 * 4 per taken branch for the redirect.
 */
static const uint32_t loop_alu[] = {
    ADDI(1, 0, 5), ADDI(2, 2, 1), ADDI(1, 1, -1), 0 /* bne */, NOP, NOP,
};

static void test_fast_loop_alu_l1(void **state)
{
    (void)state;
    uint32_t p[6];
    memcpy(p, loop_alu, sizeof p);
    p[3] = btype(1, 1, 0, -8);
    static const uint64_t w[] = { 6, 7, 8, 9, 14, 16, 17, 22, 24, 25, 30, 32, 33,
                                  38, 40, 41, 42 };
    static const stalls_t e = { .fetch = 9, .redirect = 16 };
    expect_step_and_run(p, 6, 1, w, 17, &e, 1000);
    /* The run loop stopped and restarted at every instruction, and every 3. */
    expect_step_and_run(p, 6, 1, w, 17, &e, 1);
    expect_step_and_run(p, 6, 1, w, 17, &e, 3);
}

/*
 * The same loop with four passes, L = 3: i0 H4 W8, @4 H5 W9 (dw8 req 4 resp 7), @8 H8 W12,
 * bne H9 I10 E11 W13 (dw16 req 8 resp 11; redirect at the end of 11, nothing pending after
 * 11): pass 2 @4 dw0 req 12 resp 15: H16 W20 (= 11 + 6 + L); dw8 req 16 resp 19: @8 H20 W24;
 * bne H21 W25 (dw16 req 20 resp 23, redirect at the end of 23, dw0 req 24). Passes 3, 4: 12
 * cycles later each; the last falls through to 0x10 (dw16 resp 47): H48 W52.
 * Stalls: fetch 7 + 2 (pass 1's @8) + 3 per later pass + 2 (0x10), redirect 6 per taken bne.
 */
static void test_fast_loop_alu_l3(void **state)
{
    (void)state;
    uint32_t p[6];
    memcpy(p, loop_alu, sizeof p);
    p[0] = ADDI(1, 0, 4);
    p[3] = btype(1, 1, 0, -8);
    static const uint64_t w[] = { 8, 9, 12, 13, 20, 24, 25, 32, 36, 37, 44, 48, 49, 52 };
    static const stalls_t e = { .fetch = 20, .redirect = 18 };
    expect_step_and_run(p, 6, 3, w, 14, &e, 1000);
    expect_step_and_run(p, 6, 3, w, 14, &e, 2);
}

/*
 * A loop with a DRAM load and its use, L = 1 (three passes):
 *   0x00 auipc x3, 0           H2 W6
 *   0x04 addi x1, x0, 3        H3 W7
 *   0x08 ld x2, 64(x3)         H4 I5 E6 M7: freeze 7, leaves MEM in 8, W9
 *   0x0c add x4, x2, x2        H5, load-use: ID until 7, 7 frozen: I8 E9 M10 W11
 *   0x10 addi x1, x1, -1       H8 W12
 *   0x14 bne x1, x0, -12       H9 I10 E11 W13; redirect at the end of 11 (dw32 req 10
 *                              resp 11): dw8 req 12 resp 13
 * pass 2: ld H14 I15 M17 W19 (data 1, redirect 4), add H15 I18 W21 (load-use 1), W22, W23.
 * Pass 3 is pass 2 ten cycles later; its bne falls through: 0x18 H30 W34.
 */
static void test_fast_loop_load_use_l1(void **state)
{
    (void)state;
    const uint32_t p[] = {
        AUIPC(3), ADDI(1, 0, 3), LD(2, 3, 64), ADD(4, 2, 2), ADDI(1, 1, -1),
        btype(1, 1, 0, -12), NOP, NOP,
    };
    static const uint64_t w[] = { 6, 7, 9, 11, 12, 13, 19, 21, 22, 23, 29, 31, 32, 33, 34 };
    static const stalls_t e = { .fetch = 5, .load_use = 3, .redirect = 8, .data = 3 };
    expect_step_and_run(p, 8, 1, w, 15, &e, 1000);
}

/*
 * A taken branch whose target is the next instruction still redirects (rule F), L = 1:
 *   0x0 addi x1, x0, 2         H2 W6
 *   0x4 beq x0, x0, +4         H3 I4 E5 W7; redirect at the end of 5 (dw16 req 4 resp 5)
 *   0x8 addi x1, x1, -1        dw8 req 6 resp 7: H8 W12
 *   0xc bne x1, x0, -8         H9 E11 W13; redirect at the end of 11 (dw24 req 10 resp 11)
 *   0x4 beq (pass 2)           dw0 req 12 resp 13: H14 I15 E16 W18; dw8 req 14 resp 15;
 *                              redirect at the end of 16, nothing pending: dw8 req 17 resp 18
 *   0x8 addi                   H19 W23
 *   0xc bne (falls through)    H20 W24
 *   0x10 nop                   H21 W25
 */
static void test_fast_loop_branch_to_next(void **state)
{
    (void)state;
    const uint32_t p[] = {
        ADDI(1, 0, 2), btype(0, 0, 0, 4), ADDI(1, 1, -1), btype(1, 1, 0, -8), NOP, NOP,
    };
    static const uint64_t w[] = { 6, 7, 12, 13, 18, 23, 24, 25 };
    static const stalls_t e = { .fetch = 5, .redirect = 12 };
    expect_step_and_run(p, 6, 1, w, 8, &e, 1000);
}

/* --- The run loop's span memo (timing_memo.c) ------------------------------------------------
 *
 * The stepping API never uses the memo (it runs timing_one for every instruction), so it is the
 * reference: the run loop, stopped every `chunk` instructions, must report the cycle of the
 * same record and the same stall counts, while taking spans from the memo.
 */
#define ANDI(rd, rs1, imm) (((uint32_t)(imm) & 0xFFFu) << 20 | (rs1) << 15 | 7u << 12 | (rd) << 7 | 0x13u)
#define CSRW(csr, rs1) ((uint32_t)(csr) << 20 | (rs1) << 15 | 1u << 12 | 0x73u)

/* The memo spans the run loop of soc has taken so far. */
static uint64_t memo_spans(const mk_soc_t *soc)
{
    return soc->hart.timing->memo_spans;
}

/* A soc at latency lat with p at BASE and the doubleword 21 at BASE + 0x80, restarted. */
static mk_soc_t *loaded(const uint32_t *p, size_t words, unsigned lat)
{
    mk_soc_t *soc = soc_with_latency(lat);
    uint64_t data = 21;
    put32(soc, 0, p, words);
    assert_int_equal(mk_soc_phys_write(soc, BASE + 0x80, &data, 8), 0);
    start(soc);
    return soc;
}

/* Steps n records of ref into w[] (their cycles). */
static void step_cycles(mk_soc_t *ref, uint64_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mk_retire_t r;
        assert_int_equal(mk_soc_step(ref, &r), MK_RUN_OK);
        w[i] = r.cycle;
    }
}

/* Runs soc for n instructions in chunks and checks the cycle after each chunk against w[],
 * and the stall counts and registers against ref's at the end (ref at the same point). */
static void run_against(mk_soc_t *soc, const mk_soc_t *ref, const uint64_t *w, size_t n,
                        size_t chunk)
{
    for (size_t done = 0; done < n;) {
        size_t c = n - done < chunk ? n - done : chunk;
        assert_int_equal(mk_soc_run(soc, c, 0), MK_RUN_OK);
        done += c;
        assert_int_equal(mk_soc_stats(soc)->instret, done);
        if (mk_soc_stats(soc)->cycles != w[done - 1])
            print_error("after %zu: cycle %llu, expected %llu\n", done,
                        (unsigned long long)mk_soc_stats(soc)->cycles,
                        (unsigned long long)w[done - 1]);
        assert_int_equal(mk_soc_stats(soc)->cycles, w[done - 1]);
    }
    for (unsigned i = 0; i < MK_STALL_COUNT; i++)
        assert_int_equal(mk_soc_stats(soc)->stalls[i], mk_soc_stats(ref)->stalls[i]);
    for (unsigned r = 0; r < 32; r++)
        assert_int_equal(soc->hart.x[r], ref->hart.x[r]);
}

/*
 * A loop whose branch alternates (two exits of the span it ends) and whose two paths enter the
 * common span with different fetch and freeze states (a DRAM load with its use on one, nothing
 * on the other), with a MUL that holds the older instruction in MEM:
 *   0x00 addi x1, x0, 60        0x04 auipc x3, 0
 *   0x08 andi x5, x1, 1         0x0c beq x5, x0, +12
 *   0x10 ld x2, 0x7c(x3)        0x14 add x4, x2, x2
 *   0x18 mul x6, x1, x1         0x1c addi x1, x1, -1        0x20 bne x1, x0, -24
 */
static const uint32_t memo_loop[] = {
    ADDI(1, 0, 60), AUIPC(3), ANDI(5, 1, 1), 0 /* beq */, LD(2, 3, 0x7C), ADD(4, 2, 2),
    MUL(6, 1, 1), ADDI(1, 1, -1), 0 /* bne */, NOP, NOP, NOP,
};
#define MEMO_LOOP_INSNS (2 + 60 * 5 + 30 * 2 + 1)

static void memo_program(uint32_t *p)
{
    memcpy(p, memo_loop, sizeof memo_loop);
    p[3] = btype(0, 5, 0, 12);
    p[8] = btype(1, 1, 0, -24);
}

static void test_memo_matches_step(void **state)
{
    (void)state;
    uint32_t p[12];
    memo_program(p);
    static const unsigned lats[] = { 1, 3, 7 };
    static const size_t chunks[] = { 1000, 13, 4, 1 };
    uint64_t w[MEMO_LOOP_INSNS];
    for (unsigned l = 0; l < 3; l++) {
        mk_soc_t *ref = loaded(p, 12, lats[l]);
        step_cycles(ref, w, MEMO_LOOP_INSNS);
        for (unsigned c = 0; c < 4; c++) {
            mk_soc_t *soc = loaded(p, 12, lats[l]);
            run_against(soc, ref, w, MEMO_LOOP_INSNS, chunks[c]);
            if (chunks[c] >= 13)
                assert_true(memo_spans(soc) > 20);  /* the loop came from the memo */
            mk_soc_free(soc);
        }
        mk_soc_free(ref);
    }
}

/* Code written while its spans are in the memo (the loader's path, mk_mem_code_written): the
 * add after the load becomes a mul (3 more cycles each pass) and the memo must not replay the
 * old span. */
static void test_memo_code_written(void **state)
{
    (void)state;
    uint32_t p[12];
    memo_program(p);
    const uint32_t mul = MUL(4, 2, 2);
    uint64_t w[MEMO_LOOP_INSNS];
    mk_soc_t *ref = loaded(p, 12, 1);
    step_cycles(ref, w, 150);
    put32(ref, 0x14, &mul, 1);
    step_cycles(ref, w + 150, MEMO_LOOP_INSNS - 150);
    mk_soc_t *soc = loaded(p, 12, 1);
    assert_int_equal(mk_soc_run(soc, 150, 0), MK_RUN_OK);
    assert_int_equal(mk_soc_stats(soc)->cycles, w[149]);
    uint64_t spans = memo_spans(soc);
    assert_true(spans > 20);
    put32(soc, 0x14, &mul, 1);
    assert_int_equal(mk_soc_run(soc, MEMO_LOOP_INSNS - 150, 0), MK_RUN_OK);
    assert_int_equal(mk_soc_stats(soc)->cycles, w[MEMO_LOOP_INSNS - 1]);
    for (unsigned i = 0; i < MK_STALL_COUNT; i++)
        assert_int_equal(mk_soc_stats(soc)->stalls[i], mk_soc_stats(ref)->stalls[i]);
    assert_true(memo_spans(soc) > spans + 20);  /* and the new spans were memoised again */
    mk_soc_free(soc);
    mk_soc_free(ref);
}

#define SW(rs2, rs1, imm) ((((uint32_t)(imm) >> 5) & 0x7Fu) << 25 | (rs2) << 20 | (rs1) << 15 | \
                           2u << 12 | ((uint32_t)(imm) & 0x1Fu) << 7 | 0x23u)
#define LW(rd, rs1, imm) (((uint32_t)(imm) & 0xFFFu) << 20 | (rs1) << 15 | 2u << 12 | (rd) << 7 | 0x03u)
#define FENCE_I 0x0000100Fu

/*
 * The guest rewrites an instruction of its loop (a store to the code page, then FENCE.I) every
 * eighth pass, alternately as a mul and as an addi; the passes between run from the memo, and
 * after a rewrite the memo must not replay the spans of the old code.
 *   0x00 addi x1, x0, 40        0x04 auipc x3, 0
 *   0x08 lw x8, 0x84(x3)        0x0c lw x9, 0x88(x3)   (x3 = BASE + 4)
 *   0x10 andi x5, x1, 7         0x14 bne x5, x0, +28 (-> 0x30)
 *   0x18 andi x5, x1, 8         0x1c beq x5, x0, +12 (-> 0x28)
 *   0x20 sw x8, 0x34(x3)        0x24 jal x0, +8 (-> 0x2c)
 *   0x28 sw x9, 0x34(x3)        0x2c fence.i
 *   0x30 addi x10, x10, 1       0x34 addi x11, x11, 1
 *   0x38 the rewritten one: addi x7, x7, 1 or mul x7, x7, x1
 *   0x3c addi x1, x1, -1        0x40 bne x1, x0, -48 (-> 0x10)
 *   0x88 mul x7, x7, x1 (data)  0x8c addi x7, x7, 1 (data)
 */
static void test_memo_self_modifying(void **state)
{
    (void)state;
    uint32_t p[36] = { 0 };
    const uint32_t code[] = {
        ADDI(1, 0, 40), AUIPC(3), LW(8, 3, 0x84), LW(9, 3, 0x88),
        ANDI(5, 1, 7), btype(1, 5, 0, 28), ANDI(5, 1, 8), btype(0, 5, 0, 12),
        SW(8, 3, 0x34), jal(0, 8), SW(9, 3, 0x34), FENCE_I,
        ADDI(10, 10, 1), ADDI(11, 11, 1), ADDI(7, 7, 1), ADDI(1, 1, -1), btype(1, 1, 0, -48),
    };
    memcpy(p, code, sizeof code);
    p[0x88 / 4] = MUL(7, 7, 1);
    p[0x8c / 4] = ADDI(7, 7, 1);
    enum { N = 300 };
    uint64_t w[N];
    for (unsigned lat = 1; lat <= 3; lat += 2) {
        mk_soc_t *ref = loaded(p, 36, lat);
        step_cycles(ref, w, N);
        for (size_t chunk = 1000; chunk > 10; chunk /= 10) {
            mk_soc_t *soc = loaded(p, 36, lat);
            run_against(soc, ref, w, N, chunk);
            assert_true(memo_spans(soc) > 50);
            assert_int_equal(soc->hart.x[7], ref->hart.x[7]);
            mk_soc_free(soc);
        }
        mk_soc_free(ref);
    }
}

/* A cycle limit that falls inside a span from the memo stops the run loop where it stops
 * without it: after the first record at or after the limit. */
static void test_memo_cycle_limit(void **state)
{
    (void)state;
    uint32_t p[12];
    memo_program(p);
    uint64_t w[MEMO_LOOP_INSNS];
    mk_soc_t *ref = loaded(p, 12, 1);
    step_cycles(ref, w, MEMO_LOOP_INSNS);
    mk_soc_free(ref);
    /* A first run makes the memo's entries; the limits then fall anywhere in later passes. */
    mk_soc_t *soc = loaded(p, 12, 1);
    for (uint64_t limit = 300; limit < w[MEMO_LOOP_INSNS - 1]; limit += 37) {
        uint64_t spans = memo_spans(soc);
        start(soc);
        soc->hart.x[1] = 0;
        soc->hart.instret = soc->hart.stats.instret = 0;
        memset(soc->hart.stats.stalls, 0, sizeof soc->hart.stats.stalls);
        assert_int_equal(mk_soc_run(soc, UINT64_MAX, limit), MK_RUN_MAX_CYCLES);
        size_t i = 0;
        while (w[i] < limit)
            i++;
        assert_int_equal(mk_soc_stats(soc)->instret, i + 1);
        assert_int_equal(mk_soc_stats(soc)->cycles, w[i]);
        assert_true(memo_spans(soc) > spans);
    }
    mk_soc_free(soc);
}

/* A timer interrupt that comes while the loop runs from the memo is taken at the same
 * instruction and cycle as when stepping (the memo's spans end before the next sample). */
static void test_memo_timer_interrupt(void **state)
{
    (void)state;
    uint32_t p[12 + 64] = { 0 };
    memo_program(p);
    /* handler at 0x100: csrw mie, x0; mret */
    p[0x100 / 4] = CSRW(0x304, 0);
    p[0x104 / 4] = MRET;
    for (uint64_t cmp = 20; cmp < 120; cmp += 7) {
        mk_soc_t *soc[2];
        for (int s = 0; s < 2; s++) {
            soc[s] = loaded(p, 12 + 64, 1);
            soc[s]->hart.csr.mtvec = BASE + 0x100;
            soc[s]->hart.csr.mie = MK_MIP_MTIP;
            soc[s]->hart.csr.mstatus |= MK_MSTATUS_MIE;
            soc[s]->dev.clint.mtimecmp = cmp;
        }
        /* (the interrupt's record is not an instruction) */
        uint64_t last = 0;
        while (mk_soc_stats(soc[0])->instret < MEMO_LOOP_INSNS + 2)
            step_cycles(soc[0], &last, 1);
        assert_int_equal(mk_soc_run(soc[1], MEMO_LOOP_INSNS + 2, 0), MK_RUN_OK);
        assert_int_equal(mk_soc_stats(soc[1])->cycles, last);
        assert_int_equal(soc[1]->hart.csr.mepc, soc[0]->hart.csr.mepc);
        assert_int_equal(soc[1]->hart.csr.mcause, soc[0]->hart.csr.mcause);
        for (unsigned i = 0; i < MK_STALL_COUNT; i++)
            assert_int_equal(mk_soc_stats(soc[1])->stalls[i], mk_soc_stats(soc[0])->stalls[i]);
        assert_true(memo_spans(soc[1]) > 20);
        mk_soc_free(soc[0]);
        mk_soc_free(soc[1]);
    }
}

/* A state for the memo's key: the instruction in flight (I = base + 100), the last record, the
 * fetch unit with one buffer, an old freeze interval (ending before I) and a recent one, all
 * shifted by `shift` cycles; `vary` changes one thing (see test_memo_key). */
static void memo_state(mk_soc_t *soc, fast_insn_t *k, uint64_t *last_w, uint64_t shift,
                       int vary)
{
    mk_timing_t *t = soc->hart.timing;
    /* (the freeze ring as mk_timing_reset leaves it, without the reset's new code_gen) */
    memset(t->fz_a, 0xff, sizeof t->fz_a);
    memset(t->fz_b, 0, sizeof t->fz_b);
    t->fz_start = UINT64_MAX;
    t->fz_end = t->fz_prev_end = 0;
    t->fz_next = 0;
    add_freeze(t, shift + 80, shift + (vary == 4 ? 96 : 95));     /* ends before I: no matter */
    add_freeze(t, shift + 101, shift + (vary == 5 ? 103 : 102));
    t->fu_pc = BASE + 4;
    t->fa = BASE + 8;
    t->qn = 1;
    fq(t, 0)->addr = BASE;
    fq(t, 0)->resp = shift + (vary == 3 ? 100 : 99);
    fq(t, 0)->x.ok = true;
    fq(t, 0)->x.paddr = BASE;
    t->req_from = shift + (vary == 2 ? 106 : 105);
    t->space_from = 0;
    t->last_resp = shift + 99;
    *k = (fast_insn_t){ .H = shift + 99, .I = shift + 100, .X = shift + 101, .M = shift + 102,
                        .kind = MK_STALL_FETCH, .load_rd = vary == 6 ? 5 : 0 };
    *last_w = shift + 98;
}

/* Whether the memo has the state memo_state(shift, vary) makes (an entry found is then made
 * valid, as a recording would leave it, so that the next probe of the same key finds it). */
static bool memo_probe(mk_soc_t *soc, uint64_t shift, int vary)
{
    fast_insn_t k;
    uint64_t last_w;
    bool hit;
    memo_state(soc, &k, &last_w, shift, vary);
    tm_entry_t *e = mk_tm_find(soc->hart.timing, &soc->hart, &k, BASE, last_w, &hit);
    assert_non_null(e);
    e->valid = true;
    e->gen = soc->hart.code_gen;
    return hit;
}

/* The memo's key: a span's state moved in time is the same key; a different fetch state (the
 * next request, a buffer's response), a different freeze interval that still matters, or a
 * different load-use register is not; an interval that ended before the span is left out; an
 * entry is not used once the code may have changed. */
static void test_memo_key(void **state)
{
    (void)state;
    mk_soc_t *soc = soc_with_latency(1);
    start(soc);
    assert_false(memo_probe(soc, 1000, 0));
    assert_true(memo_probe(soc, 1000, 0));
    assert_true(memo_probe(soc, 5000, 0));      /* moved in time */
    assert_true(memo_probe(soc, 5000, 4));      /* an old freeze interval */
    assert_false(memo_probe(soc, 5000, 2));     /* the next request one cycle later */
    assert_false(memo_probe(soc, 5000, 3));     /* the buffer one cycle later */
    assert_false(memo_probe(soc, 5000, 5));     /* the recent freeze interval longer */
    assert_false(memo_probe(soc, 5000, 6));     /* a load-use producer in flight */
    assert_true(memo_probe(soc, 7000, 0));
    uint32_t nop = NOP;
    put32(soc, 0x100, &nop, 1);                  /* (a write to a page without code) */
    assert_true(memo_probe(soc, 7000, 0));
    mk_mem_fast_flush(&soc->hart);
    assert_false(memo_probe(soc, 7000, 0));      /* the fast caches flushed */
    mk_soc_free(soc);
}

/* mk_soc_run and mk_soc_step agree on the cycle count (the run loop samples interrupts only
 * where they may have changed). */
static void test_run_matches_step(void **state)
{
    (void)state;
    mk_soc_t *a = soc_with_latency(2), *b = soc_with_latency(2);
    const uint32_t p[] = {
        AUIPC(3), LD(2, 3, 128), ADD(4, 2, 2), MUL(5, 4, 4), btype(1, 5, 0, 8), NOP,
        ADDI(1, 1, 1), jal(0, -28),
    };
    put32(a, 0, p, 8);
    put32(b, 0, p, 8);
    start(a);
    start(b);
    for (int i = 0; i < 60; i++)
        assert_int_equal(mk_soc_step(a, NULL), MK_RUN_OK);
    assert_int_equal(mk_soc_run(b, 60, 0), MK_RUN_OK);
    assert_int_equal(mk_soc_stats(a)->instret, 60);
    assert_int_equal(mk_soc_stats(b)->instret, 60);
    assert_int_equal(mk_soc_stats(a)->cycles, mk_soc_stats(b)->cycles);
    assert_true(mk_soc_stats(a)->cycles > 60);
    mk_soc_free(a);
    mk_soc_free(b);
}

/* The configuration refuses a zero latency. */
static void test_bad_latency(void **state)
{
    (void)state;
    mk_config_t cfg;
    char err[256];
    mk_config_default(&cfg);
    assert_int_equal(cfg.mem_latency, 1);
    cfg.mem_latency = 0;
    assert_null(mk_soc_new(&cfg, err, sizeof err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_straight_line_l1),
        cmocka_unit_test(test_straight_line_l3),
        cmocka_unit_test(test_compressed_and_crossing),
        cmocka_unit_test(test_load_use_l1),
        cmocka_unit_test(test_load_dram_l3),
        cmocka_unit_test(test_mmio_load_l3),
        cmocka_unit_test(test_branches_l1),
        cmocka_unit_test(test_muldiv_l1),
        cmocka_unit_test(test_csr_flush_l1),
        cmocka_unit_test(test_exception_mret_l1),
        cmocka_unit_test(test_wfi_timer_interrupt_l1),
        cmocka_unit_test(test_itlb_miss_4k_l1),
        cmocka_unit_test(test_itlb_miss_superpage_l3),
        cmocka_unit_test(test_itlb_prefetch_walk_next_page),
        cmocka_unit_test(test_itlb_fetch_page_fault),
        cmocka_unit_test(test_dtlb_miss_load_l1),
        cmocka_unit_test(test_dtlb_miss_load_l3),
        cmocka_unit_test(test_dtlb_walk_fault),
        cmocka_unit_test(test_dtlb_denied_hit),
        cmocka_unit_test(test_fetch_guest_fault_tval2),
        cmocka_unit_test(test_mmio_load_after_walk),
        cmocka_unit_test(test_sfence_vma_scoped),
        cmocka_unit_test(test_fast_loop_alu_l1),
        cmocka_unit_test(test_fast_loop_alu_l3),
        cmocka_unit_test(test_fast_loop_load_use_l1),
        cmocka_unit_test(test_fast_loop_branch_to_next),
        cmocka_unit_test(test_memo_key),
        cmocka_unit_test(test_memo_matches_step),
        cmocka_unit_test(test_memo_code_written),
        cmocka_unit_test(test_memo_self_modifying),
        cmocka_unit_test(test_memo_cycle_limit),
        cmocka_unit_test(test_memo_timer_interrupt),
        cmocka_unit_test(test_run_matches_step),
        cmocka_unit_test(test_bad_latency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
