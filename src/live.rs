//! Live checks: what DNS says about a message's domains and the server that sent it — mail
//! exchangers (null MX, aliases, address literals, no MX), the sending server's reverse DNS and
//! SPF, blocklists, and the domains' MTA-STS, TLS-RPT and BIMI records. Sans-IO like `spf`: it
//! asks a [`Resolver`] and returns every question it still needs, all at once.

use crate::headers::domain_of;
use crate::dns::{reverse_name, Answer, Missing, Progress, RecordType, Rdata, Resolver};
use crate::report::{Finding, Report, Severity};
use crate::spf::{check_mail_from, SpfInput, SpfResult};
use std::net::IpAddr;

/// DNS blocklists asked about the sending server (IPv4), with the name people know them by.
pub const BLOCKLISTS: &[(&str, &str)] = &[
    ("zen.spamhaus.org", "Spamhaus ZEN"),
    ("bl.spamcop.net", "SpamCop"),
    ("b.barracudacentral.org", "Barracuda"),
    ("psbl.surriel.com", "PSBL"),
];

/// Domains checked at most (the sender's and the first recipients').
pub const MAX_DOMAINS: usize = 5;
/// MX hosts looked at per domain.
const MAX_MX_HOSTS: usize = 10;

/// What the live checks look at, taken from a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveTargets {
    /// The envelope sender (Return-Path), when known.
    pub envelope_sender: Option<String>,
    /// The sending domain: the envelope sender's, else the From address's.
    pub sender_domain: Option<String>,
    /// The From address's domain (the one DMARC protects).
    pub from_domain: Option<String>,
    /// DKIM signatures' selector and domain (`s=`, `d=`), whose keys are looked up.
    pub dkim_keys: Vec<(String, String)>,
    /// Domains mail was sent to.
    pub recipient_domains: Vec<String>,
    /// The server that handed the message to the receiving side, and the name it gave.
    pub sending_server: Option<(IpAddr, Option<String>)>,
}

impl LiveTargets {
    /// What these targets are, in words: "the sending server 192.0.2.1", "example.com", or
    /// both, joined.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some((ip, _)) = &self.sending_server {
            parts.push(format!("the sending server {ip}"));
        }
        let mut domains: Vec<&str> = self.sender_domain.iter().chain(&self.recipient_domains).map(String::as_str).collect();
        domains.dedup();
        parts.extend(domains.into_iter().map(str::to_string));
        parts.join(", ")
    }

    /// Whether there is nothing to check: no sending server and no domain.
    pub fn is_empty(&self) -> bool {
        self.sending_server.is_none() && self.sender_domain.is_none() && self.recipient_domains.is_empty()
    }
}

/// Whether an address can be a sending server on the Internet (not private, loopback, ...).
fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified() || v4.is_broadcast()
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback() || v6.is_unspecified() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80)
        }
    }
}

/// The domains and the sending server a report is about.
pub fn targets(report: &Report) -> LiveTargets {
    let bounce = report.bounce.as_ref();
    let message = bounce.and_then(|b| b.original.as_ref()).or(report.headers.as_ref());
    let mut t = LiveTargets::default();
    if let Some(h) = message {
        t.envelope_sender = h.return_path.clone().filter(|r| r.contains('@'));
        t.sender_domain = t.envelope_sender.as_deref().or(h.from_address.as_deref()).and_then(domain_of);
        t.from_domain = h.from_address.as_deref().and_then(domain_of);
        t.dkim_keys = h
            .dkim_signatures
            .iter()
            .filter_map(|sig| Some((sig.selector.clone()?, sig.domain.clone()?)))
            .collect();
        // The newest hop from a public address: where the message entered the receiving side.
        t.sending_server = h.received.iter().rev().find_map(|hop| {
            let ip: IpAddr = hop.from_ip.as_deref()?.trim_start_matches("IPv6:").parse().ok()?;
            is_public(ip).then(|| (ip, hop.from.clone()))
        });
        if bounce.is_none() {
            t.recipient_domains = h.to_addresses.iter().filter_map(|a| domain_of(a)).collect();
        }
    }
    if let Some(b) = bounce {
        t.recipient_domains = b.recipients.iter().filter_map(|r| domain_of(&r.address)).collect();
    }
    t.recipient_domains.dedup();
    t
}

/// Run the live checks for `report`.
pub fn live_findings<R: Resolver + ?Sized>(report: &Report, resolver: &R) -> Progress<Vec<Finding>> {
    live_checks(&targets(report), resolver)
}

/// Run the live checks on `t`.
pub fn live_checks<R: Resolver + ?Sized>(t: &LiveTargets, resolver: &R) -> Progress<Vec<Finding>> {
    let mut c = Checker { resolver, missing: Missing::default(), findings: Vec::new() };
    let mut domains: Vec<&str> = t.sender_domain.iter().chain(&t.recipient_domains).map(String::as_str).collect();
    domains.dedup();
    for d in domains.iter().take(MAX_DOMAINS) {
        c.mail_exchangers(d);
    }
    for d in t.recipient_domains.iter().take(MAX_DOMAINS) {
        c.policy(&format!("_mta-sts.{d}"), "v=STSv1", "mta-sts", d);
        c.policy(&format!("_smtp._tls.{d}"), "v=TLSRPTv1", "tls-rpt", d);
    }
    if let Some(d) = &t.sender_domain {
        c.policy(&format!("default._bimi.{d}"), "v=BIMI1", "bimi", d);
    }
    if let Some(d) = &t.from_domain {
        c.dmarc(d);
    }
    for (selector, d) in t.dkim_keys.iter().take(MAX_DOMAINS) {
        c.dkim_key(selector, d);
    }
    if let Some((ip, helo)) = &t.sending_server {
        c.reverse_dns(*ip);
        c.blocklists(*ip);
        if let Some(sender) = &t.envelope_sender {
            c.spf(*ip, sender, helo.as_deref().unwrap_or(""));
        }
    }
    c.missing.finish(c.findings)
}

/// Live checks cut into parts that finish on their own (the sending server, the sender's
/// domain, each recipient domain), so a front end can show each part's findings as soon as its
/// own lookups are done instead of waiting for the slowest.
#[derive(Debug, Clone, Default)]
pub struct LiveRun {
    pending: Vec<LiveTargets>,
    /// Findings of the parts done so far, most serious first.
    pub findings: Vec<Finding>,
    /// The parts done so far, in words ("the sending server 192.0.2.1", "example.com").
    pub checked: Vec<String>,
}

impl LiveRun {
    /// The parts of `t` (at most [`MAX_DOMAINS`] domains, as [`live_checks`] does).
    pub fn new(t: &LiveTargets) -> Self {
        let mut pending = Vec::new();
        if t.sending_server.is_some() {
            pending.push(LiveTargets { envelope_sender: t.envelope_sender.clone(), sending_server: t.sending_server.clone(), ..Default::default() });
        }
        if let Some(d) = &t.sender_domain {
            let also_recipient = t.recipient_domains.iter().take(MAX_DOMAINS).any(|r| r == d);
            pending.push(LiveTargets {
                sender_domain: Some(d.clone()),
                from_domain: t.from_domain.clone(),
                dkim_keys: t.dkim_keys.clone(),
                recipient_domains: if also_recipient { vec![d.clone()] } else { Vec::new() },
                ..Default::default()
            });
        }
        let room = MAX_DOMAINS - usize::from(t.sender_domain.is_some());
        for d in t.recipient_domains.iter().filter(|d| Some(*d) != t.sender_domain.as_ref()).take(room) {
            pending.push(LiveTargets { recipient_domains: vec![d.clone()], ..Default::default() });
        }
        LiveRun { pending, findings: Vec::new(), checked: Vec::new() }
    }

    /// Run the parts not done yet with `resolver`'s answers: the finished ones add their
    /// findings; `Need` lists every question the others still have.
    pub fn step<R: Resolver + ?Sized>(&mut self, resolver: &R) -> Progress<()> {
        let mut need = Vec::new();
        let (findings, checked) = (&mut self.findings, &mut self.checked);
        self.pending.retain(|part| match live_checks(part, resolver) {
            Progress::Done(f) => {
                findings.extend(f);
                checked.push(part.describe());
                false
            }
            Progress::Need(q) => {
                need.extend(q);
                true
            }
        });
        findings.sort_by_key(|f| f.severity);
        need.sort();
        need.dedup();
        if need.is_empty() { Progress::Done(()) } else { Progress::Need(need) }
    }

    /// The parts not done yet, in words.
    pub fn unchecked(&self) -> Vec<String> {
        self.pending.iter().map(LiveTargets::describe).collect()
    }
}

struct Checker<'a, R: Resolver + ?Sized> {
    resolver: &'a R,
    missing: Missing,
    findings: Vec<Finding>,
}

impl<'a, R: Resolver + ?Sized> Checker<'a, R> {
    fn get(&mut self, name: &str, rtype: RecordType) -> Option<&'a Answer> {
        self.missing.ask(self.resolver, name, rtype)
    }

    fn add(&mut self, severity: Severity, code: &'static str, message: String, fix: Option<&str>) {
        self.findings.push(Finding { severity, code, message, fix: fix.map(str::to_string) });
    }

    fn addresses(&mut self, host: &str) -> Option<Vec<IpAddr>> {
        let a = self.get(host, RecordType::A);
        let aaaa = self.get(host, RecordType::Aaaa);
        let (a, aaaa) = (a?, aaaa?);
        Some(
            a.records()
                .iter()
                .chain(aaaa.records())
                .filter_map(|r| match r {
                    Rdata::A(ip) => Some(IpAddr::V4(*ip)),
                    Rdata::Aaaa(ip) => Some(IpAddr::V6(*ip)),
                    _ => None,
                })
                .collect(),
        )
    }

    /// MX (RFC 5321 §5.1, RFC 7505): does the domain accept mail, and at which servers.
    fn mail_exchangers(&mut self, d: &str) {
        let Some(answer) = self.get(d, RecordType::Mx) else { return };
        let hosts: Vec<(u16, String)> = match answer {
            Answer::Error(e) => {
                return self.add(Severity::Warning, "mx-lookup-failed", format!("The mail servers (MX) of {d} could not be looked up: {e}."), None)
            }
            Answer::NxDomain => {
                return self.add(
                    Severity::Error,
                    "domain-not-found",
                    format!("The domain {d} does not exist in DNS, so no mail can be delivered to it."),
                    Some("Check the spelling of the address's domain."),
                )
            }
            Answer::Records(rs) => rs
                .iter()
                .filter_map(|r| match r {
                    Rdata::Mx(p, h) => Some((*p, h.clone())),
                    _ => None,
                })
                .collect(),
        };
        if hosts.len() == 1 && hosts[0].1 == "." {
            return self.add(
                Severity::Warning,
                "null-mx",
                format!("{d} publishes a \"null MX\" (RFC 7505): it states that it accepts no email at all."),
                Some("Use another address; the domain's owner has said it receives no mail."),
            );
        }
        if hosts.is_empty() {
            let Some(addrs) = self.addresses(d) else { return };
            return if addrs.is_empty() {
                self.add(
                    Severity::Error,
                    "no-mx",
                    format!("{d} has no mail servers (no MX record) and no address: mail to it cannot be delivered."),
                    Some("The domain's owner must publish MX records."),
                )
            } else {
                self.add(
                    Severity::Warning,
                    "no-mx-a-fallback",
                    format!("{d} has no MX record; senders fall back to its own address ({}), which often does not accept mail.", list(&addrs)),
                    Some("The domain's owner should publish MX records naming its mail servers."),
                )
            };
        }
        let mut hosts = hosts;
        hosts.sort();
        let mut working = Vec::new();
        for (_, host) in hosts.iter().take(MAX_MX_HOSTS) {
            if host.parse::<IpAddr>().is_ok() {
                self.add(
                    Severity::Error,
                    "mx-ip-literal",
                    format!("{d}'s MX record names an IP address ({host}) instead of a host name; many senders reject that (RFC 5321 §5.1)."),
                    Some("The domain's owner should point the MX record at a host name with A/AAAA records."),
                );
                continue;
            }
            let Some(cname) = self.get(host, RecordType::Cname) else { continue };
            if !cname.records().is_empty() {
                self.add(
                    Severity::Warning,
                    "mx-cname",
                    format!("{d}'s mail server {host} is an alias (CNAME); RFC 5321 §5.1 says MX must name the real host. Most senders cope, some do not."),
                    Some("The domain's owner should point the MX record at the host name the alias leads to."),
                );
            }
            let Some(addrs) = self.addresses(host) else { continue };
            if addrs.is_empty() {
                self.add(
                    Severity::Error,
                    "mx-host-no-address",
                    format!("{d}'s mail server {host} has no address (no A or AAAA record): senders cannot reach it."),
                    Some("The domain's owner should fix the MX record or add the host's address."),
                );
            } else {
                working.push(format!("{host} ({})", list(&addrs)));
            }
        }
        if !working.is_empty() {
            let dnssec = if self.resolver.authenticated(d, RecordType::Mx) { " (validated with DNSSEC)" } else { "" };
            self.add(Severity::Info, "mx", format!("{d} receives mail at {}{dnssec}.", working.join(", ")), None);
        }
    }

    /// A policy TXT record (MTA-STS, TLS-RPT, BIMI): present, and starting with its version tag.
    fn policy(&mut self, name: &str, version: &str, code: &'static str, d: &str) {
        let Some(answer) = self.get(name, RecordType::Txt) else { return };
        let records: Vec<&str> = answer
            .records()
            .iter()
            .filter_map(|r| match r {
                Rdata::Txt(t) if t.trim_start().starts_with("v=") => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let Some(text) = records.first() else { return };
        let (what, needs) = match code {
            "mta-sts" => ("MTA-STS (servers sending to it must use verified TLS)", "id"),
            "tls-rpt" => ("TLS reporting (TLS-RPT)", "rua"),
            _ => ("a BIMI brand logo", "l"),
        };
        let tags: Vec<(&str, &str)> =
            text.split(';').filter_map(|t| t.split_once('=')).map(|(k, v)| (k.trim(), v.trim())).collect();
        let ok = records.len() == 1
            && tags.first().is_some_and(|(k, v)| *k == "v" && format!("v={v}") == version)
            && tags.iter().any(|(k, v)| *k == needs && !v.is_empty());
        if ok {
            self.add(Severity::Info, code, format!("{d} publishes {what}: {text}"), None);
        } else {
            self.add(
                Severity::Warning,
                code,
                format!("{d}'s {what} record at {name} is malformed (want exactly one record starting with {version} and a {needs}= value): {text}"),
                Some("The domain's owner should correct the record."),
            );
        }
    }

    /// The From domain's DMARC record (`_dmarc`), for the DMARC checks.
    fn dmarc(&mut self, d: &str) {
        let name = format!("_dmarc.{d}");
        let Some(answer) = self.get(&name, RecordType::Txt) else { return };
        if let Answer::Error(e) = answer {
            return self.add(Severity::Info, "dmarc-lookup-failed", format!("The DMARC record of {d} could not be looked up: {e}."), None);
        }
        let records: Vec<&str> = answer
            .records()
            .iter()
            .filter_map(|r| match r {
                Rdata::Txt(t) if t.get(..8).is_some_and(|v| v.eq_ignore_ascii_case("v=DMARC1")) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        match records.as_slice() {
            [] => self.add(
                Severity::Warning,
                "no-dmarc",
                format!("{d} publishes no DMARC record at {name} (its parent domain's may still apply): receivers cannot tell what to do with mail that fails SPF and DKIM, and Gmail and Yahoo require one from bulk senders."),
                Some("Publish a DMARC record, starting with v=DMARC1; p=none; rua=mailto:... to collect reports."),
            ),
            [one] => self.add(Severity::Info, "dmarc", format!("{d} publishes DMARC: {one}"), None),
            many => self.add(
                Severity::Error,
                "dmarc-multiple",
                format!("{d} publishes {} DMARC records at {name}: receivers then ignore DMARC for it.", many.len()),
                Some("Keep exactly one DMARC record."),
            ),
        }
    }

    /// The public key a DKIM signature names (`s=` selector at `d=`).
    fn dkim_key(&mut self, selector: &str, d: &str) {
        let name = format!("{selector}._domainkey.{d}");
        let Some(answer) = self.get(&name, RecordType::Txt) else { return };
        if let Answer::Error(e) = answer {
            return self.add(Severity::Info, "dkim-key-lookup-failed", format!("The DKIM key at {name} could not be looked up: {e}."), None);
        }
        let key = answer.records().iter().find_map(|r| match r {
            Rdata::Txt(t) if t.contains("p=") => Some(t.as_str()),
            _ => None,
        });
        match key {
            None => self.add(
                Severity::Error,
                "dkim-key-missing",
                format!("No DKIM key is published at {name}: signatures with selector {selector} for {d} cannot be verified."),
                Some("Publish the signing service's DKIM key (a TXT or CNAME record) at that name, or sign with a selector that has one."),
            ),
            Some(k) if k.split(';').any(|t| t.trim() == "p=") => self.add(
                Severity::Warning,
                "dkim-key-revoked",
                format!("The DKIM key at {name} is revoked (empty p=): signatures with it fail."),
                Some("Sign with a current selector."),
            ),
            Some(_) => self.add(Severity::Info, "dkim-key", format!("A DKIM key is published at {name}."), None),
        }
    }

    /// PTR and forward confirmation (FCrDNS): many receivers reject servers without them.
    fn reverse_dns(&mut self, ip: IpAddr) {
        let Some(answer) = self.get(&reverse_name(ip), RecordType::Ptr) else { return };
        let names: Vec<String> = answer
            .records()
            .iter()
            .filter_map(|r| match r {
                Rdata::Ptr(n) => Some(n.clone()),
                _ => None,
            })
            .take(MAX_MX_HOSTS)
            .collect();
        if let Answer::Error(e) = answer {
            return self.add(Severity::Info, "ptr-lookup-failed", format!("The reverse DNS of {ip} could not be looked up: {e}."), None);
        }
        if names.is_empty() {
            return self.add(
                Severity::Warning,
                "no-ptr",
                format!("The sending server {ip} has no reverse DNS name (PTR); many receivers reject or distrust such servers."),
                Some("Ask whoever runs the server's network (hosting or ISP) to set a PTR record naming the server, with a matching A record."),
            );
        }
        let mut confirmed = None;
        for n in &names {
            let Some(addrs) = self.addresses(n) else { continue };
            if addrs.contains(&ip) {
                confirmed = Some(n.clone());
            }
        }
        match confirmed {
            Some(n) => self.add(Severity::Info, "fcrdns", format!("The sending server {ip} is {n}, and {n} points back to {ip} (forward-confirmed reverse DNS)."), None),
            None => self.add(
                Severity::Warning,
                "fcrdns-mismatch",
                format!("The sending server {ip} calls itself {} in reverse DNS, but that name does not point back to {ip}.", names.join(", ")),
                Some("Make the PTR name's A/AAAA record include the server's address (or change the PTR)."),
            ),
        }
    }

    /// DNS blocklists (IPv4). Spamhaus answers 127.255.255.x to queries it refuses, such as those
    /// from public resolvers: that means "cannot tell", never "listed".
    fn blocklists(&mut self, ip: IpAddr) {
        let IpAddr::V4(v4) = ip else { return };
        let [a, b, c, d] = v4.octets();
        let mut clean = Vec::new();
        for (zone, label) in BLOCKLISTS {
            let Some(answer) = self.get(&format!("{d}.{c}.{b}.{a}.{zone}"), RecordType::A) else { continue };
            let codes: Vec<std::net::Ipv4Addr> = answer
                .records()
                .iter()
                .filter_map(|r| match r {
                    Rdata::A(x) => Some(*x),
                    _ => None,
                })
                .collect();
            match answer {
                Answer::Error(e) => self.add(Severity::Info, "blocklist-unknown", format!("{label} could not be asked about {ip}: {e}."), None),
                _ if codes.is_empty() => clean.push(*label),
                _ if codes.iter().all(|c| c.octets()[..3] == [127, 255, 255]) => self.add(
                    Severity::Info,
                    "blocklist-unknown",
                    format!("{label} refused to answer through this resolver (code {}), so mxray cannot tell whether {ip} is listed. Spamhaus refuses queries from public resolvers: this does not mean listed.", codes[0]),
                    Some("Choose another DNS resolver for live checks, or look the address up on the list's own website."),
                ),
                _ => self.add(
                    Severity::Error,
                    "blocklisted",
                    format!("The sending server {ip} is listed on {label} ({}); receivers that use it reject or junk its mail.", list_v4(&codes)),
                    Some("Find out why on the list's website (usually spam or a compromised account or device), fix the cause, then request delisting there."),
                ),
            }
        }
        if !clean.is_empty() {
            self.add(Severity::Info, "not-blocklisted", format!("{ip} is not listed on {}.", clean.join(", ")), None);
        }
    }

    /// SPF for the envelope sender, as the receiver evaluated it (RFC 7208).
    fn spf(&mut self, ip: IpAddr, sender: &str, helo: &str) {
        let input = SpfInput { ip, sender, helo, receiver: "mxray", now: 0 };
        match check_mail_from(&input, self.resolver) {
            Progress::Need(q) => self.missing.extend(q),
            Progress::Done(ev) => {
                let (severity, fix) = match ev.result {
                    SpfResult::Pass => (Severity::Info, None),
                    SpfResult::Fail | SpfResult::PermError => (Severity::Error, Some("Add the sending server or service to the SPF record of the sender's domain (and fix any error in it); check it with mxray spf DOMAIN.")),
                    _ => (Severity::Warning, Some("Make SPF pass for the sending server: list it (or its service's include) in the sender domain's SPF record.")),
                };
                let why = if ev.reason.is_empty() { String::new() } else { format!(" ({})", ev.reason) };
                self.add(
                    severity,
                    "spf-live",
                    format!("SPF for {} from {ip}: {}. {}{why}", ev.domain, ev.result.as_str(), ev.result.describe()),
                    fix,
                );
            }
        }
    }
}

fn list(addrs: &[IpAddr]) -> String {
    addrs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

fn list_v4(addrs: &[std::net::Ipv4Addr]) -> String {
    addrs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_addresses() {
        for ip in ["10.1.2.3", "192.168.0.1", "127.0.0.1", "100.64.0.1", "fd00::1", "fe80::1", "::1"] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["192.0.2.25", "8.8.8.8", "2001:db8::25"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn targets_from_headers() {
        let text = "Return-Path: <a@Sender.example>\r\nReceived: from mx.sender.example (mx.sender.example [192.0.2.25]) by in.rcpt.example; Mon, 1 Jan 2024 00:00:01 +0000\r\nReceived: from pc (pc [10.0.0.5]) by mx.sender.example; Mon, 1 Jan 2024 00:00:00 +0000\r\nFrom: a@sender.example\r\nTo: b@rcpt.example, c@rcpt.example\r\nSubject: x\r\n\r\n";
        let t = targets(&crate::analyze(text));
        assert_eq!(t.sender_domain.as_deref(), Some("sender.example"));
        assert_eq!(t.recipient_domains, ["rcpt.example"]);
        assert_eq!(t.sending_server, Some(("192.0.2.25".parse().unwrap(), Some("mx.sender.example".into()))));
    }

    #[test]
    fn a_run_in_parts_shows_each_part_when_it_is_done_and_ends_as_one_whole_check() {
        use crate::dns::{Answers, Query};
        let t = LiveTargets {
            envelope_sender: Some("a@sender.example".into()),
            sender_domain: Some("sender.example".into()),
            from_domain: Some("sender.example".into()),
            dkim_keys: vec![("s1".into(), "sender.example".into())],
            recipient_domains: vec!["rcpt.example".into()],
            sending_server: Some(("192.0.2.25".parse().unwrap(), None)),
        };
        let mut run = LiveRun::new(&t);
        assert_eq!(run.pending.len(), 3, "the server, the sender's domain, the recipient's domain");
        let mut answers = Answers::new();
        let Progress::Need(first) = run.step(&answers) else { panic!("nothing answered yet") };
        assert!(first.iter().any(|q| q.name == "_dmarc.sender.example"), "DMARC and DKIM are asked too: {first:?}");
        assert!(first.iter().any(|q| q.name == "s1._domainkey.sender.example"));
        // Only the recipient domain's questions answered: its part is done, the others wait.
        for q in first.iter().filter(|q| q.name.ends_with("rcpt.example")) {
            answers.insert(q.clone(), Answer::NxDomain);
        }
        assert!(matches!(run.step(&answers), Progress::Need(_)));
        assert!(run.findings.iter().any(|f| f.code == "domain-not-found" && f.message.contains("rcpt.example")), "{:?}", run.findings);
        assert!(!run.findings.iter().any(|f| f.message.contains("sender.example")));
        // Everything else answered, round by round: the same findings as one whole check.
        loop {
            match run.step(&answers) {
                Progress::Done(()) => break,
                Progress::Need(qs) => qs.into_iter().for_each(|q: Query| answers.insert(q, Answer::NxDomain)),
            }
        }
        let Progress::Done(mut whole) = live_checks(&t, &answers) else { panic!("all answered") };
        let key = |f: &Finding| (f.code, f.message.clone());
        whole.sort_by_key(key);
        let mut parts = run.findings.clone();
        assert!(parts.windows(2).all(|w| w[0].severity <= w[1].severity), "most serious first");
        parts.sort_by_key(key);
        assert_eq!(parts, whole);
    }
}
