//! Live checks on the page: the switch and the resolver choice, and the "Live checks" section
//! that asks DNS about the report's domains and sending server, round by round.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::module::{self, use_module_drawing};
use crate::browser::doh::host_of;
use crate::dns::RESOLVER_PRESETS;
use crate::live::targets;
use crate::report::Report;

/// Where the resolver choice is remembered.
const STORAGE_KEY: &str = "mxray-resolver";

/// The presets as people know them.
fn preset_label(name: &str) -> &'static str {
    match name {
        "cloudflare" => "Cloudflare",
        "google" => "Google",
        "quad9" => "Quad9",
        _ => "Custom URL",
    }
}

/// A resolver choice as stored: a preset name, or its URL mapped to the name.
fn as_choice(value: &str) -> String {
    let value = value.trim();
    RESOLVER_PRESETS.iter().find(|(n, u)| *n == value || *u == value).map_or(value.to_string(), |(n, _)| n.to_string())
}

/// Whether `url` can be a DoH endpoint: HTTPS, or plain HTTP to this machine (test servers).
pub fn check_resolver_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    let host = host_of(url).rsplit_once('@').map_or(host_of(url), |(_, h)| h);
    let host = host.rsplit_once(':').filter(|(h, p)| !h.is_empty() && p.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(h, _)| h);
    let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    let ok = !host.is_empty()
        && !url.bytes().any(|b| b.is_ascii_whitespace())
        && (url.starts_with("https://") || (url.starts_with("http://") && loopback));
    if ok {
        Ok(())
    } else {
        Err("Enter a DNS-over-HTTPS URL starting with https://, for example https://dns.example/dns-query.".into())
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The resolver to start with: the one chosen before on this browser, else the help center's
/// `<meta name="mxray-resolver" content="URL">`, else Cloudflare.
pub fn initial_resolver() -> String {
    let remembered = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let meta = || {
        web_sys::window()?
            .document()?
            .query_selector("meta[name=mxray-resolver]")
            .ok()??
            .get_attribute("content")
    };
    remembered
        .or_else(meta)
        .map(|v| as_choice(&v))
        .filter(|v| usable_resolver(v))
        .unwrap_or_else(|| RESOLVER_PRESETS[0].0.to_string())
}

/// Whether `choice` (a preset name or a URL; empty while a custom URL is not usable) can be
/// asked: lookups wait until it can.
pub fn usable_resolver(choice: &str) -> bool {
    RESOLVER_PRESETS.iter().any(|(n, _)| *n == choice) || check_resolver_url(choice).is_ok()
}

/// Whether the page's network policy (www/policy.js, read at load) lets it ask `choice`: a
/// preset, or a URL whose origin it names. A page without that policy asks any.
pub fn policy_allows(choice: &str) -> bool {
    if choice.is_empty() || RESOLVER_PRESETS.iter().any(|(n, _)| *n == choice) {
        return true;
    }
    let policy = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[http-equiv=Content-Security-Policy][content^=connect-src]").ok().flatten())
        .and_then(|m| m.get_attribute("content"));
    let Some(policy) = policy else { return true };
    let scheme = choice.split_once("://").map_or("", |(s, _)| s);
    let host = crate::browser::doh::host_of(choice).to_ascii_lowercase();
    // As a browser writes an origin: without the scheme's own port.
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let origin = format!("{scheme}://{}", host.strip_suffix(default_port).unwrap_or(&host));
    policy.split_whitespace().any(|source| source == origin)
}

/// Where the page keeps, for one reload, what the visitor had when a new resolver needs the
/// page reloaded (its network policy widened): the text and whether live checks were on.
const KEPT_TEXT: &str = "mxray-kept-text";
const KEPT_LIVE: &str = "mxray-kept-live";
/// The resolver the last such reload was for: never twice for one (no reload loop).
const RELOADED_FOR: &str = "mxray-reloaded-for";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Reload the page so that its network policy names `choice`, keeping `text` and the live
/// switch for the reloaded page. False (no reload) when the text cannot be kept, or a reload
/// for this resolver was done already.
pub fn reload_for(choice: &str, text: &str, live_on: bool) -> bool {
    let Some(s) = session() else { return false };
    if s.get_item(RELOADED_FOR).ok().flatten().as_deref() == Some(choice) {
        return false;
    }
    let kept = s.set_item(KEPT_TEXT, text).is_ok() && s.set_item(KEPT_LIVE, if live_on { "on" } else { "" }).is_ok() && s.set_item(RELOADED_FOR, choice).is_ok();
    kept && web_sys::window().is_some_and(|w| w.location().reload().is_ok())
}

/// What a reload for a new resolver kept: the text, and whether live checks were on (taken once).
pub fn take_kept() -> Option<(String, bool)> {
    let s = session()?;
    let text = s.get_item(KEPT_TEXT).ok()??;
    let live = s.get_item(KEPT_LIVE).ok().flatten().is_some_and(|v| v == "on");
    let _ = s.remove_item(KEPT_TEXT);
    let _ = s.remove_item(KEPT_LIVE);
    Some((text, live))
}

/// Remember the resolver choice on this browser (not a custom URL that is not usable yet).
pub fn remember_resolver(choice: &str) {
    if !usable_resolver(choice) {
        return;
    }
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, choice);
    }
}

/// Props of [`LiveControls`].
#[derive(Properties, PartialEq)]
pub struct LiveControlsProps {
    /// Live checks are on.
    pub on: bool,
    /// The resolver: a preset name or a URL.
    pub resolver: String,
    /// The switch was flipped.
    pub on_toggle: Callback<bool>,
    /// Another resolver was chosen (a preset name or a checked URL).
    pub on_resolver: Callback<String>,
}

/// The live checks switch and the resolver choice.
#[function_component(LiveControls)]
pub fn live_controls(props: &LiveControlsProps) -> Html {
    let is_preset = RESOLVER_PRESETS.iter().any(|(n, _)| *n == props.resolver);
    let custom_mode = use_state(|| !is_preset);
    let draft = use_state(|| if is_preset { String::new() } else { props.resolver.clone() });
    let error = use_state(|| None::<String>);

    let toggle = {
        let on_toggle = props.on_toggle.clone();
        Callback::from(move |e: Event| on_toggle.emit(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let select = {
        let (custom_mode, draft, error, on_resolver) = (custom_mode.clone(), draft.clone(), error.clone(), props.on_resolver.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let custom = value == "custom";
            custom_mode.set(custom);
            error.set(None);
            if !custom {
                on_resolver.emit(value);
            } else if check_resolver_url(&draft).is_ok() {
                on_resolver.emit(draft.trim().to_string());
            } else {
                // No usable URL yet: nothing is looked up until one is given.
                on_resolver.emit(String::new());
            }
        })
    };
    let typed = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let commit = {
        let (draft, error, on_resolver) = (draft.clone(), error.clone(), props.on_resolver.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match check_resolver_url(&draft) {
                Ok(()) => {
                    error.set(None);
                    on_resolver.emit(draft.trim().to_string());
                }
                Err(message) => {
                    error.set(Some(message));
                    on_resolver.emit(String::new());
                }
            }
        })
    };
    let selected = if *custom_mode { "custom" } else { props.resolver.as_str() };
    let fallback = RESOLVER_PRESETS
        .iter()
        .position(|(n, _)| *n == props.resolver)
        .map(|i| preset_label(RESOLVER_PRESETS[(i + 1) % RESOLVER_PRESETS.len()].0));

    html! {
        <section class="live-controls" aria-label="Live checks settings">
            <div class="live-switch">
                <input id="live-switch" type="checkbox" role="switch" checked={props.on} onchange={toggle}
                    aria-describedby="live-switch-hint" />
                <label for="live-switch">{"Live checks"}</label>
            </div>
            <p id="live-switch-hint" class="hint">
                { "Off: nothing leaves this page. On: mxray looks up the domains and the sending server's address in DNS, sending only those names to the resolver below." }
                if let Some(f) = fallback {
                    { format!(" If it fails, mxray asks {f}.") }
                }
            </p>
            <div class="live-resolver">
                <label for="live-resolver">{"DNS resolver"}</label>
                <select id="live-resolver" onchange={select}>
                { for RESOLVER_PRESETS.iter().map(|(n, u)| html! {
                    <option value={*n} selected={selected == *n}>{ format!("{} ({})", preset_label(n), host_of(u)) }</option>
                }) }
                    <option value="custom" selected={selected == "custom"}>{"Custom URL"}</option>
                </select>
            </div>
            if *custom_mode {
                <form class="live-custom" onsubmit={commit}>
                    <label for="live-resolver-url">{"Resolver URL (DNS-over-HTTPS, RFC 8484)"}</label>
                    <input id="live-resolver-url" type="url" value={(*draft).clone()} oninput={typed}
                        placeholder="https://dns.example/dns-query" autocomplete="off" spellcheck="false"
                        aria-invalid={error.as_ref().map(|_| "true")}
                        aria-describedby={error.as_ref().map(|_| "live-resolver-error")} />
                    <button type="submit">{"Use"}</button>
                    if let Some(message) = &*error {
                        <p id="live-resolver-error" class="field-error">{message}</p>
                    }
                </form>
            }
        </section>
    }
}

/// Live checks for `report` at `endpoints` (when both are there): the live-check module,
/// loaded from this site the first time, draws progress and findings into the returned node as
/// rounds complete; a new report or resolver starts a new run. The flag says whether the report
/// has anything to check.
#[hook]
pub fn use_live_checks(report: Option<Rc<Report>>, endpoints: Option<Rc<Vec<String>>>) -> (NodeRef, bool) {
    let work = report.as_deref().map(targets).filter(|t| !t.is_empty());
    let any = work.is_some();
    let (body, _) = use_module_drawing(work.zip(endpoints), |target, run, (work, endpoints)| {
        Box::pin(async move { module::live_checks(&target, &run, &work, &endpoints).await })
    });
    (body, any)
}

/// The "Live checks" section the module draws into; `waiting` when live checks are on but the
/// custom resolver URL is not usable, so nothing is looked up.
pub fn live_section(body: &NodeRef, waiting: bool) -> Html {
    html! {
        <section class="live" aria-labelledby="live-title">
            <h2 id="live-title">{"Live checks"}</h2>
            if waiting {
                <p class="live-failed" role="alert">{"Nothing is looked up until the resolver URL above is a DNS-over-HTTPS URL (https://…), or you choose one of the listed resolvers."}</p>
            } else {
                <div class="live-body" ref={body.clone()}></div>
            }
        </section>
    }
}
