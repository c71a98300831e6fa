//! DoH latency: resolve an SPF include tree through a real DoH server whose every answer is
//! delayed (dnsdist `delay_all`), as `scripts/bench-doh.sh` sets it up. Prints the median wall
//! time of the tree walk and of a check_host() that visits every term, with the number of
//! rounds (the tree's depth in lookups). Env: DOH_URL, DOMAIN, IP, RUNS.

use mxray::dns::Answers;
use mxray::net::{resolve, DohClient};
use mxray::spf::{analyze_spf, check_mail_from, SpfInput, SpfRequest};
use std::time::{Duration, Instant};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let url = std::env::var("DOH_URL").expect("DOH_URL (run scripts/bench-doh.sh)");
    let domain = std::env::var("DOMAIN").unwrap_or_else(|_| "mxray.test".into());
    let ip = std::env::var("IP").unwrap_or_else(|_| "192.0.2.1".into()).parse().expect("IP");
    let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(7);
    let client = DohClient::new(&url, None, Duration::from_secs(5));
    let (mut tree, mut eval) = (Vec::new(), Vec::new());
    let (mut tree_rounds, mut eval_rounds, mut lookups, mut result) = (0, 0, 0, String::new());
    for _ in 0..runs {
        // A fresh cache each run: every answer comes over the network.
        let req = SpfRequest { record: None, domain: Some(&domain), evaluate: None };
        let start = Instant::now();
        let (report, rounds) = resolve(&client, &mut Answers::new(), |a| analyze_spf(&req, a));
        tree.push(start.elapsed().as_secs_f64());
        (tree_rounds, lookups) = (rounds - 1, report.lookups);
        let sender = format!("postmaster@{domain}");
        let input = SpfInput { ip, sender: &sender, helo: &domain, receiver: "mxray", now: 0 };
        let start = Instant::now();
        let (ev, rounds) = resolve(&client, &mut Answers::new(), |a| check_mail_from(&input, a));
        eval.push(start.elapsed().as_secs_f64());
        (eval_rounds, result) = (rounds - 1, ev.result.as_str().to_string());
    }
    println!("mxray-tree-lookups {lookups}");
    println!("mxray-tree rounds {tree_rounds} seconds {:.4}", median(tree));
    println!("mxray-check_host rounds {eval_rounds} seconds {:.4} result {result}", median(eval));
}
