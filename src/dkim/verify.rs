//! Verifying the DKIM signatures of a whole message (RFC 6376 §6, RFC 8463), sans-IO: the keys
//! come from a [`Resolver`] (`selector._domainkey.domain` TXT). The body hash is checked even
//! when the key cannot be had, so a changed body shows without DNS.

use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::canon;
use super::key::{parse_key, PublicKey};
use super::signature::{parse_signature, Algorithm, Signature};
use crate::dns::{Answer, Missing, Progress, RecordType, Rdata, Resolver};
pub use crate::report::{DkimResult, DkimVerification};

/// A message's header fields (each `name:value` with folding and its CRLF) and its body, line
/// ends made CRLF.
pub struct Message {
    fields: Vec<(String, Vec<u8>, usize)>,
    body: Vec<u8>,
}

impl Message {
    /// Split `raw` (any line ends) into header fields and body.
    pub fn parse(raw: &[u8]) -> Message {
        let mut crlf = Vec::with_capacity(raw.len() + raw.len() / 40);
        let mut i = 0;
        while i < raw.len() {
            match raw[i] {
                b'\r' if raw.get(i + 1) == Some(&b'\n') => {
                    crlf.extend(b"\r\n");
                    i += 1;
                }
                b'\r' | b'\n' => crlf.extend(b"\r\n"),
                b => crlf.push(b),
            }
            i += 1;
        }
        let (head, body) = match crlf.windows(4).position(|w| w == b"\r\n\r\n") {
            Some(at) => (&crlf[..at + 2], crlf[at + 4..].to_vec()),
            None => (&crlf[..], Vec::new()),
        };
        let mut fields: Vec<(String, Vec<u8>, usize)> = Vec::new();
        for (n, line) in head.split_inclusive(|&b| b == b'\n').enumerate() {
            match (line.first(), fields.last_mut()) {
                (Some(b' ' | b'\t'), Some(last)) => last.1.extend(line),
                _ => {
                    let name = line.iter().position(|&b| b == b':').map(|c| String::from_utf8_lossy(&line[..c]).trim().to_ascii_lowercase()).unwrap_or_default();
                    fields.push((name, line.to_vec(), n + 1));
                }
            }
        }
        Message { fields, body }
    }

    /// Every field as (lower-case name, value, line).
    pub fn fields(&self) -> impl Iterator<Item = (&str, String, usize)> + '_ {
        self.fields.iter().map(|(name, raw, line)| {
            let text = String::from_utf8_lossy(raw);
            (name.as_str(), text.split_once(':').map_or("", |(_, v)| v).to_string(), *line)
        })
    }

    /// DKIM-Signature fields' values with their index and line.
    fn signatures(&self) -> impl Iterator<Item = (usize, String, usize)> + '_ {
        self.fields.iter().enumerate().filter(|(_, (n, ..))| n == "dkim-signature").map(|(i, (_, raw, line))| {
            let text = String::from_utf8_lossy(raw);
            let value = text.split_once(':').map_or("", |(_, v)| v).to_string();
            (i, value, *line)
        })
    }
}

fn hash(algorithm: Algorithm, data: &[u8]) -> Vec<u8> {
    match algorithm {
        Algorithm::RsaSha1 => Sha1::digest(data).to_vec(),
        Algorithm::RsaSha256 | Algorithm::Ed25519Sha256 => Sha256::digest(data).to_vec(),
    }
}

/// The bytes the signer signed: the `h=` fields (each name's instances taken from the bottom
/// up), then this DKIM-Signature field with its `b=` value emptied and no final CRLF.
fn signed_data(msg: &Message, sig: &Signature, index: usize) -> Vec<u8> {
    let mut data = Vec::new();
    let mut used = vec![false; msg.fields.len()];
    for name in &sig.headers {
        let name = name.to_ascii_lowercase();
        if let Some(i) = (0..msg.fields.len()).rev().find(|&i| !used[i] && msg.fields[i].0 == name) {
            used[i] = true;
            data.extend(canon::header(&msg.fields[i].1, sig.header_canon));
        }
    }
    let raw = &msg.fields[index].1;
    let colon = raw.iter().position(|&b| b == b':').map_or(0, |c| c + 1);
    let value = String::from_utf8_lossy(&raw[colon..]);
    let emptied = super::tags::tag_list(&value).0.into_iter().find(|t| t.name == "b").map(|t| t.value_span);
    let mut field = raw[..colon].to_vec();
    match emptied {
        Some(span) => {
            field.extend(value[..span.start].as_bytes());
            field.extend(value[span.end..].as_bytes());
        }
        None => field.extend(value.as_bytes()),
    }
    let mut last = canon::header(&field, sig.header_canon);
    if last.ends_with(b"\r\n") {
        last.truncate(last.len() - 2);
    }
    data.extend(last);
    data
}

fn check_signature(key: &PublicKey, sig: &Signature, data: &[u8]) -> bool {
    let digest = hash(sig.algorithm, data);
    match (key, sig.algorithm) {
        (PublicKey::Rsa(k), Algorithm::RsaSha256) => verify_rsa(k, Pkcs1v15Sign::new::<Sha256>(), &digest, &sig.b),
        (PublicKey::Rsa(k), Algorithm::RsaSha1) => verify_rsa(k, Pkcs1v15Sign::new::<Sha1>(), &digest, &sig.b),
        (PublicKey::Ed25519(raw), Algorithm::Ed25519Sha256) => {
            let (Ok(k), Ok(s)) = (ed25519_dalek::VerifyingKey::from_bytes(raw), ed25519_dalek::Signature::from_slice(&sig.b)) else { return false };
            k.verify_strict(&digest, &s).is_ok()
        }
        _ => false,
    }
}

fn verify_rsa(key: &RsaPublicKey, scheme: Pkcs1v15Sign, digest: &[u8], signature: &[u8]) -> bool {
    key.verify(scheme, digest, signature).is_ok()
}

/// Verify every DKIM signature of `raw` at time `now` (seconds since 1970), asking `resolver`
/// for the keys.
pub fn verify_message<R: Resolver + ?Sized>(raw: &[u8], now: u64, resolver: &R) -> Progress<Vec<DkimVerification>> {
    let msg = Message::parse(raw);
    let mut missing = Missing::default();
    let mut out = Vec::new();
    for (index, value, line) in msg.signatures() {
        let shown = crate::dkim::parse_signature_tags(&value);
        let mut v = DkimVerification {
            domain: shown.domain.unwrap_or_default(),
            selector: shown.selector.unwrap_or_default(),
            algorithm: shown.algorithm.unwrap_or_default(),
            result: DkimResult::PermError,
            body_hash_ok: None,
            header_signature_ok: None,
            reason: String::new(),
            key_bits: None,
            warnings: Vec::new(),
            line,
        };
        let sig = match parse_signature(&value, now) {
            Ok((sig, warnings)) => {
                v.warnings = warnings;
                sig
            }
            Err(errors) => {
                v.reason = format!("The signature cannot be read: {}", errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "));
                out.push(v);
                continue;
            }
        };
        let body_ok = hash(sig.algorithm, &canon::body(&msg.body, sig.body_canon, sig.length)) == sig.bh;
        v.body_hash_ok = Some(body_ok);
        let name = format!("{}._domainkey.{}", sig.selector, sig.domain);
        let Some(answer) = missing.ask(resolver, &name, RecordType::Txt) else { continue };
        let keys: Vec<&String> = answer.records().iter().filter_map(|r| if let Rdata::Txt(t) = r { Some(t) } else { None }).collect();
        let key = match (answer, keys.first()) {
            (Answer::Error(e), _) => {
                v.result = if matches!(e, crate::dns::DnsError::Offline) { DkimResult::None } else { DkimResult::TempError };
                v.reason = format!("The key at {name} could not be looked up ({}).{}", e.describe(), if body_ok { " The body hash matches: the body arrived as signed." } else { " The body hash does NOT match: the body changed after signing." });
                out.push(v);
                continue;
            }
            (_, None) => {
                v.reason = format!("There is no key at {name}: the selector is wrong, or the key was removed from DNS.");
                out.push(v);
                continue;
            }
            (_, Some(txt)) => parse_key(txt),
        };
        let (key, key_warnings) = match key {
            Ok((k, w)) => (k, w),
            Err(why) => {
                v.reason = why;
                out.push(v);
                continue;
            }
        };
        v.key_bits = key.bits;
        v.warnings.extend(key_warnings);
        let Some(public) = key.key.as_ref().filter(|_| !key.revoked) else {
            v.reason = format!("The key at {name} was revoked (empty `p=`): signatures made with it no longer count.");
            out.push(v);
            continue;
        };
        let header_ok = check_signature(public, &sig, &signed_data(&msg, &sig, index));
        v.header_signature_ok = Some(header_ok);
        let expired = sig.expiration.is_some_and(|x| x < now);
        (v.result, v.reason) = match (body_ok, header_ok, expired) {
            (true, true, false) => (DkimResult::Pass, format!("Signed by {} and unchanged since.", sig.domain)),
            (true, true, true) => (DkimResult::Fail, "The signature verifies but has expired (`x=`).".into()),
            (false, true, _) => (DkimResult::Fail, "The header fields verify, but the body changed after signing (a mailing list footer, a forwarder or a gateway rewrote it).".into()),
            (true, false, _) => (DkimResult::Fail, "The body is as signed, but the signed header fields changed after signing (or the key does not match).".into()),
            (false, false, _) => (DkimResult::Fail, "Both the body and the signed header fields changed after signing (or the key does not match).".into()),
        };
        out.push(v);
    }
    missing.finish(out)
}
