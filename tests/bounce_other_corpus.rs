//! Bounces from two other bounce parsers' test suites (`../shared/corpus/bounces-other`, read in
//! place): mail mxray was not written against. Scores recipients, detection, non-bounces and
//! hard/soft against those projects' own assertions, prints them with every miss, and fails
//! below the floors.

#[path = "support/score.rs"]
mod score;

use std::fs;
use std::path::Path;

use mxray::detect_and_read;
use mxray::{BounceReport, Detected};
use score::Score;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/bounces-other");

/// Rows where we believe upstream's assertion is wrong: (file, field, why). Printed; they still
/// count as misses.
const KNOWN_DISAGREEMENTS: &[(&str, &str, &str)] = &[];

fn known(file: &str, field: &str) -> bool {
    KNOWN_DISAGREEMENTS.iter().any(|(f, k, _)| *f == file && *k == field)
}

fn read_text(p: &Path) -> String {
    let bytes = fs::read(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether a report tells of a failure: a recipient that failed for good.
fn reports_failure(report: &BounceReport) -> bool {
    report.recipients.iter().any(|r| r.hard == Some(true))
}

#[test]
fn other_parsers_suites() {
    let (mut recipients, mut detected, mut non_bounce, mut hard) =
        (Score::default(), Score::default(), Score::default(), Score::default());
    let mut extras = 0;
    let mut misses = Vec::new();
    for suite in ["Mail-DeliveryStatus-BounceParser", "bounce_email"] {
        let dir = Path::new(CORPUS).join(suite);
        let lines = read_text(&dir.join("expectations.jsonl"));
        for line in lines.lines().filter(|l| !l.trim().is_empty()) {
            let exp: Value = serde_json::from_str(line).expect("a JSON line");
            let file = exp["file"].as_str().unwrap_or_default();
            let name = format!("{suite}/{file}");
            let (detection, report) = detect_and_read(&read_text(&dir.join(file)));
            let report = report.unwrap_or_default();
            let doubtful = exp["doubtful"].as_str().unwrap_or_default();
            let plain_spam = doubtful.starts_with("plain spam");
            let mut miss = |field: &str, text: String| {
                let k = if known(&name, field) { " (known disagreement)" } else { "" };
                misses.push(format!("{name}: {field}: {text}{k}"));
            };
            match exp["is_bounce"].as_bool() {
                Some(true) if !plain_spam => {
                    detected.add(detection.kind == Detected::Bounce);
                    if detection.kind != Detected::Bounce {
                        miss("detection", format!("not a bounce: {}", detection.evidence));
                    }
                }
                Some(false) => {
                    non_bounce.add(!reports_failure(&report));
                    if reports_failure(&report) {
                        miss("non-bounce", format!("reported as failed: {:?}", addresses(&report)));
                    }
                }
                _ => {}
            }
            if plain_spam {
                non_bounce.add(report.recipients.is_empty());
                if !report.recipients.is_empty() {
                    miss("non-bounce", format!("recipients reported: {:?}", addresses(&report)));
                }
                continue;
            }
            for row in exp["recipients"].as_array().into_iter().flatten() {
                let mut accepted = vec![row["address"].as_str().unwrap_or_default().to_string()];
                for alt in row["alternatives"].as_array().into_iter().flatten() {
                    accepted.extend(alt.as_str().map(str::to_string));
                }
                // What the sender wrote (Original-Recipient) counts as well as where it went.
                let ours = report.recipients.iter().find(|r| {
                    let names = std::iter::once(&r.address).chain(&r.original_recipient);
                    names.into_iter().any(|n| accepted.iter().any(|a| a.eq_ignore_ascii_case(n)))
                });
                recipients.add(ours.is_some());
                let Some(ours) = ours else {
                    miss("recipient", format!("expected {accepted:?}, ours {:?}", addresses(&report)));
                    continue;
                };
                if let (Some(want), None) = (row["hard"].as_bool(), row.get("hard_doubtful")) {
                    hard.add(ours.hard == Some(want));
                    if ours.hard != Some(want) {
                        miss("hard", format!("expected {want}, ours {:?} ({:?})", ours.hard, ours.reason));
                    }
                }
            }
            if exp["recipients_complete"].as_bool() == Some(true) {
                let expected = exp["recipients"].as_array().map_or(0, Vec::len);
                if report.recipients.len() > expected {
                    extras += report.recipients.len() - expected;
                    miss("extra", format!("{} reported, {expected} expected: {:?}", report.recipients.len(), addresses(&report)));
                }
            }
        }
    }
    println!(
        "bounces-other: recipients {}, bounces detected {}, non-bounces not reported as failures {}, hard {}, extra recipients {extras}",
        recipients.show(),
        detected.show(),
        non_bounce.show(),
        hard.show()
    );
    for (file, field, why) in KNOWN_DISAGREEMENTS {
        println!("  KNOWN {file}: {field}: {why}");
    }
    for m in &misses {
        println!("  MISS {m}");
    }
    assert!(recipients.ratio() >= 0.97, "recipients {} below 97 %", recipients.show());
    assert_eq!(detected.ok, detected.total, "every bounce must be detected");
    assert!(non_bounce.ratio() >= 0.90, "non-bounces {} below 90 %", non_bounce.show());
}

fn addresses(report: &BounceReport) -> Vec<&str> {
    report.recipients.iter().map(|r| r.address.as_str()).collect()
}
