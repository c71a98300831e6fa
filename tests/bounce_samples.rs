//! Bounces outside the shared corpus, written for mxray in the shapes real systems send
//! (`tests/samples/bounces/`): what a person reads first, and what the JSON says per recipient.
//! Each expectation is what an expert reading the bounce would say, not what mxray printed.

use mxray::report::Report;

fn analyze(name: &str) -> Report {
    let path = format!("{}/tests/samples/bounces/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    mxray::analyze(&text)
}

/// Per recipient: address, reason, hard, the codes explained; and words the verdict must hold.
fn check(name: &str, recipients: &[(&str, &str, Option<bool>, &[&str])], verdict_says: &str) {
    let report = analyze(name);
    let bounce = report.bounce.as_ref().unwrap_or_else(|| panic!("{name}: not read as a bounce"));
    let got: Vec<_> = bounce
        .recipients
        .iter()
        .map(|r| {
            let codes: Vec<&str> = r.explanations.iter().map(|e| e.code.as_str()).collect();
            (r.address.as_str(), r.reason.as_deref().unwrap_or(""), r.hard, codes)
        })
        .collect();
    let expected: Vec<_> = recipients.iter().map(|(a, r, h, c)| (*a, *r, *h, c.to_vec())).collect();
    assert_eq!(got, expected, "{name}");
    let verdict = mxray::render::verdict(&report);
    assert!(verdict.contains(verdict_says), "{name}: {verdict}");
}

#[test]
fn a_delay_warning_is_told_as_a_delay() {
    // The words name the cause of the delay (Microsoft's "Connection dropped due to
    // SocketError"), so the reason is the network's, not the time's.
    let recipient = ("audit@litware-accounting.example", "networkerror", Some(false), &["4.4.7", "400"][..]);
    check("m365-delay.eml", &[recipient], "is delayed; the sending server keeps trying");
    assert!(!mxray::render::verdict(&analyze("m365-delay.eml")).contains("gave up"));
}

#[test]
fn an_outlook_block_list_refusal_is_a_blocking() {
    let codes = &["Outlook.com block list", "5.7.1", "550"][..];
    check(
        "postfix-outlook-blocklist.eml",
        &[("pieter.jansen88@hotmail.com", "blocked", Some(true), codes)],
        "refused mail from your sending server",
    );
}

#[test]
fn a_security_policy_refusal_is_not_a_refused_sender() {
    let codes = &["Mimecast", "5.0.0", "554"][..];
    check(
        "postfix-mimecast-policy.eml",
        &[("d.reyes@harrow-legal.example", "policyviolation", Some(true), codes)],
        "broke a policy",
    );
}

#[test]
fn an_out_of_office_reply_is_no_failure_and_has_no_codes() {
    check(
        "out-of-office.eml",
        &[("h.vos@delftwater.example", "vacation", None, &[])],
        "not a delivery failure",
    );
}

#[test]
fn microsoft_codes_carry_microsoft_meanings() {
    check(
        "m365-recipient-not-found.eml",
        &[("m.obrien@fabrikam.com", "userunknown", Some(true), &["Microsoft 5.1.10", "550"])],
        "does not exist",
    );
    check(
        "m365-domain-typo.eml",
        &[("karen.b@outlok.com", "hostunknown", Some(true), &["host-unknown", "5.4.310", "550"])],
        "Did you mean @outlook.com?",
    );
}

/// What people most often paste: the notice as their mail program shows it, no headers.
#[test]
fn a_notice_copied_from_the_message_view() {
    let microsoft = &["Microsoft 5.1.10", "550"][..];
    let m365 = ("m.obrien@fabrikam.com", "userunknown", Some(true), microsoft);
    check("m365-copied-text.txt", &[m365], "m.obrien@fabrikam.com does not exist");
    let gmail = ("jenny.lopez1987@gmial.com", "userunknown", Some(true), &["5.1.1", "550"][..]);
    check("gmail-copied-text.txt", &[gmail], "Did you mean @gmail.com?");
    let postfix = ("bob@example.net", "mailboxfull", Some(true), &["5.2.2", "552"][..]);
    check("postfix-copied-text.txt", &[postfix], "The mailbox of bob@example.net is full.");
    for name in ["m365-copied-text.txt", "gmail-copied-text.txt", "postfix-copied-text.txt"] {
        let report = analyze(name);
        assert_eq!(report.detection.bounce_kind, Some(mxray::report::BounceKind::NoticeText), "{name}");
        assert!(report.headers.is_none(), "{name}: a header section was shown for text that has none");
    }
}

#[test]
fn a_relayed_recipient_asks_nobody_to_act() {
    let report = analyze("dsn-relayed-and-failed.eml");
    let bounce = report.bounce.as_ref().expect("a bounce");
    let [relayed, failed] = &bounce.recipients[..] else { panic!("two recipients") };
    assert_eq!((relayed.address.as_str(), relayed.hard), ("anna.berg@nordkust-bygg.example", None));
    assert!(relayed.explanations.iter().all(|e| e.steps.is_empty()), "{:?}", relayed.explanations);
    assert!(!mxray::render::render_text(&report).contains("it is temporary and will be retried"));
    assert_eq!((failed.reason.as_deref(), failed.hard), (Some("userunknown"), Some(true)));
    assert!(mxray::render::verdict(&report).contains("olof.strand@nordkust-bygg.example does not exist"));
}

/// The samples written from the vendors' documented shapes (`wild-*`), each with its expectation
/// line in a `*expectations.jsonl` beside them: every recipient the bounce names (and no other),
/// with its reason, hard/soft and typo hint as an expert reads them. Prints a score and every
/// miss; every sample must pass.
#[test]
fn samples_in_the_shapes_real_systems_send() {
    let dir = format!("{}/tests/samples/bounces", env!("CARGO_MANIFEST_DIR"));
    let mut lists: Vec<_> = std::fs::read_dir(&dir)
        .expect("the samples folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with("expectations.jsonl"))
        .collect();
    lists.sort();
    let (mut total, mut misses) = (0, Vec::new());
    for list in &lists {
        let text = std::fs::read_to_string(list).expect("an expectations file");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let exp: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let file = exp["file"].as_str().expect("a file name");
            total += 1;
            let problems = sample_problems(&analyze(file), &exp);
            if !problems.is_empty() {
                misses.push(format!("{file}: {}", problems.join("; ")));
            }
        }
    }
    println!("bounce samples: {}/{total} read as an expert reads them", total - misses.len());
    for m in &misses {
        println!("  MISS {m}");
    }
    assert!(total >= 40, "only {total} samples");
    assert!(misses.is_empty(), "{} of {total} samples misread", misses.len());
}

/// What a report gets wrong against one expectation line.
fn sample_problems(report: &Report, exp: &serde_json::Value) -> Vec<String> {
    let Some(bounce) = report.bounce.as_ref() else {
        return vec![format!("not read as a bounce ({:?}: {})", report.detected, report.detection.evidence)];
    };
    let mut problems = Vec::new();
    let expected = exp["recipients"].as_array().cloned().unwrap_or_default();
    let have: Vec<&str> = bounce.recipients.iter().map(|r| r.address.as_str()).collect();
    for want in &expected {
        let address = want["address"].as_str().unwrap_or_default();
        let Some(ours) = bounce.recipients.iter().find(|r| r.address.eq_ignore_ascii_case(address)) else {
            problems.push(format!("{address} missing (ours {have:?})"));
            continue;
        };
        let reason = ours.reason.as_deref().unwrap_or("");
        if want["reason"].as_str() != Some(reason) {
            problems.push(format!("{address}: reason {reason}, expected {}", want["reason"]));
        }
        if want["hard"].as_bool() != ours.hard {
            problems.push(format!("{address}: hard {:?}, expected {}", ours.hard, want["hard"]));
        }
        if let Some(hint) = want.get("typo_hint") {
            if hint.as_str() != ours.typo_hint.as_deref() {
                problems.push(format!("{address}: typo hint {:?}, expected {hint}", ours.typo_hint));
            }
        }
        if let Some(original) = want.get("original_recipient") {
            if original.as_str() != ours.original_recipient.as_deref() {
                let got = &ours.original_recipient;
                problems.push(format!("{address}: original recipient {got:?}, expected {original}"));
            }
        }
    }
    if bounce.recipients.len() != expected.len() {
        problems.push(format!("{} recipients, expected {}: {have:?}", have.len(), expected.len()));
    }
    problems
}

/// Every sample cut at every kilobyte (and at its last byte) is analysed without a panic or a
/// hang, and every recipient read of a cut bounce is an address.
#[test]
fn every_sample_truncated_at_every_kilobyte() {
    let dir = format!("{}/tests/samples/bounces", env!("CARGO_MANIFEST_DIR"));
    let mut cuts = 0;
    for entry in std::fs::read_dir(&dir).expect("the samples folder").flatten() {
        let path = entry.path();
        if path.to_string_lossy().ends_with(".jsonl") {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).expect("a sample")).into_owned();
        let mut at = 1024;
        while at < text.len() + 1024 {
            let mut end = at.min(text.len().saturating_sub(1));
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let piece = &text[..end];
            let start = std::time::Instant::now();
            let report = mxray::analyze(piece);
            assert!(start.elapsed().as_secs() < 5, "{}: {end} bytes took {:?}", path.display(), start.elapsed());
            for r in report.bounce.iter().flat_map(|b| &b.recipients) {
                assert!(r.address.contains('@'), "{}: {:?} is no address", path.display(), r.address);
            }
            cuts += 1;
            at += 1024;
        }
    }
    assert!(cuts > 100, "only {cuts} cuts");
}

/// A service's JSON events pasted on their own have no header section to show, and the server's
/// words are passed on without the service's `smtp;` type or a multi-line reply's repeated codes.
#[test]
fn json_events_show_the_servers_words_and_no_header_section() {
    let report = analyze("wild-format-postmark-hardbounce.json");
    assert!(report.headers.is_none());
    let bounce = report.bounce.expect("a bounce");
    let words = bounce.recipients[0].diagnostic.as_deref().unwrap_or("");
    assert!(words.starts_with("550-5.1.1 The email account") && !words.contains("try 550-5.1.1"), "{words}");
    assert_eq!(bounce.vendor.as_deref(), Some("Postmark"));
    // Carried in a notification email, the email's own header section is shown.
    assert!(analyze("wild-format-ses-sns-bounce-permanent.eml").headers.is_some());
}
