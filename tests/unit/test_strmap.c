/* test_strmap.c: unit tests of the string -> index map. */
#include <stdio.h>

#include "strmap.h"
#include "tap.h"

int
main(void)
{
	struct strmap *m = strmap_new();
	char key[32];
	long i, bad = 0;

	is_int(strmap_get(m, "S2031"), -1, "absent key is -1");
	is_int(strmap_put(m, "S2031", 7), 7, "put returns the new value");
	is_int(strmap_put(m, "S2031", 9), 7, "put of a present key keeps the old value");
	is_int(strmap_get(m, "S2031"), 7, "get finds it");
	strmap_set(m, "S2031", 11);
	is_int(strmap_get(m, "S2031"), 11, "set replaces");
	is_int(strmap_get(m, "留守"), -1, "other keys are absent");
	strmap_put(m, "留守", 3);
	is_int(strmap_get(m, "留守"), 3, "UTF-8 keys");
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "G%08ld", i);
		strmap_put(m, key, i);
	}
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "G%08ld", i);
		if (strmap_get(m, key) != i)
			bad++;
	}
	is_int(bad, 0, "100000 keys survive growing");
	is_int(strmap_count(m), 100002, "count");
	strmap_free(m);
	return done_testing();
}
