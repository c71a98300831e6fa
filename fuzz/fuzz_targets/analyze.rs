//! The whole pipeline on arbitrary text: detection, headers, bounces, SPF, the text rendering.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = mxray::analyze(&text);
    let _ = mxray::render::render_text(&report);
});
