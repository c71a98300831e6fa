#!/usr/bin/env bash
# SPF peer benchmark (the Python half of mxray's SPF comparison): checkdmarc's SPF syntax validation
# (records/s) and pyspf's check_host() over the RFC 7208 suite's in-memory zones (evaluations/s, after
# a correctness pass), no network. Idempotent: makes the venv and installs the pinned peers only when
# missing. Env: MXRAY_BENCH_VENV (venv dir), BENCH_SECONDS (default 5), SPF_CORPUS (corpus dir).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${SPF_CORPUS:-$(dirname "$repo")/shared/corpus/spf}
peers=(checkdmarc==6.0.4 pyspf==2.0.14 PyYAML==6.0.3)  # dnspython comes with checkdmarc

py=$("$repo/scripts/bench-venv.sh" 'import checkdmarc.spf, spf, yaml' "${peers[@]}")
"$py" - <<'EOF'
from importlib.metadata import version
print("peers: " + " ".join(f"{p}=={version(p)}" for p in ("checkdmarc", "pyspf", "PyYAML", "dnspython")))
EOF
exec "$py" "$repo/benches/spf_peers.py" --corpus "$corpus" --seconds "${BENCH_SECONDS:-5}"
