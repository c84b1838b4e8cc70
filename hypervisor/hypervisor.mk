# ---- The HS-mode hypervisor (hypervisor/, docs/hypervisor.md) --------------------------------
#   make hypervisor [GUESTS="a.elf:64M b.bin:32M:5ms"] [HV_SSTC=auto|on|off]
#                   [HV_CONSOLE_QUOTA=bytes] [HV_OUT=dir]
# gives HV_OUT/hv.elf and hv.bin (an S-mode payload at 0x8020_0000, for OpenSBI's fw_jump) and
# HV_OUT/hv.fw.elf (Matryoshka's SBI firmware with the hypervisor, for rvsim or -bios none).
# A GUESTS entry is path:size[:slice]; the path is an ELF or a raw binary linked at 0x8020_0000.
HV_DIR   := hypervisor
HV_OUT   ?= $(BUILD)/hypervisor
HV_SSTC  ?= auto
HV_CONSOLE_QUOTA ?= 8192
HV_DEFAULT_GUESTS := hello paging compute hostile
GUESTS   ?= $(foreach g,$(HV_DEFAULT_GUESTS),$(GUEST_BUILD)/$(g).elf:4M)

HV_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -std=c11 -O2 -g \
             -Wall -Wextra -Werror -ffreestanding -fno-builtin -ffunction-sections \
             -fdata-sections -I$(HV_DIR)/core -I$(HV_DIR)/arch -I$(HV_DIR) -I$(SBI_DIR)/include
HV_LD     := $(HV_DIR)/arch/link.ld
HV_LDFLAGS := -march=rv64imac -mabi=lp64 -mcmodel=medany -nostdlib -static -T $(HV_LD) \
              -Wl,--gc-sections
HV_CORE_SRCS := $(wildcard $(HV_DIR)/core/*.c)
HV_SRCS  := $(HV_CORE_SRCS) $(wildcard $(HV_DIR)/arch/*.c) $(HV_DIR)/arch/entry.S \
            $(HV_DIR)/main.c
HV_OBJ_DIR := $(BUILD)/hypervisor-obj
HV_OBJS  := $(patsubst %,$(HV_OBJ_DIR)/%.o,$(HV_SRCS))
HV_CONFIG := $(HV_OUT)/config
HV_GUEST_FILES := $(foreach g,$(GUESTS),$(firstword $(subst :, ,$(g))))
HV_SPEC  := $(GUESTS) sstc=$(HV_SSTC) quota=$(HV_CONSOLE_QUOTA)

.PHONY: hypervisor hv-unit hv-force
hypervisor: $(HV_OUT)/hv.elf $(HV_OUT)/hv.bin $(HV_OUT)/hv.fw.elf
all: hypervisor hv-unit

$(HV_OBJ_DIR)/%.c.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(HV_OBJ_DIR)/%.S.o: %.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(HV_CFLAGS) -MMD -MP -c $< -o $@

# The guest table is regenerated whenever GUESTS (or the options) change.
$(HV_CONFIG)/spec: hv-force
	@mkdir -p $(dir $@)
	@echo '$(HV_SPEC)' | cmp -s - $@ || echo '$(HV_SPEC)' >$@

$(HV_CONFIG)/guests.c: $(HV_CONFIG)/spec $(HV_GUEST_FILES) $(HV_DIR)/config/gen-config.sh \
                       $(HV_DIR)/config/guest.dts.in
	CROSS=$(CROSS) $(HV_DIR)/config/gen-config.sh $(HV_CONFIG) $(HV_SSTC) $(HV_CONSOLE_QUOTA) $(GUESTS)

$(HV_CONFIG)/guests.S: $(HV_CONFIG)/guests.c

$(HV_CONFIG)/guests.c.o: $(HV_CONFIG)/guests.c | $(DEPS_STAMP)
	$(FW_CC) $(HV_CFLAGS) -c $< -o $@

$(HV_CONFIG)/guests.S.o: $(HV_CONFIG)/guests.S
	$(FW_CC) $(HV_CFLAGS) -c $< -o $@

$(HV_OUT)/hv.elf: $(HV_OBJS) $(HV_CONFIG)/guests.c.o $(HV_CONFIG)/guests.S.o $(HV_LD)
	$(FW_CC) $(HV_LDFLAGS) -o $@ $(HV_OBJS) $(HV_CONFIG)/guests.c.o $(HV_CONFIG)/guests.S.o -lgcc

$(HV_OUT)/hv.bin: $(HV_OUT)/hv.elf
	$(CROSS)objcopy -O binary $< $@

# Firmware + hypervisor in one image (the firmware's FW_PAYLOAD-style combination).
$(HV_OUT)/payload.o: $(SBI_DIR)/payload.S $(HV_OUT)/hv.bin | $(DEPS_STAMP)
	$(FW_CC) $(FW_ASFLAGS) -DPAYLOAD_BIN='"$(HV_OUT)/hv.bin"' -c $< -o $@

$(HV_OUT)/hv.fw.elf: $(HV_OUT)/payload.o $(SBI_LINK_DEPS)
	$(FW_CC) $(SBI_LDFLAGS) -o $@ $(SBI_OBJS) $< $(SBI_LIBS)

# Host cmocka tests of the core (no CSRs there): build/unit/test_hv_*, run by run-all.sh with
# the other unit tests.
HV_UNIT_SRCS := $(wildcard tests/hv/unit/test_hv_*.c)
HV_UNIT_BINS := $(patsubst tests/hv/unit/%.c,$(BUILD)/unit/%,$(HV_UNIT_SRCS))
HV_UNIT_CFLAGS := -std=c11 -Wall -Wextra -Werror -O1 -g $(HOST_SAN) -I$(HV_DIR)/core \
                  -I$(SBI_DIR)/include
hv-unit: $(HV_UNIT_BINS)

$(BUILD)/unit/test_hv_%: tests/hv/unit/test_hv_%.c $(HV_CORE_SRCS) $(wildcard $(HV_DIR)/core/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HV_UNIT_CFLAGS) -o $@ $< $(HV_CORE_SRCS) -lcmocka

-include $(HV_OBJS:.o=.d)

# ---- Images for the hypervisor's figures (tests/bench/run-hv-bench.sh, docs/performance.md) --
# `make hv-bench` builds, each with its own HV_OUT under $(HV_BENCH_OUT):
#   sstc      hvbench alone, guest timers through vstimecmp where the hart has Sstc
#   hvip      hvbench alone, HV_SSTC=off: guest timers through hvip.VSTIP
#   pingpong  two hvpingpong guests that yield to each other (world switches)
#   compute   the compute guest alone, default slice (versus build/sbi/compute.fw.elf natively)
# A 1000 ms slice keeps the slice timer out of the measurements. The compute guest with the
# other guests beside it is the default image, $(HV_OUT)/hv.fw.elf.
HV_BENCH_OUT := $(BUILD)/hv-bench
HV_BENCH_SLICE := 1000ms
define HV_BENCH_IMAGE
	+$(MAKE) --no-print-directory HV_OUT=$(HV_BENCH_OUT)/$(1) HV_SSTC=$(2) GUESTS="$(3)" hypervisor

endef

.PHONY: hv-bench
hv-bench: $(GUEST_BUILD)/hvbench.elf $(GUEST_BUILD)/hvpingpong.elf $(GUEST_BUILD)/compute.elf \
          $(SBI_BUILD)/hvbench.fw.elf $(SBI_BUILD)/compute.fw.elf hypervisor
	$(call HV_BENCH_IMAGE,sstc,auto,$(GUEST_BUILD)/hvbench.elf:4M:$(HV_BENCH_SLICE))
	$(call HV_BENCH_IMAGE,hvip,off,$(GUEST_BUILD)/hvbench.elf:4M:$(HV_BENCH_SLICE))
	$(call HV_BENCH_IMAGE,pingpong,auto,$(foreach i,1 2,$(GUEST_BUILD)/hvpingpong.elf:4M:$(HV_BENCH_SLICE)))
	$(call HV_BENCH_IMAGE,compute,auto,$(GUEST_BUILD)/compute.elf:4M)
