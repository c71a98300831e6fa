//! Whatever bytes a DoH server sends back, reading them never panics: arbitrary bytes, and real
//! responses cut or with bytes changed at arbitrary places.

use mxray::dns::wire::{decode_response, encode_query};
use mxray::dns::{Query, RecordType};
use proptest::prelude::*;

const TYPES: [RecordType; 6] =
    [RecordType::A, RecordType::Aaaa, RecordType::Mx, RecordType::Txt, RecordType::Ptr, RecordType::Cname];

/// A plausible response: the query echoed with QR set, one answer of each common shape.
fn response(q: &Query) -> Vec<u8> {
    let mut r = encode_query(q).expect("query");
    r[2] |= 0x80; // QR
    r[7] = 1; // ANCOUNT = 1 (the OPT record stays counted in ARCOUNT, after the answer)
    let opt_at = r.len() - 11;
    let opt = r.split_off(opt_at);
    r.extend_from_slice(&[0xc0, 12, 0, 16, 0, 1, 0, 0, 1, 44, 0, 12, 11]);
    r.extend_from_slice(b"v=spf1 -all");
    r.extend_from_slice(&opt);
    r
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600), t in 0usize..6) {
        let _ = decode_response(&Query::new("example.com", TYPES[t]), &bytes);
    }

    #[test]
    fn damaged_responses(cut in 0usize..80, at in 0usize..80, value in any::<u8>(), t in 0usize..6) {
        let q = Query::new("example.com", TYPES[t]);
        let mut r = response(&Query::new("example.com", RecordType::Txt));
        if at < r.len() {
            r[at] = value;
        }
        r.truncate(r.len().saturating_sub(cut));
        let _ = decode_response(&q, &r);
    }
}

#[test]
fn the_plausible_response_reads() {
    let q = Query::new("example.com", RecordType::Txt);
    let r = decode_response(&q, &response(&q)).expect("reads");
    assert_eq!(r.answer, mxray::dns::Answer::Records(vec![mxray::dns::Rdata::Txt("v=spf1 -all".into())]));
    assert_eq!(r.ttl, 300);
}
