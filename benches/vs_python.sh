#!/usr/bin/env bash
# Compares this crate's emitter with the Python generator it replaces
# (PyPI `serverless-builder==2.19.6`) on the same workload: a service of N
# functions and one state machine of N chained Task states, each on its own
# function (default auto-catch, so each gets a Catch into the fallback state),
# rendered whole to YAML. For N = 100, 1000, 5000 it reports, for both, the
# median wall clock of the whole process, the median time spent building and
# rendering inside it (Python: without interpreter start and imports), and
# the peak resident memory of the process as it reports it itself (Python:
# `resource.getrusage`; Rust: `VmHWM` in /proc/self/status; from outside,
# wait4 would also count the Python parent that forked the child).
#
#   bash benches/vs_python.sh                 # N = 100 1000 5000
#   SIZES="1000 5000" PY_RUNS=5 bash benches/vs_python.sh
#
# Needs python3 (with venv) and cargo. The Python package goes into a venv
# under ${XDG_CACHE_HOME:-~/.cache}/serverless-builder-rs-bench/ (made once,
# reused; never in the repository). The Rust side is `benches/emit_chain.rs`,
# built with `cargo bench` (optimized).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${SIZES:-100 1000 5000}"
PY_RUNS="${PY_RUNS:-3}"
RS_RUNS="${RS_RUNS:-5}"
PYTHON="${PYTHON:-python3}"
CACHE="${SB_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/serverless-builder-rs-bench}"
VENV="$CACHE/venv-serverless-builder-2.19.6"

if ! "$VENV/bin/python" -c 'import serverless.service' 2>/dev/null; then
  echo "== creating $VENV (serverless-builder 2.19.6 from PyPI)" >&2
  rm -rf "$VENV"
  mkdir -p "$CACHE"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet 'serverless-builder==2.19.6'
fi
PY="$VENV/bin/python"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# The Python workload, with the package's own API (serverless/service and
# serverless/aws/features/stepfunctions.py in site-packages).
cat > "$WORK/chain.py" <<'PYEOF'
import resource, sys, time
from serverless.aws.provider import Provider
from serverless.service import Service
from serverless.service.configuration import Configuration

n = int(sys.argv[1])
start = time.perf_counter()
service = Service("bench-service", "benchmark", Provider(), config=Configuration())
machine = service.stepFunctions.machine("Chain", "")
previous = None
for i in range(n):
    function = service.builder.function.generic(f"step_{i}", f"Step {i}", f"bench.handler.step_{i}")
    task = machine.task(function)
    if previous is not None:
        previous.next(task)
    previous = task
previous.End = True
yaml = str(service)
elapsed = time.perf_counter() - start
max_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(f"n={n} total_s={elapsed:.6f} yaml_bytes={len(yaml.encode())} max_rss_kib={max_rss_kib}")
PYEOF

# Runs a command RUNS times; prints the median wall time, the median
# in-process time (`total_s=` on the command's output) and the largest peak
# RSS it reports (`max_rss_kib=`), as `wall inproc rss_kib yaml_bytes`.
cat > "$WORK/measure.py" <<'PYEOF'
import re, statistics, subprocess, sys, time

runs, cmd = int(sys.argv[1]), sys.argv[2:]
walls, inner, rss, size = [], [], [], 0
for _ in range(runs):
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = child.stdout.read().decode()
    err = child.stderr.read().decode()
    status = child.wait()
    walls.append(time.perf_counter() - start)
    if status != 0:
        sys.exit(f"{cmd[0]} failed:\n{out}{err}")
    inner.append(float(re.search(r"total_s=([0-9.]+)", out).group(1)))
    size = int(re.search(r"yaml_bytes=([0-9]+)", out).group(1))
    rss.append(int(re.search(r"max_rss_kib=([0-9]+)", out).group(1)))
print(statistics.median(walls), statistics.median(inner), max(rss), size)
PYEOF

echo "== building the Rust side (cargo bench --bench emit_chain --no-run)" >&2
RUST_BIN="$(cd "$ROOT" && cargo bench --bench emit_chain --no-run --message-format=json 2>/dev/null \
  | "$PY" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "emit_chain" and m.get("executable"):
        print(m["executable"])')"
[ -x "$RUST_BIN" ] || { echo "could not build benches/emit_chain.rs" >&2; exit 1; }

echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $("$PY" --version); $(rustc --version)"
echo
echo "| N | Python wall | Python build+render | Python peak RSS | Rust wall | Rust build+render | Rust peak RSS | speed-up (wall) | speed-up (build+render) | YAML Python / Rust |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  read -r pw pi prss psize < <("$PY" "$WORK/measure.py" "$PY_RUNS" "$PY" "$WORK/chain.py" "$n")
  read -r rw ri rrss rsize < <("$PY" "$WORK/measure.py" "$RS_RUNS" "$RUST_BIN" "$n")
  "$PY" - "$n" "$pw" "$pi" "$prss" "$psize" "$rw" "$ri" "$rrss" "$rsize" <<'PYEOF'
import sys
n, pw, pi, prss, psize, rw, ri, rrss, rsize = sys.argv[1:]
pw, pi, rw, ri = map(float, (pw, pi, rw, ri))
t = lambda s: f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"
m = lambda kib: f"{int(kib) / 1024:.0f} MiB"
k = lambda b: f"{int(b) / 1024:.0f} KiB"
print(f"| {n} | {t(pw)} | {t(pi)} | {m(prss)} | {t(rw)} | {t(ri)} | {m(rrss)} "
      f"| {pw / rw:.0f}× | {pi / ri:.0f}× | {k(psize)} / {k(rsize)} |")
PYEOF
done
echo
echo "Wall: the whole process, median of $PY_RUNS (Python) and $RS_RUNS (Rust) runs. build+render: inside"
echo "the process, from the first builder call to the finished YAML string (Python without its"
echo "interpreter start and imports). Peak RSS: the largest of the runs, as each process reports it."
