//! DMARC (RFC 7489, RFC 9989): records checked under both RFCs, Organizational Domains by the
//! Public Suffix List and by the DNS tree walk, report destination authorization, and
//! identifier alignment. Sans-IO like `spf`: lookups go through a [`Resolver`].

pub mod align;
pub mod lint;
pub mod org;
pub mod parse;
pub mod record;

pub use record::{AlignmentMode, DmarcRecord, DmarcView, Policy, PsdFlag, ReportUri};

use crate::dns::{pasted_txt_records, Answer, Missing, Progress, RecordType, Rdata, Resolver};
use crate::report::{DmarcReport, DmarcViewResult, RecordWarning, Severity};

/// What to check: a record (pasted), a domain (its record is looked up), or both (the record as
/// if published at the domain).
#[derive(Debug, Clone, Copy, Default)]
pub struct DmarcRequest<'a> {
    /// The record as pasted (plain, quoted strings, or a zone-file / dig line).
    pub record: Option<&'a str>,
    /// The domain it is (or would be) published for.
    pub domain: Option<&'a str>,
}

/// Check a DMARC record: both RFCs, warnings, Organizational Domains and, for a domain, the
/// records the tree walk finds and whether other domains agreed to receive its reports.
pub fn analyze_dmarc<R: Resolver + ?Sized>(req: &DmarcRequest<'_>, resolver: &R) -> Progress<DmarcReport> {
    let domain = req.domain.map(|d| crate::dns::normalize_name(d.trim_matches('.')));
    let mut missing = Missing::default();
    let mut warnings = Vec::with_capacity(8);
    let mut found_at = None;
    let mut walk_org = None;
    let text = match (req.record, &domain) {
        (Some(pasted), d) => {
            // As if published at `d`: where its organization begins by the tree walk, when DNS
            // answers (asked in the same round as the report authorizations; offline, every
            // lookup fails and there is no walk).
            match d.as_deref().map(|d| org::discover(d, resolver)) {
                Some(Progress::Need(q)) => missing.extend(q),
                Some(Progress::Done(found)) if found.failed.len() < found.walked.len() => walk_org = Some(found.org_domain),
                _ => {}
            }
            pick_record(pasted, &mut warnings)
        }
        (None, Some(d)) => match org::discover(d, resolver) {
            Progress::Need(q) => return Progress::Need(q),
            Progress::Done(found) => {
                walk_org = Some(found.org_domain.clone());
                for failure in &found.failed {
                    warnings.push(RecordWarning { code: "lookup-failed", severity: Severity::Warning, position: None,
                        message: format!("A lookup failed ({failure}): the result may change when DNS answers.").into() });
                }
                for name in &found.ambiguous {
                    warnings.push(RecordWarning { code: "multiple-records", severity: Severity::Error, position: None,
                        message: format!("_dmarc.{name} has more than one DMARC record: receivers ignore them all. Publish exactly one.").into() });
                }
                match found.policy_record {
                    Some(r) => {
                        if r.domain != *d {
                            warnings.push(RecordWarning { code: "inherited-record", severity: Severity::Info, position: None,
                                message: format!("{d} has no DMARC record of its own: mail from it follows the record of {}{}.", r.domain,
                                    if r.domain == found.org_domain { ", its Organizational Domain (the subdomain policy `sp=` applies)" } else { ", a public suffix domain" }).into() });
                            found_at = Some(r.domain.clone());
                        }
                        r.text
                    }
                    None => {
                        warnings.push(RecordWarning { code: "no-record", severity: Severity::Error, position: None,
                            message: format!("No DMARC record for {d} (asked: {}): receivers apply no DMARC policy, so anyone can send mail as {d}. Publish a TXT record at _dmarc.{d}, starting with `v=DMARC1; p=none; rua=mailto:` and an address you read.",
                                found.walked.iter().map(|n| format!("_dmarc.{n}")).collect::<Vec<_>>().join(", ")).into() });
                        String::new()
                    }
                }
            }
        },
        (None, None) => String::new(),
    };
    let parsed = parse::parse_record(&text);
    let r = &parsed.record;
    let published_for = found_at.as_deref().or(domain.as_deref());
    if !text.is_empty() {
        lint::lint_record(r, &mut warnings);
    }
    // Other domains must agree to receive reports (RFC 7489 §7.1): `<domain>._report._dmarc.<dest>`.
    if let Some(own) = published_for {
        for uri in r.rua.iter().chain(&r.ruf) {
            let Some(dest) = uri.mail_domain().map(crate::dns::normalize_name) else { continue };
            if org::org_domain(&dest) == org::org_domain(own) {
                continue;
            }
            let name = format!("{own}._report._dmarc.{dest}");
            let Some(answer) = missing.ask(resolver, &name, RecordType::Txt) else { continue };
            let authorized = answer.records().iter().any(|rd| matches!(rd, Rdata::Txt(t) if parse::is_dmarc_record(t)));
            let warning = match answer {
                Answer::Error(e) if !authorized => RecordWarning { code: "report-authorization-unknown", severity: Severity::Info, position: Some(uri.position),
                    message: format!("Whether {dest} accepts reports for {own} is unknown: {name} could not be looked up ({}).", e.describe()).into() },
                _ if authorized => RecordWarning { code: "report-authorized", severity: Severity::Info, position: Some(uri.position),
                    message: format!("{dest} accepts DMARC reports for {own} ({name} says so).").into() },
                _ => RecordWarning { code: "report-unauthorized", severity: Severity::Error, position: Some(uri.position),
                    message: format!("{dest} has not agreed to receive reports for {own}: there is no `v=DMARC1` record at {name}, so receivers will not send reports there. Ask the report service to publish it, or send reports to an address in {own}.").into() },
            };
            warnings.push(warning);
        }
    }
    warnings.sort_by_key(|w| w.severity);
    let (policy, subdomain_policy, nonexistent_policy) = (r.policy(), r.subdomain_policy(), r.nonexistent_policy());
    let (adkim, aspf) = (r.dkim_alignment(), r.spf_alignment());
    let record = parsed.record;
    missing.finish(DmarcReport {
        domain: domain.clone(),
        found_at,
        valid: parsed.errors.is_empty() && !text.is_empty(),
        rfc7489: DmarcViewResult { valid: parsed.errors_rfc7489.is_empty() && !text.is_empty(), errors: parsed.errors_rfc7489 },
        errors: parsed.errors,
        tags: record.tags,
        policy,
        subdomain_policy,
        nonexistent_policy,
        adkim,
        aspf,
        rua: record.rua,
        ruf: record.ruf,
        org_domain: domain.as_deref().map(org::org_domain),
        org_domain_tree_walk: walk_org,
        warnings,
        record: text,
    })
}

/// The DMARC record among the pasted lines (the first that starts with `v=DMARC1`, else the
/// first line); a warning when several were pasted.
fn pick_record(pasted: &str, warnings: &mut Vec<RecordWarning>) -> String {
    let t = pasted.trim();
    if memchr::memchr2(b'\n', b'"', t.as_bytes()).is_none() {
        return t.to_string(); // one plain record: the usual case
    }
    let records = pasted_txt_records(pasted);
    let dmarc: Vec<&String> = records.iter().map(|(r, _)| r).filter(|r| parse::is_dmarc_record(r)).collect();
    if dmarc.len() > 1 {
        warnings.push(RecordWarning { code: "multiple-records", severity: Severity::Error, position: None,
            message: format!("{} DMARC records were pasted: a domain must publish exactly one, or receivers ignore them all. The first is checked here.", dmarc.len()).into() });
    }
    dmarc.first().map(|r| r.to_string()).or_else(|| records.into_iter().next().map(|(r, _)| r)).unwrap_or_default()
}
