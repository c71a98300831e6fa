//! The Report as plain text for people: the CLI's default output and the page's
//! "copy as ticket text".

use std::fmt::Write;

use crate::headers::human_duration;
use crate::explain::recipient_story;
use crate::report::{Actor, BounceReport, Detected, Explanation, Finding, RecordWarning, Report, Severity, SpfReport, SyntaxError};

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
        (_, Detected::SmtpReply) => match crate::explain::reply_answer(&report.explanations) {
            // A text diagnostic's name (`dmarc`) is no code: the headline shows the one sent.
            Some((e, _)) => {
                let named = e.code.bytes().any(|b| b.is_ascii_digit());
                let code = if named { Some(e.code.as_str()) } else { crate::explain::sent_code(&report.explanations) };
                match code {
                    Some(code) => format!("{} ({code}): {}", e.title, e.meaning),
                    None => format!("{}: {}", e.title, e.meaning),
                }
            }
            None => "This is an SMTP server reply that mxray has no explanation for.".to_string(),
        },
        _ => format!("This looks like {}.", report.detected.describe()),
    };
    if report.detected == Detected::Bounce {
        return what;
    }
    // A record's verdict is its check's own sentence: broken, ignored, or valid.
    if let Some(record) = report.findings.iter().find(|f| matches!(f.code, "spf-record" | "dmarc-record")) {
        return record.message.clone();
    }
    match report.findings.iter().find(|f| f.severity != Severity::Info) {
        Some(worst) => format!("{what} {}", worst.message),
        None => what,
    }
}

/// Who must act on a broken or weak record: whoever runs the domain's DNS, the sender's side.
pub const RECORD_ACTOR: Actor = Actor::SenderAdmin;

/// Who must act first and the first thing to do, for the same thing [`verdict`] is about: a
/// bounce's first undelivered recipient's story, a reply code's explanation, or the worst
/// finding's fix (a broken record: whoever runs the domain's DNS, the sender's side). `None`
/// where nobody needs to do anything.
pub fn first_step(report: &Report) -> (Option<Actor>, Option<String>) {
    if let Some(b) = &report.bounce {
        let first = b.recipients.iter().find(|r| !matches!(r.action.as_deref(), Some("delivered" | "relayed" | "expanded")));
        return match first.or(b.recipients.first()).and_then(|r| r.story.as_ref()) {
            // Nothing to do (delivered, an automatic reply): nobody is named.
            Some(story) if story.steps.is_empty() => (None, None),
            Some(story) => (Some(story.who_must_act), story.steps.first().cloned()),
            None => (None, None),
        };
    }
    if report.detected == Detected::SmtpReply {
        return match crate::explain::reply_answer(&report.explanations) {
            Some((e, _)) => (Some(e.actor), e.steps.first().cloned()),
            None => (None, None),
        };
    }
    let record = report.findings.iter().find(|f| matches!(f.code, "spf-record" | "dmarc-record"));
    let worst = record.filter(|f| f.severity != Severity::Info).or_else(|| report.findings.iter().find(|f| f.severity != Severity::Info));
    match worst {
        Some(f) if record.is_some() => (Some(RECORD_ACTOR), Some(record_step(report, f))),
        Some(f) => (None, f.fix.clone()),
        None => (None, None),
    }
}

/// What to do about a record that is broken or weak: its first error, else its first warning
/// (which says what to do), changed where the domain's DNS is kept.
fn record_step(report: &Report, f: &Finding) -> String {
    let record = report.spf.as_ref().map(|r| (r.errors.first(), r.warnings.as_slice()));
    #[cfg(feature = "dmarc")]
    let record = record.or_else(|| report.dmarc_record.as_ref().map(|r| (r.errors.first().or(r.rfc7489.errors.first()), r.warnings.as_slice())));
    record.and_then(|(error, warnings)| record_first_step(error, warnings)).unwrap_or_else(|| f.message.clone())
}

/// The first step for a record with `error` (its first) and `warnings`, if either asks one.
pub fn record_first_step(error: Option<&SyntaxError>, warnings: &[RecordWarning]) -> Option<String> {
    match (error, warnings.iter().find(|w| w.severity != Severity::Info)) {
        (Some(e), _) => Some(format!("Correct the record where your domain's DNS is kept: {}.", e.message.trim_end_matches('.'))),
        (None, Some(w)) => Some(format!("Change the record where your domain's DNS is kept: {}", w.message)),
        (None, None) => None,
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
            let _ = writeln!(out, "\nAuthentication-Results by {}:", ar.checker());
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
    if let Some(spf) = &report.spf {
        out.push('\n');
        render_spf(&mut out, spf);
    }
    #[cfg(feature = "dkim")]
    render_arc(&mut out, &report.arc);
    #[cfg(feature = "dmarc")]
    if let Some(d) = &report.dmarc_record {
        out.push('\n');
        render_dmarc(&mut out, d);
    }
    render_explanations(&mut out, &report.explanations, "");
    render_findings(&mut out, "Findings", &report.findings);
    out
}

/// `findings` under `title`, each with its severity, code and fix.
pub fn render_findings(out: &mut String, title: &str, findings: &[Finding]) {
    if findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    for f in findings {
        let _ = writeln!(out, "  [{}] {} ({})", severity_tag(f.severity), f.message, f.code);
        if let Some(fix) = &f.fix {
            let _ = writeln!(out, "          What to do: {fix}");
        }
    }
}

/// A message's ARC sets, first to last.
#[cfg(feature = "dkim")]
pub fn render_arc(out: &mut String, arc: &[crate::dkim::arc::ArcSet]) {
    if arc.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nARC chain (intermediaries, first to last):");
    for s in arc {
        let _ = writeln!(out, "  i={} cv={}  sealed by {}: {}", s.instance, s.cv.as_deref().unwrap_or("?"), s.sealed_by.as_deref().unwrap_or("?"), s.results.as_deref().unwrap_or(""));
    }
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
    let answers = crate::explain::shared_stories(b);
    for (addresses, story) in &answers {
        let whom = if answers.len() > 1 || addresses.len() > 1 { format!(" (for {})", crate::explain::answer_for(addresses)) } else { String::new() };
        let _ = writeln!(out, "\n  Who must act{whom}: {}", story.who_must_act.describe());
        for (i, step) in story.steps.iter().enumerate() {
            let _ = writeln!(out, "    {}. {step}", i + 1);
        }
        if let Some(follows) = &story.follows {
            let _ = writeln!(out, "    Note: {follows}");
        }
    }
    for r in &b.recipients {
        let _ = writeln!(out, "\n  Recipient {}", if r.address.is_empty() { "(unknown)" } else { &r.address });
        for (label, value) in [
            ("you wrote", r.original_recipient.clone()),
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
        render_code_meanings(out, &r.explanations, "    ");
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

/// What a bounce's codes mean, as reference: who must act and the steps are the story's.
fn render_code_meanings(out: &mut String, explanations: &[Explanation], indent: &str) {
    for e in explanations {
        let _ = writeln!(out, "{indent}{} — {}: {}", e.code, e.title, e.meaning);
        let _ = writeln!(out, "{indent}  Source: {}", e.source);
    }
}

/// A reply line's codes: one answer (who must act and the steps of the explanation that tells
/// it, [`crate::explain::reply_answer`]), then what each code means, as reference.
pub fn render_explanations(out: &mut String, explanations: &[Explanation], indent: &str) {
    if let Some((e, follows)) = crate::explain::reply_answer(explanations).filter(|(e, _)| !e.steps.is_empty()) {
        let _ = writeln!(out, "{indent}Who must act: {}", e.actor.describe());
        for (i, step) in e.steps.iter().enumerate() {
            let _ = writeln!(out, "{indent}  {}. {step}", i + 1);
        }
        if let Some(follows) = follows {
            let _ = writeln!(out, "{indent}  Note: {follows}");
        }
        let _ = writeln!(out, "{indent}What the codes mean:");
    }
    render_code_meanings(out, explanations, indent);
}

fn severity_tag(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARN ",
        Severity::Info => "info ",
    }
}

/// Render an SPF check: the record with errors marked, warnings, terms, lookups, the tree and
/// an evaluation's result.
pub fn render_spf(out: &mut String, spf: &SpfReport) {
    if let Some(d) = &spf.domain {
        let _ = writeln!(out, "SPF record of {d}:");
    } else {
        let _ = writeln!(out, "SPF record:");
    }
    if spf.record.is_empty() {
        let _ = writeln!(out, "  (no record could be read)");
        for e in &spf.errors {
            let _ = writeln!(out, "  {}", e.message);
        }
        return;
    }
    let _ = writeln!(out, "  {}", spf.record);
    let _ = writeln!(out, "Valid: {}", if spf.valid { "yes" } else { "no (receivers return permerror)" });
    render_errors(out, &spf.record, &spf.errors);
    render_warnings(out, &spf.warnings);
    if !spf.terms.is_empty() {
        let _ = writeln!(out, "Terms:");
        let width = spf.terms.iter().map(|t| t.text.chars().count()).max().unwrap_or(0).min(40);
        for t in &spf.terms {
            let _ = writeln!(out, "  {:<width$}  {}", t.text, t.meaning);
        }
    }
    let _ = writeln!(out, "DNS lookups: {} of 10; void lookups: {} of 2", spf.lookups, spf.void_lookups);
    let tree = crate::spf::flatten_tree(&spf.tree);
    if tree.iter().any(|(depth, t)| *depth > 0 || t.child.is_some()) {
        let _ = writeln!(out, "Include tree (lookups: this term / running total):");
        render_spf_node(out, &spf.tree, 1);
    }
    if !spf.authorized.is_empty() {
        let _ = writeln!(out, "Authorized addresses: {}", spf.authorized.join(" "));
    }
    for u in &spf.unresolved {
        let _ = writeln!(out, "  not resolved: {u}");
    }
    if let Some(result) = spf.result {
        let _ = writeln!(out, "Result: {} — {}", result.as_str(), result.describe());
        if let Some(r) = &spf.reason {
            let _ = writeln!(out, "  because {r}");
        }
        if let Some(e) = &spf.explanation {
            let _ = writeln!(out, "  the domain's explanation: {e}");
        }
    }
}

/// Each error with its byte position and a caret under the record.
fn render_errors(out: &mut String, record: &str, errors: &[SyntaxError]) {
    for e in errors {
        let _ = writeln!(out, "  error at byte {}: {}", e.position, e.message);
        let col = record.get(..e.position).map_or(0, |p| p.chars().count());
        let _ = writeln!(out, "  {record}\n  {}^", " ".repeat(col));
    }
}

fn render_warnings(out: &mut String, warnings: &[RecordWarning]) {
    if !warnings.is_empty() {
        let _ = writeln!(out, "Warnings:");
        for w in warnings {
            let at = w.position.map(|p| format!(" (byte {p})")).unwrap_or_default();
            let _ = writeln!(out, "  [{}] {}{at} ({})", severity_tag(w.severity), w.message, w.code);
        }
    }
}

/// A DMARC record check as text (`mxray dmarc`).
#[cfg(feature = "dmarc")]
pub fn render_dmarc(out: &mut String, d: &crate::report::DmarcReport) {
    match (&d.domain, &d.found_at) {
        (Some(domain), Some(at)) => { let _ = writeln!(out, "DMARC record for {domain} (found at _dmarc.{at}):"); }
        (Some(domain), None) => { let _ = writeln!(out, "DMARC record of {domain}:"); }
        _ => { let _ = writeln!(out, "DMARC record:"); }
    }
    if d.record.is_empty() {
        let _ = writeln!(out, "  (none)");
    } else {
        let _ = writeln!(out, "  {}", d.record);
        let _ = writeln!(out, "Valid under RFC 9989: {}", if d.valid { "yes" } else { "no" });
        render_errors(out, &d.record, &d.errors);
        let _ = writeln!(out, "Valid under RFC 7489: {}", if d.rfc7489.valid { "yes" } else { "no" });
        for e in d.rfc7489.errors.iter().filter(|e| !d.errors.contains(e)) {
            let _ = writeln!(out, "  error at byte {}: {}", e.position, e.message);
        }
        let _ = writeln!(out, "Policy: {} (subdomains: {}; subdomains that do not exist: {})",
            d.policy.as_str(), d.subdomain_policy.as_str(), d.nonexistent_policy.as_str());
        let mode = |m: crate::dmarc::AlignmentMode| if m == crate::dmarc::AlignmentMode::Strict { "strict" } else { "relaxed" };
        let _ = writeln!(out, "Alignment: DKIM {}, SPF {}", mode(d.adkim), mode(d.aspf));
        for (label, list) in [("Aggregate reports to", &d.rua), ("Failure reports to", &d.ruf)] {
            if !list.is_empty() {
                let _ = writeln!(out, "{label}: {}", list.iter().map(|u| u.uri.as_str()).collect::<Vec<_>>().join(", "));
            }
        }
    }
    match (&d.org_domain, &d.org_domain_tree_walk) {
        (Some(psl), Some(walk)) if psl != walk => { let _ = writeln!(out, "Organizational Domain: {psl} by the Public Suffix List, {walk} by the DNS tree walk (RFC 9989 receivers use {walk})"); }
        (Some(psl), _) => { let _ = writeln!(out, "Organizational Domain: {psl}"); }
        _ => {}
    }
    render_warnings(out, &d.warnings);
}

fn render_spf_node(out: &mut String, node: &crate::report::SpfNode, depth: usize) {
    let pad = "  ".repeat(depth);
    if let Some(p) = &node.problem {
        let _ = writeln!(out, "{pad}({p})");
    }
    for t in &node.terms {
        let cost = if t.lookups > 0 { format!("  {}/{}", t.lookups, t.total) } else { String::new() };
        let flags = [(t.over_limit, "  OVER THE 10-LOOKUP LIMIT"), (t.void, "  void")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, s)| *s)
            .collect::<String>();
        let _ = writeln!(out, "{pad}{}{cost}{flags}", t.term);
        if let Some(n) = &t.note {
            let _ = writeln!(out, "{pad}  note: {n}");
        }
        if let Some(child) = &t.child {
            let _ = writeln!(out, "{pad}  {}: {}", child.domain, child.record.as_deref().unwrap_or("(no record)"));
            render_spf_node(out, child, depth + 2);
        }
    }
}
