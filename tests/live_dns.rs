//! Live DNS through a real DNS-over-HTTPS server: NSD behind dnsdist on loopback, started and
//! stopped (by PID) by each test through `scripts/doh-stack.sh`, on ports of its own.

mod support;

use mxray::dns::{Answer, Answers, DnsError, Query, RecordType, Rdata};
use mxray::net::{resolve, DohClient};
use mxray::spf::{check_mail_from, SpfInput};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A running stack; dropping it stops both processes by the PIDs the script recorded.
struct Stack {
    run: PathBuf,
    url: String,
}

impl Stack {
    fn start(name: &str, base_port: u16, zones: &Path, env: &[(&str, String)]) -> Stack {
        let run = Path::new(REPO).join("target/doh-stack").join(name);
        let mut cmd = Command::new(Path::new(REPO).join("scripts/doh-stack.sh"));
        cmd.arg("start").arg(&run).arg(zones);
        cmd.env("DOH_PORT", (base_port).to_string())
            .env("NSD_PORT", (base_port + 1).to_string())
            .env("DNS_PORT", (base_port + 2).to_string())
            .env("LOOP_PORT", (base_port + 3).to_string());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run scripts/doh-stack.sh");
        assert!(out.status.success(), "DoH stack did not start: {}", String::from_utf8_lossy(&out.stderr));
        let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Stack { run, url }
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        let _ = Command::new(Path::new(REPO).join("scripts/doh-stack.sh")).arg("stop").arg(&self.run).status();
    }
}

fn client(stack: &Stack) -> DohClient {
    DohClient::new(&stack.url, None, Duration::from_secs(5))
}

fn mxray_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_mxray")).args(args).output().expect("run mxray");
    assert!(out.status.success(), "mxray {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn doh_answers_every_kind_of_response() {
    let stack = Stack::start("answers", 18053, &Path::new(REPO).join("tests/zones"), &[]);
    let c = client(&stack);
    let get = |name: &str, t| c.fetch(&Query::new(name, t));
    assert_eq!(
        get("split.mxray.test", RecordType::Txt),
        Answer::Records(vec![Rdata::Txt("v=spf1 ip4:192.0.2.0/24 include:l2d.mxray.test -all".into())]),
        "character-strings are joined"
    );
    assert_eq!(get("nullmx.mxray.test", RecordType::Mx), Answer::Records(vec![Rdata::Mx(0, ".".into())]));
    assert_eq!(get("alias.mxray.test", RecordType::A), Answer::Records(vec![Rdata::A("192.0.2.25".parse().unwrap())]), "CNAME followed");
    assert_eq!(get("25.2.0.192.in-addr.arpa", RecordType::Ptr), Answer::Records(vec![Rdata::Ptr("mx1.mxray.test".into())]));
    assert_eq!(get("nodata.mxray.test", RecordType::Txt), Answer::Records(vec![]), "NODATA");
    assert_eq!(get("nx.mxray.test", RecordType::A), Answer::NxDomain);
    assert!(matches!(get("www.broken.test", RecordType::A), Answer::Error(DnsError::ServerFailure(s)) if s.contains("SERVFAIL")));
    assert!(matches!(get("refused.test", RecordType::A), Answer::Error(DnsError::ServerFailure(s)) if s.contains("REFUSED")));
    let slow = std::time::Instant::now();
    assert_eq!(get("slow.mxray.test", RecordType::Txt), Answer::Records(vec![Rdata::Txt("v=spf1 ip4:192.0.2.200 -all".into())]));
    assert!(slow.elapsed() >= Duration::from_millis(250), "the delayed name is delayed");
    // The blackholed name: dnsdist gives up after 2 s; a client with a shorter timeout times out.
    let impatient = DohClient::new(&stack.url, None, Duration::from_millis(500));
    assert_eq!(impatient.fetch(&Query::new("timeout.test", RecordType::Txt)), Answer::Error(DnsError::Timeout));
    // A dead resolver, then the fallback.
    let fallback = DohClient::new("http://127.0.0.1:9/dns-query", Some(&stack.url), Duration::from_secs(2));
    assert_eq!(fallback.fetch(&Query::new("a1.mxray.test", RecordType::A)), Answer::Records(vec![Rdata::A("192.0.2.1".parse().unwrap())]));
}

#[test]
fn spf_of_a_domain_through_doh() {
    let stack = Stack::start("spf", 18153, &Path::new(REPO).join("tests/zones"), &[]);
    let r = mxray_json(&["spf", "mxray.test", "--resolver", &stack.url, "--ip", "203.0.113.70", "--sender", "a@mxray.test", "--json"]);
    assert_eq!(r["result"], "pass", "{r}");
    assert_eq!(r["lookups"], 10);
    assert_eq!(r["tree"]["terms"][0]["child"]["terms"][0]["child"]["terms"][0]["term"], "include:l3a.mxray.test");
    let r = mxray_json(&["spf", "toomany.mxray.test", "--resolver", &stack.url, "--json", "--ip", "192.0.2.25"]);
    assert_eq!(r["lookups"], 13);
    assert!(r["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "too-many-lookups"), "{r}");
    assert_eq!(r["result"], "permerror");
    let r = mxray_json(&["spf", "voids.mxray.test", "--resolver", &stack.url, "--json"]);
    assert_eq!(r["void_lookups"], 3);
    let r = mxray_json(&["spf", "twospf.mxray.test", "--resolver", &stack.url, "--json"]);
    assert_eq!(r["valid"], false);
    let r = mxray_json(&["spf", "senderid.mxray.test", "--resolver", &stack.url, "--json"]);
    assert!(r["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "sender-id"), "{r}");
    let r = mxray_json(&["spf", "loop.mxray.test", "--resolver", &stack.url, "--json", "--ip", "192.0.2.1"]);
    assert_eq!(r["result"], "permerror");
}

#[test]
#[cfg(feature = "dmarc")]
fn dmarc_of_a_domain_through_doh() {
    let stack = Stack::start("dmarc", 18373, &Path::new(REPO).join("tests/zones"), &[]);
    let dmarc = |domain: &str| mxray_json(&["dmarc", domain, "--resolver", &stack.url, "--json"]);
    let codes = |r: &Value| -> Vec<String> { r["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap().to_string()).collect() };
    // The domain's own record.
    let r = dmarc("mxray.test");
    assert_eq!((r["valid"].clone(), r["policy"].clone(), r["org_domain_tree_walk"].clone()), (true.into(), "reject".into(), "mxray.test".into()), "{r}");
    assert!(r["found_at"].is_null());
    // A subdomain without one follows its Organizational Domain's record.
    let r = dmarc("sub.mxray.test");
    assert_eq!(r["found_at"], "mxray.test", "{r}");
    assert!(codes(&r).contains(&"inherited-record".to_string()), "{r}");
    // Report destinations in other domains: one has agreed (reports.test), one has not.
    let r = dmarc("ext.mxray.test");
    let warnings = r["warnings"].as_array().unwrap();
    let about = |code: &str| warnings.iter().find(|w| w["code"] == code).map(|w| w["message"].as_str().unwrap().to_string()).unwrap_or_default();
    assert!(about("report-authorized").contains("reports.test accepts DMARC reports for ext.mxray.test"), "{r}");
    assert!(about("report-unauthorized").contains("ext.mxray.test._report._dmarc.noauth.reports.test"), "{r}");
    // Under a public suffix domain (psd=y) the tree walk and the Public Suffix List disagree.
    let r = dmarc("a.b.psd.mxray.test");
    assert_eq!(r["org_domain_tree_walk"], "b.psd.mxray.test", "{r}");
    assert_eq!(r["org_domain"], "mxray.test");
    assert_eq!(r["found_at"], "psd.mxray.test");
    // A pasted record checked as that domain's: the same walk, in the round that asks for the
    // report authorizations.
    let r = mxray_json(&["dmarc", "v=DMARC1; p=none; rua=mailto:d@noauth.reports.test", "--domain", "a.b.psd.mxray.test", "--resolver", &stack.url, "--json"]);
    assert_eq!((r["org_domain"].as_str(), r["org_domain_tree_walk"].as_str()), (Some("mxray.test"), Some("b.psd.mxray.test")), "{r}");
    assert!(codes(&r).contains(&"report-unauthorized".to_string()), "{r}");
    // Two records at one name: both ignored, the Organizational Domain's applies.
    let r = dmarc("two.mxray.test");
    assert!(codes(&r).contains(&"multiple-records".to_string()), "{r}");
    assert_eq!(r["found_at"], "mxray.test");
    // No record anywhere (and the server refuses the TLD it does not serve: a failed lookup).
    let r = dmarc("x.reports.test");
    assert_eq!(r["valid"], false);
    assert!(codes(&r).contains(&"no-record".to_string()) && codes(&r).contains(&"lookup-failed".to_string()), "{r}");
}

/// A zone for `domain` with the TXT records given (long ones split into 255-byte strings).
#[cfg(feature = "dkim")]
fn write_zone(dir: &Path, domain: &str, records: &[(String, String)]) {
    let mut zone = format!("$ORIGIN {domain}.\n$TTL 300\n@ IN SOA ns.{domain}. hostmaster.{domain}. ( 1 3600 600 86400 60 )\n@ IN NS ns.{domain}.\nns IN A 127.0.0.1\n");
    for (name, value) in records {
        let strings: Vec<String> = value.as_bytes().chunks(200).map(|c| format!("\"{}\"", String::from_utf8_lossy(c).replace('"', "\\\""))).collect();
        zone.push_str(&format!("{name}. IN TXT {}\n", strings.join(" ")));
    }
    std::fs::write(dir.join(format!("{domain}.zone")), zone).expect("write zone");
}

#[test]
#[cfg(all(feature = "dkim", feature = "dmarc"))]
fn dkim_and_dmarc_of_a_message_through_doh() {
    // github.com's key and a signed message from the DKIM corpus (read in place), served from a
    // zone made here, with a DMARC record for github.com.
    let file = Path::new(REPO).join("../shared/corpus/dkim/messages/dkim-006.txt");
    let text = std::fs::read_to_string(file).expect("corpus message");
    let (records, message) = text.split_once("\n\n").expect("records, a blank line, the message");
    let mut txt: Vec<(String, String)> = records.lines().filter_map(|l| l.split_once(' ')).map(|(n, v)| (n.to_string(), v.to_string())).collect();
    txt.push(("_dmarc.github.com".into(), "v=DMARC1; p=reject; rua=mailto:dmarc@github.com".into()));
    let zones = Path::new(REPO).join("target/doh-stack/dkim-zones");
    std::fs::create_dir_all(&zones).expect("zone dir");
    write_zone(&zones, "github.com", &txt);
    let stack = Stack::start("dkim", 18393, &zones, &[]);
    let mail = zones.join("message.eml");
    std::fs::write(&mail, message).expect("write message");
    let r = mxray_json(&["analyze", "--json", "--resolver", &stack.url, mail.to_str().unwrap()]);
    let d = &r["dkim"][0];
    assert_eq!((d["result"].as_str(), d["body_hash_ok"].as_bool(), d["header_signature_ok"].as_bool()), (Some("pass"), Some(true), Some(true)), "{d}");
    assert_eq!(d["key_bits"], 1024);
    assert!(d["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "key-size" && w["severity"] == "warning"), "{d}");
    let m = &r["dmarc"];
    assert_eq!((m["result"].as_str(), m["dkim_aligned"].as_bool(), m["policy"].as_str()), (Some("pass"), Some(true), Some("reject")), "{m}");
    assert_eq!(m["policy_domain"], "github.com");
    // A changed body fails, and says so.
    std::fs::write(&mail, message.replacen("\n\n", "\n\nAn added line.\n", 1)).expect("write message");
    let r = mxray_json(&["analyze", "--json", "--resolver", &stack.url, mail.to_str().unwrap()]);
    assert_eq!((r["dkim"][0]["result"].as_str(), r["dkim"][0]["body_hash_ok"].as_bool()), (Some("fail"), Some(false)), "{r}");
    assert_eq!(r["dmarc"]["result"], "fail");
    assert!(r["findings"].as_array().unwrap().iter().any(|f| f["code"] == "dmarc-fail" && f["message"].as_str().unwrap().contains("policy is reject")), "{r}");
}

#[test]
fn rfc7208_suite_through_real_doh() {
    let scenarios = support::spf_suite::load_rfc7208();
    let zones = support::spf_suite::rfc7208_zone_files();
    assert_eq!(scenarios.len(), zones.len());
    // One stack per scenario (names repeat across scenarios with other data), all started at
    // once and stopped together.
    let stacks: Vec<Stack> = std::thread::scope(|s| {
        let handles: Vec<_> = zones
            .iter()
            .enumerate()
            .map(|(i, zone)| {
                s.spawn(move || {
                    let dir = Path::new(REPO).join(format!("target/doh-stack/rfc7208-zones/{i}"));
                    let _ = std::fs::remove_dir_all(&dir);
                    std::fs::create_dir_all(&dir).expect("zone dir");
                    std::fs::write(dir.join("_root.zone"), &zone.text).expect("write zone");
                    let env = [
                        ("DOH_CHECK_NAME", ".".to_string()),
                        ("DOH_DROP", zone.drops.join(",")),
                        ("DOH_BLACKHOLES", String::new()),
                        ("DOH_DELAYS", String::new()),
                    ];
                    Stack::start(&format!("rfc7208-{i}"), 18253 + 4 * i as u16, &dir, &env)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("stack thread")).collect()
    });
    let (mut passed, mut total, mut failures) = (0, 0, Vec::new());
    for (sc, stack) in scenarios.iter().zip(&stacks) {
        // Shorter than dnsdist's 2 s backend timeout: a dropped query is a timeout, as in the suite.
        let c = DohClient::new(&stack.url, None, Duration::from_millis(700));
        for case in &sc.cases {
            total += 1;
            let input = SpfInput { ip: case.ip.parse().expect("ip"), sender: &case.sender, helo: &case.helo, receiver: "unknown", now: 0 };
            let mut cache = Answers::new();
            let (ev, _) = resolve(&c, &mut cache, |answers| check_mail_from(&input, answers));
            let exp_ok = match case.explanation.as_deref() {
                None => true,
                Some("DEFAULT") => ev.explanation.is_none(),
                Some(want) => ev.explanation.as_deref() == Some(want),
            };
            if case.results.iter().any(|r| r == ev.result.as_str()) && exp_ok {
                passed += 1;
            } else {
                failures.push(format!("{} / {}: want {:?}, got {} {:?} ({})", sc.name, case.name, case.results, ev.result.as_str(), ev.explanation, ev.reason));
            }
        }
    }
    std::thread::scope(|s| {
        for stack in stacks {
            s.spawn(move || drop(stack));
        }
    });
    println!("spf rfc7208 suite over DoH: {passed}/{total}");
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert_eq!(passed, total);
}

#[test]
fn live_checks_of_a_message() {
    let stack = Stack::start("live", 18333, &Path::new(REPO).join("tests/zones"), &[]);
    let message = |ip: &str, host: &str, to: &str| {
        format!(
            "Return-Path: <news@mxray.test>\r\nReceived: from {host} ({host} [{ip}]) by mx.rcpt.example; Mon, 1 Jan 2024 10:00:05 +0000\r\n\
             Received: from laptop ([10.0.0.7]) by {host}; Mon, 1 Jan 2024 10:00:00 +0000\r\nFrom: News <news@mxray.test>\r\n\
             To: {to}\r\nSubject: hello\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1@mxray.test>\r\n\
             DKIM-Signature: v=1; a=rsa-sha256; d=mxray.test; s=sel; h=from:to; bh=x; b=y\r\n\
             DKIM-Signature: v=1; a=rsa-sha256; d=mxray.test; s=old; h=from:to; bh=x; b=y\r\n\
             DKIM-Signature: v=1; a=rsa-sha256; d=mxray.test; s=none; h=from:to; bh=x; b=y\r\n\r\nbody\r\n"
        )
    };
    let run = |text: &str| -> Vec<(String, String)> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mxray"))
            .args(["analyze", "--json", "--resolver", &stack.url, "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("mxray");
        use std::io::Write;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        r["findings"].as_array().unwrap().iter().map(|f| (f["code"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string())).collect()
    };
    let has = |f: &[(String, String)], code: &str, part: &str| f.iter().any(|(c, m)| c == code && m.contains(part));
    // mx1 sends for mxray.test: SPF passes, reverse DNS confirms, not listed; a null-MX recipient.
    let f = run(&message("192.0.2.25", "mx1.mxray.test", "a@nullmx.mxray.test, b@cnamemx.mxray.test"));
    assert!(has(&f, "spf-live", "pass"), "{f:?}");
    assert!(has(&f, "fcrdns", "mx1.mxray.test"), "{f:?}");
    assert!(has(&f, "not-blocklisted", "Spamhaus ZEN"), "{f:?}");
    assert!(has(&f, "null-mx", "nullmx.mxray.test"), "{f:?}");
    assert!(has(&f, "mx-cname", "alias.mxray.test"), "{f:?}");
    assert!(has(&f, "mx", "mx1.mxray.test (192.0.2.25, 2001:db8::25)"), "{f:?}");
    assert!(has(&f, "bimi", "v=BIMI1"), "{f:?}");
    assert!(has(&f, "dmarc", "p=reject"), "{f:?}");
    assert!(has(&f, "dkim-key", "sel._domainkey.mxray.test"), "{f:?}");
    assert!(has(&f, "dkim-key-revoked", "old._domainkey.mxray.test"), "{f:?}");
    assert!(has(&f, "dkim-key-missing", "none._domainkey.mxray.test"), "{f:?}");
    // 192.0.2.26: PTR does not confirm, listed, SPF fails; recipients with broken MX.
    let f = run(&message("192.0.2.26", "unconfirmed.mxray.test", "c@ipmx.mxray.test, d@noaddrmx.mxray.test, e@amx-fallback.mxray.test, f@gone.mxray.test"));
    assert!(has(&f, "spf-live", "fail"), "{f:?}");
    assert!(has(&f, "fcrdns-mismatch", "unconfirmed.mxray.test"), "{f:?}");
    assert!(has(&f, "blocklisted", "Spamhaus ZEN (127.0.0.3)"), "{f:?}");
    assert!(has(&f, "mx-ip-literal", "192.0.2.25"), "{f:?}");
    assert!(has(&f, "mx-host-no-address", "nowhere.mxray.test"), "{f:?}");
    assert!(has(&f, "no-mx-a-fallback", "192.0.2.30"), "{f:?}");
    assert!(has(&f, "domain-not-found", "gone.mxray.test"), "{f:?}");
    // The refusal code of a blocklist is "cannot tell", never "listed"; no PTR at all.
    let f = run(&message("198.51.100.77", "relay.mxray.test", "a@mxray.test"));
    assert!(has(&f, "blocklist-unknown", "cannot tell"), "{f:?}");
    assert!(!f.iter().any(|(c, _)| c == "blocklisted"), "{f:?}");
    assert!(has(&f, "no-ptr", "198.51.100.77"), "{f:?}");
    assert!(has(&f, "mta-sts", "v=STSv1"), "{f:?}");
    assert!(has(&f, "tls-rpt", "v=TLSRPTv1"), "{f:?}");
}
