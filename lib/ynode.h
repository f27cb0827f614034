/* ynode.h: a YAML document as a small tree of strings, with source marks. */
#ifndef LB_YNODE_H
#define LB_YNODE_H

#include <stddef.h>

struct sbuf;

/*
 * Limits that keep a hostile document cheap to refuse.  Anchors and
 * aliases are refused outright (no "billion laughs"), so the tree is never
 * bigger than the text.
 */
#define YNODE_MAX_DEPTH 64
#define YNODE_MAX_SCALAR (64 * 1024)
#define YNODE_MAX_DOC (16 * 1024 * 1024)
#define YNODE_MAX_NODES 200000

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };

/*
 * Every value is a string to lb: a scalar keeps its text, whatever YAML
 * would resolve it to.  A mapping's keys are scalars, unique, in document
 * order: key[i] maps to item[i].  A sequence uses item[] only.
 */
struct ynode {
	enum ynode_type type;
	const char *file;	/* not owned: must outlive the tree */
	long line, col;		/* from 1 */
	char *str;		/* YN_SCALAR: NUL-terminated text */
	int plain;		/* YN_SCALAR: written unquoted */
	size_t n;		/* items, or key/value pairs */
	size_t cap;		/* room in item[] (and key[]) */
	struct ynode **item;	/* sequence items, or mapping values */
	struct ynode **key;	/* YN_MAP: the keys (scalars) */
	int own;		/* YOWN_*: what ynode_free() must not free */
};

/*
 * ynode_unpack() puts a whole tree in one block: its nodes, arrays and
 * texts are not freed one by one (the block goes with the root), and an
 * array is copied out of it before it grows.
 */
enum {
	YOWN_NODE = 1,		/* in a block, not at its start */
	YOWN_ARRAYS = 2,	/* item[] and key[] are in a block */
	YOWN_STR = 4		/* str is in a block, or static */
};

/*
 * Parse one YAML document of len bytes (an optional UTF-8 BOM is skipped)
 * named file in messages.  An empty stream gives an empty mapping.  Refused
 * with a "file:line:col: message" through diag_error(): YAML syntax errors,
 * text that is not UTF-8, anchors and aliases, more than one document,
 * duplicate keys,
 * keys that are not scalars, NUL characters, and anything past the
 * YNODE_MAX_* limits.  Returns NULL after such a message; the caller frees
 * the result with ynode_free().
 */
struct ynode *ynode_parse(const char *text, size_t len, const char *file);
void ynode_free(struct ynode *n);

/*
 * A tree packed at build time, so that a fixed document (the built-in
 * policy) costs no YAML parsing in every run: tools/ypack.c parses it with
 * ynode_parse() and writes the nodes in preorder (a mapping's pairs as key
 * then value), each scalar's text at str in a pool of NUL-terminated
 * strings.
 */
struct ynode_packed {
	unsigned char type;	/* enum ynode_type */
	unsigned char plain;
	unsigned line, col;
	unsigned n;		/* items, or key/value pairs */
	unsigned str;		/* YN_SCALAR: offset of its text in pool */
};

/*
 * The tree packed in p[0..np) with texts in pool, named file in its marks:
 * the same tree ynode_parse() gave tools/ypack.c, in one allocation (its
 * texts stay in pool, which must outlive it).  ynode_free() its root only
 * when none of its nodes is in use any more, in another tree either.
 */
struct ynode *ynode_unpack(const struct ynode_packed *p, size_t np,
    const char *pool, const char *file);

/*
 * Merge over into base and return the result; both are consumed.  Two
 * mappings merge key by key (recursively; keys new in over are appended
 * in over's order); otherwise over replaces base.  Nodes keep their own
 * marks, so a value that came from over still names over's file.
 */
struct ynode *ynode_merge(struct ynode *base, struct ynode *over);

/* 1 when n is YAML's null: a plain ~, null or nothing. */
int ynode_is_null(const struct ynode *n);

/* The value of key in mapping map, or NULL (also when map is no mapping). */
struct ynode *ynode_get(const struct ynode *map, const char *key);
/* Index of key in mapping map, or -1. */
long ynode_find(const struct ynode *map, const char *key);

/* 1 when a and b hold the same structure and text (marks are ignored). */
int ynode_equal(const struct ynode *a, const struct ynode *b);

/*
 * Append n as YAML to out: block style, two-space indents, a scalar
 * quoted (double quotes, escapes) only where plain text would not read
 * back as the same string, or would read as a boolean, null or (for a
 * key) a number in YAML 1.1.  Deterministic: parsing the output gives a
 * tree equal to n, and printing that again gives the same bytes.
 */
void ynode_emit(const struct ynode *n, struct sbuf *out);

/* "a mapping", "a list" or "a value", for messages. */
const char *ynode_type_name(enum ynode_type t);

#endif
