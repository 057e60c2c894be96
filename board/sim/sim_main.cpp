// sim_main.cpp: Verilator harness for rv_soc.
// Loads ELF files into RAM, connects the UART to the terminal (non-blocking
// stdin, raw mode on a tty), ends on the sifive test device or on the
// riscv-tests tohost protocol, and prints cycle/instruction/TLB statistics.
// Options: --max-cycles=N  --commit=FILE (commit trace)  --fst=FILE
// (waveform, if built with tracing)  --quiet (no stats)  ELF...
#include <elf.h>
#include <fcntl.h>
#include <csignal>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "Vrv_soc.h"
#include "Vrv_soc___024root.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

namespace {

constexpr uint64_t kRamBase = 0x80000000ULL;

struct Termios {
    bool active = false;
    struct termios saved {};
} g_term;

void restore_terminal()
{
    if (g_term.active) {
        tcsetattr(0, TCSANOW, &g_term.saved);
        g_term.active = false;
    }
}

void on_signal(int sig)
{
    // leave the terminal usable when the simulation is interrupted (Ctrl-C)
    if (g_term.active) {
        tcsetattr(0, TCSANOW, &g_term.saved);
    }
    _exit(128 + sig);
}

void setup_terminal()
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    if (isatty(0)) {
        struct termios t {};
        if (tcgetattr(0, &g_term.saved) == 0) {
            t = g_term.saved;
            t.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
            t.c_cc[VMIN] = 0;
            t.c_cc[VTIME] = 0;
            tcsetattr(0, TCSANOW, &t);
            g_term.active = true;
            atexit(restore_terminal);
        }
    }
    int fl = fcntl(0, F_GETFL);
    if (fl >= 0) {
        fcntl(0, F_SETFL, fl | O_NONBLOCK);
    }
}

// store or AMO (32-bit STORE/AMO opcodes, C.SW/C.SD/C.SWSP/C.SDSP)
bool is_store(uint32_t insn)
{
    if ((insn & 3) == 3) {
        return (insn & 0x7f) == 0x23 || (insn & 0x7f) == 0x2f;
    }
    uint32_t f3 = (insn >> 13) & 7;
    uint32_t q = insn & 3;
    return (q == 0 || q == 2) && (f3 == 6 || f3 == 7);
}

class Sim {
public:
    Sim() : top_(new Vrv_soc) {}

    uint64_t ram_words() const
    {
        return sizeof(top_->rootp->rv_soc__DOT__u_ram__DOT__mem_q) / sizeof(uint64_t);
    }
    uint64_t &ram_word(uint64_t idx) { return top_->rootp->rv_soc__DOT__u_ram__DOT__mem_q[idx]; }

    bool write_byte(uint64_t pa, uint8_t v)
    {
        if (pa < kRamBase || pa - kRamBase >= ram_words() * 8) {
            return false;
        }
        uint64_t off = pa - kRamBase;
        uint64_t &w = ram_word(off / 8);
        unsigned sh = static_cast<unsigned>(off % 8) * 8;
        w = (w & ~(0xffULL << sh)) | (static_cast<uint64_t>(v) << sh);
        return true;
    }

    bool load_elf(const char *path)
    {
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "[sim] cannot open %s\n", path);
            return false;
        }
        std::vector<uint8_t> buf;
        uint8_t tmp[65536];
        size_t n;
        while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
            buf.insert(buf.end(), tmp, tmp + n);
        }
        fclose(f);
        if (buf.size() < sizeof(Elf64_Ehdr) || memcmp(buf.data(), ELFMAG, SELFMAG) != 0 ||
            buf[EI_CLASS] != ELFCLASS64) {
            fprintf(stderr, "[sim] %s: not an ELF64 file\n", path);
            return false;
        }
        Elf64_Ehdr eh;
        memcpy(&eh, buf.data(), sizeof eh);
        for (unsigned i = 0; i < eh.e_phnum; i++) {
            Elf64_Phdr ph;
            memcpy(&ph, buf.data() + eh.e_phoff + i * eh.e_phentsize, sizeof ph);
            if (ph.p_type != PT_LOAD || ph.p_memsz == 0) {
                continue;
            }
            for (uint64_t k = 0; k < ph.p_memsz; k++) {
                uint8_t v = (k < ph.p_filesz) ? buf[ph.p_offset + k] : 0;
                if (!write_byte(ph.p_paddr + k, v)) {
                    fprintf(stderr, "[sim] %s: segment at 0x%" PRIx64 " outside RAM\n", path,
                            ph.p_paddr);
                    return false;
                }
            }
        }
        // look for the riscv-tests tohost symbol
        for (unsigned i = 0; i < eh.e_shnum; i++) {
            Elf64_Shdr sh;
            memcpy(&sh, buf.data() + eh.e_shoff + i * eh.e_shentsize, sizeof sh);
            if (sh.sh_type != SHT_SYMTAB) {
                continue;
            }
            Elf64_Shdr strh;
            memcpy(&strh, buf.data() + eh.e_shoff + sh.sh_link * eh.e_shentsize, sizeof strh);
            for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= sh.sh_size; off += sizeof(Elf64_Sym)) {
                Elf64_Sym sym;
                memcpy(&sym, buf.data() + sh.sh_offset + off, sizeof sym);
                const char *name =
                    reinterpret_cast<const char *>(buf.data() + strh.sh_offset + sym.st_name);
                if (strcmp(name, "tohost") == 0) {
                    tohost_ = sym.st_value;
                }
            }
        }
        return true;
    }

    void tick()
    {
        top_->clk_i = 1;
        top_->eval();
#if VM_TRACE
        if (fst_) {
            fst_->dump(static_cast<uint64_t>(time_++));
        }
#endif
        top_->clk_i = 0;
        top_->eval();
#if VM_TRACE
        if (fst_) {
            fst_->dump(static_cast<uint64_t>(time_++));
        }
#endif
    }

    int run(uint64_t max_cycles, FILE *commit, bool quiet)
    {
        auto t0 = std::chrono::steady_clock::now();
        top_->rst_ni = 0;
        top_->clk_i = 0;
        top_->uart_rx_valid_i = 0;
        top_->uart_rx_data_i = 0;
        top_->eval();
        tick();
        tick();
        top_->rst_ni = 1;
        top_->eval();

        uint64_t tohost_idx = 0;
        bool use_tohost = false;
        if (tohost_ >= kRamBase && tohost_ - kRamBase < ram_words() * 8) {
            tohost_idx = (tohost_ - kRamBase) / 8;
            use_tohost = true;
        }
        int rc = -1;
        int pending_rc = -1;  // exit requested: drain the pipeline's commits first
        int drain = 0;
        int rx_byte = -1;
        bool stdin_open = true;
        const bool stdin_tty = isatty(0);   // a raw tty read returns 0 when idle, not at EOF
        uint64_t cyc = 0;
        std::string why;
        while (rc < 0) {
            if (max_cycles && cyc >= max_cycles) {
                why = "timeout";
                rc = 124;
                break;
            }
            // UART receive: poll stdin now and then
            if (rx_byte < 0 && stdin_open && (cyc & 0xffff) == 0) {
                unsigned char ch;
                ssize_t r = read(0, &ch, 1);
                if (r == 1) {
                    rx_byte = ch;
                } else if (r == 0 && !stdin_tty) {
                    stdin_open = false;
                }
            }
            bool push = (rx_byte >= 0) && top_->uart_rx_ready_o;
            top_->uart_rx_valid_i = push;
            top_->uart_rx_data_i = static_cast<uint8_t>(rx_byte & 0xff);
            tick();
            cyc++;
            if (push) {
                rx_byte = -1;
            }
            top_->uart_rx_valid_i = 0;
            if (top_->uart_tx_valid_o) {
                putchar(top_->uart_tx_data_o);
                fflush(stdout);
            }
            bool store_committed = false;
            if (top_->commit_valid_o) {
                store_committed = is_store(top_->commit_insn_o);
            }
            if (commit && top_->commit_valid_o) {
                fprintf(commit, "%016" PRIx64 " %08x", static_cast<uint64_t>(top_->commit_pc_o),
                        top_->commit_insn_o);
                if (top_->commit_rd_o) {
                    fprintf(commit, " x%-2d %016" PRIx64, top_->commit_rd_o,
                            static_cast<uint64_t>(top_->commit_wdata_o));
                }
                if (top_->commit_trap_o) {
                    fputs(" trap", commit);
                }
                fputc('\n', commit);
            }
            if (pending_rc >= 0) {
                // run until the store that ended the run has committed (it is
                // seen in memory before it reaches write-back)
                if (store_committed || --drain <= 0) {
                    rc = pending_rc;
                }
                continue;
            }
            if (top_->exit_valid_o) {
                pending_rc = top_->exit_code_o;
                drain = 64;
                why = "test device";
            }
            if (use_tohost) {
                uint64_t v = ram_word(tohost_idx);
                if (v) {
                    if (v & 1) {
                        pending_rc = static_cast<int>(v >> 1);
                        drain = 64;
                        why = "tohost";
                    } else if ((v >> 48) == 0x0101) {
                        putchar(static_cast<int>(v & 0xff));
                        fflush(stdout);
                    }
                    ram_word(tohost_idx) = 0;
                }
            }
        }
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!quiet) {
            uint64_t cycles = top_->cycle_o, inst = top_->instret_o;
            uint64_t ia = top_->itlb_access_o, im = top_->itlb_miss_o;
            uint64_t da = top_->dtlb_access_o, dm = top_->dtlb_miss_o;
            fprintf(stderr,
                    "[sim] exit=%d (%s) cycles=%" PRIu64 " instret=%" PRIu64 " cpi=%.3f "
                    "wall=%.2fs speed=%.0f cycles/s\n",
                    rc, why.c_str(), cycles, inst, inst ? double(cycles) / double(inst) : 0.0,
                    secs, secs > 0 ? double(cyc) / secs : 0.0);
            fprintf(stderr,
                    "[sim] itlb_access=%" PRIu64 " itlb_miss=%" PRIu64 " itlb_hit=%.2f%% "
                    "dtlb_access=%" PRIu64 " dtlb_miss=%" PRIu64 " dtlb_hit=%.2f%% walk_cycles=%" PRIu64
                    "\n",
                    ia, im, ia ? 100.0 * double(ia - im) / double(ia) : 0.0, da, dm,
                    da ? 100.0 * double(da - dm) / double(da) : 0.0,
                    static_cast<uint64_t>(top_->walk_cycles_o));
        }
        return rc;
    }

#if VM_TRACE
    void open_fst(const char *path)
    {
        Verilated::traceEverOn(true);
        fst_.reset(new VerilatedFstC);
        top_->trace(fst_.get(), 99);
        fst_->open(path);
    }
    void close_fst()
    {
        if (fst_) {
            fst_->close();
        }
    }
#endif

private:
    std::unique_ptr<Vrv_soc> top_;
    uint64_t tohost_ = 0;
#if VM_TRACE
    std::unique_ptr<VerilatedFstC> fst_;
    uint64_t time_ = 0;
#endif
};

}  // namespace

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    uint64_t max_cycles = 0;
    const char *commit_path = nullptr;
    const char *fst_path = nullptr;
    bool quiet = false;
    std::vector<const char *> elfs;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--max-cycles=", 13) == 0) {
            max_cycles = strtoull(a + 13, nullptr, 0);
        } else if (strncmp(a, "--commit=", 9) == 0) {
            commit_path = a + 9;
        } else if (strncmp(a, "--fst=", 6) == 0) {
            fst_path = a + 6;
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = true;
        } else if (a[0] == '+') {
            // Verilator plusargs
        } else if (a[0] == '-') {
            fprintf(stderr, "[sim] unknown option %s\n", a);
            return 2;
        } else {
            elfs.push_back(a);
        }
    }
    if (elfs.empty()) {
        fprintf(stderr, "usage: %s [--max-cycles=N] [--commit=FILE] [--fst=FILE] [--quiet] ELF...\n",
                argv[0]);
        return 2;
    }
    std::unique_ptr<Sim> sim(new Sim);
    for (const char *e : elfs) {
        if (!sim->load_elf(e)) {
            return 2;
        }
    }
    FILE *commit = nullptr;
    if (commit_path) {
        commit = fopen(commit_path, "w");
        if (!commit) {
            fprintf(stderr, "[sim] cannot open %s\n", commit_path);
            return 2;
        }
    }
    if (fst_path) {
#if VM_TRACE
        sim->open_fst(fst_path);
#else
        fprintf(stderr, "[sim] built without tracing; rebuild with SIM_TRACE=1 for --fst\n");
        return 2;
#endif
    }
    setup_terminal();
    int rc = sim->run(max_cycles, commit, quiet);
#if VM_TRACE
    sim->close_fst();
#endif
    if (commit) {
        fclose(commit);
    }
    restore_terminal();
    // exit statuses are 8 bits: keep any failure visible as non-zero
    return (rc == 0) ? 0 : ((rc > 0 && rc < 256) ? rc : 255);
}
