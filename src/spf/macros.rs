//! Macro expansion (RFC 7208 §7.3, §7.4): `%{ir}.%{v}._spf.%{d2}` with a message's facts.

use super::record::{Macro, MacroPart, MacroString};
use std::net::IpAddr;

/// The facts macros stand for.
#[derive(Debug, Clone)]
pub struct MacroValues<'a> {
    /// `s`: the sender (`local@domain`).
    pub sender: &'a str,
    /// `l`: the sender's local part.
    pub local: &'a str,
    /// `o`: the sender's domain.
    pub sender_domain: &'a str,
    /// `d`: the domain whose record is being evaluated.
    pub domain: &'a str,
    /// `i`, `c`, `v`: the client address.
    pub ip: IpAddr,
    /// `p`: the client's validated host name (`unknown` when there is none).
    pub validated_name: &'a str,
    /// `h`: the HELO/EHLO name.
    pub helo: &'a str,
    /// `r`: the receiving host's name.
    pub receiver: &'a str,
    /// `t`: seconds since 1970.
    pub now: u64,
}

/// Expand `s`. `domain` truncation (§7.3: keep at most 253 characters by dropping left labels)
/// is applied when `for_domain` is set.
pub fn expand(s: &MacroString, v: &MacroValues<'_>, for_domain: bool) -> String {
    let mut out = String::new();
    for part in &s.parts {
        match part {
            MacroPart::Literal(l) => out.push_str(l),
            MacroPart::Macro(m) => expand_one(m, v, &mut out),
        }
    }
    if for_domain {
        truncate_domain(&mut out);
    }
    out
}

fn expand_one(m: &Macro, v: &MacroValues<'_>, out: &mut String) {
    let owned;
    let value: &str = match m.letter {
        's' => v.sender,
        'l' => v.local,
        'o' => v.sender_domain,
        'd' => v.domain,
        'i' => {
            owned = dotted_ip(v.ip);
            &owned
        }
        'c' => {
            owned = v.ip.to_string();
            &owned
        }
        'p' => v.validated_name,
        'v' => match v.ip {
            IpAddr::V4(_) => "in-addr",
            IpAddr::V6(_) => "ip6",
        },
        'h' => v.helo,
        'r' => v.receiver,
        't' => {
            owned = v.now.to_string();
            &owned
        }
        _ => "",
    };
    let mut parts: Vec<&str> = value.split(|c| m.delimiters.contains(c)).collect();
    if m.reverse {
        parts.reverse();
    }
    if let Some(keep) = m.keep {
        if keep < parts.len() {
            parts.drain(..parts.len() - keep);
        }
    }
    let joined = parts.join(".");
    if m.url_escape {
        url_escape(&joined, out);
    } else {
        out.push_str(&joined);
    }
}

/// `i` for IPv4 is the dotted address; for IPv6 the 32 nibbles separated by dots, in upper
/// case as the RFC 7208 test suite expects in explanations (DNS names compare without case).
fn dotted_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let mut s = String::with_capacity(63);
            for byte in v6.octets() {
                for nibble in [byte >> 4, byte & 0xf] {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0').to_ascii_uppercase());
                }
            }
            s
        }
    }
}

/// RFC 3986 escaping of everything but the unreserved characters.
fn url_escape(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

fn truncate_domain(d: &mut String) {
    while d.len() > 253 {
        match d.find('.') {
            Some(i) => {
                d.drain(..=i);
            }
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spf::parse::parse_record;
    use crate::spf::record::{Mechanism, TermKind};

    // RFC 7208 §7.4's examples.
    fn values(ip: &str) -> MacroValues<'static> {
        MacroValues {
            sender: "strong-bad@email.example.com",
            local: "strong-bad",
            sender_domain: "email.example.com",
            domain: "email.example.com",
            ip: ip.parse().unwrap(),
            validated_name: "unknown",
            helo: "mx.example.org",
            receiver: "unknown",
            now: 0,
        }
    }

    fn exp(spec: &str, ip: &str) -> String {
        let p = parse_record(&format!("v=spf1 exists:{spec}"));
        assert!(p.is_valid(), "{spec}: {:?}", p.errors);
        let TermKind::Directive(d) = &p.record.terms[0].kind else { panic!() };
        let Mechanism::Exists(s) = &d.mechanism else { panic!() };
        expand(s, &values(ip), false)
    }

    #[test]
    fn rfc_examples() {
        let ip = "192.0.2.3";
        assert_eq!(exp("%{s}", ip), "strong-bad@email.example.com");
        assert_eq!(exp("%{o}", ip), "email.example.com");
        assert_eq!(exp("%{d4}", ip), "email.example.com");
        assert_eq!(exp("%{d2}", ip), "example.com");
        assert_eq!(exp("%{d1}", ip), "com");
        assert_eq!(exp("%{dr}", ip), "com.example.email");
        assert_eq!(exp("%{d2r}", ip), "example.email");
        assert_eq!(exp("%{l}", ip), "strong-bad");
        assert_eq!(exp("%{l-}", ip), "strong.bad");
        assert_eq!(exp("%{lr}", ip), "strong-bad");
        assert_eq!(exp("%{lr-}", ip), "bad.strong");
        assert_eq!(exp("%{l1r-}", ip), "strong");
        assert_eq!(exp("%{ir}.%{v}._spf.%{d2}", ip), "3.2.0.192.in-addr._spf.example.com");
        assert_eq!(exp("%{lr-}.lp._spf.%{d2}", ip), "bad.strong.lp._spf.example.com");
        assert_eq!(
            exp("%{ir}.%{v}._spf.%{d2}", "2001:db8::cb01"),
            "1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6._spf.example.com"
        );
        assert_eq!(exp("%{S}.x.com", ip), "strong-bad%40email.example.com.x.com");
    }

    #[test]
    fn long_domains_lose_left_labels() {
        let mut d = format!("{}.example.com", "a.".repeat(200));
        truncate_domain(&mut d);
        assert!(d.len() <= 253 && d.ends_with(".example.com"));
    }
}
