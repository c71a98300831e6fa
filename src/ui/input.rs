//! The paste box: a textarea (or a long text held out of it), an Analyze button, file pick and drop.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Files larger than this (25 MiB) are refused with a message rather than freezing the page.
const MAX_FILE_MIB: u64 = 25;
/// Text longer than this is analysed when Analyze is pressed (or a file is opened), not while
/// typing: re-reading megabytes on every key would make typing lag.
pub const TYPING_LIMIT: usize = 1 << 20;

/// What was pasted into index.html's paste box before the app loaded, which the app takes over:
/// the box (`#shell`) is removed, its text returned (empty when there was none), with whether it
/// had the focus (the app's box then takes it, so typing goes on).
pub fn take_shell_text() -> (String, bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return (String::new(), false) };
    let shell_box = document.get_element_by_id("shell-paste").and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok());
    let focused = shell_box.is_some() && document.active_element().is_some_and(|a| a.id() == "shell-paste");
    let text = shell_box.map(|t| t.value()).unwrap_or_default();
    if let Some(shell) = document.get_element_by_id("shell") {
        shell.remove();
    }
    (text, focused)
}

/// Put the focus in the app's paste box.
pub fn focus_paste_box() {
    let paste = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("paste"));
    if let Some(paste) = paste.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = paste.focus();
    }
}
/// What the empty paste box shows: one example per kind of input, a line each.
const PLACEHOLDER: &str = "Received: from mail.example.com ...\nor: 550 5.1.1 <someone@example.com> User unknown\nor: v=spf1 include:_spf.example.com -all";

/// Props of [`PasteBox`].
#[derive(Properties, PartialEq)]
pub struct PasteBoxProps {
    /// The current text.
    pub value: String,
    /// Called with the new text on every edit.
    pub on_input: Callback<String>,
    /// Called when the Analyze button is pressed.
    pub on_analyze: Callback<()>,
    /// Called with a file's text once it has been read.
    pub on_file: Callback<String>,
    /// A long text kept out of the box ([`HOLD_LIMIT`]), shown as its start and its size.
    pub held: Option<Rc<str>>,
    /// Called with a long pasted text to hold, or `None` when the held text is cleared.
    pub on_hold: Callback<Option<String>>,
}

/// Pasted text longer than this is held, not put into the box: a browser needs seconds to lay
/// out megabytes in a text area (13 s for 25 MB in Chromium), and nobody edits a text that long.
pub const HOLD_LIMIT: usize = TYPING_LIMIT;

/// The most of a held text that is analysed (as for a file): what is longer is kept and said.
pub const MAX_HELD: usize = (MAX_FILE_MIB as usize) << 20;

/// The start of a held text, as its preview: a few lines, a few thousand characters.
fn preview(text: &str) -> String {
    let start: Vec<&str> = crate::scan::head(text, 3000).lines().take(40).collect();
    start.join("\n") + "\n…"
}

/// The input area.
#[function_component(PasteBox)]
pub fn paste_box(props: &PasteBoxProps) -> Html {
    let file_error = use_state(|| None::<String>);
    let dragging = use_state(|| false);

    let read_file = {
        let on_file = props.on_file.clone();
        let file_error = file_error.clone();
        move |file: File| {
            // Whole MiB, rounded up: formatting floats would cost ~10 KB of wasm.
            let mib = (file.size() as u64).div_ceil(1 << 20);
            if mib > MAX_FILE_MIB {
                file_error.set(Some(format!(
                    "{} is about {mib} MB; mxray reads files up to {MAX_FILE_MIB} MB.",
                    file.name()
                )));
                return;
            }
            file_error.set(None);
            let on_file = on_file.clone();
            let file_error = file_error.clone();
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                match gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(file)).await {
                    Ok(bytes) => on_file.emit(String::from_utf8_lossy(&bytes).into_owned()),
                    Err(e) => file_error.set(Some(format!("Could not read {name}: {e}"))),
                }
            });
        }
    };

    let onpaste = {
        let on_hold = props.on_hold.clone();
        Callback::from(move |e: Event| {
            let Some(paste) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
            let Some(text) = paste.clipboard_data().and_then(|d| d.get_data("text").ok()) else { return };
            if text.len() > HOLD_LIMIT {
                e.prevent_default();
                on_hold.emit(Some(text));
            }
        })
    };
    let clear = {
        let on_hold = props.on_hold.clone();
        Callback::from(move |_: MouseEvent| on_hold.emit(None))
    };
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                on_input.emit(area.value());
            }
        })
    };
    let onchange = {
        let read_file = read_file.clone();
        Callback::from(move |e: Event| {
            let input: Option<HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
            if let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|f| f.get(0)) {
                read_file(file);
            }
        })
    };
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            dragging.set(false);
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                e.prevent_default();
                read_file(file);
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let onclick = {
        let on_analyze = props.on_analyze.clone();
        Callback::from(move |_: MouseEvent| on_analyze.emit(()))
    };

    html! {
        <section class="input">
            <label for="paste" class="paste-label">{"Paste headers, a bounce message, an SPF or DMARC record, or a server reply"}</label>
            if let Some(held) = &props.held {
                <div class="held" id="paste-held">
                    <p role="status">
                        <strong>{ format!("A long text, {} MB", (held.len() + 500_000) / 1_000_000) }</strong>
                        { if held.len() > MAX_HELD {
                            format!(": only its first {MAX_FILE_MIB} MB are read. It starts:")
                        } else {
                            ", kept out of the box (the page stays quick) and read whole. It starts:".to_string()
                        } }
                    </p>
                    <pre class="held-preview">{ preview(held) }</pre>
                    <button type="button" onclick={clear}>{"Clear, to paste or type another"}</button>
                </div>
            } else {
                <textarea id="paste" class={classes!("paste", dragging.then_some("dragging"))}
                    value={props.value.clone()} {oninput} {onpaste} {ondrop} {ondragover} {ondragleave}
                    spellcheck="false" autocomplete="off" rows="12"
                    placeholder={PLACEHOLDER} />
            }
            <div class="input-actions">
                <button type="button" class="primary" {onclick}>{"Analyze"}</button>
                <label class="file-pick">
                    {"Open an .eml file"}
                    <input type="file" accept=".eml,.msg,.txt,.hdr,message/rfc822,text/plain" {onchange} />
                </label>
                <span class="hint">{"or drop a file on the box"}</span>
            </div>
            if props.value.len() > TYPING_LIMIT {
                <p class="hint long-input" role="status">{ format!("A long text ({} KB): press Analyze when it is complete; it is not re-read on every key.", props.value.len() / 1000) }</p>
            }
            if let Some(error) = &*file_error {
                <p class="file-error" role="alert">{error}</p>
            }
        </section>
    }
}
