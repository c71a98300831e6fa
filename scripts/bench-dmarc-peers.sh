#!/usr/bin/env bash
# DMARC peer benchmark (the Python half of mxray's DMARC comparison): checkdmarc's DMARC record check,
# parse_dmarc_record() (records/s, after a pass comparing its verdicts with the corpus), no network.
# Uses the venv the peer benchmarks share (scripts/bench-venv.sh: made, and the pinned checkdmarc
# installed, only when missing; no downloads when present).
# Env: MXRAY_BENCH_VENV (venv dir), BENCH_SECONDS (default 5), DMARC_CORPUS (corpus dir).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${DMARC_CORPUS:-$(dirname "$repo")/shared/corpus/dmarc}
peers=(checkdmarc==6.0.4)  # the version bench-spf-peers.sh pins; dnspython comes with it

py=$("$repo/scripts/bench-venv.sh" 'import checkdmarc.dmarc' "${peers[@]}")
"$py" - <<'PY'
from importlib.metadata import version
print("peers: " + " ".join(f"{p}=={version(p)}" for p in ("checkdmarc", "dnspython", "pyleri")))
PY
exec "$py" "$repo/benches/dmarc_peers.py" --corpus "$corpus" --seconds "${BENCH_SECONDS:-5}"
