//! The SPF record grammar (RFC 7208 §4.6.1 and §12), written with nom.
//!
//! Every problem is reported with its byte offset in the record and words a person can act on;
//! the terms that could be read are kept, so the page can still explain them.

use super::record::*;
use crate::report::SyntaxError;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit0, one_of, satisfy};
use nom::combinator::{map, opt};
use nom::{IResult, Parser};
use std::net::{Ipv4Addr, Ipv6Addr};

/// A record read as far as possible, with every syntax error found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRecord {
    /// The terms that could be read.
    pub record: SpfRecord,
    /// Problems, in order of position. A record with any is a `permerror` for receivers.
    pub errors: Vec<SyntaxError>,
}

impl ParsedRecord {
    /// Whether the record has no syntax error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Whether a TXT record is an SPF record (RFC 7208 §4.5): `v=spf1` followed by a space or the end.
pub fn is_spf_record(txt: &str) -> bool {
    let b = txt.as_bytes();
    b.len() >= 6 && b[..6].eq_ignore_ascii_case(b"v=spf1") && (b.len() == 6 || b[6] == b' ')
}

pub use crate::dns::join_quoted;

/// Read a record. Never fails: problems are listed in `errors`.
pub fn parse_record(text: &str) -> ParsedRecord {
    let (terms, errors) = parse_terms(text, false);
    ParsedRecord { record: SpfRecord { text: text.to_string(), terms }, errors }
}

/// The terms of a record and its syntax errors (`first_error_only`: stop at the first, which is
/// all an evaluation needs: any error is a permerror).
pub(crate) fn parse_terms(text: &str, first_error_only: bool) -> (Vec<Term>, Vec<SyntaxError>) {
    let mut terms = Vec::new();
    let mut errors = Vec::new();
    if !is_spf_record(text) {
        errors.push(version_error(text));
        return (terms, errors);
    }
    let mut seen_redirect = false;
    let mut seen_exp = false;
    let mut offset = 6;
    terms.reserve(text.bytes().filter(|b| *b == b' ').count());
    for piece in text[6..].split(' ') {
        if first_error_only && !errors.is_empty() {
            break;
        }
        let start = offset;
        offset += piece.len() + 1;
        if piece.is_empty() {
            continue;
        }
        match parse_term(piece) {
            Ok(kind) => {
                let twice = match &kind {
                    TermKind::Modifier(Modifier::Redirect(_)) => std::mem::replace(&mut seen_redirect, true),
                    TermKind::Modifier(Modifier::Exp(_)) => std::mem::replace(&mut seen_exp, true),
                    _ => false,
                };
                if twice {
                    let name = if matches!(kind, TermKind::Modifier(Modifier::Redirect(_))) { "redirect" } else { "exp" };
                    errors.push(SyntaxError {
                        position: start,
                        message: format!("`{name}=` appears a second time; a record may have it only once"),
                    });
                    continue;
                }
                terms.push(Term { span: Span { start, end: start + piece.len() }, kind });
            }
            Err(e) => errors.push(SyntaxError { position: start + e.at, message: e.message }),
        }
    }
    (terms, errors)
}

fn version_error(text: &str) -> SyntaxError {
    let lower = text.get(..7).unwrap_or(text).to_ascii_lowercase();
    let message = if lower.starts_with("spf2.0") {
        "This is a Sender ID record (spf2.0/...). Sender ID is obsolete and receivers ignore it; an \
         SPF record starts with v=spf1"
            .to_string()
    } else if lower.starts_with("v=spf1") {
        "`v=spf1` must be followed by a space before the first term".to_string()
    } else {
        "An SPF record starts with `v=spf1` followed by a space and the terms".to_string()
    };
    SyntaxError { position: 0, message }
}

/// A problem inside one term: offset in the term and what is wrong.
pub(crate) struct TermError {
    at: usize,
    message: String,
}

fn err<T>(at: usize, message: impl Into<String>) -> Result<T, TermError> {
    Err(TermError { at, message: message.into() })
}

type Res<'a, T> = IResult<&'a str, T>;

fn qualifier(i: &str) -> Res<'_, Qualifier> {
    map(opt(one_of("+-~?")), |q| match q {
        Some('-') => Qualifier::Fail,
        Some('~') => Qualifier::SoftFail,
        Some('?') => Qualifier::Neutral,
        _ => Qualifier::Pass,
    })
    .parse(i)
}

/// `name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )` (the first letter is checked by callers,
/// so a digit-led name gets its own message).
fn term_name(i: &str) -> Res<'_, &str> {
    take_while(|c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).parse(i)
}

const MECHANISMS: &str = "all, include, a, mx, ptr, ip4, ip6 and exists";

fn parse_term(t: &str) -> Result<TermKind, TermError> {
    let (rest, q) = qualifier(t).unwrap_or((t, Qualifier::Pass));
    let has_qualifier = rest.len() < t.len();
    let (after, name) = term_name(rest).unwrap_or((rest, ""));
    let name_at = t.len() - rest.len();
    let arg_at = t.len() - after.len();
    if let Some(value) = after.strip_prefix('=') {
        if name.is_empty() {
            return err(name_at, "a modifier needs a name before `=` (like `redirect=` or `exp=`)");
        }
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return err(name_at, format!("modifier name `{name}` must start with a letter"));
        }
        if has_qualifier {
            return err(0, format!("`{name}=` is a modifier: it takes no `+ - ~ ?` prefix"));
        }
        let value_at = arg_at + 1;
        let kind = if name.eq_ignore_ascii_case("redirect") {
            Modifier::Redirect(domain_spec(value, value_at, "redirect=")?)
        } else if name.eq_ignore_ascii_case("exp") {
            Modifier::Exp(domain_spec(value, value_at, "exp=")?)
        } else {
            Modifier::Unknown(name.to_string(), macro_string_all(value, value_at, false)?)
        };
        return Ok(TermKind::Modifier(kind));
    }
    // Mechanism names are short: lower-case them without allocating (longer names are unknown).
    let mut buf = [0u8; 8];
    let lower = if name.len() <= buf.len() {
        buf[..name.len()].copy_from_slice(name.as_bytes());
        buf[..name.len()].make_ascii_lowercase();
        std::str::from_utf8(&buf[..name.len()]).unwrap_or("?")
    } else {
        "?"
    };
    let mechanism = match lower {
        "all" => {
            if !after.is_empty() {
                return err(arg_at, "`all` takes no value: write just `-all`, `~all`, `?all` or `+all`");
            }
            Mechanism::All
        }
        "include" | "exists" => {
            let Some(arg) = after.strip_prefix(':') else {
                return err(arg_at, format!("`{lower}` needs a domain: `{lower}:example.com`"));
            };
            let spec = domain_spec(arg, arg_at + 1, if lower == "include" { "include:" } else { "exists:" })?;
            if lower == "include" { Mechanism::Include(spec) } else { Mechanism::Exists(spec) }
        }
        "a" | "mx" => {
            let (domain, cidr_part, cidr_at) = split_domain_and_cidr(after, arg_at);
            let domain = match domain {
                None => None,
                Some((arg, at)) => Some(domain_spec(arg, at, if lower == "a" { "a:" } else { "mx:" })?),
            };
            let cidr = dual_cidr(cidr_part, cidr_at)?;
            if lower == "a" { Mechanism::A(domain, cidr) } else { Mechanism::Mx(domain, cidr) }
        }
        "ptr" => {
            if after.starts_with('/') {
                return err(arg_at, "`ptr` takes no prefix length");
            }
            match after.strip_prefix(':') {
                None if after.is_empty() => Mechanism::Ptr(None),
                None => return err(arg_at, "expected `:` and a domain after `ptr`"),
                Some(arg) => Mechanism::Ptr(Some(domain_spec(arg, arg_at + 1, "ptr:")?)),
            }
        }
        "ip4" => {
            let Some(arg) = after.strip_prefix(':') else {
                return err(arg_at, "`ip4` needs an address: `ip4:192.0.2.0/24`");
            };
            let (addr, len) = arg.split_once('/').map_or((arg, None), |(a, l)| (a, Some(l)));
            let Ok(ip) = addr.parse::<Ipv4Addr>() else {
                return err(arg_at + 1, ip4_message(addr));
            };
            Mechanism::Ip4(ip, prefix(len, 32, arg_at + 1 + addr.len())?)
        }
        "ip6" => {
            let Some(arg) = after.strip_prefix(':') else {
                return err(arg_at, "`ip6` needs an address: `ip6:2001:db8::/32`");
            };
            let (addr, len) = arg.split_once('/').map_or((arg, None), |(a, l)| (a, Some(l)));
            let Ok(ip) = addr.parse::<Ipv6Addr>() else {
                return err(arg_at + 1, format!("`{addr}` is not an IPv6 address"));
            };
            Mechanism::Ip6(ip, prefix(len, 128, arg_at + 1 + addr.len())?)
        }
        "" => {
            return err(name_at, format!("expected a mechanism ({MECHANISMS}) or a modifier (`name=value`)"));
        }
        _ => {
            let slip = crate::scan::did_you_mean(lower, &["all", "include", "mx", "ptr", "ip4", "ip6", "exists"]);
            let hint = match (lower, slip) {
                ("ipv4" | "ip", _) => " (did you mean `ip4:`?)".to_string(),
                ("ipv6", _) => " (did you mean `ip6:`?)".to_string(),
                ("redirect" | "exp", _) => " (modifiers are written with `=`)".to_string(),
                (_, Some(meant)) => {
                    let colon = if matches!(meant, "include" | "exists" | "ip4" | "ip6") { ":" } else { "" };
                    format!(" (did you mean `{meant}{colon}`?)")
                }
                _ => String::new(),
            };
            return err(name_at, format!("unknown mechanism `{name}`{hint}; the mechanisms are {MECHANISMS}"));
        }
    };
    Ok(TermKind::Directive(Directive { qualifier: q, mechanism }))
}

fn ip4_message(addr: &str) -> String {
    if addr.is_empty() {
        "`ip4:` needs an address right after the colon".to_string()
    } else if addr.contains(':') {
        format!("`{addr}` is an IPv6 address: use `ip6:{addr}`")
    } else if addr.bytes().any(|b| b.is_ascii_alphabetic()) {
        format!("`{addr}` is a host name, not an IPv4 address: use `a:{addr}` or the provider's `include:`")
    } else {
        format!("`{addr}` is not an IPv4 address (four numbers 0-255 without leading zeros, like 192.0.2.1)")
    }
}

/// `/len` after an ip4/ip6 address: digits without a leading zero, at most `max`.
fn prefix(len: Option<&str>, max: u8, at: usize) -> Result<Option<u8>, TermError> {
    let Some(len) = len else { return Ok(None) };
    if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) {
        return err(at, format!("`/{len}` is not a prefix length (a number from 0 to {max})"));
    }
    if len.len() > 1 && len.starts_with('0') {
        return err(at, format!("prefix length `/{len}` must not have a leading zero"));
    }
    match len.parse::<u8>() {
        Ok(n) if n <= max => Ok(Some(n)),
        _ => err(at, format!("prefix length `/{len}` is too large: at most {max}")),
    }
}

/// Split `[":" domain-spec] [dual-cidr]`. A domain-spec may itself contain `/`
/// (`a:foo:bar/baz.example.com` is valid), so the cidr is only a trailing `/N`, `//N` or `/N//N`.
fn split_domain_and_cidr(after: &str, at: usize) -> (Option<(&str, usize)>, &str, usize) {
    let trailing_len = |s: &str| -> Option<usize> {
        let digits = s.bytes().rev().take_while(u8::is_ascii_digit).count();
        (s.len() > digits && s.as_bytes()[s.len() - digits - 1] == b'/').then_some(digits + 1)
    };
    let mut cut = after.len();
    if let Some(n) = trailing_len(after) {
        cut -= n;
        if after[..cut].ends_with('/') {
            cut -= 1; // `//N`: the IPv6 length; an IPv4 length may come before it
            if let Some(m) = trailing_len(&after[..cut]) {
                cut -= m;
            }
        }
    }
    let (head, cidr) = after.split_at(cut);
    let domain = match head.strip_prefix(':') {
        Some(d) => Some((d, at + 1)),
        None if head.is_empty() => None,
        // `a.b` or `ax`: a name glued to the mechanism; reported as a bad domain.
        None => Some((head, at)),
    };
    (domain, cidr, at + cut)
}

fn dual_cidr(s: &str, at: usize) -> Result<DualCidr, TermError> {
    if s.is_empty() {
        return Ok(DualCidr::default());
    }
    let (v4, v6) = match s.find("//") {
        Some(i) => (&s[..i], Some(&s[i + 2..])),
        None => (s, None),
    };
    let v4 = match v4.strip_prefix('/') {
        Some(l) => prefix(Some(l), 32, at)?,
        None if v4.is_empty() => None,
        None => return err(at, "expected `/` and a prefix length"),
    };
    let v6 = prefix(v6, 128, at + s.find("//").map_or(0, |i| i + 1))?;
    Ok(DualCidr { v4, v6 })
}

/// `domain-spec = macro-string domain-end` — a domain that may contain macros.
fn domain_spec(s: &str, at: usize, what: &str) -> Result<MacroString, TermError> {
    if s.is_empty() {
        return err(at, format!("`{what}` needs a domain right after it (no space)"));
    }
    let spec = macro_string_all(s, at, false)?;
    if !ends_like_domain(&spec) {
        return err(
            at,
            format!("`{s}` is not a usable domain: it must end in a name with a dot and a top-level label (like example.com) or in a macro"),
        );
    }
    Ok(spec)
}

/// `domain-end = ( "." toplabel [ "." ] ) / macro-expand`
fn ends_like_domain(spec: &MacroString) -> bool {
    match spec.parts.last() {
        Some(MacroPart::Macro(_)) => true,
        Some(MacroPart::Literal(l)) => {
            let l = l.strip_suffix('.').unwrap_or(l);
            match l.rsplit_once('.') {
                Some((_, top)) => is_toplabel(top),
                // `%{d}com`: the last literal has no dot of its own.
                None => false,
            }
        }
        None => false,
    }
}

/// `toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )`
pub(crate) fn is_toplabel(l: &str) -> bool {
    let b = l.as_bytes();
    if b.is_empty() || !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
        return false;
    }
    if b.contains(&b'-') {
        b[0].is_ascii_alphanumeric() && b[b.len() - 1].is_ascii_alphanumeric()
    } else {
        b.iter().any(u8::is_ascii_alphabetic)
    }
}

fn is_macro_literal(c: char) -> bool {
    matches!(c, '\x21'..='\x24' | '\x26'..='\x7e')
}

fn is_macro_letter(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 's' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'c' | 'r' | 't' | 'v')
}

/// One macro after the `%`: `{letter digits [r] delimiters}`, `%`, `_` or `-`.
fn macro_expand(i: &str) -> Res<'_, MacroPart> {
    alt((
        // `map`, not `value`: the literal is built only when it matches.
        map(char('%'), |_| MacroPart::Literal("%".into())),
        map(char('_'), |_| MacroPart::Literal(" ".into())),
        map(char('-'), |_| MacroPart::Literal("%20".into())),
        map(
            (
                char('{'),
                satisfy(is_macro_letter),
                digit0,
                opt(one_of("rR")),
                take_while(|c| matches!(c, '.' | '-' | '+' | ',' | '/' | '_' | '=')),
                char('}'),
            ),
            |(_, letter, digits, rev, delims, _): (char, char, &str, Option<char>, &str, char)| {
                MacroPart::Macro(Macro {
                    letter: letter.to_ascii_lowercase(),
                    url_escape: letter.is_ascii_uppercase(),
                    keep: (!digits.is_empty()).then(|| digits.parse().unwrap_or(usize::MAX)),
                    reverse: rev.is_some(),
                    delimiters: if delims.is_empty() { ".".into() } else { delims.into() },
                })
            },
        ),
    ))
    .parse(i)
}

/// A whole macro-string (`in_exp`: explanation text, where `c`, `r`, `t` and spaces are allowed).
pub(crate) fn macro_string_all(s: &str, at: usize, in_exp: bool) -> Result<MacroString, TermError> {
    // Most domain-specs are plain names: no macro, every byte a literal.
    if s.bytes().all(|b| matches!(b, 0x21..=0x24 | 0x26..=0x7e) || (in_exp && b == b' ')) {
        let parts = if s.is_empty() { Vec::new() } else { vec![MacroPart::Literal(s.to_string())] };
        return Ok(MacroString { parts });
    }
    let mut parts: Vec<MacroPart> = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let pos = at + s.len() - rest.len();
        if let Ok((r, lit)) =
            take_while1::<_, _, nom::error::Error<&str>>(|c| is_macro_literal(c) || (in_exp && c == ' ')).parse(rest)
        {
            push_literal(&mut parts, lit);
            rest = r;
            continue;
        }
        let Ok((after_pct, _)) = tag::<_, _, nom::error::Error<&str>>("%").parse(rest) else {
            let c = rest.chars().next().unwrap_or(' ');
            let what = if c.is_ascii_control() || c == ' ' {
                format!("control character U+{:04X}", c as u32)
            } else if c.is_ascii() {
                format!("`{c}`")
            } else {
                format!("non-ASCII character `{c}`")
            };
            return err(pos, format!("{what} is not allowed here; SPF records are plain ASCII without spaces inside a term"));
        };
        match macro_expand(after_pct) {
            Ok((r, part)) => {
                if let MacroPart::Macro(m) = &part {
                    if !in_exp && matches!(m.letter, 'c' | 'r' | 't') {
                        return err(pos, format!("`%{{{}}}` may only be used in explanation text (the TXT record exp= points to)", m.letter));
                    }
                    if m.keep == Some(0) {
                        return err(pos, "a macro's part count must not be 0 (e.g. `%{d2}` keeps the last two labels)");
                    }
                    parts.push(part);
                } else if let MacroPart::Literal(l) = &part {
                    push_literal(&mut parts, l);
                }
                rest = r;
            }
            Err(_) => return err(pos, macro_message(after_pct)),
        }
    }
    Ok(MacroString { parts })
}

fn push_literal(parts: &mut Vec<MacroPart>, lit: &str) {
    if let Some(MacroPart::Literal(prev)) = parts.last_mut() {
        prev.push_str(lit);
    } else {
        parts.push(MacroPart::Literal(lit.to_string()));
    }
}

fn macro_message(after_pct: &str) -> String {
    let Some(inner) = after_pct.strip_prefix('{') else {
        return "a `%` starts a macro: write `%{d}`-style macros, `%%` for a percent sign, `%_` for a space or `%-` for `%20`".into();
    };
    match inner.chars().next() {
        None => "the macro `%{` is not closed with `}`".into(),
        Some(c) if !is_macro_letter(c) => format!(
            "`%{{{c}` is not a macro: the letters are s (sender), l (local part), o (sender domain), d (domain), i (IP), p (host name), h (HELO), v, and c, r, t in explanations"
        ),
        Some(_) => "a macro is `%{letter}`, optionally with a part count, `r` and delimiters (. - + , / _ =), closed by `}`".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(r: &str) -> Vec<(usize, String)> {
        parse_record(r).errors.into_iter().map(|e| (e.position, e.message)).collect()
    }

    #[test]
    fn reads_every_mechanism_and_modifier() {
        let p = parse_record("v=spf1 +a -mx:example.com/24//64 ~ptr ?ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.com exists:%{i}.x.example.com redirect=example.org exp=e.%{d} foo=bar -all");
        assert!(p.is_valid(), "{:?}", p.errors);
        let names: Vec<&str> = p.record.terms.iter().map(|t| match &t.kind {
            TermKind::Directive(d) => d.mechanism.name(),
            TermKind::Modifier(Modifier::Redirect(_)) => "redirect",
            TermKind::Modifier(Modifier::Exp(_)) => "exp",
            TermKind::Modifier(Modifier::Unknown(..)) => "unknown",
        }).collect();
        assert_eq!(names, ["a", "mx", "ptr", "ip4", "ip6", "include", "exists", "redirect", "exp", "unknown", "all"]);
        let TermKind::Directive(Directive { mechanism: Mechanism::Mx(Some(_), cidr), qualifier }) = &p.record.terms[1].kind else { panic!() };
        assert_eq!((*cidr, *qualifier), (DualCidr { v4: Some(24), v6: Some(64) }, Qualifier::Fail));
        assert_eq!(p.record.term_text(&p.record.terms[1]), "-mx:example.com/24//64");
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(errors("v=spf1 include: x.com ~all")[0].0, 15, "right after the colon");
        let e = errors("v=spf1 ip4:relay.example.net ~all");
        assert_eq!(e[0].0, 11);
        assert!(e[0].1.contains("host name"), "{}", e[0].1);
        assert_eq!(errors("v=spf1 ip4:192.0.2.1/33")[0].0, 20);
        assert!(errors("v=spf1 a:%{?} -all")[0].1.contains("not a macro"));
        assert_eq!(errors("v=spf1 -all redirect=a.com redirect=b.com")[0].0, 27);
        assert!(errors("spf2.0/pra ip4:1.2.3.4 -all")[0].1.contains("Sender ID"));
        assert!(errors("v=spf1 a:museum")[0].1.contains("not a usable domain"));
        assert!(errors("v=spf1 exists:%{c}.example.com")[0].1.contains("explanation"));
        assert!(errors("v=spf1 inlude:x.example.com")[0].1.contains("did you mean `include:`"));
        // Any one slip from a mechanism's name, a swap of two letters too.
        assert!(errors("v=spf1 inlcude:x.example.com")[0].1.contains("did you mean `include:`"));
        assert!(errors("v=spf1 exsits:x.example.com")[0].1.contains("did you mean `exists:`"));
    }

    #[test]
    fn toplabels() {
        for ok in ["com", "xn--p1ai", "a1", "1a", "a-1"] {
            assert!(is_toplabel(ok), "{ok}");
        }
        for bad in ["", "44", "-a", "a-", "a_b"] {
            assert!(!is_toplabel(bad), "{bad}");
        }
    }

    #[test]
    fn quoted_strings_are_joined() {
        let (j, lens) = join_quoted(r#""v=spf1 ip4:192.0.2.1 " "include:_spf.example.com -all""#);
        assert_eq!(j, "v=spf1 ip4:192.0.2.1 include:_spf.example.com -all");
        assert_eq!(lens, [21, 29]);
    }
}
