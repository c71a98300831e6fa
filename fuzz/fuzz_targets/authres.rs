//! One Authentication-Results field value (RFC 8601).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mxray::authres::parse_authentication_results(&String::from_utf8_lossy(data));
});
