//! The live-check module draws its own results: the status line and the findings, into an
//! element the page gives it, as each round finishes (plain DOM: `super::dom`).

use web_sys::{Document, Element};

use super::dom;
use super::live::run_live_checks;
use crate::live::LiveTargets;
use crate::dns::Query;
use crate::report::Finding;

/// The run `run` of live checks, drawn into `target`, which the page marks with
/// `data-run="{run}"`: it stops as soon as the page starts another run or removes the element.
pub async fn show_live_checks(target: Element, run: String, targets: &LiveTargets, endpoints: Vec<String>) {
    let Some(document) = target.owner_document() else { return };
    let host = dom::resolver_host(&endpoints);
    if !dom::is_current(&target, &run) {
        return;
    }
    let _ = draw(&document, &target, "Starting…", &[], &[]);
    run_live_checks(targets, endpoints, |asking, findings, done| {
        if !dom::is_current(&target, &run) {
            return false;
        }
        let status = match (asking.map(<[_]>::len), done) {
            (Some(n), _) => dom::looking_up(n, &host),
            (None, true) => format!("Done: what DNS says now, asked at {host}."),
            (None, false) => "Starting…".to_string(),
        };
        let _ = draw(&document, &target, &status, asking.unwrap_or(&[]), findings);
        true
    })
    .await;
}

/// Replace what `target` shows: the status line (with each name being looked up while `asking`
/// is not empty) and the findings.
fn draw(document: &Document, target: &Element, status: &str, asking: &[Query], findings: &[Finding]) -> Option<()> {
    target.set_text_content(None);
    dom::status(document, target, status, asking)?;
    dom::findings(document, target, findings)
}
