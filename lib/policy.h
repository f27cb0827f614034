/* policy.h: the school's policy (YAML) as a typed structure. */
#ifndef LB_POLICY_H
#define LB_POLICY_H

#include <stdio.h>
#include <stddef.h>
#include "date.h"
#include "i18n.h"
#include "schema.h"
#include "ynode.h"

struct rx;
struct ynode;
struct where;

/* A place in a policy file, for messages: lines and columns from 1. */
struct pmark {
	const char *file;	/* "<built-in>" for the default policy */
	long line, col;
};

/* "every 2 weeks": a count of days, weeks or months. */
enum period_unit { PU_DAYS, PU_WEEKS, PU_MONTHS };
struct period {
	int n;			/* 0 = not set */
	enum period_unit unit;
};

struct term {
	char *name;		/* "2026-autumn" */
	date_t start, end;	/* inclusive */
};

/* One spelling rule: values whose whole text matches rx become canon. */
struct value_rule {
	const char *canon;	/* one of the domain's canonical values */
	struct rx *rx;		/* compiled RX_WHOLE | RX_CASELESS */
	struct pmark mark;
};

struct value_rules {
	struct value_rule *rule;
	size_t n;
};

struct field_pattern {
	size_t col;		/* canonical column of the file kind */
	struct rx *rx;		/* RX_WHOLE */
	struct pmark mark;
};

struct key_rule {
	struct where *when;	/* a --where expression on roster fields */
	const char *attention;	/* canonical attention value to set */
	struct pmark mark;
};

enum checkpoint { CP_START = 1, CP_MIDDLE = 2, CP_END = 4 };

/* struct contact's by_volunteer. */
enum { VOLUNTEER_ONLY = 1, VOLUNTEER_TAKES = 2 };

/* Contact kinds a policy may define: far more than any school's. */
#define CONTACT_KINDS_MAX 1000

/*
 * "when: [{where: boarding=yes, every: 1 week}]": a schedule of a contact
 * kind for the children some fields pick out.  A child follows the
 * strictest of the kind's own schedule and the rules that hold for it
 * (when.h says how they compare).  At most WHEN_RULES_MAX a kind: a
 * child's choice is kept in a byte.
 */
#define WHEN_RULES_MAX 250
struct when_rule {
	struct where *where;	/* a chain (where_and): all must hold */
	struct period every;	/* 0 = none */
	int per_term;		/* 0 = none */
	int checkpoints;	/* CP_* bits, 0 = none */
	struct pmark mark;
};

/* One kind of contact (a log kind) and its schedule. */
struct contact {
	char *kind;		/* "talk" */
	char *label;		/* "谈心" */
	const char **aliases;	/* more names a log may use: NULL-terminated,
				   the tree's strings */
	struct period every;	/* 0 = no regular cadence */
	struct period by_attention[4];	/* per attention level, 0 = use every */
	int checkpoints;	/* CP_* bits: due once in each window */
	struct period window;	/* width of a checkpoint or after window */
	int per_term;		/* minimum count per term, 0 = none */
	int on_birthday;	/* due on the child's birthday */
	int vacation_pause;	/* 1 = not due during vacations/holidays */
	struct period vacation_every;	/* "vacation: 2 weeks": the pace in
					   vacations and holidays; 0 = none */
	/*
	 * "after: 春节" or "after: 02-20": a yearly window, window wide,
	 * opens at the start of each holiday of that name (after_holiday)
	 * or on that day each year (after_month, after_day); the contact
	 * is owed once between one opening and the next, by the end of
	 * the window.  after_month 0 and after_holiday NULL: no after.
	 */
	char *after_holiday;
	int after_month, after_day;
	/*
	 * when rules, in policy order; when_slot is the kind's number among
	 * the kinds that have some (policy.nwhen_kinds of them), -1 when it
	 * has none.
	 */
	struct when_rule *when;
	size_t nwhen;
	int when_slot;
	/*
	 * Whose it is: 0 the mentor's; VOLUNTEER_ONLY
	 * (pairing.volunteer.kinds) the volunteer's, due only for the
	 * children who have one; VOLUNTEER_TAKES
	 * (pairing.volunteer.takes_over) the volunteer's for the children
	 * who have one, else the mentor's.
	 */
	int by_volunteer;
};

struct pairing {
	char **mentor_roles;	/* role values allowed to mentor */
	size_t nmentor_roles;
	int max_mentees;	/* default capacity */
	int w_other_class, w_not_head_teacher, w_over_share, w_key_to_loaded,
	    w_gender_mismatch;
	int buddy_same_class_required;	/* 1 required, 0 preferred */
	int buddy_max;		/* children one buddy may help */
	int buddy_margin;	/* academic points above the child */
	int w_buddy_other_class, w_buddy_not_stronger, w_buddy_other_village;
	int volunteer_max;	/* a volunteer's default capacity */
	size_t nvolunteer_kinds;	/* contacts with by_volunteer set */
};

struct target {
	char *metric;
	int percent;		/* target in whole percent */
};

struct label {
	char *key;		/* metric name or other report word */
	char *text;
};

struct policy {
	struct pmark source;	/* the user's file, or "<built-in>" */

	char *school_name, *school_province, *school_county, *school_code;
	int age_min, age_max;	/* plausible pupil age */

	struct term *terms;	/* sorted by start */
	size_t nterms;
	struct term *holidays;	/* vacations and holidays, sorted */
	size_t nholidays;

	/*
	 * Header aliases: aliases[kind][col] is a NULL-terminated list of
	 * header texts (besides the canonical name itself) meaning col;
	 * every canonical column has one, maybe empty.  The texts are the
	 * tree's (below).
	 */
	char **aliases[FK_COUNT][64];

	struct value_rules values[DOM_COUNT];

	size_t *card_fields;	/* roster columns of a complete card */
	size_t ncard_fields;

	struct field_pattern *patterns[FK_COUNT];
	size_t npatterns[FK_COUNT];

	struct key_rule *key_rules;
	size_t nkey_rules;

	struct contact *contacts;	/* the log kinds, in policy order */
	size_t ncontacts;
	size_t nwhen_kinds;	/* of them, those with when rules */

	struct pairing pairing;

	struct target *targets;
	size_t ntargets;
	struct label *labels;
	size_t nlabels;

	char *mail_from, *mail_subject, *mail_intro, *mail_digest_subject;
	char *mail_domain;	/* Message-IDs' domain; "" when unset */
	int mail_guardian_phones;	/* 1: mentors' mail lists guardians' phones */
	char **mail_leaders;	/* more digest addresses, each mail_parse_addr()-valid */
	size_t nmail_leaders;

	/*
	 * files.history: the history lb-enroll --into appends to when no
	 * --history is given; a relative name is of the roster's folder
	 * (history_path()).  "" for none.
	 */
	char *history_file;

	struct ynode *tree;	/* the merged document, for policy_print */
};

/*
 * Load the effective policy: the built-in default merged with path (NULL:
 * $LB_POLICY when set and not empty, else the default alone).  Mappings
 * merge key by key; a list or scalar in the file replaces the default's.
 * Every key is checked: an unknown key, a wrong type, a bad value or a bad
 * pattern prints "file:line:col: ..." (with "did you mean 'x'" when a
 * known key is close) and returns NULL with *code = LB_CONFIG; a missing
 * file gives LB_NOINPUT.  Free with policy_free().  Only policy_load()
 * makes a struct policy: it carries lookup tables past the fields above.
 * A file holding nothing (comments, or an empty document) is no change.
 */
struct policy *policy_load(const char *path, int *code);
void policy_free(struct policy *p);

/*
 * Print the effective policy as YAML that policy_load() reads back to the
 * same structure, and whose printing is byte-identical.  Returns 0 or -1
 * on a write error.
 */
int policy_print(const struct policy *p, FILE *f);

/* The text of the built-in default policy (policy/default.yaml). */
extern const char policy_default_yaml[];
extern const size_t policy_default_yaml_len;
/* The same parsed at build time (ynode_unpack() makes it a tree). */
extern const struct ynode_packed policy_default_tree[];
extern const size_t policy_default_tree_n;
extern const char policy_default_tree_pool[];

/*
 * Canonical column of kind that header names (its canonical name or one of
 * its aliases; blanks and full-width blanks around it ignored, ASCII case
 * ignored), or -1.
 */
int policy_column(const struct policy *p, enum file_kind kind,
    const char *header);

/*
 * Normalise value v of a column in domain d (blanks and U+3000 around v
 * ignored, full-width forms read as ASCII): returns the canonical value
 * (a static string) when v is one already or a rule maps it, NULL when no
 * rule recognises it.  This is the one reader of a yes/no value wherever
 * one is read (a roster's boarding and guardian_trained, a staff row's
 * active, a pool's 是否留守, --where): a yes/no domain with words of its
 * own (boarding: 住校, 走读) takes the yesno domain's words after its
 * own, which the default policy gives as people and spreadsheets write
 * them: 是/否, 有/无 (無), 对/错, √/×, Y/N, TRUE/FALSE, 1/0.  *err is set to 1 when a pattern hit its match
 * limit (then NULL is returned too).
 */
const char *policy_value(const struct policy *p, enum domain d,
    const char *v, int *err);

/*
 * The index in p->contacts of the kind s[0..len) names: its kind name
 * (talk), its label (谈心) or one of its aliases (谈话); blanks around
 * it and ASCII case ignored.  -1 when it names none.  Every reader of a
 * kind (the log, lb-log's arguments, --where kind=) goes through here.
 */
int policy_kind(const struct policy *p, const char *s, size_t len);
/* The contact whose kind is name, or NULL. */
const struct contact *policy_contact(const struct policy *p, const char *name);
/* The term with this name, or the term containing day; NULL if none. */
const struct term *policy_term_named(const struct policy *p, const char *name);
const struct term *policy_term_at(const struct policy *p, date_t day);
/* A report label for key (from report.labels), else key itself. */
const char *policy_label(const struct policy *p, const char *key);
/* The same, or NULL when the policy has no label for key. */
const char *policy_label_get(const struct policy *p, const char *key);
/*
 * The label for key in script sc (lib/i18n.h): as policy_label_get(),
 * but under I18N_HANT a word of the built-in policy in Traditional
 * characters (policy_hant()).  NULL when there is no label.
 */
const char *policy_word(const struct policy *p, const char *key,
    enum i18n_script sc);
/*
 * s in Traditional characters when it is one of the built-in policy's
 * words (its labels, its kinds' labels: 学籍号 -> 學籍號), else s itself
 * (a school's own words are shown as it writes them).  policy_kind()
 * reads a kind's built-in label in either script.
 */
const char *policy_hant(const char *s);
/* 1 when the table of policy_hant() is in order (for the unit test). */
int policy_hant_sorted(void);
/* Target percent for metric, or -1 when it has none. */
int policy_target(const struct policy *p, const char *metric);

#endif
