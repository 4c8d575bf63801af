/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz.h - what the fuzz targets of tests/fuzz/ share.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput() for one parser.  With
 * clang (make fuzz) it links against libFuzzer; otherwise against
 * driver.c, which runs the inputs named on its command line once each
 * (the regression run of make check, t9010-fuzz-regress.sh).
 */
#ifndef FA_FUZZ_H
#define FA_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_MEMFD_SLOTS	2

/*
 * fuzz_memfd() - anonymous file number @slot (< FUZZ_MEMFD_SLOTS), now
 * holding exactly @size bytes of @data, rewound.  The file is created once
 * and reused (creating one per input is slow); the caller must not close
 * it.  Aborts when the kernel refuses (not the input's fault).
 */
int fuzz_memfd(unsigned int slot, const uint8_t *data, size_t size);

/* fuzz_get32() - 4 bytes at *@pos (LE, 0 past the end); advances *@pos. */
uint32_t fuzz_get32(const uint8_t *data, size_t size, size_t *pos);

#endif /* FA_FUZZ_H */
