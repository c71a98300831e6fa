//! SPF (RFC 7208): the record grammar, warnings, `check_host()` evaluation and the include tree.
//!
//! `record` holds the types, `parse` the grammar, `macros` the macro expansion, `eval` the
//! sans-IO evaluator, `tree` the include/redirect tree, `lint` the warnings and `words` what each
//! term means. [`analyze_spf`] puts them together into the [`SpfReport`].

pub mod eval;
pub mod lint;
pub mod macros;
pub mod parse;
pub mod record;
pub mod tree;
pub mod words;

pub use eval::{check_host, check_mail_from, check_record, SpfEvaluation, SpfInput, SpfResult};
pub use parse::{parse_record, ParsedRecord};

use crate::dns::{Progress, Resolver};
use crate::report::{Severity, SpfNode, SpfReport, SpfTermInfo, RecordWarning, SyntaxError};

/// What to check: a pasted record, or a domain to look up, and optionally a client to evaluate.
#[derive(Debug, Clone, Default)]
pub struct SpfRequest<'a> {
    /// The record as pasted (plain, quoted strings, or a zone-file / dig line). `None`: look up
    /// `domain`'s record.
    pub record: Option<&'a str>,
    /// The domain the record is (or would be) published at.
    pub domain: Option<&'a str>,
    /// Evaluate check_host() for this client.
    pub evaluate: Option<SpfInput<'a>>,
}

/// Check an SPF record: syntax, warnings, meanings, the tree and, when asked, an evaluation.
/// With a [`crate::dns::Answers`] cache it returns the lookups it needs until the cache has them.
pub fn analyze_spf<R: Resolver + ?Sized>(req: &SpfRequest<'_>, resolver: &R) -> Progress<SpfReport> {
    let domain = req.domain.map(crate::dns::normalize_name);
    let mut warnings = Vec::new();
    let pasted = req.record.map(|text| pick_record(text, &mut warnings));
    let mut need = Vec::new();
    let pasted_parse = pasted.as_ref().map(|(text, _)| parse_record(text));
    let root = pasted_parse.as_ref().map(|p| &p.record);
    let tree = match tree::spf_tree(domain.as_deref().unwrap_or(""), root, resolver) {
        Progress::Done(t) => Some(t),
        Progress::Need(q) => {
            need.extend(q);
            None
        }
    };
    let evaluation = req.evaluate.as_ref().and_then(|input| {
        let progress = match (&pasted, &domain) {
            (Some((text, _)), d) => check_record(input, d.as_deref(), text, resolver),
            (None, Some(d)) => check_host(input, d, resolver),
            (None, None) => return None,
        };
        match progress {
            Progress::Done(e) => Some(e),
            Progress::Need(q) => {
                need.extend(q);
                None
            }
        }
    });
    let Some(tree) = tree.filter(|_| need.is_empty()) else {
        need.sort();
        need.dedup();
        return Progress::Need(need);
    };

    let (text, strings) = match pasted {
        Some(p) => p,
        None => {
            let text = tree.root.record.clone().unwrap_or_default();
            let len = text.len();
            (text, vec![len])
        }
    };
    let mut parsed = pasted_parse.unwrap_or_else(|| parse_record(&text));
    let mut errors = std::mem::take(&mut parsed.errors);
    if req.record.is_none() && tree.root.record.is_none() {
        errors = vec![SyntaxError {
            position: 0,
            message: tree.root.problem.clone().unwrap_or_else(|| "no SPF record found".to_string()),
        }];
    }
    if errors.is_empty() {
        warnings.extend(lint::lint_record(&parsed.record, &strings, domain.as_deref()));
        warnings.extend(lint::lint_tree(&tree, &parsed.record));
    }
    warnings.sort_by_key(|w| w.severity);
    let terms = parsed
        .record
        .terms
        .iter()
        .map(|t| SpfTermInfo {
            text: parsed.record.term_text(t).to_string(),
            position: t.span.start,
            meaning: words::meaning(&t.kind),
        })
        .collect();
    Progress::Done(SpfReport {
        domain,
        record: text,
        valid: errors.is_empty(),
        errors,
        warnings,
        terms,
        lookups: tree.lookups,
        void_lookups: tree.void_lookups,
        result: evaluation.as_ref().map(|e| e.result),
        reason: evaluation.as_ref().map(|e| e.reason.clone()),
        explanation: evaluation.and_then(|e| e.explanation),
        tree: tree.root,
        authorized: tree.authorized,
        unresolved: tree.unresolved,
    })
}

/// The record to check from pasted text: its joined text and character-string lengths. Several
/// pasted records are a finding (a domain must publish one); a zone-file or `dig` line
/// (`example.com. 300 IN TXT "v=spf1 ..."`) is read from its first quote.
fn pick_record(pasted: &str, warnings: &mut Vec<RecordWarning>) -> (String, Vec<usize>) {
    let mut records = crate::dns::pasted_txt_records(pasted);
    let spf_count = records.iter().filter(|(r, _)| parse::is_spf_record(r)).count();
    let sender_id = records.iter().any(|(r, _)| r.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("spf2.0")));
    if sender_id && spf_count > 0 {
        warnings.push(RecordWarning {
            code: "sender-id",
            severity: Severity::Warning,
            message: "A Sender ID record (spf2.0/...) was pasted too: Sender ID is obsolete and receivers ignore it; remove it from DNS.".into(),
            position: None,
        });
    }
    if spf_count > 1 {
        warnings.push(RecordWarning {
            code: "multiple-records",
            severity: Severity::Error,
            message: format!("{spf_count} SPF records were pasted: a domain must publish exactly one, or receivers return permerror. Merge them; the first is checked here.").into(),
            position: None,
        });
    }
    let pick = records.iter().position(|(r, _)| parse::is_spf_record(r)).unwrap_or(0);
    if records.is_empty() {
        return (String::new(), vec![0]);
    }
    records.swap_remove(pick)
}

/// An [`SpfNode`]'s terms in display order with their depth (for text output and the page).
pub fn flatten_tree(root: &SpfNode) -> Vec<(usize, &crate::report::SpfTreeTerm)> {
    fn walk<'a>(n: &'a SpfNode, depth: usize, out: &mut Vec<(usize, &'a crate::report::SpfTreeTerm)>) {
        for t in &n.terms {
            out.push((depth, t));
            if let Some(c) = &t.child {
                walk(c, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::Offline;

    fn report(text: &str) -> SpfReport {
        match analyze_spf(&SpfRequest { record: Some(text), ..Default::default() }, &Offline) {
            Progress::Done(r) => r,
            Progress::Need(q) => panic!("offline never needs answers: {q:?}"),
        }
    }

    #[test]
    fn pasted_forms() {
        let r = report("example.com. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 \" \"-all\"");
        assert_eq!(r.record, "v=spf1 ip4:192.0.2.0/24 -all");
        assert!(r.valid && r.warnings.is_empty(), "{:?}", r.warnings);
        let r = report("v=spf1 -all\nv=spf1 +all\nspf2.0/pra -all");
        let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, ["multiple-records", "sender-id"]);
        assert_eq!(r.record, "v=spf1 -all");
        let r = report("spf2.0/pra ip4:192.0.2.1 -all");
        assert!(!r.valid && r.errors[0].message.contains("Sender ID"), "{:?}", r.errors);
    }

    #[test]
    fn offline_evaluation_of_addresses_only_records() {
        let input = SpfInput { ip: "192.0.2.7".parse().unwrap(), sender: "a@example.com", helo: "mx.example.com", receiver: "mx.example.org", now: 0 };
        let req = SpfRequest { record: Some("v=spf1 ip4:192.0.2.0/24 -all"), domain: None, evaluate: Some(input.clone()) };
        let Progress::Done(r) = analyze_spf(&req, &Offline) else { panic!() };
        assert_eq!(r.result, Some(SpfResult::Pass));
        let req = SpfRequest { record: Some("v=spf1 include:_spf.example.net -all"), domain: None, evaluate: Some(input) };
        let Progress::Done(r) = analyze_spf(&req, &Offline) else { panic!() };
        assert_eq!(r.result, Some(SpfResult::TempError));
        assert!(r.reason.unwrap().contains("live DNS lookups are off"));
        assert!(!r.unresolved.is_empty());
    }
}
