#!/usr/bin/env bash
# A developer-side measurement, not part of CI: the external corpus of public
# ASL definitions (by default ../shared/corpus/asl-external, with its
# MANIFEST.tsv of labels valid / invalid / unknown) through the reader, the
# validator (plain ASL profile) and the writer, with `serverless-builder
# check --round-trip`. Prints, per label: files read without error, read
# files that write back and read into the same model, files accepted
# whole; and, for the invalid-labelled files, the codes that reject each.
# The corpus is read where it lies; nothing of it is copied.
#
#   bash tests/conformance/external.sh [CORPUS_DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="${1:-$ROOT/../shared/corpus/asl-external}"
[ -f "$CORPUS/MANIFEST.tsv" ] || { echo "external.sh: no MANIFEST.tsv in $CORPUS" >&2; exit 2; }
(cd "$ROOT" && cargo build -q --release -p serverless-builder-cli)
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
BIN="$TARGET_DIR/release/serverless-builder"
OUT="$(mktemp)"
JSONATA_OUT="$(mktemp)"
trap 'rm -f "$OUT" "$JSONATA_OUT"' EXIT
# One JSON line per file; exit status 1 just means some file has errors.
(cd "$CORPUS" && tail -n +2 MANIFEST.tsv | cut -f1 | xargs "$BIN" check --format json --round-trip --profile asl > "$OUT") || true
# The files with JSONata, also under the serverless profile (the rules of
# the asl-validator `serverless package` runs, which labelled its suite).
(cd "$CORPUS" && tail -n +2 MANIFEST.tsv | cut -f1 | xargs grep -l '{%' | xargs "$BIN" check --format json --profile serverless > "$JSONATA_OUT") || true
python3 - "$CORPUS/MANIFEST.tsv" "$OUT" "$JSONATA_OUT" <<'PY'
import collections, json, sys
labels = {}
for line in open(sys.argv[1]).read().splitlines()[1:]:
    cols = line.split("\t")
    labels[cols[0]] = cols[3]
# Codes of the reader (the definition could not be read into the model).
READER = {"SB201", "SB202", "SB203", "SB204", "SB207", "SB208", "SB210", "SB211", "SB108", "SB901", "SB902"}
results = {}
for line in open(sys.argv[2]):
    r = json.loads(line)
    results[r["file"]] = r
stats = collections.defaultdict(collections.Counter)
invalid = []
for file, label in labels.items():
    r = results.get(file)
    codes = sorted({e["code"] for e in r["errors"]}) if r else ["missing"]
    read = r is not None and not (set(codes) & READER)
    s = stats[label]
    s["files"] += 1
    s["read"] += read
    s["round-tripped"] += read and "SB999" not in codes
    s["accepted"] += not codes
    if label == "invalid":
        first = r["errors"][0]["message"] if r and r["errors"] else ""
        invalid.append((file, codes, first))
for label in ("unknown", "valid", "invalid"):
    s = stats[label]
    print(f"{label:8} {s['files']:4} files: read {s['read']}, round-tripped {s['round-tripped']}, accepted {s['accepted']}")
print()
print("| invalid-labelled file | codes | first message |")
print("|---|---|---|")
for file, codes, first in invalid:
    print(f"| {file.split('/', 1)[1]} | {' '.join(codes) or 'accepted'} | {first[:110]} |")
serverless = {}
for line in open(sys.argv[3]):
    r = json.loads(line)
    serverless[r["file"]] = r
print()
print("JSONata files: label, codes under `--profile asl`, codes under `--profile serverless`")
print()
print("| file | label | asl | serverless |")
print("|---|---|---|---|")
for file in sorted(serverless):
    a = sorted({e["code"] for e in results[file]["errors"]}) if file in results else ["missing"]
    b = sorted({e["code"] for e in serverless[file]["errors"]})
    print(f"| {file} | {labels.get(file, '?')} | {' '.join(a) or 'accepted'} | {' '.join(b) or 'accepted'} |")
PY
