//! What the pasted text was recognised as, and the evidence.

use serde::Serialize;

/// What the pasted text was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detected {
    /// A header section with no body.
    Headers,
    /// A whole message: headers, a blank line, a body.
    Message,
    /// A delivery report: DSN, vendor NDR, feedback report or auto-reply.
    Bounce,
    /// An SPF TXT record (`v=spf1 ...`).
    SpfRecord,
    /// A DMARC TXT record (`v=DMARC1; ...`).
    DmarcRecord,
    /// One SMTP reply line such as `550 5.1.1 User unknown`.
    SmtpReply,
    /// None of the above.
    Unknown,
}

impl Detected {
    /// The name used in JSON and shown to people.
    pub fn as_str(self) -> &'static str {
        match self {
            Detected::Headers => "headers",
            Detected::Message => "message",
            Detected::Bounce => "bounce",
            Detected::SpfRecord => "spf-record",
            Detected::DmarcRecord => "dmarc-record",
            Detected::SmtpReply => "smtp-reply",
            Detected::Unknown => "unknown",
        }
    }

    /// A phrase for people: "a header block", "an SPF record", ...
    pub fn describe(self) -> &'static str {
        match self {
            Detected::Headers => "a header block (no message body)",
            Detected::Message => "a whole email message",
            Detected::Bounce => "a bounce (delivery report)",
            Detected::SpfRecord => "an SPF record",
            Detected::DmarcRecord => "a DMARC record",
            Detected::SmtpReply => "an SMTP server reply",
            Detected::Unknown => "nothing mxray recognises",
        }
    }
}

/// Which kind of delivery report a bounce is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BounceKind {
    /// RFC 3464 `multipart/report; report-type=delivery-status`.
    Dsn,
    /// A vendor's plain-text non-delivery report.
    Ndr,
    /// RFC 5965 abuse/feedback report (ARF).
    FeedbackReport,
    /// RFC 3834 automatic reply (vacation, out of office).
    AutoReply,
    /// A non-delivery report's text as a mail program shows it, without its header section
    /// (copied from the message view).
    NoticeText,
    /// A sending service's delivery events as JSON (Amazon SES, SendGrid, Mailgun, Postmark),
    /// pasted on their own or carried in a notification email's body.
    DeliveryEvents,
}

/// The detector's verdict and the evidence it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// The kind of input.
    pub kind: Detected,
    /// For bounces: which kind of report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounce_kind: Option<BounceKind>,
    /// Why the detector decided so, in plain words.
    pub evidence: String,
}
