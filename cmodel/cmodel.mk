# The C model: a static library (libmk.a) and the rvsim command-line simulator.
# libmk-san.a is the same code built with ASan/UBSan for the host-side unit tests.

CMODEL_SRCS := $(wildcard cmodel/src/*.c)
CMODEL_OBJS := $(CMODEL_SRCS:cmodel/src/%.c=$(BUILD)/cmodel/%.o)
CMODEL_SAN_OBJS := $(CMODEL_SRCS:cmodel/src/%.c=$(BUILD)/cmodel-san/%.o)
CMODEL_DTB_C := $(BUILD)/cmodel/dtb_blob.c

all: $(BUILD)/rvsim $(BUILD)/libmk.a

$(BUILD)/cmodel/%.o: cmodel/src/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/cmodel-san/%.o: cmodel/src/%.c
	@mkdir -p $(dir $@)
	$(call say,CC-SAN,$<)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(HOST_SAN) -O1 -MMD -MP -c $< -o $@

# The SoC device tree, compiled by dtc and embedded in the model (the boot ROM hands it over).
$(BUILD)/matryoshka.dtb: firmware/dts/matryoshka.dts | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

$(CMODEL_DTB_C): $(BUILD)/matryoshka.dtb scripts/bin2c.sh
	@mkdir -p $(dir $@)
	scripts/bin2c.sh mk_dtb_blob $< > $@

$(BUILD)/cmodel/dtb_blob.o: $(CMODEL_DTB_C)
	$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/libmk.a: $(CMODEL_OBJS) $(BUILD)/cmodel/dtb_blob.o
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^

$(BUILD)/libmk-san.a: $(CMODEL_SAN_OBJS) $(BUILD)/cmodel/dtb_blob.o
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^

$(BUILD)/rvsim: cmodel/rvsim/main.c $(BUILD)/libmk.a
	$(call say,LINK,$@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(BUILD)/libmk.a

-include $(CMODEL_OBJS:.o=.d) $(CMODEL_SAN_OBJS:.o=.d)
