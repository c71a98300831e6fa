//! The DKIM/DMARC module draws its own results into an element the page gives it (plain DOM:
//! `super::dom`): a pasted DMARC record checked under both RFCs, or a message's DKIM signatures
//! verified, its ARC sets and its DMARC verdict. Offline the signatures' body hashes are checked
//! and the alignment judged; with live checks on, the keys and the DMARC record are looked up
//! first (the offline answer stays on screen meanwhile).

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node};

use super::doh::Resolved;
use super::bridge::AuthInput;
use super::dom::{self, child, text};
use crate::auth::{auth_findings, check_message, received_at, DmarcVerdict};
use crate::dkim::arc::{arc_sets, ArcSet};
use crate::dkim::verify::{DkimResult, DkimVerification};
use crate::dmarc::record::TagName;
use crate::dmarc::{analyze_dmarc, DmarcRequest};
use crate::dns::{Offline, Progress, Query, Resolver};
use crate::report::{DmarcReport, Finding, RecordWarning};

/// Draw the checks of `input` (a `kind`) into `target` while its `data-run` is `run`, looking
/// keys and records up at `endpoints` (none: offline).
/// For a pasted record, its verdict (the headline) and first step, for the page's banner,
/// which the first load cannot tell without the DMARC parser.
pub async fn show_auth_checks(target: Element, run: String, kind: AuthInput, input: &str, endpoints: Vec<String>) -> Option<(String, Option<String>)> {
    let document = target.owner_document()?;
    if kind == AuthInput::Record {
        let verdict = record_verdict(input);
        show_record(target, run, input.to_string(), None, endpoints).await;
        return Some(verdict);
    }
    let (headers, _) = crate::headers::analyze_headers(input);
    let raw = (kind == AuthInput::Message).then_some(input);
    let now = received_at(&headers).unwrap_or(0);
    let arc = arc_sets(input.as_bytes());
    let (offline, done) = match kind {
        AuthInput::Message => (
            "Checked in this browser. DKIM keys and the DMARC record were not looked up: switch on live checks to verify the signatures and see the policy.",
            "DKIM keys and the DMARC record as DNS has them",
        ),
        _ => ("Checked in this browser, from the header fields alone: paste the whole message to check its DKIM signatures.", "the DMARC record as DNS has it"),
    };
    let draw = |status: Option<(&str, &[Query])>, (dkim, verdict): &(Vec<DkimVerification>, Option<DmarcVerdict>)| {
        target.set_text_content(None);
        let (line, asking) = status.unwrap_or_default();
        let _ = dom::status(&document, &target, line, asking).and_then(|_| draw_message(&document, &target, dkim, verdict.as_ref(), &arc));
        let mut text = String::new();
        crate::render::render_arc(&mut text, &arc);
        crate::render::render_findings(&mut text, "DKIM and DMARC", &auth_findings(dkim, verdict.as_ref()));
        leave_report_part(&target, &text, &MessageAuth { dkim, dmarc: verdict.as_ref(), arc: &arc });
    };
    offline_then_live(&target, &run, endpoints, Some(offline), done, |dns| check_message(raw, &headers, now, dns), draw).await;
    None
}

/// A pasted DMARC record's verdict and first step, as the CLI's report tells them.
fn record_verdict(record: &str) -> (String, Option<String>) {
    let req = DmarcRequest { record: Some(record), domain: None };
    let Progress::Done(r) = analyze_dmarc(&req, &Offline) else { return (String::new(), None) };
    let step = crate::render::record_first_step(r.errors.first().or(r.rfc7489.errors.first()), &r.warnings);
    (crate::pipeline::dmarc_finding(&r).message, step)
}

/// Run `analysis` offline and draw it (with `offline` as the status line); then, with
/// `endpoints`, over DoH round by round — the offline drawing stays, with the names being looked
/// up — until it is done ("Done: `done` now"). Stops when `target` no longer wants run `run`.
async fn offline_then_live<T>(target: &Element, run: &str, endpoints: Vec<String>, offline: Option<&str>, done: &str,
    analysis: impl Fn(&dyn Resolver) -> Progress<T>, draw: impl Fn(Option<(&str, &[Query])>, &T)) {
    let Progress::Done(result) = analysis(&Offline) else { return };
    if !dom::is_current(target, run) {
        return;
    }
    if endpoints.is_empty() {
        draw(offline.map(|line| (line, &[][..])), &result);
        return;
    }
    let host = dom::resolver_host(&endpoints);
    let on_round = |asking: &[Query]| {
        let current = dom::is_current(target, run);
        if current {
            draw(Some((&dom::looking_up(asking.len(), &host), asking)), &result);
        }
        current
    };
    let live = super::live::dns(endpoints).resolve(|answers| analysis(answers), on_round).await;
    if !dom::is_current(target, run) {
        return;
    }
    match live {
        Resolved::Done(found) => draw(Some((&format!("Done: {done} now, asked at {host}."), &[])), &found),
        // The offline result stays, saying that nothing was looked up.
        Resolved::Unreachable(why) => draw(
            Some((&format!("mxray could not reach the DNS resolver ({why}): nothing was looked up, so this is what the text alone shows. Try again, or choose another resolver above."), &[])),
            &result,
        ),
        Resolved::Stopped => {}
    }
}

/// A pasted DMARC record, checked as if published for `domain` when one was typed in the form
/// drawn under it: then report destinations in other domains are checked for their
/// authorization records, offline first, then over DoH at `endpoints` when live checks are on.
async fn show_record(target: Element, run: String, record: String, domain: Option<String>, endpoints: Vec<String>) {
    let Some(document) = target.owner_document() else { return };
    let req = DmarcRequest { record: Some(&record), domain: domain.as_deref() };
    let draw = |status: Option<(&str, &[Query])>, r: &DmarcReport| {
        let again = (target.clone(), run.clone(), record.clone(), endpoints.clone());
        target_redraw(&document, &target, status, r, move |typed| {
            let (target, run, record, endpoints) = again.clone();
            let domain = Some(typed).filter(|d| !d.is_empty());
            wasm_bindgen_futures::spawn_local(show_record(target, run, record, domain, endpoints));
        });
    };
    // Without a domain there is nothing to look up.
    let lookups = if domain.is_some() { endpoints.clone() } else { Vec::new() };
    offline_then_live(&target, &run, lookups, None, "report authorizations as DNS has them", |dns| analyze_dmarc(&req, dns), draw).await;
}

/// Replace what `target` shows with the record view of `r` (after a status line when given) and
/// the domain form, whose submissions go to `check`.
fn target_redraw(document: &Document, target: &Element, status: Option<(&str, &[Query])>, r: &DmarcReport, check: impl Fn(String) + 'static) {
    // Keyboard users keep their place: focus inside the old drawing goes to the new field.
    let had_focus = document.active_element().is_some_and(|a| target.contains(Some(&a)));
    target.set_text_content(None);
    if let Some((line, asking)) = status {
        let _ = dom::status(document, target, line, asking);
    }
    let _ = draw_record(document, target, r, |record_end| domain_form(document, record_end, r.domain.as_deref(), check));
    let mut text = String::from("\n");
    crate::render::render_dmarc(&mut text, r);
    leave_report_part(target, &text, &RecordCheck { dmarc_record: r });
    if had_focus {
        if let Some(field) = target.query_selector("#dmarc-domain").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = field.focus();
        }
    }
}

/// "Published for" and a domain field: the record is checked again as that domain's.
fn domain_form(document: &Document, target: &Element, domain: Option<&str>, check: impl Fn(String) + 'static) -> Option<()> {
    let form = child(document, target, "form", "live-custom dmarc-domain", None)?;
    let label = child(document, &form, "label", "", Some("Check it as published for the domain"))?;
    label.set_attribute("for", "dmarc-domain").ok()?;
    let input = child(document, &form, "input", "", None)?;
    for (name, value) in [("id", "dmarc-domain"), ("type", "text"), ("placeholder", "example.com"), ("autocomplete", "off"), ("spellcheck", "false"), ("value", domain.unwrap_or(""))] {
        input.set_attribute(name, value).ok()?;
    }
    child(document, &form, "button", "", Some("Check"))?.set_attribute("type", "submit").ok()?;
    child(document, &form, "p", "hint", Some("Report destinations in other domains are then checked for their authorization records (with live checks on), and the Organizational Domain is shown."))?;
    let input: web_sys::HtmlInputElement = input.dyn_into().ok()?;
    let on_submit = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        check(input.value().trim().trim_end_matches('.').to_ascii_lowercase());
    });
    form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref()).ok()?;
    // The listener lives as long as the form: it is dropped with it on the next drawing, and a
    // handful of closures per check is all this keeps.
    on_submit.forget();
    Some(())
}

/// A message's part of the JSON report, named as in the Report.
#[derive(Serialize)]
struct MessageAuth<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    dkim: &'a [DkimVerification],
    #[serde(skip_serializing_if = "Option::is_none")]
    dmarc: Option<&'a DmarcVerdict>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    arc: &'a [ArcSet],
}

/// A pasted record's part of the JSON report, named as in the Report.
#[derive(Serialize)]
struct RecordCheck<'a> {
    dmarc_record: &'a DmarcReport,
}

/// Leave what this drawing adds to the page's ticket text and JSON report in `target` (see
/// `bridge`): the text to append, and `part`'s members as they would appear in the
/// pretty-printed Report (`,\n  "dkim": …`). On a hidden child, so that the next drawing, or
/// the page starting another run, takes it away with the rest.
fn leave_report_part(target: &Element, text: &str, part: &impl Serialize) {
    let json = serde_json::to_string_pretty(part).ok();
    let members = json.as_deref().and_then(|j| j.strip_prefix("{\n")?.strip_suffix("\n}")).map(|inner| format!(",\n{inner}"));
    let Some(holder) = target.owner_document().and_then(|d| child(&d, target, "span", "report-part", None)) else { return };
    let _ = holder.set_attribute("hidden", "");
    let _ = holder.set_attribute("data-text", text);
    let _ = holder.set_attribute("data-json", members.as_deref().unwrap_or(""));
}

fn verdict_badge(result: &str) -> &'static str {
    match result {
        "pass" => "badge pass",
        "fail" => "badge error",
        _ => "badge",
    }
}

/// `label` and `value` as a `dt`/`dd` pair of `list`.
fn fact(document: &Document, list: &Node, label: &str, value: &str) -> Option<()> {
    child(document, list, "dt", "", Some(label))?;
    child(document, list, "dd", "", Some(value)).map(|_| ())
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// A message: the DMARC verdict with its facts, the DKIM signatures, the ARC sets.
fn draw_message(document: &Document, target: &Element, dkim: &[DkimVerification], verdict: Option<&DmarcVerdict>, arc: &[ArcSet]) -> Option<()> {
    if let Some(v) = verdict {
        let block = child(document, target, "div", &format!("dmarc-verdict {}", v.result), None)?;
        let line = child(document, &block, "p", "", None)?;
        child(document, &line, "span", verdict_badge(v.result), Some(&format!("DMARC {}", v.result)))?;
        text(document, &line, " ")?;
        child(document, &line, "span", "dmarc-explanation", Some(&v.explanation))?;
        let facts = child(document, &block, "dl", "auth-facts", None)?;
        fact(document, &facts, "From domain", &v.from_domain)?;
        let spf = match (&v.spf_domain, v.spf_pass) {
            (Some(d), Some(pass)) => format!("{d}: {} (aligned with From: {})", if pass { "pass" } else { "did not pass" }, yes_no(v.spf_aligned)),
            (Some(d), None) => format!("{d}: not reported by the receiving server"),
            (None, _) => "not known (no Return-Path or Authentication-Results)".into(),
        };
        fact(document, &facts, "SPF", &spf)?;
        let dkim_fact = match v.dkim_domains.as_slice() {
            [] => "no passing signature".to_string(),
            ds => format!("passed for {} (aligned with From: {})", ds.join(", "), yes_no(v.dkim_aligned)),
        };
        fact(document, &facts, "DKIM", &dkim_fact)?;
        let policy = match (v.policy, &v.policy_domain) {
            (Some(p), Some(d)) => format!("{} (from the record of {d})", p.as_str()),
            _ => "not looked up".to_string(),
        };
        fact(document, &facts, "Policy", &policy)?;
    }
    if !dkim.is_empty() {
        child(document, target, "h3", "", Some("DKIM signatures"))?;
        let head = ["Signed by (d=)", "Selector (s=)", "Algorithm", "Body hash", "Header signature", "Result", "Why"];
        let body = dom::table(document, target, "DKIM signatures", &head)?;
        for d in dkim {
            let body_hash = match d.body_hash_ok {
                Some(true) => "matches",
                Some(false) => "changed since signing",
                None => "not checked",
            };
            let header = match d.header_signature_ok {
                Some(true) => "verifies",
                Some(false) => "does not verify",
                None if d.result == DkimResult::None => "key not looked up",
                None => "not checked",
            };
            let algorithm = match d.key_bits {
                Some(bits) => format!("{} ({bits}-bit key)", d.algorithm),
                None => d.algorithm.clone(),
            };
            let cells = [("mono", d.domain.as_str()), ("mono", &d.selector), ("", &algorithm), ("body-hash", body_hash), ("header-signature", header), ("result", d.result.as_str()), ("", &d.reason)];
            dom::row(document, &body, &format!("dkim-row {}", d.result.as_str()), &head, &cells)?;
        }
        let warnings: Vec<Finding> = dkim.iter().flat_map(|d| d.warnings.iter().map(move |w| as_finding(w, Some(&d.domain)))).collect();
        dom::findings(document, target, &warnings)?;
    }
    if !arc.is_empty() {
        child(document, target, "h3", "", Some("ARC sets (intermediaries that vouched for the message)"))?;
        let head = ["Instance (i=)", "Chain before it (cv=)", "Sealed by", "Signed by", "What it found"];
        let body = dom::table(document, target, "ARC sets", &head)?;
        for set in arc {
            let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
            let values = [set.instance.to_string(), dash(&set.cv), dash(&set.sealed_by), dash(&set.signed_by), dash(&set.results)];
            let cells: Vec<(&str, &str)> = values.iter().map(|v| ("mono", v.as_str())).collect();
            dom::row(document, &body, "arc-row", &head, &cells)?;
        }
    }
    Some(())
}

/// A record warning as a finding (`about`: whose signature it concerns).
fn as_finding(w: &RecordWarning, about: Option<&str>) -> Finding {
    let message = match about {
        Some(d) => format!("Signature by {d}: {}", w.message),
        None => w.message.to_string(),
    };
    Finding { severity: w.severity, code: w.code, message, fix: None }
}

/// A DMARC record: the verdict, the record with its first error underlined (then whatever
/// `below_record` draws into the element it is given), the errors under each RFC, what the
/// policies are, each tag with its meaning, the warnings.
fn draw_record(document: &Document, target: &Element, r: &DmarcReport, below_record: impl FnOnce(&Element) -> Option<()>) -> Option<()> {
    dom::findings(document, target, &[crate::pipeline::dmarc_finding(r)])?;
    let record = child(document, target, "code", "spf-record dmarc-record", None)?;
    match r.errors.first().map(|e| e.position.min(r.record.len())) {
        Some(at) if r.record.is_char_boundary(at) => {
            let end = r.record[at..].find(';').map_or(r.record.len(), |i| at + i).max(at);
            text(document, &record, &r.record[..at])?;
            let bad = child(document, &record, "span", "spf-bad", Some(if end > at { &r.record[at..end] } else { " " }))?;
            bad.set_attribute("title", &r.errors[0].message).ok()?;
            child(document, &bad, "span", "visually-hidden", Some(" (error here)"))?;
            text(document, &record, &r.record[end..])?;
        }
        _ => text(document, &record, &r.record)?,
    }
    below_record(target)?;
    if !r.errors.is_empty() {
        let list = child(document, target, "ul", "spf-errors dmarc-errors", None)?;
        for e in &r.errors {
            let item = child(document, &list, "li", "spf-error", None)?;
            child(document, &item, "span", "badge error", Some("Error"))?;
            text(document, &item, &format!("byte {}: {}", e.position, e.message))?;
        }
    }
    let rfc7489 = match (r.valid, r.rfc7489.valid) {
        (true, true) => "Valid under both RFC 9989 (DMARCbis, 2026) and RFC 7489.".to_string(),
        (false, true) => "Valid under RFC 7489, which many receivers still follow; not under RFC 9989.".to_string(),
        (true, false) => format!("Valid under RFC 9989; under the older RFC 7489: {}", r.rfc7489.errors.iter().map(|e| format!("{} (byte {})", e.message, e.position)).collect::<Vec<_>>().join(" ")),
        (false, false) => "Invalid under both RFC 9989 and RFC 7489.".to_string(),
    };
    child(document, target, "p", "dmarc-rfcs", Some(&rfc7489))?;
    let facts = child(document, target, "dl", "auth-facts", None)?;
    fact(document, &facts, "Policy for the domain", r.policy.as_str())?;
    fact(document, &facts, "For subdomains", r.subdomain_policy.as_str())?;
    fact(document, &facts, "For subdomains that do not exist", r.nonexistent_policy.as_str())?;
    let uris = |list: &[crate::dmarc::ReportUri]| if list.is_empty() { "none".to_string() } else { list.iter().map(|u| u.uri.as_str()).collect::<Vec<_>>().join(", ") };
    fact(document, &facts, "Aggregate reports to", &uris(&r.rua))?;
    fact(document, &facts, "Failure reports to", &uris(&r.ruf))?;
    if let Some(org) = &r.org_domain {
        let org = match &r.org_domain_tree_walk {
            Some(walk) if walk != org => format!("{org} by the Public Suffix List, {walk} by the DNS tree walk (RFC 9989 receivers use {walk})"),
            _ => org.clone(),
        };
        fact(document, &facts, "Organizational Domain", &org)?;
    }
    if !r.tags.is_empty() {
        let head = ["Tag", "Value", "Meaning"];
        let body = dom::table(document, target, "DMARC tags", &head)?;
        for t in &r.tags {
            let meaning = t.known.map_or("Not a DMARC tag: receivers ignore it.", TagName::meaning);
            dom::row(document, &body, "", &head, &[("mono", &t.name), ("mono", &t.value), ("", meaning)])?;
        }
    }
    let warnings: Vec<Finding> = r.warnings.iter().map(|w| as_finding(w, None)).collect();
    dom::findings(document, target, &warnings)
}
