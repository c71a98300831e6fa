#!/usr/bin/env bash
# Prints the gzip -9 size of the first-load files in dist/ (html + js + wasm + css) and fails
# when the total exceeds the budget. Usage: scripts/size.sh [BUDGET_BYTES]
# Default 300 KB: the budget set for the app with the bounce knowledge base in (it was 200 KB for
# the header-only foundation, which measured 183 KB).
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-307200}
total=0
printf '%-44s %10s %10s\n' "first-load file" "raw B" "gzip -9 B"
for f in dist/index.html dist/*.js dist/*.wasm dist/*.css; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f"); gz=$(gzip -9c "$f" | wc -c)
  total=$((total + gz))
  printf '%-44s %10d %10d\n' "$f" "$raw" "$gz"
done
awk -v t="$total" -v b="$budget" 'BEGIN { printf "size: first load %d B gzip (%.1f KB), budget %d B (%.0f KB), %.0f%% of budget\n", t, t/1024, b, b/1024, 100*t/b }'
if [ "$total" -gt "$budget" ]; then
  echo "size: over budget" >&2
  exit 1
fi
