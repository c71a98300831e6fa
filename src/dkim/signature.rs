//! A DKIM-Signature field's value read and checked (RFC 6376 §3.5, RFC 8463): the tags as
//! typed values, problems as errors with positions, doubtful choices as warnings.

use base64::Engine;

use super::tags::{tag_list, without_whitespace, Tag};
use crate::report::{RecordWarning, Severity, SyntaxError};

/// Signing algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `rsa-sha256`.
    RsaSha256,
    /// `rsa-sha1`: obsolete (RFC 8301), receivers may treat it as failing.
    RsaSha1,
    /// `ed25519-sha256` (RFC 8463).
    Ed25519Sha256,
}

impl Algorithm {
    /// As written in `a=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::RsaSha256 => "rsa-sha256",
            Algorithm::RsaSha1 => "rsa-sha1",
            Algorithm::Ed25519Sha256 => "ed25519-sha256",
        }
    }
}

/// Canonicalization (RFC 6376 §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canon {
    /// Byte for byte.
    Simple,
    /// Tolerates whitespace changes and header-name case.
    Relaxed,
}

/// A DKIM signature's tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// `a=`.
    pub algorithm: Algorithm,
    /// `b=`: the signature.
    pub b: Vec<u8>,
    /// `bh=`: the body hash.
    pub bh: Vec<u8>,
    /// `c=` header part.
    pub header_canon: Canon,
    /// `c=` body part.
    pub body_canon: Canon,
    /// `d=`: the signing domain (lower case).
    pub domain: String,
    /// `s=`: the selector.
    pub selector: String,
    /// `h=`: the signed fields, in order (empty entries dropped).
    pub headers: Vec<String>,
    /// `i=`: the agent or user identifier, decoded (default `@d`).
    pub identity: String,
    /// `l=`: how many body bytes are signed.
    pub length: Option<u64>,
    /// `t=`: when it was signed (seconds since 1970).
    pub timestamp: Option<u64>,
    /// `x=`: when it expires.
    pub expiration: Option<u64>,
    /// `z=`: the copied header fields, decoded.
    pub copied: Vec<String>,
}

/// DKIM-quoted-printable (`=XX` escapes, folding whitespace removed).
fn dqp_decode(value: &str) -> String {
    let bytes: Vec<u8> = value.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'=').then(|| bytes.get(i + 1..i + 3)).flatten().and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn number(t: &Tag<'_>) -> Result<u64, String> {
    without_whitespace(t.value).parse().map_err(|_| format!("`{}={}` is not a number.", t.name, crate::scan::shorten(t.value, 20)))
}

fn base64(t: &Tag<'_>) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(without_whitespace(t.value))
        .map_err(|_| format!("`{}=` is not valid base64: the field was damaged or truncated on the way.", t.name))
}

/// Read a DKIM-Signature value. Errors make the signature unusable (`permerror`); warnings are
/// about choices that weaken it. `now` (seconds since 1970) judges `x=`.
pub fn parse_signature(value: &str, now: u64) -> Result<(Signature, Vec<RecordWarning>), Vec<SyntaxError>> {
    let (tags, mut errors) = tag_list(value);
    let mut warnings = Vec::new();
    let get = |name: &str| tags.iter().find(|t| t.name == name);
    let mut fail = |t: Option<&Tag<'_>>, message: String| errors.push(SyntaxError { position: t.map_or(0, |t| t.value_span.start), message });
    for required in ["v", "a", "b", "bh", "d", "h", "s"] {
        if get(required).is_none() {
            fail(None, format!("The `{required}=` tag is missing; every DKIM signature needs v, a, b, bh, d, h and s."));
        }
    }
    if let Some(v) = get("v").filter(|v| v.value != "1") {
        fail(Some(v), format!("`v={}`: DKIM signatures are version 1 (`v=1`).", crate::scan::shorten(v.value, 10)));
    }
    let algorithm = get("a").and_then(|a| match without_whitespace(a.value).to_ascii_lowercase().as_str() {
        "rsa-sha256" => Some(Algorithm::RsaSha256),
        "rsa-sha1" => Some(Algorithm::RsaSha1),
        "ed25519-sha256" => Some(Algorithm::Ed25519Sha256),
        _ => None,
    });
    if let (Some(a), None) = (get("a"), algorithm) {
        fail(Some(a), format!("`a={}` is not a DKIM algorithm: use rsa-sha256 or ed25519-sha256.", crate::scan::shorten(a.value, 30)));
    }
    let (header_canon, body_canon) = match get("c") {
        None => (Some(Canon::Simple), Some(Canon::Simple)),
        Some(c) => {
            let text = without_whitespace(c.value).to_ascii_lowercase();
            let (h, b) = text.split_once('/').unwrap_or((&text, "simple"));
            let read = |s: &str| match s {
                "simple" => Some(Canon::Simple),
                "relaxed" => Some(Canon::Relaxed),
                _ => None,
            };
            if read(h).is_none() || read(b).is_none() {
                fail(Some(c), format!("`c={}` is not a canonicalization: use simple or relaxed, as `header/body`.", crate::scan::shorten(c.value, 30)));
            }
            (read(h), read(b))
        }
    };
    let mut decode = |name: &str| match get(name).map(base64) {
        Some(Ok(bytes)) => bytes,
        Some(Err(message)) => {
            errors.push(SyntaxError { position: get(name).map_or(0, |t| t.value_span.start), message });
            Vec::new()
        }
        None => Vec::new(),
    };
    let (b, bh) = (decode("b"), decode("bh"));
    let mut num = |name: &str| match get(name).map(number) {
        Some(Ok(n)) => Some(n),
        Some(Err(message)) => {
            errors.push(SyntaxError { position: get(name).map_or(0, |t| t.value_span.start), message });
            None
        }
        None => None,
    };
    let (length, timestamp, expiration) = (num("l"), num("t"), num("x"));
    let domain = get("d").map(|d| without_whitespace(d.value).to_ascii_lowercase()).unwrap_or_default();
    let headers: Vec<String> = get("h").map(|h| h.value.split(':').map(|n| n.trim_matches(|c: char| c.is_ascii_whitespace()).to_string()).filter(|n| !n.is_empty()).collect()).unwrap_or_default();
    let identity = get("i").map_or_else(|| format!("@{domain}"), |i| dqp_decode(i.value));
    if let Some(h) = get("h").filter(|_| !headers.iter().any(|n| n.eq_ignore_ascii_case("from"))) {
        errors.push(SyntaxError { position: h.value_span.start, message: "`h=` does not include From: RFC 6376 requires the From field to be signed.".into() });
    }
    let identity_domain = identity.rsplit_once('@').map_or("", |(_, d)| d).to_ascii_lowercase();
    if get("i").is_some() && !(identity_domain == domain || identity_domain.ends_with(&format!(".{domain}"))) {
        errors.push(SyntaxError { position: get("i").map_or(0, |t| t.value_span.start), message: format!("`i=` ({identity}) is not in the signing domain {domain} or one of its subdomains.") });
    }
    if let (Some(t), Some(x)) = (timestamp, expiration) {
        if x < t {
            errors.push(SyntaxError { position: get("x").map_or(0, |t| t.value_span.start), message: "`x=` is earlier than `t=`: the signature expired before it was made.".into() });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut warn = |code: &'static str, severity: Severity, name: &str, message: String| {
        warnings.push(RecordWarning { code, severity, message: message.into(), position: get(name).map(|t| t.position) });
    };
    if algorithm == Some(Algorithm::RsaSha1) {
        warn("rsa-sha1", Severity::Warning, "a", "The signature uses rsa-sha1, which RFC 8301 retired: many receivers treat it as failing. Sign with rsa-sha256.".into());
    }
    if let Some(l) = length {
        warn("body-length", Severity::Warning, "l", format!("`l={l}` signs only the first {l} bytes of the body: anyone can append text after them without breaking the signature. Remove `l=`."));
    }
    if let Some(x) = expiration.filter(|x| *x < now) {
        warn("expired", Severity::Warning, "x", format!("The signature expired ({} seconds before the time it is checked at): receivers treat it as failing.", now - x));
    }
    if timestamp.is_some_and(|t| t > now + 300) {
        warn("future-timestamp", Severity::Info, "t", "`t=` is in the future: the signer's clock is wrong.".into());
    }
    let copied = get("z").map(|z| z.value.split('|').map(dqp_decode).collect()).unwrap_or_default();
    let (Some(algorithm), Some(header_canon), Some(body_canon)) = (algorithm, header_canon, body_canon) else {
        return Err(vec![SyntaxError { position: 0, message: "unreadable signature".into() }]);
    };
    let selector = get("s").map(|s| without_whitespace(s.value)).unwrap_or_default();
    Ok((Signature { algorithm, b, bh, header_canon, body_canon, domain, selector, headers, identity, length, timestamp, expiration, copied }, warnings))
}
