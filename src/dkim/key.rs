//! DKIM key records (`selector._domainkey.domain` TXT, RFC 6376 §3.6.1, RFC 8463) read and
//! judged: revoked, key type and size, testing mode, hash restrictions.

use base64::Engine;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPublicKey;

use super::tags::{tag_list, without_whitespace};
use crate::report::{RecordWarning, Severity};

/// A public key ready to verify with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// An RSA key.
    Rsa(RsaPublicKey),
    /// An Ed25519 key (32 bytes).
    Ed25519([u8; 32]),
}

/// A key record's tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// The key, unless revoked or unreadable.
    pub key: Option<PublicKey>,
    /// RSA key size in bits.
    pub bits: Option<usize>,
    /// `h=`: hash algorithms allowed (empty: any).
    pub hashes: Vec<String>,
    /// `s=`: service types (empty: any).
    pub services: Vec<String>,
    /// `t=`: flags (`y` testing, `s` strict identity).
    pub flags: Vec<String>,
    /// `p=` is empty: the key was revoked.
    pub revoked: bool,
}

impl KeyRecord {
    /// `t=y`: the domain is testing DKIM.
    pub fn testing(&self) -> bool {
        self.flags.iter().any(|f| f == "y")
    }
}

fn list(value: &str) -> Vec<String> {
    value.split(':').map(|v| without_whitespace(v).to_ascii_lowercase()).filter(|v| !v.is_empty()).collect()
}

/// Read a key record; `Err` says why it cannot be used. Warnings judge a usable key.
pub fn parse_key(txt: &str) -> Result<(KeyRecord, Vec<RecordWarning>), String> {
    let (tags, errors) = tag_list(txt);
    if let Some(e) = errors.first() {
        return Err(format!("The key record is malformed at byte {}: {}", e.position, e.message));
    }
    let get = |name: &str| tags.iter().find(|t| t.name == name).map(|t| t.value);
    if let Some(v) = get("v").filter(|v| *v != "DKIM1") {
        return Err(format!("The key record says `v={v}`; DKIM key records are `v=DKIM1`."));
    }
    let kind = get("k").map_or("rsa".to_string(), |k| without_whitespace(k).to_ascii_lowercase());
    let p = get("p").map(without_whitespace).ok_or("The key record has no `p=` (the public key).")?;
    let mut record = KeyRecord {
        key: None,
        bits: None,
        hashes: get("h").map(list).unwrap_or_default(),
        services: get("s").map(list).unwrap_or_default(),
        flags: get("t").map(list).unwrap_or_default(),
        revoked: p.is_empty(),
    };
    let mut warnings = Vec::new();
    if record.revoked {
        return Ok((record, warnings));
    }
    let der = base64::engine::general_purpose::STANDARD.decode(&p).map_err(|_| "The key (`p=`) is not valid base64: the record was damaged or cut short (TXT strings longer than 255 bytes must be split).".to_string())?;
    match kind.as_str() {
        "rsa" => {
            let key = RsaPublicKey::from_public_key_der(&der)
                .or_else(|_| RsaPublicKey::from_pkcs1_der(&der))
                .map_err(|_| "The RSA key (`p=`) cannot be read: it was damaged or cut short.".to_string())?;
            let bits = key.n().bits();
            let (severity, message) = match bits {
                0..1024 => (Severity::Error, format!("The RSA key has {bits} bits: keys under 1024 bits are broken, and receivers ignore them (RFC 8301). Publish a 2048-bit key.")),
                1024..2048 => (Severity::Warning, format!("The RSA key has {bits} bits: 1024-bit keys are weak. Move to a 2048-bit key.")),
                _ => (Severity::Info, format!("The RSA key has {bits} bits: good.")),
            };
            warnings.push(RecordWarning { code: "key-size", severity, message: message.into(), position: None });
            record.bits = Some(bits);
            record.key = Some(PublicKey::Rsa(key));
        }
        "ed25519" => {
            let raw: [u8; 32] = der.try_into().map_err(|_| "The Ed25519 key (`p=`) must be 32 bytes (RFC 8463).".to_string())?;
            record.key = Some(PublicKey::Ed25519(raw));
        }
        other => return Err(format!("The key type `k={other}` is unknown: use rsa or ed25519.")),
    }
    if record.testing() {
        warnings.push(RecordWarning { code: "key-testing", severity: Severity::Warning, position: None,
            message: "The key record has `t=y` (testing): receivers may treat its signatures as unsigned mail. Remove `t=y` once DKIM works.".into() });
    }
    if record.hashes.iter().any(|h| h == "sha1") && !record.hashes.iter().any(|h| h == "sha256") {
        warnings.push(RecordWarning { code: "key-sha1-only", severity: Severity::Warning, position: None,
            message: "The key allows only SHA-1 (`h=sha1`), which RFC 8301 retired. Allow sha256.".into() });
    }
    Ok((record, warnings))
}
