//! DKIM against mail-auth's vectors, read in place from `../shared/corpus/dkim`: signature and key
//! record parsing, and real signed messages verified with the keys given in each file. Prints
//! the scores and fails below 100 %.

#![cfg(feature = "dkim")]

use std::path::PathBuf;

use mxray::dkim::key::parse_key;
use mxray::dkim::signature::{parse_signature, Canon};
use mxray::dkim::verify::{verify_message, DkimResult};
use mxray::dns::{Progress, Rdata, ZoneBuilder};
use serde_json::Value;

fn corpus(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dkim").join(path)
}

fn lines(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(corpus(file)).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn canon_name(c: Canon) -> &'static str {
    if c == Canon::Simple { "simple" } else { "relaxed" }
}

/// Why a parse vector disagrees with us, or `None`.
fn mismatch(case: &Value) -> Option<String> {
    use base64::Engine;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    if let Some(record) = case["key_record"].as_str() {
        let parsed = parse_key(record);
        let usable = parsed.as_ref().is_ok_and(|(k, _)| !k.revoked && k.key.is_some());
        if usable != case["valid"].as_bool().unwrap_or(false) {
            return Some(format!("usable={usable}: {parsed:?}"));
        }
        if let (Ok((k, _)), Some(want)) = (&parsed, case["expected_flags"].as_array()) {
            let mut flags: Vec<String> = k.hashes.iter().filter(|h| ["sha1", "sha256"].contains(&h.as_str())).map(|h| format!("h={h}"))
                .chain(k.services.iter().filter(|s| ["*", "email"].contains(&s.as_str())).map(|s| format!("s={s}")))
                .chain(k.flags.iter().filter(|f| ["y", "s"].contains(&f.as_str())).map(|f| format!("t={f}")))
                .collect();
            flags.sort();
            flags.dedup();
            let mut want: Vec<String> = want.iter().map(|f| text(f).to_string()).collect();
            want.sort();
            if flags != want {
                return Some(format!("flags {flags:?}, want {want:?}"));
            }
        }
        return None;
    }
    let want = &case["expected"];
    let (sig, _) = match parse_signature(text(&case["signature_value"]), 0) {
        Ok(s) => s,
        Err(e) => return Some(format!("not read: {e:?}")),
    };
    let num = |o: Option<u64>| o.unwrap_or(0);
    let got = serde_json::json!({
        "v": 1, "a": sig.algorithm.as_str(), "d": sig.domain, "s": sig.selector, "i": sig.identity,
        "bh_base64": b64(&sig.bh), "b_base64": b64(&sig.b), "h": sig.headers, "z": sig.copied,
        "l": num(sig.length), "x": num(sig.expiration), "t": num(sig.timestamp),
        "c_header": canon_name(sig.header_canon), "c_body": canon_name(sig.body_canon),
    });
    (got != *want).then(|| format!("got {got}\nwant {want}"))
}

#[test]
fn dkim_parse_vectors() {
    let cases = lines("dkim-parse.jsonl");
    let failures: Vec<String> = cases.iter().filter_map(|c| mismatch(c).map(|why| format!("{}: {why}", text(&c["id"])))).collect();
    println!("dkim parse: {}/{} agree", cases.len() - failures.len(), cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A corpus message: its DNS records as a zone, and the message bytes.
fn message(file: &str) -> (mxray::dns::Zone, Vec<u8>) {
    let raw = std::fs::read(corpus(file)).expect("message file");
    let split = raw.windows(2).position(|w| w == b"\n\n").expect("records, a blank line, the message");
    let mut zone = ZoneBuilder::new();
    for line in String::from_utf8_lossy(&raw[..split]).lines() {
        if let Some((name, value)) = line.split_once(' ') {
            zone.add(name, Rdata::Txt(value.to_string()));
        }
    }
    (zone.build(), raw[split + 2..].to_vec())
}

#[test]
fn dkim_messages_verify() {
    let cases = lines("messages/expectations.jsonl");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let mut failures = Vec::new();
    let mut signatures = 0;
    for case in &cases {
        let file = text(&case["file"]);
        let (zone, raw) = message(file);
        let at = case["expected"]["verify_at_unix_time"].as_u64().unwrap_or(now);
        let Progress::Done(results) = verify_message(&raw, at, &zone) else { panic!("{file}: a zone always answers") };
        signatures += results.len();
        if results.len() as u64 != case["dkim_signature_count"].as_u64().unwrap_or(0) {
            failures.push(format!("{file}: {} signatures read", results.len()));
        }
        let ok = match text(&case["kind"]) {
            "dkim" => results.last().is_some_and(|r| r.result == DkimResult::Pass),
            _ => results.iter().any(|r| r.result == DkimResult::Pass),
        };
        if !ok {
            failures.push(format!("{file}: {:#?}", results));
        }
        for r in results.iter().filter(|r| r.result == DkimResult::Pass) {
            assert_eq!((r.body_hash_ok, r.header_signature_ok), (Some(true), Some(true)), "{file}: a pass checks both hashes");
        }
    }
    println!("dkim messages: {}/{} verify as expected ({signatures} signatures)", cases.len() - failures.len(), cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_changed_body_or_header_fails_and_says_which() {
    let (zone, raw) = message("messages/dkim-002.txt");
    let at = 1667843664;
    let text = String::from_utf8_lossy(&raw).to_string();
    let body_at = text.find("\n\n").expect("a body") + 2;
    let mut changed_body = text.clone();
    changed_body.insert_str(body_at, "An added first line.\n");
    let Progress::Done(r) = verify_message(changed_body.as_bytes(), at, &zone) else { panic!() };
    assert_eq!((r[0].result, r[0].body_hash_ok, r[0].header_signature_ok), (DkimResult::Fail, Some(false), Some(true)), "{r:?}");
    assert!(r[0].reason.contains("body changed"), "{}", r[0].reason);
    let changed_subject = text.replacen("Subject:", "Subject: [EXTERNAL]", 1);
    let Progress::Done(r) = verify_message(changed_subject.as_bytes(), at, &zone) else { panic!() };
    assert_eq!((r[0].result, r[0].body_hash_ok, r[0].header_signature_ok), (DkimResult::Fail, Some(true), Some(false)), "{r:?}");
}

#[test]
fn arc_sets_are_listed_in_order_of_instance() {
    let cases = lines("messages/expectations.jsonl");
    for case in &cases {
        let (_, raw) = message(text(&case["file"]));
        let sets = mxray::dkim::arc::arc_sets(&raw);
        assert_eq!(sets.len() as u64, case["arc_set_count"].as_u64().unwrap_or(0), "{}", text(&case["file"]));
    }
    // Fields of two sets, newest first as intermediaries add them.
    let raw = b"ARC-Seal: i=2; a=rsa-sha256; cv=pass; d=second.example; s=s; b=x\r\n\
ARC-Message-Signature: i=2; a=rsa-sha256; d=second.example; s=s; h=from; bh=x; b=x\r\n\
ARC-Authentication-Results: i=2; mx.second.example; dkim=pass header.d=example.com\r\n\
ARC-Seal: i=1; a=rsa-sha256; cv=none; d=first.example; s=s; b=x\r\n\
ARC-Message-Signature: i=1; a=rsa-sha256; d=first.example; s=s; h=from; bh=x; b=x\r\n\
ARC-Authentication-Results: i=1; mx.first.example; spf=pass smtp.mailfrom=example.com\r\n\
From: a@example.com\r\n\r\nbody\r\n";
    let sets = mxray::dkim::arc::arc_sets(raw);
    let summary: Vec<(u32, Option<&str>, Option<&str>)> = sets.iter().map(|s| (s.instance, s.cv.as_deref(), s.sealed_by.as_deref())).collect();
    assert_eq!(summary, [(1, Some("none"), Some("first.example")), (2, Some("pass"), Some("second.example"))]);
    assert_eq!(sets[0].results.as_deref(), Some("mx.first.example; spf=pass smtp.mailfrom=example.com"));
    assert_eq!((sets[0].line, sets[1].line), (4, 1));
}
