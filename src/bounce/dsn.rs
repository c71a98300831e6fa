//! RFC 3464 delivery-status fields (and RFC 6533 `message/global-delivery-status`): the
//! per-message fields, then one group of per-recipient fields per recipient.
//!
//! The reader is lenient: groups need not be separated by blank lines (a repeated recipient field
//! starts a new recipient), folded values are unfolded, unknown fields are ignored, and the same
//! reader serves DSN fields pasted into a plain-text notice.

use crate::smtp::unfold;

/// The per-message fields of a delivery status report.
#[derive(Debug, Default, Clone)]
pub(crate) struct MessageFields {
    /// `Reporting-MTA` without its type.
    pub reporting_mta: Option<String>,
    /// `Arrival-Date` as written.
    pub arrival_date: Option<String>,
}

/// One recipient's fields.
#[derive(Debug, Default, Clone)]
pub(crate) struct RecipientFields {
    /// `Final-Recipient` address.
    pub final_recipient: Option<String>,
    /// `Original-Recipient` address.
    pub original_recipient: Option<String>,
    /// `Action`, lower-cased.
    pub action: Option<String>,
    /// `Status` as written (the code alone).
    pub status: Option<String>,
    /// The comment after the status code (`4.0.0 (host name lookup failure)`).
    pub status_comment: Option<String>,
    /// `Remote-MTA` without its type.
    pub remote_mta: Option<String>,
    /// `Diagnostic-Code` value, unfolded (type still in front).
    pub diagnostic: Option<String>,
}

impl RecipientFields {
    /// The recipient's address: Final-Recipient, else Original-Recipient.
    pub fn address(&self) -> Option<&str> {
        self.final_recipient.as_deref().or(self.original_recipient.as_deref())
    }

    fn is_empty(&self) -> bool {
        self.final_recipient.is_none()
            && self.original_recipient.is_none()
            && self.status.is_none()
            && self.diagnostic.is_none()
            && self.action.is_none()
    }
}

/// Everything read from delivery-status text.
#[derive(Debug, Default, Clone)]
pub(crate) struct DeliveryStatus {
    /// Per-message fields.
    pub message: MessageFields,
    /// Per-recipient groups in order; each has an address.
    pub recipients: Vec<RecipientFields>,
}

/// Most fields read from one text (a hostile paste cannot make the reader allocate without end).
const MAX_FIELDS: usize = 100_000;

/// Read delivery-status fields from `text` (LF line ends).
pub(crate) fn parse_delivery_status(text: &str) -> DeliveryStatus {
    let mut out = DeliveryStatus::default();
    let mut current = RecipientFields::default();
    for (name, value) in unfolded_fields(text).into_iter().take(MAX_FIELDS) {
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "reporting-mta" => set_once(&mut out.message.reporting_mta, strip_type(value)),
            "arrival-date" => set_once(&mut out.message.arrival_date, value.to_string()),
            "final-recipient" | "original-recipient" => {
                let is_final = name.eq_ignore_ascii_case("final-recipient");
                let slot =
                    if is_final { &current.final_recipient } else { &current.original_recipient };
                if slot.is_some() {
                    finish(&mut out, std::mem::take(&mut current));
                }
                let address = recipient_address(value);
                if is_final {
                    current.final_recipient = address;
                } else {
                    current.original_recipient = address;
                }
            }
            "action" => current.action = Some(value.to_ascii_lowercase()),
            "status" => {
                let end =
                    value.find(|c: char| c.is_whitespace() || c == '(').unwrap_or(value.len());
                current.status = Some(value[..end].to_string()).filter(|s| !s.is_empty());
                let comment =
                    value[end..].trim().trim_start_matches('(').trim_end_matches(')').trim();
                current.status_comment = Some(comment.to_string()).filter(|c| !c.is_empty());
            }
            "remote-mta" => current.remote_mta = Some(strip_type(value)).filter(|v| !v.is_empty()),
            "diagnostic-code" => current.diagnostic = Some(value.to_string()),
            _ => {}
        }
    }
    finish(&mut out, current);
    out
}

fn set_once(slot: &mut Option<String>, value: String) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

fn finish(out: &mut DeliveryStatus, fields: RecipientFields) {
    if !fields.is_empty() && fields.address().is_some() {
        out.recipients.push(fields);
    }
}

/// `Name: value` fields with folded continuation lines joined; other lines are skipped.
fn unfolded_fields(text: &str) -> Vec<(&str, String)> {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) && open {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        open = false;
        let Some((name, value)) = line.split_once(':') else { continue };
        let valid = !name.is_empty()
            && name.len() <= 40
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if valid {
            fields.push((name, value.to_string()));
            open = true;
        }
    }
    fields
}

/// A value of the form `type; host (comment)` without its type and comment
/// (`dns; mx.example. (192.0.2.1, ...)` → `mx.example`).
fn strip_type(value: &str) -> String {
    let rest = match value.split_once(';') {
        Some((_, rest)) => rest,
        None => value,
    };
    let rest = unfold(rest);
    let host = rest.split(" (").next().unwrap_or("");
    host.trim_end_matches('.').to_string()
}

/// The address in a `Final-Recipient`/`Original-Recipient` value: `rfc822; a@b`, `utf-8; a@b`
/// (RFC 6533, `\x{HEX}` escapes decoded), `<a@b>`, or a bare address.
pub(crate) fn recipient_address(value: &str) -> Option<String> {
    let (kind, addr) = match value.split_once(';') {
        Some((kind, addr)) => (kind.trim().to_ascii_lowercase(), addr),
        None => (String::new(), value),
    };
    let addr = addr.trim().trim_start_matches('<').trim_end_matches('>').trim();
    // Lotus Domino and some gateways write the transport before the address (`SMTP=a@b`).
    let addr = match addr.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("smtp=") || p.eq_ignore_ascii_case("smtp:") => {
            addr[5..].trim_start_matches('<').trim_end_matches('>')
        }
        _ => addr,
    };
    let addr = if kind == "utf-8" { decode_utf8_escapes(addr) } else { addr.to_string() };
    let addr = unfold(&addr);
    (!addr.is_empty()).then_some(addr)
}

/// RFC 6533 `\x{HEX}` escapes turned back into characters; anything malformed is kept as is.
fn decode_utf8_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("\\x{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let decoded = after.split_once('}').and_then(|(hex, tail)| {
            let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)?;
            Some((c, tail))
        });
        match decoded {
            Some((c, tail)) => {
                out.push(c);
                rest = tail;
            }
            None => {
                out.push_str("\\x{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_message_and_per_recipient_fields() {
        let ds = parse_delivery_status(
            "Reporting-MTA: dns; mx.example.jp\nArrival-Date: Thu, 1 Jul 2014 23:45:01 +0900\n\n\
             Final-Recipient: rfc822; a@example.net\nOriginal-Recipient: rfc822;a@example.net\n\
             Action: failed\nStatus: 5.1.1 (user unknown)\nRemote-MTA: dns; mx.example.net\n\
             Diagnostic-Code: smtp; 550 5.1.1 <a@example.net>:\n    User unknown\n\n\
             Final-Recipient: RFC822; <b@example.net>\nAction: delayed\nStatus: 4.4.1\n",
        );
        assert_eq!(ds.message.reporting_mta.as_deref(), Some("mx.example.jp"));
        assert_eq!(ds.recipients.len(), 2);
        let a = &ds.recipients[0];
        assert_eq!(a.address(), Some("a@example.net"));
        assert_eq!(a.status.as_deref(), Some("5.1.1"));
        assert_eq!(a.remote_mta.as_deref(), Some("mx.example.net"));
        assert_eq!(a.diagnostic.as_deref(), Some("smtp; 550 5.1.1 <a@example.net>: User unknown"));
        assert_eq!(ds.recipients[1].address(), Some("b@example.net"));
        assert_eq!(ds.recipients[1].action.as_deref(), Some("delayed"));
    }

    #[test]
    fn groups_without_blank_lines_and_utf8_addresses() {
        let ds = parse_delivery_status(
            "Final-Recipient: rfc822; a@x.example\nStatus: 5.0.0\nFinal-Recipient: utf-8; \
             \\x{E9}t\\x{E9}@x.example\nStatus: 5.1.1\n",
        );
        assert_eq!(ds.recipients.len(), 2);
        assert_eq!(ds.recipients[1].address(), Some("été@x.example"));
        assert_eq!(recipient_address("utf-8; bad\\x{zz}@x"), Some("bad\\x{zz}@x".into()));
    }
}
