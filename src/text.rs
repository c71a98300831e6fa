//! The Report as plain text for people: the CLI's default output and the page's
//! "copy as ticket text".

use std::fmt::Write;

use crate::headers::human_duration;
use crate::report::{Detected, Report, Severity};

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
        _ => format!("This looks like {}.", report.detected.describe()),
    };
    match report.findings.iter().find(|f| f.severity != Severity::Info) {
        Some(worst) => format!("{what} {}", worst.message),
        None => what,
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
