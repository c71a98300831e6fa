//! The live-check module draws its own results: the status line and the findings, into an
//! element the page gives it, as each round finishes (plain DOM: `super::dom`).

use web_sys::{Document, Element};

use super::dom;
use super::live::{run_live_checks, LiveState};
use crate::live::{LiveRun, LiveTargets};
use crate::dns::Query;
use crate::report::Finding;

/// The run `run_id` of live checks, drawn into `target`, which the page marks with
/// `data-run="{run_id}"`: it stops as soon as the page starts another run or removes the element.
pub async fn show_live_checks(target: Element, run_id: String, targets: &LiveTargets, endpoints: Vec<String>) {
    let Some(document) = target.owner_document() else { return };
    let host = dom::resolver_host(&endpoints);
    if !dom::is_current(&target, &run_id) {
        return;
    }
    let _ = draw(&document, &target, "Starting…", &[], &[]);
    run_live_checks(targets, endpoints, |state, run| {
        if !dom::is_current(&target, &run_id) {
            return false;
        }
        let _ = match state {
            LiveState::Asking(q) => draw(&document, &target, &dom::looking_up(q.len(), &host), q, &run.findings),
            LiveState::Done => {
                let done = format!("Done: what DNS says now about {}, asked at {host}.", run.checked.join(", "));
                draw(&document, &target, &done, &[], &run.findings)
            }
            LiveState::Unreachable(why) => {
                target.set_text_content(None);
                dom::failure(&document, &target, &unreachable(why, run)).and_then(|()| dom::findings(&document, &target, &run.findings))
            }
        };
        true
    })
    .await;
}

/// The status when no resolver could be reached: why, what was checked before, and what not.
fn unreachable(why: &str, run: &LiveRun) -> String {
    let unchecked = run.unchecked();
    let checked = if run.checked.is_empty() {
        "Nothing was checked".to_string()
    } else {
        format!("Checked before that: {}. Not checked", run.checked.join(", "))
    };
    let not = if unchecked.is_empty() || run.checked.is_empty() { String::new() } else { format!(": {}", unchecked.join(", ")) };
    format!("mxray could not reach the DNS resolver ({why}). {checked}{not}. Try again, or choose another resolver above.")
}

/// Replace what `target` shows: the status line (with each name being looked up while `asking`
/// is not empty) and the findings.
fn draw(document: &Document, target: &Element, status: &str, asking: &[Query], findings: &[Finding]) -> Option<()> {
    target.set_text_content(None);
    dom::status(document, target, status, asking)?;
    dom::findings(document, target, findings)
}
