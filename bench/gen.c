/* gen.c: deterministic generator of benchmark data (roster, staff, pool, log, intake). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * usage: gen [-s seed] [-t teachers] [-i intake] [-p pupils] [-o dir]
 *            children logrows
 *
 * Writes into dir (default .):
 *   roster.csv  the programme's roster as lb-enroll writes it (canonical
 *               columns), already paired (mentor_id, buddy_id)
 *   staff.csv   teachers, Chinese headers, BOM and CRLF like a WPS export
 *   pool.csv    the class lists (buddy candidates), Chinese headers;
 *               -p pupils who are not left behind per child (default 3;
 *               0 writes no pool)
 *   log.csv     logrows activity records over the school year
 *               2025-09-01 .. 2026-06-30, nearly but not strictly in date
 *               order (some rows typed in days late), notes in Chinese,
 *               a third of them quoted (ASCII commas), a few with a
 *               quote or a line break inside
 *   intake.csv  the first -i children (default min(children, 50000)) as
 *               a survey in Chinese: BOM, CRLF, dates written four ways
 *
 * Children come in schools of 60-240 (about 150), twelve classes each;
 * -t teachers (default 6% of the children: 3,000 for a county of 50,000)
 * are spread over the schools in proportion.  Everything is drawn from
 * one seeded generator (splitmix64), so a seed and sizes always give the
 * same bytes.  Everyone in the files is fictional: ID numbers are well
 * formed (check character right) and belong to nobody we know of.
 */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* 0 .. n-1 */
static uint32_t
ri(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* True with probability p per mille. */
static int
pm(int p)
{
	return (int)ri(1000) < p;
}

/*
 * Every draw is a statement of its own (or sequenced by && || ?:): C
 * leaves the order of a call's arguments open, and gcc and clang take
 * them in opposite orders, which would make the files differ by compiler.
 */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(a) ((a)[ri(NELEM(a))])

struct weighted {
	const char *s;
	int w;
};

static const char *
wpick(const struct weighted *w, size_t n)
{
	int total = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		total += w[i].w;
	r = (int)ri((uint32_t)total);
	for (i = 0; i + 1 < n; i++) {
		if (r < w[i].w)
			return w[i].s;
		r -= w[i].w;
	}
	return w[n - 1].s;
}

#define WPICK(a) wpick((a), NELEM(a))

/* --- word lists (from examples/gen/gen.awk) ---------------------------- */

static const struct weighted surnames[] = {
	{ "王", 8 }, { "李", 6 }, { "张", 6 }, { "刘", 4 }, { "陈", 6 },
	{ "杨", 3 }, { "黄", 3 }, { "吴", 4 }, { "周", 3 }, { "徐", 3 },
	{ "汪", 4 }, { "方", 3 }, { "程", 3 }, { "胡", 4 }, { "章", 2 },
	{ "江", 2 }, { "何", 2 }, { "朱", 2 }, { "姚", 2 }, { "鲍", 1 },
	{ "檀", 1 }, { "孙", 2 }, { "高", 2 }, { "钱", 1 }, { "潘", 2 },
	{ "丁", 2 }, { "叶", 2 }, { "余", 2 }, { "查", 1 }, { "柯", 1 },
	{ "许", 1 }, { "姜", 1 }
};
static const char *const kid_m[] = {
	"浩然", "宇航", "俊杰", "子豪", "梓轩", "浩宇", "一鸣", "家乐", "文博",
	"晨阳", "思远", "天佑", "明轩", "嘉豪", "雨泽", "子墨", "皓轩", "宇轩",
	"奕辰", "铭泽", "锦程", "志豪", "俊熙", "博文", "泽宇", "浩轩", "昊天",
	"浩", "杰", "宇", "轩", "涛", "磊", "鑫", "博", "强", "凯", "辉", "阳"
};
static const char *const kid_f[] = {
	"欣怡", "梓涵", "诗琪", "雨欣", "子萱", "思琪", "佳怡", "雨桐", "紫涵",
	"一诺", "梦瑶", "可馨", "语嫣", "晓雯", "欣妍", "若汐", "诗涵", "佳琪",
	"梓萱", "嘉怡", "雨萱", "心怡", "雅琪", "欣悦", "佳慧", "思雨", "梦琪",
	"悦", "婷", "静", "雪", "琳", "欣", "颖", "萱", "妍", "丹", "洁", "瑶"
};
/* Two-character given names: a first and a second character. */
static const char *const kid_m1[] = {
	"浩", "宇", "俊", "子", "梓", "一", "家", "文", "晨", "思", "天", "明",
	"嘉", "雨", "皓", "奕", "铭", "锦", "志", "博", "泽", "昊", "振", "承",
	"佳", "明", "立", "建", "永", "国"
};
static const char *const kid_m2[] = {
	"然", "航", "杰", "豪", "轩", "宇", "鸣", "乐", "博", "阳", "远", "佑",
	"泽", "墨", "辰", "程", "熙", "涵", "文", "天", "东", "志", "凯", "林",
	"斌", "辉", "峰", "鹏", "睿", "磊"
};
static const char *const kid_f1[] = {
	"欣", "梓", "诗", "雨", "子", "思", "佳", "紫", "一", "梦", "可", "语",
	"晓", "若", "嘉", "心", "雅", "馨", "安", "甜", "慧", "静", "婉", "芷",
	"依", "怡", "雪", "美", "丽", "春"
};
static const char *const kid_f2[] = {
	"怡", "涵", "琪", "欣", "萱", "桐", "诺", "瑶", "馨", "嫣", "雯", "妍",
	"汐", "悦", "慧", "雨", "月", "琳", "婷", "彤", "洁", "丹", "颖", "蕾",
	"菲", "晴", "茜", "露", "璐", "薇"
};
static const char *const par_m[] = {
	"伟", "强", "磊", "军", "勇", "涛", "斌", "超", "明", "亮", "建军",
	"海波", "国庆", "志刚", "卫东", "小兵", "春生", "冬生", "志强", "海涛",
	"晓东", "建伟", "俊峰", "小军", "红旗", "金龙", "长江", "国兵", "平安"
};
static const char *const par_f[] = {
	"芳", "丽", "娟", "敏", "静", "霞", "燕", "红", "梅", "英", "丽娟",
	"小红", "春燕", "海燕", "晓燕", "丽萍", "美玲", "秀云", "玲玲", "翠萍",
	"小芳", "金凤", "红梅", "丽华", "小琴", "爱华"
};
static const char *const old_m[] = {
	"建国", "国华", "德胜", "有才", "长春", "金山", "国平", "光明", "志华",
	"福生", "根生", "宝山", "学文", "正清", "家贵", "福来", "永年", "德明"
};
static const char *const old_f[] = {
	"秀英", "桂兰", "玉兰", "秀兰", "凤英", "翠花", "桂英", "玉珍", "秀珍",
	"春兰", "金凤", "月娥", "素芳", "冬梅", "桂香", "兰英", "荷花", "腊梅"
};
static const char *const towns[] = {
	"青山", "河口", "杨柳", "石门", "竹园", "松林", "双河", "桃源", "丁桥",
	"陵阳", "新河", "木镇", "庙前", "酉华", "杜村", "乔木", "蓉城", "朱备",
	"梅村", "高坦", "柯村", "大演", "泉峰", "东堡", "仙寓", "七都", "太和",
	"横渡", "洋湖", "花园", "香隅", "牛头", "殷汇", "龙泉", "昭潭", "棠溪"
};
static const char *const villages[] = {
	"青山村", "河口村", "杨柳村", "石门村", "竹园村", "松林村", "双河村",
	"桃源村", "凤凰村", "金星村", "光明村", "和平村", "新华村", "红旗村",
	"长岭村", "白沙村", "黄土村", "柳树村", "枫林村", "茶园村", "马山村"
};
static const char *const group_cn[] = {
	"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"
};
/* Counties and their resident-ID region codes, for the address and ID. */
static const struct { const char *name, *code; } counties[] = {
	{ "青阳县", "341723" }, { "东至县", "341721" }, { "石台县", "341722" },
	{ "贵池区", "341702" }, { "怀宁县", "340822" }, { "潜山市", "340882" },
	{ "太湖县", "340825" }, { "宿松县", "340826" }, { "望江县", "340827" },
	{ "岳西县", "340828" }, { "枞阳县", "340722" }, { "泾县", "341823" },
	{ "绩溪县", "341824" }, { "旌德县", "341825" }, { "歙县", "341021" },
	{ "休宁县", "341022" }, { "黟县", "341023" }, { "祁门县", "341024" },
	{ "霍山县", "341525" }, { "金寨县", "341524" }, { "舒城县", "341523" },
	{ "寿县", "340422" }, { "霍邱县", "341522" }, { "临泉县", "341221" }
};
#define NCOUNTY (NELEM(counties))
static const char *const mobile_prefix[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
	"151", "152", "153", "155", "156", "157", "158", "159", "166", "173",
	"176", "177", "180", "181", "182", "183", "185", "186", "187", "188"
};
static const struct weighted work[] = {
	{ "浙江宁波某电子厂|浙江省", 8 }, { "浙江杭州某服装厂|浙江省", 5 },
	{ "浙江义乌某饰品厂|浙江省", 6 }, { "浙江温州某鞋厂|浙江省", 4 },
	{ "浙江慈溪某家电厂|浙江省", 5 }, { "浙江嘉兴某纺织厂|浙江省", 3 },
	{ "广东东莞某鞋厂|广东省", 6 }, { "广东深圳某电子厂|广东省", 6 },
	{ "广东广州某服装厂|广东省", 3 }, { "广东佛山某家具厂|广东省", 3 },
	{ "江苏苏州某电子厂|江苏省", 7 }, { "江苏昆山某电子厂|江苏省", 5 },
	{ "江苏无锡某机械厂|江苏省", 4 }, { "江苏南京某建筑工地|江苏省", 4 },
	{ "上海某建筑工地|上海市", 6 }, { "上海某物流公司|上海市", 3 },
	{ "福建晋江某鞋厂|福建省", 2 }, { "北京某装修公司|北京市", 2 },
	{ "安徽合肥某建筑工地|安徽省", 5 }, { "安徽芜湖某汽车配件厂|安徽省", 3 }
};
static const struct weighted home[] = {
	{ "在家务农|", 60 }, { "本地打零工|安徽省", 20 },
	{ "县城打零工|安徽省", 12 }, { "乡里超市打工|安徽省", 8 }
};
static const char *const occ_old[] = {
	"务农", "务农", "务农", "在家务农", "养殖", "无业", "打零工", "退休"
};
static const char *const occ_par[] = {
	"务农", "务农", "打零工", "个体", "超市收银员", "在家", "养殖"
};
static const char *const roster_notes[] = {
	"性格内向，不爱说话", "学习习惯较好，爱看课外书", "视力较差,已配眼镜",
	"有一个弟弟在上幼儿园", "爷爷腿脚不便，家访时注意", "喜欢画画",
	"父母在外地又生了二胎", "脱贫户（原建档立卡户）", "享受农村低保",
	"患有哮喘，天冷易发作，备有喷雾", "性格孤僻,常一个人发呆,已转介心理辅导老师",
	"寄宿生，周末由奶奶接送", "父亲去年在工地受伤,在家休养半年后又外出\n母亲每月寄钱回家",
	"奶奶说\"孩子很懂事,就是不爱说话\"", "父母离异,随外婆生活\n父亲春节回家"
};
static const char *const talk_notes[] = {
	"作业完成较好", "上课注意力不集中，已提醒", "和同学闹矛盾,已调解",
	"情绪稳定，学习积极", "最近有些沉默，多关心", "字写得工整了,表扬",
	"数学错题较多,课后辅导", "说爸爸妈妈在外面打工很辛苦",
	"早饭没吃,已提醒监护人", "和同桌相处融洽", "喜欢画画，鼓励参加美术兴趣小组",
	"谈理想，想当老师", "体育课表现积极", "作业没按时交,了解原因是晚上看电视",
	"主动帮同学打扫卫生,表扬", "说想妈妈了", "想爸爸,约好周末视频",
	"情绪低落，谈心半小时，有好转", "期中考试有进步,表扬鼓励"
};
static const char *const visit_notes[] = {
	"期初家访,了解家庭情况", "期初家访，监护人配合",
	"家访：住房较旧,学习环境差,建议在校完成作业", "期中家访,反馈学习情况",
	"期中家访，与监护人交流孩子近况", "家访发现作业无人辅导,已安排学习帮手",
	"期末家访，送寒假作业和安全须知"
};
static const char *const guardian_notes[] = {
	"电话联系监护人,反映作业情况", "与监护人沟通孩子近期表现",
	"提醒监护人注意孩子用眼卫生", "微信联系，发送孩子在校照片",
	"提醒监护人天冷添衣"
};
static const char *const parent_notes[] = {
	"亲情视频，孩子很开心", "亲情电话,与妈妈通话十分钟",
	"与母亲电话沟通孩子学习情况", "给父亲打电话,反馈期中成绩",
	"与父亲视频，约定寒假回家"
};
static const char *const other_notes[] = {
	"关爱留守儿童座谈会", "留守儿童座谈会,监护人参加", "秋季体检,身体正常",
	"体检：视力下降，已告知监护人", "体检：龋齿,建议就医", "发放助学金",
	"发放爱心冬衣一件,棉鞋一双", "中秋节\"月圆人团圆\"主题活动",
	"参加学校秋季运动会", "生日祝福,送贺卡和文具", "集体生日会，送蛋糕"
};

/* Log kinds, weighted as a year of records falls out. */
static const struct weighted kinds[] = {
	{ "talk", 320 }, { "guardian_contact", 170 }, { "parent_contact", 170 },
	{ "home_visit", 90 }, { "activity", 100 }, { "health_check", 70 },
	{ "meeting", 50 }, { "aid", 20 }, { "birthday", 10 }
};

/* --- dates ------------------------------------------------------------ */

static long
days_from_civil(int y, int m, int d)
{
	long yy = y - (m <= 2), era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400, mp = m > 2 ? m - 3 : m + 9;
	long doy = (153 * mp + 2) / 5 + d - 1;

	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void
iso(char *buf, long day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

/* A date the way a teacher types it into Excel or WPS. */
static void
mixdate(char *buf, size_t n, long day)
{
	int y, m, d;
	uint32_t r = ri(100);

	civil_from_days(day, &y, &m, &d);
	if (r < 40)
		snprintf(buf, n, "%d/%d/%d", y, m, d);
	else if (r < 65)
		snprintf(buf, n, "%d年%d月%d日", y, m, d);
	else if (r < 95)
		snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(buf, n, "%04d%02d%02d", y, m, d);
}

/* The school year: 2025-09-01 .. the as-of day of the benchmark. */
static long year_start, year_end;

/* Holidays and vacation of the default policy, roughly: no school then. */
static int
school_day(long day)
{
	int y, m, d;
	long w = (day + 3) % 7;		/* 0 = Monday */

	civil_from_days(day, &y, &m, &d);
	if (w >= 5)
		return 0;
	if (m == 10 && d <= 8)
		return 0;
	if ((y == 2026 && m == 1 && d >= 24) || (y == 2026 && m == 2 && d < 24))
		return 0;
	if ((m == 4 && d >= 4 && d <= 6) || (m == 5 && d <= 5) ||
	    (m == 6 && d >= 19 && d <= 21) || (m == 1 && d <= 3))
		return 0;
	return 1;
}

/* Within three weeks of a term's start, middle or end. */
static int
visit_season(long day)
{
	static const int terms[2][6] = {
		{ 2025, 9, 1, 2026, 1, 23 }, { 2026, 2, 24, 2026, 7, 3 }
	};
	long a, b, mid;
	int t;

	for (t = 0; t < 2; t++) {
		a = days_from_civil(terms[t][0], terms[t][1], terms[t][2]);
		b = days_from_civil(terms[t][3], terms[t][4], terms[t][5]);
		mid = a + (b - a) / 2;
		if ((day >= a && day < a + 21) || (day >= mid - 10 &&
		    day <= mid + 10) || (day > b - 21 && day <= b))
			return 1;
	}
	return 0;
}

/* --- ids --------------------------------------------------------------- */

/* Birth days 2012-09-01 .. 2020-08-31 (grades 6 .. 1 in 2025-26). */
static long birth_lo;
#define BIRTH_DAYS 2922
static unsigned char *used_ids;	/* bit per county x birth day x sequence */

/* A resident ID number, unique in the run; *birth gets the day. */
static void
idcard(char out[19], int county, int grade, int male, long *birth)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5,
	    8, 4, 2 };
	long day, bit;
	int y, m, d, seq, s, i, tries = 0;

	for (;;) {
		/* Grade g was born in the year from September 2019 - g + 1,
		 * a few a year earlier (started late). */
		day = (long)(6 - grade) * 365 + (long)ri(365);
		if (pm(50))
			day -= 365;
		if (day < 0)
			day += 365;
		if (day >= BIRTH_DAYS)
			day = BIRTH_DAYS - 1;
		seq = (int)ri(500) * 2 + (male ? 1 : 0);
		bit = ((long)county * BIRTH_DAYS + day) * 1000 + seq;
		if ((used_ids[bit >> 3] & (1u << (bit & 7))) == 0 || ++tries > 50)
			break;
	}
	used_ids[bit >> 3] |= (unsigned char)(1u << (bit & 7));
	*birth = birth_lo + day;
	civil_from_days(*birth, &y, &m, &d);
	snprintf(out, 19, "%s%04d%02d%02d%03d", counties[county].code, y, m, d,
	    seq);
	for (s = 0, i = 0; i < 17; i++)
		s += (out[i] - '0') * w[i];
	out[17] = "10X98765432"[s % 11];
	out[18] = '\0';
}

static void
mobile(char *buf, size_t n)
{
	const char *prefix = PICK(mobile_prefix);
	uint32_t rest = ri(100000000);

	snprintf(buf, n, "%s%08u", prefix, rest);
}

/* --- CSV out ------------------------------------------------------------ */

struct out {
	FILE *f;
	const char *eol;
	int first;
};

static char *outdir = ".";

static void
out_open(struct out *o, const char *name, int excel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	if ((o->f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen: cannot create '%s': %s\n", path,
		    strerror(errno));
		exit(73);
	}
	setvbuf(o->f, NULL, _IOFBF, 1 << 20);
	o->eol = excel ? "\r\n" : "\n";
	o->first = 1;
	if (excel)
		fputs("\xef\xbb\xbf", o->f);
}

static void
out_close(struct out *o)
{
	if (o->f == NULL)
		return;
	if (ferror(o->f) || fclose(o->f) != 0) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		exit(74);
	}
	o->f = NULL;
}

static void
field(struct out *o, const char *s)
{
	FILE *f = o->f;

	if (!o->first)
		putc(',', f);
	o->first = 0;
	if (s[strcspn(s, ",\"\r\n")] == '\0') {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

static void __attribute__((format(printf, 2, 3)))
fieldf(struct out *o, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	field(o, buf);
}

static void
endrow(struct out *o)
{
	fputs(o->eol, o->f);
	o->first = 1;
}

static void
header(struct out *o, const char *h)
{
	fputs(h, o->f);
	fputs(o->eol, o->f);
}

/* --- the data ----------------------------------------------------------- */

enum lb { LB_BOTH, LB_FATHER, LB_MOTHER, LB_PSEUDO };
enum rel {
	R_FATHER, R_MOTHER, R_GRANDPA, R_GRANDMA, R_MGRANDPA, R_MGRANDMA,
	R_RELATIVE, R_OTHER
};
static const char *const rel_canon[] = {
	"father", "mother", "grandfather", "grandmother",
	"maternal_grandfather", "maternal_grandmother", "relative", "other"
};
static const char *const rel_cn[] = {
	"父亲", "母亲", "爷爷", "奶奶", "外公", "外婆", "叔叔", "邻居"
};
static const char *const health_canon[] = { "good", "fair", "poor" };
static const char *const health_cn[] = { "良好", "一般", "较差" };
static const char *const edu_canon[] = {
	"none", "primary", "junior", "senior", "college"
};
static const char *const edu_cn[] = { "文盲", "小学", "初中", "高中", "大专" };
static const char *const att_canon[] = { "general", "key", "intervention", "case" };
static const char *const att_cn[] = { "普遍关注", "重点关注", "监护干预", "个案服务" };
static const char *const lb_canon[] = { "both", "one", "one", "pseudo" };
static const char *const lb_cn[] = { "父母均外出", "父亲外出", "母亲外出", "假性留守" };
static const char *const hard_canon[] = {
	"poverty", "illness", "no_guardian", "mental_health", "other"
};
static const char *const hard_cn[] = {
	"家庭贫困", "儿童患病", "监护缺失", "心理健康", "其他"
};
static const char *const status_canon[] = { "active", "transferred", "graduated" };
static const char *const status_cn[] = { "在读", "转出", "毕业" };

/* One child's contact card. */
struct card {
	char id[24], idc[20], name[32], cls[64], village[32], address[128];
	char fname[32], fphone[16], fwork[64], fprov[16];
	char mname[32], mphone[16], mwork[64], mprov[16];
	char gname[32], gphone[20], gocc[32], gaddr[128];
	const char *note;
	long birth, enrolled;
	int male, grade, boarding, lb, visits, rel, gage, health, edu, att;
	int hard, hard2, academic, vaccinated, trained, status;
	uint32_t mentor, buddy;	/* global staff index, pool pupil index */
};

/* What the log needs of each child. */
struct kid {
	char id[20];
	uint32_t mentor;
	int16_t from, to;	/* records only on year_start + [from, to] */
	unsigned char weight;	/* of 4: how often the child is seen */
};

struct teacher {
	char id[12];
	uint32_t school;
};

static struct kid *kids;
static size_t nkids_all;
static struct teacher *staff;
static size_t nstaff, capstaff;
static uint32_t pool_seq;	/* pool pupils so far, for their ids */

static void
place(const struct weighted *w, size_t n, char *where, char *prov)
{
	const char *s = wpick(w, n), *bar = strchr(s, '|');

	snprintf(where, 64, "%.*s", (int)(bar - s), s);
	snprintf(prov, 16, "%s", bar + 1);
}

static void
person(char *buf, const char *sur, const char *const *given, size_t n)
{
	snprintf(buf, 32, "%s%s", sur, given[ri((uint32_t)n)]);
}

#define PERSON(buf, sur, list) person((buf), (sur), (list), NELEM(list))

/* A child's name: a quarter have a one-character given name. */
static void
kid_name(char *buf, const char *sur, int male)
{
	if (pm(250))
		snprintf(buf, 32, "%s%s", sur, male ? PICK(kid_m) : PICK(kid_f));
	else {
		const char *a = male ? PICK(kid_m1) : PICK(kid_f1);
		const char *b = male ? PICK(kid_m2) : PICK(kid_f2);

		snprintf(buf, 32, "%s%s%s", sur, a, b);
	}
}

/* Fill the card of a child of school (county, town, vil) in class cls. */
static void
make_card(struct card *c, int county, const char *town, const char *school,
    int cls, uint32_t mentor)
{
	const char *sur = WPICK(surnames), *msur, *v;
	int fage, mage, old = 0, age;
	uint32_t r;

	memset(c, 0, sizeof(*c));
	c->grade = cls / 2 + 1;
	c->male = pm(530);
	idcard(c->idc, county, c->grade, c->male, &c->birth);
	snprintf(c->id, sizeof(c->id), "G%s", c->idc);
	snprintf(c->cls, sizeof(c->cls), "%s%d-%d", school, c->grade,
	    cls % 2 + 1);
	kid_name(c->name, sur, c->male);
	v = PICK(villages);
	snprintf(c->village, sizeof(c->village), "%s%s组", v, PICK(group_cn));
	snprintf(c->address, sizeof(c->address), "%s%s乡%s%u号",
	    counties[county].name, town, c->village, 1 + ri(80));
	r = ri(100);
	c->lb = r < 51 ? LB_BOTH : r < 83 ? LB_FATHER : r < 94 ? LB_MOTHER :
	    LB_PSEUDO;
	c->boarding = c->grade >= 4 ? pm(350) : pm(30);
	age = 2025 - 2012 - (6 - c->grade) + 6;
	fage = age + 23 + (int)ri(11);
	mage = fage - (int)ri(6);
	do
		msur = WPICK(surnames);
	while (strcmp(msur, sur) == 0);
	PERSON(c->fname, sur, par_m);
	PERSON(c->mname, msur, par_f);
	mobile(c->fphone, sizeof(c->fphone));
	mobile(c->mphone, sizeof(c->mphone));
	if (c->lb == LB_BOTH || c->lb == LB_FATHER)
		place(work, NELEM(work), c->fwork, c->fprov);
	else
		place(home, NELEM(home), c->fwork, c->fprov);
	if (c->lb == LB_BOTH && pm(650)) {
		strcpy(c->mwork, c->fwork);
		strcpy(c->mprov, c->fprov);
	} else if (c->lb == LB_BOTH || c->lb == LB_MOTHER)
		place(work, NELEM(work), c->mwork, c->mprov);
	else
		place(home, NELEM(home), c->mwork, c->mprov);
	if (c->lb == LB_PSEUDO)
		c->visits = 12;
	else {
		c->visits = (int)ri(4);
		c->visits = 1 + c->visits * (int)ri(3);
	}

	r = ri(100);
	if (c->lb == LB_FATHER && r < 85)
		c->rel = R_MOTHER;
	else if (c->lb == LB_MOTHER && r < 60)
		c->rel = R_FATHER;
	else if (c->lb == LB_PSEUDO && r < 45)
		c->rel = r < 35 ? R_MOTHER : R_FATHER;
	else {
		r = ri(100);
		c->rel = r < 30 ? R_GRANDMA : r < 55 ? R_GRANDPA : r < 68 ?
		    R_MGRANDMA : r < 76 ? R_MGRANDPA : r < 98 ? R_RELATIVE :
		    R_OTHER;
	}
	switch (c->rel) {
	case R_FATHER:
		strcpy(c->gname, c->fname);
		strcpy(c->gphone, c->fphone);
		c->gage = fage;
		break;
	case R_MOTHER:
		strcpy(c->gname, c->mname);
		strcpy(c->gphone, c->mphone);
		c->gage = mage;
		break;
	case R_GRANDPA:
	case R_MGRANDPA:
		PERSON(c->gname, c->rel == R_GRANDPA ? sur : msur, old_m);
		c->gage = fage + 22 + (int)ri(14);
		old = 1;
		break;
	case R_GRANDMA:
	case R_MGRANDMA:
		PERSON(c->gname, WPICK(surnames), old_f);
		c->gage = fage + 20 + (int)ri(14);
		old = 1;
		break;
	default:
		PERSON(c->gname, sur, par_m);
		c->gage = fage - 4 + (int)ri(9);
	}
	if (c->rel != R_FATHER && c->rel != R_MOTHER) {
		if (old && pm(350)) {
			unsigned first = ri(2) ? 5 : 8, rest = ri(1000000);

			snprintf(c->gphone, sizeof(c->gphone), "0566-%u%06u",
			    first, rest);
		}
		else
			mobile(c->gphone, sizeof(c->gphone));
	}
	r = ri(100);
	c->health = !old ? (r < 85 ? 0 : r < 98 ? 1 : 2) :
	    c->gage < 70 ? (r < 50 ? 0 : r < 90 ? 1 : 2) :
	    (r < 20 ? 0 : r < 70 ? 1 : 2);
	r = ri(100);
	c->edu = old ? (r < 25 ? 0 : r < 75 ? 1 : r < 95 ? 2 : 3) :
	    (r < 24 ? 1 : r < 78 ? 2 : r < 97 ? 3 : 4);
	snprintf(c->gocc, sizeof(c->gocc), "%s",
	    old ? PICK(occ_old) : PICK(occ_par));
	if (old || c->rel <= R_MOTHER || pm(500))
		strcpy(c->gaddr, c->address);
	else {
		const char *vil = PICK(villages), *grp = PICK(group_cn);

		snprintf(c->gaddr, sizeof(c->gaddr), "%s%s乡%s%s组",
		    counties[county].name, town, vil, grp);
	}

	c->hard = c->hard2 = -1;
	if (pm(120)) {
		r = ri(100);
		c->hard = r < 55 ? 0 : r < 69 ? 1 : r < 79 ? 2 : r < 89 ? 3 : 4;
		if (c->hard == 0 && pm(150))
			c->hard2 = 1;
	}
	r = ri(1000);
	c->att = c->hard == 2 ? 2 : c->hard == 3 && r < 100 ? 3 :
	    c->hard >= 0 || c->gage >= 70 || c->health == 2 ? 1 :
	    r < 30 ? 1 : 0;
	c->academic = 43 + (int)ri(21);
	c->academic += (int)ri(21);
	c->academic += (int)ri(21);
	if (c->academic > 100)
		c->academic = 100;
	c->vaccinated = pm(950);
	c->trained = pm(870);
	r = ri(1000);
	c->status = r < 975 ? 0 : r < 995 ? 1 : 2;
	/* On the roster since entering school, or since a parent left. */
	if (c->grade == 1 || pm(700))
		c->enrolled = days_from_civil(2025 - c->grade + 1, 9,
		    2 + (int)ri(20));
	else {
		int y = 2025 - (int)ri((uint32_t)c->grade), m = pm(500) ? 3 : 9;

		c->enrolled = days_from_civil(y, m, 1 + (int)ri(25));
	}
	/* Some arrive during the year. */
	if (pm(40))
		c->enrolled = year_start + (long)ri(200);
	if (pm(100) || c->hard >= 0)
		c->note = PICK(roster_notes);
	c->mentor = mentor;
}

static void
write_roster_row(struct out *o, const struct card *c)
{
	char b[16], e[16];

	iso(b, c->birth);
	iso(e, c->enrolled);
	field(o, c->id);
	field(o, c->name);
	field(o, c->male ? "M" : "F");
	field(o, b);
	field(o, c->idc);
	fieldf(o, "%d", c->grade);
	field(o, c->cls);
	field(o, c->village);
	field(o, c->address);
	field(o, c->boarding ? "yes" : "no");
	field(o, lb_canon[c->lb]);
	field(o, c->fname);
	field(o, c->fphone);
	field(o, c->fwork);
	field(o, c->fprov);
	field(o, c->mname);
	field(o, c->mphone);
	field(o, c->mwork);
	field(o, c->mprov);
	fieldf(o, "%d", c->visits);
	field(o, c->gname);
	field(o, rel_canon[c->rel]);
	field(o, c->gphone);
	fieldf(o, "%d", c->gage);
	field(o, health_canon[c->health]);
	field(o, edu_canon[c->edu]);
	field(o, c->gocc);
	field(o, c->gaddr);
	field(o, att_canon[c->att]);
	if (c->hard2 >= 0)
		fieldf(o, "%s;%s", hard_canon[c->hard], hard_canon[c->hard2]);
	else
		field(o, c->hard >= 0 ? hard_canon[c->hard] : "");
	fieldf(o, "%d", c->academic);
	field(o, c->vaccinated ? "complete" : "incomplete");
	field(o, c->trained ? "yes" : "no");
	field(o, status_canon[c->status]);
	field(o, e);
	field(o, staff[c->mentor].id);
	fieldf(o, "P%08u", c->buddy);
	field(o, c->note != NULL ? c->note : "");
	endrow(o);
}

static void
write_intake_row(struct out *o, const struct card *c)
{
	char b[32], e[32];

	mixdate(b, sizeof(b), c->birth);
	mixdate(e, sizeof(e), c->enrolled);
	field(o, c->id);
	field(o, c->name);
	field(o, c->male ? "男" : "女");
	field(o, b);
	field(o, c->idc);
	fieldf(o, "%d", c->grade);
	field(o, c->cls);
	field(o, c->village);
	field(o, c->address);
	field(o, c->boarding ? "是" : "否");
	field(o, lb_cn[c->lb]);
	field(o, c->fname);
	field(o, c->fphone);
	field(o, c->fwork);
	field(o, c->fprov);
	field(o, c->mname);
	field(o, c->mphone);
	field(o, c->mwork);
	field(o, c->mprov);
	fieldf(o, "%d", c->visits);
	field(o, c->gname);
	field(o, rel_cn[c->rel]);
	field(o, c->gphone);
	fieldf(o, "%d", c->gage);
	field(o, health_cn[c->health]);
	field(o, edu_cn[c->edu]);
	field(o, c->gocc);
	field(o, c->gaddr);
	field(o, att_cn[c->att]);
	if (c->hard2 >= 0)
		fieldf(o, "%s;%s", hard_cn[c->hard], hard_cn[c->hard2]);
	else
		field(o, c->hard >= 0 ? hard_cn[c->hard] : "");
	fieldf(o, "%d", c->academic);
	field(o, c->vaccinated ? "已完成" : "未完成");
	field(o, c->trained ? "是" : "否");
	field(o, status_cn[c->status]);
	field(o, e);
	field(o, c->note != NULL ? c->note : "");
	endrow(o);
}

static const char roster_header[] =
    "student_id,name,gender,birth_date,id_card,grade,class,village,address,"
    "boarding,left_behind,father_name,father_phone,father_work_place,"
    "father_work_province,mother_name,mother_phone,mother_work_place,"
    "mother_work_province,parent_visits_per_year,guardian_name,"
    "guardian_relation,guardian_phone,guardian_age,guardian_health,"
    "guardian_education,guardian_occupation,guardian_address,attention,"
    "hardship,academic,vaccination,guardian_trained,status,enrolled_on,"
    "mentor_id,buddy_id,notes";
static const char intake_header[] =
    "学籍号,姓名,性别,出生日期,身份证号,年级,班级,所在村组,家庭住址,是否寄宿,"
    "留守类型,父亲姓名,父亲电话,父亲务工地点,父亲务工省份,母亲姓名,母亲电话,"
    "母亲务工地点,母亲务工省份,父母每年回家次数,监护人姓名,与学生关系,监护人电话,"
    "监护人年龄,监护人身体状况,监护人文化程度,监护人职业,监护人住址,关注等级,"
    "困境类型,学业成绩,疫苗接种,监护人参加家教培训,在校状态,入档日期,备注";

#define NCLASS 12

struct opts {
	size_t children, logrows, teachers, intake;
	unsigned pupils;
	uint64_t seed;
};

/* One school: its staff, children (roster, intake) and class lists. */
static void
gen_school(const struct opts *op, size_t si, size_t nk, size_t nt,
    struct out *roster, struct out *st, struct out *pool, struct out *intake,
    size_t *intake_left)
{
	char school[64], cls[64], email[64], phone[16], name[32];
	const char *sur, *town;
	size_t t0 = nstaff, i, j, nmentor, k;
	uint32_t head[NCLASS], in_class[NCLASS] = { 0 }, first_pool[NCLASS];
	uint32_t mentor, max;
	int county = (int)(si / 40 % NCOUNTY), c, g;
	struct card card;
	struct kid *kd;
	struct pupil {
		char name[32], village[32];
		unsigned char cls, male, lb, academic, active;
	} *pk;

	/* 青山石门小学: the town, and the village without its 村. */
	town = towns[si % NELEM(towns)];
	snprintf(school, sizeof(school), "%s%.6s", town,
	    villages[si / NELEM(towns) % NELEM(villages)]);
	if (si >= NELEM(towns) * NELEM(villages))
		snprintf(school + strlen(school), sizeof(school) - strlen(school),
		    "%zu", si / (NELEM(towns) * NELEM(villages)) + 1);
	strcat(school, "小学");

	/* Staff: a head (not a mentor), then teachers taking the classes in
	 * turn; with fewer teachers than classes each heads several. */
	if (nt < 2)
		nt = 2;
	nmentor = nt - 1;
	for (i = 0; i < nt; i++) {
		if (nstaff == capstaff) {
			capstaff = capstaff ? capstaff * 2 : 1024;
			staff = realloc(staff, capstaff * sizeof(*staff));
			if (staff == NULL)
				exit(71);
		}
		snprintf(staff[nstaff].id, sizeof(staff[nstaff].id), "T%06zu",
		    nstaff + 1);
		staff[nstaff].school = (uint32_t)si;
		nstaff++;
	}
	for (c = 0; c < NCLASS; c++)
		head[c] = (uint32_t)(t0 + 1 + (size_t)c % nmentor);
	pk = calloc(nk ? nk : 1, sizeof(*pk));
	if (pk == NULL)
		exit(71);
	for (i = 0; i < nk; i++) {
		pk[i].cls = (unsigned char)ri(NCLASS);
		in_class[pk[i].cls]++;
	}
	if (st->f != NULL) {
		for (i = 0; i < nt; i++) {
			int male = pm(400);

			sur = WPICK(surnames);
			if (male)
				PERSON(name, sur, par_m);
			else
				PERSON(name, sur, par_f);
			field(st, staff[t0 + i].id);
			field(st, name);
			field(st, male ? "男" : "女");
			field(st, i == 0 ? "校长" : i <= NCLASS ? "班主任" : "科任老师");
			cls[0] = '\0';
			for (c = 0; c < NCLASS && i > 0; c++) {
				/* The classes it heads, the next one's too (a
				 * subject), and a grade for the others. */
				if (head[c] != t0 + i &&
				    head[(c + 1) % NCLASS] != t0 + i &&
				    !(i > NCLASS && c / 2 == (int)(i % 6)))
					continue;
				snprintf(cls + strlen(cls), sizeof(cls) - strlen(cls),
				    "%s%d-%d", cls[0] ? ";" : "", c / 2 + 1, c % 2 + 1);
			}
			/* The classes as the roster writes them: school first. */
			{
				char full[1024] = "", *p, *save = NULL;

				for (p = strtok_r(cls, ";", &save); p != NULL;
				    p = strtok_r(NULL, ";", &save))
					snprintf(full + strlen(full),
					    sizeof(full) - strlen(full), "%s%s%s",
					    full[0] ? ";" : "", school, p);
				field(st, full);
			}
			if (pm(30))
				email[0] = '\0';
			else
				snprintf(email, sizeof(email),
				    "t%06zu@school%zu.example.com", t0 + i + 1, si + 1);
			field(st, email);
			mobile(phone, sizeof(phone));
			field(st, phone);
			/* Room for the classes a teacher heads, and some. */
			for (max = 0, c = 0; c < NCLASS; c++)
				if (head[c] == t0 + i)
					max += in_class[c];
			fieldf(st, "%u", i == 0 ? 3 : max + max / 2 + 3);
			field(st, pm(15) ? "否" : "是");
			endrow(st);
		}
	}

	/* Children; each class's other pupils are numbered in a block. */
	kd = kids + nkids_all;
	for (c = 0; c < NCLASS; c++) {
		first_pool[c] = pool_seq;
		pool_seq += in_class[c] * op->pupils;
	}
	for (i = 0; i < nk; i++) {
		c = pk[i].cls;
		mentor = head[c];
		make_card(&card, county, town, school, c, mentor);
		/* A buddy among the classmates who are not left behind. */
		card.buddy = first_pool[c] + ri(in_class[c] * op->pupils);
		write_roster_row(roster, &card);
		if (*intake_left > 0) {
			write_intake_row(intake, &card);
			(*intake_left)--;
		}
		memcpy(kd[i].id, card.id, sizeof(kd[i].id));
		kd[i].mentor = mentor;
		/* Transferred or gone in the year: no records after. */
		kd[i].to = (int16_t)(card.status != 0 ? 60 + ri(150) : 400);
		kd[i].from = (int16_t)(card.enrolled > year_start ?
		    card.enrolled - year_start : 0);
		j = ri(100);
		kd[i].weight = j < 3 ? 0 : j < 13 ? 1 : 4;
		memcpy(pk[i].name, card.name, sizeof(pk[i].name));
		memcpy(pk[i].village, card.village, sizeof(pk[i].village));
		pk[i].male = (unsigned char)card.male;
		pk[i].lb = (unsigned char)card.lb;
		pk[i].academic = (unsigned char)card.academic;
		pk[i].active = card.status == 0;
	}
	/*
	 * The class lists: the class's left-behind children (still at
	 * school) under their own numbers, then their classmates.
	 */
	for (c = 0; pool->f != NULL && c < NCLASS; c++) {
		g = c / 2 + 1;
		for (i = 0; i < nk; i++) {
			if (pk[i].cls != c || !pk[i].active)
				continue;
			field(pool, kd[i].id);
			field(pool, pk[i].name);
			fieldf(pool, "%s%d-%d", school, g, c % 2 + 1);
			field(pool, pk[i].male ? "男" : "女");
			fieldf(pool, "%d", pk[i].academic);
			field(pool, pk[i].village);
			field(pool, pk[i].lb == LB_BOTH ? "双亲留守" :
			    pk[i].lb == LB_PSEUDO ? "假性留守" : "单亲留守");
			endrow(pool);
		}
		for (k = 0; k < in_class[c] * op->pupils; k++) {
			int male = pm(520);

			kid_name(name, WPICK(surnames), male);
			fieldf(pool, "P%08zu", (size_t)first_pool[c] + k);
			field(pool, name);
			fieldf(pool, "%s%d-%d", school, g, c % 2 + 1);
			field(pool, male ? "男" : "女");
			{
				int mark = 50 + (int)ri(21);
				const char *vil, *grp;

				mark += (int)ri(21);
				mark += (int)ri(10);
				fieldf(pool, "%d", mark);
				vil = PICK(villages);
				grp = PICK(group_cn);
				fieldf(pool, "%s%s组", vil, grp);
			}
			field(pool, "非留守");
			endrow(pool);
		}
	}
	free(pk);
	nkids_all += nk;
}

/* One log row's note: Chinese, with the commas, quotes and breaks people type. */
static const char *
note_for(const char *kind)
{
	if (pm(8))
		return "家访时奶奶说:\"孩子很懂事\",\n就是不爱说话";
	if (pm(5))
		return "电话没打通\n改天再联系";
	if (strcmp(kind, "talk") == 0)
		return PICK(talk_notes);
	if (strcmp(kind, "home_visit") == 0)
		return PICK(visit_notes);
	if (strcmp(kind, "guardian_contact") == 0)
		return PICK(guardian_notes);
	if (strcmp(kind, "parent_contact") == 0)
		return PICK(parent_notes);
	return PICK(other_notes);
}

static void
gen_log(const struct opts *op, struct out *log)
{
	size_t nschool = 0, per, left = op->logrows, i, n;
	long day, days = year_end - year_start + 1, d, rec;
	double acc = 0, rate;
	char date[16];
	const char *kind;
	struct kid *k;

	for (day = year_start; day <= year_end; day++)
		nschool += school_day(day) ? 20 : 1;
	rate = (double)op->logrows / (double)nschool;
	for (day = year_start; day <= year_end && left > 0; day++) {
		acc += rate * (school_day(day) ? 20 : 1);
		per = (size_t)acc;
		acc -= (double)per;
		if (day == year_end)
			per = left;
		if (per > left)
			per = left;
		for (n = 0; n < per; n++) {
			/* Pick a child, seen less often when its weight is low. */
			d = day - year_start;
			do
				k = &kids[ri((uint32_t)nkids_all)];
			while ((k->weight < 4 && (k->weight == 0 ||
			    ri(4) >= k->weight)) || d < k->from || d > k->to);
			rec = d;
			/* Nearly in order: a few were typed in days late. */
			if (pm(30))
				rec -= 1 + (long)ri(3);
			else if (pm(3))
				rec -= 10 + (long)ri(10);
			if (rec < 0)
				rec = 0;
			if (rec >= days)
				rec = days - 1;
			iso(date, year_start + rec);
			kind = WPICK(kinds);
			/* Home visits cluster at the start, middle and end of term. */
			if (strcmp(kind, "home_visit") == 0 && !visit_season(day) &&
			    pm(800))
				kind = "talk";
			field(log, date);
			field(log, k->id);
			field(log, kind);
			/* Mostly the mentor; else a colleague of the school. */
			i = k->mentor;
			if (pm(100) && i + 1 < nstaff &&
			    staff[i + 1].school == staff[i].school)
				i++;
			field(log, staff[i].id);
			field(log, note_for(kind));
			endrow(log);
		}
		left -= per;
	}
}

static void
usage(void)
{
	fputs("usage: gen [-s seed] [-t teachers] [-i intake] [-p pupils] "
	    "[-o dir] children logrows\n", stderr);
	exit(64);
}

static size_t
count_arg(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		usage();
	return (size_t)v;
}

int
main(int argc, char *argv[])
{
	struct opts op = { 0, 0, 0, (size_t)-1, 3, 20260926 };
	struct out roster = { 0 }, st = { 0 }, pool = { 0 }, intake = { 0 };
	struct out log = { 0 };
	size_t nschools, si, left, nk, nt, t_done = 0, k_done = 0, intake_left;
	long want;
	int c;

	while ((c = getopt(argc, argv, "i:o:p:s:t:")) != -1) {
		switch (c) {
		case 'i':
			op.intake = count_arg(optarg);
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'p':
			op.pupils = (unsigned)count_arg(optarg);
			break;
		case 's':
			op.seed = count_arg(optarg);
			break;
		case 't':
			op.teachers = count_arg(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	op.children = count_arg(argv[optind]);
	op.logrows = count_arg(argv[optind + 1]);
	if (op.children == 0 || op.children > 40000000)
		usage();
	if (op.teachers == 0)
		op.teachers = op.children * 6 / 100 > 3 ? op.children * 6 / 100 : 3;
	if (op.intake == (size_t)-1)
		op.intake = op.children < 50000 ? op.children : 50000;
	rng_state = op.seed;
	year_start = days_from_civil(2025, 9, 1);
	year_end = days_from_civil(2026, 6, 30);
	birth_lo = days_from_civil(2012, 9, 1);
	used_ids = calloc((size_t)NCOUNTY * BIRTH_DAYS * 1000 / 8 + 1, 1);
	kids = calloc(op.children, sizeof(*kids));
	if (used_ids == NULL || kids == NULL) {
		fputs("gen: out of memory\n", stderr);
		return 71;
	}

	out_open(&roster, "roster.csv", 0);
	header(&roster, roster_header);
	out_open(&st, "staff.csv", 1);
	header(&st, "工号,教师姓名,性别,职务,任教班级,邮箱,手机,最多帮扶人数,是否在岗");
	if (op.pupils > 0) {
		out_open(&pool, "pool.csv", 0);
		header(&pool, "学籍号,姓名,班级,性别,学业成绩,所在村组,是否留守");
	}
	out_open(&intake, "intake.csv", 1);
	header(&intake, intake_header);
	intake_left = op.intake;

	/* Schools of about 150 children, 60 .. 240. */
	nschools = (op.children + 75) / 150;
	if (nschools == 0)
		nschools = 1;
	left = op.children;
	for (si = 0; si < nschools; si++) {
		if (si + 1 == nschools)
			nk = left;
		else {
			nk = (op.children - k_done) / (nschools - si);
			nk = nk * (70 + ri(61)) / 100;
			if (nk > left)
				nk = left;
		}
		/* Teachers in proportion to the children so far. */
		want = (long)((double)op.teachers * (double)(k_done + nk) /
		    (double)op.children + 0.5) - (long)t_done;
		nt = want < 2 ? 2 : (size_t)want;
		gen_school(&op, si, nk, nt, &roster, &st, &pool, &intake,
		    &intake_left);
		t_done += nt;
		k_done += nk;
		left -= nk;
	}
	out_close(&roster);
	out_close(&st);
	out_close(&pool);
	out_close(&intake);

	out_open(&log, "log.csv", 0);
	header(&log, "date,student_id,kind,staff_id,note");
	gen_log(&op, &log);
	out_close(&log);
	free(used_ids);
	free(kids);
	free(staff);
	return 0;
}
