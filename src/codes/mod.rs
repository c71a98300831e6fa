//! The code knowledge base: SMTP reply codes, enhanced status codes and vendor diagnostics.
//!
//! Knowledge is data: `reply`, `enhanced` and `vendor` are tables with one entry per code and
//! its source; step texts that several entries share live once in `steps`. This module finds the
//! codes in a piece of text and turns table entries into [`Explanation`]s.

mod enhanced;
mod entry;
pub mod links;
mod reply;
mod steps;
mod vendor;

use crate::report::Explanation;
use entry::Status;

/// The steps any failure gets when nothing more specific is known: they go after specific ones.
pub const GENERAL_STEPS: [&str; 2] = [steps::READ_TEXT, steps::FORWARD_ADMIN];

/// Explain an SMTP reply code, an enhanced status code, both (`550 5.1.1`), or a whole reply
/// line or diagnostic, most specific first: a matching vendor or text diagnostic, then the
/// enhanced status code (unless the vendor gives that code its own meaning, as Microsoft does
/// 5.1.10), then the reply code. Empty when nothing is recognised.
pub fn explain(text: &str) -> Vec<Explanation> {
    let found = Found::scan(text);
    let mut best = found.best_enhanced();
    let mut out = Vec::new();
    if let Some((d, redefines)) = vendor::find(&text.to_ascii_lowercase(), &found.enhanced, best) {
        out.push(d);
        if redefines {
            best = None;
        }
    }
    out.extend(best.map(enhanced::explain));
    out.extend(found.best_reply().and_then(reply::explain));
    out
}

/// "Relaying denied" in a report of a remote server's refusal: your server handed the message
/// on and the recipient's server would not take it for the recipient's own domain (RFC 5321
/// §3.6.2: a server relays only where it is configured to), so no login of yours helps. The
/// vendor entry `relay-denied` tells the other case, a server refusing your own mail program.
pub fn relay_denied_by_receiver() -> Explanation {
    Explanation {
        code: "relay-denied".into(),
        title: "Relaying denied by the recipient's server".into(),
        meaning: "The recipient's mail server does not accept mail for the recipient's domain: it treats it as mail to pass on elsewhere, which it does not do for strangers.".into(),
        actor: crate::report::Actor::RecipientAdmin,
        steps: vec![steps::NOT_SERVED.into(), steps::CHECK_DOMAIN.into()],
        source: "RFC 5321 §3.6.2".into(),
    }
}

/// Explain one SMTP reply code: the RFC 5321/7504/4954/3207 entry, or for an unlisted code
/// from 200 to 599 the meaning of its first two digits (RFC 5321 §4.2.1); `None` otherwise.
pub fn reply_code(code: u16) -> Option<Explanation> {
    reply::explain(code)
}

/// Explain one enhanced status code such as `5.1.1`: the registered entry for its subject and
/// detail, else its subject's meaning (`5.1.99`), else its class's (`5.9.9`); `None` when the
/// text is not `class.subject.detail` with class 2, 4 or 5.
pub fn enhanced_code(code: &str) -> Option<Explanation> {
    let code = code.trim();
    let status = Status::at(code.as_bytes(), 0).filter(|(_, end)| *end == code.len())?.0;
    Some(enhanced::explain(status))
}

/// Every code of the IANA enhanced status code registry with each class (2, 4, 5) the registry
/// or its RFC uses it with, e.g. `2.1.5`, `4.2.2`, `5.2.2`.
pub fn registered_enhanced_codes() -> impl Iterator<Item = String> {
    enhanced::registered()
}

/// Whether `code` (`4.2.2`) is in the registry with its class: the same test as
/// [`registered_enhanced_codes`], one code at a time.
pub fn is_registered_enhanced(code: &str) -> bool {
    Status::at(code.as_bytes(), 0).filter(|(_, end)| *end == code.len()).is_some_and(|(s, _)| enhanced::is_registered(s))
}

/// Every reply code with its own entry (RFC 5321 §4.2.3, RFC 7504, RFC 4954, RFC 3207).
pub fn known_reply_codes() -> impl Iterator<Item = u16> {
    reply::known()
}

/// Every vendor and text diagnostic the knowledge base knows, as its explanation.
pub fn vendor_diagnostics() -> impl Iterator<Item = Explanation> {
    vendor::all()
}

/// A reply code seen in the text.
struct Reply {
    code: u16,
    /// True when an enhanced status code directly follows (`550 5.1.1`, `550-5.1.1`).
    paired: bool,
    /// True when the code opens its line (after `<<<`, `#` or a `field;`/`said:` prefix).
    leads: bool,
}

/// The codes found in a text, in order of appearance.
struct Found {
    enhanced: Vec<Status>,
    paired: Vec<Status>,
    replies: Vec<Reply>,
}

impl Found {
    fn scan(text: &str) -> Found {
        let b = text.as_bytes();
        let mut found = Found { enhanced: Vec::new(), paired: Vec::new(), replies: Vec::new() };
        let mut line_start = 0;
        for i in 0..b.len() {
            if b[i] == b'\n' {
                line_start = i + 1;
            }
            if let Some((status, _)) = Status::at(b, i) {
                found.enhanced.push(status);
            }
            let Some(code) = reply_at(b, i) else { continue };
            let pair = match b.get(i + 3) {
                Some(b' ' | b'-') => Status::at(b, i + 4).map(|(s, _)| s),
                _ => None,
            };
            let before = text.get(line_start..i).unwrap_or("").trim_end();
            let leads = before.ends_with([';', ':']) || before.bytes().all(|c| b"<>#[( \t".contains(&c));
            found.paired.extend(pair);
            found.replies.push(Reply { code, paired: pair.is_some(), leads });
        }
        found
    }

    /// The status paired with a reply code, else the first with a subject or detail, else the first.
    fn best_enhanced(&self) -> Option<Status> {
        let specific = |s: &&Status| s.subject != 0 || s.detail != 0;
        let first = self.paired.iter().find(specific).or(self.paired.first());
        first.or(self.enhanced.iter().find(specific)).or(self.enhanced.first()).copied()
    }

    /// The reply code paired with a status, else the first listed one, else the first leading a line.
    fn best_reply(&self) -> Option<u16> {
        let paired = self.replies.iter().find(|r| r.paired);
        let known = || self.replies.iter().find(|r| reply::is_known(r.code));
        let leading = || self.replies.iter().find(|r| r.leads);
        paired.or_else(known).or_else(leading).map(|r| r.code)
    }
}

/// A three-digit reply code (2xx to 5xx) at `i`, standing alone as a word.
fn reply_at(b: &[u8], i: usize) -> Option<u16> {
    let d = b.get(i..i + 3)?;
    if !(b'2'..=b'5').contains(&d[0]) || !d[1].is_ascii_digit() || !d[2].is_ascii_digit() {
        return None;
    }
    if i > 0 && !matches!(b[i - 1], b' ' | b'\t' | b'\r' | b'\n' | b';' | b'\'' | b'"' | b'(' | b'#' | b'[' | b'<' | b'>')
    {
        return None;
    }
    if !matches!(b.get(i + 3), None | Some(b' ' | b'-' | b'\t' | b'\r' | b'\n')) {
        return None;
    }
    Some(d.iter().fold(0u16, |n, c| n * 10 + u16::from(c - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Actor;

    #[test]
    fn one_code_at_a_time_agrees_with_the_list() {
        let listed: Vec<String> = registered_enhanced_codes().collect();
        for code in listed.iter().map(String::as_str).chain(["4.2.2", "5.4.310", "2.1.1", "5.9.9", "x"]) {
            assert_eq!(is_registered_enhanced(code), listed.iter().any(|c| c == code), "{code}");
        }
    }

    fn codes(text: &str) -> Vec<String> {
        explain(text).into_iter().map(|e| e.code).collect()
    }

    #[test]
    fn code_pairs_come_enhanced_first() {
        assert_eq!(codes("550 5.1.1"), ["5.1.1", "550"]);
        assert_eq!(codes("550-5.1.1"), ["5.1.1", "550"]);
        assert_eq!(codes("5.2.2"), ["5.2.2"]);
        assert_eq!(codes("421"), ["421"]);
    }

    /// A vendor's own meaning of a registered code replaces the registry's, which would
    /// contradict it; the registry's stands where the vendor's words are absent.
    #[test]
    fn vendor_meanings_replace_the_registry_for_their_code() {
        let microsoft = "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup";
        assert_eq!(codes(microsoft), ["Microsoft 5.1.10", "550"]);
        assert_eq!(codes("556 5.1.10 Recipient address has null MX"), ["5.1.10", "556"]);
        // A text diagnostic (no code of its own) keeps the registry's entry beside it.
        assert_eq!(codes("550 5.4.310 DNS domain outlok.com does not exist"), ["host-unknown", "5.4.310", "550"]);
    }

    #[test]
    fn numbers_that_are_not_codes_are_ignored() {
        assert!(codes("from 192.0.2.22 at 4.16.55.1 port 25").is_empty());
        assert!(codes("AS(201806281) id=2024").is_empty());
        assert_eq!(codes("Status: 5.0.0\nDiagnostic-Code: smtp; 550 5.7.1 nope"), ["5.7.1", "550"]);
        // An unknown code counts only where a reply stands, not inside prose.
        assert!(codes("use port 587 instead").is_empty());
        assert_eq!(codes("559 odd"), ["559"]);
    }

    #[test]
    fn lookups_fall_back_by_subject_and_class() {
        assert_eq!(enhanced_code("5.1.99").map(|e| e.code), Some("5.1.99".into()));
        assert!(enhanced_code("5.9.9").is_some());
        assert!(enhanced_code("3.1.1").is_none());
        assert!(enhanced_code("5.1.1.1").is_none());
        assert!(reply_code(599).is_some());
        assert!(reply_code(600).is_none());
        assert!(reply_code(99).is_none());
    }

    #[test]
    fn temporary_codes_say_wait_first() {
        let e = enhanced_code("4.2.2").unwrap();
        assert_eq!(e.steps[0], steps::WAIT);
        assert_eq!(enhanced_code("2.1.5").map(|e| e.actor), Some(Actor::Nobody));
    }
}
