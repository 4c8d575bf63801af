# samples/minikernel/: the mini kernel image the kernel model loads by
# default, built for ppc64le and ppc64 (big-endian, ELFv2) with DWARF.
# Included from samples/samples.mk.
MINIKERNEL_DIR := $(BUILD)/samples/minikernel
MINIKERNEL_IMAGES := $(MINIKERNEL_DIR)/vmlinux-ppc64le $(MINIKERNEL_DIR)/vmlinux-ppc64
MINIKERNEL_CC_LE ?= powerpc64le-linux-gnu-gcc
MINIKERNEL_CC_BE ?= powerpc64-linux-gnu-gcc
MINIKERNEL_CFLAGS := -std=gnu11 $(WARN) -g -gdwarf-4 -O0 \
	-ffreestanding -nostdlib -static -fno-pic -fno-stack-protector \
	-fno-asynchronous-unwind-tables -mno-altivec -mno-vsx -msoft-float \
	-Wl,--build-id=sha1 -Wl,--no-dynamic-linker \
	-Wl,-T,samples/minikernel/minikernel.lds
MINIKERNEL_DEPS := samples/minikernel/minikernel.c samples/minikernel/minikernel.lds

EXTRA_ALL += $(MINIKERNEL_IMAGES)

$(MINIKERNEL_DIR)/vmlinux-ppc64le: $(MINIKERNEL_DEPS)
	@mkdir -p $(dir $@)
	$(MINIKERNEL_CC_LE) $(MINIKERNEL_CFLAGS) -mlittle-endian -o $@ samples/minikernel/minikernel.c

$(MINIKERNEL_DIR)/vmlinux-ppc64: $(MINIKERNEL_DEPS)
	@mkdir -p $(dir $@)
	$(MINIKERNEL_CC_BE) $(MINIKERNEL_CFLAGS) -mbig-endian -mabi=elfv2 -o $@ samples/minikernel/minikernel.c

# The kernel model finds these images by default (FA_MINIKERNEL_DIR in the
# environment overrides).
$(BUILD)/kernel/machine.o: ALL_CFLAGS += -DFA_MINIKERNEL_DIR='"$(abspath $(MINIKERNEL_DIR))"'
