//! Plain-DOM drawing for the on-demand modules, which draw their own results into an element the
//! page gives them: no second copy of the UI framework in each module. Text is only ever set as
//! text nodes (what is drawn comes from pasted text and DNS answers, both untrusted). The markup
//! matches the page's own (`crate::ui`), which the stylesheet styles.

use web_sys::{Document, Element, Node};

use super::doh::host_of;
use crate::dns::Query;
use crate::report::{Finding, Severity};

/// Whether `target` still wants run `run` drawn: the page marks the run it wants with
/// `data-run` and removes the mark (or the element) when it moves on.
pub fn is_current(target: &Element, run: &str) -> bool {
    target.is_connected() && target.get_attribute("data-run").as_deref() == Some(run)
}

/// The host of the first resolver, as status lines name it.
pub fn resolver_host(endpoints: &[String]) -> String {
    endpoints.first().map_or("", |e| host_of(e)).to_string()
}

/// The status while a round of `n` lookups runs at `host`.
pub fn looking_up(n: usize, host: &str) -> String {
    format!("Looking up {n} {} at {host}…", if n == 1 { "name" } else { "names" })
}

/// A new `tag` element with `class` and `text`, appended to `parent`.
pub fn child(document: &Document, parent: &Node, tag: &str, class: &str, text: Option<&str>) -> Option<Element> {
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

/// Append `text` to `parent` as a text node.
pub fn text(document: &Document, parent: &Node, text: &str) -> Option<()> {
    parent.append_child(&document.create_text_node(text)).ok().map(|_| ())
}

/// The status line (`p.live-status`, announced to screen readers), with a spinner and the list
/// of names being looked up while `asking` is not empty.
pub fn status(document: &Document, parent: &Node, status: &str, asking: &[Query]) -> Option<()> {
    let line = child(document, parent, "p", "live-status", None)?;
    line.set_attribute("role", "status").ok()?;
    if !asking.is_empty() {
        child(document, &line, "span", "spinner", None)?.set_attribute("aria-hidden", "true").ok()?;
    }
    text(document, &line, status)?;
    if !asking.is_empty() {
        let details = child(document, parent, "details", "live-lookups", None)?;
        child(document, &details, "summary", "", Some("The names being looked up"))?;
        let list = child(document, &details, "ul", "", None)?;
        for q in asking {
            child(document, &list, "li", "mono live-lookup", Some(&format!("{} {}", q.rtype.as_str(), q.name)))?;
        }
    }
    Some(())
}

/// A run that could not be done (no resolver reached): said at once, apart from any status.
pub fn failure(document: &Document, parent: &Node, why: &str) -> Option<()> {
    child(document, parent, "p", "live-failed", Some(why))?.set_attribute("role", "alert").ok()
}

/// The badge class and label of a severity, as the page's findings list shows them.
fn severity_badge(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("error", "Problem"),
        Severity::Warning => ("warning", "Warning"),
        Severity::Info => ("info", "Note"),
    }
}

/// `findings` as a list (`ul.live-findings`), each with its badge, message and fix.
pub fn findings(document: &Document, parent: &Node, findings: &[Finding]) -> Option<()> {
    if findings.is_empty() {
        return Some(());
    }
    let list = child(document, parent, "ul", "live-findings", None)?;
    for f in findings {
        let (class, label) = severity_badge(f.severity);
        let item = child(document, &list, "li", &format!("finding {class}"), None)?;
        item.set_attribute("data-code", f.code).ok()?;
        child(document, &item, "span", &format!("badge {class}"), Some(label))?;
        child(document, &item, "span", "finding-message", Some(&f.message))?;
        if let Some(fix) = &f.fix {
            let p = child(document, &item, "p", "fix", None)?;
            child(document, &p, "strong", "", Some("What to do: "))?;
            text(document, &p, fix)?;
        }
    }
    Some(())
}

/// A table with `caption` and `head`, its rows filled by the caller, inside a sideways-scrolling
/// region like the page's own tables; returns the `tbody`.
pub fn table(document: &Document, parent: &Node, caption: &str, head: &[&str]) -> Option<Element> {
    let scroll = child(document, parent, "div", "table-scroll", None)?;
    scroll.set_attribute("tabindex", "0").ok()?;
    scroll.set_attribute("role", "region").ok()?;
    scroll.set_attribute("aria-label", caption).ok()?;
    // `stack`: on a phone each row is drawn as a card, each cell labelled with its column.
    let table = child(document, &scroll, "table", "stack", None)?;
    child(document, &table, "caption", "visually-hidden", Some(caption))?;
    let thead = child(document, &table, "thead", "", None)?;
    let row = child(document, &thead, "tr", "", None)?;
    for h in head {
        child(document, &row, "th", "", Some(h))?.set_attribute("scope", "col").ok()?;
    }
    child(document, &table, "tbody", "", None)
}

/// A row of [`table`]: each `(class, text)` cell labelled with its column of `head` (what a
/// phone shows beside it).
pub fn row(document: &Document, body: &Element, class: &str, head: &[&str], cells: &[(&str, &str)]) -> Option<()> {
    let row = child(document, body, "tr", class, None)?;
    for ((class, value), label) in cells.iter().zip(head) {
        child(document, &row, "td", class, Some(value))?.set_attribute("data-label", label).ok()?;
    }
    Some(())
}
