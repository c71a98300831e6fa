//! Turns a parsed bounce into advice: each recipient's codes explained from the knowledge base,
//! typo hints, and one story per recipient (what happened, who must act, the steps), and
//! findings.

use crate::bounce::reason::{reason_from_status, reason_from_words, reason_story, STATUS_REASONS};
use crate::codes;
use crate::report::{Actor, BounceRecipient, BounceReport, Explanation, Finding, Severity, Story};
use crate::typo::suggest_domain;


/// The story of a `filtered` refusal whose server said the address is unknown.
const SAID_UNKNOWN: &str = "The receiving server refused the message for {a}, saying it does not know this address.";

/// Whether the server's own words say the address is unknown while the reason is `filtered`:
/// Sisimai files a "user unknown" answered after the address was taken (or at an unknown
/// stage) so. The person reading is then told what the server said, and gets the typo hint.
fn said_unknown(r: &BounceRecipient) -> bool {
    r.reason.as_deref() == Some("filtered")
        && r.diagnostic.as_deref().and_then(reason_from_words) == Some("userunknown")
}

/// The reason's story for one recipient, or a generic sentence from the action. A delay is
/// told as one first (Sisimai names it `expired`, whose story is of a server that gave up).
/// A typo hint, when there is one, ends the story.
pub fn recipient_story(r: &BounceRecipient) -> String {
    let address = if r.address.is_empty() { "the recipient" } else { r.address.as_str() };
    let told = if said_unknown(r) { Some(SAID_UNKNOWN) } else { r.reason.as_deref().and_then(reason_story) };
    let mut story = match (r.action.as_deref(), told) {
        (Some("delayed"), told) => {
            let cause = told.filter(|_| r.reason.as_deref() != Some("expired")).unwrap_or("");
            format!("Delivery to {{a}} is delayed; the sending server keeps trying. {cause}").trim_end().to_string()
        }
        (_, Some(told)) => told.to_string(),
        (Some("delivered" | "relayed" | "expanded"), None) => "The message to {a} was passed on.".to_string(),
        (_, None) => "The message could not be delivered to {a}.".to_string(),
    }
    .replace("{a}", address);
    if let Some(hint) = &r.typo_hint {
        story.push_str(&format!(" Did you mean @{hint}?"));
    }
    story
}

/// The explanation that answers a reply line alone (its explanations, most specific first): the
/// first of the class the server sent — a vendor's `Gmail 5.2.2` does not tell a `452 4.2.2`,
/// which is temporary — with, when a more specific one of another class was passed over, the
/// sentence that says which code this follows.
pub fn reply_answer(explanations: &[Explanation]) -> Option<(&Explanation, Option<String>)> {
    let sent = sent_code(explanations);
    let class = sent.and_then(|c| c.bytes().next());
    let same_class = |e: &&Explanation| of_class(e, class);
    let chosen = explanations.iter().find(same_class).or(explanations.first())?;
    let follows = explanations.iter().take_while(|e| e.code != chosen.code).find(|e| !same_class(e)).map(|e| {
        format!("{} is documented for another class of code, but the server sent {}: this follows the code the server sent.", e.code, sent.unwrap_or("another code"))
    });
    Some((chosen, follows))
}

/// The code the server sent, most specific first: the registry's own entries are named by the
/// bare code (`4.2.2`, `452`), vendors' by their name (`Gmail 5.2.2`, `dmarc`).
pub fn sent_code(explanations: &[Explanation]) -> Option<&str> {
    explanations.iter().map(|e| e.code.as_str()).find(|c| enhanced_in(c) == Some(*c) || (c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit())))
}

/// Whether `e` tells a code of `class` (`b'4'`, `b'5'`): it names no enhanced code, or one of
/// that class.
fn of_class(e: &Explanation, class: Option<u8>) -> bool {
    enhanced_in(&e.code).is_none_or(|c| Some(c.as_bytes()[0]) == class)
}

/// The enhanced status code written in an explanation's code (`5.2.2`, `Gmail 5.2.2`), if any.
fn enhanced_in(code: &str) -> Option<&str> {
    code.split_whitespace().find(|w| w.len() >= 5 && w.as_bytes()[1] == b'.' && w.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// The cause an explanation's enhanced code names on its own (`x.2.2` a full mailbox), if any.
fn cause_of(e: &Explanation) -> Option<&'static str> {
    reason_from_status(enhanced_in(&e.code)?).filter(|(_, sure)| *sure).map(|(reason, _)| reason)
}

/// Whether an explanation only says what its class or subject means: a bare reply code (`550`)
/// or an enhanced code whose detail is not registered (`5.4.310`).
fn generic(e: &Explanation) -> bool {
    let reply = e.code.len() == 3 && e.code.bytes().all(|b| b.is_ascii_digit());
    reply || (e.code == enhanced_in(&e.code).unwrap_or("") && !codes::is_registered_enhanced(&e.code))
}

/// The story of one recipient, built once: the sentence of [`recipient_story`], then the one
/// party who must act and the steps, from the explanation that tells this failure best:
/// - the most specific explanation that is more than its code's class or subject (`550`,
///   `5.4.310`), of the class the server sent (a vendor's `5.2.2` does not tell a `4.2.2`,
///   which is temporary), whose code names the recipient's reason or none;
/// - else the registry's entry for the code that names the reason (`x.2.2` for `mailboxfull`);
/// - else the most specific explanation.
///
/// The steps are that explanation's, then those of the other explanations that ask the same
/// party, each once. A recipient that was delivered, or an automatic reply, asks nobody.
pub fn build_story(r: &BounceRecipient) -> Story {
    let summary = recipient_story(r);
    let passed = matches!(r.action.as_deref(), Some("delivered" | "relayed" | "expanded"));
    if passed || matches!(r.reason.as_deref(), Some("vacation" | "feedback")) {
        return Story { summary, who_must_act: Actor::Nobody, steps: Vec::new(), follows: None };
    }
    // The class the server sent; without a code, what the report says of it.
    let temporary = r.hard == Some(false) || r.action.as_deref() == Some("delayed");
    let class = r.status.as_deref().and_then(|s| s.bytes().next()).or_else(|| r.reply_code.and_then(|c| u8::try_from(c / 100).ok()).map(|d| b'0' + d));
    let fallback_class = class.filter(|c| matches!(c, b'4' | b'5')).unwrap_or(if temporary { b'4' } else { b'5' });
    let reason = r.reason.as_deref();
    let advised: Vec<&Explanation> = r.explanations.iter().filter(|e| !e.steps.is_empty()).collect();
    let same_class = |e: &Explanation| of_class(e, class);
    let coded = |e: &&&Explanation| enhanced_in(&e.code).is_some();
    let telling = advised.iter().find(|e| !generic(e) && same_class(e) && cause_of(e).is_none_or(|c| Some(c) == reason));
    let registered = || {
        let rest = STATUS_REASONS.iter().find(|(_, name, sure)| *sure && Some(*name) == reason)?.0;
        codes::enhanced_code(&format!("{}.{rest}", char::from(fallback_class)))
    };
    // Nothing more specific: what the class itself asks (`5.0.0`: read the words, ask the admin).
    let general = || codes::enhanced_code(&format!("{}.0.0", char::from(fallback_class)));
    let chosen = telling.map(|e| (*e).clone()).or_else(registered).or_else(|| advised.first().map(|e| (*e).clone())).or_else(general);
    let Some(mut chosen) = chosen else {
        return Story { summary, who_must_act: Actor::Nobody, steps: Vec::new(), follows: None };
    };
    // Relaying refused by a remote server the report names: the recipient's side, not a login.
    if chosen.code == "relay-denied" && r.remote_mta.is_some() {
        chosen = codes::relay_denied_by_receiver();
    }
    // A more specific explanation passed over because it tells another class or cause is
    // named, with why.
    let passed_over = advised.iter().take_while(|e| e.code != chosen.code).find(|e| {
        coded(e) && !generic(e) && (!same_class(e) || cause_of(e).is_some_and(|c| Some(c) != reason))
    });
    let follows = passed_over.map(|e| {
        if same_class(e) {
            format!("{} means \"{}\", but the server's words name another cause: this follows the words.", e.code, e.title)
        } else {
            let documented = if enhanced_in(&e.code).is_some_and(|c| c.starts_with('5')) { "permanent" } else { "temporary" };
            let sent = r.status.as_deref().unwrap_or("a code of another class");
            format!("{} is documented as {documented}, but the server sent {sent}: this follows the code the server sent.", e.code)
        }
    });
    // The chosen explanation's steps, then those of the other specific ones that ask the same
    // party; the steps any failure gets (read the words, ask the administrator) last.
    let same_party = advised.iter().filter(|e| !generic(e) && e.actor == chosen.actor && same_class(e) && e.code != chosen.code);
    let mut steps: Vec<String> = Vec::new();
    for step in chosen.steps.iter().chain(same_party.flat_map(|e| e.steps.iter())) {
        if !steps.contains(step) {
            steps.push(step.clone());
        }
    }
    let (general, specific): (Vec<String>, Vec<String>) = steps.into_iter().partition(|s| codes::GENERAL_STEPS.contains(&s.as_str()));
    let steps = specific.into_iter().chain(general).collect();
    Story { summary, who_must_act: chosen.actor, steps, follows }
}

/// The recipients that share one answer (the same party must act, with the same steps), each
/// answer once, in the order of its first recipient; recipients without a story or with
/// nothing to do are left out.
pub fn shared_stories(b: &BounceReport) -> Vec<(Vec<&str>, &Story)> {
    let mut groups: Vec<(Vec<&str>, &Story)> = Vec::new();
    for r in &b.recipients {
        let Some(story) = r.story.as_ref().filter(|s| !s.steps.is_empty()) else { continue };
        match groups.iter_mut().find(|(_, s)| s.who_must_act == story.who_must_act && s.steps == story.steps) {
            Some((addresses, _)) => addresses.push(&r.address),
            None => groups.push((vec![&r.address], story)),
        }
    }
    groups
}

/// Who a shared answer is for, in words: every address up to a few, then how many more.
pub fn answer_for(addresses: &[&str]) -> String {
    const SHOWN: usize = 3;
    let named = addresses.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    match addresses.len().saturating_sub(SHOWN) {
        0 => named,
        more => format!("{named} and {more} more"),
    }
}

/// Fill each recipient's explanations and typo hint, and return the findings the bounce raises.
pub fn annotate_bounce(bounce: &mut BounceReport) -> Vec<Finding> {
    let mut findings = Vec::new();
    for r in &mut bounce.recipients {
        let mut query = String::new();
        for part in [r.reply_code.map(|c| c.to_string()), r.status.clone(), r.diagnostic.clone()].into_iter().flatten() {
            query.push_str(&part);
            query.push(' ');
        }
        // An automatic reply or a feedback report quotes a person, not a server: no codes there.
        if !matches!(r.reason.as_deref(), Some("vacation" | "feedback")) {
            r.explanations = codes::explain(query.trim());
        }
        let domain = r.address.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        let address_problem =
            said_unknown(r) || matches!(r.reason.as_deref(), Some("userunknown" | "hostunknown" | "notaccept"));
        if address_problem {
            r.typo_hint = suggest_domain(domain).map(str::to_string);
        }
        let severity = match (r.hard, r.action.as_deref()) {
            (_, Some("delivered" | "relayed" | "expanded")) => Severity::Info,
            (Some(true), _) | (None, Some("failed")) => Severity::Error,
            _ if matches!(r.reason.as_deref(), Some("vacation" | "feedback")) => Severity::Info,
            _ => Severity::Warning,
        };
        let story = build_story(r);
        let fix = story.steps.first().cloned();
        findings.push(Finding { severity, code: "bounce-recipient", message: story.summary.clone(), fix });
        r.story = Some(story);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::{annotate_bounce, recipient_story};
    use crate::bounce::reason::{classify, Evidence};
    use crate::report::{BounceRecipient, BounceReport};

    /// "User unknown" answered at an unknown stage is `filtered` in Sisimai's vocabulary; the
    /// sentence a person reads says what the server said, the definition shown beside it does
    /// not contradict it, and a mistyped domain gets its hint as for any unknown address.
    #[test]
    fn a_filtered_user_unknown_is_told_as_the_server_said_it() {
        let diagnostic = "550 : User unknown";
        // The words decide: a user unknown is one whatever the stage.
        let read = classify(&Evidence { diagnostic, reply_code: Some(550), ..Default::default() });
        assert_eq!(read, "userunknown");
        // A report another reader filed as `filtered` (Sisimai's JSON, a vendor's fallback) is
        // still told as the server said it.
        let reason = "filtered";
        let recipient = |address: &str, diagnostic: &str| BounceRecipient {
            address: address.into(),
            reason: Some(reason.into()),
            diagnostic: Some(diagnostic.into()),
            ..Default::default()
        };
        let story = recipient_story(&recipient("a@example.com", diagnostic));
        assert!(story.contains("a@example.com") && story.contains("does not know this address"), "{story}");
        let meaning = crate::bounce::describe_reason(reason);
        assert!(meaning.contains("an address they do not know") && !meaning.contains("accepted the address"), "{meaning}");

        let filter_said = "550 Message refused by content filter";
        let mut bounce = BounceReport {
            recipients: vec![recipient("a@gnail.com", diagnostic), recipient("b@gnail.com", filter_said)],
            ..Default::default()
        };
        let findings = annotate_bounce(&mut bounce);
        let [unknown, by_filter] = &bounce.recipients[..] else { panic!("two recipients") };
        assert_eq!(unknown.typo_hint.as_deref(), Some("gmail.com"));
        assert!(findings[0].message.ends_with("Did you mean @gmail.com?"), "{}", findings[0].message);
        // Refused by a filter in its own words: the filter's story, and the address is not in doubt.
        assert_eq!(by_filter.typo_hint, None);
        assert!(findings[1].message.contains("a filter or rule there"), "{}", findings[1].message);
    }

    /// A delay warning is told as one: Sisimai's `expired` for it must not read "gave up"; a
    /// delay with a cause tells both.
    #[test]
    fn a_delay_is_told_as_a_delay() {
        let delayed = |reason: &str| BounceRecipient {
            address: "a@example.com".into(),
            action: Some("delayed".into()),
            reason: Some(reason.into()),
            ..Default::default()
        };
        let story = recipient_story(&delayed("expired"));
        assert!(story.starts_with("Delivery to a@example.com is delayed") && !story.contains("gave up"), "{story}");
        let story = recipient_story(&delayed("mailboxfull"));
        assert!(story.contains("is delayed") && story.contains("mailbox of a@example.com is full"), "{story}");
    }

    /// An out-of-office text is a person's words: a phone number in it is no reply code.
    #[test]
    fn an_automatic_reply_explains_no_codes() {
        let away = BounceRecipient {
            address: "a@example.com".into(),
            reason: Some("vacation".into()),
            diagnostic: Some("I am away; urgent matters: +31 15 555 0142.".into()),
            ..Default::default()
        };
        let mut bounce = BounceReport { recipients: vec![away], ..Default::default() };
        let findings = annotate_bounce(&mut bounce);
        assert!(bounce.recipients[0].explanations.is_empty());
        assert_eq!(findings[0].fix, None);
    }
}
