// rtlsim: the Verilator harness of the Matryoshka SoC (rtl/soc/mk_soc.sv with rtl/core/mk_core.sv,
// joined by sim/rtlsim/mk_rtlsim_top.sv). The C model (build/libmk.a) loads the ELF and holds
// the DRAM image; this harness is the memory behind the SoC's two DRAM ports (a deterministic
// latency, --mem-latency), implements HTIF through the model's own HTIF code on that shared
// image, prints the UART, and reads the rvfi_* retirement port for the commit log and stats.
// Exit status as rvsim: the program's exit code, 2 for bad usage or input, 124 at --max-cycles.
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
#include "verilated_fst_c.h"

#include "mk_model.h"
#include "model_glue.h"

namespace {

constexpr int EXIT_USAGE = 2;
constexpr int EXIT_LIMIT = 124;
constexpr uint64_t DRAM_SIZE = 256ull << 20;   // mk_rtlsim_top's DRAM_SIZE

struct Options {
    uint64_t max_cycles = 0;
    uint64_t mem_latency = 1;
    const char *log_path = nullptr;
    const char *trace_path = nullptr;
    const char *uart_in = nullptr;
    const char *elf_path = nullptr;
    bool stats = false, quiet = false;
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
          "Runs an RV64 ELF program on the RTL SoC in Verilator (docs/rtl.md). Exits with the\n"
          "program's exit code.\n"
          "\n"
          "options:\n"
          "  --max-cycles N       stop at cycle N (exit 124); 0 = no limit\n"
          "  --mem-latency N      DRAM latency in cycles, 1 or more (default 1)\n"
          "  --log-commits FILE   write a Spike-format commit log to FILE ('-' = stdout)\n"
          "  --stats              print cycles, instructions and CPI to stderr at the end\n"
          "  --trace FILE.fst     write FST waveforms\n"
          "  --uart-in FILE       UART receive data from FILE\n"
          "  -q                   no rtlsim messages except errors\n"
          "  -h, --help           show this help\n"
          "Numbers are decimal or 0x-prefixed hex. Exit status: the program's exit code,\n"
          "2 for bad usage or input, 124 at --max-cycles.\n",
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
        static const char *const with_value[] = {
            "--max-cycles", "--mem-latency", "--log-commits", "--trace", "--uart-in",
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
        } else if (!strcmp(name, "--log-commits")) {
            o->log_path = value;
        } else if (!strcmp(name, "--trace")) {
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

double now_seconds()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
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
    Harness(const Options &o, mk_soc_t *soc) : o_(o), soc_(soc), top_(new Vmk_rtlsim_top)
    {
        dram_ = rtlsim_dram(soc, &dram_size_);
        tohost_ = rtlsim_tohost(soc);
    }

    int run(FILE *log, FILE *uart_in);
    uint64_t cycles() const { return cycle_; }
    uint64_t instret() const { return instret_; }
    bool hit_limit() const { return limit_; }

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
        for (unsigned b = 0; b < 8; b++) {
            if (be >> b & 1)
                dram_[off + b] = (uint8_t)(data >> (8 * b));
        }
    }
    void retire(FILE *log);
    void tick();

    const Options &o_;
    mk_soc_t *soc_;
    uint8_t *dram_ = nullptr;
    uint64_t dram_size_ = 0, tohost_ = 0;
    std::unique_ptr<Vmk_rtlsim_top> top_;
    std::unique_ptr<VerilatedFstC> trace_;
    DramPort pi_, pd_;
    uint64_t cycle_ = 0, instret_ = 0, last_pc_ = 0, sim_time_ = 0;
    bool limit_ = false;
};

void Harness::tick()
{
    top_->clk_i = 1;
    top_->eval();
    if (trace_)
        trace_->dump(sim_time_++);
    top_->clk_i = 0;
    top_->eval();
    if (trace_)
        trace_->dump(sim_time_++);
}

void Harness::retire(FILE *log)
{
    auto &t = *top_;
    last_pc_ = t.rvfi_pc_o;
    if (!t.rvfi_trap_o && !t.rvfi_intr_o)
        instret_++;
    if (!log)
        return;
    mk_retire_t r;
    memset(&r, 0, sizeof r);
    r.event = t.rvfi_intr_o ? MK_EVENT_INTERRUPT : t.rvfi_trap_o ? MK_EVENT_EXCEPTION
                                                                 : MK_EVENT_RETIRE;
    r.cycle = t.rvfi_cycle_o;
    r.pc = t.rvfi_pc_o;
    r.insn = t.rvfi_insn_o;
    r.insn_len = t.rvfi_intr_o ? 0 : (r.insn & 3) == 3 ? 4 : 2;
    r.priv = t.rvfi_mode_o;
    r.v = t.rvfi_v_o;
    r.cause = t.rvfi_cause_o;
    r.tval = t.rvfi_tval_o;
    r.rd_valid = t.rvfi_rd_addr_o != 0;
    r.rd = t.rvfi_rd_addr_o;
    r.rd_wdata = t.rvfi_rd_wdata_o;
    uint8_t mask = t.rvfi_mem_rmask_o | t.rvfi_mem_wmask_o;
    r.mem_read = t.rvfi_mem_rmask_o != 0;
    r.mem_write = t.rvfi_mem_wmask_o != 0;
    r.mem_vaddr = r.mem_paddr = t.rvfi_mem_addr_o;
    r.mem_size = (uint8_t)__builtin_popcount(mask);
    r.mem_rdata = t.rvfi_mem_rdata_o;
    r.mem_wdata = t.rvfi_mem_wdata_o;
    if (t.rvfi_csr_we_o) {
        r.csr_count = 1;
        r.csr[0].addr = t.rvfi_csr_addr_o;
        r.csr[0].value = t.rvfi_csr_wdata_o;
    }
    mk_commitlog_write(log, &r);
}

// Runs until the program ends or --max-cycles; returns the exit status.
int Harness::run(FILE *log, FILE *uart_in)
{
    auto &t = *top_;
    if (o_.trace_path) {
        Verilated::traceEverOn(true);
        trace_.reset(new VerilatedFstC);
        t.trace(trace_.get(), 99);
        trace_->open(o_.trace_path);
    }
    uint64_t entry = 0;
    mk_soc_phys_read(soc_, 0x1018, &entry, 8);   // the boot ROM's jump target
    t.boot_entry_i = entry;
    t.rst_ni = 0;
    t.clk_i = 0;
    t.eval();
    tick();
    t.rst_ni = 1;
    t.eval();

    int rx_byte = uart_in ? fgetc(uart_in) : EOF;
    const uint64_t lat = o_.mem_latency;
    // The store that ends the run (finisher or tohost) retires a few cycles after its
    // handshake: keep running until it is reported, so the log ends with it as rvsim's does.
    bool ending = false;
    int exit_code = 0;
    uint64_t drain_left = 0;
    for (;;) {
        if (ending && drain_left-- == 0)
            return exit_code;
        if (o_.max_cycles && cycle_ >= o_.max_cycles && !ending) {
            error("reached --max-cycles %" PRIu64 " at pc 0x%" PRIx64, o_.max_cycles, last_pc_);
            limit_ = true;
            return EXIT_LIMIT;
        }
        // Inputs of this cycle.
        t.mi_rsp_valid_i = pi_.pending && pi_.due == cycle_;
        t.mi_rsp_rdata_i = pi_.rdata;
        t.md_rsp_valid_i = pd_.pending && pd_.due == cycle_;
        t.md_rsp_rdata_i = pd_.rdata;
        t.uart_rx_valid_i = rx_byte != EOF;
        t.uart_rx_byte_i = (uint8_t)rx_byte;
        if (t.mi_rsp_valid_i)
            pi_.pending = false;
        if (t.md_rsp_valid_i)
            pd_.pending = false;
        t.eval();

        // Outputs of this cycle (combinational from state and the inputs above).
        if (t.rvfi_valid_o) {
            retire(log);
            if (ending)
                return exit_code;
        }
        if (t.uart_tx_valid_o) {
            fputc(t.uart_tx_byte_o, stdout);
            if (t.uart_tx_byte_o == '\n')
                fflush(stdout);
        }
        if (t.uart_rx_valid_i && t.uart_rx_ready_o)
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
        tick();
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
    cfg.mem_size = DRAM_SIZE;
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
    FILE *log = nullptr;
    if (o.log_path) {
        log = !strcmp(o.log_path, "-") ? stdout : fopen(o.log_path, "w");
        if (!log) {
            error("cannot open commit log %s: %s", o.log_path, strerror(errno));
            mk_soc_free(soc);
            return EXIT_USAGE;
        }
    }

    int code;
    double t0 = now_seconds(), seconds;
    uint64_t cycles, insns;
    bool limit;
    {
        Harness h(o, soc);
        code = h.run(log, uart_in);
        seconds = now_seconds() - t0;
        cycles = h.cycles();
        insns = h.instret();
        limit = h.hit_limit();
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
        fprintf(stderr, "rtlsim: host seconds       %.3f\n", seconds);
        fprintf(stderr, "rtlsim: cycles per second  %.0f\n", seconds > 0 ? cycles / seconds : 0.0);
    }
    if (!limit && code != 0 && !o.quiet)
        fprintf(stderr, "rtlsim: program exited with code %d\n", code);
    if (code < 0 || code > 255)
        code = 1;
    mk_soc_free(soc);
    return code;
}
