//! The pieces of a bounce, found through its MIME structure (mail-parser): the report's own
//! header fields, the human-readable notice, the machine-readable delivery-status or
//! feedback-report fields, and the returned original message.

use mail_parser::{Address, Message, MimeHeaders, PartType};

/// What a bounce is made of.
#[derive(Debug, Default)]
pub(crate) struct BounceParts {
    /// The report's `From` address.
    pub from: Option<String>,
    /// The report's `To` address (the original sender, for a bounce).
    pub to: Option<String>,
    /// The report's decoded `Subject`.
    pub subject: Option<String>,
    /// The report's header section as written (for vendor signatures).
    pub header_text: String,
    /// `X-Failed-Recipients` addresses (Exim and others).
    pub failed_recipients: Vec<String>,
    /// The human-readable text, decoded (text/plain parts, or HTML turned into text).
    pub notice: String,
    /// The text of every `message/delivery-status` / `message/global-delivery-status` part.
    pub delivery_status: Vec<String>,
    /// The text of the `message/feedback-report` part.
    pub feedback: Option<String>,
    /// The returned original message or its header section.
    pub original: Option<String>,
}

/// Read the parts of `text` (LF line ends); `parsed` is mail-parser's reading of it, if made.
pub(crate) fn read_parts(text: &str, parsed: Option<&Message>) -> BounceParts {
    let mut parts =
        BounceParts { header_text: header_section(text).to_string(), ..Default::default() };
    let own;
    let message = match parsed {
        Some(message) => Some(message),
        None => {
            own = crate::headers::mail_parser().parse(text.as_bytes());
            own.as_ref()
        }
    };
    let Some(message) = message else {
        parts.notice = text.to_string();
        return parts;
    };
    parts.from = first_address(message.from());
    parts.to = first_address(message.to());
    parts.subject = message.subject().map(str::to_string);
    parts.failed_recipients = header_values(message, "X-Failed-Recipients")
        .iter()
        .flat_map(|v| v.split(','))
        .map(|a| a.trim().trim_start_matches('<').trim_end_matches('>').to_string())
        .filter(|a| a.contains('@'))
        .collect();
    collect_bodies(message, &mut parts);
    if parts.notice.trim().is_empty() && parts.delivery_status.is_empty() {
        // Broken MIME (a boundary that never occurs, a parameter that is not folded): the body
        // as written is all there is.
        parts.notice = body_section(text).to_string();
    }
    parts
}

/// Everything after the header section.
fn body_section(text: &str) -> &str {
    match text.find("\n\n") {
        Some(i) => &text[i + 2..],
        None => "",
    }
}

/// The header section: everything before the first empty line.
pub(crate) fn header_section(text: &str) -> &str {
    match text.find("\n\n") {
        Some(i) => &text[..i + 1],
        None => text,
    }
}

fn first_address(address: Option<&Address>) -> Option<String> {
    address?.first()?.address().map(|a| a.to_string())
}

/// Every value of the header field `name`, as written.
fn header_values(message: &Message, name: &str) -> Vec<String> {
    let raw = message.raw_message();
    message
        .headers()
        .iter()
        .filter(|h| h.name.as_str().eq_ignore_ascii_case(name))
        .filter_map(|h| raw.get(h.offset_start() as usize..h.offset_end() as usize))
        .map(|value| String::from_utf8_lossy(value).into_owned())
        .collect()
}

/// What one MIME part is, for a bounce.
enum PartRole {
    Notice,
    Html,
    DeliveryStatus,
    Feedback,
    Original,
    Other,
}

fn role_of(part: &mail_parser::MessagePart) -> PartRole {
    let Some(ct) = part.content_type() else { return PartRole::Notice };
    let ctype = ct.ctype().to_ascii_lowercase();
    let sub = ct.subtype().unwrap_or("").to_ascii_lowercase();
    match (ctype.as_str(), sub.as_str()) {
        ("message", "delivery-status" | "global-delivery-status") => PartRole::DeliveryStatus,
        ("message", "feedback-report") => PartRole::Feedback,
        ("message", "rfc822" | "global" | "rfc822-headers" | "global-headers" | "partial") => {
            PartRole::Original
        }
        ("text", "rfc822-headers" | "global-headers") => PartRole::Original,
        ("text", "plain" | "") => PartRole::Notice,
        ("text", "html") => PartRole::Html,
        ("text", _) => PartRole::Notice,
        _ => PartRole::Other,
    }
}

/// Sort the top message's parts into notice, status fields, feedback fields and original.
fn collect_bodies(message: &Message, parts: &mut BounceParts) {
    let mut html = String::new();
    let mut has_notice = false;
    let multipart = matches!(message.parts.first().map(|p| &p.body), Some(PartType::Multipart(_)));
    for (i, part) in message.parts.iter().enumerate() {
        if multipart && i == 0 {
            continue;
        }
        let role = role_of(part);
        match (&part.body, role) {
            (PartType::Multipart(_), _) => {}
            (PartType::Message(inner), _) => {
                set_original(parts, String::from_utf8_lossy(inner.raw_message()).into_owned())
            }
            (body, PartRole::DeliveryStatus) => parts.delivery_status.push(body_text(body)),
            (body, PartRole::Feedback) => parts.feedback = Some(body_text(body)),
            (body, PartRole::Original) => set_original(parts, body_text(body)),
            (body, PartRole::Html) => {
                html.push_str(&html_to_text(&body_text(body)));
                html.push('\n');
            }
            (body, PartRole::Notice) => {
                let text = body_text(body);
                if has_notice && parts.original.is_none() && starts_like_header_section(&text) {
                    parts.original = Some(text);
                } else {
                    has_notice |= !text.trim().is_empty();
                    parts.notice.push_str(&text);
                    parts.notice.push('\n');
                }
            }
            (_, PartRole::Other) => {}
        }
    }
    if !has_notice {
        parts.notice = html;
    }
}

fn set_original(parts: &mut BounceParts, text: String) {
    if parts.original.is_none() && !text.trim().is_empty() {
        parts.original = Some(text);
    }
}

/// A part's body as text (lossy for bytes), with CR LF turned into LF.
fn body_text(body: &PartType) -> String {
    let text = match body {
        PartType::Text(t) | PartType::Html(t) => t.to_string(),
        PartType::Binary(b) | PartType::InlineBinary(b) => String::from_utf8_lossy(b).into_owned(),
        PartType::Message(m) => String::from_utf8_lossy(m.raw_message()).into_owned(),
        PartType::Multipart(_) => String::new(),
    };
    match crate::scan::normalize_line_ends(&text) {
        std::borrow::Cow::Owned(normalized) => normalized,
        std::borrow::Cow::Borrowed(_) => text,
    }
}

/// Whether `text` opens with a header section of a mail message: its first lines are
/// `Name: value` fields and one of them is a field every message has.
pub(crate) fn starts_like_header_section(text: &str) -> bool {
    let mut fields = 0;
    let mut common = false;
    for line in text.lines().skip_while(|l| l.trim().is_empty()).take(40) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else { return false };
        if name.is_empty() || name.contains(' ') {
            return false;
        }
        fields += 1;
        let name = name.to_ascii_lowercase();
        common |= matches!(
            name.as_str(),
            "received" | "from" | "to" | "subject" | "date" | "message-id" | "return-path"
        );
    }
    fields >= 2 && common
}

/// Text of an HTML part: tags dropped, block ends turned into line breaks, common entities read.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split([' ', '/', '\n']).next().unwrap_or("");
        if matches!(name, "br" | "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3" | "table") {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_report_parts() {
        let p = read_parts(
            "From: MAILER-DAEMON@mx.example\nTo: a@example.jp\nSubject: failed\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n\
             --b\nContent-Type: text/plain\n\nIt failed.\n\
             --b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n\
             Final-Recipient: rfc822; b@example.net\nStatus: 5.1.1\n\
             --b\nContent-Type: message/rfc822\n\nFrom: a@example.jp\nTo: b@example.net\n\
             Subject: hi\n\nbody\n--b--\n",
            None,
        );
        assert_eq!(p.to.as_deref(), Some("a@example.jp"));
        assert!(p.notice.contains("It failed."));
        assert_eq!(p.delivery_status.len(), 1);
        assert!(p.delivery_status[0].contains("Final-Recipient"));
        assert!(p.original.as_deref().is_some_and(|o| o.contains("Subject: hi")));
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(html_to_text("<p>a&amp;b</p><br>c<"), "\na&b\n\nc");
    }
}
