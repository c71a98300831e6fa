//! SPF never panics and never hangs: arbitrary and hostile records, deep include chains, loops,
//! 10,000-term records and macro bombs, evaluated against in-memory zones.

use mxray::dns::{Progress, Rdata, Zone, ZoneBuilder};
use mxray::spf::{analyze_spf, check_mail_from, SpfInput, SpfRequest, SpfResult};
use proptest::prelude::*;

fn input(ip: &str) -> SpfInput<'static> {
    SpfInput { ip: ip.parse().unwrap(), sender: "user@root.test", helo: "mx.root.test", receiver: "mx.test", now: 0 }
}

/// A zone where `root.test` has `record` and many hostile neighbours.
fn zone(record: &str) -> Zone {
    let mut z = ZoneBuilder::new();
    z.add("root.test", Rdata::Txt(record.to_string()));
    // A chain of 50 includes, and a loop.
    for i in 0..50 {
        z.add(&format!("c{i}.test"), Rdata::Txt(format!("v=spf1 include:c{}.test -all", i + 1)));
    }
    z.add("loop1.test", Rdata::Txt("v=spf1 include:loop2.test -all".into()));
    z.add("loop2.test", Rdata::Txt("v=spf1 redirect=loop1.test".into()));
    z.add("self.test", Rdata::Txt("v=spf1 include:self.test".into()));
    // 30 MX hosts, each with 30 addresses.
    for i in 0..30 {
        z.add("mx.test", Rdata::Mx(i, format!("h{i}.mx.test")));
        for j in 0..30 {
            z.add(&format!("h{i}.mx.test"), Rdata::A(std::net::Ipv4Addr::new(10, 0, i as u8, j)));
        }
    }
    z.add("exp.test", Rdata::Txt("%{s}%{s}%{s}%{s}%{s}%{s}%{s}%{s} %{i} %{c} %{r} %{t}".repeat(50)));
    z.build()
}

fn analyze_everything(record: &str) {
    let z = zone(record);
    for ip in ["192.0.2.1", "10.0.3.4", "2001:db8::1", "::ffff:10.0.0.1"] {
        let Progress::Done(ev) = check_mail_from(&input(ip), &z) else { panic!("a zone answers everything") };
        assert!(ev.lookups <= 11, "the lookup limit stops evaluation: {}", ev.lookups);
        let req = SpfRequest { record: None, domain: Some("root.test"), evaluate: Some(input(ip)) };
        let Progress::Done(r) = analyze_spf(&req, &z) else { panic!("a zone answers everything") };
        let _ = serde_json::to_string(&r).expect("serializes");
        let mut text = String::new();
        mxray::render::render_spf(&mut text, &r);
    }
}

#[test]
fn hostile_records_end_with_the_rfc_result() {
    let cases: &[(&str, SpfResult)] = &[
        ("v=spf1 include:c0.test -all", SpfResult::PermError),
        ("v=spf1 include:loop1.test -all", SpfResult::PermError),
        ("v=spf1 include:self.test -all", SpfResult::PermError),
        ("v=spf1 redirect=root.test", SpfResult::PermError),
        ("v=spf1 mx:mx.test -all", SpfResult::PermError),
        ("v=spf1 a:nx1.test a:nx2.test a:nx3.test -all", SpfResult::PermError),
        ("v=spf1 exists:%{s}%{s}%{s}%{s}%{s}%{s}%{s}%{s}%{s}%{s}%{s}.%{l9999999999999999999999r+-.,/_=} -all", SpfResult::Fail),
        ("v=spf1 -all exp=exp.test", SpfResult::Fail),
    ];
    for (record, want) in cases {
        let Progress::Done(ev) = check_mail_from(&input("192.0.2.1"), &zone(record)) else { panic!() };
        assert_eq!(ev.result, *want, "{record}: {}", ev.reason);
        analyze_everything(record);
    }
}

#[test]
fn ten_thousand_terms() {
    let ips: String = (0..10_000).map(|i| format!(" ip4:10.{}.{}.0/24", i / 256 % 256, i % 256)).collect();
    let record = format!("v=spf1{ips} -all");
    let Progress::Done(ev) = check_mail_from(&input("192.0.2.1"), &zone(&record)) else { panic!() };
    assert_eq!(ev.result, SpfResult::Fail);
    let includes: String = (0..10_000).map(|i| format!(" include:c{}.test", i % 50)).collect();
    let record = format!("v=spf1{includes} -all");
    let Progress::Done(ev) = check_mail_from(&input("192.0.2.1"), &zone(&record)) else { panic!() };
    assert_eq!(ev.result, SpfResult::PermError);
    analyze_everything(&record);
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "all", "-all", "~all", "?all", "+all", "a", "mx", "ptr", "a/24", "mx//64", "a:c1.test", "mx:mx.test/16",
            "include:c3.test", "include:loop1.test", "include:self.test", "exists:%{i}.x.test", "redirect=c5.test",
            "redirect=root.test", "exp=exp.test", "ip4:10.0.0.0/8", "ip6:2001:db8::/32", "ptr:mx.test",
            "a:%{d2}", "exists:%{l1r-}.%{o}", "foo=%{s}", "%", "%{", "ip4:", "/", "=", ":", "a:.", "ip4:1.2.3.4/33",
        ])
        .prop_map(String::from),
        "[ -~]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_records(terms in prop::collection::vec(token(), 0..25)) {
        analyze_everything(&format!("v=spf1 {}", terms.join(" ")));
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,300}") {
        let req = SpfRequest { record: Some(&text), ..Default::default() };
        let Progress::Done(r) = analyze_spf(&req, &mxray::dns::Offline) else { panic!() };
        for e in &r.errors {
            prop_assert!(e.position <= r.record.len(), "error position inside the record");
        }
        let _ = mxray::analyze(&format!("v=spf1 {text}"));
    }
}
