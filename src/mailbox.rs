//! Mailbox files: an mbox holds several messages, each after a `From ` separator line.

/// The messages of an mbox (split at `From ` lines that precede a header field and follow an
/// empty line or carry the mbox date), each without its `From ` line, at most `max` of them
/// (the last one runs to the end); plain text is one message.
pub fn split_mbox(text: &str, max: usize) -> Vec<&str> {
    let mut starts = Vec::new();
    let mut offset = 0;
    let mut previous_empty = true;
    for line in text.split_inclusive('\n') {
        let separator = line.starts_with("From ") && (previous_empty || has_mbox_date(line));
        if separator && starts.len() < max {
            let next = text[offset + line.len()..].lines().next().unwrap_or("");
            let field = next.split_once(':').is_some_and(|(name, _)| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
            if field {
                starts.push((offset, offset + line.len()));
            }
        }
        previous_empty = line.trim().is_empty();
        offset += line.len();
    }
    if starts.is_empty() {
        return vec![text];
    }
    let mut out = Vec::new();
    if !text[..starts[0].0].trim().is_empty() {
        out.push(&text[..starts[0].0]);
    }
    for (i, (_, body)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(next, _)| *next);
        out.push(&text[*body..end]);
    }
    out
}

/// `From sender Thu Jul  2 12:05:05 2020`: an mbox separator names a weekday after the sender.
fn has_mbox_date(line: &str) -> bool {
    let weekday = line.split_whitespace().nth(2).unwrap_or("");
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(&weekday)
}
