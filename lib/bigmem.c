/* bigmem.c: big zeroed arrays read at random, backed by huge pages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bigmem.h"
#include "diag.h"
#include "i18n.h"
#include "xmem.h"

void *
bigmem_calloc(size_t nmemb, size_t size)
{
	size_t n;
	void *p = NULL;

	if (size != 0 && nmemb > SIZE_MAX / size)
		diag_die(LB_OSERR, "%s", _("out of memory"));
	n = nmemb * size;
	if (n < BIGMEM_HUGE)
		return xcalloc(n ? n : 1, 1);
	if (posix_memalign(&p, BIGMEM_HUGE, n) != 0)
		diag_die(LB_OSERR, "%s", _("out of memory"));
#ifdef MADV_HUGEPAGE
	/* Advice only: a kernel without THP leaves the block as it is. */
	(void)madvise(p, n, MADV_HUGEPAGE);
#endif
	memset(p, 0, n);
	return p;
}
