#!/usr/bin/env bash
# Self-test of check.js on the fixtures beside it (needs install.sh first):
#   - every valid fixture passes every validator (SKIP only where documented),
#   - every broken fixture gets exactly the verdicts the validators are known to give,
#   - the known false positives are still produced by the tools (with --strict), so each
#     filter in check.js is still needed, and are dropped without --strict,
#   - exit status, --quiet, --json-out, stubs only in the temp copy, and the asl-validator
#     Ajv cache giving the same verdicts as the uncached validator.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
T0=$(date +%s)
fail=0
note() { printf '%s\n' "$*"; }
bad() { note "not ok: $*"; fail=$((fail + 1)); }

# 1. everything, with --run ---------------------------------------------------------
node check.js --run --run-timeout 3 --json-out "$TMP/all.json" fixtures > "$TMP/all.txt" 2> "$TMP/all.err"
rc=$?
[ "$rc" = 1 ] || bad "exit status $rc on fixtures/ (with broken ones), expected 1: $(cat "$TMP/all.err")"

# 2. the known false positives, --strict (moto-run left out: no filter concerns it) --
node check.js --strict --skip moto-run --json-out "$TMP/strict.json" fixtures/false-positives > /dev/null 2>&1

# 3. valid inputs only: exit 0, --quiet prints only the summary ----------------------
node check.js --quiet --run fixtures/valid fixtures/false-positives fixtures/serverless/task-service > "$TMP/quiet.txt" 2>&1
rc=$?
[ "$rc" = 0 ] || bad "exit status $rc on valid fixtures, expected 0: $(cat "$TMP/quiet.txt")"
[ "$(wc -l < "$TMP/quiet.txt")" = 1 ] && grep -q '^check.js: .* 0 failed' "$TMP/quiet.txt" \
  || bad "--quiet on valid fixtures should print only the summary, got: $(cat "$TMP/quiet.txt")"

# 4. asl-validator with and without the Ajv cache ------------------------------------
node check.js --only asl-validator --json-out "$TMP/cached.json" fixtures > /dev/null 2>&1
CONFORMANCE_NO_AJV_CACHE=1 node check.js --only asl-validator --json-out "$TMP/uncached.json" fixtures > /dev/null 2>&1

# 5. stubs and packaging happen in a temp copy only -----------------------------------
for p in fixtures/serverless/task-service/task_service fixtures/serverless/task-service/.serverless \
         fixtures/serverless/variables/src fixtures/serverless/variables/target fixtures/serverless/broken/handler.py; do
  [ -e "$p" ] && bad "$p was created in the source directory"
done

node - "$TMP" <<'EOF' || fail=$((fail + 1))
const tmp = process.argv[2];
const all = require(`${tmp}/all.json`);
const strict = require(`${tmp}/strict.json`);
const V = ['asl-validator', 'statelint', 'asl-ls', 'cfn-lint', 'moto-parse', 'moto-run'];
const S = { P: 'PASS', F: 'FAIL', S: 'SKIP' };
let ok = 0; let bad = 0;
const check = (what, got, want) => {
  if (got === want) ok++;
  else { bad++; console.log(`not ok: ${what}: got ${got}, expected ${want}`); }
};
const byId = (doc, list) => Object.fromEntries(doc[list].map((d) => [d.id, d]));
const defs = byId(all, 'definitions');
const files = byId(all, 'files');
const row = (id, verdicts) => {
  const d = defs[id];
  if (!d) { bad++; console.log(`not ok: no result for ${id}`); return; }
  verdicts.split(' ').forEach((v, i) => {
    const r = d.results[V[i]];
    check(`${V[i]} ${id}${r && r.messages.length ? ` (${r.messages.join(' | ').slice(0, 200)})` : ''}`, r ? r.status : 'missing', S[v]);
  });
};

// valid definitions: every validator passes (SKIP where a tool cannot handle the feature)
const skips = {
  'fixtures/valid/jsonata.json': 'P S P P P S',
  'fixtures/false-positives/statelint-moto-distributed-map.json': 'P P P P P S',
};
for (const id of Object.keys(defs)) {
  if (/^fixtures\/(valid|false-positives)\//.test(id)) row(id, skips[id] || 'P P P P P P');
}
// the cases files must really have been run
check('cases run for order-twenty-states', (defs['fixtures/valid/order-twenty-states.json'].results['moto-run'].cases || []).length, 3);
check('cases run for task-service', (defs['fixtures/serverless/task-service/serverless.yml#Weekly'].results['moto-run'].cases || []).length, 2);

// broken definitions: what each validator is known to catch (F) and to miss (P)
//                                                  asl-validator statelint asl-ls cfn-lint moto-parse moto-run
row('fixtures/invalid/bad-result-path.json',       'F F P P P F');
row('fixtures/invalid/choice-no-choices.json',     'F F F F P F');
row('fixtures/invalid/missing-next.json',          'F F F P P F');
row('fixtures/invalid/no-terminal-state.json',     'F F F P P F');
row('fixtures/invalid/resource-not-arn.json',      'F F P F F S');
row('fixtures/invalid/states-all-not-last.json',   'P F P P P P');
row('fixtures/invalid/task-end-and-next.json',     'F F F F F S');
row('fixtures/invalid/unknown-field.json',         'F F F F F S');
row('fixtures/invalid/unreachable.json',           'F F F P P P');
row('fixtures/invalid/wrong-expected-output.json', 'P P P P P F');

// serverless files
row('fixtures/serverless/task-service/serverless.yml#Weekly', 'P P P P P P');
row('fixtures/serverless/variables/serverless.yml#Pipeline', 'P P P P P P');
row('fixtures/serverless/broken/config.yml#Fine', 'P P P P P P');
row('fixtures/serverless/broken/definition.yml#Broken', 'F F F P P F');
const fileRow = (id, pkg, lint) => {
  const f = files[id];
  if (!f) { bad++; console.log(`not ok: no result for ${id}`); return; }
  check(`sls-package ${id} (${(f.results['sls-package'] || { messages: [] }).messages.join(' | ').slice(0, 300)})`, (f.results['sls-package'] || {}).status, pkg);
  check(`sls-cfn-lint ${id} (${(f.results['sls-cfn-lint'] || { messages: [] }).messages.join(' | ').slice(0, 300)})`, (f.results['sls-cfn-lint'] || {}).status, lint);
};
fileRow('fixtures/serverless/task-service/serverless.yml', 'PASS', 'PASS');
fileRow('fixtures/serverless/variables/serverless.yml', 'PASS', 'PASS');
fileRow('fixtures/serverless/broken/config.yml', 'FAIL', 'FAIL');          // memorySize: lots
fileRow('fixtures/serverless/broken/definition.yml', 'FAIL', 'SKIP');      // the plugin's validate: true
// the runtime warning for python3.12 (serverless 3.40 lists up to python3.11) is filtered, and said so
check('python3.12 runtime warning filtered', JSON.stringify(files['fixtures/serverless/task-service/serverless.yml'].results['sls-package'].filtered || []).includes('python3.12'), true);
check('handlers stubbed for task-service', /stubbed handler task_service\/handler\.py:get_all_users/.test(files['fixtures/serverless/task-service/serverless.yml'].results['sls-package'].messages.join(' ')), true);

// each known false positive is still there with --strict: its filter is still needed
const sdefs = byId(strict, 'definitions');
const fp = {
  'asl-ls-empty-comment.json': ['asl-ls'],
  'cfn-lint-parallel-parameters.json': ['cfn-lint'],
  'cfn-lint-succeed-fields.json': ['cfn-lint'],
  'payload-keys-and-state-names.json': ['asl-validator', 'statelint'],
  'statelint-jsonpath-brackets.json': ['statelint'],
  'statelint-map-maxconcurrencypath.json': ['statelint'],
  'statelint-moto-distributed-map.json': ['statelint', 'moto-parse'],
  'statelint-wait-zero.json': ['statelint'],
};
for (const [name, vs] of Object.entries(fp)) {
  const d = sdefs[`fixtures/false-positives/${name}`];
  for (const v of V.slice(0, 5)) check(`--strict ${v} ${name}`, d ? d.results[v].status : 'missing', vs.includes(v) ? 'FAIL' : 'PASS');
}

// Ajv cache: same verdicts and messages as asl-validator without it
const c = require(`${tmp}/cached.json`); const u = require(`${tmp}/uncached.json`);
check('Ajv cache: same number of definitions', c.definitions.length, u.definitions.length);
c.definitions.forEach((d, i) => check(`Ajv cache: same result for ${d.id}`, JSON.stringify(d.results), JSON.stringify(u.definitions[i].results)));

// JSON output shape
check('json summary', typeof all.summary.fail === 'number' && all.summary.definitions > 20, true);
console.log(`${ok} checks passed, ${bad} failed`);
process.exit(bad ? 1 : 0);
EOF

if [ "$fail" = 0 ]; then note "selftest: ok ($(( $(date +%s) - T0 ))s)"; else note "selftest: $fail problem(s); the FAIL and SKIP lines of the full run:"; sed -n '1,400p' "$TMP/all.txt" | grep -E '^(FAIL|SKIP)' | head -80; fi
[ "$fail" = 0 ]
