//! Header analysis views: the message summary, the hop timeline, the hop table,
//! authentication badges and DKIM signatures.

use yew::prelude::*;

use crate::headers::human_duration;
use crate::report::{AuthResults, DkimSignature, HeaderReport, ReceivedHop};

/// Everything from the header section, under the heading `title`.
pub fn headers_view(h: &HeaderReport, title: &'static str) -> Html {
    html! {
        <>
        <section class="message-summary" aria-label={title}>
            <h2>{title}</h2>
            <dl>
            { for h.summary_fields().into_iter().map(|(label, value)| html! {
                <>
                <dt>{label}</dt>
                <dd class={classes!(value.is_none().then_some("missing"))}>
                    { value.unwrap_or("(not present)").to_string() }
                </dd>
                </>
            }) }
            </dl>
        </section>
        { auth_results_view(&h.authentication_results, &h.dkim_signatures) }
        { hop_timeline(&h.received, h.total_transit_seconds) }
        { received_table(&h.received) }
        </>
    }
}

/// The journey (`hops` in order of travel, `total` transit time when known) drawn as one bar
/// per hop, its length the time the hop took.
pub fn hop_timeline(hops: &[ReceivedHop], total: Option<i64>) -> Html {
    if hops.is_empty() {
        return html! {};
    }
    let longest = hops.iter().filter_map(|h| h.delay_seconds).map(i64::abs).max().unwrap_or(0).max(1);
    html! {
        <section class="timeline" aria-label="Hop timeline">
            <h2>{ format!("Journey: {} {}", hops.len(), if hops.len() == 1 { "hop" } else { "hops" }) }
                if let Some(total) = total {
                    <span class="total">{ format!(" — total {}", human_duration(total)) }</span>
                }
            </h2>
            <ol class="hops">
            { for hops.iter().map(|hop| {
                let (class, width, label) = match hop.delay_seconds {
                    Some(d) if d < 0 => ("skew", 100 * d.abs() / longest, format!("{} (clock skew)", human_duration(d))),
                    Some(d) => ("ok", 100 * d / longest, human_duration(d)),
                    None if hop.timestamp.is_none() => ("unknown", 0, "date unreadable".to_string()),
                    None => ("unknown", 0, "start".to_string()),
                };
                // Drawn as an SVG shape, not a style attribute (the page's policy allows no
                // inline style); the shortest bar stays visible.
                let width = format!("{}%", width.max(1));
                html! {
                    <li class={classes!("hop", class)} data-hop={hop.hop.to_string()}>
                        <span class="hop-no">{hop.hop}</span>
                        <span class="hop-host" title={hop.raw.clone()}>{ hop.by.clone().unwrap_or_else(|| "(unnamed server)".into()) }</span>
                        <svg class="hop-bar-track" aria-hidden="true"><rect class="hop-bar" {width} height="100%" rx="4" /></svg>
                        <span class="hop-delay">{label}</span>
                    </li>
                }
            }) }
            </ol>
        </section>
    }
}

/// Every hop's details.
pub fn received_table(hops: &[ReceivedHop]) -> Html {
    if hops.is_empty() {
        return html! {};
    }
    html! {
        <section class="received" aria-label="Received hops">
            <h2>{"Received hops, in order of travel"}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Received hops table">
            <table class="stack">
                <thead><tr>
                    <th scope="col">{"#"}</th><th scope="col">{"From"}</th><th scope="col">{"By"}</th>
                    <th scope="col">{"Time"}</th><th scope="col">{"Delay"}</th>
                    <th scope="col">{"With"}</th><th scope="col">{"TLS"}</th><th scope="col">{"Id"}</th>
                </tr></thead>
                <tbody>
                { for hops.iter().map(|hop| {
                    let from = hop.sender();
                    let time = hop.timestamp.clone().or_else(|| hop.date.as_ref().map(|d| format!("{d} (unreadable)")));
                    html! {
                        <tr class="hop-row" title={hop.raw.clone()}>
                            <td data-label="#">{hop.hop}</td>
                            <td class="host" data-label="From">{from}</td>
                            <td class="host" data-label="By">{hop.by.clone().unwrap_or_default()}</td>
                            <td class={classes!(hop.timestamp.is_none().then_some("problem"))} data-label="Time">{time.unwrap_or_else(|| "no date".into())}</td>
                            <td class={classes!("nowrap", hop.delay_seconds.is_some_and(|d| d < 0).then_some("problem"))} data-label="Delay">
                                {hop.delay_seconds.map(human_duration).unwrap_or_default()}
                            </td>
                            <td data-label="With">{hop.with.clone().unwrap_or_default()}</td>
                            <td data-label="TLS">{hop.tls.clone().unwrap_or_default()}</td>
                            <td class="mono" data-label="Id">{hop.id.clone().unwrap_or_default()}</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}

/// Pass/fail badges per method with the domains involved (Authentication-Results fields, top
/// first), and the DKIM signatures' tags.
pub fn auth_results_view(results: &[AuthResults], signatures: &[DkimSignature]) -> Html {
    if results.is_empty() && signatures.is_empty() {
        return html! {};
    }
    html! {
        <section class="auth" aria-label="Authentication">
            <h2>{"Authentication"}</h2>
            { for results.iter().map(|ar| html! {
                <div class="authres">
                    <p class="authserv">{"Checked by "}<strong>{ ar.checker() }</strong></p>
                    <ul class="auth-badges">
                    { for ar.results.iter().map(|r| {
                        let class = match r.result.as_str() {
                            "pass" => "pass",
                            "fail" | "permerror" | "perm_fail" | "hardfail" => "fail",
                            "softfail" | "temperror" | "neutral" | "policy" => "warn",
                            _ => "neutral",
                        };
                        let domains = r.identities();
                        html! {
                            <li class={classes!("auth-badge", class)}>
                                <span class="method">{r.method.to_ascii_uppercase()}</span>
                                <span class="result">{&r.result}</span>
                                <span class="domains">{domains.join(" ")}</span>
                            </li>
                        }
                    }) }
                    </ul>
                    if let Some(slip) = crate::headers::authres_slips(ar).next() {
                        <p class="auth-syntax">{ format!("Line {}: this field does not follow RFC 8601 ({}); shown as far as it could be read.", ar.line, slip.message) }</p>
                    }
                </div>
            }) }
            { for signatures.iter().map(|sig| html! {
                <div class="dkim-sig">
                    <p><strong>{"DKIM signature"}</strong>{ format!(" (line {})", sig.line) }</p>
                    <dl class="tags">
                        <dt>{"d= (domain)"}</dt><dd>{sig.domain.clone().unwrap_or_default()}</dd>
                        <dt>{"s= (selector)"}</dt><dd>{sig.selector.clone().unwrap_or_default()}</dd>
                        <dt>{"a= (algorithm)"}</dt><dd>{sig.algorithm.clone().unwrap_or_default()}</dd>
                        <dt>{"h= (signed fields)"}</dt><dd>{sig.signed_headers.join(", ")}</dd>
                    </dl>
                </div>
            }) }
        </section>
    }
}
