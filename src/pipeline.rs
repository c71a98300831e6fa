//! The pipeline: detect what the input is, read it (one mail-parser reading shared by detection
//! and the bounce reader), run the analysers that fit and assemble the [`Report`]. The one
//! module above every analyser; `lib.rs` is only its face.

use crate::report::*;
use crate::{bounce, codes, detect, dns, explain, headers, scan, spf};
#[cfg(feature = "dmarc")]
use crate::dmarc;
#[cfg(feature = "dkim")]
use crate::dkim;
#[cfg(all(feature = "dkim", feature = "dmarc"))]
use crate::auth;

/// Analyse whatever was pasted or read from a file.
///
/// Never panics; input that is not recognised gives `Detected::Unknown` and a finding that says
/// what mxray expected. No DNS: DKIM keys and DMARC records are not looked up.
pub fn analyze(input: &str) -> Report {
    #[allow(unused_mut)]
    let mut report = analyze_text(input);
    // Offline answers every question, so this is always Done.
    #[cfg(all(feature = "dkim", feature = "dmarc"))]
    let _ = auth::add_message_auth(&mut report, input, &dns::Offline);
    report
}

/// [`analyze`] with live DNS: a message's DKIM keys and DMARC record are asked of `resolver`.
#[cfg(all(feature = "dkim", feature = "dmarc"))]
pub fn analyze_live<R: dns::Resolver + ?Sized>(input: &str, resolver: &R) -> dns::Progress<Report> {
    let mut report = analyze_text(input);
    match auth::add_message_auth(&mut report, input, resolver) {
        dns::Progress::Done(()) => dns::Progress::Done(report),
        dns::Progress::Need(q) => dns::Progress::Need(q),
    }
}

/// The Report of `input` as the CLI writes it offline (`--json`), pretty-printed: the page's
/// "Download JSON". `members` is what the page's DKIM/DMARC drawing found (`,\n  "dkim": …`,
/// `crate::browser::bridge`), possibly over live DNS: given, it takes the place of the offline
/// DKIM, ARC and DMARC parts.
#[cfg(all(feature = "dkim", feature = "dmarc"))]
pub fn report_json(input: &str, members: &str) -> String {
    let mut json = serde_json::to_string_pretty(&report_beside_drawing(input, !members.is_empty())).unwrap_or_default();
    if !members.is_empty() && json.ends_with("\n}") {
        json.truncate(json.len() - 2);
        json += members;
        json += "\n}";
    }
    json
}

/// The report of `input` as ticket text, as the CLI prints it offline: the page's "Copy as
/// ticket text". `part` is the DKIM/DMARC drawing's text (possibly over live DNS): given, it
/// takes the place of the offline DKIM, ARC and DMARC parts.
#[cfg(all(feature = "dkim", feature = "dmarc"))]
pub fn report_text(input: &str, part: &str) -> String {
    crate::render::render_text(&report_beside_drawing(input, !part.is_empty())) + part
}

/// The Report of `input`; `drawn`: without the DKIM, ARC and DMARC parts, which the page's
/// drawing of them gives instead.
#[cfg(all(feature = "dkim", feature = "dmarc"))]
fn report_beside_drawing(input: &str, drawn: bool) -> Report {
    if drawn {
        Report { dmarc_record: None, arc: Vec::new(), ..analyze_text(input) }
    } else {
        analyze(input)
    }
}

/// Everything that needs no DNS.
fn analyze_text(input: &str) -> Report {
    let (detection, mut bounce) = detect_and_read(input);
    let mut findings = Vec::new();
    let mut explanations = Vec::new();
    let mut spf = None;
    #[cfg(feature = "dmarc")]
    let mut dmarc_record = None;
    let headers = match detection.kind {
        Detected::Headers | Detected::Message | Detected::Bounce => {
            let (report, mut header_findings) = headers::analyze_headers(input);
            if let Some(b) = &mut bounce {
                findings.append(&mut explain::annotate_bounce(b));
            } else {
                // A bounce's own header quirks (the report's Message-ID, ...) are noise next to
                // the story it tells; for mail they are the findings.
                findings.append(&mut header_findings);
            }
            // A notice's text alone, or a service's JSON events, have no header section to show.
            let json = input.trim_start().starts_with(['{', '[']);
            let no_header = match detection.bounce_kind {
                Some(BounceKind::NoticeText) => true,
                Some(BounceKind::DeliveryEvents) => json,
                _ => false,
            };
            (!no_header).then_some(report)
        }
        Detected::Unknown => {
            findings.push(unknown_input_finding(input));
            None
        }
        Detected::SmtpReply => {
            explanations = codes::explain(input.trim());
            None
        }
        Detected::SpfRecord => {
            // Pasted text is checked offline; live lookups are the front end's choice.
            let req = spf::SpfRequest { record: Some(input), ..Default::default() };
            if let dns::Progress::Done(r) = spf::analyze_spf(&req, &dns::Offline) {
                findings.push(spf_finding(&r));
                spf = Some(r);
            }
            None
        }
        #[cfg(feature = "dmarc")]
        Detected::DmarcRecord => {
            // Pasted text is checked offline: report destinations are checked by `mxray dmarc`.
            let req = dmarc::DmarcRequest { record: Some(input), domain: None };
            if let dns::Progress::Done(r) = dmarc::analyze_dmarc(&req, &dns::Offline) {
                findings.push(dmarc_finding(&r));
                dmarc_record = Some(r);
            }
            None
        }
        // The page's first load: its DKIM/DMARC module checks the record (`ui::auth`).
        #[cfg(not(feature = "dmarc"))]
        Detected::DmarcRecord => None,
    };
    findings.sort_by_key(|f| f.severity);
    #[cfg(feature = "dkim")]
    // A message's own ARC sets (a bounce's would describe the bounce, not the mail that failed).
    let arc = if matches!(detection.kind, Detected::Message | Detected::Headers) { dkim::arc::arc_sets(input.as_bytes()) } else { Vec::new() };
    Report {
        detected: detection.kind,
        detection,
        headers,
        bounce,
        spf,
        #[cfg(feature = "dmarc")]
        dmarc_record,
        #[cfg(feature = "dkim")]
        dkim: Vec::new(),
        #[cfg(feature = "dkim")]
        arc,
        #[cfg(all(feature = "dkim", feature = "dmarc"))]
        dmarc: None,
        explanations,
        findings,
    }
}

/// Every error of a record, each with where it is: `…` (byte 7); `…` (byte 42).
fn every_error(errors: &[SyntaxError]) -> String {
    errors.iter().map(|e| format!("{} (byte {})", e.message.trim_end_matches('.'), e.position)).collect::<Vec<_>>().join("; ")
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The verdict on an SPF record, as a finding: broken (with every error), or valid and its
/// most serious warning (the details are in the SPF report).
fn spf_finding(r: &SpfReport) -> Finding {
    let worst = r.warnings.iter().filter(|w| w.severity != Severity::Info);
    let (severity, message) = match (r.errors.is_empty(), worst.clone().next()) {
        (false, _) => (
            Severity::Error,
            format!(
                "This SPF record is broken: {}, so receivers treat it as a permanent error (permerror): {}.",
                count(r.errors.len(), "error"),
                every_error(&r.errors)
            ),
        ),
        (true, Some(w)) => (w.severity, format!("This SPF record works, but: {}", w.message)),
        (true, None) => (Severity::Info, "This SPF record is valid.".to_string()),
    };
    let more = worst.count().saturating_sub(usize::from(r.errors.is_empty()));
    let fix = (more > 0).then(|| format!("{more} more warning(s) below."));
    Finding { severity, code: "spf-record", message, fix }
}

/// The verdict on a DMARC record, as a finding: a record whose version or policy cannot be
/// read is ignored by receivers; other faulty tags are ignored one by one (RFC 7489 §6.3).
#[cfg(feature = "dmarc")]
pub(crate) fn dmarc_finding(r: &DmarcReport) -> Finding {
    let worst = r.warnings.iter().find(|w| w.severity != Severity::Info);
    let whole = r.errors.iter().any(|e| e.message.starts_with("`p=") || e.message.starts_with("`v=") || e.message.contains("v=DMARC1"));
    let (severity, message) = match (r.errors.is_empty(), worst) {
        (false, _) if whole => (Severity::Error, format!("This DMARC record is ignored by receivers: {}.", every_error(&r.errors))),
        (false, _) => (
            Severity::Error,
            format!("This DMARC record has {}; receivers ignore what is wrong: {}.", count(r.errors.len(), "error"), every_error(&r.errors)),
        ),
        // Most receivers still read records by RFC 7489, which keeps tags RFC 9989 dropped.
        (true, _) if !r.rfc7489.errors.is_empty() => (
            Severity::Warning,
            format!(
                "This DMARC record works (policy: {}), but receivers that follow RFC 7489 find {}: {}.",
                r.policy.as_str(),
                count(r.rfc7489.errors.len(), "error"),
                every_error(&r.rfc7489.errors)
            ),
        ),
        (true, Some(w)) => (w.severity, format!("This DMARC record works (policy: {}), but: {}", r.policy.as_str(), w.message)),
        (true, None) => (Severity::Info, format!("This DMARC record is valid (policy: {}).", r.policy.as_str())),
    };
    Finding { severity, code: "dmarc-record", message, fix: None }
}

/// The start of an OLE compound file (D0 CF 11 E0 A1 B1 1A E1, [MS-CFB] 2.2), Outlook's .msg format,
/// as it reads after UTF-8 decoding with replacement (what a browser's or the CLI's lossy reading
/// gives): D0 and CF are each a broken sequence, E0 A1 B1 is U+0871.
const OLE_MAGIC_DECODED: &str = "\u{FFFD}\u{FFFD}\u{11}\u{871}\u{1A}";

fn unknown_input_finding(input: &str) -> Finding {
    if input.starts_with(OLE_MAGIC_DECODED) {
        return Finding {
            severity: Severity::Warning,
            code: "outlook-msg",
            message: "This is an Outlook .msg file, a binary format mxray cannot read.".to_string(),
            fix: Some(
                "Save the message as .eml instead (Outlook on the web and the new Outlook: \
                 Download), or paste its text here; in classic Outlook, open the message and copy its \
                 headers from File > Properties > Internet headers."
                    .to_string(),
            ),
        };
    }
    let message = if input.trim().is_empty() {
        "Nothing to analyze: the input is empty.".to_string()
    } else {
        let first = input.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let line = input.lines().position(|l| !l.trim().is_empty()).map_or(1, |i| i + 1);
        format!(
            "mxray could not recognise this text. Line {line} starts with \"{}\", which is not a \
             header field (Name: value), an SPF or DMARC record, or an SMTP reply.",
            scan::shorten(first.trim(), 60)
        )
    };
    Finding {
        severity: Severity::Warning,
        code: "unrecognised-input",
        message,
        fix: Some(
            "Paste the full message headers (in most mail programs: \"Show original\" or \
             \"View source\"), the whole bounce message, an SPF record (v=spf1 ...), a DMARC record \
             (v=DMARC1; ...) or the server's reply line (e.g. 550 5.1.1 ...)."
                .to_string(),
        ),
    }
}

/// Detect what `input` is and, when it is a report, read it ([`bounce::analyze_bounce`]) with the MIME
/// reading detection made, not a second one.
pub fn detect_and_read(input: &str) -> (Detection, Option<BounceReport>) {
    let mut report = None;
    let detection = detect::detect_then(input, &mut |detection, parsed| {
        report = detection.bounce_kind.map(|kind| bounce::read_bounce(input, kind, parsed));
    });
    (detection, report)
}

