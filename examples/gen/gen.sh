#!/bin/sh
# gen.sh: regenerate the example school's files (deterministic; any POSIX awk).
# Usage: sh examples/gen/gen.sh [OUTDIR]   (default: examples/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/..}
LC_ALL=C
export LC_ALL
exec "${AWK:-awk}" -v outdir="$out" -f "$here/gen.awk" </dev/null
