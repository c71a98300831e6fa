//! The DMARC record grammar (RFC 7489 §6.4, RFC 9989 §4.7): `v=DMARC1` first, then
//! `tag=value` pairs separated by `;` with optional blanks. One pass checks every value under
//! both RFCs; every problem is an error with its byte position and a message a person can act
//! on. Warnings are `lint`'s job. Sentences with a value in them are joined with `concat`, not
//! `format!`: a bulk check builds many, and the formatting machinery costs several times more.

use std::borrow::Cow;

use super::record::{AlignmentMode, DmarcRecord, DmarcTag, DmarcView, Policy, PsdFlag, ReportUri, TagName};
use crate::report::SyntaxError;

/// A record read once, with what each RFC finds wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DmarcParse {
    /// The tags read (values with errors are left out). Tags one RFC does not define are read
    /// too; that RFC's receivers ignore them.
    pub record: DmarcRecord,
    /// Problems under RFC 9989, in the order of the record.
    pub errors: Vec<SyntaxError>,
    /// Problems under RFC 7489.
    pub errors_rfc7489: Vec<SyntaxError>,
}

impl DmarcParse {
    /// The problems under `view`.
    pub fn errors(&self, view: DmarcView) -> &[SyntaxError] {
        match view {
            DmarcView::Rfc9989 => &self.errors,
            DmarcView::Rfc7489 => &self.errors_rfc7489,
        }
    }
}

/// Which RFCs an error counts under.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Under {
    Both,
    Only(DmarcView),
}

/// Whether a TXT record is a DMARC record: it starts with `v=DMARC1` (blanks allowed around `=`).
pub fn is_dmarc_record(txt: &str) -> bool {
    let first = txt.trim_start().split(';').next().unwrap_or_default();
    matches!(tag_spec(first), Some(("v" | "V", v, _)) if v.starts_with("DMARC1"))
}

/// `s` without the blanks (`WSP`: space, tab) around it, and how many led it.
fn trim_wsp(s: &str) -> (usize, &str) {
    let b = s.as_bytes();
    let is_wsp = |c: &u8| *c == b' ' || *c == b'\t';
    let lead = b.iter().take_while(|c| is_wsp(c)).count();
    let trail = b[lead..].iter().rev().take_while(|c| is_wsp(c)).count();
    (lead, &s[lead..s.len() - trail])
}

/// `tag-name *WSP "=" *WSP tag-value`: one `;`-separated part of a record (blanks around the value
/// trimmed; a part as `parse_record` cuts it has no trailing blanks left, so the trim there is
/// only a look at the last byte).
///
/// Returns the name, the value and the value's byte offset in `i`. Scanned byte by byte: the
/// grammar is four tokens, and this runs for every tag of every record checked.
fn tag_spec(i: &str) -> Option<(&str, &str, usize)> {
    let b = i.as_bytes();
    let skip = |mut at: usize, keep: fn(u8) -> bool| {
        while b.get(at).is_some_and(|&c| keep(c)) {
            at += 1;
        }
        at
    };
    let name_end = skip(0, |c| c.is_ascii_alphanumeric() || c == b'_');
    let eq = skip(name_end, |c| c == b' ' || c == b'\t');
    if name_end == 0 || b.get(eq) != Some(&b'=') {
        return None;
    }
    let value_at = skip(eq + 1, |c| c == b' ' || c == b'\t');
    Some((&i[..name_end], i[value_at..].trim_ascii_end(), value_at))
}

/// Read `text` (one record; blanks around it ignored) under both RFCs at once.
pub fn parse_record(text: &str) -> DmarcParse {
    let mut out = DmarcParse::default();
    let mut err = |under: Under, position: usize, message: String| {
        let e = SyntaxError { position, message };
        match under {
            Under::Both => {
                out.errors_rfc7489.push(e.clone());
                out.errors.push(e);
            }
            Under::Only(DmarcView::Rfc9989) => out.errors.push(e),
            Under::Only(DmarcView::Rfc7489) => out.errors_rfc7489.push(e),
        }
    };
    if text.trim().is_empty() {
        err(Under::Both, 0, "The record is empty: a DMARC record starts with `v=DMARC1; p=` and a policy.".into());
        return out;
    }
    out.record.tags.reserve(8);
    let mut at = 0;
    let mut first = true;
    let mut has_p = false;
    let mut seen = 0u16; // the known tags met so far, a bit each
    let bytes = text.as_bytes();
    while at <= bytes.len() {
        let end = bytes[at..].iter().position(|&c| c == b';').map_or(bytes.len(), |p| at + p);
        let segment = &text[at..end];
        let lead = segment.len() - segment.trim_ascii_start().len();
        let start = at + lead;
        at = end + 1;
        let body = segment[lead..].trim_ascii_end();
        if body.is_empty() {
            continue;
        }
        let Some((name, value, value_offset)) = tag_spec(body) else {
            err(Under::Both, start, format!("`{}` is not a `tag=value` pair: DMARC records are `tag=value` pairs separated by `;`.", crate::scan::shorten(body, 40)));
            continue;
        };
        let value_at = start + value_offset;
        let known = TagName::from_name(name);
        if first {
            first = false;
            match known {
                Some(TagName::V) if value == "DMARC1" => {}
                Some(TagName::V) => err(Under::Both, start, format!("The version must be exactly `v=DMARC1` (upper case), not `v={}`.", crate::scan::shorten(value, 20))),
                _ => err(Under::Both, 0, "A DMARC record must start with `v=DMARC1`; receivers ignore a record that does not.".into()),
            }
        }
        let name_text: Cow<'static, str> = known.map_or_else(|| Cow::Owned(name.to_ascii_lowercase()), |k| Cow::Borrowed(k.as_str()));
        let repeated = match known {
            Some(k) => {
                let bit = 1 << k as u16;
                let met = seen & bit != 0;
                seen |= bit;
                met
            }
            None => out.record.tags.iter().any(|t| t.known.is_none() && t.name == name_text),
        };
        if repeated {
            err(Under::Both, start, format!("`{name_text}` appears twice: receivers may ignore the whole record. Keep one."));
            continue;
        }
        has_p |= known == Some(TagName::P);
        if let Some(known) = known {
            if let Err((under, message)) = read_value(&mut out.record, known, value, value_at) {
                err(under, value_at, message);
            }
        }
        out.record.tags.push(DmarcTag { name: name_text, known, value: value_text(value), position: start });
    }
    if first {
        err(Under::Both, 0, "A DMARC record must start with `v=DMARC1`; receivers ignore a record that does not.".into());
    }
    // RFC 9989 §4.7 makes `p` optional (missing means none; `lint` says so); RFC 7489 requires it.
    if !has_p {
        err(Under::Only(DmarcView::Rfc7489), text.len(), "The record has no `p=` tag: RFC 7489 requires a policy (`p=none`, `p=quarantine` or `p=reject`) right after `v=DMARC1`.".into());
    }
    out
}

/// `value` as written: not copied when it is one of the words records are made of (most values
/// are), as with tag names.
fn value_text(value: &str) -> Cow<'static, str> {
    let word = match value {
        "DMARC1" => "DMARC1",
        "none" => "none",
        "quarantine" => "quarantine",
        "reject" => "reject",
        "r" => "r",
        "s" => "s",
        "y" => "y",
        "n" => "n",
        "u" => "u",
        "0" => "0",
        "1" => "1",
        "d" => "d",
        "afrf" => "afrf",
        "100" => "100",
        "86400" => "86400",
        _ => return Cow::Owned(value.to_string()),
    };
    Cow::Borrowed(word)
}

/// The entry of `words` that `value` is, in any case.
fn one_of<T: Copy>(value: &str, words: &[(&str, T)]) -> Option<T> {
    words.iter().find(|(w, _)| value.eq_ignore_ascii_case(w)).map(|(_, t)| *t)
}

fn policy(value: &str, tag: &str) -> Result<Policy, String> {
    one_of(value, &[("none", Policy::None), ("quarantine", Policy::Quarantine), ("reject", Policy::Reject)])
        .ok_or_else(|| {
            let hint = crate::scan::did_you_mean(value, &["none", "quarantine", "reject"]).map(|p| format!(" (did you mean `{p}`?)")).unwrap_or_default();
            ["`", tag, "=", &crate::scan::shorten(value, 30), "` is not a policy", &hint, ": use `none`, `quarantine` or `reject`."].concat()
        })
}

fn alignment(value: &str, tag: &str) -> Result<AlignmentMode, String> {
    one_of(value, &[("r", AlignmentMode::Relaxed), ("s", AlignmentMode::Strict)])
        .ok_or_else(|| ["`", tag, "=", &crate::scan::shorten(value, 30), "` is not an alignment mode: use `r` (relaxed, the default) or `s` (strict)."].concat())
}

fn flag<T: Copy>(value: &str, tag: &str, allowed: &[(&str, T)]) -> Result<T, String> {
    one_of(value, allowed).ok_or_else(|| {
        let names: Vec<String> = allowed.iter().map(|(n, _)| format!("`{n}`")).collect();
        format!("`{tag}={}` is not valid: use {}.", crate::scan::shorten(value, 30), names.join(" or "))
    })
}

/// `fo` and `rf` lists: colon-separated keywords, each one of `allowed` (named in errors as
/// `allowed_text`), handed to `each` in order.
fn keywords(value: &str, tag: &str, allowed: &[&'static str], allowed_text: &str, mut each: impl FnMut(&'static str)) -> Result<(), String> {
    for k in value.split(':') {
        let k = trim_wsp(k).1;
        match allowed.iter().copied().find(|a| k.eq_ignore_ascii_case(a)) {
            Some(a) => each(a),
            None => return Err(["`", tag, "` value `", &crate::scan::shorten(k, 30), "` is not one of ", allowed_text, "."].concat()),
        }
    }
    Ok(())
}

/// `rua`/`ruf`: comma-separated URIs, each with an optional `!size` (`k`, `m`, `g`, `t`: powers of 1024).
fn report_uris(value: &str, at: usize, tag: &str) -> Result<Vec<ReportUri>, String> {
    let mut out = Vec::with_capacity(1);
    let mut offset = 0;
    // Byte by byte: `,`, `!`, `:` and the blanks are ASCII, so every cut is at a char boundary.
    for part in value.split(',') {
        let (lead, item) = trim_wsp(part);
        let position = at + offset + lead;
        offset += part.len() + 1;
        let (uri, size) = match item.bytes().rposition(|b| b == b'!') {
            Some(i) => (&item[..i], Some(&item[i + 1..])),
            None => (item, None),
        };
        let scheme_ok = uri.bytes().position(|b| b == b':').is_some_and(|colon| {
            let scheme = &uri.as_bytes()[..colon];
            scheme.first().is_some_and(u8::is_ascii_alphabetic)
                && scheme.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
                && colon + 1 < uri.len()
        });
        if !scheme_ok || uri.bytes().any(|b| b.is_ascii_whitespace()) {
            return Err(format!("`{}` in `{tag}` is not a URI: write report addresses as `mailto:reports@example.com`.", crate::scan::shorten(item, 40)));
        }
        let max_size = match size {
            None => None,
            Some(s) => Some(size_in_bytes(s).ok_or_else(|| {
                format!("`!{}` after `{}` is not a size: write a number with an optional unit k, m, g or t, e.g. `!10m`.", crate::scan::shorten(s, 20), crate::scan::shorten(uri, 30))
            })?),
        };
        out.push(ReportUri { uri: uri.to_string(), max_size, position });
    }
    Ok(out)
}

fn size_in_bytes(s: &str) -> Option<u64> {
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, ""),
    };
    let shift = if unit.is_empty() { 0 } else { one_of(unit, &[("k", 10), ("m", 20), ("g", 30), ("t", 40)])? };
    digits.parse::<u64>().ok()?.checked_mul(1u64 << shift)
}

/// Check one known tag's value and store it in `r`; an error says under which RFCs it counts
/// (a tag one RFC does not define is ignored by its receivers).
fn read_value(r: &mut DmarcRecord, tag: TagName, value: &str, at: usize) -> Result<(), (Under, String)> {
    let both = |m: String| (Under::Both, m);
    let only = |view: DmarcView| move |m: String| (Under::Only(view), m);
    let name = tag.as_str();
    match tag {
        TagName::P => r.p = Some(policy(value, name).map_err(both)?),
        TagName::Sp => r.sp = Some(policy(value, name).map_err(both)?),
        TagName::Np => r.np = Some(policy(value, name).map_err(only(DmarcView::Rfc9989))?),
        TagName::Adkim => r.adkim = Some(alignment(value, name).map_err(both)?),
        TagName::Aspf => r.aspf = Some(alignment(value, name).map_err(both)?),
        TagName::Fo => {
            let mut fo = Vec::with_capacity(4);
            keywords(value, name, &["0", "1", "d", "s"], "`0`, `1`, `d`, `s`", |k| fo.push(k)).map_err(both)?;
            let repeats = fo.contains(&"0") && fo.contains(&"1") || (1..fo.len()).any(|i| fo[..i].contains(&fo[i]));
            r.fo = fo;
            if repeats {
                return Err((Under::Only(DmarcView::Rfc9989), format!("`fo={value}` repeats an option or asks for both `0` and `1`: RFC 9989 allows each once, and `0` or `1`, not both.")));
            }
        }
        TagName::Rua => r.rua = report_uris(value, at, name).map_err(both)?,
        TagName::Ruf => r.ruf = report_uris(value, at, name).map_err(both)?,
        TagName::Psd => r.psd = Some(flag(value, name, &[("y", PsdFlag::Yes), ("n", PsdFlag::No), ("u", PsdFlag::Unknown)]).map_err(only(DmarcView::Rfc9989))?),
        TagName::T => r.t = Some(flag(value, name, &[("y", true), ("n", false)]).map_err(only(DmarcView::Rfc9989))?),
        TagName::Pct => {
            r.pct = Some(value.parse::<u8>().ok().filter(|n| *n <= 100).ok_or_else(|| {
                (Under::Only(DmarcView::Rfc7489), ["`pct=", &crate::scan::shorten(value, 20), "` is not a percentage: use a whole number from 0 to 100."].concat())
            })?)
        }
        // RFC 7489's rf and ri are checked; nothing reads them (RFC 9989 removed them).
        TagName::Rf => keywords(value, name, &["afrf"], "`afrf`", |_| {}).map_err(only(DmarcView::Rfc7489))?,
        TagName::Ri => {
            _ = value.parse::<u32>().map_err(|_| {
                (Under::Only(DmarcView::Rfc7489), ["`ri=", &crate::scan::shorten(value, 20), "` is not a number of seconds: use a whole number such as 86400 (one day)."].concat())
            })?;
        }
        TagName::V => {}
    }
    Ok(())
}
