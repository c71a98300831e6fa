//! Turns a parsed bounce into advice: each recipient's codes explained from the knowledge base,
//! typo hints, the one-sentence story per reason, and findings.

use crate::bounce::reason::{reason_from_words, reason_story};
use crate::codes;
use crate::report::{BounceRecipient, BounceReport, Finding, Severity};
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
        let message = recipient_story(r);
        let fix = r.explanations.first().and_then(|e| e.steps.first()).cloned();
        findings.push(Finding { severity, code: "bounce-recipient", message, fix });
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
