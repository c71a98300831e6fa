//! DMARC against other projects' tests, read in place from `../shared/corpus/dmarc`: record
//! syntax (OpenDMARC and checkdmarc encode RFC 7489; mail-auth encodes RFC 9989) and identifier
//! alignment. Each prints its score and fails below 100 % of the cases we agree with; known
//! disagreements are listed with the reason and asserted to give our answer.

#![cfg(feature = "dmarc")]

use std::path::PathBuf;

use mxray::dmarc::align::{aligned, evaluate, Authenticated, MechanismVerdict};
use mxray::dmarc::parse::parse_record;
use mxray::dmarc::{analyze_dmarc, AlignmentMode, DmarcRequest, DmarcView, Policy, PsdFlag};
use mxray::dns::{Offline, Progress};
use serde_json::Value;

fn lines(file: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dmarc").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Which RFC a line encodes: mail-auth implements RFC 9989, the others RFC 7489.
fn view_of(case: &Value) -> DmarcView {
    if text(&case["source"]["repo"]).contains("mail-auth") { DmarcView::Rfc9989 } else { DmarcView::Rfc7489 }
}

/// Cases whose expectation we think is wrong, with why; they must give our answer instead.
const KNOWN_DISAGREEMENTS: &[(&str, bool, &str)] = &[(
    "opendmarc-parse-05",
    false,
    "`p=n`: OpenDMARC accepts any prefix of `none`, but RFC 7489 §6.4 (and RFC 9989 §4.8) allow only `none`, `quarantine` and `reject`; other receivers do not apply such a record, so mxray reports it as an error",
)];

/// Why an expected value differs from what we read, or `None` when they agree.
fn mismatch(case: &Value, view: DmarcView) -> Option<String> {
    let record = text(&case["record"]);
    let parsed = parse_record(record);
    let errors = parsed.errors(view);
    let valid = errors.is_empty();
    if valid != case["valid"].as_bool().unwrap_or(false) {
        return Some(format!("valid={valid}, errors {errors:?}"));
    }
    // OpenDMARC's outcome names the kind of error; a bad value is pointed at (just after `=`).
    let first = errors.first().map(|e| e.message.as_str()).unwrap_or("");
    let at_a_value = errors.iter().any(|e| record[..e.position].trim_end().ends_with('='));
    let outcome_ok = match text(&case["outcome"]) {
        "DMARC_PARSE_ERROR_EMPTY" => first.contains("empty"),
        "DMARC_PARSE_ERROR_NO_REQUIRED_P" => first.contains("no `p=`"),
        "DMARC_PARSE_ERROR_BAD_VALUE" => at_a_value,
        _ => true,
    };
    if !outcome_ok {
        return Some(format!("outcome {} but errors {errors:?}", text(&case["outcome"])));
    }
    // checkdmarc: an invalid tag value points at the value; a warning by its meaning.
    if text(&case["error"]) == "InvalidDMARCTagValue" && !at_a_value {
        return Some(format!("no error at a tag value: {errors:?}"));
    }
    if let Some(want) = case["warning_contains"].as_str() {
        let code = match want {
            "pct value is less than 100" => "pct-below-100",
            other => return Some(format!("no mapping for checkdmarc warning {other:?}")),
        };
        let Progress::Done(report) = analyze_dmarc(&DmarcRequest { record: Some(record), domain: None }, &Offline) else {
            return Some("asked for DNS without a domain".into());
        };
        if !report.warnings.iter().any(|w| w.code == code) {
            return Some(format!("no {code} warning: {:?}", report.warnings));
        }
    }
    // mail-auth: the record as parsed, defaults applied.
    let want = &case["expected"];
    if want.is_object() {
        let r = &parsed.record;
        let policy = |p: Policy| p.as_str().to_string();
        let mode = |m: AlignmentMode| if m == AlignmentMode::Strict { "strict" } else { "relaxed" }.to_string();
        let uris = |list: &[mxray::dmarc::ReportUri]| -> Vec<(String, u64)> { list.iter().map(|u| (u.uri.clone(), u.max_size.unwrap_or(0))).collect() };
        let want_uris = |v: &Value| -> Vec<(String, u64)> {
            v.as_array().into_iter().flatten().map(|u| (text(&u["uri"]).to_string(), u["max_size"].as_u64().unwrap_or(0))).collect()
        };
        let psd = match r.psd {
            Some(PsdFlag::Yes) => "yes",
            Some(PsdFlag::No) => "no",
            _ => "default",
        };
        let fo = if r.fo.is_empty() { "0".to_string() } else { r.fo.join(":") };
        let got = [
            ("p", policy(r.policy())),
            ("sp", policy(r.subdomain_policy())),
            ("np", policy(r.nonexistent_policy())),
            ("adkim", mode(r.dkim_alignment())),
            ("aspf", mode(r.spf_alignment())),
            ("fo", fo),
            ("psd", psd.to_string()),
            ("t", r.t.unwrap_or(false).to_string()),
        ];
        for (name, value) in got {
            let expected = match &want[name] {
                Value::Bool(b) => b.to_string(),
                v => text(v).to_string(),
            };
            if expected != value {
                return Some(format!("{name}: want {expected}, got {value}"));
            }
        }
        if uris(&r.rua) != want_uris(&want["rua"]) || uris(&r.ruf) != want_uris(&want["ruf"]) {
            return Some(format!("rua/ruf: want {} {}, got {:?} {:?}", want["rua"], want["ruf"], r.rua, r.ruf));
        }
    }
    None
}

#[test]
fn dmarc_record_parse() {
    let cases = lines("dmarc-record-parse.jsonl");
    let (mut agree, mut known, mut failures) = (0, 0, Vec::new());
    for case in &cases {
        let id = text(&case["id"]);
        let view = view_of(case);
        if let Some((_, ours, why)) = KNOWN_DISAGREEMENTS.iter().find(|(k, ..)| *k == id) {
            let valid = parse_record(text(&case["record"])).errors(view).is_empty();
            assert_eq!(valid, *ours, "{id}: a known disagreement must give mxray's answer ({why})");
            known += 1;
            continue;
        }
        match mismatch(case, view) {
            None => agree += 1,
            Some(why) => failures.push(format!("{id} ({}): {why}", view.name())),
        }
    }
    println!("dmarc records: {agree}/{} agree, {known} known disagreement(s):", cases.len() - known);
    for (id, _, why) in KNOWN_DISAGREEMENTS {
        println!("  {id}: {why}");
    }
    assert!(failures.is_empty(), "{} record case(s) disagree:\n{}", failures.len(), failures.join("\n"));
    assert!(agree > 0);
}

fn verdict_name(v: MechanismVerdict) -> &'static str {
    match v {
        MechanismVerdict::Pass => "Pass",
        MechanismVerdict::NotAligned => "Fail(Error::NotAligned)",
        MechanismVerdict::None => "None",
    }
}

#[test]
fn dmarc_alignment() {
    let cases = lines("dmarc-alignment.jsonl");
    let mut failures = Vec::new();
    for case in &cases {
        let id = text(&case["id"]);
        if case["domain_a"].is_string() {
            let mode = if text(&case["mode"]) == "strict" { AlignmentMode::Strict } else { AlignmentMode::Relaxed };
            let got = aligned(text(&case["domain_a"]), text(&case["domain_b"]), mode);
            if Some(got) != case["aligned"].as_bool() {
                failures.push(format!("{id}: {} vs {} ({}): aligned={got}", case["domain_a"], case["domain_b"], text(&case["mode"])));
            }
            continue;
        }
        let record = parse_record(text(&case["dmarc_record"])).record;
        let record_domain = text(&case["dmarc_record_name"]).trim_start_matches("_dmarc.").trim_end_matches('.');
        let from = text(&case["message_headers"]).lines().find_map(|l| l.strip_prefix("From:")).and_then(|a| a.trim().rsplit_once('@')).map(|(_, d)| d.trim_end_matches('>')).unwrap_or("");
        let spf = [Authenticated { domain: text(&case["smtp_mailfrom_domain"]).into(), pass: text(&case["spf_result"]) == "Pass" }];
        let dkim = [Authenticated { domain: text(&case["dkim_signature_domain"]).into(), pass: text(&case["dkim_result"]) == "Pass" }];
        let v = evaluate(from, &spf, &dkim, &record, record_domain);
        let got = (verdict_name(v.dkim), verdict_name(v.spf), v.policy.as_str());
        let want = (text(&case["expected_dmarc_dkim"]), text(&case["expected_dmarc_spf"]), text(&case["expected_policy"]));
        if got != want {
            failures.push(format!("{id}: want {want:?}, got {got:?}"));
        }
    }
    println!("dmarc alignment: {}/{} agree", cases.len() - failures.len(), cases.len());
    assert!(failures.is_empty(), "{} alignment case(s) disagree:\n{}", failures.len(), failures.join("\n"));
}
