/* The MMIO instruction decoder: every integer load and store, 32-bit and compressed, raw
 * and as htinst's transformed form; and the emulation that uses it on the virtual UART. */
#include "hv_test.h"

#include "emulate.h"
#include "mmio.h"

/* Encoders (unprivileged spec, I/S formats and RVC CL/CS/CI/CSS). */
static uint32_t load32(unsigned funct3, unsigned rd, unsigned rs1, int imm)
{
    return ((uint32_t)(imm & 0xfff) << 20) | rs1 << 15 | funct3 << 12 | rd << 7 | 0x03;
}

static uint32_t store32(unsigned funct3, unsigned rs2, unsigned rs1, int imm)
{
    return ((uint32_t)(imm >> 5 & 0x7f) << 25) | rs2 << 20 | rs1 << 15 | funct3 << 12 |
           (uint32_t)(imm & 0x1f) << 7 | 0x23;
}

static void expect(uint32_t insn, bool store, unsigned width, bool sign, unsigned reg,
                   unsigned len)
{
    struct hv_mmio_access a;
    assert_true(hv_mmio_decode(insn, &a));
    assert_int_equal(a.store, store);
    assert_int_equal(a.width, width);
    assert_int_equal(a.sign, sign);
    assert_int_equal(a.reg, reg);
    assert_int_equal(a.len, len);
}

static void loads_32bit(void **state)
{
    (void)state;
    expect(load32(0, 5, 10, 0), false, 1, true, 5, 4);      /* lb */
    expect(load32(1, 6, 10, -4), false, 2, true, 6, 4);     /* lh */
    expect(load32(2, 7, 10, 8), false, 4, true, 7, 4);      /* lw */
    expect(load32(3, 31, 10, 2047), false, 8, false, 31, 4); /* ld */
    expect(load32(4, 1, 2, 0), false, 1, false, 1, 4);      /* lbu */
    expect(load32(5, 2, 3, 0), false, 2, false, 2, 4);      /* lhu */
    expect(load32(6, 3, 4, 0), false, 4, false, 3, 4);      /* lwu */
    expect(load32(0, 0, 1, 0), false, 1, true, 0, 4);       /* lb x0: still an access */
    struct hv_mmio_access a;
    assert_false(hv_mmio_decode(load32(7, 1, 1, 0), &a));   /* no such load */
}

static void stores_32bit(void **state)
{
    (void)state;
    expect(store32(0, 9, 10, 0), true, 1, false, 9, 4);     /* sb */
    expect(store32(1, 11, 10, -2), true, 2, false, 11, 4);  /* sh */
    expect(store32(2, 12, 10, 100), true, 4, false, 12, 4); /* sw */
    expect(store32(3, 0, 10, -2048), true, 8, false, 0, 4); /* sd x0 */
    struct hv_mmio_access a;
    assert_false(hv_mmio_decode(store32(4, 1, 1, 0), &a));
}

static void compressed_register_forms(void **state)
{
    (void)state;
    /* c.lw a0, 0(a1) = 0x4188; c.ld a5, 8(a0) = 0x651c; c.sw a2, 4(a3) = 0xc2d0;
     * c.sd s1, 0(s0) = 0xe004 (rs2' = s1 = x9). */
    expect(0x4188, false, 4, true, 10, 2);
    expect(0x651c, false, 8, false, 15, 2);
    expect(0xc2d0, true, 4, false, 12, 2);
    expect(0xe004, true, 8, false, 9, 2);
}

static void compressed_sp_forms(void **state)
{
    (void)state;
    /* c.lwsp a0, 4(sp) = 0x4512; c.ldsp ra, 8(sp) = 0x60a2; c.swsp a1, 12(sp) = 0xc62e;
     * c.sdsp s0, 16(sp) = 0xe822. */
    expect(0x4512, false, 4, true, 10, 2);
    expect(0x60a2, false, 8, false, 1, 2);
    expect(0xc62e, true, 4, false, 11, 2);
    expect(0xe822, true, 8, false, 8, 2);
}

static void not_loads_or_stores(void **state)
{
    (void)state;
    struct hv_mmio_access a;
    assert_false(hv_mmio_decode(0x00000013, &a));  /* nop (addi) */
    assert_false(hv_mmio_decode(0x0000202f, &a));  /* amoadd.w */
    assert_false(hv_mmio_decode(0x10500073, &a));  /* wfi */
    assert_false(hv_mmio_decode(0x0001, &a));      /* c.nop */
    assert_false(hv_mmio_decode(0x2000, &a));      /* c.fld */
    assert_false(hv_mmio_decode(0xa000, &a));      /* c.fsd */
    assert_false(hv_mmio_decode(0x4002, &a));      /* c.lwsp x0: reserved */
    assert_false(hv_mmio_decode(0x8082, &a));      /* c.jr ra */
    assert_false(hv_mmio_decode(0x0000, &a));      /* the illegal all-zero halfword */
}

static void htinst_transformed(void **state)
{
    (void)state;
    struct hv_mmio_access a;
    /* A 32-bit lbu a0 with rs1 and the offset zeroed. */
    assert_true(hv_mmio_decode_htinst(load32(4, 10, 0, 0), &a));
    assert_false(a.store);
    assert_int_equal(a.width, 1);
    assert_int_equal(a.reg, 10);
    assert_int_equal(a.len, 4);
    /* c.sw's transformation: sw with bit 1 clear: a 2-byte instruction. */
    assert_true(hv_mmio_decode_htinst(store32(2, 12, 0, 0) & ~2U, &a));
    assert_true(a.store);
    assert_int_equal(a.width, 4);
    assert_int_equal(a.reg, 12);
    assert_int_equal(a.len, 2);
    /* c.ld a5: ld with bit 1 clear. */
    assert_true(hv_mmio_decode_htinst(load32(3, 15, 0, 0) & ~2U, &a));
    assert_int_equal(a.len, 2);
    assert_int_equal(a.width, 8);
    /* Zero and the pseudoinstructions of implicit accesses: read the instruction instead. */
    assert_false(hv_mmio_decode_htinst(0, &a));
    assert_false(hv_mmio_decode_htinst(0x00002000, &a));
    assert_false(hv_mmio_decode_htinst(0x00003000, &a));
    assert_false(hv_mmio_decode_htinst(0x00003020, &a));
    assert_false(hv_mmio_decode_htinst(0x0000202f, &a));  /* an AMO: not emulated */
}

static void emulation_on_the_uart(void **state)
{
    (void)state;
    struct hv_vm *vm = calloc(1, sizeof *vm);
    strcpy(vm->name, "g");
    hv_vuart_init(&vm->uart, 0);
    vm->vcpu.pc = 0x80200000;
    console_reset();
    struct hv_mmio_access a;
    /* sb a0, 0(a1) with a0 = 'x', then '\n': one line out. */
    assert_true(hv_mmio_decode(store32(0, 10, 11, 0), &a));
    vm->vcpu.x[10] = 'x';
    assert_true(hv_emulate_mmio(vm, 0x10000000, &a));
    vm->vcpu.x[10] = '\n';
    assert_true(hv_emulate_mmio(vm, 0x10000000, &a));
    assert_string_equal(console_buf, "[g] x\n");
    assert_int_equal(vm->vcpu.pc, 0x80200008);
    /* lb t0, 5(a1): LSR, 0x60, sign-extended stays positive. c.lw: a word, not emulated. */
    assert_true(hv_mmio_decode(load32(0, 5, 11, 5), &a));
    vm->vcpu.x[5] = 0xdead;
    assert_true(hv_emulate_mmio(vm, 0x10000005, &a));
    assert_int_equal(vm->vcpu.x[5], 0x60);
    /* Write SCR 0xff, read back with lb (sign-extends) and lbu. */
    assert_true(hv_mmio_decode(store32(0, 6, 11, 7), &a));
    vm->vcpu.x[6] = 0x1ff;
    assert_true(hv_emulate_mmio(vm, 0x10000007, &a));
    assert_true(hv_mmio_decode(load32(0, 7, 11, 7), &a));
    assert_true(hv_emulate_mmio(vm, 0x10000007, &a));
    assert_int_equal(vm->vcpu.x[7], UINT64_MAX);
    assert_true(hv_mmio_decode(load32(4, 7, 11, 7), &a));
    assert_true(hv_emulate_mmio(vm, 0x10000007, &a));
    assert_int_equal(vm->vcpu.x[7], 0xff);
    /* A load into x0 changes nothing but the pc. */
    uint64_t pc = vm->vcpu.pc;
    assert_true(hv_mmio_decode(load32(4, 0, 11, 5), &a));
    assert_true(hv_emulate_mmio(vm, 0x10000005, &a));
    assert_int_equal(vm->vcpu.x[0], 0);
    assert_int_equal(vm->vcpu.pc, pc + 4);
    /* Not emulated: wider accesses, past the registers, elsewhere. pc unchanged. */
    pc = vm->vcpu.pc;
    assert_true(hv_mmio_decode(0x4188, &a));
    assert_false(hv_emulate_mmio(vm, 0x10000000, &a));
    assert_true(hv_mmio_decode(load32(4, 7, 11, 0), &a));
    assert_false(hv_emulate_mmio(vm, 0x10000008, &a));
    assert_false(hv_emulate_mmio(vm, 0x0fffffff, &a));
    assert_false(hv_emulate_mmio(vm, 0x02000000, &a));
    assert_int_equal(vm->vcpu.pc, pc);
    free(vm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_32bit),
        cmocka_unit_test(stores_32bit),
        cmocka_unit_test(compressed_register_forms),
        cmocka_unit_test(compressed_sp_forms),
        cmocka_unit_test(not_loads_or_stores),
        cmocka_unit_test(htinst_transformed),
        cmocka_unit_test(emulation_on_the_uart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
