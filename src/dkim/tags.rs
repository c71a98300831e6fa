//! The DKIM tag-list grammar (RFC 6376 §3.2), shared by DKIM-Signature fields and key records:
//! `tag-spec *( ";" tag-spec ) [ ";" ]`, `tag-spec = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]`.

use std::ops::Range;

use nom::bytes::complete::{tag, take_while, take_while1};
use nom::{IResult, Parser};

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

/// `[FWS] tag-name [FWS] "="`, returning the name.
fn tag_name(i: &str) -> IResult<&str, &str> {
    let (i, (_, name, _, _)) = (
        take_while(is_fws),
        take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_'),
        take_while(is_fws),
        tag("="),
    )
        .parse(i)?;
    Ok((i, name))
}

/// Read a tag list. Parts that are not `name=value` are errors with their byte offset; empty
/// parts (`;;`) are allowed.
pub fn tag_list(text: &str) -> (Vec<Tag<'_>>, Vec<SyntaxError>) {
    let mut tags = Vec::new();
    let mut errors = Vec::new();
    let mut at = 0;
    for part in text.split(';') {
        let start = at;
        at += part.len() + 1;
        if part.trim_matches(is_fws).is_empty() {
            continue;
        }
        match tag_name(part) {
            Ok((rest, name)) => {
                let value_start = start + part.len() - rest.len();
                let position = start + part.find(name).unwrap_or(0);
                tags.push(Tag { name, value: rest.trim_matches(is_fws), position, value_span: value_start..start + part.len() });
            }
            Err(_) => {
                let lead = part.len() - part.trim_start_matches(is_fws).len();
                errors.push(SyntaxError {
                    position: start + lead,
                    message: format!("`{}` is not a `tag=value` pair: DKIM tags are `name=value`, separated by `;`.", crate::shorten(part.trim_matches(is_fws), 40)),
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
