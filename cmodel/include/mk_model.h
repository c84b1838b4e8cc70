/*
 * Matryoshka C reference model: public API.
 *
 * The model is a library. build/rvsim is one user of it; the Verilator co-simulation harness
 * (sim/) is the other, which is why the API is built around stepping one architectural event at
 * a time and reporting it in a retirement record that mirrors the RTL's rvfi_* port.
 *
 * All state lives in the mk_soc_t object: there are no globals, so several models can coexist.
 */
#ifndef MK_MODEL_H
#define MK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mk_soc mk_soc_t;

/* Privilege levels, as encoded in mstatus.MPP. */
enum { MK_PRIV_U = 0, MK_PRIV_S = 1, MK_PRIV_M = 3 };

typedef struct mk_config {
    uint64_t mem_size;          /* DRAM bytes at 0x8000_0000; default 256 MiB */
    const char *uart_in_path;   /* UART receive data from this file; NULL: see uart_in_stdin */
    bool uart_in_stdin;         /* NULL path and true: receive from stdin */
    FILE *uart_out;             /* UART transmit and HTIF console; default stdout */
    bool timing;                /* cycle-accurate timing mode (docs/timing.md) */
    unsigned mem_latency;       /* timing mode: DRAM response latency L in cycles, >= 1 */
    unsigned itlb_entries;      /* fully associative; default MK_ITLB_ENTRIES_DEFAULT */
    unsigned dtlb_entries;      /* fully associative; default MK_DTLB_ENTRIES_DEFAULT */
} mk_config_t;

#define MK_DRAM_BASE 0x80000000ULL
#define MK_DRAM_SIZE_DEFAULT (256ULL << 20)
#define MK_ITLB_ENTRIES_DEFAULT 8u
#define MK_DTLB_ENTRIES_DEFAULT 16u
#define MK_TLB_ENTRIES_MAX 64u
#define MK_MEM_LATENCY_DEFAULT 1u
#define MK_MEM_LATENCY_MAX 1000u

/* What one step did. */
typedef enum {
    MK_EVENT_RETIRE = 0,    /* an instruction retired */
    MK_EVENT_EXCEPTION,     /* an instruction trapped (it did not retire; instret unchanged) */
    MK_EVENT_INTERRUPT,     /* an interrupt was taken before the instruction at pc */
    MK_EVENT_IDLE,          /* nothing retired: the hart sleeps in WFI or the run has ended */
} mk_event_t;

#define MK_RETIRE_MAX_CSR 4

/*
 * The retirement record: one per step, field for field what the RTL's rvfi_* port reports.
 * For an exception, pc/insn are those of the trapping instruction and cause/tval describe it;
 * the trap handler's first instruction is the next record. For an interrupt, pc is the
 * address of the instruction that was interrupted (the new mepc/sepc) and insn is 0.
 */
typedef struct mk_retire {
    mk_event_t event;
    uint64_t cycle;         /* cycle on which the event happened */
    uint64_t pc;
    uint32_t insn;          /* raw bits; a compressed instruction has its 16 bits here */
    uint8_t insn_len;       /* 2 or 4, 0 for an interrupt */
    uint8_t priv;           /* privilege the instruction executed in */
    bool v;                 /* virtualization mode the instruction executed in (H extension) */

    uint64_t cause;         /* exception or interrupt cause (without the interrupt bit) */
    uint64_t tval;

    bool rd_valid;          /* a register other than x0 was written */
    uint8_t rd;
    uint64_t rd_wdata;

    bool mem_read, mem_write;
    uint64_t mem_vaddr, mem_paddr;
    uint8_t mem_size;       /* bytes */
    uint64_t mem_rdata, mem_wdata;

    uint8_t csr_count;      /* CSR writes done by this instruction, in order */
    struct { uint16_t addr; uint64_t value; } csr[MK_RETIRE_MAX_CSR];
} mk_retire_t;

typedef enum {
    MK_RUN_OK = 0,          /* the instruction budget was used up; the program goes on */
    MK_RUN_EXITED,          /* the program ended (finisher or HTIF); see mk_soc_exit_code */
    MK_RUN_MAX_CYCLES,      /* the cycle limit was reached */
    MK_RUN_DEADLOCK,        /* WFI with no interrupt that could ever wake the hart */
} mk_run_status_t;

/* Modes a trap comes from and goes to, for the statistics (H extension: HS is S with V = 0;
 * VS and VU are S and U with V = 1). */
enum { MK_MODE_U = 0, MK_MODE_HS, MK_MODE_M, MK_MODE_VU, MK_MODE_VS, MK_MODE_COUNT };

/* Histogram bins of page-table walk lengths (memory accesses per TLB miss); the last bin
 * counts every longer walk. A two-stage Sv39 over Sv39x4 walk takes at most 15. */
#define MK_WALK_LEN_BINS 17

/* Timing mode: the cycles between two retirements, by cause (docs/timing.md "Model"). */
enum {
    MK_STALL_FETCH = 0,     /* waiting for the fetch unit (sequential code) */
    MK_STALL_LOAD_USE,      /* load-use bubbles */
    MK_STALL_REDIRECT,      /* refill after a taken branch/jump or a flush from MEM */
    MK_STALL_MULDIV,        /* multiplier/divider latency */
    MK_STALL_DATA,          /* data-port latency (DRAM L, devices 1) */
    MK_STALL_WALK,          /* page-table walks on the data port */
    MK_STALL_WFI,           /* asleep in WFI */
    MK_STALL_COUNT
};

/* Statistics kept by the model; see --stats. */
typedef struct mk_stats {
    uint64_t instret;
    uint64_t cycles;
    uint64_t exceptions[64];    /* by cause */
    uint64_t interrupts[64];    /* by cause */
    uint64_t itlb_hits, itlb_misses;
    uint64_t dtlb_hits, dtlb_misses;
    uint64_t page_walks, page_walk_accesses;
    uint64_t trap_routes[MK_MODE_COUNT][MK_MODE_COUNT];    /* [from][to], every trap */
    uint64_t walk_len[MK_WALK_LEN_BINS];    /* walks by accesses (mmu.c fills it) */
    uint64_t vwalks, vwalk_accesses;        /* the V = 1 (two-stage) part of page_walks/_accesses */
    uint64_t stalls[MK_STALL_COUNT];        /* timing mode only */
} mk_stats_t;

void mk_config_default(mk_config_t *cfg);

/* Creates the SoC in its reset state (pc = boot ROM). Returns NULL and fills err on failure. */
mk_soc_t *mk_soc_new(const mk_config_t *cfg, char *err, size_t errlen);
void mk_soc_free(mk_soc_t *soc);

/*
 * Loads an ELF64 RISC-V executable into DRAM and makes the boot ROM jump to its entry point.
 * Finds the HTIF tohost/fromhost symbols if present. Returns 0, or -1 with a one-line reason
 * in err (missing file, not ELF, wrong class or machine, segment outside memory, ...).
 */
int mk_soc_load_elf(mk_soc_t *soc, const char *path, char *err, size_t errlen);

/* Returns the hart to its reset state; memory is kept. */
void mk_soc_reset(mk_soc_t *soc);

/* Executes one event (see mk_event_t) and describes it in *rec (rec may be NULL). */
mk_run_status_t mk_soc_step(mk_soc_t *soc, mk_retire_t *rec);

/* Runs without records until max_insns instructions retire, the program ends, or the cycle
 * count reaches max_cycles (0 = no limit). This is the fast path. */
mk_run_status_t mk_soc_run(mk_soc_t *soc, uint64_t max_insns, uint64_t max_cycles);

bool mk_soc_exited(const mk_soc_t *soc, int *exit_code);
uint64_t mk_soc_cycle(const mk_soc_t *soc);
const mk_stats_t *mk_soc_stats(const mk_soc_t *soc);

/* Architectural state, for inspection. */
uint64_t mk_soc_pc(const mk_soc_t *soc);
uint64_t mk_soc_xreg(const mk_soc_t *soc, unsigned idx);

/* Physical memory access from outside (debuggers, harness back-doors). 0 on success. */
int mk_soc_phys_read(mk_soc_t *soc, uint64_t paddr, void *buf, size_t len);
int mk_soc_phys_write(mk_soc_t *soc, uint64_t paddr, const void *buf, size_t len);

/* Observer called on every MMIO access the hart makes (not DRAM). */
typedef void (*mk_mmio_observer_t)(void *ctx, uint64_t paddr, unsigned size, bool write,
                                   uint64_t data);
void mk_soc_set_mmio_observer(mk_soc_t *soc, mk_mmio_observer_t fn, void *ctx);

/* Writes a record as one line of a Spike-format commit log (see docs/isa.md). */
void mk_commitlog_write(FILE *out, const mk_retire_t *rec);

/* Name of an instruction for logs, e.g. "addi" ("illegal" if the bits do not decode). */
const char *mk_insn_mnemonic(uint32_t insn);

#ifdef __cplusplus
}
#endif
#endif
