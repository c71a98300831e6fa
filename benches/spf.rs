//! SPF throughput, each measured for at least 5 seconds; `scripts/bench-spf.sh` runs it beside
//! checkdmarc and pyspf on the same data and prints the ratios.
//! - over the records of checkdmarc's syntax tests and the RFC 7208 suite's zones: `check`, the
//!   like-for-like with checkdmarc's parse_spf_record (grammar, warnings, lookup count over the
//!   tree, live DNS off); `validate`, the grammar and the record's own warnings alone; `syntax`,
//!   the whole report the page shows (plus each term's meaning, the tree as data);
//! - check_host: every test of the RFC 7208 suite against its in-memory zone.

#[path = "../tests/support/spf_suite.rs"]
mod spf_suite;

#[path = "support/rate.rs"]
mod support_rate;

use support_rate::rate;
use mxray::dns::{Offline, Progress};
use mxray::spf::{analyze_spf, check_mail_from, SpfInput, SpfRequest};
use std::hint::black_box;

fn main() {
    let records = spf_suite::syntax_records();
    let valid = records
        .iter()
        .filter(|(r, d)| {
            let req = SpfRequest { record: Some(r), domain: Some(d), evaluate: None };
            matches!(analyze_spf(&req, &Offline), Progress::Done(rep) if rep.valid)
        })
        .count();
    println!("mxray-syntax-records {} ({valid} valid)", records.len());
    let syntax = rate(records.len(), || {
        for (r, d) in &records {
            let req = SpfRequest { record: Some(r), domain: Some(d), evaluate: None };
            black_box(analyze_spf(&req, &Offline));
        }
    });
    println!("mxray-syntax records/s {syntax:.1}");
    // The grammar and the record's own warnings alone (no report, no tree, no meanings).
    let validate = rate(records.len(), || {
        for (r, d) in &records {
            let p = mxray::spf::parse_record(r);
            black_box(mxray::spf::lint::lint_record(&p.record, &[r.len()], Some(d)));
        }
    });
    println!("mxray-validate records/s {validate:.1}");
    // What checkdmarc's parse_spf_record does with its DNS stubbed out: grammar, warnings, and
    // the lookup count over the include tree (here with live DNS off).
    let check = rate(records.len(), || {
        for (r, d) in &records {
            let p = mxray::spf::parse_record(r);
            let mut w = mxray::spf::lint::lint_record(&p.record, &[r.len()], Some(d));
            if let Progress::Done(t) = mxray::spf::tree::spf_tree(d, Some(&p.record), &Offline) {
                w.extend(mxray::spf::lint::lint_tree(&t, &p.record));
            }
            black_box(w);
        }
    });
    println!("mxray-check records/s {check:.1}");

    let scenarios = spf_suite::load_rfc7208();
    let cases: Vec<(&spf_suite::SuiteZone, SpfInput<'_>)> = scenarios
        .iter()
        .flat_map(|s| {
            s.cases.iter().map(move |c| {
                let ip = c.ip.parse().expect("test address");
                (&s.zone, SpfInput { ip, sender: &c.sender, helo: &c.helo, receiver: "unknown", now: 0 })
            })
        })
        .collect();
    let agree = scenarios
        .iter()
        .flat_map(|s| s.cases.iter().map(move |c| (s, c)))
        .zip(&cases)
        .filter(|((_, c), (zone, input))| match check_mail_from(input, *zone) {
            Progress::Done(ev) => c.results.iter().any(|r| r == ev.result.as_str()),
            Progress::Need(_) => false,
        })
        .count();
    println!("mxray-suite-agreement {agree}/{}", cases.len());
    let evals = rate(cases.len(), || {
        for (zone, input) in &cases {
            black_box(check_mail_from(input, *zone));
        }
    });
    println!("mxray-check_host evaluations/s {evals:.1}");
}
