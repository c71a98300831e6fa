//! DKIM: a signature field value, a key record, and a whole message verified against a key
//! record made of the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mxray::dkim::{key::parse_key, signature::parse_signature, verify::verify_message};
use mxray::dns::{Rdata, ZoneBuilder};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_signature(&text, 1_700_000_000);
    let _ = parse_key(&text);
    let mut zone = ZoneBuilder::new();
    zone.add("s._domainkey.example.com", Rdata::Txt(text.to_string()));
    let message = format!("DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=; b=\r\n{text}");
    for m in [data, message.as_bytes()] {
        let _ = verify_message(m, 1_700_000_000, &zone.build());
    }
});
