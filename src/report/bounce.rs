//! A delivery report, read per recipient.

use serde::Serialize;

use super::common::{Actor, Explanation};
use super::headers::HeaderReport;

/// A delivery report, read per recipient.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BounceReport {
    /// The server that wrote the report (`Reporting-MTA`, or the bounce's own sender host).
    pub reporting_mta: Option<String>,
    /// When the original message arrived at the reporting server, as written.
    pub arrival_date: Option<String>,
    /// The mail system that produced the report, when recognised ("Postfix", "Exchange", ...).
    pub vendor: Option<String>,
    /// ARF feedback type (`abuse`, `fraud`, ...), for feedback reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_type: Option<String>,
    /// One entry per recipient the report speaks of.
    pub recipients: Vec<BounceRecipient>,
    /// The returned original message's headers, when the report includes them.
    pub original: Option<HeaderReport>,
}

/// What happened to one recipient.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BounceRecipient {
    /// The recipient's address.
    pub address: String,
    /// The address as the sender wrote it, when the report names another (RFC 3464
    /// Original-Recipient: the message went on to `address` through an alias or a forward).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_recipient: Option<String>,
    /// `failed`, `delayed`, `delivered`, `relayed` or `expanded` (RFC 3464 Action).
    pub action: Option<String>,
    /// Enhanced status code (RFC 3463), e.g. `5.1.1`.
    pub status: Option<String>,
    /// SMTP reply code (RFC 5321), e.g. 550.
    pub reply_code: Option<u16>,
    /// The receiving server's own words.
    pub diagnostic: Option<String>,
    /// The server that refused or deferred the message.
    pub remote_mta: Option<String>,
    /// The SMTP command at which it failed (`RCPT`, `DATA`, ...), when known.
    pub smtp_command: Option<String>,
    /// Why, in Sisimai's reason vocabulary (`userunknown`, `mailboxfull`, `blocked`, ...).
    pub reason: Option<String>,
    /// True for a permanent failure, false for a temporary one, null when unknown or not a
    /// failure (delivered, an out-of-office reply, a feedback report).
    pub hard: Option<bool>,
    /// A likely intended domain when the recipient's domain looks like a typo (gnail.com).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typo_hint: Option<String>,
    /// What a person reads about this recipient, told once (`None` until explained).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<Story>,
    /// The codes explained, most specific first: reference for the story, which already says
    /// who must act and what to do.
    pub explanations: Vec<Explanation>,
}

/// One recipient's answer, built once from the reason and the codes: what happened, the one
/// party who must act, and the steps (in order, each once, the most specific first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Story {
    /// What happened, in one sentence (with a typo hint when there is one).
    pub summary: String,
    /// Who must act.
    pub who_must_act: Actor,
    /// What to do, in order.
    pub steps: Vec<String>,
    /// When a code's documented meaning and what the server sent disagree, which one the story
    /// follows and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
}
