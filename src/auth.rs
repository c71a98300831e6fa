//! A whole message's authentication: its DKIM signatures verified, and DMARC — the From domain
//! against the SPF identity and each DKIM domain, the policy that applies and why, in words.
//! SPF comes from the receiving server's Authentication-Results (mxray cannot repeat that check
//! without the connection); DKIM is verified here, with keys from the resolver. Sans-IO.


use crate::dkim::verify::{verify_message, DkimResult, DkimVerification};
use crate::dmarc::align::{aligned, evaluate, Authenticated, MechanismVerdict};
use crate::dmarc::org::{discover, org_domain};
use crate::dmarc::parse::parse_record;
use crate::dmarc::Policy;
use crate::dns::{Missing, Progress, Resolver};
use crate::headers::domain_of;
pub use crate::report::DmarcVerdict;
use crate::report::{AuthResult, Detected, Finding, HeaderReport, Report, Severity};

/// The receiving server's results for `method`: the topmost Authentication-Results field that
/// has any (it is the one the final receiver added).
fn reported<'a>(h: &'a HeaderReport, method: &str) -> Vec<&'a AuthResult> {
    h.authentication_results.iter().map(|ar| ar.results.iter().filter(|r| r.method == method).collect::<Vec<_>>()).find(|rs| !rs.is_empty()).unwrap_or_default()
}

fn property<'a>(r: &'a AuthResult, name: &str) -> Option<&'a str> {
    r.properties.iter().find(|p| p.name() == name).map(|p| p.value.as_str())
}

/// When the message arrived, in seconds since 1970: the newest Received date, else its Date.
/// Signatures are judged as of then (an `x=` expiry after delivery does not matter), which also
/// keeps the analysis a pure function of the text.
pub fn received_at(h: &HeaderReport) -> Option<u64> {
    let dates = h.received.iter().filter_map(|hop| hop.date.as_deref()).chain(h.date.as_deref());
    dates.filter_map(crate::received::parse_date).map(|(t, _)| t).max().and_then(|t| u64::try_from(t).ok())
}

/// Verify the DKIM signatures of `raw` (a whole message; `None` for a header block, whose
/// signatures cannot be checked without the body) and judge DMARC for the message whose header
/// section `h` describes, at time `now`.
pub fn check_message<R: Resolver + ?Sized>(raw: Option<&str>, h: &HeaderReport, now: u64, resolver: &R) -> Progress<(Vec<DkimVerification>, Option<DmarcVerdict>)> {
    let mut missing = Missing::default();
    let dkim = match raw.map(|raw| verify_message(raw.as_bytes(), now, resolver)) {
        Some(Progress::Done(d)) => d,
        Some(Progress::Need(q)) => {
            missing.extend(q);
            Vec::new()
        }
        None => Vec::new(),
    };
    let Some(from) = h.from_address.as_deref().and_then(domain_of) else {
        return missing.finish((dkim, None));
    };
    let found = match discover(&from, resolver) {
        Progress::Done(f) => Some(f),
        Progress::Need(q) => {
            missing.extend(q);
            None
        }
    };
    if !missing.is_empty() {
        return Progress::Need(missing.into_queries());
    }
    let record = found.as_ref().and_then(|f| f.policy_record.as_ref());
    let parsed = record.map(|r| parse_record(&r.text).record);
    // Without a record, the defaults (relaxed alignment) judge; no policy applies.
    let rules = parsed.unwrap_or_default();
    let dkim_mode = rules.dkim_alignment();
    // SPF as the receiving server reported it; its identity, else the Return-Path's domain.
    let spf = reported(h, "spf");
    let spf_domain = spf.iter().find_map(|r| property(r, "smtp.mailfrom")).and_then(|m| domain_of(m).or_else(|| Some(m.to_ascii_lowercase()))).or_else(|| h.return_path.as_deref().and_then(domain_of));
    let spf_pass = spf.first().map(|r| r.result == "pass");
    // DKIM as verified here; where a key could not be had, as the receiving server reported it.
    let checked: Vec<&DkimVerification> = dkim.iter().filter(|d| !matches!(d.result, DkimResult::None | DkimResult::TempError)).collect();
    let mut dkim_domains: Vec<String> = checked.iter().filter(|d| d.result == DkimResult::Pass).map(|d| d.domain.clone()).collect();
    if checked.is_empty() {
        dkim_domains.extend(reported(h, "dkim").iter().filter(|r| r.result == "pass").filter_map(|r| property(r, "header.d").or(property(r, "header.i")).and_then(|d| domain_of(d).or(Some(d.to_ascii_lowercase())))));
    }
    dkim_domains.dedup();
    let spf_results: Vec<Authenticated> = spf_domain.iter().map(|d| Authenticated { domain: d.clone(), pass: spf_pass == Some(true) }).collect();
    let dkim_results: Vec<Authenticated> = dkim_domains.iter().map(|d| Authenticated { domain: d.clone(), pass: true }).collect();
    let judged = evaluate(&from, &spf_results, &dkim_results, &rules, record.map_or(from.as_str(), |r| r.domain.as_str()));
    let (spf_aligned, dkim_aligned) = (judged.spf == MechanismVerdict::Pass, judged.dkim == MechanismVerdict::Pass);
    let dkim_known = !checked.is_empty() || !reported(h, "dkim").is_empty();
    let result = if spf_aligned || dkim_aligned { "pass" } else if spf_pass.is_some() || dkim_known { "fail" } else { "unknown" };
    let policy = record.map(|_| judged.policy);
    // Who signed: the signatures verified here, or for a header block (no body to verify them
    // against) the DKIM-Signature fields as read.
    let signed_by: Vec<String> = match raw {
        Some(_) => dkim.iter().map(|d| d.domain.clone()).collect(),
        None => h.dkim_signatures.iter().filter_map(|s| s.domain.as_deref()).map(|d| d.trim_end_matches('.').to_ascii_lowercase()).collect(),
    };
    let own_signature = |d: &&DkimVerification| aligned(&d.domain, &from, dkim_mode);
    let unchecked = dkim.iter().filter(own_signature).any(|d| matches!(d.result, DkimResult::None | DkimResult::TempError) && d.body_hash_ok == Some(true));
    let own_unverifiable = raw.is_none() && !dkim_aligned && signed_by.iter().any(|d| aligned(d, &from, dkim_mode));
    let body_changed = dkim.iter().filter(own_signature).any(|d| d.body_hash_ok == Some(false));
    let lookup = match &found {
        Some(f) if !f.failed.is_empty() => Lookup::Failed,
        Some(_) if record.is_none() => Lookup::NoRecord,
        _ => Lookup::Found,
    };
    let facts = Facts { from: &from, result, spf_domain: spf_domain.as_deref(), spf_pass, passing: &dkim_domains, signed_by: &signed_by, unchecked, own_unverifiable, body_changed, policy, lookup };
    let explanation = facts.explain();
    Progress::Done((dkim, Some(DmarcVerdict {
        from_domain: from,
        spf_domain,
        spf_pass,
        spf_aligned,
        dkim_domains,
        dkim_aligned,
        result,
        policy,
        policy_domain: record.map(|r| r.domain.clone()),
        explanation,
    })))
}

/// Whether the DMARC record could be had.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lookup {
    Found,
    NoRecord,
    Failed,
}

/// What the explanation is made from.
struct Facts<'a> {
    from: &'a str,
    result: &'a str,
    spf_domain: Option<&'a str>,
    spf_pass: Option<bool>,
    /// Domains whose DKIM signature passed.
    passing: &'a [String],
    /// Domains of every DKIM signature.
    signed_by: &'a [String],
    /// A signature by an aligned domain could not be checked (no key), though its body hash matches.
    unchecked: bool,
    /// A header block's signature by an aligned domain, which cannot be verified without the
    /// body (and the receiving server did not report it passing).
    own_unverifiable: bool,
    /// A signature by an aligned domain no longer matches the body.
    body_changed: bool,
    policy: Option<Policy>,
    lookup: Lookup,
}

impl Facts<'_> {
    /// The verdict in words: what happens to the mail, then why and what to do.
    fn explain(&self) -> String {
        let from = self.from;
        let mut parts = vec![match (self.result, self.lookup, self.policy) {
            ("pass", ..) => return format!("DMARC passes for {from}: SPF or DKIM passed for a domain aligned with From."),
            (_, Lookup::NoRecord, _) => format!("{from} publishes no DMARC record, so receivers apply no DMARC policy; mail from it is easier to spoof and more often filtered."),
            ("fail", _, Some(Policy::Reject)) => format!("DMARC fails for {from}, whose policy is reject: receivers refuse this mail."),
            ("fail", _, Some(Policy::Quarantine)) => format!("DMARC fails for {from}, whose policy is quarantine: receivers put this mail in spam."),
            ("fail", _, Some(Policy::None)) => format!("DMARC fails for {from}; its policy is none, so receivers still deliver it (monitoring only)."),
            ("fail", ..) => format!("DMARC fails for {from} (its DMARC policy was not looked up: live DNS is off)."),
            _ => format!("Whether DMARC passes for {from} cannot be told from the message alone."),
        }];
        if self.body_changed && self.passing.iter().all(|d| org_domain(d) != org_domain(from)) {
            parts.push(format!("The DKIM signature by {from} no longer matches the body: something on the way (a mailing list footer, a forwarder, a security gateway) changed the message after it was signed."));
        }
        if self.own_unverifiable {
            parts.push(format!("A DKIM signature by {from} is in the header fields; paste the whole message, body included, to verify it."));
        }
        if self.unchecked {
            parts.push(format!("A DKIM signature by {from} is there, but its key was not looked up: switch on live checks (CLI: --resolver) to verify it."));
        }
        match (self.spf_domain, self.spf_pass) {
            (Some(d), Some(true)) if org_domain(d) != org_domain(from) => parts.push(format!(
                "SPF passed for {d}, which is not {from}'s domain: the sending service uses its own bounce address. Set up a custom return-path (bounce domain) under {from} in the service."
            )),
            (Some(d), Some(false)) => parts.push(format!("SPF did not pass for {d}: the sending server is not in {d}'s SPF record.")),
            _ => {}
        }
        let own = |d: &String| org_domain(d) == org_domain(from);
        match (self.passing.first(), self.signed_by.iter().any(own)) {
            (Some(d), false) => parts.push(format!("DKIM is signed by {d}, not by your domain: add a custom DKIM domain ({from}) in your sending service.")),
            (None, false) => parts.push(format!("No DKIM signature by {from}: sign outgoing mail with DKIM for {from} (your sending service shows the record to publish).")),
            _ => {}
        }
        parts.join(" ")
    }
}

/// One finding per DKIM signature and one for the DMARC verdict, as the Report lists them.
pub fn auth_findings(dkim: &[DkimVerification], verdict: Option<&DmarcVerdict>) -> Vec<Finding> {
    let mut out: Vec<Finding> = dkim
        .iter()
        .map(|d| {
            let (severity, code) = match d.result {
                DkimResult::Pass => (Severity::Info, "dkim-pass"),
                DkimResult::Fail => (Severity::Error, "dkim-fail"),
                DkimResult::PermError => (Severity::Error, "dkim-broken"),
                DkimResult::TempError | DkimResult::None => (Severity::Info, "dkim-not-checked"),
            };
            Finding { severity, code, message: format!("The DKIM signature by {} (selector {}): {}", d.domain, d.selector, d.reason), fix: None }
        })
        .collect();
    if let Some(v) = verdict {
        let (severity, code) = match v.result {
            "pass" => (Severity::Info, "dmarc-pass"),
            "fail" if v.policy.is_some_and(|p| p != Policy::None) => (Severity::Error, "dmarc-fail"),
            "fail" => (Severity::Warning, "dmarc-fail"),
            _ => (Severity::Info, "dmarc-unknown"),
        };
        out.push(Finding { severity, code, message: v.explanation.clone(), fix: None });
    }
    out
}

/// Add the DKIM results, the DMARC verdict and their findings to `report` (of a message or a
/// header block, read from `input`), with `resolver`'s answers.
pub fn add_message_auth<R: Resolver + ?Sized>(report: &mut Report, input: &str, resolver: &R) -> Progress<()> {
    let Some(h) = report.headers.as_ref().filter(|_| matches!(report.detected, Detected::Message | Detected::Headers)) else {
        return Progress::Done(());
    };
    let raw = (report.detected == Detected::Message).then_some(input);
    let now = received_at(h).unwrap_or(0);
    let (dkim, verdict) = match check_message(raw, h, now, resolver) {
        Progress::Done(d) => d,
        Progress::Need(q) => return Progress::Need(q),
    };
    report.findings.extend(auth_findings(&dkim, verdict.as_ref()));
    report.findings.sort_by_key(|f| f.severity);
    report.dkim = dkim;
    report.dmarc = verdict;
    Progress::Done(())
}
