/* The ELF loader: every malformed-input error, a good load, and no crash on mutated input. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "elf.h"
#include "soc.h"

#define MEM_SIZE (1u << 20)     /* DRAM 0x80000000-0x80100000 */
#define IMG_SIZE 0x3C0u
#define DATA_OFF 0x100u
#define DATA_LEN 16u
#define DATA_MEMSZ 32u
#define STR_OFF 0x200u
#define SYM_OFF 0x240u
#define SH_OFF 0x300u
#define LOAD_ADDR 0x80001000u
#define ENTRY 0x80001004u
#define TOHOST 0x80002000u
#define FROMHOST 0x80002040u

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }

/* Offsets of fields we mutate. */
#define E_CLASS 4
#define E_DATA 5
#define E_TYPE 16
#define E_MACHINE 18
#define E_PHOFF 32
#define E_SHOFF 40
#define E_PHNUM 56
#define PH(f) (0x40 + (f))
#define P_TYPE 0
#define P_OFFSET 8
#define P_PADDR 24
#define P_FILESZ 32
#define P_MEMSZ 40
#define SH(i, f) (SH_OFF + 64 * (i) + (f))

/* A minimal valid RV64 executable: one PT_LOAD segment and a .symtab with tohost/fromhost. */
static void build_good(uint8_t *e)
{
    memset(e, 0, IMG_SIZE);
    memcpy(e, "\177ELF", 4);
    e[E_CLASS] = MK_ELFCLASS64;
    e[E_DATA] = MK_ELFDATA2LSB;
    e[6] = 1;
    put16(e + E_TYPE, MK_ET_EXEC);
    put16(e + E_MACHINE, MK_EM_RISCV);
    put32(e + 20, 1);
    put64(e + 24, ENTRY);
    put64(e + E_PHOFF, 0x40);
    put64(e + E_SHOFF, SH_OFF);
    put16(e + 52, MK_ELF_EHDR_SIZE);
    put16(e + 54, MK_ELF_PHDR_SIZE);
    put16(e + E_PHNUM, 1);
    put16(e + 58, MK_ELF_SHDR_SIZE);
    put16(e + 60, 3);
    put16(e + 62, 2);

    put32(e + PH(P_TYPE), MK_PT_LOAD);
    put64(e + PH(P_OFFSET), DATA_OFF);
    put64(e + PH(16), LOAD_ADDR);
    put64(e + PH(P_PADDR), LOAD_ADDR);
    put64(e + PH(P_FILESZ), DATA_LEN);
    put64(e + PH(P_MEMSZ), DATA_MEMSZ);
    for (unsigned i = 0; i < DATA_LEN; i++)
        e[DATA_OFF + i] = (uint8_t)(0x10 + i);

    static const char strtab[] = "\0tohost\0fromhost";    /* names at 1 and 8 */
    memcpy(e + STR_OFF, strtab, sizeof strtab);
    put32(e + SYM_OFF + 24, 1);
    put64(e + SYM_OFF + 24 + 8, TOHOST);
    put32(e + SYM_OFF + 48, 8);
    put64(e + SYM_OFF + 48 + 8, FROMHOST);

    put32(e + SH(1, 4), MK_SHT_SYMTAB);
    put64(e + SH(1, 24), SYM_OFF);
    put64(e + SH(1, 32), 3 * MK_ELF_SYM_SIZE);
    put32(e + SH(1, 40), 2);
    put64(e + SH(1, 56), MK_ELF_SYM_SIZE);
    put32(e + SH(2, 4), 3);     /* SHT_STRTAB */
    put64(e + SH(2, 24), STR_OFF);
    put64(e + SH(2, 32), sizeof strtab);
}

typedef struct fixture {
    mk_soc_t *soc;
    char path[64];
    uint8_t img[IMG_SIZE];
    char err[512];
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    mk_config_t cfg;
    mk_config_default(&cfg);
    cfg.mem_size = MEM_SIZE;
    cfg.uart_in_stdin = false;
    char err[256];
    f->soc = mk_soc_new(&cfg, err, sizeof err);
    if (!f->soc)
        fail_msg("mk_soc_new: %s", err);
    strcpy(f->path, "/tmp/mk_test_elf_XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    close(fd);
    build_good(f->img);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    unlink(f->path);
    mk_soc_free(f->soc);
    free(f);
    return 0;
}

/* Writes len bytes of img to the temp file and loads it; returns the loader's result. */
static int load_bytes(fixture_t *f, const uint8_t *img, size_t len)
{
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(img, 1, len, fp), len);
    fclose(fp);
    f->err[0] = '\0';
    return mk_soc_load_elf(f->soc, f->path, f->err, sizeof f->err);
}

/* Loads f->img (maybe mutated) and expects failure with "<path>: <msg>". */
static void expect_error(fixture_t *f, size_t len, const char *msg)
{
    assert_int_equal(load_bytes(f, f->img, len), -1);
    char want[600];
    snprintf(want, sizeof want, "%s: %s", f->path, msg);
    assert_string_equal(f->err, want);
    assert_null(strchr(f->err, '\n'));
}

static void test_good_elf_loads(void **state)
{
    fixture_t *f = *state;
    uint8_t junk[DATA_MEMSZ];
    memset(junk, 0xAA, sizeof junk);
    assert_int_equal(mk_soc_phys_write(f->soc, LOAD_ADDR, junk, sizeof junk), 0);

    assert_int_equal(load_bytes(f, f->img, IMG_SIZE), 0);
    uint8_t got[DATA_MEMSZ];
    assert_int_equal(mk_soc_phys_read(f->soc, LOAD_ADDR, got, sizeof got), 0);
    for (unsigned i = 0; i < DATA_LEN; i++)
        assert_int_equal(got[i], 0x10 + i);
    for (unsigned i = DATA_LEN; i < DATA_MEMSZ; i++)
        assert_int_equal(got[i], 0);    /* p_memsz beyond p_filesz is zero-filled */
    assert_int_equal(f->soc->tohost, TOHOST);
    assert_int_equal(f->soc->fromhost, FROMHOST);
    uint64_t entry = 0;
    assert_int_equal(mk_soc_phys_read(f->soc, MK_BOOTROM_BASE + 0x18, &entry, 8), 0);
    assert_int_equal(entry, ENTRY);
    assert_false(mk_soc_page_is_plain_ram(f->soc, TOHOST & ~0xFFFu));
    assert_true(mk_soc_page_is_plain_ram(f->soc, LOAD_ADDR));
}

static void test_no_symtab_is_fine(void **state)
{
    fixture_t *f = *state;
    put64(f->img + E_SHOFF, 0);
    put16(f->img + 60, 0);
    assert_int_equal(load_bytes(f, f->img, IMG_SIZE), 0);
    assert_int_equal(f->soc->tohost, 0);
}

static void test_missing_file(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(mk_soc_load_elf(f->soc, "/nonexistent/x.elf", f->err, sizeof f->err), -1);
    assert_string_equal(f->err, "cannot open /nonexistent/x.elf: No such file or directory");
}

static void test_directory(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(mk_soc_load_elf(f->soc, "/tmp", f->err, sizeof f->err), -1);
    assert_string_equal(f->err, "cannot open /tmp: Is a directory");
}

static void test_empty_and_bad_magic(void **state)
{
    fixture_t *f = *state;
    expect_error(f, 0, "not an ELF file (bad magic)");
    expect_error(f, 3, "not an ELF file (bad magic)");
    f->img[1] = 'e';
    expect_error(f, IMG_SIZE, "not an ELF file (bad magic)");
}

static void test_too_short(void **state)
{
    fixture_t *f = *state;
    expect_error(f, 4, "file too short for an ELF header");
    expect_error(f, 63, "file too short for an ELF header");
}

static void test_elf32(void **state)
{
    fixture_t *f = *state;
    f->img[E_CLASS] = MK_ELFCLASS32;
    expect_error(f, IMG_SIZE, "ELF32 is not supported; need ELF64");
    expect_error(f, 52, "ELF32 is not supported; need ELF64");   /* an ELF32 header's size */
    f->img[E_CLASS] = 7;
    expect_error(f, IMG_SIZE, "bad ELF class 7");
}

static void test_big_endian(void **state)
{
    fixture_t *f = *state;
    f->img[E_DATA] = MK_ELFDATA2MSB;
    expect_error(f, IMG_SIZE, "big-endian ELF is not supported; need little-endian");
    f->img[E_DATA] = 0;
    expect_error(f, IMG_SIZE, "bad ELF data encoding 0");
}

static void test_not_riscv(void **state)
{
    fixture_t *f = *state;
    put16(f->img + E_MACHINE, 62);
    expect_error(f, IMG_SIZE, "not a RISC-V ELF (e_machine 62, need 243)");
}

static void test_not_executable(void **state)
{
    fixture_t *f = *state;
    put16(f->img + E_TYPE, 1);
    expect_error(f, IMG_SIZE, "not an executable ELF (e_type 1, need ET_EXEC)");
    put16(f->img + E_TYPE, 3);
    expect_error(f, IMG_SIZE, "not an executable ELF (e_type 3, need ET_EXEC)");
}

static void test_phdrs_outside_file(void **state)
{
    fixture_t *f = *state;
    put64(f->img + E_PHOFF, IMG_SIZE - 8);
    expect_error(f, IMG_SIZE, "program header table is outside the file");
    put64(f->img + E_PHOFF, UINT64_MAX - 8);    /* offset + size overflows */
    expect_error(f, IMG_SIZE, "program header table is outside the file");
    put64(f->img + E_PHOFF, 0x40);
    put16(f->img + E_PHNUM, 0xFFFF);
    expect_error(f, IMG_SIZE, "program header table is outside the file");
    put16(f->img + E_PHNUM, 0);
    expect_error(f, IMG_SIZE, "no program headers");
}

static void test_shdrs_outside_file(void **state)
{
    fixture_t *f = *state;
    put64(f->img + E_SHOFF, IMG_SIZE - 64);
    expect_error(f, IMG_SIZE, "section header table is outside the file");
    put64(f->img + E_SHOFF, UINT64_MAX - 63);
    expect_error(f, IMG_SIZE, "section header table is outside the file");
}

static void test_symtab_outside_file(void **state)
{
    fixture_t *f = *state;
    put64(f->img + SH(1, 32), 0x10000 * MK_ELF_SYM_SIZE);
    expect_error(f, IMG_SIZE, "symbol table is outside the file or malformed");
    build_good(f->img);
    put64(f->img + SH(2, 24), UINT64_MAX);
    expect_error(f, IMG_SIZE, "string table is outside the file");
    build_good(f->img);
    put32(f->img + SH(1, 40), 9);
    expect_error(f, IMG_SIZE, "symbol table has a bad string table index");
}

static void test_segment_data_outside_file(void **state)
{
    fixture_t *f = *state;
    put64(f->img + PH(P_OFFSET), IMG_SIZE - 4);
    expect_error(f, IMG_SIZE, "segment 0 data is outside the file");
    put64(f->img + PH(P_OFFSET), UINT64_MAX - 4);
    expect_error(f, IMG_SIZE, "segment 0 data is outside the file");
}

static void test_filesz_above_memsz(void **state)
{
    fixture_t *f = *state;
    put64(f->img + PH(P_MEMSZ), 8);
    expect_error(f, IMG_SIZE, "segment 0 has p_filesz 0x10 > p_memsz 0x8");
}

static void test_segment_outside_memory(void **state)
{
    fixture_t *f = *state;
    put64(f->img + PH(P_PADDR), 0x70000000);
    expect_error(f, IMG_SIZE, "segment 0x70000000-0x70000020 is outside memory "
                              "0x80000000-0x80100000");
    put64(f->img + PH(P_PADDR), 0x800FFFF0);    /* straddles the end of DRAM */
    expect_error(f, IMG_SIZE, "segment 0x800ffff0-0x80100010 is outside memory "
                              "0x80000000-0x80100000");
    put64(f->img + PH(P_PADDR), UINT64_MAX - 8);
    expect_error(f, IMG_SIZE, "segment 0 address range overflows");
}

static void test_no_loadable_segment(void **state)
{
    fixture_t *f = *state;
    put32(f->img + PH(P_TYPE), 4);  /* PT_NOTE */
    expect_error(f, IMG_SIZE, "no loadable segments");
}

static void test_bad_tohost(void **state)
{
    fixture_t *f = *state;
    put64(f->img + SYM_OFF + 24 + 8, 0x20000000);
    expect_error(f, IMG_SIZE, "tohost at 0x20000000 is not an aligned doubleword in memory");
    put64(f->img + SYM_OFF + 24 + 8, TOHOST + 4);
    expect_error(f, IMG_SIZE, "tohost at 0x80002004 is not an aligned doubleword in memory");
}

static void test_failed_load_writes_nothing(void **state)
{
    fixture_t *f = *state;
    put16(f->img + 60, 3);
    put64(f->img + SH(1, 24), UINT64_MAX);     /* valid segment, broken symbol table */
    assert_int_equal(load_bytes(f, f->img, IMG_SIZE), -1);
    uint8_t got[DATA_LEN];
    assert_int_equal(mk_soc_phys_read(f->soc, LOAD_ADDR, got, sizeof got), 0);
    for (unsigned i = 0; i < DATA_LEN; i++)
        assert_int_equal(got[i], 0);
    assert_int_equal(f->soc->tohost, 0);
}

/* Random byte mutations and truncations of a good image: always 0 or a one-line error. */
static void test_mutations_never_crash(void **state)
{
    fixture_t *f = *state;
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    uint8_t img[IMG_SIZE];
    for (int iter = 0; iter < 20000; iter++) {
        build_good(img);
        int flips = 1 + iter % 4;
        for (int k = 0; k < flips; k++) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            unsigned pos = (unsigned)(rng % 0x180);     /* headers and segment: the risky part */
            if (iter % 3 == 0)
                pos = SH_OFF + (unsigned)(rng % (IMG_SIZE - SH_OFF));
            img[pos] = (uint8_t)(rng >> 32);
        }
        size_t len = iter % 7 == 0 ? (size_t)(rng >> 40) % IMG_SIZE : IMG_SIZE;
        f->err[0] = '\0';
        int rc = mk_elf_load_image(f->soc, img, len, "m.elf", f->err, sizeof f->err);
        if (rc != 0) {
            assert_int_equal(rc, -1);
            assert_true(strncmp(f->err, "m.elf: ", 7) == 0);
            assert_null(strchr(f->err, '\n'));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_good_elf_loads),
        T(test_no_symtab_is_fine),
        T(test_missing_file),
        T(test_directory),
        T(test_empty_and_bad_magic),
        T(test_too_short),
        T(test_elf32),
        T(test_big_endian),
        T(test_not_riscv),
        T(test_not_executable),
        T(test_phdrs_outside_file),
        T(test_shdrs_outside_file),
        T(test_symtab_outside_file),
        T(test_segment_data_outside_file),
        T(test_filesz_above_memsz),
        T(test_segment_outside_memory),
        T(test_no_loadable_segment),
        T(test_bad_tohost),
        T(test_failed_load_writes_nothing),
        T(test_mutations_never_crash),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
