//! One Received field value, and the date reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = mxray::received::parse_received(&text);
    let _ = mxray::received::parse_date(&text);
});
