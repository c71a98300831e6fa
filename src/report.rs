//! The `Report`: plain data, the one contract between the core, the UI and the CLI (`--json`).
//!
//! Nothing here parses or computes; analyzers fill these types and front ends render them.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

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

/// The whole result of analysing one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// What the input was recognised as.
    pub detected: Detected,
    /// The detector's reasoning.
    pub detection: Detection,
    /// Header analysis, for headers, messages and bounces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<HeaderReport>,
    /// What a bounce says, per recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounce: Option<BounceReport>,
    /// An SPF record checked: syntax, warnings, meaning, the include tree, an evaluation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spf: Option<SpfReport>,
    /// A pasted DMARC record checked under RFC 9989 and RFC 7489.
    #[cfg(feature = "dmarc")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dmarc_record: Option<DmarcReport>,
    /// A whole message's DKIM signatures, verified (keys only with live DNS).
    #[cfg(feature = "dkim")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dkim: Vec<crate::dkim::verify::DkimVerification>,
    /// ARC sets (RFC 8617) in order of instance: the intermediaries that handled the message.
    #[cfg(feature = "dkim")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub arc: Vec<crate::dkim::arc::ArcSet>,
    /// DMARC for a whole message: alignment, result, policy, why.
    #[cfg(all(feature = "dkim", feature = "dmarc"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dmarc: Option<crate::auth::DmarcVerdict>,
    /// Codes explained, for a pasted SMTP reply line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanations: Vec<Explanation>,
    /// Everything worth telling, most serious first.
    pub findings: Vec<Finding>,
}

/// The analysed header section of one message.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HeaderReport {
    /// Decoded `From`, for display ("Name <address>").
    pub from: Option<String>,
    /// The first `From` address alone.
    pub from_address: Option<String>,
    /// Decoded `To`, for display.
    pub to: Option<String>,
    /// Every `To` address alone, in order.
    pub to_addresses: Vec<String>,
    /// Decoded `Subject`.
    pub subject: Option<String>,
    /// `Date` as written.
    pub date: Option<String>,
    /// `Date` as RFC 3339, when it could be read.
    pub date_rfc3339: Option<String>,
    /// `Message-ID` without angle brackets.
    pub message_id: Option<String>,
    /// `Return-Path` address (the envelope sender).
    pub return_path: Option<String>,
    /// Decoded `Reply-To`.
    pub reply_to: Option<String>,
    /// The Received chain in order of travel: the first hop is where the message started.
    pub received: Vec<ReceivedHop>,
    /// Seconds from the first dated hop to the last, when both dates could be read.
    pub total_transit_seconds: Option<i64>,
    /// Every Authentication-Results field, top (newest) first as in the message.
    pub authentication_results: Vec<AuthResults>,
    /// Every DKIM-Signature field's tags.
    pub dkim_signatures: Vec<DkimSignature>,
    /// How many header fields were read.
    pub field_count: usize,
}

impl HeaderReport {
    /// The fields people ask about first, labelled, in display order.
    pub fn summary_fields(&self) -> [(&'static str, Option<&str>); 7] {
        [
            ("From", self.from.as_deref()),
            ("To", self.to.as_deref()),
            ("Subject", self.subject.as_deref()),
            ("Date", self.date.as_deref()),
            ("Message-ID", self.message_id.as_deref()),
            ("Return-Path", self.return_path.as_deref()),
            ("Reply-To", self.reply_to.as_deref()),
        ]
    }
}

/// One hop of the Received chain.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReceivedHop {
    /// 1-based position in order of travel.
    pub hop: usize,
    /// The sending host's name as it introduced itself or was looked up.
    pub from: Option<String>,
    /// The sending host's IP address, when recorded.
    pub from_ip: Option<String>,
    /// The receiving host.
    pub by: Option<String>,
    /// The protocol (`ESMTP`, `ESMTPS`, `LMTP`, `HTTP`, ...).
    pub with: Option<String>,
    /// TLS details when stated (version, cipher), or `ESMTPS`-style evidence.
    pub tls: Option<String>,
    /// The receiving server's queue id.
    pub id: Option<String>,
    /// The recipient named by the hop.
    #[serde(rename = "for")]
    pub for_addr: Option<String>,
    /// The envelope sender when the hop notes it (`(envelope-from <a@b>)`).
    pub envelope_from: Option<String>,
    /// The date text after the `;`, as written.
    pub date: Option<String>,
    /// The date as RFC 3339 (UTC offset kept), or null when it could not be read.
    pub timestamp: Option<String>,
    /// The same instant in seconds since the Unix epoch, for the delays (not in the JSON).
    #[serde(skip)]
    pub epoch: Option<i64>,
    /// Seconds since the previous dated hop; negative means a clock is wrong.
    pub delay_seconds: Option<i64>,
    /// The whole field value, unfolded.
    pub raw: String,
    /// 1-based line of the field in the pasted text.
    pub line: usize,
    /// What could not be read or looks wrong in this hop.
    pub problems: Vec<String>,
}

impl ReceivedHop {
    /// The sending host as "name [ip]", either part alone, or empty when neither is known.
    pub fn sender(&self) -> String {
        match (&self.from, &self.from_ip) {
            (Some(name), Some(ip)) => format!("{name} [{ip}]"),
            (Some(name), None) => name.clone(),
            (None, Some(ip)) => format!("[{ip}]"),
            (None, None) => String::new(),
        }
    }
}

/// One Authentication-Results field (RFC 8601).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AuthResults {
    /// The host that did the checks.
    pub authserv_id: String,
    /// The authres-version, when given.
    pub version: Option<String>,
    /// Each method's result, in order.
    pub results: Vec<AuthResult>,
    /// Deviations from RFC 8601 (the parser still reads what it can).
    pub errors: Vec<SyntaxError>,
    /// The field value as written.
    pub raw: String,
    /// 1-based line of the field in the pasted text (0 when parsed on its own).
    pub line: usize,
}

/// One `method=result` statement of an Authentication-Results field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AuthResult {
    /// `spf`, `dkim`, `dmarc`, `arc`, `iprev`, ... lower-cased.
    pub method: String,
    /// The method version (`dkim/1`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method_version: Option<String>,
    /// `pass`, `fail`, `none`, ... lower-cased.
    pub result: String,
    /// The `reason=` text, when given.
    pub reason: Option<String>,
    /// `ptype.property` → value, in order (serialized as a JSON object).
    #[serde(serialize_with = "properties_as_object")]
    pub properties: Vec<AuthProperty>,
    /// Comments in the statement (e.g. `(google.com: domain of ... designates ...)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<String>,
}

impl AuthResult {
    /// The identities the result is about (`header.from`, `header.d`, `header.i`,
    /// `smtp.mailfrom`, `smtp.helo`) as `name=value`, in order.
    pub fn identities(&self) -> Vec<String> {
        self.properties
            .iter()
            .filter(|p| matches!(p.property.as_str(), "from" | "d" | "i" | "mailfrom" | "helo"))
            .map(|p| format!("{}={}", p.name(), p.value))
            .collect()
    }
}

/// One `ptype.property=value` of a result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthProperty {
    /// `smtp`, `header`, `body`, `policy`, ... lower-cased (empty for non-standard bare names).
    pub ptype: String,
    /// The property name, lower-cased.
    pub property: String,
    /// The value, unquoted.
    pub value: String,
}

impl AuthProperty {
    /// `ptype.property`, or the bare name when there is no ptype.
    pub fn name(&self) -> String {
        if self.ptype.is_empty() {
            self.property.clone()
        } else {
            format!("{}.{}", self.ptype, self.property)
        }
    }
}

#[cfg(feature = "dmarc")]
fn dmarc_tags_as_object<S: Serializer>(tags: &[crate::dmarc::record::DmarcTag], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(tags.len()))?;
    for t in tags {
        map.serialize_entry(t.name.as_ref(), &t.value)?;
    }
    map.end()
}

fn properties_as_object<S: Serializer>(props: &[AuthProperty], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(props.len()))?;
    for p in props {
        map.serialize_entry(&p.name(), &p.value)?;
    }
    map.end()
}

/// The tags of one DKIM-Signature field (RFC 6376 §3.5), as listed; verification comes later.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DkimSignature {
    /// `d=`: the signing domain.
    pub domain: Option<String>,
    /// `s=`: the selector.
    pub selector: Option<String>,
    /// `a=`: the algorithm.
    pub algorithm: Option<String>,
    /// `h=`: the signed header fields, in order.
    pub signed_headers: Vec<String>,
    /// Every tag as `name=value` (whitespace removed from `b=`/`bh=`), in order.
    pub tags: Vec<(String, String)>,
    /// 1-based line of the field in the pasted text.
    pub line: usize,
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
    /// The codes explained, most specific first.
    pub explanations: Vec<Explanation>,
}

/// An SPF record checked (the JSON of `mxray spf`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfReport {
    /// The domain the record belongs to, when known (looked up, or given for evaluation).
    pub domain: Option<String>,
    /// The record as read (quoted character-strings joined); error positions point into it.
    pub record: String,
    /// No syntax error: receivers can use it.
    pub valid: bool,
    /// Syntax errors with their byte position in `record`.
    pub errors: Vec<SyntaxError>,
    /// Everything worth fixing or knowing, most serious first.
    pub warnings: Vec<RecordWarning>,
    /// Each term with its meaning in plain words.
    pub terms: Vec<SpfTermInfo>,
    /// DNS-querying terms in the whole tree, as RFC 7208 §4.6.4 counts them (limit 10).
    pub lookups: u32,
    /// Lookups in the tree that found nothing (limit 2).
    pub void_lookups: u32,
    /// The check_host() result, when an IP address was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<crate::spf::SpfResult>,
    /// Why that result: the term that decided, or what went wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For `fail`: the domain's own explanation text (`exp=`), expanded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// The include/redirect tree with lookup counts.
    pub tree: SpfNode,
    /// The address ranges the record authorizes (`+` terms, through includes), flattened.
    pub authorized: Vec<String>,
    /// Parts of the tree that could not be resolved (no live DNS, macros that need a message).
    pub unresolved: Vec<String>,
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

/// One term of a record, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfTermInfo {
    /// The term as written.
    pub text: String,
    /// Byte offset in the record.
    pub position: usize,
    /// What it does, in plain words.
    pub meaning: String,
}

/// One record in the include/redirect tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpfNode {
    /// The domain whose record this is (empty for a pasted record with no domain).
    pub domain: String,
    /// Its SPF record, when found.
    pub record: Option<String>,
    /// Why there is no usable record here, or why it was not followed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Its terms in order.
    pub terms: Vec<SpfTreeTerm>,
}

/// One term in the tree, with the lookups it costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfTreeTerm {
    /// The term as written.
    pub term: String,
    /// DNS lookups this term costs by itself (0 or 1).
    pub lookups: u32,
    /// Running total of lookups up to and including this term, in evaluation order.
    pub total: u32,
    /// This term is past the 10-lookup limit: receivers return permerror when they reach it.
    pub over_limit: bool,
    /// Its lookup found nothing (a void lookup).
    pub void: bool,
    /// Addresses or ranges it stands for, when resolved (`a`, `mx`, `ip4`, `ip6`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    /// Something to know about this term (not followed, depends on the message, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The included or redirected-to record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<Box<SpfNode>>,
}

#[cfg(feature = "dmarc")]
/// A DMARC record checked: read under RFC 9989 (the current standard) and RFC 7489 (which many
/// receivers still follow), with warnings and the policy it sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DmarcReport {
    /// The domain asked about (looked up, or given with the record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Where the record was found when it is not `domain`'s own (the Organizational Domain's or
    /// a public suffix domain's record, found by the DNS tree walk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_at: Option<String>,
    /// The record as read; error positions point into it.
    pub record: String,
    /// No error under RFC 9989.
    pub valid: bool,
    /// Errors under RFC 9989, with byte positions in `record`.
    pub errors: Vec<SyntaxError>,
    /// The record read under RFC 7489.
    pub rfc7489: DmarcViewResult,
    /// Everything worth fixing or knowing, most serious first.
    pub warnings: Vec<RecordWarning>,
    /// The tags as written (lower-case names), in order; serialized as an object.
    #[serde(serialize_with = "dmarc_tags_as_object")]
    pub tags: Vec<crate::dmarc::record::DmarcTag>,
    /// The policy for the domain.
    pub policy: crate::dmarc::Policy,
    /// The policy for existing subdomains.
    pub subdomain_policy: crate::dmarc::Policy,
    /// The policy for subdomains that do not exist (RFC 9989 `np`).
    pub nonexistent_policy: crate::dmarc::Policy,
    /// DKIM alignment mode.
    pub adkim: crate::dmarc::AlignmentMode,
    /// SPF alignment mode.
    pub aspf: crate::dmarc::AlignmentMode,
    /// Aggregate report destinations.
    pub rua: Vec<crate::dmarc::ReportUri>,
    /// Failure report destinations.
    pub ruf: Vec<crate::dmarc::ReportUri>,
    /// The Organizational Domain by the Public Suffix List, when the domain is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_domain: Option<String>,
    /// The Organizational Domain by the RFC 9989 DNS tree walk, when it was walked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_domain_tree_walk: Option<String>,
}

#[cfg(feature = "dmarc")]
/// A DMARC record read under one RFC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DmarcViewResult {
    /// No error under this RFC.
    pub valid: bool,
    /// Its errors.
    pub errors: Vec<SyntaxError>,
}
