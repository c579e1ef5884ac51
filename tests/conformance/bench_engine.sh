#!/usr/bin/env bash
# The engine against moto, whole process: N copies (default 100) of the
# 20-state fixture with its 3 executions each, run by moto (check.js --run,
# moto-run only: Python start, CreateStateMachine, StartExecution,
# DescribeExecution polling) and by the engine (`conformance-corpus
# run-cases`, release build: read the ASL, run, compare). Both check the
# same expected outputs. The figures in the engine's closing note come from
# this script.
#
#   tests/conformance/bench_engine.sh [N]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
N="${1:-100}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/defs"
for i in $(seq 1 "$N"); do
  sed "s/\"Comment\": \"20 states: /\"Comment\": \"copy $i of 20 states: /" \
    "$HERE/fixtures/valid/order-twenty-states.json" > "$TMP/defs/order-$i.json"
  cp "$HERE/fixtures/valid/order-twenty-states.cases.json" "$TMP/defs/order-$i.cases.json"
done
(cd "$ROOT" && cargo build -q --release -p conformance-corpus)
BIN="$ROOT/target/release/conformance-corpus"

t() { # LABEL CMD...
  local label="$1"; shift
  local s e
  s=$(date +%s.%N)
  "$@" > "$TMP/out.txt" 2>&1 || { cat "$TMP/out.txt"; exit 1; }
  e=$(date +%s.%N)
  local secs; secs=$(awk -v a="$s" -v b="$e" 'BEGIN{print b-a}')
  printf '%-46s %8.3f s   %s\n' "$label" "$secs" "$(tail -1 "$TMP/out.txt" | cut -c1-90)"
  LAST="$secs"
}

echo "$(nproc 2>/dev/null || echo '?') CPU(s); $N definitions x 3 executions"
t "moto (check.js --run, moto-run only)" node "$HERE/check.js" --quiet --run --only moto-run "$TMP/defs"
MOTO="$LAST"
t "engine (conformance-corpus run-cases)" "$BIN" run-cases "$TMP/defs"
ENGINE="$LAST"
awk -v m="$MOTO" -v e="$ENGINE" 'BEGIN{printf "engine is %.0fx faster, whole process\n", m/e}'
