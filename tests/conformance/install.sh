#!/usr/bin/env bash
# Installs the conformance-check tools beside this script, from the public npm
# registry and PyPI only, without sudo or global installs:
#
#   node_modules/  npm ci from package-lock.json (validators, serverless 3, osls 3 and 4,
#                  serverless-step-functions)
#   .venv/         python venv from requirements.txt (cfn-lint, moto, boto3)
#   graphviz       Debian's package, for `dot` (when missing)
#
# Idempotent: each half is skipped when a stamp file says it was installed from
# the same lock file (sha256) with the same node / python version.
#
#   tests/conformance/install.sh            # install what is missing or stale
#   tests/conformance/install.sh --force    # reinstall both
#   PYTHON=python3.12 tests/conformance/install.sh
#
# Needs: node >= 18 with npm, python >= 3.11 with the venv module.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

FORCE=0
case "${1:-}" in
  --force) FORCE=1 ;;
  "") ;;
  -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
esac

log() { printf '[conformance install] %s\n' "$*"; }
die() { printf '[conformance install] error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N 2>/dev/null || date +%s; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
sha() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

T0="$(now)"

# ---------------------------------------------------------------- npm
command -v node >/dev/null || die "node not found (need node >= 18)"
command -v npm >/dev/null || die "npm not found"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 18 ] || die "node $(node --version) is too old (need >= 18)"

NPM_STAMP=node_modules/.conformance-install-stamp
npm_want="$(sha package-lock.json) node-$NODE_MAJOR"
if [ "$FORCE" = 0 ] && [ -f "$NPM_STAMP" ] && [ "$(cat "$NPM_STAMP")" = "$npm_want" ]; then
  log "npm: node_modules up to date with package-lock.json, skipped"
else
  t="$(now)"
  log "npm: npm ci (node $(node --version), npm $(npm --version))"
  # --ignore-scripts: none of the pinned packages needs an install script to work
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  printf '%s\n' "$npm_want" > "$NPM_STAMP"
  log "npm: installed in $(since "$t")"
fi

# ---------------------------------------------------------------- python
if [ -n "${PYTHON:-}" ]; then PY="$PYTHON"
elif command -v python3.11 >/dev/null; then PY=python3.11
else PY=python3; fi
command -v "$PY" >/dev/null || die "$PY not found (need python >= 3.11 with venv)"
PY_VER="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || die "$PY is python $PY_VER (need >= 3.11)"

VENV_STAMP=.venv/.conformance-install-stamp
py_want="$(sha requirements.txt) python-$PY_VER"
if [ "$FORCE" = 0 ] && [ -f "$VENV_STAMP" ] && [ "$(cat "$VENV_STAMP")" = "$py_want" ] && [ -x .venv/bin/python ]; then
  log "python: .venv up to date with requirements.txt, skipped"
else
  t="$(now)"
  rm -rf .venv
  log "python: creating .venv with $PY (python $PY_VER)"
  "$PY" -m venv .venv
  log "python: pip install -r requirements.txt"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
  .venv/bin/python -c 'import moto, boto3, cfnlint' || die "python packages did not import"
  printf '%s\n' "$py_want" > "$VENV_STAMP"
  log "python: installed $(.venv/bin/python -m pip list --format=freeze 2>/dev/null | wc -l | tr -d ' ') packages in $(since "$t")"
fi

# ---------------------------------------------------------------- graphviz
# `dot` checks the DOT diagrams (graphs.js): Debian's graphviz package.
if command -v dot >/dev/null; then
  log "graphviz: $(dot -V 2>&1 | head -n 1), skipped"
else
  t="$(now)"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  command -v apt-get >/dev/null || die "dot not found and no apt-get to install graphviz"
  log "graphviz: apt-get install graphviz"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends graphviz >/dev/null
  command -v dot >/dev/null || die "graphviz did not install dot"
  log "graphviz: installed in $(since "$t")"
fi

log "done in $(since "$T0")"
