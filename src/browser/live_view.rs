//! The live-check module draws its own results: the status line and the findings, into an
//! element the page gives it, as each round finishes. Plain DOM (text nodes only: DNS answers
//! are untrusted), so the module does not carry a second copy of the UI framework; the markup
//! matches the page's own findings list (`crate::ui`), which the stylesheet styles.

use web_sys::{Document, Element, Node};

use super::doh::host_of;
use super::live::run_live_checks;
use crate::live::LiveTargets;
use crate::dns::Query;
use crate::report::{Finding, Severity};

/// The run `run` of live checks, drawn into `target`, which the page marks with
/// `data-run="{run}"`: it stops as soon as the page starts another run or removes the element.
pub async fn show_live_checks(target: Element, run: String, targets: &LiveTargets, endpoints: Vec<String>) {
    let Some(document) = target.owner_document() else { return };
    let host = endpoints.first().map_or("", |e| host_of(e)).to_string();
    let current = |t: &Element| t.is_connected() && t.get_attribute("data-run").as_deref() == Some(run.as_str());
    if !current(&target) {
        return;
    }
    let _ = draw(&document, &target, "Starting…", &[], &[]);
    run_live_checks(targets, endpoints, |asking, findings, done| {
        if !current(&target) {
            return false;
        }
        let status = match (asking.map(<[_]>::len), done) {
            (Some(n), _) => format!("Looking up {n} {} at {host}…", if n == 1 { "name" } else { "names" }),
            (None, true) => format!("Done: what DNS says now, asked at {host}."),
            (None, false) => "Starting…".to_string(),
        };
        let _ = draw(&document, &target, &status, asking.unwrap_or(&[]), findings);
        true
    })
    .await;
}

/// A new `tag` element with `class` and `text`, appended to `parent`.
fn child(document: &Document, parent: &Node, tag: &str, class: &str, text: Option<&str>) -> Option<Element> {
    let e = document.create_element(tag).ok()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if text.is_some() {
        e.set_text_content(text);
    }
    parent.append_child(&e).ok()?;
    Some(e)
}

/// Replace what `target` shows: the status line (with a spinner and each name being looked up
/// while `asking` is not empty) and the findings.
fn draw(document: &Document, target: &Element, status: &str, asking: &[Query], findings: &[Finding]) -> Option<()> {
    target.set_text_content(None);
    let line = child(document, target, "p", "live-status", None)?;
    line.set_attribute("role", "status").ok()?;
    if !asking.is_empty() {
        child(document, &line, "span", "spinner", None)?.set_attribute("aria-hidden", "true").ok()?;
    }
    line.append_child(&document.create_text_node(status)).ok()?;
    if !asking.is_empty() {
        let details = child(document, target, "details", "live-lookups", None)?;
        child(document, &details, "summary", "", Some("The names being looked up"))?;
        let list = child(document, &details, "ul", "", None)?;
        for q in asking {
            child(document, &list, "li", "mono live-lookup", Some(&format!("{} {}", q.rtype.as_str(), q.name)))?;
        }
    }
    if findings.is_empty() {
        return Some(());
    }
    let list = child(document, target, "ul", "live-findings", None)?;
    for f in findings {
        let (class, label) = match f.severity {
            Severity::Error => ("error", "Problem"),
            Severity::Warning => ("warning", "Warning"),
            Severity::Info => ("info", "Note"),
        };
        let item = child(document, &list, "li", &format!("finding {class}"), None)?;
        item.set_attribute("data-code", f.code).ok()?;
        child(document, &item, "span", &format!("badge {class}"), Some(label))?;
        child(document, &item, "span", "finding-message", Some(&f.message))?;
        if let Some(fix) = &f.fix {
            let p = child(document, &item, "p", "fix", None)?;
            child(document, &p, "strong", "", Some("What to do: "))?;
            p.append_child(&document.create_text_node(fix)).ok()?;
        }
    }
    Some(())
}
