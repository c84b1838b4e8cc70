# The RTL: lint (Verilator), unit benches (Verilator, checked against the C model) and
# synthesis (Yosys, Xilinx 7-series). docs/rtl.md describes them.
#   make lint       verilator --lint-only -Wall, every module of rtl/ on its own
#   make rtl-unit   builds and runs the benches of sim/unit/
#   make synth      rtl/synth.sh: synth_xilinx of the core's blocks, the core and the SoC: LUT,
#                   FF, BRAM, DSP counts, logic depth, latches; PASS/FAIL synth/<top> lines

VERILATOR ?= verilator
YOSYS     ?= yosys

# Packages first, in dependency order (Verilator and Yosys read them before their users): the
# bus and core packages, then any other package of rtl/.
RTL_PKGS := rtl/mk_bus_pkg.sv rtl/core/mk_pkg.sv
RTL_PKGS += $(filter-out $(RTL_PKGS),$(wildcard rtl/*_pkg.sv rtl/*/*_pkg.sv rtl/*/*/*_pkg.sv))
RTL_SRCS := $(filter-out %_pkg.sv,$(wildcard rtl/*.sv rtl/*/*.sv rtl/*/*/*.sv))
RTL_ALL  := $(RTL_PKGS) $(RTL_SRCS)
# One module per file, named as the file; Verilator finds a submodule by its file name.
RTL_MODULES := $(basename $(notdir $(RTL_SRCS)))
RTL_DIRS    := $(sort $(dir $(RTL_SRCS)))

.PHONY: lint rtl-unit rtl-unit-bins synth

# ---- lint: each module as the top, with the packages and its submodules ----
# Then the tops built without the H extension (TOP:PARAM=VALUE, the parameter given with -G),
# so that the RVH = 0 build stays clean too.
RTL_LINT_VARIANTS := mk_core:RVH=0 mk_chip:RVH=0
lint:
	@fail=0; for t in $(RTL_MODULES) $(RTL_LINT_VARIANTS); do \
	  m=$${t%%:*}; g=; \
	  case $$t in *:*) p=$${t#*:}; g="-G$${p%%=*}=$${p#*=}";; esac; \
	  if out=$$($(VERILATOR) --lint-only -Wall --top-module $$m $$g $(RTL_PKGS) \
	            $(addprefix -y ,$(RTL_DIRS)) $$(find rtl -name $$m.sv) 2>&1); then \
	    echo "PASS lint/$$t"; \
	  else \
	    echo "FAIL lint/$$t: verilator --lint-only -Wall reports:"; \
	    printf '%s\n' "$$out" | sed 's/^/    | /'; fail=1; \
	  fi; \
	done; exit $$fail

# ---- unit benches ----
# A bench is sim/unit/test_NAME.cpp with a top module (the unit itself, or a thin wrapper
# sim/unit/tb_NAME.sv) and the RTL it needs; it links the C model through model_ref.c, and
# through the objects of rtl_unit_obj_NAME (built from sim/unit/*.c) if it needs more of it.
RTL_UNIT_DIR := $(BUILD)/rtl-unit
RTL_UNIT_BENCHES := compressed_decoder decoder alu muldiv pmp mmu csr

rtl_unit_top_compressed_decoder := mk_compressed_decoder
rtl_unit_sv_compressed_decoder  := rtl/core/mk_compressed_decoder.sv
rtl_unit_top_decoder := tb_decoder
rtl_unit_sv_decoder  := rtl/core/mk_decoder.sv sim/unit/tb_decoder.sv
rtl_unit_top_alu := tb_alu
rtl_unit_sv_alu  := rtl/core/mk_alu.sv sim/unit/tb_alu.sv
rtl_unit_top_muldiv := tb_muldiv
rtl_unit_sv_muldiv  := rtl/core/mk_muldiv.sv sim/unit/tb_muldiv.sv
rtl_unit_top_pmp := mk_pmp
rtl_unit_sv_pmp  := rtl/core/mk_pmp.sv
rtl_unit_top_mmu := tb_mmu
rtl_unit_sv_mmu  := rtl/core/mk_mmu.sv rtl/core/mk_tlb.sv rtl/core/mk_ptw.sv \
                    rtl/core/mk_pte_perm.sv rtl/core/mk_pmp.sv sim/unit/tb_mmu.sv
rtl_unit_obj_mmu := $(RTL_UNIT_DIR)/mmu_ref.o
rtl_unit_top_csr := mk_csr
rtl_unit_sv_csr  := rtl/core/mk_csr.sv

RTL_UNIT_BINS := $(RTL_UNIT_BENCHES:%=$(RTL_UNIT_DIR)/%/test)
RTL_UNIT_REF  := $(RTL_UNIT_DIR)/model_ref.o

all: rtl-unit-bins
rtl-unit-bins: $(RTL_UNIT_BINS)

rtl-unit: rtl-unit-bins
	@sim/unit/run.sh $(BUILD)

# The references include the model's headers (its structs): a change there rebuilds them.
$(RTL_UNIT_DIR)/%.o: sim/unit/%.c sim/unit/%.h $(wildcard cmodel/src/*.h cmodel/include/*.h)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

# The benches' own SV is compiled without -Wall (string-valued wrappers); `make lint` holds
# rtl/ to -Wall. -O2 for the C++: each bench builds in a few seconds.
define rtl_unit_rule
$(RTL_UNIT_DIR)/$(1)/test: $(RTL_PKGS) $(rtl_unit_sv_$(1)) sim/unit/test_$(1).cpp \
                           sim/unit/bench.h $(RTL_UNIT_REF) $(rtl_unit_obj_$(1)) $(BUILD)/libmk.a
	@mkdir -p $$(dir $$@)
	$$(call say,VLT,$$@)
	$$(Q)$(VERILATOR) --cc --exe --build -O3 -Wno-WIDTH --x-assign fast --x-initial fast \
	    -CFLAGS "-O2 -I$(abspath sim/unit)" --Mdir $$(dir $$@) -o test \
	    --top-module $(rtl_unit_top_$(1)) $(RTL_PKGS) $(rtl_unit_sv_$(1)) \
	    $(abspath sim/unit/test_$(1).cpp) $(abspath $(RTL_UNIT_REF)) \
	    $(abspath $(rtl_unit_obj_$(1))) \
	    $(abspath $(BUILD)/libmk.a) >$$(dir $$@)build.log 2>&1 \
	    || { cat $$(dir $$@)build.log; exit 1; }
endef
$(foreach b,$(RTL_UNIT_BENCHES),$(eval $(call rtl_unit_rule,$(b))))

# ---- synthesis ----
# rtl/synth.sh (docs/synthesis.md): synth_xilinx of every block of rtl/core/, of mk_core and of
# mk_soc, each flattened; a table, build/synth/summary.txt and `PASS/FAIL synth/<top>` lines.
# The SoC needs its boot ROM image (the rule is in rtl/soc/rtl-soc.mk).
SYNTH_DIR := $(BUILD)/synth

# SYNTH_TOPS="mk_core mk_soc" limits the run to those tops (make test does, to save CI time).
synth: $(BUILD)/rtl/soc/mk_bootrom.hex
	@YOSYS=$(YOSYS) BOOTROM_HEX=$< rtl/synth.sh $(BUILD) $(SYNTH_TOPS)
