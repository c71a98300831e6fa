//! What every analysis reports in the same shape: findings and their severity, positions,
//! syntax errors and record warnings, and what a code means (`Explanation`, with who must act).

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is broken or will make mail fail.
    Error,
    /// Something is suspicious or worth fixing.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

/// One thing the analysis found, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// A stable machine-readable name, e.g. `from-return-path-mismatch`.
    pub code: &'static str,
    /// One sentence for people.
    pub message: String,
    /// What to do about it, when there is something to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// A place in the pasted text: 1-based line, 0-based byte offset from the start of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number in the pasted text.
    pub line: usize,
    /// 0-based byte offset in the pasted text.
    pub byte: usize,
}

/// A syntax problem in one parsed value, located inside that value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    /// 0-based byte offset inside the value that was parsed.
    pub position: usize,
    /// What is wrong there, in words a person can act on.
    pub message: String,
}

/// One warning about a record (SPF, DMARC): what, how serious, where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordWarning {
    /// A stable name, e.g. `too-many-lookups`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// One sentence for people: what is wrong and what to do.
    pub message: std::borrow::Cow<'static, str>,
    /// Byte offset in the record of the term it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
}

/// Who has to do something about a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    /// The person who sent the message (fix the address, shrink the attachment, ...).
    Sender,
    /// The sender's mail administrator or sending service (SPF, DKIM, blocklists, reverse DNS).
    SenderAdmin,
    /// The recipient or the recipient's administrator (mailbox full, mailbox disabled, policy).
    RecipientAdmin,
    /// Nobody: the condition is temporary and the sending server retries by itself.
    Nobody,
}

impl Actor {
    /// Who, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Actor::Sender => "you (the sender)",
            Actor::SenderAdmin => "your mail administrator or sending service",
            Actor::RecipientAdmin => "the recipient or their mail administrator",
            Actor::Nobody => "nobody: it is temporary and will be retried",
        }
    }
}

/// What a reply code or enhanced status code means, from the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The code explained: `550`, `5.1.1`, or a vendor's code such as `5.7.26` with its context.
    pub code: String,
    /// Its registered or documented name, e.g. "Bad destination mailbox address".
    pub title: String,
    /// What it means, in plain words.
    pub meaning: String,
    /// Who must act.
    pub actor: Actor,
    /// What to do, step by step.
    pub steps: Vec<String>,
    /// Where the meaning comes from (RFC, IANA registry, vendor documentation).
    pub source: String,
}
