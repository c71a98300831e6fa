//! Why a message bounced, in Sisimai's reason vocabulary: the server's words read through the
//! cause lexicon ([`lexicon`]), a table of enhanced status codes, and the order in which the
//! evidence counts ([`classify`]).
//!
//! Knowledge is data: the lexicon maps phrases of servers' words to a reason,
//! [`STATUS_REASONS`] maps enhanced status codes to the reason they name on their own, and
//! [`REASONS`] explains every reason in plain words.

use super::lexicon;

/// Every reason with its meaning in plain words, in the order people meet them most.
pub const REASONS: &[(&str, &str)] = &[
    ("userunknown", "The recipient's address does not exist at the receiving server (mistyped, deleted or never created)."),
    ("mailboxfull", "The recipient's mailbox is full; the recipient has to make room before mail can arrive."),
    ("filtered", "The receiving side refused this message for the address, usually by a filter or a rule set there; some servers answer so for an address they do not know."),
    ("rejected", "The receiving server refused the sender: the envelope sender address or its domain was not accepted."),
    ("blocked", "The receiving server refused the sending server itself, typically because of its IP address (a blocklist, a firewall or missing trust)."),
    ("expired", "The message could not be delivered within the time the sending server keeps trying, so it gave up."),
    ("suspend", "The recipient's mailbox exists but is disabled or suspended (for example an inactive or unpaid account)."),
    ("hostunknown", "The recipient's domain does not exist or has no mail server (check the part after the @)."),
    ("networkerror", "The sending server could not reach the receiving server: a DNS, routing or connection problem."),
    ("authfailure", "The message failed the receiving server's sender authentication checks (SPF, DKIM or DMARC)."),
    ("spamdetected", "The receiving server judged the message to be spam."),
    ("policyviolation", "The message broke a policy of the receiving side (content, attachments, headers or an organisation's rules)."),
    ("systemerror", "The receiving server had an internal error or a misconfiguration."),
    ("toomanyconn", "The sending server opened too many connections or sent too many messages at once, and the receiving server refused more."),
    ("requireptr", "The sending server's IP address has no valid reverse DNS (PTR) record, which the receiving server requires."),
    ("securityerror", "A security requirement was not met: authentication, encryption (TLS) or a certificate check failed."),
    ("notaccept", "The receiving domain does not accept mail at all (for example a null MX record)."),
    ("onhold", "The failure could not be classified from the report; the reason is on hold until more is known."),
    ("mesgtoobig", "The message is larger than the receiving server accepts."),
    ("exceedlimit", "The message exceeded a limit of the recipient's mailbox (for example a size quota for one message)."),
    ("hasmoved", "The recipient's address has moved to a new address."),
    ("norelaying", "The server refused to relay the message: it does not handle mail for the recipient's domain."),
    ("contenterror", "The message's content or format was refused (invalid MIME, bad headers or encoding)."),
    ("notcompliantrfc", "The message does not comply with the mail standards (RFC 5322), for example duplicate or malformed header fields."),
    ("virusdetected", "The receiving server found a virus or malware in the message."),
    ("syntaxerror", "The receiving server did not understand a command: an SMTP syntax error."),
    ("systemfull", "The receiving server's disk or mail system is full."),
    ("mailererror", "The local delivery program at the receiving server failed (for example a mail filter or script)."),
    ("speeding", "The sender sent too many messages too fast; the receiving server is rate-limiting."),
    ("badreputation", "The receiving server refused the message because the sending IP address or domain has a poor reputation."),
    ("undefined", "The reason could not be determined from the report."),
    ("feedback", "A feedback report: a recipient or their provider reported this message (for example as spam)."),
    ("vacation", "An automatic reply (such as an out-of-office message), not a delivery failure."),
    ("delivered", "The message was delivered; this is a success notice."),
];

/// What a reason means, in plain words (empty for an unknown name).
pub fn describe_reason(reason: &str) -> &'static str {
    REASONS.iter().find(|(name, _)| *name == reason).map_or("", |(_, text)| text)
}

/// What happened, per reason, in words a non-expert understands. `{a}` is the recipient.
/// Every name in [`REASONS`] has one (a test checks).
pub const REASON_STORIES: &[(&str, &str)] = &[
    ("userunknown", "The address {a} does not exist at the receiving server."),
    ("hostunknown", "The domain of {a} does not exist or does not accept mail."),
    ("mailboxfull", "The mailbox of {a} is full."),
    ("suspend", "The mailbox of {a} is disabled or suspended."),
    ("hasmoved", "The address {a} has moved; the server names a new one."),
    ("mesgtoobig", "The message is too large for the mailbox of {a}."),
    ("exceedlimit", "The message exceeds a limit of the receiving server (size or count)."),
    ("blocked", "The receiving server refused mail from your sending server (its IP address or reputation)."),
    ("badreputation", "The receiving server refused the message because of your sending server's reputation."),
    ("spamdetected", "The receiving server judged the message to be spam."),
    // Also what a "user unknown" answered after the address was taken (or at an unknown stage)
    // becomes, following Sisimai: the sentence must not contradict those words.
    ("filtered", "The receiving side refused the message for {a}: a filter or rule there, or an address it does not know (its own words say which)."),
    ("rejected", "The receiving server refused the sender address of the message."),
    ("authfailure", "The message failed the recipient's sender checks (SPF, DKIM or DMARC)."),
    ("policyviolation", "The message broke a policy of the receiving organisation."),
    ("norelaying", "The server refused to pass the message on (relaying denied)."),
    ("requireptr", "Your sending server has no valid reverse DNS (PTR) record, so it was refused."),
    ("securityerror", "The message failed a security requirement (authentication or encryption)."),
    ("virusdetected", "The receiving server found a virus or dangerous attachment in the message."),
    ("contenterror", "The receiving server refused the message's content or format."),
    ("notcompliantrfc", "The message does not follow the email standards (RFC 5322), so it was refused."),
    ("expired", "The message could not be delivered in time and the sending server gave up."),
    ("networkerror", "The receiving server could not be reached over the network."),
    ("toomanyconn", "The receiving server refused because too many connections or messages arrived at once."),
    ("speeding", "The receiving server is limiting how fast it accepts mail from your server."),
    ("systemerror", "The receiving server had an internal error."),
    ("systemfull", "The receiving server's disk or queue is full."),
    ("mailererror", "A program at the receiving side failed while delivering the message."),
    ("notaccept", "The domain of {a} does not accept any mail (null MX or refusal)."),
    ("syntaxerror", "The conversation between the mail servers broke down (a command was not understood)."),
    ("onhold", "Delivery to {a} is on hold; the exact cause is unclear."),
    ("vacation", "This is an automatic reply (for example out of office), not a delivery failure."),
    ("feedback", "This is a feedback report: a recipient or provider reported a message you sent."),
    ("delivered", "The message to {a} was delivered; this report only confirms it."),
];

/// The one-sentence story for a reason, with `{a}` standing for the recipient's address.
pub fn reason_story(reason: &str) -> Option<&'static str> {
    REASON_STORIES.iter().find(|(name, _)| *name == reason).map(|(_, story)| *story)
}

/// Enhanced status codes (subject.detail, any class) with the reason they name and whether their
/// detail names that cause on its own (then it outweighs a single word of the server's, never a
/// phrase); the others only suggest a reason when no words tell (context-dependent codes such as
/// `x.7.1` and `x.0.0` are absent).
pub const STATUS_REASONS: &[(&str, &str, bool)] = &[
    ("1.0", "userunknown", false),
    ("1.1", "userunknown", true),
    ("1.2", "hostunknown", true),
    ("1.3", "userunknown", false),
    ("1.4", "userunknown", false),
    ("1.5", "userunknown", false),
    ("1.6", "hasmoved", true),
    ("1.7", "rejected", true),
    ("1.8", "rejected", true),
    ("1.10", "userunknown", true),
    ("2.0", "filtered", false),
    ("2.1", "suspend", false),
    ("2.2", "mailboxfull", true),
    ("2.3", "exceedlimit", true),
    ("2.4", "systemerror", false),
    ("3.0", "systemerror", false),
    ("3.1", "systemfull", true),
    ("3.2", "notaccept", true),
    ("3.3", "systemerror", false),
    ("3.4", "mesgtoobig", true),
    ("3.5", "systemerror", false),
    ("4.1", "networkerror", false),
    ("4.2", "networkerror", false),
    ("4.3", "systemerror", false),
    ("4.4", "hostunknown", false),
    ("4.5", "systemfull", false),
    ("4.6", "networkerror", true),
    ("4.7", "expired", false),
    ("5.0", "syntaxerror", false),
    ("5.1", "syntaxerror", false),
    ("5.2", "syntaxerror", false),
    ("5.3", "toomanyconn", false),
    ("5.4", "syntaxerror", false),
    ("5.5", "syntaxerror", false),
    ("6.0", "contenterror", false),
    ("6.1", "contenterror", false),
    ("6.2", "contenterror", false),
    ("6.3", "contenterror", false),
    ("6.4", "contenterror", false),
    ("6.5", "contenterror", false),
    ("7.2", "filtered", false),
    ("7.3", "securityerror", false),
    ("7.4", "securityerror", false),
    ("7.5", "securityerror", false),
    ("7.6", "securityerror", false),
    ("7.7", "securityerror", false),
    ("7.8", "securityerror", false),
    ("7.9", "securityerror", false),
    ("7.10", "securityerror", false),
    ("7.11", "securityerror", false),
    ("7.13", "suspend", true),
    ("7.14", "suspend", false),
    ("7.20", "authfailure", true),
    ("7.21", "authfailure", true),
    ("7.22", "authfailure", true),
    ("7.23", "authfailure", true),
    ("7.24", "authfailure", true),
    ("7.25", "requireptr", true),
    ("7.26", "authfailure", true),
    ("7.27", "notaccept", true),
    ("7.28", "spamdetected", false),
    ("7.29", "authfailure", true),
    ("7.30", "securityerror", false),
    // Microsoft Exchange Online's own detail codes.
    ("4.312", "networkerror", true),
    ("4.316", "expired", true),
    ("7.509", "authfailure", true),
    ("7.515", "authfailure", true),
    ("7.606", "blocked", true),
    ("7.607", "blocked", true),
    ("7.708", "blocked", true),
];

/// Reply codes that name a reason when nothing else does (RFC 5321 §4.2.3).
const REPLY_REASONS: &[(u16, &str)] = &[
    (500, "syntaxerror"),
    (501, "syntaxerror"),
    (502, "syntaxerror"),
    (503, "syntaxerror"),
    (504, "syntaxerror"),
];

/// What is known about one recipient's failure, for classification.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Evidence<'a> {
    /// The server's words.
    pub diagnostic: &'a str,
    /// The notice's words around the recipient.
    pub context: &'a str,
    /// The report's subject and general words (searched once per report, and only when
    /// nothing nearer tells).
    pub general: Option<&'a GeneralWords>,
    /// The enhanced status code.
    pub status: Option<&'a str>,
    /// The reply code.
    pub reply_code: Option<u16>,
    /// The SMTP command.
    pub command: Option<&'a str>,
    /// The RFC 3464 action.
    pub action: Option<&'a str>,
    /// The Diagnostic-Code type (`smtp`, `x-unix`, ...), lower-cased.
    pub diagnostic_type: Option<&'a str>,
    /// The reporting system's usual reason when nothing else tells (Google Groups: `rejected`).
    pub fallback: Option<&'static str>,
}

/// A report's subject and opening words, searched for a reason the first time a recipient's
/// classification gets that far: most are settled by nearer words first.
#[derive(Debug, Default)]
pub(crate) struct GeneralWords {
    text: String,
    reason: std::cell::OnceCell<Option<&'static str>>,
}

impl GeneralWords {
    pub fn new(text: String) -> Self {
        GeneralWords { text, reason: std::cell::OnceCell::new() }
    }

    pub fn reason(&self) -> Option<&'static str> {
        *self.reason.get_or_init(|| reason_from_words(&self.text))
    }
}

/// The reason the server's words name: a domain said not to exist, else the deciding phrase of
/// the cause lexicon.
pub(crate) fn reason_from_words(text: &str) -> Option<&'static str> {
    words(text).map(|(reason, _)| reason)
}

/// The reason the words name and whether the evidence is more than a suggestive word (see
/// [`lexicon`]).
fn words(text: &str) -> Option<(&'static str, bool)> {
    if text.is_empty() {
        return None;
    }
    if let Some(reason) = domain_does_not_exist(&crate::scan::fold_case(text)) {
        return Some((reason, true));
    }
    lexicon::find(text).map(|f| (f.reason, f.strength < lexicon::Strength::Weak))
}

/// `neko.example.com does not exist`: what does not exist is a domain, not a mailbox.
fn domain_does_not_exist(lower: &str) -> Option<&'static str> {
    let i = lower.find(" does not exist")?;
    let subject = lower[..i].split_whitespace().last()?;
    let subject = subject.trim_matches(|c: char| matches!(c, '<' | '>' | '\'' | '"'));
    (subject.contains('.') && !subject.contains('@')).then_some("hostunknown")
}

/// The reason an enhanced status code names, and whether it settles the question.
pub(crate) fn reason_from_status(status: &str) -> Option<(&'static str, bool)> {
    let (class, rest) = status.split_once('.')?;
    if class == "2" {
        return Some(("delivered", true));
    }
    STATUS_REASONS
        .iter()
        .find(|(code, _, _)| *code == rest)
        .map(|(_, reason, sure)| (*reason, *sure))
}

/// Classify one recipient's failure. The server's words decide; codes decide only when the
/// words say nothing (ARCHITECTURE.md, "Why a message bounced"):
/// 1. a phrase of several words in the server's words;
/// 2. the enhanced status code's detail, where it names a cause on its own (`x.1.1`, `x.2.2`);
/// 3. a single telling word in the server's words (`spam`, `policy`);
/// 4. a local delivery program's failure (`x-unix`) that says nothing more;
/// 5. the notice's words around the recipient;
/// 6. what the enhanced code's subject suggests, then the reply code;
/// 7. the report's subject and opening words, the reporting system's usual reason;
/// 8. whether it was temporary (`expired`), else `onhold`, or `undefined` with no words at all.
pub(crate) fn classify(ev: &Evidence) -> &'static str {
    if ev.action == Some("delivered") || ev.status.is_some_and(|s| s.starts_with("2.")) {
        return "delivered";
    }
    let by_status = ev.status.and_then(reason_from_status);
    let by_words = words(ev.diagnostic);
    let found = by_words
        .filter(|(_, strong)| *strong)
        .map(|(r, _)| r)
        .or(by_status.filter(|(_, detail)| *detail).map(|(r, _)| r))
        .or(by_words.map(|(r, _)| r))
        .or((ev.diagnostic_type == Some("x-unix")).then_some("mailererror"))
        .or_else(|| reason_from_words(ev.context))
        .or(by_status.map(|(r, _)| r))
        .or_else(|| {
            let code = ev.reply_code?;
            REPLY_REASONS.iter().find(|(c, _)| *c == code).map(|(_, r)| *r)
        })
        .or_else(|| ev.general.and_then(GeneralWords::reason))
        .or(ev.fallback);
    match found {
        Some(reason) => adjust_for_stage(reason, ev),
        None if is_temporary(ev) => "expired",
        None if ev.diagnostic.is_empty() => "undefined",
        None => "onhold",
    }
}

/// Whose address a refusal is about: refused at `MAIL FROM`, or with a status about the sender's
/// address (`x.1.7`, `x.1.8`, RFC 3463), the server refused the sender, whatever it called the
/// address or its domain.
fn adjust_for_stage(reason: &'static str, ev: &Evidence) -> &'static str {
    let sender_status = ev.status.is_some_and(|s| matches!(s.get(1..), Some(".1.7" | ".1.8")));
    let about_an_address = matches!(reason, "userunknown" | "hostunknown" | "filtered" | "onhold");
    if about_an_address && (ev.command == Some("MAIL") || sender_status) {
        return "rejected";
    }
    reason
}

/// Whether the failure is temporary: a delayed action, a 4.x.x status or a 4xx reply.
pub(crate) fn is_temporary(ev: &Evidence) -> bool {
    ev.action == Some("delayed")
        || ev.status.is_some_and(|s| s.starts_with('4'))
        || ev.reply_code.is_some_and(|c| (400..500).contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(diagnostic: &str, status: Option<&str>, command: Option<&str>, expected: &str) {
        let ev = Evidence { diagnostic, status, command, ..Default::default() };
        assert_eq!(classify(&ev), expected, "for {diagnostic:?} {status:?} {command:?}");
    }

    #[test]
    fn every_reason_has_a_meaning_and_a_story() {
        for (name, meaning) in REASONS {
            assert!(!meaning.is_empty(), "{name}");
            // `undefined` tells no story: the sentence falls back to the action.
            if !matches!(*name, "undefined") {
                assert!(reason_story(name).is_some(), "no story for {name}");
            }
        }
        for (name, _) in REASON_STORIES {
            assert!(REASONS.iter().any(|(n, _)| n == name), "story for unknown reason {name}");
        }
    }

    #[test]
    fn reasons_from_words_and_codes() {
        check("550 5.1.1 <a@b>... User Unknown", Some("5.1.1"), Some("RCPT"), "userunknown");
        check("550 Unknown user a@b", Some("5.0.0"), Some("DATA"), "userunknown");
        // The words decide over the code: a 5.1.1 that says why it is not about the address.
        check("550 5.1.1 sent to too many recipients this hour", Some("5.1.1"), Some("RCPT"), "speeding");
        check("552 5.2.2 Mailbox full", Some("5.2.2"), None, "mailboxfull");
        check("", Some("5.1.2"), None, "hostunknown");
        check("", Some("4.4.7"), None, "expired");
        check("", Some("5.3.4"), None, "mesgtoobig");
        check(
            "550 5.7.26 unauthenticated email is not accepted",
            Some("5.7.26"),
            None,
            "authfailure",
        );
        check("250 2.1.5 OK", Some("2.1.5"), None, "delivered");
        check("", None, None, "undefined");
        check("it broke", None, None, "onhold");
        check("550 5.1.1 User unknown", Some("5.0.0"), Some("MAIL"), "rejected");
        check("553 neko.example.com does not exist", None, None, "hostunknown");
        check("Your message was not delivered within 0 days and 1 hours.", None, None, "expired");
        let outlook = "550 5.7.1 Unfortunately, messages from [198.51.100.9] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).";
        check(outlook, Some("5.7.1"), None, "blocked");
        check("554 Email rejected due to security policies", None, None, "policyviolation");
        check("550 5.7.1 Message rejected as spam by security policy", None, None, "spamdetected");
    }

    #[test]
    fn every_reason_is_described() {
        let reasons = lexicon::PRIORITY.iter().chain(STATUS_REASONS.iter().map(|(_, r, _)| r));
        for reason in reasons.chain(REPLY_REASONS.iter().map(|(_, r)| r)) {
            assert!(!describe_reason(reason).is_empty(), "{reason} has no description");
        }
        assert!(describe_reason("no-such-reason").is_empty());
    }
}
