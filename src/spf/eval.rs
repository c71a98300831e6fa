//! `check_host()` (RFC 7208 §4–§6, §8), sans I/O.
//!
//! The evaluator asks a [`Resolver`]; when an answer is not known yet it stops and returns every
//! question it can already name ([`Progress::Need`]): the one it was blocked on plus the other
//! lookups of the record it was reading, so a network front end fetches a whole level of the
//! include tree in parallel, fills its cache and runs the evaluation again.

use super::macros::{expand, MacroValues};
use super::parse::{is_spf_record, macro_string_all, parse_terms};
use super::record::*;
use crate::dns::{Answer, Lookup, Missing, Progress, Query, RecordType, Rdata, Resolver};
pub use crate::report::SpfResult;
use serde::Serialize;
use std::borrow::Cow;
use std::net::IpAddr;

/// RFC 7208 §4.6.4: DNS-querying terms allowed in one evaluation.
pub const MAX_LOOKUPS: u32 = 10;
/// RFC 7208 §4.6.4: lookups that may find nothing.
pub const MAX_VOID_LOOKUPS: u32 = 2;
/// RFC 7208 §4.6.4: MX hosts looked at by one `mx`, PTR names by one `ptr`.
pub const MAX_NAMES: usize = 10;

/// What is checked: the client and the identities it gave.
#[derive(Debug, Clone)]
pub struct SpfInput<'a> {
    /// The connecting client's address.
    pub ip: IpAddr,
    /// The MAIL FROM address (empty for the null sender `<>`: the HELO name is checked).
    pub sender: &'a str,
    /// The HELO/EHLO name.
    pub helo: &'a str,
    /// The receiving host's name (`%{r}` in explanations).
    pub receiver: &'a str,
    /// Seconds since 1970 (`%{t}` in explanations).
    pub now: u64,
}

/// The result a matching term's qualifier gives.
fn result_of(q: Qualifier) -> SpfResult {
    match q {
        Qualifier::Pass => SpfResult::Pass,
        Qualifier::Fail => SpfResult::Fail,
        Qualifier::SoftFail => SpfResult::SoftFail,
        Qualifier::Neutral => SpfResult::Neutral,
    }
}

/// The outcome of one evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfEvaluation {
    /// The result.
    pub result: SpfResult,
    /// The domain whose policy was checked.
    pub domain: String,
    /// Which identity: `mailfrom`, or `helo` for the null sender.
    pub identity: &'static str,
    /// For `fail`: the domain's own explanation (`exp=`), expanded.
    pub explanation: Option<String>,
    /// Why, in words: the term that matched and where, or what went wrong.
    pub reason: String,
    /// DNS-querying terms evaluated (at most 10 allowed).
    pub lookups: u32,
    /// Lookups that found nothing (at most 2 allowed).
    pub void_lookups: u32,
}

/// Check the MAIL FROM identity (or `postmaster@HELO` for the null sender), as receivers do.
pub fn check_mail_from<R: Resolver + ?Sized>(input: &SpfInput<'_>, resolver: &R) -> Progress<SpfEvaluation> {
    let mut e = Evaluator::new(input, resolver);
    e.run(None)
}

/// check_host() for `domain`'s published record (the sender and HELO fill the macros).
pub fn check_host<R: Resolver + ?Sized>(input: &SpfInput<'_>, domain: &str, resolver: &R) -> Progress<SpfEvaluation> {
    let mut e = Evaluator::new(input, resolver);
    e.domain = crate::dns::normalize_name(domain);
    e.run(None)
}

/// Evaluate a record given as text (not looked up) as if published at `domain` (the sender's
/// domain when `None`): what a record would do before it is published. Other names it refers
/// to are asked of `resolver`.
pub fn check_record<R: Resolver + ?Sized>(
    input: &SpfInput<'_>,
    domain: Option<&str>,
    record: &str,
    resolver: &R,
) -> Progress<SpfEvaluation> {
    let mut e = Evaluator::new(input, resolver);
    if let Some(d) = domain {
        e.domain = crate::dns::normalize_name(d);
    }
    e.run(Some(record))
}

struct Pending;
type Step<T> = Result<T, Pending>;

/// How one domain's record concluded.
struct Outcome {
    result: SpfResult,
    reason: String,
    /// The `exp=` of the record the result came from (not through includes), with its domain.
    exp: Option<(String, MacroString)>,
}

impl Outcome {
    fn new(result: SpfResult, reason: impl Into<String>) -> Outcome {
        Outcome { result, reason: reason.into(), exp: None }
    }
}

enum Match {
    Yes,
    No,
    Stop(Outcome),
}

struct Evaluator<'a, R: Resolver + ?Sized> {
    input: &'a SpfInput<'a>,
    resolver: &'a R,
    /// The client address, IPv4-mapped IPv6 read as IPv4.
    ip: IpAddr,
    /// `local@domain` (postmaster when there is no local part); `at` is where the `@` is.
    sender: String,
    at: usize,
    domain: String,
    /// Inside an include, a match's reason is not reported (the include's own is).
    in_include: u32,
    identity: &'static str,
    lookups: u32,
    voids: u32,
    validated_name: Option<String>,
    missing: Missing,
    hints: Vec<Query>,
}

impl<'a, R: Resolver + ?Sized> Evaluator<'a, R> {
    fn new(input: &'a SpfInput<'a>, resolver: &'a R) -> Self {
        let ip = match input.ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(input.ip, IpAddr::V4),
            v4 => v4,
        };
        // The identity checked: MAIL FROM, or postmaster@HELO for the null sender (RFC 7208 §2.4).
        let (identity, given) = if input.sender.is_empty() { ("helo", input.helo) } else { ("mailfrom", input.sender) };
        let (local, domain) = given.rsplit_once('@').unwrap_or(("", given));
        let local = if local.is_empty() { "postmaster" } else { local };
        let domain = domain.strip_suffix('.').unwrap_or(domain);
        let mut sender = String::with_capacity(local.len() + 1 + domain.len());
        sender.push_str(local);
        sender.push('@');
        sender.extend(domain.chars().map(|c| c.to_ascii_lowercase()));
        let domain = sender[local.len() + 1..].to_string();
        let at = sender.len() - domain.len() - 1;
        Evaluator {
            input,
            resolver,
            ip,
            sender,
            at,
            domain,
            in_include: 0,
            identity,
            lookups: 0,
            voids: 0,
            validated_name: None,
            missing: Missing::default(),
            hints: Vec::new(),
        }
    }

    fn run(&mut self, record: Option<&str>) -> Progress<SpfEvaluation> {
        let domain = std::mem::take(&mut self.domain);
        let step = match (record, invalid_identity(&domain)) {
            (Some(text), _) => self.evaluate_text(&domain, text, 0),
            (None, Some(why)) => Ok(Outcome::new(
                SpfResult::None,
                format!("the {} domain `{domain}` cannot be checked: {why}", self.identity),
            )),
            (None, None) => self.check(&domain, 0),
        }
        .and_then(|o| {
            let explanation = match (&o.result, &o.exp) {
                (SpfResult::Fail, Some((d, spec))) => self.explanation(d, spec)?,
                _ => None,
            };
            Ok((o, explanation))
        });
        match step {
            Ok((o, explanation)) => Progress::Done(SpfEvaluation {
                result: o.result,
                domain,
                identity: self.identity,
                explanation,
                reason: o.reason,
                lookups: self.lookups,
                void_lookups: self.voids,
            }),
            Err(Pending) => {
                let mut need = std::mem::take(&mut self.missing);
                let resolver = self.resolver;
                need.extend(
                    std::mem::take(&mut self.hints)
                        .into_iter()
                        .filter(|h| matches!(resolver.lookup(&h.name, h.rtype), Lookup::Pending)),
                );
                Progress::Need(need.into_queries())
            }
        }
    }

    fn lookup(&mut self, name: &str, rtype: RecordType) -> Step<&'a Answer> {
        self.missing.ask(self.resolver, name, rtype).ok_or(Pending)
    }

    fn values<'v>(&'v self, domain: &'v str) -> MacroValues<'v> {
        MacroValues {
            sender: &self.sender,
            local: &self.sender[..self.at],
            sender_domain: &self.sender[self.at + 1..],
            domain,
            ip: self.ip,
            validated_name: self.validated_name.as_deref().unwrap_or("unknown"),
            helo: self.input.helo,
            receiver: self.input.receiver,
            now: self.input.now,
        }
    }

    /// Expand a domain-spec; `%{p}` needs the client's validated name first.
    fn target<'s>(&mut self, spec: &'s MacroString, domain: &str) -> Step<Cow<'s, str>> {
        if let [MacroPart::Literal(name)] = spec.parts.as_slice() {
            if name.len() <= 253 {
                return Ok(Cow::Borrowed(name));
            }
        }
        let uses_p = spec.parts.iter().any(|p| matches!(p, MacroPart::Macro(m) if m.letter == 'p'));
        if uses_p && self.validated_name.is_none() {
            let names = self.validated_names()?;
            let pick = names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(domain))
                .or_else(|| names.iter().find(|n| is_subdomain(n, domain)))
                .or_else(|| names.first());
            self.validated_name = Some(pick.cloned().unwrap_or_else(|| "unknown".to_string()));
        }
        Ok(Cow::Owned(expand(spec, &self.values(domain), true)))
    }

    /// check_host() for one domain: find its record and evaluate it.
    fn check(&mut self, domain: &str, depth: u32) -> Step<Outcome> {
        if let Some(why) = invalid_domain(domain) {
            return Ok(Outcome::new(SpfResult::None, format!("`{domain}` is not a domain SPF can check: {why}")));
        }
        let records = match self.lookup(domain, RecordType::Txt)? {
            Answer::Error(e) => {
                return Ok(Outcome::new(SpfResult::TempError, format!("looking up the SPF record of {domain} failed: {e}")))
            }
            Answer::NxDomain => {
                return Ok(Outcome::new(SpfResult::None, format!("the domain {domain} does not exist")))
            }
            Answer::Records(rs) => rs,
        };
        let mut spf = records.iter().filter_map(|r| match r {
            Rdata::Txt(t) if is_spf_record(t) => Some(t.as_str()),
            _ => None,
        });
        match (spf.next(), spf.count()) {
            (None, _) => Ok(Outcome::new(SpfResult::None, format!("{domain} publishes no SPF record"))),
            (Some(one), 0) => self.evaluate_text(domain, one, depth),
            (Some(_), more) => Ok(Outcome::new(
                SpfResult::PermError,
                format!("{domain} publishes {} SPF records; there must be exactly one", more + 1),
            )),
        }
    }

    fn evaluate_text(&mut self, domain: &str, text: &str, depth: u32) -> Step<Outcome> {
        let (terms, errors) = parse_terms(text, true);
        if let Some(e) = errors.first() {
            return Ok(Outcome::new(
                SpfResult::PermError,
                format!("{} has a syntax error at byte {}: {}", record_name(domain), e.position, e.message),
            ));
        }
        self.evaluate(domain, &SpfRecord { text, terms }, depth)
    }

    fn evaluate(&mut self, domain: &str, record: &SpfRecord<&str>, depth: u32) -> Step<Outcome> {
        let step = self.evaluate_terms(domain, record, depth);
        if step.is_err() {
            // Stopped for DNS: ask for the rest of this record's lookups in the same round.
            self.hint_lookups(domain, record);
        }
        step
    }

    fn evaluate_terms(&mut self, domain: &str, record: &SpfRecord<&str>, depth: u32) -> Step<Outcome> {
        for (term, d) in record.directives() {
            if d.mechanism.queries_dns() {
                self.lookups += 1;
                if self.lookups > MAX_LOOKUPS {
                    return Ok(Outcome::new(
                        SpfResult::PermError,
                        format!(
                            "`{}` in {} would be DNS lookup number {}: SPF allows {MAX_LOOKUPS}",
                            record.term_text(term),
                            record_name(domain),
                            self.lookups
                        ),
                    ));
                }
            }
            match self.matches(&d.mechanism, domain, depth)? {
                Match::No => {}
                Match::Stop(o) => return Ok(o),
                Match::Yes => {
                    let result = result_of(d.qualifier);
                    let exp = record.exp().filter(|_| result == SpfResult::Fail).map(|e| (domain.to_string(), e.clone()));
                    let reason = if self.in_include > 0 {
                        String::new()
                    } else {
                        format!("`{}` in {} matched", record.term_text(term), record_name(domain))
                    };
                    return Ok(Outcome { result, reason, exp });
                }
            }
        }
        if let Some(spec) = record.redirect() {
            self.lookups += 1;
            if self.lookups > MAX_LOOKUPS {
                return Ok(Outcome::new(
                    SpfResult::PermError,
                    format!("the redirect of {domain} would be DNS lookup number {}: SPF allows {MAX_LOOKUPS}", self.lookups),
                ));
            }
            let target = self.target(spec, domain)?;
            let o = self.check(&target, depth + 1)?;
            if o.result == SpfResult::None {
                return Ok(Outcome::new(
                    SpfResult::PermError,
                    format!("{domain} redirects to {target}, which has no SPF record ({})", o.reason),
                ));
            }
            return Ok(o);
        }
        let reason = if self.in_include > 0 {
            String::new()
        } else {
            format!("nothing in {} matched and it has no `all`: the default result is neutral", record_name(domain))
        };
        Ok(Outcome::new(SpfResult::Neutral, reason))
    }

    /// Name the lookups this record's terms will need, so a network front end can fetch them
    /// together with the one the evaluation stopped for.
    fn hint_lookups(&mut self, domain: &str, record: &SpfRecord<&str>) {
        self.hint_record(domain, record, &mut vec![domain.to_ascii_lowercase()]);
    }

    /// Hint `record`'s lookups, and those of the records it includes or redirects to whose text
    /// is already known (so each round reaches one level deeper in the whole tree, not only
    /// along the path the evaluation is on). Each record is visited once, at most 100 in all.
    fn hint_record(&mut self, domain: &str, record: &SpfRecord<&str>, seen: &mut Vec<String>) {
        let family = if self.ip.is_ipv4() { RecordType::A } else { RecordType::Aaaa };
        for t in &record.terms {
            let (spec, rtype) = match &t.kind {
                TermKind::Directive(d) => match &d.mechanism {
                    Mechanism::Include(s) => (Some(s), RecordType::Txt),
                    Mechanism::A(s, _) => (s.as_ref(), family),
                    Mechanism::Mx(s, _) => (s.as_ref(), RecordType::Mx),
                    Mechanism::Exists(s) => (Some(s), RecordType::A),
                    _ => continue,
                },
                TermKind::Modifier(Modifier::Redirect(s)) => (Some(s), RecordType::Txt),
                TermKind::Modifier(_) => continue,
            };
            let name = match spec {
                Some(s) if s.parts.iter().any(|p| matches!(p, MacroPart::Macro(m) if m.letter == 'p')) => continue,
                Some(s) => expand(s, &self.values(domain), true),
                None => domain.to_string(),
            };
            let q = Query::new(&name, rtype);
            if rtype == RecordType::Txt {
                if seen.contains(&q.name) || seen.len() >= 100 {
                    continue;
                }
                seen.push(q.name.clone());
                if let Lookup::Ready(Answer::Records(rs)) = self.resolver.lookup(&q.name, q.rtype) {
                    let mut spf = rs.iter().filter_map(|r| match r {
                        Rdata::Txt(t) if is_spf_record(t) => Some(t.as_str()),
                        _ => None,
                    });
                    if let (Some(text), None) = (spf.next(), spf.next()) {
                        let (terms, errors) = parse_terms(text, true);
                        if errors.is_empty() {
                            self.hint_record(&name, &SpfRecord { text, terms }, seen);
                        }
                    }
                    continue;
                }
            }
            self.hints.push(q);
        }
    }

    fn matches(&mut self, m: &Mechanism, domain: &str, depth: u32) -> Step<Match> {
        Ok(match m {
            Mechanism::All => Match::Yes,
            Mechanism::Ip4(net, len) => match self.ip {
                IpAddr::V4(ip) => yes_if(in_prefix(&ip.octets(), &net.octets(), len.unwrap_or(32))),
                IpAddr::V6(_) => Match::No,
            },
            Mechanism::Ip6(net, len) => match self.ip {
                IpAddr::V6(ip) => yes_if(in_prefix(&ip.octets(), &net.octets(), len.unwrap_or(128))),
                IpAddr::V4(_) => Match::No,
            },
            Mechanism::Include(spec) => {
                let target = self.target(spec, domain)?;
                self.in_include += 1;
                let o = self.check(&target, depth + 1);
                self.in_include -= 1;
                let o = o?;
                match o.result {
                    SpfResult::Pass => Match::Yes,
                    SpfResult::Fail | SpfResult::SoftFail | SpfResult::Neutral => Match::No,
                    SpfResult::TempError => Match::Stop(o),
                    SpfResult::PermError => Match::Stop(Outcome::new(SpfResult::PermError, o.reason)),
                    SpfResult::None => Match::Stop(Outcome::new(
                        SpfResult::PermError,
                        format!("{domain} includes {target}, which has no SPF record ({})", o.reason),
                    )),
                }
            }
            Mechanism::A(spec, cidr) => {
                let target = self.optional_target(spec.as_ref(), domain)?;
                self.address_match(&target, *cidr, true)?
            }
            Mechanism::Mx(spec, cidr) => {
                let target = self.optional_target(spec.as_ref(), domain)?;
                self.mx_match(&target, *cidr)?
            }
            Mechanism::Ptr(spec) => {
                let target = self.optional_target(spec.as_ref(), domain)?;
                let names = self.validated_names()?;
                yes_if(names.iter().any(|n| n.eq_ignore_ascii_case(&target) || is_subdomain(n, &target)))
            }
            Mechanism::Exists(spec) => {
                let target = self.target(spec, domain)?;
                if invalid_domain(&target).is_some() {
                    return Ok(Match::No);
                }
                match self.lookup(&target, RecordType::A)? {
                    Answer::Error(e) => Match::Stop(self.dns_failure(&target, e)),
                    a if a.is_void() => self.void(&target)?,
                    _ => Match::Yes,
                }
            }
        })
    }

    fn optional_target<'s>(&mut self, spec: Option<&'s MacroString>, domain: &'s str) -> Step<Cow<'s, str>> {
        match spec {
            Some(s) => self.target(s, domain),
            None => Ok(Cow::Borrowed(domain)),
        }
    }

    fn dns_failure(&self, name: &str, e: &crate::dns::DnsError) -> Outcome {
        Outcome::new(SpfResult::TempError, format!("the DNS lookup of {name} failed: {e}"))
    }

    /// Count a lookup that found nothing; the third one is a permerror.
    fn void(&mut self, name: &str) -> Step<Match> {
        self.voids += 1;
        Ok(if self.voids > MAX_VOID_LOOKUPS {
            Match::Stop(Outcome::new(
                SpfResult::PermError,
                format!("{name} has no records: that is void lookup number {}, SPF allows {MAX_VOID_LOOKUPS}", self.voids),
            ))
        } else {
            Match::No
        })
    }

    /// `a`: the client's address is among `name`'s addresses (`count_void`: a lookup of the
    /// mechanism itself, not of an MX host).
    fn address_match(&mut self, name: &str, cidr: DualCidr, count_void: bool) -> Step<Match> {
        if invalid_domain(name).is_some() {
            return Ok(Match::No);
        }
        let rtype = if self.ip.is_ipv4() { RecordType::A } else { RecordType::Aaaa };
        let answer = self.lookup(name, rtype)?;
        if let Answer::Error(e) = answer {
            return Ok(Match::Stop(self.dns_failure(name, e)));
        }
        if answer.is_void() && count_void {
            return self.void(name);
        }
        let ip = self.ip;
        Ok(yes_if(answer.records().iter().any(|r| match (r, ip) {
            (Rdata::A(a), IpAddr::V4(c)) => in_prefix(&c.octets(), &a.octets(), cidr.v4.unwrap_or(32)),
            (Rdata::Aaaa(a), IpAddr::V6(c)) => in_prefix(&c.octets(), &a.octets(), cidr.v6.unwrap_or(128)),
            _ => false,
        })))
    }

    fn mx_match(&mut self, name: &str, cidr: DualCidr) -> Step<Match> {
        if invalid_domain(name).is_some() {
            return Ok(Match::No);
        }
        let answer = self.lookup(name, RecordType::Mx)?;
        if let Answer::Error(e) = answer {
            return Ok(Match::Stop(self.dns_failure(name, e)));
        }
        if answer.is_void() {
            return self.void(name);
        }
        let hosts: Vec<&str> = answer
            .records()
            .iter()
            .filter_map(|r| match r {
                Rdata::Mx(_, h) => Some(h.as_str()),
                _ => None,
            })
            .collect();
        if hosts.len() > MAX_NAMES {
            return Ok(Match::Stop(Outcome::new(
                SpfResult::PermError,
                format!("{name} has {} MX hosts: SPF's `mx` may look at {MAX_NAMES}", hosts.len()),
            )));
        }
        for host in hosts {
            match self.address_match(host, cidr, false)? {
                Match::No => {}
                found => return Ok(found),
            }
        }
        Ok(Match::No)
    }

    /// The client's reverse names whose forward lookup gives the client's address back
    /// (RFC 7208 §5.5; at most 10 names are looked at, DNS errors skip a name).
    fn validated_names(&mut self) -> Step<Vec<String>> {
        let rev = crate::dns::reverse_name(self.ip);
        let names: Vec<String> = match self.lookup(&rev, RecordType::Ptr)? {
            Answer::Records(rs) => rs
                .iter()
                .filter_map(|r| match r {
                    Rdata::Ptr(n) => Some(crate::dns::normalize_name(n)),
                    _ => None,
                })
                .take(MAX_NAMES)
                .collect(),
            _ => return Ok(Vec::new()),
        };
        let mut valid = Vec::new();
        for n in names {
            if invalid_domain(&n).is_some() {
                continue;
            }
            if let Match::Yes = self.address_match(&n, DualCidr::default(), false)? {
                valid.push(n);
            }
        }
        Ok(valid)
    }

    /// The `exp=` text for a fail (RFC 7208 §6.2): any problem means no explanation.
    fn explanation(&mut self, domain: &str, spec: &MacroString) -> Step<Option<String>> {
        let target = self.target(spec, domain)?;
        if invalid_domain(&target).is_some() {
            return Ok(None);
        }
        let Answer::Records(rs) = self.lookup(&target, RecordType::Txt)? else { return Ok(None) };
        let [Rdata::Txt(text)] = rs.as_slice() else { return Ok(None) };
        let Ok(spec) = macro_string_all(text, 0, true) else { return Ok(None) };
        Ok(Some(self.target(&spec, domain)?.into_owned()))
    }
}

/// "the record of example.com", or "the pasted record" when it is checked without a domain.
fn record_name(domain: &str) -> String {
    if domain.is_empty() {
        "the pasted record".to_string()
    } else {
        format!("the record of {domain}")
    }
}

fn yes_if(b: bool) -> Match {
    if b {
        Match::Yes
    } else {
        Match::No
    }
}

/// Clear the bits of an address past the first `len`: the network it belongs to.
pub(crate) fn clear_host_bits(octets: &mut [u8], len: u8) {
    for (i, b) in octets.iter_mut().enumerate() {
        let keep = u32::from(len).saturating_sub(8 * i as u32).min(8);
        *b &= if keep == 0 { 0 } else { 0xffu8 << (8 - keep) };
    }
}

/// Whether the first `len` bits of `a` and `b` agree.
pub(crate) fn in_prefix(a: &[u8], b: &[u8], len: u8) -> bool {
    let full = usize::from(len / 8);
    let rest = len % 8;
    if a.get(..full) != b.get(..full) {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    match (a.get(full), b.get(full)) {
        (Some(x), Some(y)) => x & mask == y & mask,
        _ => false,
    }
}

fn is_subdomain(name: &str, parent: &str) -> bool {
    let (n, p) = (name.trim_end_matches('.'), parent.trim_end_matches('.'));
    n.len() > p.len() + 1
        && n.as_bytes()[n.len() - p.len() - 1] == b'.'
        && n[n.len() - p.len()..].eq_ignore_ascii_case(p)
}

/// Why the sender's or HELO domain cannot be checked (RFC 7208 §4.3): `invalid_domain`, plus
/// characters no host name has (a domain literal such as `[192.0.2.1]`).
fn invalid_identity(d: &str) -> Option<&'static str> {
    invalid_domain(d).or_else(|| {
        (!d.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
            .then_some("it contains characters a host name cannot have")
    })
}

/// Why a name cannot be looked up, or `None`. Targets of mechanisms may hold any visible
/// character (`a:foo:bar/baz.example.com` is valid), so only the DNS limits are checked.
pub(crate) fn invalid_domain(d: &str) -> Option<&'static str> {
    let d = d.strip_suffix('.').unwrap_or(d);
    if d.is_empty() {
        return Some("it is empty");
    }
    if d.len() > 253 {
        return Some("it is longer than 253 characters");
    }
    let (mut labels, mut len, mut digits_only) = (1, 0, true);
    for b in d.bytes() {
        if b == b'.' {
            if len == 0 {
                return Some("it has an empty label (two dots in a row)");
            }
            (labels, len, digits_only) = (labels + 1, 0, true);
        } else {
            len += 1;
            digits_only &= b.is_ascii_digit();
            if len > 63 {
                return Some("a label is longer than 63 characters");
            }
        }
    }
    if len == 0 {
        return Some("it has an empty label (two dots in a row)");
    }
    if labels < 2 {
        return Some("it is a single label, not a full domain name");
    }
    if digits_only {
        return Some("it ends in a number (an address, not a domain)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert!(in_prefix(&[192, 0, 2, 77], &[192, 0, 2, 0], 24));
        assert!(!in_prefix(&[192, 0, 3, 77], &[192, 0, 2, 0], 24));
        assert!(in_prefix(&[192, 0, 3, 77], &[192, 0, 2, 0], 23));
        assert!(in_prefix(&[1, 2, 3, 4], &[9, 9, 9, 9], 0));
        assert!(!in_prefix(&[192, 0, 2, 1], &[192, 0, 2, 0], 32));
    }

    #[test]
    fn subdomains_and_domains() {
        assert!(is_subdomain("mx.Example.com", "example.com"));
        assert!(!is_subdomain("badexample.com", "example.com"));
        assert!(!is_subdomain("example.com", "example.com"));
        assert!(invalid_domain("example.com").is_none());
        assert!(invalid_domain("com").is_some());
        assert!(invalid_identity("[1.2.3.4]").is_some());
        assert!(invalid_domain("foo:bar/baz.example.com").is_none());
        assert!(invalid_domain("1.2.3.4").is_some());
        assert!(invalid_domain("a..example.com").is_some());
    }
}

#[cfg(test)]
mod rounds {
    use super::*;
    use crate::dns::{Answers, ZoneBuilder};

    /// Through a cache that starts empty, the evaluation asks for whole records' lookups per
    /// round and ends with the same result as with all the data at hand.
    #[test]
    fn a_cache_fills_in_few_rounds() {
        let mut z = ZoneBuilder::new();
        z.add("example.com", Rdata::Txt("v=spf1 include:a.example.net include:b.example.net include:c.example.net -all".into()));
        z.add("a.example.net", Rdata::Txt("v=spf1 ip4:198.51.100.0/24 -all".into()));
        z.add("b.example.net", Rdata::Txt("v=spf1 a:host.example.net -all".into()));
        z.add("c.example.net", Rdata::Txt("v=spf1 ip4:192.0.2.0/24 -all".into()));
        z.add("host.example.net", Rdata::A("203.0.113.5".parse().unwrap()));
        let zone = z.build();
        let input = SpfInput { ip: "192.0.2.9".parse().unwrap(), sender: "x@example.com", helo: "h.example.com", receiver: "r", now: 0 };
        let mut cache = Answers::new();
        let mut rounds = 0;
        let ev = loop {
            rounds += 1;
            match check_mail_from(&input, &cache) {
                Progress::Done(ev) => break ev,
                Progress::Need(qs) => {
                    for q in qs {
                        let Lookup::Ready(a) = zone.lookup(&q.name, q.rtype) else { panic!() };
                        cache.insert(q, a.clone());
                    }
                }
            }
        };
        let Progress::Done(direct) = check_mail_from(&input, &zone) else { panic!() };
        assert_eq!(ev, direct);
        assert_eq!(ev.result, SpfResult::Pass);
        assert_eq!(rounds, 4, "root, then its three includes together, then host.example.net, then done");
    }
}
