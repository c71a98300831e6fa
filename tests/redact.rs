//! Masking for links and tickets (`mxray::redact`) over every bounce and reviewer's sample: what
//! the report names of people and their systems (recipients' addresses, the message's
//! addresses, its hops' IP addresses and host names) is gone from the masked text, and the
//! masked text still reads as the same kind of input with the same recipients, hard or soft as
//! before, with their enhanced status codes.

use std::path::Path;

use mxray::{analyze, Report};

/// The report's values that identify someone, with the reason each is expected to be masked,
/// and the display names apart: a name is looked for as written (`The mail system` in a
/// notice's text is not the display name `Mail System`); addresses, IPs and hosts in any case.
fn identifying(report: &Report) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut names = Vec::new();
    let mut headers: Vec<_> = report.headers.iter().collect();
    if let Some(b) = &report.bounce {
        headers.extend(b.original.iter());
        for r in &b.recipients {
            out.push(r.address.clone());
        }
    }
    for h in headers {
        // Display names: `Alice Smith <alice@…>` shows as `Alice Smith`.
        for shown in h.from.iter().chain(h.to.iter()) {
            for one in shown.split(',') {
                let name = one.split('<').next().unwrap_or("").trim().trim_matches(['"', '\'']);
                // Delivery systems sign so; they name no one, and stay.
                let system = ["Mail Delivery System", "Mail Delivery Subsystem", "Microsoft Outlook"].contains(&name);
                if one.contains('<') && name.len() >= 4 && !name.contains('@') && !system {
                    names.push(name.to_string());
                }
            }
        }
        out.extend(h.from_address.clone());
        out.extend(h.to_addresses.iter().cloned());
        for hop in &h.received {
            out.extend(hop.from_ip.clone());
            out.extend(hop.from.clone().filter(|f| f.contains('.') && !kept(f)));
        }
    }
    // Whole addresses are the check: their domains may be a provider's (kept), their local part never.
    // A role mailbox (`mailer-daemon@`, `postmaster@`) names no one, and stays.
    let role = |v: &str| v.split_once('@').is_some_and(|(l, _)| ["mailer-daemon", "postmaster"].iter().any(|r| l.eq_ignore_ascii_case(r)));
    out.retain(|v| v.len() > 3 && !v.eq_ignore_ascii_case("unknown") && !v.starts_with("localhost") && !role(v));
    (out, names)
}

/// Hosts of the mail services the masking keeps (they name the service's servers, no customer;
/// a mailbox provider's hosts are masked).
fn kept(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    ["google.com", "outlook.com", "hotmail.com", "mimecast.com", "microsoft.com", "amazonses.com"]
        .iter()
        .any(|d| h == *d || h.ends_with(&format!(".{d}")))
}

#[test]
fn masked_samples_keep_their_story_and_lose_their_people() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples");
    let mut checked = 0;
    let mut problems = Vec::new();
    for folder in ["bounces", "review"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(folder)).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "eml" || e == "txt")) {
            let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let before = analyze(&text);
            let masked = mxray::redact::redact(&text);
            let after = analyze(&masked);
            // `MXRAY_SHOW_MASKED=NAME` prints that sample masked.
            if std::env::var("MXRAY_SHOW_MASKED").is_ok_and(|n| n == name) {
                println!("{masked}");
            }
            let (values, names) = identifying(&before);
            let lower = masked.to_ascii_lowercase();
            let left = values.iter().filter(|v| lower.contains(&v.to_ascii_lowercase())).chain(names.iter().filter(|n| masked.contains(n.as_str())));
            for value in left {
                problems.push(format!("{name}: {value:?} is still in the masked text"));
            }
            if before.detected != after.detected {
                problems.push(format!("{name}: read as {:?} before, {:?} masked", before.detected, after.detected));
            }
            let shape = |r: &Report| r.bounce.as_ref().map(|b| b.recipients.iter().map(|r| (r.hard, r.status.clone())).collect::<Vec<_>>());
            if shape(&before) != shape(&after) {
                problems.push(format!("{name}: recipients {:?} before, {:?} masked", shape(&before), shape(&after)));
            }
            checked += 1;
        }
    }
    println!("masking: {checked} samples, {} problems", problems.len());
    assert!(checked > 100, "samples not found under {}", root.display());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
