//! Detection over the shared external corpus (`../shared/corpus`), read in place.
//!
//! Each group prints a score line; failures are listed with the detector's evidence.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use mxray::detect::detect;
use mxray::{BounceKind, Detected, Detection};
use proptest::prelude::*;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Bounce files no general rule detects, with the reason. Listed ones still count as failures.
const KNOWN_MISSES: &[(&str, &str)] = &[];

fn corpus(rel: &str) -> PathBuf {
    Path::new(CORPUS).join(rel)
}

/// A file as a user would paste it: bytes as text, invalid UTF-8 replaced.
fn read_text(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn jsonl(rel: &str) -> Vec<Value> {
    read_text(&corpus(rel))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{rel}: bad JSON line: {e}")))
        .collect()
}

fn show(d: &Detection) -> String {
    match d.bounce_kind {
        Some(k) => format!("{} ({k:?}): {}", d.kind.as_str(), d.evidence),
        None => format!("{}: {}", d.kind.as_str(), d.evidence),
    }
}

fn report(group: &str, failures: &[String]) {
    for f in failures {
        println!("  FAIL {group}: {f}");
    }
}

#[test]
fn bounces_are_detected_as_bounces() {
    let rows = jsonl("bounces/expectations.jsonl");
    assert!(rows.len() >= 500, "expected the whole bounce corpus, got {} rows", rows.len());
    let mut detections: HashMap<String, Detection> = HashMap::new();
    let mut bounce_total = 0;
    let mut bounce_ok = 0;
    let mut not_total = 0;
    let mut not_ok = 0;
    let mut failures = Vec::new();
    let mut kinds: HashMap<String, usize> = HashMap::new();
    let mut same_content: HashMap<String, String> = HashMap::new();
    for row in &rows {
        let file = row["file"].as_str().unwrap_or_default().to_string();
        let kind = row["kind"].as_str().unwrap_or_default();
        let is_bounce = row["is_bounce"].as_bool().unwrap_or(true);
        if let Some(orig) = row["expected_from"]["same_content_as"].as_str() {
            same_content.insert(file.clone(), orig.to_string());
        }
        let d = detect(&read_text(&corpus(&format!("bounces/{file}"))));
        if is_bounce {
            bounce_total += 1;
            let allowed: &[BounceKind] = match kind {
                "arf" => &[BounceKind::FeedbackReport],
                "rfc3834" => &[BounceKind::AutoReply],
                _ => &[BounceKind::Dsn, BounceKind::Ndr],
            };
            let ok =
                d.kind == Detected::Bounce && d.bounce_kind.is_some_and(|k| allowed.contains(&k));
            if ok {
                bounce_ok += 1;
                *kinds.entry(format!("{:?}", d.bounce_kind)).or_default() += 1;
            } else {
                failures.push(format!("{file} [{kind}] -> {}", show(&d)));
            }
        } else {
            not_total += 1;
            if d.kind == Detected::Message {
                not_ok += 1;
            } else {
                failures.push(format!("{file} [not a bounce] -> {}", show(&d)));
            }
        }
        detections.insert(file, d);
    }

    // dos/ (CRLF) and mac/ (CR) copies must agree with their LF original: the file named in
    // same_content_as, else the bsd/ file of the same name, else the other line-ending copy.
    let mut copies = 0;
    let mut agree = 0;
    let mut names: Vec<&String> = detections.keys().collect();
    names.sort();
    for file in names {
        let Some(name) = file.strip_prefix("dos/").or_else(|| file.strip_prefix("mac/")) else {
            continue;
        };
        let sibling =
            if file.starts_with("dos/") { format!("mac/{name}") } else { format!("dos/{name}") };
        let reference = same_content
            .get(file)
            .cloned()
            .filter(|r| detections.contains_key(r))
            .or_else(|| Some(format!("bsd/{name}")).filter(|r| detections.contains_key(r)))
            .unwrap_or(sibling);
        let (Some(a), Some(b)) = (detections.get(file), detections.get(&reference)) else {
            continue;
        };
        copies += 1;
        if a.kind == b.kind && a.bounce_kind == b.bounce_kind {
            agree += 1;
        } else {
            failures.push(format!("{file} disagrees with {reference}: {} vs {}", show(a), show(b)));
        }
    }

    for (file, reason) in KNOWN_MISSES {
        println!("  KNOWN MISS {file}: {reason}");
    }
    report("bounces", &failures);
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort();
    println!("  bounce kinds: {kinds:?}");
    println!(
        "detect bounces: {bounce_ok}/{bounce_total} bounce, not-bounce {not_ok}/{not_total}, \
         line-ending copies agree {agree}/{copies}"
    );
    assert!(copies >= 100, "expected the dos/ and mac/ copies, found {copies}");
    assert_eq!(bounce_ok, bounce_total, "every bounce file must be detected as a bounce");
    assert_eq!(not_ok, not_total, "the not/ file must be a plain message");
    assert_eq!(agree, copies, "line-ending copies must agree");
}

#[test]
fn header_files_are_headers_or_messages() {
    let dir = corpus("headers/messages");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "hdr"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut report_sections = 0;
    for path in &files {
        let text = read_text(path);
        let d = detect(&text);
        // A header section whose own Content-Type declares a DSN (mail_malformed_2 is the header
        // section of a real bounce) is rightly a bounce: bounces take precedence.
        let own_dsn = text.to_ascii_lowercase().contains("report-type=delivery-status");
        let ok = match d.kind {
            Detected::Headers | Detected::Message => true,
            Detected::Bounce => own_dsn && d.bounce_kind == Some(BounceKind::Dsn),
            _ => false,
        };
        if d.kind == Detected::Bounce && ok {
            report_sections += 1;
            println!("  note: {} is a DSN's header section -> {}", path.display(), show(&d));
        }
        if !ok {
            failures.push(format!("{} -> {}", path.display(), show(&d)));
        }
    }
    report("headers", &failures);
    let ok = files.len() - failures.len();
    println!(
        "detect headers: {ok}/{} headers or message ({report_sections} of them a DSN's header \
         section, detected as bounce)",
        files.len()
    );
    assert!(files.len() >= 10, "expected the .hdr files, found {}", files.len());
    assert!(failures.is_empty());
}

#[test]
fn spf_records_are_spf_records() {
    let rows = jsonl("spf/spf-record-syntax.jsonl");
    let mut failures = Vec::new();
    for row in &rows {
        let record = row["record"].as_str().unwrap_or_default();
        let d = detect(record);
        if d.kind != Detected::SpfRecord {
            failures.push(format!("{record:?} -> {}", show(&d)));
        }
    }
    // The TXT/SPF values in the RFC 7208 suite's zone data that begin with v=spf1 (plain YAML
    // scalars, or double-quoted ones without escapes).
    let yaml = read_text(&corpus("spf/rfc7208-tests.yml"));
    let mut zone = 0;
    for line in yaml.lines() {
        let t = line.trim_start();
        let Some(value) = t.strip_prefix("- TXT:").or_else(|| t.strip_prefix("- SPF:")) else {
            continue;
        };
        let value = value.trim();
        let plain = value.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("v=spf1"))
            && value[6..].chars().next().is_none_or(char::is_whitespace);
        let quoted = value.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("\"v=spf1"))
            && !value.contains('\\')
            && value[7..].chars().next().is_none_or(|c| c == ' ' || c == '"');
        if !(plain || quoted) {
            continue;
        }
        zone += 1;
        let d = detect(value);
        if d.kind != Detected::SpfRecord {
            failures.push(format!("rfc7208 zone {value:?} -> {}", show(&d)));
        }
    }
    report("spf", &failures);
    let total = rows.len() + zone;
    println!(
        "detect spf: {}/{total} spf-record ({} syntax records, {zone} RFC 7208 zone records)",
        total - failures.len(),
        rows.len()
    );
    assert!(rows.len() >= 15 && zone >= 50);
    assert!(failures.is_empty());
}

#[test]
fn dmarc_records_are_dmarc_records() {
    let rows = jsonl("dmarc/dmarc-record-parse.jsonl");
    let mut failures = Vec::new();
    for row in &rows {
        let record = row["record"].as_str().unwrap_or_default();
        let want = if record.trim().is_empty() { Detected::Unknown } else { Detected::DmarcRecord };
        let d = detect(record);
        if d.kind != want {
            failures.push(format!("{record:?} want {} -> {}", want.as_str(), show(&d)));
        }
    }
    report("dmarc", &failures);
    println!(
        "detect dmarc: {}/{} as expected (empty one unknown)",
        rows.len() - failures.len(),
        rows.len()
    );
    assert!(rows.len() >= 20);
    assert!(failures.is_empty());
}

#[test]
fn smtp_replies_and_unknowns() {
    let cases: &[(&str, Detected)] = &[
        ("550 5.1.1 <kijitora@example.jp>... User unknown", Detected::SmtpReply),
        (
            "421-4.7.0 [192.0.2.1] Try again later\r\n421 4.7.0 closing connection",
            Detected::SmtpReply,
        ),
        ("5.7.26", Detected::SmtpReply),
        ("smtp; 550 5.7.1 Message rejected as spam", Detected::SmtpReply),
        ("Diagnostic-Code: SMTP; 552 5.2.2 Mailbox full", Detected::SmtpReply),
        ("451 Temporary local problem - please try later", Detected::SmtpReply),
        ("554", Detected::SmtpReply),
        ("", Detected::Unknown),
        ("   \r\n ", Detected::Unknown),
        ("Hello, world!", Detected::Unknown),
        ("{\"kind\": \"bounce\", \"code\": 550}", Detected::Unknown),
        ("[1, 2, 3]", Detected::Unknown),
        ("<p>hi</p>", Detected::Unknown),
        ("v=DKIM1; k=rsa; p=MIIBIjANBgkq", Detected::Unknown),
        ("lorem ipsum\ndolor sit amet\nconsectetur", Detected::Unknown),
    ];
    let mut failures = Vec::new();
    for (input, want) in cases {
        let d = detect(input);
        if d.kind != *want || d.evidence.is_empty() {
            failures.push(format!("{input:?} want {} -> {}", want.as_str(), show(&d)));
        }
    }
    report("smtp/unknown", &failures);
    println!(
        "detect smtp-reply/unknown: {}/{} as expected",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty());
}

proptest! {
    // No regression files: this test must not write into the tree.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let d = detect(&s);
        prop_assert!(!d.evidence.is_empty());
    }

    #[test]
    fn mail_like_text_never_panics(s in "(From|To|Subject|Content-Type|Received|v|V|=|:|;|\"|\\\\| |\t|\r|\n|5|0|\\.|-|<>|multipart/report|report-type=|boundary=|--|DMARC1|spf1|TXT|IN|[a-z]{1,5}){0,60}") {
        let d = detect(&s);
        prop_assert!(!d.evidence.is_empty());
    }
}
