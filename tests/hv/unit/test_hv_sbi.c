/* SBI dispatch for guests: every implemented call, probe's truthfulness, the errors, and the
 * actions handed back to the hardware side. */
#include "hv_test.h"

#include "sbi.h"
#include "sbi/sbi_ids.h"

#define MEM (4UL << 20)

struct fixture {
    struct hv_vm vm;
    uint8_t *mem;
};

static const struct hv_sbi_platform platform = {0, 0x4D4B0001, 0x00010000};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->mem = calloc(1, MEM);
    f->vm.host_base = (uint64_t)(uintptr_t)f->mem;
    f->vm.mem_size = MEM;
    strcpy(f->vm.name, "guest");
    hv_vuart_init(&f->vm.uart, 0);
    console_reset();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    free(f->mem);
    free(f);
    return 0;
}

static struct hv_sbi_result call(struct fixture *f, uint64_t eid, uint64_t fid, uint64_t a0,
                                 uint64_t a1, uint64_t a2)
{
    uint64_t a[8] = {a0, a1, a2, 0, 0, 0, fid, eid};
    return hv_sbi_dispatch(&f->vm, a, &platform);
}

static void base_functions(void **state)
{
    struct fixture *f = *state;
    struct hv_sbi_result r = call(f, SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0);
    assert_int_equal(r.error, 0);
    assert_int_equal(r.value, 0x02000000);
    assert_false(r.legacy);
    assert_int_equal(call(f, SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0).value, HV_SBI_IMPL_ID);
    assert_int_equal(call(f, SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0, 0).value, 1);
    assert_int_equal(call(f, SBI_EXT_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0).value, 0);
    assert_int_equal(call(f, SBI_EXT_BASE, SBI_BASE_GET_MARCHID, 0, 0, 0).value, 0x4D4B0001);
    assert_int_equal(call(f, SBI_EXT_BASE, SBI_BASE_GET_MIMPID, 0, 0, 0).value, 0x10000);
    assert_int_equal(call(f, SBI_EXT_BASE, 7, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    assert_int_equal(f->vm.stats.sbi_calls, 7);
}

static void probe_is_truthful(void **state)
{
    struct fixture *f = *state;
    const uint64_t yes[] = {SBI_EXT_BASE, SBI_EXT_TIME, SBI_EXT_DBCN, SBI_EXT_SRST, SBI_EXT_HSM,
                            SBI_EXT_LEGACY_CONSOLE_PUTCHAR, SBI_EXT_LEGACY_CONSOLE_GETCHAR};
    const uint64_t no[] = {SBI_EXT_IPI, SBI_EXT_RFENCE, SBI_EXT_LEGACY_SET_TIMER,
                           SBI_EXT_LEGACY_SHUTDOWN, 0x504D55 /* PMU */, 0x12345678};
    for (unsigned i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        struct hv_sbi_result r = call(f, SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, yes[i], 0, 0);
        assert_int_equal(r.error, 0);
        assert_int_equal(r.value, 1);
    }
    for (unsigned i = 0; i < sizeof no / sizeof no[0]; i++) {
        struct hv_sbi_result r = call(f, SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, no[i], 0, 0);
        assert_int_equal(r.error, 0);
        assert_int_equal(r.value, 0);
        /* and what probe says is absent really answers NOT_SUPPORTED */
        assert_int_equal(call(f, no[i], 0, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    }
}

static void time_set_timer(void **state)
{
    struct fixture *f = *state;
    struct hv_sbi_result r = call(f, SBI_EXT_TIME, SBI_TIME_SET_TIMER, 123456, 0, 0);
    assert_int_equal(r.error, 0);
    assert_int_equal(r.action, HV_SBI_SET_TIMER);
    assert_int_equal(r.arg, 123456);
    r = call(f, SBI_EXT_TIME, 1, 0, 0, 0);
    assert_int_equal(r.error, SBI_ERR_NOT_SUPPORTED);
    assert_int_equal(r.action, HV_SBI_DONE);
}

static void dbcn_write(void **state)
{
    struct fixture *f = *state;
    memcpy(f->mem + 0x1000, "hi there\nmore", 13);
    struct hv_sbi_result r = call(f, SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 13, 0x80001000, 0);
    assert_int_equal(r.error, 0);
    assert_int_equal(r.value, 13);
    assert_string_equal(console_buf, "[guest] hi there\n");  /* "more" waits for its '\n' */
    r = call(f, SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, '\n', 0, 0);
    assert_int_equal(r.error, 0);
    assert_string_equal(console_buf, "[guest] hi there\n[guest] more\n");
    assert_int_equal(call(f, SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 0, 0, 0).value, 0);
}

static void dbcn_refuses_memory_not_its_own(void **state)
{
    struct fixture *f = *state;
    const uint64_t bad[][3] = {
        {4, 0x7ffffffc, 0},               /* below guest DRAM */
        {8, 0x80000000 + MEM - 4, 0},     /* runs past its end */
        {1, 0x80000000 + MEM, 0},         /* just past */
        {4, 0x80001000, 1},               /* high half of the address */
        {UINT64_MAX, 0x80000000, 0},      /* huge length */
    };
    for (unsigned i = 0; i < 5; i++) {
        assert_int_equal(call(f, SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, bad[i][0], bad[i][1],
                              bad[i][2]).error, SBI_ERR_INVALID_PARAM);
        assert_int_equal(call(f, SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, bad[i][0], bad[i][1],
                              bad[i][2]).error, SBI_ERR_INVALID_PARAM);
    }
    assert_int_equal(console_len, 0);
    struct hv_sbi_result r = call(f, SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 16, 0x80001000, 0);
    assert_int_equal(r.error, 0);
    assert_int_equal(r.value, 0);  /* no input for guests */
    assert_int_equal(call(f, SBI_EXT_DBCN, 3, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
}

static void legacy_console(void **state)
{
    struct fixture *f = *state;
    struct hv_sbi_result r = call(f, SBI_EXT_LEGACY_CONSOLE_PUTCHAR, 0, 'A', 0, 0);
    assert_true(r.legacy);
    assert_int_equal(r.error, 0);
    call(f, SBI_EXT_LEGACY_CONSOLE_PUTCHAR, 0, '\n', 0, 0);
    assert_string_equal(console_buf, "[guest] A\n");
    r = call(f, SBI_EXT_LEGACY_CONSOLE_GETCHAR, 0, 0, 0, 0);
    assert_true(r.legacy);
    assert_int_equal(r.error, -1);
    r = call(f, SBI_EXT_LEGACY_SET_TIMER, 0, 0, 0, 0);
    assert_true(r.legacy);
    assert_int_equal(r.error, SBI_ERR_NOT_SUPPORTED);
}

static void srst(void **state)
{
    struct fixture *f = *state;
    struct hv_sbi_result r = call(f, SBI_EXT_SRST, 0, SBI_SRST_TYPE_SHUTDOWN, 0, 0);
    assert_int_equal(r.action, HV_SBI_SHUTDOWN);
    assert_int_equal(r.arg, 0);
    r = call(f, SBI_EXT_SRST, 0, SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYSFAIL, 0);
    assert_int_equal(r.arg, 1);
    r = call(f, SBI_EXT_SRST, 0, SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_EXIT_CODE | 42, 0);
    assert_int_equal(r.arg, 42);
    r = call(f, SBI_EXT_SRST, 0, SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_EXIT_CODE, 0);
    assert_int_equal(r.arg, 1);
    r = call(f, SBI_EXT_SRST, 0, SBI_SRST_TYPE_COLD_REBOOT, 0, 0);
    assert_int_equal(r.action, HV_SBI_SHUTDOWN);
    r = call(f, SBI_EXT_SRST, 0, 3, 0, 0);  /* reserved type */
    assert_int_equal(r.error, SBI_ERR_INVALID_PARAM);
    assert_int_equal(r.action, HV_SBI_DONE);
    r = call(f, SBI_EXT_SRST, 0, 0, 2, 0);  /* reserved reason */
    assert_int_equal(r.error, SBI_ERR_INVALID_PARAM);
    r = call(f, SBI_EXT_SRST, 0, 0, 0xF0000000, 0);  /* vendor reason */
    assert_int_equal(r.error, SBI_ERR_INVALID_PARAM);
    r = call(f, SBI_EXT_SRST, 1, 0, 0, 0);
    assert_int_equal(r.error, SBI_ERR_NOT_SUPPORTED);
    assert_int_equal(r.action, HV_SBI_DONE);
}

static void hsm(void **state)
{
    struct fixture *f = *state;
    struct hv_sbi_result r = call(f, SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, 0, 0, 0);
    assert_int_equal(r.error, 0);
    assert_int_equal(r.value, SBI_HSM_STATE_STARTED);
    assert_int_equal(call(f, SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, 1, 0, 0).error,
                     SBI_ERR_INVALID_PARAM);
    assert_int_equal(call(f, SBI_EXT_HSM, SBI_HSM_HART_START, 0, 0, 0).error,
                     SBI_ERR_NOT_SUPPORTED);
    assert_int_equal(call(f, SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0).error,
                     SBI_ERR_NOT_SUPPORTED);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(base_functions), T(probe_is_truthful), T(time_set_timer), T(dbcn_write),
        T(dbcn_refuses_memory_not_its_own), T(legacy_console), T(srst), T(hsm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
