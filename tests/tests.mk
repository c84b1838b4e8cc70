# Tests: cmocka unit tests (tests/unit/test_*.c), the directed ISA suite (tests/isa/*.S) and
# the directed hypervisor suite (tests/hyp/*.S, same runtime and link script).
# `make test` runs them all through tests/run-all.sh.

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)

ISA_SRCS := $(wildcard tests/isa/*.S)
ISA_ELFS := $(ISA_SRCS:tests/isa/%.S=$(BUILD)/tests/isa/%.elf)
ISA_DEPS := $(wildcard tests/isa/include/*) tests/isa/link.ld
ISA_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib \
              -nostartfiles -Itests/isa/include -T tests/isa/link.ld -Wl,--no-warn-rwx-segments

HYP_SRCS := $(wildcard tests/hyp/*.S)
HYP_ELFS := $(HYP_SRCS:tests/hyp/%.S=$(BUILD)/tests/hyp/%.elf)
HYP_DEPS := $(ISA_DEPS) $(wildcard tests/hyp/include/*)
HYP_CFLAGS := $(ISA_CFLAGS) -Itests/hyp/include

.PHONY: unit-tests isa-tests hyp-tests
all: unit-tests isa-tests hyp-tests
unit-tests: $(UNIT_BINS)
isa-tests: $(ISA_ELFS)
hyp-tests: $(HYP_ELFS)

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libmk-san.a | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_SAN) -o $@ $< $(BUILD)/libmk-san.a -lcmocka

$(BUILD)/tests/isa/%.elf: tests/isa/%.S $(ISA_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(ISA_CFLAGS) -o $@ $<

# GCC 12 rejects 'h' in -march, but its assembler (binutils 2.40) accepts it: pass it there.
$(BUILD)/tests/hyp/%.elf: tests/hyp/%.S $(HYP_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CROSS)gcc $(HYP_CFLAGS) -Wa,-march=rv64imach_zicsr_zifencei -o $@ $<
