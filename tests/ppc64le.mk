# tests/ppc64le.mk: the ppc64le build (CROSS=ppc64le), read before the
# package flags are computed.  `make check-ppc64le` (tests/tests.mk) builds
# in build-ppc64le/ with Debian's powerpc64le cross gcc against Debian's
# ppc64el libraries unpacked in a sysroot (scripts/setup-ppc64el-sysroot,
# outside the repository), and runs the unit and CLI tests with those
# binaries under qemu-ppc64le-static (scripts/run-ppc64le, FA_RUNNER).
# The cross compiler's own C library links; the sysroot gives the rest.
ifeq ($(CROSS),ppc64le)
PPC64LE_SYSROOT ?= $(or $(FA_PPC64EL_SYSROOT),/var/cache/fadump-tools/ppc64el-sysroot)
PPC64LE_LIBDIRS := $(PPC64LE_SYSROOT)/usr/lib/powerpc64le-linux-gnu \
	$(PPC64LE_SYSROOT)/lib/powerpc64le-linux-gnu
CC := powerpc64le-linux-gnu-gcc
PKG_CONFIG := PKG_CONFIG_SYSROOT_DIR=$(PPC64LE_SYSROOT) \
	PKG_CONFIG_LIBDIR=$(PPC64LE_SYSROOT)/usr/lib/powerpc64le-linux-gnu/pkgconfig:$(PPC64LE_SYSROOT)/usr/share/pkgconfig \
	pkg-config
# pkg-config drops the system include directory: the sysroot's is not one.
override CPPFLAGS += -isystem $(PPC64LE_SYSROOT)/usr/include \
	-isystem $(PPC64LE_SYSROOT)/usr/include/powerpc64le-linux-gnu
override LDFLAGS += $(PPC64LE_LIBDIRS:%=-L%) \
	-Wl,-rpath-link,$(subst $() $(),:,$(PPC64LE_LIBDIRS))
FA_RUNNER := $(CURDIR)/scripts/run-ppc64le
FA_PPC64EL_SYSROOT := $(PPC64LE_SYSROOT)
export FA_RUNNER FA_PPC64EL_SYSROOT
endif
