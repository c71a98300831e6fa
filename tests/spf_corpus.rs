//! SPF against other projects' tests, read in place from `../shared/corpus/spf`:
//! the RFC 7208 suite (203 tests), mail-auth's SPF tests and checkdmarc's record syntax checks.
//! Each prints its score and fails below 100 %.

mod support;

use mxray::dns::Progress;
use mxray::spf::{check_mail_from, SpfInput};
use support::spf_suite::{load_mail_auth, load_rfc7208, Scenario};

/// Run every case; returns (passed, total, failure descriptions).
fn run(scenarios: &[Scenario], receiver: &str) -> (usize, usize, Vec<String>) {
    let (mut passed, mut total, mut failures) = (0, 0, Vec::new());
    for sc in scenarios {
        for case in &sc.cases {
            total += 1;
            let ip = match case.ip.parse() {
                Ok(ip) => ip,
                Err(_) => {
                    failures.push(format!("{} / {}: bad test address {}", sc.name, case.name, case.ip));
                    continue;
                }
            };
            let input = SpfInput { ip, sender: &case.sender, helo: &case.helo, receiver, now: 0 };
            let ev = match check_mail_from(&input, &sc.zone) {
                Progress::Done(ev) => ev,
                Progress::Need(q) => {
                    failures.push(format!("{} / {}: asked for DNS an in-memory zone always has: {q:?}", sc.name, case.name));
                    continue;
                }
            };
            let result_ok = case.results.iter().any(|r| r == ev.result.as_str());
            let exp_ok = match case.explanation.as_deref() {
                None => true,
                Some("DEFAULT") => ev.explanation.is_none(),
                Some(want) => ev.explanation.as_deref() == Some(want),
            };
            if result_ok && exp_ok {
                passed += 1;
            } else {
                failures.push(format!(
                    "{} / {}: want {:?}{}, got {} {:?} ({})",
                    sc.name,
                    case.name,
                    case.results,
                    case.explanation.as_deref().map(|e| format!(" \"{e}\"")).unwrap_or_default(),
                    ev.result.as_str(),
                    ev.explanation,
                    ev.reason
                ));
            }
        }
    }
    (passed, total, failures)
}

#[test]
fn rfc7208_suite() {
    let scenarios = load_rfc7208();
    let (passed, total, failures) = run(&scenarios, "unknown");
    println!("spf rfc7208 suite: {passed}/{total}");
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert_eq!(total, 203, "the suite has 203 tests");
    assert_eq!(passed, total, "every RFC 7208 test must pass");
}

/// mail-auth expectations that contradict RFC 7208 (and the RFC 7208 suite, which mxray passes
/// in full): the case, the result RFC 7208 gives, and why.
const MAIL_AUTH_DISAGREEMENTS: &[(&str, &str, &str)] = &[
    (
        "all.yml: All test #1",
        "permerror",
        "`v=spf1 -all ip:10.0.0.1`: `ip` is not a mechanism, and RFC 7208 §4.6 says a syntax \
         error anywhere in the record is a permerror, even after `all` (suite: detect-errors-anywhere)",
    ),
    (
        "exists.yml: Exists #2",
        "fail",
        "`exists` looks up A records only, whatever the client's address family (RFC 7208 §5.7; \
         suite: exists-ip6only); the target has only AAAA records",
    ),
    (
        "ip.yml: IPv6 match #4",
        "fail",
        "an IPv4 client never matches `ip6:` (RFC 7208 §5, §5.6; suite: cidr6-ip4, cidr6-0-ip4), \
         not even `ip6:::ffff:10.1.2.3`",
    ),
    (
        "macro.yml: Macro expansion 2 #2",
        "fail",
        "`exists` looks up A records only (RFC 7208 §5.7); the expanded name has only an AAAA record",
    ),
];

#[test]
fn mail_auth_spf_tests() {
    let scenarios = load_mail_auth();
    let (passed, total, failures) = run(&scenarios, "localdomain.org");
    println!(
        "spf mail-auth tests: {passed}/{total} ({} known disagreements with RFC 7208, listed with reasons)",
        MAIL_AUTH_DISAGREEMENTS.len()
    );
    let mut unexplained = Vec::new();
    for f in &failures {
        let known = MAIL_AUTH_DISAGREEMENTS
            .iter()
            .find(|(case, rfc, _)| f.contains(&format!("/ {case}: ")) && f.contains(&format!(", got {rfc} ")));
        match known {
            Some((case, rfc, why)) => println!("  known disagreement {case}: RFC 7208 gives {rfc}: {why}"),
            None => {
                println!("  FAIL {f}");
                unexplained.push(f);
            }
        }
    }
    assert_eq!(total, 105, "mail-auth has 105 SPF tests");
    assert!(unexplained.is_empty(), "{} mail-auth tests fail without a known reason", unexplained.len());
    assert_eq!(passed + MAIL_AUTH_DISAGREEMENTS.len(), total, "a listed disagreement no longer occurs: update the list");
}

/// checkdmarc's warning texts in the corpus, and the mxray warning that says the same thing.
const CHECKDMARC_WARNINGS: &[(&str, &str)] =
    &[("Any text after the all mechanism other than an exp modifier is ignored.", "terms-after-all")];

#[test]
fn checkdmarc_record_syntax() {
    use mxray::spf::{analyze_spf, SpfRequest};
    use serde_json::Value;
    let path = support::spf_suite::corpus_dir().join("spf-record-syntax.jsonl");
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (mut passed, mut total, mut failures) = (0, 0, Vec::new());
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("JSON line");
        let id = case["id"].as_str().unwrap_or("?");
        let record = case["record"].as_str().expect("record");
        total += 1;
        let req = SpfRequest { record: Some(record), ..Default::default() };
        let Progress::Done(r) = analyze_spf(&req, &mxray::dns::Offline) else { panic!("offline") };
        let mut problems = Vec::new();
        if r.valid != case["valid"].as_bool().expect("valid") {
            problems.push(format!("valid={} (errors {:?})", r.valid, r.errors));
        }
        if let Some(all) = case["all"].as_str() {
            let ours = r.terms.iter().find(|t| t.text.trim_start_matches(['+', '-', '~', '?']).eq_ignore_ascii_case("all")).map(|t| {
                match t.text.chars().next() {
                    Some('-') => "fail",
                    Some('~') => "softfail",
                    Some('?') => "neutral",
                    _ => "pass",
                }
            });
            if ours != Some(all) {
                problems.push(format!("all qualifier {ours:?}, want {all}"));
            }
        }
        if let Some(text) = case["warning_contains"].as_str() {
            match CHECKDMARC_WARNINGS.iter().find(|(t, _)| *t == text) {
                Some((_, code)) if r.warnings.iter().any(|w| w.code == *code) => {}
                Some((_, code)) => problems.push(format!("no {code} warning (checkdmarc: {text})")),
                None => problems.push(format!("no mxray equivalent listed for checkdmarc's warning {text:?}")),
            }
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("{id}: {}", problems.join("; ")));
        }
    }
    println!("spf record syntax (checkdmarc): {passed}/{total}");
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert_eq!(total, 17);
    assert_eq!(passed, total);
}
