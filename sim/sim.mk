# build/rtlsim: the Verilator SoC (rtl/core + rtl/soc) with its C++ harness (sim/rtlsim/),
# linked with the C model for ELF loading, HTIF and --cosim. docs/rtlsim.md describes it.
#   make build/rtlsim      build it (one Verilator run; about a minute and a half)
#   make rtl-isa           run the directed ISA tests on it (sim/run-rtl-isa.sh)
#   make cosim             run every test program under rtlsim --cosim (sim/run-cosim.sh)
# FST tracing is compiled in (--trace-fst): nothing is traced unless --trace opens a file, and
# the cost of having it compiled in is measured in docs/rtlsim.md "Speed".
# RVH=0 builds the plain RV64IMAC core (mk_core's RVH parameter; such an rtlsim refuses
# --cosim, because the C model always has H). Changing RVH, RTLSIM_TRACE or RTLSIM_OPT on the
# command line rebuilds rtlsim (the options file below).
#
# Speed (docs/rtlsim.md "Speed"): Verilator's own makefile compiles the model with -Os
# (OPT_FAST/OPT_GLOBAL in verilated.mk), which -CFLAGS cannot override because it comes
# later on the command line; RTLSIM_OPT sets them instead.

RTLSIM_DIR  := $(BUILD)/rtlsim.d
RTLSIM_HEX  := $(RTLSIM_DIR)/mk_bootrom.hex
RTLSIM_ROM_WORDS := 512
RTLSIM_SV   := rtl/mk_bus_pkg.sv rtl/core/mk_pkg.sv rtl/soc/mk_soc_pkg.sv \
               $(filter-out %_pkg.sv,$(wildcard rtl/core/*.sv rtl/soc/*.sv)) \
               sim/rtlsim/mk_rtlsim_top.sv
RTLSIM_CPP  := sim/rtlsim/rtlsim.cpp
RTLSIM_C    := sim/rtlsim/model_glue.c sim/rtlsim/rvfi.c sim/rtlsim/cosim.c
RTLSIM_H    := $(wildcard sim/rtlsim/*.h)
RTLSIM_GLUE := $(patsubst sim/rtlsim/%.c,$(RTLSIM_DIR)/%.o,$(RTLSIM_C))
RTLSIM_OPT  ?= -O2
# 1: FST tracing compiled in (--trace works); 0: without it (docs/rtlsim.md "Speed").
RTLSIM_TRACE ?= 1
# 1: the H extension (default); 0: the RV64IMAC core without it.
RVH ?= 1

# The options the binary was built with, in a file rewritten only when they change, so that a
# build with other options is a rebuild (make does not see a change of variable otherwise).
RTLSIM_OPTIONS := RVH=$(RVH) RTLSIM_TRACE=$(RTLSIM_TRACE) RTLSIM_OPT=$(RTLSIM_OPT)
RTLSIM_STAMP   := $(RTLSIM_DIR)/options
.PHONY: rtlsim-options
$(RTLSIM_STAMP): rtlsim-options
	@mkdir -p $(dir $@)
	@echo '$(RTLSIM_OPTIONS)' | cmp -s - $@ || echo '$(RTLSIM_OPTIONS)' > $@

.PHONY: rtl-isa cosim
all: $(BUILD)/rtlsim

$(RTLSIM_HEX): $(BUILD)/matryoshka.dtb rtl/soc/gen_bootrom_hex.sh
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)rtl/soc/gen_bootrom_hex.sh $< $(RTLSIM_ROM_WORDS) > $@.tmp && mv $@.tmp $@

$(RTLSIM_DIR)/%.o: sim/rtlsim/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Isim/rtlsim -MMD -MP -c $< -o $@

-include $(RTLSIM_GLUE:.o=.d)

$(BUILD)/rtlsim: $(RTLSIM_SV) $(RTLSIM_CPP) $(RTLSIM_H) $(RTLSIM_GLUE) \
                 $(BUILD)/libmk.a $(RTLSIM_HEX) sim/sim.mk $(RTLSIM_STAMP)
	@mkdir -p $(RTLSIM_DIR)
	$(call say,VERILATE,$@)
	@# Verilator's own make does not know that the C model and the glue (linked as user objects)
	@# changed: remove its binary so that it always relinks against the current ones.
	$(Q)rm -f $(RTLSIM_DIR)/obj/rtlsim
	$(Q)verilator --cc --exe --build -j 2 -O3 --x-assign fast --x-initial fast --noassert \
	    $(if $(filter 1,$(RTLSIM_TRACE)),--trace-fst) \
	    --top-module mk_rtlsim_top -Mdir $(RTLSIM_DIR)/obj -o rtlsim \
	    -GBOOTROM_INIT='"$(abspath $(RTLSIM_HEX))"' -GRVH="1'b$(RVH)" \
	    -CFLAGS "-std=c++17 -I$(abspath cmodel/include) -I$(abspath sim/rtlsim)" \
	    -MAKEFLAGS "OPT_FAST=$(RTLSIM_OPT) OPT_GLOBAL=$(RTLSIM_OPT) OPT_SLOW=-O1" \
	    $(RTLSIM_SV) $(abspath $(RTLSIM_CPP)) $(abspath $(RTLSIM_GLUE)) \
	    $(abspath $(BUILD)/libmk.a) > $(RTLSIM_DIR)/build.log 2>&1 \
	    || { cat $(RTLSIM_DIR)/build.log; exit 1; }
	$(Q)cp $(RTLSIM_DIR)/obj/rtlsim $@

rtl-isa: $(BUILD)/rtlsim isa-tests
	@sim/run-rtl-isa.sh $(BUILD)

cosim: all
	@sim/run-cosim.sh $(BUILD) 1
	@sim/run-cosim.sh $(BUILD) 3
