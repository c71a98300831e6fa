#!/usr/bin/env bash
# Benchmark: DoH latency. Starts the DoH test stack with every answer delayed by DELAY ms (default
# 50), resolves mxray.test's SPF tree (depth 3, 8 includes) through DoH with mxray (release) and,
# in the same run, pyspf's check_host() through the same server's plain DNS port; prints wall
# times and ratios. Figures, not a test. Needs the bench venv (scripts/bench-spf-peers.sh makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
delay=${DELAY:-50}
export DOH_PORT=18453 NSD_PORT=18454 DNS_PORT=18455 LOOP_PORT=18456 DOH_DELAY_ALL=$delay
run=target/doh-stack/bench
venv=${MXRAY_BENCH_VENV:-$HOME/.cache/mxray/bench-venv}
[ -x "$venv/bin/python" ] || scripts/bench-spf-peers.sh > /dev/null
cargo bench --quiet --bench doh_latency --no-run 2>/dev/null
url=$(scripts/doh-stack.sh start "$run")
trap 'scripts/doh-stack.sh stop "$run"' EXIT
ours=$(DOH_URL=$url DOMAIN=mxray.test IP=192.0.2.1 cargo bench --quiet --bench doh_latency 2>/dev/null)
theirs=$("$venv/bin/python" benches/pyspf_latency.py "$DNS_PORT" mxray.test 192.0.2.1 5)
echo "$ours"
echo "$theirs"
awk -v d="$delay" -v a="$ours" -v b="$theirs" 'BEGIN {
  n = split(a, l, "\n")
  for (i = 1; i <= n; i++) { split(l[i], f, " ")
    if (f[1] == "mxray-tree") { tr = f[3]; ts = f[5] }
    if (f[1] == "mxray-check_host") { er = f[3]; es = f[5] } }
  split(b, m, "\n"); for (i in m) { split(m[i], g, " "); if (g[1] == "pyspf-seconds") ps = g[2] }
  printf "ratio: tree walk %.0f ms over %d levels = %.2f x depth x %d ms (goal <= 1.2)\n", ts * 1000, tr, ts / (tr * d / 1000), d
  printf "ratio: check_host() %.0f ms (%d rounds); pyspf %.0f ms: mxray %.1fx faster\n", es * 1000, er, ps * 1000, ps / es
}'
