//! The whole pipeline (and the masking for links and tickets) never panics: arbitrary text, and real corpus files cut and mangled at
//! arbitrary places (what a hurried copy-paste produces).

use mxray::{analyze, render::render_text};
use proptest::prelude::*;

const SAMPLES: &[&str] = &[
    include_str!("../../shared/corpus/headers/messages/mail_test_2.hdr"),
    include_str!("../../shared/corpus/headers/messages/mail_malformed_1.hdr"),
    include_str!("../../shared/corpus/bounces/bsd/rfc3464-03.eml"),
    include_str!("../../shared/corpus/bounces/bsd/lhost-postfix-03.eml"),
];

/// Runs everything a front end runs on a report.
fn exercise(input: &str) {
    let report = analyze(input);
    let json = serde_json::to_string(&report).expect("a Report always serializes");
    assert!(json.contains("\"detected\""));
    let _ = render_text(&report);
    let _ = mxray::render::verdict(&report);
    // Masked for a link or a ticket: every line kept, and still something to analyse.
    let masked = mxray::redact::redact(input);
    assert_eq!(masked.lines().count(), input.lines().count());
    let _ = analyze(&masked);
}

fn cut(text: &str, at: usize) -> &str {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    &text[..at]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(input in ".{0,2000}") {
        exercise(&input);
    }

    #[test]
    fn header_like_text(lines in prop::collection::vec(
        prop_oneof![
            "Received: [a-z ;:()\\[\\].0-9,+-]{0,80}",
            "Authentication-Results: [a-z .=;()@\"]{0,80}",
            "DKIM-Signature: [a-z=; ]{0,60}",
            "(From|To|Date|Subject|Return-Path|Reply-To): .{0,40}",
            "[ \t].{0,40}",
            ".{0,40}",
        ], 0..30)) {
        exercise(&lines.join("\n"));
        exercise(&lines.join("\r\n"));
        exercise(&lines.join("\r"));
    }

    #[test]
    fn truncated_and_spliced_corpus_files(which in 0..SAMPLES.len(), a in 0usize..20_000, b in 0usize..20_000, junk in ".{0,50}") {
        let sample = SAMPLES[which];
        exercise(cut(sample, a));
        let tail = &sample[cut(sample, b).len()..];
        exercise(&format!("{}{junk}{tail}", cut(sample, a)));
    }
}
