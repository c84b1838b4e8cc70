// rtlsim: the Verilator harness of the Matryoshka SoC (rtl/soc/mk_soc.sv with rtl/core/mk_core.sv,
// joined by sim/rtlsim/mk_rtlsim_top.sv); docs/rtlsim.md. The C model (build/libmk.a) loads the
// ELF and holds the DRAM image; this harness is the memory behind the SoC's two DRAM ports (a
// deterministic latency, --mem-latency), implements HTIF through the model's own HTIF code on
// that shared image, prints the UART, and reads the rvfi_* retirement port for the commit log,
// the stats and --cosim (cosim.c: a second, independent C model in lock-step).
// Exit status as rvsim: the program's exit code, 2 for bad usage or input, 124 at --max-cycles;
// 3 for a cosim mismatch.
#include <cerrno>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>

#include "Vmk_rtlsim_top.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#else
class VerilatedFstC {   // tracing not compiled in (sim.mk RTLSIM_TRACE=0): --trace is refused
public:
    void dump(uint64_t) {}
};
#endif

#include "Vmk_rtlsim_top_mk_rtlsim_top.h"
#include "cosim.h"
#include "mk_model.h"
#include "model_glue.h"
#include "rvfi.h"

namespace {

constexpr int EXIT_USAGE = 2;
constexpr int EXIT_COSIM = 3;
constexpr int EXIT_LIMIT = 124;

// The sizes the RTL was built with: public parameters of mk_rtlsim_top.
constexpr uint64_t DRAM_SIZE = Vmk_rtlsim_top_mk_rtlsim_top::DRAM_SIZE;
constexpr unsigned ITLB_ENTRIES = Vmk_rtlsim_top_mk_rtlsim_top::ITLB_ENTRIES;
constexpr unsigned DTLB_ENTRIES = Vmk_rtlsim_top_mk_rtlsim_top::DTLB_ENTRIES;
// 0 for a build of the plain RV64IMAC core (make RVH=0).
constexpr bool RVH = Vmk_rtlsim_top_mk_rtlsim_top::RVH != 0;

struct Options {
    uint64_t max_cycles = 0;
    uint64_t mem_latency = 1;
    uint64_t mem_size = DRAM_SIZE;
    const char *log_path = nullptr;
    const char *trace_path = nullptr;
    const char *uart_in = nullptr;
    const char *elf_path = nullptr;
    bool stats = false, quiet = false, cosim = false;
};

void error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rtlsim: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void usage(FILE *out)
{
    fputs("usage: rtlsim [options] prog.elf\n"
          "Runs an RV64 ELF program on the RTL SoC in Verilator (docs/rtlsim.md). Exits with\n"
          "the program's exit code.\n"
          "\n"
          "options:\n"
          "  --cosim              run the C model (timing mode) in lock-step and compare every\n"
          "                       retired instruction; the first mismatch is reported, exit 3\n"
          "                       (not in an RVH=0 build: the C model always has H)\n"
          "  --max-cycles N       stop at cycle N (exit 124); 0 = no limit\n"
          "  --mem-latency N      DRAM latency in cycles, 1..1000 (default 1)\n"
          "  --mem-size SIZE      DRAM size in bytes, or with a K, M or G suffix; must be the\n"
          "                       size the RTL is built with (256M)\n"
          "  --log-commits FILE   write a Spike-format commit log to FILE ('-' = stdout)\n"
          "  --stats              print cycles, instructions, CPI and speed to stderr at the end\n"
          "  --trace FILE.fst     write FST waveforms\n"
          "  --uart-in FILE       UART receive data from FILE (default: none)\n"
          "  -q                   no rtlsim messages except errors\n"
          "  -h, --help           show this help\n"
          "Numbers are decimal or 0x-prefixed hex. Exit status: the program's exit code,\n"
          "2 for bad usage or input (and a finisher reset, not supported yet), 3 for a cosim\n"
          "mismatch, 124 at --max-cycles.\n",
          out);
}

bool parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

// A byte count with an optional K, M or G suffix, as rvsim's --mem-size.
bool parse_size(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s)
        return false;
    unsigned shift = 0;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: return false;
        }
        if (end[1])
            return false;
    }
    if (v > (UINT64_MAX >> shift))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

// Returns -1 to exit 0 (help), 0 to run, EXIT_USAGE on error.
int parse_args(int argc, char **argv, Options *o)
{
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || !a[1]) {
            if (o->elf_path) {
                error("more than one ELF file given ('%s' and '%s')", o->elf_path, a);
                return EXIT_USAGE;
            }
            o->elf_path = a;
            continue;
        }
        if (!strcmp(a, "--")) { options_done = true; continue; }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return -1; }
        if (!strcmp(a, "-q")) { o->quiet = true; continue; }
        if (!strcmp(a, "--stats")) { o->stats = true; continue; }
        if (!strcmp(a, "--cosim")) {
            // The C model always has the H extension; against a core without it the two would
            // disagree from the first misa read or H CSR access, not on a real bug.
            if (!RVH) {
                error("--cosim: this rtlsim is built with RVH=0 (no H extension) and the C "
                      "model always has H; cosim needs an RVH=1 build (docs/rtlsim.md)");
                return EXIT_USAGE;
            }
            o->cosim = true;
            continue;
        }
        static const char *const with_value[] = {
            "--max-cycles", "--mem-latency", "--mem-size", "--log-commits", "--trace",
            "--uart-in",
        };
        const char *name = nullptr, *value = nullptr;
        for (const char *opt : with_value) {
            size_t len = strlen(opt);
            if (!strncmp(a, opt, len) && (a[len] == '\0' || a[len] == '=')) {
                name = opt;
                value = a[len] == '=' ? a + len + 1 : nullptr;
                break;
            }
        }
        if (!name) {
            error("unknown option '%s' (see rtlsim --help)", a);
            return EXIT_USAGE;
        }
        if (!value) {
            if (i + 1 >= argc) {
                error("option %s needs an argument", name);
                return EXIT_USAGE;
            }
            value = argv[++i];
        }
        if (!strcmp(name, "--max-cycles") || !strcmp(name, "--mem-latency")) {
            uint64_t *dst = name[2] == 'm' && name[3] == 'a' ? &o->max_cycles : &o->mem_latency;
            if (!parse_u64(value, dst) || (dst == &o->mem_latency && (*dst < 1 || *dst > 1000))) {
                error("%s needs a %s integer, not '%s'", name,
                      dst == &o->mem_latency ? "positive (1..1000)" : "non-negative", value);
                return EXIT_USAGE;
            }
        } else if (!strcmp(name, "--mem-size")) {
            if (!parse_size(value, &o->mem_size)) {
                error("--mem-size needs a size in bytes (suffix K, M or G allowed), not '%s'",
                      value);
                return EXIT_USAGE;
            }
            // The SoC's decoder, the core's PMA check and the boot ROM's device tree are all
            // built for DRAM_SIZE (mk_rtlsim_top); another size needs another build.
            if (o->mem_size != DRAM_SIZE) {
                error("--mem-size %s: this rtlsim is built with %" PRIu64 " MiB of DRAM and "
                      "supports only that size (docs/rtlsim.md)", value, DRAM_SIZE >> 20);
                return EXIT_USAGE;
            }
        } else if (!strcmp(name, "--log-commits")) {
            o->log_path = value;
        } else if (!strcmp(name, "--trace")) {
            if (!VM_TRACE) {
                error("--trace: this rtlsim is built without tracing (sim.mk RTLSIM_TRACE=0)");
                return EXIT_USAGE;
            }
            o->trace_path = value;
        } else {
            o->uart_in = value;
        }
    }
    if (!o->elf_path) {
        error("no ELF file given (usage: rtlsim [options] prog.elf; see rtlsim --help)");
        return EXIT_USAGE;
    }
    return 0;
}

double now_seconds(clockid_t clock)
{
    timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

// One DRAM port of the C++ memory: at most one request outstanding (docs/bus.md), answered
// exactly `latency` cycles after the handshake. Reads take the data at the handshake.
struct DramPort {
    bool pending = false;
    uint64_t due = 0, rdata = 0;
};

class Harness {
public:
    Harness(const Options &o, mk_soc_t *soc, rtlsim_cosim_t *cosim)
        : o_(o), soc_(soc), cosim_(cosim), top_(new Vmk_rtlsim_top)
    {
        dram_ = rtlsim_dram(soc, &dram_size_);
        tohost_ = rtlsim_tohost(soc);
    }

    int run(FILE *log, FILE *uart_in);
    uint64_t cycles() const { return cycle_; }
    uint64_t instret() const { return instret_; }
    bool hit_limit() const { return limit_; }
    bool mismatch() const { return mismatch_; }

private:
    uint64_t dram_read(uint64_t addr) const
    {
        uint64_t v = 0;
        uint64_t off = (addr & ~7ull) - MK_DRAM_BASE;
        if (off < dram_size_)
            memcpy(&v, dram_ + off, 8);
        return v;
    }
    void dram_write(uint64_t addr, uint8_t be, uint64_t data)
    {
        uint64_t off = (addr & ~7ull) - MK_DRAM_BASE;
        if (off >= dram_size_)
            return;
        if (be == 0xFF) {
            memcpy(dram_ + off, &data, 8);
            return;
        }
        for (unsigned b = 0; b < 8; b++) {
            if (be >> b & 1)
                dram_[off + b] = (uint8_t)(data >> (8 * b));
        }
    }
    bool retire(FILE *log);
    void clock_cycle();

    const Options &o_;
    mk_soc_t *soc_;
    rtlsim_cosim_t *cosim_;
    uint8_t *dram_ = nullptr;
    uint64_t dram_size_ = 0, tohost_ = 0;
    std::unique_ptr<Vmk_rtlsim_top> top_;
    std::unique_ptr<VerilatedFstC> trace_;
    DramPort pi_, pd_;
    uint64_t cycle_ = 0, instret_ = 0, last_pc_ = 0, sim_time_ = 0;
    bool limit_ = false, mismatch_ = false;
};

// The clock edges that end a cycle. mk_rtlsim_top registers every input at the rising edge, so
// the inputs for the next cycle are set before it and no logic depends on them in between:
// the falling edge's eval() only lets Verilator see the clock low (nothing in the design uses
// that edge, and no logic is driven by the inputs), and the rising edge's eval() computes the
// next cycle entirely; its outputs are read right after it.
void Harness::clock_cycle()
{
    top_->clk_i = 0;
    top_->eval();
    if (trace_)
        trace_->dump(sim_time_++);
    top_->clk_i = 1;
    top_->eval();
    if (trace_)
        trace_->dump(sim_time_++);
}

// Reports the record on the rvfi port: the count, the commit log, the cosim check. Returns
// false on a cosim mismatch (the report is written).
bool Harness::retire(FILE *log)
{
    auto &t = *top_;
    last_pc_ = t.rvfi_pc_o;
    if (!t.rvfi_trap_o && !t.rvfi_intr_o)
        instret_++;
    if (!log && !cosim_)
        return true;
    rtlsim_rvfi_t p;
    p.cycle = t.rvfi_cycle_o;
    p.pc = t.rvfi_pc_o;
    p.insn = t.rvfi_insn_o;
    p.mode = t.rvfi_mode_o;
    p.v = t.rvfi_v_o;
    p.trap = t.rvfi_trap_o;
    p.intr = t.rvfi_intr_o;
    p.cause = t.rvfi_cause_o;
    p.tval = t.rvfi_tval_o;
    p.rd_addr = t.rvfi_rd_addr_o;
    p.rd_wdata = t.rvfi_rd_wdata_o;
    p.mem_addr = t.rvfi_mem_addr_o;
    p.mem_paddr = t.rvfi_mem_paddr_o;
    p.mem_rmask = t.rvfi_mem_rmask_o;
    p.mem_wmask = t.rvfi_mem_wmask_o;
    p.mem_rdata = t.rvfi_mem_rdata_o;
    p.mem_wdata = t.rvfi_mem_wdata_o;
    // rvfi_csr_addr/wdata are qualified by rvfi_csr_we (docs/rtl.md does not promise 0 there,
    // unlike rd and mem): without a write they carry whatever the CSR stage last held.
    p.csr_count = t.rvfi_csr_we_o;
    p.csr_addr = t.rvfi_csr_we_o ? t.rvfi_csr_addr_o : 0;
    p.csr_wdata = t.rvfi_csr_we_o ? t.rvfi_csr_wdata_o : 0;
    if (log) {
        mk_retire_t r;
        rtlsim_rvfi_to_retire(&p, &r);
        mk_commitlog_write(log, &r);
    }
    if (cosim_ && !rtlsim_cosim_check(cosim_, &p, stderr)) {
        if (log)
            fflush(log);
        mismatch_ = true;
        return false;
    }
    return true;
}

// Runs until the program ends or --max-cycles; returns the exit status.
int Harness::run(FILE *log, FILE *uart_in)
{
    auto &t = *top_;
#if VM_TRACE
    if (o_.trace_path) {
        Verilated::traceEverOn(true);
        trace_.reset(new VerilatedFstC);
        t.trace(trace_.get(), 99);
        trace_->open(o_.trace_path);
    }
#endif
    uint64_t entry = 0;
    mk_soc_phys_read(soc_, 0x1018, &entry, 8);   // the boot ROM's jump target
    t.boot_entry_next_i = entry;
    int rx_byte = uart_in ? fgetc(uart_in) : EOF;
    // Cycle 0's inputs: registered by the reset edge. No DRAM response can be due then.
    bool rx_valid = rx_byte != EOF;
    t.uart_rx_valid_next_i = rx_valid;
    t.uart_rx_byte_next_i = (uint8_t)rx_byte;
    t.rst_ni = 0;
    clock_cycle();
    t.rst_ni = 1;
    t.eval();   // the outputs of cycle 0, out of reset
    if (trace_)
        trace_->dump(sim_time_++);

    const uint64_t lat = o_.mem_latency;
    // The store that ends the run (finisher or tohost) retires a few cycles after its
    // handshake: keep running until it is reported, so the log ends with it as rvsim's does.
    bool ending = false;
    int exit_code = 0;
    uint64_t drain_left = 0;
    auto end_run = [&]() {
        if (cosim_ && !rtlsim_cosim_finish(cosim_, exit_code, cycle_, stderr)) {
            mismatch_ = true;
            return EXIT_COSIM;
        }
        return exit_code;
    };
    for (;;) {
        if (ending && drain_left-- == 0)
            return end_run();
        if (o_.max_cycles && cycle_ >= o_.max_cycles && !ending) {
            error("reached --max-cycles %" PRIu64 " at pc 0x%" PRIx64, o_.max_cycles, last_pc_);
            limit_ = true;
            return EXIT_LIMIT;
        }
        // Outputs of this cycle (from the state and the inputs registered at its start).
        if (t.rvfi_valid_o) {
            if (!retire(log))
                return EXIT_COSIM;
            if (ending)
                return end_run();
        }
        if (t.finisher_reset_o) {
            // The core is not reset by it yet (docs/rtl.md "Status"): going on would run the
            // program with reset devices under a running hart, which no other side does.
            error("the program wrote the finisher's reset (0x7777) at cycle %" PRIu64
                  ", which rtlsim does not support yet (docs/rtlsim.md)", cycle_);
            return EXIT_USAGE;
        }
        if (t.uart_tx_valid_o) {
            fputc(t.uart_tx_byte_o, stdout);
            if (t.uart_tx_byte_o == '\n')
                fflush(stdout);
        }
        if (rx_valid && t.uart_rx_ready_o)
            rx_byte = fgetc(uart_in);
        if (t.mi_valid_o) {   // DRAM ports are always ready
            pi_.pending = true;
            pi_.due = cycle_ + lat;
            pi_.rdata = dram_read(t.mi_addr_o);
        }
        bool htif = false;
        if (t.md_valid_o) {
            pd_.pending = true;
            pd_.due = cycle_ + lat;
            if (t.md_we_o) {
                dram_write(t.md_addr_o, t.md_be_o, t.md_wdata_o);
                htif = tohost_ && (t.md_addr_o & ~7ull) == (tohost_ & ~7ull);
            } else {
                pd_.rdata = dram_read(t.md_addr_o);
            }
        }
        // The inputs of the next cycle, registered by its rising edge.
        const uint64_t next = cycle_ + 1;
        t.mi_rsp_valid_next_i = pi_.pending && pi_.due == next;
        t.mi_rsp_rdata_next_i = pi_.rdata;
        t.md_rsp_valid_next_i = pd_.pending && pd_.due == next;
        t.md_rsp_rdata_next_i = pd_.rdata;
        if (t.mi_rsp_valid_next_i)
            pi_.pending = false;
        if (t.md_rsp_valid_next_i)
            pd_.pending = false;
        rx_valid = rx_byte != EOF;
        t.uart_rx_valid_next_i = rx_valid;
        t.uart_rx_byte_next_i = (uint8_t)rx_byte;
        clock_cycle();
        cycle_++;
        if (ending)
            continue;
        if (htif) {
            rtlsim_htif_written(soc_);
            if (mk_soc_exited(soc_, &exit_code)) {
                ending = true;
                drain_left = lat + 4;
            }
        }
        if (!ending && t.finisher_exit_o) {
            exit_code = t.finisher_code_o;
            ending = true;
            drain_left = lat + 4;
        }
    }
}

}  // namespace

int main(int argc, char **argv)
{
    Verilated::commandArgs(1, argv);
    Options o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;

    mk_config_t cfg;
    mk_config_default(&cfg);
    cfg.mem_size = o.mem_size;
    cfg.uart_in_stdin = false;
    char err[512];
    mk_soc_t *soc = mk_soc_new(&cfg, err, sizeof err);
    if (!soc) {
        error("%s", err);
        return EXIT_USAGE;
    }
    if (mk_soc_load_elf(soc, o.elf_path, err, sizeof err) != 0) {
        error("%s", err);
        mk_soc_free(soc);
        return EXIT_USAGE;
    }
    FILE *uart_in = nullptr;
    if (o.uart_in && !(uart_in = fopen(o.uart_in, "rb"))) {
        error("cannot open UART input %s: %s", o.uart_in, strerror(errno));
        mk_soc_free(soc);
        return EXIT_USAGE;
    }
    rtlsim_cosim_t *cosim = nullptr;
    if (o.cosim) {
        rtlsim_cosim_config_t cc;
        cc.elf_path = o.elf_path;
        cc.uart_in_path = o.uart_in;
        cc.mem_size = o.mem_size;
        cc.mem_latency = (unsigned)o.mem_latency;
        cc.itlb_entries = ITLB_ENTRIES;
        cc.dtlb_entries = DTLB_ENTRIES;
        cosim = rtlsim_cosim_new(&cc, err, sizeof err);
        if (!cosim) {
            error("%s", err);
            if (uart_in)
                fclose(uart_in);
            mk_soc_free(soc);
            return EXIT_USAGE;
        }
    }
    FILE *log = nullptr;
    if (o.log_path) {
        log = !strcmp(o.log_path, "-") ? stdout : fopen(o.log_path, "w");
        if (!log) {
            error("cannot open commit log %s: %s", o.log_path, strerror(errno));
            rtlsim_cosim_free(cosim);
            if (uart_in)
                fclose(uart_in);
            mk_soc_free(soc);
            return EXIT_USAGE;
        }
    }

    int code;
    double t0 = now_seconds(CLOCK_MONOTONIC), c0 = now_seconds(CLOCK_PROCESS_CPUTIME_ID);
    double seconds, cpu_seconds;
    uint64_t cycles, insns;
    bool limit, mismatch;
    {
        Harness h(o, soc, cosim);
        code = h.run(log, uart_in);
        seconds = now_seconds(CLOCK_MONOTONIC) - t0;
        cpu_seconds = now_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
        cycles = h.cycles();
        insns = h.instret();
        limit = h.hit_limit();
        mismatch = h.mismatch();
    }
    fflush(stdout);
    if (log && log != stdout)
        fclose(log);
    if (uart_in)
        fclose(uart_in);
    if (o.stats) {
        fprintf(stderr, "rtlsim: cycles             %" PRIu64 "\n", cycles);
        fprintf(stderr, "rtlsim: instructions       %" PRIu64 "\n", insns);
        fprintf(stderr, "rtlsim: CPI                %.3f\n", insns ? (double)cycles / insns : 0.0);
        if (cosim)
            fprintf(stderr, "rtlsim: cosim records      %" PRIu64 " compared\n",
                    rtlsim_cosim_compared(cosim));
        fprintf(stderr, "rtlsim: host seconds       %.3f\n", seconds);
        fprintf(stderr, "rtlsim: cpu seconds        %.3f\n", cpu_seconds);
        fprintf(stderr, "rtlsim: cycles per second  %.0f\n", seconds > 0 ? cycles / seconds : 0.0);
        fprintf(stderr, "rtlsim: cycles per cpu s   %.0f\n",
                cpu_seconds > 0 ? cycles / cpu_seconds : 0.0);
    }
    if (!limit && !mismatch && code != 0 && !o.quiet)
        fprintf(stderr, "rtlsim: program exited with code %d\n", code);
    if (code < 0 || code > 255)
        code = 1;
    rtlsim_cosim_free(cosim);
    mk_soc_free(soc);
    return code;
}
