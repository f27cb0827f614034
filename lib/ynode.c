/* ynode.c: libyaml's event parser into a tree of strings; merge; emitter. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "diag.h"
#include "i18n.h"
#include "sbuf.h"
#include "xmem.h"
#include "ynode.h"

/*
 * Keys already seen, per mapping, for the duplicate check: one open
 * addressing table for the whole parse, so a mapping with 100k keys costs
 * no more than 100k lookups.
 */
struct keyslot {
	const struct ynode *map;	/* NULL = free slot */
	size_t idx;			/* index of the key in map */
	uint64_t hash;
};

struct pctx {
	const char *file;
	const char *text;	/* for turning byte offsets into lines */
	size_t len, skipped;	/* skipped: bytes of a BOM cut before parsing */
	size_t nnodes;
	struct keyslot *slot;
	size_t nslot, used;
};

/* A container being filled, and for a mapping whether a key awaits its value. */
struct frame {
	struct ynode *node;
	int want_value;
};

static uint64_t
hash_key(const struct ynode *map, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)map;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static void
slots_grow(struct pctx *c)
{
	struct keyslot *old = c->slot;
	size_t oldn = c->nslot, i, j;

	c->nslot = oldn ? oldn * 2 : 256;
	c->slot = xcalloc(c->nslot, sizeof(*c->slot));
	for (i = 0; i < oldn; i++) {
		if (old[i].map == NULL)
			continue;
		for (j = old[i].hash & (c->nslot - 1); c->slot[j].map != NULL;
		    j = (j + 1) & (c->nslot - 1))
			;
		c->slot[j] = old[i];
	}
	free(old);
}

/*
 * Record key number idx of map; returns the earlier key with the same
 * text, or NULL when it is new.
 */
static const struct ynode *
slots_add(struct pctx *c, const struct ynode *map, size_t idx)
{
	const char *s = map->key[idx]->str;
	uint64_t h = hash_key(map, s);
	size_t j;

	if ((c->used + 1) * 2 > c->nslot)
		slots_grow(c);
	for (j = h & (c->nslot - 1); c->slot[j].map != NULL;
	    j = (j + 1) & (c->nslot - 1)) {
		if (c->slot[j].map == map && c->slot[j].hash == h &&
		    strcmp(map->key[c->slot[j].idx]->str, s) == 0)
			return map->key[c->slot[j].idx];
	}
	c->slot[j].map = map;
	c->slot[j].idx = idx;
	c->slot[j].hash = h;
	c->used++;
	return NULL;
}

static struct ynode *
node_new(struct pctx *c, enum ynode_type type, yaml_mark_t m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->type = type;
	n->file = c->file;
	n->line = (long)m.line + 1;
	n->col = (long)m.column + 1;
	c->nnodes++;
	return n;
}

void
ynode_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++) {
		ynode_free(n->item[i]);
		if (n->key != NULL)
			ynode_free(n->key[i]);
	}
	if (!(n->own & YOWN_ARRAYS)) {
		free(n->item);
		free(n->key);
	}
	if (!(n->own & YOWN_STR))
		free(n->str);
	/* The root of an unpacked tree is the start of its block. */
	if (!(n->own & YOWN_NODE))
		free(n);
}

/* Line and column (from 1, in characters) of byte offset off of the text. */
static void
offset_mark(const struct pctx *c, size_t off, long *line, long *col)
{
	size_t i;

	off += c->skipped;
	if (off > c->len)
		off = c->len;
	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)c->text[i];

		if (ch == '\n') {
			++*line;
			*col = 1;
		} else if ((ch & 0xC0) != 0x80)
			++*col;
	}
}

static void
report_yaml_error(struct pctx *c, const yaml_parser_t *p)
{
	long line, col;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		diag_error(c->file, 0, 0, _("out of memory while reading "
		    "YAML"));
		break;
	case YAML_READER_ERROR:
		offset_mark(c, p->problem_offset, &line, &col);
		if (p->problem != NULL && strstr(p->problem, "UTF-8") != NULL)
			diag_error(c->file, line, col, _("not UTF-8 (%s); "
			    "convert the file first, e.g. iconv -f gb18030 -t "
			    "utf-8"), p->problem);
		else
			diag_error(c->file, line, col, "%s", p->problem != NULL ?
			    p->problem : _("cannot read the text"));
		break;
	default:
		line = (long)p->problem_mark.line + 1;
		col = (long)p->problem_mark.column + 1;
		if (p->context != NULL &&
		    p->context_mark.line != p->problem_mark.line)
			diag_error(c->file, line, col, _("%s (%s at line %ld)"),
			    p->problem ? p->problem : _("syntax error"),
			    p->context, (long)p->context_mark.line + 1);
		else if (p->context != NULL)
			diag_error(c->file, line, col, "%s (%s)",
			    p->problem ? p->problem : _("syntax error"),
			    p->context);
		else
			diag_error(c->file, line, col, "%s",
			    p->problem ? p->problem : _("syntax error"));
		break;
	}
}

/* Make room for one more item (and key, in a mapping) in m. */
static void
grow(struct ynode *m)
{
	struct ynode **item, **key = NULL;

	if (m->n < m->cap)
		return;
	if (m->own & YOWN_ARRAYS) {
		/* Out of the block into arrays of their own. */
		item = xreallocarray(NULL, m->cap, sizeof(*item));
		memcpy(item, m->item, m->n * sizeof(*item));
		if (m->type == YN_MAP) {
			key = xreallocarray(NULL, m->cap, sizeof(*key));
			memcpy(key, m->key, m->n * sizeof(*key));
		}
		m->item = item;
		m->key = key;
		m->own &= ~YOWN_ARRAYS;
	}
	m->cap = m->cap ? m->cap * 2 : 4;
	m->item = xreallocarray(m->item, m->cap, sizeof(*m->item));
	if (m->type == YN_MAP)
		m->key = xreallocarray(m->key, m->cap, sizeof(*m->key));
}

/*
 * Hang node n under the innermost open container (or make it the root).
 * Returns 0, or -1 after a message (n is then freed).
 */
static int
attach(struct pctx *c, struct frame *top, struct ynode **root,
    struct ynode *n)
{
	struct ynode *m;
	const struct ynode *first;

	if (top == NULL) {
		*root = n;
		return 0;
	}
	m = top->node;
	if (m->type == YN_SEQ) {
		grow(m);
		m->item[m->n++] = n;
		return 0;
	}
	if (top->want_value) {
		m->item[m->n - 1] = n;
		top->want_value = 0;
		return 0;
	}
	if (n->type != YN_SCALAR) {
		diag_error(n->file, n->line, n->col,
		    _("a mapping key must be plain text, not %s"),
		    ynode_type_name(n->type));
		ynode_free(n);
		return -1;
	}
	grow(m);
	m->key[m->n] = n;
	m->item[m->n] = NULL;
	m->n++;
	if ((first = slots_add(c, m, m->n - 1)) != NULL) {
		diag_error(n->file, n->line, n->col,
		    _("duplicate key '%s' (first at line %ld)"), n->str,
		    first->line);
		return -1;
	}
	top->want_value = 1;
	return 0;
}

struct ynode *
ynode_parse(const char *text, size_t len, const char *file)
{
	struct pctx c;
	struct frame stack[YNODE_MAX_DEPTH];
	size_t depth = 0;
	struct ynode *root = NULL, *n;
	yaml_parser_t parser;
	yaml_event_t ev;
	int done = 0, ok = 0, ndocs = 0;

	memset(&c, 0, sizeof(c));
	c.file = file;
	c.text = text;
	c.len = len;
	if (len > YNODE_MAX_DOC) {
		diag_error(file, 0, 0, _("larger than %d MiB"),
		    YNODE_MAX_DOC / (1024 * 1024));
		return NULL;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		c.skipped = 3;
	if (!yaml_parser_initialize(&parser)) {
		diag_error(file, 0, 0, _("out of memory while reading YAML"));
		return NULL;
	}
	yaml_parser_set_input_string(&parser,
	    (const unsigned char *)text + c.skipped, len - c.skipped);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			report_yaml_error(&c, &parser);
			goto out;
		}
		n = NULL;
		switch (ev.type) {
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				diag_error(file, (long)ev.start_mark.line + 1,
				    (long)ev.start_mark.column + 1,
				    _("more than one document (a policy is one "
				    "mapping)"));
				goto out_event;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_error(file, (long)ev.start_mark.line + 1,
			    (long)ev.start_mark.column + 1,
			    _("aliases are not allowed in a policy"));
			goto out_event;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.anchor != NULL)
				goto anchor;
			if (ev.data.scalar.length > YNODE_MAX_SCALAR) {
				diag_error(file, (long)ev.start_mark.line + 1,
				    (long)ev.start_mark.column + 1,
				    _("value longer than %d bytes"),
				    YNODE_MAX_SCALAR);
				goto out_event;
			}
			if (memchr(ev.data.scalar.value, '\0',
			    ev.data.scalar.length) != NULL) {
				diag_error(file, (long)ev.start_mark.line + 1,
				    (long)ev.start_mark.column + 1,
				    _("a NUL character is not allowed in a "
				    "value"));
				goto out_event;
			}
			n = node_new(&c, YN_SCALAR, ev.start_mark);
			n->str = xstrndup((const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if ((ev.type == YAML_SEQUENCE_START_EVENT ?
			    ev.data.sequence_start.anchor :
			    ev.data.mapping_start.anchor) != NULL)
				goto anchor;
			if (depth == YNODE_MAX_DEPTH) {
				diag_error(file, (long)ev.start_mark.line + 1,
				    (long)ev.start_mark.column + 1,
				    _("nested deeper than %d levels"),
				    YNODE_MAX_DEPTH);
				goto out_event;
			}
			n = node_new(&c, ev.type == YAML_SEQUENCE_START_EVENT ?
			    YN_SEQ : YN_MAP, ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		}
		if (n != NULL) {
			if (c.nnodes > YNODE_MAX_NODES) {
				diag_error(file, n->line, n->col,
				    _("more than %d values"), YNODE_MAX_NODES);
				ynode_free(n);
				goto out_event;
			}
			if (attach(&c, depth ? &stack[depth - 1] : NULL, &root,
			    n) == -1)
				goto out_event;
			if (n->type != YN_SCALAR) {
				stack[depth].node = n;
				stack[depth].want_value = 0;
				depth++;
			}
		}
		yaml_event_delete(&ev);
	}
	if (root == NULL) {
		yaml_mark_t m = { 0, 0, 0 };

		root = node_new(&c, YN_MAP, m);
	}
	ok = 1;
	goto out;
anchor:
	/* Useless without aliases, and refused so nobody expects them. */
	diag_error(file, (long)ev.start_mark.line + 1,
	    (long)ev.start_mark.column + 1,
	    _("anchors are not allowed in a policy"));
out_event:
	yaml_event_delete(&ev);
out:
	yaml_parser_delete(&parser);
	free(c.slot);
	if (!ok) {
		ynode_free(root);
		return NULL;
	}
	return root;
}

/* Node *i of p (and its subtree) at *at in the block, advancing both. */
static struct ynode *
unpack(const struct ynode_packed *p, size_t np, size_t *i, const char *pool,
    const char *file, char **at)
{
	const struct ynode_packed *r = &p[(*i)++];
	struct ynode *n = (struct ynode *)*at;
	size_t k;

	*at += sizeof(*n);
	memset(n, 0, sizeof(*n));
	n->type = (enum ynode_type)r->type;
	n->file = file;
	n->line = (long)r->line;
	n->col = (long)r->col;
	n->own = YOWN_NODE | YOWN_ARRAYS | YOWN_STR;
	if (n->type == YN_SCALAR) {
		n->str = (char *)(pool + r->str);
		n->plain = r->plain;
		return n;
	}
	if (r->n == 0)
		return n;
	n->item = (struct ynode **)*at;
	*at += r->n * sizeof(*n->item);
	if (n->type == YN_MAP) {
		n->key = (struct ynode **)*at;
		*at += r->n * sizeof(*n->key);
	}
	n->cap = r->n;
	for (k = 0; k < r->n && *i < np; k++) {
		if (n->type == YN_MAP)
			n->key[k] = unpack(p, np, i, pool, file, at);
		n->item[k] = *i < np ? unpack(p, np, i, pool, file, at) : NULL;
		n->n++;
	}
	return n;
}

struct ynode *
ynode_unpack(const struct ynode_packed *p, size_t np, const char *pool,
    const char *file)
{
	struct ynode *root;
	size_t i, size = 0;
	char *at;

	if (np == 0)
		return NULL;
	/* Nodes and arrays of pointers: every alignment they need. */
	for (i = 0; i < np; i++) {
		size += sizeof(struct ynode);
		if (p[i].type != YN_SCALAR)
			size += p[i].n * sizeof(struct ynode *) *
			    (p[i].type == YN_MAP ? 2 : 1);
	}
	at = xmalloc(size);
	i = 0;
	root = unpack(p, np, &i, pool, file, &at);
	root->own &= ~YOWN_NODE;
	return root;
}

long
ynode_find(const struct ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != YN_MAP)
		return -1;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->key[i]->str, key) == 0)
			return (long)i;
	return -1;
}

struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	long i = ynode_find(map, key);

	return i < 0 ? NULL : map->item[i];
}

int
ynode_is_null(const struct ynode *n)
{
	return n != NULL && n->type == YN_SCALAR && n->plain &&
	    (*n->str == '\0' || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0);
}

struct ynode *
ynode_merge(struct ynode *base, struct ynode *over)
{
	size_t i;
	long j;

	if (base == NULL)
		return over;
	if (over == NULL)
		return base;
	if (base->type != YN_MAP || over->type != YN_MAP) {
		ynode_free(base);
		return over;
	}
	for (i = 0; i < over->n; i++) {
		j = ynode_find(base, over->key[i]->str);
		if (j >= 0) {
			base->item[j] = ynode_merge(base->item[j], over->item[i]);
			/* The key now names the file that set the value. */
			ynode_free(base->key[j]);
			base->key[j] = over->key[i];
		} else {
			grow(base);
			base->key[base->n] = over->key[i];
			base->item[base->n] = over->item[i];
			base->n++;
		}
	}
	/* The children now belong to base; free only over's shell. */
	over->n = 0;
	ynode_free(over);
	return base;
}

int
ynode_equal(const struct ynode *a, const struct ynode *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->type != b->type || a->n != b->n)
		return 0;
	if (a->type == YN_SCALAR)
		return strcmp(a->str, b->str) == 0;
	for (i = 0; i < a->n; i++) {
		if (a->type == YN_MAP && !ynode_equal(a->key[i], b->key[i]))
			return 0;
		if (!ynode_equal(a->item[i], b->item[i]))
			return 0;
	}
	return 1;
}

const char *
ynode_type_name(enum ynode_type t)
{
	switch (t) {
	case YN_MAP:
		return _("a mapping");
	case YN_SEQ:
		return _("a list");
	default:
		return _("a value");
	}
}

/* Decode one UTF-8 character at s (valid UTF-8 assumed); returns its length. */
static size_t
utf8_get(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && s[1] != 0) {
		*cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && s[1] != 0 && s[2] != 0) {
		*cp = ((uint32_t)(s[0] & 0x0F) << 12) |
		    ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && s[1] != 0 && s[2] != 0 && s[3] != 0) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) |
		    ((uint32_t)(s[1] & 0x3F) << 12) |
		    ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;	/* stray byte: escape it below */
	return 1;
}

/* Characters YAML cannot hold raw in a scalar, or would read as line breaks. */
static int
needs_escape(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFD || cp == 0xFFFE ||
	    cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF);
}

/* Words YAML 1.1 reads as booleans or null. */
static int
is_special_word(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "true", "false", "on", "off", "null",
		"~", NULL
	};
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/* Text a YAML 1.1 reader would take for a number (digits, sign, point, e). */
static int
looks_numeric(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	if (*p == '.' && p[1] == '\0')
		return 0;
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (strchr("._:eExXoObB+-abcdefABCDEF", *p) == NULL)
			return 0;
	}
	return digits > 0 && (s[0] == '+' || s[0] == '-' || s[0] == '.' ||
	    (s[0] >= '0' && s[0] <= '9'));
}

/*
 * 1 when s reads back as the same string when written plain (unquoted)
 * in block context.
 */
static int
plain_ok(const char *s, int is_key)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	uint32_t cp;

	if (len == 0 || is_special_word(s) || (is_key && looks_numeric(s)))
		return 0;
	if (strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) != NULL ||
	    strncmp(s, "...", 3) == 0)
		return 0;
	if (s[len - 1] == ' ' || s[len - 1] == ':')
		return 0;
	if (strstr(s, ": ") != NULL || strstr(s, " #") != NULL)
		return 0;
	while (*p != '\0') {
		p += utf8_get(p, &cp);
		if (needs_escape(cp) || cp == '\t')
			return 0;
	}
	return 1;
}

static void
emit_scalar(const char *s, int is_key, struct sbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k;
	uint32_t cp;

	/* is_key 2: inside [a, b], where the flow indicators end a word. */
	if (plain_ok(s, is_key == 1) &&
	    (is_key != 2 || strpbrk(s, ",[]{}:#") == NULL)) {
		sbuf_adds(out, s);
		return;
	}
	sbuf_addc(out, '"');
	while (*p != '\0') {
		k = utf8_get(p, &cp);
		if (cp == 0xFFFD && k == 1 && *p >= 0x80) {
			/* Not UTF-8 (trees from parse never hold it). */
			sbuf_printf(out, "\\x%02X", *p);
		} else if (cp == '"' || cp == '\\') {
			sbuf_addc(out, '\\');
			sbuf_addc(out, (int)cp);
		} else if (needs_escape(cp) && !(cp == 0xFFFD && k == 3)) {
			switch (cp) {
			case '\t': sbuf_adds(out, "\\t"); break;
			case '\n': sbuf_adds(out, "\\n"); break;
			case '\r': sbuf_adds(out, "\\r"); break;
			case 0x1B: sbuf_adds(out, "\\e"); break;
			default:
				if (cp < 0x100)
					sbuf_printf(out, "\\x%02X", (unsigned)cp);
				else
					sbuf_printf(out, "\\u%04X", (unsigned)cp);
				break;
			}
		} else
			sbuf_add(out, p, k);
		p += k;
	}
	sbuf_addc(out, '"');
}

static void
indent(struct sbuf *out, int n)
{
	while (n-- > 0)
		sbuf_addc(out, ' ');
}

static void emit_map(const struct ynode *, int, int, struct sbuf *);
static void emit_seq(const struct ynode *, int, int, struct sbuf *);

/*
 * A list of short scalars reads best on one line, "[a, b]"; whether it is
 * written so depends on its text alone, so printing stays stable.
 */
#define FLOW_WIDTH 72

/* Terminal columns of s, taking characters of 3 or 4 bytes (CJK) as 2. */
static size_t
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	for (; *p != '\0'; p++) {
		if (*p < 0x80 || (*p & 0xE0) == 0xC0)
			w++;
		else if ((*p & 0xC0) == 0xC0)
			w += 2;
	}
	return w;
}

static int
emit_flow(const struct ynode *v, struct sbuf *out)
{
	struct sbuf sb;
	size_t i;
	int ok = 1;

	for (i = 0; i < v->n; i++)
		if (v->item[i]->type != YN_SCALAR)
			return 0;
	sbuf_init(&sb);
	sbuf_addc(&sb, '[');
	for (i = 0; i < v->n && ok; i++) {
		if (i > 0)
			sbuf_adds(&sb, ", ");
		emit_scalar(v->item[i]->str, 2, &sb);
		ok = text_width(sb.buf) < FLOW_WIDTH;
	}
	sbuf_adds(&sb, "]\n");
	if (ok)
		sbuf_add(out, sb.buf, sb.len);
	sbuf_release(&sb);
	return ok;
}

/* The rest of a line after "key" or "- ": the node's value or its block. */
static void
emit_after(const struct ynode *v, int ind, const char *lead,
    struct sbuf *out)
{
	size_t mark = out->len;

	if (v->type == YN_SEQ && v->n > 0) {
		sbuf_adds(out, lead);
		if (emit_flow(v, out))
			return;
		out->len = mark;
		out->buf[mark] = '\0';
	}
	if (v->type == YN_SCALAR) {
		sbuf_adds(out, lead);
		/* A null (written plain ~, null or nothing) stays one. */
		if (ynode_is_null(v))
			sbuf_addc(out, '~');
		else
			emit_scalar(v->str, 0, out);
		sbuf_addc(out, '\n');
	} else if (v->n == 0) {
		sbuf_adds(out, lead);
		sbuf_adds(out, v->type == YN_MAP ? "{}\n" : "[]\n");
	} else if (lead[0] == ':') {
		sbuf_adds(out, ":\n");
		if (v->type == YN_MAP)
			emit_map(v, ind + 2, 0, out);
		else
			emit_seq(v, ind + 2, 0, out);
	} else {
		/* After "- ": the block starts on the same line. */
		if (v->type == YN_MAP)
			emit_map(v, ind + 2, 1, out);
		else
			emit_seq(v, ind + 2, 1, out);
	}
}

/*
 * libyaml takes a key written plain or quoted as an implicit key only up
 * to 1024 characters; longer ones are written as explicit "? key" pairs.
 */
#define LONG_KEY 500

static void
emit_map(const struct ynode *m, int ind, int started, struct sbuf *out)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (i > 0 || !started)
			indent(out, ind);
		if (strlen(m->key[i]->str) > LONG_KEY) {
			sbuf_adds(out, "? ");
			emit_scalar(m->key[i]->str, 1, out);
			sbuf_addc(out, '\n');
			indent(out, ind);
		} else
			emit_scalar(m->key[i]->str, 1, out);
		emit_after(m->item[i], ind, ": ", out);
	}
}

static void
emit_seq(const struct ynode *s, int ind, int started, struct sbuf *out)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (i > 0 || !started)
			indent(out, ind);
		sbuf_adds(out, "- ");
		emit_after(s->item[i], ind, "", out);
	}
}

void
ynode_emit(const struct ynode *n, struct sbuf *out)
{
	if (n->type == YN_SCALAR) {
		emit_scalar(n->str, 0, out);
		sbuf_addc(out, '\n');
	} else if (n->n == 0)
		sbuf_adds(out, n->type == YN_MAP ? "{}\n" : "[]\n");
	else if (n->type == YN_MAP)
		emit_map(n, 0, 0, out);
	else
		emit_seq(n, 0, 0, out);
}
