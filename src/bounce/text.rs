//! Plain-text notices (vendor NDRs and the human part of DSNs), read from their structure:
//! recipient addresses where a notice lists them, and the server's words near each one.
//!
//! A line *introduces* a recipient when an address opens it (after bullets, quotes or angle
//! brackets: Postfix `<a@b>: host ... said:`, qmail `<a@b>:`, Exim's indented address, Exchange
//! `a@b on <date>`) or follows a label ending in a colon (`Unknown user: a@b`, `RCPT TO:<a@b>`,
//! `Could not be delivered to: <a@b>`), but not a header-like label such as `To:` or `From:`.
//! The lines up to the next introduced recipient form that recipient's block; the block's first
//! line carrying a reply or status code, with its continuation, is the server's answer.

use super::address::find_addresses;
use crate::smtp::{drop_repeated_prefix, find_codes, reply_code_at, status_at, unfold};
use crate::scan::BytePairs;

/// Most lines of a notice examined (the human part of a bounce is short; the rest is ignored).
const MAX_LINES: usize = 20_000;

/// Longest context kept per recipient, in characters.
const MAX_CONTEXT: usize = 2_000;

/// Most recipients a notice is read for.
const MAX_BLOCKS: usize = 10_000;

/// Most other recipients a block's lines are checked against.
const MAX_OTHERS: usize = 50;

/// What a notice says about one recipient.
#[derive(Debug, Default, Clone)]
pub(crate) struct Reading {
    /// The recipient's address (empty for the notice as a whole).
    pub address: String,
    /// The server's words, cleaned.
    pub diagnostic: Option<String>,
    /// The notice's words around the recipient, unfolded.
    pub context: String,
    /// The remote server named next to the answer.
    pub remote_mta: Option<String>,
    /// The address the sender wrote, where the notice names it beside the one that failed
    /// (`Originally addressed to:`).
    pub original: Option<String>,
}

/// Strip one level of `>` quoting when most lines carry it (a forwarded bounce).
pub(crate) fn unquote(text: &str) -> String {
    let lines: Vec<&str> = text.lines().take(MAX_LINES).collect();
    let non_empty = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let quoted = lines.iter().filter(|l| l.starts_with('>')).count();
    if non_empty < 4 || quoted * 2 < non_empty {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.strip_prefix('>').map_or(line, |l| l.strip_prefix(' ').unwrap_or(l));
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Words on a separator line that announce the returned message.
const ORIGINAL_MARKERS: &[&str] = &[
    "original message",
    "copy of the message",
    "copy of your message",
    "copy of the original",
    "unsent message",
    "returned message",
    "message headers follow",
    "header of the original",
    "headers of the original",
    "original mail",
    "below this line",
    "copy of the message header",
    "returned mail follows",
    "original headers",
    "message header follows",
];

/// Split a notice into the notice proper and the returned original message that follows a
/// separator line ("------ This is a copy of the message, including all the headers. ------",
/// "--- Below this line is a copy of the message.", "Original message headers:", ...) or starts
/// without one (a run of header fields that begins with `Received:` or `Return-Path:`).
pub(crate) fn split_original(notice: &str) -> (&str, Option<&str>) {
    let mut offset = 0;
    let mut seen_text = false;
    for line in notice.split_inclusive('\n').take(MAX_LINES) {
        let next = offset + line.len();
        let lower = crate::scan::fold_case(line.trim());
        let rest = &notice[next..];
        if lower.len() < 120 && is_original_marker(&lower) {
            let body = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '-');
            if super::parts::starts_like_header_section(body) {
                return (&notice[..offset], Some(body));
            }
        }
        let field = lower.split_once(':').map_or("", |(n, _)| n);
        if seen_text
            && matches!(field, "received" | "return-path")
            && super::parts::starts_like_header_section(&notice[offset..])
        {
            return (&notice[..offset], Some(&notice[offset..]));
        }
        seen_text |= !lower.is_empty();
        offset = next;
    }
    (notice, None)
}

/// Whether a lower-cased line names the returned original ([`ORIGINAL_MARKERS`]).
fn is_original_marker(lower: &str) -> bool {
    let pairs = BytePairs::of(lower);
    ORIGINAL_MARKERS.iter().any(|m| pairs.contains(lower, m))
}

/// Every recipient the notice introduces, with its block read; addresses in `ignore` (the
/// report's own sender and recipient) are never recipients.
pub(crate) fn read_recipients(notice: &str, ignore: &[String]) -> Vec<Reading> {
    let blocks = recipient_blocks(notice, ignore);
    let addresses: Vec<String> = blocks.iter().map(|b| b.address.clone()).collect();
    let mut readings: Vec<Reading> = blocks
        .iter()
        .map(|block| {
            let others: Vec<&str> = addresses
                .iter()
                .filter(|a| !a.eq_ignore_ascii_case(&block.address))
                .map(String::as_str)
                .collect();
            let mut reading = read_block(&block.lines, &others);
            reading.address = block.address.clone();
            reading.original = block.original.clone();
            let lead = block.lead.trim();
            let lead_words =
                !lead.is_empty() && !is_rule(lead) && !lead.ends_with(':') && !lead.contains('@');
            if reading.diagnostic.is_none() && lead_words {
                // `Failure Reasons` layouts put the reason above the address.
                reading.diagnostic = Some(cap(&unfold(lead)));
            }
            if !block.lead.trim().is_empty() {
                reading.context = cap(&format!("{} {}", block.lead.trim(), reading.context));
            }
            reading
        })
        .collect();
    // A list of recipients followed by one explanation: the explanation is everyone's.
    for i in (0..readings.len()).rev() {
        if readings[i].diagnostic.is_none() {
            if let Some(next) = readings.get(i + 1).cloned() {
                readings[i].diagnostic = next.diagnostic;
                readings[i].remote_mta = readings[i].remote_mta.take().or(next.remote_mta);
                readings[i].context.push(' ');
                readings[i].context.push_str(&next.context);
            }
        }
    }
    readings
}

/// The notice read as a whole, for reports that name no recipient in their text: its first
/// server answer with a code, else its first paragraph whose words name a reason (never its
/// boilerplate).
pub(crate) fn read_whole(notice: &str) -> Reading {
    let lines: Vec<&str> = notice.lines().take(MAX_LINES).collect();
    let mut reading = read_block(&lines, &[]);
    if reading.diagnostic.as_deref().is_none_or(|d| find_codes(d) == (None, None)) {
        reading.diagnostic = paragraphs(&lines)
            .map(|p| cap(&unfold(&p.join(" "))))
            .find(|p| super::reason::reason_from_words(p).is_some());
    }
    reading
}

/// The paragraphs of `lines` (runs of non-empty lines), at most [`MAX_PARAGRAPHS`] of them.
fn paragraphs<'a>(lines: &'a [&'a str]) -> impl Iterator<Item = &'a [&'a str]> {
    lines.split(|l| l.trim().is_empty()).filter(|p| !p.is_empty()).take(MAX_PARAGRAPHS)
}

/// Most paragraphs of a notice searched for words that name a reason.
const MAX_PARAGRAPHS: usize = 40;

/// A recipient's lines: the line before its first mention (for context only), then the rest
/// of each introducing line and the lines that follow it.
struct Block<'a> {
    address: String,
    original: Option<String>,
    lead: &'a str,
    lines: Vec<&'a str>,
}

/// Labels that name what the sender wrote, beside the address that failed: the address after
/// one belongs to the recipient above it, not to a recipient of its own (PMDF, old gateways).
const ORIGINAL_LABELS: &[&str] = &["originally addressed to", "original recipient", "original-recipient"];

/// Whether a line's label says what the sender wrote ([`ORIGINAL_LABELS`]).
fn names_original(line: &str) -> bool {
    let label = line.split(':').next().unwrap_or("").trim();
    label.len() < 30 && ORIGINAL_LABELS.contains(&crate::scan::fold_case(label).as_str())
}

/// Blocks of lines per introduced recipient, merged per address, in order of first mention.
fn recipient_blocks<'a>(notice: &'a str, ignore: &[String]) -> Vec<Block<'a>> {
    let mut blocks: Vec<Block<'a>> = Vec::new();
    let mut current: Option<usize> = None;
    let mut recent: [&str; TRANSCRIPT_LOOKBACK] = [""; TRANSCRIPT_LOOKBACK];
    for line in notice.lines().take(MAX_LINES) {
        let intro = introduced(line, ignore);
        if let (Some(intro), Some(i)) = (&intro, current.filter(|_| names_original(line))) {
            if !blocks[i].address.eq_ignore_ascii_case(&intro.address) {
                blocks[i].original.get_or_insert(intro.address.clone());
            }
            blocks[i].lines.push(line);
        } else if let Some(intro) = intro {
            let address = intro.address;
            let index = match blocks.iter().position(|b| b.address.eq_ignore_ascii_case(&address)) {
                Some(i) => i,
                None if blocks.len() >= MAX_BLOCKS => break,
                None => {
                    let lead = recent[TRANSCRIPT_LOOKBACK - 1];
                    blocks.push(Block { address, original: None, lead, lines: Vec::new() });
                    blocks.len() - 1
                }
            };
            if intro.transcript {
                blocks[index].lines.extend(transcript_exchange(&recent));
            }
            blocks[index].lines.push(intro.rest);
            current = Some(index);
        } else if let Some(i) = current {
            blocks[i].lines.push(line);
        }
        recent.rotate_left(1);
        recent[TRANSCRIPT_LOOKBACK - 1] = line;
    }
    blocks
}

/// How many lines above a sendmail transcript summary are searched for its exchange.
const TRANSCRIPT_LOOKBACK: usize = 3;

/// The `>>> command` / `<<< reply` lines just above a transcript summary line: what the remote
/// server was asked and answered.
fn transcript_exchange<'a>(recent: &[&'a str]) -> Vec<&'a str> {
    let start = recent.iter().position(|l| {
        let t = l.trim_start();
        t.starts_with(">>>") || t.starts_with("<<<")
    });
    match start {
        Some(i) => recent[i..].to_vec(),
        None => Vec::new(),
    }
}

/// A line that introduces a recipient.
struct Intro<'a> {
    /// The recipient's address.
    address: String,
    /// What the line says about it.
    rest: &'a str,
    /// A sendmail transcript summary (`554 <a@b>... reason`), whose remote answer is the
    /// `<<<` line just above it.
    transcript: bool,
}

/// The address a line introduces, with the rest of the line after it.
fn introduced<'a>(line: &'a str, ignore: &[String]) -> Option<Intro<'a>> {
    let found = find_addresses(line)
        .into_iter()
        .find(|f| !ignore.iter().any(|i| i.eq_ignore_ascii_case(f.text(line))))?;
    let address = found.text(line);
    // The mail system's own mailboxes, named for contact, are never a recipient in a notice's
    // text (a DSN's fields still may name one).
    let local = address.split('@').next().unwrap_or("").to_ascii_lowercase();
    if matches!(local.as_str(), "mailer-daemon" | "postmaster" | "hostmaster" | "abuse") {
        return None;
    }
    let before = &line[..found.start];
    let after = &line[found.end..];
    let transcript = transcript_reply(before, after);
    let rest = if opens_line(before) && ends_address(after) {
        // A list entry: what follows the address is about it.
        after.trim_start_matches(['>', '"', '\'', ':', ' ', '\t'])
    } else if transcript {
        // `554 <a@b>... 550 Host unknown`: the inner reply is the remote server's.
        let inner = after.trim_start_matches('>').trim_start_matches('.').trim_start();
        if reply_code_at(inner, 0).is_some() {
            inner
        } else {
            line
        }
    } else if labelled(before) || failure_to(before, line) || generated_by(before) {
        // The words before the address say what happened to it.
        line
    } else {
        return None;
    };
    // `a@b <c@d>: malformed address`: the bracketed address is the one meant.
    let address = bracketed_after(after).unwrap_or(address).to_string();
    Some(Intro { address, rest, transcript })
}

/// `a@b <c@d>`: the address in angle brackets right after another one.
fn bracketed_after(after: &str) -> Option<&str> {
    let inner = after.strip_prefix(' ')?.strip_prefix('<')?;
    let (inner, _) = inner.split_once('>')?;
    let found = find_addresses(inner);
    (found.len() == 1 && found[0].start == 0 && found[0].end == inner.len()).then_some(inner)
}

/// Exim names the address that led to a pipe or file delivery: `generated by a@b`.
fn generated_by(before: &str) -> bool {
    let head = before.trim_end_matches(['<', ' ']).trim_start().to_ascii_lowercase();
    head == "generated by" || head == "(generated from" || head == "generated from"
}

/// A sendmail transcript line `554 <a@b>... reason` (a reply code, maybe a status, then the
/// address in angle brackets followed by `...`).
fn transcript_reply(before: &str, after: &str) -> bool {
    let head = before.trim();
    let Some(head) = head.strip_suffix('<') else { return false };
    let head = head.trim_end();
    let code_only = head.len() >= 3
        && reply_code_at(head, 0).is_some()
        && (head.len() == 3
            || status_at(head[3..].trim_start(), 0)
                .is_some_and(|(_, end)| end == head[3..].trim_start().len()));
    code_only && after.starts_with(">...")
}

/// Only bullets, quotes and brackets stand before the address.
fn opens_line(before: &str) -> bool {
    before.chars().all(|c| c.is_whitespace() || "*-•><\"'#(".contains(c))
}

/// The address ends where an address in a list or a heading ends.
fn ends_address(after: &str) -> bool {
    let after = after.trim_start_matches(['>', '"', '\'']);
    after.is_empty() || after.starts_with([':', ' ', '\t', '.', ',', '(', '[', '<', ';', ')'])
}

/// The address follows a label and a colon that say it is a recipient (not `To:`, `From:`, ...).
fn labelled(before: &str) -> bool {
    let trimmed = before.trim_end_matches(['<', '"', ' ', '\t']);
    let Some(label) = trimmed.strip_suffix(':') else { return false };
    let label = crate::scan::fold_case(label.trim());
    if label.is_empty() || label.len() > 120 {
        return false;
    }
    let words: Vec<&str> =
        label.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.iter().any(|w| matches!(*w, "from" | "sender" | "mailto" | "cc" | "bcc" | "reply"))
        || ["message-id", "in-reply-to", "references"].iter().any(|f| label.ends_with(f))
    {
        return false;
    }
    // The sender's address in notices in other languages (Absenderadresse, Adresa odesílatele).
    if SENDER_LABELS.iter().any(|k| label.contains(k)) {
        return false;
    }
    if !label.contains(' ') {
        // A single word is a header field name unless it names a recipient.
        return RECIPIENT_LABELS.iter().any(|k| label.contains(k));
    }
    label
        .rsplit(' ')
        .next()
        .is_some_and(|last| last != "to" || label.contains("rcpt") || words.len() > 2)
}

/// Words of one-word labels that name the recipient's address, in the languages of the notices
/// mail programs show (Microsoft 365's "Empfängeradresse:", "Adresa příjemce:", "Destinataire :").
const RECIPIENT_LABELS: &[&str] = &[
    "error-for",
    "rcpt", "recipient", "user", "address", "mailbox", "empfänger", "příjemce", "adresát",
    "destinataire", "получател", "destinatario", "ontvanger",
];

/// Words of labels that name the sender, in the same languages: never a recipient.
const SENDER_LABELS: &[&str] =
    &["absender", "odesílatel", "expéditeur", "отправител", "mittente", "remitente", "afzender"];

/// `... error delivering your mail to <a@b>.`, `Ihre Nachricht an a@b konnte nicht zugestellt
/// werden`, `Vaši zprávu pro adresu a@b nebylo možné doručit`: the address stands in a sentence
/// that says the message did not reach it.
fn failure_to(before: &str, line: &str) -> bool {
    let head = crate::scan::fold_case(before.trim_end_matches(['<', '"', ' ']));
    let lower = crate::scan::fold_case(line);
    let english = (head.ends_with(" to") || head.ends_with(" for"))
        && ["error", "fail", "could not", "unable", "undeliver", "not delivered", "rejected"]
            .iter()
            .any(|w| lower.contains(w));
    english || NOT_DELIVERED.iter().any(|w| lower.contains(w))
}

/// "Not delivered" as the notices of Gmail, Microsoft 365 and other mail systems say it in the
/// languages their users write (Gmail's "wasn't delivered to", "wurde nicht an … zugestellt",
/// "nebyla doručena"; Microsoft's "couldn't be delivered", "konnte nicht zugestellt werden",
/// "nebylo možné doručit"; La Poste's "n'a pas pu être remis"; Yandex/Mail.ru "не доставлено").
const NOT_DELIVERED: &[&str] = &[
    "wasn't delivered to",
    "was not delivered to",
    "problem delivering your message to",
    "your message to",
    "wurde nicht an",
    "couldn't be delivered",
    "could not be delivered",
    "nicht zugestellt",
    "nicht zustellbar",
    "konnte nicht zugestellt",
    "nebylo možné doručit",
    "nelze doručit",
    "nebyla doručena",
    "nebyla doručená",
    "nemohla být doručena",
    "nebylo doručeno",
    "n'a pas pu être remis",
    "n'a pas pu être distribué",
    "n'a pas été remis",
    "не доставлено",
    "не удалось доставить",
    "не может быть доставлено",
    "no se pudo entregar",
    "non è stato possibile recapitare",
    "kon niet worden bezorgd",
];

/// Read one recipient's block: the first line with a code (not about another recipient) and its
/// continuation is the server's answer; without a code, the block's first paragraph.
fn read_block(lines: &[&str], others: &[&str]) -> Reading {
    let mut reading = Reading { context: capped_context(lines), ..Default::default() };
    let others: Vec<String> =
        others.iter().take(MAX_OTHERS).map(|o| o.to_ascii_lowercase()).collect();
    let about_other = |l: &str| {
        if others.is_empty() || !l.contains('@') {
            return false;
        }
        let lower = l.to_ascii_lowercase();
        others.iter().any(|o| lower.contains(o.as_str()))
    };
    // Among answers of equal strength, one with words beats a bare code (Microsoft's
    // "Status code: 550 5.1.10" above its "Error: 550 5.1.10 RESOLVER.ADR.RecipientNotFound").
    let strengths: Vec<(u8, bool)> = lines
        .iter()
        .map(|l| if about_other(l) { (0, false) } else { answer_strength(l) })
        .collect();
    let best = strengths.iter().copied().max().unwrap_or((0, false));
    let anchor = (best.0 > 0).then(|| strengths.iter().position(|&s| s == best)).flatten();
    let picked: Vec<&str> = match anchor {
        Some(start) => answer_lines(&lines[start..], &about_other),
        None => first_paragraph(lines),
    };
    let joined = unfold(&picked.join(" "));
    if !joined.is_empty() {
        let (remote, words) = strip_routing(&joined);
        reading.remote_mta = remote.or_else(|| remote_host(&reading.context));
        let words = words.trim_start_matches(['-', '*', '>', ' ']);
        reading.diagnostic = Some(cap(&drop_repeated_prefix(words))).filter(|d| !d.is_empty());
    } else {
        reading.remote_mta = remote_host(&reading.context);
    }
    reading
}

/// How surely a line is a server's answer ([`code_strength`]) and, when it is one, whether it
/// says more than its codes ([`says_more`]): its codes found once for both.
fn answer_strength(line: &str) -> (u8, bool) {
    let codes = find_codes(line);
    let strength = code_strength(line, &codes);
    (strength, strength > 0 && says_more(line, &codes))
}

/// Whether a line says more than its codes and a label: a word of three letters after the
/// code it carries.
fn says_more(line: &str, (reply, status): &(Option<u16>, Option<String>)) -> bool {
    let code = status.clone().or_else(|| reply.map(|c| c.to_string())).unwrap_or_default();
    let after = line.find(code.as_str()).map_or(line, |i| &line[i + code.len()..]);
    after.split(|c: char| !c.is_alphabetic()).any(|w| w.chars().count() >= 3)
}

/// How surely a line is a server's answer: 3 with a failure reply code (`550 ...`, `said: 550`),
/// 2 with an enhanced status code opening it, 1 with one elsewhere (`see DSN 5.1.10`), 0 without.
fn code_strength(line: &str, (code, status): &(Option<u16>, Option<String>)) -> u8 {
    if code.is_some_and(|c| c >= 400) {
        return 3;
    }
    match status {
        Some(s) if s.starts_with('2') => 0,
        Some(s)
            if line.trim_start().trim_start_matches(['#', '(', '[']).starts_with(s.as_str()) =>
        {
            2
        }
        Some(_) => 1,
        None => 0,
    }
}

/// The answer starting at `lines[0]`: the line and its continuation, up to a blank line, a line
/// about another recipient, a new transcript line, or a line with a different reply code.
fn answer_lines<'a>(lines: &[&'a str], about_other: &dyn Fn(&str) -> bool) -> Vec<&'a str> {
    let first = lines[0];
    let first_code = leading_code(first);
    let mut out = vec![first];
    for line in &lines[1..] {
        let t = line.trim();
        if t.is_empty() || about_other(line) || t.starts_with("<<<") || t.starts_with(">>>") {
            break;
        }
        if is_rule(t) || next_field(line) {
            break;
        }
        match (leading_code(t), first_code) {
            (Some(code), Some(first)) if code == first => out.push(strip_leading_code(t)),
            (Some(_), _) => break,
            (None, _) => out.push(line),
        }
        if out.len() >= 20 {
            break;
        }
    }
    out
}

/// Whether `line` starts the next field of a form the answer is part of: Microsoft's
/// "Reported error: 550 5.1.10 …" is followed by "DSN generated by:       host". A line is such
/// a field when a label of at most four words and a colon open it and its value is set off by a
/// tab or spaces, as forms align them (a server's wrapped words put one space after a colon).
fn next_field(line: &str) -> bool {
    field_label(line.trim_start()).is_some_and(|after| after.starts_with('\t') || after.starts_with("  "))
}

/// What follows the colon of a line opened by a label (`DSN generated by: …`), if it is one.
fn field_label(t: &str) -> Option<&str> {
    let colon = t.find(':')?;
    let (label, after) = (&t[..colon], &t[colon + 1..]);
    let words = label.split_whitespace().count();
    let letters = label.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-');
    ((1..=4).contains(&words) && letters).then_some(after)
}

/// The first paragraph of a block that has words in it.
fn first_paragraph<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for line in lines {
        let t = line.trim();
        if t.is_empty() || is_rule(t) {
            // A lone label (`because:`) introduces the next paragraph.
            let label_only = out.len() == 1 && out[0].trim_end().ends_with(':');
            if out.is_empty() || label_only {
                continue;
            }
            break;
        }
        out.push(*line);
        if out.len() >= 10 {
            break;
        }
    }
    out
}

/// A line of dashes, equals signs or stars (with maybe a title between them).
fn is_rule(t: &str) -> bool {
    t.len() >= 3 && (t.starts_with("---") || t.starts_with("===") || t.starts_with("***"))
}

/// A reply code opening a line (`550 ...`, `550-...`).
fn leading_code(line: &str) -> Option<u16> {
    let t = line.trim_start();
    let offset = line.len() - t.len();
    reply_code_at(line, offset)
}

/// A continuation line of a multi-line reply without its repeated `550-5.7.1` prefix.
fn strip_leading_code(t: &str) -> &str {
    let rest = t.get(3..).unwrap_or("").trim_start_matches([' ', '-']);
    match status_at(rest, 0) {
        Some((_, end)) => rest[end..].trim_start(),
        None => rest,
    }
}

/// Markers after which the server's own words start, and whether a host name precedes them.
const SAID_MARKERS: &[&str] = &[
    " said:",
    "remote host said:",
    "the error that the other server returned was:",
    "remote server returned",
    "(reason:",
    "<<<",
    "received >>>",
    "failed with:",
    "error message:",
    "with the following error message:",
];

/// Cut routing words off a server's answer: `host mx.example[192.0.2.1] said: 550 ...` →
/// (`mx.example`, `550 ...`); Exim's `... host mx.example [192.0.2.1]: 550 ...` likewise.
fn strip_routing(text: &str) -> (Option<String>, String) {
    let lower = text.to_ascii_lowercase();
    let mut remote = None;
    let mut words = text;
    let mut marker_used = "";
    for marker in SAID_MARKERS {
        if let Some(i) = lower.find(marker) {
            remote = remote_host(&text[..i]);
            words = &text[i + marker.len()..];
            marker_used = marker;
            break;
        }
    }
    // `host mx.example [192.0.2.1]: 550 ...` (Exim) or `... RCPT TO:<a@b>: 550 ...`: cut before a
    // code that follows a colon.
    if marker_used.is_empty() {
        if let (Some(code @ 400..), _) = find_codes(words) {
            if let Some(i) = words.find(&format!(": {code}")) {
                remote = remote_host(&words[..i]);
                words = &words[i + 2..];
            }
        }
    }
    let mut words = words.trim();
    match marker_used {
        "(reason:" => words = words.strip_suffix(')').unwrap_or(words),
        "remote server returned" => words = words.trim_matches('\''),
        _ => {}
    }
    (remote, words.trim().to_string())
}

/// A host name or IP address named in `text` after "host", "talking to", "connect to", "server"
/// or "by": the first such token with a dot in it.
pub(crate) fn remote_host(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    for key in ["host ", "talking to ", "connect to ", "server ", "from "] {
        let Some(i) = lower.find(key) else { continue };
        let token = text[i + key.len()..].split_whitespace().next().unwrap_or("");
        let token = token.split('[').next().unwrap_or("");
        let token =
            token.trim_matches(|c: char| matches!(c, '<' | '>' | ':' | ',' | '(' | ')' | '.'));
        let hostlike = token.contains('.')
            && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if hostlike {
            return Some(token.to_string());
        }
    }
    None
}

/// `cap(&unfold(&lines.join("\n")))`, unfolding no more words than the cap keeps.
fn capped_context(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in lines.iter().flat_map(|l| l.split_whitespace()) {
        if chars >= MAX_CONTEXT {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word.chars().count();
    }
    cap(&out)
}

/// `s` cut to [`MAX_CONTEXT`] characters.
fn cap(s: &str) -> String {
    match s.char_indices().nth(MAX_CONTEXT) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_context_is_capped_unfold() {
        let long = "wörd ".repeat(MAX_CONTEXT);
        for lines in [vec![], vec!["  a \t b  ", "", " c"], vec![long.as_str(), "tail"]] {
            assert_eq!(capped_context(&lines), cap(&unfold(&lines.join("\n"))));
        }
    }

    fn check(notice: &str, expected: &[(&str, Option<&str>)]) {
        let got: Vec<(String, Option<String>)> =
            read_recipients(notice, &["sender@example.jp".into()])
                .into_iter()
                .map(|r| (r.address, r.diagnostic))
                .collect();
        let want: Vec<(String, Option<String>)> =
            expected.iter().map(|(a, d)| (a.to_string(), d.map(str::to_string))).collect();
        assert_eq!(got, want, "for {notice:?}");
    }

    #[test]
    fn postfix_block() {
        check(
            "The mail system\n\n<a@example.net>: host mx.example.net[192.0.2.1] said:\n    550 5.1.1 \
             <a@example.net>: User unknown (in reply to RCPT TO command)\n",
            &[("a@example.net", Some("550 5.1.1 <a@example.net>: User unknown (in reply to RCPT TO command)"))],
        );
    }

    #[test]
    fn qmail_blocks() {
        check(
            "<a@example.jp>:\n192.0.2.1 does not like recipient.\nRemote host said: 550 5.1.1 \
             <a@example.jp>... User Unknown\nGiving up on 192.0.2.1.\n\n<b@example.jp>:\n\
             Remote host said: 552 5.2.2 Mailbox full\n",
            &[
                (
                    "a@example.jp",
                    Some("550 5.1.1 <a@example.jp>... User Unknown Giving up on 192.0.2.1."),
                ),
                ("b@example.jp", Some("552 5.2.2 Mailbox full")),
            ],
        );
    }

    #[test]
    fn exim_block_and_labels() {
        check(
            "The following address(es) failed:\n\n  c@example.org\n    SMTP error from remote mail \
             server after RCPT TO:<c@example.org>:\n    host mx.example.org [192.0.2.2]: 550 5.1.1 \
             No such user\n",
            &[("c@example.org", Some("550 5.1.1 No such user"))],
        );
        check(
            "Unknown user: d@example.com\n",
            &[("d@example.com", Some("Unknown user: d@example.com"))],
        );
        check("To: sender@example.jp\nTo: e@example.com\n", &[]);
    }

    #[test]
    fn separators_split_the_original() {
        let (head, original) = split_original(
            "failed.\n------ This is a copy of the message, including all the headers. ------\n\n\
             Return-path: <a@b.example>\nFrom: a@b.example\nSubject: hi\n\nbody\n",
        );
        assert_eq!(head, "failed.\n");
        assert!(original.is_some_and(|o| o.starts_with("Return-path:")));
    }

    #[test]
    fn quoted_bounces_are_unquoted() {
        assert_eq!(unquote("> a\n> b\n>\n> c\n> d\n"), "a\nb\n\nc\nd\n");
        assert_eq!(unquote(">>> DATA\n<<< 550 x\nz\ny\n"), ">>> DATA\n<<< 550 x\nz\ny\n");
    }
}
