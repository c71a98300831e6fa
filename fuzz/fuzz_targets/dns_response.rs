//! A DNS-over-HTTPS response body, as any server might send it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mxray::dns::{wire::decode_response, Query, RecordType};

fuzz_target!(|data: &[u8]| {
    for t in [RecordType::A, RecordType::Aaaa, RecordType::Mx, RecordType::Txt, RecordType::Ptr, RecordType::Cname] {
        let _ = decode_response(&Query::new("example.com", t), data);
    }
});
