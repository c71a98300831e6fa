//! DKIM verification throughput over the corpus messages (`../shared/corpus/dkim/messages`, read
//! in place): every signature of every message verified against the keys given in its file
//! (served from an in-memory zone), at least 5 seconds (or `BENCH_SECONDS`). Prints signatures/s,
//! messages/s and MB/s. Figures, not a test.

use mxray::dkim::verify::{verify_message, DkimResult};
use mxray::dns::{Progress, Rdata, Zone, ZoneBuilder};
use std::hint::black_box;
use std::path::PathBuf;

#[path = "support/rate.rs"]
mod support_rate;

use support_rate::rate;

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
    let per_second = rate(messages.len(), || {
        for (zone, raw) in &messages {
            black_box(verify_message(black_box(raw), at, zone));
        }
    });
    let per_message = |total: usize| per_second * total as f64 / messages.len() as f64;
    println!("mxray-dkim signatures/s {:.0}", per_message(signatures));
    println!("mxray-dkim messages/s {per_second:.0}");
    println!("mxray-dkim MB/s {:.1}", per_message(bytes) / 1e6);
}
