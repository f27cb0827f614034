/* test_bigmem.c: big zeroed arrays on huge pages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "tap.h"

/* All n bytes at p are zero. */
static int
zeroed(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

int
main(void)
{
	static const size_t sizes[] = { 0, 1, 4096, BIGMEM_HUGE - 1,
	    BIGMEM_HUGE, 3 * BIGMEM_HUGE + 17 };
	unsigned char *p;
	size_t i, n;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		n = sizes[i];
		p = bigmem_calloc(n, 1);
		ok(p != NULL && zeroed(p, n), "%zu bytes, zeroed", n);
		if (n >= BIGMEM_HUGE)
			is_int((uintptr_t)p % BIGMEM_HUGE, 0,
			    "%zu bytes, on a 2 MiB boundary", n);
		if (n > 0) {
			memset(p, 0xa5, n);
			ok(p[0] == 0xa5 && p[n - 1] == 0xa5, "%zu bytes, writable", n);
		}
		free(p);
	}
	/* The same memory again, dirty before, must come back zeroed. */
	p = bigmem_calloc(BIGMEM_HUGE / 8, 8);
	memset(p, 0xff, BIGMEM_HUGE);
	free(p);
	p = bigmem_calloc(BIGMEM_HUGE / 8, 8);
	ok(zeroed(p, BIGMEM_HUGE), "reused memory is zeroed");
	free(p);
	p = bigmem_calloc(3, 5);
	ok(p != NULL && zeroed(p, 15), "nmemb * size");
	free(p);
	return done_testing();
}
