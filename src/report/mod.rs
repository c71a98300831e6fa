//! The `Report`: plain data, the one contract between the core, the UI and the CLI (`--json`).
//!
//! Nothing here parses or computes; analyzers fill these types and front ends render them.

use serde::Serialize;

mod bounce;
mod common;
mod detection;
#[cfg(feature = "dkim")]
mod dkim;
#[cfg(feature = "dmarc")]
mod dmarc;
mod headers;
mod spf;

pub use bounce::*;
pub use common::*;
pub use detection::*;
#[cfg(feature = "dkim")]
pub use dkim::*;
#[cfg(feature = "dmarc")]
pub use dmarc::*;
pub use headers::*;
pub use spf::*;

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
    pub dkim: Vec<DkimVerification>,
    /// ARC sets (RFC 8617) in order of instance: the intermediaries that handled the message.
    #[cfg(feature = "dkim")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub arc: Vec<ArcSet>,
    /// DMARC for a whole message: alignment, result, policy, why.
    #[cfg(all(feature = "dkim", feature = "dmarc"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dmarc: Option<DmarcVerdict>,
    /// Codes explained, for a pasted SMTP reply line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanations: Vec<Explanation>,
    /// Everything worth telling, most serious first.
    pub findings: Vec<Finding>,
}
