/*
 * The commit log, in the format of Spike's --log-commits (riscv-isa-sim, execute.cc,
 * commit_log_print_insn), so that the two logs can be diffed:
 *
 *   core   0: 3 0x0000000080000000 (0x00000297) x5  0x0000000080000000
 *   core   0: 3 0x0000000080000004 (0x4501) x10 0x0000000000000000
 *   core   0: 1 0x0000000080000010 (0x30529073) c773_mtvec 0x0000000080000100
 *   core   0: 0 0x0000000080000020 (0x0005b503) x10 0x0000000000000007 mem 0x0000000080001000
 *   core   0: 0 0x0000000080000024 (0x00a5b023) mem 0x0000000080001000 0x0000000000000007
 *
 * priv, pc, the instruction (4 hex digits if compressed), then the register written, CSRs
 * written (Spike's c<number>_<name>, by CSR number), the load address, and the store address
 * with its data (2 hex digits per byte). Addresses are virtual, as in Spike.
 * Spike does not log traps; ours are one line each, which Spike-log tools skip:
 *
 *   core   0: exception illegal_instruction, epc 0x0000000080000008, tval 0x0000000000000000
 *   core   0: interrupt machine_timer, epc 0x0000000080000040
 *
 * H extension: the privilege field stays the nominal privilege (what Spike prints), and every
 * line of an event with V = 1 ends with the extra token "virt", after all of Spike's fields,
 * so that the fields before it keep their places (docs/isa.md, "Commit log format"):
 *
 *   core   0: 1 0x0000000000001000 (0x00000513) x10 0x0000000000000000 virt
 */
#include <inttypes.h>
#include <stdio.h>

#include "commitlog.h"
#include "riscv.h"
#include "mk_model.h"

static const char *const exception_names[] = {
    [0] = "instruction_address_misaligned", [1] = "instruction_access_fault",
    [2] = "illegal_instruction", [3] = "breakpoint", [4] = "load_address_misaligned",
    [5] = "load_access_fault", [6] = "store_address_misaligned", [7] = "store_access_fault",
    [8] = "ecall_from_u", [9] = "ecall_from_s", [10] = "ecall_from_vs", [11] = "ecall_from_m",
    [12] = "instruction_page_fault", [13] = "load_page_fault", [15] = "store_page_fault",
    [20] = "instruction_guest_page_fault", [21] = "load_guest_page_fault",
    [22] = "virtual_instruction", [23] = "store_guest_page_fault",
};

static const char *const interrupt_names[] = {
    [1] = "supervisor_software", [2] = "virtual_supervisor_software",
    [3] = "machine_software", [5] = "supervisor_timer", [6] = "virtual_supervisor_timer",
    [7] = "machine_timer", [9] = "supervisor_external", [10] = "virtual_supervisor_external",
    [11] = "machine_external", [12] = "supervisor_guest_external",
};

const char *mk_cause_name(bool interrupt, uint64_t cause)
{
    if (interrupt)
        return cause < sizeof interrupt_names / sizeof *interrupt_names ? interrupt_names[cause]
                                                                        : NULL;
    return cause < sizeof exception_names / sizeof *exception_names ? exception_names[cause]
                                                                    : NULL;
}

typedef struct { uint16_t addr; const char *name; } csr_name_t;

static const csr_name_t csr_names[] = {
    { 0x100, "sstatus" }, { 0x104, "sie" }, { 0x105, "stvec" }, { 0x106, "scounteren" },
    { 0x10A, "senvcfg" }, { 0x140, "sscratch" }, { 0x141, "sepc" }, { 0x142, "scause" },
    { 0x143, "stval" }, { 0x144, "sip" }, { 0x14D, "stimecmp" }, { 0x180, "satp" },
    { 0x200, "vsstatus" }, { 0x204, "vsie" }, { 0x205, "vstvec" }, { 0x240, "vsscratch" },
    { 0x241, "vsepc" }, { 0x242, "vscause" }, { 0x243, "vstval" }, { 0x244, "vsip" },
    { 0x24D, "vstimecmp" }, { 0x280, "vsatp" },
    { 0x300, "mstatus" }, { 0x301, "misa" }, { 0x302, "medeleg" }, { 0x303, "mideleg" },
    { 0x304, "mie" }, { 0x305, "mtvec" }, { 0x306, "mcounteren" }, { 0x30A, "menvcfg" },
    { 0x320, "mcountinhibit" }, { 0x340, "mscratch" }, { 0x341, "mepc" }, { 0x342, "mcause" },
    { 0x343, "mtval" }, { 0x344, "mip" }, { 0x34A, "mtinst" }, { 0x34B, "mtval2" },
    { 0x600, "hstatus" }, { 0x602, "hedeleg" }, { 0x603, "hideleg" }, { 0x604, "hie" },
    { 0x605, "htimedelta" }, { 0x606, "hcounteren" }, { 0x607, "hgeie" },
    { 0x60A, "henvcfg" }, { 0x643, "htval" }, { 0x644, "hip" }, { 0x645, "hvip" },
    { 0x64A, "htinst" }, { 0x680, "hgatp" }, { 0xE12, "hgeip" },
    { 0xB00, "mcycle" }, { 0xB02, "minstret" }, { 0xC00, "cycle" }, { 0xC01, "time" },
    { 0xC02, "instret" }, { 0xF11, "mvendorid" }, { 0xF12, "marchid" }, { 0xF13, "mimpid" },
    { 0xF14, "mhartid" }, { 0xF15, "mconfigptr" },
};

const char *mk_csr_name(uint16_t addr)
{
    static const char *const pmpcfg[] = {
        "pmpcfg0", "pmpcfg1", "pmpcfg2", "pmpcfg3", "pmpcfg4", "pmpcfg5", "pmpcfg6", "pmpcfg7",
        "pmpcfg8", "pmpcfg9", "pmpcfg10", "pmpcfg11", "pmpcfg12", "pmpcfg13", "pmpcfg14",
        "pmpcfg15",
    };
    static const char *const pmpaddr[] = {
        "pmpaddr0", "pmpaddr1", "pmpaddr2", "pmpaddr3", "pmpaddr4", "pmpaddr5", "pmpaddr6",
        "pmpaddr7", "pmpaddr8", "pmpaddr9", "pmpaddr10", "pmpaddr11", "pmpaddr12",
        "pmpaddr13", "pmpaddr14", "pmpaddr15",
    };
    if (addr >= MK_CSR_PMPCFG0 && addr <= MK_CSR_PMPCFG15)
        return pmpcfg[addr - MK_CSR_PMPCFG0];
    if (addr >= MK_CSR_PMPADDR0 && addr < MK_CSR_PMPADDR0 + 16)
        return pmpaddr[addr - MK_CSR_PMPADDR0];
    for (size_t i = 0; i < sizeof csr_names / sizeof *csr_names; i++)
        if (csr_names[i].addr == addr)
            return csr_names[i].name;
    return NULL;
}

static void print_trap(FILE *out, const char *kind, bool interrupt, uint64_t cause)
{
    const char *name = mk_cause_name(interrupt, cause);
    if (name)
        fprintf(out, "core   0: %s %s", kind, name);
    else
        fprintf(out, "core   0: %s cause_%" PRIu64, kind, cause);
}

void mk_commitlog_write(FILE *out, const mk_retire_t *r)
{
    switch (r->event) {
    case MK_EVENT_IDLE:
        return;
    case MK_EVENT_EXCEPTION:
        print_trap(out, "exception", false, r->cause);
        fprintf(out, ", epc 0x%016" PRIx64 ", tval 0x%016" PRIx64 "%s\n", r->pc, r->tval,
                r->v ? " virt" : "");
        return;
    case MK_EVENT_INTERRUPT:
        print_trap(out, "interrupt", true, r->cause);
        fprintf(out, ", epc 0x%016" PRIx64 "%s\n", r->pc, r->v ? " virt" : "");
        return;
    case MK_EVENT_RETIRE:
        break;
    }
    fprintf(out, "core   0: %u 0x%016" PRIx64 " ", (unsigned)r->priv, r->pc);
    if (r->insn_len == 2)
        fprintf(out, "(0x%04" PRIx32 ")", r->insn & 0xFFFFu);
    else
        fprintf(out, "(0x%08" PRIx32 ")", r->insn);
    if (r->rd_valid)
        fprintf(out, " x%-2u 0x%016" PRIx64, (unsigned)r->rd, r->rd_wdata);

    /* Spike prints CSR writes in CSR-number order; each CSR once, with its final value. */
    unsigned n = r->csr_count < MK_RETIRE_MAX_CSR ? r->csr_count : MK_RETIRE_MAX_CSR;
    int last = -1;
    for (unsigned printed = 0; printed < n; printed++) {
        int next = -1;
        uint64_t value = 0;
        for (unsigned i = 0; i < n; i++) {
            int a = r->csr[i].addr;
            if (a > last && (next < 0 || a <= next)) {
                next = a;
                value = r->csr[i].value;    /* the later write of the same CSR wins */
            }
        }
        if (next < 0)
            break;
        const char *name = mk_csr_name((uint16_t)next);
        if (name)
            fprintf(out, " c%d_%s 0x%016" PRIx64, next, name, value);
        else
            fprintf(out, " c%d_unknown_%03x 0x%016" PRIx64, next, (unsigned)next, value);
        last = next;
    }

    if (r->mem_read)
        fprintf(out, " mem 0x%016" PRIx64, r->mem_vaddr);
    if (r->mem_write) {
        int digits = r->mem_size ? 2 * r->mem_size : 16;
        uint64_t data = r->mem_size && r->mem_size < 8
                            ? r->mem_wdata & ((1ULL << (8 * r->mem_size)) - 1)
                            : r->mem_wdata;
        fprintf(out, " mem 0x%016" PRIx64 " 0x%0*" PRIx64, r->mem_vaddr, digits, data);
    }
    if (r->v)
        fputs(" virt", out);
    fputc('\n', out);
}
