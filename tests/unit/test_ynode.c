/* test_ynode.c: YAML tree building, marks, limits, merge and the emitter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "sbuf.h"
#include "tap.h"
#include "xmem.h"
#include "ynode.h"

/* Everything diag printed between cap_start() and cap_end() (tap.h). */
#define cap_start tap_capture
#define cap_end tap_captured

static struct ynode *
parse(const char *text)
{
	return ynode_parse(text, strlen(text), "t.yaml");
}

/* Parse text expecting failure; returns the message printed. */
static const char *
parse_err(const char *text, size_t len)
{
	struct ynode *n;
	const char *msg;

	if (len == (size_t)-1)
		len = strlen(text);
	cap_start();
	n = ynode_parse(text, len, "t.yaml");
	msg = cap_end();
	ynode_free(n);
	return n == NULL ? msg : "(parsed)";
}

static char *
emit(const struct ynode *n)
{
	struct sbuf sb;

	sbuf_init(&sb);
	ynode_emit(n, &sb);
	return sbuf_detach(&sb);
}

/* parse(emit(T)) == T and emit(parse(emit(T))) is the same bytes. */
static void
round_trip(const char *text, const char *name)
{
	struct ynode *a = parse(text), *b;
	char *e1, *e2;

	if (!ok(a != NULL, "%s: parses", name))
		return;
	e1 = emit(a);
	b = ynode_parse(e1, strlen(e1), "emitted");
	ok(b != NULL && ynode_equal(a, b), "%s: emitted text reads back equal",
	    name);
	if (b == NULL)
		printf("#   emitted:\n%s", e1);
	if (b != NULL) {
		e2 = emit(b);
		is_str(e2, e1, "%s: second print is byte-identical", name);
		free(e2);
	}
	free(e1);
	ynode_free(a);
	ynode_free(b);
}

static void
test_tree(void)
{
	struct ynode *n, *v;

	n = parse("a: 1\nb:\n  c: x y\n  d: [p, \"q\"]\n");
	ok(n != NULL && n->type == YN_MAP && n->n == 2, "mapping of two keys");
	v = ynode_get(ynode_get(n, "b"), "c");
	ok(v != NULL && v->type == YN_SCALAR, "nested scalar");
	is_str(v ? v->str : NULL, "x y", "scalar text");
	is_int(v ? v->line : 0, 3, "line counts from 1");
	is_int(v ? v->col : 0, 6, "column counts from 1");
	is_str(v ? v->file : NULL, "t.yaml", "mark names the file");
	v = n != NULL ? n->key[1] : NULL;
	is_int(v ? v->line : 0, 2, "key line");
	is_int(v ? v->col : 0, 1, "key column");
	v = ynode_get(ynode_get(n, "b"), "d");
	ok(v != NULL && v->type == YN_SEQ && v->n == 2, "flow list");
	ok(v != NULL && v->item[0]->plain && !v->item[1]->plain,
	    "plain and quoted scalars told apart");
	is_int(v ? v->item[1]->col : 0, 10, "column of an item in a flow list");
	is_int(ynode_find(n, "b"), 1, "ynode_find");
	ok(ynode_get(n, "zz") == NULL, "ynode_get of a missing key");
	ynode_free(n);

	n = parse("");
	ok(n != NULL && n->type == YN_MAP && n->n == 0,
	    "empty text is an empty mapping");
	ynode_free(n);
	n = parse("# only a comment\n");
	ok(n != NULL && n->type == YN_MAP && n->n == 0,
	    "comments only is an empty mapping");
	ynode_free(n);

	n = ynode_parse("\xEF\xBB\xBFk: v\n", 8, "bom.yaml");
	ok(n != NULL && ynode_get(n, "k") != NULL, "a UTF-8 BOM is skipped");
	is_int(n ? n->key[0]->col : 0, 1, "column after a BOM");
	ynode_free(n);

	n = parse("k: 中文值\nw: 名字\n");
	is_str(ynode_get(n, "k") ? ynode_get(n, "k")->str : NULL, "中文值",
	    "Chinese text kept");
	is_int(ynode_get(n, "k") ? ynode_get(n, "k")->col : 0, 4,
	    "columns count characters");
	ynode_free(n);

}

static void
test_errors(void)
{
	char *big;
	size_t i;
	struct sbuf sb;
	const char *m;
	clock_t t0;

	is_str(parse_err("a: 1\nb: 2\na: 3\n", 15),
	    "test: t.yaml:3:1: duplicate key 'a' (first at line 1)\n",
	    "duplicate key");
	is_str(parse_err("x:\n  k: 1\n  k: 2\n", 17),
	    "test: t.yaml:3:3: duplicate key 'k' (first at line 2)\n",
	    "nested duplicate key");
	ok(strcmp(parse_err("a: {k: 1}\nb: {k: 1}\n", 20), "(parsed)") == 0,
	    "the same key in two mappings is fine");
	is_str(parse_err("a: 1\nb: *x\n", 10),
	    "test: t.yaml:2:4: aliases are not allowed in a policy\n",
	    "alias refused");
	is_str(parse_err("a: &a [*a, *a]\n", 15),
	    "test: t.yaml:1:4: anchors are not allowed in a policy\n",
	    "anchor of a self-referring alias refused");
	is_str(parse_err("a:\n  - &s x\n", 12),
	    "test: t.yaml:2:5: anchors are not allowed in a policy\n",
	    "anchor on a scalar refused");
	is_str(parse_err("a: &m {k: v}\n", 13),
	    "test: t.yaml:1:4: anchors are not allowed in a policy\n",
	    "anchor on a mapping refused");
	is_str(parse_err("? [a]\n: b\n", 10),
	    "test: t.yaml:1:3: a mapping key must be plain text, not a list\n",
	    "list as a key refused");
	is_str(parse_err("a: 1\n---\nb: 2\n", 14),
	    "test: t.yaml:2:1: more than one document (a policy is one "
	    "mapping)\n", "second document refused");
	is_str(parse_err("a: \"x\\0y\"\n", 10),
	    "test: t.yaml:1:4: a NUL character is not allowed in a value\n",
	    "NUL refused");
	is_str(parse_err("a: 1\nb: [1, 2\n", 13),
	    "test: t.yaml:3:1: did not find expected ',' or ']' (while "
	    "parsing a flow sequence at line 2)\n", "syntax error located");
	is_str(parse_err("a: 1\n  b: 2\n", 11),
	    "test: t.yaml:2:4: mapping values are not allowed in this "
	    "context\n", "bad indent located");
	is_str(parse_err("a: 1\nb: 中\xff\n", (size_t)-1),
	    "test: t.yaml:2:5: not UTF-8 (invalid leading UTF-8 octet); "
	    "convert the file first, e.g. iconv -f gb18030 -t utf-8\n",
	    "bad UTF-8 reported with a line");
	is_str(parse_err("\xEF\xBB\xBF" "a: 1\n\xc3\n", 10),
	    "test: t.yaml:2:2: not UTF-8 (invalid trailing UTF-8 octet); "
	    "convert the file first, e.g. iconv -f gb18030 -t utf-8\n",
	    "bad UTF-8 after a BOM");

	/* Nesting bomb: 100 open brackets. */
	sbuf_init(&sb);
	for (i = 0; i < 100; i++)
		sbuf_addc(&sb, '[');
	for (i = 0; i < 100; i++)
		sbuf_addc(&sb, ']');
	is_str(parse_err(sb.buf, sb.len),
	    "test: t.yaml:1:65: nested deeper than 64 levels\n", "depth capped");
	sbuf_reset(&sb);
	for (i = 0; i < 63; i++)
		sbuf_addc(&sb, '[');
	for (i = 0; i < 63; i++)
		sbuf_addc(&sb, ']');
	ok(strcmp(parse_err(sb.buf, sb.len), "(parsed)") == 0,
	    "63 levels are fine");

	/* A value over 64 KiB. */
	sbuf_reset(&sb);
	sbuf_adds(&sb, "k: ");
	for (i = 0; i < YNODE_MAX_SCALAR + 1; i++)
		sbuf_addc(&sb, 'x');
	sbuf_addc(&sb, '\n');
	is_str(parse_err(sb.buf, sb.len),
	    "test: t.yaml:1:4: value longer than 65536 bytes\n",
	    "huge scalar refused");

	/* Too many values. */
	sbuf_reset(&sb);
	sbuf_adds(&sb, "[");
	for (i = 0; i < YNODE_MAX_NODES + 5; i++)
		sbuf_adds(&sb, "1,");
	sbuf_adds(&sb, "1]");
	m = parse_err(sb.buf, sb.len);
	ok(strstr(m, "more than 200000 values") != NULL, "node count capped");

	/* Many keys: the duplicate check must not be quadratic. */
	sbuf_reset(&sb);
	for (i = 0; i < 90000; i++)
		sbuf_printf(&sb, "k%zu: v\n", i);
	t0 = clock();
	ok(strcmp(parse_err(sb.buf, sb.len), "(parsed)") == 0,
	    "90000 distinct keys parse");
	ok((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0,
	    "90000 keys parse quickly");
	sbuf_adds(&sb, "k5: again\n");
	ok(strstr(parse_err(sb.buf, sb.len), "duplicate key 'k5' (first at "
	    "line 6)") != NULL, "duplicate found among 90000 keys");
	sbuf_release(&sb);

	big = xmalloc(YNODE_MAX_DOC + 2);
	memset(big, ' ', YNODE_MAX_DOC + 1);
	is_str(parse_err(big, YNODE_MAX_DOC + 1),
	    "test: t.yaml: larger than 16 MiB\n", "document size capped");
	free(big);
}

static void
test_merge(void)
{
	struct ynode *a, *b, *m, *v;
	char *s;

	a = parse("x:\n  p: 1\n  q: 2\nl: [1, 2]\ns: old\n");
	b = ynode_parse("x:\n  q: 3\n  r: 4\nl: [9]\nt: new\n", 31, "u.yaml");
	m = ynode_merge(a, b);
	s = emit(m);
	is_str(s, "x:\n  p: 1\n  q: 3\n  r: 4\nl: [9]\ns: old\nt: new\n",
	    "mappings merge, lists and scalars replace, new keys last");
	free(s);
	v = ynode_get(ynode_get(m, "x"), "q");
	is_str(v ? v->file : NULL, "u.yaml", "merged value keeps its file");
	is_int(v ? v->line : 0, 2, "merged value keeps its line");
	v = ynode_get(ynode_get(m, "x"), "p");
	is_str(v ? v->file : NULL, "t.yaml", "untouched value keeps its file");
	ynode_free(m);

	a = parse("x:\n  p: 1\n");
	b = parse("x: [1]\n");
	m = ynode_merge(a, b);
	v = ynode_get(m, "x");
	ok(v != NULL && v->type == YN_SEQ, "a list replaces a mapping");
	ynode_free(m);
	m = ynode_merge(parse("a: 1\n"), NULL);
	ok(m != NULL && ynode_get(m, "a") != NULL, "merge with nothing");
	ynode_free(m);
}

static void
test_emit(void)
{
	struct ynode *n;
	char *s;
	struct sbuf sb;
	size_t i;

	n = parse("a: 1\nb: {c: [x, z], d: {}}\ne: []\nf:\n  - g: 1\n    h: 2\n"
	    "  - [p, q]\n  - - {z: 1}\n");
	s = emit(n);
	is_str(s, "a: 1\nb:\n  c: [x, z]\n  d: {}\ne: []\nf:\n  - g: 1\n"
	    "    h: 2\n  - [p, q]\n  - - z: 1\n", "block layout");
	free(s);
	ynode_free(n);

	n = parse("\"yes\": \"no\"\n\"3\": \"3\"\nk: \"\"\nnull: \"~\"\n"
	    "y: \" lead\"\nz: \"trail \"\nc: \"a: b\"\nd: \"a #b\"\n"
	    "e: \"#x\"\nf: \"- x\"\ng: \"[x]\"\nh: \"t\\tx\"\ni: \"n\\nx\"\n"
	    "j: \"q\\\"x\"\nl: \"b\\\\s\"\nm: \"\\u2028\"\nn: 中 文\n"
	    "o: \"-5\"\np: \"a:\"\nq: \"\\e\\x01\\x7f\"\nr: 1[3-9][0-9]{9}\n"
	    "s: \"{x}\"\nt: \"...\"\nu: \"\\uFEFF\"\nv: \"%x\"\nw: \"@x\"\n");
	s = emit(n);
	is_str(s, "\"yes\": \"no\"\n\"3\": 3\nk: \"\"\n\"null\": \"~\"\n"
	    "\"y\": \" lead\"\nz: \"trail \"\nc: \"a: b\"\nd: \"a #b\"\n"
	    "e: \"#x\"\nf: \"- x\"\ng: \"[x]\"\nh: \"t\\tx\"\ni: \"n\\nx\"\n"
	    "j: q\"x\nl: b\\s\nm: \"\\u2028\"\n\"n\": 中 文\n"
	    "o: \"-5\"\np: \"a:\"\nq: \"\\e\\x01\\x7F\"\nr: 1[3-9][0-9]{9}\n"
	    "s: \"{x}\"\nt: \"...\"\nu: \"\\uFEFF\"\nv: \"%x\"\nw: \"@x\"\n",
	    "scalars quoted only where needed");
	free(s);
	ynode_free(n);

	round_trip("a: 1\nb: {c: [x, y], d: {}}\ne: []\nf:\n  - g: 1\n"
	    "    h: [\"a,b\", \"c:d\", \"#\", \"\", \" \"]\n  - [p, q]\n"
	    "  - - {z: 1}\n  - []\n  - {}\n", "nested structure");
	round_trip("\"yes\": \"no\"\n\"3\": \"3\"\nk: \"\"\nnull: \"~\"\n"
	    "y: \" lead\"\nz: \"trail \"\nc: \"a: b\"\nd: \"a #b\"\n"
	    "e: \"#x\"\nf: \"- x\"\ng: \"[x]\"\nh: \"t\\tx\"\ni: \"n\\nx\"\n"
	    "j: \"q\\\"x\"\nl: \"b\\\\s\"\nm: \"\\u2028\\u2029\\x85\"\n"
	    "n: 中 文\no: \"-5\"\np: \"a:\"\nq: \"\\e\\x01\\x7f\\r\"\n"
	    "\"\": empty key\n\"a b\": 1\n\"- k\": 2\n", "awkward scalars");
	round_trip("- a\n- - b\n  - c\n- k: v\n", "a list at the root");
	round_trip("just text\n", "a scalar at the root");
	round_trip("{}\n", "an empty mapping");
	round_trip("key: |\n  two\n  lines\n", "a literal block");
	round_trip("key: >\n  folded\n  text\n", "a folded block");
	round_trip("k: 'single ''quoted'''\n", "single quotes");
	round_trip("k: [学籍号, 學籍號, 全国学籍号, 全國學籍號, 学籍编号, 學籍編號, "
	    "学生学籍号, 學生學籍號, 学号]\n", "a long list of Chinese words");

	/* A key longer than libyaml's implicit-key limit. */
	sbuf_init(&sb);
	sbuf_adds(&sb, "? \"");
	for (i = 0; i < 1500; i++)
		sbuf_addc(&sb, 'k');
	sbuf_adds(&sb, "\"\n: v\nshort: [a]\n");
	round_trip(sb.buf, "a 1500-character key");
	sbuf_release(&sb);
}


/* Random trees of awkward text: the emitter must round-trip them all. */
static unsigned long rnd_state = 12345;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rnd_state >> 33) % n);
}

static char *
rnd_text(void)
{
	static const char *const bits[] = {
		"a", "b", " ", ":", "#", "-", "\"", "\\", "\n", "\t", "中",
		"[", "]", ",", "{", "}", "y", "0", "1", ".", "'", "&", "*", "!",
		"|", ">", "%", "@", "`", "?", "\xe2\x80\xa8", "\x01", "\r",
		"e", "~", "null", "yes", "\xef\xbb\xbf", "\xc2\x85", "---",
		"\xe3\x80\x80", "x"
	};
	struct sbuf sb;
	unsigned i, n = rnd(6);

	sbuf_init(&sb);
	for (i = 0; i < n; i++)
		sbuf_adds(&sb, bits[rnd(sizeof(bits) / sizeof(bits[0]))]);
	return sbuf_detach(&sb);
}

static struct ynode *
rnd_tree(int depth)
{
	struct ynode *n = xcalloc(1, sizeof(*n));
	unsigned i, k = rnd(depth > 3 ? 1 : 3);

	n->file = "rnd";
	n->type = k == 0 ? YN_SCALAR : k == 1 ? YN_SEQ : YN_MAP;
	if (n->type == YN_SCALAR) {
		n->str = rnd_text();
		return n;
	}
	n->n = n->cap = rnd(4);
	n->item = xcalloc(n->n + 1, sizeof(*n->item));
	if (n->type == YN_MAP)
		n->key = xcalloc(n->n + 1, sizeof(*n->key));
	for (i = 0; i < n->n; i++) {
		n->item[i] = rnd_tree(depth + 1);
		if (n->type == YN_MAP) {
			struct sbuf sb;
			char *t = rnd_text();

			/* Keys of one mapping must differ: end each with its index. */
			sbuf_init(&sb);
			sbuf_printf(&sb, "%s%u", t, i);
			free(t);
			n->key[i] = xcalloc(1, sizeof(*n->key[i]));
			n->key[i]->type = YN_SCALAR;
			n->key[i]->file = "rnd";
			n->key[i]->str = sbuf_detach(&sb);
		}
	}
	return n;
}

static void
test_random(void)
{
	int i, bad = 0;
	struct ynode *t, *b;
	char *e1, *e2;
	const char *msg;

	for (i = 0; i < 2000 && bad < 3; i++) {
		t = rnd_tree(0);
		e1 = emit(t);
		cap_start();
		b = ynode_parse(e1, strlen(e1), "emitted");
		msg = cap_end();
		e2 = b != NULL ? emit(b) : NULL;
		if (b == NULL || !ynode_equal(t, b) || strcmp(e1, e2) != 0) {
			bad++;
			printf("# tree %d does not round-trip:\n%s# %s", i, e1,
			    msg);
		}
		free(e1);
		free(e2);
		ynode_free(t);
		ynode_free(b);
	}
	ok(bad == 0, "2000 random trees of awkward text round-trip");
}

int
main(void)
{
	diag_init("test");
	test_tree();
	test_errors();
	test_merge();
	test_emit();
	test_random();
	return done_testing();
}
