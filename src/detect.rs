//! What was pasted: headers, a message, a bounce, an SPF or DMARC record, an SMTP reply.
//!
//! The detector looks at structure first and words second:
//!
//! 1. Short texts (a few lines, at most [`MAX_RECORD_BYTES`]) are tried as an SPF record, a
//!    DMARC record and an SMTP reply, in that order. Records may be quoted TXT character-strings
//!    and may carry a zone-file / `dig` prefix (`example.com. 3600 IN TXT "v=spf1 ..."`).
//! 2. Otherwise the text must start with a header section (`Name: value` fields, folded lines,
//!    an optional mbox `From ` line, a few stray lines tolerated) holding at least one common
//!    mail field. mail-parser then decodes the Subject and the MIME structure.
//! 3. Bounces take precedence over plain messages: RFC 3464/6533 DSNs and RFC 5965 feedback
//!    reports by their MIME types, RFC 3834 auto-replies by their markers, and vendor NDRs by a
//!    small score over sender, subject and body signals (see [`NdrSignals`]).
//!
//! Only the first [`MAX_SCAN_BYTES`] of the input are examined, so the work is linear and bounded
//! however large the paste; a bounce shows what it is near its top.

use mail_parser::{Message, MimeHeaders, PartType};

use crate::scan::BytePairs;
use crate::scan::shorten;
use crate::report::{BounceKind, Detected, Detection};

/// How much of the input is examined at all (256 KiB). Headers and the human-readable part of a
/// bounce come first; the returned original message, which may be huge, comes last.
const MAX_SCAN_BYTES: usize = 256 * 1024;

/// Longest text still tried as a record or an SMTP reply (a long SPF record split into several
/// 255-byte strings fits easily).
const MAX_RECORD_BYTES: usize = 4096;

/// Most non-empty lines a record or an SMTP reply may span (zone files wrap records in
/// parentheses; multi-line replies repeat the code).
const MAX_SHORT_LINES: usize = 8;

/// Lines that are neither header fields nor continuations tolerated before the header section.
const MAX_PREAMBLE_LINES: usize = 5;

/// Such lines tolerated inside the header section (more in long sections: one in five).
const MAX_GARBAGE_LINES: usize = 3;

/// Decide what `input` is.
pub fn detect(input: &str) -> Detection {
    detect_then(input, &mut |_, _| {})
}

/// The text detection gave mail-parser (the header section as found, then the body) and its
/// reading, lent to an analyzer that would otherwise parse the same text again.
pub(crate) struct Parsed<'a> {
    pub text: &'a str,
    pub message: &'a Message<'a>,
}

/// [`detect`], calling `then` with the detection and, for mail, mail-parser's reading of it.
/// (`dyn`, not generic: one copy of detection in the page.)
pub(crate) fn detect_then(
    input: &str,
    then: &mut dyn FnMut(&Detection, Option<Parsed<'_>>),
) -> Detection {
    let text = normalize(input);
    let text = text.trim();
    let block = match short_text(input, text) {
        Some(d) => Err(d),
        None => HeaderBlock::scan(text).ok_or_else(|| {
            delivery_events(input, "")
                .or_else(|| notice_text(text))
                .unwrap_or_else(|| unknown(explain_unknown(text)))
        }),
    };
    match block {
        Ok(block) => {
            let message = crate::headers::mail_parser().parse(block.clean.as_bytes());
            let d = detect_mail(&block, message.as_ref());
            then(&d, message.as_ref().map(|message| Parsed { text: &block.clean, message }));
            d
        }
        Err(d) => {
            then(&d, None);
            d
        }
    }
}

/// Nothing, a record or an SMTP reply: what a short text is before it is tried as mail.
fn short_text(input: &str, text: &str) -> Option<Detection> {
    if text.is_empty() {
        return Some(unknown("The input is empty: nothing to recognise.".to_string()));
    }
    let short = input.trim().len() <= MAX_RECORD_BYTES
        && text.lines().filter(|l| !l.trim().is_empty()).nth(MAX_SHORT_LINES).is_none();
    if short {
        return detect_record(text).or_else(|| detect_smtp_reply(text));
    }
    None
}

fn unknown(evidence: String) -> Detection {
    Detection { kind: Detected::Unknown, bounce_kind: None, evidence }
}

fn found(kind: Detected, evidence: String) -> Detection {
    Detection { kind, bounce_kind: None, evidence }
}

fn bounce(kind: BounceKind, evidence: String) -> Detection {
    Detection { kind: Detected::Bounce, bounce_kind: Some(kind), evidence }
}

/// The first [`MAX_SCAN_BYTES`] of `input` without leading BOMs, with CRLF and bare CR turned
/// into LF (for detection only; analyzers see the original text).
fn normalize(input: &str) -> std::borrow::Cow<'_, str> {
    let input = input.trim_start_matches(|c: char| c == '\u{feff}' || c.is_whitespace());
    crate::scan::normalize_line_ends(crate::scan::head(input, MAX_SCAN_BYTES))
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/// An SPF or DMARC TXT record, bare, quoted or with a zone-file prefix.
fn detect_record(text: &str) -> Option<Detection> {
    let (content, how) = record_content(text)?;
    let content = content.trim_start();
    let lower = content.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("v=spf1") {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Some(found(
                Detected::SpfRecord,
                format!("{how} starts with v=spf1 (an SPF record, RFC 7208)"),
            ));
        }
    }
    if lower.starts_with("spf2.0/") {
        return Some(found(
            Detected::SpfRecord,
            format!(
                "{how} starts with spf2.0/ (a Sender ID record, RFC 4406; obsolete, checked as \
                 SPF)"
            ),
        ));
    }
    if is_dmarc_version(&lower) {
        return Some(found(
            Detected::DmarcRecord,
            format!("{how} starts with v=DMARC1 (a DMARC record, RFC 7489)"),
        ));
    }
    None
}

/// `v=DMARC1`, whitespace allowed around `=`, then the end, `;` or whitespace. `lower` is
/// lowercased.
fn is_dmarc_version(lower: &str) -> bool {
    let Some(rest) = lower.strip_prefix('v') else { return false };
    let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix('=') else {
        return false;
    };
    let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix("dmarc1") else {
        return false;
    };
    rest.is_empty() || rest.starts_with(';') || rest.starts_with(char::is_whitespace)
}

/// The record text inside `text` and how it was written ("The text", "The quoted TXT value",
/// "The TXT record"). Strips a zone-file / dig prefix ending in `TXT` (or `SPF`, type 99) and
/// joins quoted character-strings as DNS does.
fn record_content(text: &str) -> Option<(String, &'static str)> {
    let mut rest = text;
    let mut prefixed = false;
    // Up to five tokens before the type: owner name, TTL, class, type.
    let mut probe = text;
    for _ in 0..5 {
        let token_end = probe.find(char::is_whitespace).unwrap_or(probe.len());
        let token = &probe[..token_end];
        // Owner names, TTLs and classes have no `=`, `:` or `@`; anything else is not a prefix.
        if token.is_empty() || token.starts_with('"') || token.contains(['=', ':', '@']) {
            break;
        }
        let after = probe[token_end..].trim_start();
        if token.eq_ignore_ascii_case("TXT") || token.eq_ignore_ascii_case("SPF") {
            rest = after;
            prefixed = true;
            break;
        }
        probe = after;
    }
    let rest = rest.trim_start_matches('(').trim_start();
    if rest.starts_with('"') {
        let joined = join_quoted(rest)?;
        let how = if prefixed { "The TXT record" } else { "The quoted TXT value" };
        return Some((joined, how));
    }
    let how = if prefixed { "The TXT record" } else { "The text" };
    Some((rest.to_string(), how))
}

/// Concatenate the DNS character-strings `"..." "..."` at the start of `s` (escapes `\"`,
/// `\\` and `\DDD` understood), stopping at anything else.
fn join_quoted(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    let mut strings = 0;
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '(' || *c == ')') {
            chars.next();
        }
        if chars.peek() != Some(&'"') {
            break;
        }
        chars.next();
        strings += 1;
        let mut closed = false;
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    closed = true;
                    break;
                }
                '\\' => {
                    let mut digits = String::new();
                    while digits.len() < 3 && chars.peek().is_some_and(char::is_ascii_digit) {
                        digits.extend(chars.next());
                    }
                    if digits.is_empty() {
                        out.extend(chars.next());
                    } else if let Some(ch) = digits.parse::<u8>().ok().map(char::from) {
                        out.push(ch);
                    }
                }
                _ => out.push(c),
            }
        }
        if !closed {
            break;
        }
    }
    (strings > 0).then_some(out)
}

// ---------------------------------------------------------------------------------------------
// SMTP replies
// ---------------------------------------------------------------------------------------------

/// What one reply-looking line holds.
struct ReplyLine<'a> {
    code: Option<&'a str>,
    status: Option<&'a str>,
    /// The line was a DSN `Diagnostic-Code:` / `Status:` field or `smtp;` value.
    dsn_field: bool,
    /// The line was prefixed by `... said:` (a Postfix/qmail transcript).
    said: bool,
}

/// One or a few lines of an SMTP reply (`550 5.1.1 ...`, `421-4.7.0 ...`), a bare enhanced
/// status code (`5.7.26`) or a DSN Diagnostic-Code value (`smtp; 550 ...`).
fn detect_smtp_reply(text: &str) -> Option<Detection> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let first = parse_reply_line(lines.first()?)?;
    let parsed: Vec<ReplyLine> = lines.iter().filter_map(|l| parse_reply_line(l)).collect();
    // Wrapped reply text is fine, but most lines must carry the code and none may be a header
    // field (`Status: 5.1.1` above `From: ...` starts a header section, not a reply).
    let fields = lines.iter().any(|l| parse_reply_line(l).is_none() && field_name(l).is_some());
    if parsed.len() * 2 < lines.len() || fields {
        return None;
    }
    let code = parsed.iter().find_map(|p| p.code);
    let status = parsed.iter().find_map(|p| p.status);
    let what = match (code, status) {
        (Some(c), Some(s)) => format!(
            "reply code {c} with enhanced status code {s} ({})",
            class_meaning(s.as_bytes()[0])
        ),
        (Some(c), None) => format!("reply code {c} ({})", class_meaning(c.as_bytes()[0])),
        (None, Some(s)) => {
            format!("enhanced status code {s} ({})", class_meaning(s.as_bytes()[0]))
        }
        (None, None) => return None,
    };
    let multi = if parsed.len() > 1 && code.is_some() {
        format!(" over {} lines", parsed.len())
    } else {
        String::new()
    };
    let evidence = if first.dsn_field {
        format!("A DSN Diagnostic-Code/Status value with SMTP {what}{multi} (RFC 3464, RFC 5321)")
    } else if first.said {
        format!("A server's quoted answer with SMTP {what}{multi} (RFC 5321)")
    } else if code.is_none() {
        format!("An {what} alone (RFC 3463)")
    } else {
        format!("Starts with SMTP {what}{multi} (an SMTP server reply, RFC 5321)")
    };
    Some(found(Detected::SmtpReply, evidence))
}

/// "success", "temporary failure", "permanent failure" for a class digit.
fn class_meaning(class: u8) -> &'static str {
    match class {
        b'2' => "success",
        b'3' => "intermediate reply",
        b'4' => "temporary failure",
        _ => "permanent failure",
    }
}

/// Strip `prefix` (ASCII, case-insensitive) from the start of `s`.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

fn parse_reply_line(line: &str) -> Option<ReplyLine<'_>> {
    let mut s = line.trim();
    let mut dsn_field = false;
    let mut said = false;
    for field in ["Diagnostic-Code:", "Status:"] {
        if let Some(rest) = strip_prefix_ci(s, field) {
            s = rest.trim_start();
            dsn_field = true;
        }
    }
    for kind in ["smtp;", "x-postfix;"] {
        if let Some(rest) = strip_prefix_ci(s, kind) {
            s = rest.trim_start();
            dsn_field = true;
        }
    }
    if !dsn_field {
        let lower = s.to_ascii_lowercase();
        if let Some(i) = lower.find(" said:") {
            s = s[i + " said:".len()..].trim_start();
            said = true;
        }
    }
    if let Some((code, rest)) = reply_code_at(s) {
        let rest = rest.trim_start_matches([' ', '-', '\t']);
        let status = enhanced_code_at(rest).map(|(st, _)| st);
        return Some(ReplyLine { code: Some(code), status, dsn_field, said });
    }
    let (status, rest) = enhanced_code_at(s)?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(ReplyLine { code: None, status: Some(status), dsn_field, said })
}

/// A reply code 200–559 at the start of `s`, followed by the end, a space, a tab or `-`.
fn reply_code_at(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let ok = b.len() >= 3
        && (b'2'..=b'5').contains(&b[0])
        && (b'0'..=b'5').contains(&b[1])
        && b[2].is_ascii_digit()
        && matches!(b.get(3), None | Some(b' ' | b'-' | b'\t'));
    ok.then(|| (&s[..3], &s[3..]))
}

/// An RFC 3463 enhanced status code `class.subject.detail` at the start of `s` (class 2, 4 or
/// 5; subject 0–7; detail up to three digits), not followed by more digits or dots.
fn enhanced_code_at(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    if b.len() < 5 || !matches!(b[0], b'2' | b'4' | b'5') || b[1] != b'.' {
        return None;
    }
    if !(b'0'..=b'7').contains(&b[2]) || b[3] != b'.' {
        return None;
    }
    let digits = b[4..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let end = 4 + digits;
    if b.get(end).is_some_and(|c| {
        c.is_ascii_digit() || (*c == b'.' && b.get(end + 1).is_some_and(u8::is_ascii_digit))
    }) {
        return None;
    }
    Some((&s[..end], &s[end..]))
}

// ---------------------------------------------------------------------------------------------
// Header sections
// ---------------------------------------------------------------------------------------------

/// Field names that mark a header section as mail (any `X-` field counts too).
const COMMON_FIELDS: &[&str] = &[
    "received",
    "from",
    "to",
    "cc",
    "subject",
    "date",
    "message-id",
    "return-path",
    "delivered-to",
    "authentication-results",
    "arc-authentication-results",
    "arc-seal",
    "arc-message-signature",
    "dkim-signature",
    "received-spf",
    "mime-version",
    "content-type",
    "reply-to",
    "sender",
    "in-reply-to",
    "references",
    "envelope-to",
    "delivery-date",
    "auto-submitted",
    "list-id",
    "list-unsubscribe",
    "resent-from",
    "resent-date",
];

/// The header section found at the top of the text.
struct HeaderBlock<'a> {
    /// Unfolded fields in order: name as written, value.
    fields: Vec<(&'a str, String)>,
    /// The header lines without stray lines, then a blank line and the body: what mail-parser
    /// reads.
    clean: String,
    /// Everything after the blank line that ends the header section.
    body: &'a str,
    /// The sender of an mbox `From ` separator line.
    mbox_sender: Option<&'a str>,
    /// Lines skipped before or inside the header section.
    skipped: usize,
}

/// `Name:` (RFC 5322 field name, optional blanks before the colon) at the start of `line`.
fn field_name(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let name = line[..colon].trim_end_matches([' ', '\t']);
    let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    let ok = !name.is_empty() && name.len() <= 76 && name.chars().all(tchar);
    ok.then(|| (name, &line[colon + 1..]))
}

fn is_common_field(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("x-") || COMMON_FIELDS.contains(&lower.as_str())
}

impl<'a> HeaderBlock<'a> {
    /// Find a header section starting within the first few lines of `text`.
    fn scan(text: &'a str) -> Option<Self> {
        let mut offset = 0;
        let mut rest = text;
        for skipped in 0..=MAX_PREAMBLE_LINES {
            if let Some(mut block) = Self::scan_at(rest) {
                block.skipped += skipped;
                return Some(block);
            }
            let next = rest.find('\n')? + 1;
            offset += next;
            rest = &text[offset..];
        }
        None
    }

    /// A header section starting exactly at the start of `text`.
    fn scan_at(text: &'a str) -> Option<Self> {
        let mut fields: Vec<(&str, String)> = Vec::new();
        let mut clean = String::new();
        let mut mbox_sender = None;
        let mut garbage = 0;
        let mut pos = 0;
        let mut body = "";
        let mut first = true;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            let line = &text[pos..end];
            let next = (end + 1).min(text.len());
            if line.trim().is_empty() {
                body = &text[next..];
                break;
            }
            if first && line.starts_with("From ") && field_name(line).is_none() {
                mbox_sender = line[5..].split_whitespace().next();
            } else if line.starts_with([' ', '\t']) {
                if let Some(last) = fields.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                    clean.push_str(line);
                    clean.push('\n');
                } else {
                    garbage += 1;
                }
            } else if let Some((name, value)) = field_name(line) {
                fields.push((name, value.trim().to_string()));
                clean.push_str(line);
                clean.push('\n');
            } else if first {
                return None;
            } else {
                garbage += 1;
            }
            first = false;
            pos = next;
        }
        let common = fields.iter().any(|(n, _)| is_common_field(n));
        // A few stray lines, or up to one in five in a long section (broken folding).
        let tolerated = MAX_GARBAGE_LINES.max(fields.len() / 5);
        if !common || garbage > tolerated || garbage >= fields.len() {
            return None;
        }
        clean.push('\n');
        clean.push_str(body);
        Some(HeaderBlock { fields, clean, body, mbox_sender, skipped: garbage })
    }

    /// The first field called `name` (case-insensitive).
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Up to four common field names, in order, for the evidence sentence.
    fn sample_names(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        for (name, _) in &self.fields {
            let lower = name.to_ascii_lowercase();
            let listed = COMMON_FIELDS.contains(&lower.as_str());
            if listed && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name);
            }
            if names.len() == 4 {
                break;
            }
        }
        if names.is_empty() {
            names.extend(self.fields.iter().take(3).map(|(n, _)| *n));
        }
        names.join(", ")
    }
}

// ---------------------------------------------------------------------------------------------
// Messages and bounces
// ---------------------------------------------------------------------------------------------

/// What mail-parser tells about the message's MIME structure and text.
#[derive(Default)]
struct MimeFacts {
    /// Decoded Subject.
    subject: Option<String>,
    /// Top-level `type/subtype`, lowercased.
    root_type: String,
    /// Top-level `report-type` parameter, lowercased.
    report_type: Option<String>,
    /// `type/subtype` of every part of this message (not of attached messages), lowercased.
    part_types: Vec<String>,
    /// Decoded text of the text parts (not of attached messages or returned headers).
    text: String,
}

fn mime_facts(block: &HeaderBlock, message: Option<&Message>) -> MimeFacts {
    let mut facts = MimeFacts::default();
    let Some(message) = message else {
        facts.text = block.body.to_string();
        return facts;
    };
    facts.subject = message.subject().map(str::to_string);
    for (i, part) in message.parts.iter().enumerate() {
        let ctype = part.content_type().map(|ct| {
            let sub = ct.subtype().unwrap_or("");
            (format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(), ct.attribute("report-type"))
        });
        let (name, report_type) = ctype.unwrap_or_else(|| ("text/plain".to_string(), None));
        if i == 0 {
            facts.root_type = name.clone();
            facts.report_type = report_type.map(str::to_ascii_lowercase);
        }
        let returned_headers = name == "text/rfc822-headers";
        if let PartType::Text(t) | PartType::Html(t) = &part.body {
            if !returned_headers && facts.text.len() < MAX_SCAN_BYTES {
                facts.text.push_str(t);
                facts.text.push('\n');
            }
        }
        facts.part_types.push(name);
    }
    // Broken MIME (e.g. a boundary parameter on an unfolded line) can hide every text part;
    // then the raw body is the best text there is.
    if facts.text.trim().is_empty() {
        facts.text = block.body.to_string();
    }
    facts
}

/// Headers, a message, or one of the four kinds of bounce.
fn detect_mail(block: &HeaderBlock, message: Option<&Message>) -> Detection {
    let facts = mime_facts(block, message);
    if let Some(d) = detect_report(block, &facts) {
        return d;
    }
    if let Some(d) = delivery_events(block.body, "a message whose body is ") {
        return d;
    }
    let signals = NdrSignals::collect(block, &facts);
    let auto = auto_reply_marker(block, &facts);
    if signals.is_bounce() {
        return bounce(BounceKind::Ndr, signals.evidence());
    }
    if let Some(marker) = auto {
        return bounce(
            BounceKind::AutoReply,
            format!("{marker} and nothing reports a delivery failure (RFC 3834 automatic reply)"),
        );
    }
    let names = block.sample_names();
    let skipped = match block.skipped {
        0 => String::new(),
        1 => "; 1 line that is not a header field was skipped".to_string(),
        n => format!("; {n} lines that are not header fields were skipped"),
    };
    if block.body.trim().is_empty() {
        found(
            Detected::Headers,
            format!("Starts with header fields ({names}) and has no body after them{skipped}"),
        )
    } else {
        found(
            Detected::Message,
            format!(
                "Starts with header fields ({names}) followed by a blank line and a body{skipped}"
            ),
        )
    }
}

/// DSNs and feedback reports, recognised by their MIME types.
fn detect_report(block: &HeaderBlock, facts: &MimeFacts) -> Option<Detection> {
    let rt = facts.report_type.as_deref().unwrap_or("");
    if facts.root_type == "multipart/report" {
        match rt {
            "delivery-status" => {
                return Some(bounce(
                    BounceKind::Dsn,
                    "Content-Type is multipart/report; report-type=delivery-status (RFC 3464 \
                     delivery status notification)"
                        .to_string(),
                ));
            }
            "global-delivery-status" => {
                return Some(bounce(
                    BounceKind::Dsn,
                    "Content-Type is multipart/report; report-type=global-delivery-status (RFC \
                     6533 internationalized delivery status notification)"
                        .to_string(),
                ));
            }
            "feedback-report" => {
                return Some(bounce(
                    BounceKind::FeedbackReport,
                    "Content-Type is multipart/report; report-type=feedback-report (RFC 5965 \
                     abuse feedback report)"
                        .to_string(),
                ));
            }
            _ => {}
        }
    }
    // The report part itself, when the wrapper is mislabelled or nested.
    let has_part =
        |t: &str| facts.part_types.iter().any(|p| p == t) || raw_part_type(block.body, t);
    for (t, kind, what) in [
        ("message/delivery-status", BounceKind::Dsn, "RFC 3464 delivery status notification"),
        (
            "message/global-delivery-status",
            BounceKind::Dsn,
            "RFC 6533 internationalized delivery status notification",
        ),
        ("message/feedback-report", BounceKind::FeedbackReport, "RFC 5965 abuse feedback report"),
    ] {
        if has_part(t) {
            return Some(bounce(kind, format!("Contains a {t} part ({what})")));
        }
    }
    // Older feedback loops (e.g. Hotmail's JMRP) send the reported message as a plain attachment
    // under a complaint subject.
    let subject = facts.subject.as_deref().or_else(|| block.field("Subject")).unwrap_or("");
    let lower = crate::scan::fold_case(subject);
    let complaint = ["complaint about message", "abuse report", "spam report", "feedback loop"]
        .iter()
        .find(|p| lower.contains(*p));
    let attached = facts.part_types.iter().skip(1).any(|p| p == "message/rfc822");
    if let (Some(p), true) = (complaint, attached) {
        return Some(bounce(
            BounceKind::FeedbackReport,
            format!(
                "The subject says \"{p}\" and the reported message is attached as message/rfc822 \
                 (an abuse feedback report)"
            ),
        ));
    }
    None
}

/// A `Content-Type: <t>` line anywhere in `body` (case-insensitive).
fn raw_part_type(body: &str, t: &str) -> bool {
    body.lines().any(|line| {
        strip_prefix_ci(line, "content-type:")
            .map(|v| v.trim_start())
            .and_then(|v| strip_prefix_ci(v, t))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([';', ' ', '\t']))
    })
}

/// An RFC 3834 auto-reply marker: the field or subject phrase that says so.
fn auto_reply_marker(block: &HeaderBlock, facts: &MimeFacts) -> Option<String> {
    if let Some(v) = block.field("Auto-Submitted") {
        if v.to_ascii_lowercase().starts_with("auto-replied") {
            return Some(format!("Auto-Submitted: {}", first_word(v)));
        }
    }
    for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply"] {
        if let Some(v) = block.field(name) {
            if !v.eq_ignore_ascii_case("no") && !v.eq_ignore_ascii_case("false") {
                return Some(format!("There is an {name} field"));
            }
        }
    }
    if let Some(v) = block.field("Precedence") {
        if v.trim().eq_ignore_ascii_case("auto_reply") {
            return Some("Precedence: auto_reply".to_string());
        }
    }
    let subject = facts.subject.as_deref().or_else(|| block.field("Subject"))?;
    // Responders put their word first ("Automatic reply: ...", "[Auto-Reply] ..."); anywhere
    // else it is more likely a person's topic.
    let lower = crate::scan::fold_case(subject.trim_start_matches(['[', '(', ' ', '\t']));
    AUTO_REPLY_SUBJECTS
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|_| format!("The subject \"{}\" is a vacation responder's", shorten(subject, 60)))
}

fn first_word(v: &str) -> &str {
    v.split([';', ' ', '\t']).next().unwrap_or(v)
}

/// Subject openings of vacation responders (lowercase).
const AUTO_REPLY_SUBJECTS: &[&str] = &[
    "out of office",
    "out of the office",
    "automatic reply",
    "auto:",
    "autoreply",
    "auto-reply",
    "auto reply",
    "autorespon",
    "auto-respon",
    "auto response",
    "vacation reply",
    "vacation message",
    "abwesenheitsnotiz",
    "automatische antwort",
    "réponse automatique",
    "respuesta automática",
    "risposta automatica",
    "automatická odpověď",
    "automatická odpoveď",
    "odpověď v nepřítomnosti",
    "自動応答",
    "自動返信",
    "不在通知",
    "自动回复",
];

/// Subject phrases of delivery failure notices (lowercase; matched anywhere in the decoded
/// subject).
const FAILURE_SUBJECTS: &[&str] = &[
    "undelivered mail",
    "undeliverable",
    "undelivered",
    "delivery status notification",
    "delivery notification",
    "delivery report",
    "delivery status",
    "returned mail",
    "returned to sender",
    "failure notice",
    "failure delivery",
    "delivery failure",
    "delivery failed",
    "delivery has failed",
    "mail delivery failed",
    "mail failure",
    "could not send",
    "could not be delivered",
    "not delivered",
    "non-delivery",
    "nondelivery",
    "delivery problem",
    "delayed mail",
    "message delayed",
    "not yet been delivered",
    "could not send message for past",
    "processing error",
    "mail failed, returning to sender",
    "delivery delayed",
    "see transcript for details",
    "postmaster notify",
    "mail system error",
    "error sending",
    "message you sent blocked",
    "message blocked",
    "loop alert",
    "mail loop",
    "non remis",
    "unzustellbar",
    "nicht zustellbar",
    "onbestelbaar",
    "no se puede entregar",
    "non recapitabile",
    "mancata consegna",
    "não entregue",
    "недоставленное",
    "не доставлено",
    "配信できません",
    "配信エラー",
    "送信エラー",
    "メールエラー",
    "不達",
    "未達",
    "退信",
    "未送达",
];

/// Body phrases of delivery failure notices (lowercase).
const FAILURE_PHRASES: &[&str] = &[
    "could not be delivered",
    "couldn't be delivered",
    "could not deliver",
    "wasn't able to deliver",
    "was not able to deliver",
    "unable to deliver",
    "not able to be delivered",
    "delivery to the following recipient",
    "delivery has failed",
    "delivery failed",
    "failed to deliver",
    "message not delivered",
    "has not been delivered",
    "was not delivered",
    "permanent error",
    "permanent failure",
    "permanently",
    "this is the mail system at host",
    "this is the qmail-send program",
    "mail delivery failed",
    "returned to sender",
    "undeliverable",
    "undelivered",
    "user unknown",
    "unknown user",
    "no such user",
    "mailbox unavailable",
    "mailbox is full",
    "mailbox full",
    "recipient address rejected",
    "address rejected",
    "host or domain name not found",
    "host unknown",
    "invalid recipient",
    "invalid user",
    "does not exist",
    "doesn't exist",
    "delivery status notification",
    "delivery to the following",
    "following address",
    "will not be delivered",
    "has been delayed",
    "could not send",
    "trouble delivering",
    "was rejected",
    "refused to accept",
    "did not reach the following recipient",
    "recipient name is not recognized",
    "unknown recipient",
    "recipient not found",
    "address not found",
    "mailbox not found",
    "failure reasons",
    "account is disabled",
    "account has been disabled",
    "over quota",
    "quota exceeded",
    "relay access denied",
    "relaying denied",
    "non remis",
    "unzustellbar",
    "nicht zugestellt",
    "wurde nicht an",
    // Exchange's German and Czech notices, as Microsoft's localized NDR references show them
    // (de-DE "DSNs und NDRs in Exchange Server", technet bb232118: "Die Zustellung an folgende
    // Empfänger oder Gruppen ist fehlgeschlagen"; Exchange 2013's "Fehler bei der Zustellung an
    // folgende Empfänger oder Gruppen"; Exchange Online's "Ihre Nachricht an … konnte nicht
    // übermittelt werden", learn.microsoft.com de-de non-delivery-reports-in-exchange-online;
    // cs-CZ "Doručení následujícím příjemcům nebo skupinám se nezdařilo").
    "zustellung an folgende empfänger",
    "fehler bei der zustellung",
    "konnte nicht übermittelt werden",
    "příjemcům nebo skupinám se nezdařilo",
    "nebylo možné doručit",
    "nemohla být doručena",
    "nebyla doručena",
    "n'a pas pu être remis",
    "problem delivering your message",
    "permission to post messages to the group",
    "无法发送到",
    "投递失败",
    "退信",
    "delivery is delayed",
    "не доставлено",
    "не удалось доставить",
    "配信できません",
    "送信できませんでした",
];

/// The headings Gmail and Microsoft 365 put above a notice, in the languages of their users; a
/// notice copied with one of them needs no server code (Gmail's "Address not found" often
/// quotes none). Gmail Help "Fix bounced or rejected emails"; Microsoft "Email non-delivery
/// reports in Exchange Online".
const NOTICE_HEADINGS: &[&str] = &[
    "address not found",
    "message blocked",
    "message not delivered",
    "delivery incomplete",
    "delivery status notification (failure)",
    "delivery status notification (delay)",
    "undeliverable:",
    "adresse nicht gefunden",
    "nachricht blockiert",
    "nachricht nicht zugestellt",
    "zustellung unvollständig",
    "unzustellbar:",
    "adresa nebyla nalezena",
    "zpráva byla zablokována",
    "zpráva nebyla doručena",
    "doručení nebylo dokončeno",
    "nedoručitelné:",
    "adresse introuvable",
    "message bloqué",
    "non remis :",
    "系统退信",
];

/// Phrases that introduce a returned copy of the original message (lowercase).
const RETURNED_PHRASES: &[&str] = &[
    "below this line is a copy of the message",
    "original message follows",
    "original message headers",
    "original mail as follows",
    "a copy of the original message",
    "undelivered message attached",
    "returned message follows",
    "the original message was received",
    "copy of your message",
    "text of your message",
    "returned message",
];

/// Sender names and mailboxes of bounce-generating systems (lowercase, with `-`, `_` and `.`
/// read as spaces), with the label shown in evidence.
const DAEMON_SENDERS: &[(&str, &str)] = &[
    ("mailer daemon", "MAILER-DAEMON"),
    ("mailerdaemon", "MAILER-DAEMON"),
    ("mail daemon", "MAILER-DAEMON"),
    ("mdaemon", "MDaemon"),
    ("postmaster", "postmaster"),
    ("post master", "postmaster"),
    ("mail delivery", "Mail Delivery System"),
    ("mail deliver system", "Mail Delivery System"),
    ("mail administrator", "Mail Administrator"),
    ("system administrator", "System Administrator"),
    ("microsoft outlook", "Microsoft Outlook"),
    ("internet mail delivery", "Internet Mail Delivery"),
];

/// Local parts of mailing-list and robot senders (the `owner-`, `-admin`, `-request` and
/// `-bounces` addresses list managers send their notices from).
const ROBOT_LOCAL_PARTS: &[&str] = &["owner-", "-owner@", "-admin@", "-request@", "-bounces@"];

/// The vendor-NDR score. Three families of signals, each with a weight:
///
/// * machine sender — From/Sender/mbox line of a mail system (`MAILER-DAEMON`, `postmaster`,
///   `Mail Delivery System`, …) **2**; `X-Failed-Recipients` **2**; an empty envelope sender
///   (`Return-Path: <>`) **1**; `Auto-Submitted` other than `no` **1**; a list-manager robot
///   sender **1**;
/// * failure wording — a failure subject **2**; a failure phrase in the text **2**;
/// * technical evidence — a 4xx/5xx reply code or 4.x.x/5.x.x status in the text **1** (**2**
///   when the two come together, `550 5.1.1`); the original returned (`message/rfc822`,
///   `text/rfc822-headers`, "Below this line is a copy of the message") **1**.
///
/// A bounce needs [`NDR_THRESHOLD`] points from at least two families, so a person writing
/// "undeliverable" in a subject and body, or a mail system sending a normal notice, does not
/// make a bounce.
#[derive(Default)]
struct NdrSignals {
    sender: Option<&'static str>,
    failed_recipients: bool,
    null_sender: bool,
    auto_submitted: bool,
    robot: bool,
    subject: Option<String>,
    phrase: Option<&'static str>,
    code: Option<String>,
    code_with_status: bool,
    returned: Option<&'static str>,
}

/// How far into a notice's text its failure phrase is looked for.
const NOTICE_START: usize = 2048;

/// Points needed for a vendor NDR.
const NDR_THRESHOLD: u32 = 4;

impl NdrSignals {
    fn collect(block: &HeaderBlock, facts: &MimeFacts) -> Self {
        let mut s = NdrSignals::default();
        let senders = [block.field("From"), block.field("Sender"), block.mbox_sender];
        for sender in senders.into_iter().flatten() {
            let norm = crate::scan::fold_case(sender).replace(['-', '_', '.'], " ");
            if let Some((_, label)) = DAEMON_SENDERS.iter().find(|(p, _)| norm.contains(p)) {
                s.sender = Some(label);
                break;
            }
            let lower = sender.to_ascii_lowercase();
            if ROBOT_LOCAL_PARTS.iter().any(|p| lower.contains(p)) {
                s.robot = true;
            }
        }
        s.failed_recipients = block.field("X-Failed-Recipients").is_some();
        s.null_sender = block.field("Return-Path").is_some_and(|v| {
            v.trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace()).is_empty()
        });
        s.auto_submitted = block
            .field("Auto-Submitted")
            .is_some_and(|v| !first_word(v.trim()).eq_ignore_ascii_case("no"));
        let subject = facts.subject.as_deref().or_else(|| block.field("Subject")).unwrap_or("");
        let lower_subject = crate::scan::fold_case(subject);
        if FAILURE_SUBJECTS.iter().any(|p| lower_subject.contains(p)) {
            s.subject = Some(shorten(subject.trim(), 60).into_owned());
        }
        let text = crate::scan::fold_case(&facts.text);
        let pairs = BytePairs::of(&text);
        s.phrase = FAILURE_PHRASES.iter().find(|p| pairs.contains(&text, p)).copied();
        (s.code, s.code_with_status) = match find_failure_code(&facts.text) {
            Some((code, with_status)) => (Some(code), with_status),
            None => (None, false),
        };
        let returned_part = facts.part_types.iter().skip(1).find_map(|p| match p.as_str() {
            "message/rfc822" => Some("message/rfc822"),
            "text/rfc822-headers" => Some("text/rfc822-headers"),
            "message/global" => Some("message/global"),
            _ => None,
        });
        s.returned =
            returned_part.or_else(|| RETURNED_PHRASES.iter().find(|p| pairs.contains(&text, p)).copied());
        s
    }

    fn machine_points(&self) -> u32 {
        let mut p = 0;
        p += if self.sender.is_some() { 2 } else { 0 };
        p += if self.failed_recipients { 2 } else { 0 };
        p += u32::from(self.null_sender);
        p += u32::from(self.auto_submitted);
        p += u32::from(self.robot && self.sender.is_none());
        p
    }

    fn wording_points(&self) -> u32 {
        (if self.subject.is_some() { 2 } else { 0 }) + if self.phrase.is_some() { 2 } else { 0 }
    }

    fn technical_points(&self) -> u32 {
        let code = match (&self.code, self.code_with_status) {
            (Some(_), true) => 2,
            (Some(_), false) => 1,
            (None, _) => 0,
        };
        code + u32::from(self.returned.is_some())
    }

    fn is_bounce(&self) -> bool {
        let parts = [self.machine_points(), self.wording_points(), self.technical_points()];
        let families = parts.iter().filter(|p| **p > 0).count();
        parts.iter().sum::<u32>() >= NDR_THRESHOLD && families >= 2
    }

    /// One sentence naming the strongest signals.
    fn evidence(&self) -> String {
        let mut items: Vec<String> = Vec::new();
        if let Some(label) = self.sender {
            items.push(format!("from {label}"));
        } else if self.failed_recipients {
            items.push("an X-Failed-Recipients field".to_string());
        } else if self.null_sender {
            items.push("an empty envelope sender (Return-Path: <>)".to_string());
        } else if self.robot {
            items.push("sent by a mailing-list robot address".to_string());
        } else if self.auto_submitted {
            items.push("marked Auto-Submitted".to_string());
        }
        if let Some(subject) = &self.subject {
            items.push(format!("the subject \"{subject}\""));
        }
        if let Some(code) = &self.code {
            items.push(format!("the body quotes an SMTP error ({code})"));
        } else if let Some(phrase) = self.phrase {
            items.push(format!("the body says \"{phrase}\""));
        }
        if items.len() < 3 {
            if let Some(r) = self.returned {
                items.push(if r.contains('/') {
                    format!("the original is returned as {r}")
                } else {
                    format!("the body says \"{r}\"")
                });
            }
        }
        let mut sentence = join_and(&items);
        if let Some(first) = sentence.get(..1) {
            sentence = first.to_ascii_uppercase() + &sentence[1..];
        }
        sentence + " (a mail system's non-delivery report)"
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `how` with a capital, or nothing.
fn capital(how: &str) -> String {
    let mut c = how.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A sending service's delivery events as JSON (`how` says where they were found).
fn delivery_events(text: &str, how: &str) -> Option<Detection> {
    let (vendor, events) = crate::events::read(text)?;
    (!events.is_empty()).then(|| {
        let n = events.len();
        let s = if n == 1 { "" } else { "s" };
        bounce(BounceKind::DeliveryEvents, format!("{}{vendor}'s delivery events as JSON ({n} event{s} about delivery)", capital(how)))
    })
}

/// The text of a non-delivery report as a mail program shows it (no header section): text (no
/// NUL) that says near its start that the message could not be delivered, names an address and
/// quotes the server's refusal.
fn notice_text(text: &str) -> Option<Detection> {
    if !text.contains('@') || text.contains('\0') {
        return None;
    }
    let lower = crate::scan::fold_case(text.get(..NOTICE_START).unwrap_or(text));
    let pairs = BytePairs::of(&lower);
    let first_line = lower.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    // A notice copied with its sender line on top, as Gmail shows it ("Mail Delivery Subsystem
    // <mailer-daemon@googlemail.com>"), is headed by the mail system itself.
    let daemon = ["mailer-daemon@", "postmaster@"].iter().find(|d| first_line.contains(*d));
    let heading = NOTICE_HEADINGS.iter().find(|h| first_line.starts_with(*h)).or(daemon);
    let phrase = FAILURE_PHRASES.iter().find(|p| pairs.contains(&lower, p));
    let evidence = match (find_failure_code(text), heading, phrase) {
        (Some((code, _)), _, Some(phrase)) => format!("it says \"{phrase}\" and quotes the server ({code})"),
        (Some((code, _)), Some(heading), None) => format!("it is headed \"{heading}\" and quotes the server ({code})"),
        (None, Some(heading), Some(phrase)) => format!("it is headed \"{heading}\" and says \"{phrase}\""),
        _ => return None,
    };
    Some(bounce(BounceKind::NoticeText, format!("A notice's text without headers: {evidence}")))
}

/// The first 4xx/5xx SMTP reply code or 4.x.x/5.x.x enhanced status code in `text`, shown as
/// "550 5.1.1" / "550" / "5.1.1", and whether a reply code and a status came together.
///
/// Reply codes alone count only where replies are quoted: at the start of a line (after quote
/// marks or brackets), or after `;`, `:`, `[`, `(` or `"` (e.g. `smtp; 550`, `said: 550`).
fn find_failure_code(text: &str) -> Option<(String, bool)> {
    let mut fallback: Option<String> = None;
    for line in text.lines() {
        let bytes = line.as_bytes();
        // Quote marks and brackets that may precede a reply at the start of the line; measured
        // once per line so the scan stays linear.
        let lead = line.len() - line.trim_start_matches(['>', '"', '[', '(', '*', ' ', '\t']).len();
        for (i, &b) in bytes.iter().enumerate() {
            if !matches!(b, b'4' | b'5') {
                continue;
            }
            let prev = i.checked_sub(1).map(|j| bytes[j]);
            if prev
                .is_some_and(|p| p.is_ascii_alphanumeric() || p == b'.' || p == b'-' || p == b'/')
            {
                continue;
            }
            let here = &line[i..];
            if let Some((code, rest)) = reply_code_at(here) {
                let after = rest.trim_start_matches([' ', '-', '\t']);
                if let Some((status, _)) = enhanced_code_at(after) {
                    if status.as_bytes()[0] == b {
                        return Some((format!("{code} {status}"), true));
                    }
                }
                let before = line[..i].trim_end();
                let quoted = i <= lead || before.ends_with([';', ':', '[', '(', '"']);
                if quoted && fallback.is_none() && !rest.starts_with(|c: char| c.is_ascii_digit()) {
                    fallback = Some(code.to_string());
                }
            } else if let Some((status, _)) = enhanced_code_at(here) {
                if fallback.as_deref().is_none_or(|f| f.len() == 3) {
                    fallback = Some(match fallback {
                        Some(code) if code.as_bytes()[0] == b => format!("{code} {status}"),
                        _ => status.to_string(),
                    });
                }
            }
        }
    }
    fallback.map(|f| (f, false))
}

// ---------------------------------------------------------------------------------------------
// Unknown
// ---------------------------------------------------------------------------------------------

const EXPECTED: &str = "expected email headers (Name: value lines), a whole message or bounce, \
                        an SPF record (v=spf1 …), a DMARC record (v=DMARC1; …) or an SMTP reply \
                        (550 5.1.1 …)";

fn explain_unknown(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let lower = first.to_ascii_lowercase();
    if first.starts_with('{') || first.starts_with('[') {
        return format!("Looks like JSON or a list, not mail; {EXPECTED}.");
    }
    if first.starts_with('<') && !first.starts_with("<>") {
        return format!("Looks like HTML or XML, not mail; {EXPECTED}.");
    }
    if lower.starts_with("v=dkim1") || lower.contains("k=rsa;") && lower.contains("p=") {
        return format!(
            "Looks like a DKIM key record (v=DKIM1), which is not analysed on its own; {EXPECTED}."
        );
    }
    if lower.starts_with("v=spf1") || is_dmarc_version(&lower) {
        return format!(
            "Starts like a record but runs over many lines, so it is not one TXT record; \
             {EXPECTED}."
        );
    }
    if field_name(first).is_some() {
        return format!(
            "Has Name: value lines but no usual mail header field (From, To, Subject, Received, \
             …); {EXPECTED}."
        );
    }
    format!("The first line \"{}\" is none of these: {EXPECTED}.", shorten(first, 40))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, kind: Detected) -> Detection {
        let d = detect(input);
        assert_eq!(d.kind, kind, "input {input:?} gave {d:?}");
        assert!(!d.evidence.is_empty(), "no evidence for {input:?}");
        d
    }

    fn check_bounce(input: &str, kind: BounceKind) {
        let d = check(input, Detected::Bounce);
        assert_eq!(d.bounce_kind, Some(kind), "input {input:?} gave {d:?}");
    }

    #[test]
    fn empty_and_garbage_are_unknown() {
        check("", Detected::Unknown);
        check(" \n\t\r\n", Detected::Unknown);
        check("\u{feff}", Detected::Unknown);
        check("hello world", Detected::Unknown);
        check("{\"from\": \"a@b\"}", Detected::Unknown);
        check("<html><body>hi</body></html>", Detected::Unknown);
        check("v=DKIM1; k=rsa; p=MIGfMA0", Detected::Unknown);
        check("2024-01-01 12:00 something", Detected::Unknown);
    }

    #[test]
    fn spf_records() {
        check("v=spf1 -all", Detected::SpfRecord);
        check("V=SPF1 include:_spf.google.com ~all", Detected::SpfRecord);
        check("v=spf1", Detected::SpfRecord);
        check("  \u{feff}v=spf1 mx -all\r\n", Detected::SpfRecord);
        check("\"v=spf1 ip4:192.0.2.1 \" \"include:x.example -all\"", Detected::SpfRecord);
        check("example.com. 3600 IN TXT \"v=spf1 mx -all\"", Detected::SpfRecord);
        check("IN TXT \"v=spf1 mx -all\"", Detected::SpfRecord);
        check("TXT v=spf1 mx -all", Detected::SpfRecord);
        check("example.com. IN TXT ( \"v=spf1 mx \"\n  \"-all\" )", Detected::SpfRecord);
        check("spf2.0/pra ip4:192.0.2.0/24 -all", Detected::SpfRecord);
        check("v=spf10 -all", Detected::Unknown);
    }

    #[test]
    fn dmarc_records() {
        check("v=DMARC1; p=reject", Detected::DmarcRecord);
        check("v = DMARC1\t;\tp=reject", Detected::DmarcRecord);
        check("V=DMARC1;p=reject;", Detected::DmarcRecord);
        check("v=DMARC1; p=bob;", Detected::DmarcRecord);
        check("\"v=DMARC1; p=none; rua=mailto:d@example.com\"", Detected::DmarcRecord);
        check("_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=none\"", Detected::DmarcRecord);
        check("v=DMARC1", Detected::DmarcRecord);
        check("v=DMARC10; p=none", Detected::Unknown);
    }

    #[test]
    fn smtp_replies() {
        check("550 5.1.1 <a@b.example> User unknown", Detected::SmtpReply);
        check("421-4.7.0 Try again later\r\n421 4.7.0 closing", Detected::SmtpReply);
        check("5.7.26", Detected::SmtpReply);
        check("5.1.1", Detected::SmtpReply);
        check("smtp; 550 5.1.1 user unknown", Detected::SmtpReply);
        check("Diagnostic-Code: smtp; 554 5.7.1 rejected", Detected::SmtpReply);
        check("250 2.0.0 OK queued", Detected::SmtpReply);
        check("550", Detected::SmtpReply);
        check(
            "host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@b>: Recipient address rejected",
            Detected::SmtpReply,
        );
        check(
            "550-5.7.26 This mail has been blocked because the sender is\n550-5.7.26 \
             unauthenticated. Gmail requires all senders to authenticate.\n550 5.7.26 \
             https://support.google.com/mail/answer/81126",
            Detected::SmtpReply,
        );
        check("5.1", Detected::Unknown);
        check("192.0.2.1", Detected::Unknown);
        check("600 nope", Detected::Unknown);
    }

    #[test]
    fn headers_and_messages() {
        let headers =
            "Received: from a by b; Mon, 1 Jan 2024 00:00:00 +0000\nFrom: a@example.com\n\
                       To: b@example.org\nSubject: hi\n";
        check(headers, Detected::Headers);
        check(&format!("{headers}\nHello there.\n"), Detected::Message);
        check(&format!("{headers}\n\n  \n"), Detected::Headers);
        check(&headers.replace('\n', "\r\n"), Detected::Headers);
        check(&format!("{headers}\nbody").replace('\n', "\r"), Detected::Message);
        check(
            &format!("From a@example.com Mon Jan  1 00:00:00 2024\n{headers}"),
            Detected::Headers,
        );
        check(&format!("Original message\n{headers}"), Detected::Headers);
        check("Subject: folded\n  continuation\nX-Thing: 1\n", Detected::Headers);
        check("Foo: bar\nBaz: qux\n", Detected::Unknown);
    }

    #[test]
    fn normal_message_mentioning_failure_is_not_a_bounce() {
        check(
            "From: Alice <alice@example.com>\nTo: bob@example.org\nSubject: Undeliverable mail \
             question\n\nSome of my mail could not be delivered, any idea why?\n",
            Detected::Message,
        );
        check(
            "From: postmaster@example.com\nTo: bob@example.org\nSubject: Maintenance tonight\n\n\
             The mail server will be down from 22:00.\n",
            Detected::Message,
        );
    }

    /// What a person copies from the message view: no header section, the notice's words.
    #[test]
    fn a_notice_without_headers() {
        let notice = "Your message to bob@example.org couldn't be delivered.\n\nbob wasn't found at \
                      example.org.\n\nSome more words here.\nAnd more.\nAnd more.\nAnd more.\nAnd more.\n\
                      Error:  550 5.1.10 RESOLVER.ADR.RecipientNotFound\n";
        check_bounce(notice, BounceKind::NoticeText);
        // The same words without an address, a code or a failure phrase are not a notice.
        check(&notice.replace("bob@example.org", "Bob"), Detected::Unknown);
        check(&notice.replace("550 5.1.10", "see below"), Detected::Unknown);
        check(&notice.replace("couldn't be delivered", "was read"), Detected::Unknown);
    }

    #[test]
    fn dsn_and_feedback_reports() {
        check_bounce(
            "From: MAILER-DAEMON@example.com\nContent-Type: multipart/report; \
             report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n\
             failed\n--b\nContent-Type: message/delivery-status\n\nStatus: 5.1.1\n--b--\n",
            BounceKind::Dsn,
        );
        check_bounce(
            "From: fbl@example.net\nContent-Type: multipart/report; report-type=feedback-report;\n \
             boundary=x\n\n--x\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n--x--\n",
            BounceKind::FeedbackReport,
        );
        check_bounce(
            "From: a@example.com\nContent-Type: multipart/mixed; boundary=x\n\n--x\n\
             Content-Type: message/global-delivery-status\n\nStatus: 5.1.1\n--x--\n",
            BounceKind::Dsn,
        );
    }

    #[test]
    fn vendor_ndrs() {
        check_bounce(
            "From: MAILER-DAEMON@mx.example.com\nTo: a@example.com\nSubject: failure notice\n\n\
             Hi. This is the qmail-send program at mx.example.com.\n<b@example.org>:\n\
             Remote host said: 550 5.1.1 User unknown\n",
            BounceKind::Ndr,
        );
        check_bounce(
            "Return-Path: <>\nFrom: Mail Delivery System <Mailer-Daemon@x.example>\n\
             Subject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: \
             b@example.org\n\nThis message was created automatically by mail delivery software.\n",
            BounceKind::Ndr,
        );
        check_bounce(
            "From: MAILER-DAEMON@example.com\nSubject: =?UTF-8?B?5LiN6YGU?=\nTo: a@example.com\n\n\
             550 5.1.1 unknown\n",
            BounceKind::Ndr,
        );
    }

    #[test]
    fn auto_replies() {
        check_bounce(
            "From: a@example.com\nTo: b@example.org\nAuto-Submitted: auto-replied\nSubject: Away\n\n\
             I am away until Monday.\n",
            BounceKind::AutoReply,
        );
        check_bounce(
            "From: a@example.com\nTo: b@example.org\nSubject: Automatic reply: hello\n\nAway.\n",
            BounceKind::AutoReply,
        );
        check(
            "From: a@example.com\nTo: b@example.org\nAuto-Submitted: no\nSubject: hi\n\nhello\n",
            Detected::Message,
        );
        // An Exim bounce carries Auto-Submitted: auto-replied but reports a failure.
        check_bounce(
            "From: Mail Delivery System <Mailer-Daemon@x.example>\nAuto-Submitted: auto-replied\n\
             Subject: Mail delivery failed\n\nA message that you sent could not be delivered.\n",
            BounceKind::Ndr,
        );
    }

    #[test]
    fn enhanced_code_shapes() {
        assert!(enhanced_code_at("5.1.1").is_some());
        assert!(enhanced_code_at("4.7.0 x").is_some());
        assert!(enhanced_code_at("4.92.3").is_none());
        assert!(enhanced_code_at("5.1.1.2").is_none());
        assert!(enhanced_code_at("3.1.1").is_none());
        assert!(enhanced_code_at("5.1.1234").is_none());
        assert_eq!(
            find_failure_code("said: 550 5.1.1 nope").map(|c| c.0),
            Some("550 5.1.1".into())
        );
        assert_eq!(find_failure_code("from 192.0.2.5 via Exim 4.92.3"), None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "\"",
            "\"\\",
            "TXT",
            "TXT \"",
            "v",
            "v=",
            "From ",
            "From \n",
            ":",
            "a:\n b",
            "\r",
            "5.",
            "55",
            "550-",
            "\u{feff}\u{feff}x",
            "é:é",
            "\"v=spf1 \\2",
        ] {
            let _ = detect(s);
        }
        let long = "x".repeat(MAX_SCAN_BYTES * 2) + "é";
        let _ = detect(&long);
    }

    #[test]
    fn pathological_inputs_stay_fast() {
        let cases = [
            format!("From: a@example.com\n\n{}{}", "(".repeat(100_000), "550 ".repeat(40_000)),
            "X-A: b\n".repeat(60_000),
            format!("Subject: x\n\n{}", "5.1.1 ".repeat(60_000)),
            format!("From: a@example.com\n\n{}", "\"".repeat(200_000)),
            "\"v=spf1 ".repeat(50_000),
            format!(
                "From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n{}",
                "--b\n\n".repeat(50_000)
            ),
        ];
        for case in &cases {
            let start = std::time::Instant::now();
            let _ = detect(case);
            let elapsed = start.elapsed();
            assert!(elapsed.as_secs() < 10, "took {elapsed:?} on {}", shorten(case, 40));
        }
    }

    #[test]
    fn near_misses() {
        // A person's subject, not a responder's.
        check(
            "From: a@example.com\nTo: b@example.org\nSubject: Vacation photos\n\nSee attached.\n",
            Detected::Message,
        );
        // TXT deep inside a header line is not a zone-file prefix.
        check("Subject: TXT v=spf1 -all\nFrom: a@example.com\n", Detected::Headers);
        // A Status line on top of header fields starts a header section.
        check("Status: 5.1.1\nFrom: a@example.com\nTo: b@example.org\n", Detected::Headers);
        // MDNs (read receipts) are reports, but not delivery failures.
        check(
            "From: a@example.com\nSubject: Read: hello\nContent-Type: multipart/report; \
             report-type=disposition-notification; boundary=x\n\n--x\nContent-Type: \
             text/plain\n\nYour message was read.\n--x--\n",
            Detected::Message,
        );
    }
}
