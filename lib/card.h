/* card.h: a child's archive card: normalising and checking one roster record. */
#ifndef LB_CARD_H
#define LB_CARD_H

#include <stddef.h>
#include "date.h"
#include "schema.h"

struct policy;
struct sbuf;
struct table;

/*
 * Check an 18-character resident ID number (GB 11643): 17 digits and the
 * ISO 7064 MOD 11-2 check character (0-9 or X).  Returns 1 when valid.
 */
int card_id_valid(const char *id);
/*
 * An ID number as a message shows it: the region and the last four
 * (341204********4430), enough to find the row, not enough to be the
 * child's number in a mail cron sends, a terminal's scrollback or a log.
 * Values of ten characters or fewer are no ID and shown as they are.
 * Writes into buf (at least CARD_ID_SHOWN_LEN bytes); returns buf.
 */
#define CARD_ID_SHOWN_LEN 64
char *card_id_shown(const char *id, char *buf);
/* Birth date encoded in a valid ID (-1 when it names no real day). */
int card_id_birth(const char *id, date_t *birth);
/* Gender encoded in a valid ID: "M" (odd 17th digit) or "F". */
const char *card_id_gender(const char *id);

/*
 * Normalise a phone number into out: full-width digits folded, blanks and
 * dots dropped, a +86/0086 prefix dropped, a landline's area code joined
 * by '-' (0566 8125908 -> 0566-8125908).  Returns 0, or -1 when what is
 * left is not digits with at most one '-' (out then holds the folded text).
 */
int card_phone(const char *in, struct sbuf *out);

/*
 * The birth date of roster values v[RC_COUNT]: birth_date as a day, else
 * the valid resident ID's, else birth_date's year and month alone.
 * Returns DATE_DAY or DATE_MONTH (date.h; *birth is then the month's
 * first day), or -1 when neither column gives one.
 * A birth date whose day is unknown is stored as YYYY-MM (ISO 8601's
 * reduced form: lb invents no day), when no resident ID gives the day:
 * the age is counted as if born on the month's first (a child is never
 * younger than lb says), and no birthday greeting falls due.
 */
int card_birth(const char *const *v, date_t *birth);

/*
 * The people's names of a staff list or a pool read into t (FK_STAFF,
 * FK_POOL; other kinds are left alone), made as card_normalize() makes a
 * child's: text_name(); and their names and ids checked as a child's
 * are: one holding a control character (ESC, a line break) is an error
 * naming its file and line.  Every reader of those files calls it once
 * after table_read().  Returns 0, or -1 after the messages (LB_DATAERR).
 */
int card_table_names(struct table *t);

enum card_flags {
	CARD_DERIVE_LEFT_BEHIND = 1	/* the intake has no left_behind column */
};

/*
 * Normalise a roster record in place: v[RC_COUNT] are malloc'd strings
 * the function may replace (it frees what it replaces).  Blanks trimmed;
 * dates to ISO; phones and the ID number normalised and checked against
 * the policy's patterns and the ID's checksum, birth date and gender
 * (filling birth_date and gender from the ID when empty, and the day of
 * a birth_date given as a year and month when the ID's agrees); values
 * read as a spreadsheet leaves them: full-width digits, dates with a time
 * or as Excel serials (date_parse_sheet()), an ID or phone turned into a
 * number (3.41204E+17: a problem, its digits are lost); names without
 * the blanks between Han characters (text_name()); the class to G-N
 * (classname_canon()) and the grade to its number, from the class when
 * empty; every value of
 * a column with canonical values through the policy's rules; left_behind
 * derived from the parents' work places when flags ask; attention from
 * the policy's key rules when empty (an explicit value wins; a
 * rule whose pattern hits its match limit is a problem); status
 * "active" when empty; enrolled_on as_of when empty; the pupil's age at
 * as_of within the policy's bounds.
 * Appends each problem to errs as "what is wrong (expected ...)" joined by
 * "; ", and returns the number of problems (0 = the row may enter).
 * Missing identity fields (student_id, name, class, and birth_date or
 * id_card) are problems; missing card fields are not (see card_missing).
 */
int card_normalize(const struct policy *p, char **v, date_t as_of, int flags,
    struct sbuf *errs);

/*
 * The card fields (the policy's required.card) empty in v: returns how
 * many (0: a complete card), and appends them to out unless it is NULL:
 * in words when labelled (the policy's labels, joined by its list_sep:
 * what people read), else their column names joined by ", " (messages).
 */
int card_missing(const struct policy *p, const char *const *v,
    struct sbuf *out, int labelled);

#endif
