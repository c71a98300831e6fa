//! Organizational Domains: by the Public Suffix List (RFC 7489 §3.2) and by the DNS tree walk
//! (RFC 9989 §4.10), which also finds the record whose policy applies. The walk is sans-IO: it
//! asks every name at once, so it costs one round of lookups.

use std::sync::OnceLock;

use publicsuffix::Psl;

use super::parse::{is_dmarc_record, parse_record};
use super::record::PsdFlag;
use crate::dns::{normalized, Answer, Missing, Progress, RecordType, Rdata, Resolver};

/// The Organizational Domain of `name` by the Public Suffix List: its registrable domain (the
/// public suffix and one label more), or the name itself when the list has none (a suffix, a
/// single label). Lower case, without leading or trailing dots.
pub fn org_domain(name: &str) -> String {
    let name = normalized(name.trim_matches('.'));
    let found = suffix_list().domain(name.as_bytes()).and_then(|d| std::str::from_utf8(d.as_bytes()).ok());
    found.unwrap_or(&name).to_string()
}

/// Whether `name` ends in a suffix the Public Suffix List names (`com`, `co.uk`, `cz`): what
/// tells a host name from other dotted words (`RESOLVER.ADR.RecipientNotFound`, `index.html`).
pub fn has_known_suffix(name: &str) -> bool {
    suffix_list().suffix(normalized(name.trim_matches('.')).as_bytes()).is_some_and(|s| s.is_known())
}

/// The Public Suffix List (data/public_suffix_list.dat), read on first use. An unknown top-level
/// domain counts as a public suffix (the list's implicit `*` rule).
fn suffix_list() -> &'static publicsuffix::List {
    static LIST: OnceLock<publicsuffix::List> = OnceLock::new();
    // The data file is ours and a test reads it; an unreadable copy would leave only the `*` rule.
    LIST.get_or_init(|| include_str!("../../data/public_suffix_list.dat").parse().unwrap_or_default())
}

/// The names the tree walk asks about, `_dmarc.` prefixed, starting at `domain`: one label less
/// each time, except that a name of 8 or more labels jumps to its last 7 (at most 8 queries).
pub fn walk_names(domain: &str) -> Vec<String> {
    let domain = normalized(domain.trim_matches('.'));
    let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < labels.len() {
        out.push(labels[start..].join("."));
        let left = labels.len() - start;
        start = if left >= 8 { labels.len() - 7 } else { start + 1 };
    }
    out
}

/// A DMARC record found during the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundRecord {
    /// The domain it is published for (without `_dmarc.`).
    pub domain: String,
    /// Its text.
    pub text: String,
    /// Its `psd` tag.
    pub psd: PsdFlag,
}

/// What the tree walk found for an author domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// The author domain.
    pub domain: String,
    /// The domains asked about, in order.
    pub walked: Vec<String>,
    /// One DMARC record per domain that has exactly one, longest name first.
    pub found: Vec<FoundRecord>,
    /// Domains with more than one DMARC record (each is ignored, RFC 9989 §4.10).
    pub ambiguous: Vec<String>,
    /// The Organizational Domain by the walk (§4.10.2).
    pub org_domain: String,
    /// The record whose policy applies: the author domain's, else the Organizational Domain's,
    /// else a public suffix domain's (§4.10.1).
    pub policy_record: Option<FoundRecord>,
    /// Lookups that failed (a temporary error: the result may change).
    pub failed: Vec<String>,
}

/// Walk the DNS tree for `domain` (RFC 9989 §4.10) with `resolver`.
pub fn discover<R: Resolver + ?Sized>(domain: &str, resolver: &R) -> Progress<Discovery> {
    let walked = walk_names(domain);
    let mut missing = Missing::default();
    let mut found = Vec::new();
    let mut ambiguous = Vec::new();
    let mut failed = Vec::new();
    for name in &walked {
        let Some(answer) = missing.ask(resolver, &format!("_dmarc.{name}"), RecordType::Txt) else { continue };
        if let Answer::Error(e) = answer {
            failed.push(format!("_dmarc.{name}: {}", e.describe()));
            continue;
        }
        let records: Vec<&String> = answer
            .records()
            .iter()
            .filter_map(|r| match r {
                Rdata::Txt(t) if is_dmarc_record(t) => Some(t),
                _ => None,
            })
            .collect();
        match records.as_slice() {
            [one] => {
                let psd = parse_record(one).record.psd.unwrap_or(PsdFlag::Unknown);
                found.push(FoundRecord { domain: name.clone(), text: one.to_string(), psd });
            }
            [] => {}
            _ => ambiguous.push(name.clone()),
        }
    }
    let author = walked.first().cloned().unwrap_or_default();
    let org_domain = walk_org_domain(&author, &found);
    let policy_record = found
        .iter()
        .find(|r| r.domain == author)
        .or_else(|| found.iter().find(|r| r.domain == org_domain))
        .or_else(|| found.iter().find(|r| r.psd == PsdFlag::Yes))
        .cloned();
    missing.finish(Discovery { domain: author, walked, found, ambiguous, org_domain, policy_record, failed })
}

/// §4.10.2: the first record (longest name first) with `psd=n` names the Organizational Domain;
/// a `psd=y` record above the author domain puts it one label below; else the record with the
/// fewest labels; else the author domain itself.
fn walk_org_domain(author: &str, found: &[FoundRecord]) -> String {
    for r in found {
        match r.psd {
            PsdFlag::No => return r.domain.clone(),
            PsdFlag::Yes if r.domain != author => {
                let below = author.strip_suffix(&format!(".{}", r.domain)).and_then(|rest| rest.rsplit('.').next());
                if let Some(label) = below {
                    return format!("{label}.{}", r.domain);
                }
            }
            _ => {}
        }
    }
    found.last().map_or_else(|| author.to_string(), |r| r.domain.clone())
}

#[cfg(test)]
mod tests {
    use super::org_domain;

    #[test]
    fn the_public_suffix_list_decides_the_organizational_domain() {
        for (name, org) in [
            ("mail.example.com", "example.com"),
            ("a.b.example.co.uk", "example.co.uk"),
            // Private section: each github.io site is its own organization.
            ("www.someone.github.io", "someone.github.io"),
            // A wildcard rule and its exception (*.ck, !www.ck).
            ("a.b.c.ck", "b.c.ck"),
            ("x.www.ck", "www.ck"),
            // An internationalized suffix in the form DNS carries (公司.cn).
            ("mail.example.xn--55qx5d.cn", "example.xn--55qx5d.cn"),
            // Unknown top-level domains are suffixes; a suffix alone stays itself.
            ("a.b.mxray.test", "mxray.test"),
            ("co.uk", "co.uk"),
            ("MAIL.Example.COM.", "example.com"),
        ] {
            assert_eq!(org_domain(name), org, "{name}");
        }
    }
}
