//! One answer per recipient (issue "One answer"): over every bounce of the shared corpus and of
//! `tests/samples/bounces/`, each failed recipient has one story with one party who must act,
//! no step twice, and the plain text names each shared answer's who-must-act once (the codes are
//! reference there, with no who-must-act of their own); and no recipient the input lists is lost.

use std::path::Path;

use mxray::report::{Actor, Report};

fn mail_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            mail_files(&p, out);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("eml" | "msg" | "txt")) {
            out.push(p);
        }
    }
}

/// What is wrong with one report's answers, if anything.
fn problems(report: &Report) -> Vec<String> {
    let Some(b) = &report.bounce else { return Vec::new() };
    let mut out = Vec::new();
    for r in &b.recipients {
        let Some(story) = &r.story else {
            out.push(format!("{}: no story", r.address));
            continue;
        };
        if story.summary.is_empty() {
            out.push(format!("{}: an empty summary", r.address));
        }
        for (i, step) in story.steps.iter().enumerate() {
            if story.steps[..i].contains(step) {
                out.push(format!("{}: step given twice: {step}", r.address));
            }
        }
        let failed = !matches!(r.action.as_deref(), Some("delivered" | "relayed" | "expanded"))
            && !matches!(r.reason.as_deref(), Some("vacation" | "feedback"));
        if failed && story.who_must_act != Actor::Nobody && story.steps.is_empty() {
            out.push(format!("{}: {} must act, but no step says how", r.address, story.who_must_act.describe()));
        }
    }
    let text = mxray::render::render_text(report);
    let told = text.lines().filter(|l| l.trim_start().starts_with("Who must act")).count();
    let answers = mxray::explain::shared_stories(b).len();
    if told != answers {
        out.push(format!("the text names who must act {told} times for {answers} answer(s)"));
    }
    out
}

#[test]
fn every_bounce_gives_one_answer_per_recipient() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["../shared/corpus/bounces", "../shared/corpus/bounces-other", "tests/samples/bounces"] {
        mail_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 600, "{} files", files.len());
    let (mut bounces, mut recipients, mut bad) = (0, 0, Vec::new());
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let report = mxray::analyze(&text);
        if let Some(b) = &report.bounce {
            bounces += 1;
            recipients += b.recipients.len();
        }
        bad.extend(problems(&report).into_iter().map(|p| format!("{}: {p}", path.display())));
    }
    println!("one answer: {bounces} bounces, {recipients} recipients, {} problems", bad.len());
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A temporary refusal that a vendor documents as permanent: the story follows the code the
/// server sent, asks one party, and says which code it followed.
#[test]
fn a_temporary_full_mailbox_asks_the_recipient_once() {
    let text = "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: a@example.org\n\
        Subject: Delivery Status Notification (Delay)\n\nDelivery to the following recipient has been delayed:\n\n\
        \x20    bob@gmail.com\n\nThe response from the remote server was:\n\
        452 4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to \
        https://support.google.com/mail/?p=OverQuotaTemp\n";
    let report = mxray::analyze(text);
    let r = &report.bounce.as_ref().expect("a bounce").recipients[0];
    let story = r.story.as_ref().expect("a story");
    assert_eq!(story.who_must_act, Actor::RecipientAdmin);
    assert!(story.steps[0].starts_with("Nothing to do yet"), "{:?}", story.steps);
    assert!(!story.steps.iter().any(|s| s.contains("Remove or update the old address")), "{:?}", story.steps);
    assert!(story.follows.as_deref().is_some_and(|f| f.contains("4.2.2")), "{:?}", story.follows);
    assert!(problems(&report).is_empty(), "{:?}", problems(&report));
}

/// An authentication refusal: the generic 550's "check the address" is not among the steps.
#[test]
fn an_authentication_refusal_is_not_told_to_check_the_address() {
    let text = "From: MAILER-DAEMON@mx.example.com\nTo: a@example.org\nSubject: Undelivered Mail Returned to Sender\n\n\
        I'm sorry to have to inform you that your message could not be delivered.\n\n\
        <bob@gmail.com>: host gmail-smtp-in.l.google.com[142.250.1.26] said: 550-5.7.26 Unauthenticated email from \
        example.org is not accepted due to domain's DMARC policy. (in reply to end of DATA command)\n";
    let report = mxray::analyze(text);
    let story = report.bounce.as_ref().expect("a bounce").recipients[0].story.clone().expect("a story");
    assert_eq!(story.who_must_act, Actor::SenderAdmin, "{story:?}");
    assert!(!story.steps.iter().any(|s| s.contains("typing errors")), "{:?}", story.steps);
}

/// Nothing the input says is dropped: a report listing 5,000 recipients gives 5,000.
#[test]
fn a_report_of_five_thousand_recipients_keeps_them_all() {
    let mut text = String::from(
        "From: MAILER-DAEMON@mx.example.com\nTo: s@example.org\nSubject: Undelivered Mail Returned to Sender\n\
         MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n\
         --B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n\
         --B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n",
    );
    for i in 0..5000 {
        text.push_str(&format!("Final-Recipient: rfc822; u{i}@example.net\nAction: failed\nStatus: 5.1.1\n\n"));
    }
    text.push_str("--B--\n");
    let report = mxray::analyze(&text);
    let b = report.bounce.as_ref().expect("a bounce");
    assert_eq!(b.recipients.len(), 5000);
    assert_eq!(b.recipients[4999].address, "u4999@example.net");
    // They share one answer, told once.
    assert_eq!(mxray::explain::shared_stories(b).len(), 1);
    assert!(problems(&report).is_empty(), "{:?}", problems(&report));
}

/// A pasted record's headline is a verdict: broken (with every error, and what was meant), or
/// ignored, or valid; never "this looks like a record".
#[test]
fn a_record_is_headed_by_its_verdict() {
    let verdict = |text: &str| mxray::render::verdict(&mxray::analyze(text));
    let spf = verdict("v=spf1 inlcude:_spf.google.com ip4:192.0.2.1/33 -all");
    assert!(spf.starts_with("This SPF record is broken: 2 errors"), "{spf}");
    assert!(spf.contains("permerror") && spf.contains("did you mean `include:`") && spf.contains("/33"), "{spf}");
    assert_eq!(verdict("v=spf1 mx -all"), "This SPF record is valid.");
    let dmarc = verdict("v=DMARC1; p=rejct; rua=mailto:d@example.com");
    assert!(dmarc.starts_with("This DMARC record is ignored by receivers: `p=rejct` is not a policy (did you mean `reject`?)"), "{dmarc}");
    assert!(verdict("v=DMARC1; p=reject; rua=mailto:d@example.com").starts_with("This DMARC record"));
}

/// Many hops with a wrong clock are one finding, not one each: it counts them, names the first
/// and the worst.
#[test]
fn many_skewed_hops_are_told_once() {
    let mut text = String::new();
    // Newest first, as servers add them: every other hop is stamped an hour before the one
    // below it.
    for i in (0..40).rev() {
        let hour = if i % 2 == 0 { 10 } else { 9 };
        text.push_str(&format!("Received: from h{i}.example by h{}.example; Mon, 1 Jan 2024 {hour:02}:00:{i:02} +0000\n", i + 1));
    }
    text.push_str("From: a@example.org\nTo: b@example.net\nSubject: x\n\nbody\n");
    let report = mxray::analyze(&text);
    let skew: Vec<&str> = report.findings.iter().filter(|f| f.code == "clock-skew").map(|f| f.message.as_str()).collect();
    assert_eq!(skew.len(), 1, "{skew:?}");
    assert!(skew[0].starts_with("20 hops are stamped before the step before them (hops "), "{}", skew[0]);
    assert!(skew[0].contains("and 15 more") && skew[0].contains("The largest is hop "), "{}", skew[0]);
    // A few are still told one by one.
    let few = "Received: from b.example by c.example; Mon, 1 Jan 2024 09:00:00 +0000\n\
               Received: from a.example by b.example; Mon, 1 Jan 2024 10:00:00 +0000\n\
               From: a@example.org\n\nx\n";
    let report = mxray::analyze(few);
    let skew: Vec<&str> = report.findings.iter().filter(|f| f.code == "clock-skew").map(|f| f.message.as_str()).collect();
    assert_eq!(skew, ["Hop 2 (c.example, line 1) is stamped 1 h 0 min before the previous step: one of the servers' clocks is wrong."]);
}

/// Exchange Online's Authentication-Results has no authserv-id by design: it is Microsoft
/// 365's, not an RFC 8601 error of an unnamed server. A field without one and without
/// Microsoft's `compauth` still is an error.
#[test]
fn microsofts_authentication_results_are_microsofts() {
    let ms = "Authentication-Results: spf=fail (sender IP is 192.0.2.1) smtp.mailfrom=example.org; \
              dkim=none (message not signed) header.d=none;dmarc=fail action=none \
              header.from=example.org;compauth=fail reason=001\n\
              From: a@example.org\nTo: b@contoso.com\nSubject: x\n\nx\n";
    let report = mxray::analyze(ms);
    assert!(!report.findings.iter().any(|f| f.code == "authres-syntax"), "{:?}", report.findings);
    let spf = report.findings.iter().find(|f| f.code == "auth-fail" && f.message.contains("SPF")).expect("SPF fail told");
    assert!(spf.message.starts_with("Microsoft 365 reported SPF = fail"), "{}", spf.message);
    let text = mxray::render::render_text(&report);
    assert!(text.contains("Authentication-Results by Microsoft 365:"), "{text}");
    let other = "Authentication-Results: spf=fail smtp.mailfrom=example.org\nFrom: a@example.org\n\nx\n";
    let report = mxray::analyze(other);
    assert!(report.findings.iter().any(|f| f.code == "authres-syntax"), "{:?}", report.findings);
    assert!(report.findings.iter().any(|f| f.message.starts_with("An unnamed server reported SPF = fail")), "{:?}", report.findings);
}

/// An Outlook .msg file (OLE compound file) picked or dropped is named as such, with what to do.
#[test]
fn an_outlook_msg_file_is_named() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend((0..600u32).map(|i| (i * 7 % 256) as u8));
    let report = mxray::analyze(&String::from_utf8_lossy(&bytes));
    let f = report.findings.iter().find(|f| f.code == "outlook-msg").expect("named as .msg");
    assert!(f.message.contains("Outlook .msg file"), "{}", f.message);
    assert!(f.fix.as_deref().is_some_and(|fix| fix.contains(".eml")), "{f:?}");
    assert!(mxray::render::verdict(&report).contains("Outlook .msg"), "{}", mxray::render::verdict(&report));
}

/// A form's next field ends the server's words: Microsoft's "DSN generated by:" is not glued on.
#[test]
fn a_notices_next_field_is_not_glued_onto_the_servers_words() {
    let text = "Delivery has failed to these recipients or groups:\n\n\
        nobody@contoso.com\n\
        The email address you entered couldn't be found.\n\n\
        Diagnostic information for administrators:\n\n\
        Error Details\n\
        Reported error:\t550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\n\
        DSN generated by:\tBN8PR01MB1234.namprd01.prod.outlook.com\n";
    let report = mxray::analyze(text);
    let r = &report.bounce.as_ref().expect("a bounce").recipients[0];
    let words = r.diagnostic.as_deref().unwrap_or("");
    assert!(words.contains("RecipientNotFound"), "{words}");
    assert!(!words.contains("DSN generated by"), "{words}");
}
