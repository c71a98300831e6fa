//! The `mxray` binary as scripts use it: exit codes, JSON shape, folders, stdin, option order.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

fn mxray(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mxray"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mxray");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin.unwrap_or("").as_bytes()).expect("write stdin");
    drop(pipe);
    child.wait_with_output().expect("mxray output")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn analyze_json_has_the_documented_shape() {
    let file = format!("{CORPUS}/headers/messages/mail_test_1.hdr");
    // Global options may come before the command.
    let out = mxray(&["--resolver", "https://dns.example/dns-query", "analyze", "--json", &file], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(report["detected"], "headers");
    let hops = report["headers"]["received"].as_array().expect("received[]");
    assert_eq!(hops.len(), 6);
    for hop in hops {
        for key in ["from", "by", "with", "timestamp", "delay_seconds"] {
            assert!(hop.get(key).is_some(), "hop lacks {key}: {hop}");
        }
    }
    assert!(report["findings"].is_array());
}

#[test]
fn authentication_results_properties_are_an_object() {
    let text = "Authentication-Results: mx.example; spf=pass smtp.mailfrom=a.example; dkim=fail header.d=b.example\n\
                From: x@a.example\nReceived: from a by b; Mon, 1 Jan 2024 00:00:00 +0000\n";
    let out = mxray(&["analyze", "--json", "-"], Some(text));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let ar = &report["headers"]["authentication_results"][0];
    assert_eq!(ar["authserv_id"], "mx.example");
    assert_eq!(ar["results"][0]["method"], "spf");
    assert_eq!(ar["results"][0]["properties"]["smtp.mailfrom"], "a.example");
    assert_eq!(ar["results"][1]["result"], "fail");
    let codes: Vec<&str> = report["findings"].as_array().unwrap().iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(codes.contains(&"auth-fail") && codes.contains(&"missing-message-id"), "{codes:?}");
}

#[test]
fn a_folder_gives_one_json_line_per_file() {
    let dir = format!("{CORPUS}/headers/messages");
    let out = mxray(&["analyze", "--json", &dir], None);
    assert!(out.status.success());
    let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(lines.len(), files);
    assert!(lines.iter().all(|l| l["file"].as_str().is_some_and(|f| f.starts_with(&dir))));
}

/// A folder is analysed on every core, and its lines come out in the order of the sorted file
/// names, the same as on one core.
#[test]
fn a_folder_on_several_cores_gives_the_order_of_one() {
    let dir = format!("{CORPUS}/bounces/bsd");
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_mxray"))
            .args(["analyze", "--json", &dir])
            .env("MXRAY_THREADS", threads)
            .output()
            .expect("mxray runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let one = run("1");
    assert_eq!(run("4"), one);
    let files: Vec<String> =
        one.lines().map(|l| serde_json::from_str::<Value>(l).expect("JSON line")["file"].as_str().unwrap_or("").to_string()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert!(files.len() > 300);
}

#[test]
fn readable_text_by_default() {
    let out = mxray(&["analyze"], Some("550 5.1.1 <nobody@example.com> User unknown"));
    assert!(out.status.success());
    assert!(stdout(&out).contains("smtp-reply"), "{}", stdout(&out));
}

#[test]
fn errors_say_what_went_wrong_with_distinct_exit_codes() {
    let missing = mxray(&["analyze", "/nonexistent/mail.eml"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/mail.eml"));

    let bad_option = mxray(&["analyze", "--jsn"], None);
    assert_eq!(bad_option.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_option.stderr).contains("unknown option --jsn"));

    let contradiction = mxray(&["--offline", "--resolver", "https://x.example/dns-query", "analyze"], None);
    assert_eq!(contradiction.status.code(), Some(2));

    let no_url = mxray(&["analyze", "--resolver"], None);
    assert_eq!(no_url.status.code(), Some(2));
}

#[test]
fn binary_garbage_is_analyzed_not_fatal() {
    let out = Command::new(env!("CARGO_BIN_EXE_mxray"))
        .args(["analyze", "--json", env!("CARGO_BIN_EXE_mxray")])
        .output()
        .expect("run mxray");
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["detected"], "unknown");
}

#[test]
fn an_mbox_gives_one_json_line_per_message() {
    let a = std::fs::read_to_string(format!("{CORPUS}/headers/messages/mail_test_1.hdr")).unwrap();
    let b = std::fs::read_to_string(format!("{CORPUS}/headers/messages/mail_test_2.hdr")).unwrap();
    let mbox = format!(
        "From a@example.com Mon Jan  1 00:00:00 2024\n{a}\nbody one\n\nFrom b@example.com Tue Jan  2 00:00:00 2024\n{b}\nbody two\n"
    );
    let out = mxray(&["analyze", "--json", "-"], Some(&mbox));
    assert!(out.status.success());
    let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 2, "{}", stdout(&out));
    assert_eq!(lines[0]["message"], 1);
    assert_eq!(lines[1]["message"], 2);
    assert_eq!(lines[0]["headers"]["received"].as_array().unwrap().len(), 6);
    assert_eq!(lines[1]["detected"], "message");
}

#[test]
fn spf_json_has_the_documented_fields() {
    // Unquoted: the record's words (even `-all`) are the input.
    let out = mxray(&["spf", "v=spf1", "ip4:192.0.2.0/24", "include:_spf.example.com", "-all", "--json", "--offline", "--ip", "192.0.2.7", "--sender", "a@example.com"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(r["valid"], true);
    assert_eq!(r["record"], "v=spf1 ip4:192.0.2.0/24 include:_spf.example.com -all");
    assert_eq!(r["lookups"], 1);
    assert_eq!(r["void_lookups"], 0);
    assert_eq!(r["result"], "pass");
    assert_eq!(r["tree"]["terms"][1]["term"], "include:_spf.example.com");
    for key in ["errors", "warnings", "explanation", "terms", "authorized"] {
        assert!(r.get(key).is_some() || key == "explanation", "no {key}: {r}");
    }
}

#[test]
fn spf_errors_carry_positions_and_a_record_can_come_from_stdin() {
    let out = mxray(&["spf", "-", "--json", "--offline"], Some("example.com. 300 IN TXT \"v=spf1 ip4:relay.example.net -all\"\n"));
    assert!(out.status.success());
    let r: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(r["valid"], false);
    assert_eq!(r["errors"][0]["position"], 11);
    assert!(r["errors"][0]["message"].as_str().unwrap().contains("host name"));
    // Text output marks the spot.
    let out = mxray(&["spf", "v=spf1 ip4:relay.example.net -all", "--offline"], None);
    assert!(stdout(&out).contains("error at byte 11"), "{}", stdout(&out));
}

#[test]
fn spf_of_a_domain_needs_live_dns_and_names_a_failing_resolver() {
    let out = mxray(&["spf", "example.com", "--offline"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--offline forbids"));
    // Nothing listens on port 9: the report says which resolver failed and how.
    let out = mxray(&["spf", "example.com", "--resolver", "http://127.0.0.1:9/dns-query", "--json"], None);
    assert!(out.status.success());
    let r: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(r["valid"], false);
    assert!(r["errors"][0]["message"].as_str().unwrap().contains("http://127.0.0.1:9/dns-query"), "{r}");
    let out = mxray(&["spf", "v=spf1 -all", "--ip", "not-an-ip"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
#[cfg(feature = "dmarc")]
fn dmarc_json_has_the_documented_fields() {
    let out = mxray(&["dmarc", "v=DMARC1;", "p=reject;", "pct=50;", "rua=mailto:d@example.com", "--json"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(r["valid"], true);
    assert_eq!(r["errors"], serde_json::json!([]));
    assert_eq!(r["tags"]["p"], "reject");
    assert_eq!(r["tags"]["pct"], "50");
    assert_eq!(r["policy"], "reject");
    assert!(r["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "pct-below-100" && w["message"].as_str().unwrap().contains("50 %")), "{r}");
    // With the domain it is published at: the Organizational Domain too (offline: no lookups).
    let out = mxray(&["dmarc", "v=DMARC1; p=none", "--domain", "mail.example.co.uk", "--offline", "--json"], None);
    let r: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(r["org_domain"], "example.co.uk");
    assert!(r["org_domain_tree_walk"].is_null(), "no walk without DNS: {r}");
    assert!(r["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "p-none"), "{r}");
}

#[test]
#[cfg(feature = "dmarc")]
fn dmarc_errors_carry_positions_under_each_rfc() {
    // `pct` was removed by RFC 9989 (ignored there), and must be 0..100 under RFC 7489.
    let out = mxray(&["dmarc", "-", "--json"], Some("_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=quarantine; \" \"pct=150\"\n"));
    assert!(out.status.success());
    let r: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(r["record"], "v=DMARC1; p=quarantine; pct=150");
    assert_eq!(r["valid"], true);
    assert_eq!(r["rfc7489"]["valid"], false);
    assert_eq!(r["rfc7489"]["errors"][0]["position"], 28);
    // Bad values are pointed at; text output marks the spot.
    let out = mxray(&["dmarc", "v=DMARC1; p=rejected; adkim=x"], None);
    let text = stdout(&out);
    assert!(text.contains("error at byte 12: `p=rejected` is not a policy"), "{text}");
    assert!(text.contains("error at byte 28: `adkim=x` is not an alignment mode"), "{text}");
    // A domain needs live DNS.
    let out = mxray(&["dmarc", "example.com", "--offline"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--offline forbids"));
}

/// A corpus message (`../shared/corpus/dkim/messages`, read in place) without its DNS lines.
#[cfg(feature = "dkim")]
fn signed_message(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dkim/messages").join(file);
    let text = std::fs::read_to_string(path).expect("corpus message");
    text.split_once("\n\n").expect("records, a blank line, the message").1.to_string()
}

#[test]
#[cfg(all(feature = "dkim", feature = "dmarc"))]
fn analyze_json_of_a_signed_message_has_dkim_and_dmarc() {
    let out = mxray(&["analyze", "--json"], Some(&signed_message("dkim-006.txt")));
    assert!(out.status.success());
    let r: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let d = &r["dkim"][0];
    assert_eq!((d["domain"].as_str(), d["selector"].as_str(), d["algorithm"].as_str()), (Some("github.com"), Some("dk2016"), Some("rsa-sha256")), "{r}");
    // Offline the key is not looked up, but the body hash is checked.
    assert_eq!(d["result"], "none");
    assert_eq!(d["body_hash_ok"], true);
    assert!(d["reason"].as_str().unwrap().contains("live DNS lookups are off"), "{d}");
    let m = &r["dmarc"];
    assert_eq!(m["from_domain"], "github.com");
    assert_eq!((m["spf_aligned"].as_bool(), m["dkim_aligned"].as_bool(), m["result"].as_str()), (Some(false), Some(false), Some("unknown")), "{m}");
    assert!(m["explanation"].as_str().unwrap().contains("its key was not looked up"), "{m}");
    // A body changed after signing is caught without any DNS.
    let changed = signed_message("dkim-006.txt").replacen("\n\n", "\n\nAn added line.\n", 1);
    let r: Value = serde_json::from_str(&stdout(&mxray(&["analyze", "--json"], Some(&changed)))).expect("JSON");
    assert_eq!(r["dkim"][0]["body_hash_ok"], false, "{r}");
    // The header fields alone: the signature is there but cannot be verified without the body,
    // and the explanation says so rather than that github.com did not sign.
    let headers = signed_message("dkim-006.txt").split_once("\n\n").unwrap().0.to_string();
    let r: Value = serde_json::from_str(&stdout(&mxray(&["analyze", "--json"], Some(&headers)))).expect("JSON");
    assert_eq!(r["detected"], "headers", "{r}");
    let explanation = r["dmarc"]["explanation"].as_str().unwrap();
    assert!(explanation.contains("A DKIM signature by github.com is in the header fields; paste the whole message"), "{explanation}");
    assert!(!explanation.contains("No DKIM signature by github.com"), "{explanation}");
}

#[test]
fn redact_masks_before_the_analysis_the_same_value_by_the_same_mask() {
    let bounce = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/samples/bounces/postfix-outlook-blocklist.eml")).unwrap();
    let out = mxray(&["analyze", "--redact", "--json", "-"], Some(&bounce));
    assert!(out.status.success(), "{out:?}");
    let json = stdout(&out);
    for leak in ["pieter.jansen88", "sender.example", "198.51.100.9"] {
        assert!(bounce.contains(leak) && !json.contains(leak), "{leak} in {json}");
    }
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["detected"], "bounce");
    assert_eq!(report["bounce"]["recipients"][0]["address"], "user2@hotmail.com");
    assert_eq!(report["bounce"]["recipients"][0]["reason"], "blocked");
    // The text report too, and the sender's domain is one mask wherever it appears.
    let text = stdout(&mxray(&["analyze", "--redact", "-"], Some(&bounce)));
    assert!(!text.contains("sender.example") && text.contains("domain1.example"), "{text}");
}
