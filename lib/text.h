/* text.h: small UTF-8 text helpers: trimming, full-width folding. */
#ifndef LB_TEXT_H
#define LB_TEXT_H

#include <stddef.h>

struct sbuf;

/*
 * Return s without leading and trailing blanks: ASCII space, tab, CR, LF
 * and the ideographic space U+3000 that Chinese input methods type.
 * Writes the kept length to *len; s itself is not changed.
 */
const char *text_trim(const char *s, size_t *len);
/* The same for the n bytes at s (NULs among them are not blanks). */
const char *text_trim_n(const char *s, size_t n, size_t *len);

/*
 * Append s to out with full-width ASCII forms (U+FF01..U+FF5E, e.g. "１３８"
 * and "－") folded to ASCII and U+3000 to a space.  Phones and ID numbers
 * typed with a Chinese input method come this way.
 */
void text_fold_fullwidth(struct sbuf *out, const char *s, size_t len);

/*
 * Append the person's name s to out as lb keeps names: trimmed; a blank
 * (ASCII space, tab, U+3000) between two Han characters dropped, since
 * people type 王 小明 or 王　小明 to line names up in a sheet; other runs
 * of blanks kept as one space (Mary Wang, 阿依古丽 · 买买提).  Full-width
 * forms are not folded: a name may hold them on purpose.
 */
void text_name(struct sbuf *out, const char *s);

/*
 * 1 when s (trimmed, full-width folded) is a number as a spreadsheet
 * writes a numeric cell: scientific notation (3.41204E+17) or digits
 * with a zero fraction (341204201603070019.0, 13812345678.0).  An ID or
 * phone written so went through a floating-point number: digits past
 * the 15th, and a landline's leading 0, are gone.
 */
int text_sheet_number(const char *s);

/* 1 when s is empty or only blanks (as text_trim understands them). */
int text_blank(const char *s);

/*
 * s as a whole number from 0 to max, ASCII digits only (no sign, no
 * blanks: strtol() would take " +3" as 3): 0 with *out set, else -1.
 */
int text_whole(const char *s, long long max, long long *out);

/*
 * Display width of s[0..len) in terminal columns: 2 for East Asian wide
 * and full-width characters (Chinese), 0 for combining marks, 1 for the
 * rest.  A built-in table, because wcwidth() follows the locale, which is
 * plain C under cron.  Invalid bytes count 1 each.
 */
size_t text_width(const char *s, size_t len);

/*
 * Length in bytes of the longest prefix of s[0..len) whose display width
 * is at most width (never splitting a character).
 */
size_t text_fit(const char *s, size_t len, size_t width);

/*
 * Append the words w (NULL-terminated) as a message lists them, in the
 * messages' language: "a, b or c"; quote: each word in '…'.
 */
void text_list(struct sbuf *sb, const char *const *w, int quote);

/*
 * Control characters, which a terminal obeys (ESC ] retitles it, ESC [2J
 * clears it) rather than shows: the length of the one at s (n bytes
 * left), 1 for C0 and DEL, 2 for C1 (U+0080..U+009F), else 0.
 */
size_t text_control_at(const char *s, size_t n);
/* 1 when s[0..n) holds a control character other than TAB. */
int text_has_control(const char *s, size_t n);
/*
 * The control character but TAB at s (n bytes left) as text a terminal
 * shows, into shown: \x1b, or \u009b for C1.  Returns its length in s,
 * 0 when s starts with no such character (shown is then untouched).
 */
size_t text_control_shown(const char *s, size_t n, char shown[8]);
/* Append s[0..n) to out with each control character but TAB shown so. */
void text_escape_controls(struct sbuf *out, const char *s, size_t n);
#endif
