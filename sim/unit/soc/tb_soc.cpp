// Verilator bench for the RTL SoC (rtl/soc/): drives mk_soc's data and instruction ports the
// way the core does, models the DRAM ports, and checks every device register against
// docs/memory-map.md, both directly (the documented values) and against the C model
// (libmk.a through ref_model.c): the same accesses on the same cycles must give the same read
// data, faults, interrupt lines, UART output and finisher exits.
// Prints `PASS rtl/soc/<group>` or `FAIL rtl/soc/<group>: ...` per group; exits 1 on failure.
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "Vtb_soc_top.h"
#include "verilated.h"

#include "ref_model.h"

namespace {

constexpr uint64_t kRom = 0x1000, kFinisher = 0x100000, kClint = 0x2000000,
                   kPlic = 0xC000000, kUart = 0x10000000, kDram = 0x80000000;
constexpr uint64_t kMsip = 1u << 3, kMtip = 1u << 7, kSeip = 1u << 9, kMeip = 1u << 11;

uint64_t size_mask(unsigned size) { return size == 8 ? ~0ull : (1ull << (8 * size)) - 1; }

unsigned log2_size(unsigned size) { return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3; }

// xorshift64*: a fixed seed keeps every run identical.
struct Rng {
    uint64_t s;
    uint64_t next() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 0x2545F4914F6CDD1Dull;
    }
    unsigned below(unsigned n) { return (unsigned)(next() % n); }
};

struct Rsp {
    bool err;
    uint64_t data;      // the requested bytes, shifted down from their lanes
    unsigned latency;   // cycles from the handshake to the response
};

// A test failure: the group stops at the first one and reports it.
struct Failure {
    std::string msg;
};

[[noreturn]] void fail(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    throw Failure{buf};
}

void expect_eq(const char *what, uint64_t expected, uint64_t got)
{
    if (expected != got)
        fail("%s: expected 0x%" PRIx64 ", got 0x%" PRIx64, what, expected, got);
}

class Bench {
public:
    ~Bench() { close_ref(); }

    // Power-on reset of the RTL and a fresh C model; `rx` is the UART input of both.
    void reset(const std::string &rx = "")
    {
        close_ref();
        top_ = std::make_unique<Vtb_soc_top>();
        top_->boot_entry_i = kDram;
        top_->uart_rx_i = 1;
        top_->md_ready_i = 1;
        top_->mi_ready_i = 1;
        top_->rst_ni = 0;
        top_->clk_i = 0;
        top_->eval();
        for (int i = 0; i < 3; i++) {
            top_->clk_i = 1;
            top_->eval();
            top_->clk_i = 0;
            top_->eval();
        }
        top_->rst_ni = 1;
        top_->eval();
        cycle_ = 0;
        dram_.clear();
        md_q_.clear();
        mi_q_.clear();
        tx_.clear();
        rx_ = rx;
        rx_pos_ = 0;
        reset_pulses_ = 0;
        drive_inputs();

        rx_path_ = "";
        if (!rx.empty()) {
            char tmpl[] = "/tmp/tb_soc_rxXXXXXX";
            int fd = mkstemp(tmpl);
            if (fd < 0 || write(fd, rx.data(), rx.size()) != (ssize_t)rx.size())
                fail("cannot write the UART input file");
            close(fd);
            rx_path_ = tmpl;
        }
        ref_out_ = tmpfile();
        char err[256];
        ref_ = ref_new(rx_path_.empty() ? nullptr : rx_path_.c_str(), ref_out_, err, sizeof err);
        if (!ref_)
            fail("C model: %s", err);
        // The model has the first input byte in RBR at once; the RTL takes it at the first
        // clock edge after reset (docs/rtl-soc.md). Programs cannot tell: they start later.
        tick();
    }

    Vtb_soc_top &top() { return *top_; }
    ref_soc_t *ref() { return ref_; }
    uint64_t cycle() const { return cycle_; }
    const std::string &tx() const { return tx_; }
    unsigned reset_pulses() const { return reset_pulses_; }
    void set_dram_latency(unsigned n) { dram_latency_ = n; }
    std::map<uint64_t, uint64_t> &dram() { return dram_; }

    // One clock cycle: the DRAM ports and the UART sim ports act at the rising edge.
    void tick()
    {
        top_->eval();
        bool md_hs = top_->md_valid_o && top_->md_ready_i;
        bool mi_hs = top_->mi_valid_o && top_->mi_ready_i;
        bool rx_take = top_->uart_sim_rx_ready_o && top_->uart_sim_rx_valid_i;
        uint64_t md_addr = top_->md_addr_o, md_wdata = top_->md_wdata_o;
        unsigned md_be = top_->md_be_o;
        bool md_we = top_->md_we_o;
        uint64_t mi_addr = top_->mi_addr_o;

        top_->clk_i = 1;
        top_->eval();
        cycle_++;

        if (md_hs) {
            uint64_t &w = dram_[md_addr & ~7ull];
            uint64_t old = w;
            if (md_we) {
                for (unsigned b = 0; b < 8; b++)
                    if (md_be >> b & 1)
                        w = (w & ~(0xFFull << 8 * b)) | (md_wdata & (0xFFull << 8 * b));
            }
            md_q_.push_back({cycle_ - 1 + dram_latency_, old});
            last_md_addr_ = md_addr;
            last_md_be_ = md_be;
            last_md_we_ = md_we;
            last_md_wdata_ = md_wdata;
        }
        if (mi_hs) {
            mi_q_.push_back({cycle_ - 1 + dram_latency_, dram_[mi_addr & ~7ull]});
            last_mi_addr_ = mi_addr;
        }
        if (rx_take)
            rx_pos_++;
        if (top_->uart_sim_tx_valid_o)
            tx_.push_back((char)top_->uart_sim_tx_byte_o);
        if (top_->finisher_reset_o)
            reset_pulses_++;

        drive_inputs();
        top_->clk_i = 0;
        top_->eval();
    }

    void idle(unsigned n)
    {
        for (unsigned i = 0; i < n; i++)
            tick();
    }

    // One access on the data port, as the core makes it; waits for the response.
    Rsp data(uint64_t addr, bool we, unsigned size, uint64_t val = 0, uint64_t *hs_cycle = nullptr)
    {
        unsigned lane = addr & 7;
        top_->d_valid_i = 1;
        top_->d_addr_i = addr;
        top_->d_we_i = we;
        top_->d_size_i = log2_size(size);
        top_->d_be_i = (unsigned)(((1u << size) - 1) << lane) & 0xFF;
        top_->d_wdata_i = we ? (val & size_mask(size)) << 8 * lane : 0xDEADBEEFDEADBEEFull;
        top_->eval();
        for (int n = 0; !top_->d_ready_o; n++) {
            if (n > 100)
                fail("data port: no ready for 0x%" PRIx64, addr);
            tick();
        }
        if (hs_cycle)
            *hs_cycle = cycle_;
        tick();
        top_->d_valid_i = 0;
        top_->eval();
        unsigned lat = 1;
        for (; !top_->d_rsp_valid_o; lat++) {
            if (lat > 100)
                fail("data port: no response for 0x%" PRIx64, addr);
            tick();
        }
        Rsp r{(bool)top_->d_rsp_err_o, (top_->d_rsp_rdata_o >> 8 * lane) & size_mask(size), lat};
        // Exactly one response: none in the next cycle.
        tick();
        if (top_->d_rsp_valid_o)
            fail("data port: a second response for 0x%" PRIx64, addr);
        return r;
    }

    Rsp fetch(uint64_t addr, unsigned size = 4)
    {
        unsigned lane = addr & 7;
        top_->i_valid_i = 1;
        top_->i_addr_i = addr;
        top_->i_size_i = log2_size(size);
        top_->eval();
        for (int n = 0; !top_->i_ready_o; n++) {
            if (n > 100)
                fail("instruction port: no ready for 0x%" PRIx64, addr);
            tick();
        }
        tick();
        top_->i_valid_i = 0;
        top_->eval();
        unsigned lat = 1;
        for (; !top_->i_rsp_valid_o; lat++) {
            if (lat > 100)
                fail("instruction port: no response for 0x%" PRIx64, addr);
            tick();
        }
        Rsp r{(bool)top_->i_rsp_err_o, (top_->i_rsp_rdata_o >> 8 * lane) & size_mask(size), lat};
        tick();
        return r;
    }

    uint64_t rd(uint64_t addr, unsigned size)
    {
        Rsp r = data(addr, false, size);
        if (r.err)
            fail("read of 0x%" PRIx64 " (%u bytes) faulted", addr, size);
        if (r.latency != 1 && addr < kDram)
            fail("read of 0x%" PRIx64 ": device answered after %u cycles, not 1", addr, r.latency);
        return r.data;
    }

    void wr(uint64_t addr, unsigned size, uint64_t val)
    {
        Rsp r = data(addr, true, size, val);
        if (r.err)
            fail("write of 0x%" PRIx64 " (%u bytes) faulted", addr, size);
        if (r.latency != 1 && addr < kDram)
            fail("write of 0x%" PRIx64 ": device answered after %u cycles, not 1", addr, r.latency);
    }

    void expect_fault(uint64_t addr, bool we, unsigned size)
    {
        Rsp r = data(addr, we, size, 0);
        if (!r.err)
            fail("%s of 0x%" PRIx64 " (%u bytes): expected an access fault", we ? "write" : "read",
                 addr, size);
        if (r.latency != 1)
            fail("fault for 0x%" PRIx64 " answered after %u cycles, not 1", addr, r.latency);
    }

    // One access to the standalone PLIC (always ready, answers in one cycle).
    Rsp plic(uint64_t off, bool we, uint64_t val)
    {
        unsigned lane = off & 7;
        top_->pl_valid_i = 1;
        top_->pl_addr_i = kPlic + off;
        top_->pl_we_i = we;
        top_->pl_size_i = 2;
        top_->pl_wdata_i = (val & 0xFFFFFFFF) << 8 * lane;
        tick();
        top_->pl_valid_i = 0;
        top_->eval();
        if (!top_->pl_rsp_valid_o)
            fail("standalone PLIC: no response after one cycle");
        return Rsp{(bool)top_->pl_rsp_err_o, (top_->pl_rsp_rdata_o >> 8 * lane) & 0xFFFFFFFF, 1};
    }

    uint64_t rtl_lines() const
    {
        return (top_->irq_msip_o ? kMsip : 0) | (top_->irq_mtip_o ? kMtip : 0) |
               (top_->irq_meip_o ? kMeip : 0) | (top_->irq_seip_o ? kSeip : 0);
    }

    // The same access on the RTL and on the C model, on the same cycle; compares the fault,
    // the data and then (one cycle on, when a finisher reset has landed on both) the lines.
    uint64_t both(uint64_t addr, bool we, unsigned size, uint64_t val = 0)
    {
        uint64_t hs;
        Rsp r = data(addr, we, size, val, &hs);
        uint64_t mval = 0;
        int merr = we ? ref_store(ref_, hs, addr, size, val) : ref_load(ref_, hs, addr, size, &mval);
        if (r.err != (merr != 0))
            fail("%s 0x%" PRIx64 " (%u bytes) at cycle %" PRIu64 ": model fault %d, RTL fault %d",
                 we ? "write" : "read", addr, size, hs, merr != 0, r.err);
        if (!we && !r.err && r.data != mval)
            fail("read 0x%" PRIx64 " (%u bytes) at cycle %" PRIu64 ": model 0x%" PRIx64
                 ", RTL 0x%" PRIx64, addr, size, hs, mval, r.data);
        compare_lines();
        return r.data;
    }

    void compare_lines()
    {
        uint64_t m = ref_irq_lines(ref_, cycle_);
        uint64_t r = rtl_lines();
        if (m != r)
            fail("interrupt lines at cycle %" PRIu64 ": model 0x%" PRIx64 ", RTL 0x%" PRIx64, cycle_,
                 m, r);
        uint64_t mt = ref_mtime(ref_, cycle_);
        if (mt != top_->mtime_o)
            fail("mtime at cycle %" PRIu64 ": model %" PRIu64 ", RTL %" PRIu64, cycle_, mt,
                 (uint64_t)top_->mtime_o);
    }

    std::string ref_output()
    {
        std::string s;
        fflush(ref_out_);
        rewind(ref_out_);
        int c;
        while ((c = fgetc(ref_out_)) != EOF)
            s.push_back((char)c);
        return s;
    }

    uint64_t last_md_addr_ = 0, last_md_wdata_ = 0, last_mi_addr_ = 0;
    unsigned last_md_be_ = 0;
    bool last_md_we_ = false;

private:
    struct Pending {
        uint64_t cycle;
        uint64_t data;
    };

    void drive_inputs()
    {
        top_->md_rsp_valid_i = 0;
        top_->md_rsp_err_i = 0;
        if (!md_q_.empty() && md_q_.front().cycle == cycle_) {
            top_->md_rsp_valid_i = 1;
            top_->md_rsp_rdata_i = md_q_.front().data;
            md_q_.pop_front();
        }
        top_->mi_rsp_valid_i = 0;
        if (!mi_q_.empty() && mi_q_.front().cycle == cycle_) {
            top_->mi_rsp_valid_i = 1;
            top_->mi_rsp_rdata_i = mi_q_.front().data;
            mi_q_.pop_front();
        }
        top_->uart_sim_rx_valid_i = rx_pos_ < rx_.size();
        top_->uart_sim_rx_byte_i = rx_pos_ < rx_.size() ? (uint8_t)rx_[rx_pos_] : 0;
    }

    void close_ref()
    {
        if (ref_)
            ref_free(ref_);
        ref_ = nullptr;
        if (ref_out_)
            fclose(ref_out_);
        ref_out_ = nullptr;
        if (!rx_path_.empty())
            unlink(rx_path_.c_str());
        rx_path_.clear();
        if (top_)
            top_->final();
        top_.reset();
    }

    std::unique_ptr<Vtb_soc_top> top_;
    ref_soc_t *ref_ = nullptr;
    FILE *ref_out_ = nullptr;
    std::string rx_path_;
    uint64_t cycle_ = 0;
    unsigned dram_latency_ = 3;
    std::map<uint64_t, uint64_t> dram_;
    std::deque<Pending> md_q_, mi_q_;
    std::string rx_, tx_;
    size_t rx_pos_ = 0;
    unsigned reset_pulses_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Boot ROM: every byte equals the C model's ROM; the entry comes from boot_entry_i.
// ---------------------------------------------------------------------------------------------
void test_bootrom(Bench &b)
{
    b.reset();
    for (uint64_t a = kRom; a < kRom + 0xF000; a += 8)
        b.both(a, false, 8);
    // Every size, at a few places (the reset code, the entry, the DTB header).
    static const uint64_t spots[] = {0x1000, 0x1004, 0x100c, 0x1018, 0x101c, 0x1100, 0x1106,
                                     0x1FFF, 0xFFFF};
    for (uint64_t a : spots)
        for (unsigned size = 1; size <= 8; size *= 2)
            if (a % size == 0)
                b.both(a, false, size);
    expect_eq("reset code word 0", 0x00000297, b.rd(0x1000, 4));
    expect_eq("reset code word 4", 0x00028067, b.rd(0x1010, 4));
    expect_eq("entry (default)", kDram, b.rd(0x1018, 8));
    expect_eq("DTB magic", 0xedfe0dd0, b.rd(0x1100, 4));

    // Another entry, as the harness sets it from the ELF.
    b.top().boot_entry_i = 0x80200000;
    ref_set_entry(b.ref(), 0x80200000);
    b.both(0x1018, false, 8);
    b.both(0x101c, false, 4);
    expect_eq("entry (set)", 0x80200000, b.rd(0x1018, 8));

    // Fetches see the same bytes.
    for (uint64_t a = kRom; a < kRom + 0x20; a += 4) {
        Rsp r = b.fetch(a);
        uint64_t m;
        ref_load(b.ref(), b.cycle(), a, 4, &m);
        if (r.err || r.latency != 1)
            fail("fetch 0x%" PRIx64 ": err %d latency %u", a, r.err, r.latency);
        expect_eq("fetched word", m, r.data);
    }
    // Stores fault, as in the model.
    b.both(0x1000, true, 4, 0);
    b.both(0x1100, true, 8, 0);
    b.both(0x1018, true, 1, 0);
}

// ---------------------------------------------------------------------------------------------
// Interconnect: unmapped addresses fault on both ports; DRAM traffic reaches the DRAM ports.
// ---------------------------------------------------------------------------------------------
void test_xbar(Bench &b)
{
    b.reset();
    static const uint64_t holes[] = {0x0, 0x800, 0xFF8, 0x10000, 0xFFFF8, 0x101000, 0x1FFFFF8,
                                     0x2010000, 0xBFFFFF8, 0xC600000, 0xFFFFFF8, 0x10000100,
                                     0x7FFFFFF8, 0x90000000, 0x100000000ull, 0xFFFFFFFFFFFFF8ull};
    for (uint64_t a : holes) {
        b.both(a, false, 8);
        b.both(a, true, 4, 0x12345678);
        b.expect_fault(a, false, 8);
        Rsp f = b.fetch(a);
        if (!f.err || f.latency != 1)
            fail("fetch of unmapped 0x%" PRIx64 ": err %d latency %u", a, f.err, f.latency);
    }
    // The last and first bytes of each region answer.
    static const uint64_t edges[] = {0x1000, 0xFFFF, 0x100000, 0x100FFC, 0x2000000, 0x200FFFC,
                                     0xC000000, 0xC5FFFFC, 0x10000000, 0x100000FF};
    for (uint64_t a : edges)
        b.both(a, false, (a >= kUart && a < kUart + 0x100) || a == 0xFFFF ? 1 : 4);
    // Fetching from a device is an access fault.
    static const uint64_t devices[] = {kFinisher, kClint, kClint + 0xBFF8, kPlic, kUart};
    for (uint64_t a : devices) {
        Rsp f = b.fetch(a);
        if (!f.err)
            fail("fetch from device 0x%" PRIx64 " did not fault", a);
    }

    // DRAM: the request reaches the data port unchanged; the response comes back after the
    // memory's latency, which the xbar does not lengthen.
    for (unsigned lat : {1u, 2u, 5u}) {
        b.set_dram_latency(lat);
        uint64_t a = kDram + 0x100 + 8 * lat;
        Rsp w = b.data(a + 4, true, 4, 0xCAFEF00D);
        if (w.err || w.latency != lat)
            fail("DRAM store: err %d, latency %u, memory latency %u", w.err, w.latency, lat);
        expect_eq("DRAM port address", a + 4, b.last_md_addr_);
        expect_eq("DRAM port byte enables", 0xF0, b.last_md_be_);
        expect_eq("DRAM port we", 1, b.last_md_we_);
        expect_eq("DRAM port wdata lanes", 0xCAFEF00Dull << 32, b.last_md_wdata_ & (0xFFFFFFFFull << 32));
        Rsp r = b.data(a + 4, false, 4);
        if (r.err || r.latency != lat)
            fail("DRAM load: err %d, latency %u, memory latency %u", r.err, r.latency, lat);
        expect_eq("DRAM load data", 0xCAFEF00D, r.data);
        Rsp f = b.fetch(a + 4);
        if (f.err || f.latency != lat)
            fail("DRAM fetch: err %d, latency %u", f.err, f.latency);
        expect_eq("DRAM fetch address", a + 4, b.last_mi_addr_);
        expect_eq("DRAM fetch data", 0xCAFEF00D, f.data);
    }
    // The last DRAM doubleword (256 MiB) still routes to DRAM.
    b.set_dram_latency(1);
    b.wr(kDram + 0x10000000 - 8, 8, 0x0123456789ABCDEFull);
    expect_eq("last DRAM doubleword", 0x0123456789ABCDEFull, b.rd(kDram + 0x10000000 - 8, 8));
}

// ---------------------------------------------------------------------------------------------
// CLINT
// ---------------------------------------------------------------------------------------------
void test_clint(Bench &b)
{
    b.reset();
    const uint64_t msip = kClint, cmp = kClint + 0x4000, mtime = kClint + 0xBFF8;
    expect_eq("msip reset", 0, b.rd(msip, 4));
    expect_eq("mtimecmp reset", ~0ull, b.rd(cmp, 8));
    expect_eq("mtimecmp high half reset", 0xFFFFFFFF, b.rd(cmp + 4, 4));
    // mtime = cycle / 5, read on the cycle of the handshake.
    for (int i = 0; i < 12; i++) {
        uint64_t hs;
        Rsp r = b.data(mtime, false, 8, 0, &hs);
        expect_eq("mtime = cycle / 5", hs / 5, r.data);
        b.idle(i);
    }
    // Access sizes.
    b.expect_fault(msip, false, 8);
    b.expect_fault(msip, true, 8);
    b.expect_fault(cmp, false, 2);
    b.expect_fault(mtime, true, 1);
    expect_eq("unmapped offset", 0, b.rd(kClint + 0x100, 4));

    // msip: bit 0 drives MSIP.
    b.wr(msip, 4, 0xFFFFFFFF);
    expect_eq("msip bit 0 only", 1, b.rd(msip, 4));
    if (!b.top().irq_msip_o)
        fail("msip=1 but the MSIP line is low");
    b.wr(msip, 4, 0);
    if (b.top().irq_msip_o)
        fail("msip=0 but the MSIP line is high");

    // mtimecmp: MTIP rises on the cycle mtime reaches it.
    uint64_t now = b.rd(mtime, 8);
    b.wr(cmp, 8, now + 4);
    if (b.top().irq_mtip_o)
        fail("MTIP high before mtime reached mtimecmp");
    for (int n = 0; b.top().mtime_o < now + 4; n++) {
        if (b.top().irq_mtip_o)
            fail("MTIP high at mtime %" PRIu64 " < %" PRIu64, (uint64_t)b.top().mtime_o, now + 4);
        if (n > 100)
            fail("mtime does not advance");
        b.tick();
    }
    if (!b.top().irq_mtip_o)
        fail("MTIP low with mtime >= mtimecmp");
    // Halves: writing the high half of mtimecmp back to all ones lowers MTIP.
    b.wr(cmp + 4, 4, 0xFFFFFFFF);
    if (b.top().irq_mtip_o)
        fail("MTIP high after mtimecmp[63:32] = ~0");
    expect_eq("mtimecmp after a half write", 0xFFFFFFFF00000000ull | ((now + 4) & 0xFFFFFFFF),
              b.rd(cmp, 8));

    // mtime is writable, in halves too, and keeps counting from the written value.
    b.wr(mtime + 4, 4, 0x12345678);
    uint64_t hs;
    Rsp r = b.data(mtime + 4, false, 4, 0, &hs);
    expect_eq("mtime high half", 0x12345678, r.data);
    b.wr(mtime, 8, 1000);
    uint64_t t0 = b.rd(mtime, 8);
    if (t0 < 1000 || t0 > 1001)
        fail("mtime after writing 1000 reads %" PRIu64, t0);
    b.idle(50);
    uint64_t t1 = b.rd(mtime, 8);
    if (t1 - t0 < 10 || t1 - t0 > 11)
        fail("mtime advanced by %" PRIu64 " in ~55 cycles, expected 11", t1 - t0);

    // Against the model: random accesses, cycle for cycle.
    b.reset();
    Rng rng{0x5eed0001};
    for (int i = 0; i < 3000; i++) {
        uint64_t t = b.top().mtime_o;
        switch (rng.below(8)) {
        case 0: b.both(msip, rng.below(2), 4, rng.next()); break;
        case 1: b.both(cmp + 4 * rng.below(2), rng.below(2), 4, rng.below(2) ? ~0ull : 0); break;
        case 2: b.both(cmp, true, 8, t + rng.below(8)); break;
        case 3: b.both(cmp, false, 8); break;
        case 4: b.both(mtime + 4 * rng.below(2), false, 4); break;
        case 5: b.both(mtime, rng.below(4) == 0, 8, t + rng.below(5) - 2); break;
        case 6: b.both(mtime, true, 4, rng.next()); break;
        default: b.both(kClint + 8 * rng.below(0x2000), rng.below(2), 1u << rng.below(4), rng.next());
        }
        b.idle(rng.below(7));
        b.compare_lines();
    }
}

// ---------------------------------------------------------------------------------------------
// PLIC, with the UART's THR-empty interrupt as the source 10 line.
// ---------------------------------------------------------------------------------------------
void test_plic(Bench &b)
{
    b.reset();
    const uint64_t prio10 = kPlic + 4 * 10, pending = kPlic + 0x1000, en0 = kPlic + 0x2000,
                   en1 = kPlic + 0x2080, th0 = kPlic + 0x200000, claim0 = kPlic + 0x200004,
                   th1 = kPlic + 0x201000, claim1 = kPlic + 0x201004, ier = kUart + 1,
                   iir = kUart + 2;
    static const uint64_t regs[] = {kPlic, prio10, kPlic + 0x7C, pending, en0, en1, th0, claim0,
                                    th1, claim1};
    for (uint64_t a : regs)
        expect_eq("PLIC register reset", 0, b.rd(a, 4));
    b.expect_fault(prio10, false, 2);
    b.expect_fault(en0, true, 8);
    b.expect_fault(claim0, false, 1);
    // WARL widths.
    b.wr(kPlic, 4, 7);
    expect_eq("source 0 priority", 0, b.rd(kPlic, 4));
    b.wr(prio10, 4, 0xFF);
    expect_eq("priority is 3 bits", 7, b.rd(prio10, 4));
    b.wr(en0, 4, 0xFFFFFFFF);
    expect_eq("enable bit 0 is read-only 0", 0xFFFFFFFE, b.rd(en0, 4));
    b.wr(th1, 4, 0xF9);
    expect_eq("threshold is 3 bits", 1, b.rd(th1, 4));
    b.wr(pending, 4, 0xFFFFFFFF);
    expect_eq("pending is read-only", 0, b.rd(pending, 4));
    b.wr(en0, 4, 0);
    b.wr(th1, 4, 0);
    b.wr(prio10, 4, 0);

    // The UART raises its line: THR empty, once enabled.
    b.wr(ier, 1, 0x02);
    expect_eq("pending follows the UART line", 1u << 10, b.rd(pending, 4));
    if (b.top().irq_meip_o || b.top().irq_seip_o)
        fail("external interrupt with priority 0 and no enables");
    b.wr(prio10, 4, 2);
    b.wr(en0, 4, 1u << 10);
    if (!b.top().irq_meip_o || b.top().irq_seip_o)
        fail("MEIP should be high, SEIP low (source 10 enabled for context 0 only)");
    b.wr(th0, 4, 2);
    if (b.top().irq_meip_o)
        fail("MEIP high with priority 2 <= threshold 2");
    b.wr(th0, 4, 1);
    if (!b.top().irq_meip_o)
        fail("MEIP low with priority 2 > threshold 1");
    // Claim closes the gateway for every context.
    b.wr(en1, 4, 1u << 10);
    if (!b.top().irq_seip_o)
        fail("SEIP low with source 10 enabled for context 1");
    expect_eq("claim, context 0", 10, b.rd(claim0, 4));
    if (b.top().irq_meip_o || b.top().irq_seip_o)
        fail("an external interrupt line is high after the claim");
    expect_eq("pending after the claim", 0, b.rd(pending, 4));
    expect_eq("second claim", 0, b.rd(claim1, 4));
    // Complete through a context without the enable: ignored.
    b.wr(en1, 4, 0);
    b.wr(claim1, 4, 10);
    expect_eq("pending after an ignored complete", 0, b.rd(pending, 4));
    // Complete through context 0: the line is still high, so pending again at once.
    b.wr(claim0, 4, 10);
    expect_eq("pending after the complete", 1u << 10, b.rd(pending, 4));
    if (!b.top().irq_meip_o)
        fail("MEIP low after the complete with the line still high");
    // The device drops its line (IIR read acknowledges THR empty): no stale claim.
    expect_eq("UART IIR", 0x02, b.rd(iir, 1));
    expect_eq("pending with the line low", 0, b.rd(pending, 4));
    if (b.top().irq_meip_o)
        fail("MEIP high with the line low");
    expect_eq("claim with nothing pending", 0, b.rd(claim0, 4));

    // Against the model: random PLIC and UART traffic.
    b.reset();
    Rng rng{0x5eed0002};
    for (int i = 0; i < 4000; i++) {
        unsigned ctx = rng.below(2);
        switch (rng.below(12)) {
        case 0: b.both(kPlic + 4 * rng.below(32), rng.below(2), 4, rng.below(10)); break;
        case 1: b.both(prio10, true, 4, rng.below(8)); break;
        case 2: b.both(en0 + 0x80 * ctx, true, 4, rng.below(3) ? 1u << 10 : rng.next()); break;
        case 3: b.both(kPlic + 0x200000 + 0x1000 * ctx, rng.below(2), 4, rng.below(8)); break;
        case 4: b.both(kPlic + 0x200004 + 0x1000 * ctx, false, 4); break;
        case 5: b.both(kPlic + 0x200004 + 0x1000 * ctx, true, 4, rng.below(3) ? 10 : rng.below(40)); break;
        case 6: b.both(pending, rng.below(2), 4, rng.next()); break;
        case 7: b.both(ier, true, 1, rng.below(4)); break;
        case 8: b.both(iir, false, 1); break;
        case 9: b.both(kUart, true, 1, 'a' + rng.below(26)); break;
        case 10: b.both(kPlic + 4 * rng.below(0x180000), rng.below(2), 1u << rng.below(4), rng.next()); break;
        default: b.both(en0 + 0x80 * ctx, false, 4); break;
        }
        if (rng.below(4) == 0)
            b.idle(rng.below(3));
    }
}

// The standalone PLIC with all 31 lines driven at random, against the model: priorities,
// thresholds, lowest ID on a tie, claims and completes on both contexts.
void test_plic_sources(Bench &b)
{
    b.reset();
    Rng rng{0x5eed0004};
    uint32_t lines = 0;
    for (int i = 0; i < 6000; i++) {
        if (rng.below(8) == 0) {
            lines = (uint32_t)rng.next() & ~(1u << 10);    // source 10 belongs to the UART
            b.top().pl_sources_i = lines;
            b.tick();
            ref_set_plic_lines(b.ref(), lines);
        }
        unsigned ctx = rng.below(2);
        uint64_t off = 0, val = rng.next();
        bool we = true;
        switch (rng.below(7)) {
        case 0: off = 4 * rng.below(32); val = rng.below(8); break;
        case 1: off = 0x2000 + 0x80 * ctx; break;
        case 2: off = 0x200000 + 0x1000 * ctx; val = rng.below(4); break;
        case 3: off = 0x200004 + 0x1000 * ctx; we = false; break;
        case 4: off = 0x200004 + 0x1000 * ctx; val = rng.below(33); break;
        case 5: off = 0x1000; we = false; break;
        default: off = 4 * rng.below(32); we = false; break;
        }
        Rsp r = b.plic(off, we, val);
        uint64_t m = 0;
        int merr = we ? ref_store(b.ref(), b.cycle(), kPlic + off, 4, val)
                      : ref_load(b.ref(), b.cycle(), kPlic + off, 4, &m);
        if (r.err || merr)
            fail("PLIC +0x%" PRIx64 ": RTL fault %d, model fault %d", off, r.err, merr != 0);
        if (!we && r.data != m)
            fail("PLIC read +0x%" PRIx64 " (step %d): model 0x%" PRIx64 ", RTL 0x%" PRIx64, off, i,
                 m, r.data);
        uint64_t ml = ref_irq_lines(b.ref(), b.cycle());
        unsigned rl = b.top().pl_irq_o;
        if (((ml & kMeip) != 0) != ((rl & 1) != 0) || ((ml & kSeip) != 0) != ((rl & 2) != 0))
            fail("PLIC lines (step %d): model MEIP %d SEIP %d, RTL %u", i, (ml & kMeip) != 0,
                 (ml & kSeip) != 0, rl);
    }
}

// ---------------------------------------------------------------------------------------------
// UART registers
// ---------------------------------------------------------------------------------------------
void test_uart(Bench &b)
{
    const uint64_t rbr = kUart, ier = kUart + 1, iir = kUart + 2, lcr = kUart + 3,
                   mcr = kUart + 4, lsr = kUart + 5, msr = kUart + 6, scr = kUart + 7;
    b.reset();
    expect_eq("IER reset", 0, b.rd(ier, 1));
    expect_eq("IIR reset", 0x01, b.rd(iir, 1));
    expect_eq("LCR reset", 0, b.rd(lcr, 1));
    expect_eq("MCR reset", 0, b.rd(mcr, 1));
    expect_eq("LSR reset", 0x60, b.rd(lsr, 1));
    expect_eq("MSR", 0xB0, b.rd(msr, 1));
    expect_eq("SCR reset", 0, b.rd(scr, 1));
    expect_eq("RBR with no data", 0, b.rd(rbr, 1));
    expect_eq("offset 8", 0, b.rd(kUart + 8, 1));
    expect_eq("offset 0xFF", 0, b.rd(kUart + 0xFF, 1));
    b.expect_fault(lsr, false, 2);
    b.expect_fault(rbr, true, 4);
    b.expect_fault(rbr, false, 8);

    b.wr(scr, 1, 0xA5);
    expect_eq("scratch", 0xA5, b.rd(scr, 1));
    b.wr(mcr, 1, 0xFF);
    expect_eq("MCR bits 4:0", 0x1F, b.rd(mcr, 1));
    b.wr(ier, 1, 0xFF);
    expect_eq("IER bits 3:0", 0x0F, b.rd(ier, 1));
    b.wr(ier, 1, 0);
    b.wr(lsr, 1, 0);
    expect_eq("LSR ignores writes", 0x60, b.rd(lsr, 1));

    // DLAB switches offsets 0 and 1 to the divisor latch.
    b.wr(lcr, 1, 0x83);
    expect_eq("DLL reset", 12, b.rd(rbr, 1));
    expect_eq("DLM reset", 0, b.rd(ier, 1));
    b.wr(rbr, 1, 3);
    b.wr(ier, 1, 0x81);
    expect_eq("DLL", 3, b.rd(rbr, 1));
    expect_eq("DLM", 0x81, b.rd(ier, 1));
    b.wr(lcr, 1, 0x03);
    expect_eq("LCR", 0x03, b.rd(lcr, 1));
    expect_eq("IER after DLAB", 0, b.rd(ier, 1));
    if (!b.tx().empty())
        fail("a DLL write was transmitted");

    // THR empty interrupt.
    b.wr(ier, 1, 0x02);
    if (!(b.rd(kPlic + 0x1000, 4) >> 10 & 1))
        fail("UART line low after enabling THR empty");
    expect_eq("IIR: THR empty", 0x02, b.rd(iir, 1));
    expect_eq("IIR after the acknowledge", 0x01, b.rd(iir, 1));
    b.wr(rbr, 1, 'O');
    b.wr(rbr, 1, 'K');
    expect_eq("IIR after a THR write", 0x02, b.rd(iir, 1));
    b.wr(rbr, 1, '\n');
    b.wr(ier, 1, 0);
    expect_eq("IIR after clearing IER", 0x01, b.rd(iir, 1));
    if (b.tx() != "OK\n")
        fail("sim TX bytes: expected \"OK\\n\", got \"%s\"", b.tx().c_str());
    b.wr(kUart + 2, 1, 0x07);
    expect_eq("IIR with FIFOs enabled", 0xC1, b.rd(iir, 1));

    // Receive: a byte waiting at reset, the next one ready as soon as RBR is read.
    b.reset("hi");
    expect_eq("LSR with data", 0x61, b.rd(lsr, 1));
    b.wr(ier, 1, 0x03);
    expect_eq("IIR: receive data first", 0x04, b.rd(iir, 1));
    expect_eq("RBR 1", 'h', b.rd(rbr, 1));
    expect_eq("LSR with the next byte", 0x61, b.rd(lsr, 1));
    expect_eq("RBR 2", 'i', b.rd(rbr, 1));
    expect_eq("LSR at end of input", 0x60, b.rd(lsr, 1));
    expect_eq("IIR: THR empty after the data", 0x02, b.rd(iir, 1));
    expect_eq("RBR at end of input", 0, b.rd(rbr, 1));

    // Against the model: random register traffic with input and output.
    b.reset("The quick brown fox jumps over the lazy dog.\n");
    Rng rng{0x5eed0003};
    for (int i = 0; i < 4000; i++) {
        unsigned r = rng.below(16);
        uint64_t val = rng.next() & 0xFF;
        if (r < 8)
            b.both(kUart + r, rng.below(2), 1, r == 3 ? (rng.below(4) ? val & 0x7F : val) : val);
        else if (r < 12)
            b.both(kUart + rng.below(3) * 2 + (r == 8 ? 0 : 5), false, 1);
        else if (r < 14)
            b.both(kUart + rng.below(0x100), rng.below(2), 1, val);
        else
            b.both(kUart + 8 * rng.below(0x20), rng.below(2), 2u << rng.below(3), rng.next());
    }
    std::string m = b.ref_output();
    if (m != b.tx())
        fail("TX bytes differ: model %zu bytes, RTL %zu bytes", m.size(), b.tx().size());
    if (m.size() < 50)
        fail("only %zu bytes transmitted: the random test is too weak", m.size());
}

// ---------------------------------------------------------------------------------------------
// UART serial line: 8N1 at the divisor's rate, looped back into the receiver.
// ---------------------------------------------------------------------------------------------
void test_uart_serial(Bench &b)
{
    b.reset();
    const uint64_t rbr = kUart, lcr = kUart + 3, lsr = kUart + 5;
    // Divisor 1: 3.6864 MHz / 16 = 230400 baud, 217 cycles of 50 MHz per bit.
    b.wr(lcr, 1, 0x80);
    b.wr(rbr, 1, 1);
    b.wr(kUart + 1, 1, 0);
    b.wr(lcr, 1, 0x03);
    b.wr(rbr, 1, 0x5A);
    // Measure the frame on the TX pin.
    uint64_t start = 0;
    for (int n = 0; b.top().uart_tx_o; n++) {
        if (n > 2000)
            fail("no start bit on the TX pin");
        b.tick();
    }
    start = b.cycle();
    double bit = 50e6 / 230400.0;
    unsigned byte = 0;
    for (int i = 0; i < 10; i++) {
        while (b.cycle() < start + (uint64_t)(bit * (i + 0.5)))
            b.tick();
        unsigned level = b.top().uart_tx_o;
        if (i == 0 && level != 0)
            fail("start bit is not low at its middle");
        if (i == 9 && level != 1)
            fail("stop bit is not high at its middle");
        if (i >= 1 && i <= 8)
            byte |= level << (i - 1);
    }
    expect_eq("byte on the TX pin", 0x5A, byte);
    b.idle(300);
    if (!b.top().uart_tx_o)
        fail("TX pin not idle after the frame");

    // Loop the pin back into RX: two bytes arrive in RBR through the receiver and RX FIFO.
    b.wr(rbr, 1, 'Q');
    b.wr(rbr, 1, 'z');
    for (int i = 0; i < 5000; i++) {
        b.top().uart_rx_i = b.top().uart_tx_o;
        b.tick();
    }
    b.top().uart_rx_i = 1;
    expect_eq("LSR after the loopback", 0x61, b.rd(lsr, 1));
    expect_eq("looped-back byte 1", 'Q', b.rd(rbr, 1));
    expect_eq("looped-back byte 2", 'z', b.rd(rbr, 1));
    expect_eq("LSR after reading both", 0x60, b.rd(lsr, 1));
}

// ---------------------------------------------------------------------------------------------
// Test finisher
// ---------------------------------------------------------------------------------------------
void test_finisher(Bench &b)
{
    b.reset();
    b.both(kFinisher, false, 4);
    b.both(kFinisher, false, 8);
    b.both(kFinisher, true, 2, 0x5555);
    b.both(kFinisher + 4, true, 4, 0x5555);
    b.both(kFinisher + 0x800, false, 4);
    b.both(kFinisher, true, 4, 0x12345678);    // ignored
    if (b.top().finisher_exit_o)
        fail("exit after an ignored value");

    // Reset: the devices' registers return to reset values, mtime keeps running.
    b.both(kUart + 7, true, 1, 0x42);
    b.both(kUart + 1, true, 1, 0x02);
    b.both(kPlic + 40, true, 4, 5);
    b.both(kClint, true, 4, 1);
    b.both(kClint + 0x4000, true, 8, 77);
    b.idle(20);
    uint64_t before = b.top().mtime_o;
    b.both(kFinisher, true, 4, 0x7777);
    expect_eq("reset pulses", 1, b.reset_pulses());
    if (b.top().finisher_exit_o)
        fail("exit after a reset");
    expect_eq("UART SCR after the reset", 0, b.rd(kUart + 7, 1));
    expect_eq("UART IER after the reset", 0, b.rd(kUart + 1, 1));
    expect_eq("PLIC priority after the reset", 0, b.rd(kPlic + 40, 4));
    expect_eq("msip after the reset", 0, b.rd(kClint, 4));
    expect_eq("mtimecmp after the reset", ~0ull, b.rd(kClint + 0x4000, 8));
    if (b.top().mtime_o < before)
        fail("mtime went back on a finisher reset");
    b.both(kClint + 0xBFF8, false, 8);

    // Fail with a code.
    b.both(kFinisher, true, 4, (3u << 16) | 0x3333);
    int code = -1;
    if (!ref_exited(b.ref(), &code) || code != 3)
        fail("the model did not exit with 3");
    if (!b.top().finisher_exit_o || b.top().finisher_code_o != 3 || !b.top().finisher_fail_o ||
        b.top().finisher_pass_o)
        fail("after (3 << 16) | 0x3333: exit %d code %d pass %d fail %d",
             b.top().finisher_exit_o, b.top().finisher_code_o, b.top().finisher_pass_o,
             b.top().finisher_fail_o);
    b.wr(kFinisher, 4, 0x5555);
    if (b.top().finisher_code_o != 3)
        fail("a second write changed the exit code");

    // Pass.
    b.reset();
    b.both(kFinisher, true, 4, 0xABCD5555);
    if (!ref_exited(b.ref(), &code) || code != 0)
        fail("the model did not exit with 0");
    if (!b.top().finisher_exit_o || b.top().finisher_code_o != 0 || !b.top().finisher_pass_o ||
        b.top().finisher_fail_o)
        fail("after 0x5555: exit %d code %d pass %d", b.top().finisher_exit_o,
             b.top().finisher_code_o, b.top().finisher_pass_o);
    // Fail with code 0 is a pass, as in QEMU.
    b.reset();
    b.both(kFinisher, true, 4, 0x3333);
    if (!b.top().finisher_pass_o)
        fail("(0 << 16) | 0x3333 is not a pass");
}

struct Group {
    const char *name;
    void (*fn)(Bench &);
};

const Group kGroups[] = {
    {"bootrom", test_bootrom}, {"xbar", test_xbar},       {"clint", test_clint},
    {"plic", test_plic},       {"plic_sources", test_plic_sources}, {"uart", test_uart},       {"uart_serial", test_uart_serial},
    {"finisher", test_finisher},
};

}  // namespace

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    const char *only = nullptr;
    for (int i = 1; i < argc; i++)
        if (argv[i][0] != '+')
            only = argv[i];
    Bench bench;
    int failed = 0;
    for (const Group &g : kGroups) {
        if (only && strcmp(only, g.name) != 0)
            continue;
        try {
            g.fn(bench);
            printf("PASS rtl/soc/%s\n", g.name);
        } catch (const Failure &f) {
            printf("FAIL rtl/soc/%s: %s\n", g.name, f.msg.c_str());
            failed++;
        }
        fflush(stdout);
    }
    return failed ? 1 : 0;
}
