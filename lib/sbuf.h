/* sbuf.h: a growable, always NUL-terminated byte string. */
#ifndef LB_SBUF_H
#define LB_SBUF_H

#include <stddef.h>
#include <stdarg.h>

struct sbuf {
	char *buf;	/* NUL-terminated; never NULL after sbuf_init */
	size_t len;
	size_t cap;
};

#define SBUF_INIT { NULL, 0, 0 }

void sbuf_init(struct sbuf *sb);
/* Free the storage; sb can be reused after sbuf_init. */
void sbuf_release(struct sbuf *sb);
/* Empty it, keeping the storage. */
void sbuf_reset(struct sbuf *sb);
/* Return the string and leave sb empty; the caller frees it. */
char *sbuf_detach(struct sbuf *sb);
void sbuf_grow(struct sbuf *sb, size_t extra);
void sbuf_add(struct sbuf *sb, const void *data, size_t n);
void sbuf_addc(struct sbuf *sb, int c);
void sbuf_adds(struct sbuf *sb, const char *s);
void sbuf_printf(struct sbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *sb, const char *fmt, va_list ap);

#endif
