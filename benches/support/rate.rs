//! The timing loop the benchmarks share.

use std::time::{Duration, Instant};

/// Run `pass` (which does `n` items) until 5 seconds (or `BENCH_SECONDS`) have passed; items per
/// second.
pub fn rate(n: usize, mut pass: impl FnMut()) -> f64 {
    let secs = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let start = Instant::now();
    let mut rounds = 0u64;
    while rounds == 0 || start.elapsed() < Duration::from_secs_f64(secs) {
        pass();
        rounds += 1;
    }
    (rounds as f64 * n as f64) / start.elapsed().as_secs_f64()
}
