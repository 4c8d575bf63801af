// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_kernel_dyndbg.c - kernel/dyndbg.c: which pr_debug() calls the
 * "dyndbg=" / "MODULE.dyndbg=" boot parameters turn on, with the kernel's
 * query rules (lib/dynamic_debug.c): off by default, file by path or
 * basename, module, func, format, flags + - =, ';' separated queries,
 * refused queries changing nothing, quoting as next_arg() does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fadump.h"

static const struct ddebug_site reg = {
	"arch/powerpc/kernel/fadump.c", "fadump", "register_fadump",
	"Registering for firmware-assisted kernel dump...\n"
};
static const struct ddebug_site cpu = {
	"arch/powerpc/platforms/pseries/rtas-fadump.c", "rtas_fadump",
	"rtas_fadump_build_cpu_notes", "Reading register data for cpu %d...\n"
};

#define ON(c, s)	assert_int_equal(ddebug_enabled(c, &s), 1)
#define OFF(c, s)	assert_int_equal(ddebug_enabled(c, &s), 0)

static void test_default_off(void **state)
{
	(void)state;
	OFF("console=hvc0 fadump=on", reg);
	OFF("", cpu);
	OFF("dyndbg=", reg);
}

static void test_match(void **state)
{
	(void)state;
	ON("dyndbg=+p", reg);
	ON("dyndbg", cpu);			/* bare: "+p" */
	ON("dyndbg=\"file arch/powerpc/kernel/fadump.c +p\"", reg);
	OFF("dyndbg=\"file arch/powerpc/kernel/fadump.c +p\"", cpu);
	ON("dyndbg=\"file rtas-fadump.c +p\"", cpu);
	ON("dyndbg=\"file *fadump.c +p\"", cpu);
	ON("\"dyndbg=file fadump.c +p\"", reg);	/* quoted whole */
	ON("dyndbg=\"module rtas_fadump +p\"", cpu);
	OFF("dyndbg=\"module rtas_fadump +p\"", reg);
	ON("rtas_fadump.dyndbg=+p", cpu);
	OFF("rtas_fadump.dyndbg=+p", reg);
	ON("fadump.dyndbg", reg);
	ON("dyndbg=\"func register_* +p\"", reg);
	ON("dyndbg=\"file fadump.c:register_fadump +p\"", reg);
	ON("dyndbg=\"format Registering +p\"", reg);
	ON("dyndbg=\"format ^Reading +p\"", cpu);
	OFF("dyndbg=\"format ^register +p\"", cpu);
	ON("dyndbg=\"format 'cpu %d' +p\"", cpu);
}

static void test_flags_and_order(void **state)
{
	(void)state;
	OFF("dyndbg=\"+p; file fadump.c -p\"", reg);
	ON("dyndbg=\"+p; file fadump.c -p\"", cpu);
	OFF("dyndbg=+p dyndbg=-p", reg);
	OFF("dyndbg=\"+p; file fadump.c =_\"", reg);
	ON("dyndbg=+pmflt", reg);
	OFF("dyndbg=+mf", reg);
	OFF("x -- dyndbg=+p", reg);
	ON("dyndbg=+p -- x", reg);
}

static void test_refused(void **state)
{
	(void)state;
	OFF("dyndbg=p", reg);			/* no op */
	OFF("dyndbg=+x", reg);			/* unknown flag */
	OFF("dyndbg=\"file\"", reg);
	OFF("dyndbg=\"file fadump.c file x +p\"", reg);	/* set twice */
	OFF("dyndbg=\"file fadump.c func +p\"", reg);	/* odd pairs */
	OFF("dyndbg=\"bogus x +p\"", reg);
	OFF("dyndbg=\"format 'x +p\"", reg);		/* unclosed quote */
	OFF("dyndbg=\"line 1-9999 +p\"", reg);		/* lines unknown */
	OFF("dyndbg=\"class X +p\"", reg);
	ON("dyndbg=\"bogus x +p;+p\"", reg);	/* the next query still runs */
	OFF("dyndbg=\"# +p\"", reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_off),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_flags_and_order),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
