//! DMARC record throughput, each measured for at least 5 seconds (or `BENCH_SECONDS`);
//! `scripts/bench-dmarc.sh` runs it beside checkdmarc on the same records and prints the ratio.
//! The records: the `record` field of every line of `../shared/corpus/dmarc/dmarc-record-parse.jsonl`
//! (valid and invalid alike, read in place; `DMARC_CORPUS` overrides the folder).
//! - `mxray-parse`: the grammar alone (one pass checks both RFC 7489 and RFC 9989);
//! - `mxray-check`: the like-for-like with checkdmarc's parse_dmarc_record: the whole offline
//!   record check (`analyze_dmarc` on the pasted record, no domain, the `Offline` resolver): both
//!   RFC views, every tag value, report URIs, and the record's warnings.

#[path = "support/rate.rs"]
mod support_rate;

use support_rate::rate;
use mxray::dmarc::parse::parse_record;
use mxray::dmarc::{analyze_dmarc, DmarcRequest};
use mxray::dns::{Offline, Progress};
use std::hint::black_box;
use std::path::PathBuf;

/// (record, valid as the corpus says) for every line of dmarc-record-parse.jsonl.
fn corpus_records() -> Vec<(String, bool)> {
    let dir = std::env::var_os("DMARC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dmarc"));
    let path = dir.join("dmarc-record-parse.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("jsonl line");
            let record = v["record"].as_str().expect("record").to_string();
            (record, v["valid"].as_bool().expect("valid"))
        })
        .collect()
}

fn check(record: &str) -> Progress<mxray::DmarcReport> {
    analyze_dmarc(&DmarcRequest { record: Some(record), domain: None }, &Offline)
}

fn main() {
    let records = corpus_records();
    let (mut valid_9989, mut valid_7489, mut agree_9989, mut agree_7489) = (0, 0, 0, 0);
    for (record, want) in &records {
        let Progress::Done(report) = check(record) else { panic!("offline check asked for DNS: {record:?}") };
        valid_9989 += usize::from(report.valid);
        valid_7489 += usize::from(report.rfc7489.valid);
        agree_9989 += usize::from(report.valid == *want);
        agree_7489 += usize::from(report.rfc7489.valid == *want);
        if report.rfc7489.valid != *want {
            let say = |v: bool| if v { "valid" } else { "invalid" };
            println!("# mxray (RFC 7489) disagrees: {record:?} {}, corpus says {}", say(report.rfc7489.valid), say(*want));
        }
    }
    let n = records.len();
    println!("mxray-records {n} ({valid_9989} valid under RFC 9989, {valid_7489} under RFC 7489)");
    println!("mxray-agreement {agree_7489}/{n} (RFC 7489 view; RFC 9989 view {agree_9989}/{n})");

    // The grammar alone (both RFCs in one pass).
    let parse = rate(n, || {
        for (record, _) in &records {
            black_box(parse_record(black_box(record)));
        }
    });
    println!("mxray-parse records/s {parse:.1}");
    // What checkdmarc's parse_dmarc_record does: verdict plus warnings, no DNS.
    let check_rate = rate(n, || {
        for (record, _) in &records {
            black_box(check(black_box(record)));
        }
    });
    println!("mxray-check records/s {check_rate:.1}");
}
