#!/bin/sh
# demo.sh: run the main job of lb on the example school.
# Usage: sh examples/demo.sh BIN-DIR   (make demo passes build/bin)
set -eu
bin=$(cd "${1:-build/bin}" && pwd)
ex=$(cd "$(dirname "$0")" && pwd)
PATH=$bin:$PATH
export PATH

echo "== the example school's effective policy (first lines)"
lb-due -p "$ex/policy.yaml" --print-policy | sed -n '1,12p'
echo "..."
