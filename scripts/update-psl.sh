#!/usr/bin/env bash
# Refresh data/public_suffix_list.dat, the Public Suffix List compiled into mxray (DMARC's
# Organizational Domain). The list comes from PyPI's `publicsuffixlist` package, which ships the
# current list (this machine reaches PyPI, not publicsuffix.org). Kept: the licence notice, the
# version lines, the ICANN/PRIVATE section markers and every rule; internationalized rules are
# written in both forms, as published and as DNS carries them (xn--), so matching needs no IDNA
# code. Comments are dropped: they would cost 25 KB gzip in the page's DKIM/DMARC module.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --dest "$tmp" publicsuffixlist
python3 - "$tmp"/publicsuffixlist-*.whl data/public_suffix_list.dat <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    text = z.read("publicsuffixlist/public_suffix_list.dat").decode("utf-8")
lines = []
for line in text.splitlines():
    line = line.strip()
    if line.startswith("//"):
        if "Mozilla Public" in line or "License, v. 2.0" in line or "mozilla.org/MPL" in line \
                or "VERSION:" in line or "COMMIT:" in line or "===" in line:
            lines.append(line)
        continue
    if not line:
        continue
    lines.append(line)
    if not line.isascii():
        lines.append(line.encode("idna").decode("ascii"))
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
PY
grep -m2 -E "VERSION|COMMIT" data/public_suffix_list.dat
