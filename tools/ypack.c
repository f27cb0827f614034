/*
 * ypack.c: pack a YAML document into C (struct ynode_packed, lib/ynode.h),
 * so that lb reads the built-in policy without parsing YAML in every run.
 * Usage: ypack SYMBOL FILE > OUT.c   (built and run by the Makefile)
 * Writes SYMBOL (the nodes), SYMBOL_n (their count) and SYMBOL_pool (the
 * texts); ynode_unpack() makes them the tree ynode_parse() makes here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sbuf.h"
#include "ynode.h"

static struct sbuf pool;
static size_t nnodes;

static void
node(const struct ynode *n)
{
	size_t i, str = 0;

	if (n->type == YN_SCALAR) {
		str = pool.len;
		sbuf_add(&pool, n->str, strlen(n->str) + 1);
	}
	printf("\t{ %d, %d, %ld, %ld, %zu, %zu },\n", (int)n->type,
	    n->type == YN_SCALAR ? n->plain : 0, n->line, n->col,
	    n->type == YN_SCALAR ? 0 : n->n, str);
	nnodes++;
	for (i = 0; n->type != YN_SCALAR && i < n->n; i++) {
		if (n->type == YN_MAP)
			node(n->key[i]);
		node(n->item[i]);
	}
}

int
main(int argc, char **argv)
{
	struct sbuf text;
	struct ynode *root;
	char buf[65536];
	size_t n, i;
	FILE *f;

	diag_init("ypack");
	if (argc != 3) {
		fprintf(stderr, "usage: ypack SYMBOL FILE > OUT.c\n");
		return LB_USAGE;
	}
	if ((f = fopen(argv[2], "rb")) == NULL) {
		perror(argv[2]);
		return LB_NOINPUT;
	}
	sbuf_init(&text);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(&text, buf, n);
	fclose(f);
	if ((root = ynode_parse(text.buf, text.len, argv[2])) == NULL)
		return LB_DATAERR;
	sbuf_init(&pool);
	printf("/* generated from %s by tools/ypack.c: do not edit */\n",
	    argv[2]);
	printf("#include <stddef.h>\n#include \"ynode.h\"\n");
	printf("const struct ynode_packed %s[] = {\n", argv[1]);
	node(root);
	printf("};\nconst size_t %s_n = %zu;\n", argv[1], nnodes);
	printf("const char %s_pool[] = {", argv[1]);
	for (i = 0; i < pool.len; i++)
		printf("%s0x%02x,", i % 12 == 0 ? "\n\t" : " ",
		    (unsigned char)pool.buf[i]);
	printf("\n\t0x00\n};\n");
	ynode_free(root);
	sbuf_release(&text);
	sbuf_release(&pool);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : LB_IOERR;
}
