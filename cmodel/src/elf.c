/*
 * ELF64 loader: validates everything first (header, program headers, every PT_LOAD segment
 * against the file and against DRAM, the symbol table), then copies. Fields are read byte by
 * byte as little-endian, so no alignment or host-endianness assumption is made, and every
 * offset + size is checked without overflow. Any input gives either success or one line of
 * error, never a crash.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "mem.h"
#include "soc.h"

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* [off, off + len) lies inside [0, size). */
static bool in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

static int fail(char *err, size_t errlen, const char *name, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "%s: %s", name, msg);
    return -1;
}

typedef struct segment {
    uint64_t offset, paddr, filesz, memsz;
} segment_t;

typedef struct image {
    const uint8_t *data;
    uint64_t size;
    const char *name;
} image_t;

static int check_header(const image_t *im, char *err, size_t errlen)
{
    const uint8_t *e = im->data;
    if (im->size < 4 || memcmp(e, "\177ELF", 4) != 0)
        return fail(err, errlen, im->name, "not an ELF file (bad magic)");
    if (im->size < 5)
        return fail(err, errlen, im->name, "file too short for an ELF header");
    if (e[4] == MK_ELFCLASS32)
        return fail(err, errlen, im->name, "ELF32 is not supported; need ELF64");
    if (e[4] != MK_ELFCLASS64)
        return fail(err, errlen, im->name, "bad ELF class %u", e[4]);
    if (im->size < MK_ELF_EHDR_SIZE)
        return fail(err, errlen, im->name, "file too short for an ELF header");
    if (e[5] == MK_ELFDATA2MSB)
        return fail(err, errlen, im->name, "big-endian ELF is not supported; need little-endian");
    if (e[5] != MK_ELFDATA2LSB)
        return fail(err, errlen, im->name, "bad ELF data encoding %u", e[5]);
    uint16_t machine = rd16(e + 18), type = rd16(e + 16);
    if (machine != MK_EM_RISCV)
        return fail(err, errlen, im->name, "not a RISC-V ELF (e_machine %u, need %u)", machine,
                    MK_EM_RISCV);
    if (type != MK_ET_EXEC)
        return fail(err, errlen, im->name, "not an executable ELF (e_type %u, need ET_EXEC)",
                    type);
    return 0;
}

/* Collects and checks the PT_LOAD segments; returns their count or -1. */
static int collect_segments(const image_t *im, const mk_soc_t *soc, segment_t **out, char *err,
                            size_t errlen)
{
    const uint8_t *e = im->data;
    uint64_t phoff = rd64(e + 32);
    uint16_t phentsize = rd16(e + 54), phnum = rd16(e + 56);
    if (phnum == 0)
        return fail(err, errlen, im->name, "no program headers");
    if (phentsize != MK_ELF_PHDR_SIZE)
        return fail(err, errlen, im->name, "bad program header size %u", phentsize);
    if (!in_bounds(phoff, (uint64_t)phnum * MK_ELF_PHDR_SIZE, im->size))
        return fail(err, errlen, im->name, "program header table is outside the file");

    segment_t *segs = calloc(phnum, sizeof *segs);
    if (!segs)
        return fail(err, errlen, im->name, "out of memory");
    int n = 0;
    uint64_t dram_end = MK_DRAM_BASE + soc->cfg.mem_size;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = e + phoff + (uint64_t)i * MK_ELF_PHDR_SIZE;
        if (rd32(ph) != MK_PT_LOAD)
            continue;
        segment_t s = { rd64(ph + 8), rd64(ph + 24), rd64(ph + 32), rd64(ph + 40) };
        if (s.filesz > s.memsz) {
            free(segs);
            return fail(err, errlen, im->name,
                        "segment %u has p_filesz 0x%" PRIx64 " > p_memsz 0x%" PRIx64, i,
                        s.filesz, s.memsz);
        }
        if (!in_bounds(s.offset, s.filesz, im->size)) {
            free(segs);
            return fail(err, errlen, im->name, "segment %u data is outside the file", i);
        }
        if (s.memsz == 0)
            continue;
        if (s.paddr + s.memsz < s.paddr) {
            free(segs);
            return fail(err, errlen, im->name, "segment %u address range overflows", i);
        }
        if (s.paddr < MK_DRAM_BASE || s.paddr + s.memsz > dram_end) {
            free(segs);
            return fail(err, errlen, im->name,
                        "segment 0x%" PRIx64 "-0x%" PRIx64 " is outside memory 0x%llx-0x%" PRIx64,
                        s.paddr, s.paddr + s.memsz, MK_DRAM_BASE, dram_end);
        }
        segs[n++] = s;
    }
    if (n == 0) {
        free(segs);
        return fail(err, errlen, im->name, "no loadable segments");
    }
    *out = segs;
    return n;
}

/*
 * Finds tohost and fromhost in .symtab, if the file has a section table. A missing table or
 * missing symbols are fine (the program just has no HTIF); a table that is there but broken
 * is an error.
 */
static int find_htif(const image_t *im, const mk_soc_t *soc, uint64_t *tohost,
                     uint64_t *fromhost, char *err, size_t errlen)
{
    const uint8_t *e = im->data;
    uint64_t shoff = rd64(e + 40);
    uint16_t shentsize = rd16(e + 58), shnum = rd16(e + 60);
    *tohost = *fromhost = 0;
    if (shoff == 0 || shnum == 0)
        return 0;
    if (shentsize != MK_ELF_SHDR_SIZE)
        return fail(err, errlen, im->name, "bad section header size %u", shentsize);
    if (!in_bounds(shoff, (uint64_t)shnum * MK_ELF_SHDR_SIZE, im->size))
        return fail(err, errlen, im->name, "section header table is outside the file");

    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = e + shoff + (uint64_t)i * MK_ELF_SHDR_SIZE;
        if (rd32(sh + 4) != MK_SHT_SYMTAB)
            continue;
        uint64_t off = rd64(sh + 24), size = rd64(sh + 32), entsize = rd64(sh + 56);
        uint32_t link = rd32(sh + 40);
        if (entsize != MK_ELF_SYM_SIZE || !in_bounds(off, size, im->size))
            return fail(err, errlen, im->name, "symbol table is outside the file or malformed");
        if (link >= shnum)
            return fail(err, errlen, im->name, "symbol table has a bad string table index");
        const uint8_t *str_sh = e + shoff + (uint64_t)link * MK_ELF_SHDR_SIZE;
        uint64_t str_off = rd64(str_sh + 24), str_size = rd64(str_sh + 32);
        if (!in_bounds(str_off, str_size, im->size))
            return fail(err, errlen, im->name, "string table is outside the file");
        const char *strtab = (const char *)e + str_off;
        for (uint64_t k = 0; k < size / MK_ELF_SYM_SIZE; k++) {
            const uint8_t *sym = e + off + k * MK_ELF_SYM_SIZE;
            uint32_t name = rd32(sym);
            if (name >= str_size || !memchr(strtab + name, 0, str_size - name))
                continue;   /* a broken name cannot be tohost */
            uint64_t value = rd64(sym + 8);
            if (strcmp(strtab + name, "tohost") == 0)
                *tohost = value;
            else if (strcmp(strtab + name, "fromhost") == 0)
                *fromhost = value;
        }
        break;
    }
    uint64_t sym[2] = { *tohost, *fromhost };
    const char *what[2] = { "tohost", "fromhost" };
    for (int i = 0; i < 2; i++) {
        uint64_t off = sym[i] - MK_DRAM_BASE;
        if (sym[i] && (sym[i] % 8 != 0 || sym[i] < MK_DRAM_BASE ||
                       !in_bounds(off, 8, soc->cfg.mem_size)))
            return fail(err, errlen, im->name,
                        "%s at 0x%" PRIx64 " is not an aligned doubleword in memory", what[i],
                        sym[i]);
    }
    return 0;
}

int mk_elf_load_image(mk_soc_t *soc, const uint8_t *img, size_t size, const char *name,
                      char *err, size_t errlen)
{
    image_t im = { img, size, name };
    if (check_header(&im, err, errlen) != 0)
        return -1;
    segment_t *segs = NULL;
    int n = collect_segments(&im, soc, &segs, err, errlen);
    if (n < 0)
        return -1;
    uint64_t tohost, fromhost;
    if (find_htif(&im, soc, &tohost, &fromhost, err, errlen) != 0) {
        free(segs);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        uint8_t *dst = soc->dram + (segs[i].paddr - MK_DRAM_BASE);
        memcpy(dst, img + segs[i].offset, segs[i].filesz);
        memset(dst + segs[i].filesz, 0, segs[i].memsz - segs[i].filesz);
    }
    free(segs);
    soc->tohost = tohost;
    soc->fromhost = fromhost;
    mk_bootrom_set_entry(soc, rd64(img + 24));
    mk_mem_fast_flush(&soc->hart);  /* the tohost page is no longer plain RAM */
    return 0;
}

/* Reads the whole file; the loader then works on memory only. */
int mk_soc_load_elf(mk_soc_t *soc, const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (S_ISDIR(st.st_mode))
        why = strerror(EISDIR);
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    if (why) {
        snprintf(err, errlen, "cannot open %s: %s", path, why);
        close(fd);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) {
        close(fd);
        snprintf(err, errlen, "%s: out of memory reading %zu bytes", path, size);
        return -1;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            snprintf(err, errlen, "cannot read %s: %s", path, r < 0 ? strerror(errno) : "short read");
            close(fd);
            free(buf);
            return -1;
        }
        got += (size_t)r;
    }
    close(fd);
    int rc = mk_elf_load_image(soc, buf, size, path, err, errlen);
    free(buf);
    return rc;
}
