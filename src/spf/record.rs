//! The parts of an SPF record (RFC 7208 §4.6, §5, §6, §7) as plain data. Parsing is in `parse`.

use serde::Serialize;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A byte range in the record text: `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset just past the last byte.
    pub end: usize,
}

/// A parsed `v=spf1` record. Terms that could not be read are left out (see the errors).
/// The text is owned (`String`) or, during an evaluation, borrowed from the DNS answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpfRecord<T = String> {
    /// The record text the spans point into (quoted character-strings already joined).
    pub text: T,
    /// The terms in order.
    pub terms: Vec<Term>,
}

impl<T: AsRef<str>> SpfRecord<T> {
    /// The `redirect=` target, when there is one.
    pub fn redirect(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|t| match &t.kind {
            TermKind::Modifier(Modifier::Redirect(d)) => Some(d),
            _ => None,
        })
    }

    /// The `exp=` domain, when there is one.
    pub fn exp(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|t| match &t.kind {
            TermKind::Modifier(Modifier::Exp(d)) => Some(d),
            _ => None,
        })
    }

    /// The mechanisms in order, with their terms.
    pub fn directives(&self) -> impl Iterator<Item = (&Term, &Directive)> {
        self.terms.iter().filter_map(|t| match &t.kind {
            TermKind::Directive(d) => Some((t, d)),
            TermKind::Modifier(_) => None,
        })
    }

    /// The text of one term.
    pub fn term_text(&self, term: &Term) -> &str {
        self.text.as_ref().get(term.span.start..term.span.end).unwrap_or("")
    }
}

/// One space-separated term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Where it is in the record text.
    pub span: Span,
    /// What it is.
    pub kind: TermKind,
}

/// A mechanism with its qualifier, or a modifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// `[qualifier] mechanism`.
    Directive(Directive),
    /// `name=value`.
    Modifier(Modifier),
}

/// A mechanism and the result it gives when it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// `+` (default), `-`, `~` or `?`.
    pub qualifier: Qualifier,
    /// What is tested.
    pub mechanism: Mechanism,
}

/// The result a matching mechanism gives (RFC 7208 §4.6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// `+`: pass.
    Pass,
    /// `-`: fail.
    Fail,
    /// `~`: softfail.
    SoftFail,
    /// `?`: neutral.
    Neutral,
}

impl Qualifier {
    /// The qualifier character.
    pub fn symbol(self) -> char {
        match self {
            Qualifier::Pass => '+',
            Qualifier::Fail => '-',
            Qualifier::SoftFail => '~',
            Qualifier::Neutral => '?',
        }
    }
}

/// Prefix lengths after `a` and `mx`: `/24`, `//64`, `/24//64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DualCidr {
    /// IPv4 prefix length (32 when absent).
    pub v4: Option<u8>,
    /// IPv6 prefix length (128 when absent).
    pub v6: Option<u8>,
}

/// An SPF mechanism (RFC 7208 §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mechanism {
    /// `all`: always matches.
    All,
    /// `include:domain`: matches when that domain's record passes.
    Include(MacroString),
    /// `a[:domain][/cidr]`: the domain's addresses.
    A(Option<MacroString>, DualCidr),
    /// `mx[:domain][/cidr]`: the addresses of the domain's mail exchangers.
    Mx(Option<MacroString>, DualCidr),
    /// `ptr[:domain]`: the client's validated reverse name is in the domain.
    Ptr(Option<MacroString>),
    /// `ip4:network[/len]`.
    Ip4(Ipv4Addr, Option<u8>),
    /// `ip6:network[/len]`.
    Ip6(Ipv6Addr, Option<u8>),
    /// `exists:domain`: the name has an A record.
    Exists(MacroString),
}

impl Mechanism {
    /// The mechanism's name as written in records.
    pub fn name(&self) -> &'static str {
        match self {
            Mechanism::All => "all",
            Mechanism::Include(_) => "include",
            Mechanism::A(..) => "a",
            Mechanism::Mx(..) => "mx",
            Mechanism::Ptr(_) => "ptr",
            Mechanism::Ip4(..) => "ip4",
            Mechanism::Ip6(..) => "ip6",
            Mechanism::Exists(_) => "exists",
        }
    }

    /// Whether evaluating it costs one of the 10 DNS lookups (RFC 7208 §4.6.4).
    pub fn queries_dns(&self) -> bool {
        !matches!(self, Mechanism::All | Mechanism::Ip4(..) | Mechanism::Ip6(..))
    }
}

/// An SPF modifier (RFC 7208 §6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modifier {
    /// `redirect=domain`: use that domain's record when no mechanism matched.
    Redirect(MacroString),
    /// `exp=domain`: where the explanation for a fail is published.
    Exp(MacroString),
    /// Any other `name=value`: ignored by receivers.
    Unknown(String, MacroString),
}

/// Text with macros (RFC 7208 §7), e.g. `%{ir}.%{v}._spf.%{d2}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MacroString {
    /// Literal text and macros in order.
    pub parts: Vec<MacroPart>,
}

impl MacroString {
    /// Whether any part is a macro (its value depends on the message being checked).
    pub fn has_macros(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, MacroPart::Macro(_)))
    }

    /// The text when it has no macros.
    pub fn as_literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                MacroPart::Literal(l) => s.push_str(l),
                MacroPart::Macro(_) => return None,
            }
        }
        Some(s)
    }
}

/// Literal text or one macro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MacroPart {
    /// Text as is (`%%`, `%_` and `%-` already turned into `%`, space and `%20`).
    Literal(String),
    /// `%{...}`.
    Macro(Macro),
}

/// One `%{letter transformers delimiters}` (RFC 7208 §7.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Macro {
    /// The letter, lower case: `s l o d i p h c r t v`.
    pub letter: char,
    /// Written in upper case: the value is URL-escaped.
    pub url_escape: bool,
    /// Keep only this many right-hand parts.
    pub keep: Option<usize>,
    /// `r`: reverse the parts.
    pub reverse: bool,
    /// Characters that split the value into parts (`.` when none is given).
    pub delimiters: String,
}
