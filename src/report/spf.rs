//! An SPF record checked, and SPF results.

use serde::Serialize;

use super::common::*;

/// An SPF result (RFC 7208 §2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpfResult {
    /// The client is authorized.
    Pass,
    /// The client is not authorized.
    Fail,
    /// Probably not authorized.
    SoftFail,
    /// The domain makes no statement about the client.
    Neutral,
    /// No SPF record (or no valid domain to check).
    None,
    /// The domain's records are broken.
    PermError,
    /// A DNS problem that may go away.
    TempError,
}

impl SpfResult {
    /// Every result.
    pub const ALL: [SpfResult; 7] = [
        SpfResult::Pass,
        SpfResult::Fail,
        SpfResult::SoftFail,
        SpfResult::Neutral,
        SpfResult::None,
        SpfResult::PermError,
        SpfResult::TempError,
    ];

    /// The result as written in Received-SPF and Authentication-Results.
    pub fn as_str(self) -> &'static str {
        match self {
            SpfResult::Pass => "pass",
            SpfResult::Fail => "fail",
            SpfResult::SoftFail => "softfail",
            SpfResult::Neutral => "neutral",
            SpfResult::None => "none",
            SpfResult::PermError => "permerror",
            SpfResult::TempError => "temperror",
        }
    }

    /// What the result means for the client, in plain words.
    pub fn describe(self) -> &'static str {
        match self {
            SpfResult::Pass => "This server may send mail for the domain.",
            SpfResult::Fail => "This server may not send mail for the domain: receivers may reject the mail.",
            SpfResult::SoftFail => "This server probably should not send for the domain: receivers usually accept the mail but mark it as suspicious.",
            SpfResult::Neutral => "The record says nothing about this server: receivers treat it as if there were no SPF.",
            SpfResult::None => "No SPF policy applies: there is no record, or no domain to check.",
            SpfResult::PermError => "The record is broken: receivers cannot use it and often treat the mail like a failure.",
            SpfResult::TempError => "A DNS lookup did not work: receivers usually ask the sender to try again later.",
        }
    }
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
    pub result: Option<SpfResult>,
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
