//! Sharing a report without a server: the masked view (what identifies people replaced, by
//! `crate::redact` in the DKIM/DMARC module, which holds the Public Suffix List it needs), a link
//! that carries the input in its fragment (compressed by the browser's CompressionStream; a
//! fragment never reaches a server), and opening such a link.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

use super::module;
use crate::report::Report;

#[wasm_bindgen(inline_js = "
const b64 = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
};
// A link opened in a tab that shows mxray already changes only the fragment: read it afresh.
addEventListener('hashchange', () => { if (location.hash.startsWith('#z=')) location.reload(); });
const through = (data, stream) => new Response(new Blob([data]).stream().pipeThrough(stream));
export async function share_link(text) {
  const bytes = new Uint8Array(await through(text, new CompressionStream('deflate-raw')).arrayBuffer());
  const url = new URL(location.href);
  url.hash = 'z=' + b64(bytes);
  return url.href;
}
export async function shared_text() {
  const m = /^#z=([A-Za-z0-9_-]*)$/.exec(location.hash);
  if (!m) return null;
  const bytes = Uint8Array.from(atob(m[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  return await through(bytes, new DecompressionStream('deflate-raw')).text();
}")]
extern "C" {
    fn share_link(text: &str) -> js_sys::Promise;
    fn shared_text() -> js_sys::Promise;
}

/// The longest link offered: Chromium's limit for a URL.
const MAX_LINK: usize = 2 * 1024 * 1024;

/// The masked view of the analysed text.
#[derive(Clone)]
pub enum Masked {
    Off,
    Working,
    Ready(Rc<str>, Rc<Report>),
    Failed(String),
}

/// The masked view of `text` while `on`, analysed: `Working` until the module has masked it.
#[hook]
pub fn use_masked(text: Rc<str>, on: bool) -> Masked {
    let state = use_state(|| Masked::Off);
    let runs = use_mut_ref(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((text, on), move |(text, on)| {
            *runs.borrow_mut() += 1;
            let run = *runs.borrow();
            if !*on {
                state.set(Masked::Off);
                return;
            }
            state.set(Masked::Working);
            let text = text.clone();
            spawn_local(async move {
                let masked = match module::redact(&text).await {
                    Ok(m) => {
                        let report = Rc::new(crate::pipeline::analyze(&m));
                        Masked::Ready(m.into(), report)
                    }
                    Err(e) => Masked::Failed(e),
                };
                // A newer text or the switch turned off supersedes this run.
                if *runs.borrow() == run {
                    state.set(masked);
                }
            });
        });
    }
    (*state).clone()
}

/// The text a shared link carries, when the page was opened from one.
pub async fn opened_link() -> Option<Result<String, String>> {
    match JsFuture::from(shared_text()).await {
        Ok(v) if v.is_null() => None,
        Ok(v) => v.as_string().map(Ok),
        Err(_) => Some(Err("This link is damaged: its text could not be read.".into())),
    }
}

/// The masking switch, "Copy link", and what the masked view is.
pub fn share_controls(on: bool, on_mask: Callback<bool>, masked: &Masked, text: Rc<str>) -> Html {
    let toggle = Callback::from(move |e: Event| on_mask.emit(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()));
    let copy = Callback::from(move |e: MouseEvent| {
        let button: web_sys::Element = e.target_unchecked_into();
        let text = text.clone();
        spawn_local(async move {
            let link = JsFuture::from(share_link(&text)).await.ok().and_then(|v| v.as_string());
            let said = match link {
                Some(link) if link.len() > MAX_LINK => format!("Too long for a link ({} KB): send the file instead", link.len() / 1024),
                Some(link) => match web_sys::window() {
                    Some(w) => {
                        let _ = JsFuture::from(w.navigator().clipboard().write_text(&link)).await;
                        format!("Link copied ({} KB)", link.len().div_ceil(1024))
                    }
                    None => "Copy link".into(),
                },
                None => "This browser cannot make links".into(),
            };
            button.set_text_content(Some(&said));
        });
    });
    let ready = !on || matches!(masked, Masked::Ready(..));
    html! {
        <div class="share">
            <label><input type="checkbox" checked={on} onchange={toggle} />{" Mask addresses, names, IP addresses and host names"}</label>
            if ready {
                <button type="button" onclick={copy}>{"Copy link"}</button>
            }
            { match masked {
                Masked::Off => html! {},
                Masked::Working => html! { <p class="masked-note" role="status">{"Masking…"}</p> },
                Masked::Failed(why) => html! { <p class="masked-note live-failed" role="alert">{format!("Could not mask: {why}")}</p> },
                Masked::Ready(..) => html! {
                    <p class="masked-note" role="status">
                        {"Masked view (user1, domain1.example, 192.0.2.1; providers' domains stay): the link, ticket text and JSON carry it. \
                          Other names in running text may remain: read it before you share."}
                    </p>
                },
            } }
        </div>
    }
}
