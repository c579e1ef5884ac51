#!/usr/bin/env bash
# Whole-process instruction counts of a program holding one N-state chained
# machine written with `state_machine!` (the program builds its service —
# the macro's run-time half puts the function handles into the machine — and
# prints the length of its serverless.yml), for N and 2N: the growth per
# doubling of everything the macro path costs at run time. Instructions,
# counted by callgrind, do not depend on what else the machine is doing.
#
#   bash benches/runtime_growth.sh                 # N = 1000 2000 4000, release
#   SIZES="2000 4000" PROFILE=dev bash benches/runtime_growth.sh
#
# Needs valgrind. The crates are built like compile_time.sh's, in a temp dir.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${SIZES:-1000 2000 4000}"
PROFILE="${PROFILE:-release}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
TARGET="$WORK/target"

(cd "$ROOT" && cargo bench -q --bench scale --no-run)
previous=""
printf '| N | instructions | × previous |\n|---:|---:|---:|\n'
for n in $SIZES; do
  dir="$WORK/m$n"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "runtime-growth-$n"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serverless-builder = { path = "$ROOT" }

[workspace]
TOML
  cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
  (cd "$ROOT" && cargo bench -q --bench scale -- print-main macro "$n") > "$dir/src/main.rs"
  (cd "$dir" && CARGO_TARGET_DIR="$TARGET" cargo build -q --profile "$PROFILE")
  dir_name=$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
  bin="$TARGET/$dir_name/runtime-growth-$n"
  count=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 2>&1 >/dev/null \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  ratio=""
  [ -n "$previous" ] && ratio=$(awk -v a="$count" -v b="$previous" 'BEGIN { printf "%.2f×", a / b }')
  printf '| %s | %s | %s |\n' "$n" "$count" "$ratio"
  previous="$count"
done
