//! The DNS wire format for DNS-over-HTTPS (RFC 8484), through the `domain` crate: queries as
//! bytes and URLs, responses read into [`Answer`]s. Pure: the front ends do the HTTP.

use super::{normalize_name, Answer, DnsError, Query, RecordType, Rdata};
use base64::Engine;
use domain::base::iana::{Class, Rcode};
use domain::base::{Message, MessageBuilder, Name, ParsedName, Rtype, ToName};
use domain::rdata::{Aaaa, Cname, Mx, Ptr, Txt, A};

/// EDNS0 payload size advertised (the DNS flag day 2020 value).
const UDP_PAYLOAD: u16 = 1232;
/// TTL assumed for answers that give none (negative answers without an SOA).
const DEFAULT_TTL: u32 = 60;

/// A response that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(pub String);

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One DNS-over-HTTPS answer, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The records of the asked type (through CNAMEs), NXDOMAIN, or the server's failure.
    pub answer: Answer,
    /// Seconds the answer may be cached.
    pub ttl: u32,
    /// The resolver validated it with DNSSEC (the AD bit).
    pub authenticated: bool,
}

fn rtype(t: RecordType) -> Rtype {
    match t {
        RecordType::A => Rtype::A,
        RecordType::Aaaa => Rtype::AAAA,
        RecordType::Mx => Rtype::MX,
        RecordType::Txt => Rtype::TXT,
        RecordType::Ptr => Rtype::PTR,
        RecordType::Cname => Rtype::CNAME,
    }
}

/// The query for `q` as RFC 8484 wants it: ID 0 (cacheable), recursion desired, EDNS0 with the
/// DO bit so a validating resolver reports whether it checked DNSSEC.
pub fn encode_query(q: &Query) -> Result<Vec<u8>, WireError> {
    let name = wire_name(&q.name)?;
    let mut b = MessageBuilder::new_vec();
    b.header_mut().set_id(0);
    b.header_mut().set_rd(true);
    let mut b = b.question();
    b.push((&name, rtype(q.rtype))).map_err(|e| WireError(format!("query too long: {e}")))?;
    let mut b = b.additional();
    b.opt(|o| {
        o.set_udp_payload_size(UDP_PAYLOAD);
        o.set_dnssec_ok(true);
        Ok(())
    })
    .map_err(|e| WireError(format!("query too long: {e}")))?;
    Ok(b.finish())
}

/// The RFC 8484 GET URL for `q` at `endpoint` (`https://dns.example/dns-query`).
pub fn doh_get_url(endpoint: &str, q: &Query) -> Result<String, WireError> {
    let wire = encode_query(q)?;
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    Ok(format!("{endpoint}{sep}dns={}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(wire)))
}

/// A name from its labels as bytes: SPF macros can produce labels with any character (spaces,
/// `%`), which presentation-format parsing would reject or read as escapes.
fn wire_name(name: &str) -> Result<Name<Vec<u8>>, WireError> {
    let invalid = || WireError(format!("`{name}` cannot be asked in DNS (not a valid name)"));
    let mut b = domain::base::name::NameBuilder::new_vec();
    for label in name.strip_suffix('.').unwrap_or(name).split('.') {
        if label.is_empty() {
            return Err(invalid());
        }
        b.append_label(label.as_bytes()).map_err(|_| invalid())?;
    }
    b.into_name().map_err(|_| invalid())
}

/// A name as raw text (labels joined with dots, no escapes, lower case, no trailing dot).
fn raw_name<N: ToName>(n: &N) -> String {
    let mut out = Vec::new();
    for label in n.iter_labels().filter(|l| !l.is_root()) {
        if !out.is_empty() {
            out.push(b'.');
        }
        out.extend(label.as_slice().iter().map(u8::to_ascii_lowercase));
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn bad(e: impl std::fmt::Display) -> WireError {
    WireError(format!("malformed DNS response: {e}"))
}

/// Read a response to `q`.
pub fn decode_response(q: &Query, bytes: &[u8]) -> Result<Response, WireError> {
    let msg = Message::from_octets(bytes).map_err(bad)?;
    let header = msg.header();
    if !header.qr() {
        return Err(bad("it is a query, not a response"));
    }
    let authenticated = header.ad();
    let rcode = msg.opt_rcode().rcode();
    let failure = |what: &str| Response {
        answer: Answer::Error(DnsError::ServerFailure(what.to_string())),
        ttl: 0,
        authenticated,
    };
    match rcode {
        Rcode::NOERROR | Rcode::NXDOMAIN => {}
        Rcode::SERVFAIL => return Ok(failure("SERVFAIL")),
        Rcode::REFUSED => return Ok(failure("REFUSED")),
        other => return Ok(failure(&format!("response code {other}"))),
    }
    // Follow CNAMEs from the asked name; keep the records of the asked type on the chain.
    let mut chain = vec![normalize_name(&q.name)];
    let mut records = Vec::new();
    let mut ttl = u32::MAX;
    let answer = msg.answer().map_err(bad)?;
    let mut rrs = Vec::new();
    for rr in answer {
        let rr = rr.map_err(bad)?;
        rrs.push(rr);
    }
    // Asked for the alias itself: its CNAME record, not followed.
    let rounds = if q.rtype == RecordType::Cname { 0 } else { rrs.len() + 1 };
    for _ in 0..rounds {
        let before = chain.len();
        for rr in &rrs {
            if rr.rtype() != Rtype::CNAME || rr.class() != Class::IN || !chain.contains(&raw_name(&rr.owner())) {
                continue;
            }
            if let Ok(Some(r)) = rr.to_record::<Cname<ParsedName<_>>>() {
                let target = raw_name(r.data().cname());
                if !chain.contains(&target) {
                    ttl = ttl.min(r.ttl().as_secs());
                    chain.push(target);
                }
            }
        }
        if chain.len() == before {
            break;
        }
    }
    for rr in &rrs {
        if rr.rtype() != rtype(q.rtype) || !chain.contains(&raw_name(&rr.owner())) {
            continue;
        }
        ttl = ttl.min(rr.ttl().as_secs());
        let data = match q.rtype {
            RecordType::A => rr.to_record::<A>().map_err(bad)?.map(|r| Rdata::A(r.data().addr())),
            RecordType::Aaaa => rr.to_record::<Aaaa>().map_err(bad)?.map(|r| Rdata::Aaaa(r.data().addr())),
            RecordType::Mx => rr
                .to_record::<Mx<ParsedName<_>>>()
                .map_err(bad)?
                .map(|r| Rdata::Mx(r.data().preference(), exchange_text(r.data().exchange()))),
            RecordType::Cname => rr
                .to_record::<Cname<ParsedName<_>>>()
                .map_err(bad)?
                .map(|r| Rdata::Cname(raw_name(r.data().cname()))),
            RecordType::Ptr => rr
                .to_record::<Ptr<ParsedName<_>>>()
                .map_err(bad)?
                .map(|r| Rdata::Ptr(raw_name(r.data().ptrdname()))),
            RecordType::Txt => rr.to_record::<Txt<_>>().map_err(bad)?.map(|r| {
                // RFC 7208 §3.3: character-strings are joined with nothing between them.
                let mut joined = Vec::new();
                for s in r.data().iter() {
                    joined.extend_from_slice(s);
                }
                Rdata::Txt(String::from_utf8_lossy(&joined).into_owned())
            }),
        };
        records.extend(data);
    }
    if ttl == u32::MAX {
        ttl = negative_ttl(&msg).unwrap_or(DEFAULT_TTL);
    }
    let answer = if rcode == Rcode::NXDOMAIN { Answer::NxDomain } else { Answer::Records(records) };
    Ok(Response { answer, ttl, authenticated })
}

/// An MX host as text: the root (a null MX, RFC 7505) is `.`.
fn exchange_text<N: ToName>(n: &N) -> String {
    let s = raw_name(n);
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// RFC 2308: a negative answer is cached for the SOA's minimum (capped by the SOA's own TTL).
fn negative_ttl(msg: &Message<&[u8]>) -> Option<u32> {
    let authority = msg.authority().ok()?;
    for rr in authority.flatten() {
        if let Ok(Some(soa)) = rr.to_record::<domain::rdata::Soa<ParsedName<_>>>() {
            return Some(soa.ttl().as_secs().min(soa.data().minimum().as_secs()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::base::Ttl;

    /// A response to `q` built with the same crate, as a server would send it.
    fn response(q: &Query, rcode: Rcode, ad: bool, add: impl FnOnce(&mut domain::base::message_builder::AnswerBuilder<Vec<u8>>)) -> Vec<u8> {
        let query = encode_query(q).unwrap();
        let query = Message::from_octets(query).unwrap();
        let mut b = MessageBuilder::new_vec().start_answer(&query, rcode).unwrap();
        b.header_mut().set_ad(ad);
        add(&mut b);
        b.finish()
    }

    fn name(s: &str) -> Name<Vec<u8>> {
        s.parse().unwrap()
    }

    #[test]
    fn query_is_cacheable_and_asks_for_dnssec() {
        let q = Query::new("Example.COM.", RecordType::Txt);
        let wire = encode_query(&q).unwrap();
        let m = Message::from_octets(wire.as_slice()).unwrap();
        assert_eq!(m.header().id(), 0);
        assert!(m.header().rd());
        assert!(m.opt().unwrap().dnssec_ok());
        let url = doh_get_url("http://127.0.0.1:8053/dns-query", &q).unwrap();
        assert!(url.starts_with("http://127.0.0.1:8053/dns-query?dns=AAABAAABAAAAAAAB"), "{url}");
        assert!(!url.contains('=') || url.matches('=').count() == 1, "no padding: {url}");
    }

    #[test]
    fn txt_strings_join_and_cnames_are_followed() {
        let q = Query::new("www.example.com", RecordType::Txt);
        let bytes = response(&q, Rcode::NOERROR, true, |b| {
            b.push((name("www.example.com"), 300, Cname::new(name("real.example.com")))).unwrap();
            let txt = Txt::<Vec<u8>>::build_from_slice(b"v=spf1 ip4:192.0.2.0/24 ").unwrap();
            b.push((name("real.example.com"), 120, txt)).unwrap();
            let mut two = domain::rdata::rfc1035::TxtBuilder::<Vec<u8>>::new();
            two.append_slice(b"v=spf1 ").unwrap();
            two.append_slice(b"-all").unwrap();
            b.push((name("other.example.com"), 10, two.finish().unwrap())).unwrap();
        });
        let r = decode_response(&q, &bytes).unwrap();
        assert_eq!(r.answer, Answer::Records(vec![Rdata::Txt("v=spf1 ip4:192.0.2.0/24 ".into())]), "only the chain's records");
        assert_eq!(r.ttl, 120);
        assert!(r.authenticated);
    }

    #[test]
    fn mx_null_mx_and_negative_answers() {
        let q = Query::new("example.com", RecordType::Mx);
        let bytes = response(&q, Rcode::NOERROR, false, |b| {
            b.push((name("example.com"), 300, Mx::new(0, Name::root_vec()))).unwrap();
            b.push((name("example.com"), 300, Mx::new(10, name("mx.example.com")))).unwrap();
        });
        let r = decode_response(&q, &bytes).unwrap();
        assert_eq!(r.answer, Answer::Records(vec![Rdata::Mx(0, ".".into()), Rdata::Mx(10, "mx.example.com".into())]));
        let nx = decode_response(&q, &response(&q, Rcode::NXDOMAIN, false, |_| {})).unwrap();
        assert_eq!((nx.answer, nx.ttl), (Answer::NxDomain, DEFAULT_TTL));
        let sf = decode_response(&q, &response(&q, Rcode::SERVFAIL, false, |_| {})).unwrap();
        assert_eq!(sf.answer, Answer::Error(DnsError::ServerFailure("SERVFAIL".into())));
        let _ = Ttl::from_secs(0);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let q = Query::new("example.com", RecordType::A);
        for bytes in [&b""[..], b"\x00\x00\x81\x80", &[0xff; 40][..]] {
            let _ = decode_response(&q, bytes);
        }
        assert!(decode_response(&q, &encode_query(&q).unwrap()).is_err(), "a query is not a response");
        assert!(encode_query(&Query::new("a..b", RecordType::A)).is_err());
        assert!(encode_query(&Query::new(&"x".repeat(64), RecordType::A)).is_err());
        // SPF macros make names with spaces and percent signs: they are asked as they are.
        let odd = Query::new("macro%percent  space%20url.example.com", RecordType::A);
        let bytes = response(&odd, Rcode::NOERROR, false, |b| {
            b.push((wire_name(&odd.name).unwrap(), 60, A::new("192.0.2.1".parse().unwrap()))).unwrap();
        });
        assert_eq!(decode_response(&odd, &bytes).unwrap().answer, Answer::Records(vec![Rdata::A("192.0.2.1".parse().unwrap())]));
    }
}
