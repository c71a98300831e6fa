//! A DMARC record: the grammar under both RFCs, the warnings, with live DNS off.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mxray::dmarc::{analyze_dmarc, DmarcRequest};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let record = format!("v=DMARC1; {text}");
    for r in [text.as_ref(), record.as_str()] {
        let req = DmarcRequest { record: Some(r), domain: Some("mail.example.co.uk") };
        let _ = analyze_dmarc(&req, &mxray::dns::Offline);
    }
});
