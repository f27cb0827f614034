# gen.awk: deterministic generator of the fictional example school 青山乡中心小学.
#
# Run through gen.sh (LC_ALL=C awk -v outdir=DIR -f gen.awk). Everything is
# drawn from our own Park-Miller generator, never rand(), and only small
# integers are ever printed, so mawk, gawk and the one true awk write
# byte-identical files. Strings are handled as bytes (C locale): Chinese
# text is only concatenated and compared, never cut.

# --- random numbers ----------------------------------------------------

# Park-Miller "minimal standard" (multiplier 48271): S * 48271 < 2^47, so
# double arithmetic is exact in every awk.
function rnd() { S = (S * 48271) % 2147483647; return S }
# 0 .. n-1
function ri(n) { rnd(); return int((S - 1) * n / 2147483646) }
# true with probability p percent
function pct(p) { return ri(1000) < p * 10 }

# Word lists: lset("name", "a b c"), lpick("name").
function lset(name, s,    a, n, i) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++)
		L[name, i] = a[i]
	LN[name] = n
}
function lpick(name) { return L[name, ri(LN[name]) + 1] }

# Weighted lists: wset("name", "a=5;b=3"), wpick("name").
function wset(name, s,    a, n, i, kv) {
	n = split(s, a, ";")
	WT[name] = 0
	for (i = 1; i <= n; i++) {
		split(a[i], kv, "=")
		W[name, i] = kv[1]
		WW[name, i] = kv[2] + 0
		WT[name] += kv[2] + 0
	}
	WN[name] = n
}
function wpick(name,    r, i) {
	r = ri(WT[name])
	for (i = 1; i <= WN[name]; i++) {
		if (r < WW[name, i])
			return W[name, i]
		r -= WW[name, i]
	}
	return W[name, WN[name]]
}

# --- dates, ids, phones, CSV --------------------------------------------

function leap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
function dim(y, m) {
	if (m == 2)
		return 28 + leap(y)
	if (m == 4 || m == 6 || m == 9 || m == 11)
		return 30
	return 31
}
function iso(y, m, d) { return sprintf("%04d-%02d-%02d", y, m, d) }
# A date the way a teacher types it into Excel/WPS.
function mixdate(y, m, d,    r) {
	r = ri(100)
	if (r < 40)
		return y "/" m "/" d
	if (r < 65)
		return y "年" m "月" d "日"
	if (r < 95)
		return iso(y, m, d)
	return sprintf("%04d%02d%02d", y, m, d)
}

# ISO 7064 MOD 11-2 check character of the first 17 digits.
function idcheck(body,    i, s) {
	s = 0
	for (i = 1; i <= 17; i++)
		s += substr(body, i, 1) * IDW[i]
	return substr("10X98765432", s % 11 + 1, 1)
}
# A resident ID number: region, birth date, sequence whose last digit is
# odd for a male, check character. Unique within the run.
function idcard(region, y, m, d, male,    body, id) {
	do {
		body = region sprintf("%04d%02d%02d", y, m, d) sprintf("%02d", ri(100)) \
		    (male ? 1 + 2 * ri(5) : 2 * ri(5))
		id = body idcheck(body)
	} while (id in USEDID)
	USEDID[id] = 1
	return id
}

function mobile() { return lpick("mob") sprintf("%04d%04d", ri(10000), ri(10000)) }
# 池州 landlines: 0566 and seven digits.
function landline() { return "0566-" lpick("ll") sprintf("%06d", ri(1000000)) }

function csvq(s) {
	if (s ~ /[",\r\n]/) {
		gsub(/"/, "\"\"", s)
		return "\"" s "\""
	}
	return s
}
# Writes R[1..n] as one CSV record to file f, ending it with eol.
function putrow(f, n, eol,    i, line) {
	line = csvq(R[1])
	for (i = 2; i <= n; i++)
		line = line "," csvq(R[i])
	printf "%s%s", line, eol > f
}

# --- people ------------------------------------------------------------

function surname() { return wpick("sur") }
function other_surname(not,    s) {
	do s = surname(); while (s == not)
	return s
}
# Given names by generation: children born 2013-2020, parents born
# 1975-1995, grandparents born 1945-1970.
function kidname(male) {
	if (pct(22))
		return male ? lpick("km1") : lpick("kf1")
	return male ? lpick("km2") : lpick("kf2")
}
function parname(male) { return male ? lpick("pm") : lpick("pf") }
function oldname(male) { return male ? lpick("om") : lpick("of") }

# Age in whole years on 2026-09-01.
function age_at(y, m, d) { return 2026 - y - (m > 9 || (m == 9 && d > 1)) }

# --- data --------------------------------------------------------------

function init_data(    i, a) {
	split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", IDW, " ")
	split("一 二 三 四 五 六 七 八 九 十", CN, " ")
	lset("mob", "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 173 176 177 180 181 182 183 185 186 187 188 189 191 198 199")
	lset("ll", "5 8")

	# Villages of 青山乡 (weight), how many groups each, and the clan
	# surname that dominates it ("-" for the market village).
	wset("vil", "青山村=24;河口村=15;杨柳村=12;石门村=12;竹园村=10;松林村=10;双河村=9;桃源村=8")
	split("青山村 9 - 河口村 8 汪 杨柳村 7 杨 石门村 6 方 竹园村 6 章 松林村 7 吴 双河村 6 程 桃源村 5 檀", a, " ")
	for (i = 1; i < 24; i += 3) {
		NGRP[a[i]] = a[i + 1]
		CLAN[a[i]] = a[i + 2]
	}
	wset("sur", "王=8;李=6;张=6;刘=4;陈=6;杨=3;黄=3;吴=4;周=3;徐=3;汪=4;方=3;程=3;胡=4;章=2;江=2;何=2;朱=2;姚=2;鲍=1;檀=1;孙=2;高=2;钱=1;潘=2;丁=2;叶=2;余=2;查=1;柯=1;许=1;姜=1")

	lset("km1", "浩 杰 宇 轩 涛 磊 鑫 博 强 凯 林 斌 辉 阳 俊 峰 超 鹏 晨 睿")
	lset("km2", "浩然 宇航 俊杰 子豪 梓轩 浩宇 一鸣 家乐 文博 晨阳 思远 天佑 明轩 嘉豪 雨泽 子墨 皓轩 宇轩 奕辰 铭泽 锦程 志豪 俊熙 子涵 博文 泽宇 浩轩 家豪 乐乐 晓东 子轩 昊天 振宇 承志")
	lset("kf1", "悦 婷 静 雪 琳 欣 颖 萱 妍 丹 洁 月 瑶 彤")
	lset("kf2", "欣怡 梓涵 诗琪 雨欣 子萱 思琪 佳怡 雨桐 紫涵 一诺 梦瑶 可馨 语嫣 晓雯 欣妍 若汐 诗涵 佳琪 梓萱 嘉怡 雨萱 心怡 雅琪 欣悦 佳慧 思雨 梦琪 馨月 安琪 甜甜")
	lset("pm", "伟 强 磊 军 勇 涛 斌 超 明 亮 建军 海波 国庆 志刚 卫东 小兵 春生 冬生 志强 海涛 晓东 建伟 俊峰 小军 红旗 金龙 长江 国兵 平安 文华")
	lset("pf", "芳 丽 娟 敏 静 霞 燕 红 梅 英 丽娟 小红 春燕 海燕 晓燕 丽萍 美玲 秀云 玲玲 翠萍 小芳 金凤 红梅 丽华 小琴 爱华")
	lset("om", "建国 国华 德胜 有才 长春 金山 国平 光明 志华 福生 根生 宝山 学文 正清 家贵 福来 永年 德明 寿山 水生 来顺")
	lset("of", "秀英 桂兰 玉兰 秀兰 凤英 翠花 桂英 玉珍 秀珍 春兰 金凤 月娥 素芳 冬梅 桂香 兰英 荷花 菊英 腊梅 金花")

	# Where parents work, with the province (~88% out of province).
	wset("work", \
	    "浙江宁波某电子厂|浙江省=8;浙江杭州某服装厂|浙江省=5;浙江义乌某饰品厂|浙江省=6;" \
	    "浙江温州某鞋厂|浙江省=4;浙江慈溪某家电厂|浙江省=5;浙江嘉兴某纺织厂|浙江省=3;" \
	    "浙江杭州某快递公司|浙江省=3;广东东莞某鞋厂|广东省=6;广东深圳某电子厂|广东省=6;" \
	    "广东广州某服装厂|广东省=3;广东佛山某家具厂|广东省=3;广东中山某灯具厂|广东省=2;" \
	    "江苏苏州某电子厂|江苏省=7;江苏昆山某电子厂|江苏省=5;江苏无锡某机械厂|江苏省=4;" \
	    "江苏南京某建筑工地|江苏省=4;上海某建筑工地|上海市=6;上海某物流公司|上海市=3;" \
	    "上海松江某工厂|上海市=3;上海某饭店|上海市=2;福建晋江某鞋厂|福建省=2;" \
	    "北京某装修公司|北京市=2;安徽合肥某建筑工地|安徽省=5;安徽芜湖某汽车配件厂|安徽省=3;" \
	    "池州市区某饭店|安徽省=2")
	wset("home", "在家务农|=60;本地打零工|安徽省=20;青阳县城打零工|安徽省=12;乡里超市打工|安徽省=8")
	wset("local", "青阳县城某建材店|安徽省=3;池州市区某饭店|安徽省=3;青阳县城某服装店|安徽省=2;乡里砖厂|安徽省=2;青阳县城开出租车|安徽省=2")
	# Some children were born where their parents work.
	wset("region", "341723=92;330282=2;441900=2;320583=2;330782=1;310112=1")

	wset("rel_B", "奶奶=28;爷爷=24;外婆=10;外公=6;叔叔=8;姑姑=7;舅舅=5;伯父=6;姨妈=6")
	wset("rel_F", "母亲=88;奶奶=7;爷爷=5")
	wset("rel_M", "父亲=62;奶奶=22;爷爷=10;外婆=6")
	wset("rel_P", "奶奶=30;爷爷=15;外婆=10;母亲=35;父亲=10")
	wset("edu_old", "文盲=20;半文盲=5;小学=50;初中=20;高中=5")
	wset("edu_par", "小学=24;初中=54;高中=12;中专=7;大专=3")
	wset("occ_old", "务农=55;在家务农=15;养殖=5;无业=10;打零工=8;退休=4;个体=3")
	wset("occ_par", "务农=40;打零工=25;个体=10;超市收银员=5;在家=10;养殖=10")
	wset("occ_rel", "务农=40;个体=20;打零工=20;木工=10;司机=10")
	wset("visits", "1=45;2=30;3=12;4=8;6=5")
	wset("hard", "家庭贫困=55;儿童患病=14;监护缺失=10;心理健康=10;其他=6")

	# Staff in hiring order: id|name|sex|post|classes|mail|max|active.
	ALL = "1-1;1-2;2-1;2-2;3-1;3-2;4-1;4-2;5-1;5-2;6-1;6-2"
	UP = "3-1;3-2;4-1;4-2;5-1;5-2;6-1;6-2"
	NST = split("T01|程立新|男|校长|6-1|chenglixin|3|是," \
	    "T02|王秀梅|女|副校长|5-2|wangxiumei|3|是," \
	    "T03|方志刚|男|教导主任|4-1;4-2|fangzhigang|3|是," \
	    "T04|汪志勇|男|班主任|6-1|wangzhiyong|8|是," \
	    "T05|鲍国庆|男|科任老师|6-1;6-2|baoguoqing|8|是," \
	    "T06|徐红霞|女|班主任|4-1|xuhongxia|8|是," \
	    "T07|李春华|女|班主任|5-1|lichunhua|8|是," \
	    "T08|胡海涛|男|班主任|4-2|huhaitao|8|是," \
	    "T09|何建军|男|科任老师|4-1;4-2|hejianjun|6|是," \
	    "T10|檀小琴|女|班主任|6-2|tanxiaoqin|8|是," \
	    "T11|章伟|男|班主任|5-2|zhangwei|8|是," \
	    "T12|郑海燕|女|科任老师|5-1;5-2|zhenghaiyan|8|是," \
	    "T13|杨帆|男|班主任|3-1|yangfan|8|是," \
	    "T14|黄敏|女|班主任|3-2|huangmin|8|是," \
	    "T15|孙丽娟|女|科任老师|3-1;3-2|sunlijuan|8|是," \
	    "T16|朱磊|男|科任老师|" ALL "|zhulei|6|是," \
	    "T17|吴倩|女|科任老师|3-1;3-2;4-1;4-2|wuqian|8|是," \
	    "T18|张晓燕|女|班主任|2-1|zhangxiaoyan|8|是," \
	    "T19|吴玉梅|女|班主任|2-2||8|是," \
	    "T20|钱明|男|科任老师|2-1;2-2|qianming|8|是," \
	    "T21|石建平|男|科任老师|" UP "|shijianping||是," \
	    "T22|潘文静|女|科任老师|1-1;1-2;2-1;2-2;3-1;3-2|panwenjing|8|是," \
	    "T23|陈丽|女|班主任|1-1|chenli|8|是," \
	    "T24|刘婷婷|女|班主任|1-2|liutingting|8|是," \
	    "T25|周静|女|科任老师|1-1;1-2|zhoujing|8|是," \
	    "T26|姚佳|女|科任老师|5-1;5-2;6-1;6-2|yaojia|8|否," \
	    "T27|江雨婷|女|科任老师|" ALL "|jiangyuting|6|是," \
	    "T28|何俊|男|科任老师|" UP "|hejun|6|是," \
	    "T29|许晓雯|女|科任老师|" ALL "|xuxiaowen|8|是," \
	    "T30|严金花|女|其他||yanjinhua||是", STAFF, ",")
	for (i = 1; i <= NST; i++) {
		split(STAFF[i], a, "|")
		if (a[4] == "班主任")
			HEAD[a[5]] = a[1]
		# the one teacher of a grade's two classes (the maths teacher)
		if (a[4] == "科任老师" && a[5] ~ /^[1-6]-1;[1-6]-2$/)
			MATH[substr(a[5], 1, 1)] = a[1]
	}
	LAX["T19"] = 1		# an older head teacher who records little
	LAX["T13"] = 1
}

# --- the pupils ----------------------------------------------------------

function gen_pupils(    g, c, n, k, i, yb, mo, v, name, seen, perm, m, j, t) {
	NP = 0
	for (g = 1; g <= 6; g++) {
		m = 0
		for (c = 1; c <= 2; c++) {
			n = 46 + ri(9)
			for (k = 1; k <= n; k++) {
				i = ++NP
				GR[i] = g
				CL[i] = g "-" c
				MALE[i] = pct(53)
				# Grade g in autumn 2026 was born 2019-09 .. 2020-08
				# shifted back g-1 years; a few started a year late.
				yb = 2020 - g - pct(5)
				mo = ri(12)
				BY[i] = mo < 4 ? yb : yb + 1
				BM[i] = mo < 4 ? 9 + mo : mo - 3
				BD[i] = 1 + ri(dim(BY[i], BM[i]))
				v = wpick("vil")
				VIL[i] = v
				GRP[i] = CN[1 + ri(NGRP[v])]
				SUR[i] = (CLAN[v] != "-" && pct(45)) ? CLAN[v] : surname()
				do name = SUR[i] kidname(MALE[i]); while ((CL[i], name) in seen)
				seen[CL[i], name] = 1
				NM[i] = name
				LB[i] = ""
				if (pct(19))
					LB[i] = substr("BBBBBBBBBBFFFFFFMMMPP", 1 + ri(21), 1)
				t = 78 + ri(21) + ri(21) + ri(21) - 30 - (LB[i] != "" ? 5 : 0)
				ACAD[i] = t > 100 ? 100 : (t < 31 ? 31 : t)
				perm[++m] = i
			}
		}
		# School numbers: S, last digit of the entry year, three digits,
		# handed out across the grade in no particular class order.
		for (k = m; k > 1; k--) {
			j = 1 + ri(k)
			t = perm[k]; perm[k] = perm[j]; perm[j] = t
		}
		for (k = 1; k <= m; k++)
			SID[perm[k]] = "S" ((2027 - g) % 10) sprintf("%03d", k)
		NEXTSEQ[g] = m + 1
	}
}

# The demo (DESIGN.md, examples/demo.sh) logs a talk with S2031 by T07:
# make S2031 a left-behind pupil of 5-1, T07's class, whose mother is away.
function fix_demo_child(    i, x, y, t) {
	for (i = 1; i <= NP; i++)
		if (SID[i] == "S2031")
			x = i
	if (CL[x] == "5-1" && (LB[x] == "B" || LB[x] == "M"))
		return
	for (i = 1; i <= NP; i++)
		if (CL[i] == "5-1" && (LB[i] == "B" || LB[i] == "M")) {
			y = i
			break
		}
	t = SID[x]; SID[x] = SID[y]; SID[y] = t
}

# --- contact cards --------------------------------------------------------

function place(spec, who,    a) {
	split(spec, a, "|")
	WPLACE[who] = a[1]
	WPROV[who] = a[2]
}

# Fills the card arrays for left-behind pupil i.
function card(i,    t, age, fsur, msur, rel, gs, ga, r, h, old) {
	t = LB[i]
	age = age_at(BY[i], BM[i], BD[i])
	fsur = SUR[i]
	msur = other_surname(fsur)
	FN[i] = fsur parname(1)
	MN[i] = msur parname(0)
	FP[i] = mobile()
	MP[i] = mobile()
	FA = age + 23 + ri(11)
	MA = FA - ri(6)
	if (MA < age + 20)
		MA = age + 20
	if (t == "B") {
		place(wpick("work"), "f")
		if (pct(65))
			place(WPLACE["f"] "|" WPROV["f"], "m")
		else
			place(wpick("work"), "m")
	} else if (t == "F") {
		place(wpick("work"), "f")
		place(wpick("home"), "m")
	} else if (t == "M") {
		place(wpick("home"), "f")
		place(wpick("work"), "m")
	} else {
		place(wpick("local"), "f")
		place(wpick("local"), "m")
	}
	FW[i] = WPLACE["f"]; FV[i] = WPROV["f"]
	MW[i] = WPLACE["m"]; MV[i] = WPROV["m"]
	VIS[i] = t == "P" ? (pct(50) ? 12 : 24) : wpick("visits")

	rel = wpick("rel_" t)
	old = 0
	if (rel == "爷爷") {
		gs = fsur oldname(1); ga = FA + 22 + ri(12); old = 1
	} else if (rel == "奶奶") {
		gs = other_surname(fsur) oldname(0); ga = FA + 20 + ri(12); old = 1
	} else if (rel == "外公") {
		gs = msur oldname(1); ga = MA + 23 + ri(12); old = 1
	} else if (rel == "外婆") {
		gs = other_surname(msur) oldname(0); ga = MA + 21 + ri(12); old = 1
	} else if (rel == "叔叔") {
		gs = fsur parname(1); ga = FA - 1 - ri(6)
	} else if (rel == "伯父") {
		gs = fsur parname(1); ga = FA + 1 + ri(8)
	} else if (rel == "姑姑") {
		gs = fsur parname(0); ga = FA - 4 + ri(9)
	} else if (rel == "舅舅") {
		gs = msur parname(1); ga = MA - 4 + ri(9)
	} else if (rel == "姨妈") {
		gs = msur parname(0); ga = MA - 4 + ri(9)
	} else if (rel == "母亲") {
		gs = MN[i]; ga = MA
	} else {
		gs = FN[i]; ga = FA
	}
	GN[i] = gs
	GREL[i] = rel
	GA[i] = ga
	OLD[i] = old
	if (rel == "母亲")
		GP[i] = MP[i]
	else if (rel == "父亲")
		GP[i] = FP[i]
	else
		GP[i] = (old && pct(35)) ? landline() : mobile()
	r = ri(100)
	if (!old)
		h = r < 85 ? "良好" : (r < 98 ? "一般" : "较差")
	else if (ga < 65)
		h = r < 60 ? "良好" : (r < 95 ? "一般" : "较差")
	else if (ga < 70)
		h = r < 40 ? "良好" : (r < 85 ? "一般" : "较差")
	else
		h = r < 20 ? "良好" : (r < 70 ? "一般" : "较差")
	GH[i] = h
	GE[i] = wpick(old ? "edu_old" : "edu_par")
	if (old)
		GO[i] = wpick("occ_old")
	else if (rel == "母亲" || rel == "父亲")
		GO[i] = wpick("occ_par")
	else
		GO[i] = wpick("occ_rel")
	if (GO[i] == "退休" && GE[i] ~ /文盲|小学/)
		GE[i] = "初中"
	ADDR[i] = "青阳县青山乡" VIL[i] GRP[i] "组" (1 + ri(60)) "号"
	if (old || rel == "母亲" || rel == "父亲" || pct(50))
		GADDR[i] = ADDR[i]
	else
		GADDR[i] = "青阳县青山乡" wpick("vil") CN[1 + ri(5)] "组"

	BOARD[i] = GR[i] >= 4 ? pct(35) : pct(3)
	HARD[i] = ""
	if (pct(12)) {
		HARD[i] = wpick("hard")
		if (HARD[i] == "家庭贫困" && pct(15))
			HARD[i] = HARD[i] ";儿童患病"
	} else if (old && ga >= 75 && h == "较差" && pct(50))
		HARD[i] = "监护缺失"
	if (HARD[i] ~ /监护缺失/)
		ATT[i] = "监护干预"
	else if (HARD[i] ~ /心理健康/)
		ATT[i] = "重点关注"
	else if (ga >= 70 || h == "较差" || HARD[i] != "")
		ATT[i] = pct(80) ? "重点关注" : ""	# left blank: the key rules decide
	else
		ATT[i] = pct(3) ? "重点关注" : "普遍关注"
	VAC[i] = pct(95) ? "已完成" : "未完成"
	TRAIN[i] = pct(87) ? "是" : "否"
	STAT[i] = "在读"
	# first archived: on entering school, or later when a parent left
	if (GR[i] == 1 || pct(70)) {
		EY[i] = 2027 - GR[i]; EM[i] = 9; ED[i] = 2 + ri(20)
	} else {
		EY[i] = 2027 - GR[i] + 1 + ri(GR[i] - 1)
		EM[i] = pct(50) ? 3 : 9
		ED[i] = 1 + ri(25)
	}
	REGION[i] = wpick("region")
	IDC[i] = idcard(REGION[i], BY[i], BM[i], BD[i], MALE[i])
	NOTE[i] = ""
	if (HARD[i] ~ /家庭贫困/)
		NOTE[i] = pct(50) ? "脱贫户（原建档立卡户）" : "享受农村低保"
	else if (HARD[i] ~ /儿童患病/)
		NOTE[i] = pct(50) ? "患有哮喘，天冷易发作，备有喷雾" : "先天性心脏病术后，避免剧烈运动"
	else if (HARD[i] ~ /心理健康/)
		NOTE[i] = "性格孤僻,常一个人发呆,已转介心理辅导老师"
	else if (HARD[i] ~ /监护缺失/ && old)
		NOTE[i] = GREL[i] "年老多病，实际无人照看"
	else if (HARD[i] ~ /监护缺失/)
		NOTE[i] = GREL[i] "早出晚归，孩子放学后常独自在家"
	else if (HARD[i] == "其他")
		NOTE[i] = "父亲服刑中"
	else if (pct(10))
		NOTE[i] = lpick("notes")
	if (BOARD[i] && NOTE[i] == "" && pct(40))
		NOTE[i] = "寄宿生，周末由" GREL[i] "接送"
}

function card_row(i) {
	R[1] = SID[i]; R[2] = NM[i]; R[3] = MALE[i] ? "男" : "女"
	R[4] = mixdate(BY[i], BM[i], BD[i]); R[5] = IDC[i]
	R[6] = GR[i]; R[7] = CL[i]; R[8] = VIL[i] GRP[i] "组"; R[9] = ADDR[i]
	R[10] = BOARD[i] ? "是" : "否"
	R[11] = LB[i] == "B" ? "父母均外出" : LB[i] == "F" ? "父亲外出" : \
	    LB[i] == "M" ? "母亲外出" : "假性留守"
	R[12] = FN[i]; R[13] = FP[i]; R[14] = FW[i]; R[15] = FV[i]
	R[16] = MN[i]; R[17] = MP[i]; R[18] = MW[i]; R[19] = MV[i]
	R[20] = VIS[i]
	R[21] = GN[i]; R[22] = GREL[i]; R[23] = GP[i]; R[24] = GA[i]
	R[25] = GH[i]; R[26] = GE[i]; R[27] = GO[i]; R[28] = GADDR[i]
	R[29] = ATT[i]; R[30] = HARD[i]; R[31] = ACAD[i]; R[32] = VAC[i]
	R[33] = TRAIN[i]; R[34] = STAT[i]
	R[35] = mixdate(EY[i], EM[i], ED[i]); R[36] = NOTE[i]
	return 36
}

function intake_header() {
	return split("学籍号,姓名,性别,出生日期,身份证号,年级,班级,所在村组,家庭住址," \
	    "是否寄宿,留守类型,父亲姓名,父亲电话,父亲务工地点,父亲务工省份,母亲姓名," \
	    "母亲电话,母亲务工地点,母亲务工省份,父母每年回家次数,监护人姓名,与学生关系," \
	    "监护人电话,监护人年龄,监护人身体状况,监护人文化程度,监护人职业,监护人住址," \
	    "关注等级,困境类型,学业成绩,疫苗接种,监护人参加家教培训,在校状态,入档日期,备注", R, ",")
}

# Left-behind pupils in intake order (class, then school number).
function order_lb(    i, j, k, t) {
	NLB = 0
	for (i = 1; i <= NP; i++)
		if (LB[i] != "")
			LBI[++NLB] = i
	for (i = 2; i <= NLB; i++) {
		t = LBI[i]
		for (j = i - 1; j >= 1; j--) {
			k = LBI[j]
			if (CL[k] < CL[t] || (CL[k] == CL[t] && SID[k] < SID[t]))
				break
			LBI[j + 1] = k
		}
		LBI[j + 1] = t
	}
}

# The survey's quirks: one pupil gone, some cards left half-filled.
function special_cases(    k, i, n, pick) {
	for (k = 1; k <= NLB; k++) {
		i = LBI[k]
		if (GR[i] == 4 && LB[i] == "B") {
			TRANSFER = i
			break
		}
	}
	STAT[TRANSFER] = "转出"
	NOTE[TRANSFER] = "2026年10月随父母转学至浙江宁波,已办理转学手续"
	if (LBI[9] != TRANSFER) NOTE[LBI[9]] = "父亲去年在工地受伤,在家休养半年后又外出\n母亲每月寄钱回家"
	NOTE[LBI[47]] = "奶奶说\"孩子很懂事,就是不爱说话\""
	NOTE[LBI[73]] = "父母离异,随" GREL[LBI[73]] "生活\n父亲春节回家"
	NOTE[LBI[88]] = "家长会上奶奶说\"作业没人辅导\"，已安排学习帮手"
	# the school's one case-service child
	for (k = NLB; k >= 1; k--) {
		i = LBI[k]
		if (i != TRANSFER && LB[i] == "B" && HARD[i] == "") {
			HARD[i] = "心理健康"
			ATT[i] = "个案服务"
			NOTE[i] = "性格孤僻,常一个人发呆,已转介心理辅导老师"
			break
		}
	}
	# poverty is commoner here than the first draw gives (~10% of cards)
	for (k = 1; k <= NLB; k++) {
		i = LBI[k]
		if (i == TRANSFER || HARD[i] != "" || !pct(7))
			continue
		HARD[i] = "家庭贫困"
		if (ATT[i] == "普遍关注")
			ATT[i] = "重点关注"
		if (NOTE[i] == "")
			NOTE[i] = pct(50) ? "脱贫户（原建档立卡户）" : "享受农村低保"
	}
	# incomplete cards, one blank field each (what schools forget)
	n = 0
	while (n < 6) {
		pick = LBI[1 + ri(NLB)]
		if (pick == TRANSFER || SID[pick] == "S2031" || (pick in INCOMPLETE))
			continue
		INCOMPLETE[pick] = n++
	}
	for (pick in INCOMPLETE) {
		k = INCOMPLETE[pick]
		if (k == 0 || k == 1) {
			GP[pick] = ""
			if (GREL[pick] == "母亲") MP[pick] = ""
			if (GREL[pick] == "父亲") FP[pick] = ""
		} else if (k == 2)
			GA[pick] = ""
		else if (k == 3) {
			FW[pick] = ""; FV[pick] = ""
			NOTE[pick] = "父亲常年在外，具体务工地点不详"
		} else if (k == 4) {
			if (GREL[pick] == "母亲") {
				GE[pick] = ""
			} else {
				MN[pick] = ""; MP[pick] = ""; MW[pick] = ""; MV[pick] = ""
				NOTE[pick] = "母亲离家多年,联系不上"
			}
		} else
			GE[pick] = ""
	}
	# the school's case-service child, and a few with no records yet
	n = 0
	while (n < 7) {
		pick = LBI[1 + ri(NLB)]
		if (pick == TRANSFER || SID[pick] == "S2031" || (pick in NOLOG))
			continue
		NOLOG[pick] = 1
		n++
	}
}

# --- issue 18: counselling (心理辅导) for two boarders ---------------------
# Two key-attention boarders with no hardship yet get mental_health
# (心理健康): the default policy's counselling kind is due every two weeks
# for them.  T29 counsels both from the first week; the second's sessions
# stop after mid-term (overdue at the end of term).  No random draws here:
# the rest of the school comes out as before.
function counselling_cases(    k, i, n) {
	n = 0
	for (k = 1; k <= NLB && n < 2; k++) {
		i = LBI[k]
		if (i == TRANSFER || SID[i] == "S2031" || (i in NOLOG) ||
		    (i in INCOMPLETE) || HARD[i] != "" || !BOARD[i] ||
		    ATT[i] != "重点关注")
			continue
		HARD[i] = "心理健康"
		NOTE[i] = "寄宿生，情绪低落，每两周心理辅导一次"
		COUNSEL[++n] = i
	}
}

function counselling_log(    n, i, d, stop) {
	for (n = 1; n in COUNSEL; n++) {
		i = COUNSEL[n]
		stop = n == 1 ? 85 : 45
		for (d = school_on(4); d <= stop; d = school_on(d + 14)) {
			R[1] = DAY[d]; R[2] = SID[i]; R[3] = "counselling"
			R[4] = "T29"; R[5] = "心理辅导，谈学校生活和想家的心情"
			EV[d, ++EVN[d]] = csvq(R[1]) "," csvq(R[2]) "," R[3] "," \
			    R[4] "," csvq(R[5])
			NEV++
		}
	}
}

# --- files ---------------------------------------------------------------

function write_intake(    f, k, n) {
	f = outdir "/intake.csv"
	printf "\357\273\277" > f
	n = intake_header()
	putrow(f, n, "\r\n")
	for (k = 1; k <= NLB; k++) {
		n = card_row(LBI[k])
		putrow(f, n, "\r\n")
	}
	close(f)
}

# Three new pupils whose cards are wrong, for the rejects demo.
function write_errors(    f, n, e, g, i, c, bad) {
	f = outdir "/intake-errors.csv"
	printf "\357\273\277" > f
	n = intake_header()
	putrow(f, n, "\r\n")
	split("3 4 2", g, " ")
	for (e = 1; e <= 3; e++) {
		i = ++NP
		GR[i] = g[e]; CL[i] = g[e] "-" (1 + ri(2)); MALE[i] = e != 2
		BY[i] = 2020 - g[e] + 1; BM[i] = 1 + ri(8); BD[i] = 1 + ri(28)
		VIL[i] = wpick("vil"); GRP[i] = CN[1 + ri(NGRP[VIL[i]])]
		SUR[i] = surname(); NM[i] = SUR[i] kidname(MALE[i])
		LB[i] = "B"; ACAD[i] = 60 + ri(30)
		SID[i] = "S" ((2027 - g[e]) % 10) sprintf("%03d", NEXTSEQ[g[e]]++)
		card(i)
		n = card_row(i)
		R[35] = "2026/9/" (7 + e)
		if (e == 1) {
			# a mistyped check character
			c = substr(R[5], 18, 1)
			bad = c == "7" ? "3" : "7"
			R[5] = substr(R[5], 1, 17) bad
			R[36] = "转入生，身份证号照户口本抄录"
		} else if (e == 2) {
			# 2017 is not a leap year; no ID number copied yet
			R[4] = "2017年2月29日"
			R[5] = ""
			R[36] = "转入生，户口本未带来"
		} else {
			R[11] = "父母在外地"
			R[36] = ""
		}
		putrow(f, n, "\r\n")
	}
	close(f)
}

function write_pool(    f, i, j, k, t, ord, m) {
	f = outdir "/class-lists.csv"
	split("学籍号,姓名,班级,性别,学业成绩,所在村组,是否留守", R, ",")
	putrow(f, 7, "\n")
	m = 0
	for (i = 1; i <= NP; i++)
		if (i != TRANSFER && SID[i] != "")
			ord[++m] = i
	for (i = 2; i <= m; i++) {
		t = ord[i]
		for (j = i - 1; j >= 1; j--) {
			k = ord[j]
			if (CL[k] < CL[t] || (CL[k] == CL[t] && SID[k] < SID[t]))
				break
			ord[j + 1] = k
		}
		ord[j + 1] = t
	}
	for (k = 1; k <= m; k++) {
		i = ord[k]
		R[1] = SID[i]; R[2] = NM[i]; R[3] = CL[i]; R[4] = MALE[i] ? "男" : "女"
		R[5] = ACAD[i]; R[6] = VIL[i] GRP[i] "组"
		R[7] = LB[i] == "B" ? "双亲留守" : (LB[i] == "F" || LB[i] == "M") ? \
		    "单亲留守" : LB[i] == "P" ? "假性留守" : "非留守"
		putrow(f, 7, "\n")
	}
	close(f)
}

function write_staff(    f, i, a, sex) {
	f = outdir "/staff.csv"
	printf "\357\273\277" > f
	split("工号,教师姓名,性别,职务,任教班级,邮箱,手机,最多帮扶人数,是否在岗,所在村组", R, ",")
	putrow(f, 10, "\r\n")
	for (i = 1; i <= NST; i++) {
		split(STAFF[i], a, "|")
		R[1] = a[1]; R[2] = a[2]; R[3] = a[3]; R[4] = a[4]; R[5] = a[5]
		R[6] = a[6] == "" ? "" : a[6] "@qsxx.example.com"
		R[7] = mobile(); R[8] = a[7]; R[9] = a[8]; R[10] = ""
		putrow(f, 10, "\r\n")
	}
	write_volunteers(f)
	close(f)
}

# --- volunteers (issue 18): 爱心妈妈, 临时爸爸, village volunteers -------
# Staff rows of role volunteer, after the teachers, each living in a
# village (所在村组) or not; lb-pair gives them to the children who need
# most.  Their monthly companion visits (陪伴) are logged after every
# other row is made, with a random sequence of their own: the rest of
# the example school is as it was without them.

# id|name|sex|post|village|mail|max|phone|active
function init_volunteers() {
	NVOL = split("V01|张桂芳|女|爱心妈妈|青山村|zhangguifang|4|13955601201|是," \
	    "V02|方玉兰|女|巾帼志愿者|石门村|fangyulan|3|13955601202|是," \
	    "V03|杨建国|男|临时爸爸|杨柳村||3|13955601203|是," \
	    "V04|汪晓红|女|爱心妈妈|河口村|wangxiaohong|3|13955601204|是," \
	    "V05|章美华|女|家长志愿者|竹园村|zhangmeihua|3|13955601205|是," \
	    "V06|刘洋|男|青年志愿者||liuyang|8|13955601206|是," \
	    "V07|吴秀英|女|爱心妈妈|松林村|wuxiuying|2|13955601207|否," \
	    "V08|吴国华|男|临时爸爸|松林村|wuguohua|3|13955601208|是," \
	    "V09|程丽萍|女|巾帼志愿者|双河村||2|13955601209|是," \
	    "V10|檀春燕|女|愛心媽媽|桃源村|tanchunyan|2|13955601210|是," \
	    "V11|王淑珍|女|退休教师志愿者|青山村|wangshuzhen|4|13955601211|是", VOL, ",")
}

function write_volunteers(f,    i, a) {
	init_volunteers()
	for (i = 1; i <= NVOL; i++) {
		split(VOL[i], a, "|")
		R[1] = a[1]; R[2] = a[2]; R[3] = a[3]; R[4] = a[4]; R[5] = ""
		R[6] = a[6] == "" ? "" : a[6] "@aixin.example.com"
		R[7] = a[8]; R[8] = a[7]; R[9] = a[9]; R[10] = a[5]
		putrow(f, 10, "\r\n")
	}
}

# A companion visit a month, mostly, to each child who needs most and
# lives where an active volunteer does, by that volunteer.
function volunteer_log(    k, i, a, v, m, lo, hi, saved) {
	saved = S
	S = 18
	init_volunteers()
	for (k = 1; k <= NVOL; k++) {
		split(VOL[k], a, "|")
		if (a[5] != "" && a[9] == "是" && !(a[5] in VOLOF))
			VOLOF[a[5]] = a[1]
	}
	split("陪伴写作业,辅导功课|周末陪伴，一起包饺子|带孩子去镇上买文具|陪伴聊天,孩子很开心|" \
	    "接到家中吃饭，陪伴一下午|陪孩子给妈妈打视频电话", CMP, "|")
	for (k = 1; k <= NLB; k++) {
		i = LBI[k]
		if ((i in NOLOG) || ATT[i] == "普遍关注" || !(VIL[i] in VOLOF))
			continue
		v = VOLOF[VIL[i]]
		CUTOFF = i == TRANSFER ? 39 : 85
		for (m = 0; m < 3; m++) {
			lo = m == 0 ? 5 : (m == 1 ? 35 : 61)
			hi = m == 0 ? 29 : (m == 1 ? 60 : 85)
			if (pct(85))
				ev(i, lo + ri(hi - lo + 1), "companion", v, CMP[1 + ri(6)])
		}
	}
	S = saved
}

# --- the term's activity log ---------------------------------------------

# Day d = 0 is 2026-09-01 (a Tuesday); the log runs to d = 85, 2026-11-25.
function init_term(    d, y, m, dd) {
	y = 2026; m = 9; dd = 1
	for (d = 0; d <= 85; d++) {
		DAY[d] = iso(y, m, dd)
		DOY[m, dd] = d
		WEEKEND[d] = (1 + d) % 7 >= 5
		HOL[d] = (m == 9 && dd >= 25 && dd <= 27) || (m == 10 && dd <= 7)
		SCHOOL[d] = !WEEKEND[d] && !HOL[d]
		if (++dd > dim(y, m)) {
			dd = 1
			m++
		}
	}
}
function school_on(d) {
	while (d <= 85 && !SCHOOL[d])
		d++
	return d
}
function open_on(d) {
	while (d <= 85 && HOL[d])
		d++
	return d
}

# Queues one log row dated d; a few are typed in a day or more late.
function ev(i, d, kind, staff, note,    b) {
	if (d > 85 || d > CUTOFF)
		return
	b = d
	if (pct(3))
		b = d + 1 + ri(3)
	else if (ri(1000) < 3)
		b = d + 10 + ri(10)
	if (b > 85)
		b = 85
	R[1] = DAY[d]; R[2] = SID[i]; R[3] = kind; R[4] = staff; R[5] = note
	EV[b, ++EVN[b]] = csvq(R[1]) "," csvq(R[2]) "," R[3] "," R[4] "," csvq(R[5])
	NEV++
}

function set_notes() {
	lset("notes", "性格内向，不爱说话 学习习惯较好，爱看课外书 视力较差,已配眼镜 " \
	    "有一个弟弟在上幼儿园 爷爷腿脚不便，家访时注意 喜欢画画 父母在外地又生了二胎")
	split("作业完成较好|上课注意力不集中，已提醒|和同学闹矛盾,已调解|情绪稳定，学习积极|" \
	    "最近有些沉默，多关心|字写得工整了,表扬|数学错题较多,课后辅导|说爸爸妈妈在外面打工很辛苦|" \
	    "早饭没吃,已提醒监护人|和同桌相处融洽|喜欢画画，鼓励参加美术兴趣小组|谈理想，想当老师|" \
	    "体育课表现积极|作业没按时交,了解原因是晚上看电视|主动帮同学打扫卫生,表扬", TALK, "|")
	NTALK = 15
	split("期初家访,了解家庭情况|期初家访，监护人配合|家访：住房较旧,学习环境差,建议在校完成作业|" \
	    "期初家访，送学习用品", HV1, "|")
	split("期中家访,反馈学习情况|期中家访，与监护人交流孩子近况|家访发现作业无人辅导,已安排学习帮手", HV2, "|")
	split("电话联系监护人,反映作业情况|与监护人沟通孩子近期表现|提醒监护人注意孩子用眼卫生|" \
	    "微信联系，发送孩子在校照片|提醒监护人天冷添衣", GC, "|")
}

function parent_word(t) {
	if (t == "F") return "爸爸"
	if (t == "M") return "妈妈"
	return pct(55) ? "妈妈" : "爸爸"
}

function talk_note(i, d,    w) {
	w = parent_word(LB[i])
	if (LB[i] != "P" && pct(14))
		return pct(50) ? "说想" w "了" : "想" w ",约好周末视频"
	if (d >= 30 && d <= 45 && LB[i] != "P" && pct(20))
		return "说" w "国庆没回来，有点难过"
	if (d >= 64 && pct(15))
		return "期中考试有进步,表扬鼓励"
	if (OLD[i] && pct(8))
		return "说周末和" GREL[i] "去赶集了"
	if (ATT[i] != "普遍关注" && pct(20))
		return "情绪低落，谈心半小时，有好转"
	return TALK[1 + ri(NTALK)]
}

function pc_note(i, d,    w, who) {
	w = parent_word(LB[i])
	who = w == "妈妈" ? "母亲" : "父亲"
	if (d >= 64 && pct(30))
		return "给" who "打电话,反馈期中成绩"
	if (pct(30))
		return "亲情视频，孩子很开心"
	if (pct(40))
		return "亲情电话,与" w "通话十分钟"
	return "与" who "电话沟通孩子学习情况"
}

function child_log(i,    head, math, lax, period, d, step, skip, stop, who, key, m, lo, hi, r) {
	head = HEAD[CL[i]]
	math = MATH[GR[i]]
	lax = head in LAX
	skip = lax ? 35 : 8
	key = ATT[i] != "普遍关注"
	period = ATT[i] == "个案服务" ? 7 : (key ? 14 : 30)
	CUTOFF = i == TRANSFER ? 39 : 85
	# some pupils' talks lapse part-way through the term
	stop = pct(8) ? 40 + ri(30) : 85

	d = school_on(ri(10))
	while (d <= stop) {
		if (!pct(skip)) {
			r = ri(100)
			who = r < 85 ? head : (HARD[i] ~ /心理/ || r >= 95 ? "T29" : math)
			ev(i, d, "talk", who, talk_note(i, d))
		}
		step = period - int(period / 5) + ri(int(period / 4) + 1)
		d = school_on(d + step)
	}
	if (i == TRANSFER)
		ev(i, 37 + 1, "talk", head, "告知下周随父母转学去宁波,做好告别")

	who = (key && pct(30)) ? substr("T01T02T03", 1 + 3 * ri(3), 3) : head
	if (pct(lax ? 60 : 90)) {
		d = open_on(2 + ri(18))
		ev(i, d, "home_visit", who, HV1[1 + ri(4)])
	}
	if (pct(lax ? 30 : 65)) {
		d = open_on(62 + ri(22))
		ev(i, d, "home_visit", head, HV2[1 + ri(3)])
	}
	for (m = 0; m < 3; m++) {
		lo = m == 0 ? 3 : (m == 1 ? 37 : 61)
		hi = m == 0 ? 28 : (m == 1 ? 60 : 85)
		if (pct(lax ? 50 : 80))
			ev(i, lo + ri(hi - lo + 1), "guardian_contact", head, GC[1 + ri(5)])
		if (LB[i] != "P" && pct(lax ? 45 : 82)) {
			d = lo + ri(hi - lo + 1)
			ev(i, d, "parent_contact", pct(90) ? head : math, pc_note(i, d))
		}
	}
	if (pct(96))
		ev(i, DOY[9, 16], "health_check", "T30", pct(85) ? "秋季体检,身体正常" : \
		    (pct(65) ? "体检：视力下降，已告知监护人" : "体检：龋齿,建议就医"))
	if (HARD[i] ~ /贫困/) {
		ev(i, DOY[9, 10], "aid", "T02", "发放秋季学期助学金")
		if (pct(70))
			ev(i, DOY[11, 20], "aid", "T02", "发放爱心冬衣一件,棉鞋一双")
	} else if ((OLD[i] && GH[i] == "较差") && pct(50))
		ev(i, DOY[11, 20], "aid", "T02", "发放爱心冬衣一件")
	if (pct(80))
		ev(i, DOY[9, 24], "activity", head, "中秋节\"月圆人团圆\"主题活动")
	if (pct(40))
		ev(i, DOY[10, 28], "activity", head, "参加学校秋季运动会")
	if (pct(85))
		ev(i, DOY[10, 23], "meeting", pct(40) ? "T03" : head, \
		    pct(60) ? "关爱留守儿童座谈会" : "留守儿童座谈会,监护人参加")
	if ((BM[i], BD[i]) in DOY && pct(85)) {
		d = school_on(DOY[BM[i], BD[i]])
		ev(i, d, "birthday", head, pct(50) ? "生日祝福,送贺卡和文具" : "集体生日会，送蛋糕")
	}
}

function write_log(    f, k, d, n) {
	init_term()
	for (k = 1; k <= NLB; k++)
		if (!(LBI[k] in NOLOG))
			child_log(LBI[k])
	counselling_log()
	volunteer_log()
	f = outdir "/log.csv"
	print "date,student_id,kind,staff_id,note" > f
	for (d = 0; d <= 85; d++)
		for (n = 1; n <= EVN[d]; n++)
			print EV[d, n] > f
	close(f)
}

BEGIN {
	if (outdir == "")
		outdir = "."
	S = seed != "" ? seed : 20260926
	init_data()
	set_notes()
	gen_pupils()
	fix_demo_child()
	order_lb()
	for (k = 1; k <= NLB; k++)
		card(LBI[k])
	special_cases()
	counselling_cases()
	write_intake()
	write_staff()
	write_pool()
	write_log()
	write_errors()
}
