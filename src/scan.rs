//! The text primitives every analyser may use: line ends, case folding for phrase matching,
//! shortening for display, and cheap pre-checks for looking up many phrases in one text.
//! The bottom of the crate: it imports nothing of it.

use std::borrow::Cow;

/// Which pairs of adjacent bytes occur in a text, each pair folded to one of 4096 bits. A phrase
/// can only occur in the text if every pair of adjacent bytes in it does, so most phrases of a
/// table are ruled out without a substring search.
pub(crate) struct BytePairs([u64; 64]);

impl BytePairs {
    /// The pairs of adjacent bytes of `text`.
    pub(crate) fn of(text: &str) -> BytePairs {
        let mut bits = [0u64; 64];
        for pair in text.as_bytes().windows(2) {
            let slot = pair_slot(pair[0], pair[1]);
            bits[slot / 64] |= 1 << (slot % 64);
        }
        BytePairs(bits)
    }

    /// Whether every pair of adjacent bytes of `phrase` occurs in the text: false means the
    /// phrase certainly does not occur in it.
    pub(crate) fn may_contain(&self, phrase: &str) -> bool {
        phrase.as_bytes().windows(2).all(|pair| {
            let slot = pair_slot(pair[0], pair[1]);
            self.0[slot / 64] & (1 << (slot % 64)) != 0
        })
    }

    /// Whether `phrase` occurs in `text`, the text these pairs were taken from.
    pub(crate) fn contains(&self, text: &str, phrase: &str) -> bool {
        self.may_contain(phrase) && text.contains(phrase)
    }
}

/// The bit for the byte pair `a`, `b`: the low six bits of each (letters, digits and most
/// punctuation keep apart; other pairs may share a bit, which only weakens the pre-check).
fn pair_slot(a: u8, b: u8) -> usize {
    (usize::from(a & 0x3f) << 6) | usize::from(b & 0x3f)
}

/// CR LF and bare CR turned into LF (most text has neither: it is lent back as it is).
pub(crate) fn normalize_line_ends(s: &str) -> Cow<'_, str> {
    if !s.as_bytes().contains(&b'\r') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut pieces = s.split('\r');
    out.push_str(pieces.next().unwrap_or(""));
    for piece in pieces {
        out.push('\n');
        out.push_str(piece.strip_prefix('\n').unwrap_or(piece));
    }
    Cow::Owned(out)
}

/// The longest start of `s` of at most `max` bytes that ends on a character boundary.
pub(crate) fn head(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Cut `s` to at most `max` characters, marking the cut with an ellipsis.
pub(crate) fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]).into(),
        None => s.into(),
    }
}

/// `s` in lower case for matching phrases: the capitals of ASCII, Latin-1, Latin Extended-A,
/// unaccented Greek (Σ always to σ) and Cyrillic folded. Not general Unicode lowercasing: it
/// keeps core's case tables (about 2 KB gzip) out of the page, and covers the languages of the
/// phrases mxray looks for.
pub(crate) fn fold_case(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase(); // most mail: a bulk copy, not a char at a time
    }
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char));
    out
}

fn fold_char(c: char) -> char {
    let u = c as u32;
    let folded = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => u + 0x20,
        0x400..=0x40F => u + 0x50,
        // Latin Extended-A pairs capital/small: even capitals up to ı, odd ones from Ĺ to Ň and
        // from Ź; Ÿ is ÿ.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u.is_multiple_of(2) => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !u.is_multiple_of(2) => u + 1,
        0x178 => 0xFF,
        _ => u,
    };
    char::from_u32(folded).unwrap_or(c)
}

/// Whether `a` and `b` are one typing slip apart: one byte changed, added or dropped, or two
/// neighbouring bytes swapped (`inlcude` for `include`, `rejct` for `reject`); ASCII case counts.
pub(crate) fn one_slip_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        diff.len() == 1 || (diff.len() == 2 && diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]])
    } else {
        let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
        long.len() == short.len() + 1 && (0..long.len()).any(|i| long[..i] == short[..i] && long[i + 1..] == short[i..])
    }
}

/// The word of `known` that `word` is one typing slip from, or that it extends by a
/// grammatical ending (`rejected` for `reject`), compared in lower case; if any.
pub(crate) fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let extends = |k: &str| k.len() >= 4 && word.len() <= k.len() + 3 && word.starts_with(k);
    known.iter().copied().find(|k| k.len() > 1 && word != *k && (one_slip_apart(&word, k) || extends(k)))
}

#[cfg(test)]
mod fold_tests {
    #[test]
    fn fold_case_agrees_with_unicode_lowercasing_where_it_folds() {
        for c in (0u32..0x500).filter_map(char::from_u32) {
            let folded = super::fold_char(c);
            if folded != c {
                assert_eq!(c.to_lowercase().collect::<String>(), folded.to_string(), "{c} U+{:04X}", c as u32);
            }
        }
        assert_eq!(super::fold_case("Пользователь НЕ найден: Ünbekannt ŁÓDŹ ΔΕΝ"), "пользователь не найден: ünbekannt łódź δεν");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_contains() {
        let text = "550 5.1.1 <Ünïcode@example.com>: Recipient address rejected";
        let pairs = BytePairs::of(text);
        for phrase in ["", "a", "550", "address rejected", "rejected!", "ünï", "xyz", "d"] {
            assert_eq!(pairs.contains(text, phrase), text.contains(phrase), "{phrase}");
        }
        assert!(!BytePairs::of("").may_contain("ab"));
        assert!(BytePairs::of("").may_contain("a"));
    }
}

#[cfg(test)]
mod slip_tests {
    use super::{did_you_mean, one_slip_apart};

    #[test]
    fn one_slip_is_a_change_an_addition_a_drop_or_a_swap() {
        for (typo, meant) in [("inlcude", "include"), ("incude", "include"), ("includes", "include"), ("rejct", "reject"), ("quarentine", "quarantine"), ("rue", "rua")] {
            assert!(one_slip_apart(typo, meant), "{typo}");
        }
        for (other, word) in [("include", "include"), ("exist", "include"), ("ab", "bax"), ("", "ab")] {
            assert!(!one_slip_apart(other, word), "{other} {word}");
        }
        assert_eq!(did_you_mean("INLCUDE", &["all", "include", "a"]), Some("include"));
        assert_eq!(did_you_mean("x", &["a"]), None);
        assert_eq!(did_you_mean("rejected", &["none", "reject"]), Some("reject"));
        assert_eq!(did_you_mean("reject", &["none", "reject"]), None);
    }
}
