#!/usr/bin/env bash
# The Python venv the peer benchmarks share (bench-spf-peers.sh, bench-dmarc-peers.sh), made only
# when missing; the pinned packages are installed only when the import check fails, so nothing is
# downloaded when they are present. Prints the venv's python.
# Usage: scripts/bench-venv.sh 'import checkdmarc.spf, spf' checkdmarc==6.0.4 pyspf==2.0.14 ...
# Env: MXRAY_BENCH_VENV (venv dir, default ~/.cache/mxray/bench-venv).
set -euo pipefail
check=$1; shift
venv=${MXRAY_BENCH_VENV:-$HOME/.cache/mxray/bench-venv}
if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y python3-venv >&2 \
      || { $SUDO apt-get update -qq && $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y python3-venv >&2; }
  fi
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv" >&2
fi
py=$venv/bin/python
if ! "$py" -c "$check" 2>/dev/null; then
  "$py" -m pip install --quiet --disable-pip-version-check "$@" >&2
fi
echo "$py"
