//! Loaders for the SPF test suites in `../shared/corpus/spf` (read in place): the RFC 7208 suite
//! (YAML) and mail-auth's line format, each scenario as an in-memory [`Zone`] plus its tests.
//! Shared by `tests/spf_corpus.rs` and `benches/spf.rs`.

#![allow(dead_code)]

use mxray::dns::{Answer, DnsError, Lookup, RecordType, Rdata, Resolver, Zone, ZoneBuilder};
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The shared corpus folder for SPF.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/spf")
}

/// One check_host() test.
pub struct SpfCase {
    pub scenario: String,
    pub name: String,
    pub ip: String,
    pub sender: String,
    pub helo: String,
    /// Acceptable results.
    pub results: Vec<String>,
    /// Expected explanation (`DEFAULT`: the implementation's own, i.e. none from the domain).
    pub explanation: Option<String>,
}

/// A scenario: its DNS and its tests.
pub struct Scenario {
    pub name: String,
    pub zone: SuiteZone,
    pub cases: Vec<SpfCase>,
}

/// The zone, plus mail-auth's convention that names containing `_dns_error.` fail.
pub struct SuiteZone {
    pub zone: Zone,
    /// mail-auth's convention is on.
    dns_error_names: bool,
    failure: Answer,
}

impl Resolver for SuiteZone {
    fn lookup(&self, name: &str, rtype: RecordType) -> Lookup<'_> {
        if self.dns_error_names && name.contains("_dns_error.") {
            return Lookup::Ready(&self.failure);
        }
        self.zone.lookup(name, rtype)
    }
}

fn suite_zone(b: &ZoneBuilder, dns_error_names: bool) -> SuiteZone {
    let failure = Answer::Error(DnsError::ServerFailure("test server failure".into()));
    SuiteZone { zone: b.build(), dns_error_names, failure }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        // A list is several character-strings of one record.
        Value::Sequence(parts) => parts.iter().map(text_of).collect(),
        _ => String::new(),
    }
}

/// The RFC 7208 suite: `rfc7208-tests.yml`.
pub fn load_rfc7208() -> Vec<Scenario> {
    let path = corpus_dir().join("rfc7208-tests.yml");
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(&data) {
        let v: Value = serde::Deserialize::deserialize(doc).expect("YAML document");
        let name = text_of(&v["description"]);
        let mut zb = ZoneBuilder::new();
        if let Some(zonedata) = v["zonedata"].as_mapping() {
            for (owner, entries) in zonedata {
                let owner = text_of(owner);
                zb.add_name(&owner);
                let entries = entries.as_sequence().cloned().unwrap_or_default();
                let has_txt = entries.iter().any(|e| e.get("TXT").is_some());
                for e in &entries {
                    if e.as_str() == Some("TIMEOUT") {
                        zb.add_timeout(&owner);
                        continue;
                    }
                    let Some(map) = e.as_mapping() else { continue };
                    for (k, val) in map {
                        let k = text_of(k);
                        let s = text_of(val);
                        match k.as_str() {
                            "TXT" if s == "NONE" => {}
                            "TXT" => zb.add(&owner, Rdata::Txt(s)),
                            // The SPF RR type is gone (RFC 7208 §3.1): drivers serve it as TXT
                            // unless the name has TXT records of its own.
                            "SPF" if !has_txt && s != "NONE" => zb.add(&owner, Rdata::Txt(s)),
                            "SPF" => {}
                            "A" => zb.add(&owner, Rdata::A(s.parse().expect("A"))),
                            "AAAA" => zb.add(&owner, Rdata::Aaaa(s.parse().expect("AAAA"))),
                            "PTR" => zb.add(&owner, Rdata::Ptr(s)),
                            "CNAME" => zb.add_cname(&owner, &s),
                            "MX" => {
                                let pair = val.as_sequence().expect("MX [pref, host]");
                                let pref = pair[0].as_u64().unwrap_or(0) as u16;
                                zb.add(&owner, Rdata::Mx(pref, text_of(&pair[1])));
                            }
                            other => panic!("{name}: unknown zone entry {other}"),
                        }
                    }
                }
            }
        }
        let mut cases = Vec::new();
        if let Some(tests) = v["tests"].as_mapping() {
            for (tname, t) in tests {
                let results = match &t["result"] {
                    Value::Sequence(rs) => rs.iter().map(text_of).collect(),
                    r => vec![text_of(r)],
                };
                cases.push(SpfCase {
                    scenario: name.clone(),
                    name: text_of(tname),
                    ip: text_of(&t["host"]),
                    sender: text_of(&t["mailfrom"]),
                    helo: text_of(&t["helo"]),
                    results,
                    explanation: t.get("explanation").map(text_of),
                });
            }
        }
        out.push(Scenario { name, zone: suite_zone(&zb, false), cases });
    }
    out
}

/// mail-auth's SPF tests: `mail-auth/*.yml` (line format, not YAML).
pub fn load_mail_auth() -> Vec<Scenario> {
    let dir = corpus_dir().join("mail-auth");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let data = std::fs::read_to_string(&file).expect("read mail-auth file");
        let fname = file.file_name().unwrap().to_string_lossy().to_string();
        for doc in data.split("\n---") {
            let mut name = fname.clone();
            let mut zb = ZoneBuilder::new();
            let mut cases: Vec<SpfCase> = Vec::new();
            let mut mx_count = 0;
            for line in doc.lines() {
                let line = line.trim();
                let Some((key, rest)) = line.trim_start_matches("- ").split_once(':') else { continue };
                let rest = rest.trim();
                let (owner, value) = rest.split_once(' ').map_or((rest, ""), |(a, b)| (a, b.trim()));
                match key {
                    "name" => name = format!("{fname}: {rest}"),
                    "spf" | "exp" => zb.add(owner, Rdata::Txt(value.to_string())),
                    "a" | "aaaa" => {
                        for ip in value.split(',') {
                            let ip: std::net::IpAddr = ip.trim().parse().expect("address");
                            zb.add(owner, match ip {
                                std::net::IpAddr::V4(v4) => Rdata::A(v4),
                                std::net::IpAddr::V6(v6) => Rdata::Aaaa(v6),
                            });
                        }
                    }
                    "ptr" => {
                        let ip: std::net::IpAddr = owner.parse().expect("ptr address");
                        for n in value.split(',') {
                            zb.add(&mxray::dns::reverse_name(ip), Rdata::Ptr(n.trim().to_string()));
                        }
                    }
                    "mx" => {
                        for (pref, ip) in value.split(',').enumerate() {
                            mx_count += 1;
                            let host = format!("mx{mx_count}.mx-host.test");
                            zb.add(owner, Rdata::Mx(pref as u16, host.clone()));
                            let ip: std::net::IpAddr = ip.trim().parse().expect("mx address");
                            zb.add(&host, match ip {
                                std::net::IpAddr::V4(v4) => Rdata::A(v4),
                                std::net::IpAddr::V6(v6) => Rdata::Aaaa(v6),
                            });
                        }
                    }
                    "domain" => cases.push(SpfCase {
                        scenario: name.clone(),
                        name: format!("{name} #{}", cases.len() + 1),
                        ip: String::new(),
                        sender: String::new(),
                        helo: rest.to_string(),
                        results: Vec::new(),
                        explanation: None,
                    }),
                    "sender" => {
                        if let Some(c) = cases.last_mut() {
                            c.sender = rest.to_string();
                        }
                    }
                    "ip" => {
                        if let Some(c) = cases.last_mut() {
                            c.ip = rest.to_string();
                        }
                    }
                    "expect" => {
                        if let Some(c) = cases.last_mut() {
                            c.results = vec![owner.to_string()];
                            if !value.is_empty() {
                                c.explanation = Some(value.to_string());
                            }
                        }
                    }
                    _ => {}
                }
            }
            if !cases.is_empty() {
                out.push(Scenario { name, zone: suite_zone(&zb, true), cases });
            }
        }
    }
    out
}

/// The records the syntax benchmark validates, with the domain they belong to: every record of
/// `spf-record-syntax.jsonl` (quoted strings joined) and every zonedata TXT/SPF value of the
/// RFC 7208 suite that starts with `v=spf1` (the same list `benches/spf_peers.py` gives checkdmarc).
pub fn syntax_records() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let jsonl = std::fs::read_to_string(corpus_dir().join("spf-record-syntax.jsonl")).expect("jsonl");
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let (joined, _) = mxray::spf::parse::join_quoted(v["record"].as_str().unwrap_or(""));
        out.push((joined, "example.com".to_string()));
    }
    let yaml = std::fs::read_to_string(corpus_dir().join("rfc7208-tests.yml")).expect("suite");
    for doc in serde_yaml::Deserializer::from_str(&yaml) {
        let v: Value = serde::Deserialize::deserialize(doc).expect("YAML document");
        let Some(zonedata) = v["zonedata"].as_mapping() else { continue };
        for (owner, entries) in zonedata {
            for e in entries.as_sequence().into_iter().flatten() {
                for (k, val) in e.as_mapping().into_iter().flatten() {
                    let t = text_of(val);
                    if matches!(text_of(k).as_str(), "TXT" | "SPF") && t.starts_with("v=spf1") {
                        out.push((t, text_of(owner)));
                    }
                }
            }
        }
    }
    out
}

/// One RFC 7208 scenario as an NSD root zone ("."), with the name/type pairs that must time out.
pub struct ZoneFile {
    pub scenario: String,
    pub text: String,
    /// `name/TYPE` pairs never answered (TIMEOUT: the types the name has no records of).
    pub drops: Vec<String>,
}

/// A name in zone-file syntax: any byte but letters, digits, `-` and `_` as `\DDD`.
fn zone_name(name: &str) -> String {
    let name = name.trim_end_matches('.');
    if name.is_empty() {
        return ".".into();
    }
    let mut out = String::new();
    for label in name.split('.') {
        for b in label.bytes() {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                out.push(b as char);
            } else {
                out.push_str(&format!("\\{b:03}"));
            }
        }
        out.push('.');
    }
    out
}

/// A character-string in zone-file syntax, split every 255 bytes.
fn zone_strings(s: &str) -> String {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return "\"\"".into();
    }
    bytes
        .chunks(255)
        .map(|chunk| {
            let mut out = String::from("\"");
            for &b in chunk {
                match b {
                    b'"' | b'\\' => {
                        out.push('\\');
                        out.push(b as char);
                    }
                    0x20..=0x7e => out.push(b as char),
                    _ => out.push_str(&format!("\\{b:03}")),
                }
            }
            out.push('"');
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every RFC 7208 scenario as a zone NSD can serve.
pub fn rfc7208_zone_files() -> Vec<ZoneFile> {
    let yaml = std::fs::read_to_string(corpus_dir().join("rfc7208-tests.yml")).expect("suite");
    let mut out = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(&yaml) {
        let v: Value = serde::Deserialize::deserialize(doc).expect("YAML document");
        let mut text = String::from(
            "$TTL 60\n. IN SOA ns.zone-root. host.zone-root. 1 3600 600 86400 60\n. IN NS ns.zone-root.\nns.zone-root. IN A 127.0.0.1\n",
        );
        let mut drops = Vec::new();
        for (owner, entries) in v["zonedata"].as_mapping().into_iter().flatten() {
            let owner_text = text_of(owner);
            let name = zone_name(&owner_text);
            let entries = entries.as_sequence().cloned().unwrap_or_default();
            let has_txt = entries.iter().any(|e| e.get("TXT").is_some());
            let mut types = Vec::new();
            let mut timeout = false;
            for e in &entries {
                if e.as_str() == Some("TIMEOUT") {
                    timeout = true;
                    continue;
                }
                for (k, val) in e.as_mapping().into_iter().flatten() {
                    let k = text_of(k);
                    let strings = |v: &Value| match v {
                        // A record of no strings cannot be written in a zone file: one empty string.
                        Value::Sequence(parts) if parts.is_empty() => "\"\"".to_string(),
                        Value::Sequence(parts) => parts.iter().map(|p| zone_strings(&text_of(p))).collect::<Vec<_>>().join(" "),
                        other => zone_strings(&text_of(other)),
                    };
                    let line = match k.as_str() {
                        "TXT" if text_of(val) == "NONE" => continue,
                        "TXT" => format!("TXT {}", strings(val)),
                        "SPF" if !has_txt && text_of(val) != "NONE" => format!("TXT {}", strings(val)),
                        "SPF" => continue,
                        "A" | "AAAA" => format!("{k} {}", text_of(val)),
                        "PTR" | "CNAME" => format!("{k} {}", zone_name(&text_of(val))),
                        "MX" => {
                            let pair = val.as_sequence().expect("MX pair");
                            format!("MX {} {}", text_of(&pair[0]), zone_name(&text_of(&pair[1])))
                        }
                        other => panic!("unknown zone entry {other}"),
                    };
                    types.push(if k == "SPF" { "TXT".to_string() } else { k.clone() });
                    text.push_str(&format!("{name} IN {line}\n"));
                }
            }
            if timeout {
                for t in ["A", "AAAA", "MX", "TXT", "PTR"] {
                    if !types.iter().any(|x| x == t) {
                        drops.push(format!("{}/{t}", owner_text.trim_end_matches('.').to_ascii_lowercase()));
                    }
                }
            }
        }
        out.push(ZoneFile { scenario: text_of(&v["description"]), text, drops });
    }
    out
}
