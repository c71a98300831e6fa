//! Live checks in the browser: the core's [`LiveRun`] and SPF evaluation, asked round by round
//! through the DoH client, with one shared session cache.

use std::cell::RefCell;
use std::net::IpAddr;
use std::rc::Rc;

use super::doh::{LiveDns, Resolved, TtlCache};
use crate::live::{LiveRun, LiveTargets};
use crate::dns::{Progress, Query, Resolver};
use crate::spf::{analyze_spf, SpfInput, SpfRequest, SpfResult};

thread_local! {
    /// Answers kept for their TTL for as long as the page is open.
    static CACHE: Rc<RefCell<TtlCache>> = Rc::default();
}

/// A DoH client for `endpoints` (first choice first) with the session cache.
pub(crate) fn dns(endpoints: Vec<String>) -> LiveDns {
    LiveDns { endpoints: Rc::new(endpoints), cache: CACHE.with(Rc::clone) }
}

/// Where a run of live checks is, for its status line.
pub enum LiveState<'a> {
    /// A round is asking these questions.
    Asking(&'a [Query]),
    /// Every part was checked.
    Done,
    /// No resolver could be reached (why); the parts checked before are in the run.
    Unreachable(&'a str),
}

/// Run the live checks on `targets` with the resolvers `endpoints` (first choice first).
/// `on_update(state, run)` hears, before each round, the questions it asks, then once more how
/// it ended, with the run's findings and the parts checked so far; returning `false` stops it.
pub async fn run_live_checks(targets: &LiveTargets, endpoints: Vec<String>, mut on_update: impl FnMut(LiveState, &LiveRun) -> bool) {
    let run = RefCell::new(LiveRun::new(targets));
    let mut on_round = |q: &[Query]| on_update(LiveState::Asking(q), &run.borrow());
    let ended = dns(endpoints).resolve(|answers| run.borrow_mut().step(answers), &mut on_round).await;
    match ended {
        Resolved::Done(()) => {
            on_update(LiveState::Done, &run.borrow());
        }
        Resolved::Unreachable(why) => {
            on_update(LiveState::Unreachable(&why), &run.borrow());
        }
        Resolved::Stopped => {}
    }
}

/// What evaluating a record for a client gave.
#[derive(Debug, Clone, PartialEq)]
pub struct SpfOutcome {
    /// The result.
    pub result: SpfResult,
    /// Why, in words.
    pub reason: String,
    /// The domain's own explanation, for `fail`.
    pub explanation: Option<String>,
}

/// A client to evaluate an SPF record for, as typed in the page.
#[derive(Debug, Clone, PartialEq)]
pub struct SpfClient {
    /// Its address.
    pub ip: IpAddr,
    /// The MAIL FROM address.
    pub sender: String,
    /// The HELO name.
    pub helo: String,
    /// Seconds since 1970.
    pub now: u64,
}

impl SpfClient {
    /// The client as typed in the page: the sender without angle brackets, names trimmed.
    pub fn typed(ip: IpAddr, sender: &str, helo: &str, now: u64) -> SpfClient {
        let sender = sender.trim().trim_start_matches('<').trim_end_matches('>');
        SpfClient { ip, sender: sender.to_string(), helo: helo.trim().to_string(), now }
    }
}

/// Evaluate `record` for `client` with the DNS answers `resolver` has (the page offline, the
/// module live).
pub fn evaluate_with<R: Resolver + ?Sized>(record: &str, client: &SpfClient, resolver: &R) -> Progress<SpfOutcome> {
    let input = SpfInput { ip: client.ip, sender: &client.sender, helo: &client.helo, receiver: "mxray", now: client.now };
    let req = SpfRequest { record: Some(record), domain: None, evaluate: Some(input) };
    match analyze_spf(&req, resolver) {
        Progress::Done(r) => Progress::Done(SpfOutcome {
            result: r.result.unwrap_or(SpfResult::None),
            reason: r.reason.unwrap_or_default(),
            explanation: r.explanation,
        }),
        Progress::Need(q) => Progress::Need(q),
    }
}

/// Evaluate `record` for `client`, looking up what it refers to at `endpoints`; `on_round`
/// hears how many names each round asks about and says whether to go on.
pub async fn evaluate_spf(record: &str, client: &SpfClient, endpoints: Vec<String>, mut on_round: impl FnMut(usize) -> bool) -> Resolved<SpfOutcome> {
    dns(endpoints).resolve(|answers| evaluate_with(record, client, answers), |q| on_round(q.len())).await
}
