//! Codes and commands inside a server's words: SMTP reply codes (RFC 5321), enhanced status codes
//! (RFC 3463) and the SMTP command a failure answered.
//!
//! Everything here scans once from left to right over text it is given, so the work is linear.

use crate::scan::BytePairs;

/// An RFC 3463 enhanced status code `class.subject.detail` starting at byte `at` of `s`: class 2,
/// 4 or 5, subject 0–7 (one digit), detail one to three digits, not glued to other digits, dots
/// or letters (so IP addresses, dates and version numbers do not count). Returns the code and
/// where it ends.
pub(crate) fn status_at(s: &str, at: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'.') {
        return None;
    }
    let rest = b.get(at..)?;
    if rest.len() < 5 || !matches!(rest[0], b'2' | b'4' | b'5') || rest[1] != b'.' {
        return None;
    }
    if !(b'0'..=b'7').contains(&rest[2]) || rest[3] != b'.' {
        return None;
    }
    let digits = rest[4..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let end = at + 4 + digits;
    let glued = match b.get(end) {
        Some(c) if c.is_ascii_alphanumeric() => true,
        Some(b'.') => b.get(end + 1).is_some_and(u8::is_ascii_digit),
        _ => false,
    };
    (!glued).then(|| (&s[at..end], end))
}

/// The first enhanced status code in `s`.
pub(crate) fn find_status(s: &str) -> Option<String> {
    all_statuses(s).next().map(str::to_string)
}

/// Every enhanced status code in `s`, in order.
fn all_statuses(s: &str) -> impl Iterator<Item = &str> {
    code_starts(s).filter_map(move |i| status_at(s, i).map(|(code, _)| code))
}

/// Byte offsets of the digits 2, 4 and 5 in `s`, where reply and status codes may start.
fn code_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.bytes().enumerate().filter(|(_, b)| matches!(b, b'2' | b'4' | b'5')).map(|(i, _)| i)
}

/// A reply code (2xx, 4xx or 5xx) at byte `at`: three digits standing alone, followed by the end,
/// a space, a tab, `-`, `,`, `;`, `.`, `:` or a closing bracket/quote.
pub(crate) fn reply_code_at(s: &str, at: usize) -> Option<u16> {
    let b = s.as_bytes();
    if at > 0 && (b[at - 1].is_ascii_alphanumeric() || matches!(b[at - 1], b'.' | b'-' | b'/')) {
        return None;
    }
    let rest = b.get(at..at + 3)?;
    // RFC 5321 keeps the second digit to 0–5, but servers also send 571 and the like.
    let ok = matches!(rest[0], b'2' | b'4' | b'5')
        && rest[1].is_ascii_digit()
        && rest[2].is_ascii_digit();
    if !ok {
        return None;
    }
    let after_ok = match b.get(at + 3) {
        None => true,
        Some(b' ' | b'\t' | b'-' | b',' | b';' | b':' | b')' | b']' | b'\'' | b'"' | b'>') => true,
        Some(b'.') => !b.get(at + 4).is_some_and(u8::is_ascii_digit),
        _ => false,
    };
    if !after_ok {
        return None;
    }
    std::str::from_utf8(rest).ok()?.parse().ok()
}

/// The reply code and enhanced status code a server's words carry.
///
/// A code directly followed by a status of the same class (`550 5.1.1`, `550-5.1.1`) wins; then
/// a code at the very start; then the first standalone code that introduces words. The status is
/// the first one found.
pub(crate) fn find_codes(s: &str) -> (Option<u16>, Option<String>) {
    let status = find_status(s);
    let start = s.len() - s.trim_start().len();
    let mut paired = None;
    let mut leading = None;
    let mut first = None;
    for i in code_starts(s) {
        let Some(code) = reply_code_at(s, i) else { continue };
        let after = skip_spaces(s, i + 3, &[' ', '-', '\t']);
        if let Some((st, _)) = status_at(s, after) {
            if st.as_bytes()[0] == s.as_bytes()[i] {
                paired = Some(code);
                break;
            }
        }
        if i == start {
            leading = Some(code);
        }
        if first.is_none() && code >= 400 && introduces_words(s, i) {
            first = Some(code);
        }
    }
    (paired.or(leading).or(first), status)
}

/// The byte offset after the characters in `skip` that follow `from` (at most 16 of them).
fn skip_spaces(s: &str, from: usize, skip: &[char]) -> usize {
    let rest = s.get(from..).unwrap_or("");
    let skipped: usize =
        rest.chars().take(16).take_while(|c| skip.contains(c)).map(char::len_utf8).sum();
    from + skipped
}

/// At most the last 24 bytes of `s[..at]`, without trailing whitespace (a bounded look back).
fn window_before(s: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(24);
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    s[from..at].trim_end()
}

/// Whether the code at `at` stands where servers put codes: after a colon, `said`, `<<<`, a
/// quote or bracket, and is followed by words (or by nothing after `<<<` / a colon).
fn introduces_words(s: &str, at: usize) -> bool {
    let before = window_before(s, at);
    let lower = before.to_ascii_lowercase();
    let lead = before.ends_with([':', '\'', '"', '(', '[', '<', '>', '=', ';'])
        || lower.ends_with("said")
        || lower.ends_with("error");
    let next = skip_spaces(s, at + 3, &[' ', '-', '\t', ':', ',']);
    let following = s.get(next..).and_then(|r| r.chars().next());
    let bare =
        following.is_none_or(|c| c == '\n') && (before.ends_with("<<<") || before.ends_with(':'));
    bare || lead && following.is_some_and(|c| c.is_alphabetic() || c == '<' || c == '[')
}

/// The SMTP command a failure answered, from the words around it (Postfix "in reply to RCPT TO
/// command", Exim "after RCPT TO:", sendmail ">>> DATA", qmail "does not like recipient", ...).
pub(crate) fn find_command(context: &str) -> Option<&'static str> {
    let lower = context.to_ascii_lowercase();
    let pairs = BytePairs::of(&lower);
    let mut best: Option<(usize, &'static str)> = None;
    let present = COMMAND_PHRASES.iter().filter(|(needle, _)| pairs.may_contain(needle));
    for (needle, command) in present {
        if let Some(pos) = lower.find(needle) {
            if best.is_none_or(|(p, _)| pos < p) {
                best = Some((pos, command));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Phrases naming the SMTP stage of a failure, lower-cased, with the command they mean.
const COMMAND_PHRASES: &[(&str, &str)] = &[
    ("in reply to rcpt to command", "RCPT"),
    ("in reply to rcpt command", "RCPT"),
    ("in reply to end of data command", "DATA"),
    ("in reply to data command", "DATA"),
    ("in reply to mail from command", "MAIL"),
    ("in reply to mail command", "MAIL"),
    ("in reply to helo command", "HELO"),
    ("in reply to ehlo command", "EHLO"),
    ("in reply to starttls command", "STARTTLS"),
    ("in reply to auth command", "AUTH"),
    ("in reply to initial greeting", "CONN"),
    ("after rcpt to", "RCPT"),
    ("after rcpt", "RCPT"),
    ("after end of data", "DATA"),
    ("after data", "DATA"),
    ("after mail from", "MAIL"),
    ("after helo", "HELO"),
    ("after ehlo", "EHLO"),
    ("after initial connection", "CONN"),
    ("after starttls", "STARTTLS"),
    ("after auth", "AUTH"),
    (">>> rcpt to", "RCPT"),
    (">>> data", "DATA"),
    (">>> mail from", "MAIL"),
    (">>> ehlo", "EHLO"),
    (">>> helo", "HELO"),
    ("<<< rcpt to", "RCPT"),
    ("does not like recipient", "RCPT"),
    ("does not like sender", "MAIL"),
    ("sender was rejected", "MAIL"),
    ("failed after i sent the message", "DATA"),
    ("did not like our final data", "DATA"),
    ("did not like our rcpt to", "RCPT"),
    ("did not like our mail from", "MAIL"),
    ("[rcpt_to]", "RCPT"),
    ("[data]", "DATA"),
    ("[mail_from]", "MAIL"),
    ("smtp:rcpt", "RCPT"),
    ("smtp:data", "DATA"),
    ("(data)", "DATA"),
    ("(rcpt to)", "RCPT"),
    ("rcpt to:<", "RCPT"),
    ("rcpt to: <", "RCPT"),
    ("-------smtp command\ndata", "DATA"),
    ("-------smtp command\nrcpt", "RCPT"),
    ("-------smtp command\nmail", "MAIL"),
    ("connect to ", "CONN"),
];

/// Collapse runs of whitespace (folded lines, tabs) into single spaces and trim.
pub(crate) fn unfold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The server's words from a Diagnostic-Code value or a quoted answer: unfolded, without the
/// `smtp;` / `X-Postfix;` type and without wrapping quotes or brackets.
pub(crate) fn clean_diagnostic(s: &str) -> String {
    let mut text = unfold(s);
    if let Some((kind, rest)) = text.split_once(';') {
        let kind = kind.trim();
        if !kind.is_empty()
            && kind.len() <= 20
            && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            text = rest.trim().to_string();
        }
    }
    let trimmed = text.trim_matches(|c| c == '\'' || c == '"' || c == ' ');
    drop_repeated_prefix(trimmed.trim_start_matches(['-', '*', '>', ' ']))
}

/// The type of a Diagnostic-Code value (`smtp`, `x-unix`, `x-postfix`, ...), lower-cased.
pub(crate) fn diagnostic_type(value: &str) -> Option<String> {
    let (kind, _) = value.split_once(';')?;
    let kind = kind.trim();
    let ok = !kind.is_empty()
        && kind.len() <= 20
        && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| kind.to_ascii_lowercase())
}

/// A multi-line reply folded into one line repeats its `550-5.7.1` prefix mid-sentence; keep
/// the first and drop the rest.
pub(crate) fn drop_repeated_prefix(words: &str) -> String {
    let Some(code) = reply_code_at(words, 0) else { return words.to_string() };
    let code = code.to_string();
    let status =
        words.get(3..).and_then(|r| status_at(r.trim_start_matches([' ', '-']), 0)).map(|(s, _)| s);
    let glued = status.map(|s| format!("{code}-{s}"));
    let tokens: Vec<&str> = words.split(' ').collect();
    let mut out: Vec<&str> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        i += 1;
        if out.is_empty() {
            out.push(token);
        } else if glued.as_deref() == Some(token) || token.strip_suffix('-') == Some(code.as_str())
        {
            continue;
        } else if token == code && status.is_some() && tokens.get(i).copied() == status {
            i += 1;
        } else {
            out.push(token);
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, code: Option<u16>, status: Option<&str>) {
        let (c, s) = find_codes(input);
        assert_eq!((c, s.as_deref()), (code, status), "for {input:?}");
    }

    #[test]
    fn codes_in_server_words() {
        check("550 5.1.1 <a@b.example>... User Unknown", Some(550), Some("5.1.1"));
        check("host mx.example[192.0.2.1] said: 550-5.7.1 nope", Some(550), Some("5.7.1"));
        check("550 Unknown user a@b.example", Some(550), None);
        check("5.2.2 <a@b>... Mailbox Full", None, Some("5.2.2"));
        check("connect to mx.example[192.0.2.25]:25: Connection refused", None, None);
        check("from 192.0.2.5 via Exim 4.92.3", None, None);
        check("ERROR_CODE :550, ERROR_CODE :5.1.1 <a@b>", Some(550), Some("5.1.1"));
        check(
            "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'",
            Some(550),
            Some("5.1.10"),
        );
        check("#5.1.1 bad address", None, Some("5.1.1"));
        check("Thu, 29 Apr 2010 23:34:45 +0900", None, None);
    }

    #[test]
    fn commands_from_context() {
        assert_eq!(find_command("said: 550 x (in reply to RCPT TO command)"), Some("RCPT"));
        assert_eq!(
            find_command("SMTP error from remote mail server after end of data:"),
            Some("DATA")
        );
        assert_eq!(find_command("192.0.2.1 does not like recipient."), Some("RCPT"));
        assert_eq!(find_command("User unknown"), None);
    }

    #[test]
    fn repeated_reply_prefixes_are_dropped() {
        assert_eq!(
            drop_repeated_prefix("550-5.7.1 Messages with multiple 550 5.7.1 addresses in From: 550-5.7.1 are not accepted"),
            "550-5.7.1 Messages with multiple addresses in From: are not accepted"
        );
        assert_eq!(
            drop_repeated_prefix("550 5.1.1 user 550 5.1.1 unknown"),
            "550 5.1.1 user unknown"
        );
        assert_eq!(
            drop_repeated_prefix("550 5.1.351 returned -> 550 : User unknown"),
            "550 5.1.351 returned -> 550 : User unknown"
        );
        assert_eq!(drop_repeated_prefix("no code here"), "no code here");
    }

    #[test]
    fn cleaning() {
        assert_eq!(
            clean_diagnostic("smtp; 550 5.1.1\n    <a@b>... User"),
            "550 5.1.1 <a@b>... User"
        );
        assert_eq!(
            clean_diagnostic("X-Postfix; connect to x[1]:25: refused"),
            "connect to x[1]:25: refused"
        );
        assert_eq!(clean_diagnostic("550 too bad; really"), "550 too bad; really");
    }
}
