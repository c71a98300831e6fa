//! Warnings about an SPF record that is valid but risky, wasteful or not doing what its author
//! probably meant; and those only the include tree can show.

use super::eval::MAX_LOOKUPS;
use super::record::*;
use super::tree::SpfTree;
use crate::report::{Severity, RecordWarning};

/// A character-string in a TXT record holds at most 255 bytes (RFC 1035 §3.3).
const MAX_STRING: usize = 255;
/// RFC 7208 §3.4: keep the answer within a 512-byte UDP message.
const ADVISED_RECORD: usize = 450;

fn warn(code: &'static str, severity: Severity, position: Option<usize>, message: impl Into<std::borrow::Cow<'static, str>>) -> RecordWarning {
    RecordWarning { code, severity, message: message.into(), position }
}

/// Warnings from the record alone. `strings` are the lengths of its character-strings as
/// pasted (one entry when it was not quoted); `domain` is where it is published, when known.
pub fn lint_record(record: &SpfRecord, strings: &[usize], domain: Option<&str>) -> Vec<RecordWarning> {
    let mut w = Vec::new();
    let len = record.text.len();
    if strings.len() == 1 && len > MAX_STRING {
        w.push(warn("string-too-long", Severity::Warning, None, format!(
            "The record is {len} bytes; one DNS text string holds 255. Publish it as several quoted strings (\"...\" \"...\"): receivers join them."
        )));
    }
    for (i, s) in strings.iter().enumerate().filter(|(_, s)| **s > MAX_STRING) {
        if strings.len() > 1 {
            w.push(warn("string-too-long", Severity::Error, None, format!(
                "String {} of the record is {s} bytes; a DNS text string holds at most 255. Split it further.", i + 1
            )));
        }
    }
    if len > ADVISED_RECORD {
        w.push(warn("record-too-long", Severity::Warning, None, format!(
            "The record is {len} bytes: with the rest of the DNS answer it may not fit one UDP packet (RFC 7208 §3.4 advises under 450). Shorten it, e.g. replace ip4 lists with an include."
        )));
    }

    let mut all_at: Option<(usize, Qualifier)> = None;
    let mut redirect_at = None;
    let mut own_lookups = 0;
    let mut includes: Vec<(String, usize)> = Vec::new();
    for term in &record.terms {
        let pos = Some(term.span.start);
        let text = record.term_text(term);
        if let Some((all_pos, _)) = all_at {
            match &term.kind {
                TermKind::Modifier(Modifier::Exp(_)) | TermKind::Modifier(Modifier::Redirect(_)) => {}
                TermKind::Directive(Directive { mechanism: Mechanism::All, .. }) => w.push(warn(
                    "multiple-all", Severity::Warning, pos,
                    format!("A second `all` (`{text}`): only the first one, at byte {all_pos}, is ever used."),
                )),
                TermKind::Modifier(Modifier::Unknown(..)) => w.push(warn("terms-after-all", Severity::Warning, pos, format!(
                    "`{text}` after `all` is not SPF and receivers ignore it. If it is a verification code (like MS=...), publish it as a TXT record of its own."
                ))),
                _ => w.push(warn("terms-after-all", Severity::Warning, pos, format!(
                    "`{text}` comes after `all`, so receivers never look at it: move it before `all` or remove it."
                ))),
            }
        }
        match &term.kind {
            TermKind::Directive(d) => {
                if d.mechanism.queries_dns() {
                    own_lookups += 1;
                }
                match &d.mechanism {
                    Mechanism::All if all_at.is_none() => all_at = Some((term.span.start, d.qualifier)),
                    Mechanism::Ptr(_) => w.push(warn("ptr", Severity::Warning, pos,
                        "`ptr` is slow, unreliable and many receivers skip it (RFC 7208 §5.5: do not use it). List the servers with ip4/ip6, a or include instead.")),
                    Mechanism::Include(spec) => {
                        let target = spec.as_literal().map(|t| crate::dns::normalize_name(&t));
                        if let Some(t) = target {
                            if domain.is_some_and(|d| crate::dns::normalize_name(d) == t) {
                                w.push(warn("include-self", Severity::Error, pos, format!(
                                    "`{text}` includes the record's own domain: a loop, which receivers treat as permerror."
                                )));
                            }
                            if let Some((_, first)) = includes.iter().find(|(d, _)| *d == t) {
                                w.push(warn("duplicate-include", Severity::Warning, pos, format!(
                                    "`{text}` repeats the include at byte {first}: it costs a lookup and adds nothing. Remove one."
                                )));
                            } else {
                                includes.push((t, term.span.start));
                            }
                        }
                        if d.qualifier != Qualifier::Pass {
                            w.push(warn("include-qualifier", Severity::Info, pos, format!(
                                "`{text}` gives {} only for servers the included record *passes*; its own fails do not carry over. If you meant to block those servers, this does it; otherwise drop the `{}`.",
                                match d.qualifier { Qualifier::Fail => "fail", Qualifier::SoftFail => "softfail", _ => "neutral" },
                                d.qualifier.symbol()
                            )));
                        }
                    }
                    Mechanism::Ip4(ip, Some(n)) => host_bits(&mut w, pos, text, &ip.octets(), *n, d.qualifier, 8),
                    Mechanism::Ip6(ip, Some(n)) => host_bits(&mut w, pos, text, &ip.octets(), *n, d.qualifier, 16),
                    _ => {}
                }
                if uses_p(&d.mechanism) {
                    w.push(warn("macro-p", Severity::Warning, pos, format!(
                        "`{text}` uses %{{p}} (the client's host name): slow, unreliable and discouraged by RFC 7208 §7.3."
                    )));
                }
            }
            TermKind::Modifier(Modifier::Redirect(_)) => {
                redirect_at = Some(term.span.start);
                own_lookups += 1;
            }
            TermKind::Modifier(Modifier::Exp(_)) => {}
            TermKind::Modifier(Modifier::Unknown(name, value)) => {
                // RFC 6652's reporting modifiers are known; after `all` the warning above says it.
                let known_elsewhere = ["ra", "rp", "rr"].contains(&name.to_ascii_lowercase().as_str());
                if !known_elsewhere && all_at.is_none() {
                    let typo = ["redirect", "exp"].iter().find(|m| close(name, m));
                    w.push(warn("unknown-modifier", Severity::Warning, pos, match typo {
                        Some(m) => format!("`{name}=` is not an SPF modifier; did you mean `{m}=`? Receivers ignore it as written."),
                        None => format!("`{name}=` is not an SPF modifier: receivers ignore it."),
                    }));
                }
                if value.has_macros() {
                    w.push(warn("macro-no-effect", Severity::Info, pos, format!(
                        "The macros in `{text}` do nothing: receivers ignore unknown modifiers, macros and all."
                    )));
                }
            }
        }
    }
    match all_at {
        Some((at, Qualifier::Pass)) => w.push(warn("all-pass", Severity::Error, Some(at),
            "`+all` lets every server in the world send as this domain: SPF protects nothing. End with `-all` (or `~all` while testing).")),
        Some((at, Qualifier::Neutral)) => w.push(warn("all-neutral", Severity::Warning, Some(at),
            "`?all` gives no verdict for unlisted servers, so SPF barely protects the domain. End with `~all` or `-all` once every sender is listed.")),
        _ => {}
    }
    if let (Some((all_pos, _)), Some(r)) = (all_at, redirect_at) {
        w.push(warn("redirect-ignored", Severity::Warning, Some(r), format!(
            "`redirect=` is ignored because the record has `all` (byte {all_pos}), which always matches first. Remove one of them."
        )));
    }
    if all_at.is_none() && redirect_at.is_none() {
        w.push(warn("no-all", Severity::Warning, None,
            "The record has neither `all` nor `redirect=`: unlisted servers get neutral, as if there were no SPF. End it with `-all` or `~all`."));
    }
    if own_lookups > MAX_LOOKUPS {
        w.push(warn("too-many-lookups", Severity::Error, None, format!(
            "This record alone has {own_lookups} terms that need DNS lookups; SPF allows {MAX_LOOKUPS} in all (includes count too), so receivers return permerror. Replace some with ip4/ip6 ranges."
        )));
    }
    w
}

fn uses_p(m: &Mechanism) -> bool {
    let spec = match m {
        Mechanism::Include(s) | Mechanism::Exists(s) => Some(s),
        Mechanism::A(s, _) | Mechanism::Mx(s, _) | Mechanism::Ptr(s) => s.as_ref(),
        _ => None,
    };
    spec.is_some_and(|s| s.parts.iter().any(|p| matches!(p, MacroPart::Macro(m) if m.letter == 'p')))
}

/// `ip4:192.0.2.1/24`: bits set past the prefix are ignored, which often hides a typo; and a very
/// short prefix with a pass authorizes a huge part of the Internet.
fn host_bits(w: &mut Vec<RecordWarning>, pos: Option<usize>, text: &str, octets: &[u8], n: u8, q: Qualifier, wide: u8) {
    let mut network = octets.to_vec();
    super::eval::clear_host_bits(&mut network, n);
    if network != octets {
        w.push(warn("ip-host-bits", Severity::Warning, pos, format!(
            "`{text}` has bits set after the /{n} prefix: receivers ignore them, so it means the whole network. Write the network address, or check for a typo in the address or length."
        )));
    }
    if n < wide && q == Qualifier::Pass {
        w.push(warn("huge-range", Severity::Error, pos, format!(
            "`{text}` authorizes a huge share of the Internet (/{n}). Use the sending servers' own addresses or ranges."
        )));
    }
}

/// Edit distance ≤ 1 and not equal (a likely typo of a modifier name).
fn close(a: &str, b: &str) -> bool {
    let a = a.to_ascii_lowercase();
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

/// Warnings only the resolved tree can show.
pub fn lint_tree(tree: &SpfTree, root: &SpfRecord) -> Vec<RecordWarning> {
    let mut w = Vec::new();
    if tree.lookups > MAX_LOOKUPS {
        // The root term where the limit is crossed: its own lookup, or one inside its include.
        let at = tree
            .root
            .terms
            .iter()
            .position(|t| t.over_limit || t.child.as_deref().is_some_and(crosses_limit))
            .and_then(|i| root.terms.get(i))
            .map(|r| r.span.start);
        w.push(warn("too-many-lookups", Severity::Error, at, format!(
            "Evaluating the whole policy takes {} DNS lookups; SPF allows {MAX_LOOKUPS}, so receivers return permerror once they reach the 11th (marked in the tree). Remove includes you no longer use or replace them with ip4/ip6 ranges.",
            tree.lookups
        )));
    }
    if tree.void_lookups > super::eval::MAX_VOID_LOOKUPS {
        w.push(warn("too-many-void-lookups", Severity::Error, None, format!(
            "{} lookups in the policy find nothing (names that do not exist or have no records); after 2 receivers return permerror. Remove the terms marked void.",
            tree.void_lookups
        )));
    } else if tree.void_lookups > 0 {
        w.push(warn("void-lookup", Severity::Warning, None, format!(
            "{} term(s) point to names with no records (marked void in the tree): they cost lookups and match nothing.",
            tree.void_lookups
        )));
    }
    for name in &tree.mx_over_limit {
        w.push(warn("mx-too-many-hosts", Severity::Error, None, format!(
            "{name} has more than 10 MX hosts: an `mx` term for it is a permerror. Use ip4/ip6 or `a:` terms for the sending hosts."
        )));
    }
    for p in &tree.record_problems {
        let code = if p.contains("Sender ID") { "sender-id" } else if p.contains("loop") { "include-loop" } else { "multiple-records" };
        let severity = if code == "sender-id" { Severity::Warning } else { Severity::Error };
        w.push(warn(code, severity, None, format!("{}.", upper_first(p))));
    }
    w
}

fn crosses_limit(node: &crate::report::SpfNode) -> bool {
    node.terms.iter().any(|t| t.over_limit || t.child.as_deref().is_some_and(crosses_limit))
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spf::parse::parse_record;

    fn codes(r: &str, domain: Option<&str>) -> Vec<&'static str> {
        let p = parse_record(r);
        lint_record(&p.record, &[r.len()], domain).into_iter().map(|w| w.code).collect()
    }

    #[test]
    fn each_warning() {
        assert_eq!(codes("v=spf1 +all", None), ["all-pass"]);
        assert_eq!(codes("v=spf1 ?all", None), ["all-neutral"]);
        assert_eq!(codes("v=spf1 ptr -all", None), ["ptr"]);
        assert_eq!(codes("v=spf1 ip4:192.0.2.1", None), ["no-all"]);
        assert_eq!(codes("v=spf1 -all redirect=x.example.com", None), ["redirect-ignored"]);
        assert_eq!(codes("v=spf1 -all ip4:192.0.2.1", None), ["terms-after-all"]);
        assert_eq!(codes("v=spf1 include:a.example.com include:a.example.com. -all", None), ["duplicate-include"]);
        assert_eq!(codes("v=spf1 include:example.com -all", Some("Example.com")), ["include-self"]);
        assert_eq!(codes("v=spf1 ip4:192.0.2.1/24 -all", None), ["ip-host-bits"]);
        assert_eq!(codes("v=spf1 ip4:0.0.0.0/1 -all", None), ["huge-range"]);
        assert_eq!(codes("v=spf1 redirct=x.example.com -all", None), ["unknown-modifier"]);
        assert_eq!(codes("v=spf1 foo=%{d} -all", None), ["unknown-modifier", "macro-no-effect"]);
        assert_eq!(codes("v=spf1 -all MS=ms83859", None), ["terms-after-all"]);
        assert_eq!(codes("v=spf1 exists:%{p}.x.example.com -all", None), ["macro-p"]);
        assert_eq!(codes("v=spf1 -include:x.example.com -all", None), ["include-qualifier"]);
        let many = format!("v=spf1 {}-all", "a:x.example.com ".repeat(11));
        assert!(codes(&many, None).contains(&"too-many-lookups"));
        let long = format!("v=spf1 {}-all", "ip4:192.0.2.1 ".repeat(40));
        assert_eq!(codes(&long, None), ["string-too-long", "record-too-long"]);
        assert!(codes("v=spf1 ip4:192.0.2.0/24 include:_spf.example.com -all", None).is_empty());
    }

    #[test]
    fn too_many_lookups_points_at_the_term_that_crosses_the_limit() {
        let mut z = crate::dns::ZoneBuilder::new();
        z.add("deep.test", crate::dns::Rdata::Txt("v=spf1 a mx ptr -all".into()));
        for i in 0..8 {
            z.add(&format!("i{i}.test"), crate::dns::Rdata::Txt("v=spf1 -all".into()));
        }
        let zone = z.build();
        // 7 includes (7 lookups), then deep.test (1 + 3 inside = 11): the limit falls inside it.
        let record = "v=spf1 include:i0.test include:i1.test include:i2.test include:i3.test include:i4.test include:i5.test include:i6.test include:deep.test include:i7.test -all";
        let p = parse_record(record);
        let crate::dns::Progress::Done(tree) = crate::spf::tree::spf_tree("x.test", Some(&p.record), &zone) else { panic!() };
        let w = lint_tree(&tree, &p.record);
        let too_many = w.iter().find(|w| w.code == "too-many-lookups").expect("warned");
        assert_eq!(too_many.position, record.find("include:deep.test"), "{too_many:?}");
    }
}
