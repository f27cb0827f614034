/* i18n.h: messages in the user's language (libc's gettext) and name order. */
#ifndef LB_I18N_H
#define LB_I18N_H

#include <libintl.h>

/* The gettext domain: the catalogs are .../locale/LANG/LC_MESSAGES/lb.mo. */
#define I18N_DOMAIN "lb"

/*
 * _("text") is text in the language of LC_MESSAGES/LANGUAGE, or text
 * itself (English) when no catalog has it; N_("text") only marks text
 * for xgettext where a constant is needed (static tables), to be passed
 * through _() where it is printed.  dgettext names the domain, so that
 * library code translates the same before and without i18n_init().
 */
#define _(s) dgettext(I18N_DOMAIN, s)
#define N_(s) s
/* P_("one row", "%ld rows", n): the form for n (Chinese has one form). */
#define P_(s, p, n) dngettext(I18N_DOMAIN, s, p, n)

/*
 * Call at the start of main(), after diag_init(): take LC_MESSAGES,
 * LC_CTYPE and LC_COLLATE from the environment (LC_ALL, LC_*, LANG;
 * LANGUAGE too for messages, unless the locale is C) and find the
 * catalogs in $LB_LOCALEDIR, else beside the program (BINDIR/../share/
 * locale), else in LOCALEDIR (set by the build).
 * LC_NUMERIC and LC_TIME stay "C": numbers and dates print the same in
 * every language.  Messages are always UTF-8, as all lb output.  A
 * second call reads the environment again and forgets cached lookups.
 */
void i18n_init(void);

/*
 * The script of the language messages are in, as gettext chose the
 * catalog (the "Language:" of its header): I18N_HANT for zh_TW (and
 * zh_HK, zh_MO, zh_Hant), I18N_HANS for the other Chinese catalogs,
 * I18N_NONE when messages are English (the C locale, no catalog for
 * the language).  Tables for people follow it (lib/emit.h): Chinese
 * words from the policy under a Chinese locale, the contract's English
 * keys otherwise.  i18n_init() makes zh_HK and zh_MO fall back on the
 * zh_TW catalog, zh_SG, zh_MY and plain zh on zh_CN.
 */
enum i18n_script { I18N_NONE, I18N_HANS, I18N_HANT };
enum i18n_script i18n_script(void);

/*
 * Order of two names or group values for people: runs of digits compare
 * as numbers ("2-10" after "2-9"), and so do Chinese numerals ("二组"
 * before "十组" before "十一组", "三年级" with "3年级"), other text by
 * the locale's collation (strcoll: pinyin order under zh_CN.UTF-8), byte
 * order under C, POSIX and C.UTF-8.  Returns <0, 0, >0 like strcmp; 0 only for equal strings
 * (ties under the collation are broken by byte order), so sorting with
 * it is stable across runs.
 */
int i18n_namecmp(const char *a, const char *b);

/*
 * The same natural order in bytes whatever the locale (numbers, also in
 * Chinese numerals, by value; other text by code point), for lists a
 * script reads too (lb-due's, by mentor and class): the same file gives
 * the same order at every desk.
 */
int i18n_natcmp(const char *a, const char *b);

#endif
