//! The top of the report: what was detected, the verdict, the findings, copy and download.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::report::{Finding, Report, Severity};
use crate::render::verdict;

/// The one-line verdict and what the input was recognised as.
///
/// `told` is a module's headline and first step for what the first load cannot judge (a pasted
/// DMARC record: the DMARC parser is in the DKIM/DMARC module).
pub fn detection_banner(r: &Report, told: Option<&(String, Option<String>)>) -> Html {
    // A bounce and a reply line tell who must act in their own advice; the rest here, at once.
    let (mut who, mut step) = if r.bounce.is_none() && r.explanations.is_empty() { crate::render::first_step(r) } else { (None, None) };
    let mut headline = verdict(r);
    if let Some((told_headline, told_step)) = told.filter(|(h, _)| !h.is_empty()) {
        headline = told_headline.clone();
        (who, step) = (told_step.as_ref().map(|_| crate::render::RECORD_ACTOR), told_step.clone());
    }
    html! {
        <div class={classes!("verdict", format!("kind-{}", r.detected.as_str()))}>
            <p class="verdict-text">{headline}</p>
            if let Some(step) = step {
                <p class="first-step">
                    if let Some(who) = who { <span class="who">{"Who must act: "}{who.describe()}{". "}</span> }
                    <strong>{"First step: "}</strong>{step}
                </p>
            }
            <p class="detected">
                <span class="badge detected-kind" data-kind={r.detected.as_str()}>{r.detected.describe()}</span>
                if !r.detection.evidence.is_empty() {
                    <span class="evidence">{" — "}{&r.detection.evidence}</span>
                }
            </p>
        </div>
    }
}

// The clipboard is asked at the click, while it still counts as the visitor's, for text that
// arrives when the report module has written it.
#[wasm_bindgen(inline_js = "
export function copy_when_ready(text) {
  return navigator.clipboard.write([new ClipboardItem({ 'text/plain': text.then((t) => new Blob([t], { type: 'text/plain' })) })]);
}")]
extern "C" {
    fn copy_when_ready(text: &js_sys::Promise) -> js_sys::Promise;
}

/// Copy the report of `text` as ticket text; download it as JSON (both made by the report
/// module, with the DKIM/DMARC drawing's part).
pub fn actions(text: Rc<str>) -> Html {
    let copy = {
        let text = text.clone();
        Callback::from(move |e: MouseEvent| {
            // Said on the button itself: no state to keep.
            let button: web_sys::Element = e.target_unchecked_into();
            let (text, part) = (text.clone(), module_part("data-text").unwrap_or_default());
            let made = wasm_bindgen_futures::future_to_promise(async move {
                super::module::report_as("report_text", &text, &part).await.map(JsValue::from).map_err(JsValue::from)
            });
            let written = copy_when_ready(&made);
            button.set_text_content(Some("Preparing ticket text…"));
            wasm_bindgen_futures::spawn_local(async move {
                let said = match JsFuture::from(written).await {
                    Ok(_) => "Copied".to_string(),
                    Err(_) => match JsFuture::from(made).await {
                        Err(why) => format!("Copy failed: {}", why.as_string().unwrap_or_default()),
                        Ok(_) => "Copy failed: the browser refused the clipboard".to_string(),
                    },
                };
                button.set_text_content(Some(&said));
            });
        })
    };
    let download = Callback::from(move |e: MouseEvent| {
        let button: web_sys::Element = e.target_unchecked_into();
        let text = text.clone();
        button.set_text_content(Some("Preparing JSON…"));
        wasm_bindgen_futures::spawn_local(async move {
            let members = module_part("data-json").unwrap_or_default();
            let said = match super::module::report_as("report_json", &text, &members).await {
                Ok(json) => download_json(json).map_or("Download failed", |_| "Download JSON").to_string(),
                Err(why) => format!("Download failed: {why}"),
            };
            button.set_text_content(Some(&said));
        });
    });
    html! {
        <div class="report-actions">
            <button type="button" onclick={copy}>{"Copy as ticket text"}</button>
            <button type="button" onclick={download}>{"Download JSON"}</button>
        </div>
    }
}

/// What the DKIM/DMARC module's current drawing left for the report (`crate::browser::bridge`).
fn module_part(name: &str) -> Option<String> {
    web_sys::window()?.document()?.query_selector(".auth-body .report-part").ok()??.get_attribute(name)
}

fn download_json(json: String) -> Option<()> {
    let parts = js_sys::Array::of1(&json.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download("mxray-report.json");
    link.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

/// Every finding (most serious first) with its severity, explanation and fix.
pub fn findings_list(findings: &[Finding]) -> Html {
    if findings.is_empty() {
        return html! {};
    }
    html! {
        <section class="findings" aria-label="Findings">
            <h2>{"Findings"}</h2>
            <ul>
            { for findings.iter().map(|f| finding_item(f.severity, f.code, &f.message, f.fix.as_deref())) }
            </ul>
        </section>
    }
}

/// One finding: its severity badge, the message, and the fix when there is one.
pub(crate) fn finding_item(severity: Severity, code: &str, message: &str, fix: Option<&str>) -> Html {
    let (class, label) = match severity {
        Severity::Error => ("error", "Problem"),
        Severity::Warning => ("warning", "Warning"),
        Severity::Info => ("info", "Note"),
    };
    html! {
        <li class={classes!("finding", class)} data-code={code.to_string()}>
            <span class={classes!("badge", class)}>{label}</span>
            <span class="finding-message">{message}</span>
            if let Some(fix) = fix {
                <p class="fix"><strong>{"What to do: "}</strong>{fix}</p>
            }
        </li>
    }
}
