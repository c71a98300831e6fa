//! The DMARC record grammar (RFC 7489 §6.4, RFC 9989 §4.7): `v=DMARC1` first, then
//! `tag=value` pairs separated by `;` with optional blanks. Each value is checked under the
//! chosen view; every problem is an error with its byte position and a message a person can act
//! on. Warnings are `lint`'s job.

use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::{char, space0};
use nom::{IResult, Parser};

use super::record::{AlignmentMode, DmarcRecord, DmarcTag, DmarcView, Policy, PsdFlag, ReportUri};
use crate::report::SyntaxError;

/// A record read under one view: what could be read, and what is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DmarcParse {
    /// The tags read (values with errors are left out).
    pub record: DmarcRecord,
    /// Problems, in the order of the record.
    pub errors: Vec<SyntaxError>,
}

/// Whether a TXT record is a DMARC record: it starts with `v=DMARC1` (blanks allowed around `=`).
pub fn is_dmarc_record(txt: &str) -> bool {
    matches!(tag_spec(txt.trim_start()), Ok((_, ("v" | "V", v))) if v.starts_with("DMARC1"))
}

/// The tags every view knows; others are ignored by receivers.
pub const KNOWN_TAGS: [&str; 14] = ["v", "p", "sp", "np", "psd", "t", "adkim", "aspf", "pct", "fo", "rf", "ri", "rua", "ruf"];
/// Tags RFC 9989 removed.
pub const REMOVED_IN_9989: [&str; 3] = ["pct", "rf", "ri"];
/// Tags RFC 9989 added.
pub const ADDED_IN_9989: [&str; 3] = ["np", "psd", "t"];

fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `tag-name *WSP "=" *WSP tag-value`, the value running to the next `;` (blanks trimmed).
fn tag_spec(i: &str) -> IResult<&str, (&str, &str)> {
    let (i, name) = take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_')(i)?;
    let (i, _) = (space0, char('='), space0).parse(i)?;
    let (i, value) = take_while(|c| c != ';')(i)?;
    Ok((i, (name, value.trim_end_matches(is_wsp))))
}

/// Read `text` (one record; blanks around it ignored) under `view`.
pub fn parse_record(text: &str, view: DmarcView) -> DmarcParse {
    let mut out = DmarcParse::default();
    let mut err = |position: usize, message: String| out.errors.push(SyntaxError { position, message });
    if text.trim().is_empty() {
        err(0, "The record is empty: a DMARC record starts with `v=DMARC1; p=` and a policy.".into());
        return out;
    }
    let mut tags = Vec::new();
    let mut at = 0;
    for segment in text.split(';') {
        let start = at + (segment.len() - segment.trim_start_matches(|c: char| c.is_ascii_whitespace()).len());
        at += segment.len() + 1;
        let body = segment.trim_matches(|c: char| c.is_ascii_whitespace());
        if body.is_empty() {
            continue;
        }
        match tag_spec(body) {
            Ok((_, (name, value))) => {
                let after_eq = body.find('=').map_or(body.len(), |e| e + 1);
                let value_at = start + after_eq + (body[after_eq..].len() - body[after_eq..].trim_start_matches(is_wsp).len());
                tags.push((name.to_ascii_lowercase(), value.to_string(), start, value_at));
            }
            Err(_) => err(start, format!("`{}` is not a `tag=value` pair: DMARC records are `tag=value` pairs separated by `;`.", crate::shorten(body, 40))),
        }
    }
    match tags.first() {
        Some((name, value, ..)) if name == "v" && value == "DMARC1" => {}
        Some((name, value, position, _)) if name == "v" => {
            err(*position, format!("The version must be exactly `v=DMARC1` (upper case), not `v={}`.", crate::shorten(value, 20)))
        }
        _ => err(0, "A DMARC record must start with `v=DMARC1`; receivers ignore a record that does not.".into()),
    }
    let mut seen: Vec<&str> = Vec::new();
    for (name, value, position, value_at) in &tags {
        if seen.contains(&name.as_str()) {
            err(*position, format!("`{name}` appears twice: receivers may ignore the whole record. Keep one."));
            continue;
        }
        seen.push(name);
        out.record.tags.push(DmarcTag { name: name.clone(), value: value.clone(), position: *position });
        if let Err(message) = read_value(&mut out.record, name, value, *value_at, view) {
            err(*value_at, message);
        }
    }
    // RFC 9989 §4.7 makes `p` optional (missing means none; `lint` says so); RFC 7489 requires it.
    if view == DmarcView::Rfc7489 && !tags.iter().any(|(n, ..)| n == "p") {
        err(text.len(), "The record has no `p=` tag: RFC 7489 requires a policy (`p=none`, `p=quarantine` or `p=reject`) right after `v=DMARC1`.".into());
    }
    out
}

fn policy(value: &str, tag: &str) -> Result<Policy, String> {
    match value.to_ascii_lowercase().as_str() {
        "none" => Ok(Policy::None),
        "quarantine" => Ok(Policy::Quarantine),
        "reject" => Ok(Policy::Reject),
        _ => Err(format!("`{tag}={}` is not a policy: use `none`, `quarantine` or `reject`.", crate::shorten(value, 30))),
    }
}

fn alignment(value: &str, tag: &str) -> Result<AlignmentMode, String> {
    match value.to_ascii_lowercase().as_str() {
        "r" => Ok(AlignmentMode::Relaxed),
        "s" => Ok(AlignmentMode::Strict),
        _ => Err(format!("`{tag}={}` is not an alignment mode: use `r` (relaxed, the default) or `s` (strict).", crate::shorten(value, 30))),
    }
}

fn flag(value: &str, tag: &str, allowed: &[(&str, PsdFlag)]) -> Result<PsdFlag, String> {
    let names: Vec<String> = allowed.iter().map(|(n, _)| format!("`{n}`")).collect();
    allowed
        .iter()
        .find(|(n, _)| value.eq_ignore_ascii_case(n))
        .map(|(_, f)| *f)
        .ok_or_else(|| format!("`{tag}={}` is not valid: use {}.", crate::shorten(value, 30), names.join(" or ")))
}

/// `fo` and `rf` lists: colon-separated keywords, each one of `allowed`.
fn keywords(value: &str, tag: &str, allowed: &[&str]) -> Result<Vec<String>, String> {
    value
        .split(':')
        .map(|k| {
            let k = k.trim_matches(is_wsp).to_ascii_lowercase();
            if allowed.contains(&k.as_str()) {
                Ok(k)
            } else {
                Err(format!("`{tag}` value `{}` is not one of {}.", crate::shorten(&k, 30), allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")))
            }
        })
        .collect()
}

/// `rua`/`ruf`: comma-separated URIs, each with an optional `!size` (`k`, `m`, `g`, `t`: powers of 1024).
fn report_uris(value: &str, at: usize, tag: &str) -> Result<Vec<ReportUri>, String> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in value.split(',') {
        let lead = part.len() - part.trim_start_matches(is_wsp).len();
        let item = part.trim_matches(is_wsp);
        let position = at + offset + lead;
        offset += part.len() + 1;
        let (uri, size) = match item.rsplit_once('!') {
            Some((u, s)) => (u, Some(s)),
            None => (item, None),
        };
        let scheme_ok = uri.split_once(':').is_some_and(|(s, rest)| {
            !s.is_empty() && s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && !rest.is_empty()
        });
        if !scheme_ok || uri.contains(|c: char| c.is_ascii_whitespace()) {
            return Err(format!("`{}` in `{tag}` is not a URI: write report addresses as `mailto:reports@example.com`.", crate::shorten(item, 40)));
        }
        let max_size = match size {
            None => None,
            Some(s) => Some(size_in_bytes(s).ok_or_else(|| {
                format!("`!{}` after `{}` is not a size: write a number with an optional unit k, m, g or t, e.g. `!10m`.", crate::shorten(s, 20), crate::shorten(uri, 30))
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
    let shift = match unit.to_ascii_lowercase().as_str() {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        _ => return None,
    };
    digits.parse::<u64>().ok()?.checked_mul(1u64 << shift)
}

/// Check one tag's value and store it in `r`. Tags the view does not define are left for
/// `lint` (receivers ignore them).
fn read_value(r: &mut DmarcRecord, name: &str, value: &str, at: usize, view: DmarcView) -> Result<(), String> {
    let bis = view == DmarcView::Rfc9989;
    match name {
        "p" => r.p = Some(policy(value, name)?),
        "sp" => r.sp = Some(policy(value, name)?),
        "np" if bis => r.np = Some(policy(value, name)?),
        "adkim" => r.adkim = Some(alignment(value, name)?),
        "aspf" => r.aspf = Some(alignment(value, name)?),
        "fo" => {
            let fo = keywords(value, name, &["0", "1", "d", "s"])?;
            if bis && (fo.iter().any(|k| k == "0") && fo.iter().any(|k| k == "1") || (1..fo.len()).any(|i| fo[..i].contains(&fo[i]))) {
                return Err(format!("`fo={value}` repeats an option or asks for both `0` and `1`: RFC 9989 allows each once, and `0` or `1`, not both."));
            }
            r.fo = fo;
        }
        "rua" => r.rua = report_uris(value, at, name)?,
        "ruf" => r.ruf = report_uris(value, at, name)?,
        "psd" if bis => r.psd = Some(flag(value, name, &[("y", PsdFlag::Yes), ("n", PsdFlag::No), ("u", PsdFlag::Unknown)])?),
        "t" if bis => r.t = Some(flag(value, name, &[("y", PsdFlag::Yes), ("n", PsdFlag::No)])? == PsdFlag::Yes),
        "pct" if !bis => {
            r.pct = Some(value.parse::<u8>().ok().filter(|n| *n <= 100).ok_or_else(|| {
                format!("`pct={}` is not a percentage: use a whole number from 0 to 100.", crate::shorten(value, 20))
            })?)
        }
        "rf" if !bis => r.rf = keywords(value, name, &["afrf"])?,
        "ri" if !bis => {
            r.ri = Some(value.parse::<u32>().map_err(|_| {
                format!("`ri={}` is not a number of seconds: use a whole number such as 86400 (one day).", crate::shorten(value, 20))
            })?)
        }
        _ => {}
    }
    Ok(())
}
