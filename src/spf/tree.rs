//! The include/redirect tree: every record a domain's SPF policy pulls in, each term with the
//! lookups it costs and the running total in evaluation order, resolved past the 10-lookup
//! limit so people see where it is crossed; and the address ranges the policy authorizes.
//!
//! Sans-IO like the evaluator, but it does not stop at the first unknown answer: it walks all it
//! can and asks for every missing answer at once, so each round fetches a whole tree level.

use super::eval::{MAX_LOOKUPS, MAX_NAMES};
use super::parse::{is_spf_record, parse_record};
use super::record::*;
use crate::dns::{Answer, Missing, Progress, RecordType, Rdata, Resolver};
use crate::report::{SpfNode, SpfTreeTerm};

/// Records followed at most (a bigger tree is cut with a note).
const MAX_NODES: usize = 100;

/// The tree and what was counted walking it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpfTree {
    /// The root record and everything under it.
    pub root: SpfNode,
    /// DNS-querying terms in the whole tree.
    pub lookups: u32,
    /// Lookups that found nothing.
    pub void_lookups: u32,
    /// Ranges authorized (`+` terms reached through `+include`/redirect).
    pub authorized: Vec<String>,
    /// Parts that could not be resolved and why.
    pub unresolved: Vec<String>,
    /// MX names with more than 10 hosts (receivers return permerror for them).
    pub mx_over_limit: Vec<String>,
    /// Domains that publish more than one SPF record, or an old Sender ID record.
    pub record_problems: Vec<String>,
}

/// Walk the tree from `domain`'s record (looked up), or from `record` when it is given.
pub fn spf_tree<R: Resolver + ?Sized>(domain: &str, record: Option<&SpfRecord>, resolver: &R) -> Progress<SpfTree> {
    let mut w = Walker { resolver, tree: SpfTree::default(), missing: Missing::default(), nodes: 0 };
    let mut path = vec![domain.to_ascii_lowercase()];
    w.tree.root = w.node(domain, record, &mut path, true);
    w.tree.authorized.dedup();
    w.tree.unresolved.dedup();
    w.missing.finish(w.tree)
}

struct Walker<'a, R: Resolver + ?Sized> {
    resolver: &'a R,
    tree: SpfTree,
    missing: Missing,
    nodes: usize,
}

impl<'a, R: Resolver + ?Sized> Walker<'a, R> {
    fn lookup(&mut self, name: &str, rtype: RecordType) -> Option<&'a Answer> {
        self.missing.ask(self.resolver, name, rtype)
    }

    /// The SPF record text of `domain`, or why there is none.
    fn find_record(&mut self, domain: &str) -> Result<String, String> {
        let Some(answer) = self.lookup(domain, RecordType::Txt) else {
            return Err("waiting for DNS".into());
        };
        let txts: Vec<&str> = match answer {
            Answer::Error(e) => return Err(format!("lookup failed: {e}")),
            Answer::NxDomain => return Err(format!("{domain} does not exist")),
            Answer::Records(rs) => rs
                .iter()
                .filter_map(|r| match r {
                    Rdata::Txt(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect(),
        };
        if txts.iter().any(|t| t.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("spf2.0"))) {
            self.tree.record_problems.push(format!(
                "{domain} also publishes a Sender ID record (spf2.0/...): obsolete, receivers ignore it; remove it"
            ));
        }
        let spf: Vec<&str> = txts.into_iter().filter(|t| is_spf_record(t)).collect();
        match spf.as_slice() {
            [] => Err(format!("{domain} publishes no SPF record")),
            [one] => Ok((*one).to_string()),
            many => {
                self.tree.record_problems.push(format!(
                    "{domain} publishes {} SPF records: receivers return permerror; merge them into one",
                    many.len()
                ));
                Err(format!("{domain} publishes {} SPF records (there must be one)", many.len()))
            }
        }
    }

    fn node(&mut self, domain: &str, given: Option<&SpfRecord>, path: &mut Vec<String>, authorizes: bool) -> SpfNode {
        self.nodes += 1;
        if let Some(record) = given {
            return self.record_node(domain, record, None, path, authorizes);
        }
        match self.find_record(domain) {
            Ok(text) => {
                let parsed = parse_record(&text);
                let problem = parsed.errors.first().map(|e| format!("syntax error at byte {}: {}", e.position, e.message));
                self.record_node(domain, &parsed.record, problem, path, authorizes)
            }
            Err(why) => {
                if why != "waiting for DNS" {
                    self.tree.unresolved.push(format!("{domain}: {why}"));
                }
                SpfNode { domain: domain.to_string(), problem: Some(why), ..SpfNode::default() }
            }
        }
    }

    fn record_node(
        &mut self,
        domain: &str,
        record: &SpfRecord,
        problem: Option<String>,
        path: &mut Vec<String>,
        authorizes: bool,
    ) -> SpfNode {
        let mut node = SpfNode { domain: domain.to_string(), problem, ..SpfNode::default() };
        let has_all = record.directives().any(|(_, d)| d.mechanism == Mechanism::All);
        for term in &record.terms {
            let text = record.term_text(term).to_string();
            let mut t = SpfTreeTerm {
                term: text,
                lookups: 0,
                total: 0,
                over_limit: false,
                void: false,
                addresses: Vec::new(),
                note: None,
                child: None,
            };
            match &term.kind {
                TermKind::Directive(d) => {
                    if d.mechanism.queries_dns() {
                        self.count(&mut t);
                    } else {
                        t.total = self.tree.lookups;
                    }
                    let passes = authorizes && d.qualifier == Qualifier::Pass;
                    self.directive(&d.mechanism, domain, passes, path, &mut t);
                }
                TermKind::Modifier(Modifier::Redirect(spec)) => {
                    if has_all {
                        t.total = self.tree.lookups;
                        t.note = Some("ignored: the record has an `all`, so receivers never get here".into());
                    } else {
                        self.count(&mut t);
                        self.follow(spec, authorizes, path, &mut t);
                    }
                }
                TermKind::Modifier(_) => t.total = self.tree.lookups,
            }
            node.terms.push(t);
        }
        node.record = Some(record.text.clone());
        node
    }

    fn count(&mut self, t: &mut SpfTreeTerm) {
        self.tree.lookups += 1;
        t.lookups = 1;
        t.total = self.tree.lookups;
        t.over_limit = self.tree.lookups > MAX_LOOKUPS;
    }

    fn void(&mut self, t: &mut SpfTreeTerm) {
        self.tree.void_lookups += 1;
        t.void = true;
    }

    /// A literal target, or a note saying it depends on the message.
    fn literal(&mut self, spec: &MacroString, t: &mut SpfTreeTerm) -> Option<String> {
        let lit = spec.as_literal();
        if lit.is_none() {
            t.note = Some("uses macros: the name depends on each message, so it is not followed here".into());
            self.tree.unresolved.push(format!("`{}` depends on the message (macros)", t.term));
        }
        lit.map(|l| match crate::dns::normalized(&l) {
            std::borrow::Cow::Borrowed(_) => l,
            std::borrow::Cow::Owned(lower) => lower,
        })
    }

    fn follow(&mut self, spec: &MacroString, authorizes: bool, path: &mut Vec<String>, t: &mut SpfTreeTerm) {
        let Some(target) = self.literal(spec, t) else { return };
        if path.contains(&target) {
            t.note = Some(format!("loop: {target} is already being evaluated above; receivers return permerror"));
            self.tree.record_problems.push(format!("include/redirect loop through {target}"));
            return;
        }
        if self.nodes >= MAX_NODES || path.len() > 2 * MAX_LOOKUPS as usize {
            t.note = Some("not followed: the tree is too large to show".into());
            return;
        }
        path.push(target.clone());
        let child = self.node(&target, None, path, authorizes);
        path.pop();
        if child.record.is_none() && child.problem.as_deref().is_some_and(|p| p.contains("does not exist")) {
            self.void(t);
        }
        t.child = Some(Box::new(child));
    }

    fn directive(&mut self, m: &Mechanism, domain: &str, passes: bool, path: &mut Vec<String>, t: &mut SpfTreeTerm) {
        match m {
            Mechanism::All | Mechanism::Ptr(_) | Mechanism::Exists(_) => {}
            Mechanism::Ip4(ip, len) => t.addresses.push(network((*ip).into(), len.unwrap_or(32))),
            Mechanism::Ip6(ip, len) => t.addresses.push(network((*ip).into(), len.unwrap_or(128))),
            Mechanism::Include(spec) => self.follow(spec, passes, path, t),
            Mechanism::A(spec, cidr) => {
                let Some(name) = self.target(spec.as_ref(), domain, t) else { return };
                let found = self.addresses_of(&name, *cidr, t);
                if found == Some(0) {
                    self.void(t);
                }
            }
            Mechanism::Mx(spec, cidr) => {
                let Some(name) = self.target(spec.as_ref(), domain, t) else { return };
                let Some(answer) = self.lookup(&name, RecordType::Mx) else { return };
                let hosts: Vec<String> = answer
                    .records()
                    .iter()
                    .filter_map(|r| match r {
                        Rdata::Mx(_, h) if h != "." && !h.is_empty() => Some(h.clone()),
                        _ => None,
                    })
                    .collect();
                if let Answer::Error(e) = answer {
                    t.note = Some(format!("MX lookup failed: {e}"));
                    return;
                }
                if answer.is_void() {
                    self.void(t);
                    return;
                }
                if hosts.len() > MAX_NAMES {
                    t.note = Some(format!("{name} has {} MX hosts: receivers look at 10 at most and return permerror", hosts.len()));
                    self.tree.mx_over_limit.push(name.clone());
                }
                for h in hosts.iter().take(2 * MAX_NAMES) {
                    self.addresses_of(h, *cidr, t);
                }
            }
        }
        if passes {
            self.tree.authorized.extend(t.addresses.iter().cloned());
        }
    }

    fn target(&mut self, spec: Option<&MacroString>, domain: &str, t: &mut SpfTreeTerm) -> Option<String> {
        match spec {
            Some(s) => self.literal(s, t),
            None if domain.is_empty() => {
                t.note = Some("refers to the domain the record is published at, which is not known here".into());
                None
            }
            None => Some(domain.to_string()),
        }
    }

    /// Add `name`'s A and AAAA addresses (with the term's prefix lengths) to the term; how many
    /// were found, or `None` while waiting for DNS or after an error.
    fn addresses_of(&mut self, name: &str, cidr: DualCidr, t: &mut SpfTreeTerm) -> Option<usize> {
        let a = self.lookup(name, RecordType::A);
        let aaaa = self.lookup(name, RecordType::Aaaa);
        let (a, aaaa) = (a?, aaaa?);
        for answer in [a, aaaa] {
            if let Answer::Error(e) = answer {
                t.note = Some(format!("lookup of {name} failed: {e}"));
                return None;
            }
        }
        let before = t.addresses.len();
        for r in a.records().iter().chain(aaaa.records()) {
            match r {
                Rdata::A(ip) => t.addresses.push(network((*ip).into(), cidr.v4.unwrap_or(32))),
                Rdata::Aaaa(ip) => t.addresses.push(network((*ip).into(), cidr.v6.unwrap_or(128))),
                _ => {}
            }
        }
        Some(t.addresses.len() - before)
    }
}

/// `ip/len` with the bits past the prefix cleared: the network the term really covers.
fn network(ip: std::net::IpAddr, len: u8) -> String {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let mut o = v4.octets();
            super::eval::clear_host_bits(&mut o, len);
            format!("{}/{len}", std::net::Ipv4Addr::from(o))
        }
        IpAddr::V6(v6) => {
            let mut o = v6.octets();
            super::eval::clear_host_bits(&mut o, len);
            format!("{}/{len}", std::net::Ipv6Addr::from(o))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{Answers, Lookup, ZoneBuilder};

    fn zone() -> crate::dns::Zone {
        let mut z = ZoneBuilder::new();
        z.add("example.com", Rdata::Txt("v=spf1 include:a.example.net include:b.example.net mx -all".into()));
        z.add("example.com", Rdata::Mx(10, "mx.example.com".into()));
        z.add("mx.example.com", Rdata::A("192.0.2.25".parse().unwrap()));
        z.add("a.example.net", Rdata::Txt("v=spf1 ip4:198.51.100.0/24 include:example.com ~all".into()));
        z.add("b.example.net", Rdata::Txt("v=spf1 a:none.example.net ?ip4:203.0.113.9 -all".into()));
        z.build()
    }

    #[test]
    fn walks_counts_and_flattens() {
        let Progress::Done(t) = spf_tree("example.com", None, &zone()) else { panic!() };
        let terms: Vec<(&str, u32)> = t.root.terms.iter().map(|x| (x.term.as_str(), x.total)).collect();
        assert_eq!(terms, [("include:a.example.net", 1), ("include:b.example.net", 3), ("mx", 5), ("-all", 5)]);
        let a = t.root.terms[0].child.as_ref().unwrap();
        assert!(a.terms[1].note.as_deref().unwrap().starts_with("loop"), "{:?}", a.terms[1]);
        assert_eq!(t.void_lookups, 1, "a:none.example.net finds nothing");
        assert_eq!(t.authorized, ["198.51.100.0/24", "192.0.2.25/32"], "?ip4 authorizes nothing");
        assert_eq!(network("192.0.2.77".parse().unwrap(), 24), "192.0.2.0/24");
        assert_eq!(network("2001:db8::1".parse().unwrap(), 32), "2001:db8::/32");
    }

    #[test]
    fn asks_for_a_whole_level_at_once() {
        let mut cache = Answers::new();
        let full = zone();
        let mut rounds = 0;
        let tree = loop {
            rounds += 1;
            match spf_tree("example.com", None, &cache) {
                Progress::Done(t) => break t,
                Progress::Need(qs) => {
                    for q in qs {
                        let Lookup::Ready(a) = full.lookup(&q.name, q.rtype) else { panic!() };
                        cache.insert(q, a.clone());
                    }
                }
            }
        };
        let Progress::Done(direct) = spf_tree("example.com", None, &full) else { panic!() };
        assert_eq!(tree, direct);
        assert!(rounds <= 4, "one round per level, took {rounds}");
    }
}
