#!/usr/bin/env bash
# Benchmark: mxray's bounce analysis (native, release) against Sisimai (Debian's libsisimai-perl)
# on the whole shared bounce corpus, in the same run; prints both figures and the ratio, and the
# rate of mail-parser alone (the MIME reading every bounce goes through) as the ceiling.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! perl -MSisimai -e1 2>/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends libsisimai-perl
fi
corpus=../shared/corpus/bounces
out=$(cargo bench --quiet --bench bounces 2>/dev/null)
ours=$(printf '%s\n' "$out" | grep '^mxray:')
cores=$(printf '%s\n' "$out" | grep '^mxray all cores:')
floor=$(printf '%s\n' "$out" | grep '^mail-parser alone:')
theirs=$(perl benches/sisimai.pl "$corpus" | grep '^sisimai')
echo "$ours"
echo "$cores"
echo "$floor"
echo "$theirs"
awk -v a="$ours" -v c="$cores" -v m="$floor" -v b="$theirs" 'function rate(line) { match(line, /[0-9.]+ messages\/s/); return substr(line, RSTART, RLENGTH) + 0 }
BEGIN {
  printf "ratio: mxray on one core is %.1fx Sisimai in messages/s (goal >= 10x)\n", rate(a) / rate(b)
  printf "ratio: mxray on every core is %.1fx Sisimai, %.2fx its one-core rate (goal >= 1.8x on 2 cores)\n", rate(c) / rate(b), rate(c) / rate(a)
  printf "ratio: mail-parser alone, reading the MIME structure once and nothing else, is %.1fx Sisimai: the ceiling for any analysis that reads bounces with it\n", rate(m) / rate(b)
}'
