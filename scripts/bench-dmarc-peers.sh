#!/usr/bin/env bash
# DMARC peer benchmark (the Python half of mxray's DMARC comparison): checkdmarc's DMARC record check,
# parse_dmarc_record() (records/s, after a pass comparing its verdicts with the corpus), no network.
# Shares the venv of bench-spf-peers.sh; idempotent: makes the venv and installs the pinned checkdmarc
# only when missing (no downloads when present).
# Env: MXRAY_BENCH_VENV (venv dir), BENCH_SECONDS (default 5), DMARC_CORPUS (corpus dir).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${DMARC_CORPUS:-$(dirname "$repo")/shared/corpus/dmarc}
venv=${MXRAY_BENCH_VENV:-$HOME/.cache/mxray/bench-venv}
peers=(checkdmarc==6.0.4)  # the version bench-spf-peers.sh pins; dnspython comes with it

if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y python3-venv \
      || { $SUDO apt-get update -qq && $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y python3-venv; }
  fi
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
fi
py=$venv/bin/python
if ! "$py" -c 'import checkdmarc.dmarc' 2>/dev/null; then
  "$py" -m pip install --quiet --disable-pip-version-check "${peers[@]}"
fi
"$py" - <<'PY'
from importlib.metadata import version
print("peers: " + " ".join(f"{p}=={version(p)}" for p in ("checkdmarc", "dnspython", "pyleri")))
PY
exec "$py" "$repo/benches/dmarc_peers.py" --corpus "$corpus" --seconds "${BENCH_SECONDS:-5}"
