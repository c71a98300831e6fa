//! Delivery events as JSON: what sending services report per recipient, pasted on its own or
//! carried in a notification email's body. The field names are the vendors' documented ones:
//! - Amazon SES notifications (`notificationType`) and event publishing (`eventType`): Bounce
//!   (`bounce.bouncedRecipients[]`, `bounceType` Permanent/Transient), Complaint, Delivery,
//!   DeliveryDelay (`deliveryDelay.delayedRecipients[]`); also inside an SNS envelope
//!   (`"Type": "Notification"`, the event as the string `Message`);
//! - SendGrid's event webhook: an array of events (`event`: bounce, dropped, deferred,
//!   delivered, spamreport; `reason`, `status`, `response`);
//! - Mailgun webhooks (`event-data`) and its Events API (`items[]`): `event` failed (with
//!   `severity` permanent/temporary), delivered, complained; `delivery-status`;
//! - Postmark bounce webhooks and its Bounces API (`Bounces[]`): `RecordType`, `Type`
//!   (HardBounce, SoftBounce, …), `Email`, `Details`, `Description`.

use serde_json::Value;

/// Most events read from one text.
const MAX_EVENTS: usize = 10_000;

/// What an event says about one recipient.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Event {
    pub address: String,
    /// `failed`, `delayed`, `delivered`, or `feedback` (a complaint).
    pub outcome: &'static str,
    /// The enhanced status code the service reports.
    pub status: Option<String>,
    /// The reply code the service reports.
    pub reply_code: Option<u16>,
    /// The receiving server's words as the service passes them on.
    pub diagnostic: Option<String>,
    pub remote_mta: Option<String>,
    /// Permanent or temporary, when the service says which.
    pub permanent: Option<bool>,
}

/// The service whose events `text` holds and the events, when it holds any: the first JSON
/// value starting at the text's first `{` or `[` at the start of a line.
pub(crate) fn read(text: &str) -> Option<(&'static str, Vec<Event>)> {
    let start = json_start(text)?;
    let value: Value = serde_json::Deserializer::from_str(&text[start..]).into_iter().next()?.ok()?;
    let mut events = Vec::new();
    let vendor = collect(&value, &mut events, 0)?;
    events.truncate(MAX_EVENTS);
    Some((vendor, events))
}

/// Where the first line that opens a JSON object or array starts.
fn json_start(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

/// Read the events of `value` into `out`; the service's name, when `value` is one's.
fn collect(value: &Value, out: &mut Vec<Event>, depth: usize) -> Option<&'static str> {
    if depth > 3 {
        return None;
    }
    match value {
        Value::Array(items) => {
            let mut vendor = None;
            for item in items.iter().take(MAX_EVENTS) {
                vendor = collect(item, out, depth + 1).or(vendor);
            }
            vendor
        }
        Value::Object(o) => {
            if let Some(inner) = o.get("Message").and_then(Value::as_str) {
                // An SNS envelope: the notification is a JSON string inside it.
                let inner: Value = serde_json::from_str(inner).ok()?;
                return collect(&inner, out, depth + 1);
            }
            if let Some(items) = o.get("items").or_else(|| o.get("Bounces")) {
                return collect(items, out, depth + 1);
            }
            if let Some(data) = o.get("event-data") {
                return collect(data, out, depth + 1);
            }
            ses(value, out).or_else(|| sendgrid(value, out)).or_else(|| mailgun(value, out)).or_else(|| postmark(value, out))
        }
        _ => None,
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// `smtp; 550 5.1.1 …` and `dns; mx.example.com`: the value without its type, a multi-line
/// reply's repeated codes dropped.
fn untyped(s: String) -> String {
    crate::smtp::clean_diagnostic(&s)
}

fn codes_of(diagnostic: &Option<String>) -> (Option<u16>, Option<String>) {
    crate::smtp::find_codes(diagnostic.as_deref().unwrap_or(""))
}

/// Amazon SES: a notification or a published event.
fn ses(v: &Value, out: &mut Vec<Event>) -> Option<&'static str> {
    let kind = text(v, "notificationType").or_else(|| text(v, "eventType"))?;
    let section = |name: &str| v.get(name);
    let (list, outcome, permanent, detail) = match kind.as_str() {
        "Bounce" => {
            let b = section("bounce")?;
            let permanent = match b.get("bounceType").and_then(Value::as_str) {
                Some("Permanent") => Some(true),
                Some("Transient") => Some(false),
                _ => None,
            };
            (b.get("bouncedRecipients"), "failed", permanent, b)
        }
        "Complaint" => {
            let c = section("complaint")?;
            (c.get("complainedRecipients"), "feedback", None, c)
        }
        "Delivery" => {
            let d = section("delivery")?;
            (d.get("recipients"), "delivered", None, d)
        }
        "DeliveryDelay" => {
            let d = section("deliveryDelay")?;
            (d.get("delayedRecipients"), "delayed", Some(false), d)
        }
        _ => return None,
    };
    let remote = text(detail, "reportingMTA").map(untyped);
    for r in list?.as_array()? {
        // A delivery lists bare addresses; the others objects with `emailAddress`.
        let address = r.as_str().map(str::to_string).or_else(|| text(r, "emailAddress"));
        let Some(address) = address else { continue };
        let diagnostic =
            text(r, "diagnosticCode").or_else(|| text(detail, "smtpResponse")).map(untyped);
        let (reply_code, found) = codes_of(&diagnostic);
        out.push(Event {
            address,
            outcome,
            status: text(r, "status").or(found),
            reply_code,
            diagnostic,
            remote_mta: remote.clone(),
            permanent,
        });
    }
    Some("Amazon SES")
}

/// SendGrid: one event of its webhook.
fn sendgrid(v: &Value, out: &mut Vec<Event>) -> Option<&'static str> {
    let event = text(v, "event")?;
    let address = text(v, "email")?;
    let (outcome, permanent) = match event.as_str() {
        "bounce" | "dropped" => ("failed", Some(true)),
        "deferred" => ("delayed", Some(false)),
        "delivered" => ("delivered", None),
        "spamreport" => ("feedback", None),
        // processed, open, click, unsubscribe: no outcome of delivery.
        _ => return Some("SendGrid"),
    };
    let diagnostic = text(v, "reason").or_else(|| text(v, "response")).map(untyped);
    let (reply_code, found) = codes_of(&diagnostic);
    let status = text(v, "status").filter(|s| s.contains('.')).or(found);
    out.push(Event { address, outcome, status, reply_code, diagnostic, remote_mta: None, permanent });
    Some("SendGrid")
}

/// Mailgun: one event (a webhook's `event-data` or an item of the Events API).
fn mailgun(v: &Value, out: &mut Vec<Event>) -> Option<&'static str> {
    let event = text(v, "event")?;
    let address = text(v, "recipient")?;
    let status = v.get("delivery-status");
    let (outcome, permanent) = match event.as_str() {
        "failed" => match v.get("severity").and_then(Value::as_str) {
            Some("temporary") => ("delayed", Some(false)),
            _ => ("failed", Some(true)),
        },
        "delivered" => ("delivered", None),
        "complained" => ("feedback", None),
        _ => return Some("Mailgun"),
    };
    let field = |k: &str| status.and_then(|s| text(s, k));
    let diagnostic = field("message")
        .or_else(|| field("description"))
        .or_else(|| text(v, "reason").filter(|r| r != "generic"));
    let (found_reply, found_status) = codes_of(&diagnostic);
    let reply_code = status
        .and_then(|s| s.get("code"))
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .or(found_reply);
    // Mailgun writes a description beside the server's message; both are the server's words.
    let diagnostic = match (field("message"), field("description")) {
        (Some(m), Some(d)) if !m.contains(&d) => Some(format!("{m} {d}")),
        _ => diagnostic,
    };
    let enhanced = field("enhanced-code").or(found_status);
    out.push(Event {
        address,
        outcome,
        status: enhanced,
        reply_code,
        diagnostic,
        remote_mta: field("mx-host"),
        permanent,
    });
    Some("Mailgun")
}

/// Postmark: one bounce, complaint or delivery record.
fn postmark(v: &Value, out: &mut Vec<Event>) -> Option<&'static str> {
    let address = text(v, "Email").or_else(|| text(v, "Recipient"))?;
    let record = text(v, "RecordType").unwrap_or_else(|| "Bounce".to_string());
    let kind = text(v, "Type").unwrap_or_default();
    let (outcome, permanent) = match (record.as_str(), kind.as_str()) {
        ("SpamComplaint", _) | (_, "SpamComplaint") => ("feedback", None),
        ("Delivery", _) => ("delivered", None),
        ("Bounce", "HardBounce" | "BadEmailAddress" | "ManuallyDeactivated") => ("failed", Some(true)),
        ("Bounce", "SoftBounce" | "Transient" | "AutoResponder") => ("delayed", Some(false)),
        ("Bounce", _) if v.get("TypeCode").is_some() || v.get("Details").is_some() => ("failed", None),
        _ => return None,
    };
    let diagnostic = text(v, "Details").or_else(|| text(v, "Description")).map(untyped);
    let (reply_code, status) = codes_of(&diagnostic);
    out.push(Event { address, outcome, status, reply_code, diagnostic, remote_mta: None, permanent });
    Some("Postmark")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_is_read_and_other_json_is_not() {
        let ses = r#"{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":[{"emailAddress":"a@example.com","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]},"mail":{}}"#;
        let (vendor, events) = read(ses).expect("SES");
        assert_eq!(vendor, "Amazon SES");
        assert_eq!(events[0].address, "a@example.com");
        assert_eq!(events[0].diagnostic.as_deref(), Some("550 5.1.1 user unknown"));
        assert_eq!((events[0].reply_code, events[0].permanent), (Some(550), Some(true)));
        let sns = serde_json::json!({"Type": "Notification", "Message": ses}).to_string();
        assert_eq!(read(&sns).map(|(_, e)| e), Some(events));
        let sendgrid = r#"[{"email":"b@example.com","event":"processed"},{"email":"b@example.com","event":"deferred","response":"450 4.2.1 try later"}]"#;
        let (_, events) = read(sendgrid).expect("SendGrid");
        assert_eq!(events.len(), 1);
        assert_eq!((events[0].outcome, events[0].reply_code), ("delayed", Some(450)));
        assert!(read(r#"{"name": "not mail", "items": [1, 2]}"#).is_none());
        assert!(read("[1, 2, 3]").is_none());
        assert!(read("{ broken").is_none());
    }
}
