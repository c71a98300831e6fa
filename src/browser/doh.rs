//! The browser's DNS-over-HTTPS client (RFC 8484 GET through fetch): a resolver and its
//! fallback, a per-query timeout (AbortController), at most [`IN_FLIGHT`] queries at a time,
//! errors that name the resolver, and an in-session cache that keeps each answer for its TTL.
//! The browser counterpart of `crate::net`; only DNS names leave the page.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, ReferrerPolicy, Request, RequestCredentials, RequestInit, Response};

use crate::dns::wire::{decode_response, doh_get_url};
use crate::dns::{Answer, Answers, DnsError, Progress, Query, RESOLVER_PRESETS};

/// An answer with its TTL in seconds, or, when no resolver could be reached at all, why.
type Fetched = Result<(Answer, u32), String>;

/// How a run over DoH ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved<T> {
    /// Every question was answered (an answer may be a DNS failure, which the analysis judges).
    Done(T),
    /// The page no longer wants the result.
    Stopped,
    /// No resolver could be reached for a question (network, timeout, HTTP error): nothing of
    /// the result can be trusted, so there is none; the words say which resolvers and why.
    Unreachable(String),
}

/// Queries in flight at most.
pub const IN_FLIGHT: usize = 6;
/// How long one query may take, in milliseconds.
pub const TIMEOUT_MS: u32 = 5000;
/// Rounds an analysis may take (each round is one level of lookups).
const MAX_ROUNDS: usize = 64;
/// Largest DNS message read (RFC 8484 §6).
const MAX_BODY: u32 = 65_535;

/// Answers kept across analyses, each until its TTL runs out (times in ms since the epoch).
#[derive(Debug, Default)]
pub struct TtlCache {
    entries: HashMap<Query, (Answer, f64)>,
}

impl TtlCache {
    /// Keep `answer` for `ttl` seconds from `now_ms`. Failures are not kept: the next analysis
    /// asks again.
    pub fn insert(&mut self, query: Query, answer: Answer, ttl: u32, now_ms: f64) {
        if ttl > 0 && !matches!(answer, Answer::Error(_)) {
            self.entries.insert(query, (answer, now_ms + f64::from(ttl) * 1000.0));
        }
    }

    /// The answers still valid at `now_ms`, as the cache an analysis reads; expired ones are dropped.
    pub fn answers_at(&mut self, now_ms: f64) -> Answers {
        self.entries.retain(|_, (_, expires)| *expires > now_ms);
        let mut out = Answers::new();
        for (q, (a, _)) in &self.entries {
            out.insert(q.clone(), a.clone());
        }
        out
    }

    /// How many answers are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Where live lookups go: resolver URLs (first choice first, then the fallback) and the
/// session's cache. Equal when the URLs are and the cache is the same one.
#[derive(Debug, Clone)]
pub struct LiveDns {
    /// RFC 8484 endpoints, tried in order.
    pub endpoints: Rc<Vec<String>>,
    /// Answers kept for their TTL across analyses.
    pub cache: Rc<RefCell<TtlCache>>,
}

impl PartialEq for LiveDns {
    fn eq(&self, other: &Self) -> bool {
        self.endpoints == other.endpoints && Rc::ptr_eq(&self.cache, &other.cache)
    }
}

/// The endpoints for a choice: a preset name gives its URL and the next preset as the fallback;
/// anything else is a URL asked alone.
pub fn endpoints_for(choice: &str) -> Vec<String> {
    match RESOLVER_PRESETS.iter().position(|(n, _)| *n == choice) {
        Some(i) => vec![
            RESOLVER_PRESETS[i].1.to_string(),
            RESOLVER_PRESETS[(i + 1) % RESOLVER_PRESETS.len()].1.to_string(),
        ],
        None => vec![choice.to_string()],
    }
}

/// The host of a URL, for short messages ("Looking up 7 names at dns.google…").
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl LiveDns {
    /// The answers the cache holds now.
    pub fn cached(&self) -> Answers {
        self.cache.borrow_mut().answers_at(now_ms())
    }

    /// Ask every question, at most [`IN_FLIGHT`] at a time; answers in the order asked, or why no
    /// resolver could be reached. Each answer is also kept in the session cache for its TTL.
    pub async fn fetch_all(&self, queries: &[Query]) -> Vec<Result<Answer, String>> {
        let queries: Rc<Vec<Query>> = Rc::new(queries.to_vec());
        let results: Rc<RefCell<Vec<Option<Fetched>>>> = Rc::new(RefCell::new(vec![None; queries.len()]));
        let next = Rc::new(Cell::new(0usize));
        let workers = js_sys::Array::new();
        for _ in 0..IN_FLIGHT.min(queries.len()) {
            let (queries, results, next, endpoints) = (queries.clone(), results.clone(), next.clone(), self.endpoints.clone());
            workers.push(&wasm_bindgen_futures::future_to_promise(async move {
                loop {
                    let i = next.get();
                    let Some(q) = queries.get(i) else { break };
                    next.set(i + 1);
                    let got = fetch(&endpoints, q).await;
                    results.borrow_mut()[i] = Some(got);
                }
                Ok(JsValue::UNDEFINED)
            }));
        }
        let _ = JsFuture::from(js_sys::Promise::all(&workers)).await;
        let now = now_ms();
        let mut cache = self.cache.borrow_mut();
        let results = results.take();
        queries
            .iter()
            .zip(results)
            .map(|(q, r)| {
                let (answer, ttl) = r.unwrap_or(Ok((Answer::Error(DnsError::ServerFailure("the lookup did not run".into())), 0)))?;
                cache.insert(q.clone(), answer.clone(), ttl, now);
                Ok(answer)
            })
            .collect()
    }

    /// Run `analysis` to completion: each round fetches every question it asks for into a copy of
    /// the session cache. `on_round` hears the questions of each round before they are asked,
    /// and says whether to go on (`false`: the result is no longer wanted). A round in which
    /// no resolver could be reached ends the run: an analysis never judges a question nobody
    /// answered.
    pub async fn resolve<T>(&self, mut analysis: impl FnMut(&Answers) -> Progress<T>, mut on_round: impl FnMut(&[Query]) -> bool) -> Resolved<T> {
        let mut answers = self.cached();
        let mut round = 0;
        loop {
            round += 1;
            match analysis(&answers) {
                Progress::Done(t) => return Resolved::Done(t),
                Progress::Need(queries) => {
                    if !on_round(&queries) {
                        return Resolved::Stopped;
                    }
                    let got: Result<Vec<Answer>, String> = if round >= MAX_ROUNDS {
                        Ok(vec![Answer::Error(DnsError::ServerFailure("too many rounds of lookups".into())); queries.len()])
                    } else {
                        self.fetch_all(&queries).await.into_iter().collect()
                    };
                    match got {
                        Ok(got) => queries.into_iter().zip(got).for_each(|(q, a)| answers.insert(q, a)),
                        Err(why) => return Resolved::Unreachable(why),
                    }
                }
            }
        }
    }
}

/// Why one endpoint gave no answer.
enum Failure {
    /// The resolver was not reached, or answered no DNS message (network, timeout, HTTP error).
    Unreached(String),
    /// The resolver answered, with a failure worth asking the fallback about (SERVFAIL).
    Answered(String),
}

/// One question, asked of each endpoint in turn until one answers. When none was reached, why
/// (each resolver once, by its host); when one was reached but failed, that DNS failure.
async fn fetch(endpoints: &[String], q: &Query) -> Fetched {
    let mut unreached = Vec::new();
    let mut answered = None;
    for endpoint in endpoints {
        match fetch_from(endpoint, q).await {
            Ok(got) => return Ok(got),
            Err(Failure::Unreached(why)) => unreached.push(format!("{}: {why}", host_of(endpoint))),
            Err(Failure::Answered(why)) => answered = answered.or(Some(why)),
        }
    }
    match answered {
        Some(why) => Ok((Answer::Error(DnsError::ServerFailure(why)), 0)),
        None if unreached.is_empty() => Err("no resolver is set".to_string()),
        None => Err(unreached.join("; then ")),
    }
}

/// One RFC 8484 GET: the answer and its TTL, or what went wrong.
async fn fetch_from(endpoint: &str, q: &Query) -> Result<(Answer, u32), Failure> {
    let unreached = |why: &str| Failure::Unreached(why.to_string());
    let url = doh_get_url(endpoint, q).map_err(|e| Failure::Unreached(e.0))?;
    let controller = AbortController::new().map_err(|_| unreached("the browser cannot make requests here"))?;
    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        Timeout::new(TIMEOUT_MS, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let failed = |_: JsValue| {
        Failure::Unreached(if timed_out.get() {
            format!("no answer within {} s", TIMEOUT_MS / 1000)
        } else {
            "not reachable (network error, or the browser blocked the request)".to_string()
        })
    };
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_signal(Some(&controller.signal()));
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    let headers = Headers::new().map_err(failed)?;
    headers.set("accept", "application/dns-message").map_err(failed)?;
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(&url, &init).map_err(|_| unreached("not a usable URL"))?;
    let window = web_sys::window().ok_or_else(|| unreached("no browser window"))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request)).await.map_err(failed)?.unchecked_into();
    if response.status() != 200 {
        return Err(Failure::Unreached(format!("answered HTTP {}, not DNS", response.status())));
    }
    let body = JsFuture::from(response.array_buffer().map_err(failed)?).await.map_err(failed)?;
    let body = js_sys::Uint8Array::new(&body);
    if body.length() > MAX_BODY {
        return Err(unreached("sent an oversized answer"));
    }
    let r = decode_response(q, &body.to_vec()).map_err(|e| Failure::Unreached(format!("sent an unreadable answer ({e})")))?;
    match r.answer {
        // A server failure is worth asking the fallback about.
        Answer::Error(DnsError::ServerFailure(why)) => Err(Failure::Answered(why)),
        answer => Ok((answer, r.ttl)),
    }
}
