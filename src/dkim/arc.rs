//! ARC (RFC 8617) sets listed in order: for each instance `i=`, the seal's chain validation
//! status `cv=` and who sealed and signed it, and the results it recorded. Listing, not
//! verification: the chain says which intermediaries handled the message.


pub use crate::report::ArcSet;
use super::tags::tag_list;
use super::verify::Message;

fn instance_and_tags(value: &str) -> Option<(u32, Vec<(String, String)>)> {
    let tags: Vec<(String, String)> = tag_list(value).0.into_iter().map(|t| (t.name.to_string(), t.value.split_whitespace().collect::<Vec<_>>().join(" "))).collect();
    let i = tags.iter().find(|(n, _)| n == "i")?.1.parse().ok()?;
    Some((i, tags))
}

/// The ARC sets of a message (or header block), ordered by instance.
pub fn arc_sets(raw: &[u8]) -> Vec<ArcSet> {
    let msg = Message::parse(raw);
    let mut sets: Vec<ArcSet> = Vec::new();
    for (name, value, line) in msg.fields() {
        let kind = match name {
            "arc-seal" | "arc-message-signature" | "arc-authentication-results" => name,
            _ => continue,
        };
        let (i, tags) = if kind == "arc-authentication-results" {
            let (first, rest) = value.split_once(';').unwrap_or((&value, ""));
            let Some(i) = first.trim().strip_prefix("i=").and_then(|n| n.trim().parse().ok()) else { continue };
            (i, vec![("results".to_string(), rest.split_whitespace().collect::<Vec<_>>().join(" "))])
        } else {
            match instance_and_tags(&value) {
                Some(x) => x,
                None => continue,
            }
        };
        let set = match sets.iter_mut().position(|s| s.instance == i) {
            Some(at) => &mut sets[at],
            None => {
                sets.push(ArcSet { instance: i, line, ..Default::default() });
                sets.last_mut().expect("just pushed")
            }
        };
        set.line = set.line.min(line);
        let get = |n: &str| tags.iter().find(|(t, _)| t == n).map(|(_, v)| v.clone());
        match kind {
            "arc-seal" => {
                set.cv = get("cv");
                set.sealed_by = get("d");
            }
            "arc-message-signature" => set.signed_by = get("d"),
            _ => set.results = get("results"),
        }
    }
    sets.sort_by_key(|s| s.instance);
    sets
}
