//! Warnings about a DMARC record that parses: what it does not do that its owner probably
//! wants, and where RFC 7489 and RFC 9989 receivers read it differently.

use super::record::{DmarcRecord, Policy, TagName};
use crate::report::{RecordWarning, Severity};

fn warn(out: &mut Vec<RecordWarning>, code: &'static str, severity: Severity, position: Option<usize>, message: impl Into<std::borrow::Cow<'static, str>>) {
    out.push(RecordWarning { code, severity, message: message.into(), position });
}

/// The known tag a misspelt one most likely meant (one edit, or two letters swapped).
fn near_tag(name: &str) -> Option<&'static str> {
    let names = TagName::ALL.map(TagName::as_str);
    crate::scan::did_you_mean(name, &names)
}

/// What RFC 9989 changed about tag `name`, as a warning code and sentence (`pct`, also removed,
/// has its own warning). Written out rather than formatted: every record checked meets them.
fn rfc_change(tag: TagName) -> Option<(&'static str, &'static str)> {
    Some(match tag {
        TagName::Rf => ("removed-tag", "`rf=` is from RFC 7489; RFC 9989 removed it and its receivers ignore it. You can drop it."),
        TagName::Ri => ("removed-tag", "`ri=` is from RFC 7489; RFC 9989 removed it and its receivers ignore it. You can drop it."),
        TagName::Np => ("new-tag", "`np=` is from RFC 9989: receivers that still follow RFC 7489 ignore it."),
        TagName::Psd => ("new-tag", "`psd=` is from RFC 9989: receivers that still follow RFC 7489 ignore it."),
        TagName::T => ("new-tag", "`t=` is from RFC 9989: receivers that still follow RFC 7489 ignore it."),
        _ => return None,
    })
}

/// Warnings for `r`, from the record alone, added to `out` (unsorted: the caller sorts them with
/// its own).
pub fn lint_record(r: &DmarcRecord, out: &mut Vec<RecordWarning>) {
    let at = |name: TagName| r.tag(name).map(|t| t.position);
    if r.p == Some(Policy::None) {
        warn(out, "p-none", Severity::Warning, at(TagName::P),
            "`p=none` is monitoring only: mail that fails DMARC is still delivered, so anyone can send as this domain. Once the reports show your own mail passing, move to `p=quarantine`, then `p=reject`.");
    }
    if r.rua.is_empty() {
        warn(out, "no-rua", Severity::Warning, None,
            "No `rua=`: nobody sends you aggregate reports, so you cannot see who sends mail as this domain or whether it passes. Add `rua=mailto:` and an address you read (or a DMARC report service).");
    }
    if r.t == Some(true) {
        warn(out, "t-testing", Severity::Warning, at(TagName::T),
            ["`t=y` (testing): RFC 9989 receivers apply one step less than `p=", r.policy().as_str(), "` (reject becomes quarantine, quarantine becomes none). Remove `t=y` when you are ready."].concat());
    }
    if let Some(pct) = r.pct.filter(|p| *p < 100) {
        warn(out, "pct-below-100", Severity::Warning, at(TagName::Pct),
            { let pct = pct.to_string(); ["`pct=", &pct, "`: RFC 7489 receivers apply the policy to only ", &pct, " % of failing mail; RFC 9989 removed `pct`, and its receivers apply the policy to all of it."].concat() });
    }
    if let (Some(p), Some(sp)) = (r.p, r.sp) {
        if sp < p {
            warn(out, "sp-weaker", Severity::Warning, at(TagName::Sp),
                ["`sp=", sp.as_str(), "` is weaker than `p=", p.as_str(), "`: mail claiming to come from a subdomain gets less protection than the domain itself. Unless a subdomain really needs it, remove `sp=` or make it as strict as `p=`."].concat());
        }
    }
    if let Some(np) = r.np.filter(|np| *np < r.subdomain_policy()) {
        warn(out, "np-weaker", Severity::Warning, at(TagName::Np),
            ["`np=", np.as_str(), "` is weaker than the policy for existing subdomains: mail from made-up subdomains (which nobody legitimate sends from) gets less protection. Use `np=reject`."].concat());
    }
    // Destinations in other domains are checked by `analyze_dmarc`, which asks for their
    // authorization records.
    for uri in r.rua.iter().chain(&r.ruf) {
        let is_mailto = uri.uri.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("mailto:"));
        if is_mailto && uri.mail_domain().is_none() {
            warn(out, "report-uri-not-address", Severity::Warning, Some(uri.position),
                format!("`{}` has no address after `mailto:`: reports cannot be delivered. Write `mailto:reports@example.com`.", crate::scan::shorten(&uri.uri, 40)));
        }
    }
    if !r.fo.is_empty() && r.ruf.is_empty() {
        warn(out, "fo-without-ruf", Severity::Info, at(TagName::Fo), "`fo=` chooses when failure reports are sent, but there is no `ruf=` to send them to: it has no effect.");
    }
    for tag in &r.tags {
        let name = tag.name.as_ref();
        if let Some((code, message)) = tag.known.and_then(rfc_change) {
            warn(out, code, Severity::Info, Some(tag.position), message);
        } else if tag.known.is_none() {
            let hint = near_tag(name).map(|t| format!(" Did you mean `{t}=`?")).unwrap_or_default();
            warn(out, "unknown-tag", Severity::Warning, Some(tag.position),
                format!("`{name}=` is not a DMARC tag: receivers ignore it.{hint}"));
        }
    }
    if let Some(p) = r.tag(TagName::P) {
        if r.tags.get(1).is_some_and(|second| second.known != Some(TagName::P)) {
            warn(out, "p-not-second", Severity::Info, Some(p.position),
                "`p=` should come right after `v=DMARC1`: RFC 7489 says so, and some receivers read it only there.");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::lint_record;
    use crate::dmarc::parse::parse_record;

    /// The warnings of `record` as (code, message).
    fn warnings(record: &str) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        lint_record(&parse_record(record).record, &mut out);
        out.into_iter().map(|w| (w.code, w.message.into_owned())).collect()
    }

    #[test]
    fn tags_one_rfc_lacks_are_named_and_misspelt_tags_get_a_guess() {
        let w = warnings("v=DMARC1; p=reject; rua=mailto:d@example.com; rf=afrf; ri=3600; np=reject; psd=n; t=n; rau=x; adkm=s; aspff=r; pcT=5");
        let about = |code: &str, tag: &str| w.iter().any(|(c, m)| *c == code && m.starts_with(&format!("`{tag}=`")));
        for tag in ["rf", "ri"] {
            assert!(about("removed-tag", tag), "{tag}: {w:?}");
        }
        for tag in ["np", "psd", "t"] {
            assert!(about("new-tag", tag), "{tag}: {w:?}");
        }
        for (typo, meant) in [("rau", "rua"), ("adkm", "adkim"), ("aspff", "aspf")] {
            assert!(w.iter().any(|(c, m)| *c == "unknown-tag" && m.starts_with(&format!("`{typo}=`")) && m.ends_with(&format!("Did you mean `{meant}=`?"))), "{typo}: {w:?}");
        }
        // Tag names are case-insensitive: `pcT` is pct, not a typo (and pct is left to its own warning).
        assert!(!w.iter().any(|(c, m)| *c == "unknown-tag" && m.contains("pct")), "{w:?}");
        assert!(!about("removed-tag", "pct"), "{w:?}");
    }
}
