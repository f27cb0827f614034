#!/bin/sh
# run.sh: benchmark lb against Miller and sqlite3 on generated data.
# Usage: sh bench/run.sh quick|full|smoke [BUILD]   (default BUILD: build)
#   quick  school and county sizes, with Miller and sqlite3 (make bench)
#   full   province size, with sqlite3 (make bench-full)
#   smoke  school size, every command once, no timing (the test suite)
# Environment: BENCH_DATA (data folder, default BUILD/bench-data), BENCH_RUNS
# (runs of each lb job, default 5; 3 at province), BENCH_PEER_RUNS (runs
# of each Miller and sqlite3 job, default 3), BENCH_KEEP=1 (keep the
# province files, which are deleted after the run otherwise).
# Prints one line per job; see bench/README.md.
set -u
mode=${1:-quick}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-build}
case $build in /*) ;; *) build=$top/$build;; esac
bin=$build/bin
case $mode in quick|full|smoke) ;; *)
	echo "usage: sh bench/run.sh quick|full|smoke [BUILD]" >&2; exit 64;;
esac
for c in lb-enroll lb-pair lb-log lb-due lb-report; do
	[ -x "$bin/$c" ] || { echo "run.sh: no '$bin/$c' (build first)" >&2; exit 66; }
done
export LC_ALL=C.UTF-8 TZ=UTC
unset LB_POLICY
asof=2026-06-30
policy=$top/bench/policy.yaml
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lbbench.XXXXXX") || exit 71
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# The generator, compiled by us: gen.c is plain C11.
gen=$tmp/gen
${CC:-cc} -O2 -o "$gen" "$top/bench/gen.c" || { echo "run.sh: cannot build bench/gen.c" >&2; exit 70; }

# gendata DIR ARGS...: generate unless DIR holds the same already.
gendata() {
	d=$1; shift
	stamp="$* $(cksum <"$top/bench/gen.c")"
	if [ -f "$d/.stamp" ] && [ "$(cat "$d/.stamp")" = "$stamp" ]; then
		return 0
	fi
	rm -rf "$d" && mkdir -p "$d" || exit 73
	echo "generating $d: gen $*" >&2
	"$gen" -o "$d" "$@" || { echo "run.sh: gen failed" >&2; exit 70; }
	echo "$stamp" >"$d/.stamp"
}

# The five commands on one data folder, for the smoke test and as a check
# before timing: each must succeed (0) or report findings (1).
check_commands() {
	d=$1
	for job in enroll pair log due report; do
		rm -f "$tmp/out.csv"
		case $job in
		enroll) "$bin/lb-enroll" -p "$policy" --as-of $asof "$d/intake.csv" >"$tmp/out.csv";;
		pair) "$bin/lb-pair" -p "$policy" --as-of $asof --staff "$d/staff.csv" \
		    --pool "$d/pool.csv" --rebalance "$d/roster.csv" >"$tmp/out.csv";;
		log) cp "$d/log.csv" "$tmp/log.csv" && "$bin/lb-log" -p "$policy" \
		    --as-of $asof -l "$tmp/log.csv" --by T000002 --note "说想妈妈了" talk \
		    "$(sed -n 2p "$d/roster.csv" | cut -d, -f1)";;
		due) "$bin/lb-due" -p "$policy" --as-of $asof --staff "$d/staff.csv" \
		    -l "$d/log.csv" "$d/roster.csv" >"$tmp/out.csv";;
		report) "$bin/lb-report" -p "$policy" --as-of $asof -l "$d/log.csv" \
		    --term 2026-spring --format csv "$d/roster.csv" >"$tmp/out.csv";;
		esac 2>"$tmp/err"
		rc=$?
		if [ $rc -gt 1 ]; then
			echo "lb-$job: exit $rc"
			head -5 "$tmp/err"
			return 1
		fi
		echo "lb-$job: ok"
	done
}

if [ "$mode" = smoke ]; then
	d=$tmp/school
	mkdir -p "$d" && "$gen" -o "$d" 150 6000 || exit 70
	check_commands "$d"
	exit $?
fi

for t in mlr sqlite3 /usr/bin/time; do
	command -v $t >/dev/null 2>&1 && continue
	sh "$top/tools/deps.sh" miller sqlite3 time || exit 69
	break
done

data=${BENCH_DATA:-$build/bench-data}
runs=${BENCH_RUNS:-5}
[ "$mode" = full ] && runs=${BENCH_RUNS:-3}
peer_runs=${BENCH_PEER_RUNS:-3}
results=$data/results-$mode.txt
mkdir -p "$data" || exit 73
: >"$results"

say() { printf '%s\n' "$*" | tee -a "$results"; }

# timeit N LABEL CMD...: run CMD N times in the current folder (stdin
# empty, stdout to $tmp/out), keep "microseconds peak-rss-kb" per run in
# $tmp/LABEL; exit statuses above 1 abort.
timeit() {
	tn=$1 label=$2; shift 2
	: >"$tmp/$label"
	i=0
	while [ $i -lt "$tn" ]; do
		s=$(date +%s%N)
		/usr/bin/time -f '%M %x' -o "$tmp/rss" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
		e=$(date +%s%N)
		rc=$(tail -1 "$tmp/rss" | cut -d' ' -f2)
		if [ "$rc" -gt 1 ]; then
			echo "run.sh: $label: exit $rc: $*" >&2
			head -5 "$tmp/err" >&2
			exit 1
		fi
		echo "$(( (e - s) / 1000 )) $(tail -1 "$tmp/rss" | cut -d' ' -f1)" >>"$tmp/$label"
		i=$((i + 1))
	done
	lines=$(wc -l <"$tmp/out")
	echo "$lines" >"$tmp/$label.lines"
}

# median LABEL: "seconds rss_mb" (median time, largest peak RSS).
median() {
	sort -n "$tmp/$1" | awk '{ t[NR] = $1; if ($2 > r) r = $2 }
	    END { m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
	    printf "%.3f %.1f\n", m / 1e6, r / 1024 }'
}

bytes() { cat "$@" | wc -c; }

# row SIZE JOB TOOL LABEL BYTES [LB-LABEL]: one result line, with the
# ratio of its median time to LB-LABEL's.
row() {
	size=$1 job=$2 tool=$3 label=$4 in=$5 ref=${6:-}
	set -- $(median "$label")
	t=$1 rss=$2
	mbs=$(awk -v b="$in" -v t="$t" 'BEGIN { printf "%.0f", (t > 0 ? b / 1e6 / t : 0) }')
	x=
	if [ -n "$ref" ]; then
		set -- $(median "$ref")
		x=$(awk -v p="$t" -v l="$1" 'BEGIN { printf "%.1fx", p / l }')
	fi
	say "$(printf '%-9s %-7s %-8s %9.3f s %7s MB/s %8.1f MB  %6s rows  %s' \
	    "$size" "$job" "$tool" "$t" "$mbs" "$rss" "$(cat "$tmp/$label.lines")" "$x")"
}

header() {
	say ""
	say "$(printf '%-9s %-7s %-8s %11s %12s %11s  %11s  %s' size job tool median \
	    throughput "peak RSS" output "peer/lb")"
}

lbdue() { "$bin/lb-due" -p "$policy" --as-of $asof --staff staff.csv -l log.csv roster.csv; }

# jobs SIZE WITH-MILLER: lb-due and lb-report against the peers, here.
jobs() {
	size=$1 mlr=$2
	in=$(bytes roster.csv log.csv)
	header
	timeit "$runs" due-lb "$bin/lb-due" -p "$policy" --as-of $asof --staff staff.csv \
	    -l log.csv roster.csv
	timeit "$peer_runs" due-sqlite sqlite3 -batch :memory: ".read $top/bench/peers/due.sql"
	[ "$mlr" = 1 ] && timeit "$peer_runs" due-mlr sh "$top/bench/peers/due-mlr.sh"
	row "$size" due lb due-lb "$in"
	row "$size" due sqlite3 due-sqlite "$in" due-lb
	[ "$mlr" = 1 ] && row "$size" due miller due-mlr "$in" due-lb
	timeit "$runs" report-lb "$bin/lb-report" -p "$policy" --as-of $asof -l log.csv \
	    --term 2026-spring --format csv roster.csv
	timeit "$peer_runs" report-sqlite sqlite3 -batch :memory: \
	    ".read $top/bench/peers/report.sql"
	[ "$mlr" = 1 ] && timeit "$peer_runs" report-mlr sh "$top/bench/peers/report-mlr.sh"
	row "$size" report lb report-lb "$in"
	row "$size" report sqlite3 report-sqlite "$in" report-lb
	[ "$mlr" = 1 ] && row "$size" report miller report-mlr "$in" report-lb
}

say "lb benchmark ($mode), $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -srm)"
say "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(free -g | awk '/^Mem/ { print $2 }') GiB"
say "tools: $(mlr --version 2>/dev/null), sqlite3 $(sqlite3 --version | cut -d' ' -f1); lb $("$bin/lb-due" --version | head -1)"
say "median of $runs runs (lb) and $peer_runs (peers); as of $asof; data in $data"

if [ "$mode" = quick ]; then
	# School: every command, N runs in a loop, against starting a process.
	gendata "$data/school" 150 6000
	cd "$data/school" || exit 1
	check_commands . >/dev/null || exit 1
	n=50
	say ""
	say "school (150 children, 6,000 log rows): mean of $n runs each, in a sh loop"
	loop() {	# loop NAME CMD...: mean milliseconds of n runs
		name=$1; shift
		s=$(date +%s%N)
		i=0
		while [ $i -lt $n ]; do "$@" >/dev/null 2>&1; i=$((i + 1)); done
		e=$(date +%s%N)
		say "$(printf '  %-28s %6.2f ms' "$name" "$(awk -v d=$((e - s)) -v n=$n \
		    'BEGIN { print d / n / 1e6 }')")"
	}
	cp log.csv "$tmp/log.csv"
	sid=$(sed -n 2p roster.csv | cut -d, -f1)
	loop "(start /bin/true)" /bin/true
	loop "lb-enroll intake" "$bin/lb-enroll" -p "$policy" --as-of $asof intake.csv
	loop "lb-pair --rebalance" "$bin/lb-pair" -p "$policy" --as-of $asof \
	    --staff staff.csv --pool pool.csv --rebalance roster.csv
	loop "lb-log (one talk)" "$bin/lb-log" -p "$policy" --as-of $asof \
	    -l "$tmp/log.csv" --by T000002 talk "$sid"
	loop "lb-due" lbdue
	loop "lb-due --format table" "$bin/lb-due" -p "$policy" --as-of $asof \
	    --staff staff.csv -l log.csv --format table roster.csv
	loop "lb-report" "$bin/lb-report" -p "$policy" --as-of $asof -l log.csv roster.csv
	loop "lb-report --format html" "$bin/lb-report" -p "$policy" --as-of $asof \
	    -l log.csv --format html roster.csv
	timeit 5 school-due "$bin/lb-due" -p "$policy" --as-of $asof --staff staff.csv \
	    -l log.csv roster.csv

	# County: the jobs against Miller and sqlite3, intake and pairing.
	gendata "$data/county" -t 3000 -i 50000 50000 2000000
	gendata "$data/county-log200k" -t 3000 -i 50000 50000 200000
	cd "$data/county" || exit 1
	check_commands . >/dev/null || exit 1
	jobs county 1
	say ""
	timeit "$runs" enroll "$bin/lb-enroll" -p "$policy" --as-of $asof intake.csv
	row county enroll lb enroll "$(bytes intake.csv)"
	timeit "$runs" pair "$bin/lb-pair" -p "$policy" --as-of $asof --staff staff.csv \
	    --pool pool.csv --rebalance roster.csv
	row county pair lb pair "$(bytes roster.csv staff.csv pool.csv)"
	# Memory: the same roster with a tenth of the log.
	cd "$data/county-log200k" || exit 1
	timeit 3 due-small "$bin/lb-due" -p "$policy" --as-of $asof --staff staff.csv \
	    -l log.csv roster.csv
	row county200k due lb due-small "$(bytes roster.csv log.csv)"
	set -- $(median school-due) && a=$2
	set -- $(median due-lb) && b=$2
	set -- $(median due-small) && c=$2
	say ""
	say "lb-due peak RSS: school $a MB, county $b MB (2,000,000 log rows), county $c MB (200,000 log rows)"
	say "  growth per child, school -> county: $(awk -v a="$a" -v b="$b" \
	    'BEGIN { printf "%.0f", (b - a) * 1048576 / (50000 - 150) }') bytes"
else
	# Province: 1,000,000 children and 20,000,000 rows, with sqlite3 only
	# (Miller holds the whole log in memory: over 20 GiB).
	avail=$(df -Pk "$data" | awk 'NR == 2 { print $4 }')
	if [ "$avail" -lt 6000000 ]; then
		echo "run.sh: need about 6 GB free in $data (have $((avail / 1024)) MB)" >&2
		exit 73
	fi
	gendata "$data/province" -t 60000 -i 0 -p 0 1000000 20000000
	gendata "$data/county" -t 3000 -i 50000 50000 2000000
	cd "$data/county" || exit 1
	timeit 3 due-county "$bin/lb-due" -p "$policy" --as-of $asof --staff staff.csv \
	    -l log.csv roster.csv
	cd "$data/province" || exit 1
	jobs province 0
	set -- $(median due-county) && a=$2
	set -- $(median due-lb) && b=$2
	say ""
	say "lb-due peak RSS: county $a MB, province $b MB"
	say "  growth per child, county -> province: $(awk -v a="$a" -v b="$b" \
	    'BEGIN { printf "%.0f", (b - a) * 1048576 / (1000000 - 50000) }') bytes"
	cd "$data" || exit 1
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$data/province"
fi
say ""
say "results also in $results"
