//! DMARC records as data (RFC 7489 §6.3, RFC 9989 §4.7), apart from the grammar that reads them.

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
