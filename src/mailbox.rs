//! Mailbox files: an mbox holds several messages, each after a `From ` separator line.

/// The messages of an mbox (split at `From ` lines that precede a header field and follow an
/// empty line or carry the mbox date), each without its `From ` line, at most `max` of them
/// (the last one runs to the end); plain text is one message.
pub fn split_mbox(text: &str, max: usize) -> Vec<&str> {
    let mut starts = Vec::new();
    let mut offset = 0;
    let mut previous = "";
    for line in text.split_inclusive('\n') {
        // Whether the line before is blank is asked only of the rare `From ` line.
        let separator =
            line.starts_with("From ") && (previous.trim().is_empty() || has_mbox_date(line));
        if separator && starts.len() < max {
            let next = text[offset + line.len()..].lines().next().unwrap_or("");
            let field = next.split_once(':').is_some_and(|(name, _)| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
            if field {
                starts.push((offset, offset + line.len()));
            }
        }
        previous = line;
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

#[cfg(test)]
mod tests {
    use super::split_mbox;

    #[test]
    fn separators_and_lookalikes() {
        let mbox = "From a@x.example Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody From here\n\
                    From the desk of a poet\nnot a field\n\
                    From b@x.example Tue Jan  2 00:00:00 2024\nSubject: two\n\nbody\n\n\
                    From c@x.example\r\nSubject: three\r\n";
        assert_eq!(
            split_mbox(mbox, 10),
            [
                "Subject: one\n\nbody From here\nFrom the desk of a poet\nnot a field\n",
                "Subject: two\n\nbody\n\n",
                "Subject: three\r\n"
            ]
        );
        // The last message runs to the end once `max` is reached.
        assert_eq!(split_mbox(mbox, 1).len(), 1);
        // Plain text, and a preamble before the first separator, are kept.
        assert_eq!(split_mbox("Subject: x\n\nFrom me\n", 10), ["Subject: x\n\nFrom me\n"]);
        assert_eq!(split_mbox("note\n\nFrom a b\nTo: c\n", 10), ["note\n\n", "To: c\n"]);
    }
}
