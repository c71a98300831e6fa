//! The DKIM tag-list grammar (RFC 6376 §3.2), shared by DKIM-Signature fields and key records:
//! `tag-spec *( ";" tag-spec ) [ ";" ]`, `tag-spec = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]`.
//! Small enough to read by splitting: `;` ends a tag-spec and the first `=` ends its name (tag
//! values may contain `=`, never `;`).

use std::ops::Range;

use crate::report::SyntaxError;

/// One `name=value` of a tag list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The name as written (tag names are case-sensitive).
    pub name: &'a str,
    /// The value, folding whitespace at both ends removed.
    pub value: &'a str,
    /// Byte offset of the name in the list.
    pub position: usize,
    /// Everything between `=` and the next `;` (or the end), whitespace included: what a
    /// verifier empties for `b=` (RFC 6376 §3.7).
    pub value_span: Range<usize>,
}

fn is_fws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// `[FWS] tag-name [FWS] "="`: the name and what follows the `=`.
fn tag_name(part: &str) -> Option<(&str, &str)> {
    let (name, rest) = part.split_once('=')?;
    let name = name.trim_matches(is_fws);
    let ok = name.starts_with(|c: char| c.is_ascii_alphanumeric()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    ok.then_some((name, rest))
}

/// The non-empty `;`-separated parts of a tag list with their byte offsets.
fn parts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(';')
        .scan(0, |at, part| {
            let start = *at;
            *at += part.len() + 1;
            Some((start, part))
        })
        .filter(|(_, part)| !part.trim_matches(is_fws).is_empty())
}

/// The well-formed `name=value` pairs, values trimmed: enough to show a field's tags.
pub fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    parts(text).filter_map(|(_, part)| tag_name(part)).map(|(name, rest)| (name, rest.trim_matches(is_fws)))
}

/// Read a tag list. Parts that are not `name=value` are errors with their byte offset; empty
/// parts (`;;`) are allowed.
pub fn tag_list(text: &str) -> (Vec<Tag<'_>>, Vec<SyntaxError>) {
    let mut tags = Vec::new();
    let mut errors = Vec::new();
    for (start, part) in parts(text) {
        match tag_name(part) {
            Some((name, rest)) => {
                let value_start = start + part.len() - rest.len();
                let position = start + part.find(name).unwrap_or(0);
                tags.push(Tag { name, value: rest.trim_matches(is_fws), position, value_span: value_start..start + part.len() });
            }
            None => {
                let lead = part.len() - part.trim_start_matches(is_fws).len();
                errors.push(SyntaxError {
                    position: start + lead,
                    message: format!("`{}` is not a `tag=value` pair: DKIM tags are `name=value`, separated by `;`.", crate::scan::shorten(part.trim_matches(is_fws), 40)),
                });
            }
        }
    }
    (tags, errors)
}

/// A value with all whitespace removed (`b=`, `bh=`, `p=` are base64 that may be folded).
pub fn without_whitespace(value: &str) -> String {
    value.chars().filter(|c| !c.is_ascii_whitespace()).collect()
}
