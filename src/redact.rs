//! Masking what identifies people in a pasted text, for a link or a ticket that must not carry
//! customer data: the local parts of addresses, display names, IP addresses and host names.
//!
//! The same value always gets the same mask, so the masked text still tells one story (the
//! sender's domain in `From`, in the DKIM signature and in `Return-Path` stays one domain; a
//! hop's IP stays the next hop's). Masks are names no one owns: `user1`, `Name 1`,
//! `domain1.example` (RFC 2606), `192.0.2.1` and `2001:db8::1` (the documentation ranges of
//! RFC 5737 and RFC 3849). The big mailbox providers' and mail services' own domains are kept:
//! they name no customer, and they tell whose server answered (a mailbox provider's hosts are
//! masked: an ISP names its customers' lines there). Role mailboxes (`postmaster`,
//! `mailer-daemon`) stay.
//!
//! A display name is masked wherever it appears, also in running text ("Delivery has failed to
//! these recipients: Alice Smith"); other names in running text ("Dear Alice") cannot be told
//! from other words and are kept: the page says so beside the switch. Delivery systems' own
//! names (`Mail Delivery System`) stay.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::dmarc::org::{has_known_suffix, org_domain};

/// Mail services whose domains name the service, not its customers (besides the mailbox
/// providers of [`crate::typo`]): Google's and Microsoft's mail hosts, the big sending services.
const SERVICE_DOMAINS: &[&str] = &[
    "google.com", "googlemail.com", "outlook.com", "microsoft.com", "office365.com", "hotmail.com",
    "yahoodns.net", "amazonses.com", "sendgrid.net", "mailgun.org", "mimecast.com", "pphosted.com",
    "messagelabs.com", "mailchimp.com", "mcsv.net", "sparkpostmail.com", "postmarkapp.com",
];

/// `text` with every address's local part, every display name, IP address and host name masked.
pub fn redact(text: &str) -> String {
    let mut masks = Masks::default();
    // The display names of the address fields first, so that the same names in running text
    // (`Delivery has failed to these recipients: Alice Smith`) get their masks too.
    let lines = || {
        let mut address_field = false;
        text.split_inclusive('\n').map(move |line| {
            // A field that holds addresses, and the lines that continue it (folded: they
            // start with white space).
            if !line.starts_with([' ', '\t']) {
                address_field = line.split_once(':').is_some_and(|(name, _)| ADDRESS_FIELDS.iter().any(|f| name.trim().eq_ignore_ascii_case(f)));
            }
            (line, address_field)
        })
    };
    for (line, _) in lines().filter(|(_, field)| *field) {
        mask_display_names(line, &mut masks);
    }
    let mut out = String::with_capacity(text.len());
    for (line, address_field) in lines() {
        let named = if address_field { mask_display_names(line, &mut masks) } else { line.to_string() };
        mask_tokens(&masks.names_in(&named), &mut masks, &mut out);
    }
    out
}

/// Display names that name a delivery system, not a person: they stay. Postfix and Exim sign
/// their notices "Mail Delivery System", Sendmail and Gmail "Mail Delivery Subsystem",
/// Microsoft 365 "Microsoft Outlook", Exchange "Microsoft Exchange" (2003: "System
/// Administrator"); many name only the role (MAILER-DAEMON, Postmaster).
const SYSTEM_NAMES: &[&str] = &[
    "Mail Delivery System", "Mail Delivery Subsystem", "Microsoft Outlook", "Microsoft Exchange",
    "System Administrator", "MAILER-DAEMON", "Postmaster",
];

/// The fields whose addresses may carry a display name (RFC 5322 §3.6.2, §3.6.3, §3.6.6), and
/// their labels as German and Czech mail programs show a copied message (Outlook: Von/An/Cc,
/// Od/Komu/Kopie; Thunderbird and Apple Mail: Kopie (CC), Antwort an, Odpověď na).
const ADDRESS_FIELDS: &[&str] = &[
    "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc",
    "Von", "An", "Kopie", "Kopie (CC)", "Blindkopie", "Antwort an",
    "Od", "Komu", "Skrytá kopie", "Odpověď na",
];

#[derive(Default)]
struct Masks {
    seen: HashMap<(Kind, String), String>,
    counts: HashMap<Kind, usize>,
    /// The display names met, as written, with their masks: longest first.
    names: Vec<(String, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    User,
    Name,
    Domain,
    Host,
    Ipv4,
    Ipv6,
}

impl Masks {
    /// The mask of `value` (compared without case), made on first sight.
    fn of(&mut self, kind: Kind, value: &str) -> String {
        let key = (kind, value.to_lowercase());
        if let Some(mask) = self.seen.get(&key) {
            return mask.clone();
        }
        let n = self.counts.entry(kind).or_default();
        *n += 1;
        let n = *n;
        let mask = match kind {
            Kind::User => format!("user{n}"),
            Kind::Name => format!("Name {n}"),
            Kind::Domain => format!("domain{n}.example"),
            Kind::Host => format!("host{n}"),
            // 254 addresses in each documentation range, then on through the next.
            Kind::Ipv4 => match (n - 1) / 254 {
                0 => format!("192.0.2.{n}"),
                1 => format!("198.51.100.{}", n - 254),
                2 => format!("203.0.113.{}", n - 508),
                _ => format!("2001:db8::4:{n:x}"),
            },
            Kind::Ipv6 => format!("2001:db8::{n:x}"),
        };
        self.seen.insert(key, mask.clone());
        mask
    }

    /// The mask of a display name, which is then also looked for in running text, as written
    /// and, when the field encodes it (RFC 2047: `=?UTF-8?Q?…?=`), as it reads decoded.
    fn name(&mut self, name: &str) -> String {
        let mask = self.of(Kind::Name, name);
        for written in std::iter::once(name.to_string()).chain(decoded(name)) {
            if written.chars().count() >= 4 && !self.names.iter().any(|(n, _)| *n == written) {
                self.names.push((written, mask.clone()));
            }
        }
        self.names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        mask
    }

    /// `line` with every display name met so far replaced by its mask, where it stands as
    /// words of its own.
    fn names_in(&self, line: &str) -> String {
        let mut line = line.to_string();
        for (name, mask) in &self.names {
            let mut from = 0;
            while let Some(i) = line[from..].find(name.as_str()).map(|i| from + i) {
                let end = i + name.len();
                // Not part of a word, an address or a host name (`jan` in `jan@example.com`).
                let joins = |c: char| c.is_alphanumeric() || (c.is_ascii() && is_token_byte(c as u8) && c != ':');
                let alone = !line[..i].chars().next_back().is_some_and(joins) && !line[end..].chars().next().is_some_and(joins);
                if alone {
                    line.replace_range(i..end, mask);
                    from = i + mask.len();
                } else {
                    from = end;
                }
            }
        }
        line
    }

    /// A host name masked by its parts: the registrable domain (`example.com`) one mask, what
    /// stands before it another, so `mail.example.com` stays a host of `example.com`. Labels
    /// that name a protocol (`_dmarc`, `_domainkey`) are kept.
    fn host(&mut self, host: &str) -> String {
        let lower = host.to_ascii_lowercase();
        let org = org_domain(&lower);
        if SERVICE_DOMAINS.contains(&org.as_str()) {
            return host.to_string();
        }
        // A mailbox provider's domain stays, the hosts under it do not (an ISP names its
        // customers' lines there: `lfbn-1-512-77.w92-169.abo.wanadoo.fr`).
        let domain = if crate::typo::is_provider_domain(&org) { org.clone() } else { self.of(Kind::Domain, &org) };
        let sub = lower.strip_suffix(org.as_str()).map_or("", |s| s.trim_end_matches('.'));
        if sub.is_empty() {
            return domain;
        }
        if sub.split('.').all(|l| l.starts_with('_')) {
            return format!("{sub}.{domain}");
        }
        // What stands before the domain is masked whole, but its protocol labels (the `_domainkey`
        // of `s1._domainkey.example.com`) stay.
        let (name, tail) = match sub.find("._") {
            Some(i) => (&sub[..i], &sub[i..]),
            None => (sub, ""),
        };
        format!("{}{tail}.{domain}", self.of(Kind::Host, &format!("{name}.{org}")))
    }
}

/// Mailboxes that name a role, not a person (RFC 2142 §3-§5; the bounce sender's
/// `mailer-daemon`; the `noreply` of mail no one reads): detection and the story need them.
const ROLE_MAILBOXES: &[&str] = &[
    "mailer-daemon", "postmaster", "abuse", "hostmaster", "webmaster", "noc", "security", "info",
    "marketing", "sales", "support", "noreply", "no-reply",
];

/// A display name in RFC 2047 encoded words, decoded (by the mail-parser reading every reader
/// uses).
fn decoded(name: &str) -> Option<String> {
    if !name.contains("=?") {
        return None;
    }
    let field = format!("From: {name} <a@b.example>\n\n");
    let message = crate::headers::mail_parser().parse(field.as_bytes())?;
    let decoded = message.from()?.first()?.name()?.trim().to_string();
    (decoded != name).then_some(decoded)
}

/// Display names before an address in angle brackets (`"Alice Smith" <alice@example.com>`,
/// `Alice Smith <…>` after a field's colon or a comma) replaced by their masks.
fn mask_display_names(line: &str, masks: &mut Masks) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').map(|c| open + c);
        let is_address = close.is_some_and(|c| rest[open..c].contains('@'));
        let Some(close) = close.filter(|_| is_address) else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        let before = &rest[..open];
        // The name starts after the field's colon, a comma or a semicolon, else at the line start.
        let start = before.rfind([':', ',', ';', '>']).map_or(0, |i| i + 1);
        let segment = &before[start..];
        let name = segment.trim();
        let quoted = name.len() >= 2 && name.starts_with(['"', '\'']) && name.ends_with(['"', '\'']);
        let bare = if quoted { &name[1..name.len() - 1] } else { name };
        // Kept as it is: no name, an address written as its own name (masked as the address it
        // is), or a delivery system's name.
        let kept = name.is_empty()
            || name.chars().count() > 100
            || bare.contains('@')
            || SYSTEM_NAMES.iter().any(|n| bare.eq_ignore_ascii_case(n));
        if kept {
            out.push_str(&rest[..=close]);
        } else {
            let lead = &segment[..segment.len() - segment.trim_start().len()];
            let mask = masks.name(bare);
            out.push_str(&before[..start]);
            out.push_str(lead);
            if quoted {
                out.push('"');
                out.push_str(&mask);
                out.push('"');
            } else {
                out.push_str(&mask);
            }
            out.push(' ');
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Characters of an address, a host name or an IP address (and the colons of IPv6).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+' | b'=' | b'%' | b'@' | b':')
}

/// Every address, host name and IP address of `text` masked, appended to `out`.
fn mask_tokens(text: &str, masks: &mut Masks, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_token_byte(bytes[i]) {
            let start = i;
            while i < bytes.len() && !is_token_byte(bytes[i]) {
                i += 1;
            }
            out.push_str(&text[start..i]);
            continue;
        }
        let start = i;
        while i < bytes.len() && is_token_byte(bytes[i]) {
            i += 1;
        }
        mask_token(&text[start..i], masks, out);
    }
}

/// One run of token characters: an IPv6 address whole, else each part between colons.
fn mask_token(token: &str, masks: &mut Masks, out: &mut String) {
    let (prefix, v6) = match token.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("ipv6:") => (&token[..5], &token[5..]),
        _ => ("", token),
    };
    // A link-local address may carry its zone (`fe80::1%6`, RFC 4007 §11).
    let (address, zone) = v6.split_at(v6.find('%').unwrap_or(v6.len()));
    if address.matches(':').count() >= 2 && address.parse::<Ipv6Addr>().is_ok() {
        out.push_str(prefix);
        out.push_str(&masks.of(Kind::Ipv6, address));
        out.push_str(zone);
        return;
    }
    for (n, part) in token.split(':').enumerate() {
        if n > 0 {
            out.push(':');
        }
        mask_part(part, masks, out);
    }
}

/// A word without colons: an address, an IPv4 address, a host name, or kept as it is. Trailing
/// dots and hyphens (a sentence's end) stay outside the mask.
fn mask_part(part: &str, masks: &mut Masks, out: &mut String) {
    let word = part.trim_end_matches(['.', '-']);
    let tail = &part[word.len()..];
    if let Some((local, domain)) = word.rsplit_once('@') {
        if !local.is_empty() && (is_host(domain) || domain.parse::<Ipv4Addr>().is_ok()) {
            if ROLE_MAILBOXES.iter().any(|r| local.eq_ignore_ascii_case(r)) {
                out.push_str(local);
            } else {
                out.push_str(&masks.of(Kind::User, local));
            }
            out.push('@');
            mask_part(domain, masks, out);
            out.push_str(tail);
            return;
        }
    }
    // Outside an address, `=` joins a tag to its value (`header.d=example.com`).
    for (n, piece) in word.split('=').enumerate() {
        if n > 0 {
            out.push('=');
        }
        if is_host(piece) {
            out.push_str(&masks.host(piece));
            continue;
        }
        // An IP address alone or inside a word (`2025.05.13-54.240.7.12`).
        for bit in piece.split_inclusive(['-', '_']) {
            let ip = bit.trim_end_matches(['-', '_']);
            if ip.parse::<Ipv4Addr>().is_ok() {
                out.push_str(&masks.of(Kind::Ipv4, ip));
                out.push_str(&bit[ip.len()..]);
            } else {
                out.push_str(bit);
            }
        }
    }
    out.push_str(tail);
}

/// Whether `word` reads as a host name: two labels or more of letters, digits, `-` and `_`, the
/// last one letters, ending in a suffix the Public Suffix List knows.
fn is_host(word: &str) -> bool {
    let labels: Vec<&str> = word.split('.').collect();
    let last = labels[labels.len() - 1];
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        && (2..=24).contains(&last.len())
        && last.bytes().all(|b| b.is_ascii_alphabetic())
        && (has_known_suffix(word) || PRIVATE_SUFFIXES.iter().any(|s| last.eq_ignore_ascii_case(s)))
}

/// Top-level names no registry delegates, which test data, documentation and private networks
/// use: RFC 2606 §2, RFC 6762 §3 (`local`) and its Appendix G (names in private use).
const PRIVATE_SUFFIXES: &[&str] =
    &["example", "test", "invalid", "localhost", "local", "intranet", "internal", "private", "corp", "home", "lan"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_kind_and_keeps_the_words() {
        let text = "From: \"Alice Smith\" <alice@acme.com>\n\
                    Received: from mail.acme.com (mail.acme.com [203.0.114.7]) by mx.google.com\n\
                    550 5.1.1 <bob@acme.com>: Recipient address rejected: User unknown. See acme.com.\n\
                    Relay: [IPv6:2a00:1450:4864:20::52c]\n";
        let out = redact(text);
        for leak in ["alice", "Alice", "Smith", "acme", "bob", "203.0.114.7", "2a00:1450"] {
            assert!(!out.contains(leak), "{leak} left in:\n{out}");
        }
        assert!(out.contains("From: \"Name 1\" <user1@domain1.example>"), "{out}");
        assert!(out.contains("from host1.domain1.example (host1.domain1.example [192.0.2.1]) by mx.google.com"), "{out}");
        assert!(out.contains("550 5.1.1 <user2@domain1.example>: Recipient address rejected: User unknown. See domain1.example."), "{out}");
        assert!(out.contains("[IPv6:2001:db8::1]"), "{out}");
    }

    #[test]
    fn a_display_name_is_masked_in_running_text_too_encoded_or_under_a_german_label() {
        let text = "Von: Jonas Hartmann <j.hartmann@kanzlei.example>\n\
                    An: =?UTF-8?Q?Lenka_Mar=C5=A1=C3=A1lkov=C3=A1?= <lenka@firma.cz>\n\n\
                    Die Nachricht an Lenka Maršálková konnte nicht zugestellt werden. Jonas Hartmann\n\
                    From: Mail Delivery System <MAILER-DAEMON@mx.kanzlei.example>\n";
        let out = redact(text);
        for leak in ["Jonas", "Hartmann", "Lenka", "Maršálková", "kanzlei", "firma"] {
            assert!(!out.contains(leak), "{leak} left in:\n{out}");
        }
        assert!(out.contains("Von: Name 1 <user1@domain1.example>"), "{out}");
        assert!(out.contains("An: Name 2 <user2@domain2.example>"), "{out}");
        assert!(out.contains("Die Nachricht an Name 2 konnte nicht zugestellt werden. Name 1\n"), "{out}");
        assert!(out.contains("From: Mail Delivery System <MAILER-DAEMON@host1.domain1.example>"), "{out}");
    }

    #[test]
    fn keeps_what_is_not_an_address_a_host_or_an_ip() {
        let text = "Status: 5.7.1\nDiagnostic-Code: smtp; 550 5.1.10 RESOLVER.ADR.RecipientNotFound; \
                    Date: Mon, 7 Dec 2026 10:11:12 +0100 (see index.html, e.g. the log)\n";
        assert_eq!(redact(text), text);
    }

    #[test]
    fn one_value_one_mask_whatever_its_case() {
        let out = redact("To: Bob <Bob@Example.org>\nFor: bob@example.org, carol@example.org at Example.Org\n");
        assert!(out.contains("To: Name 1 <user1@domain1.example>"), "{out}");
        assert!(out.contains("For: user1@domain1.example, user2@domain1.example at domain1.example"), "{out}");
    }

    #[test]
    fn keeps_providers_and_protocol_labels() {
        let out = redact("dkim=pass header.d=acme.co.uk; _dmarc.acme.co.uk s1._domainkey.acme.co.uk jane@gmail.com\n");
        assert_eq!(out, "dkim=pass header.d=domain1.example; _dmarc.domain1.example host1._domainkey.domain1.example user1@gmail.com\n");
    }

    #[test]
    fn nothing_lost_of_odd_input() {
        for text in ["", "<", "<@>", "a@", "@b.com", "\"\" <x@y.com>", "::", "é@ü.de ü.de", "x".repeat(5000).as_str()] {
            let out = redact(text);
            assert_eq!(out.lines().count(), text.lines().count(), "{text:?} → {out:?}");
        }
        assert_eq!(redact("no data here\r\nat all"), "no data here\r\nat all");
    }
}
