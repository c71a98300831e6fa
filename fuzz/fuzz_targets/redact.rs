//! Masking for links and tickets: any text, its lines kept, and the masked text analysed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let masked = mxray::redact::redact(&text);
    assert_eq!(masked.lines().count(), text.lines().count());
    let _ = mxray::analyze(&masked);
});
