#!/bin/sh
# run.sh: build the libFuzzer targets fuzz/fuzz_*.c and run each in turn.
# Usage: sh fuzz/run.sh [SECONDS [TARGET ...]]   (from anywhere; default 60;
# 0 runs each target once over its inputs, without fuzzing)
#
# The library is built with clang -fsanitize=fuzzer-no-link,address,undefined
# into build/fuzz/ (by the Makefile, so the flags match the real build),
# each target links it with -fsanitize=fuzzer.  A target runs for SECONDS
# on its seed corpus fuzz/corpus/NAME, the crashers found so far
# fuzz/regress/NAME (run first: each must pass), and the inputs earlier
# runs found (build/fuzz/corpus/NAME, where new ones go).  Any crash, leak,
# sanitizer report, failed property, input slower than 10 s or use of more
# than 2 GB fails the run: the input is saved as build/fuzz/crash/NAME-*
# (copy it into fuzz/regress/NAME once fixed) and the exit status is 1.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
secs=${1:-60}
[ $# -gt 0 ] && shift
case $secs in
''|*[!0-9]*) echo "usage: sh fuzz/run.sh [SECONDS [TARGET ...]]" >&2; exit 64;;
esac

sh tools/deps.sh clang libclang-rt-14-dev || exit 1
cc=${FUZZ_CC:-clang}
B=build/fuzz
san='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all'
make --no-print-directory B=$B CC="$cc" CFLAGS="$san -fsanitize=fuzzer-no-link" \
    $B/liblb.a >&2 || exit 1
# libzip and libxlsxwriter: loaded by lib/lazylib.c when first called.
libs="$(pkg-config --libs yaml-0.1 libpcre2-8 expat freexl 2>/dev/null ||
    echo -lyaml -lpcre2-8 -lexpat -lfreexl) -lcsv -pthread -ldl"

if [ $# -eq 0 ]; then
	set --
	for f in fuzz/fuzz_*.c; do
		n=${f#fuzz/fuzz_}
		set -- "$@" "${n%.c}"
	done
fi
mkdir -p $B/crash $B/log
# Leaks are reported at the end of each input; a real one fails the run.
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for t in "$@"; do
	src=fuzz/fuzz_$t.c bin=$B/fuzz_$t log=$B/log/$t.log
	if [ ! -f "$src" ]; then
		echo "fuzz: no target '$t' ($src)" >&2
		failed=1
		continue
	fi
	if ! $cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    -Wall -Wextra -Werror -Ilib -Ifuzz $san -fsanitize=fuzzer \
	    -o "$bin" "$src" $B/liblb.a $libs; then
		failed=1
		continue
	fi
	mkdir -p $B/corpus/$t
	dirs="$B/corpus/$t"
	for d in fuzz/corpus/$t fuzz/regress/$t; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	dict=
	[ -f fuzz/$t.dict ] && dict=-dict=fuzz/$t.dict
	how="-max_total_time=$secs"
	[ "$secs" -eq 0 ] && how=-runs=0
	# shellcheck disable=SC2086
	"$bin" $how -timeout=10 -rss_limit_mb=2048 \
	    -max_len=16384 -print_final_stats=1 $dict \
	    -artifact_prefix=$B/crash/$t- $dirs >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ $rc -ne 0 ] || grep -q '^SUMMARY: \|runtime error' "$log"; then
		echo "fuzz: $t: FAILED (exit $rc; log $log)"
		grep -B2 -A30 'ERROR\|runtime error\|property failed' "$log" |
		    head -60 | sed 's/^/    /'
		ls $B/crash/$t-* 2>/dev/null | sed 's/^/    input: /'
		failed=1
	else
		echo "fuzz: $t: ok, ${runs:-0} inputs in $secs s, ${cov:-cov: ?}"
	fi
done
exit $failed
