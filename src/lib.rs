//! mxray's analysis core: text in, [`Report`] out.
//!
//! The core does no I/O and knows nothing of the DOM; the web UI (`ui`, wasm32 only) and the CLI
//! (`src/bin/mxray.rs`) are thin front ends over [`analyze`]. See ARCHITECTURE.md.

#[cfg(all(feature = "dkim", feature = "dmarc"))]
pub mod auth;
pub mod authres;
pub mod bounce;
#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod codes;
pub mod detect;
pub mod dns;
pub mod dkim;
#[cfg(feature = "dmarc")]
pub mod dmarc;
pub mod explain;
pub mod headers;
pub mod live;
pub mod mailbox;
#[cfg(not(target_arch = "wasm32"))]
pub mod net;
pub mod received;
pub mod report;
mod scan;
pub mod spf;
pub mod text;
pub mod typo;

#[cfg(target_arch = "wasm32")]
pub mod ui;

pub use report::*;

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

/// Everything that needs no DNS.
fn analyze_text(input: &str) -> Report {
    let (detection, mut bounce) = bounce::detect_and_read(input);
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

/// The one-line summary of an SPF check, as a finding (the details are in the SPF report).
fn spf_finding(r: &SpfReport) -> Finding {
    let worst = r.warnings.iter().filter(|w| w.severity != Severity::Info);
    let (severity, message) = match (r.errors.first(), worst.clone().next()) {
        (Some(e), _) => (
            Severity::Error,
            format!(
                "The SPF record is invalid: {} (byte {}). Receivers treat it as a permanent error (permerror).",
                e.message, e.position
            ),
        ),
        (None, Some(w)) => (w.severity, format!("The SPF record is valid, but: {}", w.message)),
        (None, None) => (Severity::Info, "The SPF record is valid.".to_string()),
    };
    let more = worst.count().saturating_sub(usize::from(r.errors.is_empty()));
    let fix = (more > 0).then(|| format!("{more} more warning(s) below."));
    Finding { severity, code: "spf-record", message, fix }
}

/// The one-line summary of a DMARC check, as a finding (the details are in the DMARC report).
#[cfg(feature = "dmarc")]
fn dmarc_finding(r: &report::DmarcReport) -> Finding {
    let worst = r.warnings.iter().find(|w| w.severity != Severity::Info);
    let (severity, message) = match (r.errors.first(), worst) {
        (Some(e), _) => (Severity::Error, format!("The DMARC record has an error: {} (byte {}).", e.message, e.position)),
        (None, Some(w)) => (w.severity, format!("The DMARC record is valid (policy: {}), but: {}", r.policy.as_str(), w.message)),
        (None, None) => (Severity::Info, format!("The DMARC record is valid (policy: {}).", r.policy.as_str())),
    };
    Finding { severity, code: "dmarc-record", message, fix: None }
}

fn unknown_input_finding(input: &str) -> Finding {
    let message = if input.trim().is_empty() {
        "Nothing to analyze: the input is empty.".to_string()
    } else {
        let first = input.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let line = input.lines().position(|l| !l.trim().is_empty()).map_or(1, |i| i + 1);
        format!(
            "mxray could not recognise this text. Line {line} starts with \"{}\", which is not a \
             header field (Name: value), an SPF or DMARC record, or an SMTP reply.",
            shorten(first.trim(), 60)
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

/// Cut `s` to at most `max` characters, marking the cut with an ellipsis.
pub(crate) fn shorten(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]).into(),
        None => s.into(),
    }
}

/// `s` in lower case for matching phrases: the capitals of ASCII, Latin-1, Latin Extended-A,
/// unaccented Greek (Σ always to σ) and Cyrillic folded. Not general Unicode lowercasing: it
/// keeps core's case tables (about 2 KB gzip) out of the page, and covers the languages of the
/// phrases mxray looks for.
pub(crate) fn fold_case(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase(); // most mail: a bulk copy, not a char at a time
    }
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char));
    out
}

fn fold_char(c: char) -> char {
    let u = c as u32;
    let folded = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => u + 0x20,
        0x400..=0x40F => u + 0x50,
        // Latin Extended-A pairs capital/small: even capitals up to ı, odd ones from Ĺ to Ň and
        // from Ź; Ÿ is ÿ.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u.is_multiple_of(2) => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !u.is_multiple_of(2) => u + 1,
        0x178 => 0xFF,
        _ => u,
    };
    char::from_u32(folded).unwrap_or(c)
}

#[cfg(test)]
mod fold_tests {
    #[test]
    fn fold_case_agrees_with_unicode_lowercasing_where_it_folds() {
        for c in (0u32..0x500).filter_map(char::from_u32) {
            let folded = super::fold_char(c);
            if folded != c {
                assert_eq!(c.to_lowercase().collect::<String>(), folded.to_string(), "{c} U+{:04X}", c as u32);
            }
        }
        assert_eq!(super::fold_case("Пользователь НЕ найден: Ünbekannt ŁÓDŹ ΔΕΝ"), "пользователь не найден: ünbekannt łódź δεν");
    }
}
