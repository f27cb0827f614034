/* test_strmap.c: unit tests of the string -> index map. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "strmap.h"
#include "tap.h"

int
main(void)
{
	struct strmap *m = strmap_new();
	char key[64];
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

	/*
	 * Keys up to 19 bytes live in the slot, longer ones outside it: the
	 * lengths around that edge, the empty key, keys that differ only
	 * in their last byte or in length, long values.
	 */
	m = strmap_new();
	is_int(strmap_put(m, "", 5), 5, "the empty key");
	is_int(strmap_get(m, ""), 5, "the empty key is found");
	is_int(strmap_get(m, "G341723201411131180"), -1,
	    "a 19-byte key is absent");
	strmap_put(m, "G341723201411131180", 19);
	strmap_put(m, "G341723201411131181", 20);
	strmap_put(m, "G3417232014111311801", 21);
	strmap_put(m, "G34172320141113118", 18);
	strmap_put(m, "青山乡中心小学三年级二班", 1L << 40);
	strmap_put(m, "青山乡中心小学三年级一班", -7);
	is_int(strmap_get(m, "G341723201411131180"), 19, "19 bytes");
	is_int(strmap_get(m, "G341723201411131181"), 20,
	    "19 bytes, another last byte");
	is_int(strmap_get(m, "G3417232014111311801"), 21, "20 bytes");
	is_int(strmap_get(m, "G34172320141113118"), 18, "18 bytes");
	is_int(strmap_get(m, "G34172320141113118011"), -1,
	    "a longer key is absent");
	is_int(strmap_get(m, "青山乡中心小学三年级二班"), 1L << 40,
	    "a long key, a big value");
	is_int(strmap_get(m, "青山乡中心小学三年级一班"), -7,
	    "a long key, a negative value");
	strmap_set(m, "青山乡中心小学三年级一班", 8);
	is_int(strmap_get(m, "青山乡中心小学三年级一班"), 8,
	    "set replaces the value of a long key");
	for (i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "%s%ld", i % 2 ? "青山乡中心小学" : "G3417232014",
		    i);
		strmap_put(m, key, i);
	}
	for (i = 0, bad = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "%s%ld", i % 2 ? "青山乡中心小学" : "G3417232014",
		    i);
		if (strmap_get(m, key) != i)
			bad++;
	}
	is_int(bad, 0, "50000 short and long keys survive growing");
	is_int(strmap_get(m, "G341723201411131180"), 19,
	    "the first keys too");
	is_int(strmap_count(m), 50007, "count");
	strmap_prefetch(m, "G341723201411131180");
	strmap_prefetch(m, "absent");
	strmap_prefetch(m, "");
	is_int(strmap_get(m, "G341723201411131180"), 19,
	    "prefetch changes nothing");
	is_int(strmap_count(m), 50007, "nor the count");

	/*
	 * A key held (struct strmap_key): the same answers as strmap_get(),
	 * present or not, short (inside) or long (a copy), set again and again
	 * in the same holder as a ring's slot is.
	 */
	{
		static const char *const probe[] = { "", "G341723201411131180",
		    "G341723201411131181", "G3417232014111311801",
		    "G34172320141113118011", "青山乡中心小学三年级一班",
		    "青山乡中心小学三年级三班", "absent", "G" };
		struct strmap_key k;
		char longer[80];

		memset(&k, 0, sizeof(k));
		for (i = 0, bad = 0; i < 50000 + 9; i++) {
			if (i < 9)
				snprintf(key, sizeof(key), "%s", probe[i]);
			else
				snprintf(key, sizeof(key), "%s%ld", i % 3 ?
				    "青山乡中心小学" : "G3417232014", i - 9);
			strmap_key_set(&k, key, strlen(key));
			strmap_prefetch_key(m, &k);
			if (strmap_get_key(m, &k) != strmap_get(m, key) ||
			    strcmp(strmap_key_str(&k), key) != 0)
				bad++;
		}
		is_int(bad, 0, "held keys look up as plain ones");
		/* Only the first len bytes are the key. */
		strmap_key_set(&k, "G341723201411131180xyz", 19);
		is_int(strmap_get_key(m, &k), 19, "a held key of len bytes");
		memset(longer, 'x', sizeof(longer) - 1);
		longer[sizeof(longer) - 1] = '\0';
		strmap_put(m, longer, 79);
		strmap_key_set(&k, longer, strlen(longer));
		is_int(strmap_get_key(m, &k), 79, "a key longer than the holder");
		is_str(strmap_key_str(&k), longer, "is kept whole");
		strmap_key_free(&k);
		is_int(strmap_count(m), 50008, "lookups change nothing");
	}
	strmap_free(m);
	return done_testing();
}
