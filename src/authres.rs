//! Authentication-Results (RFC 8601): a grammar that reads what it can and reports the rest.
//!
//! The lexical grammar (CFWS with nested comments, quoted strings, RFC 2045 tokens, keywords,
//! `local-part@domain` values) is written as nom parsers. A small reader drives them through the
//! field: `authserv-id [CFWS authres-version]`, then either `; none` or `;`-separated `resinfo`s
//! (`method[/version]=result [reason=value] *(ptype.property=value)`). Where a real-world header
//! breaks the grammar, the reader records a [`SyntaxError`] at the byte where it happens and
//! resynchronises at the next `;`, so the rest of the field is still read.

use nom::branch::alt;
use nom::bytes::complete::{take_till, take_while, take_while1};
use nom::character::complete::{anychar, char, digit1, space0};
use nom::combinator::{opt, recognize};
use nom::multi::fold_many0;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use crate::report::{AuthProperty, AuthResult, AuthResults, SyntaxError};

type Res<'a, O> = IResult<&'a str, O>;

/// Parse one Authentication-Results field value, with or without the field name, never failing.
pub fn parse_authentication_results(value: &str) -> AuthResults {
    let mut reader = Reader { value, rest: value, errors: Vec::new() };
    reader.check_folding();
    reader.field_name();
    let mut out = AuthResults { raw: value.to_string(), ..Default::default() };
    match reader.read_authserv_id(&mut out) {
        Start::AtSemicolon => reader.read_results(&mut out, true),
        Start::AtResult => reader.read_results(&mut out, false),
        Start::Nothing => {}
    }
    let mut errors = reader.errors;
    errors.sort_by_key(|e| e.position);
    out.errors = errors;
    out
}

// ---------------------------------------------------------------------------------------------
// Character classes

/// RFC 2045 `tspecials`: characters that end a token.
const TSPECIALS: &str = "()<>@,;:\\\"/[]?=";

/// Characters RFC 5322 `atext` adds to letters and digits.
const ATEXT_SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~";

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// UTF-8 beyond ASCII is allowed wherever ASCII text is (RFC 6532).
fn is_utf8_text(c: char) -> bool {
    !c.is_ascii() && !c.is_control() && !c.is_whitespace()
}

/// RFC 2045 token character.
fn is_token_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_graphic() && !TSPECIALS.contains(c)
    } else {
        is_utf8_text(c)
    }
}

/// A token character that is not `.`: ptypes and property names stop at the dot between them.
fn is_name_char(c: char) -> bool {
    is_token_char(c) && c != '.'
}

/// RFC 5322 `atext` or `.`: a dot-atom local-part.
fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || ATEXT_SPECIALS.contains(c) || is_utf8_text(c)
}

/// Letters, digits, `-`, `.` (and, leniently, `_`): a domain name.
fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') || is_utf8_text(c)
}

/// RFC 8601 `Keyword` (RFC 5321 `Ldh-str`): letters, digits and `-`, ending in a letter or digit.
fn is_keyword(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && s.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Near enough to a keyword to be read as one (and reported): `perm_fail`, but not `example.com`.
fn is_keyword_like(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

// ---------------------------------------------------------------------------------------------
// The lexical grammar (nom)

/// `word` in any ASCII case. (nom's `tag_no_case` folds all of Unicode, which would put core's
/// case tables in the page for a field name.)
fn ascii_no_case(word: &'static str) -> impl Fn(&str) -> Res<'_, &str> {
    move |i: &str| match i.get(..word.len()) {
        Some(found) if found.eq_ignore_ascii_case(word) => Ok((&i[word.len()..], found)),
        _ => Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Tag))),
    }
}

/// The optional field name: `Authentication-Results:` in any case.
fn field_name(i: &str) -> Res<'_, &str> {
    recognize((take_while(is_space), ascii_no_case("authentication-results"), space0, char(':')))
        .parse(i)
}

/// White space, including line breaks (folding is checked separately).
fn fws(i: &str) -> Res<'_, &str> {
    take_while1(is_space).parse(i)
}

/// RFC 2045 token.
fn token(i: &str) -> Res<'_, &str> {
    take_while1(is_token_char).parse(i)
}

/// A ptype or property name (a token without `.`).
fn name(i: &str) -> Res<'_, &str> {
    take_while1(is_name_char).parse(i)
}

/// Part of a quoted string, after unquoting.
enum Piece<'a> {
    Text(&'a str),
    Char(char),
    Fold,
}

/// RFC 5322 `quoted-string` (the surrounding CFWS is read by the caller): the unquoted text,
/// quoted-pairs resolved, line breaks of folding removed.
fn quoted_string(i: &str) -> Res<'_, String> {
    let piece = alt((
        preceded(char('\\'), anychar).map(Piece::Char),
        take_while1(|c| !matches!(c, '"' | '\\' | '\r' | '\n')).map(Piece::Text),
        take_while1(|c| matches!(c, '\r' | '\n')).map(|_| Piece::Fold),
    ));
    let text = fold_many0(piece, String::new, |mut s, p| {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Char(c) => s.push(c),
            Piece::Fold => {}
        }
        s
    });
    delimited(char('"'), text, char('"')).parse(i)
}

/// RFC 5322 `comment`, nested to any depth (without recursion, so deep nesting cannot overflow
/// the stack): its text without the outer parentheses, quoted-pairs resolved, folds unfolded.
fn comment(i: &str) -> Res<'_, String> {
    let (mut rest, _) = char('(').parse(i)?;
    let mut depth = 1usize;
    let mut out = String::new();
    let mut folding = false;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '\r' | '\n' => {
                folding = true;
                continue;
            }
            ' ' | '\t' if folding => continue,
            _ => {}
        }
        if folding {
            folding = false;
            if !out.ends_with([' ', '\t']) {
                out.push(' ');
            }
        }
        match c {
            '(' => {
                depth += 1;
                out.push('(');
            }
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Ok((rest, out.trim().to_string()));
                }
                out.push(')');
            }
            '\\' => {
                if let Some(q) = rest.chars().next() {
                    rest = &rest[q.len_utf8()..];
                    out.push(q);
                }
            }
            _ => out.push(c),
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Char)))
}

/// `domain-name`, read leniently (labels are not checked one by one).
fn domain(i: &str) -> Res<'_, &str> {
    take_while1(is_domain_char).parse(i)
}

/// RFC 8601 `[ [ local-part ] "@" ] domain-name` with the `@` present: `user@example.com`,
/// `"odd user"@example.com`, `@example.com`.
fn address(i: &str) -> Res<'_, &str> {
    let local = alt((recognize(quoted_string), take_while1(is_local_char)));
    recognize((opt(local), char('@'), domain)).parse(i)
}

/// A text that stops where an unquoted value must stop: white space, `;`, or a comment.
fn word(i: &str) -> Res<'_, &str> {
    take_till(|c| is_space(c) || c == ';' || c == '(').parse(i)
}

// ---------------------------------------------------------------------------------------------
// The reader: drives the grammar through the field and records deviations.

/// How the error for a field that starts right at a result begins (Exchange Online writes its
/// fields so: the header analysis does not call that form of Microsoft's an error of its own).
pub const NO_AUTHSERV_ID: &str = "missing authserv-id: the field starts with the result";

/// Where the results start, after the authserv-id.
enum Start {
    /// At the `;` before the first result.
    AtSemicolon,
    /// At a result: the field has no authserv-id.
    AtResult,
    /// Nothing left to read.
    Nothing,
}

/// One `;`-separated entry.
enum Item {
    Result(AuthResult),
    /// The bare keyword `none`: no results.
    NoResult,
    /// Unreadable; an error was recorded.
    Skipped,
}

/// What kind of value is read: RFC 2045 `value`, or RFC 8601 `pvalue` (which adds addresses).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    Plain,
    Property,
}

struct Reader<'a> {
    value: &'a str,
    rest: &'a str,
    errors: Vec<SyntaxError>,
}

impl<'a> Reader<'a> {
    fn pos(&self) -> usize {
        self.value.len() - self.rest.len()
    }

    fn error(&mut self, position: usize, message: String) {
        self.errors.push(SyntaxError { position, message: format!("byte {position}: {message}") });
    }

    /// Run `parser` at the current position; on success move past what it read.
    fn eat<O>(
        &mut self,
        mut parser: impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>,
    ) -> Option<O> {
        let (rest, out) = parser.parse(self.rest).ok()?;
        self.rest = rest;
        Some(out)
    }

    fn at_end_of_item(&self) -> bool {
        self.rest.is_empty() || self.rest.starts_with(';')
    }

    /// What is at the current position, for messages: "`from`", "`:`", "the end of the field".
    fn found(&self) -> String {
        match self.rest.chars().next() {
            None => "the end of the field".to_string(),
            Some('\r' | '\n') => "a line break".to_string(),
            Some(c) if is_token_char(c) => {
                let w: String =
                    self.rest.chars().take_while(|&c| is_token_char(c)).take(30).collect();
                format!("`{w}`")
            }
            Some(c) => format!("`{c}`"),
        }
    }

    /// A line break must be followed by a space or tab (folding); otherwise, in a message, the
    /// field would end there. Line breaks at the very end are fine.
    fn check_folding(&mut self) {
        let content_end = self.value.trim_end_matches(is_space).len();
        let mut breaks = Vec::new();
        let mut previous = None;
        for (i, c) in self.value.char_indices() {
            if i >= content_end {
                break;
            }
            if c == '\n' || (c == '\r' && !self.value[i + 1..].starts_with('\n')) {
                let start = if c == '\n' && previous == Some('\r') { i - 1 } else { i };
                if !self.value[i + 1..].starts_with([' ', '\t']) {
                    breaks.push(start);
                }
            }
            previous = Some(c);
        }
        for position in breaks {
            self.error(
                position,
                "line break not followed by a space or tab: in a message the field ends here and \
                 the next line is read as a new header field; indent continuation lines"
                    .to_string(),
            );
        }
    }

    /// Skip the optional `Authentication-Results:` field name.
    fn field_name(&mut self) {
        let _ = self.eat(field_name);
    }

    /// CFWS: white space and comments; comments are added to `comments`.
    fn cfws(&mut self, comments: &mut Vec<String>) {
        loop {
            if self.eat(fws).is_some() {
                continue;
            }
            if !self.rest.starts_with('(') {
                return;
            }
            match self.eat(comment) {
                Some(text) => {
                    if !text.is_empty() {
                        comments.push(text);
                    }
                }
                None => {
                    self.unclosed_comment();
                    return;
                }
            }
        }
    }

    /// CFWS whose comments are not kept.
    fn skip_cfws(&mut self) {
        self.cfws(&mut Vec::new());
    }

    /// At a `(` that is never closed: everything after it is comment.
    fn unclosed_comment(&mut self) {
        self.error(
            self.pos(),
            "this comment is never closed: add `)` or remove the `(`; the rest of the field was \
             read as part of the comment"
                .to_string(),
        );
        self.rest = "";
    }

    /// At a `"` that is never closed: everything after it is the quoted string.
    fn unclosed_quote(&mut self, what: &str) -> String {
        self.error(
            self.pos(),
            format!("the quoted string {what}is never closed: add the closing `\"`"),
        );
        let text = self.rest.get(1..).unwrap_or_default().to_string();
        self.rest = "";
        text
    }

    /// Resynchronise: skip to the next `;` outside comments and quoted strings.
    fn skip_item(&mut self) {
        while let Some(c) = self.rest.chars().next() {
            match c {
                ';' => return,
                '(' => {
                    if self.eat(comment).is_none() {
                        self.unclosed_comment();
                    }
                }
                '"' => {
                    if self.eat(quoted_string).is_none() {
                        self.unclosed_quote("");
                    }
                }
                _ => {
                    let _ = self.eat(take_till(|c| matches!(c, ';' | '(' | '"')));
                }
            }
        }
    }

    /// `[CFWS] authserv-id [CFWS authres-version] [CFWS]`, up to the `;` before the results.
    fn read_authserv_id(&mut self, out: &mut AuthResults) -> Start {
        let errors_before = self.errors.len();
        self.skip_cfws();
        let start = self.pos();
        if self.rest.is_empty() {
            if self.errors.len() > errors_before {
                // An unclosed comment swallowed the field; that error says it all.
                return Start::Nothing;
            }
            self.error(
                start,
                "the field is empty: expected the authserv-id (the name of the host that checked \
                 the message), then `;` and the results"
                    .to_string(),
            );
            return Start::Nothing;
        }
        if self.rest.starts_with(';') {
            self.error(
                start,
                "missing authserv-id before `;`: the field must start with the name of the host \
                 that checked the message"
                    .to_string(),
            );
            return Start::AtSemicolon;
        }
        // Some servers (Outlook) leave the authserv-id out and start with a result.
        let before = self.rest;
        if let Some(first) = self.eat(token) {
            self.skip_cfws();
            let starts_result = self.rest.starts_with(['=', '/']);
            self.rest = before;
            if starts_result {
                self.error(
                    start,
                    format!(
                        "{NO_AUTHSERV_ID} `{first}=`; RFC 8601 puts the name of the host that \
                         checked the message first, then `;`"
                    ),
                );
                return Start::AtResult;
            }
        }
        out.authserv_id = self.read_value(ValueKind::Plain, "authserv-id", &mut Vec::new());
        self.skip_cfws();
        if let Some(version) = self.eat(digit1) {
            out.version = Some(version.to_string());
            self.skip_cfws();
        }
        if self.rest.starts_with(';') {
            return Start::AtSemicolon;
        }
        let at = self.pos();
        if self.rest.is_empty() {
            self.error(
                at,
                "no results: expected `;` and `method=result` statements (or `; none`) after the \
                 authserv-id"
                    .to_string(),
            );
            return Start::Nothing;
        }
        let found = self.found();
        self.error(
            at,
            format!(
                "expected `;` after the authserv-id `{}`, found {found}; the text up to the next \
                 `;` was skipped",
                out.authserv_id
            ),
        );
        self.skip_item();
        if self.rest.is_empty() {
            Start::Nothing
        } else {
            Start::AtSemicolon
        }
    }

    /// `( ";" "none" ) / 1*( ";" resinfo )`; `semicolon_first` is false when the field has no
    /// authserv-id and starts right at a result.
    fn read_results(&mut self, out: &mut AuthResults, semicolon_first: bool) {
        let mut first = true;
        let mut no_result = false;
        loop {
            let semicolon = self.pos();
            let had_semicolon = self.eat(char(';')).is_some();
            if first && semicolon_first && !had_semicolon {
                return;
            }
            let mut comments = Vec::new();
            self.cfws(&mut comments);
            if self.rest.is_empty() {
                if had_semicolon {
                    self.error(
                        semicolon,
                        "`;` with no result after it: remove the trailing `;` (write `; none` \
                         when no checks were done)"
                            .to_string(),
                    );
                }
                return;
            }
            if self.rest.starts_with(';') {
                self.error(semicolon, "empty entry between two `;`: remove one".to_string());
                first = false;
                continue;
            }
            let start = self.pos();
            match self.read_resinfo(&out.authserv_id, comments) {
                Item::Result(result) => {
                    if no_result && out.results.is_empty() {
                        self.error(
                            start,
                            "a result follows `none`; `none` means there are no results and must \
                             stand alone"
                                .to_string(),
                        );
                    }
                    out.results.push(result);
                }
                Item::NoResult if first => no_result = true,
                Item::NoResult => self.error(
                    start,
                    "`none` on its own means \"no results\" and can only be the single entry right \
                     after the authserv-id"
                        .to_string(),
                ),
                Item::Skipped => {}
            }
            first = false;
            // read_resinfo stops at `;` or at the end; make sure, so the loop always advances.
            if !self.at_end_of_item() {
                self.skip_item();
            }
            if self.rest.is_empty() {
                return;
            }
        }
    }

    /// `[CFWS] method [CFWS] ["/" [CFWS] version [CFWS]] "=" [CFWS] result` then
    /// `[reasonspec] *propspec`, up to the next `;`.
    fn read_resinfo(&mut self, authserv_id: &str, mut comments: Vec<String>) -> Item {
        let start = self.pos();
        let Some(method) = self.eat(token) else {
            let found = self.found();
            self.error(start, format!("expected `method=result` (e.g. `spf=pass`), found {found}"));
            self.skip_item();
            return Item::Skipped;
        };
        self.cfws(&mut comments);
        let mut method_version = None;
        if self.eat(char('/')).is_some() {
            self.cfws(&mut comments);
            let at = self.pos();
            let Some(version) = self.eat(digit1) else {
                let found = self.found();
                self.error(
                    at,
                    format!("expected a version number after `{method}/`, found {found}"),
                );
                self.skip_item();
                return Item::Skipped;
            };
            method_version = Some(version.to_string());
            self.cfws(&mut comments);
        }
        if self.eat(char('=')).is_none() {
            if self.at_end_of_item() && method_version.is_none() {
                if method.eq_ignore_ascii_case("none") {
                    return Item::NoResult;
                }
                let message = if !authserv_id.is_empty() && method.eq_ignore_ascii_case(authserv_id)
                {
                    format!(
                        "`{method}` repeats the authserv-id as an entry of its own; it belongs \
                         only once, at the start of the field"
                    )
                } else {
                    format!(
                        "`{method}` on its own is not a `method=result` statement (e.g. \
                         `dkim=pass`); it was skipped"
                    )
                };
                self.error(start, message);
            } else {
                let at = self.pos();
                let found = self.found();
                self.error(at, format!("expected `=` after the method `{method}`, found {found}"));
                self.skip_item();
            }
            return Item::Skipped;
        }
        self.cfws(&mut comments);
        let result_at = self.pos();
        let Some(result) = self.eat(token) else {
            let found = self.found();
            self.error(
                result_at,
                format!("expected a result after `{method}=` (e.g. `pass`, `fail`), found {found}"),
            );
            self.skip_item();
            return Item::Skipped;
        };
        if !is_keyword_like(method) || !is_keyword_like(result) {
            self.error(
                start,
                format!(
                    "`{method}={result}` is not a `method=result` statement (methods and results \
                     are keywords such as `spf` and `pass`); it was skipped"
                ),
            );
            self.skip_item();
            return Item::Skipped;
        }
        self.check_keyword(start, method, "the method");
        self.check_keyword(result_at, result, "the result");
        let mut out = AuthResult {
            method: method.to_ascii_lowercase(),
            method_version,
            result: result.to_ascii_lowercase(),
            ..Default::default()
        };
        self.read_properties(&mut out, &mut comments);
        out.comments = comments;
        Item::Result(out)
    }

    fn check_keyword(&mut self, at: usize, word: &str, what: &str) {
        if !is_keyword(word) {
            self.error(
                at,
                format!(
                    "{what} `{word}` is not an RFC 8601 keyword: use only letters, digits and `-`, \
                     ending in a letter or digit"
                ),
            );
        }
    }

    /// `[reasonspec] *propspec` up to the next `;`; bare `name=value` pairs are kept (with an
    /// empty ptype) and reported.
    fn read_properties(&mut self, out: &mut AuthResult, comments: &mut Vec<String>) {
        loop {
            self.cfws(comments);
            if self.at_end_of_item() {
                return;
            }
            let at = self.pos();
            let Some(first) = self.eat(name) else {
                let found = self.found();
                self.error(at, format!("expected `ptype.property=value`, found {found}"));
                self.skip_item();
                return;
            };
            self.cfws(comments);
            if self.eat(char('.')).is_some() {
                self.cfws(comments);
                let property_at = self.pos();
                let Some(property) = self.eat(name) else {
                    let found = self.found();
                    self.error(
                        property_at,
                        format!("expected a property name after `{first}.`, found {found}"),
                    );
                    self.skip_item();
                    return;
                };
                self.cfws(comments);
                if self.eat(char('=')).is_none() {
                    let found = self.found();
                    self.error(
                        self.pos(),
                        format!("expected `=` after `{first}.{property}`, found {found}"),
                    );
                    self.skip_item();
                    return;
                }
                self.check_keyword(at, first, "the ptype");
                self.check_keyword(property_at, property, "the property");
                let what = format!("{first}.{property}");
                let value = self.read_value(ValueKind::Property, &what, comments);
                out.properties.push(AuthProperty {
                    ptype: first.to_ascii_lowercase(),
                    property: property.to_ascii_lowercase(),
                    value,
                });
            } else if self.eat(char('=')).is_some() {
                if first.eq_ignore_ascii_case("reason") {
                    self.read_reason(out, at, comments);
                } else {
                    self.error(
                        at,
                        format!(
                            "`{first}=` has no ptype: RFC 8601 properties are written \
                             `ptype.property=value` (e.g. `smtp.mailfrom=`, `header.d=`)"
                        ),
                    );
                    let value = self.read_value(ValueKind::Property, first, comments);
                    out.properties.push(AuthProperty {
                        ptype: String::new(),
                        property: first.to_ascii_lowercase(),
                        value,
                    });
                }
            } else {
                let found = self.found();
                self.error(
                    self.pos(),
                    format!("expected `.` or `=` after `{first}`, found {found}"),
                );
                self.skip_item();
                return;
            }
        }
    }

    /// `reason [CFWS] "=" [CFWS] value`, after the `=`.
    fn read_reason(&mut self, out: &mut AuthResult, at: usize, comments: &mut Vec<String>) {
        if !out.properties.is_empty() {
            self.error(
                at,
                "`reason=` must come before the properties (`method=result reason=... \
                 ptype.property=value`)"
                    .to_string(),
            );
        }
        if out.reason.is_some() {
            self.error(at, "a second `reason=`: only the first one was kept".to_string());
        }
        let reason = self.read_value(ValueKind::Plain, "reason", comments);
        if out.reason.is_none() {
            out.reason = Some(reason);
        }
    }

    /// `[CFWS] value [CFWS]` (the trailing CFWS is left for the caller): a quoted string
    /// (unquoted), a token, or for properties also `[local-part] @ domain`. Anything else up to
    /// white space, `;` or a comment is kept as the value and reported at its first bad byte.
    fn read_value(&mut self, kind: ValueKind, what: &str, comments: &mut Vec<String>) -> String {
        self.cfws(comments);
        let start = self.pos();
        if self.rest.starts_with('"') {
            if kind == ValueKind::Property {
                if let Some(address) = self.eat(address) {
                    return address.to_string();
                }
            }
            return match self.eat(quoted_string) {
                Some(text) => text,
                None => self.unclosed_quote(&format!("in `{what}` ")),
            };
        }
        let rest = self.rest;
        let word = word(rest).map_or("", |(_, w)| w);
        if word.is_empty() {
            let found = self.found();
            let hint = if kind == ValueKind::Property {
                format!("; write `{what}=\"\"` for an empty value")
            } else {
                String::new()
            };
            self.error(start, format!("expected a value for `{what}`, found {found}{hint}"));
            return String::new();
        }
        let mut valid = token(rest).map_or(0, |(r, _)| rest.len() - r.len());
        if kind == ValueKind::Property {
            valid = valid.max(address(rest).map_or(0, |(r, _)| rest.len() - r.len()));
        }
        if valid < word.len() {
            if let Some(bad) = word.get(valid..).and_then(|s| s.chars().next()) {
                let suggestion = if what == "authserv-id" {
                    format!("\"{word}\"")
                } else {
                    format!("`{what}=\"{word}\"`")
                };
                self.error(
                    start + valid,
                    format!(
                        "`{bad}` is not allowed in the unquoted value of `{what}`; quote values \
                         that contain `{bad}`: {suggestion}"
                    ),
                );
            }
        }
        self.rest = &rest[word.len()..];
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line per field: `authserv-id[/version]; method[/v]=result [reason="r"] name=value
    /// (comment)...` and ` !N` for each error position.
    fn render(ar: &AuthResults) -> String {
        let mut s = ar.authserv_id.clone();
        if let Some(v) = &ar.version {
            s.push_str(&format!("/{v}"));
        }
        for r in &ar.results {
            s.push_str(&format!("; {}", r.method));
            if let Some(v) = &r.method_version {
                s.push_str(&format!("/{v}"));
            }
            s.push_str(&format!("={}", r.result));
            if let Some(reason) = &r.reason {
                s.push_str(&format!(" reason=\"{reason}\""));
            }
            for p in &r.properties {
                s.push_str(&format!(" {}={}", p.name(), p.value));
            }
            for c in &r.comments {
                s.push_str(&format!(" ({c})"));
            }
        }
        for e in &ar.errors {
            s.push_str(&format!(" !{}", e.position));
        }
        s
    }

    fn check(input: &str, expected: &str) {
        let parsed = parse_authentication_results(input);
        assert_eq!(render(&parsed), expected, "input: {input:?}\nerrors: {:#?}", parsed.errors);
        assert_eq!(parsed.raw, input);
    }

    #[test]
    fn simple_with_field_name() {
        check(
            "Authentication-Results: example.com; spf=pass smtp.mailfrom=example.net",
            "example.com; spf=pass smtp.mailfrom=example.net",
        );
        check("authentication-results : example.com; spf=pass", "example.com; spf=pass");
    }

    #[test]
    fn nested_comments_everywhere() {
        check(
            "foo.example.net (foobar) 1 (baz);\n dkim (Because I like it) / 1 (One yay) = \
             (wait for it) fail\n policy (A dot (really) can go here) . (like that) expired\n \
             (this \\) surprised me) = (as I wasn't expecting it) 1362471462",
            "foo.example.net/1; dkim/1=fail policy.expired=1362471462 (Because I like it) \
             (One yay) (wait for it) (A dot (really) can go here) (like that) \
             (this ) surprised me) (as I wasn't expecting it)",
        );
    }

    #[test]
    fn quoted_values_and_reason() {
        check(
            "host.example;\n dkim=none reason=\"no dkim \\\"signatures\\\"\"\n",
            "host.example; dkim=none reason=\"no dkim \"signatures\"\"",
        );
        check(
            "x.example; iprev=pass policy.iprev=\"2001:db8::1\" header.b=\"Z9k/yZIA\"",
            "x.example; iprev=pass policy.iprev=2001:db8::1 header.b=Z9k/yZIA",
        );
    }

    #[test]
    fn crlf_folding_and_utf8() {
        check(
            "(xn--mx-lka.example) møx.example;\r\n\tdkim=pass header.d=møx.example \
             (xn--mx-lka.example)\r\n",
            "møx.example; dkim=pass header.d=møx.example (xn--mx-lka.example)",
        );
        check(
            "mx.example; spf=pass\r\n (mx.example: domain of a@b.example\r\n   designates \
             192.0.2.1 as permitted sender)\r\n smtp.mailfrom=a@b.example",
            "mx.example; spf=pass smtp.mailfrom=a@b.example (mx.example: domain of a@b.example \
             designates 192.0.2.1 as permitted sender)",
        );
    }

    #[test]
    fn method_version_and_none() {
        check(
            "example.com; dkim/1=pass header.i=@x.example",
            "example.com; dkim/1=pass header.i=@x.example",
        );
        check("example.com 1; none", "example.com/1");
        check("example.com; NONE (nothing checked)", "example.com");
        // `none` as a result value is an ordinary result.
        check("example.com; spf=none", "example.com; spf=none");
    }

    #[test]
    fn lenient_but_reported() {
        // Unquoted IPv6 address: kept as the value, reported at the first `:`.
        let input = "x.example; iprev=pass policy.iprev=2001:db8::1; spf=pass";
        check(input, "x.example; iprev=pass policy.iprev=2001:db8::1; spf=pass !39");
        let parsed = parse_authentication_results(input);
        assert!(parsed.errors[0].message.starts_with("byte 39: `:` is not allowed"));
        // Outlook repeats the authserv-id; trailing `;`; a bare property.
        check(
            "outlook.com; spf=pass; outlook.com; dmarc=pass action=none header.from=a.example;",
            "outlook.com; spf=pass; dmarc=pass action=none header.from=a.example !23 !47 !80",
        );
        // No authserv-id at all (Outlook).
        check(
            "spf=pass smtp.mailfrom=a.example; dkim=none",
            "; spf=pass smtp.mailfrom=a.example; dkim=none !0",
        );
        // Missing `;` after the authserv-id (old Yahoo): skipped to the next `;`.
        // Old Yahoo: no `;` after the authserv-id, `from=domain` pseudo-results.
        check(
            "mta.yahoo.com  from=a.example; domainkeys=neutral (no sig);  from=b.example; dkim=pass",
            "mta.yahoo.com; domainkeys=neutral (no sig); dkim=pass !15 !61",
        );
        // Not a keyword, but close enough to read: kept and reported.
        check("y.example; dkim=perm_fail", "y.example; dkim=perm_fail !16");
        // Empty value, empty result, bare words.
        check(
            "t.example; x=pass x-lookup=; one=; two",
            "t.example; x=pass x-lookup= !18 !27 !33 !35",
        );
        // Unquoted line break: a new header line in a real message.
        check("t.example;\nspf=pass", "t.example; spf=pass !10");
    }

    #[test]
    fn unclosed_things_end_the_field() {
        check("t.example; spf=pass (oops smtp.mailfrom=a", "t.example; spf=pass !20");
        check("t.example; spf=pass reason=\"oops", "t.example; spf=pass reason=\"oops\" !27");
        check("", " !0");
        check("((((((((((", " !0");
    }
}
