//! Turns a parsed bounce into advice: each recipient's codes explained from the knowledge base,
//! typo hints, the one-sentence story per reason, and findings.

use crate::bounce::reason::reason_story;
use crate::codes;
use crate::report::{BounceRecipient, BounceReport, Finding, Severity};
use crate::typo::suggest_domain;


/// The reason's story for one recipient, or a generic sentence from the action.
/// A typo hint, when there is one, ends the story.
pub fn recipient_story(r: &BounceRecipient) -> String {
    let address = if r.address.is_empty() { "the recipient" } else { r.address.as_str() };
    let mut story = match (r.reason.as_deref().and_then(reason_story), r.action.as_deref()) {
        (Some(story), _) => story.replace("{a}", address),
        (None, Some("delayed")) => format!("Delivery to {address} is delayed; the sending server keeps trying."),
        (None, Some("delivered" | "relayed" | "expanded")) => format!("The message to {address} was passed on."),
        (None, _) => format!("The message could not be delivered to {address}."),
    };
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
        r.explanations = codes::explain(query.trim());
        let domain = r.address.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        let address_problem = matches!(r.reason.as_deref(), Some("userunknown" | "hostunknown" | "notaccept"));
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
    use super::recipient_story;
    use crate::bounce::reason::{classify, Evidence};
    use crate::report::BounceRecipient;

    /// "User unknown" answered at an unknown stage is `filtered` in Sisimai's vocabulary; the
    /// sentence and the definition a person reads must still leave room for what the server said.
    #[test]
    fn a_filtered_user_unknown_is_not_told_as_only_a_filter() {
        let diagnostic = "550 : User unknown";
        let reason = classify(&Evidence { diagnostic, reply_code: Some(550), ..Default::default() });
        assert_eq!(reason, "filtered");
        let r = BounceRecipient { address: "a@example.com".into(), reason: Some(reason.into()), diagnostic: Some(diagnostic.into()), ..Default::default() };
        let story = recipient_story(&r);
        assert!(story.contains("a@example.com") && story.contains("an address it does not know"), "{story}");
        // The reason's definition, shown beside it, does not contradict the server either.
        let meaning = crate::bounce::describe_reason(reason);
        assert!(meaning.contains("an address they do not know") && !meaning.contains("accepted the address"), "{meaning}");
    }
}
