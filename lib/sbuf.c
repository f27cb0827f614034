/* sbuf.c: growable NUL-terminated byte strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "xmem.h"

/* An empty sbuf points here, so buf is never NULL and never freed. */
static char empty[1];

void
sbuf_init(struct sbuf *sb)
{
	sb->buf = empty;
	sb->len = 0;
	sb->cap = 0;
}

void
sbuf_release(struct sbuf *sb)
{
	if (sb->cap > 0)
		free(sb->buf);
	sbuf_init(sb);
}

void
sbuf_reset(struct sbuf *sb)
{
	if (sb->buf == NULL)
		sbuf_init(sb);
	sb->len = 0;
	sb->buf[0] = '\0';
}

char *
sbuf_detach(struct sbuf *sb)
{
	char *s;

	if (sb->cap == 0 || sb->buf == NULL)
		s = xstrdup("");
	else
		s = sb->buf;
	sbuf_init(sb);
	return s;
}

void
sbuf_grow(struct sbuf *sb, size_t extra)
{
	size_t need;

	if (sb->buf == NULL)
		sbuf_init(sb);
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	if (need < sb->cap * 2)
		need = sb->cap * 2;
	if (need < 64)
		need = 64;
	if (sb->cap == 0) {
		sb->buf = xmalloc(need);
		sb->buf[0] = '\0';
	} else
		sb->buf = xrealloc(sb->buf, need);
	sb->cap = need;
}

void
sbuf_add(struct sbuf *sb, const void *data, size_t n)
{
	sbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
sbuf_addc(struct sbuf *sb, int c)
{
	sbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void
sbuf_adds(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void
sbuf_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room;
	int n;

	/* Try the space there is; grow once if the text did not fit. */
	sbuf_grow(sb, 64);
	room = sb->cap - sb->len;
	va_copy(ap2, ap);
	n = vsnprintf(sb->buf + sb->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}
