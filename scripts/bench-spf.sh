#!/usr/bin/env bash
# Benchmark: mxray's SPF syntax check and check_host() (native, release) against checkdmarc and
# pyspf (PyPI, in a venv made by bench-spf-peers.sh) on the same records and RFC 7208 zones, in the
# same run; prints every figure and the ratios. Figures, not a test: nothing here can fail on speed.
set -euo pipefail
cd "$(dirname "$0")/.."
ours=$(cargo bench --quiet --bench spf 2>/dev/null)  # BENCH_SECONDS applies to both halves
theirs=$(scripts/bench-spf-peers.sh)
echo "$ours"
echo "$theirs"
figure() { printf '%s\n' "$1" | awk -v k="$2" '$1 == k { print $3 }'; }
awk -v v="$(figure "$ours" mxray-validate)" -v a="$(figure "$ours" mxray-check)" -v r="$(figure "$ours" mxray-syntax)" \
    -v b="$(figure "$theirs" checkdmarc-syntax)" \
    -v c="$(figure "$ours" mxray-check_host)" -v d="$(figure "$theirs" pyspf-check_host)" 'BEGIN {
  printf "ratio: syntax validation (grammar + the record'"'"'s warnings) %.0fx checkdmarc (goal >= 100x)\n", v / b
  printf "ratio: + lookup count over the include tree %.0fx; the page'"'"'s whole report %.0fx\n", a / b, r / b
  printf "ratio: check_host() %.0fx pyspf (goal >= 50x)\n", c / d
}'
