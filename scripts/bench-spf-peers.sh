#!/usr/bin/env bash
# SPF peer benchmark (the Python half of mxray's SPF comparison): checkdmarc's SPF syntax validation
# (records/s) and pyspf's check_host() over the RFC 7208 suite's in-memory zones (evaluations/s, after
# a correctness pass), no network. Idempotent: makes the venv and installs the pinned peers only when
# missing. Env: MXRAY_BENCH_VENV (venv dir), BENCH_SECONDS (default 5), SPF_CORPUS (corpus dir).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${SPF_CORPUS:-$(dirname "$repo")/shared/corpus/spf}
venv=${MXRAY_BENCH_VENV:-$HOME/.cache/mxray/bench-venv}
peers=(checkdmarc==6.0.4 pyspf==2.0.14 PyYAML==6.0.3)  # dnspython comes with checkdmarc

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
if ! "$py" -c 'import checkdmarc.spf, spf, yaml' 2>/dev/null; then
  "$py" -m pip install --quiet --disable-pip-version-check "${peers[@]}"
fi
"$py" - <<'EOF'
from importlib.metadata import version
print("peers: " + " ".join(f"{p}=={version(p)}" for p in ("checkdmarc", "pyspf", "PyYAML", "dnspython")))
EOF
exec "$py" "$repo/benches/spf_peers.py" --corpus "$corpus" --seconds "${BENCH_SECONDS:-5}"
