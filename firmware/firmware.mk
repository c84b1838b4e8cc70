# Firmware: the M-mode BSP (build/firmware/libbsp.a + crt0.o), the hello demo, and the
# newlib programs built on the BSP: benchmarks (tests/bench) and integration tests
# (tests/integration). See docs/firmware.md.
#
# Compile with the zicsr/zifencei ISA string (gcc 12 needs it for CSR instructions), but link
# with plain rv64imac/lp64 so that gcc picks the matching soft-float libgcc multilib.
# -nostdlib: the cross gcc's default link line would add newlib's libgloss, whose syscalls use
# ecall; ours come from libbsp.a.

FW_CC      := $(CROSS)gcc
FW_AR      := $(CROSS)ar
FW_BUILD   := $(BUILD)/firmware
FW_BSP_DIR := firmware/bsp
FW_LD      := $(FW_BSP_DIR)/link.ld

FW_CFLAGS  := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
              -std=gnu11 -O2 -g -Wall -Wextra -Werror \
              -ffunction-sections -fdata-sections \
              -isystem $(NEWLIB_DIR)/include -I$(FW_BSP_DIR)/include
FW_ASFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -g
FW_LDFLAGS := -march=rv64imac -mabi=lp64 -mcmodel=medany -nostdlib -static \
              -T $(FW_LD) -Wl,--gc-sections -L$(NEWLIB_DIR)/lib
FW_LIBS    := -Wl,--start-group $(FW_BUILD)/libbsp.a -lc -lm -lgcc -Wl,--end-group

FW_BSP_SRCS := $(wildcard $(FW_BSP_DIR)/*.c) $(FW_BSP_DIR)/trap.S
FW_BSP_OBJS := $(patsubst $(FW_BSP_DIR)/%,$(FW_BUILD)/bsp/%.o,$(FW_BSP_SRCS))
FW_CRT0     := $(FW_BUILD)/crt0.o
FW_LINK_DEPS := $(FW_CRT0) $(FW_BUILD)/libbsp.a $(FW_LD)

FW_BENCH_ELFS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%.elf,$(wildcard tests/bench/*.c))
FW_INTEG_ELFS := $(patsubst tests/integration/%.c,$(BUILD)/integration/%.elf,\
                   $(wildcard tests/integration/*.c))
FW_ELFS := $(FW_BUILD)/hello.elf $(FW_BENCH_ELFS) $(FW_INTEG_ELFS)
FW_PROG_OBJS := $(FW_BUILD)/obj/firmware/hello/hello.o \
                $(patsubst %.c,$(FW_BUILD)/obj/%.o,$(wildcard tests/bench/*.c tests/integration/*.c))
# Keep program objects (they are intermediates of the pattern rules) for incremental builds.
.SECONDARY: $(FW_PROG_OBJS)

.PHONY: firmware
firmware: $(FW_ELFS)
all: firmware

# Every firmware object needs newlib's headers, which `deps` builds.
$(FW_BUILD)/bsp/%.c.o: $(FW_BSP_DIR)/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_CFLAGS) -MMD -MP -c $< -o $@

$(FW_BUILD)/bsp/%.S.o: $(FW_BSP_DIR)/%.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_ASFLAGS) -MMD -MP -c $< -o $@

$(FW_CRT0): $(FW_BSP_DIR)/crt0.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_ASFLAGS) -MMD -MP -c $< -o $@

$(FW_BUILD)/libbsp.a: $(FW_BSP_OBJS)
	@rm -f $@
	$(FW_AR) rcs $@ $^

# A program is one C file (plus headers next to it) linked against the BSP and newlib.
$(FW_BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_CFLAGS) -MMD -MP -c $< -o $@

define FW_LINK
	$(FW_CC) $(FW_LDFLAGS) -o $@ $(FW_CRT0) $< $(FW_LIBS)
endef

$(FW_BUILD)/hello.elf: $(FW_BUILD)/obj/firmware/hello/hello.o $(FW_LINK_DEPS)
	$(FW_LINK)

$(BUILD)/bench/%.elf: $(FW_BUILD)/obj/tests/bench/%.o $(FW_LINK_DEPS)
	@mkdir -p $(dir $@)
	$(FW_LINK)

$(BUILD)/integration/%.elf: $(FW_BUILD)/obj/tests/integration/%.o $(FW_LINK_DEPS)
	@mkdir -p $(dir $@)
	$(FW_LINK)

-include $(FW_BSP_OBJS:.o=.d) $(FW_CRT0:.o=.d) $(FW_PROG_OBJS:.o=.d)
