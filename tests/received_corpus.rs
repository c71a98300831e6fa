//! Received parsing against the shared corpus (read in place, never copied).
//!
//! * `received-parse.jsonl`: 13 vectors from SpamScope/mail-parser (Python) with that parser's
//!   field names. Mapping to `ReceivedHop`:
//!   - `from`: upstream's `from` is the whole from clause up to the next keyword (host name,
//!     comment and IP literal together, e.g. `[192.168.1.100] (helo=client.example.com)`). We
//!     split that clause into `from` (name) and `from_ip`, so the check runs on
//!     `"{from} {from_ip}"` (whichever are present).
//!   - `by`, `with`, `id`, `date`: the same fields. Upstream's `with` is also the text up to the
//!     next keyword, and so is ours (minus comments).
//!   - `for`: `for_addr`.
//!   - `envelope_from` and `envelope_sender`: both `envelope_from` (we do not tell the two
//!     comment spellings apart). `via`: not modelled.
//!   - `valid: false` (upstream raises): we never fail, so we agree when nothing usable was read
//!     (no from, from_ip, by, with, id, for, nor a readable date) and a problem says so.
//!     `valid: true`: we agree when something was read and every check passes; `problems` may
//!     be non-empty (a qmail field with only a date honestly gets "no `by` clause"), since
//!     upstream's "valid" only means "did not raise".
//! * Every `Received:` field of the real headers in `headers/messages/*.hdr` and of the bounces
//!   in `bounces/bsd/*.eml`: the date must be read for at least 97% of them.

use std::fs;
use std::path::Path;

use mail_parser::{HeaderName, MessageParser};
use mxray::received::{parse_date, parse_received};
use mxray::ReceivedHop;
use proptest::prelude::*;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Vector ids we knowingly disagree with, and why.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[];

/// Our value for one of upstream's field names, or `Err` when we do not model the field.
fn our_field(hop: &ReceivedHop, field: &str) -> Result<Option<String>, String> {
    Ok(match field {
        "from" => {
            let parts: Vec<&str> =
                hop.from.iter().chain(hop.from_ip.iter()).map(String::as_str).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
        "by" => hop.by.clone(),
        "with" => hop.with.clone(),
        "id" => hop.id.clone(),
        "for" => hop.for_addr.clone(),
        "date" => hop.date.clone(),
        "envelope_from" | "envelope_sender" => hop.envelope_from.clone(),
        other => return Err(format!("field `{other}` is not modelled by ReceivedHop")),
    })
}

/// Whether we read nothing usable (our equivalent of upstream raising).
fn nothing_read(hop: &ReceivedHop) -> bool {
    hop.from.is_none()
        && hop.from_ip.is_none()
        && hop.by.is_none()
        && hop.with.is_none()
        && hop.id.is_none()
        && hop.for_addr.is_none()
        && hop.timestamp.is_none()
}

/// `Ok` when we agree with the vector, else what differs.
fn judge(vector: &Value) -> Result<(), String> {
    let value = vector["received_value"].as_str().ok_or("no received_value")?;
    let valid = vector["valid"].as_bool().ok_or("no valid")?;
    let hop = parse_received(value);
    if !valid {
        return if nothing_read(&hop) && !hop.problems.is_empty() {
            Ok(())
        } else {
            Err(format!("upstream rejects it, we read {hop:?}"))
        };
    }
    if nothing_read(&hop) {
        return Err(format!("upstream accepts it, we read nothing: {:?}", hop.problems));
    }
    let mut failures = Vec::new();
    for check in vector["checks"].as_array().into_iter().flatten() {
        let field = check["field"].as_str().unwrap_or("?");
        let op = check["op"].as_str().unwrap_or("?");
        let want = check["value"].as_str().unwrap_or("");
        let got = match our_field(&hop, field) {
            Ok(got) => got,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let ok = match (op, got.as_deref()) {
            ("present", got) => got.is_some_and(|g| !g.trim().is_empty()),
            ("equals", Some(got)) => got == want,
            ("equals_stripped", Some(got)) => got.trim() == want.trim(),
            ("contains", Some(got)) => got.contains(want),
            _ => false,
        };
        if !ok {
            failures.push(format!("{field} {op} {want:?}: we have {got:?}"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

#[test]
fn received_vectors_agree_with_upstream() {
    let path = format!("{CORPUS}/headers/received-parse.jsonl");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let vectors: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}: {l}")))
        .collect();
    let total = vectors.len();
    let mut agree = 0;
    let mut failures = Vec::new();
    let mut known = Vec::new();
    for vector in &vectors {
        let id = vector["id"].as_str().unwrap_or("?");
        let verdict = judge(vector);
        if let Some((_, why)) = KNOWN_DISAGREEMENTS.iter().find(|(k, _)| *k == id) {
            known.push(format!(
                "{id}: {why} ({})",
                if verdict.is_ok() { "now agrees!" } else { "disagrees" }
            ));
            continue;
        }
        match verdict {
            Ok(()) => agree += 1,
            Err(e) => failures.push(format!("{id}: {e}")),
        }
    }
    println!("received vectors: {agree}/{total} agree");
    for k in &known {
        println!("  known disagreement: {k}");
    }
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert_eq!(total, 13, "the corpus README says 13 vectors");
    // 95% of 13 leaves no room: every vector that is not a documented disagreement must agree.
    assert!(failures.is_empty(), "{} vectors disagree:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(agree + known.len(), total);
}

/// The raw value of every Received field in a file's top-level header.
fn received_values(bytes: &[u8]) -> Vec<String> {
    let Some(message) = MessageParser::default().parse_headers(bytes) else { return Vec::new() };
    message
        .headers()
        .iter()
        .filter(|h| h.name == HeaderName::Received)
        .filter_map(|h| bytes.get(h.offset_start() as usize..h.offset_end() as usize))
        .map(|raw| String::from_utf8_lossy(raw).into_owned())
        .collect()
}

/// Every file in `dir` whose name ends with `ext`, sorted.
fn files(dir: &str, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = fs::read_dir(Path::new(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    out
}

#[test]
fn received_dates_in_real_headers_are_read() {
    let mut paths = files(&format!("{CORPUS}/headers/messages"), "hdr");
    let hdr_count = paths.len();
    paths.extend(files(&format!("{CORPUS}/bounces/bsd"), "eml"));
    assert!(hdr_count >= 11 && paths.len() > hdr_count, "corpus files missing");
    let (mut read, mut total) = (0usize, 0usize);
    let mut unreadable = Vec::new();
    for path in &paths {
        let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for value in received_values(&bytes) {
            total += 1;
            let hop = parse_received(&value);
            if hop.timestamp.is_some() {
                read += 1;
            } else {
                let name =
                    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                unreadable.push(format!(
                    "{name}: {:?} (problems: {:?})",
                    hop.date.as_deref().unwrap_or(&hop.raw),
                    hop.problems
                ));
            }
        }
    }
    println!("received dates read: {read}/{total}");
    for u in unreadable.iter().take(30) {
        eprintln!("  unreadable: {u}");
    }
    assert!(total > 100, "only {total} Received fields found");
    assert!(read as f64 / total as f64 >= 0.97, "received dates read: {read}/{total}");
}

#[test]
fn parse_date_reads_its_own_output() {
    for text in [
        "Tue, 15 Mar 2024 10:30:00 +0000 (UTC)",
        "Mon Jan 15 08:30:00 2024",
        "22 Aug 2016 14:23:01 -0700",
    ] {
        let first = parse_date(text);
        assert!(first.is_some(), "{text}");
        let second = first.as_ref().and_then(|(_, rfc3339)| parse_date(rfc3339));
        assert_eq!(first, second, "{text}");
    }
}

proptest! {
    // Integration tests have no lib.rs next to them to persist failures beside.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parse_received_never_panics(value in any::<String>()) {
        let hop = parse_received(&value);
        prop_assert!(hop.raw.len() <= value.len());
        let _ = parse_date(&value);
    }

    #[test]
    fn parse_received_never_panics_on_received_like_text(
        value in "(from|by|with|id|for|via|[;()\\[\\]<>\"\\\\:=+-]|[A-Za-z0-9.@ \t\r\n]{1,8}){0,40}"
    ) {
        let hop = parse_received(&value);
        if let Some(ts) = &hop.timestamp {
            prop_assert!(parse_date(ts).is_some(), "{ts} does not read back");
        }
    }
}
