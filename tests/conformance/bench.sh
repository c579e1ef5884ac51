#!/usr/bin/env bash
# Times check.js on N copies of the 20-state fixture (default 500), with and without
# --run, and on one serverless file.  The numbers in README.md come from this script.
#
#   tests/conformance/bench.sh [N]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${1:-500}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/defs"
# distinct copies (another Comment each), as N different definitions would be
for i in $(seq 1 "$N"); do
  sed "s/\"Comment\": \"20 states: /\"Comment\": \"copy $i of 20 states: /" \
    "$HERE/fixtures/valid/order-twenty-states.json" > "$TMP/defs/order-$i.json"
  cp "$HERE/fixtures/valid/order-twenty-states.cases.json" "$TMP/defs/order-$i.cases.json"
done

t() { # LABEL CMD...
  local label="$1"; shift
  local s e
  s=$(date +%s.%N)
  "$@" > "$TMP/out.txt" || true
  e=$(date +%s.%N)
  printf '%-52s %6.1f s   %s\n' "$label" "$(awk -v a="$s" -v b="$e" 'BEGIN{print b-a}')" "$(tail -1 "$TMP/out.txt" | sed 's/^check.js: //')"
}

echo "node $(node --version), $(nproc 2>/dev/null || echo '?') CPU(s)"
t "$N x 20-state definition" node "$HERE/check.js" --quiet "$TMP/defs"
t "$N x 20-state definition, --cfn-lint-procs 2" node "$HERE/check.js" --quiet --cfn-lint-procs 2 "$TMP/defs"
t "  only asl-validator,statelint,asl-ls" node "$HERE/check.js" --quiet --only asl-validator,statelint,asl-ls "$TMP/defs"
t "  only cfn-lint" node "$HERE/check.js" --quiet --only cfn-lint "$TMP/defs"
t "  only moto-parse" node "$HERE/check.js" --quiet --only moto-parse "$TMP/defs"
t "$N x 20-state definition, --run (3 cases each)" node "$HERE/check.js" --quiet --run "$TMP/defs"
t "1 serverless file (task-service), all validators" node "$HERE/check.js" --quiet "$HERE/fixtures/serverless/task-service/serverless.yml"
t "1 serverless file, sls-package + sls-cfn-lint only" node "$HERE/check.js" --quiet --only sls-package,sls-cfn-lint "$HERE/fixtures/serverless/task-service/serverless.yml"
