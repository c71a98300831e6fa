//! Turns a parsed bounce into advice: each recipient's codes explained from the knowledge base,
//! typo hints, the one-sentence story per reason, and findings.

use crate::codes;
use crate::report::{BounceRecipient, BounceReport, Finding, Severity};
use crate::typo::suggest_domain;

/// What happened, per reason, in words a non-expert understands. `{a}` is the recipient.
/// Reasons are Sisimai's vocabulary (see `bounce`).
const REASON_STORIES: &[(&str, &str)] = &[
    ("userunknown", "The address {a} does not exist at the receiving server."),
    ("hostunknown", "The domain of {a} does not exist or does not accept mail."),
    ("mailboxfull", "The mailbox of {a} is full."),
    ("suspend", "The mailbox of {a} is disabled or suspended."),
    ("hasmoved", "The address {a} has moved; the server names a new one."),
    ("mesgtoobig", "The message is too large for the mailbox of {a}."),
    ("exceedlimit", "The message exceeds a limit of the receiving server (size or count)."),
    ("blocked", "The receiving server refused mail from your sending server (its IP address or reputation)."),
    ("badreputation", "The receiving server refused the message because of your sending server's reputation."),
    ("spamdetected", "The receiving server judged the message to be spam."),
    ("filtered", "A filter at the receiving side refused the message for {a}."),
    ("rejected", "The receiving server refused the sender address of the message."),
    ("authfailure", "The message failed the recipient's sender checks (SPF, DKIM or DMARC)."),
    ("policyviolation", "The message broke a policy of the receiving organisation."),
    ("norelaying", "The server refused to pass the message on (relaying denied)."),
    ("requireptr", "Your sending server has no valid reverse DNS (PTR) record, so it was refused."),
    ("securityerror", "The message failed a security requirement (authentication or encryption)."),
    ("virusdetected", "The receiving server found a virus or dangerous attachment in the message."),
    ("contenterror", "The receiving server refused the message's content or format."),
    ("notcompliantrfc", "The message does not follow the email standards (RFC 5322), so it was refused."),
    ("expired", "The message could not be delivered in time and the sending server gave up."),
    ("networkerror", "The receiving server could not be reached over the network."),
    ("toomanyconn", "The receiving server refused because too many connections or messages arrived at once."),
    ("speeding", "The receiving server is limiting how fast it accepts mail from your server."),
    ("systemerror", "The receiving server had an internal error."),
    ("systemfull", "The receiving server's disk or queue is full."),
    ("mailererror", "A program at the receiving side failed while delivering the message."),
    ("notaccept", "The domain of {a} does not accept any mail (null MX or refusal)."),
    ("syntaxerror", "The conversation between the mail servers broke down (a command was not understood)."),
    ("onhold", "Delivery to {a} is on hold; the exact cause is unclear."),
    ("vacation", "This is an automatic reply (for example out of office), not a delivery failure."),
    ("feedback", "This is a feedback report: a recipient or provider reported a message you sent."),
    ("delivered", "The message to {a} was delivered; this report only confirms it."),
];

/// The reason's story for one recipient, or a generic sentence from the action.
pub fn recipient_story(r: &BounceRecipient) -> String {
    let address = if r.address.is_empty() { "the recipient" } else { r.address.as_str() };
    if let Some(story) = r.reason.as_deref().and_then(|reason| {
        REASON_STORIES.iter().find(|(name, _)| *name == reason).map(|(_, story)| *story)
    }) {
        return story.replace("{a}", address);
    }
    match r.action.as_deref() {
        Some("delayed") => format!("Delivery to {address} is delayed; the sending server keeps trying."),
        Some("delivered" | "relayed" | "expanded") => format!("The message to {address} was passed on."),
        _ => format!("The message could not be delivered to {address}."),
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
        let mut message = recipient_story(r);
        if let Some(hint) = &r.typo_hint {
            message.push_str(&format!(" Did you mean @{hint}?"));
        }
        let fix = r.explanations.first().and_then(|e| e.steps.first()).cloned();
        findings.push(Finding { severity, code: "bounce-recipient", message, fix });
    }
    findings
}
