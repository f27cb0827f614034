#!/bin/sh
# run.sh: run every test of lb for each build given, print TAP, and end
# with "N passed, N failed" alone on the last line.
# Usage: tests/run.sh BUILD-DIR ...   (e.g. build build/asan)
#
# Unit tests are tests/unit/test_*.c built as BUILD/tests/test_*; each
# prints TAP lines.  Command cases are folders tests/<group>/NNNN-what/
# holding `cmd` (a sh script), `status` (expected exit code, default 0),
# `expout` and `experr` (expected stdout and stderr, default empty).  The
# script runs in a fresh temporary folder, with PATH starting at the
# build's bin/, $DATA = tests/data, $EXAMPLES = examples, $CASE = its own
# folder, $BIN = the build's bin folder, and LB_POLICY unset.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0 n=0
report() {	# report OK|NOT NAME [DETAIL-FILE]
	n=$((n + 1))
	if [ "$1" = OK ]; then
		pass=$((pass + 1)); echo "ok $n - $2"
	else
		fail=$((fail + 1)); echo "not ok $n - $2"
		[ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/#   /' "$3" | head -40
	fi
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lbtest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
unset LB_POLICY LANGUAGE
export LC_ALL=C.UTF-8 TZ=UTC

for build in "$@"; do
	b=$(cd "$top/$build" && pwd) || { report NOT "$build: not built"; continue; }
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] || continue
		name="$build $(basename "$t")"
		out="$tmp/unit.out"
		(cd "$top" && "$t") >"$out" 2>&1
		rc=$?
		while IFS= read -r line; do
			case $line in
			"ok "*) report OK "$name: ${line#ok }";;
			"not ok "*) report NOT "$name: ${line#not ok }";;
			"#"*) echo "$line";;
			esac
		done <"$out"
		if [ $rc -ne 0 ] || ! grep -q '^ok\|^not ok' "$out"; then
			report NOT "$name: exit $rc" "$out"
		fi
	done
	for c in "$top"/tests/*/[0-9]*/cmd; do
		[ -f "$c" ] || continue
		case=$(dirname "$c")
		name="$build ${case#$top/tests/}"
		work="$tmp/work"
		rm -rf "$work" && mkdir -p "$work"
		(cd "$work" && PATH="$b/bin:$PATH" BIN="$b/bin" DATA="$top/tests/data" \
		    EXAMPLES="$top/examples" CASE="$case" TOP="$top" \
		    sh "$c" >"$tmp/out" 2>"$tmp/err")
		rc=$?
		want=0; [ -f "$case/status" ] && want=$(cat "$case/status")
		diag="$tmp/diag"; : >"$diag"
		[ "$rc" = "$want" ] || echo "exit status $rc, expected $want" >>"$diag"
		if [ -f "$case/expout" ]; then exp="$case/expout"; else exp=/dev/null; fi
		diff -u "$exp" "$tmp/out" >>"$diag" 2>&1 || echo "(stdout differs)" >>"$diag"
		if [ -f "$case/experr" ]; then exp="$case/experr"; else exp=/dev/null; fi
		diff -u "$exp" "$tmp/err" >>"$diag" 2>&1 || echo "(stderr differs)" >>"$diag"
		if [ -s "$diag" ]; then report NOT "$name" "$diag"; else report OK "$name"; fi
	done
done
echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
