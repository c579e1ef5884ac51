#!/usr/bin/env bash
# CI entry point of the conformance checks (issue 4): the examples and a
# generated corpus must pass every validator, `serverless package` and their
# executions in moto; mutations of the corpus must all be rejected by our
# validator, and the agreement of the other validators is reported.
#
#   tests/conformance/run.sh                    # a fresh seed (from the clock)
#   SEED=20250101120000 tests/conformance/run.sh   # reproduce a run
#
# Settings (environment): SEED, COUNT (machines, default 500), MUTATIONS
# (default 424: 8 per class), PER_SERVICE (machines per serverless.yml,
# default 25), OUT (work directory, default a new temp dir; kept), JOBS and
# CFN_LINT_PROCS (passed to check.js), RUN_TIMEOUT (seconds per execution,
# default 120: a 55-state corpus machine with retries took 6 s in moto on an idle
# machine and over 30 s under the load of the packaging beside it).
#
# Exit status: 0 when everything holds; 1 when an example or a generated
# machine fails a validator, packaging or an execution, or a mutant is
# accepted by our validator; 2 for a setup error.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SEED="${SEED:-$(date -u +%Y%m%d%H%M%S)}"
COUNT="${COUNT:-500}"
MUTATIONS="${MUTATIONS:-424}"
PER_SERVICE="${PER_SERVICE:-25}"
RUN_TIMEOUT="${RUN_TIMEOUT:-120}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/conformance-run.XXXXXX")}"
CHECK_OPTS=()
[ -n "${JOBS:-}" ] && CHECK_OPTS+=(--jobs "$JOBS")
[ -n "${CFN_LINT_PROCS:-}" ] && CHECK_OPTS+=(--cfn-lint-procs "$CFN_LINT_PROCS")

echo "== conformance run: SEED=$SEED (reproduce with SEED=$SEED $0)"
echo "   work directory: $OUT"

now() { date +%s.%N; }
T_ALL="$(now)"
TIMES=()
step() { STEP_NAME="$1"; STEP_T="$(now)"; echo; echo "== $1"; }
done_step() {
  local s
  s="$(awk -v a="$STEP_T" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')"
  TIMES+=("$(printf '%-44s %7ss' "$STEP_NAME" "$s")")
  echo "   ($STEP_NAME: ${s}s)"
}
FAILED=()

step "install the validators (install.sh)"
"$HERE/install.sh"
done_step

step "build the corpus generator (release)"
(cd "$ROOT" && cargo build --release -q -p conformance-corpus)
# Wherever cargo builds (CARGO_TARGET_DIR, a config file, or target/).
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
BIN="$TARGET_DIR/release/conformance-corpus"
done_step

step "write the examples' serverless.yml"
mkdir -p "$OUT/examples"
(cd "$ROOT" && cargo build -q --examples)
n_examples=0
for f in "$ROOT"/examples/*.rs; do
  name="$(basename "$f" .rs)"
  mkdir -p "$OUT/examples/$name"
  (cd "$ROOT" && cargo run -q --example "$name") > "$OUT/examples/$name/serverless.yml"
  # the executions of each example: tests/conformance/corpus/example-cases/<name>/
  if [ -d "$HERE/corpus/example-cases/$name" ]; then
    cp "$HERE/corpus/example-cases/$name"/*.cases.json "$OUT/examples/$name/" 2>/dev/null || true
  fi
  n_examples=$((n_examples + 1))
done
echo "   $n_examples examples"
done_step

step "generate $COUNT machines (emit --seed $SEED)"
"$BIN" emit --seed "$SEED" --count "$COUNT" --per-service "$PER_SERVICE" --out "$OUT/corpus"
done_step

step "check the examples and the corpus (every validator, packaging, executions)"
set +e
node "$HERE/check.js" --run --run-timeout "$RUN_TIMEOUT" --quiet ${CHECK_OPTS[@]+"${CHECK_OPTS[@]}"} \
  --json-out "$OUT/valid-results.json" "$OUT/examples" "$OUT/corpus"
rc=$?
set -e
if [ "$rc" = 2 ]; then echo "run.sh: check.js could not run" >&2; exit 2; fi
[ "$rc" = 0 ] || FAILED+=("a valid definition failed a validator, packaging or an execution (seed $SEED; seeds are in each machine's Comment)")
done_step

step "package the examples with osls 3 and osls 4 (then cfn-lint)"
set +e
node "$HERE/check.js" --quiet ${CHECK_OPTS[@]+"${CHECK_OPTS[@]}"} \
  --only osls3-package,osls3-cfn-lint,osls4-package,osls4-cfn-lint \
  --json-out "$OUT/osls-results.json" "$OUT/examples"
rc=$?
set -e
if [ "$rc" = 2 ]; then echo "run.sh: check.js could not run" >&2; exit 2; fi
[ "$rc" = 0 ] || FAILED+=("an example failed packaging with osls 3 or osls 4, or cfn-lint on what it packaged")
done_step

step "draw $COUNT machines (Mermaid, DOT, SVG) and check every diagram"
"$BIN" graphs --seed "$SEED" --count "$COUNT" --out "$OUT/graphs"
node "$HERE/graphs.js" "$OUT/graphs" || FAILED+=("a diagram does not parse (Mermaid, dot or XML)")
done_step

step "mutate $MUTATIONS machines (mutate --seed $SEED)"
"$BIN" mutate --seed "$SEED" --count "$MUTATIONS" --bases "$COUNT" --out "$OUT/mutants" \
  || FAILED+=("our validator or parser accepts a mutant")
done_step

step "check the mutants (expected to fail; no packaging, no executions)"
set +e
node "$HERE/check.js" --quiet ${CHECK_OPTS[@]+"${CHECK_OPTS[@]}"} --skip sls-package,moto-run \
  --json-out "$OUT/mutant-results.json" "$OUT"/mutants/[0-9]*.json > "$OUT/mutant-check.txt"
rc=$?
set -e
if [ "$rc" = 2 ]; then echo "run.sh: check.js could not run" >&2; exit 2; fi
tail -n 1 "$OUT/mutant-check.txt"
done_step

step "agreement of the validators"
"$BIN" agree --manifest "$OUT/mutants/manifest.json" --results "$OUT/mutant-results.json" \
  --valid "$OUT/valid-results.json" | tee "$OUT/agreement.md" \
  || FAILED+=("agree: a mutant accepted by us, or a valid definition failed")
done_step

TOTAL="$(awk -v a="$T_ALL" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')"
echo
echo "== summary (SEED=$SEED)"
printf '   %s\n' "${TIMES[@]}"
printf '   %-44s %7ss\n' "total" "$TOTAL"
echo "   results: $OUT/valid-results.json, $OUT/mutant-results.json, $OUT/agreement.md"
if [ "${#FAILED[@]}" -gt 0 ]; then
  printf 'FAILED: %s\n' "${FAILED[@]}" >&2
  exit 1
fi
echo "OK"
