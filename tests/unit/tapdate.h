/* tapdate.h: D("2026-03-01"), the date fixtures of the unit tests. */
#ifndef LB_TAPDATE_H
#define LB_TAPDATE_H

#include "date.h"
#include "tap.h"

/* A fixture that does not parse is a failing test, not DATE_NONE. */
static date_t __attribute__((unused))
D(const char *s)
{
	date_t d = DATE_NONE;

	if (date_parse(s, &d) != 0)
		ok(0, "the fixture date '%s' parses", s);
	return d;
}

#endif
