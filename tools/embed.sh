#!/bin/sh
# embed.sh: turn a text file into a C array (no xxd on a bare machine).
# Usage: tools/embed.sh SYMBOL FILE > OUT.c
set -eu
sym=$1 file=$2
printf '/* generated from %s by tools/embed.sh: do not edit */\n' "$file"
printf '#include <stddef.h>\nconst char %s[] = {\n' "$sym"
od -An -v -tx1 "$file" | sed -e 's/  */ /g' -e 's/^ //' -e '/^$/d' \
    -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00 };\nconst size_t %s_len = sizeof(%s) - 1;\n' "$sym" "$sym"
