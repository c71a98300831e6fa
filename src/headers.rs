//! Header analysis: the fields people ask about, the Received chain in order of travel,
//! Authentication-Results and DKIM-Signature fields, and the mismatches worth a finding.

use std::borrow::Cow;
use std::sync::OnceLock;

use mail_parser::{Address, HeaderName, HeaderValue, MessageParser};

use crate::authres::parse_authentication_results;
use crate::dkim::parse_signature_tags;
use crate::received::{parse_date, parse_received};
use crate::report::{AuthResults, Finding, HeaderReport, ReceivedHop, Severity};

/// A delay between two hops above this is worth a warning (one hour).
const SLOW_HOP_SECONDS: i64 = 3600;

/// Analyse the header section of `input` (a header block, a whole message or a bounce).
pub fn analyze_headers(input: &str) -> (HeaderReport, Vec<Finding>) {
    let text = HeaderText::new(input);
    let mut report = HeaderReport::default();
    let Some(message) = mail_parser().parse_headers(text.normalized.as_bytes()) else {
        return (report, Vec::new());
    };
    let raw = text.normalized.as_bytes();
    let mut received = Vec::new();
    for header in message.headers() {
        let start = (header.offset_start() as usize).min(raw.len());
        let end = (header.offset_end() as usize).clamp(start, raw.len());
        let value = match text.normalized.get(start..end) {
            Some(value) => Cow::Borrowed(value),
            None => String::from_utf8_lossy(&raw[start..end]),
        };
        let value = value.trim_end_matches(['\r', '\n']);
        let line = text.line_of(header.offset_field() as usize);
        report.field_count += 1;
        match header.name {
            HeaderName::Received => {
                let mut hop = parse_received(value);
                hop.line = line;
                received.push(hop);
            }
            HeaderName::AuthenticationResults => {
                let mut results = parse_authentication_results(value);
                results.line = line;
                report.authentication_results.push(results);
            }
            HeaderName::DkimSignature => {
                let mut sig = parse_signature_tags(value);
                sig.line = line;
                report.dkim_signatures.push(sig);
            }
            _ => {}
        }
    }

    report.from = message.from().map(show_address);
    report.from_address = message.from().and_then(|a| a.first()?.address()).map(str::to_string);
    report.to = message.to().map(show_address);
    report.to_addresses = message
        .to()
        .map(|a| a.iter().filter_map(|a| a.address()).map(str::to_string).collect())
        .unwrap_or_default();
    report.reply_to = message.reply_to().map(show_address);
    report.subject = message.subject().map(str::to_string);
    report.message_id = message.message_id().map(str::to_string);
    report.return_path = match message.return_path() {
        HeaderValue::Text(text) => Some(text.to_string()),
        HeaderValue::TextList(list) => list.first().map(|t| t.to_string()),
        _ => None,
    };
    report.date = message.header_raw(HeaderName::Date).map(|d| d.trim().to_string());
    let date = report.date.as_deref().and_then(parse_date);
    report.date_rfc3339 = date.as_ref().map(|(_, rfc3339)| rfc3339.clone());

    // Fields are prepended by each server, so the bottom one is the first hop of the journey.
    received.reverse();
    let submitted = date.map(|(ts, _)| ts);
    report.total_transit_seconds = chain_delays(&mut received, submitted);
    report.received = received;

    let findings = header_findings(&message, &report);
    (report, findings)
}

/// mail-parser reading only the fields mxray takes from it: the MIME fields (which the body's
/// decoding needs), Subject, From, To, Reply-To, Message-ID and Return-Path. Every other field is
/// skipped, not decoded: its place is still recorded, so a field read by mxray's own grammar
/// (Received, Authentication-Results, DKIM-Signature, Date, X-Failed-Recipients) is taken as
/// written from the message text.
pub(crate) fn mail_parser() -> &'static MessageParser {
    static PARSER: OnceLock<MessageParser> = OnceLock::new();
    PARSER.get_or_init(|| {
        use HeaderName as H;
        MessageParser::new()
            .header_content_type(H::ContentType)
            .header_content_type(H::ContentDisposition)
            .header_text(H::ContentTransferEncoding)
            .header_text(H::Subject)
            .header_address(H::From)
            .header_address(H::To)
            .header_address(H::ReplyTo)
            .header_id(H::MessageId)
            .header_id(H::ReturnPath)
            .default_header_ignore()
    })
}

/// The pasted text prepared for mail-parser, with a map back to the user's line numbers.
struct HeaderText {
    /// The input from the first header line to the empty line that ends the header section
    /// (included), bare CRs turned into LFs (same byte length).
    normalized: String,
    /// Byte offset of `normalized` within the input.
    base: usize,
    /// Byte offsets (in the input) where each line up to there starts.
    line_starts: Vec<usize>,
}

impl HeaderText {
    fn new(input: &str) -> Self {
        // Skip a BOM, blank lines and an mbox "From " separator before the first field; stop
        // after the empty line that ends the header section (the body is not looked at).
        let bytes = input.as_bytes();
        let mut line_starts = vec![0];
        let mut base = None;
        let mut cut = input.len();
        // Each line end (LF, CR LF or a bare CR), and the end of the text for the last line.
        for i in 0..=bytes.len() {
            let last = i == bytes.len();
            let line_end =
                last || bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if !line_end {
                continue;
            }
            let start = line_starts[line_starts.len() - 1];
            let line = input[start..i].trim_end_matches('\r');
            if base.is_some() && line.is_empty() {
                cut = (i + 1).min(bytes.len());
                break;
            }
            let text = line.trim_start_matches('\u{feff}');
            if base.is_none() && !(text.trim().is_empty() || text.starts_with("From ")) {
                base = Some(start + (line.len() - text.len()));
            }
            if !last {
                line_starts.push(i + 1);
            }
        }
        let base = base.unwrap_or(cut);
        let mut normalized = lone_crs_to_lf(&input[base..cut]);
        // mail-parser drops the value of a last field with no line end (a paste often ends so).
        if !normalized.ends_with('\n') {
            normalized.push('\n');
        }
        HeaderText { normalized, base, line_starts }
    }

    /// 1-based line number of a byte offset in `normalized`.
    fn line_of(&self, offset: usize) -> usize {
        let absolute = self.base + offset;
        self.line_starts.partition_point(|&start| start <= absolute)
    }
}

/// `text` with every CR that is not followed by LF turned into LF (same byte length, so
/// offsets carry over).
fn lone_crs_to_lf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pieces = text.split('\r');
    out.push_str(pieces.next().unwrap_or(""));
    for piece in pieces {
        out.push(if piece.starts_with('\n') { '\r' } else { '\n' });
        out.push_str(piece);
    }
    out
}

/// "Name <addr>, addr2" for display; a group shows as "group: members;".
fn show_address(address: &Address) -> String {
    if let Address::Group(groups) = address {
        return groups
            .iter()
            .map(|g| {
                let members: Vec<String> = g.addresses.iter().map(show_addr).collect();
                format!("{}: {};", g.name.as_deref().unwrap_or(""), members.join(", "))
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    address.iter().map(show_addr).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
}

fn show_addr(a: &mail_parser::Addr) -> String {
    match (a.name(), a.address()) {
        (Some(name), Some(addr)) => format!("{name} <{addr}>"),
        (None, Some(addr)) => addr.to_string(),
        (Some(name), None) => name.to_string(),
        (None, None) => String::new(),
    }
}

/// Fill `delay_seconds` for each hop (from the previous dated hop, or for the first hop from
/// the message's Date) and return the whole transit time.
fn chain_delays(hops: &mut [ReceivedHop], submitted: Option<i64>) -> Option<i64> {
    let mut previous = submitted;
    let mut last = None;
    for (i, hop) in hops.iter_mut().enumerate() {
        hop.hop = i + 1;
        let Some(ts) = hop.epoch else { continue };
        if let Some(prev) = previous {
            hop.delay_seconds = Some(ts - prev);
        }
        previous = Some(ts);
        last = Some(ts);
    }
    let first = submitted.or_else(|| hops.iter().find_map(|h| h.epoch));
    Some(last? - first?)
}

/// The domain part of an address, lower-cased.
pub(crate) fn domain_of(address: &str) -> Option<String> {
    let addr = address.trim().trim_start_matches('<').trim_end_matches('>');
    let (_, domain) = addr.rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

/// True when one domain is the other or a subdomain of it (a rough relation until the
/// Public Suffix List arrives with DMARC).
fn related_domains(a: &str, b: &str) -> bool {
    a == b || a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}"))
}

fn finding(severity: Severity, code: &'static str, message: String, fix: Option<&str>) -> Finding {
    Finding { severity, code, message, fix: fix.map(str::to_string) }
}

fn header_findings(message: &mail_parser::Message, report: &HeaderReport) -> Vec<Finding> {
    let mut out = Vec::new();
    let from_domain = report.from_address.as_deref().and_then(domain_of);

    if let (Some(from), Some(rp)) = (&from_domain, report.return_path.as_deref().and_then(domain_of)) {
        if !related_domains(from, &rp) {
            out.push(finding(
                Severity::Info,
                "from-return-path-mismatch",
                format!(
                    "The visible sender's domain ({from}) differs from the bounce address domain \
                     (Return-Path: {rp}). This is normal for newsletters and sending services, but \
                     SPF then does not count for DMARC: DKIM must pass for {from}."
                ),
                Some("If you send through a service, set up a custom return-path (bounce) domain and DKIM signing for your own domain there."),
            ));
        }
    }
    if let (Some(from), Some(reply_to)) =
        (&from_domain, message.reply_to().and_then(|a| a.first()?.address()).and_then(domain_of))
    {
        if !related_domains(from, &reply_to) {
            out.push(finding(
                Severity::Warning,
                "reply-to-elsewhere",
                format!(
                    "Replies go to another domain ({reply_to}) than the sender's ({from}). \
                     Legitimate for help desks and mailing lists, but also a common phishing trick."
                ),
                Some("Check that you expect replies to go to that domain before answering."),
            ));
        }
    }
    if report.message_id.is_none() {
        out.push(finding(
            Severity::Warning,
            "missing-message-id",
            "The message has no Message-ID field. Large providers (Gmail among them) treat such mail as suspicious or reject it.".into(),
            Some("Have the sending program or server add a Message-ID (most servers can add one on submission)."),
        ));
    }
    match (&report.date, &report.date_rfc3339) {
        (None, _) => out.push(finding(
            Severity::Warning,
            "missing-date",
            "The message has no Date field, which RFC 5322 requires; some receivers reject it.".into(),
            Some("Have the sending program or server add a Date field."),
        )),
        (Some(date), None) => out.push(finding(
            Severity::Warning,
            "unreadable-date",
            format!("The Date field \"{}\" is not a valid date.", crate::scan::shorten(date, 60)),
            Some("Fix the date format in the sending program (RFC 5322: \"Tue, 15 Mar 2024 10:30:00 +0000\")."),
        )),
        _ => {}
    }
    hop_findings(&report.received, &mut out);
    auth_findings(&report.authentication_results, &mut out);
    out
}

/// The field's deviations from RFC 8601 that are slips: Exchange Online writes its fields
/// without an authserv-id and with a bare `action=` after `dmarc=` (Microsoft, "Anti-spam
/// message headers in Microsoft 365", learn.microsoft.com/defender-office-365/message-headers-eop-mdo),
/// which is its form, not a slip.
pub fn authres_slips(field: &AuthResults) -> impl Iterator<Item = &crate::report::SyntaxError> {
    let microsoft = field.is_microsoft();
    let microsofts_form =
        |m: &str| m.contains(crate::authres::NO_AUTHSERV_ID) || m.contains("`action=` has no ptype");
    field.errors.iter().filter(move |e| !(microsoft && microsofts_form(&e.message)))
}

fn auth_findings(fields: &[AuthResults], out: &mut Vec<Finding>) {
    for field in fields {
        // "An unnamed server reported …": the sentence starts with the checker's name.
        let checker = match field.checker() {
            "an unnamed server" => "An unnamed server",
            name => name,
        };
        for r in &field.results {
            let (severity, fix) = match (r.method.as_str(), r.result.as_str()) {
                ("dmarc", "fail") => (Severity::Error, "Make SPF or DKIM pass for the From domain (aligned): publish the sending service's servers in SPF and set up DKIM signing with your own domain."),
                ("spf", "fail" | "softfail" | "permerror") => (Severity::Warning, "Add the sending server or service to the SPF record of the envelope sender's domain, and fix any SPF syntax error."),
                ("dkim", "fail" | "permerror" | "perm_fail") => (Severity::Warning, "Check that the DKIM key published in DNS matches the one the sender signs with, and that nothing alters the message after signing (footers, rewriting)."),
                (_, "fail" | "permerror" | "temperror") => (Severity::Info, "See what the checking server's administrator documents for this method."),
                _ => continue,
            };
            let about = r.identities();
            let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
            out.push(finding(
                severity,
                "auth-fail",
                format!("{} reported {} = {}{about} (line {}).", checker, r.method.to_ascii_uppercase(), r.result, field.line),
                Some(fix),
            ));
        }
        if let Some(first) = authres_slips(field).next() {
            out.push(finding(
                Severity::Info,
                "authres-syntax",
                format!(
                    "The Authentication-Results field on line {} does not follow RFC 8601 at {}. It is shown as far as it could be read.",
                    field.line, first.message
                ),
                None,
            ));
        }
    }
}

/// More findings of one kind than this are told as one, naming the first hops and the worst.
const MAX_HOP_FINDINGS_EACH: usize = 3;

fn hop_findings(hops: &[ReceivedHop], out: &mut Vec<Finding>) {
    if hops.is_empty() {
        out.push(finding(
            Severity::Info,
            "no-received",
            "There are no Received fields: the message never passed through a mail server, or the headers were cut.".into(),
            Some("Paste the complete headers as shown by \"Show original\" or \"View source\"."),
        ));
    }
    let by = |hop: &ReceivedHop| hop.by.as_deref().unwrap_or("an unnamed server").to_string();
    let delay = |h: &ReceivedHop| h.delay_seconds.unwrap_or(0).abs();
    let skew_fix = Some("Nothing to do for the sender; the server's administrator should sync its clock (NTP).");
    let slow_fix = Some("A long delay usually means the receiving server was unreachable or greylisting, or the message waited in a queue.");
    told(
        hops.iter().filter(|h| h.delay_seconds.is_some_and(|d| d < 0)).collect(),
        |hop| finding(Severity::Warning, "clock-skew", format!(
            "Hop {} ({}, line {}) is stamped {} before the previous step: one of the servers' clocks is wrong.",
            hop.hop, by(hop), hop.line, human_duration(delay(hop))), skew_fix),
        |group| {
            let w = worst(group, delay);
            finding(Severity::Warning, "clock-skew", format!(
                "{} hops are stamped before the step before them ({}): servers' clocks are wrong. The largest is hop {} ({}, line {}), {} early.",
                group.len(), hop_list(group), w.hop, by(w), w.line, human_duration(delay(w))), skew_fix)
        },
        out,
    );
    told(
        hops.iter().filter(|h| h.delay_seconds.is_some_and(|d| d > SLOW_HOP_SECONDS)).collect(),
        |hop| finding(Severity::Warning, "slow-hop", format!(
            "Hop {} ({}) received the message {} after the previous step.", hop.hop, by(hop), human_duration(delay(hop))), slow_fix),
        |group| {
            let w = worst(group, delay);
            finding(Severity::Warning, "slow-hop", format!(
                "{} hops took longer than {} each ({}). The longest is hop {} ({}), {}.",
                group.len(), human_duration(SLOW_HOP_SECONDS), hop_list(group), w.hop, by(w), human_duration(delay(w))), slow_fix)
        },
        out,
    );
    told(
        hops.iter().filter(|h| h.timestamp.is_none()).collect(),
        |hop| {
            let what = match &hop.date {
                Some(date) => format!("its date \"{}\" could not be read", crate::scan::shorten(date, 60)),
                None => "it carries no date".to_string(),
            };
            finding(Severity::Info, "hop-date-unreadable", format!(
                "Hop {} ({}, line {}): {what}, so its delay is unknown.", hop.hop, by(hop), hop.line), None)
        },
        |group| finding(Severity::Info, "hop-date-unreadable", format!(
            "{} hops carry no date that could be read ({}), so their delays are unknown.", group.len(), hop_list(group)), None),
        out,
    );
}

/// The hop of `group` (not empty) with the largest `delay`.
fn worst<'a>(group: &[&'a ReceivedHop], delay: impl Fn(&ReceivedHop) -> i64) -> &'a ReceivedHop {
    group.iter().copied().max_by_key(|h| delay(h)).unwrap_or(group[0])
}

/// A finding per hop of `group`, or one for them all when there are more than a few.
fn told<'a>(
    group: Vec<&'a ReceivedHop>,
    one: impl Fn(&ReceivedHop) -> Finding,
    all: impl FnOnce(&[&'a ReceivedHop]) -> Finding,
    out: &mut Vec<Finding>,
) {
    if group.len() > MAX_HOP_FINDINGS_EACH {
        out.push(all(&group));
    } else {
        out.extend(group.iter().map(|h| one(h)));
    }
}

/// "hops 3, 5, 9 and 2 more": the first few hop numbers of a group.
fn hop_list(hops: &[&ReceivedHop]) -> String {
    const SHOWN: usize = 5;
    let numbers: Vec<String> = hops.iter().take(SHOWN).map(|h| h.hop.to_string()).collect();
    let more = hops.len().saturating_sub(SHOWN);
    if more > 0 {
        format!("hops {} and {more} more", numbers.join(", "))
    } else {
        format!("hops {}", numbers.join(", "))
    }
}

/// "3 h 5 min", "42 s" for people.
pub fn human_duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let sign = if seconds < 0 { "-" } else { "" };
    match s {
        0..=59 => format!("{sign}{s} s"),
        60..=3599 => format!("{sign}{} min {} s", s / 60, s % 60),
        3600..=86_399 => format!("{sign}{} h {} min", s / 3600, (s % 3600) / 60),
        _ => format!("{sign}{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_the_users_and_the_body_is_not_read() {
        // An mbox separator and a blank line first; CR LF, bare CR and LF line ends mixed; a
        // folded field; a Received line in the body, which is not a field.
        let input = "From MAILER-DAEMON Mon Jan  1 00:00:00 2024\n\n\
                     Subject: hi\r\nReceived: from a.example\r\n by b.example; Mon, 1 Jan 2024 \
                     00:00:00 +0000\rReceived: from c.example by d.example;\n Mon, 1 Jan 2024 \
                     00:00:05 +0000\nFrom: x@a.example\r\n\r\nReceived: from body.example\n";
        let (report, _) = analyze_headers(input);
        assert_eq!(report.field_count, 4);
        assert_eq!(report.subject.as_deref(), Some("hi"));
        let lines: Vec<(usize, Option<&str>)> =
            report.received.iter().map(|h| (h.line, h.by.as_deref())).collect();
        // In order of travel: the bottom field (line 6) first.
        assert_eq!(lines, [(6, Some("d.example")), (4, Some("b.example"))]);
        // A last field without a line end keeps its value; a last line end is no blank line.
        for text in ["\u{feff}\r\nSubject: x\rTo: a@b.example", "Subject: x\nTo: a@b.example\n"] {
            let (report, _) = analyze_headers(text);
            assert_eq!(report.field_count, 2, "{text:?}");
            assert_eq!(report.subject.as_deref(), Some("x"), "{text:?}");
            assert_eq!(report.to_addresses, ["a@b.example"], "{text:?}");
        }
    }
}
