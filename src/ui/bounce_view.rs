//! The bounce view: who must act and what to do, then the recipients, the server's own words,
//! the codes explained, and the message that bounced.

use yew::prelude::*;

use crate::report::{BounceRecipient, BounceReport, Explanation};

/// Recipients shown at once; the others are behind "Show the other N recipients".
const SHOWN: usize = 100;

/// Everything a bounce says.
pub fn bounce_view(b: &BounceReport) -> Html {
    let answers = crate::explain::shared_stories(b);
    let named = answers.len() > 1 || answers.iter().any(|(addresses, _)| addresses.len() > 1);
    html! {
        <section class="bounce" aria-label="Bounce">
            { for answers.iter().map(|(addresses, story)| html! {
                <div class="advice">
                    <h2>{"Who must act: "}<span class="actor">{story.who_must_act.describe()}</span></h2>
                    if named { <p class="for">{ format!("For {}", crate::explain::answer_for(addresses)) }</p> }
                    <ol class="steps">{ for story.steps.iter().map(|s| html! { <li>{s}</li> }) }</ol>
                    if let Some(follows) = &story.follows { <p class="follows">{follows}</p> }
                </div>
            }) }
            <h2>{ format!("Recipients ({})", b.recipients.len()) }</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Recipients table">
            <table class="recipients stack">
                <thead><tr>
                    <th scope="col">{"Recipient"}</th><th scope="col">{"Result"}</th><th scope="col">{"Status"}</th>
                    <th scope="col">{"Reply"}</th><th scope="col">{"Reason"}</th><th scope="col">{"Remote server"}</th>
                </tr></thead>
                <tbody>{ for b.recipients.iter().take(SHOWN).map(recipient_row) }</tbody>
            </table>
            </div>
            if b.recipients.len() > SHOWN {
                // Nothing the report says is dropped: the rest are one click away.
                <details class="more-recipients">
                    <summary>{ format!("Show the other {} recipients", b.recipients.len() - SHOWN) }</summary>
                    <div class="table-scroll" tabindex="0" role="region" aria-label="More recipients">
                    <table class="recipients stack"><tbody>{ for b.recipients.iter().skip(SHOWN).map(recipient_row) }</tbody></table>
                    </div>
                </details>
            }
            { for b.recipients.iter().take(SHOWN).filter(|r| r.diagnostic.is_some() || !r.explanations.is_empty()).map(recipient_details) }
            <dl class="bounce-meta">
                if let Some(v) = &b.vendor { <dt>{"Report written by"}</dt><dd>{v}</dd> }
                if let Some(v) = &b.reporting_mta { <dt>{"Reporting server"}</dt><dd class="mono">{v}</dd> }
                if let Some(v) = &b.arrival_date { <dt>{"Arrived"}</dt><dd>{v}</dd> }
                if let Some(v) = &b.feedback_type { <dt>{"Feedback type"}</dt><dd>{v}</dd> }
            </dl>
            if let Some(original) = &b.original {
                <div class="original">
                    <h2>{"The message that bounced"}</h2>
                    <dl>
                    { for original.summary_fields().into_iter().filter_map(|(label, value)| value.map(|v| html! {
                        <><dt>{label}</dt><dd>{v.to_string()}</dd></>
                    })) }
                    <dt>{"Hops"}</dt><dd>{original.received.len()}</dd>
                    </dl>
                </div>
            }
        </section>
    }
}

fn recipient_row(r: &BounceRecipient) -> Html {
    let result = match (r.action.as_deref(), r.hard) {
        (Some(action), Some(true)) => format!("{action} (permanent)"),
        (Some(action), Some(false)) => format!("{action} (temporary)"),
        (Some(action), None) => action.to_string(),
        (None, Some(true)) => "failed (permanent)".into(),
        (None, Some(false)) => "temporary".into(),
        (None, None) => String::new(),
    };
    html! {
        <tr class="recipient-row">
            <td class="mono address" data-label="Recipient">{ &r.address }
                if let Some(original) = &r.original_recipient { <small class="original">{ format!(" (you wrote {original})") }</small> }
                if let Some(hint) = &r.typo_hint { <span class="typo">{ format!(" — did you mean @{hint}?") }</span> }
            </td>
            <td data-label="Result">{result}</td>
            <td class="mono status" data-label="Status">{ r.status.clone().unwrap_or_default() }</td>
            <td class="mono" data-label="Reply">{ r.reply_code.map(|c| c.to_string()).unwrap_or_default() }</td>
            <td data-label="Reason">
                if let Some(reason) = &r.reason {
                    <span class="reason">{reason}</span>
                    <small class="reason-words">{crate::bounce::reason::describe_reason(reason)}</small>
                }
            </td>
            <td class="mono" data-label="Remote server">{ r.remote_mta.clone().unwrap_or_default() }</td>
        </tr>
    }
}

fn recipient_details(r: &BounceRecipient) -> Html {
    html! {
        <div class="recipient-details">
            <h3 class="mono">{ &r.address }</h3>
            if let Some(words) = &r.diagnostic {
                <figure class="server-words">
                    <figcaption>{ match &r.smtp_command {
                        Some(cmd) => format!("The receiving server said (after {cmd}):"),
                        None => "The receiving server said:".to_string(),
                    } }</figcaption>
                    <blockquote>{ highlight_codes(words, r) }</blockquote>
                </figure>
            }
            { explanation_list(&r.explanations, false) }
        </div>
    }
}

/// The server's words with its status and reply codes marked, and its providers' help pages
/// (`https:` on a known host, `codes::links`) as links; everything else is text.
fn highlight_codes(words: &str, r: &BounceRecipient) -> Html {
    let codes: Vec<String> =
        r.status.iter().cloned().chain(r.reply_code.map(|c| c.to_string())).filter(|c| !c.is_empty()).collect();
    let mut parts = Vec::new();
    for (piece, link) in crate::codes::links::split_links(words) {
        if link {
            parts.push(html! { <a href={piece.to_string()} rel="noopener noreferrer nofollow" target="_blank">{piece.to_string()}</a> });
            continue;
        }
        let mut rest = piece;
        while let Some((at, code)) = codes.iter().filter_map(|c| rest.find(c.as_str()).map(|i| (i, c))).min_by_key(|(i, _)| *i) {
            parts.push(html! { {rest[..at].to_string()} });
            parts.push(html! { <mark>{code.clone()}</mark> });
            rest = &rest[at + code.len()..];
        }
        parts.push(html! { {rest.to_string()} });
    }
    parts.into_iter().collect::<Html>()
}

/// Codes with their meaning (most specific first), as reference; with `advice` (a pasted reply
/// line, which has no story), first the one answer: who must act and the steps of the
/// explanation that tells it (`explain::reply_answer`).
pub fn explanation_list(explanations: &[Explanation], advice: bool) -> Html {
    if explanations.is_empty() {
        return html! {};
    }
    // A success has nothing to do and nobody to do it.
    let answer = advice.then(|| crate::explain::reply_answer(explanations)).flatten().filter(|(e, _)| !e.steps.is_empty());
    html! {
        <>
        if let Some((e, follows)) = answer {
            <div class="advice">
                <h2>{"Who must act: "}<span class="actor">{e.actor.describe()}</span></h2>
                <ol class="steps">{ for e.steps.iter().map(|s| html! { <li>{s}</li> }) }</ol>
                if let Some(follows) = follows { <p class="follows">{follows}</p> }
            </div>
            <h2>{"What the codes mean"}</h2>
        }
        <ul class="explanations">
        { for explanations.iter().map(|e| html! {
            <li class="explanation" data-code={e.code.clone()}>
                <p><code class="code">{&e.code}</code>{" "}<strong>{&e.title}</strong>{": "}{&e.meaning}</p>
                <p class="source">{"Source: "}{&e.source}</p>
            </li>
        }) }
        </ul>
        </>
    }
}
