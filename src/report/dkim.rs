//! DKIM signatures verified and ARC sets listed.

use serde::Serialize;

use super::common::*;

/// One signature's outcome (RFC 8601 result names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DkimResult {
    /// The signature verifies.
    Pass,
    /// It does not: the message changed after signing, or the key does not match.
    Fail,
    /// It could not be checked: broken signature or key record.
    PermError,
    /// The key could not be looked up now.
    TempError,
    /// Not checked: live DNS is off.
    None,
}

impl DkimResult {
    /// The RFC 8601 name.
    pub fn as_str(self) -> &'static str {
        match self {
            DkimResult::Pass => "pass",
            DkimResult::Fail => "fail",
            DkimResult::PermError => "permerror",
            DkimResult::TempError => "temperror",
            DkimResult::None => "none",
        }
    }
}

/// What verifying one DKIM-Signature found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DkimVerification {
    /// `d=`.
    pub domain: String,
    /// `s=`.
    pub selector: String,
    /// `a=`.
    pub algorithm: String,
    /// The outcome.
    pub result: DkimResult,
    /// Whether the body hash matches (`None` when the signature could not be read).
    pub body_hash_ok: Option<bool>,
    /// Whether the signature over the header fields verifies (`None` when not checked).
    pub header_signature_ok: Option<bool>,
    /// Why, in words.
    pub reason: String,
    /// RSA key size, when the key was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_bits: Option<usize>,
    /// About the signature and its key.
    pub warnings: Vec<RecordWarning>,
    /// 1-based line of the field in the message.
    pub line: usize,
}

/// One ARC set: the ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results of one
/// instance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArcSet {
    /// `i=`: 1 for the first intermediary, counting up.
    pub instance: u32,
    /// The seal's `cv=`: `none` (first set), `pass` or `fail` (the chain before it).
    pub cv: Option<String>,
    /// The sealing domain (ARC-Seal `d=`).
    pub sealed_by: Option<String>,
    /// The signing domain (ARC-Message-Signature `d=`).
    pub signed_by: Option<String>,
    /// What the intermediary found (ARC-Authentication-Results, after `i=N;`).
    pub results: Option<String>,
    /// 1-based line of the set's first field.
    pub line: usize,
}
