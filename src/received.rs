//! Received header fields (RFC 5321 §4.4), read tolerantly: real-world fields are often malformed.
//!
//! Reading happens in three steps:
//! 1. a nom lexer splits the unfolded value into words, comments (nested) and `;`;
//! 2. the date is split off: after the `;` whose tail reads as a date (else the last `;`), or,
//!    when there is no `;`, the longest run of words at the end that reads as a date;
//! 3. the words before the date are grouped into `from` / `by` / `via` / `with` / `id` / `for`
//!    clauses in whatever order they come; comments attach to the clause they follow.
//!
//! Nothing here panics or loops on any input, and every step is linear in the input (the date
//! search at the end looks at a bounded number of word positions).

use std::net::IpAddr;

use mail_parser::DateTime;
use nom::branch::alt;
use nom::bytes::complete::{take_while, take_while1, take_while_m_n};
use nom::character::complete::{char, one_of};
use nom::combinator::recognize;
use nom::multi::many1_count;
use nom::{IResult, Parser};

use crate::report::ReceivedHop;

/// Parse one Received field value (without the field name, folded or not).
///
/// Fills `from`, `from_ip`, `by`, `with`, `tls`, `id`, `for_addr`, `envelope_from`, `date`, `timestamp`, `raw` and
/// `problems`; the chain position fields (`hop`, `line`, `delay_seconds`) are left for the caller.
pub fn parse_received(value: &str) -> ReceivedHop {
    let raw = unfold(value);
    let mut hop = ReceivedHop { raw: raw.clone(), ..Default::default() };
    let lexed = lex(&raw);
    if lexed.unclosed_comment {
        hop.problems.push("a `(` comment is never closed".to_string());
    }
    let tokens = &lexed.tokens;

    // Step 2: where does the date start?
    let (head, date_text, read) = split_date(&raw, tokens, &mut hop.problems);
    if let Some(text) = date_text {
        match read.or_else(|| parse_date(text)) {
            Some((epoch, rfc3339)) => (hop.epoch, hop.timestamp) = (Some(epoch), Some(rfc3339)),
            None => hop.problems.push(format!("date `{text}` could not be read")),
        }
        hop.date = Some(text.to_string());
    }

    // Step 3: clauses.
    let clauses = group_clauses(&tokens[..head]);
    let first = |kw: Keyword| clauses.iter().find(|c| c.keyword == kw);

    if let Some(clause) = first(Keyword::From) {
        fill_from(&mut hop, clause);
    }
    let by = first(Keyword::By);
    hop.by = by.and_then(|c| c.value()).map(str::to_string);
    let with = first(Keyword::With);
    hop.with = with.filter(|c| !c.words.is_empty()).map(|c| c.words.join(" "));
    hop.id =
        first(Keyword::Id).and_then(|c| c.value()).map(|v| v.trim_end_matches(',').to_string());
    hop.for_addr =
        first(Keyword::For).and_then(|c| c.value()).map(|v| v.trim_end_matches(',').to_string());
    hop.tls = tls_evidence(tokens, by, with);
    hop.envelope_from = envelope_from(tokens);

    if by.is_some() && hop.by.is_none() {
        hop.problems.push("the `by` clause names no host".to_string());
    } else if hop.by.is_none() {
        hop.problems.push("no `by` clause (the receiving server is not named)".to_string());
    }
    let nothing_read = hop.from.is_none()
        && hop.from_ip.is_none()
        && hop.by.is_none()
        && hop.with.is_none()
        && hop.id.is_none()
        && hop.for_addr.is_none();
    if nothing_read && hop.date.is_none() {
        hop.problems.push(
            "this does not look like a Received field: no from/by/with/id/for clause and no date"
                .to_string(),
        );
    }
    hop
}

/// Read a date as found in Received and Date fields: RFC 5322 and the odd formats met in practice.
///
/// Returns seconds since the Unix epoch (UTC) and the RFC 3339 form with the original offset.
/// Also read: no weekday, 2- and 3-digit years, no seconds, zone names (`JST`, `CEST`, ...) also
/// in a trailing comment, `yyyy-mm-dd hh:mm:ss`, RFC 3339 itself and asctime. A date and time
/// without any zone is taken as UTC. A wrong weekday is ignored.
pub fn parse_date(text: &str) -> Option<(i64, String)> {
    let (clean, comments) = strip_comments(text);
    let parts = read_date_parts(&clean, &comments)?;
    if parts.rfc5322_layout {
        // mail-parser reads the canonical layout. Outside it, it is lenient in wrong ways: it reads
        // `029 Apr` as 2 Apr, accepts 31 Feb and reads zone names such as JST as +0000; hence the
        // layout check first and the day-of-month check after.
        if let Some(dt) = DateTime::parse_rfc822(&clean) {
            if dt.is_valid()
                && u32::from(dt.day) <= days_in_month(i64::from(dt.year), dt.month.into())
            {
                let minutes = (i32::from(dt.tz_hour) * 60 + i32::from(dt.tz_minute))
                    * if dt.tz_before_gmt { -1 } else { 1 };
                let rfc3339 = format_rfc3339(
                    i64::from(dt.year),
                    dt.month.into(),
                    dt.day.into(),
                    (dt.hour.into(), dt.minute.into(), dt.second.into()),
                    minutes,
                );
                return Some((dt.to_timestamp(), rfc3339));
            }
        }
    }
    parts.finish()
}

// ---------------------------------------------------------------------------------------------
// Unfolding and lexing
// ---------------------------------------------------------------------------------------------

/// Replace every line break (CR and/or LF) and the whitespace after it with one space; trim.
fn unfold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' || c == '\n' {
            while matches!(chars.peek(), Some('\r' | '\n' | ' ' | '\t')) {
                chars.next();
            }
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// What a lexical token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An atom, domain, `[literal]`, `<address>` or quoted string (or a mix without spaces).
    Word,
    /// A parenthesized comment; `text` is the inside, nested comments included.
    Comment,
    /// The `;` before the date.
    Semi,
}

/// One lexical token of a Received value, with its byte position in the unfolded value.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
}

/// The tokens of a value, and whether a comment was left open.
struct Lexed<'a> {
    tokens: Vec<Token<'a>>,
    unclosed_comment: bool,
}

/// A comment `( ... )` with nesting and quoted pairs; returns the inside.
///
/// Scans iteratively (no recursion), so deep nesting cannot exhaust the stack. An unclosed
/// comment is an error here; the lexer then reads the `(` as an ordinary character.
fn comment(i: &str) -> IResult<&str, &str> {
    let (body, _) = char('(').parse(i)?;
    let mut depth = 1usize;
    let mut escaped = false;
    for (idx, c) in body.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Ok((&body[idx + 1..], &body[..idx]));
                }
            }
            _ => {}
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Char)))
}

/// The longest `[...]`, `<...>` or `"..."` read as one piece; a longer one is not closed in
/// practice, and the bound keeps many unclosed openers from costing quadratic time.
const BRACKETED_MAX: usize = 512;

/// A quoted string with backslash escapes (closed within [`BRACKETED_MAX`] bytes).
fn quoted(i: &str) -> IResult<&str, &str> {
    let (body, _) = char('"').parse(i)?;
    let mut escaped = false;
    for (idx, c) in body.char_indices() {
        if idx > BRACKETED_MAX {
            break;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            let end = i.len() - body.len() + idx + 1;
            return Ok((&i[end..], &i[..end]));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Char)))
}

/// Characters that end a plain run inside a word.
fn is_plain(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '(' | ';' | '[' | '<' | '"')
}

/// Characters that may not appear inside `[...]` or `<...>`.
fn ends_bracket(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ';')
}

/// A domain literal `[...]` (IP address, `IPv6:...`).
fn literal(i: &str) -> IResult<&str, &str> {
    let inside = take_while_m_n(0, BRACKETED_MAX, |c| c != ']' && !ends_bracket(c));
    recognize((char('['), inside, char(']'))).parse(i)
}

/// An address in angle brackets `<...>`.
fn angle(i: &str) -> IResult<&str, &str> {
    let inside = take_while_m_n(0, BRACKETED_MAX, |c| c != '>' && !ends_bracket(c));
    recognize((char('<'), inside, char('>'))).parse(i)
}

/// A word: literals, addresses, quoted strings and plain runs with no space between them.
///
/// An opener that is never closed (`[`, `<`, `"`) is read as an ordinary character.
fn word(i: &str) -> IResult<&str, &str> {
    recognize(many1_count(alt((
        literal,
        angle,
        quoted,
        take_while1(is_plain),
        recognize(one_of("[<\"")),
    ))))
    .parse(i)
}

/// For each byte position, whether a `(` there has its matching `)` (one pass with a stack;
/// a backslash inside parentheses quotes the next character, as in [`comment`]).
fn closing_parens(s: &str) -> Vec<bool> {
    let mut closes = vec![false; s.len()];
    let mut open: Vec<usize> = Vec::new();
    let mut escaped = false;
    for (idx, c) in s.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !open.is_empty() => escaped = true,
            '(' => open.push(idx),
            ')' => {
                if let Some(start) = open.pop() {
                    if let Some(flag) = closes.get_mut(start) {
                        *flag = true;
                    }
                }
            }
            _ => {}
        }
    }
    closes
}

/// Split the unfolded value into tokens. Total: every character ends up in some token or space.
fn lex(s: &str) -> Lexed<'_> {
    let closes = closing_parens(s);
    let mut tokens = Vec::new();
    let mut unclosed_comment = false;
    let mut rest = s;
    loop {
        let skipped: IResult<&str, &str> = take_while(char::is_whitespace).parse(rest);
        if let Ok((r, _)) = skipped {
            rest = r;
        }
        if rest.is_empty() {
            break;
        }
        let start = s.len() - rest.len();
        let opens_comment = closes.get(start).copied().unwrap_or(false);
        let item = if rest.starts_with('(') && !opens_comment {
            // Known not to close: skip the scan (many unclosed `(` would cost quadratic time).
            Err(nom::Err::Error(nom::error::Error::new(rest, nom::error::ErrorKind::Char)))
        } else {
            alt((
                comment.map(|t| (Kind::Comment, t)),
                char(';').map(|_| (Kind::Semi, ";")),
                word.map(|t| (Kind::Word, t)),
            ))
            .parse(rest)
        };
        match item {
            Ok((r, (kind, text))) => {
                tokens.push(Token { kind, text, start });
                rest = r;
            }
            Err(_) => {
                // Only an unclosed `(` gets here: keep it as a one-character word and go on, so
                // that the date after it can still be found.
                let len = rest.chars().next().map_or(1, char::len_utf8);
                if rest.starts_with('(') {
                    unclosed_comment = true;
                }
                tokens.push(Token { kind: Kind::Word, text: &rest[..len], start });
                rest = &rest[len..];
            }
        }
    }
    Lexed { tokens, unclosed_comment }
}

// ---------------------------------------------------------------------------------------------
// Date split and clauses
// ---------------------------------------------------------------------------------------------

/// How many word positions at the end are tried as the start of a date when there is no `;`.
const DATE_SEARCH_WORDS: usize = 16;

/// Text after a `;` longer than this is not tried as a date (keeps many `;` linear).
const DATE_MAX_LEN: usize = 256;

/// The date's reading when [`split_date`] already made it.
type DateRead = Option<(i64, String)>;

/// Find the date: returns how many tokens precede it, the date text (trimmed, non-empty) and,
/// when the search already read it, its reading.
fn split_date<'a>(
    s: &'a str,
    tokens: &[Token<'a>],
    problems: &mut Vec<String>,
) -> (usize, Option<&'a str>, DateRead) {
    let tail = |i: usize| {
        let t = &tokens[i];
        s[t.start + t.text.len()..].trim()
    };
    let semis: Vec<usize> =
        tokens.iter().enumerate().filter(|(_, t)| t.kind == Kind::Semi).map(|(i, _)| i).collect();
    if let Some(&last) = semis.last() {
        let read = |i: usize| {
            let text = tail(i);
            let date = if text.len() <= DATE_MAX_LEN { parse_date(text) } else { None };
            date.map(|d| (i, d))
        };
        let (chosen, date) = match semis.iter().find_map(|&i| read(i)) {
            Some((i, date)) => (i, Some(date)),
            None => (last, None),
        };
        let text = tail(chosen);
        if text.is_empty() {
            problems.push("nothing after the `;` where the date should be".to_string());
            return (chosen, None, None);
        }
        return (chosen, Some(text), date);
    }
    // No `;`: the date, if any, is the longest run of words at the end that reads as one.
    let first_candidate = tokens.len().saturating_sub(DATE_SEARCH_WORDS);
    for (i, t) in tokens.iter().enumerate().skip(first_candidate) {
        if t.kind != Kind::Word || Keyword::of(t.text).is_some() {
            continue;
        }
        let text = s[t.start..].trim();
        if text.len() > DATE_MAX_LEN {
            continue;
        }
        if let Some(date) = parse_date(text) {
            problems.push("no `;` before the date".to_string());
            return (i, Some(text), Some(date));
        }
    }
    problems.push("no date (missing `;`)".to_string());
    (tokens.len(), None, None)
}

/// The clause keywords of RFC 5321 §4.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    From,
    By,
    Via,
    With,
    Id,
    For,
}

impl Keyword {
    /// The keyword a word is, if any (case-insensitive).
    fn of(word: &str) -> Option<Keyword> {
        const ALL: [(&str, Keyword); 6] = [
            ("from", Keyword::From),
            ("by", Keyword::By),
            ("via", Keyword::Via),
            ("with", Keyword::With),
            ("id", Keyword::Id),
            ("for", Keyword::For),
        ];
        ALL.iter().find(|(name, _)| word.eq_ignore_ascii_case(name)).map(|&(_, kw)| kw)
    }
}

/// One clause: its keyword, its value words, the comments after it and any stray words.
#[derive(Debug)]
struct Clause<'a> {
    keyword: Keyword,
    /// The value: one word, or for `with` every word up to the first comment or keyword.
    words: Vec<&'a str>,
    /// The inside of each comment that follows the clause.
    comments: Vec<&'a str>,
    /// Words after the value that belong to no clause (`over TLS secured channel`, ...).
    extra: Vec<&'a str>,
}

impl<'a> Clause<'a> {
    /// The first value word.
    fn value(&self) -> Option<&'a str> {
        self.words.first().copied()
    }
}

/// Group the tokens before the date into clauses, in the order they come.
fn group_clauses<'a>(tokens: &[Token<'a>]) -> Vec<Clause<'a>> {
    let mut clauses: Vec<Clause<'a>> = Vec::new();
    let mut open = false;
    for t in tokens {
        match t.kind {
            Kind::Semi => open = false,
            Kind::Word => {
                if let Some(keyword) = Keyword::of(t.text) {
                    clauses.push(Clause {
                        keyword,
                        words: Vec::new(),
                        comments: Vec::new(),
                        extra: Vec::new(),
                    });
                    open = true;
                    continue;
                }
                let Some(clause) = clauses.last_mut().filter(|_| open) else { continue };
                let multi_word = clause.keyword == Keyword::With && clause.comments.is_empty();
                if clause.words.is_empty() || (multi_word && clause.extra.is_empty()) {
                    clause.words.push(t.text);
                } else {
                    clause.extra.push(t.text);
                }
            }
            Kind::Comment => {
                if let Some(clause) = clauses.last_mut().filter(|_| open) {
                    clause.comments.push(t.text);
                }
            }
        }
    }
    clauses
}

/// Fill `from` and `from_ip` from the `from` clause and its comments.
fn fill_from(hop: &mut ReceivedHop, clause: &Clause<'_>) {
    let Some(value) = clause.value() else { return };
    // Everything after the value that may name the host or its address.
    let pieces: Vec<&str> = clause
        .comments
        .iter()
        .chain(clause.extra.iter())
        .flat_map(|c| c.split(|ch: char| ch.is_whitespace() || matches!(ch, '(' | ')' | ',')))
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(ip) = ip_in(value) {
        hop.from_ip = Some(ip);
        hop.from = name_in(&pieces);
    } else {
        hop.from = Some(value.to_string());
        hop.from_ip = pieces.iter().find_map(|p| ip_in(p));
    }
}

/// The IP address in a word: `[1.2.3.4]`, `[1.2.3.4]:25`, `[IPv6:2001:db8::1]`, `1.2.3.4`,
/// `2001:db8::1`, `1.2.3.4:25`, `helo=1.2.3.4`.
fn ip_in(word: &str) -> Option<String> {
    let inner = match (word.find('['), word.rfind(']')) {
        (Some(open), Some(close)) if open < close => &word[open + 1..close],
        _ => {
            let w = word.rsplit('=').next().unwrap_or(word);
            w.trim_matches(|c: char| matches!(c, '[' | ']' | '"' | '\'' | ';' | ','))
                .trim_end_matches('.')
        }
    };
    let bare = strip_prefix_ci(inner, "ipv6:").unwrap_or(inner);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Some(ip.to_string());
    }
    // IPv4 with a port: `1.2.3.4:25`.
    let (addr, port) = bare.rsplit_once(':')?;
    if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(ip @ IpAddr::V4(_)) = addr.parse::<IpAddr>() {
            return Some(ip.to_string());
        }
    }
    None
}

/// `text` without `prefix` (ASCII case-insensitive), if it starts with it.
fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// The host name in a `from` comment: `helo=name`, `HELO name`, or the first domain-like word.
fn name_in(pieces: &[&str]) -> Option<String> {
    let clean = |p: &str| {
        p.trim_matches(|c: char| matches!(c, '[' | ']' | '"' | '\''))
            .trim_end_matches('.')
            .to_string()
    };
    for (i, p) in pieces.iter().enumerate() {
        for key in ["helo=", "ehlo="] {
            if let Some(name) = strip_prefix_ci(p, key).filter(|n| !n.is_empty()) {
                return Some(clean(name));
            }
        }
        if p.eq_ignore_ascii_case("helo") || p.eq_ignore_ascii_case("ehlo") {
            if let Some(next) = pieces.get(i + 1) {
                return Some(clean(next));
            }
        }
    }
    pieces.iter().map(|p| clean(p)).find(|p| looks_like_domain(p))
}

/// A dotted name of letters, digits, `-` and `_` that is not an IP address.
fn looks_like_domain(p: &str) -> bool {
    p.contains('.')
        && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && p.chars().any(|c| c.is_ascii_alphabetic())
        && p.parse::<IpAddr>().is_err()
}

/// Protocol names that say TLS was used (RFC 3848 and RFC 6531, plus `SMTPS` and `HTTPS`).
const TLS_PROTOCOLS: [&str; 10] = [
    "ESMTPS",
    "ESMTPSA",
    "LMTPS",
    "LMTPSA",
    "UTF8SMTPS",
    "UTF8SMTPSA",
    "UTF8LMTPS",
    "UTF8LMTPSA",
    "SMTPS",
    "HTTPS",
];

/// Whether a comment states TLS details (`version=TLS1_2, cipher=...`, `using TLSv1.3 ...`,
/// Exim's `TLS1.3` / `TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256`).
fn is_tls_comment(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let tls_version_start = ["tls", "ssl"].iter().any(|p| {
        lower.strip_prefix(p).is_some_and(|r| {
            r.starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'v' | '-' | '_'))
        })
    });
    lower.starts_with("using tls")
        || lower.starts_with("using ssl")
        || lower.contains("cipher=")
        || lower.contains("version=tls")
        || lower.contains("version=ssl")
        || tls_version_start
}

/// Collapse runs of whitespace to one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// TLS details from comments and stray words, or the protocol name's evidence.
/// The envelope sender some servers note in a comment: `(envelope-from <a@b>)`,
/// `(envelope-sender <a@b>)`.
fn envelope_from(tokens: &[Token<'_>]) -> Option<String> {
    tokens.iter().filter(|t| t.kind == Kind::Comment).find_map(|t| {
        let text = t.text.trim();
        let lower = text.to_ascii_lowercase();
        let rest = ["envelope-from", "envelope-sender"]
            .iter()
            .find_map(|key| lower.starts_with(key).then(|| &text[key.len()..]))?;
        let address = rest.trim().trim_start_matches('<').split(['>', ' ']).next()?.trim();
        (!address.is_empty()).then(|| address.to_string())
    })
}

fn tls_evidence(
    tokens: &[Token<'_>],
    by: Option<&Clause<'_>>,
    with: Option<&Clause<'_>>,
) -> Option<String> {
    let mut parts: Vec<String> = tokens
        .iter()
        .filter(|t| t.kind == Kind::Comment && is_tls_comment(t.text))
        .map(|t| squash(t.text))
        .collect();
    // Microsoft: `by host over TLS secured channel with ...`;
    // Exim: `with esmtps (TLS1.3) tls CIPHER`.
    for clause in by.iter().chain(with.iter()) {
        if clause.extra.iter().any(|w| w.eq_ignore_ascii_case("tls")) {
            parts.push(clause.extra.join(" "));
        }
    }
    if !parts.is_empty() {
        return Some(parts.join("; "));
    }
    let protocol =
        with?.words.iter().find(|w| TLS_PROTOCOLS.iter().any(|p| w.eq_ignore_ascii_case(p)))?;
    Some(format!("{} (TLS, no details)", protocol.to_ascii_uppercase()))
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// `text` without its (nested) comments, and the inside of each top-level comment.
///
/// An unclosed comment runs to the end.
fn strip_comments(text: &str) -> (String, Vec<&str>) {
    let mut clean = String::with_capacity(text.len());
    let mut comments = Vec::new();
    let mut depth = 0usize;
    let mut comment_start = 0;
    for (idx, c) in text.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    comment_start = idx + 1;
                    clean.push(' ');
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    comments.push(&text[comment_start..idx]);
                }
            }
            _ if depth == 0 => clean.push(c),
            _ => {}
        }
    }
    (clean, comments)
}

/// Zone names met in mail, with their offset in minutes. `IST` is read as India (+05:30).
#[rustfmt::skip]
const ZONES: &[(&str, i32)] = &[
    ("UT", 0), ("UTC", 0), ("GMT", 0), ("Z", 0), ("WET", 0), ("WEST", 60), ("BST", 60),
    ("CET", 60), ("MET", 60), ("MEZ", 60), ("CEST", 120), ("MEST", 120), ("MESZ", 120),
    ("EET", 120), ("EEST", 180), ("MSK", 180), ("IST", 330), ("HKT", 480), ("SGT", 480),
    ("AWST", 480), ("JST", 540), ("KST", 540), ("ACST", 570), ("ACDT", 630), ("AEST", 600),
    ("AEDT", 660), ("NZST", 720), ("NZDT", 780), ("EST", -300), ("EDT", -240), ("CST", -360),
    ("CDT", -300), ("MST", -420), ("MDT", -360), ("PST", -480), ("PDT", -420), ("AKST", -540),
    ("AKDT", -480), ("HST", -600), ("AST", -240), ("ADT", -180), ("NST", -210), ("NDT", -150),
];

/// Zone names mail-parser reads itself (it reads every other name as +0000).
const RFC5322_ZONES: &[&str] =
    &["UT", "UTC", "GMT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"];

/// The offset of a zone name (case-insensitive).
fn zone_offset(name: &str) -> Option<i32> {
    ZONES.iter().find(|(z, _)| name.eq_ignore_ascii_case(z)).map(|&(_, m)| m)
}

/// Month number of an English month name or abbreviation.
fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    if w.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| names_match(m, w))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Whether a word is an English weekday name or abbreviation.
fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] =
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let w = word.trim_end_matches('.');
    w.len() >= 3 && DAYS.iter().any(|d| names_match(d, w))
}

/// Whether `word` is the lower-case `name` or its first three letters, in any case.
fn names_match(name: &str, word: &str) -> bool {
    let name = if word.len() == 3 { &name.as_bytes()[..3] } else { name.as_bytes() };
    name.eq_ignore_ascii_case(word.as_bytes())
}

/// A run of 1..=max ASCII digits as a number.
fn digits(text: &str, max: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `h:mm`, `hh:mm:ss` or `hh:mm:ss.fraction`.
fn parse_time(text: &str) -> Option<(u32, u32, u32, bool)> {
    let mut it = text.split(':');
    let hour = digits(it.next()?, 2)?;
    let minute_text = it.next()?;
    if minute_text.len() != 2 {
        return None;
    }
    let minute = digits(minute_text, 2)?;
    let (second, has_seconds) = match it.next() {
        None => (0, false),
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
            if whole.len() != 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (digits(whole, 2)?, true)
        }
    };
    if it.next().is_some() {
        return None;
    }
    Some((hour, minute, second, has_seconds))
}

/// `+hhmm`, `-hhmm`, `+hh:mm`, `+hh` or `+h` as minutes east of UTC.
fn parse_offset(text: &str) -> Option<i32> {
    let sign = match text.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let body = &text[1..];
    let (hours, minutes) = if let Some((h, m)) = body.split_once(':') {
        (digits(h, 2)?, digits(m, 2)?)
    } else if body.len() == 4 && body.bytes().all(|b| b.is_ascii_digit()) {
        (digits(&body[..2], 2)?, digits(&body[2..], 2)?)
    } else {
        (digits(body, 2)?, 0)
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    i32::try_from(hours * 60 + minutes).ok().map(|m| sign * m)
}

/// A zone word: an offset, a name, or `GMT+0100` / `UTC-5`.
fn parse_zone_word(word: &str) -> Option<(i32, bool)> {
    if let Some(m) = parse_offset(word) {
        return Some((m, true));
    }
    if let Some(m) = zone_offset(word) {
        return Some((m, false));
    }
    for base in ["GMT", "UTC", "UT"] {
        if let Some(rest) = strip_prefix_ci(word, base) {
            if let Some(m) = parse_offset(rest) {
                return Some((m, true));
            }
        }
    }
    None
}

/// The pieces of a date as read from its words.
#[derive(Debug, Default)]
struct DateParts {
    year: Option<(i64, usize)>,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<(u32, u32, u32, bool)>,
    /// Offset in minutes and whether it was numeric (numeric beats a name).
    zone: Option<(i32, bool)>,
    pm: Option<bool>,
    /// The words were `[weekday] day month year time zone` (what mail-parser reads correctly).
    rfc5322_layout: bool,
}

impl DateParts {
    /// Whether everything but the zone has been read.
    fn complete(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some() && self.time.is_some()
    }

    /// Take a bare number: day first, then year (RFC 5322 and asctime orders both work).
    fn number(&mut self, word: &str) -> Option<()> {
        let value = digits(word, 4)?;
        match word.len() {
            4 if self.year.is_none() => self.year = Some((i64::from(value), 4)),
            1..=3 if self.day.is_none() && (1..=31).contains(&value) => self.day = Some(value),
            2 | 3 if self.year.is_none() => self.year = Some((i64::from(value), word.len())),
            _ => return None,
        }
        Some(())
    }

    /// Take an ISO date `yyyy-mm-dd`, maybe with `Thh:mm:ss[.f][Z|±hh:mm]`; or `dd-Mon-yyyy`.
    fn dashed(&mut self, word: &str) -> Option<()> {
        let (date, rest) = match word.find(['T', 't']) {
            Some(i) => (&word[..i], Some(&word[i + 1..])),
            None => (word, None),
        };
        let mut it = date.split('-');
        let (a, b, c) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || self.year.is_some() || self.month.is_some() || self.day.is_some()
        {
            return None;
        }
        if a.len() == 4 {
            self.year = Some((i64::from(digits(a, 4)?), 4));
            self.month = Some(digits(b, 2)?);
            self.day = Some(digits(c, 2)?);
        } else {
            self.day = Some(digits(a, 2)?);
            self.month = Some(month_number(b)?);
            self.year = Some((i64::from(digits(c, 4)?), c.len()));
        }
        if let Some(rest) = rest {
            let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
            self.time = Some(parse_time(&rest[..zone_at])?);
            let zone = &rest[zone_at..];
            if !zone.is_empty() {
                self.zone = Some((
                    if zone.eq_ignore_ascii_case("z") { 0 } else { parse_offset(zone)? },
                    true,
                ));
            }
        }
        Some(())
    }

    /// Check the ranges and compute the timestamp and RFC 3339 text.
    fn finish(&self) -> Option<(i64, String)> {
        let (year, year_digits) = self.year?;
        let year = match year_digits {
            2 if year < 50 => year + 2000,
            2 | 3 => year + 1900,
            _ => year,
        };
        let (month, day) = (self.month?, self.day?);
        let (mut hour, minute, second, _) = self.time?;
        match self.pm {
            Some(true) if hour < 12 => hour += 12,
            Some(false) if hour == 12 => hour = 0,
            _ => {}
        }
        if !(1900..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let offset = self.zone.map_or(0, |(m, _)| m);
        let local = days_from_civil(year, month, day) * 86_400
            + i64::from(hour) * 3600
            + i64::from(minute) * 60
            + i64::from(second);
        Some((
            local - i64::from(offset) * 60,
            format_rfc3339(year, month, day, (hour, minute, second), offset),
        ))
    }
}

/// Read the words of a comment-free date in any order; `None` for words that are not a date.
///
/// Words after a complete date (day, month, year, time) are ignored, so trailing junk such as
/// `id 0EFECD52` or Go's `m=+12345.678` does not spoil it; junk before or inside does.
fn read_date_parts(clean: &str, comments: &[&str]) -> Option<DateParts> {
    let words: Vec<&str> =
        clean.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let mut p = DateParts::default();
    let mut weekday = false;
    // Layout check for mail-parser: [weekday] day month year time zone, nothing else.
    let mut layout: Vec<char> = Vec::new();
    for word in &words {
        let before = (
            p.year.is_some(),
            p.month.is_some(),
            p.day.is_some(),
            p.time.is_some(),
            p.zone.is_some(),
        );
        let read = if is_weekday(word) && !weekday {
            weekday = true;
            layout.push('w');
            Some(())
        } else if let Some(m) = month_number(word) {
            layout.push('m');
            p.month.is_none().then(|| p.month = Some(m))
        } else if let Some((minutes, numeric)) = parse_zone_word(word) {
            let canonical = numeric && word.len() == 5
                || RFC5322_ZONES.iter().any(|z| word.eq_ignore_ascii_case(z));
            layout.push(if canonical { 'z' } else { '?' });
            match p.zone {
                None => p.zone = Some((minutes, numeric)),
                Some((_, false)) if numeric => p.zone = Some((minutes, numeric)),
                Some(_) => {}
            }
            Some(())
        } else if word.contains(':') && !word.starts_with(['+', '-']) && !word.contains('-') {
            layout.push(if parse_time(word).is_some_and(|t| t.3 && word.len() == 8) {
                't'
            } else {
                '?'
            });
            match (parse_time(word), p.time) {
                (Some(t), None) => {
                    p.time = Some(t);
                    Some(())
                }
                _ => None,
            }
        } else if word.bytes().all(|b| b.is_ascii_digit()) {
            layout.push(match word.len() {
                1 | 2 if p.day.is_none() => 'd',
                4 => 'y',
                _ => '?',
            });
            p.number(word)
        } else if word.eq_ignore_ascii_case("am") || word.eq_ignore_ascii_case("pm") {
            layout.push('?');
            p.pm.is_none().then(|| p.pm = Some(word.eq_ignore_ascii_case("pm")))
        } else if word.contains('-') && !word.starts_with(['+', '-']) {
            layout.push('?');
            p.dashed(word)
        } else {
            None
        };
        if read.is_none() {
            let changed = before
                != (
                    p.year.is_some(),
                    p.month.is_some(),
                    p.day.is_some(),
                    p.time.is_some(),
                    p.zone.is_some(),
                );
            // A broken offset (`+2500`) spoils the date rather than being skipped as trailing.
            let bad_offset =
                word.starts_with(['+', '-']) && word[1..].starts_with(|c: char| c.is_ascii_digit());
            if p.complete() && !changed && !bad_offset {
                // Trailing words after a whole date: ignore them.
                layout.push('?');
                break;
            }
            return None;
        }
    }
    if !p.complete() {
        return None;
    }
    if p.zone.is_none() {
        p.zone = comments.iter().find_map(|c| zone_offset(c.trim())).map(|m| (m, false));
    }
    let shape: String = layout.into_iter().collect();
    p.rfc5322_layout = shape == "wdmytz" || shape == "dmytz";
    Some(p)
}

/// Whether a year is a Gregorian leap year.
fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in a month (1-based); 0 for a month out of range.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from March so that the leap day is the last day of the counted year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (i64::from(month) + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `yyyy-mm-ddThh:mm:ss±hh:mm`, from fields both readers have checked: a year of 1900 to 9999,
/// two-digit time fields and an offset under a day. Digits are put into a template: this runs
/// for every date read, and `format!` costs many times more.
fn format_rfc3339(
    year: i64,
    month: u32,
    day: u32,
    (hour, minute, second): (u32, u32, u32),
    offset: i32,
) -> String {
    let year = u32::try_from(year.clamp(0, 9999)).unwrap_or(0);
    let abs = offset.unsigned_abs();
    let mut text = *b"0000-00-00T00:00:00+00:00";
    for (at, n) in [
        (0, year / 100),
        (2, year % 100),
        (5, month),
        (8, day),
        (11, hour),
        (14, minute),
        (17, second),
        (20, abs / 60),
        (23, abs % 60),
    ] {
        text[at] = b'0' + (n / 10 % 10) as u8;
        text[at + 1] = b'0' + (n % 10) as u8;
    }
    if offset < 0 {
        text[19] = b'-';
    }
    text.iter().copied().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parse `input` and compare fields: `("from", "x")` expects `Some("x")`, `"-"` expects
    /// `None`; `("problem", "text")` expects a problem containing the text and `("problems", "n")`
    /// exactly n problems.
    fn check(input: &str, expected: &[(&str, &str)]) {
        let hop = parse_received(input);
        for &(field, want) in expected {
            let got = match field {
                "from" => hop.from.clone(),
                "from_ip" => hop.from_ip.clone(),
                "by" => hop.by.clone(),
                "with" => hop.with.clone(),
                "tls" => hop.tls.clone(),
                "id" => hop.id.clone(),
                "for" => hop.for_addr.clone(),
                "date" => hop.date.clone(),
                "timestamp" => hop.timestamp.clone(),
                "raw" => Some(hop.raw.clone()),
                "problem" => {
                    let found = hop.problems.iter().any(|p| p.contains(want));
                    assert!(found, "{input}\nno problem `{want}` in {:?}", hop.problems);
                    continue;
                }
                "problems" => {
                    let count = hop.problems.len().to_string();
                    assert_eq!(count, want, "{input}\nproblems: {:?}", hop.problems);
                    continue;
                }
                other => panic!("unknown field {other}"),
            };
            let want = (want != "-").then(|| want.to_string());
            assert_eq!(got, want, "{input}\nfield `{field}` in {hop:#?}");
        }
    }

    #[test]
    fn postfix_with_tls_comment() {
        check(
            "from mail-out.example.com (mail-out.example.com [203.0.113.10])\r\n\
             \t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\r\n\
             \t(No client certificate requested)\r\n\
             \tby mx.recipient.org (Postfix) with ESMTPS id 4F3D21234\r\n\
             \tfor <user@recipient.org>; Tue, 15 Mar 2024 10:30:00 +0000 (UTC)",
            &[
                ("from", "mail-out.example.com"),
                ("from_ip", "203.0.113.10"),
                ("by", "mx.recipient.org"),
                ("with", "ESMTPS"),
                ("tls", "using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"),
                ("id", "4F3D21234"),
                ("for", "<user@recipient.org>"),
                ("date", "Tue, 15 Mar 2024 10:30:00 +0000 (UTC)"),
                ("timestamp", "2024-03-15T10:30:00+00:00"),
                ("problems", "0"),
            ],
        );
    }

    #[test]
    fn qmail_forms() {
        check(
            "(qmail 12345 invoked by uid 89); 22 Aug 2016 14:23:01 -0000",
            &[
                ("from", "-"),
                ("by", "-"),
                ("date", "22 Aug 2016 14:23:01 -0000"),
                ("timestamp", "2016-08-22T14:23:01+00:00"),
                ("problem", "no `by`"),
            ],
        );
        check(
            "from unknown (HELO host) (1.2.3.4)\n  by mail.example.com with SMTP;\n\t\
             9 Apr 2012 23:34:45 +0900",
            &[
                ("from", "unknown"),
                ("from_ip", "1.2.3.4"),
                ("by", "mail.example.com"),
                ("with", "SMTP"),
                ("timestamp", "2012-04-09T23:34:45+09:00"),
                (
                    "raw",
                    "from unknown (HELO host) (1.2.3.4) by mail.example.com with SMTP; \
                     9 Apr 2012 23:34:45 +0900",
                ),
            ],
        );
        check(
            "from 183.79.56.197  (EHLO nh503.example.co.jp) (183.79.56.197) \
             by mta514.example.co.jp with SMTP; Sat, 22 Nov 2014 07:23:30 +0900",
            &[("from", "nh503.example.co.jp"), ("from_ip", "183.79.56.197")],
        );
    }

    #[test]
    fn exim_forms() {
        check(
            "from [192.168.1.100] (helo=client.example.com) by smtp.example.org with esmtpa \
             (Exim 4.96) id 1pABCD-00012E-XX for user@example.org; Mon, 5 Feb 2024 14:00:00 +0000",
            &[
                ("from", "client.example.com"),
                ("from_ip", "192.168.1.100"),
                ("by", "smtp.example.org"),
                ("with", "esmtpa"),
                ("tls", "-"),
                ("id", "1pABCD-00012E-XX"),
                ("for", "user@example.org"),
            ],
        );
        check(
            "from host.example.com ([86.187.174.57]:45321 helo=User) by mx.example.net with \
             esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <a@b.example>) \
             id 1q-2; Mon, 21 Aug 2023 10:49:40 -0000",
            &[
                ("from", "host.example.com"),
                ("from_ip", "86.187.174.57"),
                ("with", "esmtps"),
                ("tls", "TLS1.3; tls TLS_AES_256_GCM_SHA384"),
                ("id", "1q-2"),
            ],
        );
    }

    #[test]
    fn missing_semicolon() {
        check(
            "from mda by mogmxus001.server.lan id 0LvVA5-1Y3oYj34nD-010g2Y \
             Sat, 29 Nov 2014 00:32:10 +0100",
            &[
                ("from", "mda"),
                ("by", "mogmxus001.server.lan"),
                ("id", "0LvVA5-1Y3oYj34nD-010g2Y"),
                ("date", "Sat, 29 Nov 2014 00:32:10 +0100"),
                ("timestamp", "2014-11-29T00:32:10+01:00"),
                ("problem", "no `;` before the date"),
                ("problems", "1"),
            ],
        );
        check(
            "from filter.sendgrid.net by filter0123.sendgrid.net with SMTP \
             2024-03-15 10:30:00.123456789 +0000 UTC m=+12345.678901234",
            &[
                ("with", "SMTP"),
                ("date", "2024-03-15 10:30:00.123456789 +0000 UTC m=+12345.678901234"),
                ("timestamp", "2024-03-15T10:30:00+00:00"),
            ],
        );
        check(
            "from a.example by b.example with SMTP id 42",
            &[("id", "42"), ("date", "-"), ("problem", "no date (missing `;`)")],
        );
    }

    #[test]
    fn ipv6_literals() {
        check(
            "from [IPv6:2001:db8::1] (helo=mail.example.org) by mx.example.com (Postfix) \
             with ESMTP id 1; Mon, 1 Jan 2024 00:00:00 +0000",
            &[("from", "mail.example.org"), ("from_ip", "2001:db8::1")],
        );
        check(
            "from mail.example.org (mail.example.org [IPv6:2001:db8::25]) by mx.example.com \
             with ESMTP; Mon, 1 Jan 2024 00:00:00 +0000",
            &[("from", "mail.example.org"), ("from_ip", "2001:db8::25")],
        );
    }

    #[test]
    fn microsoft_forms() {
        check(
            "from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:12::34) by \
             AM6PR01MB5678.eurprd01.prod.exchangelabs.com (2603:10a6:20b:56::78) with Microsoft \
             SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id \
             15.20.1234.5 via Frontend Transport; Wed, 17 Apr 2019 06:05:17 +0000",
            &[
                ("from", "AM0PR01MB1234.eurprd01.prod.exchangelabs.com"),
                ("from_ip", "2603:10a6:208:12::34"),
                ("by", "AM6PR01MB5678.eurprd01.prod.exchangelabs.com"),
                ("with", "Microsoft SMTP Server"),
                ("tls", "version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                ("id", "15.20.1234.5"),
                ("problems", "0"),
            ],
        );
        check(
            "from BAY004-OMC1S18.hotmail.com ([65.54.190.29]) by BAY004-MC4F56.hotmail.com \
             over TLS secured channel with Microsoft SMTPSVC(7.5.7601.22751); \
             Fri, 30 Jan 2015 21:29:41 -0800",
            &[
                ("from_ip", "65.54.190.29"),
                ("with", "Microsoft SMTPSVC"),
                ("tls", "over TLS secured channel"),
                ("timestamp", "2015-01-30T21:29:41-08:00"),
            ],
        );
    }

    #[test]
    fn gmail_and_protocol_evidence() {
        check(
            "by 2002:a05:6a10:a8c::1 with SMTP id x; Mon, 15 Jan 2024 08:30:00 -0800 (PST)",
            &[
                ("by", "2002:a05:6a10:a8c::1"),
                ("tls", "-"),
                ("timestamp", "2024-01-15T08:30:00-08:00"),
            ],
        );
        check(
            "from mail-wr1-f54.google.com (mail-wr1-f54.google.com. [209.85.221.54]) by \
             mx.google.com with ESMTPS id a1 for <user@gmail.com> (version=TLS1_3 \
             cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Mon, 15 Jan 2024 08:30:00 -0800 (PST)",
            &[
                ("from_ip", "209.85.221.54"),
                ("tls", "version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256"),
                ("for", "<user@gmail.com>"),
            ],
        );
        check(
            "from a.example by b.example with ESMTPSA id 1; Mon, 15 Jan 2024 08:30:00 +0000",
            &[("tls", "ESMTPSA (TLS, no details)")],
        );
    }

    #[test]
    fn local_and_odd_forms() {
        check(
            "from localhost by host.example.com (Postfix, from userid 0) id 7A; \
             Mon, 15 Jan 2024 08:30:00 +0000",
            &[("from", "localhost"), ("by", "host.example.com"), ("id", "7A"), ("problems", "0")],
        );
        check(
            "from localhost by e06smtp10.uk.ibm.com with IBM ESMTP SMTP Gateway: Authorized Use \
             Only! Violators will be prosecuted for <user@example.it> from <sender@it.ibm.com>; \
             Wed, 8 Mar 2017 16:46:25 -0000",
            &[
                ("from", "localhost"),
                (
                    "with",
                    "IBM ESMTP SMTP Gateway: Authorized Use Only! Violators will be prosecuted",
                ),
                ("for", "<user@example.it>"),
            ],
        );
        check(
            "from mail.company.by (mail.company.by [10.0.0.1]) by relay.example.id with ESMTP; \
             Mon, 1 Jan 2024 00:00:00 +0000",
            &[("from", "mail.company.by"), ("by", "relay.example.id")],
        );
        let not_received = "does not look like a Received field";
        check("TotallyInvalidNotAReceivedHeader", &[("problem", not_received)]);
        check("", &[("problem", not_received)]);
        check(
            "from x.example (x.example [10.0.0.1] by y.example; Mon, 1 Jan 2024 00:00:00 +0000",
            &[("problem", "never closed"), ("timestamp", "2024-01-01T00:00:00+00:00")],
        );
        check(
            "by y.example; Mon, 31 Feb 2024 00:00:00 +0000",
            &[("problem", "date `Mon, 31 Feb 2024 00:00:00 +0000` could not be read")],
        );
        check("by y.example;", &[("problem", "nothing after the `;`")]);
        check(
            "from 139.88.66.159 by ; Mon, 20 Mar 2017 03:11:54 +0400",
            &[("from_ip", "139.88.66.159"), ("problem", "names no host")],
        );
    }

    #[test]
    fn asctime_and_odd_dates() {
        let cases = [
            ("Mon Jan 15 08:30:00 2024", "2024-01-15T08:30:00+00:00"),
            ("Mon Jan 15 08:30:00 PST 2024", "2024-01-15T08:30:00-08:00"),
            ("Apr 29 23:34:45 2005 +0000", "2005-04-29T23:34:45+00:00"),
            ("15 Jan 24 08:30 GMT", "2024-01-15T08:30:00+00:00"),
            ("Thu, 029 Apr 2011 23:34:45 +0900 (JST)", "2011-04-29T23:34:45+09:00"),
            ("Thu, 29 Apr 2011 23:34:45 JST", "2011-04-29T23:34:45+09:00"),
            ("Thu, 29 Apr 2011 23:34:45 (CEST)", "2011-04-29T23:34:45+02:00"),
            ("2024-01-15 08:30:00 +0100", "2024-01-15T08:30:00+01:00"),
            ("2024-01-15T08:30:00Z", "2024-01-15T08:30:00+00:00"),
            ("Wed, 8 Mar 2017 16:46:21 -0000", "2017-03-08T16:46:21+00:00"),
            ("8 Mar 2017 16:46:21 GMT+0100", "2017-03-08T16:46:21+01:00"),
            ("Sat, 11 Dec 2010 12:19:59 +0900 id 0EFECD52", "2010-12-11T12:19:59+09:00"),
            ("15-Jan-2024 08:30:00 +0530", "2024-01-15T08:30:00+05:30"),
            ("January 15, 2024 8:30:00 PM EST", "2024-01-15T20:30:00-05:00"),
            // Day-of-week mismatches are not errors.
            ("Fri, 15 Jan 2024 08:30:00 +0000", "2024-01-15T08:30:00+00:00"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text).map(|(_, s)| s).as_deref(), Some(want), "{text}");
        }
        let epoch = |t: &str| parse_date(t).map(|(ts, _)| ts);
        assert_eq!(epoch("Mon, 15 Jan 2024 08:30:00 +0000"), Some(1_705_307_400));
        assert_eq!(epoch("Mon, 15 Jan 2024 08:30:00 -0500"), Some(1_705_325_400));
        assert_eq!(epoch("Thu, 29 Feb 2024 23:59:60 +0000"), Some(1_709_251_200));
        assert_eq!(epoch("Thu, 1 Jan 1970 00:00:00 +0100"), Some(-3600));
        let bad = [
            "",
            "hello",
            "SMTP 2024-03-15 10:30:00",
            "15 Jan 2024",
            "32 Jan 2024 00:00:00",
            "29 Feb 2023 00:00:00 +0000",
            "Mon, 15 Jan 2024 25:00:00 +0000",
            "by x.example 15 Jan 2024 08:30:00",
            "15 Jan 2024 08:30:00 +2500",
        ];
        for text in bad {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn pathological_inputs_finish() {
        let inputs = [
            ";".repeat(100_000),
            "(".repeat(100_000),
            "(a)".repeat(50_000),
            "from ".repeat(40_000),
            "x ".repeat(100_000),
            "[<\"".repeat(50_000),
            format!("from a by b with {}; Mon, 1 Jan 2024 00:00:00 +0000", "w ".repeat(50_000)),
        ];
        for input in &inputs {
            let hop = parse_received(input);
            assert!(!hop.raw.is_empty());
            let _ = parse_date(input);
        }
    }

    #[test]
    fn rfc3339_layout() {
        assert_eq!(format_rfc3339(2024, 2, 9, (7, 5, 0), -330), "2024-02-09T07:05:00-05:30");
        assert_eq!(format_rfc3339(1999, 12, 31, (23, 59, 60), 0), "1999-12-31T23:59:60+00:00");
    }

    #[test]
    fn own_output_reads_back() {
        let texts = [
            "Mon, 15 Jan 2024 08:30:00 -0800 (PST)",
            "22 Aug 2016 14:23:01 +0530",
            "Mon Jan 15 08:30:00 2024",
            "Sat, 31 Dec 1960 23:59:60 -0959",
            "2024-02-29T00:00:00Z",
        ];
        for text in texts {
            let first = parse_date(text);
            assert!(first.is_some(), "{text}");
            let second = first.as_ref().and_then(|(_, rfc3339)| parse_date(rfc3339));
            assert_eq!(first, second, "{text}");
        }
    }

    #[test]
    fn mail_parser_and_own_reading_agree() {
        let texts = [
            "Tue, 15 Mar 2024 10:30:00 +0000",
            "1 Jan 1999 00:00:00 -0330",
            "Mon, 15 Jan 2024 08:30:00 PDT",
            "Thu, 29 Feb 2024 23:59:59 +1400",
        ];
        for text in texts {
            let (clean, comments) = strip_comments(text);
            let parts = read_date_parts(&clean, &comments);
            assert!(parts.as_ref().is_some_and(|p| p.rfc5322_layout), "{text}");
            assert_eq!(parse_date(text), parts.and_then(|p| p.finish()), "{text}");
        }
    }
}
