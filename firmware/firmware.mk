# Firmware: the M-mode BSP (build/firmware/libbsp.a + crt0.o), the hello demo, and the
# newlib programs built on the BSP: benchmarks (tests/bench) and integration tests
# (tests/integration); the M-mode SBI firmware (firmware/sbi), the S-mode guests
# (hypervisor/guests) and the combined firmware+guest images. See docs/firmware.md and
# docs/guests.md.
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
# hmodes (tests/bench/hmodes): the kernels and DTLB misses in HS and VS regimes
# (docs/performance.md "H in the core"); not in build/bench/, which run-bench.sh runs whole.
FW_HMODES_ELF := $(BUILD)/bench-h/hmodes.elf
FW_ELFS := $(FW_BUILD)/hello.elf $(FW_BENCH_ELFS) $(FW_INTEG_ELFS) $(FW_HMODES_ELF)
FW_PROG_OBJS := $(FW_BUILD)/obj/firmware/hello/hello.o \
                $(patsubst %.c,$(FW_BUILD)/obj/%.o,$(wildcard tests/bench/*.c \
                  tests/bench/kernels/*.c tests/bench/hmodes/*.c tests/integration/*.c))
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

# A benchmark is its main (tests/bench/<name>.c) plus the kernel of the same name, which the
# compute guest shares (tests/bench/kernels/<name>.c).
$(BUILD)/bench/%.elf: $(FW_BUILD)/obj/tests/bench/%.o $(FW_BUILD)/obj/tests/bench/kernels/%.o \
                      $(FW_LINK_DEPS)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_LDFLAGS) -o $@ $(FW_CRT0) $(wordlist 1,2,$^) $(FW_LIBS)

FW_KERNEL_OBJS := $(patsubst %.c,$(FW_BUILD)/obj/%.o,$(wildcard tests/bench/kernels/*.c))
$(FW_HMODES_ELF): $(FW_BUILD)/obj/tests/bench/hmodes/hmodes.o $(FW_KERNEL_OBJS) $(FW_LINK_DEPS)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_LDFLAGS) -o $@ $(FW_CRT0) $< $(FW_KERNEL_OBJS) $(FW_LIBS)

$(BUILD)/integration/%.elf: $(FW_BUILD)/obj/tests/integration/%.o $(FW_LINK_DEPS)
	@mkdir -p $(dir $@)
	$(FW_LINK)

-include $(FW_BSP_OBJS:.o=.d) $(FW_CRT0:.o=.d) $(FW_PROG_OBJS:.o=.d)

# ---- The M-mode SBI firmware (firmware/sbi) -------------------------------------------------
# Freestanding, no C library; the UART and CLINT drivers come from libbsp.a. build/sbi/fw.elf
# is the firmware alone (for `qemu -bios`); build/sbi/<name>.fw.elf carries a payload.
SBI_DIR     := firmware/sbi
SBI_BUILD   := $(BUILD)/sbi
SBI_LD      := $(SBI_DIR)/link.ld
SBI_CFLAGS  := $(FW_CFLAGS) -ffreestanding -I$(SBI_DIR)/include
SBI_SRCS    := $(wildcard $(SBI_DIR)/*.c) $(SBI_DIR)/entry.S
SBI_OBJS    := $(patsubst $(SBI_DIR)/%,$(SBI_BUILD)/obj/%.o,$(SBI_SRCS))
# The payload segment of a combined image is a raw image, hence RWX (no warning for it).
SBI_LDFLAGS := -march=rv64imac -mabi=lp64 -mcmodel=medany -nostdlib -static -T $(SBI_LD) \
               -Wl,--gc-sections -Wl,--no-warn-rwx-segments
SBI_LIBS    := $(FW_BUILD)/libbsp.a -lgcc
SBI_LINK_DEPS := $(SBI_OBJS) $(FW_BUILD)/libbsp.a $(SBI_LD)

$(SBI_BUILD)/obj/%.c.o: $(SBI_DIR)/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(SBI_CFLAGS) -MMD -MP -c $< -o $@

$(SBI_BUILD)/obj/%.S.o: $(SBI_DIR)/%.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_ASFLAGS) -MMD -MP -c $< -o $@

$(SBI_BUILD)/fw.elf: $(SBI_LINK_DEPS)
	$(FW_CC) $(SBI_LDFLAGS) -o $@ $(SBI_OBJS) $(SBI_LIBS)

# SBI_COMBINED(name, payload.bin): build/sbi/<name>.fw.elf, the firmware with the raw payload
# at 0x8020_0000 (like OpenSBI's FW_PAYLOAD). One file for rvsim, rtlsim and `qemu -kernel`.
define SBI_COMBINED
$(SBI_BUILD)/payload-$(1).o: $(SBI_DIR)/payload.S $(2) | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$(FW_CC) $(FW_ASFLAGS) -DPAYLOAD_BIN='"$(2)"' -c $$< -o $$@

$(SBI_BUILD)/$(1).fw.elf: $(SBI_BUILD)/payload-$(1).o $(SBI_LINK_DEPS)
	$(FW_CC) $(SBI_LDFLAGS) -o $$@ $(SBI_OBJS) $$< $(SBI_LIBS)
endef

# ---- S-mode guests (hypervisor/guests): payloads at 0x8020_0000 on the guest runtime ---------
# build/guests/<name>.elf (for `qemu -bios fw_jump.bin -kernel`), <name>.bin (raw), and
# build/sbi/<name>.fw.elf. Every directory but lib/ is a guest made of its *.c and *.S files
# (plus GUEST_EXTRA_SRCS_<name>); each tests/guests/<name>.c is a one-file test payload, and
# each tests/bench/hv/<name>.c a one-file benchmark payload.
# Files named user_*.c are U-mode code: their sections are renamed to .user.* so that
# lib/link.ld links them at the user virtual address.
GUEST_DIR     := hypervisor/guests
GUEST_LIB_DIR := $(GUEST_DIR)/lib
GUEST_BUILD   := $(BUILD)/guests
GUEST_LD      := $(GUEST_LIB_DIR)/link.ld
GUEST_NAMES   := $(filter-out lib,$(patsubst $(GUEST_DIR)/%/,%,$(wildcard $(GUEST_DIR)/*/)))
GUEST_TEST_NAMES := $(patsubst tests/guests/%.c,%,$(wildcard tests/guests/*.c))
GUEST_CFLAGS  := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
                 -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffunction-sections -fdata-sections \
                 -fno-builtin-printf -isystem $(NEWLIB_DIR)/include -I$(GUEST_LIB_DIR) \
                 -I$(SBI_DIR)/include -Itests/bench
GUEST_LDFLAGS := -march=rv64imac -mabi=lp64 -mcmodel=medany -nostdlib -static -T $(GUEST_LD) \
                 -Wl,--gc-sections -Wl,--no-warn-rwx-segments -L$(NEWLIB_DIR)/lib
GUEST_LIBS    := -Wl,--start-group $(GUEST_BUILD)/libguest.a -lc -lgcc -Wl,--end-group
GUEST_LIB_SRCS := $(wildcard $(GUEST_LIB_DIR)/*.c $(GUEST_LIB_DIR)/*.S)
GUEST_LIB_OBJS := $(patsubst %,$(GUEST_BUILD)/obj/%.o,$(GUEST_LIB_SRCS))
GUEST_EXTRA_SRCS_compute := $(wildcard tests/bench/kernels/*.c)
$(foreach g,$(GUEST_NAMES),$(eval GUEST_SRCS_$(g) := $(wildcard $(GUEST_DIR)/$(g)/*.c \
    $(GUEST_DIR)/$(g)/*.S) $(GUEST_EXTRA_SRCS_$(g))))
$(foreach t,$(GUEST_TEST_NAMES),$(eval GUEST_SRCS_$(t) := tests/guests/$(t).c))
# The hypervisor benchmark guests (tests/bench/hv/*.c, run by tests/bench/run-hv-bench.sh).
GUEST_BENCH_NAMES := $(patsubst tests/bench/hv/%.c,%,$(wildcard tests/bench/hv/*.c))
$(foreach t,$(GUEST_BENCH_NAMES),$(eval GUEST_SRCS_$(t) := tests/bench/hv/$(t).c))
GUEST_ALL_NAMES := $(GUEST_NAMES) $(GUEST_TEST_NAMES) $(GUEST_BENCH_NAMES)

GUEST_ELFS := $(GUEST_ALL_NAMES:%=$(GUEST_BUILD)/%.elf)
GUEST_IMAGES := $(GUEST_ALL_NAMES:%=$(SBI_BUILD)/%.fw.elf)

.PHONY: sbi guests
sbi: $(SBI_BUILD)/fw.elf
guests: $(GUEST_ELFS) $(GUEST_IMAGES)
all: sbi guests

$(GUEST_BUILD)/obj/%.c.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_BUILD)/obj/%.S.o: %.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_ASFLAGS) -MMD -MP -c $< -o $@

$(GUEST_BUILD)/obj/%.c.user.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FW_CC) $(GUEST_CFLAGS) -MMD -MP -MT $@ -MF $(@:.o=.d) -c $< -o $@.tmp
	$(CROSS)objcopy --prefix-alloc-sections=.user $@.tmp $@
	@rm -f $@.tmp

$(GUEST_BUILD)/libguest.a: $(GUEST_LIB_OBJS)
	@rm -f $@
	$(FW_AR) rcs $@ $^

$(GUEST_BUILD)/%.bin: $(GUEST_BUILD)/%.elf
	$(CROSS)objcopy -O binary $< $@

guest_obj = $(if $(filter user_%,$(notdir $(1))),$(GUEST_BUILD)/obj/$(1).user.o,$(GUEST_BUILD)/obj/$(1).o)

define GUEST_RULES
GUEST_OBJS_$(1) := $$(foreach s,$$(GUEST_SRCS_$(1)),$$(call guest_obj,$$(s)))
GUEST_ALL_OBJS += $$(GUEST_OBJS_$(1))
$(GUEST_BUILD)/$(1).elf: $$(GUEST_OBJS_$(1)) $(GUEST_BUILD)/libguest.a $(GUEST_LD)
	$(FW_CC) $(GUEST_LDFLAGS) -o $$@ $$(GUEST_OBJS_$(1)) $(GUEST_LIBS)

$(call SBI_COMBINED,$(1),$(GUEST_BUILD)/$(1).bin)
endef
$(foreach g,$(GUEST_ALL_NAMES),$(eval $(call GUEST_RULES,$(g))))

.SECONDARY: $(GUEST_ALL_OBJS) $(GUEST_LIB_OBJS) $(GUEST_ALL_NAMES:%=$(GUEST_BUILD)/%.bin) \
            $(GUEST_ALL_NAMES:%=$(SBI_BUILD)/payload-%.o)
-include $(SBI_OBJS:.o=.d) $(GUEST_LIB_OBJS:.o=.d) $(GUEST_ALL_OBJS:.o=.d)
