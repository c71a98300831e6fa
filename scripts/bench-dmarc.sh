#!/usr/bin/env bash
# Benchmark: mxray's DMARC record check (native, release) against checkdmarc's parse_dmarc_record
# (PyPI, in the venv bench-dmarc-peers.sh shares with bench-spf-peers.sh) on the same records of
# ../shared/corpus/dmarc/dmarc-record-parse.jsonl, in the same run; prints every figure and the
# ratios. Figures, not a test: nothing here can fail on speed. BENCH_SECONDS applies to both halves.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp); trap 'rm -f "$log"' EXIT
ours=$(cargo bench --quiet --bench dmarc 2>"$log") || { cat "$log" >&2; exit 1; }  # errors only on failure
theirs=$(scripts/bench-dmarc-peers.sh)
echo "$ours"
echo "$theirs"
figure() { printf '%s\n' "$1" | awk -v k="$2" '$1 == k { print $3 }'; }
awk -v c="$(figure "$ours" mxray-check)" -v p="$(figure "$ours" mxray-parse)" \
    -v b="$(figure "$theirs" checkdmarc-parse)" 'BEGIN {
  printf "ratio: DMARC record check (both RFC views + warnings) %.0fx checkdmarc parse_dmarc_record (goal >= 100x)\n", c / b
  printf "ratio: grammar alone (both RFC views) %.0fx\n", p / b
}'
