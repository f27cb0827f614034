/* policy.c: the built-in default merged with a school's YAML, checked against a schema. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "mail.h"
#include "policy.h"
#include "rx.h"
#include "sbuf.h"
#include "text.h"
#include "query.h"
#include "where.h"
#include "xmem.h"
#include "ynode.h"

/*
 * The built-in default's name in marks; its nodes are told from a user's
 * file by this pointer, never by the text (a file may be named so).
 */
static const char BUILTIN_NAME[] = "<built-in>";

/*
 * One header spelling → column: key[0..len) is the text trimmed, in the
 * case it was written (compared ignoring ASCII case), not a copy: a
 * schema name or a string of the policy's tree, which outlive the table.
 */
struct centry {
	const char *key;	/* NULL = free slot */
	size_t len;
	uint64_t hash;
	int col;
};

struct ctab {
	struct centry *e;
	size_t cap, n;
};

/*
 * An index of exact strings to a pointer, for lookups made often: the
 * report's labels, and what policy_value() found for values that no
 * canonical value is (the same few spellings, "男", "爷爷", come on every
 * card, and trying the rules' patterns in turn costs a thousand
 * instructions or more a pattern).
 */
struct sx_e {
	char *key;		/* NULL = free slot */
	size_t len;
	uint64_t hash;
	const char *val;
};

struct sindex {
	struct sx_e *e;
	size_t cap, n;
};

/*
 * policy_value() keeps up to VMEMO_MAX answers a domain; past that, the
 * rules are tried as before.  An answer at a pattern's limit is not kept.
 */
#define VMEMO_MAX 4096

static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot of s in x: its entry, or the free slot it would take. */
static struct sx_e *
sindex_slot(const struct sindex *x, const char *s, size_t len, uint64_t h)
{
	size_t j;

	for (j = h & (x->cap - 1); x->e[j].key != NULL;
	    j = (j + 1) & (x->cap - 1))
		if (x->e[j].hash == h && x->e[j].len == len &&
		    memcmp(x->e[j].key, s, len) == 0)
			break;
	return &x->e[j];
}

/* The entry of s[0..len) (hash h) in x, or NULL. */
static const struct sx_e *
sindex_get(const struct sindex *x, const char *s, size_t len, uint64_t h)
{
	const struct sx_e *e;

	if (x->n == 0)
		return NULL;
	e = sindex_slot(x, s, len, h);
	return e->key != NULL ? e : NULL;
}

/* Add s[0..len) (hash h, not in x yet) with val. */
static void
sindex_put(struct sindex *x, const char *s, size_t len, uint64_t h,
    const char *val)
{
	struct sx_e *old = x->e, *e;
	size_t oldcap = x->cap, i;

	if ((x->n + 1) * 2 > x->cap) {
		x->cap = oldcap ? oldcap * 2 : 16;
		x->e = xcalloc(x->cap, sizeof(*x->e));
		for (i = 0; i < oldcap; i++)
			if (old[i].key != NULL)
				*sindex_slot(x, old[i].key, old[i].len,
				    old[i].hash) = old[i];
		free(old);
	}
	e = sindex_slot(x, s, len, h);
	e->key = xstrndup(s, len);
	e->len = len;
	e->hash = h;
	e->val = val;
	x->n++;
}

static void
sindex_free(struct sindex *x)
{
	size_t i;

	for (i = 0; i < x->cap; i++)
		free(x->e[i].key);
	free(x->e);
}

/* What policy_load() allocates: the public part first, so a cast gets back. */
struct ploaded {
	struct policy p;
	char *path;		/* the user's file name, named by marks */
	struct ctab cols[FK_COUNT];
	const char *roster_names[RC_COUNT];	/* for key_rules' where */
	struct sindex *memo;	/* [DOM_COUNT]: policy_value's answers */
	struct sindex *labels;	/* report.labels, made at first use */
	struct ctab kinds;	/* kind, label or alias -> contact index */
};

struct ld {
	struct ploaded *pl;
	struct policy *p;
	int errors;
};

/* How one key of the format is read. */
enum ftype { F_STR, F_INT, F_DATE, F_PERIOD, F_ENUM, F_MAP, F_CUSTOM, F_SKIP };

struct field;
typedef void convfn(struct ld *, const struct ynode *, void *, const char *);

struct field {
	const char *name;
	enum ftype type;
	size_t off;		/* where in the target the value goes */
	int min, max;		/* F_INT */
	const char *const *choices;	/* F_ENUM: NULL-terminated, index kept */
	const struct field *sub;	/* F_MAP: its keys, same target */
	convfn *conv;			/* F_CUSTOM */
	int required;
};

static const char *const metrics[] = {
	"archive_rate", "pairing_rate", "buddy_rate", "retention_rate",
	"vaccination_rate", "guardian_training_rate",
	"parents_out_of_province", "raised_by_grandparents",
	"guardian_primary_or_less", "parent_visits_le_2", "compliance",
	"children", "volunteer_rate", NULL
};

static void
perr(struct ld *ld, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
perr(struct ld *ld, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(n->file, n->line, n->col, fmt, ap);
	va_end(ap);
	ld->errors++;
}

/* "a.b" from path "a" and key "b"; the root's path is "". */
static void
subpath(char *buf, size_t len, const char *path, const char *key)
{
	size_t n = 0;

	/* Cut, not overflowed: a path only names things in messages. */
	for (; *path != '\0' && n + 1 < len; path++)
		buf[n++] = *path;
	if (n > 0 && n + 1 < len)
		buf[n++] = '.';
	for (; *key != '\0' && n + 1 < len; key++)
		buf[n++] = *key;
	buf[n] = '\0';
}

static const char *
pname(const char *path)
{
	return path[0] == '\0' ? "policy" : path;
}

static size_t
count_words(const char *const *w)
{
	size_t n = 0;

	while (w[n] != NULL)
		n++;
	return n;
}

/*
 * Report that word is not one of names (in what, at path) with a hint.
 * what is a word marked N_() (translated here) or a column name.
 */
static void
unknown(struct ld *ld, const struct ynode *n, const char *what,
    const char *path, const char *const *names, size_t nnames, int list)
{
	const char *hint = where_suggest(n->str, names, nnames);
	struct sbuf sb = SBUF_INIT;

	what = _(what);
	if (hint != NULL)
		perr(ld, n, _("unknown %s '%s' in '%s' (did you mean '%s'?)"),
		    what, n->str, pname(path), hint);
	else if (list) {
		sbuf_init(&sb);
		text_list(&sb, names, 0);
		perr(ld, n, _("unknown %s '%s' in '%s' (expected %s)"), what,
		    n->str, pname(path), sb.buf);
		sbuf_release(&sb);
	} else
		perr(ld, n, _("unknown %s '%s' in '%s'"), what, n->str,
		    pname(path));
}

/* Check n is of type t; else say what was expected for path. */
static int
want(struct ld *ld, const struct ynode *n, enum ynode_type t,
    const char *path)
{
	static const char *const what[] = {
		N_("text"), N_("a list"), N_("a mapping")
	};

	if (n->type == t)
		return 0;
	if (n->type == YN_SCALAR)
		perr(ld, n, _("expected %s for '%s', not '%s'"), _(what[t]),
		    pname(path), n->str);
	else
		perr(ld, n, _("expected %s for '%s', not %s"), _(what[t]),
		    pname(path), ynode_type_name(n->type));
	return -1;
}

static int
parse_int(const char *s, long *out)
{
	char *end;

	if (!(isdigit((unsigned char)s[0]) ||
	    ((s[0] == '-' || s[0] == '+') && isdigit((unsigned char)s[1]))))
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0)
		return -1;
	return 0;
}

/* "2 weeks", "1 month", "10 days" (also "1week"). */
static int
parse_period(const char *s, struct period *out)
{
	static const struct {
		const char *word;
		enum period_unit unit;
	} units[] = {
		{ "day", PU_DAYS }, { "days", PU_DAYS },
		{ "week", PU_WEEKS }, { "weeks", PU_WEEKS },
		{ "month", PU_MONTHS }, { "months", PU_MONTHS },
	};
	long n = 0;
	size_t i;

	while (*s == ' ')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s)) {
		n = n * 10 + (*s++ - '0');
		if (n > 1000)
			return -1;
	}
	while (*s == ' ')
		s++;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t l = strlen(units[i].word);

		if (strncmp(s, units[i].word, l) == 0 &&
		    s[l + strspn(s + l, " ")] == '\0') {
			if (n == 0)
				return -1;
			out->n = (int)n;
			out->unit = units[i].unit;
			return 0;
		}
	}
	return -1;
}

static void load_map(struct ld *, const struct ynode *, const struct field *,
    const char *, void *);

static void
load_field(struct ld *ld, const struct field *f, const struct ynode *v,
    const char *path, void *base)
{
	char *dst = (char *)base + f->off;
	long num;
	size_t i;
	struct sbuf sb;

	switch (f->type) {
	case F_SKIP:
		return;
	case F_MAP:
		if (want(ld, v, YN_MAP, path) == 0)
			load_map(ld, v, f->sub, path, base);
		return;
	case F_CUSTOM:
		f->conv(ld, v, base, path);
		return;
	default:
		break;
	}
	if (want(ld, v, YN_SCALAR, path) == -1)
		return;
	switch (f->type) {
	case F_STR:
		free(*(char **)dst);
		*(char **)dst = xstrdup(v->str);
		break;
	case F_INT:
		if (parse_int(v->str, &num) == -1)
			perr(ld, v, _("expected a number for '%s', not '%s'"),
			    path, v->str);
		else if (num < f->min || num > f->max)
			perr(ld, v, _("number %ld out of range for '%s' "
			    "(expected %d to %d)"), num, path, f->min, f->max);
		else
			*(int *)dst = (int)num;
		break;
	case F_DATE:
		if (date_parse(v->str, (date_t *)dst) == -1)
			perr(ld, v, _("expected a date YYYY-MM-DD for '%s', "
			    "not '%s'"), path, v->str);
		break;
	case F_PERIOD:
		if (parse_period(v->str, (struct period *)dst) == -1)
			perr(ld, v, _("expected a period such as '2 weeks' for "
			    "'%s', not '%s'"), path, v->str);
		break;
	case F_ENUM:
		for (i = 0; f->choices[i] != NULL; i++)
			if (strcmp(v->str, f->choices[i]) == 0)
				break;
		if (f->choices[i] != NULL) {
			*(int *)dst = (int)i;
			break;
		}
		sbuf_init(&sb);
		text_list(&sb, f->choices, 0);
		perr(ld, v, _("unknown value '%s' for '%s' (expected %s)"),
		    v->str, path, sb.buf);
		sbuf_release(&sb);
		break;
	default:
		break;
	}
}

static void
load_map(struct ld *ld, const struct ynode *m, const struct field *fields,
    const char *path, void *base)
{
	const char *names[32];
	size_t nf, i, j;
	char sub[512];

	for (nf = 0; fields[nf].name != NULL; nf++)
		names[nf] = fields[nf].name;
	for (i = 0; i < m->n; i++) {
		for (j = 0; j < nf; j++)
			if (strcmp(m->key[i]->str, fields[j].name) == 0)
				break;
		if (j == nf) {
			unknown(ld, m->key[i], N_("key"), path, names, nf, 0);
			continue;
		}
		subpath(sub, sizeof(sub), path, fields[j].name);
		load_field(ld, &fields[j], m->item[i], sub, base);
	}
	for (j = 0; j < nf; j++)
		if (fields[j].required && ynode_find(m, fields[j].name) < 0)
			perr(ld, m, _("missing key '%s' in '%s'"),
			    fields[j].name, pname(path));
}

/* Header lookup tables. */

static uint64_t
hash_lower(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)tolower((unsigned char)s[i]);
		h *= 1099511628211ULL;
	}
	return h;
}

static int
same_lower(const char *a, const char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

static struct centry *
ctab_find(const struct ctab *t, const char *s, size_t len, uint64_t h)
{
	size_t j;

	if (t->cap == 0)
		return NULL;
	for (j = h & (t->cap - 1); t->e[j].key != NULL;
	    j = (j + 1) & (t->cap - 1))
		if (t->e[j].hash == h && t->e[j].len == len &&
		    same_lower(t->e[j].key, s, len))
			return &t->e[j];
	return NULL;
}

/*
 * Add header text s for column col; returns the column it already names
 * when that is another one (a conflict), else -1.
 */
static int
ctab_add(struct ctab *t, const char *text, int col)
{
	size_t len, j, i, oldcap;
	const char *s = text_trim(text, &len);
	uint64_t h = hash_lower(s, len);
	struct centry *e, *old;

	if ((e = ctab_find(t, s, len, h)) != NULL)
		return e->col == col ? -1 : e->col;
	if ((t->n + 1) * 2 > t->cap) {
		old = t->e;
		oldcap = t->cap;
		t->cap = oldcap ? oldcap * 2 : 64;
		t->e = xcalloc(t->cap, sizeof(*t->e));
		for (i = 0; i < oldcap; i++) {
			if (old[i].key == NULL)
				continue;
			for (j = old[i].hash & (t->cap - 1); t->e[j].key != NULL;
			    j = (j + 1) & (t->cap - 1))
				;
			t->e[j] = old[i];
		}
		free(old);
	}
	for (j = h & (t->cap - 1); t->e[j].key != NULL;
	    j = (j + 1) & (t->cap - 1))
		;
	t->e[j].key = s;
	t->e[j].len = len;
	t->e[j].hash = h;
	t->e[j].col = col;
	t->n++;
	return -1;
}

static void
ctab_free(struct ctab *t)
{
	free(t->e);
}

/* The sections. */

static const char *const *
kind_names(void)
{
	static const char *names[FK_COUNT + 1];
	int k;

	for (k = 0; k < FK_COUNT; k++)
		names[k] = schema_kind_name((enum file_kind)k);
	return names;
}

static const char *const *
col_names(enum file_kind kind)
{
	static const char *names[FK_COUNT][65];
	size_t i;

	for (i = 0; i < schema_ncols(kind) && i < 64; i++)
		names[kind][i] = schema_col_name(kind, i);
	return names[kind];
}

/* A kind named by key n of the section at path, or -1 after a message. */
static int
kind_of(struct ld *ld, const struct ynode *n, const char *path)
{
	int k = schema_kind_index(n->str);

	if (k < 0)
		unknown(ld, n, N_("file kind"), path, kind_names(), FK_COUNT,
		    1);
	return k;
}

static int
col_of(struct ld *ld, enum file_kind kind, const struct ynode *n,
    const char *path)
{
	int c = schema_col_index(kind, n->str);

	if (c < 0)
		unknown(ld, n, N_("column"), path, col_names(kind),
		    schema_ncols(kind), 0);
	return c;
}

static void
conv_columns(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct policy *p = base;
	size_t i, j, k;
	int kind, col, other;
	const struct ynode *cols, *list;
	char kpath[512], cpath[512];

	if (want(ld, v, YN_MAP, path) == -1)
		return;
	for (i = 0; i < v->n; i++) {
		if ((kind = kind_of(ld, v->key[i], path)) < 0)
			continue;
		subpath(kpath, sizeof(kpath), path, v->key[i]->str);
		cols = v->item[i];
		if (want(ld, cols, YN_MAP, kpath) == -1)
			continue;
		for (j = 0; j < cols->n; j++) {
			if ((col = col_of(ld, (enum file_kind)kind, cols->key[j],
			    kpath)) < 0)
				continue;
			subpath(cpath, sizeof(cpath), kpath, cols->key[j]->str);
			list = cols->item[j];
			if (want(ld, list, YN_SEQ, cpath) == -1)
				continue;
			p->aliases[kind][col] = xreallocarray(
			    p->aliases[kind][col], list->n + 1, sizeof(char *));
			p->aliases[kind][col][0] = NULL;
			for (k = 0; k < list->n; k++) {
				const struct ynode *a = list->item[k];
				size_t len, m;

				if (want(ld, a, YN_SCALAR, cpath) == -1)
					continue;
				if (text_trim(a->str, &len), len == 0) {
					perr(ld, a, _("empty header alias in "
					    "'%s'"), cpath);
					continue;
				}
				other = ctab_add(&ld->pl->cols[kind], a->str,
				    col);
				if (other >= 0) {
					perr(ld, a, _("header alias '%s' in "
					    "'%s' already names column '%s'"),
					    a->str, cpath, schema_col_name(
					    (enum file_kind)kind, (size_t)other));
					continue;
				}
				for (m = 0; p->aliases[kind][col][m] != NULL; m++)
					;
				p->aliases[kind][col][m] = a->str;
				p->aliases[kind][col][m + 1] = NULL;
			}
		}
	}
}

/* Compile pattern node n for path; NULL after a message. */
static struct rx *
compile(struct ld *ld, const struct ynode *n, int flags, const char *path)
{
	char err[256];
	size_t off;
	struct rx *rx;

	if (want(ld, n, YN_SCALAR, path) == -1)
		return NULL;
	/*
	 * The default's patterns compile (tests/unit/test_policy.c makes
	 * sure), so they wait for their first match: most runs match few.
	 */
	if (n->file == BUILTIN_NAME)
		return rx_deferred(n->str, flags);
	rx = rx_compile(n->str, flags, err, sizeof(err), &off);
	if (rx == NULL) {
		/* PCRE2 counts bytes; a person counts characters. */
		size_t i, ch = 1;

		for (i = 0; i < off && n->str[i] != '\0'; i++)
			if (((unsigned char)n->str[i] & 0xC0) != 0x80)
				ch++;
		perr(ld, n, _("bad pattern '%s' for '%s': %s (at character "
		    "%zu)"), n->str, path, err, ch);
	}
	return rx;
}

static void
conv_values(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct policy *p = base;
	static const char *dnames[DOM_COUNT + 1];
	const char *const *canon;
	const struct ynode *rules;
	struct value_rules *vr;
	struct rx *rx;
	size_t i, j, c;
	int d;
	char dpath[512], rpath[512];

	for (d = 0; d < DOM_COUNT; d++)
		dnames[d] = schema_domain_name((enum domain)d);
	if (want(ld, v, YN_MAP, path) == -1)
		return;
	for (i = 0; i < v->n; i++) {
		if ((d = schema_domain_index(v->key[i]->str)) < 0) {
			unknown(ld, v->key[i], N_("domain"), path, dnames,
			    DOM_COUNT, 0);
			continue;
		}
		subpath(dpath, sizeof(dpath), path, v->key[i]->str);
		rules = v->item[i];
		if (want(ld, rules, YN_MAP, dpath) == -1)
			continue;
		canon = schema_domain_values((enum domain)d);
		vr = &p->values[d];
		for (j = 0; j < rules->n; j++) {
			for (c = 0; canon[c] != NULL; c++)
				if (strcmp(canon[c], rules->key[j]->str) == 0)
					break;
			if (canon[c] == NULL) {
				unknown(ld, rules->key[j], N_("value"), dpath,
				    canon, count_words(canon), 1);
				continue;
			}
			subpath(rpath, sizeof(rpath), dpath, canon[c]);
			rx = compile(ld, rules->item[j],
			    RX_WHOLE | RX_CASELESS, rpath);
			if (rx == NULL)
				continue;
			vr->rule = xreallocarray(vr->rule, vr->n + 1,
			    sizeof(*vr->rule));
			vr->rule[vr->n].canon = canon[c];
			vr->rule[vr->n].rx = rx;
			vr->rule[vr->n].mark.file = rules->item[j]->file;
			vr->rule[vr->n].mark.line = rules->item[j]->line;
			vr->rule[vr->n].mark.col = rules->item[j]->col;
			vr->n++;
		}
	}
}

static void
conv_card(struct ld *ld, const struct ynode *v, void *base, const char *path)
{
	struct policy *p = base;
	size_t i, j;
	int col;

	if (want(ld, v, YN_SEQ, path) == -1)
		return;
	free(p->card_fields);
	p->card_fields = xcalloc(v->n + 1, sizeof(*p->card_fields));
	p->ncard_fields = 0;
	for (i = 0; i < v->n; i++) {
		if (want(ld, v->item[i], YN_SCALAR, path) == -1)
			continue;
		if ((col = col_of(ld, FK_ROSTER, v->item[i], path)) < 0)
			continue;
		for (j = 0; j < p->ncard_fields; j++)
			if (p->card_fields[j] == (size_t)col)
				break;
		if (j == p->ncard_fields)
			p->card_fields[p->ncard_fields++] = (size_t)col;
	}
}

static void
conv_patterns(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct policy *p = base;
	const struct ynode *cols;
	struct field_pattern *fp;
	struct rx *rx;
	size_t i, j;
	int kind, col;
	char kpath[512], cpath[512];

	if (want(ld, v, YN_MAP, path) == -1)
		return;
	for (i = 0; i < v->n; i++) {
		if ((kind = kind_of(ld, v->key[i], path)) < 0)
			continue;
		subpath(kpath, sizeof(kpath), path, v->key[i]->str);
		cols = v->item[i];
		if (want(ld, cols, YN_MAP, kpath) == -1)
			continue;
		for (j = 0; j < cols->n; j++) {
			if ((col = col_of(ld, (enum file_kind)kind, cols->key[j],
			    kpath)) < 0)
				continue;
			subpath(cpath, sizeof(cpath), kpath, cols->key[j]->str);
			if ((rx = compile(ld, cols->item[j], RX_WHOLE,
			    cpath)) == NULL)
				continue;
			p->patterns[kind] = xreallocarray(p->patterns[kind],
			    p->npatterns[kind] + 1, sizeof(*p->patterns[kind]));
			fp = &p->patterns[kind][p->npatterns[kind]++];
			fp->col = (size_t)col;
			fp->rx = rx;
			fp->mark.file = cols->item[j]->file;
			fp->mark.line = cols->item[j]->line;
			fp->mark.col = cols->item[j]->col;
		}
	}
}

/* A value of domain d written in n: canonical, or mapped by a rule. */
static const char *
domain_value(struct ld *ld, enum domain d, const struct ynode *n,
    const char *what, const char *path)
{
	const char *v;
	int err = 0;
	const char *const *canon = schema_domain_values(d);

	if (want(ld, n, YN_SCALAR, path) == -1)
		return NULL;
	v = policy_value(ld->p, d, n->str, &err);
	if (v == NULL)
		unknown(ld, n, what, path, canon, count_words(canon), 1);
	return v;
}

struct key_rule_src {
	char *when;
	char *attention;
};

static const struct field key_rule_fields[] = {
	{ "when", F_STR, offsetof(struct key_rule_src, when), 0, 0, NULL,
	  NULL, NULL, 1 },
	{ "attention", F_STR, offsetof(struct key_rule_src, attention), 0, 0,
	  NULL, NULL, NULL, 1 },
	{ NULL, F_SKIP, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static void
conv_key_rules(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct policy *p = base;
	struct key_rule_src src;
	struct key_rule *kr;
	const struct ynode *it, *when;
	const char *att;
	struct where *w;
	char err[256], wpath[512], apath[512];
	size_t i, pos;
	int before;

	if (want(ld, v, YN_SEQ, path) == -1)
		return;
	subpath(wpath, sizeof(wpath), path, "when");
	subpath(apath, sizeof(apath), path, "attention");
	for (i = 0; i < v->n; i++) {
		it = v->item[i];
		if (want(ld, it, YN_MAP, path) == -1)
			continue;
		memset(&src, 0, sizeof(src));
		before = ld->errors;
		load_map(ld, it, key_rule_fields, path, &src);
		free(src.when);
		free(src.attention);
		if (ld->errors != before)
			continue;
		when = ynode_get(it, "when");
		w = where_parse(ld->pl->roster_names, RC_COUNT, when->str, err,
		    sizeof(err), &pos);
		if (w == NULL) {
			perr(ld, when, _("bad expression '%s' for '%s': %s (at "
			    "character %zu)"), when->str, wpath, err, pos);
			continue;
		}
		att = domain_value(ld, DOM_ATTENTION, ynode_get(it, "attention"),
		    "attention", apath);
		if (att == NULL) {
			where_free(w);
			continue;
		}
		p->key_rules = xreallocarray(p->key_rules, p->nkey_rules + 1,
		    sizeof(*p->key_rules));
		kr = &p->key_rules[p->nkey_rules++];
		kr->when = w;
		kr->attention = att;
		kr->mark.file = it->file;
		kr->mark.line = it->line;
		kr->mark.col = it->col;
	}
}

static void
conv_by_attention(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct contact *c = base;
	const char *const *att = schema_domain_values(DOM_ATTENTION);
	size_t i, a;
	char sub[512];

	if (want(ld, v, YN_MAP, path) == -1)
		return;
	for (i = 0; i < v->n; i++) {
		for (a = 0; a < 4 && att[a] != NULL; a++)
			if (strcmp(att[a], v->key[i]->str) == 0)
				break;
		if (a == 4 || att[a] == NULL) {
			unknown(ld, v->key[i], N_("key"), path, att,
			    count_words(att), 1);
			continue;
		}
		subpath(sub, sizeof(sub), path, att[a]);
		if (want(ld, v->item[i], YN_SCALAR, sub) == -1)
			continue;
		if (parse_period(v->item[i]->str, &c->by_attention[a]) == -1)
			perr(ld, v->item[i], _("expected a period such as "
			    "'2 weeks' for '%s', not '%s'"), sub,
			    v->item[i]->str);
	}
}

static void
conv_checkpoints(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	static const char *const names[] = { "start", "middle", "end", NULL };
	struct contact *c = base;
	size_t i, k;

	if (want(ld, v, YN_SEQ, path) == -1)
		return;
	c->checkpoints = 0;
	for (i = 0; i < v->n; i++) {
		if (want(ld, v->item[i], YN_SCALAR, path) == -1)
			continue;
		for (k = 0; names[k] != NULL; k++)
			if (strcmp(names[k], v->item[i]->str) == 0)
				break;
		if (names[k] == NULL)
			unknown(ld, v->item[i], N_("checkpoint"), path, names,
			    3, 1);
		else
			c->checkpoints |= 1 << k;
	}
}

static const char *const yes_no[] = { "no", "yes", NULL };
static const char *const preferred_required[] = { "preferred", "required",
	NULL };

#define FLD(name, type, st, member, min, max) \
	{ name, type, offsetof(st, member), min, max, NULL, NULL, NULL, 0 }
#define FENUM(name, st, member, choices) \
	{ name, F_ENUM, offsetof(st, member), 0, 0, choices, NULL, NULL, 0 }
#define FCONV(name, fn) \
	{ name, F_CUSTOM, 0, 0, 0, NULL, NULL, fn, 0 }
#define FMAP(name, sub) \
	{ name, F_MAP, 0, 0, 0, NULL, sub, NULL, 0 }
#define FEND { NULL, F_SKIP, 0, 0, 0, NULL, NULL, NULL, 0 }

/* "vacation: pause", "keep", or the pace kept in vacations ("2 weeks"). */
static void
conv_vacation(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct contact *c = base;

	if (want(ld, v, YN_SCALAR, path) == -1)
		return;
	c->vacation_pause = 0;
	memset(&c->vacation_every, 0, sizeof(c->vacation_every));
	if (strcmp(v->str, "pause") == 0)
		c->vacation_pause = 1;
	else if (strcmp(v->str, "keep") != 0 &&
	    parse_period(v->str, &c->vacation_every) == -1)
		perr(ld, v, _("unknown value '%s' for '%s' (expected keep, "
		    "pause or a period such as '2 weeks')"), v->str, path);
}

/* "after: 02-20" (a day each year) or "after: 春节" (a holiday's name). */
static void
conv_after(struct ld *ld, const struct ynode *v, void *base, const char *path)
{
	struct contact *c = base;
	const char *s;
	int m, d;

	if (want(ld, v, YN_SCALAR, path) == -1)
		return;
	free(c->after_holiday);
	c->after_holiday = NULL;
	c->after_month = c->after_day = 0;
	s = v->str;
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    s[2] == '-' && isdigit((unsigned char)s[3]) &&
	    isdigit((unsigned char)s[4]) && s[5] == '\0') {
		m = (s[0] - '0') * 10 + (s[1] - '0');
		d = (s[3] - '0') * 10 + (s[4] - '0');
		/* 2000 was a leap year: 02-29 is a day (kept on 02-28 in others). */
		if (!date_valid_ymd(2000, m, d)) {
			perr(ld, v, _("no day '%s' for '%s' (expected MM-DD or "
			    "a holiday's name)"), s, path);
			return;
		}
		c->after_month = m;
		c->after_day = d;
		return;
	}
	if (text_blank(s)) {
		perr(ld, v, _("empty value for '%s' (expected MM-DD or a "
		    "holiday's name)"), path);
		return;
	}
	c->after_holiday = xstrdup(s);
}

/* "aliases: [谈话, 谈心谈话]": more words a log may name the kind by. */
static void
conv_kind_aliases(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct contact *c = base;
	size_t i, n = 0, len;

	if (want(ld, v, YN_SEQ, path) == -1)
		return;
	free(c->aliases);
	c->aliases = xcalloc(v->n + 1, sizeof(*c->aliases));
	for (i = 0; i < v->n; i++) {
		if (want(ld, v->item[i], YN_SCALAR, path) == -1)
			continue;
		if (text_trim(v->item[i]->str, &len), len == 0) {
			perr(ld, v->item[i], _("empty alias in '%s'"), path);
			continue;
		}
		c->aliases[n++] = v->item[i]->str;
	}
}

/* The keys of a when rule: its schedule is read into a struct contact. */
static const struct field when_fields[] = {
	{ "where", F_SKIP, 0, 0, 0, NULL, NULL, NULL, 1 },
	FLD("every", F_PERIOD, struct contact, every, 0, 0),
	FLD("per_term", F_INT, struct contact, per_term, 0, 1000),
	FCONV("checkpoints", conv_checkpoints),
	FEND
};

static void
free_when(struct contact *c)
{
	size_t i;

	for (i = 0; i < c->nwhen; i++)
		where_free(c->when[i].where);
	free(c->when);
	c->when = NULL;
	c->nwhen = 0;
}

/*
 * "when: [{where: EXPR or [EXPR, ...], every / per_term / checkpoints}]":
 * each EXPR in --where's language on the roster's columns (all must
 * hold), at least one schedule key.
 */
static void
conv_when(struct ld *ld, const struct ynode *v, void *base, const char *path)
{
	struct contact *c = base, sch;
	struct when_rule *r;
	const struct ynode *it, *wn, *e;
	struct where *chain, *w;
	char err[256], wpath[512];
	size_t i, j, pos;
	int before;

	if (want(ld, v, YN_SEQ, path) == -1)
		return;
	free_when(c);
	subpath(wpath, sizeof(wpath), path, "where");
	for (i = 0; i < v->n; i++) {
		it = v->item[i];
		if (want(ld, it, YN_MAP, path) == -1)
			continue;
		if (c->nwhen == WHEN_RULES_MAX) {
			perr(ld, it, _("more than %d rules in '%s'"),
			    WHEN_RULES_MAX, path);
			break;
		}
		memset(&sch, 0, sizeof(sch));
		before = ld->errors;
		load_map(ld, it, when_fields, path, &sch);
		if (ld->errors != before)
			continue;
		if (sch.every.n == 0 && sch.per_term == 0 &&
		    sch.checkpoints == 0) {
			perr(ld, it, _("a rule in '%s' needs 'every', "
			    "'per_term' or 'checkpoints'"), path);
			continue;
		}
		wn = ynode_get(it, "where");
		if (wn->type == YN_SEQ && wn->n == 0) {
			perr(ld, wn, _("expected %s for '%s', not %s"),
			    _("text"), wpath, ynode_type_name(wn->type));
			continue;
		}
		chain = NULL;
		for (j = 0; j < (wn->type == YN_SEQ ? wn->n : 1); j++) {
			e = wn->type == YN_SEQ ? wn->item[j] : wn;
			if (want(ld, e, YN_SCALAR, wpath) == -1)
				break;
			w = query_parse_roster(ld->p, e->str, err, sizeof(err),
			    &pos);
			if (w == NULL) {
				perr(ld, e, _("bad expression '%s' for '%s': "
				    "%s (at character %zu)"), e->str, wpath,
				    err, pos);
				break;
			}
			chain = where_and(chain, w);
		}
		if (ld->errors != before) {
			where_free(chain);
			continue;
		}
		c->when = xreallocarray(c->when, c->nwhen + 1,
		    sizeof(*c->when));
		r = &c->when[c->nwhen++];
		r->where = chain;
		r->every = sch.every;
		r->per_term = sch.per_term;
		r->checkpoints = sch.checkpoints;
		r->mark.file = it->file;
		r->mark.line = it->line;
		r->mark.col = it->col;
	}
}

static const struct field contact_fields[] = {
	FLD("label", F_STR, struct contact, label, 0, 0),
	FCONV("aliases", conv_kind_aliases),
	FLD("every", F_PERIOD, struct contact, every, 0, 0),
	FCONV("by_attention", conv_by_attention),
	FCONV("checkpoints", conv_checkpoints),
	FLD("window", F_PERIOD, struct contact, window, 0, 0),
	FLD("per_term", F_INT, struct contact, per_term, 0, 1000),
	FENUM("on_birthday", struct contact, on_birthday, yes_no),
	FCONV("vacation", conv_vacation),
	FCONV("after", conv_after),
	FCONV("when", conv_when),
	FEND
};

static int
kind_name_ok(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z') && *s != '_')
		return 0;
	for (; *s != '\0'; s++)
		if (!(*s >= 'a' && *s <= 'z') && *s != '_' &&
		    !(*s >= '0' && *s <= '9'))
			return 0;
	return 1;
}

/* Where alias of c stands in the tree: its item of list, else the kind. */
static const struct ynode *
alias_node(const struct ynode *list, const char *alias,
    const struct ynode *kind)
{
	size_t k;

	/* c->aliases points into the items' strings (conv_kind_aliases):
	 * the same pointer, not the same text, finds the item even when an
	 * empty item before it was left out. */
	for (k = 0; list != NULL && k < list->n; k++)
		if (list->item[k]->str == alias)
			return list->item[k];
	return kind;
}

/* Remove the j-th alias of c, and its item of list in the tree. */
static void
drop_alias(struct contact *c, struct ynode *list, size_t j)
{
	const char *alias = c->aliases[j];
	size_t k;

	for (k = j; c->aliases[k] != NULL; k++)
		c->aliases[k] = c->aliases[k + 1];
	for (k = 0; list != NULL && k < list->n; k++)
		if (list->item[k]->str == alias) {
			memmove(&list->item[k], &list->item[k + 1],
			    (list->n - k - 1) * sizeof(*list->item));
			list->n--;
			break;
		}
}

/* The node that gave kind i the word: its label's, or the kind's own. */
static const struct ynode *
word_node(const struct policy *p, const struct ynode *const *node, int i,
    const char *word)
{
	const struct ynode *label;

	if (strcmp(word, p->contacts[i].kind) != 0 &&
	    (label = ynode_get(node[i], "label")) != NULL)
		return label;
	return node[i];
}

/*
 * The index of the words a log may name a kind by: every kind's name and
 * label first, then the aliases.  A name or label naming two kinds is an
 * error, at the school's side of the two (the built-in policy's line
 * would not help the school): a row written with it could not be
 * counted.  So is an alias the school's file gives that names another
 * kind; an alias of the built-in policy that a school's own kind or
 * label took (亲情视频 for its video_call) gives way, left out.
 */
static void
index_kinds(struct ld *ld, const struct ynode *const *node, size_t n)
{
	const struct policy *p = ld->p;
	struct ynode *list;
	const struct ynode *a;
	struct contact *c;
	const char *word;
	size_t i, j;
	int other;

	for (i = 0; i < n; i++) {
		c = &p->contacts[i];
		word = c->kind;
		if ((other = ctab_add(&ld->pl->kinds, word, (int)i)) < 0)
			other = ctab_add(&ld->pl->kinds, word = c->label,
			    (int)i);
		if (other < 0)
			continue;
		a = word_node(p, node, (int)i, word);
		if (a->file == BUILTIN_NAME &&
		    word_node(p, node, other, word)->file != BUILTIN_NAME)
			perr(ld, word_node(p, node, other, word), _("'%s' of "
			    "contact kind '%s' already names contact kind "
			    "'%s'"), word, p->contacts[other].kind, c->kind);
		else
			perr(ld, a, _("'%s' of contact kind '%s' already "
			    "names contact kind '%s'"), word, c->kind,
			    p->contacts[other].kind);
	}
	for (i = 0; i < n; i++) {
		c = &p->contacts[i];
		list = ynode_get(node[i], "aliases");
		for (j = 0; c->aliases[j] != NULL; j++) {
			a = alias_node(list, c->aliases[j], node[i]);
			other = ctab_add(&ld->pl->kinds, c->aliases[j], (int)i);
			if (other < 0)
				continue;
			if (a->file != BUILTIN_NAME) {
				perr(ld, a, _("alias '%s' of contact kind '%s' "
				    "already names contact kind '%s'"),
				    c->aliases[j], c->kind,
				    p->contacts[other].kind);
				continue;
			}
			/*
			 * Out of the effective policy too, so that it
			 * prints as it reads (--print-policy reads back).
			 */
			drop_alias(c, list, j--);
		}
	}
}

static void
conv_contacts(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct policy *p = base;
	struct contact *c;
	const struct ynode **node;
	size_t i;
	char sub[512];

	if (want(ld, v, YN_MAP, path) == -1)
		return;
	node = xcalloc(v->n + 1, sizeof(*node));
	for (i = 0; i < v->n; i++) {
		if (!kind_name_ok(v->key[i]->str)) {
			perr(ld, v->key[i], _("bad contact kind '%s' in '%s' "
			    "(expected lowercase letters, digits and '_')"),
			    v->key[i]->str, path);
			continue;
		}
		/* A school drops one of the default's kinds by setting it to ~. */
		if (ynode_is_null(v->item[i]))
			continue;
		subpath(sub, sizeof(sub), path, v->key[i]->str);
		if (want(ld, v->item[i], YN_MAP, sub) == -1)
			continue;
		/* Engines number kinds in 16 bits (a province's list is big). */
		if (p->ncontacts == CONTACT_KINDS_MAX) {
			perr(ld, v->key[i], _("more than %d contact kinds in "
			    "'%s'"), CONTACT_KINDS_MAX, path);
			break;
		}
		p->contacts = xreallocarray(p->contacts, p->ncontacts + 1,
		    sizeof(*p->contacts));
		c = &p->contacts[p->ncontacts++];
		memset(c, 0, sizeof(*c));
		c->kind = xstrdup(v->key[i]->str);
		load_map(ld, v->item[i], contact_fields, sub, c);
		if (c->label == NULL)
			c->label = xstrdup(c->kind);
		if (c->aliases == NULL)
			c->aliases = xcalloc(1, sizeof(*c->aliases));
		c->when_slot = c->nwhen > 0 ? (int)p->nwhen_kinds++ : -1;
		/* every is the pace where the calendar lists no such holiday. */
		if ((c->after_holiday != NULL || c->after_month != 0) &&
		    c->every.n == 0)
			perr(ld, ynode_get(v->item[i], "after"), _("'after' "
			    "needs 'every' in '%s'"), sub);
		node[p->ncontacts - 1] = v->item[i];
	}
	index_kinds(ld, node, p->ncontacts);
	free(node);
}

static void
conv_mentor_roles(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct policy *p = base;
	const char *r;
	size_t i, j;

	if (want(ld, v, YN_SEQ, path) == -1)
		return;
	for (i = 0; i < p->pairing.nmentor_roles; i++)
		free(p->pairing.mentor_roles[i]);
	p->pairing.mentor_roles = xreallocarray(p->pairing.mentor_roles,
	    v->n + 1, sizeof(char *));
	p->pairing.nmentor_roles = 0;
	for (i = 0; i < v->n; i++) {
		if ((r = domain_value(ld, DOM_ROLE, v->item[i], "role",
		    path)) == NULL)
			continue;
		for (j = 0; j < p->pairing.nmentor_roles; j++)
			if (strcmp(p->pairing.mentor_roles[j], r) == 0)
				break;
		if (j == p->pairing.nmentor_roles)
			p->pairing.mentor_roles[p->pairing.nmentor_roles++] =
			    xstrdup(r);
	}
	p->pairing.mentor_roles[p->pairing.nmentor_roles] = NULL;
}

/*
 * pairing.volunteer.kinds: the contact kinds a volunteer carries, by
 * their kind names (read after contacts, which the file defines).
 */
static void
volunteer_kinds(struct ld *ld, const struct ynode *v, struct policy *p,
    const char *path, int how)
{
	const struct ynode *kn;
	const char **names;
	size_t i, k;

	if (want(ld, v, YN_SEQ, path) == -1)
		return;
	for (k = 0; k < p->ncontacts; k++)
		if (p->contacts[k].by_volunteer == how) {
			p->contacts[k].by_volunteer = 0;
			p->pairing.nvolunteer_kinds--;
		}
	names = xcalloc(p->ncontacts + 1, sizeof(*names));
	for (k = 0; k < p->ncontacts; k++)
		names[k] = p->contacts[k].kind;
	for (i = 0; i < v->n; i++) {
		if (want(ld, v->item[i], YN_SCALAR, path) == -1)
			continue;
		for (k = 0; k < p->ncontacts; k++)
			if (strcmp(p->contacts[k].kind, v->item[i]->str) == 0)
				break;
		/* A kind of the default's list that the school dropped
		 * (contacts: {companion: ~}) is carried by nobody. */
		if (k == p->ncontacts && (kn = ynode_get(ynode_get(p->tree,
		    "contacts"), v->item[i]->str)) != NULL && ynode_is_null(kn))
			continue;
		if (k == p->ncontacts) {
			unknown(ld, v->item[i], N_("contact kind"), path,
			    (const char *const *)names, p->ncontacts, 1);
			continue;
		}
		if (p->contacts[k].by_volunteer != 0 &&
		    p->contacts[k].by_volunteer != how) {
			perr(ld, v->item[i], _("contact kind '%s' in both "
			    "'pairing.volunteer.kinds' and "
			    "'pairing.volunteer.takes_over'"),
			    v->item[i]->str);
			continue;
		}
		if (p->contacts[k].by_volunteer == 0)
			p->pairing.nvolunteer_kinds++;
		p->contacts[k].by_volunteer = how;
	}
	free(names);
}

static void
conv_volunteer_kinds(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	volunteer_kinds(ld, v, base, path, VOLUNTEER_ONLY);
}

/*
 * pairing.volunteer.takes_over: the teachers' kinds a volunteer makes
 * for the children who have one (the others' stay their mentor's).
 */
static void
conv_volunteer_takes(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	volunteer_kinds(ld, v, base, path, VOLUNTEER_TAKES);
}

static void
conv_targets(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	static const struct field pct = { "", F_INT, 0, 0, 100, NULL, NULL,
		NULL, 0 };
	struct policy *p = base;
	size_t i, k;
	int percent;
	char sub[512];

	if (want(ld, v, YN_MAP, path) == -1)
		return;
	for (i = 0; i < v->n; i++) {
		for (k = 0; metrics[k] != NULL; k++)
			if (strcmp(metrics[k], v->key[i]->str) == 0)
				break;
		if (metrics[k] == NULL) {
			unknown(ld, v->key[i], N_("metric"), path, metrics,
			    count_words(metrics), 0);
			continue;
		}
		subpath(sub, sizeof(sub), path, metrics[k]);
		percent = -1;
		load_field(ld, &pct, v->item[i], sub, &percent);
		if (percent < 0)
			continue;
		p->targets = xreallocarray(p->targets, p->ntargets + 1,
		    sizeof(*p->targets));
		p->targets[p->ntargets].metric = xstrdup(metrics[k]);
		p->targets[p->ntargets].percent = percent;
		p->ntargets++;
	}
}

static void
conv_labels(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct policy *p = base;
	size_t i;
	char sub[512];

	if (want(ld, v, YN_MAP, path) == -1)
		return;
	for (i = 0; i < v->n; i++) {
		subpath(sub, sizeof(sub), path, v->key[i]->str);
		if (want(ld, v->item[i], YN_SCALAR, sub) == -1)
			continue;
		p->labels = xreallocarray(p->labels, p->nlabels + 1,
		    sizeof(*p->labels));
		p->labels[p->nlabels].key = xstrdup(v->key[i]->str);
		p->labels[p->nlabels].text = xstrdup(v->item[i]->str);
		p->nlabels++;
	}
}

static const struct field term_fields[] = {
	{ "name", F_STR, offsetof(struct term, name), 0, 0, NULL, NULL, NULL,
	  1 },
	{ "start", F_DATE, offsetof(struct term, start), 0, 0, NULL, NULL,
	  NULL, 1 },
	{ "end", F_DATE, offsetof(struct term, end), 0, 0, NULL, NULL, NULL,
	  1 },
	FEND
};

static int
term_cmp(const void *a, const void *b)
{
	const struct term *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* A list of named date ranges; terms must have unique names, no overlap. */
static void
conv_ranges(struct ld *ld, const struct ynode *v, const char *path,
    int is_terms, struct term **out, size_t *nout)
{
	struct term *t;
	const struct ynode *it;
	size_t i, j, n = 0;
	int before;

	if (want(ld, v, YN_SEQ, path) == -1)
		return;
	t = xcalloc(v->n + 1, sizeof(*t));
	for (i = 0; i < v->n; i++) {
		it = v->item[i];
		if (want(ld, it, YN_MAP, path) == -1)
			continue;
		before = ld->errors;
		memset(&t[n], 0, sizeof(t[n]));
		load_map(ld, it, term_fields, path, &t[n]);
		if (ld->errors != before) {
			free(t[n].name);
			t[n].name = NULL;
			continue;
		}
		if (t[n].end < t[n].start) {
			perr(ld, ynode_get(it, "end"), is_terms ?
			    _("term '%s' ends before it starts") :
			    _("holiday '%s' ends before it starts"), t[n].name);
			free(t[n].name);
			t[n].name = NULL;
			continue;
		}
		if (is_terms) {
			for (j = 0; j < n; j++)
				if (strcmp(t[j].name, t[n].name) == 0)
					break;
			if (j < n) {
				perr(ld, ynode_get(it, "name"), _("duplicate "
				    "term '%s' in '%s'"), t[n].name, path);
				free(t[n].name);
				t[n].name = NULL;
				continue;
			}
		}
		n++;
	}
	qsort(t, n, sizeof(*t), term_cmp);
	for (i = 1; is_terms && i < n; i++)
		if (t[i].start <= t[i - 1].end)
			perr(ld, v, _("term '%s' overlaps term '%s' in '%s'"),
			    t[i].name, t[i - 1].name, path);
	*out = t;
	*nout = n;
}

static void
conv_terms(struct ld *ld, const struct ynode *v, void *base, const char *path)
{
	struct policy *p = base;

	conv_ranges(ld, v, path, 1, &p->terms, &p->nterms);
}

static void
conv_holidays(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct policy *p = base;

	conv_ranges(ld, v, path, 0, &p->holidays, &p->nholidays);
}

static const struct field school_fields[] = {
	FLD("name", F_STR, struct policy, school_name, 0, 0),
	FLD("province", F_STR, struct policy, school_province, 0, 0),
	FLD("county", F_STR, struct policy, school_county, 0, 0),
	FLD("code", F_STR, struct policy, school_code, 0, 0),
	FEND
};

static const struct field age_fields[] = {
	FLD("min", F_INT, struct policy, age_min, 0, 30),
	FLD("max", F_INT, struct policy, age_max, 0, 30),
	FEND
};

static const struct field calendar_fields[] = {
	FCONV("terms", conv_terms),
	FCONV("holidays", conv_holidays),
	FEND
};

static const struct field required_fields[] = {
	FCONV("card", conv_card),
	FEND
};

static const struct field weight_fields[] = {
	FLD("other_class", F_INT, struct policy, pairing.w_other_class, 0,
	    1000000),
	FLD("not_head_teacher", F_INT, struct policy,
	    pairing.w_not_head_teacher, 0, 1000000),
	FLD("over_share", F_INT, struct policy, pairing.w_over_share, 0,
	    1000000),
	FLD("key_to_loaded", F_INT, struct policy, pairing.w_key_to_loaded, 0,
	    1000000),
	FLD("gender_mismatch", F_INT, struct policy,
	    pairing.w_gender_mismatch, 0, 1000000),
	FEND
};

static const struct field buddy_weight_fields[] = {
	FLD("other_class", F_INT, struct policy, pairing.w_buddy_other_class,
	    0, 1000000),
	FLD("not_stronger", F_INT, struct policy,
	    pairing.w_buddy_not_stronger, 0, 1000000),
	FLD("other_village", F_INT, struct policy,
	    pairing.w_buddy_other_village, 0, 1000000),
	FEND
};

static const struct field buddy_fields[] = {
	FENUM("same_class", struct policy, pairing.buddy_same_class_required,
	    preferred_required),
	FLD("max_per_buddy", F_INT, struct policy, pairing.buddy_max, 1, 100),
	FLD("academic_margin", F_INT, struct policy, pairing.buddy_margin, 0,
	    100),
	FMAP("weights", buddy_weight_fields),
	FEND
};

static const struct field volunteer_fields[] = {
	FCONV("kinds", conv_volunteer_kinds),
	FCONV("takes_over", conv_volunteer_takes),
	FLD("max_mentees", F_INT, struct policy, pairing.volunteer_max, 0,
	    1000),
	FEND
};

static const struct field pairing_fields[] = {
	FCONV("mentor_roles", conv_mentor_roles),
	FLD("max_mentees", F_INT, struct policy, pairing.max_mentees, 0, 1000),
	FMAP("weights", weight_fields),
	FMAP("volunteer", volunteer_fields),
	FMAP("buddy", buddy_fields),
	FEND
};

static const struct field report_fields[] = {
	FCONV("targets", conv_targets),
	FCONV("labels", conv_labels),
	FEND
};

/* mail.leaders: more addresses for the digest, "Name <addr>" or addr. */
static void
conv_leaders(struct ld *ld, const struct ynode *v, void *base,
    const char *path)
{
	struct policy *p = base;
	char *name, *addr;
	size_t i;

	if (want(ld, v, YN_SEQ, path) == -1)
		return;
	for (i = 0; i < p->nmail_leaders; i++)
		free(p->mail_leaders[i]);
	p->mail_leaders = xreallocarray(p->mail_leaders, v->n + 1,
	    sizeof(char *));
	p->nmail_leaders = 0;
	for (i = 0; i < v->n; i++) {
		if (want(ld, v->item[i], YN_SCALAR, path) == -1)
			continue;
		if (mail_parse_addr(v->item[i]->str, &name, &addr) != 0) {
			struct sbuf shown = SBUF_INIT;

			/* A line break in it must not break the message. */
			sbuf_init(&shown);
			mail_clean(&shown, v->item[i]->str);
			perr(ld, v->item[i], _("bad address '%s' in '%s' "
			    "(expected name@domain or 'Name <name@domain>')"),
			    shown.buf, path);
			sbuf_release(&shown);
			continue;
		}
		free(name);
		free(addr);
		p->mail_leaders[p->nmail_leaders++] = xstrdup(v->item[i]->str);
	}
	p->mail_leaders[p->nmail_leaders] = NULL;
}

/* mail.from: empty (lb-due --sendmail refuses to run; an mbox says it
 * uses lb <lb@localhost>), or an address as in leaders. */
static void
conv_from(struct ld *ld, const struct ynode *v, void *base, const char *path)
{
	struct policy *p = base;
	struct sbuf shown = SBUF_INIT;
	char *name, *addr;

	if (want(ld, v, YN_SCALAR, path) == -1)
		return;
	if (!text_blank(v->str)) {
		if (mail_parse_addr(v->str, &name, &addr) != 0) {
			sbuf_init(&shown);
			mail_clean(&shown, v->str);
			perr(ld, v, _("bad address '%s' for '%s' (expected "
			    "name@domain or 'Name <name@domain>')"), shown.buf,
			    path);
			sbuf_release(&shown);
			return;
		}
		free(name);
		free(addr);
	}
	free(p->mail_from);
	p->mail_from = xstrdup(v->str);
}

/* mail.domain: empty (From's domain, else the host name), or a host name. */
static void
conv_domain(struct ld *ld, const struct ynode *v, void *base, const char *path)
{
	struct policy *p = base;
	struct sbuf shown = SBUF_INIT;

	if (want(ld, v, YN_SCALAR, path) == -1)
		return;
	if (!text_blank(v->str) && !mail_domain_ok(v->str)) {
		sbuf_init(&shown);
		mail_clean(&shown, v->str);
		perr(ld, v, _("bad domain '%s' for '%s' (expected a host name "
		    "such as school.example.cn)"), shown.buf, path);
		sbuf_release(&shown);
		return;
	}
	free(p->mail_domain);
	p->mail_domain = xstrdup(text_blank(v->str) ? "" : v->str);
}

static const struct field mail_fields[] = {
	FCONV("from", conv_from),
	FCONV("domain", conv_domain),
	FLD("subject", F_STR, struct policy, mail_subject, 0, 0),
	FLD("intro", F_STR, struct policy, mail_intro, 0, 0),
	FENUM("guardian_phones", struct policy, mail_guardian_phones, yes_no),
	FCONV("leaders", conv_leaders),
	FLD("digest_subject", F_STR, struct policy, mail_digest_subject, 0, 0),
	FEND
};

static const struct field files_fields[] = {
	FLD("history", F_STR, struct policy, history_file, 0, 0),
	FEND
};

/* The format: every key a policy may hold, in the default's order. */
static const struct field policy_fields[] = {
	FMAP("school", school_fields),
	FMAP("pupil_age", age_fields),
	FMAP("calendar", calendar_fields),
	FCONV("columns", conv_columns),
	/* Read first (see convert), so later sections can use the rules. */
	{ "values", F_SKIP, 0, 0, 0, NULL, NULL, NULL, 0 },
	FMAP("required", required_fields),
	FCONV("patterns", conv_patterns),
	FCONV("key_rules", conv_key_rules),
	FCONV("contacts", conv_contacts),
	FMAP("pairing", pairing_fields),
	FMAP("report", report_fields),
	FMAP("mail", mail_fields),
	FMAP("files", files_fields),
	FEND
};

static void
convert(struct ld *ld, const struct ynode *root)
{
	struct policy *p = ld->p;
	const struct ynode *values;
	char **strs[] = { &p->school_name, &p->school_province,
		&p->school_county, &p->school_code, &p->mail_from,
		&p->mail_subject, &p->mail_intro, &p->mail_digest_subject, &p->mail_domain,
		&p->history_file };
	size_t i;

	if (want(ld, root, YN_MAP, "") == -1)
		return;
	if ((values = ynode_get(root, "values")) != NULL)
		conv_values(ld, values, p, "values");
	load_map(ld, root, policy_fields, "", p);
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (*strs[i] == NULL)
			*strs[i] = xstrdup("");
	if (p->mail_leaders == NULL)
		p->mail_leaders = xcalloc(1, sizeof(char *));
	if (ld->errors == 0 && p->age_min > p->age_max) {
		const struct ynode *n = ynode_get(ynode_get(root, "pupil_age"),
		    "min");

		perr(ld, n != NULL ? n : root, _("'pupil_age.min' (%d) is "
		    "above 'pupil_age.max' (%d)"), p->age_min, p->age_max);
	}
}

/* Read all of path; NULL after a message, with *code set. */
static char *
read_file(const char *path, size_t *len, int *code)
{
	FILE *f;
	struct sbuf sb;
	char buf[65536];
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		diag_error(path, 0, 0, _("cannot open the policy: %s"),
		    strerror(errno));
		*code = LB_NOINPUT;
		return NULL;
	}
	sbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sbuf_add(&sb, buf, n);
		if (sb.len > YNODE_MAX_DOC) {
			diag_error(path, 0, 0, _("policy larger than %d MiB"),
			    YNODE_MAX_DOC / (1024 * 1024));
			*code = LB_CONFIG;
			goto fail;
		}
	}
	if (ferror(f)) {
		diag_error(path, 0, 0, _("cannot read the policy: %s"),
		    strerror(errno));
		*code = LB_NOINPUT;
		goto fail;
	}
	fclose(f);
	*len = sb.len;
	return sbuf_detach(&sb);
fail:
	fclose(f);
	sbuf_release(&sb);
	return NULL;
}

struct policy *
policy_load(const char *path, int *code)
{
	struct ploaded *pl;
	struct policy *p;
	struct ynode *base, *user = NULL;
	struct ld ld;
	char *text;
	size_t len, k, c;
	int dummy;

	if (code == NULL)
		code = &dummy;
	if (path == NULL) {
		path = getenv("LB_POLICY");
		if (path != NULL && path[0] == '\0')
			path = NULL;
	}
	pl = xcalloc(1, sizeof(*pl));
	pl->memo = xcalloc(DOM_COUNT, sizeof(*pl->memo));
	pl->labels = xcalloc(1, sizeof(*pl->labels));
	p = &pl->p;
	p->source.file = BUILTIN_NAME;
	for (c = 0; c < RC_COUNT; c++)
		pl->roster_names[c] = schema_col_name(FK_ROSTER, c);
	for (k = 0; k < FK_COUNT; k++)
		for (c = 0; c < schema_ncols((enum file_kind)k) && c < 64;
		    c++) {
			p->aliases[k][c] = xcalloc(1, sizeof(char *));
			ctab_add(&pl->cols[k],
			    schema_col_name((enum file_kind)k, c), (int)c);
		}

	/* policy_default_yaml, parsed when lb was built. */
	base = ynode_unpack(policy_default_tree, policy_default_tree_n,
	    policy_default_tree_pool, BUILTIN_NAME);
	if (base == NULL) {
		*code = LB_CONFIG;
		goto fail;
	}
	if (path != NULL) {
		pl->path = xstrdup(path);
		p->source.file = pl->path;
		if ((text = read_file(path, &len, code)) == NULL) {
			ynode_free(base);
			goto fail;
		}
		user = ynode_parse(text, len, pl->path);
		free(text);
		if (user == NULL) {
			ynode_free(base);
			*code = LB_CONFIG;
			goto fail;
		}
		/* A file holding only "---" or comments is no change. */
		if (user->type == YN_SCALAR && user->plain &&
		    user->str[0] == '\0') {
			ynode_free(user);
			user = NULL;
		} else if (user->type != YN_MAP) {
			diag_error(user->file, user->line, user->col,
			    _("expected a mapping for 'policy', not %s"),
			    ynode_type_name(user->type));
			ynode_free(user);
			ynode_free(base);
			*code = LB_CONFIG;
			goto fail;
		}
	}
	p->tree = ynode_merge(base, user);

	memset(&ld, 0, sizeof(ld));
	ld.pl = pl;
	ld.p = p;
	convert(&ld, p->tree);
	if (ld.errors > 0) {
		*code = LB_CONFIG;
		goto fail;
	}
	*code = LB_OK;
	return p;
fail:
	policy_free(p);
	return NULL;
}

void
policy_free(struct policy *p)
{
	struct ploaded *pl = (struct ploaded *)p;
	size_t i, k, c;
	int d;

	if (p == NULL)
		return;
	free(p->school_name);
	free(p->school_province);
	free(p->school_county);
	free(p->school_code);
	free(p->history_file);
	for (i = 0; i < p->nterms; i++)
		free(p->terms[i].name);
	free(p->terms);
	for (i = 0; i < p->nholidays; i++)
		free(p->holidays[i].name);
	free(p->holidays);
	for (k = 0; k < FK_COUNT; k++) {
		for (c = 0; c < 64; c++)
			free(p->aliases[k][c]);
		for (i = 0; i < p->npatterns[k]; i++)
			rx_free(p->patterns[k][i].rx);
		free(p->patterns[k]);
		ctab_free(&pl->cols[k]);
	}
	for (d = 0; d < DOM_COUNT; d++) {
		for (i = 0; i < p->values[d].n; i++)
			rx_free(p->values[d].rule[i].rx);
		free(p->values[d].rule);
		sindex_free(&pl->memo[d]);
	}
	free(pl->memo);
	sindex_free(pl->labels);
	free(pl->labels);
	free(p->card_fields);
	for (i = 0; i < p->nkey_rules; i++)
		where_free(p->key_rules[i].when);
	free(p->key_rules);
	for (i = 0; i < p->ncontacts; i++) {
		free(p->contacts[i].kind);
		free(p->contacts[i].label);
		free(p->contacts[i].after_holiday);
		free(p->contacts[i].aliases);
		free_when(&p->contacts[i]);
	}
	free(p->contacts);
	ctab_free(&pl->kinds);
	for (i = 0; i < p->pairing.nmentor_roles; i++)
		free(p->pairing.mentor_roles[i]);
	free(p->pairing.mentor_roles);
	for (i = 0; i < p->ntargets; i++)
		free(p->targets[i].metric);
	free(p->targets);
	for (i = 0; i < p->nlabels; i++) {
		free(p->labels[i].key);
		free(p->labels[i].text);
	}
	free(p->labels);
	free(p->mail_from);
	free(p->mail_domain);
	free(p->mail_subject);
	free(p->mail_intro);
	free(p->mail_digest_subject);
	if (p->mail_leaders != NULL)
		for (i = 0; i < p->nmail_leaders; i++)
			free(p->mail_leaders[i]);
	free(p->mail_leaders);
	ynode_free(p->tree);
	free(pl->path);
	free(pl);
}

int
policy_print(const struct policy *p, FILE *f)
{
	struct sbuf sb;
	int rc = 0;

	sbuf_init(&sb);
	ynode_emit(p->tree, &sb);
	if (fwrite(sb.buf, 1, sb.len, f) != sb.len || fflush(f) == EOF ||
	    ferror(f))
		rc = -1;
	sbuf_release(&sb);
	return rc;
}

int
policy_column(const struct policy *p, enum file_kind kind,
    const char *header)
{
	const struct ploaded *pl = (const struct ploaded *)p;
	const struct centry *e;
	size_t len;
	const char *s;

	if ((int)kind < 0 || kind >= FK_COUNT || header == NULL)
		return -1;
	s = text_trim(header, &len);
	e = ctab_find(&pl->cols[kind], s, len, hash_lower(s, len));
	return e != NULL ? e->col : -1;
}

const char *
policy_value(const struct policy *p, enum domain d, const char *v, int *err)
{
	const struct ploaded *pl = (const struct ploaded *)p;
	const char *const *canon;
	const struct value_rules *vr;
	const struct sx_e *e;
	struct sindex *m;
	const char *s;
	size_t len, i;
	uint64_t h;
	int r;

	if (err != NULL)
		*err = 0;
	if ((int)d < 0 || d >= DOM_COUNT || v == NULL)
		return NULL;
	s = text_trim(v, &len);
	/* Full-width forms (ｙｅｓ, １) are their ASCII letters and digits. */
	if (memchr(s, 0xef, len) != NULL) {
		struct sbuf f = SBUF_INIT;
		const char *c;

		sbuf_init(&f);
		text_fold_fullwidth(&f, s, len);
		c = f.len != len || memcmp(f.buf, s, len) != 0 ?
		    policy_value(p, d, f.buf, err) : NULL;
		sbuf_release(&f);
		if (c != NULL || (err != NULL && *err))
			return c;
	}
	canon = schema_domain_values(d);
	for (i = 0; canon[i] != NULL; i++)
		if (strlen(canon[i]) == len && memcmp(canon[i], s, len) == 0)
			return canon[i];
	vr = &p->values[d];
	if (vr->n == 0)
		goto none;
	m = &pl->memo[d];
	h = hash_bytes(s, len);
	if ((e = sindex_get(m, s, len, h)) != NULL) {
		if (e->val != NULL)
			return e->val;
		goto none;
	}
	for (i = 0; i < vr->n; i++) {
		r = rx_match(vr->rule[i].rx, s, len);
		if (r == 1) {
			if (m->n < VMEMO_MAX)
				sindex_put(m, s, len, h, vr->rule[i].canon);
			return vr->rule[i].canon;
		}
		if (r == -1) {
			if (err != NULL)
				*err = 1;
			return NULL;
		}
	}
	if (m->n < VMEMO_MAX)
		sindex_put(m, s, len, h, NULL);
none:
	/* A yes/no column with words of its own takes the common ones too. */
	if (d != DOM_YESNO && schema_domain_is_yesno(d))
		return policy_value(p, DOM_YESNO, v, err);
	return NULL;
}

/*
 * The built-in policy's words (policy/default.yaml: report.labels and
 * the contact kinds' labels) in Traditional characters, with Taiwan's
 * words where they differ (電子郵件, 資料); words written alike in both
 * scripts are left out.  Sorted by the Simplified text in byte order.
 */
static const struct hant_word {
	const char *hans, *hant;
} hant_words[] = {
	{ "zh-CN", "zh-TW" },
	{ "上次帮扶日期", "上次幫扶日期" },
	{ "与学生关系", "與學生關係" },
	{ "与监护人沟通", "與監護人溝通" },
	{ "个案服务", "個案服務" },
	{ "主要指标", "主要指標" },
	{ "亲情电话", "親情電話" },
	{ "亲戚", "親戚" },
	{ "人数", "人數" },
	{ "健康检查", "健康檢查" },
	{ "儿童患病", "兒童患病" },
	{ "入档日期", "入檔日期" },
	{ "关注等级", "關注等級" },
	{ "分校统计", "分校統計" },
	{ "分班统计", "分班統計" },
	{ "分类统计", "分類統計" },
	{ "分组", "分組" },
	{ "变动项目", "變動項目" },
	{ "各帮扶教师待办：", "各幫扶教師待辦：" },
	{ "各校统计时段不一", "各校統計時段不一" },
	{ "各校达标情况", "各校達標情況" },
	{ "合计", "合計" },
	{ "名单", "名單" },
	{ "含不予显示的小数，实际不少于此数", "含不予顯示的小數，實際不少於此數" },
	{ "困境类型", "困境類型" },
	{ "在校状态", "在校狀態" },
	{ "在读", "在讀" },
	{ "备注", "備註" },
	{ "大专及以上", "大專及以上" },
	{ "失学辍学", "失學輟學" },
	{ "孤儿", "孤兒" },
	{ "学业成绩", "學業成績" },
	{ "学习帮手", "學習幫手" },
	{ "学习帮手结对率", "學習幫手配對率" },
	{ "学校", "學校" },
	{ "学校数", "學校數" },
	{ "学生信息", "學生資料" },
	{ "学籍号", "學籍號" },
	{ "家庭贫困", "家庭貧困" },
	{ "家访", "家訪" },
	{ "将到期", "將到期" },
	{ "小于此数的人数不予显示", "小於此數的人數不予顯示" },
	{ "小学", "小學" },
	{ "巩固率", "鞏固率" },
	{ "帮手代价构成", "幫手代價構成" },
	{ "帮手结对代价", "幫手配對代價" },
	{ "帮扶人", "幫扶人" },
	{ "帮扶人数", "幫扶人數" },
	{ "帮扶情况", "幫扶情況" },
	{ "帮扶救助", "幫扶救助" },
	{ "帮扶教师", "幫扶教師" },
	{ "帮扶教师姓名", "幫扶教師姓名" },
	{ "帮扶教师统计", "幫扶教師統計" },
	{ "帮扶教师邮箱", "幫扶教師電子郵件" },
	{ "帮扶方式", "幫扶方式" },
	{ "帮扶落实情况", "幫扶落實情況" },
	{ "帮扶落实率", "幫扶落實率" },
	{ "帮扶记录", "幫扶紀錄" },
	{ "帮扶逾期的儿童", "幫扶逾期的兒童" },
	{ "年级", "年級" },
	{ "应完成", "應完成" },
	{ "应完成日期", "應完成日期" },
	{ "座谈会", "座談會" },
	{ "建档率", "建檔率" },
	{ "当前待办", "當前待辦" },
	{ "心理辅导", "心理輔導" },
	{ "志愿者代价构成", "志願者代價構成" },
	{ "性别", "性別" },
	{ "总数", "總數" },
	{ "您好！以下是全校留守儿童帮扶工作的落实情况。", "您好！以下是全校留守兒童幫扶工作的落實情況。" },
	{ "成绩持平", "成績持平" },
	{ "成绩记录", "成績紀錄" },
	{ "成绩进步", "成績進步" },
	{ "成绩进步情况", "成績進步情況" },
	{ "成绩退步", "成績退步" },
	{ "成绩退步的儿童", "成績退步的兒童" },
	{ "所学校", "所學校" },
	{ "指标", "指標" },
	{ "按时完成", "按時完成" },
	{ "教师代价构成", "教師代價構成" },
	{ "教师结对代价", "教師配對代價" },
	{ "无", "無" },
	{ "春季学期", "春季學期" },
	{ "普遍关注", "普遍關注" },
	{ "最久未落实的帮扶：", "最久未落實的幫扶：" },
	{ "未结对学习帮手的儿童", "未配對學習幫手的兒童" },
	{ "未结对帮扶教师的儿童", "未配對幫扶教師的兒童" },
	{ "未达标", "未達標" },
	{ "未达标学校数", "未達標學校數" },
	{ "未达标的学校", "未達標的學校" },
	{ "村组", "村組" },
	{ "档案不完整的儿童", "檔案不完整的兒童" },
	{ "档案不完整，缺", "檔案不完整，缺" },
	{ "档案变动记录", "檔案變動紀錄" },
	{ "母亲", "母親" },
	{ "母亲务工地点", "母親務工地點" },
	{ "母亲务工省份", "母親務工省份" },
	{ "母亲姓名", "母親姓名" },
	{ "母亲电话", "母親電話" },
	{ "毕业", "畢業" },
	{ "汇总", "彙總" },
	{ "爱心志愿者", "愛心志願者" },
	{ "父亲", "父親" },
	{ "父亲务工地点", "父親務工地點" },
	{ "父亲务工省份", "父親務工省份" },
	{ "父亲姓名", "父親姓名" },
	{ "父亲电话", "父親電話" },
	{ "父母在外省务工", "父母在外省務工" },
	{ "父母情况", "父母情況" },
	{ "父母每年回家不超过2次", "父母每年回家不超過2次" },
	{ "父母每年回家次数", "父母每年回家次數" },
	{ "状态", "狀態" },
	{ "班级", "班級" },
	{ "留守儿童人数", "留守兒童人數" },
	{ "留守儿童关爱帮扶工作统计", "留守兒童關愛幫扶工作統計" },
	{ "留守儿童帮扶待办", "留守兒童幫扶待辦" },
	{ "留守儿童联系卡", "留守兒童聯絡卡" },
	{ "留守类型", "留守類型" },
	{ "疫苗接种", "疫苗接種" },
	{ "疫苗接种率", "疫苗接種率" },
	{ "监护人", "監護人" },
	{ "监护人住址", "監護人住址" },
	{ "监护人参加家教培训", "監護人參加家教培訓" },
	{ "监护人姓名", "監護人姓名" },
	{ "监护人家教培训率", "監護人家教培訓率" },
	{ "监护人小学及以下文化", "監護人小學及以下文化" },
	{ "监护人年龄", "監護人年齡" },
	{ "监护人情况", "監護人情況" },
	{ "监护人文化程度", "監護人文化程度" },
	{ "监护人电话", "監護人電話" },
	{ "监护人职业", "監護人職業" },
	{ "监护人身体状况", "監護人身體狀況" },
	{ "监护干预", "監護干預" },
	{ "监护缺失", "監護缺失" },
	{ "目标", "目標" },
	{ "秋季学期", "秋季學期" },
	{ "结对率", "配對率" },
	{ "统计日期", "統計日期" },
	{ "统计时段", "統計時段" },
	{ "联系卡更新", "聯絡卡更新" },
	{ "说明", "說明" },
	{ "谈心", "談心" },
	{ "身份证号", "身份證號" },
	{ "转出", "轉出" },
	{ "较差", "較差" },
	{ "辍学", "輟學" },
	{ "达标", "達標" },
	{ "逾期天数", "逾期天數" },
	{ "逾期未做的帮扶", "逾期未做的幫扶" },
	{ "重点儿童志愿者结对率", "重點兒童志願者配對率" },
	{ "重点关注", "重點關注" },
	{ "隔代抚养", "隔代撫養" },
	{ "集体活动", "集體活動" },
	{ "需跟进名单", "需跟進名單" },
	{ "（无）", "（無）" },
	{ "（未结对帮扶教师）", "（未配對幫扶教師）" },
	{ "，尚无记录", "，尚無記錄" },
};
#define NHANT (sizeof(hant_words) / sizeof(hant_words[0]))

static int
hant_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct hant_word *)elem)->hans);
}

const char *
policy_hant(const char *s)
{
	const struct hant_word *w;

	w = bsearch(s, hant_words, NHANT, sizeof(hant_words[0]), hant_cmp);
	return w != NULL ? w->hant : s;
}

int
policy_hant_sorted(void)
{
	size_t i;

	for (i = 1; i < NHANT; i++)
		if (strcmp(hant_words[i - 1].hans, hant_words[i].hans) >= 0)
			return 0;
	return 1;
}

/* The kind t[0..len) names (trimmed), by its name, label or an alias. */
static int
kind_named(const struct policy *p, const char *t, size_t len)
{
	const struct ploaded *pl = (const struct ploaded *)p;
	const struct centry *e;
	size_t i;

	t = text_trim_n(t, len, &len);
	e = ctab_find(&pl->kinds, t, len, hash_lower(t, len));
	if (e != NULL)
		return e->col;
	/*
	 * A built-in label as a zh_TW table shows it (談心): the word in
	 * Simplified characters.  Only when nothing else matched: rare.
	 */
	for (i = 0; i < NHANT; i++)
		if (strlen(hant_words[i].hant) == len &&
		    memcmp(hant_words[i].hant, t, len) == 0) {
			t = hant_words[i].hans;
			len = strlen(t);
			e = ctab_find(&pl->kinds, t, len, hash_lower(t, len));
			return e != NULL ? e->col : -1;
		}
	return -1;
}

/*
 * The kind of t[0..len) written as lb-due writes a checkpoint's item,
 * the kind's label and the checkpoint's words (家访（期中）, or with
 * ASCII parentheses), as copied back from a reminder; -1 when it is not
 * that.  Labels are Chinese words, which folding leaves alone.
 */
static int
checkpoint_kind(const struct policy *p, const char *t, size_t len)
{
	static const char *const keys[] = { "checkpoint.start",
		"checkpoint.middle", "checkpoint.end" };
	static const int bits[] = { CP_START, CP_MIDDLE, CP_END };
	struct sbuf name = SBUF_INIT, word = SBUF_INIT;
	const char *w;
	int i, k = -1;

	sbuf_init(&name);
	sbuf_init(&word);
	text_fold_fullwidth(&name, t, len);
	for (i = 0; i < 3 && k < 0; i++) {
		w = policy_label(p, keys[i]);
		sbuf_reset(&word);
		text_fold_fullwidth(&word, w, strlen(w));
		if (word.len == 0 || word.len >= name.len ||
		    memcmp(name.buf + name.len - word.len, word.buf,
		    word.len) != 0)
			continue;
		k = kind_named(p, name.buf, name.len - word.len);
		if (k >= 0 && !(p->contacts[k].checkpoints & bits[i]))
			k = -1;
	}
	sbuf_release(&name);
	sbuf_release(&word);
	return k;
}

int
policy_kind(const struct policy *p, const char *s, size_t len)
{
	int k;

	/* The checkpoint's words only when the whole names no kind: rare. */
	if ((k = kind_named(p, s, len)) < 0 && len > 0)
		k = checkpoint_kind(p, s, len);
	return k;
}

const struct contact *
policy_contact(const struct policy *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->ncontacts; i++)
		if (strcmp(p->contacts[i].kind, name) == 0)
			return &p->contacts[i];
	return NULL;
}

const struct term *
policy_term_named(const struct policy *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nterms; i++)
		if (strcmp(p->terms[i].name, name) == 0)
			return &p->terms[i];
	return NULL;
}

const struct term *
policy_term_at(const struct policy *p, date_t day)
{
	size_t lo = 0, hi = p->nterms;

	/* Terms are sorted by start and do not overlap (checked on load);
	 * the cadence engines ask this of many days. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (p->terms[mid].start <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && day <= p->terms[lo - 1].end)
		return &p->terms[lo - 1];
	return NULL;
}

const char *
policy_label(const struct policy *p, const char *key)
{
	const char *l = policy_label_get(p, key);

	return l != NULL ? l : key;
}

const char *
policy_word(const struct policy *p, const char *key, enum i18n_script sc)
{
	const char *l = policy_label_get(p, key);

	return l != NULL && sc == I18N_HANT ? policy_hant(l) : l;
}

const char *
policy_label_get(const struct policy *p, const char *key)
{
	const struct ploaded *pl = (const struct ploaded *)p;
	const struct sx_e *e;
	size_t i, len;

	if (p->nlabels == 0)
		return NULL;
	if (pl->labels->n == 0)
		for (i = 0; i < p->nlabels; i++) {
			const char *k = p->labels[i].key;
			uint64_t h;

			len = strlen(k);
			h = hash_bytes(k, len);
			if (sindex_get(pl->labels, k, len, h) == NULL)
				sindex_put(pl->labels, k, len, h,
				    p->labels[i].text);
		}
	len = strlen(key);
	e = sindex_get(pl->labels, key, len, hash_bytes(key, len));
	return e != NULL ? e->val : NULL;
}

int
policy_target(const struct policy *p, const char *metric)
{
	size_t i;

	for (i = 0; i < p->ntargets; i++)
		if (strcmp(p->targets[i].metric, metric) == 0)
			return p->targets[i].percent;
	return -1;
}
