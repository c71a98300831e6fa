//! The shape every table of the knowledge base shares: an enhanced status code as numbers, and
//! a table entry made an explanation with what its class implies.

use super::steps;
use crate::report::{Actor, Explanation};

/// An enhanced status code (RFC 3463): `class.subject.detail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Status {
    pub class: u8,
    pub subject: u16,
    pub detail: u16,
}

impl Status {
    /// The code starting at `at`, with the index just after it; needs a boundary on both sides.
    pub fn at(b: &[u8], at: usize) -> Option<(Status, usize)> {
        let class = *b.get(at)?;
        if !matches!(class, b'2' | b'4' | b'5') || b.get(at + 1) != Some(&b'.') {
            return None;
        }
        if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'.') {
            return None;
        }
        let (subject, i) = number(b, at + 2)?;
        if b.get(i) != Some(&b'.') {
            return None;
        }
        let (detail, end) = number(b, i + 1)?;
        // "4.16.55.1" is not a status code: no dot-and-digit may follow.
        if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        Some((Status { class: class - b'0', subject, detail }, end))
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

/// One to three digits at `at`, not followed by another digit or a letter.
fn number(b: &[u8], at: usize) -> Option<(u16, usize)> {
    let len = b[at.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    let end = at + len;
    if !(1..=3).contains(&len) || b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let value = b[at..end].iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    Some((value, end))
}

/// A table entry as an explanation, with what its class implies: what the class means, and for
/// a temporary failure the advice to wait first.
pub(super) fn coded(
    code: String,
    class: u8,
    title: &str,
    meaning: &str,
    actor: Actor,
    entry_steps: &[&str],
    source: String,
) -> Explanation {
    let (note, actor) = match class {
        2 => ("The server reports success: nothing needs to be done.", Actor::Nobody),
        3 => ("This is an intermediate reply: the server waits for the next step.", Actor::Nobody),
        4 => ("This is temporary: the sending server keeps retrying, so the message may still arrive.", actor),
        _ => ("This is permanent: the message was not delivered, and sending it unchanged will fail again.", actor),
    };
    let mut list: Vec<String> = Vec::new();
    if class == 4 {
        list.push(steps::WAIT.into());
    }
    if class >= 4 {
        list.extend(entry_steps.iter().map(|s| s.to_string()));
        if entry_steps.is_empty() {
            list.extend([steps::READ_TEXT, steps::FORWARD_ADMIN].map(String::from));
        }
    }
    Explanation {
        code,
        title: title.into(),
        meaning: format!("{meaning} {note}"),
        actor,
        steps: list,
        source,
    }
}
