//! Header analysis against the shared corpus (read in place): every header file's Received
//! count, the upstream facts asserted for two of them, and the whole pipeline on every bounce.

use std::fs;

use mxray::received::parse_date;
use mxray::{analyze, Detected};
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

fn jsonl(path: &str) -> Vec<Value> {
    let text = fs::read_to_string(format!("{CORPUS}/{path}")).expect("corpus file beside the checkout");
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

fn read_lossy(path: &str) -> String {
    String::from_utf8_lossy(&fs::read(path).expect("corpus file")).into_owned()
}

#[test]
fn received_count_and_upstream_facts_per_header_file() {
    let mut counts_ok = 0;
    let mut facts_ok = 0;
    let mut facts_total = 0;
    let mut failures = Vec::new();
    let expectations = jsonl("headers/messages/expectations.jsonl");
    for exp in &expectations {
        let file = exp["file"].as_str().unwrap();
        let report = analyze(&read_lossy(&format!("{CORPUS}/headers/{file}")));
        let headers = report.headers.as_ref().expect("a header file gets header analysis");
        let want = exp["received_count"].as_u64().unwrap() as usize;
        if headers.received.len() == want {
            counts_ok += 1;
        } else {
            failures.push(format!("{file}: {} hops, expected {want}", headers.received.len()));
        }
        let Some(facts) = exp.get("upstream_facts") else { continue };
        let mut fact = |name: &str, ok: bool, detail: String| {
            facts_total += 1;
            if ok {
                facts_ok += 1;
            } else {
                failures.push(format!("{file}: {name}: {detail}"));
            }
        };
        if let Some(n) = facts.get("received_hops").and_then(Value::as_u64) {
            fact("received_hops", headers.received.len() as u64 == n, format!("{} hops", headers.received.len()));
        }
        if let Some(id) = facts.get("message_id").and_then(Value::as_str) {
            let want = id.trim_start_matches('<').trim_end_matches('>');
            fact("message_id", headers.message_id.as_deref() == Some(want), format!("{:?}", headers.message_id));
        }
        if let Some(addr) = facts.get("to_first_address").and_then(Value::as_str) {
            fact("to_first_address", headers.to_addresses.first().map(String::as_str) == Some(addr), format!("{:?}", headers.to_addresses));
        }
        if let Some(n) = facts.get("to_count").and_then(Value::as_u64) {
            fact("to_count", headers.to_addresses.len() as u64 == n, format!("{:?}", headers.to_addresses));
        }
        if let Some(addr) = facts.get("from_address").and_then(Value::as_str) {
            fact("from_address", headers.from_address.as_deref() == Some(addr), format!("{:?}", headers.from_address));
        }
        if let Some(subject) = facts.get("subject").and_then(Value::as_str) {
            fact("subject", headers.subject.as_deref() == Some(subject), format!("{:?}", headers.subject));
        }
        if let Some(date) = facts.get("date_utc").and_then(Value::as_str) {
            let ours = headers.date_rfc3339.as_deref().and_then(parse_date).map(|(ts, _)| ts);
            fact("date_utc", ours.is_some() && ours == parse_date(date).map(|(ts, _)| ts), format!("{:?}", headers.date_rfc3339));
        }
        if let Some(seen) = facts.get("client_ip_seen_by_trusted_hop") {
            let (trust, ip) = (seen["trust"].as_str().unwrap(), seen["ip"].as_str().unwrap());
            let hop = headers.received.iter().find(|h| h.by.as_deref() == Some(trust));
            fact("client_ip_seen_by_trusted_hop", hop.and_then(|h| h.from_ip.as_deref()) == Some(ip), format!("{:?}", hop.map(|h| &h.from_ip)));
        }
    }
    println!("headers: received count {counts_ok}/{} files, upstream facts {facts_ok}/{facts_total}", expectations.len());
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert_eq!(counts_ok, expectations.len(), "the Received count must be right for every file");
    assert!(facts_ok * 100 >= facts_total * 95, "upstream facts below 95%");
}

/// Every bounce in the corpus goes through the whole pipeline: its own Received chain is read,
/// each hop numbered in order, and delays agree with the timestamps.
#[test]
fn whole_pipeline_on_every_bounce_file() {
    let mut files = 0;
    let mut hops = 0;
    let mut dated = 0;
    let mut auth_fields = 0;
    for exp in jsonl("bounces/expectations.jsonl") {
        let file = exp["file"].as_str().unwrap();
        let text = read_lossy(&format!("{CORPUS}/bounces/{file}"));
        let report = analyze(&text);
        files += 1;
        let Some(headers) = &report.headers else {
            assert_eq!(report.detected, Detected::Unknown, "{file}");
            continue;
        };
        let raw_count = text
            .split(['\n', '\r'])
            .filter(|l| l.get(..9).is_some_and(|head| head.eq_ignore_ascii_case("received:")))
            .count();
        // The returned original's Received fields sit in the body, which header analysis of the
        // bounce itself does not read: so never more hops than Received lines in the file.
        assert!(headers.received.len() <= raw_count, "{file}: {} hops > {raw_count} lines", headers.received.len());
        // Authentication-Results and DKIM-Signature fields of the bounce's own header section.
        let section = text.split("\n\n").next().unwrap_or("").split("\r\n\r\n").next().unwrap_or("");
        let fields_named = |name: &str| {
            section.split(['\n', '\r']).filter(|l| l.get(..name.len()).is_some_and(|h| h.eq_ignore_ascii_case(name))).count()
        };
        if !text.contains("\r") || text.contains("\r\n") {
            assert_eq!(headers.authentication_results.len(), fields_named("authentication-results:"), "{file}");
            assert_eq!(headers.dkim_signatures.len(), fields_named("dkim-signature:"), "{file}");
            auth_fields += headers.authentication_results.len();
        }
        for (i, hop) in headers.received.iter().enumerate() {
            assert_eq!(hop.hop, i + 1, "{file}");
            assert!(hop.line >= 1, "{file}: hop {} has no line", hop.hop);
            hops += 1;
            dated += usize::from(hop.timestamp.is_some());
        }
    }
    println!("headers: bounce files through the pipeline {files}, hops {hops}, dated {dated}, Authentication-Results fields {auth_fields}");
    assert!(auth_fields > 0, "the corpus has Authentication-Results fields: none were read");
    assert!(hops > 0 && dated * 100 >= hops * 97, "dates read on {dated}/{hops} hops");
}
