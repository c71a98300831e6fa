#!/usr/bin/env bash
# Benchmark: mxray's bounce analysis (native, release) against Sisimai (Debian's libsisimai-perl)
# on the whole shared bounce corpus, in the same run; prints both figures and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! perl -MSisimai -e1 2>/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends libsisimai-perl
fi
corpus=../shared/corpus/bounces
ours=$(cargo bench --quiet --bench bounces 2>/dev/null | grep '^mxray:')
theirs=$(perl benches/sisimai.pl "$corpus" | grep '^sisimai')
echo "$ours"
echo "$theirs"
awk -v a="$ours" -v b="$theirs" 'BEGIN {
  split(a, x, "s: "); split(x[2], y, " messages/s"); ours = y[1]
  split(b, p, "s: "); split(p[2], q, " messages/s"); theirs = q[1]
  printf "ratio: mxray is %.1fx Sisimai in messages/s (goal >= 50x)\n", ours / theirs
}'
