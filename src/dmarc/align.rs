//! Identifier alignment (RFC 7489 §3.1, RFC 9989 §3.2.10) and the DMARC verdict for a message:
//! DMARC passes when SPF or DKIM passed for a domain aligned with the From domain.

use super::org::org_domain;
use super::record::{AlignmentMode, DmarcRecord, Policy};
use crate::dns::normalized;

fn bare(name: &str) -> std::borrow::Cow<'_, str> {
    normalized(name.trim_matches('.'))
}

/// Whether `a` and `b` align: the same name (strict) or the same Organizational Domain by the
/// Public Suffix List (relaxed). Case and surrounding dots do not matter.
pub fn aligned(a: &str, b: &str, mode: AlignmentMode) -> bool {
    let (a, b) = (bare(a), bare(b));
    match mode {
        AlignmentMode::Strict => a == b,
        AlignmentMode::Relaxed => a == b || org_domain(&a) == org_domain(&b),
    }
}

/// What one mechanism contributes to DMARC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MechanismVerdict {
    /// It passed for an aligned domain.
    Pass,
    /// It passed, but for a domain that does not align with From.
    NotAligned,
    /// It did not pass (or was not there).
    None,
}

/// A mechanism's outcome for one domain: the domain it authenticated and whether it passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticated {
    /// The SPF MAIL FROM domain or the DKIM `d=` domain.
    pub domain: String,
    /// It passed.
    pub pass: bool,
}

/// DMARC for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignmentVerdict {
    /// SPF's contribution.
    pub spf: MechanismVerdict,
    /// DKIM's contribution (the best of the signatures).
    pub dkim: MechanismVerdict,
    /// DMARC passed.
    pub pass: bool,
    /// The policy that applies to the From domain when DMARC fails.
    pub policy: Policy,
}

fn verdict(from: &str, results: &[Authenticated], mode: AlignmentMode) -> MechanismVerdict {
    let passed = results.iter().filter(|r| r.pass);
    let mut best = MechanismVerdict::None;
    for r in passed {
        if aligned(&r.domain, from, mode) {
            return MechanismVerdict::Pass;
        }
        best = MechanismVerdict::NotAligned;
    }
    best
}

/// DMARC for mail from `from_domain` with the SPF and DKIM outcomes given, under `record`,
/// published at `record_domain`: the From domain's own record applies `p`; an Organizational
/// Domain's record applies `sp` to its subdomains.
pub fn evaluate(from_domain: &str, spf: &[Authenticated], dkim: &[Authenticated], record: &DmarcRecord, record_domain: &str) -> AlignmentVerdict {
    let spf = verdict(from_domain, spf, record.spf_alignment());
    let dkim = verdict(from_domain, dkim, record.dkim_alignment());
    let policy = if bare(from_domain) == bare(record_domain) { record.policy() } else { record.subdomain_policy() };
    AlignmentVerdict { spf, dkim, pass: spf == MechanismVerdict::Pass || dkim == MechanismVerdict::Pass, policy }
}
