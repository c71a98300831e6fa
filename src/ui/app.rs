//! The page: paste box, then the report.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use super::bounce_view::{BounceView, ExplanationList};
use super::headers_view::HeadersView;
use super::input::PasteBox;
use super::spf_view::SpfView;
use super::summary::{Actions, DetectionBanner, FindingsList};
use crate::report::Report;

/// Analysis runs this long after the last keystroke.
const DEBOUNCE_MS: u32 = 250;

/// The whole application.
#[function_component(App)]
pub fn app() -> Html {
    let text = use_state(String::new);
    let report = use_state(|| None::<Rc<Report>>);
    let pending = use_mut_ref(|| None::<Timeout>);

    let run = {
        let report = report.clone();
        Callback::from(move |input: String| {
            report.set((!input.trim().is_empty()).then(|| Rc::new(crate::analyze(&input))));
        })
    };

    let on_input = {
        let text = text.clone();
        let run = run.clone();
        let pending: Rc<RefCell<Option<Timeout>>> = pending.clone();
        Callback::from(move |value: String| {
            text.set(value.clone());
            let run = run.clone();
            // Replacing the handle drops (cancels) the previous timer.
            *pending.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || run.emit(value)));
        })
    };
    let on_analyze = {
        let text = text.clone();
        let run = run.clone();
        let pending = pending.clone();
        Callback::from(move |_| {
            pending.borrow_mut().take();
            run.emit((*text).clone());
        })
    };
    let on_file = {
        let text = text.clone();
        let run = run.clone();
        Callback::from(move |content: String| {
            text.set(content.clone());
            run.emit(content);
        })
    };

    html! {
        <>
        <header class="top">
            <h1>{"mxray"}</h1>
            <p class="tagline">{"Paste email headers, a bounce, or an SPF/DMARC record: see what happened and what to do."}</p>
            <p class="privacy">{"Everything runs in this page. Nothing you paste is sent anywhere."}</p>
        </header>
        <main>
            <PasteBox value={(*text).clone()} {on_input} {on_analyze} {on_file} />
            if let Some(report) = &*report {
                <section class="report" aria-live="polite" aria-label="Analysis">
                    <DetectionBanner report={report.clone()} />
                    <Actions report={report.clone()} />
                    if let Some(bounce) = &report.bounce {
                        <BounceView bounce={Rc::new(bounce.clone())} />
                    }
                    <ExplanationList explanations={report.explanations.clone()} />
                    <FindingsList findings={report.findings.clone()} />
                    if let Some(spf) = &report.spf {
                        <SpfView spf={Rc::new(spf.clone())} />
                    }
                    if let Some(headers) = &report.headers {
                        <HeadersView headers={Rc::new(headers.clone())}
                            title={if report.bounce.is_some() { "The bounce message itself" } else { "Message" }} />
                    }
                </section>
            }
        </main>
        <footer><p>{"mxray runs offline once loaded. Command-line version: "}<code>{"mxray analyze FILE"}</code></p></footer>
        </>
    }
}
