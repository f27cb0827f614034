#!/bin/sh
# mkpot.sh: extract lb's messages (_(), N_(), P_() of cmd/ and lib/) as a .pot.
# Usage: sh po/mkpot.sh [OUT]   (default po/lb.pot; run from anywhere)
# The one xgettext command line: `make pot` and tests/i18n use it alike.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/po/lb.pot}
case $out in /*) ;; *) out=$(pwd)/$out;; esac
cd "$top"
# Sorted file names, no line numbers and no date: the .pot changes only
# when a message does.
xgettext --language=C --from-code=UTF-8 --sort-by-file --add-location=file \
    --add-comments=TRANSLATORS: --package-name=lb \
    --msgid-bugs-address='see README.md' \
    --keyword=_ --keyword=N_ --keyword=P_:1,2 \
    --flag=_:1:pass-c-format --flag=P_:1:pass-c-format \
    --flag=P_:2:pass-c-format \
    --flag=diag_error:4:c-format --flag=diag_warn:4:c-format \
    --flag=diag_die:2:c-format --flag=sbuf_printf:2:c-format \
    --flag=snprintf:3:c-format --flag=fprintf:2:c-format \
    --flag=perr:3:c-format --flag=fail:4:c-format \
    --flag=problem:2:c-format \
    -o "$out.tmp" $(ls cmd/*.c lib/*.c | LC_ALL=C sort)
sed '/^"POT-Creation-Date: /d' "$out.tmp" >"$out"
rm -f "$out.tmp"
