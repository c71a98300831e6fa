#!/usr/bin/env python3
"""DMARC peer benchmark: the Python side of mxray's DMARC record comparison (scripts/bench-dmarc.sh).
Measures, with no network at all, checkdmarc's DMARC record check: records per second through
checkdmarc.dmarc.parse_dmarc_record(), over the `record` field of every line of
dmarc-record-parse.jsonl (valid and invalid alike), after one pass that compares checkdmarc's verdicts
with the corpus's `valid` field.
Usage: python3 benches/dmarc_peers.py --corpus SHARED/corpus/dmarc --seconds N
Prints: checkdmarc-records, checkdmarc-agreement, checkdmarc-parse records/s.
Needs checkdmarc (scripts/bench-spf-peers.sh makes the venv).

What is measured, and why it is like-for-like with mxray's `mxray-check` (benches/dmarc.rs, which
runs mxray::dmarc::analyze_dmarc on a pasted record, with no domain and the Offline resolver):
checkdmarc has no syntax-only entry point for DMARC. parse_dmarc_record() is its record validator:
pyleri grammar (RFC 9989 ABNF), tag=value extraction, duplicate tags, unknown and removed tags
(pct/rf/ri: warned about, not validated), value checks for p/sp/np/adkim/aspf/fo/psd/t, rua/ruf URI
parsing, and best-practice warnings. mxray-check does the same job: the grammar under both RFC 7489
and RFC 9989, every tag value, rua/ruf URIs, and its warnings (lint) -- so both sides turn a record
into a verdict plus warnings, the work a record checker does before any DNS.
The network is cut at checkdmarc's single choke point, checkdmarc.utils._resolve_with_failover (used
by query_dns() and by the MX path): every query gets an empty answer, instantly. parse_dmarc_record()
needs a domain; "example.com" is passed, so for report addresses at other domains it still asks
(stubbed, and cached by checkdmarc) for the wildcard/explicit report-authorization records and the
MX records of each rua/ruf address domain; those only add warnings. mxray, given no domain, skips
report authorization entirely. That leftover is checkdmarc's cost, kept because it is part of the
function every checkdmarc caller runs; it is small next to the pyleri grammar.
Verdict: a record is valid iff parse_dmarc_record() raises no checkdmarc.dmarc.DMARCError
(syntax errors, invalid tags/values/URIs, an SPF record in place of DMARC). Its warnings
(_DMARCWarning, e.g. unverified report destinations) are caught inside and returned as warnings."""
import argparse
import json
from pathlib import Path

import checkdmarc.dmarc


from peers_common import timed_rate  # also cuts checkdmarc's network, see there

DOMAIN = "example.com"


def checkdmarc_valid(record):
    try:
        checkdmarc.dmarc.parse_dmarc_record(record, DOMAIN)
    except checkdmarc.dmarc.DMARCError:
        return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path, help="shared/corpus/dmarc")
    parser.add_argument("--seconds", type=float, default=5.0, help="minimum seconds of timing")
    args = parser.parse_args()
    items = [json.loads(line) for line in
             (args.corpus / "dmarc-record-parse.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    records = [item["record"] for item in items]

    verdicts = [checkdmarc_valid(r) for r in records]
    print(f"checkdmarc-records {len(records)} ({sum(verdicts)} valid)")
    agree = 0
    for item, valid in zip(items, verdicts):
        if valid == item["valid"]:
            agree += 1
        else:
            print(f"# checkdmarc disagrees: {item['id']}: {item['record']!r} "
                  f"{'valid' if valid else 'invalid'}, corpus says {'valid' if item['valid'] else 'invalid'}")
    print(f"checkdmarc-agreement {agree}/{len(items)}")

    def one_pass():
        for record in records:
            checkdmarc_valid(record)
        return len(records)

    print(f"checkdmarc-parse records/s {timed_rate(one_pass, args.seconds):.1f}")


if __name__ == "__main__":
    main()
