//! Cheap pre-checks for looking up many phrases in one text.

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
