//! DKIM (RFC 6376). For now: the tag list of a DKIM-Signature field.

use crate::report::DkimSignature;

/// Read the `tag=value` list of a DKIM-Signature field value.
pub fn parse_signature_tags(value: &str) -> DkimSignature {
    let mut sig = DkimSignature::default();
    for part in value.split(';') {
        let Some((name, val)) = part.split_once('=') else { continue };
        let name = name.trim().to_ascii_lowercase();
        let val: String = if name == "b" || name == "bh" || name == "h" {
            val.split_whitespace().collect()
        } else {
            val.split_whitespace().collect::<Vec<_>>().join(" ")
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
