/* test_csvio.c: unit tests of the CSV reader and writer, and the csv-spectrum suite. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvio.h"
#include "diag.h"
#include "sbuf.h"
#include "tap.h"
#include "xmem.h"

#define SPECTRUM "tests/data/csv-spectrum"

static char tmpdir[] = "/tmp/test_csvio.XXXXXX";
static char path[256];

/* Write n bytes of s to the scratch file and return its name. */
static const char *
put_file(const char *s, size_t n)
{
	FILE *f;

	snprintf(path, sizeof(path), "%s/in.csv", tmpdir);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(s, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}

/* Stop capturing (tap_capture()); the text, without its last newline, in sb. */
static void
captured(struct sbuf *sb)
{
	sbuf_reset(sb);
	sbuf_adds(sb, tap_captured());
	if (sb->len > 0 && sb->buf[sb->len - 1] == '\n')
		sb->buf[--sb->len] = '\0';
}

/*
 * Read a whole file with csvio into out: "LINE:a|b\n" per record,
 * header included.  Returns 0, or the exit code, with the message in err.
 */
static int
dump(const char *file, const char *enc, size_t max_field, struct sbuf *out,
    struct sbuf *err)
{
	struct csvio_opts opts = { .encoding = enc, .max_field = max_field };
	struct csvio_reader *r;
	const struct csvio_row *row;
	int code = 0, rc;
	size_t i;

	sbuf_reset(out);
	tap_capture();
	r = csvio_open(file, &opts, &code);
	if (r != NULL) {
		row = csvio_header(r);
		do {
			sbuf_printf(out, "%ld:", row->line);
			for (i = 0; i < row->n; i++) {
				if (i > 0)
					sbuf_addc(out, '|');
				sbuf_add(out, row->v[i], row->len[i]);
				if (strlen(row->v[i]) != row->len[i])
					sbuf_adds(out, "<BADLEN>");
			}
			sbuf_addc(out, '\n');
		} while ((rc = csvio_next(r, &row)) == 1);
		code = rc < 0 ? csvio_code(r) : 0;
		if (rc < 0 && (csvio_next(r, &row) != -1 ||
		    csvio_code(r) != code))
			sbuf_adds(out, "<ERROR NOT STICKY>");
		if (rc == 0 && csvio_next(r, &row) != 0)
			sbuf_adds(out, "<END NOT STICKY>");
		csvio_close(r);
	}
	captured(err);
	return code;
}

/* Parse s and check the records and the message. */
static void
check(const char *name, const char *s, size_t n, const char *enc,
    size_t max_field, int want_code, const char *want_out,
    const char *want_err)
{
	struct sbuf out, err;
	int code;

	sbuf_init(&out);
	sbuf_init(&err);
	code = dump(put_file(s, n), enc, max_field, &out, &err);
	is_int(code, want_code, "%s: exit code", name);
	is_str(out.buf, want_out, "%s: records", name);
	is_str(err.buf, want_err, "%s: message", name);
	sbuf_release(&out);
	sbuf_release(&err);
}

#define CHECK(name, lit, code, out, err) \
	check(name, lit, sizeof(lit) - 1, NULL, 0, code, out, err)

/* Message prefix for the scratch file. */
static const char *
at(const char *rest)
{
	static char buf[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "test_csvio: %s%s", path, rest);
	return buf[i];
}

/*
 * A tiny reader for csv-spectrum's JSON: an array of objects whose
 * values are strings.  Appends "k=v|k=v\n" per object to out; -1 on a
 * syntax it does not know.
 */
static void
skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
		(*p)++;
}

static void
put_utf8(struct sbuf *sb, unsigned long c)
{
	if (c < 0x80)
		sbuf_addc(sb, (int)c);
	else if (c < 0x800) {
		sbuf_addc(sb, (int)(0xc0 | c >> 6));
		sbuf_addc(sb, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		sbuf_addc(sb, (int)(0xe0 | c >> 12));
		sbuf_addc(sb, (int)(0x80 | ((c >> 6) & 0x3f)));
		sbuf_addc(sb, (int)(0x80 | (c & 0x3f)));
	} else {
		sbuf_addc(sb, (int)(0xf0 | c >> 18));
		sbuf_addc(sb, (int)(0x80 | ((c >> 12) & 0x3f)));
		sbuf_addc(sb, (int)(0x80 | ((c >> 6) & 0x3f)));
		sbuf_addc(sb, (int)(0x80 | (c & 0x3f)));
	}
}

static int
json_string(const char **p, struct sbuf *out)
{
	unsigned long c, lo;
	char hex[5] = { 0 };

	if (**p != '"')
		return -1;
	for ((*p)++; **p != '"'; (*p)++) {
		if (**p == '\0')
			return -1;
		if (**p != '\\') {
			sbuf_addc(out, **p);
			continue;
		}
		(*p)++;
		switch (**p) {
		case 'n': sbuf_addc(out, '\n'); break;
		case 'r': sbuf_addc(out, '\r'); break;
		case 't': sbuf_addc(out, '\t'); break;
		case 'b': sbuf_addc(out, '\b'); break;
		case 'f': sbuf_addc(out, '\f'); break;
		case '"': case '\\': case '/': sbuf_addc(out, **p); break;
		case 'u':
			memcpy(hex, *p + 1, 4);
			c = strtoul(hex, NULL, 16);
			*p += 4;
			if (c >= 0xd800 && c < 0xdc00 && (*p)[1] == '\\' &&
			    (*p)[2] == 'u') {
				memcpy(hex, *p + 3, 4);
				lo = strtoul(hex, NULL, 16);
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				*p += 6;
			}
			put_utf8(out, c);
			break;
		default:
			return -1;
		}
	}
	(*p)++;
	return 0;
}

static int
json_records(const char *p, struct sbuf *out)
{
	int first;

	skip_ws(&p);
	if (*p++ != '[')
		return -1;
	skip_ws(&p);
	while (*p == '{') {
		p++;
		first = 1;
		skip_ws(&p);
		while (*p == '"') {
			if (!first)
				sbuf_addc(out, '|');
			first = 0;
			if (json_string(&p, out) < 0)
				return -1;
			skip_ws(&p);
			if (*p++ != ':')
				return -1;
			skip_ws(&p);
			sbuf_addc(out, '=');
			if (json_string(&p, out) < 0)
				return -1;
			skip_ws(&p);
			if (*p == ',')
				p++;
			skip_ws(&p);
		}
		if (*p++ != '}')
			return -1;
		sbuf_addc(out, '\n');
		skip_ws(&p);
		if (*p == ',')
			p++;
		skip_ws(&p);
	}
	if (*p++ != ']')
		return -1;
	skip_ws(&p);
	return *p == '\0' ? 0 : -1;
}

static void
slurp(const char *file, struct sbuf *sb)
{
	FILE *f = fopen(file, "rb");
	char buf[4096];
	size_t n;

	sbuf_reset(sb);
	while (f != NULL && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(sb, buf, n);
	if (f != NULL)
		fclose(f);
}

/* Every csvs/X.csv reads as exactly json/X.json says. */
static void
test_spectrum(void)
{
	DIR *d = opendir(SPECTRUM "/csvs");
	struct dirent *e;
	struct sbuf want, got, text;
	struct csvio_reader *r;
	const struct csvio_row *h, *row;
	char file[512];
	size_t i, len;
	int code, rc, n = 0;

	if (!ok(d != NULL, "csv-spectrum: %s/csvs is there", SPECTRUM))
		return;
	sbuf_init(&want);
	sbuf_init(&got);
	sbuf_init(&text);
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0)
			continue;
		n++;
		snprintf(file, sizeof(file), "%s/json/%.*s.json", SPECTRUM,
		    (int)(len - 4), e->d_name);
		slurp(file, &text);
		sbuf_reset(&want);
		if (!ok(text.len > 0 && json_records(text.buf, &want) == 0,
		    "csv-spectrum %s: expected JSON read", e->d_name))
			continue;
		snprintf(file, sizeof(file), "%s/csvs/%s", SPECTRUM, e->d_name);
		sbuf_reset(&got);
		r = csvio_open(file, NULL, &code);
		if (!ok(r != NULL, "csv-spectrum %s: opens", e->d_name))
			continue;
		h = csvio_header(r);
		while ((rc = csvio_next(r, &row)) == 1) {
			for (i = 0; i < row->n; i++) {
				if (i > 0)
					sbuf_addc(&got, '|');
				sbuf_printf(&got, "%s=", h->v[i]);
				sbuf_add(&got, row->v[i], row->len[i]);
			}
			sbuf_addc(&got, '\n');
		}
		csvio_close(r);
		is_int(rc, 0, "csv-spectrum %s: reads to the end", e->d_name);
		is_str(got.buf, want.buf, "csv-spectrum %s: records as in the JSON",
		    e->d_name);
	}
	closedir(d);
	is_int(n, 11, "csv-spectrum: all 11 files tried");
	sbuf_release(&want);
	sbuf_release(&got);
	sbuf_release(&text);
}

static void
test_basics(void)
{
	CHECK("simple", "a,b\n1,2\n", 0, "1:a|b\n2:1|2\n", "");
	CHECK("no final newline", "a,b\n1,2", 0, "1:a|b\n2:1|2\n", "");
	CHECK("crlf", "a,b\r\n1,2\r\n3,4\r\n", 0, "1:a|b\n2:1|2\n3:3|4\n", "");
	CHECK("bom and crlf", "\xef\xbb\xbf" "a,b\r\n1,2\r\n", 0,
	    "1:a|b\n2:1|2\n", "");
	CHECK("bom before a quoted header", "\xef\xbb\xbf\"a\",\"b\"\r\n1,2\r\n",
	    0, "1:a|b\n2:1|2\n", "");
	CHECK("blank lines skipped but counted", "a,b\n\n1,2\n\r\n\n3,4\n", 0,
	    "1:a|b\n3:1|2\n6:3|4\n", "");
	CHECK("multi-line records report their first line",
	    "a,b\n\"x\ny\nz\",1\n2,\"p\r\nq\"\n3,4\n", 0,
	    "1:a|b\n2:x\ny\nz|1\n5:2|p\r\nq\n7:3|4\n", "");
	CHECK("blanks kept exactly", "a,b\n  x , y\t\n\" q \",\n", 0,
	    "1:a|b\n2:  x | y\t\n3: q |\n", "");
	CHECK("empty fields", "a,b,c\n,,\n\"\",\"\",\"\"\n", 0,
	    "1:a|b|c\n2:||\n3:||\n", "");
	CHECK("doubled quotes", "a\n\"say \"\"hi\"\"\"\n\"\"\"\"\n", 0,
	    "1:a\n2:say \"hi\"\n3:\"\n", "");
	CHECK("header only", "a,b\n", 0, "1:a|b\n", "");
	CHECK("header after blank lines", "\n\na,b\n1,2\n", 0,
	    "3:a|b\n4:1|2\n", "");
	CHECK("utf-8 text", "姓名,备注\n张三,\"双亲外出,由奶奶照顾\"\n", 0,
	    "1:姓名|备注\n2:张三|双亲外出,由奶奶照顾\n", "");
}

static void
test_errors(void)
{
	struct sbuf out, err;

	CHECK("empty file", "", LB_DATAERR, "",
	    at(": empty file (expected a header row)"));
	CHECK("only blank lines", "\n\r\n\n", LB_DATAERR, "",
	    at(": empty file (expected a header row)"));
	CHECK("only a BOM", "\xef\xbb\xbf", LB_DATAERR, "",
	    at(": empty file (expected a header row)"));
	CHECK("empty header name", "a,,c\n", LB_DATAERR, "",
	    at(":1: empty header name in column 2"));
	CHECK("duplicate header", "a,b,a\n", LB_DATAERR, "",
	    at(":1: duplicate header 'a' (columns 1 and 3)"));
	CHECK("unclosed quote names the line it opened on",
	    "a,b\n1,2\n3,\"x\n\ny\n4,5\n", LB_DATAERR, "1:a|b\n2:1|2\n",
	    at(":3: unclosed quote (expected '\"' before the end of the file)"));
	CHECK("unclosed quote in the header", "a,\"b\n", LB_DATAERR, "",
	    at(":1: unclosed quote (expected '\"' before the end of the file)"));
	CHECK("stray quote", "a,b\n1,2\nx,a\"b\n", LB_DATAERR, "1:a|b\n2:1|2\n",
	    at(":3: stray quote in field 2 (a field holding '\"' must be "
	    "quoted, with each '\"' doubled)"));
	CHECK("text after a closing quote", "a,b\n\"x\ny\"z,1\n", LB_DATAERR,
	    "1:a|b\n",
	    at(":3: text after a closing quote in field 1 (expected ',' or "
	    "the end of the line)"));
	CHECK("blank after a closing quote", "a,b\n\"x\" ,1\n", LB_DATAERR,
	    "1:a|b\n",
	    at(":2: text after a closing quote in field 1 (expected ',' or "
	    "the end of the line)"));
	CHECK("too many fields", "a,b\n1,2\n\n1,2,3\n", LB_DATAERR,
	    "1:a|b\n2:1|2\n",
	    at(":4: too many fields (3, expected 2 as in the header)"));
	CHECK("too few fields after a multi-line record",
	    "a,b\n\"1\n2\",3\n4\n", LB_DATAERR, "1:a|b\n2:1\n2|3\n",
	    at(":4: too few fields (1, expected 2 as in the header)"));
	CHECK("NUL byte", "a,b\n1,2\n3,\0\n", LB_DATAERR, "1:a|b\n2:1|2\n",
	    at(":3: NUL byte (expected CSV text; for UTF-16 try --encoding "
	    "utf-16)"));
	CHECK("NUL inside a multi-line field names its line",
	    "a,b\n\"1\n\n\0\",2\n", LB_DATAERR, "1:a|b\n",
	    at(":4: NUL byte (expected CSV text; for UTF-16 try --encoding "
	    "utf-16)"));
	CHECK("invalid UTF-8", "a,b\n1,\xe4\xb8\n", LB_DATAERR, "1:a|b\n",
	    at(":2: invalid UTF-8 byte 0xe4 (expected UTF-8; try --encoding "
	    "gb18030)"));
	CHECK("overlong UTF-8", "a,b\n1,2\n\xc0\xaf,1\n", LB_DATAERR,
	    "1:a|b\n2:1|2\n",
	    at(":3: invalid UTF-8 byte 0xc0 (expected UTF-8; try --encoding "
	    "gb18030)"));
	CHECK("UTF-8 surrogate", "a\n\xed\xa0\x80\n", LB_DATAERR, "1:a\n",
	    at(":2: invalid UTF-8 byte 0xed (expected UTF-8; try --encoding "
	    "gb18030)"));
	CHECK("truncated UTF-8 at the end", "a\nx\xe4\xb8", LB_DATAERR, "1:a\n",
	    at(":2: invalid UTF-8 byte 0xe4 (expected UTF-8; try --encoding "
	    "gb18030)"));

	sbuf_init(&out);
	sbuf_init(&err);
	is_int(dump("tests/data/no/such.csv", NULL, 0, &out, &err), LB_NOINPUT,
	    "missing file: exit 66");
	is_str(err.buf, "test_csvio: cannot open 'tests/data/no/such.csv': "
	    "No such file or directory", "missing file: message");
	is_int(dump("tests", NULL, 0, &out, &err), LB_NOINPUT,
	    "a directory: exit 66");
	is_int(dump(put_file("a\n", 2), "no-such-charset", 0, &out, &err),
	    LB_USAGE, "unknown encoding: exit 64");
	is_str(err.buf, "test_csvio: unknown encoding 'no-such-charset' "
	    "(expected a name from iconv -l, e.g. gb18030)",
	    "unknown encoding: message");
	sbuf_release(&out);
	sbuf_release(&err);
}

static void
test_max_field(void)
{
	struct sbuf big, want;
	size_t i;

	check("field of max_field bytes", "a\n0123456789\n", 13, NULL, 10, 0,
	    "1:a\n2:0123456789\n", "");
	check("field over max_field", "a\n1\n01234567890\n", 16, NULL, 10,
	    LB_DATAERR, "1:a\n2:1\n", at(":3: field longer than 10 bytes"));
	check("quoted field over max_field across lines",
	    "a\n\"01234\n5678\n90\"\n", 18, NULL, 10, LB_DATAERR, "1:a\n",
	    at(":2: field longer than 10 bytes (an unclosed quote?)"));
	check("unclosed quote runs into max_field",
	    "a\nx\n\"0123\n45678\n901234\n", 24, NULL, 10, LB_DATAERR, "1:a\n2:x\n",
	    at(":3: field longer than 10 bytes (an unclosed quote?)"));

	/* A 1 MiB field, quoted with a doubled quote in it, then a record. */
	sbuf_init(&big);
	sbuf_init(&want);
	sbuf_adds(&big, "id,v\n1,\"");
	sbuf_adds(&want, "1:id|v\n2:1|");
	for (i = 0; i < (1u << 20) - 2; i++) {
		sbuf_addc(&big, 'a' + (char)(i % 26));
		sbuf_addc(&want, 'a' + (char)(i % 26));
	}
	sbuf_adds(&big, "\"\"z\"\n2,b\n");
	sbuf_adds(&want, "\"z\n3:2|b\n");
	check("1 MiB field", big.buf, big.len, NULL, 0, 0, want.buf, "");
	check("1 MiB field over a 1 MiB - 1 limit", big.buf, big.len, NULL,
	    (1u << 20) - 1, LB_DATAERR, "1:id|v\n",
	    at(":2: field longer than 1048575 bytes"));
	sbuf_release(&big);
	sbuf_release(&want);
}

/* Convert UTF-8 s to encoding enc with iconv(3). */
static void
to_encoding(const char *enc, const char *s, size_t n, struct sbuf *out)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	char *in = (char *)s, *o;
	size_t inleft = n, outleft;

	sbuf_reset(out);
	sbuf_grow(out, 4 * n + 16);
	o = out->buf;
	outleft = 4 * n + 16;
	if (cd == (iconv_t)-1 ||
	    iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		perror("iconv");
		exit(2);
	}
	out->len = (size_t)(o - out->buf);
	out->buf[out->len] = '\0';
	iconv_close(cd);
}

/*
 * Records, characters and line ends cut by the 64 KiB read boundary, at
 * every offset around it; again in GB18030 through iconv.
 */
static void
test_chunks(void)
{
	static const char *tails[] = {
		"中,文\r\n\"多\r\n行\",😀\r\n",
		"x,\"a\"\"b\nc\"\r\ny,z\n",
		"\"\",中\n中,\"\"\n",
	};
	struct sbuf in, want, out, err, enc;
	size_t t, shift, rest, pre, dashes, i;
	int bad = 0, bad_gb = 0;
	long line;

	sbuf_init(&in);
	sbuf_init(&want);
	sbuf_init(&out);
	sbuf_init(&err);
	sbuf_init(&enc);
	for (t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		for (shift = 0; shift < 24; shift++) {
			sbuf_reset(&in);
			sbuf_reset(&want);
			sbuf_adds(&in, "\xef\xbb\xbfh1,h2\n");
			sbuf_adds(&want, "1:h1|h2\n");
			/* Filler lines "L,----" up to 64 KiB - 12 + shift. */
			line = 2;
			while (in.len < 65536 - 12 + shift) {
				rest = 65536 - 12 + shift - in.len;
				sbuf_printf(&in, "%ld,", line);
				sbuf_printf(&want, "%ld:%ld|", line, line);
				pre = (size_t)snprintf(NULL, 0, "%ld,", line);
				dashes = rest - pre - 1 <= 60 ? rest - pre - 1 :
				    rest - pre - 1 - 60 < 12 ? 30 : 60;
				for (i = 0; i < dashes; i++) {
					sbuf_addc(&in, '-');
					sbuf_addc(&want, '-');
				}
				sbuf_addc(&in, '\n');
				sbuf_addc(&want, '\n');
				line++;
			}
			if (in.len != 65536 - 12 + shift)
				bad++;
			sbuf_adds(&in, tails[t]);
			switch (t) {
			case 0:
				sbuf_printf(&want, "%ld:中|文\n%ld:多\r\n行|😀\n",
				    line, line + 1);
				break;
			case 1:
				sbuf_printf(&want, "%ld:x|a\"b\nc\n%ld:y|z\n",
				    line, line + 2);
				break;
			case 2:
				sbuf_printf(&want, "%ld:|中\n%ld:中|\n", line,
				    line + 1);
				break;
			}
			if (dump(put_file(in.buf, in.len), NULL, 0, &out,
			    &err) != 0 || strcmp(out.buf, want.buf) != 0) {
				if (bad++ == 0)
					printf("# tail %zu shift %zu: %s\n", t,
					    shift, err.buf);
			}
			to_encoding("GB18030", in.buf, in.len, &enc);
			if (dump(put_file(enc.buf, enc.len), "gb18030", 0, &out,
			    &err) != 0 || strcmp(out.buf, want.buf) != 0) {
				if (bad_gb++ == 0)
					printf("# gb18030 tail %zu shift %zu: %s\n",
					    t, shift, err.buf);
			}
		}
	}
	is_int(bad, 0, "records, characters and CRLF across the 64 KiB boundary");
	is_int(bad_gb, 0, "the same in GB18030 through iconv");
	sbuf_release(&in);
	sbuf_release(&want);
	sbuf_release(&out);
	sbuf_release(&err);
	sbuf_release(&enc);
}

static void
test_encodings(void)
{
	struct sbuf enc;
	static const char text[] = "学号,姓名,备注\nS1,张三,\"双亲外出,\"\"奶奶\"\"\"\n"
	    "S2,李四,𠀀\n";

	sbuf_init(&enc);
	to_encoding("GB18030", text, sizeof(text) - 1, &enc);
	check("GB18030 converted", enc.buf, enc.len, "gb18030", 0, 0,
	    "1:学号|姓名|备注\n2:S1|张三|双亲外出,\"奶奶\"\n3:S2|李四|𠀀\n", "");
	/* 学 is D1 A7 in GB18030, which happens to be valid UTF-8. */
	check("GB18030 without --encoding", enc.buf, enc.len, NULL, 0,
	    LB_DATAERR, "",
	    at(":1: invalid UTF-8 byte 0xba (expected UTF-8; try --encoding "
	    "gb18030)"));
	check("utf-8 named explicitly", text, sizeof(text) - 1, "UTF-8", 0, 0,
	    "1:学号|姓名|备注\n2:S1|张三|双亲外出,\"奶奶\"\n3:S2|李四|𠀀\n", "");
	check("GBK with a BOM-less CRLF", "\xd0\xd5\xc3\xfb\r\n\xd5\xc5\xc8\xfd\r\n",
	    12, "gbk", 0, 0, "1:姓名\n2:张三\n", "");
	check("invalid GBK", "a\r\nb\r\n\x81\x20x\r\n", 10, "gbk", 0, LB_DATAERR,
	    "1:a\n2:b\n", at(":3: invalid byte sequence for encoding 'gbk'"));
	check("GBK cut at the end of the file", "a\nb\xd0", 4, "gbk", 0,
	    LB_DATAERR, "1:a\n",
	    at(":2: incomplete character at the end of the file (encoding "
	    "'gbk')"));
	to_encoding("UTF-16", "a,b\n1,中\n", 10, &enc);
	check("UTF-16 with its BOM", enc.buf, enc.len, "utf-16", 0, 0,
	    "1:a|b\n2:1|中\n", "");
	check("UTF-16 read as UTF-8 is refused", enc.buf, enc.len, NULL, 0,
	    LB_DATAERR, "", at(":1: invalid UTF-8 byte 0xff (expected UTF-8; "
	    "try --encoding gb18030)"));
	sbuf_release(&enc);
}

/* A BOM and a record dribbled through a pipe on stdin. */
static void
test_stdin(void)
{
	static const char *parts[] = { "\xef", "\xbb", "\xbf\"a\",b\r", "\n1,",
	    "\xe4\xb8", "\xad\r\n" };
	struct sbuf out, err;
	int fds[2], saved, status;
	size_t i;
	pid_t pid;

	sbuf_init(&out);
	sbuf_init(&err);
	if (pipe(fds) != 0)
		return;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			if (write(fds[1], parts[i], strlen(parts[i])) < 0)
				_exit(1);
			usleep(20000);
		}
		_exit(0);
	}
	close(fds[1]);
	saved = dup(0);
	dup2(fds[0], 0);
	close(fds[0]);
	is_int(dump("-", NULL, 0, &out, &err), 0, "stdin in small pieces: read");
	is_str(out.buf, "1:a|b\n2:1|中\n", "stdin in small pieces: records");
	dup2(saved, 0);
	close(saved);
	waitpid(pid, &status, 0);
	is_int(dump("-", NULL, 0, &out, &err), LB_DATAERR, "empty stdin: exit 65");
	is_str(err.buf, "test_csvio: <stdin>: empty file (expected a header row)",
	    "empty stdin is named <stdin>");
	sbuf_release(&out);
	sbuf_release(&err);
}

static void
test_valid_utf8(void)
{
	ok(csvio_valid_utf8("", 0), "utf8: empty");
	ok(csvio_valid_utf8("plain ascii, 0123456789", 23), "utf8: ascii");
	ok(csvio_valid_utf8("a\0b", 3), "utf8: NUL is valid UTF-8");
	ok(csvio_valid_utf8("留守儿童 ʤ 😀", strlen("留守儿童 ʤ 😀")),
	    "utf8: 2-, 3- and 4-byte characters");
	ok(csvio_valid_utf8("\xf4\x8f\xbf\xbf", 4), "utf8: U+10FFFF");
	ok(csvio_valid_utf8("\xee\x80\x80", 3), "utf8: U+E000");
	ok(!csvio_valid_utf8("\xf4\x90\x80\x80", 4), "utf8: above U+10FFFF");
	ok(!csvio_valid_utf8("\xed\xa0\x80", 3), "utf8: surrogate");
	ok(!csvio_valid_utf8("\xc1\xbf", 2), "utf8: overlong 2-byte");
	ok(!csvio_valid_utf8("\xe0\x9f\xbf", 3), "utf8: overlong 3-byte");
	ok(!csvio_valid_utf8("\xf0\x8f\xbf\xbf", 4), "utf8: overlong 4-byte");
	ok(!csvio_valid_utf8("\xe4\xb8", 2), "utf8: cut short");
	ok(!csvio_valid_utf8("abcdefgh\x80", 9), "utf8: stray continuation");
	ok(!csvio_valid_utf8("\xf8\x88\x80\x80\x80", 5), "utf8: 5-byte form");
	ok(!csvio_valid_utf8("0123456789abcdef\xff", 17),
	    "utf8: bad byte after the ASCII fast path");
}

/* Write rows with flags into out. */
static void
write_rows(int flags, size_t n, char *const *v, int times, struct sbuf *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct csvio_writer *w = csvio_writer_new(f, flags);
	int i;

	for (i = 0; i < times; i++)
		csvio_write_row(w, n, v);
	csvio_writer_free(w);
	fclose(f);
	sbuf_reset(out);
	sbuf_add(out, buf, len);
	free(buf);
}

static void
test_writer(void)
{
	char *plain[] = { "a", "b c", "x,y", "say \"hi\"", "l1\nl2", "cr\r",
	    " lead", "trail ", "", NULL, "中文", "=1+2", "0566-8125908" };
	char *lone[] = { "" };
	char *excel[] = { "=SUM(A1)", "+1", "-2", "@x", "\tt", "  =x", "a=b",
	    "341204199001011234", "34120419900101123X", "0566-8125908",
	    "13812345678", "012", "0", "123456789012", "12345678901",
	    "2026-09-01", "-", "" };
	char *hdr[] = { "id", "phone", "note" };
	char *row[] = { "0566-8125908", "=1", "say \"x\"" };
	struct sbuf out, back, err;
	struct csvio_writer *w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	sbuf_init(&out);
	sbuf_init(&back);
	sbuf_init(&err);
	write_rows(0, sizeof(plain) / sizeof(plain[0]), plain, 1, &out);
	is_str(out.buf, "a,b c,\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\r\","
	    "\" lead\",\"trail \",,,中文,=1+2,0566-8125908\n",
	    "writer: quotes only what needs it");
	write_rows(0, 1, lone, 2, &out);
	is_str(out.buf, "\"\"\n\"\"\n", "writer: a lone empty field is quoted");

	/* What the writer writes, the reader reads back the same. */
	write_rows(0, sizeof(plain) / sizeof(plain[0]), plain, 2, &out);
	sbuf_reset(&back);
	sbuf_adds(&back, "1,2,3,4,5,6,7,8,9,10,11,12,13\n");
	sbuf_add(&back, out.buf, out.len);
	dump(put_file(back.buf, back.len), NULL, 0, &back, &err);
	is_str(back.buf, "1:1|2|3|4|5|6|7|8|9|10|11|12|13\n"
	    "2:a|b c|x,y|say \"hi\"|l1\nl2|cr\r| lead|trail |||"
	    "中文|=1+2|0566-8125908\n"
	    "4:a|b c|x,y|say \"hi\"|l1\nl2|cr\r| lead|trail |||"
	    "中文|=1+2|0566-8125908\n", "writer: reads back the same");

	write_rows(CSVIO_EXCEL, sizeof(excel) / sizeof(excel[0]), excel, 2,
	    &out);
	is_str(out.buf, "\xef\xbb\xbf"
	    "'=SUM(A1),'+1,'-2,'@x,'\tt,'  =x,a=b,"
	    "\"=\"\"341204199001011234\"\"\",\"=\"\"34120419900101123X\"\"\","
	    "\"=\"\"0566-8125908\"\"\",\"=\"\"13812345678\"\"\",\"=\"\"012\"\"\",0,"
	    "\"=\"\"123456789012\"\"\",\"=\"\"12345678901\"\"\",2026-09-01,'-,\r\n"
	    "'=SUM(A1),'+1,'-2,'@x,'\tt,'  =x,a=b,"
	    "\"=\"\"341204199001011234\"\"\",\"=\"\"34120419900101123X\"\"\","
	    "\"=\"\"0566-8125908\"\"\",\"=\"\"13812345678\"\"\",\"=\"\"012\"\"\",0,"
	    "\"=\"\"123456789012\"\"\",\"=\"\"12345678901\"\"\",2026-09-01,'-,\r\n",
	    "writer: excel mode (one BOM, CRLF, formulas, long digits)");
	/* Spreadsheet output is still CSV that csvio reads (BOM, CRLF). */
	out.len = 0;
	f = open_memstream(&buf, &len);
	w = csvio_writer_new(f, CSVIO_EXCEL);
	csvio_write_row(w, 3, hdr);
	csvio_write_row(w, 3, row);
	csvio_writer_free(w);
	fclose(f);
	dump(put_file(buf, len), NULL, 0, &back, &err);
	free(buf);
	is_str(back.buf, "1:id|phone|note\n2:0566-8125908|=1|say \"x\"\n",
	    "writer: excel output reads back as it was before");

	/* Every protected cell, class codes too, reads back as it was. */
	{
		char *codes[] = { "1-1", "3/2", "12-10", "123-4", "3-2班",
		    "2026-09-01", "'=x", "=\"1\"", "''=x" };
		size_t i;

		sbuf_reset(&out);
		write_rows(CSVIO_EXCEL, sizeof(codes) / sizeof(codes[0]), codes,
		    1, &out);
		is_str(out.buf, "\xef\xbb\xbf\"=\"\"1-1\"\"\",\"=\"\"3/2\"\"\","
		    "\"=\"\"12-10\"\"\",123-4,3-2班,2026-09-01,''=x,\"'=\"\"1\"\"\",'''=x\r\n",
		    "writer: class codes a spreadsheet takes for dates stay text");
		sbuf_reset(&back);
		sbuf_adds(&back, "1,2,3,4,5,6,7,8,9\n");
		sbuf_add(&back, out.buf + 3, out.len - 3);
		sbuf_reset(&err);
		dump(put_file(back.buf, back.len), NULL, 0, &out, &err);
		sbuf_reset(&back);
		sbuf_adds(&back, "1:1|2|3|4|5|6|7|8|9\n2:");
		for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
			sbuf_printf(&back, "%s%s", i > 0 ? "|" : "", codes[i]);
		sbuf_addc(&back, '\n');
		is_str(out.buf, back.buf, "writer: excel cells read back as "
		    "they were");
		/* A plain file too: what looks protected is protected. */
		sbuf_reset(&out);
		write_rows(0, sizeof(codes) / sizeof(codes[0]), codes, 1, &out);
		is_str(out.buf, "1-1,3/2,12-10,123-4,3-2班,2026-09-01,''=x,"
		    "\"'=\"\"1\"\"\",'''=x\n", "writer: plain cells that "
		    "look protected keep their own");
		sbuf_reset(&back);
		sbuf_adds(&back, "1,2,3,4,5,6,7,8,9\n");
		sbuf_add(&back, out.buf, out.len);
		dump(put_file(back.buf, back.len), NULL, 0, &out, &err);
		is_str(out.buf, "1:1|2|3|4|5|6|7|8|9\n2:1-1|3/2|12-10|123-4|"
		    "3-2班|2026-09-01|'=x|=\"1\"|''=x\n",
		    "writer: plain cells read back as they were");
	}
	sbuf_release(&out);
	sbuf_release(&back);
	sbuf_release(&err);
}

int
main(void)
{
	diag_init("test_csvio");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_spectrum();
	test_basics();
	test_errors();
	test_max_field();
	test_chunks();
	test_encodings();
	test_stdin();
	test_valid_utf8();
	test_writer();
	unlink(path);
	rmdir(tmpdir);
	return done_testing();
}
