# Tests: cmocka unit tests (tests/unit/test_*.c) and the directed ISA suite (tests/isa/*.S).
# `make test` runs them all through tests/run-all.sh.

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)

ISA_SRCS := $(wildcard tests/isa/*.S)
ISA_ELFS := $(ISA_SRCS:tests/isa/%.S=$(BUILD)/tests/isa/%.elf)
ISA_DEPS := $(wildcard tests/isa/include/*) tests/isa/link.ld
ISA_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib \
              -nostartfiles -Itests/isa/include -T tests/isa/link.ld -Wl,--no-warn-rwx-segments

.PHONY: unit-tests isa-tests
all: unit-tests isa-tests
unit-tests: $(UNIT_BINS)
isa-tests: $(ISA_ELFS)

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libmk-san.a | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_SAN) -o $@ $< $(BUILD)/libmk-san.a -lcmocka

$(BUILD)/tests/isa/%.elf: tests/isa/%.S $(ISA_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(ISA_CFLAGS) -o $@ $<
