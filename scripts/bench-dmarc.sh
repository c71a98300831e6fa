#!/usr/bin/env bash
# Benchmark: mxray's DMARC record check (native, release) against checkdmarc's parse_dmarc_record
# (PyPI, in the venv bench-dmarc-peers.sh shares with bench-spf-peers.sh) on the same records of
# ../shared/corpus/dmarc/dmarc-record-parse.jsonl; prints every figure and the ratios. Figures, not
# a test: nothing here can fail on speed.
# The two sides take turns, BENCH_ROUNDS times (default 5) for BENCH_SECONDS each (default 2):
# this VM's speed drifts by a third within minutes, so one measurement of each, minutes apart,
# can move the ratio as much; each round's ratio is printed, and the median of them.
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_SECONDS=${BENCH_SECONDS:-2}
rounds=${BENCH_ROUNDS:-5}
log=$(mktemp); trap 'rm -f "$log"' EXIT
figure() { printf '%s\n' "$1" | awk -v k="$2" '$1 == k { print $3 }'; }
checks=() parses=()
for round in $(seq "$rounds"); do
  ours=$(cargo bench --quiet --bench dmarc 2>"$log") || { cat "$log" >&2; exit 1; }  # errors only on failure
  theirs=$(scripts/bench-dmarc-peers.sh)
  if [ "$round" = 1 ]; then echo "$ours"; echo "$theirs"; fi
  c=$(figure "$ours" mxray-check) p=$(figure "$ours" mxray-parse) b=$(figure "$theirs" checkdmarc-parse)
  checks+=("$(awk -v c="$c" -v b="$b" 'BEGIN { printf "%.1f", c / b }')")
  parses+=("$(awk -v p="$p" -v b="$b" 'BEGIN { printf "%.1f", p / b }')")
  echo "round $round: mxray-check $c, mxray-parse $p, checkdmarc-parse $b records/s: check ${checks[-1]}x, grammar ${parses[-1]}x"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "ratio: DMARC record check (both RFC views + warnings) $(median "${checks[@]}")x checkdmarc parse_dmarc_record, median of $rounds rounds (goal >= 100x)"
echo "ratio: grammar alone (both RFC views) $(median "${parses[@]}")x, median of $rounds rounds"
