//! DKIM (RFC 6376, RFC 8463): the tag-list grammar, signatures and key records as data,
//! canonicalization and verification (the last three with the `dkim` feature: the crypto is not
//! part of the page's first load).

pub mod tags;
#[cfg(feature = "dkim")]
pub mod arc;
#[cfg(feature = "dkim")]
pub mod canon;
#[cfg(feature = "dkim")]
pub mod key;
#[cfg(feature = "dkim")]
pub mod signature;
#[cfg(feature = "dkim")]
pub mod verify;

use crate::report::DkimSignature;

/// Read the `tag=value` list of a DKIM-Signature field value, for display.
pub fn parse_signature_tags(value: &str) -> DkimSignature {
    let mut sig = DkimSignature::default();
    for (name, value) in tags::pairs(value) {
        let name = name.to_ascii_lowercase();
        let val: String = if name == "b" || name == "bh" || name == "h" {
            tags::without_whitespace(value)
        } else {
            value.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        match name.as_str() {
            "d" => sig.domain = Some(val.to_ascii_lowercase()),
            "s" => sig.selector = Some(val.clone()),
            "a" => sig.algorithm = Some(val.to_ascii_lowercase()),
            "h" => {
                sig.signed_headers =
                    val.split(':').map(|h| h.trim().to_string()).filter(|h| !h.is_empty()).collect()
            }
            _ => {}
        }
        if !name.is_empty() {
            sig.tags.push((name, val));
        }
    }
    sig
}
