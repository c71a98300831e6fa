//! Bounce analysis throughput over the whole shared bounce corpus (in memory), repeated until at
//! least 5 seconds have passed. Prints messages/s and MB/s; `scripts/bench-bounces.sh` runs it
//! beside Sisimai on the same files and prints the ratio.
//!
//! Also timed, the same way: mail-parser reading each file's MIME structure once (MIME fields
//! only) and nothing else. mxray reads every bounce with it, so that rate bounds what any
//! analysis here can reach.

#[path = "support/rate.rs"]
mod support_rate;

use std::time::{Duration, Instant};

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/bounces");
    let mut texts = Vec::new();
    for folder in ["bsd", "dos", "mac", "not"] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{folder}")) else { continue };
        for entry in entries.flatten() {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    assert!(!texts.is_empty(), "no corpus files under {root}");
    let bytes: usize = texts.iter().map(String::len).sum();
    // One pass and nothing else, for an instruction count:
    // `MXRAY_BENCH_ONCE=1 valgrind --tool=callgrind target/release/deps/bounces-*`.
    if std::env::var_os("MXRAY_BENCH_ONCE").is_some() {
        let recipients: usize = texts.iter().map(|t| mxray::analyze(t).bounce.map_or(0, |b| b.recipients.len())).sum();
        println!("mxray: one pass over {} files, {recipients} recipients", texts.len());
        return;
    }
    let mut recipients = 0usize;
    let mut rounds = 0u32;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        for text in &texts {
            let report = mxray::analyze(text);
            recipients += report.bounce.map_or(0, |b| b.recipients.len());
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let messages = texts.len() as f64 * f64::from(rounds);
    println!(
        "mxray: {} files, {rounds} rounds in {secs:.2} s: {:.0} messages/s, {:.1} MB/s ({} recipients per round)",
        texts.len(),
        messages / secs,
        bytes as f64 * f64::from(rounds) / secs / 1e6,
        recipients / rounds as usize
    );

    // Every core, as `mxray analyze DIR` runs a folder: each thread takes the next file not yet
    // taken (files differ in cost a hundredfold: a fixed share each would leave a core idle).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rate = support_rate::rate(texts.len(), || {
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let (texts, next) = (&texts, &next);
                scope.spawn(move || {
                    while let Some(text) = texts.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                        std::hint::black_box(mxray::analyze(text));
                    }
                });
            }
        });
    });
    println!("mxray all cores: {} files, {threads} threads: {rate:.0} messages/s", texts.len());

    // The least a reader needs: the MIME fields; every other field skipped, not decoded.
    let parser = mail_parser::MessageParser::new().with_mime_headers().default_header_ignore();
    let parts: usize = texts.iter().map(|t| parser.parse(t.as_bytes()).map_or(0, |m| m.parts.len())).sum();
    let rate = support_rate::rate(texts.len(), || {
        for text in &texts {
            std::hint::black_box(parser.parse(text.as_bytes()));
        }
    });
    println!("mail-parser alone: {} files: {rate:.0} messages/s ({parts} MIME parts per round)", texts.len());
}
