# The RTL SoC (rtl/soc/, docs/rtl-soc.md): the boot ROM image, the Verilator bench
# (sim/unit/soc/), lint and a Yosys synthesis of mk_soc.
#   make rtl-soc-test    build and run the bench: `PASS rtl/soc/<group>` lines
#   make rtl-soc-lint    verilator --lint-only -Wall with each module as the top
#   make rtl-soc-synth   yosys synth_xilinx of mk_soc: LUT, FF, BRAM and DSP counts

RTL_SOC_PKGS := rtl/mk_bus_pkg.sv rtl/soc/mk_soc_pkg.sv
RTL_SOC_MODS := rtl/soc/mk_fifo.sv rtl/soc/mk_uart_tx.sv rtl/soc/mk_uart_rx.sv \
                rtl/soc/mk_uart.sv rtl/soc/mk_xbar.sv rtl/soc/mk_bootrom.sv rtl/soc/mk_clint.sv \
                rtl/soc/mk_plic.sv rtl/soc/mk_finisher.sv rtl/soc/mk_soc.sv
RTL_SOC_SRCS := $(RTL_SOC_PKGS) $(RTL_SOC_MODS)
RTL_SOC_DIR  := $(BUILD)/rtl/soc
# The boot ROM image; its size must match mk_soc's BOOTROM_WORDS default.
RTL_SOC_HEX  := $(RTL_SOC_DIR)/mk_bootrom.hex
RTL_SOC_ROM_WORDS := 512
RTL_SOC_TB   := $(RTL_SOC_DIR)/tb_soc/tb_soc
RTL_SOC_TB_SRCS := sim/unit/soc/tb_soc_top.sv sim/unit/soc/tb_soc.cpp sim/unit/soc/ref_model.h

.PHONY: rtl-soc-test rtl-soc-lint rtl-soc-synth
all: $(RTL_SOC_TB)

$(RTL_SOC_HEX): $(BUILD)/matryoshka.dtb rtl/soc/gen_bootrom_hex.sh
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)rtl/soc/gen_bootrom_hex.sh $< $(RTL_SOC_ROM_WORDS) > $@.tmp && mv $@.tmp $@

$(RTL_SOC_DIR)/ref_model.o: sim/unit/soc/ref_model.c sim/unit/soc/ref_model.h
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(RTL_SOC_TB): $(RTL_SOC_SRCS) $(RTL_SOC_TB_SRCS) $(RTL_SOC_DIR)/ref_model.o $(BUILD)/libmk.a \
               $(RTL_SOC_HEX)
	@mkdir -p $(dir $@)
	$(call say,VERILATE,$@)
	$(Q)verilator --cc --exe --build -j 2 -Wall --top-module tb_soc_top \
	    -Mdir $(dir $@) -o tb_soc \
	    -GBOOTROM_INIT='"$(abspath $(RTL_SOC_HEX))"' \
	    -CFLAGS "-std=c++17 -O1 -I$(abspath sim/unit/soc)" \
	    $(RTL_SOC_SRCS) sim/unit/soc/tb_soc_top.sv $(abspath sim/unit/soc/tb_soc.cpp) \
	    $(abspath $(RTL_SOC_DIR)/ref_model.o) $(abspath $(BUILD)/libmk.a) > $(dir $@)build.log \
	    || { cat $(dir $@)build.log; exit 1; }

rtl-soc-test: $(RTL_SOC_TB)
	@$(RTL_SOC_TB)

rtl-soc-lint:
	@for f in $(RTL_SOC_MODS); do \
	    m=$$(basename $$f .sv); \
	    verilator --lint-only -Wall --top-module $$m $(RTL_SOC_SRCS) || exit 1; \
	    echo "lint clean: $$m"; \
	done

# synth_xilinx (7-series) of the SoC; fails on any latch. The figures come from `stat`.
rtl-soc-synth: $(RTL_SOC_HEX)
	@mkdir -p $(RTL_SOC_DIR)
	$(call say,YOSYS,mk_soc)
	$(Q)yosys -q -l $(RTL_SOC_DIR)/synth.log -p "read_verilog -defer -sv $(RTL_SOC_SRCS); \
	    chparam -set BOOTROM_INIT \"$(RTL_SOC_HEX)\" mk_soc; \
	    synth_xilinx -flatten -top mk_soc; check -assert; \
	    select -assert-none t:LDCE t:LDPE t:\$$dlatch t:\$$_DLATCH_*; \
	    tee -q -o $(RTL_SOC_DIR)/synth.stat stat"
	@awk '/ LUT[1-6] / { lut += $$2 } / FD[A-Z]* / { ff += $$2 } / RAMB36E1 / { bram += $$2 } \
	     / RAMB18E1 / { bram += $$2 / 2 } / RAM(32|64|128|256)[XM]/ { lutram += $$2 } \
	     / DSP48E1 / { dsp += $$2 } \
	     END { printf "mk_soc: %d LUTs, %d LUTRAM cells, %d FFs, %g BRAM36, %d DSPs\n", \
	           lut, lutram, ff, bram, dsp }' $(RTL_SOC_DIR)/synth.stat
