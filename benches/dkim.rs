//! DKIM verification throughput over the corpus messages (`../shared/corpus/dkim/messages`, read
//! in place): every signature of every message verified against the keys given in its file
//! (served from an in-memory zone), at least 5 seconds (or `BENCH_SECONDS`). Prints signatures/s,
//! messages/s and MB/s. Figures, not a test.

use mxray::dkim::verify::{verify_message, DkimResult};
use mxray::dns::{Progress, Rdata, Zone, ZoneBuilder};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dkim/messages");
    let mut messages: Vec<(Zone, Vec<u8>)> = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir).expect("corpus folder").filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    names.sort();
    for path in names {
        let raw = std::fs::read(&path).expect("message");
        let split = raw.windows(2).position(|w| w == b"\n\n").expect("records, a blank line, the message");
        let mut zone = ZoneBuilder::new();
        for line in String::from_utf8_lossy(&raw[..split]).lines() {
            if let Some((name, value)) = line.split_once(' ') {
                zone.add(name, Rdata::Txt(value.to_string()));
            }
        }
        messages.push((zone.build(), raw[split + 2..].to_vec()));
    }
    let at = 1_667_843_664;
    let (mut signatures, mut passing) = (0, 0);
    for (zone, raw) in &messages {
        if let Progress::Done(r) = verify_message(raw, at, zone) {
            signatures += r.len();
            passing += r.iter().filter(|v| v.result == DkimResult::Pass).count();
        }
    }
    let bytes: usize = messages.iter().map(|(_, m)| m.len()).sum();
    println!("mxray-dkim-corpus {} messages, {signatures} signatures ({passing} pass), {bytes} bytes", messages.len());
    let secs = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let start = Instant::now();
    let mut rounds = 0u64;
    while rounds == 0 || start.elapsed() < Duration::from_secs_f64(secs) {
        for (zone, raw) in &messages {
            black_box(verify_message(black_box(raw), at, zone));
        }
        rounds += 1;
    }
    let t = start.elapsed().as_secs_f64();
    println!("mxray-dkim signatures/s {:.0}", rounds as f64 * signatures as f64 / t);
    println!("mxray-dkim messages/s {:.0}", rounds as f64 * messages.len() as f64 / t);
    println!("mxray-dkim MB/s {:.1}", rounds as f64 * bytes as f64 / t / 1e6);
}
