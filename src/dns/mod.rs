//! DNS as the core sees it: questions, answers, and the [`Resolver`] abstraction.
//!
//! The core never performs a lookup. An analysis asks a [`Resolver`] for answers; a resolver
//! that does not have one yet says [`Lookup::Pending`], the analysis stops and returns the
//! questions it needs, the front end fetches them (DNS-over-HTTPS in the page or the CLI) into an
//! [`Answers`] cache and runs the analysis again. Analyses are pure, so a re-run is exact; the
//! number of rounds is the depth of the lookup chain, and each round asks for everything the
//! analysis can already name (a whole level of an SPF include tree at once).
//!
//! [`Zone`] is in-memory DNS data (tests, benchmarks): it answers everything at once.

pub mod wire;

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Public DNS-over-HTTPS resolvers offered by name, with their RFC 8484 endpoints.
pub const RESOLVER_PRESETS: &[(&str, &str)] = &[
    ("cloudflare", "https://cloudflare-dns.com/dns-query"),
    ("google", "https://dns.google/dns-query"),
    ("quad9", "https://dns.quad9.net/dns-query"),
];

/// The record types the analyses ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordType {
    /// IPv4 addresses.
    A,
    /// IPv6 addresses.
    Aaaa,
    /// Mail exchangers.
    Mx,
    /// Text records (SPF, DMARC, DKIM keys).
    Txt,
    /// Reverse names of an address (`*.in-addr.arpa` / `*.ip6.arpa`).
    Ptr,
    /// The name an alias points to (asked only to tell aliases apart; other lookups follow them).
    Cname,
}

/// The record types, in [`RecordType::index`] order.
const TYPES: [RecordType; 6] =
    [RecordType::A, RecordType::Aaaa, RecordType::Mx, RecordType::Txt, RecordType::Ptr, RecordType::Cname];

impl RecordType {
    /// Position in per-name answer tables.
    fn index(self) -> usize {
        self as usize
    }

    /// The type's mnemonic as DNS tools write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Mx => "MX",
            RecordType::Txt => "TXT",
            RecordType::Ptr => "PTR",
            RecordType::Cname => "CNAME",
        }
    }
}

/// One DNS question: a name (lower case, no trailing dot) and a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Query {
    /// The name asked about, normalised by [`normalize_name`].
    pub name: String,
    /// The type asked for.
    pub rtype: RecordType,
}

impl Query {
    /// A question for `name` (normalised) and `rtype`.
    pub fn new(name: &str, rtype: RecordType) -> Query {
        Query { name: normalize_name(name), rtype }
    }
}

/// One resource record of an answer, already decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rdata {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    Aaaa(Ipv6Addr),
    /// A mail exchanger: preference and host name.
    Mx(u16, String),
    /// A text record's character-strings, concatenated (RFC 7208 §3.3).
    Txt(String),
    /// A host name for a reverse lookup.
    Ptr(String),
    /// The target of an alias.
    Cname(String),
}

/// Why a lookup produced no usable answer (the SPF result for these is `temperror`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsError {
    /// No answer in time.
    Timeout,
    /// The server failed (SERVFAIL, REFUSED, a broken response).
    ServerFailure(String),
    /// Live DNS is switched off, so the question was never asked.
    Offline,
}

impl DnsError {
    /// In words, for findings and explanations.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl std::fmt::Display for DnsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DnsError::Timeout => f.write_str("the lookup timed out"),
            DnsError::ServerFailure(why) => write!(f, "the DNS server failed ({why})"),
            DnsError::Offline => f.write_str("live DNS lookups are off"),
        }
    }
}

/// The answer to one [`Query`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The records of the asked type (empty: the name exists but has none, "NODATA").
    Records(Vec<Rdata>),
    /// The name does not exist (NXDOMAIN).
    NxDomain,
    /// The lookup failed.
    Error(DnsError),
}

impl Answer {
    /// The records, or none for NXDOMAIN and errors.
    pub fn records(&self) -> &[Rdata] {
        match self {
            Answer::Records(r) => r,
            _ => &[],
        }
    }

    /// RFC 7208 §4.6.4: a "void" answer is NXDOMAIN or an empty one.
    pub fn is_void(&self) -> bool {
        match self {
            Answer::Records(r) => r.is_empty(),
            Answer::NxDomain => true,
            Answer::Error(_) => false,
        }
    }
}

/// What a resolver says when asked.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    /// The answer is known.
    Ready(&'a Answer),
    /// Not known yet: the front end has to fetch it.
    Pending,
}

/// Where analyses get DNS answers from. Implementations never block and never do I/O.
pub trait Resolver {
    /// The answer for `name` (already normalised: see [`normalized`]) and `rtype`, or
    /// [`Lookup::Pending`] when it has to be fetched first.
    fn lookup(&self, name: &str, rtype: RecordType) -> Lookup<'_>;

    /// Whether the resolver validated that answer with DNSSEC (the AD bit).
    fn authenticated(&self, _name: &str, _rtype: RecordType) -> bool {
        false
    }
}

/// Where an analysis that needs DNS stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress<T> {
    /// Finished.
    Done(T),
    /// These questions must be answered first (fetch them all, then run the analysis again).
    Need(Vec<Query>),
}

/// The questions an analysis has had no answer for yet. Analyses ask through it and end with
/// [`Missing::finish`]: done when nothing was missing, else every question at once.
#[derive(Debug, Clone, Default)]
pub struct Missing(Vec<Query>);

impl Missing {
    /// The answer to `name`/`rtype`, or `None` (remembered) when `resolver` does not have it yet.
    pub fn ask<'r, R: Resolver + ?Sized>(&mut self, resolver: &'r R, name: &str, rtype: RecordType) -> Option<&'r Answer> {
        let name = normalized(name);
        match resolver.lookup(&name, rtype) {
            Lookup::Ready(a) => Some(a),
            Lookup::Pending => {
                self.0.push(Query { name: name.into_owned(), rtype });
                None
            }
        }
    }

    /// Whether nothing is missing so far.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Remember questions asked elsewhere (another analysis, hints).
    pub fn extend(&mut self, queries: impl IntoIterator<Item = Query>) {
        self.0.extend(queries);
    }

    /// `Done(result)` when nothing is missing, else `Need` with each question once.
    pub fn finish<T>(self, result: T) -> Progress<T> {
        if self.0.is_empty() {
            Progress::Done(result)
        } else {
            Progress::Need(self.into_queries())
        }
    }

    /// Each missing question once.
    pub fn into_queries(mut self) -> Vec<Query> {
        self.0.sort();
        self.0.dedup();
        self.0
    }
}

/// A cache of fetched answers: unknown questions are [`Lookup::Pending`].
#[derive(Debug, Clone, Default)]
pub struct Answers {
    known: HashMap<String, [Option<Answer>; 6]>,
    authenticated: Vec<Query>,
}

impl Answers {
    /// An empty cache.
    pub fn new() -> Answers {
        Answers::default()
    }

    /// Remember the answer to `query`.
    pub fn insert(&mut self, query: Query, answer: Answer) {
        self.known.entry(query.name).or_default()[query.rtype.index()] = Some(answer);
    }

    /// Remember an answer the resolver validated with DNSSEC.
    pub fn insert_authenticated(&mut self, query: Query, answer: Answer) {
        self.authenticated.push(query.clone());
        self.insert(query, answer);
    }

    /// Whether `query` has an answer.
    pub fn contains(&self, query: &Query) -> bool {
        matches!(self.lookup(&query.name, query.rtype), Lookup::Ready(_))
    }

    /// How many answers are known.
    pub fn len(&self) -> usize {
        self.known.values().flatten().filter(|a| a.is_some()).count()
    }

    /// Whether nothing is known yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Resolver for Answers {
    fn lookup(&self, name: &str, rtype: RecordType) -> Lookup<'_> {
        match self.known.get(name).and_then(|a| a[rtype.index()].as_ref()) {
            Some(a) => Lookup::Ready(a),
            None => Lookup::Pending,
        }
    }

    fn authenticated(&self, name: &str, rtype: RecordType) -> bool {
        self.authenticated.iter().any(|q| q.name == name && q.rtype == rtype)
    }
}

/// Join a TXT record given as quoted character-strings (`"v=spf1 ..." "... -all"`) the way DNS
/// does (no separator), so a record can be pasted as a zone file or `dig` shows it. Text that is
/// not quoted is returned trimmed. Also returns each character-string's length in bytes.
pub fn join_quoted(text: &str) -> (String, Vec<usize>) {
    let t = text.trim();
    if !t.starts_with('"') {
        return (t.to_string(), vec![t.len()]);
    }
    let mut joined = String::with_capacity(t.len());
    let mut lengths = Vec::new();
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue; // whitespace (or stray text) between the strings
        }
        let mut len = 0;
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(n) = chars.next() {
                        joined.push(n);
                        len += n.len_utf8();
                    }
                }
                _ => {
                    joined.push(c);
                    len += c.len_utf8();
                }
            }
        }
        lengths.push(len);
    }
    (joined, lengths)
}

/// The TXT records in pasted text, one per non-empty line: plain, as quoted character-strings
/// (joined as DNS does) or as a zone-file / `dig` line (`name TTL IN TXT "..."`). Each with its
/// character-strings' lengths.
pub fn pasted_txt_records(pasted: &str) -> Vec<(String, Vec<usize>)> {
    pasted
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let from_quote = match line.find('"') {
                Some(q) if q > 0 && line[..q].to_ascii_uppercase().contains("TXT") => &line[q..],
                _ => line,
            };
            join_quoted(from_quote)
        })
        .collect()
}

/// Answers every question with [`DnsError::Offline`]: analysis without live DNS.
#[derive(Debug, Clone, Copy, Default)]
pub struct Offline;

static OFFLINE: Answer = Answer::Error(DnsError::Offline);

impl Resolver for Offline {
    fn lookup(&self, _name: &str, _rtype: RecordType) -> Lookup<'_> {
        Lookup::Ready(&OFFLINE)
    }
}

/// In-memory DNS data, built by [`ZoneBuilder`]: every answer is computed once, so a lookup is
/// a map read. Names the zone does not have do not exist.
#[derive(Debug, Clone, Default)]
pub struct Zone {
    answers: HashMap<String, [Answer; 6]>,
}

/// Collects names with their records, CNAME aliases and names that time out, then builds a [`Zone`].
#[derive(Debug, Clone, Default)]
pub struct ZoneBuilder {
    records: HashMap<String, Vec<Rdata>>,
    cnames: HashMap<String, String>,
    timeouts: Vec<String>,
}

/// At most this many CNAMEs are followed for one question (a loop ends as a server failure).
const MAX_CNAME_CHAIN: usize = 8;

static NXDOMAIN: Answer = Answer::NxDomain;

impl ZoneBuilder {
    /// An empty zone.
    pub fn new() -> ZoneBuilder {
        ZoneBuilder::default()
    }

    /// Add a record for `name`.
    pub fn add(&mut self, name: &str, rdata: Rdata) {
        self.records.entry(normalize_name(name)).or_default().push(rdata);
    }

    /// Make `name` exist, with no records of its own yet.
    pub fn add_name(&mut self, name: &str) {
        self.records.entry(normalize_name(name)).or_default();
    }

    /// Make `name` an alias of `target`.
    pub fn add_cname(&mut self, name: &str, target: &str) {
        self.cnames.insert(normalize_name(name), normalize_name(target));
    }

    /// Make questions about `name` time out (except for the types it has records of).
    pub fn add_timeout(&mut self, name: &str) {
        self.timeouts.push(normalize_name(name));
    }

    /// Compute every answer the zone can give.
    pub fn build(&self) -> Zone {
        let mut answers = HashMap::new();
        for name in self.records.keys().chain(self.cnames.keys()).chain(self.timeouts.iter()) {
            let per_type = std::array::from_fn(|i| self.answer(&Query { name: name.clone(), rtype: TYPES[i] }));
            answers.insert(name.clone(), per_type);
        }
        Zone { answers }
    }

    fn answer(&self, query: &Query) -> Answer {
        let mut name = query.name.as_str();
        if query.rtype == RecordType::Cname {
            return match self.cnames.get(name) {
                Some(target) => Answer::Records(vec![Rdata::Cname(target.clone())]),
                None if self.records.contains_key(name) => Answer::Records(Vec::new()),
                None => Answer::NxDomain,
            };
        }
        for _ in 0..=MAX_CNAME_CHAIN {
            if let Some(target) = self.cnames.get(name) {
                name = target;
                continue;
            }
            let records = self.records.get(name);
            let of_type: Vec<Rdata> =
                records.into_iter().flatten().filter(|r| r.record_type() == query.rtype).cloned().collect();
            if !of_type.is_empty() {
                return Answer::Records(of_type);
            }
            // A name that times out still gives the records it has.
            if self.timeouts.iter().any(|t| t == name) {
                return Answer::Error(DnsError::Timeout);
            }
            return if records.is_some() { Answer::Records(of_type) } else { Answer::NxDomain };
        }
        Answer::Error(DnsError::ServerFailure("CNAME chain too long or looping".to_string()))
    }
}

impl Rdata {
    /// The record's type.
    pub fn record_type(&self) -> RecordType {
        match self {
            Rdata::A(_) => RecordType::A,
            Rdata::Aaaa(_) => RecordType::Aaaa,
            Rdata::Mx(..) => RecordType::Mx,
            Rdata::Txt(_) => RecordType::Txt,
            Rdata::Ptr(_) => RecordType::Ptr,
            Rdata::Cname(_) => RecordType::Cname,
        }
    }
}

impl Resolver for Zone {
    fn lookup(&self, name: &str, rtype: RecordType) -> Lookup<'_> {
        Lookup::Ready(self.answers.get(name).map_or(&NXDOMAIN, |a| &a[rtype.index()]))
    }
}

/// A domain name as DNS compares it: ASCII lower case, no trailing dot.
pub fn normalize_name(name: &str) -> String {
    normalized(name).into_owned()
}

/// [`normalize_name`] without a copy when the name is already normal.
pub fn normalized(name: &str) -> std::borrow::Cow<'_, str> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

/// The reverse-lookup name of an address (`4.3.2.1.in-addr.arpa`, nibbles under `ip6.arpa`).
pub fn reverse_name(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            format!("{d}.{c}.{b}.{a}.in-addr.arpa")
        }
        std::net::IpAddr::V6(v6) => {
            let mut s = String::with_capacity(72);
            for byte in v6.octets().iter().rev() {
                for nibble in [byte & 0xf, byte >> 4] {
                    s.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
                    s.push('.');
                }
            }
            s.push_str("ip6.arpa");
            s
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_page_network_policy_names_every_preset() {
        // www/policy.js lets the page connect to the presets (each is another's fallback).
        let policy = include_str!("../../www/policy.js");
        for (_, url) in RESOLVER_PRESETS {
            let origin = url.trim_end_matches("/dns-query");
            assert!(policy.contains(&format!("\"{origin}\"")), "{origin} missing from www/policy.js");
        }
    }

    use super::*;

    #[test]
    fn zone_follows_cnames_and_reports_missing_names() {
        let mut z = ZoneBuilder::new();
        z.add("Mail.Example.com.", Rdata::A(Ipv4Addr::new(192, 0, 2, 1)));
        z.add_cname("www.example.com", "mail.example.com");
        z.add_cname("loop1.example.com", "loop2.example.com");
        z.add_cname("loop2.example.com", "loop1.example.com");
        z.add_timeout("slow.example.com");
        let z = z.build();
        let get = |n: &str, t| match z.lookup(&normalize_name(n), t) {
            Lookup::Ready(a) => a.clone(),
            Lookup::Pending => panic!("a finished zone never says pending"),
        };
        assert_eq!(get("www.example.com", RecordType::A), Answer::Records(vec![Rdata::A(Ipv4Addr::new(192, 0, 2, 1))]));
        assert_eq!(get("www.example.com", RecordType::Txt), Answer::Records(vec![]));
        assert_eq!(get("nope.example.com", RecordType::A), Answer::NxDomain);
        assert_eq!(get("slow.example.com", RecordType::Mx), Answer::Error(DnsError::Timeout));
        assert!(matches!(get("loop1.example.com", RecordType::A), Answer::Error(DnsError::ServerFailure(_))));
    }

    #[test]
    fn answers_cache_is_pending_until_filled() {
        let mut c = Answers::new();
        let q = Query::new("example.com", RecordType::Txt);
        assert!(matches!(c.lookup(&q.name, q.rtype), Lookup::Pending));
        c.insert(q.clone(), Answer::NxDomain);
        assert!(matches!(c.lookup(&q.name, q.rtype), Lookup::Ready(Answer::NxDomain)));
        assert!(matches!(c.lookup(&q.name, RecordType::A), Lookup::Pending));
    }

    #[test]
    fn reverse_names() {
        assert_eq!(reverse_name("192.0.2.3".parse().unwrap()), "3.2.0.192.in-addr.arpa");
        let v6 = reverse_name("2001:db8::1".parse().unwrap());
        assert!(v6.starts_with("1.0.0.0.") && v6.ends_with(".8.b.d.0.1.0.0.2.ip6.arpa"), "{v6}");
    }
}
