//! The page: paste box, then the report (between index.html's own heading and footer).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use super::auth::{auth_section, use_auth_checks};
use super::bounce_view::{bounce_view, explanation_list};
use super::headers_view::headers_view;
use super::input::{focus_paste_box, take_shell_text, PasteBox, HOLD_LIMIT, MAX_HELD, TYPING_LIMIT};
use crate::browser::doh::endpoints_for;
use super::live::{initial_resolver, live_section, policy_allows, reload_for, remember_resolver, take_kept, usable_resolver, use_live_checks, LiveControls};
use super::share::{opened_link, share_controls, use_masked, Masked};
use super::spf_view::spf_view;
use super::summary::{actions, detection_banner, findings_list};

/// Analysis runs this long after the last keystroke.
const DEBOUNCE_MS: u32 = 250;


/// The parts of the page a help center may leave out: all are shown unless
/// `<meta name="mxray-sections" content="…">` names the ones to show (commas or spaces between;
/// the verdict, the bounce's story and its recipients always show).
#[derive(Clone, Copy, PartialEq)]
struct Sections {
    /// The live-check switch, the resolver choice and the live checks.
    live: bool,
    /// Copy as ticket text, Download JSON, masking and Copy link.
    share: bool,
    findings: bool,
    /// A message's header fields, its hops and their table.
    headers: bool,
}

impl Sections {
    fn from_page() -> Sections {
        let meta = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("meta[name=mxray-sections]").ok().flatten())
            .and_then(|m| m.get_attribute("content"));
        let Some(names) = meta else { return Sections { live: true, share: true, findings: true, headers: true } };
        let has = |name: &str| names.split([',', ' ']).any(|n| n.trim().eq_ignore_ascii_case(name));
        Sections { live: has("live"), share: has("share"), findings: has("findings"), headers: has("headers") }
    }
}

/// The whole application.
#[function_component(App)]
pub fn app() -> Html {
    // What was pasted before the app loaded, or what the page kept over a reload for a new
    // resolver, is taken over and analysed at once.
    let taken = use_memo((), |_| {
        let (shell, focused) = take_shell_text();
        let (kept, live) = take_kept().unwrap_or_default();
        (if kept.is_empty() { shell } else { kept }, focused, live)
    });
    let shell = &taken.0;
    {
        let focused = taken.1;
        use_effect_with((), move |_| {
            if focused {
                focus_paste_box();
            }
        });
    }
    let sections = *use_memo((), |_| Sections::from_page());
    // A long text is held out of the paste box (see `on_hold`).
    let held = use_state(|| (shell.len() > HOLD_LIMIT).then(|| Rc::<str>::from(shell.as_str())));
    let text = use_state(|| if held.is_some() { String::new() } else { shell.clone() });
    let report = use_state(|| (!shell.trim().is_empty()).then(|| Rc::new(crate::pipeline::analyze(shell))));
    // The text `report` is of (the paste box may have changed since).
    let analyzed = use_state(|| Rc::<str>::from(shell.as_str()));
    let pending = use_mut_ref(|| None::<Timeout>);
    // Live checks: off until switched on; the resolver is remembered.
    let live_on = use_state(|| taken.2);
    let resolver = use_state(initial_resolver);
    // On with a resolver that can be asked; a custom URL that cannot holds every lookup back.
    let waiting = *live_on && !usable_resolver(&resolver);
    // The masked view, while switched on, is what the page shows and shares; it asks no DNS
    // (its names are masks).
    let masking = use_state(|| false);
    let masked = use_masked((*analyzed).clone(), *masking);
    let (shown_text, shown) = match &masked {
        Masked::Ready(text, report) => (text.clone(), Some(report.clone())),
        _ => ((*analyzed).clone(), (*report).clone()),
    };
    let shareable = !*masking || matches!(masked, Masked::Ready(..));
    let dns = use_memo((*live_on && !waiting && !*masking, (*resolver).clone()), |(on, r)| on.then(|| Rc::new(endpoints_for(r))));
    let (live_body, live_targets) = use_live_checks(shown.clone(), (*dns).clone());
    let (auth_body, record_verdict) = use_auth_checks(shown.clone(), shown_text.clone(), (*dns).clone());
    let on_mask = {
        let masking = masking.clone();
        Callback::from(move |on: bool| masking.set(on))
    };
    let link_error = use_state(|| None::<String>);
    let on_toggle = {
        let live_on = live_on.clone();
        Callback::from(move |on: bool| live_on.set(on))
    };

    let run = {
        let (report, analyzed) = (report.clone(), analyzed.clone());
        Callback::from(move |input: String| {
            // A held text longer than the limit: its start is read (the rest stays held).
            let read = crate::scan::head(&input, MAX_HELD);
            report.set((!read.trim().is_empty()).then(|| Rc::new(crate::pipeline::analyze(read))));
            analyzed.set(read.into());
        })
    };
    // A long text is held out of the paste box and analysed at once; cleared, the box is back.
    let on_hold = {
        let (held, text, run) = (held.clone(), text.clone(), run.clone());
        Callback::from(move |long: Option<String>| {
            text.set(String::new());
            match long {
                Some(long) => {
                    held.set(Some(long.as_str().into()));
                    run.emit(long);
                }
                None => {
                    held.set(None);
                    run.emit(String::new());
                }
            }
        })
    };

    // A shared link's text is read and analysed when the page opens.
    {
        let (text, run, on_hold, link_error) = (text.clone(), run.clone(), on_hold.clone(), link_error.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match opened_link().await {
                    Some(Ok(shared)) if shared.len() > HOLD_LIMIT => on_hold.emit(Some(shared)),
                    Some(Ok(shared)) => {
                        text.set(shared.clone());
                        run.emit(shared);
                    }
                    Some(Err(why)) => link_error.set(Some(why)),
                    None => {}
                }
            });
        });
    }

    let on_input = {
        let text = text.clone();
        let run = run.clone();
        let pending: Rc<RefCell<Option<Timeout>>> = pending.clone();
        Callback::from(move |value: String| {
            text.set(value.clone());
            let run = run.clone();
            // Replacing the handle drops (cancels) the previous timer.
            *pending.borrow_mut() = (value.len() <= TYPING_LIMIT).then(|| Timeout::new(DEBOUNCE_MS, move || run.emit(value)));
        })
    };
    // A custom resolver the page's network policy does not name yet needs a reload (which
    // keeps the text and the switch) before the page may ask it.
    let on_resolver = {
        let (resolver, text, held, live_on) = (resolver.clone(), text.clone(), held.clone(), live_on.clone());
        Callback::from(move |choice: String| {
            remember_resolver(&choice);
            if !policy_allows(&choice) && reload_for(&choice, held.as_deref().unwrap_or(&text), *live_on) {
                return;
            }
            resolver.set(choice);
        })
    };
    let on_analyze = {
        let (text, held) = (text.clone(), held.clone());
        let run = run.clone();
        let pending = pending.clone();
        Callback::from(move |_| {
            pending.borrow_mut().take();
            run.emit(held.as_deref().map_or_else(|| (*text).clone(), str::to_string));
        })
    };
    let on_file = {
        let (text, held) = (text.clone(), held.clone());
        let (run, on_hold) = (run.clone(), on_hold.clone());
        Callback::from(move |content: String| {
            if content.len() > HOLD_LIMIT {
                on_hold.emit(Some(content));
                return;
            }
            held.set(None);
            text.set(content.clone());
            run.emit(content);
        })
    };

    html! {
        <>
        <main>
            <PasteBox value={(*text).clone()} {on_input} {on_analyze} {on_file} held={(*held).clone()} {on_hold} />
            if sections.live {
                <LiveControls on={*live_on} resolver={(*resolver).clone()} {on_toggle} {on_resolver} />
            }
            if let Some(why) = &*link_error {
                <p class="live-failed" role="alert">{why}</p>
            }
            if let Some(report) = &shown {
                <section class="report" aria-live="polite" aria-label="Analysis">
                    { detection_banner(report, record_verdict.as_ref()) }
                    if shareable && sections.share {
                        { actions(shown_text.clone()) }
                    }
                    if sections.share {
                        { share_controls(*masking, on_mask, &masked, shown_text.clone()) }
                    }
                    if let Some(bounce) = &report.bounce {
                        { bounce_view(bounce) }
                    }
                    { explanation_list(&report.explanations, true) }
                    if sections.findings {
                        { findings_list(&report.findings) }
                    }
                    if let Some(body) = &auth_body {
                        { auth_section(body) }
                    }
                    if (dns.is_some() || waiting) && live_targets {
                        { live_section(&live_body, waiting) }
                    }
                    if let Some(spf) = &report.spf {
                        { spf_view(spf, (*dns).clone(), *live_on) }
                    }
                    if let Some(headers) = report.headers.as_ref().filter(|_| sections.headers) {
                        { headers_view(headers, if report.bounce.is_some() { "The bounce message itself" } else { "Message" }) }
                    }
                </section>
            }
        </main>
        </>
    }
}
