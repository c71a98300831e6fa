//! DMARC records as data (RFC 7489 §6.3, RFC 9989 §4.7), apart from the grammar that reads them.

pub use crate::report::{AlignmentMode, DmarcTag, Policy, ReportUri, TagName};
use serde::Serialize;

/// Which specification a record is read by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DmarcView {
    /// RFC 7489 (2015): `pct`, `rf`, `ri`; no `np`, `psd`, `t`.
    Rfc7489,
    /// RFC 9989 (DMARCbis, 2026): `np`, `psd`, `t`; `pct`, `rf`, `ri` removed.
    Rfc9989,
}

impl DmarcView {
    /// The RFC's name, as people cite it.
    pub fn name(self) -> &'static str {
        match self {
            DmarcView::Rfc7489 => "RFC 7489",
            DmarcView::Rfc9989 => "RFC 9989",
        }
    }
}

/// The `psd` tag (RFC 9989): whether the domain is a public suffix domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PsdFlag {
    /// `psd=y`: a public suffix domain; organizations are one label below.
    Yes,
    /// `psd=n`: not one; this domain is an Organizational Domain.
    No,
    /// `psd=u` or absent: the DNS tree walk decides.
    Unknown,
}

/// A DMARC record's tags, read and checked. Values that did not check are absent (the error
/// says why); defaults are applied by the accessor methods, not stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DmarcRecord {
    /// Every tag as written, in order.
    pub tags: Vec<DmarcTag>,
    /// `p`: the policy for the domain itself.
    pub p: Option<Policy>,
    /// `sp`: the policy for subdomains.
    pub sp: Option<Policy>,
    /// `np`: the policy for subdomains that do not exist (RFC 9989).
    pub np: Option<Policy>,
    /// `adkim`: DKIM alignment.
    pub adkim: Option<AlignmentMode>,
    /// `aspf`: SPF alignment.
    pub aspf: Option<AlignmentMode>,
    /// `pct`: the percentage of failing mail the policy applies to (RFC 7489).
    pub pct: Option<u8>,
    /// `fo`: when failure reports are wanted (`0`, `1`, `d`, `s`).
    pub fo: Vec<&'static str>,
    /// `rua`: where aggregate reports go.
    pub rua: Vec<ReportUri>,
    /// `ruf`: where failure reports go.
    pub ruf: Vec<ReportUri>,
    /// `psd` (RFC 9989).
    pub psd: Option<PsdFlag>,
    /// `t=y`: testing; receivers apply one step less than the policy (RFC 9989).
    pub t: Option<bool>,
}

impl DmarcRecord {
    /// The policy for the domain (none when `p` is missing: RFC 9989 §4.7, RFC 7489 §6.6.3 with
    /// a valid `rua`).
    pub fn policy(&self) -> Policy {
        self.p.unwrap_or(Policy::None)
    }

    /// The policy for existing subdomains: `sp`, else `p`.
    pub fn subdomain_policy(&self) -> Policy {
        self.sp.unwrap_or(self.policy())
    }

    /// The policy for subdomains that do not exist: `np`, else `sp`, else `p`.
    pub fn nonexistent_policy(&self) -> Policy {
        self.np.unwrap_or(self.subdomain_policy())
    }

    /// DKIM alignment, relaxed unless `adkim=s`.
    pub fn dkim_alignment(&self) -> AlignmentMode {
        self.adkim.unwrap_or(AlignmentMode::Relaxed)
    }

    /// SPF alignment, relaxed unless `aspf=s`.
    pub fn spf_alignment(&self) -> AlignmentMode {
        self.aspf.unwrap_or(AlignmentMode::Relaxed)
    }

    /// Tag `name`, as written.
    pub fn tag(&self, name: TagName) -> Option<&DmarcTag> {
        self.tags.iter().find(|t| t.known == Some(name))
    }
}
