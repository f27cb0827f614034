/* ics.h: RFC 5545 iCalendar output: escaping, folding, stable UIDs. */
#ifndef LB_ICS_H
#define LB_ICS_H

#include <stddef.h>
#include <time.h>
#include "date.h"

struct sbuf;

/*
 * Append the content line "prop:value" ending in CRLF, folded so that no
 * line exceeds 75 octets (continuation lines start with one space), never
 * inside a UTF-8 character.  prop may carry parameters
 * ("DTSTART;VALUE=DATE"); value is written as given (see ics_text).
 */
void ics_line(struct sbuf *out, const char *prop, const char *value);

/*
 * Append s escaped as an RFC 5545 TEXT value: backslash, semicolon and
 * comma escaped, line breaks (LF, CRLF or CR) as "\n", other controls
 * dropped.
 */
void ics_text(struct sbuf *out, const char *s);

/*
 * Append a UID that depends only on parts[0..n) (FNV-1a 64-bit of the
 * parts, each followed by a NUL), as "<16 hex digits>@domain": the same
 * item gets the same UID on every run, so a calendar updates it instead of
 * adding a copy.
 */
void ics_uid(struct sbuf *out, const char *const *parts, size_t n,
    const char *domain);

/* "YYYYMMDD" for a DATE value (buf at least 9 bytes); returns buf. */
char *ics_date(date_t d, char *buf);
/* "YYYYMMDDTHHMMSSZ" for t in UTC (buf at least 17 bytes); returns buf. */
char *ics_stamp(time_t t, char *buf);

#endif
