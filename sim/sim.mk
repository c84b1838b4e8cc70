# build/rtlsim: the Verilator SoC (rtl/core + rtl/soc) with its C++ harness (sim/rtlsim/),
# linked with the C model for ELF loading and HTIF. docs/rtl.md "rtlsim" describes it.
#   make build/rtlsim      build it (one Verilator run, C++ at -O2; about a minute)
#   make rtl-isa           run the directed ISA tests on it (sim/run-rtl-isa.sh)
# FST tracing is compiled in (--trace-fst) and costs nothing until --trace opens a file.

RTLSIM_DIR  := $(BUILD)/rtlsim.d
RTLSIM_HEX  := $(RTLSIM_DIR)/mk_bootrom.hex
RTLSIM_ROM_WORDS := 512
RTLSIM_SV   := rtl/mk_bus_pkg.sv rtl/core/mk_pkg.sv rtl/soc/mk_soc_pkg.sv \
               $(filter-out %_pkg.sv,$(wildcard rtl/core/*.sv rtl/soc/*.sv)) \
               sim/rtlsim/mk_rtlsim_top.sv
RTLSIM_CPP  := sim/rtlsim/rtlsim.cpp
RTLSIM_GLUE := $(RTLSIM_DIR)/model_glue.o

.PHONY: rtl-isa
all: $(BUILD)/rtlsim

$(RTLSIM_HEX): $(BUILD)/matryoshka.dtb rtl/soc/gen_bootrom_hex.sh
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)rtl/soc/gen_bootrom_hex.sh $< $(RTLSIM_ROM_WORDS) > $@.tmp && mv $@.tmp $@

$(RTLSIM_GLUE): sim/rtlsim/model_glue.c sim/rtlsim/model_glue.h
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

-include $(RTLSIM_GLUE:.o=.d)

$(BUILD)/rtlsim: $(RTLSIM_SV) $(RTLSIM_CPP) sim/rtlsim/model_glue.h $(RTLSIM_GLUE) \
                 $(BUILD)/libmk.a $(RTLSIM_HEX)
	@mkdir -p $(RTLSIM_DIR)
	$(call say,VERILATE,$@)
	@# Verilator's own make does not know that the C model and the glue (linked as user objects)
	@# changed: remove its binary so that it always relinks against the current ones.
	$(Q)rm -f $(RTLSIM_DIR)/obj/rtlsim
	$(Q)verilator --cc --exe --build -j 2 -O3 --x-assign fast --x-initial fast --trace-fst \
	    --top-module mk_rtlsim_top -Mdir $(RTLSIM_DIR)/obj -o rtlsim \
	    -GBOOTROM_INIT='"$(abspath $(RTLSIM_HEX))"' \
	    -CFLAGS "-std=c++17 -O2 -I$(abspath cmodel/include) -I$(abspath sim/rtlsim)" \
	    $(RTLSIM_SV) $(abspath $(RTLSIM_CPP)) $(abspath $(RTLSIM_GLUE)) \
	    $(abspath $(BUILD)/libmk.a) > $(RTLSIM_DIR)/build.log 2>&1 \
	    || { cat $(RTLSIM_DIR)/build.log; exit 1; }
	$(Q)cp $(RTLSIM_DIR)/obj/rtlsim $@

rtl-isa: $(BUILD)/rtlsim isa-tests
	@sim/run-rtl-isa.sh $(BUILD)
