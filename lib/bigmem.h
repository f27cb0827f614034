/* bigmem.h: big zeroed arrays read at random, backed by huge pages. */
#ifndef LB_BIGMEM_H
#define LB_BIGMEM_H

#include <stddef.h>

/*
 * nmemb * size zeroed bytes, like xcalloc (dies with LB_OSERR when out
 * of memory or on overflow).  From BIGMEM_HUGE bytes up the block is
 * aligned to that size and advised (madvise MADV_HUGEPAGE) so that Linux
 * backs it with transparent huge pages: a county's hash table of ids or
 * its per-child state is read at random, once per log row, and with
 * 4 KiB pages nearly every such read also misses the TLB.  Where the
 * kernel declines, the block is an ordinary one.  Free with free().
 */
#define BIGMEM_HUGE ((size_t)2 << 20)
void *bigmem_calloc(size_t nmemb, size_t size);

#endif
