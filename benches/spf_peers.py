#!/usr/bin/env python3
"""SPF peer benchmark: the Python side of mxray's SPF comparison. Measures, with no network at all,
 (a) checkdmarc: SPF record syntax validations per second, over spf-record-syntax.jsonl's records
     plus every TXT/SPF value starting with "v=spf1" in the RFC 7208 suite's zonedata;
 (b) pyspf: check_host() evaluations per second over all tests of rfc7208-tests.yml, each served
     from its scenario's in-memory zone (after one pass that checks the results against the suite).
Usage: python3 benches/spf_peers.py --corpus SHARED/corpus/spf --seconds N
Prints: checkdmarc-syntax-agreement, checkdmarc-syntax records/s, pyspf-suite-agreement,
pyspf-check_host evaluations/s. Needs checkdmarc, pyspf and PyYAML (scripts/bench-spf-peers.sh)."""
import argparse
import json
import re
from pathlib import Path

import yaml
import checkdmarc.spf
import spf


# ---------------------------------------------------------------- (a) checkdmarc syntax validation
# checkdmarc has no syntax-only entry point: its validator is checkdmarc.spf.parse_spf_record(), whose
# first pass is all syntax (pyleri grammar + per-term RFC 7208 ABNF checks: ip4/ip6 values, CIDR
# lengths, macros, modifiers), while its second pass resolves a/mx/include/redirect/exp for lookup
# counting. The pyleri grammar alone (_SPFGrammar) would skip most of those checks, so we call the real
# function and cut the network at its single choke point, checkdmarc.utils._resolve_with_failover
# (used by query_dns() and by the MX path): every query gets an empty answer, instantly. Verdict:
# invalid iff it raises SPFSyntaxError. Lookup-limit errors are ignored (ignore_too_many_lookups) and
# other SPFErrors (e.g. an include target without a record, as every target is here) are not syntax
# errors. Cost of the stub: the second pass still runs, against empty (cached) answers.
from peers_common import timed_rate  # noqa: E402  (also cuts checkdmarc's network, see there)


def unquote_txt(record):
    """'"a" "b"' -> 'ab' (TXT presentation character-strings); anything else unchanged."""
    parts = re.fullmatch(r'\s*"[^"]*"(?:\s*"[^"]*")*\s*', record) and re.findall(r'"([^"]*)"', record)
    return "".join(parts) if parts else record


def txt_value(value):
    """A zonedata TXT/SPF value: a string, or a list of character-strings of one record."""
    return "".join(str(v) for v in value) if isinstance(value, list) else str(value)


def checkdmarc_valid(record, domain):
    try:
        checkdmarc.spf.parse_spf_record(record, domain, ignore_too_many_lookups=True)
    except checkdmarc.spf.SPFSyntaxError:
        return False
    except Exception:  # not a syntax error: include target without a record, void-lookup limit, loop
        return True
    return True


def bench_checkdmarc(corpus, scenarios, seconds):
    records, expected = [], []  # (record, domain); expected validity where the corpus gives it
    for line in (corpus / "spf-record-syntax.jsonl").read_text().splitlines():
        if line.strip():
            item = json.loads(line)
            records.append((unquote_txt(item["record"]), "example.com"))
            expected.append(item["valid"])
    for scenario in scenarios:
        for name, entries in (scenario.get("zonedata") or {}).items():
            for entry in entries:
                if isinstance(entry, dict):
                    for rtype, value in entry.items():
                        text = txt_value(value) if rtype in ("TXT", "SPF") else ""
                        if text.startswith("v=spf1"):
                            records.append((text, name))
    agree = sum(checkdmarc_valid(*records[i]) == want for i, want in enumerate(expected))
    print(f"checkdmarc-syntax-agreement {agree}/{len(expected)} (jsonl; {len(records)} records timed)")

    def one_pass():
        for record, domain in records:
            checkdmarc_valid(record, domain)
        return len(records)

    print(f"checkdmarc-syntax records/s {timed_rate(one_pass, seconds):.1f}")


# ---------------------------------------------------------------- (b) pyspf check_host()
def build_zone(zonedata):
    """zonedata -> {name: (records {TYPE: [values in pyspf's DNSLookup form]}, times_out)}.
    As the suite's descriptions require (spftimeout, txttimeout): a TIMEOUT name still answers the
    types it has records for and times out for the others; "TXT: NONE" stands for no TXT record."""
    zone = {}
    for name, entries in (zonedata or {}).items():
        types, times_out = {}, False
        for entry in entries:
            if entry == "TIMEOUT":
                times_out = True
                continue
            (rtype, value), = entry.items()
            values = types.setdefault(rtype, [])
            if rtype in ("TXT", "SPF"):  # TXT/SPF values are tuples of byte strings
                if value != "NONE":
                    strings = value if isinstance(value, list) else [value]
                    values.append(tuple(str(s).encode("utf-8") for s in strings))
            elif rtype == "MX":
                values.append((int(value[0]), str(value[1])))
            else:
                values.append(str(value))
        if "SPF" in types and "TXT" not in types:
            types["TXT"] = types["SPF"]  # SPF (type 99) records answer TXT queries too
        zone[name.lower().rstrip(".")] = (types, times_out)
    return zone


ZONE = {}  # the zone of the scenario being evaluated


def memory_lookup(name, qtype, strict=True, timeout=None):
    """Stands in for spf.DNSLookup: [((name, type), value), ...]; [] for NXDOMAIN / no data."""
    types, times_out = ZONE.get(name.lower().rstrip("."), ({}, False))
    if types.get(qtype):
        return [((name, qtype), v) for v in types[qtype]]
    if "CNAME" in types:
        return [((name, "CNAME"), types["CNAME"][0].rstrip("."))]
    if times_out:
        raise spf.TempError("DNS timeout for " + name)
    return []


spf.DNSLookup = memory_lookup


def bench_pyspf(scenarios, seconds):
    global ZONE
    suite = []  # (zone, test name, query kwargs, acceptable results)
    for scenario in scenarios:
        zone = build_zone(scenario.get("zonedata"))
        for test_name, test in scenario["tests"].items():
            wanted = test["result"] if isinstance(test["result"], list) else [test["result"]]
            kwargs = dict(i=test["host"], s=test["mailfrom"], h=test["helo"],
                          strict=test.get("strict", True))
            suite.append((zone, test_name, kwargs, wanted))

    passed = 0
    for zone, test_name, kwargs, wanted in suite:
        ZONE = zone
        result = spf.query(**kwargs).check()[0]
        if result in wanted:
            passed += 1
        else:
            print(f"# pyspf disagrees: {test_name}: got {result}, suite says {'|'.join(wanted)}")
    print(f"pyspf-suite-agreement {passed}/{len(suite)}")

    def one_pass():
        global ZONE
        for zone, _name, kwargs, _wanted in suite:
            ZONE = zone
            spf.query(**kwargs).check()
        return len(suite)

    print(f"pyspf-check_host evaluations/s {timed_rate(one_pass, seconds):.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path, help="shared/corpus/spf")
    parser.add_argument("--seconds", type=float, default=5.0, help="minimum seconds per peer")
    args = parser.parse_args()
    with open(args.corpus / "rfc7208-tests.yml", encoding="utf-8") as f:
        scenarios = [doc for doc in yaml.safe_load_all(f) if doc]
    bench_checkdmarc(args.corpus, scenarios, args.seconds)
    bench_pyspf(scenarios, args.seconds)


if __name__ == "__main__":
    main()
