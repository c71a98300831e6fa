//! What each SPF term means, in plain words.

use super::record::*;

/// The effect of a match, as a phrase that ends the sentence about a term.
fn outcome(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Pass => "may send mail for the domain (pass)",
        Qualifier::Fail => "must not send mail for the domain (fail: receivers may reject it)",
        Qualifier::SoftFail => "should not send mail for the domain (softfail: accepted but marked suspicious)",
        Qualifier::Neutral => "get no verdict (neutral: treated like no SPF at all)",
    }
}

fn spec_text(s: &MacroString) -> String {
    let mut out = String::new();
    for p in &s.parts {
        match p {
            MacroPart::Literal(l) => out.push_str(l),
            MacroPart::Macro(m) => out.push_str(&format!("<{}>", macro_name(m.letter))),
        }
    }
    out
}

fn macro_name(letter: char) -> &'static str {
    match letter {
        's' => "sender",
        'l' => "sender's local part",
        'o' => "sender's domain",
        'd' => "domain",
        'i' => "client IP",
        'p' => "client host name",
        'v' => "in-addr or ip6",
        'h' => "HELO name",
        'c' => "client IP",
        'r' => "receiving server",
        't' => "time",
        _ => "?",
    }
}

fn domain_or_this(s: &Option<MacroString>) -> String {
    s.as_ref().map_or_else(|| "this domain".to_string(), spec_text)
}

fn addresses(n: u8, v6: bool) -> String {
    let bits = if v6 { 128 } else { 32 } - u32::from(n);
    match bits {
        0 => "exactly that address".to_string(),
        b if b < 32 => format!("{} addresses", 1u64 << b),
        b => format!("2^{b} addresses"),
    }
}

fn cidr_text(c: DualCidr) -> String {
    match (c.v4, c.v6) {
        (None, None) => String::new(),
        (Some(a), None) => format!(" (widened to their /{a} IPv4 networks)"),
        (None, Some(b)) => format!(" (widened to their /{b} IPv6 networks)"),
        (Some(a), Some(b)) => format!(" (widened to /{a} for IPv4 and /{b} for IPv6)"),
    }
}

/// One sentence about what a term does.
pub fn meaning(kind: &TermKind) -> String {
    match kind {
        TermKind::Directive(Directive { qualifier: q, mechanism }) => {
            let q = *q;
            match mechanism {
                Mechanism::All => match q {
                    Qualifier::Fail => "Every other server fails SPF: receivers may reject its mail. The strict, recommended ending.".into(),
                    Qualifier::SoftFail => "Every other server soft-fails: its mail is accepted but marked suspicious. A common, cautious ending.".into(),
                    Qualifier::Neutral => "Every other server gets no verdict: SPF then protects nothing.".into(),
                    Qualifier::Pass => "Every server in the world may send as this domain: SPF then protects nothing. Almost always a mistake.".into(),
                },
                Mechanism::Include(d) => format!(
                    "Servers that {}'s own SPF record allows {} (costs one DNS lookup, plus the lookups inside it).",
                    spec_text(d),
                    outcome(q)
                ),
                Mechanism::A(d, c) => format!(
                    "The addresses {} points to (its A/AAAA records){} {} (one DNS lookup).",
                    domain_or_this(d),
                    cidr_text(*c),
                    outcome(q)
                ),
                Mechanism::Mx(d, c) => format!(
                    "The mail servers that receive mail for {} (its MX hosts){} {} (one DNS lookup, plus one per MX host).",
                    domain_or_this(d),
                    cidr_text(*c),
                    outcome(q)
                ),
                Mechanism::Ptr(d) => format!(
                    "Servers whose reverse DNS name ends in {} {}. Slow and unreliable: RFC 7208 says not to use ptr.",
                    domain_or_this(d),
                    outcome(q)
                ),
                Mechanism::Ip4(ip, len) => match len {
                    None | Some(32) => format!("The server at {ip} {}.", outcome(q)),
                    Some(n) => format!("Servers in {ip}/{n} ({}) {}.", addresses(*n, false), outcome(q)),
                },
                Mechanism::Ip6(ip, len) => match len {
                    None | Some(128) => format!("The server at {ip} {}.", outcome(q)),
                    Some(n) => format!("Servers in {ip}/{n} ({}) {}.", addresses(*n, true), outcome(q)),
                },
                Mechanism::Exists(d) => format!(
                    "Servers for which the name {} has an address {} (one DNS lookup per message).",
                    spec_text(d),
                    outcome(q)
                ),
            }
        }
        TermKind::Modifier(Modifier::Redirect(d)) => format!(
            "If nothing before matched, {}'s SPF record decides instead of this one (one DNS lookup).",
            spec_text(d)
        ),
        TermKind::Modifier(Modifier::Exp(d)) => format!(
            "When a message fails, receivers may show the text published at {} to the sender.",
            spec_text(d)
        ),
        TermKind::Modifier(Modifier::Unknown(name, _)) => format!(
            "`{name}=` is not an SPF modifier receivers know: they ignore it."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spf::parse::parse_record;

    #[test]
    fn sentences() {
        let p = parse_record("v=spf1 ip4:192.0.2.0/24 include:_spf.%{d} mx/24 -all");
        let m: Vec<String> = p.record.terms.iter().map(|t| meaning(&t.kind)).collect();
        assert!(m[0].contains("192.0.2.0/24 (256 addresses) may send"), "{}", m[0]);
        assert!(m[1].contains("_spf.<domain>"), "{}", m[1]);
        assert!(m[2].contains("/24 IPv4 networks"), "{}", m[2]);
        assert!(m[3].starts_with("Every other server fails"), "{}", m[3]);
    }
}
