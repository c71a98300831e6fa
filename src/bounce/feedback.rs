//! RFC 5965 feedback reports (ARF): the feedback type and the recipients the reported message
//! was addressed to.

use super::address::find_addresses;
use super::dsn::recipient_address;

/// What a feedback report's fields say.
#[derive(Debug, Default)]
pub(crate) struct Feedback {
    /// `Feedback-Type`, lower-cased.
    pub feedback_type: Option<String>,
    /// `Original-Rcpt-To` addresses, in order.
    pub original_rcpt_to: Vec<String>,
    /// `Removal-Recipient` addresses (opt-out reports).
    pub removal_recipients: Vec<String>,
    /// `Reporting-MTA` without its type.
    pub reporting_mta: Option<String>,
    /// `Arrival-Date` / `Received-Date` as written.
    pub arrival_date: Option<String>,
}

/// Most fields read from a feedback report.
const MAX_FIELDS: usize = 1_000;

/// Read the fields of a `message/feedback-report` part (or of a notice that carries them).
pub(crate) fn parse_feedback(text: &str) -> Feedback {
    let mut out = Feedback::default();
    for line in text.lines().take(MAX_FIELDS * 4) {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "feedback-type" if out.feedback_type.is_none() => {
                out.feedback_type = Some(value.to_ascii_lowercase()).filter(|v| !v.is_empty())
            }
            "original-rcpt-to" => out.original_rcpt_to.extend(recipient_address(value)),
            "removal-recipient" => out.removal_recipients.extend(recipient_address(value)),
            "reporting-mta" if out.reporting_mta.is_none() => {
                out.reporting_mta = Some(value.rsplit(';').next().unwrap_or("").trim().to_string())
                    .filter(|v| !v.is_empty())
            }
            "arrival-date" | "received-date" if out.arrival_date.is_none() => {
                out.arrival_date = Some(value.to_string()).filter(|v| !v.is_empty())
            }
            _ => {}
        }
    }
    out.original_rcpt_to.retain(|a| !find_addresses(a).is_empty());
    out.removal_recipients.retain(|a| !find_addresses(a).is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_fields() {
        let f = parse_feedback(
            "Feedback-Type: Abuse\nUser-Agent: x/1\nVersion: 1\nOriginal-Rcpt-To: <a@example.com>\n\
             Original-Rcpt-To: b@example.org\nReporting-MTA: dns; mx.example.net\n\
             Removal-Recipient: user\n",
        );
        assert_eq!(f.feedback_type.as_deref(), Some("abuse"));
        assert_eq!(f.original_rcpt_to, vec!["a@example.com", "b@example.org"]);
        assert!(f.removal_recipients.is_empty());
        assert_eq!(f.reporting_mta.as_deref(), Some("mx.example.net"));
    }
}
