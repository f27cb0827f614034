/* test_sbuf.c: unit tests of the growable string. */
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "tap.h"

int
main(void)
{
	struct sbuf sb;
	char *s;
	int i;

	sbuf_init(&sb);
	is_str(sb.buf, "", "a new sbuf is the empty string");
	sbuf_adds(&sb, "留守");
	sbuf_addc(&sb, '-');
	sbuf_printf(&sb, "%d/%s", 42, "x");
	is_str(sb.buf, "留守-42/x", "adds, addc and printf append");
	is_int(sb.len, strlen("留守-42/x"), "len counts bytes");
	sbuf_reset(&sb);
	is_str(sb.buf, "", "reset empties");
	for (i = 0; i < 10000; i++)
		sbuf_add(&sb, "ab", 2);
	is_int(sb.len, 20000, "grows past many reallocations");
	ok(sb.buf[19999] == 'b' && sb.buf[20000] == '\0', "stays terminated");
	s = sbuf_detach(&sb);
	is_int(strlen(s), 20000, "detach hands over the string");
	is_str(sb.buf, "", "and leaves the sbuf empty");
	free(s);
	s = sbuf_detach(&sb);
	is_str(s, "", "detaching an empty sbuf gives a freeable empty string");
	free(s);
	sbuf_release(&sb);
	return done_testing();
}
