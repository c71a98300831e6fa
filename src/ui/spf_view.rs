//! The SPF view: the record with its errors underlined, what each term means, the warnings, the
//! DNS lookup count, the include/redirect tree, the addresses it allows, and a form that
//! evaluates the record for a client.

use std::net::IpAddr;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::module;
use crate::browser::doh::host_of;
use crate::dns::{DnsError, Offline, Progress};
use crate::report::{Severity, SpfNode, SpfReport, SpfTreeTerm, RecordWarning};
use crate::spf::eval::{MAX_LOOKUPS, MAX_VOID_LOOKUPS};
use crate::browser::live::{evaluate_with, SpfClient, SpfOutcome};
use crate::spf::SpfResult;

/// Meter cells drawn at most (a record far over the limit still fits the screen).
const MAX_CELLS: u32 = 30;

/// Everything about one SPF record; `live` has the resolver URLs when live checks are on (the
/// evaluate form then looks names up).
///
/// With `live_on`, the tree and the addresses still come from the pasted record alone (only the
/// evaluate form looks names up), and they say so instead of "live checks are off".
pub fn spf_view(spf: &SpfReport, live: Option<Rc<Vec<String>>>, live_on: bool) -> Html {
    let not_looked_up = not_looked_up(&spf.tree);
    html! {
        <section class="spf" aria-label="SPF record">
            { record_text(spf) }
            { term_meanings(spf) }
            { spf_warnings(&spf.warnings) }
            { lookup_count(spf.lookups, spf.void_lookups, !not_looked_up.is_empty()) }
            { spf_tree(&spf.tree, live_on) }
            { allowed(&spf.authorized, &not_looked_up, &spf.unresolved, live_on) }
            <EvaluateForm record={spf.record.clone()} needs_dns={spf.lookups > 0} {live} />
        </section>
    }
}

/// `text` is about a lookup mxray did not make because live DNS is off.
fn live_off(text: &str) -> bool {
    text.contains(&DnsError::Offline.describe())
}

/// The terms of the tree whose lookups were not made because live DNS is off.
fn not_looked_up(root: &SpfNode) -> Vec<String> {
    let mut out: Vec<String> = crate::spf::flatten_tree(root)
        .into_iter()
        .filter(|(_, t)| {
            t.note.as_deref().is_some_and(live_off)
                || t.child.as_ref().and_then(|c| c.problem.as_deref()).is_some_and(live_off)
        })
        .map(|(_, t)| t.term.clone())
        .collect();
    out.dedup();
    out
}

/// One space-separated piece of the record with its byte range.
struct Piece<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// The record cut at its spaces (terms are separated by spaces, RFC 7208 §4.6.1).
fn pieces(record: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in record.char_indices() {
        match (c.is_ascii_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Piece { text: &record[s..i], start: s, end: i });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Piece { text: &record[s..], start: s, end: record.len() });
    }
    out
}

/// The piece a position is about: the one holding it, else the last one before it (a position
/// at a space or past the end), else the first.
fn piece_at(pieces: &[Piece<'_>], position: usize) -> Option<usize> {
    pieces.iter().rposition(|p| p.start <= position).or((!pieces.is_empty()).then_some(0))
}

/// The record in monospace, each term its own span; terms with errors underlined, terms with
/// warnings dotted; then the errors with their byte positions.
fn record_text(spf: &SpfReport) -> Html {
    let record = spf.record.as_str();
    let pieces = pieces(record);
    let bad: Vec<Option<usize>> = spf.errors.iter().map(|e| piece_at(&pieces, e.position)).collect();
    let warned: Vec<Option<usize>> =
        spf.warnings.iter().filter_map(|w| w.position).map(|p| piece_at(&pieces, p)).collect();
    let mut nodes = Vec::with_capacity(pieces.len() * 2 + 1);
    let mut at = 0;
    for (i, p) in pieces.iter().enumerate() {
        if p.start > at {
            nodes.push(html! { {record[at..p.start].to_string()} });
        }
        at = p.end;
        let error = bad.iter().position(|b| *b == Some(i)).map(|e| &spf.errors[e]);
        nodes.push(match error {
            Some(e) => html! {
                <>
                <span class="visually-hidden">{"error: "}</span>
                <span class="spf-piece spf-bad" aria-invalid="true" title={e.message.clone()}>{p.text.to_string()}</span>
                </>
            },
            None => {
                let class = match (i, warned.contains(&Some(i))) {
                    (_, true) => "spf-piece spf-warned",
                    (0, _) => "spf-piece spf-version",
                    _ => "spf-piece",
                };
                html! { <span {class}>{p.text.to_string()}</span> }
            }
        });
    }
    if at < record.len() {
        nodes.push(html! { {record[at..].to_string()} });
    }
    html! {
        <div>
            <h2>{"SPF record"}</h2>
            <p><code class="spf-record">{ nodes.into_iter().collect::<Html>() }</code></p>
            if !spf.errors.is_empty() {
                <ul class="spf-errors">
                { for spf.errors.iter().map(|e| html! {
                    <li class="finding error spf-error">
                        <span class="badge error">{"Syntax error"}</span>
                        <strong class="spf-error-at">{ format!("byte {}", e.position) }</strong>{": "}
                        <span class="finding-message">{&e.message}</span>
                    </li>
                }) }
                </ul>
            }
        </div>
    }
}

/// Each term and what it means, in plain words.
fn term_meanings(spf: &SpfReport) -> Html {
    if spf.terms.is_empty() {
        return html! {};
    }
    html! {
        <div>
            <h2>{"What each term means"}</h2>
            if !spf.errors.is_empty() {
                <p class="hint">{"Terms with syntax errors are left out: fix them first."}</p>
            }
            <dl class="spf-terms">
            { for spf.terms.iter().map(|t| html! {
                <div class="spf-term">
                    <dt class="mono">{&t.text}</dt>
                    <dd>{&t.meaning}</dd>
                </div>
            }) }
            </dl>
        </div>
    }
}

/// The record's warnings with their severity.
fn spf_warnings(warnings: &[RecordWarning]) -> Html {
    if warnings.is_empty() {
        return html! {};
    }
    html! {
        <div class="spf-warnings">
            <h2>{ format!("Warnings ({})", warnings.len()) }</h2>
            <ul>
            { for warnings.iter().map(|w| {
                let (class, badge, label) = match w.severity {
                    Severity::Error => ("finding spf-warning error", "badge error", "Problem"),
                    Severity::Warning => ("finding spf-warning warning", "badge warning", "Warning"),
                    Severity::Info => ("finding spf-warning info", "badge info", "Note"),
                };
                html! {
                    <li {class} data-code={w.code}>
                        <span class={badge}>{label}</span>
                        <span class="finding-message">{w.message.as_ref()}</span>
                        if let Some(p) = w.position {
                            <span class="spf-at">{ format!(" (byte {p})") }</span>
                        }
                    </li>
                }
            }) }
            </ul>
        </div>
    }
}

/// `used` of `limit` drawn as cells; cells past the limit are red.
fn meter(used: u32, limit: u32) -> Html {
    let cells = used.max(limit).min(MAX_CELLS);
    html! {
        <span class="spf-meter" aria-hidden="true">
        { for (0..cells).map(|i| html! {
            <span class={if i >= used { "cell" } else if i >= limit { "cell over" } else { "cell used" }}></span>
        }) }
        </span>
    }
}

/// "N of 10 DNS lookups, M of 2 void lookups" with meters; `incomplete`: some included records
/// were not looked up, so the count is a lower bound.
fn lookup_count(lookups: u32, void_lookups: u32, incomplete: bool) -> Html {
    let over = |n: u32, limit: u32| if n > limit { " — over the limit" } else { "" };
    html! {
        <div>
            <h2>{"DNS lookups"}</h2>
            <p class={if lookups > MAX_LOOKUPS || void_lookups > MAX_VOID_LOOKUPS { "spf-count over" } else { "spf-count" }}>
                <strong class="spf-lookup-count">{ format!("{lookups} of {MAX_LOOKUPS} DNS lookups{}", over(lookups, MAX_LOOKUPS)) }</strong>
                { format!(", {void_lookups} of {MAX_VOID_LOOKUPS} void lookups{}", over(void_lookups, MAX_VOID_LOOKUPS)) }
            </p>
            <div class="spf-meters">
                <span class="spf-meter-label">{"Lookups"}</span>{ meter(lookups, MAX_LOOKUPS) }
                <span class="spf-meter-label">{"Void"}</span>{ meter(void_lookups, MAX_VOID_LOOKUPS) }
            </div>
            <p class="hint">{"SPF allows 10 DNS lookups in all (include, a, mx, ptr, exists, redirect, through every include) and 2 that find nothing; past that, receivers return permerror."}
                if incomplete {
                    {" Records that were not looked up are not counted: the real total may be higher."}
                }
            </p>
        </div>
    }
}

/// The include/redirect tree: each term with its lookup cost and the running total.
fn spf_tree(root: &SpfNode, live_on: bool) -> Html {
    if root.terms.is_empty() && root.problem.is_none() {
        return html! {};
    }
    html! {
        <div>
            <h2>{"Include tree"}</h2>
            <p class="hint">{"Each term in the order receivers check it, with its lookups and the running total."}</p>
            <ul class="spf-tree">{ tree_node(root, true, live_on) }</ul>
        </div>
    }
}

/// One record in the tree: its domain, its problem in plain words, then its terms.
fn tree_node(node: &SpfNode, root: bool, live_on: bool) -> Html {
    let name = if node.domain.is_empty() { "The pasted record" } else { node.domain.as_str() };
    let problem = node.problem.as_deref().map(|p| {
        if live_off(p) && live_on {
            "Not looked up in this tree: it is drawn from the pasted record alone. \"Evaluate for a client\" below looks this record up live."
        } else if live_off(p) {
            "Not looked up: live checks are off, so mxray did not fetch this record (nothing leaves this page)."
        } else {
            p
        }
    });
    html! {
        <li class="spf-node">
            <div class="spf-node-head">
                <span class="spf-node-domain">{name}</span>
                if let (false, Some(record)) = (root, &node.record) {
                    <code class="spf-node-record">{record}</code>
                }
                if let Some(problem) = problem {
                    <p class="spf-node-problem">{problem}</p>
                }
            </div>
            if !node.terms.is_empty() {
                <ul class="spf-tree-terms">{ for node.terms.iter().map(|t| tree_term(t, live_on)) }</ul>
            }
        </li>
    }
}

/// One term in the tree: its lookups, the running total, its flags and notes, and the record it
/// includes (nested).
fn tree_term(t: &SpfTreeTerm, live_on: bool) -> Html {
    let cost = match t.lookups {
        0 => "no lookup".to_string(),
        1 => "1 lookup".to_string(),
        n => format!("{n} lookups"),
    };
    // An ip4/ip6 term's range is the term itself: only show addresses that add something.
    let addresses = match t.addresses.as_slice() {
        [] => None,
        [one] if t.term.ends_with(one.as_str()) => None,
        many => Some(many.join(", ")),
    };
    let note = t.note.as_deref().map(|n| match (live_off(n), live_on) {
        (true, true) => "Not looked up in this tree (\"Evaluate for a client\" looks it up live).",
        (true, false) => "Not looked up: live checks are off.",
        _ => n,
    });
    let class = match (t.over_limit, t.void) {
        (true, _) => "spf-tree-term over",
        (_, true) => "spf-tree-term void",
        _ => "spf-tree-term",
    };
    html! {
        <li {class}>
            <div class="spf-tree-line">
                <code class="spf-tree-name">{&t.term}</code>
                <span class="spf-cost">{cost}</span>
                <span class="spf-running">{ format!("total {}", t.total) }</span>
                if t.over_limit {
                    <span class="flag over">{"over the 10-lookup limit"}</span>
                }
                if t.void {
                    <span class="flag void">{"void: its lookup found nothing"}</span>
                }
            </div>
            if let Some(a) = addresses {
                <p class="spf-addresses">{"Covers "}<span class="mono">{a}</span></p>
            }
            if let Some(n) = note {
                <p class="spf-note">{n}</p>
            }
            if let Some(child) = &t.child {
                <ul class="spf-tree-child">{ tree_node(child, false, live_on) }</ul>
            }
        </li>
    }
}

/// The address ranges the record allows, through its includes; the terms not looked up because
/// live DNS is off; the report's other unresolved notes (macros that need a message, ...).
fn allowed(ranges: &[String], not_looked_up: &[String], notes: &[String], live_on: bool) -> Html {
    let mut other: Vec<&String> = notes.iter().filter(|u| !live_off(u)).collect();
    other.dedup();
    if ranges.is_empty() && not_looked_up.is_empty() && other.is_empty() {
        return html! {};
    }
    html! {
        <div>
            <h2>{"Addresses this record allows"}</h2>
            if ranges.is_empty() {
                <p>{"None listed in the record itself."}</p>
            } else {
                <ul class="spf-authorized">{ for ranges.iter().map(|r| html! { <li class="mono">{r}</li> }) }</ul>
            }
            if !not_looked_up.is_empty() && live_on {
                <p>{"This list is drawn from the pasted record alone: what these terms refer to is not in it (\"Evaluate for a client\" below looks them up live):"}</p>
                <ul class="spf-not-looked-up">{ for not_looked_up.iter().map(|t| html! { <li class="mono">{t}</li> }) }</ul>
            } else if !not_looked_up.is_empty() {
                <p>{"Live checks are off, so mxray did not look up what these terms refer to (nothing you paste leaves this page); switch on Live checks at the top of the page to look them up:"}</p>
                <ul class="spf-not-looked-up">{ for not_looked_up.iter().map(|t| html! { <li class="mono">{t}</li> }) }</ul>
            }
            if !other.is_empty() {
                <ul class="spf-unresolved">{ for other.into_iter().map(|u| html! { <li>{u}</li> }) }</ul>
            }
        </div>
    }
}

/// Props of [`EvaluateForm`].
#[derive(Properties, PartialEq)]
pub struct EvaluateProps {
    /// The record to evaluate (as read, quoted strings joined).
    pub record: String,
    /// The record refers to other names (evaluating it may need live DNS).
    #[prop_or_default]
    pub needs_dns: bool,
    /// Resolver URLs, when live checks are on.
    #[prop_or_default]
    pub live: Option<Rc<Vec<String>>>,
}

/// One evaluation's outcome, for the record it was made for.
#[derive(Debug, Clone, PartialEq)]
struct Evaluation {
    record: String,
    ip: IpAddr,
    outcome: SpfOutcome,
}

/// An SPF result's badge class and its meaning in one plain sentence.
fn result_class(r: SpfResult) -> &'static str {
    match r {
        SpfResult::Pass => "badge spf-result pass",
        SpfResult::Fail | SpfResult::PermError => "badge spf-result error",
        SpfResult::SoftFail | SpfResult::TempError => "badge spf-result warning",
        SpfResult::Neutral | SpfResult::None => "badge spf-result info",
    }
}

/// The client's address as typed; `Err` says what is wrong with it.
fn read_ip(ip: &str) -> Result<IpAddr, String> {
    let typed = ip.trim();
    if typed.is_empty() {
        return Err("Enter the client's IP address, for example 192.0.2.7 or 2001:db8::7.".into());
    }
    typed.trim_start_matches('[').trim_end_matches(']').parse().map_err(|_| {
        format!(
            "\"{}\" is not an IP address. Enter an IPv4 address such as 192.0.2.7 or an IPv6 address such as 2001:db8::7.",
            crate::scan::shorten(typed, 60)
        )
    })
}

/// Check the record for a client offline (records that need DNS end in temperror).
fn evaluate_offline(record: &str, client: &SpfClient) -> SpfOutcome {
    match evaluate_with(record, client, &Offline) {
        Progress::Done(o) => o,
        // Offline answers every question; kept for completeness.
        Progress::Need(_) => SpfOutcome { result: SpfResult::TempError, reason: DnsError::Offline.describe(), explanation: None },
    }
}

/// One labelled text input bound to `state`; `error` is shown under it and linked to it.
fn text_field(id: &'static str, label: &'static str, placeholder: &'static str, state: &UseStateHandle<String>, error: Option<&String>) -> Html {
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    html! {
        <div>
            <label for={id}>{label}</label>
            <input {id} type="text" value={(**state).clone()} {oninput} {placeholder} autocomplete="off" spellcheck="false"
                aria-invalid={error.map(|_| "true")} aria-describedby={error.map(|_| "spf-field-error")} />
            if let Some(message) = error {
                <p id="spf-field-error" class="field-error">{message}</p>
            }
        </div>
    }
}

/// The "Evaluate for a client" form and its result.
#[function_component(EvaluateForm)]
pub fn evaluate_form(props: &EvaluateProps) -> Html {
    let ip = use_state(String::new);
    let sender = use_state(String::new);
    let helo = use_state(String::new);
    let ip_error = use_state(|| None::<String>);
    let outcome = use_state(|| None::<Rc<Evaluation>>);
    let asking = use_state(|| None::<usize>);
    let failed = use_state(|| None::<String>);
    let runs = use_mut_ref(|| 0u32);

    let onsubmit = {
        let (ip, sender, helo) = (ip.clone(), sender.clone(), helo.clone());
        let (ip_error, outcome, asking, failed) = (ip_error.clone(), outcome.clone(), asking.clone(), failed.clone());
        let (record, live, runs) = (props.record.clone(), props.live.clone(), runs.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            *runs.borrow_mut() += 1;
            asking.set(None);
            failed.set(None);
            let address = match read_ip(&ip) {
                Ok(a) => a,
                Err(message) => {
                    ip_error.set(Some(message));
                    outcome.set(None);
                    return;
                }
            };
            ip_error.set(None);
            let client = SpfClient::typed(address, &sender, &helo, (js_sys::Date::now() / 1000.0) as u64);
            let Some(endpoints) = live.clone() else {
                let outcome_now = evaluate_offline(&record, &client);
                outcome.set(Some(Rc::new(Evaluation { record: record.clone(), ip: address, outcome: outcome_now })));
                return;
            };
            // Live: the module looks up what the evaluation asks for, round by round; a newer
            // submit wins.
            outcome.set(None);
            let (record, outcome, asking, failed, runs) = (record.clone(), outcome.clone(), asking.clone(), failed.clone(), runs.clone());
            let this_run = *runs.borrow();
            wasm_bindgen_futures::spawn_local(async move {
                let current = {
                    let runs = runs.clone();
                    move || *runs.borrow() == this_run
                };
                let on_round = {
                    let (asking, current) = (asking.clone(), current.clone());
                    move |n: usize| {
                        if current() {
                            asking.set(Some(n));
                        }
                        current()
                    }
                };
                let done = module::evaluate_spf(&record, &client, &endpoints, on_round).await;
                if !current() {
                    return;
                }
                asking.set(None);
                match done {
                    Ok(Some(o)) => outcome.set(Some(Rc::new(Evaluation { record, ip: address, outcome: o }))),
                    Ok(None) => {}
                    Err(message) => failed.set(Some(message)),
                }
            });
        })
    };
    // A result is about the record it was made for: a new paste hides it.
    let shown = outcome.as_ref().filter(|o| o.record == props.record);

    html! {
        <section class="spf-eval-box" aria-labelledby="spf-eval-title">
            <h2 id="spf-eval-title">{"Evaluate for a client"}</h2>
            <p class="hint">{"What a receiver would decide for mail from this server, checked in this page. Records that only list addresses (ip4, ip6, all) give a real result."}
                if let (true, Some(endpoints)) = (props.needs_dns, &props.live) {
                    { format!(" Names the record refers to are looked up live at {}.", endpoints.first().map_or("", |e| host_of(e))) }
                } else if props.needs_dns {
                    {" This record refers to other names: clients its addresses do not settle need live DNS (switch on Live checks at the top of the page)."}
                }
            </p>
            <form class="spf-eval" {onsubmit}>
                <div class="spf-eval-fields">
                    { text_field("spf-ip", "Client IP address", "192.0.2.7", &ip, ip_error.as_ref()) }
                    { text_field("spf-sender", "MAIL FROM sender", "alice@example.com", &sender, None) }
                    { text_field("spf-helo", "HELO name", "mail.example.com", &helo, None) }
                </div>
                <button type="submit" class="primary">{"Evaluate"}</button>
            </form>
            <div class="spf-eval-result" aria-live="polite">
            if let Some(n) = *asking {
                <p class="live-status"><span class="spinner" aria-hidden="true"></span>
                    { format!("Looking up {n} {}…", if n == 1 { "name" } else { "names" }) }</p>
            }
            if let Some(message) = &*failed {
                <p class="field-error" role="alert">{message}</p>
            }
            if let Some(o) = shown {
                { evaluation_view(o) }
            }
            </div>
        </section>
    }
}

/// The result badge with its meaning, the reason and the domain's explanation.
fn evaluation_view(e: &Evaluation) -> Html {
    let o = &e.outcome;
    let (class, meaning) = (result_class(o.result), o.result.describe());
    let needs_dns = o.result == SpfResult::TempError && live_off(&o.reason);
    html! {
        <div class="spf-outcome">
            <h3>{ format!("Result for {}", e.ip) }</h3>
            <p class="spf-result-line">
                <span {class} data-result={o.result.as_str()}>{o.result.as_str()}</span>
                {" "}<span class="spf-result-meaning">{meaning}</span>
            </p>
            if needs_dns {
                <p class="spf-needs-dns">{"This record needs live DNS to evaluate (it refers to other names): switch on Live checks at the top of the page."}</p>
            }
            if !o.reason.is_empty() {
                <p class="spf-reason"><strong>{"Why: "}</strong>{&o.reason}</p>
            }
            if let Some(e) = &o.explanation {
                <p class="spf-explanation"><strong>{"The domain's explanation: "}</strong>{e}</p>
            }
        </div>
    }
}
