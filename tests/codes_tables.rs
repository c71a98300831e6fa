//! The code knowledge base, walked table by table, and vendor diagnostics of real bounces from
//! the shared corpus (read in place).

use std::collections::HashSet;

use mxray::codes::{
    enhanced_code, explain, known_reply_codes, registered_enhanced_codes, reply_code, vendor_diagnostics,
};
use mxray::{Actor, Explanation};
use proptest::prelude::*;

const BOUNCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/bounces/bsd/");

/// Every reply code of RFC 5321 §4.2.3, plus 521 and 556 of RFC 7504.
const RFC_REPLY_CODES: &[u16] = &[
    211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550,
    551, 552, 553, 554, 555, 521, 556,
];

/// The IANA registry's enumerated codes as `(subject, highest detail)`: X.0.0, X.1.0-X.1.10, ...
const REGISTRY: &[(u16, u16)] = &[(0, 0), (1, 10), (2, 4), (3, 6), (4, 7), (5, 6), (6, 10), (7, 30)];

fn check_complete(e: &Explanation, class: u16) {
    let what = &e.code;
    assert!(!e.title.trim().is_empty(), "{what}: title");
    assert!(!e.meaning.trim().is_empty(), "{what}: meaning");
    assert!(!e.source.trim().is_empty(), "{what}: source");
    if class >= 4 {
        assert!(!e.steps.is_empty(), "{what}: a failure needs at least one step");
        assert!(e.steps.iter().all(|s| !s.trim().is_empty()), "{what}: empty step");
    } else {
        assert_eq!(e.actor, Actor::Nobody, "{what}: success needs nobody");
    }
}

fn well_formed_enhanced(code: &str) -> Option<(u16, u16, u16)> {
    let mut parts = code.split('.').map(|p| p.parse::<u16>().ok().filter(|_| (1..=3).contains(&p.len())));
    let (class, subject, detail) = (parts.next()??, parts.next()??, parts.next()??);
    (parts.next().is_none() && matches!(class, 2 | 4 | 5)).then_some((class, subject, detail))
}

#[test]
fn every_reply_code_is_explained() {
    let known: Vec<u16> = known_reply_codes().collect();
    let unique: HashSet<u16> = known.iter().copied().collect();
    assert_eq!(unique.len(), known.len(), "reply codes are unique");
    for code in &known {
        assert!((200..=599).contains(code), "{code} is a reply code");
        let e = reply_code(*code).expect("a listed code is explained");
        assert_eq!(e.code, code.to_string());
        check_complete(&e, code / 100);
    }
    for code in RFC_REPLY_CODES {
        assert!(unique.contains(code), "{code} (RFC 5321/7504) is listed");
    }
    // Unknown codes of a known class get the class and the second digit's category.
    let e = reply_code(559).expect("class-level explanation");
    assert!(e.meaning.contains("permanent") && e.meaning.contains("mail system"), "{}", e.meaning);
    check_complete(&e, 5);
    check_complete(&reply_code(471).expect("class-level"), 4);
    assert!(reply_code(199).is_none() && reply_code(600).is_none());
}

#[test]
fn every_registered_enhanced_code_is_explained() {
    let codes: Vec<String> = registered_enhanced_codes().collect();
    let unique: HashSet<&str> = codes.iter().map(String::as_str).collect();
    assert_eq!(unique.len(), codes.len(), "enhanced codes are unique");
    let mut details = HashSet::new();
    for code in &codes {
        let (class, subject, detail) = well_formed_enhanced(code).unwrap_or_else(|| panic!("{code} is well-formed"));
        details.insert((subject, detail));
        let e = enhanced_code(code).expect("a registered code is explained");
        assert_eq!(&e.code, code);
        assert!(e.source.contains("IANA"), "{code}: {}", e.source);
        assert!(!e.title.contains("not registered"), "{code} has its own entry");
        check_complete(&e, class);
        if class == 4 {
            assert!(e.meaning.contains("temporary"), "{code}: {}", e.meaning);
        }
    }
    for &(subject, last) in REGISTRY {
        for detail in 0..=last {
            assert!(details.contains(&(subject, detail)), "X.{subject}.{detail} is in the table");
        }
    }
    assert_eq!(details.len(), REGISTRY.iter().map(|(_, last)| usize::from(*last) + 1).sum::<usize>());
    // Fallbacks: an unregistered detail gets its subject, an unknown subject its class.
    let e = enhanced_code("5.7.99").expect("subject-level");
    assert!(e.title.contains("Security or policy"), "{}", e.title);
    check_complete(&e, 5);
    check_complete(&enhanced_code("4.9.1").expect("class-level"), 4);
    assert!(enhanced_code("3.1.1").is_none() && enhanced_code("5.1").is_none() && enhanced_code("x").is_none());
}

#[test]
fn class_changes_who_acts() {
    let temporary = enhanced_code("4.1.1").expect("4.1.1");
    let permanent = enhanced_code("5.1.1").expect("5.1.1");
    assert_eq!(temporary.actor, Actor::Nobody);
    assert_eq!(permanent.actor, Actor::Sender);
    assert!(temporary.steps.len() > permanent.steps.len(), "a temporary failure says to wait first");
    assert_eq!(enhanced_code("2.1.5").map(|e| e.actor), Some(Actor::Nobody));
    assert_eq!(enhanced_code("4.2.2").map(|e| e.actor), Some(Actor::RecipientAdmin));
}

#[test]
fn enhanced_comes_before_reply() {
    let codes: Vec<String> = explain("550 5.1.1 <nobody@example.com>").into_iter().map(|e| e.code).collect();
    assert_eq!(codes, ["5.1.1", "550"]);
    let codes: Vec<String> = explain("mxray explain 451 4.7.1").into_iter().map(|e| e.code).collect();
    assert_eq!(codes, ["4.7.1", "451"]);
    assert!(explain("no codes here").is_empty());
}

#[test]
fn vendor_diagnostics_are_complete() {
    let mut seen = HashSet::new();
    for e in vendor_diagnostics() {
        assert!(seen.insert(e.code.clone()), "{} is unique", e.code);
        check_complete(&e, 5);
    }
}

/// The `Diagnostic-Code` field of a bounce, unfolded; the whole file when it has none.
fn diagnostic(file: &str) -> String {
    let path = format!("{BOUNCES}{file}");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let mut field = String::new();
    let mut lines = text.lines().skip_while(|l| !l.starts_with("Diagnostic-Code:"));
    if let Some(first) = lines.next() {
        field.push_str(first);
        for l in lines.take_while(|l| l.starts_with([' ', '\t'])) {
            field.push(' ');
            field.push_str(l.trim());
        }
        return field;
    }
    text
}

/// Real bounces and the explanation that must come first.
const REAL_BOUNCES: &[(&str, &str)] = &[
    ("lhost-postfix-70.eml", "Gmail 5.7.26"),
    ("rhost-google-03.eml", "Gmail 5.7.26"),
    ("rhost-google-05.eml", "Gmail 5.2.2"),
    ("lhost-postfix-74.eml", "Yahoo TSS04"),
    ("rhost-yahooinc-02.eml", "Yahoo TSS04"),
    ("lhost-postfix-67.eml", "Yahoo 5.7.9"),
    ("rhost-microsoft-01.eml", "Microsoft 5.7.606-649"),
    ("lhost-qmail-09.eml", "Microsoft 5.7.606-649"),
    ("lhost-mimecast-01.eml", "Microsoft 5.4.1"),
    ("lhost-office365-01.eml", "Microsoft 5.1.10"),
    ("lhost-x6-01.eml", "Microsoft 5.4.14"),
    ("lhost-postfix-80.eml", "Spamhaus DBL"),
    ("rhost-godaddy-02.eml", "Spamhaus"),
    ("lhost-postfix-38.eml", "Proofpoint"),
    ("lhost-sendmail-07.eml", "relay-denied"),
    ("lhost-exim-32.eml", "reverse-dns"),
    ("rfc3464-08.eml", "spam"),
    // The words say what the code says: the registered code comes first.
    ("lhost-sendmail-05.eml", "5.2.3"),
];

#[test]
fn real_bounces_get_the_vendor_explanation_first() {
    let mut failures = Vec::new();
    for (file, expected) in REAL_BOUNCES {
        let got: Vec<String> = explain(&diagnostic(file)).into_iter().map(|e| e.code).collect();
        if got.first().map(String::as_str) != Some(*expected) {
            failures.push(format!("{file}: expected {expected} first, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Reply lines in the form providers and blocklists use, and the explanation that must come first.
const WORDED: &[(&str, &str)] = &[
    ("550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp", "Gmail 5.7.26"),
    ("550-5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp", "Gmail 5.7.1"),
    ("550 5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent. - gsmtp", "Gmail 5.7.1 policy"),
    ("550-5.7.1 The IP you're using to send mail is not authorized to send email directly to our servers. - gsmtp", "Gmail 5.7.1 direct"),
    ("550-5.2.1 The email account that you tried to reach is disabled. - gsmtp", "Gmail 5.2.1"),
    ("452-4.2.2 The recipient's inbox is out of storage space. https://support.google.com/mail/?p=OverQuotaTemp - gsmtp", "Gmail 5.2.2"),
    ("450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. - gsmtp", "Gmail 4.2.1"),
    ("550-5.7.25 The IP address sending this message does not have a PTR record setup. - gsmtp", "Gmail 5.7.25"),
    ("421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp", "Gmail 4.7.28"),
    ("550-5.7.27 This mail has been blocked because the sender's domain did not pass SPF. - gsmtp", "Gmail 5.7.27"),
    ("534-5.7.9 Application-specific password required. - gsmtp", "Gmail 5.7.9"),
    ("550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/", "Microsoft 5.7.606-649"),
    ("550 5.7.649 Access denied, banned sending IP [192.0.2.1].", "Microsoft 5.7.606-649"),
    ("550 5.7.705 Access denied, tenant has exceeded threshold", "Microsoft 5.7.700-749"),
    ("550 5.7.708 Access denied, traffic not accepted from this IP", "Microsoft 5.7.708"),
    ("550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains", "Microsoft 5.7.750"),
    ("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", "Microsoft 5.4.1"),
    ("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "Microsoft 5.1.10"),
    ("530 5.7.1 Client was not authenticated", "Microsoft 5.7.57"),
    ("554 5.4.14 Hop count exceeded - possible mail loop ATTR34", "Microsoft 5.4.14"),
    ("550 4.4.7 QUEUE.Expired; message expired", "Microsoft 4.4.7"),
    ("451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77719)", "Microsoft 4.7.500-699"),
    ("421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints", "Yahoo TSS04"),
    ("421 4.7.0 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.", "Yahoo TSS09/TSS11"),
    ("421 4.7.0 [TSS11] All messages from 192.0.2.1 will be permanently deferred", "Yahoo TSS09/TSS11"),
    ("554 5.7.9 Message not accepted for policy reasons.", "Yahoo 5.7.9"),
    ("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", "Spamhaus"),
    ("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using pbl.spamhaus.org", "Spamhaus PBL"),
    ("554 5.7.1 Client host [192.0.2.1] blocked using xbl.spamhaus.org", "Spamhaus XBL"),
    ("554 5.7.1 Client host [192.0.2.1] blocked using css.spamhaus.org", "Spamhaus"),
    ("554 5.7.1 Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.1", "SpamCop"),
    ("554 Refused. Your IP address is listed in the RBL at b.barracudacentral.org", "Barracuda BRBL"),
    ("550 5.7.1 Blocked by dnsbl.sorbs.net", "SORBS"),
    ("550 5.7.1 Rejected: IP listed at dnsbl-1.uceprotect.net", "UCEPROTECT"),
    ("554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1", "Proofpoint"),
    ("550 5.7.1 Poor reputation, rejected by Cloudmark CSI", "Cloudmark"),
    ("550 Rejected by Mimecast policy - https://community.mimecast.com/docs/DOC-1369#550", "Mimecast"),
    ("552 Requested mail action aborted: mailbox full", "mailbox-full"),
    ("550 Quota exceeded for this recipient", "mailbox-full"),
    ("552 Message size exceeds maximum permitted", "message-too-big"),
    ("554 <a@example.org>: Relay access denied", "relay-denied"),
    ("550 Relaying denied", "relay-denied"),
    ("550 Your IP has no reverse DNS", "reverse-dns"),
    ("550 No PTR record found for 192.0.2.1", "reverse-dns"),
    ("530 Must issue a STARTTLS command first", "tls-required"),
    ("450 Greylisted, please come back later", "greylisted"),
    ("451 Please try again later", "try-later"),
];

#[test]
fn worded_diagnostics_come_first() {
    let mut failures = Vec::new();
    for (line, expected) in WORDED {
        let got: Vec<String> = explain(line).into_iter().map(|e| e.code).collect();
        if got.first().map(String::as_str) != Some(*expected) {
            failures.push(format!("{line}\n  expected {expected} first, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn counts() {
    let replies = known_reply_codes().count();
    let enhanced: HashSet<String> =
        registered_enhanced_codes().map(|c| c.split_once('.').map_or(c.clone(), |(_, rest)| rest.to_string())).collect();
    let concrete = registered_enhanced_codes().count();
    let vendor = vendor_diagnostics().count();
    let text: usize = known_reply_codes()
        .filter_map(reply_code)
        .chain(vendor_diagnostics())
        .map(|e| e.title.len() + e.meaning.len() + e.source.len() + e.steps.iter().map(String::len).sum::<usize>())
        .sum();
    println!(
        "codes: {replies} reply codes, {} enhanced codes ({concrete} with their classes), {vendor} vendor diagnostics explained ({text} bytes of reply and vendor text as rendered)",
        enhanced.len()
    );
}

proptest! {
    #[test]
    fn explain_never_panics(text in any::<String>()) {
        let _ = explain(&text);
    }

    #[test]
    fn explain_never_panics_on_code_like_text(text in "[0-9 .;:<>#\\-a-z]{0,40}") {
        let _ = explain(&text);
        let _ = enhanced_code(&text);
    }
}

