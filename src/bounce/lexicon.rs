//! The cause lexicon: phrases that mail systems put in their replies and notices, each with the
//! reason it names and the source it was taken from, as data (`data/causes/*.tsv`), matched in one
//! pass over the text.
//!
//! Which phrase decides, when several occur, does not depend on the order of the files:
//! - overlapping matches resolve leftmost-longest (`sender address rejected` hides the
//!   `address rejected` inside it);
//! - every entry has a [`Strength`]: a vendor's own code (`aup#cdrbl`, `mi:spf`, `xgemail_0004`)
//!   names its cause exactly and outranks any wording; a phrase names a cause; a word that only
//!   suggests one (`policy`, `spam`, `ip address`, marked `weak` in the files) is outweighed by
//!   an enhanced status code's detail (see `reason::classify`);
//! - among the matches of the highest strength, the reason that comes first in [`PRIORITY`]
//!   wins: the specific causes before the general ones, time last.
//!
//! A line is `phrase<TAB>reason<TAB>source`, with an optional fourth field `weak`. The reason
//! [`NO_CAUSE`] marks a vendor's framing words that name no cause themselves ("Primary target
//! IP address responded with"): matched like any phrase, they hide the words inside them.

use std::sync::OnceLock;

/// A lexicon file as the binary carries it: made at compile time from the file as written,
/// without its comments and sources (they stay in the files, which a test checks), so the page
/// pays only for what it matches.
macro_rules! compact_file {
    ($name:literal) => {{
        const FULL: &[u8] = include_bytes!(concat!("../../data/causes/", $name));
        const LEN: usize = compact(FULL, &mut []);
        const OUT: [u8; LEN] = {
            let mut out = [0u8; LEN];
            compact(FULL, &mut out);
            out
        };
        ($name, &OUT as &[u8])
    }};
}

/// The lexicon's files, in the order they are read; `(name, compact text)`.
const FILES: &[(&str, &[u8])] = &[
    compact_file!("core.tsv"),
    compact_file!("mta.tsv"),
    compact_file!("providers.tsv"),
    compact_file!("gateways-regional.tsv"),
];

/// `text` with its blank and comment lines left out and every source field emptied
/// (`phrase<TAB>reason<TAB><TAB>weak`), written into `out` as far as it reaches; its length.
const fn compact(text: &[u8], out: &mut [u8]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < text.len() {
        let start = i;
        while i < text.len() && text[i] != b'\n' {
            i += 1;
        }
        let end = i;
        i += 1;
        if end == start || text[start] == b'#' {
            continue;
        }
        // Copy the line field by field, leaving the third (the source) empty.
        let (mut j, mut field) = (start, 0);
        while j < end {
            let b = text[j];
            if b == b'\t' {
                field += 1;
            }
            if field != 2 || b == b'\t' {
                if n < out.len() {
                    out[n] = b;
                }
                n += 1;
            }
            j += 1;
        }
        if n < out.len() {
            out[n] = b'\n';
        }
        n += 1;
    }
    n
}

/// The reason of framing words that name no cause.
pub const NO_CAUSE: &str = "-";

/// Reasons from the most specific cause to the most general: among matches of equal strength,
/// the earlier reason wins. Every reason the lexicon names is here (a test checks).
pub const PRIORITY: &[&str] = &[
    "authfailure",
    "requireptr",
    "notcompliantrfc",
    "virusdetected",
    "mailboxfull",
    "mesgtoobig",
    "exceedlimit",
    "hasmoved",
    "suspend",
    "norelaying",
    "toomanyconn",
    "speeding",
    "badreputation",
    "blocked",
    "spamdetected",
    "policyviolation",
    "securityerror",
    "contenterror",
    // What a refusal names the sender (`sender address rejected: domain not found`) before what
    // it says of an address or a domain.
    "rejected",
    "notaccept",
    "hostunknown",
    "userunknown",
    "filtered",
    "networkerror",
    "systemfull",
    "mailererror",
    "syntaxerror",
    "systemerror",
    "onhold",
    "expired",
];

/// One phrase of the lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The phrase, case-folded, single spaces.
    pub phrase: &'static str,
    /// The reason it names (a name of [`PRIORITY`]).
    pub reason: &'static str,
    /// The lexicon file it is in.
    pub file: &'static str,
    /// How much the phrase says.
    pub strength: Strength,
}

/// How much a phrase of the lexicon says about the cause, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// A vendor's own code for the cause: one token with a digit or a sign in it.
    Code,
    /// Words that name the cause.
    Phrase,
    /// A word that suggests a cause; an enhanced status code's detail says more.
    Weak,
}

/// A line of a lexicon file that cannot be read, with its file and line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub file: &'static str,
    pub line: usize,
    pub problem: String,
}

/// The phrase found that decides, and how strongly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Index into [`entries`].
    pub entry: usize,
    pub reason: &'static str,
    pub strength: Strength,
}

/// Every entry of every file, in file order; lines that cannot be read are left out (a test
/// requires every line of the files as written to be read, with its source).
pub fn entries() -> &'static [Entry] {
    &lexicon().entries
}

struct Lexicon {
    entries: Vec<Entry>,
    /// Entry indices filed by the slot of their first two bytes.
    index: Vec<Vec<u32>>,
}

/// Slots of the index: entries are filed by their first two bytes, folded to 12 bits.
const SLOTS: usize = 1 << 12;

fn slot(a: u8, b: u8) -> usize {
    (usize::from(a & 0x3f) << 6) | usize::from(b & 0x3f)
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let files = FILES.iter().map(|(name, text)| (*name, std::str::from_utf8(text).unwrap_or("")));
        let entries = read_files(files, false).0;
        let mut index = vec![Vec::new(); SLOTS];
        for (i, e) in entries.iter().enumerate() {
            if let [a, b, ..] = e.phrase.as_bytes() {
                index[slot(*a, *b)].push(i as u32);
            }
        }
        Lexicon { entries, index }
    })
}

/// The entries of `files` (`(name, text)`), and the lines that cannot be read; a line without
/// a source is bad only where `sources` are required (the files as written, not as compacted).
fn read_files(
    files: impl Iterator<Item = (&'static str, &'static str)>,
    sources: bool,
) -> (Vec<Entry>, Vec<BadLine>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut bad = Vec::new();
    for (file, text) in files {
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (phrase, reason, source) = (fields.next(), fields.next(), fields.next());
            let (weak, extra) = (fields.next(), fields.next());
            let problem = match (phrase, reason, source, weak, extra) {
                (Some(p), Some(r), Some(s), None | Some("weak"), None) => check_entry(p, r, s, sources),
                _ => Some("not three TAB-separated fields and an optional `weak`".to_string()),
            };
            if let Some(problem) = problem {
                bad.push(BadLine { file, line: n + 1, problem });
                continue;
            }
            let phrase = phrase.unwrap_or("");
            let known = PRIORITY.iter().chain([&NO_CAUSE]).copied();
            let Some(reason) = known.into_iter().find(|r| Some(*r) == reason) else {
                continue;
            };
            match entries.iter().find(|e| e.phrase == phrase) {
                Some(e) if e.reason != reason => bad.push(BadLine {
                    file,
                    line: n + 1,
                    problem: format!("{phrase:?} names {reason} here, {} in {}", e.reason, e.file),
                }),
                // The same phrase for the same reason in two files: one entry is enough.
                Some(_) => {}
                None => {
                    let strength = if weak.is_some() { Strength::Weak } else { strength_of(phrase) };
                    entries.push(Entry { phrase, reason, file, strength });
                }
            }
        }
    }
    (entries, bad)
}

/// What is wrong with an entry's fields, if anything.
fn check_entry(phrase: &str, reason: &str, source: &str, sources: bool) -> Option<String> {
    if !PRIORITY.contains(&reason) && reason != NO_CAUSE {
        return Some(format!("unknown reason {reason:?}"));
    }
    if sources && source.trim().is_empty() {
        return Some("no source".to_string());
    }
    if phrase.len() < 3 {
        return Some(format!("phrase {phrase:?} is shorter than 3 bytes"));
    }
    if normalize(phrase) != phrase {
        return Some(format!("phrase {phrase:?} is not case-folded with single spaces"));
    }
    None
}

/// The strength of an entry not marked `weak`: one token with a digit or a sign in it is a
/// vendor's code; anything else names its cause (the files mark the words that only suggest
/// one, since no rule can tell `spamhaus` from `blocked`).
fn strength_of(phrase: &str) -> Strength {
    let token = !phrase.contains(' ');
    if token && phrase.bytes().any(|b| b.is_ascii_digit() || b"#:_./".contains(&b)) {
        Strength::Code
    } else {
        Strength::Phrase
    }
}

/// The text as the lexicon's phrases are written: case-folded, every run of white space one
/// space, no space at either end.
pub fn normalize(text: &str) -> String {
    let folded = crate::scan::fold_case(text);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The deciding phrase in `text`, if any phrase of the lexicon occurs in it.
pub fn find(text: &str) -> Option<Found> {
    if text.is_empty() {
        return None;
    }
    find_in_normalized(normalize(text).as_bytes())
}

/// [`find`] over text already [`normalize`]d.
fn find_in_normalized(text: &[u8]) -> Option<Found> {
    let lex = lexicon();
    let auditing = audit::active();
    let rank = |e: &Entry| (e.strength, PRIORITY.iter().position(|r| *r == e.reason));
    let mut best: Option<usize> = None;
    let mut start = 0;
    while start + 1 < text.len() {
        let rest = &text[start..];
        // The longest phrase that starts here.
        let longest = lex.index[slot(rest[0], rest[1])]
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| rest.starts_with(lex.entries[i].phrase.as_bytes()))
            .filter(|&i| !auditing || audit::enabled(i))
            .max_by_key(|&i| lex.entries[i].phrase.len());
        match longest {
            Some(i) => {
                if auditing {
                    audit::fired(i);
                }
                let cause = lex.entries[i].reason != NO_CAUSE;
                if cause && best.is_none_or(|b| rank(&lex.entries[i]) < rank(&lex.entries[b])) {
                    best = Some(i);
                }
                start += lex.entries[i].phrase.len();
            }
            None => start += 1,
        }
    }
    best.map(|i| Found { entry: i, reason: lex.entries[i].reason, strength: lex.entries[i].strength })
}

/// For measuring the lexicon (the leave-one-family-out report): which entries fire, and
/// classification with some entries left out. Both are per thread and off unless asked for.
pub mod audit {
    use std::cell::RefCell;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Whether any thread measures the lexicon: off, matching asks no thread-local state.
    static ACTIVE: AtomicBool = AtomicBool::new(false);

    pub(super) fn active() -> bool {
        ACTIVE.load(Ordering::Relaxed)
    }

    thread_local! {
        static LEFT_OUT: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
        static FIRED: RefCell<Option<Vec<usize>>> = const { RefCell::new(None) };
    }

    /// Runs `f` as if the entries `left_out` were not in the lexicon.
    pub fn without<T>(left_out: &[usize], f: impl FnOnce() -> T) -> T {
        ACTIVE.store(true, Ordering::Relaxed);
        LEFT_OUT.with(|l| *l.borrow_mut() = left_out.to_vec());
        let out = f();
        LEFT_OUT.with(|l| l.borrow_mut().clear());
        out
    }

    /// Runs `f` and returns, beside its value, every entry that matched while it ran.
    pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<usize>) {
        ACTIVE.store(true, Ordering::Relaxed);
        FIRED.with(|r| *r.borrow_mut() = Some(Vec::new()));
        let out = f();
        let fired = FIRED.with(|r| r.borrow_mut().take()).unwrap_or_default();
        (out, fired)
    }

    pub(super) fn enabled(entry: usize) -> bool {
        LEFT_OUT.with(|l| {
            let l = l.borrow();
            l.is_empty() || !l.contains(&entry)
        })
    }

    pub(super) fn fired(entry: usize) {
        FIRED.with(|r| {
            if let Some(v) = r.borrow_mut().as_mut() {
                v.push(entry);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files as written, with their sources.
    const WRITTEN: &[(&str, &str)] = &[
        ("core.tsv", include_str!("../../data/causes/core.tsv")),
        ("mta.tsv", include_str!("../../data/causes/mta.tsv")),
        ("providers.tsv", include_str!("../../data/causes/providers.tsv")),
        ("gateways-regional.tsv", include_str!("../../data/causes/gateways-regional.tsv")),
    ];

    #[test]
    fn every_line_of_every_file_is_read_with_its_source() {
        assert_eq!(WRITTEN.len(), FILES.len());
        let (written, bad) = read_files(WRITTEN.iter().copied(), true);
        assert!(bad.is_empty(), "{bad:#?}");
        // What the binary carries reads to the same entries.
        assert_eq!(entries(), &written[..]);
        assert!(entries().len() > 500);
        // Every entry names where its wording comes from: the first table's unsourced lines were
        // sourced or dropped, and none may come back.
        let unsourced: Vec<&str> = WRITTEN.iter().flat_map(|(_, t)| t.lines()).filter(|l| l.contains("\tmxray-v1")).collect();
        assert!(unsourced.is_empty(), "entries without a source: {unsourced:#?}");
        println!("lexicon: {} entries, each with its source", entries().len());
    }

    #[test]
    fn every_reason_has_a_priority_and_a_meaning() {
        for reason in PRIORITY {
            assert!(!crate::bounce::reason::describe_reason(reason).is_empty(), "{reason}");
        }
    }

    #[test]
    fn longest_then_strength_then_priority() {
        let reason = |t: &str| find(t).map(|f| f.reason);
        // The longer phrase hides the one inside it.
        assert_eq!(reason("550 Sender address rejected: Domain not found"), Some("rejected"));
        // A phrase outranks a weak word of a higher priority; a vendor's code outranks a phrase.
        assert_eq!(reason("550 5.1.0 sender rejected. XGEMAIL_0004"), Some("blocked"));
        assert_eq!(reason("550 user unknown, see our policy"), Some("userunknown"));
        // Among strong phrases the more specific cause wins, wherever it stands.
        assert_eq!(reason("user unknown; mailbox full"), Some("mailboxfull"));
        // Line breaks and capitals in the server's words do not hide a phrase.
        assert_eq!(reason("552 Mailbox\n    FULL"), Some("mailboxfull"));
        assert_eq!(reason("nothing to see"), None);
        assert_eq!(reason(""), None);
    }

    #[test]
    fn matcher_agrees_with_a_plain_search() {
        // Leftmost-longest, non-overlapping, then rank: written the slow way.
        let plain = |text: &str| {
            let text = normalize(text);
            let mut best: Option<&Entry> = None;
            let mut i = 0;
            while i < text.len() {
                let here = entries().iter().filter(|e| text.as_bytes()[i..].starts_with(e.phrase.as_bytes())).max_by_key(|e| e.phrase.len());
                if let Some(e) = here.filter(|e| e.reason != NO_CAUSE) {
                    let rank = |e: &Entry| (e.strength, PRIORITY.iter().position(|r| *r == e.reason));
                    if best.is_none_or(|b| rank(e) < rank(b)) {
                        best = Some(e);
                    }
                    i += e.phrase.len();
                } else if let Some(e) = here {
                    i += e.phrase.len();
                } else {
                    i += 1;
                }
            }
            best.map(|e| e.reason)
        };
        let mut texts: Vec<String> = entries().iter().map(|e| format!("x {} y", e.phrase)).collect();
        texts.push(entries().iter().rev().map(|e| e.phrase).collect::<Vec<_>>().join(" "));
        texts.extend(["a".into(), "ü€ mailbox".into(), "Пользователь не найден".into()]);
        for text in &texts {
            assert_eq!(find(text).map(|f| f.reason), plain(text), "{text}");
        }
    }

    #[test]
    fn audit_leaves_out_and_records() {
        let text = "552 mailbox full";
        let found = find(text).expect("a phrase");
        let (_, fired) = audit::recording(|| find(text));
        assert!(fired.contains(&found.entry));
        assert_ne!(audit::without(&[found.entry], || find(text)).map(|f| f.entry), Some(found.entry));
    }
}
