//! The Report as plain text for people: the CLI's default output and the page's
//! "copy as ticket text".

use std::fmt::Write;

use crate::headers::human_duration;
use crate::explain::recipient_story;
use crate::report::{BounceReport, Detected, Explanation, Report, Severity};

/// One sentence a non-expert understands: what this is and the most important thing found.
pub fn verdict(report: &Report) -> String {
    let what = match (&report.headers, report.detected) {
        (Some(h), Detected::Headers | Detected::Message) => {
            let hops = match h.received.len() {
                0 => "no servers recorded".to_string(),
                1 => "1 server hop".to_string(),
                n => format!("{n} server hops"),
            };
            let transit = h
                .total_transit_seconds
                .filter(|s| *s >= 0)
                .map(|s| format!(", delivered in {}", human_duration(s)))
                .unwrap_or_default();
            let kind = if report.detected == Detected::Message { "A message" } else { "Message headers" };
            format!("{kind} with {hops}{transit}.")
        }
        (_, Detected::Bounce) => match &report.bounce {
            Some(b) => bounce_verdict(b),
            None => "This looks like a bounce.".to_string(),
        },
        (_, Detected::SmtpReply) => match report.explanations.first() {
            Some(e) => format!("{} ({}): {}", e.title, e.code, e.meaning),
            None => "This is an SMTP server reply that mxray has no explanation for.".to_string(),
        },
        _ => format!("This looks like {}.", report.detected.describe()),
    };
    if report.detected == Detected::Bounce {
        return what;
    }
    match report.findings.iter().find(|f| f.severity != Severity::Info) {
        Some(worst) => format!("{what} {}", worst.message),
        None => what,
    }
}

/// The story of a bounce: the first recipient that was not delivered, and how many more.
fn bounce_verdict(b: &BounceReport) -> String {
    let pending: Vec<_> = b
        .recipients
        .iter()
        .filter(|r| !matches!(r.action.as_deref(), Some("delivered" | "relayed" | "expanded")))
        .collect();
    let Some(first) = pending.first().copied().or(b.recipients.first()) else {
        return "This is a bounce, but mxray could not find which recipient it is about.".to_string();
    };
    let story = recipient_story(first);
    match pending.len() {
        0 | 1 => story,
        2 => format!("{story} One more recipient is affected."),
        n => format!("{story} {} more recipients are affected.", n - 1),
    }
}

/// Render `report` as readable plain text (no colours, no markup).
pub fn render_text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", verdict(report));
    let _ = writeln!(out, "Detected: {} ({})", report.detected.describe(), report.detected.as_str());
    if !report.detection.evidence.is_empty() {
        let _ = writeln!(out, "  because: {}", report.detection.evidence);
    }
    if let Some(h) = &report.headers {
        out.push('\n');
        for (label, value) in h.summary_fields() {
            if let Some(v) = value {
                let _ = writeln!(out, "{label:<12} {v}");
            }
        }
        let _ = writeln!(out, "\nReceived chain ({} hops, in order of travel):", h.received.len());
        for hop in &h.received {
            let from = hop.sender();
            let from = if from.is_empty() { "?".to_string() } else { from };
            let delay = match hop.delay_seconds {
                Some(d) if d < 0 => format!("{}, clock skew", human_duration(d)),
                Some(d) => format!("+{}", human_duration(d)),
                None => "—".into(),
            };
            let _ = writeln!(
                out,
                "  {:>2}. {from} → {}  with {}{}  at {}  ({delay})",
                hop.hop,
                hop.by.as_deref().unwrap_or("(unnamed)"),
                hop.with.as_deref().unwrap_or("?"),
                if hop.tls.is_some() { ", TLS" } else { "" },
                hop.timestamp.as_deref().or(hop.date.as_deref()).unwrap_or("no date"),
            );
        }
        if let Some(total) = h.total_transit_seconds {
            let _ = writeln!(out, "  Total transit: {}", human_duration(total));
        }
        for ar in &h.authentication_results {
            let _ = writeln!(out, "\nAuthentication-Results by {}:", ar.authserv_id);
            for r in &ar.results {
                let props: Vec<String> =
                    r.properties.iter().map(|p| format!("{}={}", p.name(), p.value)).collect();
                let _ = writeln!(out, "  {:<8} {:<10} {}", r.method, r.result, props.join(" "));
            }
        }
        for sig in &h.dkim_signatures {
            let _ = writeln!(
                out,
                "\nDKIM-Signature: d={} s={} a={} h={}",
                sig.domain.as_deref().unwrap_or("?"),
                sig.selector.as_deref().unwrap_or("?"),
                sig.algorithm.as_deref().unwrap_or("?"),
                sig.signed_headers.join(":")
            );
        }
    }
    if let Some(b) = &report.bounce {
        render_bounce(&mut out, b);
    }
    render_explanations(&mut out, &report.explanations, "");
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\nFindings:");
        for f in &report.findings {
            let tag = match f.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARN ",
                Severity::Info => "info ",
            };
            let _ = writeln!(out, "  [{tag}] {} ({})", f.message, f.code);
            if let Some(fix) = &f.fix {
                let _ = writeln!(out, "          What to do: {fix}");
            }
        }
    }
    out
}

fn render_bounce(out: &mut String, b: &BounceReport) {
    let _ = writeln!(out, "\nBounce{}:", b.vendor.as_deref().map(|v| format!(" from {v}")).unwrap_or_default());
    if let Some(mta) = &b.reporting_mta {
        let _ = writeln!(out, "  Reporting server: {mta}");
    }
    if let Some(date) = &b.arrival_date {
        let _ = writeln!(out, "  Arrived: {date}");
    }
    if let Some(feedback) = &b.feedback_type {
        let _ = writeln!(out, "  Feedback type: {feedback}");
    }
    for r in &b.recipients {
        let _ = writeln!(out, "\n  Recipient {}", if r.address.is_empty() { "(unknown)" } else { &r.address });
        for (label, value) in [
            ("action", r.action.clone()),
            ("status", r.status.clone()),
            ("reply code", r.reply_code.map(|c| c.to_string())),
            ("reason", r.reason.as_deref().map(|n| format!("{n}: {}", crate::bounce::reason::describe_reason(n)))),
            ("permanent", r.hard.map(|h| if h { "yes" } else { "no, temporary" }.to_string())),
            ("remote server", r.remote_mta.clone()),
            ("failed at", r.smtp_command.clone()),
            ("did you mean", r.typo_hint.as_ref().map(|d| format!("@{d}"))),
            ("server said", r.diagnostic.clone()),
        ] {
            if let Some(v) = value {
                let _ = writeln!(out, "    {label:<14} {v}");
            }
        }
        render_explanations(out, &r.explanations, "    ");
    }
    if let Some(original) = &b.original {
        let _ = writeln!(out, "\n  The message that bounced:");
        for (label, value) in original.summary_fields() {
            if let Some(v) = value {
                let _ = writeln!(out, "    {label:<12} {v}");
            }
        }
        let _ = writeln!(out, "    {:<12} {}", "Hops", original.received.len());
    }
}

/// Explanations of codes, each with who must act and the steps.
pub fn render_explanations(out: &mut String, explanations: &[Explanation], indent: &str) {
    for e in explanations {
        let _ = writeln!(out, "{indent}{} — {}: {}", e.code, e.title, e.meaning);
        let _ = writeln!(out, "{indent}  Who must act: {}", e.actor.describe());
        for (i, step) in e.steps.iter().enumerate() {
            let _ = writeln!(out, "{indent}  {}. {step}", i + 1);
        }
        let _ = writeln!(out, "{indent}  Source: {}", e.source);
    }
}
