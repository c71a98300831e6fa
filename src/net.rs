//! I/O at the edge, native only: the CLI's DNS-over-HTTPS client (RFC 8484 GET over ureq) and the
//! loop that runs a sans-IO analysis to completion, fetching each round's questions in parallel.
//! The core never calls this; the page has its own fetch-based client.

use crate::dns::wire::{decode_response, doh_get_url};
use crate::dns::{Answer, Answers, DnsError, Progress, Query};
use std::time::Duration;

/// Rounds an analysis may take (each round is one level of lookups).
const MAX_ROUNDS: usize = 64;

/// A DoH client: a resolver URL, an optional fallback, a per-query timeout and a bound on
/// queries in flight.
#[derive(Debug, Clone)]
pub struct DohClient {
    endpoints: Vec<String>,
    agent: ureq::Agent,
    in_flight: usize,
}

impl DohClient {
    /// A client for `endpoint` (a URL or a preset name), retrying on `fallback` when it fails.
    pub fn new(endpoint: &str, fallback: Option<&str>, timeout: Duration) -> DohClient {
        let resolve = |e: &str| crate::dns::RESOLVER_PRESETS.iter().find(|(n, _)| *n == e).map_or(e.to_string(), |(_, u)| u.to_string());
        let mut endpoints = vec![resolve(endpoint)];
        endpoints.extend(fallback.map(resolve));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .build()
            .into();
        DohClient { endpoints, agent, in_flight: 8 }
    }

    /// The resolver URLs, first choice first.
    pub fn endpoints(&self) -> &[String] {
        &self.endpoints
    }

    /// Ask one question; a failure names the resolver and what went wrong.
    pub fn fetch(&self, q: &Query) -> Answer {
        self.fetch_validated(q).0
    }

    /// Ask one question: the answer, and whether the resolver validated it with DNSSEC.
    pub fn fetch_validated(&self, q: &Query) -> (Answer, bool) {
        let mut errors = Vec::new();
        for endpoint in &self.endpoints {
            match self.fetch_from(endpoint, q) {
                Ok(answer) => return answer,
                Err(e) => errors.push(e),
            }
        }
        let error = match errors.len() {
            0 => DnsError::ServerFailure("no resolver configured".into()),
            1 => errors.remove(0),
            // Every resolver failed: say how each did.
            _ => DnsError::ServerFailure(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; then ")),
        };
        (Answer::Error(error), false)
    }

    fn fetch_from(&self, endpoint: &str, q: &Query) -> Result<(Answer, bool), DnsError> {
        let url = doh_get_url(endpoint, q).map_err(|e| DnsError::ServerFailure(e.0))?;
        let mut resp = self.agent.get(&url).header("accept", "application/dns-message").call().map_err(|e| match e {
            ureq::Error::Timeout(_) => DnsError::Timeout,
            other => DnsError::ServerFailure(format!("{endpoint}: {other}")),
        })?;
        let status = resp.status().as_u16();
        if status != 200 {
            return Err(DnsError::ServerFailure(format!("{endpoint} answered HTTP {status}")));
        }
        let body = resp
            .body_mut()
            .with_config()
            .limit(65_535)
            .read_to_vec()
            .map_err(|e| DnsError::ServerFailure(format!("{endpoint}: {e}")))?;
        let r = decode_response(q, &body).map_err(|e| DnsError::ServerFailure(format!("{endpoint}: {e}")))?;
        match r.answer {
            // A server failure is worth asking the fallback about.
            Answer::Error(DnsError::ServerFailure(why)) => Err(DnsError::ServerFailure(format!("{endpoint}: {why}"))),
            answer => Ok((answer, r.authenticated)),
        }
    }

    /// Ask many questions, at most `in_flight` at a time; each answer with its AD bit.
    pub fn fetch_all(&self, queries: &[Query]) -> Vec<(Answer, bool)> {
        let mut answers = Vec::with_capacity(queries.len());
        for chunk in queries.chunks(self.in_flight.max(1)) {
            std::thread::scope(|s| {
                let handles: Vec<_> = chunk.iter().map(|q| s.spawn(move || self.fetch_validated(q))).collect();
                for h in handles {
                    let failed = (Answer::Error(DnsError::ServerFailure("lookup thread failed".into())), false);
                    answers.push(h.join().unwrap_or(failed));
                }
            });
        }
        answers
    }
}

/// Run `analysis` until it is done: each round fetches every question it asks for, in parallel,
/// into `cache`. Returns the result and the number of rounds.
pub fn resolve<T>(client: &DohClient, cache: &mut Answers, mut analysis: impl FnMut(&Answers) -> Progress<T>) -> (T, usize) {
    let mut rounds = 0;
    loop {
        rounds += 1;
        match analysis(cache) {
            Progress::Done(t) => return (t, rounds),
            Progress::Need(queries) => {
                let answers = client.fetch_all(&queries);
                for (q, (a, validated)) in queries.into_iter().zip(answers) {
                    if validated {
                        cache.insert_authenticated(q, a);
                    } else {
                        cache.insert(q, a);
                    }
                }
                if rounds >= MAX_ROUNDS {
                    // Answer anything still asked for with an error, so the analysis ends.
                    if let Progress::Need(rest) = analysis(cache) {
                        for q in rest {
                            cache.insert(q, Answer::Error(DnsError::ServerFailure("too many rounds of lookups".into())));
                        }
                    }
                }
            }
        }
    }
}
