//! An SPF record: the grammar, the warnings, the tree and an evaluation with live DNS off.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mxray::spf::{analyze_spf, SpfInput, SpfRequest};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let record = format!("v=spf1 {text}");
    let input = SpfInput { ip: "192.0.2.1".parse().unwrap(), sender: "a@example.com", helo: "example.com", receiver: "r", now: 0 };
    for r in [text.as_ref(), record.as_str()] {
        let req = SpfRequest { record: Some(r), domain: Some("example.com"), evaluate: Some(input.clone()) };
        let _ = analyze_spf(&req, &mxray::dns::Offline);
    }
});
