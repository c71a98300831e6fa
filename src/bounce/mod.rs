//! Bounce analysis: what a delivery report says, per recipient.
//!
//! One path for every kind of report:
//!
//! 1. The input is prepared (line ends normalised, size capped) and split into its pieces by MIME
//!    structure (`parts`): the notice people read, `message/delivery-status` fields, feedback
//!    fields, and the returned original message (also found after separator lines inside plain
//!    text, `text::split_original`).
//! 2. Recipients come from the machine-readable fields when there are any (`dsn`, also when a
//!    vendor pastes them into the notice), else from the notice's structure (`text`), else from
//!    `X-Failed-Recipients` or the original message's `To`.
//! 3. Each recipient's server words are cleaned and read for the reply code, the enhanced status
//!    code and the SMTP command (`smtp`), then classified into a reason ([`reason`]).
//!
//! Feedback reports (`feedback`) and automatic replies take the same first step. An mbox of
//! reports gives every report's recipients; a notice that attaches the real bounce in place of
//! the original message is read through to it. The mail system that wrote a report is named
//! from its signature words (`vendor`).
//!
//! Nothing here panics on input; work is linear in the input, which is capped at
//! [`MAX_INPUT_BYTES`], and every scan has a bound (lines, recipients, messages, nesting).

mod address;
mod dsn;
mod feedback;
mod parts;
pub mod lexicon;
pub mod reason;
mod text;
mod vendor;

pub use reason::describe_reason;

use std::borrow::Cow;

use mail_parser::Message;

use crate::detect::Parsed;
use crate::headers::analyze_headers;
use crate::mailbox::split_mbox;
use crate::report::{BounceKind, BounceRecipient, BounceReport, HeaderReport};
use address::is_plain_address;
use dsn::{parse_delivery_status, DeliveryStatus, RecipientFields};
use parts::BounceParts;
use reason::{Evidence, GeneralWords};
use crate::smtp::{clean_diagnostic, find_codes, find_command};
use text::Reading;

/// How much of the input is read at all (1 MiB): reports put what matters first; a returned
/// original message beyond this is not needed.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Most recipients reported (a report listing more is cut here).
const MAX_RECIPIENTS: usize = 10_000;

/// Read a delivery report (`kind` as the detector found it) per recipient.
pub fn analyze_bounce(input: &str, kind: BounceKind) -> BounceReport {
    read_bounce(input, kind, None)
}

/// Read a delivery report (`kind` as the detector found it) with the MIME reading detection
/// made (`parsed`), not a second one.
pub(crate) fn read_bounce(input: &str, kind: BounceKind, parsed: Option<Parsed<'_>>) -> BounceReport {
    let mut text = prepare(input);
    if kind == BounceKind::NoticeText {
        // All of it is the notice: an empty header section first.
        text = Cow::Owned(format!("\n{text}"));
    }
    let mut messages = split_mbox(&text, MAX_MESSAGES).into_iter();
    let first = messages.next().unwrap_or("");
    // Detection's text is this one when no line was skipped or cut (it trims trailing blanks).
    let parsed = parsed.filter(|p| p.text == first.trim_end()).map(|p| p.message);
    let mut report = analyze_message(first, kind, 0, parsed);
    // An mbox of several reports: the first one's report, the recipients of every later
    // message that is a report too.
    for message in messages {
        if let Some(kind) = crate::detect::detect(message).bounce_kind {
            report.recipients.extend(analyze_message(message, kind, 0, None).recipients);
        }
    }
    report.recipients.truncate(MAX_RECIPIENTS);
    report
}

/// The delivery events of a sending service, per recipient (the last event for an address
/// tells where its delivery stands).
fn read_delivery_events(text: &str, report: &mut BounceReport) {
    let Some((vendor, events)) = crate::events::read(text) else { return };
    let mut recipients: Vec<BounceRecipient> = Vec::new();
    for event in events {
        let recipient = finish_event(event);
        match recipients.iter_mut().find(|r| r.address.eq_ignore_ascii_case(&recipient.address)) {
            Some(earlier) => *earlier = recipient,
            None => recipients.push(recipient),
        }
    }
    recipients.truncate(MAX_RECIPIENTS);
    report.vendor = Some(vendor.to_string());
    report.recipients = recipients;
}

/// One event made a recipient: classified from the server's words the service passes on, hard
/// as the service says when it says.
fn finish_event(event: crate::events::Event) -> BounceRecipient {
    let action = (event.outcome != "feedback").then(|| event.outcome.to_string());
    let evidence = Evidence {
        diagnostic: event.diagnostic.as_deref().unwrap_or(""),
        status: event.status.as_deref(),
        reply_code: event.reply_code,
        action: action.as_deref(),
        ..Default::default()
    };
    let (reason, hard) = match event.outcome {
        "feedback" => ("feedback", None),
        "delivered" => ("delivered", None),
        _ => {
            let temporary = event.outcome == "delayed" || reason::is_temporary(&evidence);
            (reason::classify(&evidence), Some(event.permanent.unwrap_or(!temporary)))
        }
    };
    BounceRecipient {
        address: event.address,
        action,
        status: event.status,
        reply_code: event.reply_code,
        diagnostic: event.diagnostic,
        remote_mta: event.remote_mta,
        reason: Some(reason.to_string()),
        hard,
        ..Default::default()
    }
}

/// Most messages of an mbox read.
const MAX_MESSAGES: usize = 50;

/// How deep reports wrapped in reports are followed (a gateway's notice that attaches the
/// real bounce).
const MAX_NESTING: usize = 2;

/// Read one report; `depth` counts the reports it is wrapped in; `parsed` is mail-parser's
/// reading of `text` when there is one already.
fn analyze_message(
    text: &str,
    kind: BounceKind,
    depth: usize,
    parsed: Option<&Message>,
) -> BounceReport {
    let parts = parts::read_parts(text, parsed);
    let notice_all = text::unquote(&parts.notice);
    let (notice, inline_original) = text::split_original(&notice_all);
    let original_text = parts.original.as_deref().or(inline_original);
    let mut report = BounceReport {
        vendor: vendor::recognise(&parts.header_text, parts.from.as_deref(), notice),
        original: original_text.and_then(original_headers),
        ..Default::default()
    };
    match kind {
        BounceKind::FeedbackReport => read_feedback(&parts, notice, &mut report),
        BounceKind::AutoReply => read_auto_reply(&parts, notice, &mut report),
        BounceKind::DeliveryEvents => read_delivery_events(text, &mut report),
        BounceKind::Dsn | BounceKind::Ndr | BounceKind::NoticeText => read_delivery(&parts, notice, &mut report),
    }
    if report.recipients.is_empty() || names_only_original_recipients(&report) {
        if let Some(inner) = wrapped_report(original_text, depth) {
            report.recipients = inner.recipients;
            report.original = inner.original.or(report.original);
        }
    }
    report
}

/// Whether every recipient came from the returned message's `To` (no better source was found).
fn names_only_original_recipients(report: &BounceReport) -> bool {
    let to = original_recipients(report.original.as_ref());
    !to.is_empty()
        && report.recipients.iter().all(|r| r.diagnostic.is_none() && to.contains(&r.address))
}

/// The report a notice attaches in place of the original message, read in turn.
fn wrapped_report(original: Option<&str>, depth: usize) -> Option<BounceReport> {
    if depth >= MAX_NESTING {
        return None;
    }
    let original = original?;
    let kind = crate::detect::detect(original).bounce_kind?;
    if !matches!(kind, BounceKind::Dsn | BounceKind::Ndr) {
        return None;
    }
    let inner = analyze_message(original, kind, depth + 1, None);
    Some(inner).filter(|inner| !inner.recipients.is_empty())
}

/// The input without BOM, cut to [`MAX_INPUT_BYTES`] at a character boundary, with CR LF and
/// bare CR line ends turned into LF.
fn prepare(input: &str) -> Cow<'_, str> {
    let input = input.trim_start_matches('\u{feff}');
    crate::scan::normalize_line_ends(crate::scan::head(input, MAX_INPUT_BYTES))
}

/// The returned message's header section analysed, when it has one.
fn original_headers(text: &str) -> Option<HeaderReport> {
    let text = text.trim_start();
    let (report, _) = analyze_headers(text);
    (report.field_count > 0).then_some(report)
}

// ---------------------------------------------------------------------------------------------
// Delivery reports: DSNs and vendor NDRs
// ---------------------------------------------------------------------------------------------

/// One recipient before classification.
#[derive(Debug, Default)]
struct Draft {
    address: String,
    /// What the sender wrote, when a DSN's Original-Recipient differs from the address.
    original: Option<String>,
    action: Option<String>,
    status: Option<String>,
    reply_code: Option<u16>,
    diagnostic: Option<String>,
    diagnostic_type: Option<String>,
    context: String,
    remote_mta: Option<String>,
}

fn read_delivery(parts: &BounceParts, notice: &str, report: &mut BounceReport) {
    let status = delivery_status(parts, notice);
    report.reporting_mta =
        status.message.reporting_mta.clone().or_else(|| reporting_host(parts, notice));
    report.arrival_date = status.message.arrival_date.clone();
    let ignore: Vec<String> = parts.from.iter().chain(parts.to.iter()).cloned().collect();
    let readings = text::read_recipients(notice, &ignore);
    // Read only when used: the notice as a whole speaks for some recipients.
    let read_whole = || text::read_whole(notice);
    let drafts: Vec<Draft> = if !status.recipients.is_empty() {
        let paired = readings.len() == status.recipients.len();
        // The notice's first answer speaks for a lone recipient only.
        let whole = if status.recipients.len() == 1 { read_whole() } else { Reading::default() };
        status
            .recipients
            .iter()
            .enumerate()
            .map(|(i, fields)| {
                let reading = find_reading(&readings, fields.address().unwrap_or(""))
                    .or_else(|| paired.then(|| &readings[i]));
                let mut draft = from_fields(fields, reading, &whole);
                if !is_plain_address(&draft.address) {
                    draft.address = better_address(&draft.address, reading, parts);
                }
                draft
            })
            .collect()
    } else if !readings.is_empty() {
        let alone = readings.len() == 1;
        let whole = read_whole();
        readings.iter().map(|r| from_reading(r, &whole, alone)).collect()
    } else {
        let whole = read_whole();
        fallback_recipients(parts, notice, report.original.as_ref())
            .into_iter()
            .map(|address| from_reading(&Reading { address, ..Default::default() }, &whole, true))
            .collect()
    };
    let general = General::read(parts, notice, report.vendor.as_deref());
    report.recipients =
        drafts.into_iter().take(MAX_RECIPIENTS).map(|d| finish(d, &general)).collect();
}

/// The delivery-status fields: from the report's parts, else from fields pasted into the notice.
fn delivery_status(parts: &BounceParts, notice: &str) -> DeliveryStatus {
    let mut merged = DeliveryStatus::default();
    for text in &parts.delivery_status {
        let ds = parse_delivery_status(text);
        if merged.message.reporting_mta.is_none() {
            merged.message = ds.message;
        }
        merged.recipients.extend(ds.recipients);
    }
    if merged.recipients.is_empty() {
        let ds = parse_delivery_status(notice);
        if ds.recipients.iter().any(|r| r.status.is_some() || r.action.is_some()) {
            if merged.message.reporting_mta.is_none() {
                merged.message = ds.message;
            }
            merged.recipients = ds.recipients;
        }
    }
    merged
}

/// A real address for a recipient field that holds a pipe, a file or a broken address: the
/// notice's address for it, else an address inside the value, else `X-Failed-Recipients`.
fn better_address(value: &str, reading: Option<&Reading>, parts: &BounceParts) -> String {
    if let Some(r) = reading.filter(|r| is_plain_address(&r.address)) {
        return r.address.clone();
    }
    if let Some(found) = address::find_addresses(value).first() {
        return found.text(value).to_string();
    }
    parts.failed_recipients.first().cloned().unwrap_or_else(|| value.to_string())
}

fn find_reading<'a>(readings: &'a [Reading], address: &str) -> Option<&'a Reading> {
    readings.iter().find(|r| r.address.eq_ignore_ascii_case(address))
}

/// The host that wrote the report when no Reporting-MTA says it: the notice's own words
/// ("This is the mail system at host X", "Generating server: X"), else the sender's domain.
fn reporting_host(parts: &BounceParts, notice: &str) -> Option<String> {
    for line in notice.lines().take(200) {
        let lower = line.to_ascii_lowercase();
        for key in ["generating server:", "mail system at host ", "program at "] {
            if let Some(i) = lower.find(key) {
                let host = line[i + key.len()..].split_whitespace().next().unwrap_or("");
                let host = host.trim_end_matches(['.', ',']);
                if host.contains('.') {
                    return Some(host.to_string());
                }
            }
        }
    }
    parts.from.as_deref().and_then(|f| f.rsplit_once('@')).map(|(_, d)| d.to_string())
}

/// Recipients when neither fields nor the notice name one: `X-Failed-Recipients`, else the
/// returned message's `To` addresses.
fn fallback_recipients(
    parts: &BounceParts,
    notice: &str,
    original: Option<&HeaderReport>,
) -> Vec<String> {
    if !parts.failed_recipients.is_empty() {
        return parts.failed_recipients.clone();
    }
    let listed = listed_local_parts(notice, parts.from.as_deref());
    if !listed.is_empty() {
        return listed;
    }
    original_recipients(original)
}

/// A provider that lists its own users by name alone under "the following recipients …:"
/// (AOL's AIRmail: `Your mail to the following recipients could not be delivered …:` then
/// `\tname`): each name at the domain the notice comes from.
fn listed_local_parts(notice: &str, from: Option<&str>) -> Vec<String> {
    let Some(domain) = from.and_then(|f| f.rsplit_once('@')).map(|(_, d)| d.trim_end_matches('>')) else {
        return Vec::new();
    };
    let mut lines = notice.lines().skip_while(|l| {
        let lower = crate::scan::fold_case(l);
        !(lower.contains("following recipient") && lower.trim_end().ends_with(':'))
    });
    if lines.next().is_none() {
        return Vec::new();
    }
    lines
        .take_while(|l| l.starts_with([' ', '\t']) && !l.trim().is_empty())
        .map(str::trim)
        .filter(|name| name.len() <= 64 && !name.is_empty())
        .filter(|name| name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-+".contains(&b)))
        .map(|name| format!("{name}@{domain}"))
        .take(MAX_RECIPIENTS)
        .collect()
}

/// The returned message's `To` addresses that are addresses (not `<Undisclosed Recipients>`).
fn original_recipients(original: Option<&HeaderReport>) -> Vec<String> {
    let to = original.map(|o| o.to_addresses.as_slice()).unwrap_or_default();
    to.iter().filter(|a| is_plain_address(a)).cloned().collect()
}

/// A recipient from delivery-status fields, completed from the notice's words about it.
///
/// The Diagnostic-Code is the server's words unless it carries no code while the notice's
/// answer does (a bare `X-Unix; 255`); a Status comment stands in when there is neither.
fn from_fields(fields: &RecipientFields, reading: Option<&Reading>, whole: &Reading) -> Draft {
    let raw = fields.diagnostic.as_deref().unwrap_or("");
    let kind = crate::smtp::diagnostic_type(raw);
    let smtp_words = kind.as_deref().is_none_or(|k| k == "smtp" || k == "esmtp");
    let dsn_words = Some(clean_diagnostic(raw)).filter(|d| !d.is_empty());
    let text_words =
        reading.and_then(|r| r.diagnostic.clone()).or_else(|| whole.diagnostic.clone());
    let codes_of = |d: &Option<String>| find_codes(d.as_deref().unwrap_or(""));
    let dsn_codes = if smtp_words { codes_of(&dsn_words) } else { (None, None) };
    let text_codes = codes_of(&text_words);
    let text_better = dsn_codes == (None, None) && text_codes != (None, None);
    let diagnostic = match (&dsn_words, text_better) {
        (Some(_), false) => dsn_words.clone(),
        _ => text_words.clone().or(dsn_words.clone()).or_else(|| fields.status_comment.clone()),
    };
    let text_code = text_codes.0;
    let (reply_code, found_status) = if text_better { text_codes } else { dsn_codes };
    let mut context = reading.map(|r| r.context.clone()).unwrap_or_default();
    for extra in [&dsn_words, &fields.status_comment].into_iter().flatten() {
        context = format!("{extra} {context}");
    }
    let address = fields.address().unwrap_or("").to_string();
    let original =
        fields.original_recipient.clone().filter(|o| !o.eq_ignore_ascii_case(&address));
    Draft {
        address,
        original,
        action: fields.action.clone(),
        status: prefer_specific(fields.status.clone(), found_status),
        reply_code: reply_code.or(text_code),
        diagnostic,
        diagnostic_type: kind,
        context,
        remote_mta: fields
            .remote_mta
            .clone()
            .or_else(|| reading.and_then(|r| r.remote_mta.clone())),
    }
}

/// The code the server itself sent when its words carry one of the same class as the Status
/// field (the reporting MTA often writes a generic `5.0.0` or `4.4.7` there), else the field.
fn prefer_specific(field: Option<String>, found: Option<String>) -> Option<String> {
    match (field, found) {
        (Some(f), Some(w))
            if w.as_bytes().first() == f.as_bytes().first() && !w.ends_with(".0.0") =>
        {
            Some(w)
        }
        (Some(f), _) if crate::smtp::status_at(&f, 0).is_some() => Some(f),
        (_, w) => w,
    }
}

/// A recipient from the notice alone. A lone recipient whose block has no code takes the
/// notice's answer with a code (the layout that puts the error above the address).
fn from_reading(reading: &Reading, whole: &Reading, alone: bool) -> Draft {
    let has_code = |d: &Option<String>| {
        let (code, status) = find_codes(d.as_deref().unwrap_or(""));
        code.is_some_and(|c| c >= 400) || status.is_some()
    };
    let diagnostic = if alone && !has_code(&reading.diagnostic) && has_code(&whole.diagnostic) {
        whole.diagnostic.clone()
    } else {
        reading.diagnostic.clone().or_else(|| whole.diagnostic.clone())
    };
    let (reply_code, status) = find_codes(diagnostic.as_deref().unwrap_or(""));
    let context =
        if reading.context.is_empty() { whole.context.clone() } else { reading.context.clone() };
    Draft {
        address: reading.address.clone(),
        original: reading.original.clone(),
        action: None,
        status,
        reply_code,
        diagnostic,
        diagnostic_type: None,
        context,
        remote_mta: reading.remote_mta.clone().or_else(|| whole.remote_mta.clone()),
    }
}

/// What the report as a whole says, read once for all its recipients.
struct General {
    /// The subject and the start of the notice, and the reason they name.
    words: GeneralWords,
    /// The report is a delay warning, not a failure.
    delayed: bool,
    /// A challenge-response system holds the message until the sender confirms it.
    challenge: bool,
    /// The reporting system's usual reason when nothing else tells.
    fallback: Option<&'static str>,
}

impl General {
    /// Most characters of the notice read for the report's general words.
    const MAX_CHARS: usize = 4000;

    fn read(parts: &BounceParts, notice: &str, vendor: Option<&str>) -> General {
        let head: String = notice.chars().take(Self::MAX_CHARS).collect();
        let words = format!("{} {}", parts.subject.as_deref().unwrap_or(""), head);
        let lower = crate::scan::fold_case(&words);
        General {
            words: GeneralWords::new(words),
            delayed: DELAY_WORDS.iter().any(|w| lower.contains(w)),
            challenge: CHALLENGE_WORDS.iter().any(|w| lower.contains(w)),
            fallback: vendor.and_then(vendor::usual_reason),
        }
    }
}

/// Classify a draft and make it a recipient.
fn finish(draft: Draft, general: &General) -> BounceRecipient {
    let command =
        find_command(&format!("{} {}", draft.context, draft.diagnostic.as_deref().unwrap_or("")));
    let mut action = draft.action.as_deref().map(normal_action);
    let evidence = Evidence {
        diagnostic: draft.diagnostic.as_deref().unwrap_or(""),
        context: &draft.context,
        general: Some(&general.words),
        status: draft.status.as_deref(),
        reply_code: draft.reply_code,
        command,
        action: action.as_deref(),
        diagnostic_type: draft.diagnostic_type.as_deref(),
        fallback: general.fallback,
    };
    // A challenge holds the message for the recipient's filter until the sender answers it:
    // not a failure for good, whatever code carried it.
    let reason = if general.challenge { "filtered" } else { reason::classify(&evidence) };
    let temporary = reason::is_temporary(&evidence) || general.delayed || general.challenge;
    let delivered = reason == "delivered";
    if action.is_none() {
        // A report that returns the message failed it, whatever the class of the last reply;
        // only a warning says the server is still trying.
        let inferred = if delivered {
            "delivered"
        } else if general.delayed {
            "delayed"
        } else {
            "failed"
        };
        action = Some(inferred.to_string());
    }
    let hard = if delivered { None } else { Some(!temporary) };
    BounceRecipient {
        address: draft.address,
        original_recipient: draft.original,
        action,
        status: draft.status,
        reply_code: draft.reply_code,
        diagnostic: draft.diagnostic,
        remote_mta: draft.remote_mta,
        smtp_command: command.map(str::to_string),
        reason: Some(reason.to_string()),
        hard,
        typo_hint: None,
        story: None,
        explanations: Vec::new(),
    }
}

/// An RFC 3464 action from what reports write (`expired`, `deliverable`, `Failed`, ...).
fn normal_action(action: &str) -> String {
    let lower = action.trim().to_ascii_lowercase();
    let normal = match lower.as_str() {
        "failed" | "failure" | "fail" | "expired" | "bounced" => "failed",
        "delayed" | "delay" | "deferred" | "transient" => "delayed",
        "delivered" | "deliverable" | "success" => "delivered",
        "relayed" => "relayed",
        "expanded" => "expanded",
        _ => return lower,
    };
    normal.to_string()
}

/// Words of a delay warning rather than a failure (lower case).
const DELAY_WORDS: &[&str] = &[
    "delayed mail",
    "delivery delayed",
    "this is a warning only",
    "will be retried",
    "still trying",
    "has been delayed",
    "will continue trying",
    // Gmail's "Delivery incomplete": "Gmail will retry for 41 more hours".
    "will retry for",
    "temporary problem delivering",
    // Microsoft 365: "Delivery is delayed to these recipients or groups".
    "delivery is delayed",
    // Sendmail: "Warning: could not send message for past 4 hours".
    "could not send message for past",
    "has not yet been delivered",
];

/// Words of challenge-response systems (Boxbe, Spam Arrest, TMDA, Mailblocks and the like),
/// which hold a message until its sender proves to be a person: from their own notices.
const CHALLENGE_WORDS: &[&str] = &[
    "guest list",
    "waitlisted",
    "not pre-approved",
    "requires confirmation",
    "challenge-response",
    "challenge/response",
    "verify that you are a person",
    "confirm that you are a human",
    "awaiting your confirmation",
    "spam arrest",
];

// ---------------------------------------------------------------------------------------------
// Feedback reports and automatic replies
// ---------------------------------------------------------------------------------------------

fn read_feedback(parts: &BounceParts, notice: &str, report: &mut BounceReport) {
    let fields = feedback::parse_feedback(parts.feedback.as_deref().unwrap_or(notice));
    report.feedback_type = fields.feedback_type.clone().or_else(|| Some("abuse".to_string()));
    report.reporting_mta = fields.reporting_mta.clone().or_else(|| reporting_host(parts, notice));
    report.arrival_date = fields.arrival_date.clone();
    let mut addresses = fields.original_rcpt_to.clone();
    if addresses.is_empty() {
        addresses = original_recipients(report.original.as_ref());
    }
    if addresses.is_empty() {
        addresses = fields.removal_recipients.clone();
    }
    report.recipients = addresses
        .into_iter()
        .map(|address| BounceRecipient {
            address,
            reason: Some("feedback".to_string()),
            ..Default::default()
        })
        .collect();
}

fn read_auto_reply(parts: &BounceParts, notice: &str, report: &mut BounceReport) {
    report.reporting_mta = None;
    let notice: String = notice.chars().take(General::MAX_CHARS).collect();
    let words = format!("{} {}", parts.subject.as_deref().unwrap_or(""), notice);
    // An automatic reply may say the mailbox is gone rather than its owner away.
    let reason = reason::reason_from_words(&words)
        .filter(|r| matches!(*r, "suspend" | "hasmoved"))
        .unwrap_or("vacation");
    let Some(address) = parts.from.clone() else { return };
    report.recipients.push(BounceRecipient {
        address,
        diagnostic: Some(crate::smtp::unfold(&notice))
            .filter(|d| !d.is_empty())
            .map(|d| crate::scan::shorten(&d, 300).into_owned()),
        reason: Some(reason.to_string()),
        // Away is no failure, neither permanent nor temporary; a mailbox said to be gone is.
        hard: (reason != "vacation").then_some(false),
        ..Default::default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, kind: BounceKind, expected: &[(&str, Option<&str>, Option<u16>, &str)]) {
        let report = analyze_bounce(input, kind);
        let got: Vec<(&str, Option<&str>, Option<u16>, &str)> = report
            .recipients
            .iter()
            .map(|r| {
                (
                    r.address.as_str(),
                    r.status.as_deref(),
                    r.reply_code,
                    r.reason.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(got, expected, "report: {report:#?}");
    }

    const DSN: &str = "From: MAILER-DAEMON@mx.example.jp\nTo: a@example.jp\nSubject: Undelivered Mail\n\
        Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n\
        Content-Type: text/plain\n\n<b@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1\n    \
        <b@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)\n\n--b\n\
        Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.jp\n\n\
        Final-Recipient: rfc822; b@example.net\nAction: failed\nStatus: 5.1.1\n\
        Remote-MTA: dns; mx.example.net\nDiagnostic-Code: smtp; 550 5.1.1 <b@example.net>:\n    \
        Recipient address rejected: User unknown\n\n--b\nContent-Type: message/rfc822\n\n\
        From: a@example.jp\nTo: b@example.net\nSubject: hello\nMessage-ID: <1@example.jp>\n\nhi\n--b--\n";

    #[test]
    fn rfc3464_report() {
        check(DSN, BounceKind::Dsn, &[("b@example.net", Some("5.1.1"), Some(550), "userunknown")]);
        let report = analyze_bounce(DSN, BounceKind::Dsn);
        assert_eq!(report.reporting_mta.as_deref(), Some("mx.example.jp"));
        let r = &report.recipients[0];
        assert_eq!(r.smtp_command.as_deref(), Some("RCPT"));
        assert_eq!(r.remote_mta.as_deref(), Some("mx.example.net"));
        assert_eq!(r.hard, Some(true));
        assert_eq!(
            r.diagnostic.as_deref(),
            Some("550 5.1.1 <b@example.net>: Recipient address rejected: User unknown")
        );
        let original = report.original.as_ref().expect("original headers");
        assert_eq!(original.subject.as_deref(), Some("hello"));
    }

    #[test]
    fn line_endings_do_not_matter() {
        let lf = analyze_bounce(DSN, BounceKind::Dsn);
        assert_eq!(analyze_bounce(&DSN.replace('\n', "\r\n"), BounceKind::Dsn), lf);
        assert_eq!(analyze_bounce(&DSN.replace('\n', "\r"), BounceKind::Dsn), lf);
    }

    #[test]
    fn exim_notice() {
        check(
            "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\nTo: a@example.jp\n\
             Subject: Mail delivery failed: returning message to sender\n\n\
             This message was created automatically by mail delivery software.\n\n\
             A message that you sent could not be delivered to one or more of its\nrecipients. \
             This is a permanent error. The following address(es) failed:\n\n  b@example.or.jp\n    \
             SMTP error from remote mail server after RCPT TO:<b@example.or.jp>:\n    \
             host mx.example.or.jp [192.0.2.20]: 550 5.2.2 <b@example.or.jp>... Mailbox Full\n\n\
             ------ This is a copy of the message, including all the headers. ------\n\n\
             From: a@example.jp\nTo: b@example.or.jp\nSubject: hi\n\nbody\n",
            BounceKind::Ndr,
            &[("b@example.or.jp", Some("5.2.2"), Some(550), "mailboxfull")],
        );
    }

    #[test]
    fn feedback_and_auto_reply() {
        check(
            "From: fbl@example.net\nContent-Type: multipart/report; report-type=feedback-report; \
             boundary=x\n\n--x\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n\
             Original-Rcpt-To: c@example.com\n--x--\n",
            BounceKind::FeedbackReport,
            &[("c@example.com", None, None, "feedback")],
        );
        check(
            "From: d@example.com\nTo: e@example.org\nSubject: Out of office\n\nI am away.\n",
            BounceKind::AutoReply,
            &[("d@example.com", None, None, "vacation")],
        );
    }

    #[test]
    fn qmail_notice_with_two_recipients() {
        check(
            "From: MAILER-DAEMON@mx.example.jp\nTo: a@example.jp\nSubject: failure notice\n\n\
             Hi. This is the qmail-send program at mx.example.jp.\n\n<b@example.net>:\n\
             192.0.2.1 does not like recipient.\nRemote host said: 550 5.1.1 <b@example.net>... \
             User Unknown\nGiving up on 192.0.2.1.\n\n<c@example.net>:\nRemote host said: 552 5.2.2 \
             Mailbox full\n\n--- Below this line is a copy of the message.\n\nFrom: a@example.jp\n\
             To: b@example.net\nSubject: hi\n\nbody\n",
            BounceKind::Ndr,
            &[
                ("b@example.net", Some("5.1.1"), Some(550), "userunknown"),
                ("c@example.net", Some("5.2.2"), Some(552), "mailboxfull"),
            ],
        );
    }

    #[test]
    fn exchange_2003_words_without_codes() {
        check(
            "From: postmaster@example.jp\nTo: a@example.com\nSubject: Undeliverable: hi\n\n\
             Your message\n\n  To:      a@example.com\n  Subject: hi\n\n\
             did not reach the following recipient(s):\n\nb@example.jp on Thu, 29 Apr 2010\n    \
             The recipient name is not recognized\n    MSEXCH:IMS:X:Y:Z 0 (000C05A6) Unknown Recipient\n",
            BounceKind::Ndr,
            &[("b@example.jp", None, None, "userunknown")],
        );
    }

    #[test]
    fn office365_and_gmail_quote_the_remote_server() {
        check(
            "From: postmaster@outlook.example\nTo: a@example.jp\nSubject: Undeliverable: hi\n\n\
             Delivery has failed to these recipients or groups:\n\nb@example.com\n\
             The email address wasn't found at the destination domain.\n\n\
             Diagnostic information for administrators:\n\nGenerating server: X.prod.outlook.com\n\n\
             b@example.com\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; \
             Recipient not found by SMTP address lookup'\n",
            BounceKind::Ndr,
            &[("b@example.com", Some("5.1.10"), Some(550), "userunknown")],
        );
        check(
            "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: a@gmail.example\n\
             Subject: Delivery Status Notification (Failure)\n\n\
             Delivery to the following recipient failed permanently:\n\n     b@example.jp\n\n\
             Technical details of permanent failure:\nGoogle tried to deliver your message, but it \
             was rejected by the server for the recipient domain example.jp by mx.example.jp.\n\n\
             The error that the other server returned was:\n552 5.2.2 <b@example.jp>... Mailbox Full\n",
            BounceKind::Ndr,
            &[("b@example.jp", Some("5.2.2"), Some(552), "mailboxfull")],
        );
    }

    #[test]
    fn fallbacks_for_reports_that_name_no_recipient() {
        check(
            "From: Mail Delivery System <Mailer-Daemon@x.example>\nTo: a@example.jp\n\
             X-Failed-Recipients: b@example.org\nSubject: Mail delivery failed\n\n\
             The following address(es) failed:\n\n  save to /var/mail/b\n    \
             mailbox is full: retry timeout exceeded\n",
            BounceKind::Ndr,
            &[("b@example.org", None, None, "mailboxfull")],
        );
    }

    #[test]
    fn delayed_reports_are_temporary() {
        let delayed = DSN
            .replace("Action: failed", "Action: delayed")
            .replace("Status: 5.1.1", "Status: 4.4.7")
            .replace("Diagnostic-Code: smtp; 550 5.1.1 <b@example.net>:\n    Recipient address rejected: User unknown\n", "");
        let report = analyze_bounce(&delayed, BounceKind::Dsn);
        let r = &report.recipients[0];
        assert_eq!(r.action.as_deref(), Some("delayed"));
        assert_eq!(r.hard, Some(false));
    }

    #[test]
    fn an_mbox_of_reports_gives_everyone() {
        let second = DSN.replace("b@example.net", "c@example.net");
        let mbox = format!("From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n{DSN}\nFrom MAILER-DAEMON Thu Apr 29 23:34:46 2015\n{second}");
        let report = analyze_bounce(&mbox, BounceKind::Dsn);
        let addresses: Vec<&str> = report.recipients.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(addresses, ["b@example.net", "c@example.net"]);
    }

    #[test]
    fn auto_reply_for_a_closed_mailbox() {
        check(
            "From: noreply@example.com\nTo: a@example.org\nSubject: AutoResponse\n\n\
             The email account that you tried to reach is inactive. Please contact someone else.\n",
            BounceKind::AutoReply,
            &[("noreply@example.com", None, None, "suspend")],
        );
    }

    /// Away and feedback are no failures: neither permanent nor temporary. A mailbox an
    /// automatic reply says is gone is a failure.
    #[test]
    fn only_failures_are_hard_or_soft() {
        let hard = |text: &str, kind| analyze_bounce(text, kind).recipients[0].hard;
        let away = "From: d@example.com\nTo: e@example.org\nSubject: Out of office\n\nI am away.\n";
        assert_eq!(hard(away, BounceKind::AutoReply), None);
        let gone = "From: d@example.com\nTo: e@example.org\nSubject: AutoResponse\n\nThe email account that you tried to reach is inactive.\n";
        assert_eq!(hard(gone, BounceKind::AutoReply), Some(false));
        let arf = "From: fbl@example.net\nContent-Type: multipart/report; report-type=feedback-report; \
                   boundary=x\n\n--x\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n\
                   Original-Rcpt-To: c@example.com\n--x--\n";
        assert_eq!(hard(arf, BounceKind::FeedbackReport), None);
    }

    #[test]
    fn every_reason_has_words_for_people() {
        for (reason, words) in reason::REASONS {
            assert!(words.ends_with('.'), "{reason}");
            assert_eq!(describe_reason(reason), *words);
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for input in [
            "",
            "\r",
            "From: x\n\n",
            "--b\n",
            "Final-Recipient:\nStatus: 5.",
            "<@>:\n550",
            "a@b.c:\n 5.1.1",
        ] {
            for kind in [
                BounceKind::Dsn,
                BounceKind::Ndr,
                BounceKind::FeedbackReport,
                BounceKind::AutoReply,
            ] {
                let _ = analyze_bounce(input, kind);
            }
        }
    }
}
