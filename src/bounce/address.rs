//! Mail addresses inside free text: `local@domain.tld`, with quoted local parts and the
//! characters RFC 5322 allows in atoms. Scanning is bounded per `@`, so it stays linear.

/// Longest local part considered (RFC 5321 allows 64 octets; a little slack for odd senders).
const MAX_LOCAL: usize = 128;

/// Longest domain considered.
const MAX_DOMAIN: usize = 255;

/// An address found in text: where it starts and ends (bytes) and the address itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

impl Found {
    /// The address text in `s`.
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

fn is_atext(c: char) -> bool {
    c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '.'
}

/// Every address in `s`, in order.
pub(crate) fn find_addresses(s: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = s[from..].find('@') {
        let at = from + rel;
        from = at + 1;
        if let Some(found) = address_around(s, at) {
            if out.last().is_none_or(|last: &Found| found.start >= last.end) {
                from = found.end.max(from);
                out.push(found);
            }
        }
    }
    out
}

/// Whether `s` (trimmed) is one address and nothing else.
pub(crate) fn is_plain_address(s: &str) -> bool {
    let s = s.trim();
    let found = find_addresses(s);
    found.len() == 1 && found[0].start == 0 && found[0].end == s.len()
}

/// The address whose `@` is at byte `at`, if the text around it makes one.
fn address_around(s: &str, at: usize) -> Option<Found> {
    let before = &s[..at];
    let start = if let Some(inner) = before.strip_suffix('"') {
        inner.char_indices().rev().take(MAX_LOCAL).find(|(_, c)| *c == '"')?.0
    } else {
        let mut start = at;
        for (i, c) in before.char_indices().rev().take(MAX_LOCAL) {
            if !is_atext(c) {
                break;
            }
            start = i;
        }
        // Leading dots and quotes of a sentence are not part of the address.
        while s[start..at].starts_with(['.', '\'']) && start < at {
            start += 1;
        }
        start
    };
    if start == at {
        return None;
    }
    let mut end = at + 1;
    for (i, c) in s[at + 1..].char_indices().take(MAX_DOMAIN) {
        if !is_domain_char(c) {
            break;
        }
        end = at + 1 + i + c.len_utf8();
    }
    while s[..end].ends_with(['.', '-']) {
        end -= 1;
    }
    let domain = &s[at + 1..end];
    let labels_ok = domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.contains("..")
        && domain.rsplit('.').next().is_some_and(|tld| tld.chars().any(char::is_alphabetic));
    labels_ok.then_some(Found { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        let found: Vec<&str> = find_addresses(input).iter().map(|f| f.text(input)).collect();
        assert_eq!(found, expected, "in {input:?}");
    }

    #[test]
    fn addresses_in_text() {
        check("<a@example.com>: host x said:", &["a@example.com"]);
        check("to a.b+c@x.example.org. Thanks", &["a.b+c@x.example.org"]);
        check("\"neko..nyaan\"@libsisimai.org", &["\"neko..nyaan\"@libsisimai.org"]);
        check("nyaan%gol.com@q002.gol.com", &["nyaan%gol.com@q002.gol.com"]);
        check("user@localhost and x@192.0.2.1", &[]);
        check("a@b.example<mailto:a@b.example>", &["a@b.example", "a@b.example"]);
        check("@@@ x@ @y.example", &[]);
        check("été@exemple.fr", &["été@exemple.fr"]);
    }

    #[test]
    fn plain_addresses() {
        assert!(is_plain_address(" a@b.example "));
        assert!(!is_plain_address("|/bin/x a@b.example"));
        assert!(!is_plain_address("@mx.example.org"));
    }
}
