#!/usr/bin/env bash
# Compile time of one N-state machine, written with `state_machine!` and
# with the runtime builder calls (no macro), so that the macro's own share is
# visible. For each N (default 100, 1000, 5000) and each variant, a throwaway
# binary crate in a temp dir depends on this repository by path; all of them
# share one CARGO_TARGET_DIR, so the dependencies are built once, before any
# timing. Then `touch src/main.rs && cargo build` (debug, the default
# profile) is timed RUNS times (default 3) and the median printed: the time
# to compile the crate itself. Incremental compilation is off
# (CARGO_INCREMENTAL=0) unless set otherwise: with it, a touched but unchanged
# file reuses nearly all of the last build (except the macro's expansion,
# which always runs again), and the builder-call crate would seem free.
#
#   bash benches/compile_time.sh
#   SIZES="1000" RUNS=5 bash benches/compile_time.sh
#
# The machine is the chained shape of `benches/scale.rs` (tasks on function
# handles and ARNs, passes, waits, a choice every 10 states); its source is
# printed by `cargo bench --bench scale -- print-main macro|builder N`.
# `baseline` is the same crate without a machine (service and functions only).
#
# With OPT_MACRO=1 a third variant builds the macro crate optimized
# (`[profile.dev.build-override] opt-level = 3` in the throwaway crate):
# in a debug build, Cargo otherwise runs proc-macros unoptimized.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${SIZES:-100 1000 5000}"
RUNS="${RUNS:-3}"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
TARGET="$WORK/target"

echo "== building the source generator (cargo bench --bench scale --no-run)" >&2
(cd "$ROOT" && cargo bench -q --bench scale --no-run)
generate() { # VARIANT N
  (cd "$ROOT" && cargo bench -q --bench scale -- print-main "$1" "$2")
}

# make_crate DIR VARIANT N [PROFILE-LINES]
make_crate() {
  local dir="$1" variant="$2" n="$3" profile="${4:-}"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<EOF
[package]
name = "compile-bench-$(basename "$dir")"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serverless-builder = { path = "$ROOT" }

[workspace]
$profile
EOF
  # The repository's lock file: the same dependency versions as its tests.
  cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
  if [ "$variant" = baseline ]; then
    cat > "$dir/src/main.rs" <<'EOF'
use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("compile-bench");
    for k in 0..10 {
        service.function(format!("f{k}"), format!("bench.handler.f{k}"));
    }
    println!("{}", service.to_yaml().expect("a valid service").len());
}
EOF
  else
    generate "$variant" "$n" > "$dir/src/main.rs"
  fi
}

build() { # DIR
  (cd "$1" && CARGO_TARGET_DIR="$TARGET" cargo build -q)
}

# median_build DIR: prints the median of RUNS timed rebuilds, in seconds.
median_build() {
  local dir="$1" times=() start end
  build "$dir" # dependencies (first crate only) and a warm-up
  for _ in $(seq "$RUNS"); do
    touch "$dir/src/main.rs"
    start=$(date +%s.%N)
    build "$dir"
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

variants="builder macro"
opt_profile='[profile.dev.build-override]
opt-level = 3'
if [ "${OPT_MACRO:-0}" = 1 ]; then variants="$variants macro-opt"; fi

echo "== dependencies and warm-up builds (not timed)" >&2
make_crate "$WORK/baseline" baseline 0
base=$(median_build "$WORK/baseline")

echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $(rustc --version)"
echo "debug build of the crate alone (dependencies already built, CARGO_INCREMENTAL=$CARGO_INCREMENTAL), median of $RUNS;"
echo "baseline (the same crate without a machine): $base s"
echo
header="| N | builder calls |"
rule="|---:|---:|"
for v in $variants; do
  case $v in
    macro) header="$header state_machine! | macro − builder |"; rule="$rule---:|---:|" ;;
    macro-opt) header="$header state_machine!, macro optimized |"; rule="$rule---:|" ;;
  esac
done
echo "$header"
echo "$rule"
for n in $SIZES; do
  row="| $n |"
  builder_s=""
  for v in $variants; do
    dir="$WORK/$v-$n"
    case $v in
      macro-opt) make_crate "$dir" macro "$n" "$opt_profile" ;;
      *) make_crate "$dir" "$v" "$n" ;;
    esac
    s=$(median_build "$dir")
    case $v in
      builder) builder_s=$s; row="$row $s s |" ;;
      macro) row="$row $s s | $(awk -v a="$s" -v b="$builder_s" 'BEGIN { printf "%+.2f", a - b }') s |" ;;
      macro-opt) row="$row $s s |" ;;
    esac
    rm -rf "$dir"
  done
  echo "$row"
done
