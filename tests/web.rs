//! In-browser tests (wasm-bindgen-test in headless Chromium): the core runs in wasm, and the
//! components render reports as users see them.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use mxray::report::{AuthProperty, AuthResult, AuthResults, ReceivedHop};
use mxray::ui::{auth_results_view, hop_timeline, App};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A real header block from the shared corpus (6 Received fields), compiled in.
const HEADERS: &str = include_str!("../../shared/corpus/headers/messages/mail_test_1.hdr");

fn fresh_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Let yew's scheduler render (and debounce timers fire).
async fn settle(ms: u32) {
    TimeoutFuture::new(ms).await;
}

/// Props of [`Shown`].
#[derive(yew::Properties, PartialEq)]
struct ShownProps {
    html: yew::Html,
}

/// Renders what a view function made, for tests of the page's views.
#[yew::function_component(Shown)]
fn shown(props: &ShownProps) -> yew::Html {
    props.html.clone()
}

/// Render the view `html` into a fresh root.
async fn render(html: yew::Html) -> Element {
    let root = fresh_root();
    yew::Renderer::<Shown>::with_root_and_props(root.clone(), ShownProps { html }).render();
    settle(10).await;
    root
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn hop(n: usize, by: &str, delay: Option<i64>) -> ReceivedHop {
    ReceivedHop {
        hop: n,
        by: Some(by.into()),
        timestamp: Some("2024-01-01T00:00:00+00:00".into()),
        delay_seconds: delay,
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn core_reads_the_received_chain_in_wasm() {
    let report = mxray::analyze(HEADERS);
    let headers = report.headers.expect("header analysis");
    assert_eq!(headers.received.len(), 6);
    assert_eq!(headers.received[0].hop, 1);
}

#[wasm_bindgen_test]
async fn timeline_draws_one_bar_per_hop_and_marks_clock_skew() {
    let hops = vec![hop(1, "a.example", None), hop(2, "b.example", Some(30)), hop(3, "c.example", Some(-120))];
    let root = render(hop_timeline(&hops, Some(-90))).await;
    assert_eq!(count(&root, "li.hop"), 3);
    assert_eq!(count(&root, "li.hop.skew"), 1);
    let skew = root.query_selector("li.hop.skew .hop-delay").unwrap().unwrap();
    assert!(skew.text_content().unwrap().contains("clock skew"));
    assert_eq!(count(&root, "li.hop .hop-bar"), 3);
}

#[wasm_bindgen_test]
async fn auth_badges_show_results_and_domains_as_text() {
    let results = vec![AuthResults {
        authserv_id: "mx.example".into(),
        results: vec![
            AuthResult {
                method: "spf".into(),
                result: "pass".into(),
                properties: vec![AuthProperty { ptype: "smtp".into(), property: "mailfrom".into(), value: "a.example".into() }],
                ..Default::default()
            },
            AuthResult {
                method: "dkim".into(),
                result: "fail".into(),
                properties: vec![AuthProperty { ptype: "header".into(), property: "d".into(), value: "<b>x</b>".into() }],
                ..Default::default()
            },
        ],
        ..Default::default()
    }];
    let root = render(auth_results_view(&results, &[])).await;
    assert_eq!(count(&root, ".auth-badge.pass"), 1);
    assert_eq!(count(&root, ".auth-badge.fail"), 1);
    // Untrusted text is rendered as text, never as markup.
    assert_eq!(count(&root, ".auth-badge b"), 0);
    assert!(root.text_content().unwrap().contains("header.d=<b>x</b>"));
}

async fn app_with_input(text: &str) -> Element {
    let root = fresh_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle(10).await;
    let area: HtmlTextAreaElement = root.query_selector("textarea").unwrap().unwrap().dyn_into().unwrap();
    area.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    settle(600).await;
    root
}

#[wasm_bindgen_test]
async fn pasting_headers_shows_every_hop_after_the_debounce() {
    let root = app_with_input(HEADERS).await;
    assert_eq!(count(&root, "li.hop"), 6);
    assert_eq!(count(&root, "tr.hop-row"), 6);
    let verdict = root.query_selector(".verdict-text").unwrap().unwrap().text_content().unwrap();
    assert!(verdict.contains("6 server hops"), "verdict was: {verdict}");
    let kind = root.query_selector(".detected-kind").unwrap().unwrap();
    assert_eq!(kind.get_attribute("data-kind").as_deref(), Some("headers"));
}

#[wasm_bindgen_test]
async fn garbage_gets_a_clear_message_and_keeps_the_text() {
    let garbage = "\u{0}\u{1}}{ not mail at all ]]]\n\n<script>alert(1)</script>";
    let root = app_with_input(garbage).await;
    assert_eq!(count(&root, "script"), 0);
    let text = root.text_content().unwrap();
    assert!(text.contains("could not recognise"), "page text: {text}");
    let area: HtmlTextAreaElement = root.query_selector("textarea").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(area.value(), garbage);
}

/// A real Postfix bounce from the shared corpus, compiled in.
const BOUNCE: &str = include_str!("../../shared/corpus/bounces/bsd/lhost-postfix-31.eml");

#[wasm_bindgen_test]
async fn a_bounce_shows_the_story_the_recipient_and_the_marked_codes() {
    let report = mxray::analyze(BOUNCE);
    let bounce = report.bounce.clone().expect("bounce analysis");
    let first = bounce.recipients.first().expect("a recipient").clone();
    let root = app_with_input(BOUNCE).await;
    let verdict = root.query_selector(".verdict-text").unwrap().unwrap().text_content().unwrap();
    assert_eq!(verdict, mxray::render::verdict(&report));
    assert!(verdict.contains(&first.address), "verdict was: {verdict}");
    assert_eq!(count(&root, "tr.recipient-row"), bounce.recipients.len() as u32);
    // The server's own words are shown with the status code marked.
    let marks: Vec<String> = (0..count(&root, ".server-words mark"))
        .map(|i| root.query_selector_all(".server-words mark").unwrap().item(i).unwrap().text_content().unwrap())
        .collect();
    assert!(marks.iter().any(|m| Some(m) == first.status.as_ref()), "marks: {marks:?}");
    assert!(count(&root, ".advice .steps li") > 0);
}

/// A record with a host name where an IPv4 address belongs (byte 28 is the name's start).
const SPF_WITH_ERROR: &str = "v=spf1 ip4:192.0.2.0/24 ip4:relay.example.net -all";

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).text_content().unwrap()
}

#[wasm_bindgen_test]
async fn a_pasted_spf_record_underlines_the_bad_term_and_explains_the_others() {
    let spf = mxray::analyze(SPF_WITH_ERROR).spf.expect("SPF analysis");
    let root = app_with_input(SPF_WITH_ERROR).await;
    // Exactly the bad term is underlined, as its own span, and flagged for screen readers.
    assert_eq!(count(&root, ".spf-record .spf-bad"), 1);
    let bad = root.query_selector(".spf-record .spf-bad").unwrap().unwrap();
    assert_eq!(bad.text_content().unwrap(), "ip4:relay.example.net");
    assert_eq!(bad.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(text_of(&root, ".spf-record .visually-hidden"), "error: ");
    // Every piece of the record is its own span, and the whole record is shown as pasted.
    assert_eq!(count(&root, ".spf-record .spf-piece"), 4);
    assert_eq!(text_of(&root, ".spf-record").replace("error: ", ""), SPF_WITH_ERROR);
    // The error list says where.
    assert_eq!(count(&root, ".spf-error"), 1);
    let error = text_of(&root, ".spf-error");
    assert!(error.contains("byte 28: "), "error was: {error}");
    assert!(error.contains("relay.example.net"), "error was: {error}");
    // One meaning per term the core read (the bad one is left out).
    assert_eq!(spf.terms.len(), 2);
    assert_eq!(count(&root, ".spf-terms .spf-term"), spf.terms.len() as u32);
    assert_eq!(text_of(&root, ".spf-term dt"), "ip4:192.0.2.0/24");
    assert_eq!(text_of(&root, ".spf-term dd"), spf.terms[0].meaning);
}

#[wasm_bindgen_test]
async fn the_tree_marks_the_lookup_past_the_limit_and_says_what_was_not_looked_up() {
    let record = "v=spf1 a mx include:a.example include:b.example include:c.example a:x.example mx:y.example \
                  exists:%{i}.z.example include:d.example include:e.example include:f.example ?all";
    let root = app_with_input(record).await;
    assert!(text_of(&root, ".spf-lookup-count").starts_with("11 of 10 DNS lookups"));
    assert_eq!(count(&root, ".spf-count.over"), 1);
    assert_eq!(count(&root, ".spf-meter .cell.over"), 1);
    // The 11th lookup is the one marked, with its running total.
    assert_eq!(count(&root, ".spf-tree-term.over"), 1);
    let over = root.query_selector(".spf-tree-term.over").unwrap().unwrap();
    assert_eq!(text_of(&over, ".spf-tree-name"), "include:f.example");
    assert_eq!(text_of(&over, ".spf-running"), "total 11");
    assert_eq!(text_of(&over, ".flag.over"), "over the 10-lookup limit");
    // Six includes nested under their term, each saying it was not looked up.
    assert_eq!(count(&root, ".spf-tree-child > .spf-node"), 6);
    assert_eq!(text_of(&over, ".spf-tree-child .spf-node-domain"), "f.example");
    assert!(text_of(&over, ".spf-node-problem").contains("live checks are off"));
    assert_eq!(count(&root, ".spf-not-looked-up li"), 8, "6 includes, a:x.example and mx:y.example");
}

fn set_input(root: &Element, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = root.query_selector(selector).unwrap().unwrap().dyn_into().unwrap();
    input.set_value(value);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

async fn submit(root: &Element) {
    let button: web_sys::HtmlElement = root.query_selector(".spf-eval button[type=submit]").unwrap().unwrap().dyn_into().unwrap();
    button.click();
    settle(20).await;
}

#[wasm_bindgen_test]
async fn the_evaluate_form_checks_an_address_only_record_offline() {
    let spf = mxray::analyze("v=spf1 ip4:192.0.2.0/24 -all").spf.expect("SPF analysis");
    let root = render(mxray::ui::spf_view(&spf, None, false)).await;
    // A bad address: a clear message, what was typed stays, no result.
    set_input(&root, "#spf-ip", "192.0.2.999");
    settle(10).await;
    submit(&root).await;
    assert!(text_of(&root, ".field-error").contains("\"192.0.2.999\" is not an IP address"));
    let ip: web_sys::HtmlInputElement = root.query_selector("#spf-ip").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(ip.value(), "192.0.2.999");
    assert_eq!(ip.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(count(&root, ".spf-result"), 0);
    // Inside the range: pass; outside: fail, each with the reason.
    set_input(&root, "#spf-ip", "192.0.2.7");
    set_input(&root, "#spf-sender", "alice@example.com");
    settle(10).await;
    submit(&root).await;
    assert_eq!(count(&root, ".field-error"), 0);
    let badge = root.query_selector(".spf-result").unwrap().unwrap();
    assert_eq!(badge.get_attribute("data-result").as_deref(), Some("pass"));
    assert_eq!(badge.text_content().unwrap(), "pass");
    assert!(text_of(&root, ".spf-reason").contains("ip4:192.0.2.0/24"), "{}", text_of(&root, ".spf-reason"));
    set_input(&root, "#spf-ip", "198.51.100.1");
    settle(10).await;
    submit(&root).await;
    assert_eq!(root.query_selector(".spf-result").unwrap().unwrap().get_attribute("data-result").as_deref(), Some("fail"));
    assert_eq!(count(&root, ".spf-needs-dns"), 0);
}

#[wasm_bindgen_test]
async fn evaluating_a_record_with_includes_says_live_dns_is_needed() {
    let root = app_with_input("v=spf1 include:_spf.example.com -all").await;
    set_input(&root, "#spf-ip", "192.0.2.7");
    settle(10).await;
    submit(&root).await;
    assert_eq!(root.query_selector(".spf-result").unwrap().unwrap().get_attribute("data-result").as_deref(), Some("temperror"));
    assert!(text_of(&root, ".spf-needs-dns").starts_with("This record needs live DNS to evaluate"));
}

/// A message sent by mx1.mxray.test [192.0.2.25] for news@mxray.test to a null-MX domain (the
/// DoH test stack's data, see tests/zones/mxray.test.zone).
const LIVE_MESSAGE: &str = "Return-Path: <news@mxray.test>\r\n\
Received: from mx1.mxray.test (mx1.mxray.test [192.0.2.25]) by mx.rcpt.example; Mon, 1 Jan 2024 10:00:05 +0000\r\n\
Received: from laptop ([10.0.0.7]) by mx1.mxray.test; Mon, 1 Jan 2024 10:00:00 +0000\r\n\
From: News <news@mxray.test>\r\nTo: a@nullmx.mxray.test\r\nSubject: hello\r\n\
Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1@mxray.test>\r\n\r\nbody\r\n";

/// Replace `window.fetch` with a stub that counts calls and fails like a network error; returns
/// the original to put back.
fn stub_fetch() -> wasm_bindgen::JsValue {
    let window = web_sys::window().unwrap();
    let original = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
    let stub = js_sys::Function::new_with_args(
        "req",
        "window.__mxrayFetches = (window.__mxrayFetches || []); window.__mxrayFetches.push(req.url); \
         return Promise.reject(new TypeError('Failed to fetch'));",
    );
    js_sys::Reflect::set(&window, &"fetch".into(), &stub).unwrap();
    js_sys::Reflect::set(&window, &"__mxrayFetches".into(), &js_sys::Array::new()).unwrap();
    original
}

fn fetched_urls() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let list: js_sys::Array = js_sys::Reflect::get(&window, &"__mxrayFetches".into()).unwrap().dyn_into().unwrap();
    list.iter().filter_map(|v| v.as_string()).collect()
}

#[wasm_bindgen_test]
async fn live_checks_are_off_by_default_and_nothing_is_fetched_until_switched_on() {
    let original = stub_fetch();
    let root = app_with_input(LIVE_MESSAGE).await;
    let switch: web_sys::HtmlInputElement = root.query_selector("#live-switch").unwrap().unwrap().dyn_into().unwrap();
    assert!(!switch.checked(), "the switch starts off");
    assert_eq!(switch.get_attribute("role").as_deref(), Some("switch"));
    let label = root.query_selector("label[for=live-switch]").unwrap().unwrap().text_content().unwrap();
    assert_eq!(label, "Live checks");
    // The report is there, the live section is not, and nothing was fetched.
    assert_eq!(count(&root, "li.hop"), 2);
    assert_eq!(count(&root, "section.live"), 0);
    settle(100).await;
    assert_eq!(fetched_urls(), Vec::<String>::new());
    // Switched on: the section asks for the live-check module, which this test page does not
    // have (scripts/build.sh adds it to the real page): it says so, and still nothing is fetched.
    switch.click();
    settle(300).await;
    let urls = fetched_urls();
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &original).unwrap();
    assert_eq!(count(&root, "section.live"), 1);
    let alert = text_of(&root, "section.live [role=alert]");
    assert!(alert.contains("built without its live-check module"), "{alert}");
    assert_eq!(urls, Vec::<String>::new());
}

/// The module's side, run in this page: live checks through a resolver and its fallback that
/// cannot be reached, drawn into an element: that is its own state, said once with each
/// resolver's host, never a DNS result, and the run says nothing was checked.
#[wasm_bindgen_test]
async fn unreachable_resolvers_are_their_own_state_drawn_by_the_module() {
    let original = stub_fetch();
    let report = mxray::analyze(LIVE_MESSAGE);
    let targets = mxray::live::targets(&report);
    let endpoints = mxray::browser::doh::endpoints_for("quad9");
    let root = fresh_root();
    root.set_attribute("data-run", "7").unwrap();
    mxray::browser::live_view::show_live_checks(root.clone(), "7".into(), &targets, endpoints.clone()).await;
    let urls = fetched_urls();
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &original).unwrap();
    // Only DoH URLs were asked for, at the resolver and its fallback.
    assert!(!urls.is_empty());
    assert!(urls.iter().all(|u| endpoints.iter().any(|e| u.starts_with(&format!("{e}?dns=")))), "{urls:?}");
    let failed = text_of(&root, ".live-failed[role=alert]");
    assert!(failed.starts_with("mxray could not reach the DNS resolver (dns.quad9.net: not reachable"), "{failed}");
    assert!(failed.contains("; then cloudflare-dns.com: not reachable"), "{failed}");
    assert!(failed.contains("Nothing was checked."), "{failed}");
    assert_eq!(count(&root, ".live-status"), 0, "no 'Done' when nothing was reached");
    // No finding pretends DNS answered: no lookup failures, no results.
    assert_eq!(count(&root, "li.finding"), 0, "{}", root.text_content().unwrap());
    // A run the page has moved on from draws nothing more.
    root.set_attribute("data-run", "8").unwrap();
    root.set_text_content(Some("newer run"));
    stub_fetch();
    mxray::browser::live_view::show_live_checks(root.clone(), "7".into(), &targets, vec!["https://doh.example/q".into()]).await;
    let asked = fetched_urls();
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &original).unwrap();
    assert_eq!(root.text_content().unwrap(), "newer run");
    assert_eq!(asked, Vec::<String>::new());
}

#[wasm_bindgen_test]
fn live_check_targets_cross_to_the_module_intact() {
    let report = mxray::analyze(LIVE_MESSAGE);
    let mut targets = mxray::live::targets(&report);
    targets.dkim_keys = vec![("s1".into(), "mxray.test".into())];
    let encoded = mxray::browser::bridge::encode_targets(&targets);
    assert_eq!(mxray::browser::bridge::decode_targets(&encoded), Some(targets));
    assert_eq!(mxray::browser::bridge::decode_targets(&"not targets".into()), None);
}

#[wasm_bindgen_test]
fn the_session_cache_keeps_answers_for_their_ttl_and_never_keeps_failures() {
    use mxray::dns::{Answer, DnsError, Query, RecordType, Rdata, Resolver, Lookup};
    let mut cache = mxray::browser::doh::TtlCache::default();
    let q = |n: &str| Query::new(n, RecordType::A);
    let a = Answer::Records(vec![Rdata::A("192.0.2.1".parse().unwrap())]);
    cache.insert(q("a.example"), a.clone(), 60, 1_000.0);
    cache.insert(q("b.example"), Answer::NxDomain, 5, 1_000.0);
    cache.insert(q("c.example"), Answer::Error(DnsError::Timeout), 60, 1_000.0);
    cache.insert(q("d.example"), a.clone(), 0, 1_000.0);
    assert_eq!(cache.len(), 2, "failures and zero-TTL answers are not kept");
    let now = cache.answers_at(5_999.0);
    assert!(matches!(now.lookup("a.example", RecordType::A), Lookup::Ready(x) if *x == a));
    assert!(matches!(now.lookup("b.example", RecordType::A), Lookup::Ready(Answer::NxDomain)));
    assert!(matches!(now.lookup("c.example", RecordType::A), Lookup::Pending));
    // b's 5 seconds are over at 6.0 s; a's 60 at 61.0 s.
    let later = cache.answers_at(6_000.0);
    assert!(matches!(later.lookup("b.example", RecordType::A), Lookup::Pending));
    assert!(matches!(later.lookup("a.example", RecordType::A), Lookup::Ready(_)));
    assert_eq!(cache.len(), 1);
    assert!(cache.answers_at(61_000.0).is_empty());
    assert!(cache.is_empty());
}

#[wasm_bindgen_test]
fn resolver_choices_fall_back_to_the_next_preset_and_urls_are_checked() {
    assert_eq!(mxray::browser::doh::endpoints_for("quad9"), ["https://dns.quad9.net/dns-query", "https://cloudflare-dns.com/dns-query"]);
    assert_eq!(mxray::browser::doh::endpoints_for("https://doh.example/q"), ["https://doh.example/q"]);
    assert!(mxray::ui::check_resolver_url("https://doh.example/dns-query").is_ok());
    assert!(mxray::ui::check_resolver_url("http://127.0.0.1:18553/dns-query").is_ok());
    assert!(mxray::ui::check_resolver_url("http://doh.example/dns-query").is_err(), "plain HTTP only to this machine");
    assert!(mxray::ui::check_resolver_url("javascript:alert(1)").is_err());
    assert!(mxray::ui::check_resolver_url("https://").is_err());
}

/// DKIM verification runs in the browser: every corpus message verifies as expected with the keys
/// given in its file (compiled in; the same expectations as tests/dkim_corpus.rs natively).
#[wasm_bindgen_test]
fn dkim_signatures_verify_in_the_browser() {
    use mxray::dkim::verify::{verify_message, DkimResult};
    use mxray::dns::{Progress, Rdata, ZoneBuilder};
    const MESSAGES: [(&str, bool); 5] = [
        (include_str!("../../shared/corpus/dkim/messages/dkim-001.txt"), true),
        (include_str!("../../shared/corpus/dkim/messages/dkim-002.txt"), true),
        (include_str!("../../shared/corpus/dkim/messages/dkim-003.txt"), true),
        (include_str!("../../shared/corpus/dkim/messages/dkim-006.txt"), true),
        (include_str!("../../shared/corpus/dkim/messages/arc-001.txt"), false),
    ];
    for (i, (file, last_must_pass)) in MESSAGES.iter().enumerate() {
        let (records, message) = file.split_once("\n\n").expect("records, a blank line, the message");
        let mut zone = ZoneBuilder::new();
        for (name, value) in records.lines().filter_map(|l| l.split_once(' ')) {
            zone.add(name, Rdata::Txt(value.to_string()));
        }
        let zone = zone.build();
        let Progress::Done(results) = verify_message(message.as_bytes(), 1_667_843_664, &zone) else { panic!("a zone answers") };
        let ok = if *last_must_pass {
            results.last().is_some_and(|r| r.result == DkimResult::Pass)
        } else {
            results.iter().any(|r| r.result == DkimResult::Pass)
        };
        assert!(ok, "message {i}: {results:?}");
        // A changed body is caught by the body hash alone.
        let changed = message.replacen("\n\n", "\n\nAn added line.\n", 1);
        let Progress::Done(after) = verify_message(changed.as_bytes(), 1_667_843_664, &zone) else { panic!() };
        assert!(after.iter().all(|r| r.result != DkimResult::Pass), "message {i} still passes after a change");
    }
}

/// While a round runs, the module lists every name it is asking about.
#[wasm_bindgen_test]
async fn each_name_being_looked_up_is_listed_while_the_round_runs() {
    let window = web_sys::window().unwrap();
    let original = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
    let pending = js_sys::Function::new_with_args("req", "return new Promise(() => {});");
    js_sys::Reflect::set(&window, &"fetch".into(), &pending).unwrap();
    let targets = mxray::live::targets(&mxray::analyze(LIVE_MESSAGE));
    let root = fresh_root();
    root.set_attribute("data-run", "1").unwrap();
    let (target, endpoints) = (root.clone(), mxray::browser::doh::endpoints_for("google"));
    wasm_bindgen_futures::spawn_local(async move {
        mxray::browser::live_view::show_live_checks(target, "1".into(), &targets, endpoints).await;
    });
    settle(100).await;
    js_sys::Reflect::set(&window, &"fetch".into(), &original).unwrap();
    let status = text_of(&root, ".live-status");
    let listed = count(&root, ".live-lookups li.live-lookup");
    assert!(listed > 3, "{listed} names listed");
    assert_eq!(status, format!("Looking up {listed} names at dns.google…"));
    let names = text_of(&root, ".live-lookups");
    assert!(names.contains("MX nullmx.mxray.test") && names.contains("PTR 25.2.0.192.in-addr.arpa"), "{names}");
    // The page moves on: the run stops drawing.
    root.set_attribute("data-run", "2").unwrap();
}

/// github.com's signed message from the DKIM corpus (its key record first, then a blank line).
const SIGNED: &str = include_str!("../../shared/corpus/dkim/messages/dkim-006.txt");

/// The DKIM/DMARC module's drawing of `input` (a `kind`), offline, in a fresh element.
async fn auth_checks_of(kind: mxray::browser::bridge::AuthInput, input: &str) -> Element {
    let root = fresh_root();
    root.set_attribute("data-run", "1").unwrap();
    mxray::browser::auth_view::show_auth_checks(root.clone(), "1".into(), kind, input, Vec::new()).await;
    root
}

/// Offline, a pasted message's signature has its body hash checked (the key needs live DNS) and
/// the DMARC verdict names the From domain; a changed body shows as changed.
#[wasm_bindgen_test]
async fn the_auth_module_checks_a_signed_message_offline_and_shows_a_changed_body() {
    use mxray::browser::bridge::AuthInput;
    let message = SIGNED.split_once("\n\n").unwrap().1;
    let root = auth_checks_of(AuthInput::Message, message).await;
    assert_eq!(count(&root, "tr.dkim-row"), 1);
    let cell = |root: &Element, class: &str| text_of(root, &format!("tr.dkim-row td.{class}"));
    assert_eq!((cell(&root, "body-hash"), cell(&root, "header-signature"), cell(&root, "result")), ("matches".into(), "key not looked up".into(), "none".into()));
    assert_eq!(text_of(&root, "tr.dkim-row td.mono"), "github.com");
    assert!(text_of(&root, ".live-status").contains("switch on live checks"), "{}", text_of(&root, ".live-status"));
    assert!(text_of(&root, ".auth-facts").contains("github.com"));
    assert!(text_of(&root, ".dmarc-explanation").contains("github.com"));
    // Its part of the page's report, on one hidden child: JSON members to splice, ticket text.
    assert_eq!(count(&root, ".report-part[hidden]"), 1);
    let part = root.query_selector(".report-part").unwrap().unwrap();
    let json = part.get_attribute("data-json").unwrap();
    assert!(json.starts_with(",\n  \"dkim\": [") && json.contains("\"dmarc\": {"), "{json}");
    assert!(part.get_attribute("data-text").unwrap().contains("The DKIM signature by github.com (selector dk2016)"));
    let changed = message.replacen("\n\n", "\n\nAn added line.\n", 1);
    let root = auth_checks_of(AuthInput::Message, &changed).await;
    assert_eq!(cell(&root, "body-hash"), "changed since signing");
    // A header block has no body: nothing to verify, and the status line says why.
    let headers = message.split_once("\n\n").unwrap().0;
    let root = auth_checks_of(AuthInput::Headers, headers).await;
    assert!(text_of(&root, ".live-status").contains("paste the whole message"));
}

/// A pasted DMARC record: exactly the bad tag underlined, the error with its byte position,
/// every tag explained, and the record's text drawn as text.
#[wasm_bindgen_test]
async fn the_auth_module_underlines_a_dmarc_record_error_and_explains_each_tag() {
    use mxray::browser::bridge::AuthInput;
    let record = "v=DMARC1; p=rejected; rua=mailto:<b>d@example.com</b>";
    let root = auth_checks_of(AuthInput::Record, record).await;
    let error = &mxray::dmarc::parse::parse_record(record).errors[0];
    let bad = &record[error.position..];
    let bad = &bad[..bad.find(';').unwrap_or(bad.len())];
    assert!(bad.contains("rejected"), "{bad}");
    let underlined = root.query_selector(".dmarc-record .spf-bad").unwrap().expect("the error is underlined");
    assert_eq!(underlined.first_child().unwrap().text_content().unwrap(), bad);
    assert!(text_of(&root, ".dmarc-errors").contains(&format!("byte {}: {}", error.position, error.message)));
    let (before, after) = (&record[..error.position], &record[error.position + bad.len()..]);
    assert_eq!(text_of(&root, ".dmarc-record"), format!("{before}{bad} (error here){after}"));
    assert_eq!(count(&root, ".dmarc-record b"), 0, "pasted markup stays text");
    assert_eq!(count(&root, "tbody tr"), 3);
    assert!(text_of(&root, "tbody").contains("Where aggregate reports go"));
    assert_eq!(root.query_selector("li.finding").unwrap().unwrap().get_attribute("data-code").as_deref(), Some("dmarc-record"));
}

/// A run the page has moved on from draws nothing.
#[wasm_bindgen_test]
async fn a_superseded_auth_run_draws_nothing() {
    let root = fresh_root();
    root.set_attribute("data-run", "2").unwrap();
    let record = "v=DMARC1; p=none";
    mxray::browser::auth_view::show_auth_checks(root.clone(), "1".into(), mxray::browser::bridge::AuthInput::Record, record, Vec::new()).await;
    assert_eq!(root.child_element_count(), 0);
}

/// A pasted DMARC record's headline comes from the module (the first load has no DMARC parser):
/// a verdict with its first step, never "this looks like a DMARC record".
#[wasm_bindgen_test]
async fn the_module_tells_a_records_verdict_and_first_step() {
    let root = fresh_root();
    root.set_attribute("data-run", "1").unwrap();
    let told = mxray::browser::auth_view::show_auth_checks(root.clone(), "1".into(), mxray::browser::bridge::AuthInput::Record, "v=DMARC1; p=rejct", Vec::new()).await;
    let (headline, step) = told.expect("a record's verdict");
    assert!(headline.starts_with("This DMARC record is ignored by receivers: `p=rejct` is not a policy"), "{headline}");
    assert!(step.is_some_and(|s| s.starts_with("Correct the record where your domain's DNS is kept")));
}

/// The record's domain form: a domain typed and submitted checks the record as that domain's —
/// its Organizational Domain shown, and (offline) a report destination elsewhere said to need an
/// authorization that could not be looked up.
#[wasm_bindgen_test]
async fn a_domain_typed_under_a_dmarc_record_checks_it_as_that_domains() {
    use mxray::browser::bridge::AuthInput;
    let root = auth_checks_of(AuthInput::Record, "v=DMARC1; p=reject; rua=mailto:d@reports.example").await;
    assert!(!text_of(&root, ".auth-facts").contains("Organizational Domain"));
    let input: web_sys::HtmlInputElement = root.query_selector("#dmarc-domain").unwrap().unwrap().dyn_into().unwrap();
    input.set_value("Mail.Example.CO.UK.");
    input.focus().unwrap();
    let form: web_sys::HtmlFormElement = root.query_selector("form.dmarc-domain").unwrap().unwrap().dyn_into().unwrap();
    form.request_submit().unwrap();
    settle(50).await;
    assert!(text_of(&root, ".auth-facts").contains("Organizational Domainexample.co.uk"), "{}", text_of(&root, ".auth-facts"));
    let unknown = root.query_selector("li.finding[data-code=\"report-authorization-unknown\"]").unwrap().expect("the destination's authorization is asked about");
    assert!(unknown.text_content().unwrap().contains("mail.example.co.uk._report._dmarc.reports.example"));
    let input: web_sys::HtmlInputElement = root.query_selector("#dmarc-domain").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(input.value(), "mail.example.co.uk", "the domain stays in the field");
    let focused = web_sys::window().unwrap().document().unwrap().active_element().map(|e| e.id());
    assert_eq!(focused.as_deref(), Some("dmarc-domain"), "keyboard focus stays in the field");
}

/// The page asks its DKIM/DMARC module for a header block with a From address, and says so
/// clearly when this copy has no module (here: the test page has no `<meta>` naming it); a
/// bounce gets no such section.
#[wasm_bindgen_test]
async fn a_missing_dkim_dmarc_module_is_reported_in_its_section_not_a_crash() {
    let root = app_with_input(HEADERS).await;
    let body = root.query_selector("section.auth .auth-body").unwrap().expect("the DKIM and DMARC section");
    assert_eq!(body.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(body.text_content().unwrap(), "this copy of mxray was built without its DKIM/DMARC module (scripts/build.sh adds it)");
    assert_eq!(count(&root, "li.hop"), 6, "the rest of the page is there");
    let root = app_with_input(BOUNCE).await;
    assert_eq!(count(&root, "section.auth"), 0);
}
