/* sbi_firmware: an S-mode payload that checks Matryoshka's M-mode firmware from below: the
 * SBI answers (Base, probe, TIME, DBCN bounds, legacy console, HSM, SRST parameter checks,
 * NOT_SUPPORTED for the rest), the PMP hiding the firmware, delegation, the counters, and
 * last the exit-code path of SRST (it exits with code 3 on purpose: @exit 3).
 * Firmware-specific, so not run under OpenSBI (@no-opensbi). */
#include "guest.h"

#define FW_BASE 0x80000000UL
#define DRAM_END 0x90000000UL  /* 256 MiB: rvsim's default and the runner's QEMU -m */
#define EXIT_CODE_ON_SUCCESS 3

static int failures;
static volatile unsigned long last_cause, last_tval;

static void check(const char *what, long got, long want)
{
    if (got == want) {
        printf("ok   %s\n", what);
    } else {
        printf("FAIL %s: got %ld, want %ld\n", what, got, want);
        failures++;
    }
}

/* Records an exception and skips the instruction (all probes below are 4-byte ones). */
static void skip_faulting(struct guest_trap_frame *f)
{
    last_cause = f->scause;
    last_tval = f->stval;
    f->sepc += 4;
}

static struct sbiret call(unsigned long eid, unsigned long fid, unsigned long a0,
                          unsigned long a1, unsigned long a2)
{
    return sbi_ecall(eid, fid, a0, a1, a2);
}

static void check_base(void)
{
    check("base: spec version 2.0", sbi_get_spec_version(), (long)SBI_SPEC_VERSION(2, 0));
    check("base: impl id 0x4d4b", sbi_get_impl_id(), 0x4d4b);
    check("base: impl version 0.1", call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0, 0).value,
          1);
    check("base: mvendorid", call(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0).error, 0);
    check("base: marchid", call(SBI_EXT_BASE, SBI_BASE_GET_MARCHID, 0, 0, 0).error, 0);
    check("base: mimpid", call(SBI_EXT_BASE, SBI_BASE_GET_MIMPID, 0, 0, 0).error, 0);
    check("base: unknown function", call(SBI_EXT_BASE, 99, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    static const unsigned long present[] = {SBI_EXT_BASE, SBI_EXT_TIME, SBI_EXT_DBCN,
                                            SBI_EXT_SRST, SBI_EXT_HSM,
                                            SBI_EXT_LEGACY_CONSOLE_PUTCHAR,
                                            SBI_EXT_LEGACY_CONSOLE_GETCHAR};
    static const unsigned long absent[] = {SBI_EXT_IPI, SBI_EXT_RFENCE, SBI_EXT_LEGACY_SET_TIMER,
                                           SBI_EXT_LEGACY_SHUTDOWN, 0x12345678};
    long n = 0;
    for (unsigned i = 0; i < sizeof present / sizeof present[0]; i++)
        n += sbi_probe_extension(present[i]) == 1;
    check("probe: the 7 implemented extensions answer 1", n, 7);
    n = 0;
    for (unsigned i = 0; i < sizeof absent / sizeof absent[0]; i++)
        n += sbi_probe_extension(absent[i]) == 0;
    check("probe: 5 others answer 0", n, 5);
    check("unknown extension: NOT_SUPPORTED", call(0x12345678, 0, 0, 0, 0).error,
          SBI_ERR_NOT_SUPPORTED);
    check("IPI: NOT_SUPPORTED", call(SBI_EXT_IPI, 0, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
}

static void check_console(void)
{
    static const char msg[] = "dbcn write\n";
    check("dbcn: write returns the length",
          sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, sizeof msg - 1, (unsigned long)msg, 0)
              .value,
          (long)sizeof msg - 1);
    check("dbcn: write of nothing", sbi_dbcn_write(msg, 0).value, 0);
    check("dbcn: firmware memory refused",
          sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 4, FW_BASE, 0).error,
          SBI_ERR_INVALID_PARAM);
    check("dbcn: address above 4 GiB refused",
          sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 4, (unsigned long)msg, 1).error,
          SBI_ERR_INVALID_PARAM);
    check("dbcn: range past the end of DRAM refused",
          sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 8, DRAM_END - 4, 0).error,
          SBI_ERR_INVALID_PARAM);
    check("dbcn: huge length refused",
          sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, ~0UL, (unsigned long)msg, 0).error,
          SBI_ERR_INVALID_PARAM);
    static char in[8];
    check("dbcn: read with no input gives 0 bytes",
          sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, sizeof in, (unsigned long)in, 0).value,
          0);
    check("dbcn: write_byte", sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, '\n', 0, 0).error,
          0);
    check("dbcn: unknown function", sbi_ecall(SBI_EXT_DBCN, 7, 0, 0, 0).error,
          SBI_ERR_NOT_SUPPORTED);
    check("legacy putchar", sbi_legacy_putchar('\n'), 0);
    check("legacy getchar with no input", sbi_ecall(SBI_EXT_LEGACY_CONSOLE_GETCHAR, 0, 0, 0, 0).error,
          -1);
}

static void check_hsm_srst_time(void)
{
    check("hsm: hart 0 started", sbi_hart_get_status(0).value, SBI_HSM_STATE_STARTED);
    check("hsm: hart 5 does not exist", sbi_hart_get_status(5).error, SBI_ERR_INVALID_PARAM);
    check("hsm: start hart 0", call(SBI_EXT_HSM, SBI_HSM_HART_START, 0, 0, 0).error,
          SBI_ERR_ALREADY_AVAILABLE);
    check("hsm: stop", call(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    check("srst: reserved type", sbi_system_reset(3, 0), SBI_ERR_INVALID_PARAM);
    check("srst: reserved reason", sbi_system_reset(0, 2), SBI_ERR_INVALID_PARAM);
    check("srst: vendor reason", sbi_system_reset(0, 0xF0000000UL), SBI_ERR_INVALID_PARAM);
    check("srst: unknown function", call(SBI_EXT_SRST, 1, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    check("time: set_timer far away", sbi_set_timer(UINT64_MAX - 1), 0);
    check("time: unknown function", call(SBI_EXT_TIME, 1, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    check("time: no timer interrupt pending", (long)(csr_read(sip) & SIE_STIE), 0);
}

static void check_protection(void)
{
    guest_set_exception_handler(EXC_LOAD_ACCESS, skip_faulting);
    guest_set_exception_handler(EXC_STORE_ACCESS, skip_faulting);
    guest_set_exception_handler(EXC_ILLEGAL_INSN, skip_faulting);

    last_cause = 0;
    __asm__ volatile("ld zero, 0(%0)" ::"r"(FW_BASE + 0x100) : "memory");
    check("pmp: load from the firmware faults", (long)last_cause, EXC_LOAD_ACCESS);
    check("pmp: fault address", (long)last_tval, (long)(FW_BASE + 0x100));
    last_cause = 0;
    __asm__ volatile("sd zero, 0(%0)" ::"r"(FW_BASE + 0x1ffff8) : "memory");
    check("pmp: store to the firmware's last doubleword faults", (long)last_cause,
          EXC_STORE_ACCESS);
    last_cause = 0;
    __asm__ volatile(".option push\n.option norvc\nld zero, 0(%0)\n.option pop"
                     ::"r"(FW_BASE + 0x200000) : "memory");
    check("pmp: the payload's first byte is readable", (long)last_cause, 0);
    last_cause = 0;
    __asm__ volatile(".option push\n.option norvc\ncsrr zero, mstatus\n.option pop" ::: "memory");
    check("delegation: illegal instruction reaches S", (long)last_cause, EXC_ILLEGAL_INSN);
    last_cause = 0;
    uint64_t t0 = guest_time(), c0 = guest_cycles(), i0 = csr_read(instret);
    check("counters: time, cycle and instret readable",
          (long)(last_cause == 0 && guest_time() >= t0 && guest_cycles() > c0 &&
                 csr_read(instret) > i0), 1);
}

int guest_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    check_base();
    check_console();
    check_hsm_srst_time();
    check_protection();
    printf("%d failure(s); exiting with code %d through SRST\n", failures,
           failures ? 1 : EXIT_CODE_ON_SUCCESS);
    return failures ? 1 : EXIT_CODE_ON_SUCCESS;
}
