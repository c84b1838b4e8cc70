# Matryoshka top-level Makefile. Each part keeps its rules in its own fragment:
#   cmodel/cmodel.mk  firmware/firmware.mk  tests/tests.mk
# Everything is built under build/.

BUILD   := build
# `make V=1` shows the full commands; by default each step prints one short line.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif
HOST_CC ?= gcc
HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -Icmodel/include -Icmodel/src
HOST_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The cross toolchain (Debian's gcc-riscv64-unknown-elf) and our newlib build.
CROSS       := riscv64-unknown-elf-
NEWLIB_DIR  := $(BUILD)/newlib/install/riscv64-unknown-elf
DEPS_STAMP  := $(BUILD)/.deps-done

.PHONY: all deps test demo bench clean
all: $(DEPS_STAMP)

# Installs missing Debian packages and builds newlib; cached by the stamp.
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps.sh scripts/build-newlib.sh
	@scripts/deps.sh
	@scripts/build-newlib.sh $(BUILD)/newlib
	@mkdir -p $(BUILD) && touch $@

include cmodel/cmodel.mk
include firmware/firmware.mk
include hypervisor/hypervisor.mk
include tests/tests.mk
include rtl/rtl.mk
include rtl/soc/rtl-soc.mk
include sim/sim.mk

test: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory all
	@tests/run-all.sh $(BUILD)

# The main job: the hypervisor and its example guests (scripts/demo.sh). SIM=rtlsim (the
# default: the RTL with --cosim, about 46 M cycles, about 3 minutes), SIM=rvsim (the C model's
# cycle-accurate mode) or SIM=qemu (QEMU 7.2 virt with H).
SIM ?= rtlsim
demo: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(BUILD) $(SIM)

bench: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory all
	@tests/bench/run-bench.sh $(BUILD)
	@tests/bench/run-hv-bench.sh $(BUILD)
	@echo
	@tests/bench/run-rtl-bench.sh $(BUILD)
	@echo
	@tests/bench/run-h-bench.sh $(BUILD)

clean:
	rm -rf $(BUILD)
