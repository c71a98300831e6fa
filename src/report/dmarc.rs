//! A DMARC record checked, the record vocabulary it is told in, and a message's DMARC verdict.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::common::*;

/// The tags RFC 7489 and RFC 9989 define between them; others are ignored by receivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagName {
    V,
    P,
    Sp,
    Np,
    Psd,
    T,
    Adkim,
    Aspf,
    Pct,
    Fo,
    Rf,
    Ri,
    Rua,
    Ruf,
}

impl TagName {
    /// Every known tag, in the order the RFCs list them.
    pub const ALL: [TagName; 14] = [
        TagName::V, TagName::P, TagName::Sp, TagName::Np, TagName::Psd, TagName::T, TagName::Adkim,
        TagName::Aspf, TagName::Pct, TagName::Fo, TagName::Rf, TagName::Ri, TagName::Rua, TagName::Ruf,
    ];

    /// The tag that `name` is, in any case.
    pub fn from_name(name: &str) -> Option<TagName> {
        let b = name.as_bytes();
        let mut low = [0u8; 5];
        low.get_mut(..b.len())?.iter_mut().zip(b).for_each(|(l, c)| *l = c.to_ascii_lowercase());
        Some(match &low[..b.len()] {
            b"v" => TagName::V,
            b"p" => TagName::P,
            b"sp" => TagName::Sp,
            b"np" => TagName::Np,
            b"psd" => TagName::Psd,
            b"t" => TagName::T,
            b"adkim" => TagName::Adkim,
            b"aspf" => TagName::Aspf,
            b"pct" => TagName::Pct,
            b"fo" => TagName::Fo,
            b"rf" => TagName::Rf,
            b"ri" => TagName::Ri,
            b"rua" => TagName::Rua,
            b"ruf" => TagName::Ruf,
            _ => return None,
        })
    }

    /// The name as records write it (lower case).
    pub fn as_str(self) -> &'static str {
        match self {
            TagName::V => "v",
            TagName::P => "p",
            TagName::Sp => "sp",
            TagName::Np => "np",
            TagName::Psd => "psd",
            TagName::T => "t",
            TagName::Adkim => "adkim",
            TagName::Aspf => "aspf",
            TagName::Pct => "pct",
            TagName::Fo => "fo",
            TagName::Rf => "rf",
            TagName::Ri => "ri",
            TagName::Rua => "rua",
            TagName::Ruf => "ruf",
        }
    }

    /// What the tag says, in plain words (RFC 7489 §6.3, RFC 9989 §4.7).
    pub fn meaning(self) -> &'static str {
        match self {
            TagName::V => "Version: marks the record as DMARC; must come first.",
            TagName::P => "Policy for the domain: what receivers do with mail that fails DMARC (none, quarantine, reject).",
            TagName::Sp => "Policy for its subdomains (default: the same as p).",
            TagName::Np => "Policy for subdomains that do not exist (RFC 9989; default: sp, else p).",
            TagName::Psd => "Whether this domain is a public suffix, like a registry (RFC 9989: y, n, or u for unknown).",
            TagName::T => "Testing mode (RFC 9989): t=y asks receivers to apply a policy one step milder.",
            TagName::Adkim => "DKIM alignment: r (relaxed, same organization) or s (strict, exactly the From domain).",
            TagName::Aspf => "SPF alignment: r (relaxed, same organization) or s (strict, exactly the From domain).",
            TagName::Pct => "Percentage of failing mail the policy applies to (RFC 7489 only; removed by RFC 9989).",
            TagName::Fo => "When to send failure reports: 0 all fail, 1 any fails, d DKIM fails, s SPF fails.",
            TagName::Rf => "Failure report format (RFC 7489 only: afrf).",
            TagName::Ri => "Seconds between aggregate reports (RFC 7489 only; removed by RFC 9989).",
            TagName::Rua => "Where aggregate reports go (daily summaries of who sends as the domain).",
            TagName::Ruf => "Where failure reports go (copies of failing messages; few receivers send them).",
        }
    }
}

/// What a domain asks receivers to do with mail that fails DMARC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Deliver as usual (monitoring only).
    None,
    /// Treat as suspicious (usually: the spam folder).
    Quarantine,
    /// Refuse it.
    Reject,
}

impl Policy {
    /// The policy as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }
}

/// How closely an identifier must match the From domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlignmentMode {
    /// The same Organizational Domain is enough (`r`, the default).
    Relaxed,
    /// The very same domain (`s`).
    Strict,
}

/// One report destination: a URI and the largest report it accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportUri {
    /// The URI as written (usually `mailto:`).
    pub uri: String,
    /// The `!size` limit in bytes, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_size: Option<u64>,
    /// Byte offset of the URI in the record.
    #[serde(skip)]
    pub position: usize,
}

impl ReportUri {
    /// The domain reports go to, for `mailto:` URIs.
    pub fn mail_domain(&self) -> Option<&str> {
        let rest = self.uri.get(..7).filter(|s| s.eq_ignore_ascii_case("mailto:")).map(|_| &self.uri[7..])?;
        let address = rest.split('?').next().unwrap_or(rest);
        address.rsplit_once('@').map(|(_, d)| d).filter(|d| !d.is_empty())
    }
}

/// One `tag=value` pair as written, with the byte offset of its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DmarcTag {
    /// The tag name, lower-cased (known names are not copied).
    pub name: std::borrow::Cow<'static, str>,
    /// Which tag it is, when one of the RFCs defines it.
    #[serde(skip)]
    pub known: Option<TagName>,
    /// The value, trimmed (common words are not copied).
    pub value: std::borrow::Cow<'static, str>,
    /// Byte offset of the tag name in the record.
    pub position: usize,
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
    pub tags: Vec<DmarcTag>,
    /// The policy for the domain.
    pub policy: Policy,
    /// The policy for existing subdomains.
    pub subdomain_policy: Policy,
    /// The policy for subdomains that do not exist (RFC 9989 `np`).
    pub nonexistent_policy: Policy,
    /// DKIM alignment mode.
    pub adkim: AlignmentMode,
    /// SPF alignment mode.
    pub aspf: AlignmentMode,
    /// Aggregate report destinations.
    pub rua: Vec<ReportUri>,
    /// Failure report destinations.
    pub ruf: Vec<ReportUri>,
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

#[cfg(feature = "dmarc")]
fn dmarc_tags_as_object<S: Serializer>(tags: &[DmarcTag], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(tags.len()))?;
    for t in tags {
        map.serialize_entry(t.name.as_ref(), &t.value)?;
    }
    map.end()
}

#[cfg(feature = "dkim")]
/// DMARC for one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DmarcVerdict {
    /// The From address's domain, which DMARC protects.
    pub from_domain: String,
    /// The SPF identity (MAIL FROM domain), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spf_domain: Option<String>,
    /// SPF passed for it, as the receiving server reported (`None`: not reported).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spf_pass: Option<bool>,
    /// SPF passed for a domain aligned with From.
    pub spf_aligned: bool,
    /// Domains with a passing DKIM signature.
    pub dkim_domains: Vec<String>,
    /// A passing DKIM signature's domain aligns with From.
    pub dkim_aligned: bool,
    /// `pass`, `fail`, or `unknown` when neither SPF nor DKIM could be judged.
    pub result: &'static str,
    /// The policy that applies when DMARC fails (`None`: the record was not looked up).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
    /// The domain whose DMARC record sets it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_domain: Option<String>,
    /// Why, in plain words, with what to do.
    pub explanation: String,
}
