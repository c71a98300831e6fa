//! The JSON of every mail file in `../shared/corpus` (read in place), compared with the digests
//! in `tests/snapshots/corpus-json.tsv`: a change of the analysis's shape (one pass, imports)
//! must leave every report byte-identical, and a change of what it says shows here file by file.
//!
//! A difference that is a fix is recorded by writing the digests anew
//! (`MXRAY_WRITE_SNAPSHOT=1 cargo test --release --test corpus_json`) in the commit that makes
//! it, whose message lists the files and why.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/corpus-json.tsv");

/// FNV-1a, 64 bits: stable across Rust versions and platforms (std's hasher is not promised to be).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Every mail file: the `.eml`, `.msg`, `.txt` and `.hdr` files of the mail folders.
fn mail_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("eml" | "msg" | "txt" | "hdr")) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for dir in ["bounces", "bounces-other", "headers", "dkim"] {
        walk(&Path::new(CORPUS).join(dir), &mut out);
    }
    out.sort();
    out
}

#[test]
fn every_corpus_report_is_byte_identical_to_its_snapshot() {
    let files = mail_files();
    assert!(files.len() > 600, "the corpus is missing: {} mail files under {CORPUS}", files.len());
    let mut now = String::new();
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let json = serde_json::to_string(&mxray::analyze(&text)).unwrap();
        let name = path.strip_prefix(CORPUS).unwrap().to_string_lossy().replace('\\', "/");
        writeln!(now, "{name}\t{:016x}\t{}", fnv1a(json.as_bytes()), json.len()).unwrap();
    }
    if std::env::var_os("MXRAY_WRITE_SNAPSHOT").is_some() {
        std::fs::write(SNAPSHOT, &now).unwrap();
        println!("corpus JSON: wrote {} digests", files.len());
        return;
    }
    let before = std::fs::read_to_string(SNAPSHOT).expect("tests/snapshots/corpus-json.tsv");
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), now.lines().collect());
    let changed: Vec<&str> = new.iter().filter(|l| !old.contains(l)).map(|l| l.split('\t').next().unwrap()).collect();
    let gone = old.iter().filter(|l| !new.iter().any(|n| n.split('\t').next() == l.split('\t').next())).count();
    println!("corpus JSON: {} of {} reports identical to the snapshot", files.len() - changed.len(), files.len());
    let shown = &changed[..changed.len().min(20)];
    assert!(changed.is_empty() && gone == 0, "{} reports differ from the snapshot ({gone} files gone), first: {shown:?}", changed.len());
}
