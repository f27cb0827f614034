/* test_i18n.c: unit tests of the locale set-up, catalogs and name order. */
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tap.h"

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static int
cmp_names(const void *a, const void *b)
{
	return i18n_namecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort names and join them with spaces, for one comparison. */
static const char *
sorted(const char **names, size_t n)
{
	static char buf[512];
	size_t i;

	qsort(names, n, sizeof(*names), cmp_names);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(buf, " ");
		strcat(buf, names[i]);
	}
	return buf;
}

int
main(int argc, char *argv[])
{
	/* Code point order (C.UTF-8): 张 U+5F20, 李 U+674E, 王 U+738B. */
	const char *names[] = { "王芳", "李娜", "张伟", "李娜2", "李娜10" };
	const char *classes[] = { "3-10", "3-2", "3-9", "10-1", "3-02" };
	const char *groups[] = { "十组", "一组", "七组", "十一组", "三组",
		"二组", "二十组", "九组" };
	const char *grades[] = { "六年级", "一年级", "三年级", "二年级",
		"四年级", "五年级" };
	const char *mixed[] = { "二〇二六年", "3组", "三组", "2组", "一百零五号",
		"九十九号" };
	const char *set[] = { "a", "b2", "b10", "02", "2", "", "王", "三组",
		"3组", "十一组", "两组", "二组" };
	char path[PATH_MAX], dir[PATH_MAX + 16];
	size_t i, j, n = sizeof(set) / sizeof(set[0]);
	int anti = 1;

	(void)argc;
	setenv("LC_ALL", "C.UTF-8", 1);
	unsetenv("LANGUAGE");
	/* The catalogs of the build under test: BUILD/tests/../share/locale. */
	snprintf(path, sizeof(path), "%s", argv[0]);
	snprintf(dir, sizeof(dir), "%s/../share/locale", dirname(path));
	setenv("LB_LOCALEDIR", dir, 1);
	i18n_init();

	/* Only the three categories follow the environment. */
	is_str(setlocale(LC_MESSAGES, NULL), "C.UTF-8", "LC_MESSAGES taken");
	is_str(setlocale(LC_CTYPE, NULL), "C.UTF-8", "LC_CTYPE taken");
	is_str(setlocale(LC_COLLATE, NULL), "C.UTF-8", "LC_COLLATE taken");
	is_str(setlocale(LC_NUMERIC, NULL), "C", "LC_NUMERIC stays C");
	is_str(setlocale(LC_TIME, NULL), "C", "LC_TIME stays C");

	/*
	 * English without LANGUAGE; Chinese with it (C.UTF-8 suffices).
	 * i18n_init() again after each change: binding the domain anew
	 * drops what gettext remembers of earlier lookups.
	 */
	is_str(_("out of memory"), "out of memory", "English by default");
	setenv("LANGUAGE", "zh_CN", 1);
	i18n_init();
	is_str(_("out of memory"), "内存不足", "zh_CN from LB_LOCALEDIR");
	is_str(P_("nothing appended to '%s' (%ld invalid row)",
	    "nothing appended to '%s' (%ld invalid rows)", 2),
	    "未向 '%s' 追加任何记录（%ld 行无效）", "plural: one form");
	setenv("LANGUAGE", "zh_TW", 1);
	i18n_init();
	is_str(_("out of memory"), "記憶體不足", "zh_TW: Taiwan's word");
	is_str(_("no such message here"), "no such message here",
	    "a message without a translation stays English");
	setenv("LB_LOCALEDIR", "/nonexistent", 1);
	i18n_init();
	is_str(_("out of memory"), "out of memory",
	    "LB_LOCALEDIR wins: no catalog there, English");
	/* Without it, beside the program: BUILD/tests/../share/locale. */
	unsetenv("LB_LOCALEDIR");
	i18n_init();
	is_str(_("out of memory"), "記憶體不足", "found beside the program");
	unsetenv("LANGUAGE");

	/* Natural order in bytes under C.UTF-8, as lb-report had. */
	ok(i18n_namecmp("3-9", "3-10") < 0, "3-9 before 3-10");
	ok(i18n_namecmp("3-10", "3-9") > 0, "3-10 after 3-9");
	ok(i18n_namecmp("a", "a") == 0, "equal is 0");
	ok(i18n_namecmp("", "a") < 0, "empty first");
	ok(i18n_namecmp("02", "2") != 0, "02 and 2 differ (bytes decide)");
	ok(i18n_namecmp("张伟", "李娜") < 0, "code point order under C");
	is_str(sorted(names, 5), "张伟 李娜 李娜2 李娜10 王芳",
	    "names: digits as numbers, then code points");
	is_str(sorted(classes, 5), "3-02 3-2 3-9 3-10 10-1",
	    "classes in natural order, ties by bytes");
	/* Chinese numerals are numbers too (issue 17: 一组 七组 三组 二组). */
	is_str(sorted(groups, 8), "一组 二组 三组 七组 九组 十组 十一组 二十组",
	    "village groups numbered in words, in number order");
	is_str(sorted(grades, 6), "一年级 二年级 三年级 四年级 五年级 六年级",
	    "grades in words, in number order");
	is_str(sorted(mixed, 6), "2组 3组 三组 九十九号 一百零五号 二〇二六年",
	    "words and digits compared by value, ties by bytes");
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (sign(i18n_namecmp(set[i], set[j])) !=
			    -sign(i18n_namecmp(set[j], set[i])) ||
			    (i18n_namecmp(set[i], set[j]) == 0) != (i == j))
				anti = 0;
	ok(anti, "antisymmetric, 0 only for the same string");
	return done_testing();
}
