/*
 * The ELF64 loader. The ELF format constants are defined here (the system <elf.h> is shadowed
 * by this header on the include path, and the model must not depend on the host's anyway).
 */
#ifndef MK_ELF_H
#define MK_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "mk_model.h"

#define MK_ELF_EHDR_SIZE 64u
#define MK_ELF_PHDR_SIZE 56u
#define MK_ELF_SHDR_SIZE 64u
#define MK_ELF_SYM_SIZE 24u

#define MK_ELFCLASS32 1u
#define MK_ELFCLASS64 2u
#define MK_ELFDATA2LSB 1u
#define MK_ELFDATA2MSB 2u
#define MK_ET_EXEC 2u
#define MK_EM_RISCV 243u
#define MK_PT_LOAD 1u
#define MK_SHT_SYMTAB 2u

/*
 * Loads an ELF image held in memory; `name` is used in error messages. Same contract as
 * mk_soc_load_elf: nothing is written to DRAM unless the whole image is valid.
 */
int mk_elf_load_image(mk_soc_t *soc, const uint8_t *img, size_t size, const char *name,
                      char *err, size_t errlen);

#endif
