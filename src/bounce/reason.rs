//! Why a message bounced, in Sisimai's reason vocabulary: a table of phrases servers use, a table
//! of enhanced status codes, and a few rules about the SMTP stage.
//!
//! Knowledge is data: [`PHRASES`] maps lower-cased substrings of the server's words to a reason
//! (first match wins, so the more specific phrases come first), [`STATUS_REASONS`] maps enhanced
//! status codes to the reason they name on their own, and [`REASONS`] explains every reason in
//! plain words.

use std::sync::OnceLock;

/// Every reason with its meaning in plain words, in the order people meet them most.
pub const REASONS: &[(&str, &str)] = &[
    ("userunknown", "The recipient's address does not exist at the receiving server (mistyped, deleted or never created)."),
    ("mailboxfull", "The recipient's mailbox is full; the recipient has to make room before mail can arrive."),
    ("filtered", "The receiving side refused this message for the address, usually by a filter or a rule set there; some servers answer so for an address they do not know."),
    ("rejected", "The receiving server refused the sender: the envelope sender address or its domain was not accepted."),
    ("blocked", "The receiving server refused the sending server itself, typically because of its IP address (a blocklist, a firewall or missing trust)."),
    ("expired", "The message could not be delivered within the time the sending server keeps trying, so it gave up."),
    ("suspend", "The recipient's mailbox exists but is disabled or suspended (for example an inactive or unpaid account)."),
    ("hostunknown", "The recipient's domain does not exist or has no mail server (check the part after the @)."),
    ("networkerror", "The sending server could not reach the receiving server: a DNS, routing or connection problem."),
    ("authfailure", "The message failed the receiving server's sender authentication checks (SPF, DKIM or DMARC)."),
    ("spamdetected", "The receiving server judged the message to be spam."),
    ("policyviolation", "The message broke a policy of the receiving side (content, attachments, headers or an organisation's rules)."),
    ("systemerror", "The receiving server had an internal error or a misconfiguration."),
    ("toomanyconn", "The sending server opened too many connections or sent too many messages at once, and the receiving server refused more."),
    ("requireptr", "The sending server's IP address has no valid reverse DNS (PTR) record, which the receiving server requires."),
    ("securityerror", "A security requirement was not met: authentication, encryption (TLS) or a certificate check failed."),
    ("notaccept", "The receiving domain does not accept mail at all (for example a null MX record)."),
    ("onhold", "The failure could not be classified from the report; the reason is on hold until more is known."),
    ("mesgtoobig", "The message is larger than the receiving server accepts."),
    ("exceedlimit", "The message exceeded a limit of the recipient's mailbox (for example a size quota for one message)."),
    ("hasmoved", "The recipient's address has moved to a new address."),
    ("norelaying", "The server refused to relay the message: it does not handle mail for the recipient's domain."),
    ("contenterror", "The message's content or format was refused (invalid MIME, bad headers or encoding)."),
    ("notcompliantrfc", "The message does not comply with the mail standards (RFC 5322), for example duplicate or malformed header fields."),
    ("virusdetected", "The receiving server found a virus or malware in the message."),
    ("syntaxerror", "The receiving server did not understand a command: an SMTP syntax error."),
    ("systemfull", "The receiving server's disk or mail system is full."),
    ("mailererror", "The local delivery program at the receiving server failed (for example a mail filter or script)."),
    ("speeding", "The sender sent too many messages too fast; the receiving server is rate-limiting."),
    ("badreputation", "The receiving server refused the message because the sending IP address or domain has a poor reputation."),
    ("undefined", "The reason could not be determined from the report."),
    ("feedback", "A feedback report: a recipient or their provider reported this message (for example as spam)."),
    ("vacation", "An automatic reply (such as an out-of-office message), not a delivery failure."),
    ("delivered", "The message was delivered; this is a success notice."),
];

/// What a reason means, in plain words (empty for an unknown name).
pub fn describe_reason(reason: &str) -> &'static str {
    REASONS.iter().find(|(name, _)| *name == reason).map_or("", |(_, text)| text)
}

/// What happened, per reason, in words a non-expert understands. `{a}` is the recipient.
/// Every name in [`REASONS`] has one (a test checks).
pub const REASON_STORIES: &[(&str, &str)] = &[
    ("userunknown", "The address {a} does not exist at the receiving server."),
    ("hostunknown", "The domain of {a} does not exist or does not accept mail."),
    ("mailboxfull", "The mailbox of {a} is full."),
    ("suspend", "The mailbox of {a} is disabled or suspended."),
    ("hasmoved", "The address {a} has moved; the server names a new one."),
    ("mesgtoobig", "The message is too large for the mailbox of {a}."),
    ("exceedlimit", "The message exceeds a limit of the receiving server (size or count)."),
    ("blocked", "The receiving server refused mail from your sending server (its IP address or reputation)."),
    ("badreputation", "The receiving server refused the message because of your sending server's reputation."),
    ("spamdetected", "The receiving server judged the message to be spam."),
    // Also what a "user unknown" answered after the address was taken (or at an unknown stage)
    // becomes, following Sisimai: the sentence must not contradict those words.
    ("filtered", "The receiving side refused the message for {a}: a filter or rule there, or an address it does not know (its own words say which)."),
    ("rejected", "The receiving server refused the sender address of the message."),
    ("authfailure", "The message failed the recipient's sender checks (SPF, DKIM or DMARC)."),
    ("policyviolation", "The message broke a policy of the receiving organisation."),
    ("norelaying", "The server refused to pass the message on (relaying denied)."),
    ("requireptr", "Your sending server has no valid reverse DNS (PTR) record, so it was refused."),
    ("securityerror", "The message failed a security requirement (authentication or encryption)."),
    ("virusdetected", "The receiving server found a virus or dangerous attachment in the message."),
    ("contenterror", "The receiving server refused the message's content or format."),
    ("notcompliantrfc", "The message does not follow the email standards (RFC 5322), so it was refused."),
    ("expired", "The message could not be delivered in time and the sending server gave up."),
    ("networkerror", "The receiving server could not be reached over the network."),
    ("toomanyconn", "The receiving server refused because too many connections or messages arrived at once."),
    ("speeding", "The receiving server is limiting how fast it accepts mail from your server."),
    ("systemerror", "The receiving server had an internal error."),
    ("systemfull", "The receiving server's disk or queue is full."),
    ("mailererror", "A program at the receiving side failed while delivering the message."),
    ("notaccept", "The domain of {a} does not accept any mail (null MX or refusal)."),
    ("syntaxerror", "The conversation between the mail servers broke down (a command was not understood)."),
    ("onhold", "Delivery to {a} is on hold; the exact cause is unclear."),
    ("vacation", "This is an automatic reply (for example out of office), not a delivery failure."),
    ("feedback", "This is a feedback report: a recipient or provider reported a message you sent."),
    ("delivered", "The message to {a} was delivered; this report only confirms it."),
];

/// The one-sentence story for a reason, with `{a}` standing for the recipient's address.
pub fn reason_story(reason: &str) -> Option<&'static str> {
    REASON_STORIES.iter().find(|(name, _)| *name == reason).map(|(_, story)| *story)
}

/// Phrases in a server's words (lower-cased substrings) and the reason they name. The first
/// match in table order wins, so specific phrases precede general ones.
pub const PHRASES: &[(&str, &str)] = &[
    // Authentication of the sender's domain (SPF, DKIM, DMARC).
    ("does not pass dmarc", "authfailure"),
    ("dmarc policy", "authfailure"),
    ("dmarc verification", "authfailure"),
    ("required authentication level", "authfailure"),
    ("does not have authentication information", "authfailure"),
    ("fails to pass authentication", "authfailure"),
    ("unauthenticated email", "authfailure"),
    ("sender is unauthenticated", "authfailure"),
    // Reverse DNS of the sending host.
    ("reverse dns", "requireptr"),
    ("ptr record", "requireptr"),
    ("cannot find your hostname", "requireptr"),
    ("cannot resolve your address", "requireptr"),
    ("no reverse", "requireptr"),
    ("rdns", "requireptr"),
    ("reverse lookup", "requireptr"),
    ("unresolvable address", "requireptr"),
    ("ip name lookup failed", "requireptr"),
    ("unverifyable sending ip", "requireptr"),
    ("unverifiable sending ip", "requireptr"),
    // Messages that break the format rules (before spam: such replies often mention spam).
    ("duplicate header", "notcompliantrfc"),
    ("rfc 5322", "notcompliantrfc"),
    ("rfc5322", "notcompliantrfc"),
    ("rfc 2822", "notcompliantrfc"),
    ("rfc2822", "notcompliantrfc"),
    ("multiple addresses in from", "notcompliantrfc"),
    // Blocklists (before spam: their names contain it).
    ("blacklisted url", "spamdetected"),
    ("uribl", "spamdetected"),
    ("address that has been blacklisted", "rejected"),
    ("account or domain may not exist", "hostunknown"),
    ("aup#cdrbl", "blocked"),
    ("aup#in-1310", "toomanyconn"),
    ("spamhaus", "blocked"),
    ("spamcop", "blocked"),
    ("dnsbl", "blocked"),
    ("blacklisted", "blocked"),
    ("block list", "blocked"),
    ("blocklisted", "blocked"),
    ("black listed", "blocked"),
    ("blacklist", "blocked"),
    ("blocklist", "blocked"),
    (" rbl", "blocked"),
    ("rbl:", "blocked"),
    // Viruses.
    ("virus", "virusdetected"),
    ("malware", "virusdetected"),
    ("infected", "virusdetected"),
    // Mailbox full and size limits.
    ("mailbox full", "mailboxfull"),
    ("mailbox is full", "mailboxfull"),
    ("mailbox has exceeded", "mailboxfull"),
    ("mailbox exceeds", "mailboxfull"),
    ("mailbox quota", "mailboxfull"),
    ("mailfolder is full", "mailboxfull"),
    ("quota exceeded", "mailboxfull"),
    ("over quota", "mailboxfull"),
    ("overquota", "mailboxfull"),
    ("exceeded storage allocation", "mailboxfull"),
    ("exceeded the local limit", "mailboxfull"),
    ("user is over", "mailboxfull"),
    ("disk quota", "mailboxfull"),
    ("mailbox size limit", "mailboxfull"),
    ("storage limit", "mailboxfull"),
    ("is full", "mailboxfull"),
    ("message size exceeds", "mesgtoobig"),
    ("message too large", "mesgtoobig"),
    ("message is too large", "mesgtoobig"),
    ("message too big", "mesgtoobig"),
    ("mail size limit exceeded", "mesgtoobig"),
    ("size limit exceeded", "mesgtoobig"),
    ("exceeds size limit", "mesgtoobig"),
    ("message length exceeds", "mesgtoobig"),
    ("message size limit", "exceedlimit"),
    ("exceeded the size limit", "exceedlimit"),
    // Moved, suspended, disabled.
    ("has been moved", "hasmoved"),
    ("has moved", "hasmoved"),
    ("account disabled", "suspend"),
    ("account has been disabled", "suspend"),
    ("account is disabled", "suspend"),
    ("is disabled", "suspend"),
    ("has been disabled", "suspend"),
    ("account is inactive", "suspend"),
    ("mailbox is inactive", "suspend"),
    ("inactive account", "suspend"),
    ("account has been suspended", "suspend"),
    ("account suspended", "suspend"),
    ("is suspended", "suspend"),
    ("account is locked", "suspend"),
    ("mailbox is frozen", "suspend"),
    ("mailbox disabled", "suspend"),
    ("no longer in use", "suspend"),
    ("temporarily inactive", "suspend"),
    ("recipient suspended", "suspend"),
    // Relaying.
    ("relay access denied", "norelaying"),
    ("relaying denied", "norelaying"),
    ("relay denied", "norelaying"),
    ("relaying not permitted", "norelaying"),
    ("not permitted to relay", "norelaying"),
    ("relay not permitted", "norelaying"),
    ("unable to relay", "norelaying"),
    ("we do not relay", "norelaying"),
    ("not configured to relay", "norelaying"),
    ("not allowed to relay", "norelaying"),
    ("relay prohibited", "norelaying"),
    ("insecure mail relay", "norelaying"),
    ("relay quota", "blocked"),
    ("email address is not verified", "norelaying"),
    // Connections and rates.
    ("too many connections", "toomanyconn"),
    ("too many concurrent", "toomanyconn"),
    ("too many sessions", "toomanyconn"),
    ("too many recipients", "toomanyconn"),
    ("connection limit", "toomanyconn"),
    ("too many messages", "toomanyconn"),
    ("too much mail", "toomanyconn"),
    ("frequency limited", "toomanyconn"),
    ("rate limited", "speeding"),
    ("rate limit", "speeding"),
    ("receiving mail at a rate", "speeding"),
    ("sending too fast", "speeding"),
    ("unexpected volume", "badreputation"),
    ("user complaints", "badreputation"),
    ("poor reputation", "badreputation"),
    ("bad reputation", "badreputation"),
    ("low reputation", "badreputation"),
    // Spam and content.
    ("spam classification", "spamdetected"),
    ("content rejected", "spamdetected"),
    ("spam", "spamdetected"),
    ("junk mail", "spamdetected"),
    ("bulk mail", "spamdetected"),
    ("unsolicited", "spamdetected"),
    ("detected as phishing", "spamdetected"),
    ("spf", "authfailure"),
    ("dkim", "authfailure"),
    ("dmarc", "authfailure"),
    ("header error", "policyviolation"),
    ("improper use of 8-bit", "contenterror"),
    ("invalid mime", "contenterror"),
    ("header is invalid", "contenterror"),
    ("prohibited attachment", "policyviolation"),
    ("policy violation", "policyviolation"),
    ("violates", "policyviolation"),
    ("violation", "policyviolation"),
    ("policy", "policyviolation"),
    // TLS and authentication of the client.
    ("unauthenticated senders", "securityerror"),
    ("smtp authentication", "securityerror"),
    ("starttls", "securityerror"),
    ("tls required", "securityerror"),
    ("encryption required", "securityerror"),
    ("authentication required", "securityerror"),
    ("authentication is required", "securityerror"),
    ("delivery not authorized", "securityerror"),
    ("certificate", "securityerror"),
    // Networks, DNS and time (before the domain phrases that DNS errors also contain).
    ("null mx", "notaccept"),
    ("doesn't receive email", "notaccept"),
    ("host not found, try again", "networkerror"),
    ("host or domain name not found", "hostunknown"),
    ("dns error", "networkerror"),
    ("name service error", "networkerror"),
    ("host name lookup failure", "networkerror"),
    ("could not find a gateway", "expired"),
    ("did not accept our requests to connect", "expired"),
    ("connection timed out", "expired"),
    ("mail loop", "networkerror"),
    ("routing loop", "networkerror"),
    ("loop detected", "networkerror"),
    ("loops back to myself", "networkerror"),
    ("too many hops", "networkerror"),
    ("hop count exceeded", "networkerror"),
    ("no route to host", "networkerror"),
    ("network is unreachable", "networkerror"),
    ("establish an smtp connection", "networkerror"),
    ("couldn't find a mail exchanger", "notaccept"),
    ("does not accept mail", "notaccept"),
    // The recipient's domain.
    ("host unknown", "hostunknown"),
    ("unknown host", "hostunknown"),
    ("host not found", "hostunknown"),
    ("domain not found", "hostunknown"),
    ("domain does not exist", "hostunknown"),
    ("domain name not found", "hostunknown"),
    ("domain is not reachable", "hostunknown"),
    ("no such domain", "hostunknown"),
    ("unrouteable address", "hostunknown"),
    ("unroutable address", "hostunknown"),
    // The recipient's address.
    ("recipient address rejected: access denied", "userunknown"),
    ("address does not exist", "userunknown"),
    ("address unknown", "userunknown"),
    ("bad address", "userunknown"),
    ("bad destination mailbox", "userunknown"),
    ("bad recipient", "userunknown"),
    ("account that you tried to reach does not exist", "userunknown"),
    ("user does not exist", "userunknown"),
    ("mailbox does not exist", "userunknown"),
    ("recipient does not exist", "userunknown"),
    ("doesn't have a", "userunknown"),
    ("invalid address", "userunknown"),
    ("invalid mailbox", "userunknown"),
    ("invalid recipient", "userunknown"),
    ("invalid user", "userunknown"),
    ("is not a valid", "userunknown"),
    ("mailbox not found", "userunknown"),
    ("mailbox unavailable", "userunknown"),
    ("mailbox is unavailable", "userunknown"),
    ("no mailbox", "userunknown"),
    ("no such account", "userunknown"),
    ("no such address", "userunknown"),
    ("no such mailbox", "userunknown"),
    ("no such person", "userunknown"),
    ("no such recipient", "userunknown"),
    ("no such user", "userunknown"),
    ("not a known user", "userunknown"),
    ("not found in directory", "userunknown"),
    ("not listed in", "userunknown"),
    ("recipient not found", "userunknown"),
    ("recipientnotfound", "userunknown"),
    ("recipient name is not recognized", "userunknown"),
    ("recipient unknown", "userunknown"),
    ("unknown address", "userunknown"),
    ("unknown mailbox", "userunknown"),
    ("unknown recipient", "userunknown"),
    ("unknown user", "userunknown"),
    ("user not exist", "userunknown"),
    ("user doesn't exist", "userunknown"),
    ("user not found", "userunknown"),
    ("user not known", "userunknown"),
    ("user unknown", "userunknown"),
    ("userunknown", "userunknown"),
    ("wasn't found at the destination", "userunknown"),
    ("if address is correct", "userunknown"),
    // The sender.
    ("sender address rejected", "rejected"),
    ("sender rejected", "rejected"),
    ("sender denied", "rejected"),
    ("domain of sender address", "rejected"),
    ("sender verify failed", "rejected"),
    ("bad sender", "rejected"),
    ("invalid sender", "rejected"),
    ("domain is invalid", "rejected"),
    ("purported responsible address", "rejected"),
    ("not a registered gateway user", "rejected"),
    ("not authorized to send", "rejected"),
    ("not allowed to post", "rejected"),
    ("permission to post", "rejected"),
    // Mimecast's refusal by its security checks ("email rejected" is not a refused sender).
    ("security polic", "policyviolation"),
    ("mail rejected", "rejected"),
    ("'send mail as'", "rejected"),
    // The sending server or its IP address.
    ("client host rejected", "blocked"),
    ("connection refused", "blocked"),
    ("not accepting connections", "blocked"),
    ("access denied", "blocked"),
    ("invalid ip", "blocked"),
    ("your ip", "blocked"),
    ("ip address", "blocked"),
    ("not allowed to send", "blocked"),
    ("banned", "blocked"),
    ("blocked", "blocked"),
    // Filters.
    ("recipient preferences", "filtered"),
    ("rejected by recipient", "filtered"),
    ("refused by recipient", "filtered"),
    ("message filtered", "filtered"),
    ("filter", "filtered"),
    // The receiving system.
    ("insufficient disk space", "systemfull"),
    ("insufficient system storage", "systemfull"),
    ("disk full", "systemfull"),
    ("out of disk", "systemfull"),
    ("mailer error", "mailererror"),
    ("pipe to |", "mailererror"),
    ("procmail", "mailererror"),
    ("command died", "mailererror"),
    ("exit status", "mailererror"),
    ("malformed address", "syntaxerror"),
    ("syntax error", "syntaxerror"),
    ("command unrecognized", "syntaxerror"),
    ("unrecognized command", "syntaxerror"),
    ("command not recognized", "syntaxerror"),
    ("queue file write error", "systemerror"),
    ("insufficient permission", "systemerror"),
    ("transaction failed", "systemerror"),
    ("service currently unavailable", "systemerror"),
    ("internal error", "systemerror"),
    ("system error", "systemerror"),
    ("server error", "systemerror"),
    ("configuration error", "systemerror"),
    ("local error", "systemerror"),
    ("on hold", "onhold"),
    // Time.
    ("retry timeout exceeded", "expired"),
    ("message expired", "expired"),
    ("delivery time expired", "expired"),
    ("could not be delivered within", "expired"),
    ("not delivered within", "expired"),
    ("still undelivered", "expired"),
    ("will keep trying", "expired"),
    ("has been delayed", "expired"),
    ("in the queue too long", "expired"),
    ("timed out", "expired"),
    ("giving up", "expired"),
    ("expired", "expired"),
];

/// Enhanced status codes (subject.detail, any class) with the reason they name and whether
/// that settles it. A deciding code wins over words; the others name a reason only when the
/// words do not (context-dependent codes such as `x.7.1` and `x.0.0` are absent).
pub const STATUS_REASONS: &[(&str, &str, bool)] = &[
    ("1.0", "userunknown", false),
    ("1.1", "userunknown", true),
    ("1.2", "hostunknown", true),
    ("1.3", "userunknown", false),
    ("1.4", "userunknown", false),
    ("1.5", "userunknown", false),
    ("1.6", "hasmoved", true),
    ("1.7", "rejected", true),
    ("1.8", "rejected", true),
    ("1.10", "userunknown", true),
    ("2.0", "filtered", false),
    ("2.1", "suspend", false),
    ("2.2", "mailboxfull", true),
    ("2.3", "exceedlimit", true),
    ("2.4", "systemerror", false),
    ("3.0", "systemerror", false),
    ("3.1", "systemfull", true),
    ("3.2", "notaccept", true),
    ("3.3", "systemerror", false),
    ("3.4", "mesgtoobig", true),
    ("3.5", "systemerror", false),
    ("4.1", "networkerror", false),
    ("4.2", "networkerror", false),
    ("4.3", "systemerror", false),
    ("4.4", "hostunknown", false),
    ("4.5", "systemfull", false),
    ("4.6", "networkerror", true),
    ("4.7", "expired", false),
    ("5.0", "syntaxerror", false),
    ("5.1", "syntaxerror", false),
    ("5.2", "syntaxerror", false),
    ("5.3", "toomanyconn", false),
    ("5.4", "syntaxerror", false),
    ("5.5", "syntaxerror", false),
    ("6.0", "contenterror", false),
    ("6.1", "contenterror", false),
    ("6.2", "contenterror", false),
    ("6.3", "contenterror", false),
    ("6.4", "contenterror", false),
    ("6.5", "contenterror", false),
    ("7.2", "filtered", false),
    ("7.3", "securityerror", false),
    ("7.4", "securityerror", false),
    ("7.5", "securityerror", false),
    ("7.6", "securityerror", false),
    ("7.7", "securityerror", false),
    ("7.8", "securityerror", false),
    ("7.9", "securityerror", false),
    ("7.10", "securityerror", false),
    ("7.11", "securityerror", false),
    ("7.13", "suspend", true),
    ("7.14", "suspend", false),
    ("7.20", "authfailure", true),
    ("7.21", "authfailure", true),
    ("7.22", "authfailure", true),
    ("7.23", "authfailure", true),
    ("7.24", "authfailure", true),
    ("7.25", "requireptr", true),
    ("7.26", "authfailure", true),
    ("7.27", "notaccept", true),
    ("7.28", "spamdetected", false),
    ("7.29", "authfailure", true),
    ("7.30", "securityerror", false),
    // Microsoft Exchange Online's own detail codes.
    ("4.312", "networkerror", true),
    ("4.316", "expired", true),
    ("7.509", "authfailure", true),
    ("7.515", "authfailure", true),
    ("7.606", "blocked", true),
    ("7.607", "blocked", true),
    ("7.708", "blocked", true),
];

/// Reply codes that name a reason when nothing else does (RFC 5321 §4.2.3).
const REPLY_REASONS: &[(u16, &str)] = &[
    (500, "syntaxerror"),
    (501, "syntaxerror"),
    (502, "syntaxerror"),
    (503, "syntaxerror"),
    (504, "syntaxerror"),
];

/// Phrases that name a missing mailbox whatever the SMTP stage: directory lookups and
/// providers' own wording.
const CERTAIN_USERUNKNOWN: &[&str] = &[
    "recipient name is not recognized",
    "not listed in",
    "unknown user:",
    "delivery error: dd",
    "550 requested action not taken: mailbox unavailable",
    "if address is correct",
];

/// Reasons the words may give against a deciding `x.1.1`: the address exists, something else
/// went wrong.
const OVER_USERUNKNOWN: &[&str] =
    &["norelaying", "blocked", "mailboxfull", "hasmoved", "rejected", "notaccept", "filtered"];

/// What is known about one recipient's failure, for classification.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Evidence<'a> {
    /// The server's words.
    pub diagnostic: &'a str,
    /// The notice's words around the recipient.
    pub context: &'a str,
    /// The reason the report's subject and general words name (searched once per report).
    pub general: Option<&'static str>,
    /// The enhanced status code.
    pub status: Option<&'a str>,
    /// The reply code.
    pub reply_code: Option<u16>,
    /// The SMTP command.
    pub command: Option<&'a str>,
    /// The RFC 3464 action.
    pub action: Option<&'a str>,
    /// The Diagnostic-Code type (`smtp`, `x-unix`, ...), lower-cased.
    pub diagnostic_type: Option<&'a str>,
    /// The reporting system's usual reason when nothing else tells (Google Groups: `rejected`).
    pub fallback: Option<&'static str>,
}

/// The reason named by the first phrase of [`PHRASES`] found in `text`.
pub(crate) fn reason_from_words(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return None;
    }
    let lower = crate::fold_case(text);
    if let Some(reason) = domain_does_not_exist(&lower) {
        return Some(reason);
    }
    first_phrase_in(lower.as_bytes()).map(|i| PHRASES[i].1)
}

/// Slots of the phrase index: phrases are filed by their first two bytes, folded to 12 bits.
const PHRASE_SLOTS: usize = 1 << 12;

/// The slot for a phrase (or text position) starting with bytes `a`, `b`. Different pairs may
/// share a slot; the full phrase is compared anyway.
fn phrase_slot(a: u8, b: u8) -> usize {
    (usize::from(a & 0x3f) << 6) | usize::from(b & 0x3f)
}

/// The indices of [`PHRASES`] filed by [`phrase_slot`] of their first two bytes, each slot in
/// table order. Every phrase has at least two bytes (checked by a test).
fn phrase_index() -> &'static [Vec<usize>] {
    static INDEX: OnceLock<Vec<Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = vec![Vec::new(); PHRASE_SLOTS];
        for (i, (phrase, _)) in PHRASES.iter().enumerate() {
            if let [a, b, ..] = phrase.as_bytes() {
                index[phrase_slot(*a, *b)].push(i);
            }
        }
        index
    })
}

/// The table index of the first phrase of [`PHRASES`] (in table order) that occurs anywhere in
/// `lower`: one pass over the text, trying at each byte only the phrases filed under the two
/// bytes found there.
fn first_phrase_in(lower: &[u8]) -> Option<usize> {
    let index = phrase_index();
    let mut best = PHRASES.len();
    for (start, pair) in lower.windows(2).enumerate() {
        let rest = &lower[start..];
        let found = index[phrase_slot(pair[0], pair[1])]
            .iter()
            .take_while(|&&i| i < best)
            .find(|&&i| rest.starts_with(PHRASES[i].0.as_bytes()));
        if let Some(&i) = found {
            best = i;
            if best == 0 {
                break;
            }
        }
    }
    (best < PHRASES.len()).then_some(best)
}

/// `neko.example.com does not exist`: what does not exist is a domain, not a mailbox.
fn domain_does_not_exist(lower: &str) -> Option<&'static str> {
    let i = lower.find(" does not exist")?;
    let subject = lower[..i].split_whitespace().last()?;
    let subject = subject.trim_matches(|c: char| matches!(c, '<' | '>' | '\'' | '"'));
    (subject.contains('.') && !subject.contains('@')).then_some("hostunknown")
}

/// The reason an enhanced status code names, and whether it settles the question.
pub(crate) fn reason_from_status(status: &str) -> Option<(&'static str, bool)> {
    let (class, rest) = status.split_once('.')?;
    if class == "2" {
        return Some(("delivered", true));
    }
    STATUS_REASONS
        .iter()
        .find(|(code, _, _)| *code == rest)
        .map(|(_, reason, sure)| (*reason, *sure))
}

/// Classify one recipient's failure: a deciding status code, else the server's words, else
/// what a status code suggests, else the notice's words around the recipient, the reply code,
/// the report's general words, and finally whether it was temporary.
pub(crate) fn classify(ev: &Evidence) -> &'static str {
    if ev.action == Some("delivered") || ev.status.is_some_and(|s| s.starts_with("2.")) {
        return "delivered";
    }
    let by_status = ev.status.and_then(reason_from_status);
    let by_words = reason_from_words(ev.diagnostic);
    if let Some((reason, true)) = by_status {
        return match by_words {
            Some(w) if reason == "userunknown" && OVER_USERUNKNOWN.contains(&w) => w,
            _ => reason,
        };
    }
    if by_words.is_none() && ev.diagnostic_type == Some("x-unix") {
        // A local delivery program (pipe, filter) failed.
        return "mailererror";
    }
    let found = by_words
        .or(by_status.map(|(r, _)| r))
        .or_else(|| reason_from_words(ev.context))
        .or_else(|| {
            let code = ev.reply_code?;
            REPLY_REASONS.iter().find(|(c, _)| *c == code).map(|(_, r)| *r)
        })
        .or(ev.general)
        .or(ev.fallback);
    match found {
        Some(reason) => adjust_for_stage(reason, ev),
        None if is_temporary(ev) => "expired",
        None if ev.diagnostic.is_empty() => "undefined",
        None => "onhold",
    }
}

/// The SMTP stage decides what a refusal means: an unknown user is only certain when the
/// server said so to `RCPT TO` (or with an `x.1.x` code); refused at `MAIL FROM`, the sender
/// was rejected; refused later (or at an unknown stage), a filter refused the message.
fn adjust_for_stage(reason: &'static str, ev: &Evidence) -> &'static str {
    if ev.command == Some("MAIL") && matches!(reason, "userunknown" | "filtered" | "onhold") {
        return "rejected";
    }
    let user_status = ev.status.is_some_and(|s| s.get(1..).is_some_and(|r| r.starts_with(".1.")));
    let diagnostic = crate::fold_case(ev.diagnostic);
    let certain = CERTAIN_USERUNKNOWN.iter().any(|p| diagnostic.contains(p));
    if reason == "userunknown" && !user_status && !certain && ev.command != Some("RCPT") {
        return "filtered";
    }
    reason
}

/// Whether the failure is temporary: a delayed action, a 4.x.x status or a 4xx reply.
pub(crate) fn is_temporary(ev: &Evidence) -> bool {
    ev.action == Some("delayed")
        || ev.status.is_some_and(|s| s.starts_with('4'))
        || ev.reply_code.is_some_and(|c| (400..500).contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(diagnostic: &str, status: Option<&str>, command: Option<&str>, expected: &str) {
        let ev = Evidence { diagnostic, status, command, ..Default::default() };
        assert_eq!(classify(&ev), expected, "for {diagnostic:?} {status:?} {command:?}");
    }

    #[test]
    fn every_reason_has_a_meaning_and_a_story() {
        for (name, meaning) in REASONS {
            assert!(!meaning.is_empty(), "{name}");
            // `undefined` tells no story: the sentence falls back to the action.
            if !matches!(*name, "undefined") {
                assert!(reason_story(name).is_some(), "no story for {name}");
            }
        }
        for (name, _) in REASON_STORIES {
            assert!(REASONS.iter().any(|(n, _)| n == name), "story for unknown reason {name}");
        }
    }

    #[test]
    fn reasons_from_words_and_codes() {
        check("550 5.1.1 <a@b>... User Unknown", Some("5.1.1"), Some("RCPT"), "userunknown");
        check("550 Unknown user a@b", Some("5.0.0"), Some("DATA"), "filtered");
        check("552 5.2.2 Mailbox full", Some("5.2.2"), None, "mailboxfull");
        check("", Some("5.1.2"), None, "hostunknown");
        check("", Some("4.4.7"), None, "expired");
        check("", Some("5.3.4"), None, "mesgtoobig");
        check(
            "550 5.7.26 unauthenticated email is not accepted",
            Some("5.7.26"),
            None,
            "authfailure",
        );
        check("250 2.1.5 OK", Some("2.1.5"), None, "delivered");
        check("", None, None, "undefined");
        check("it broke", None, None, "onhold");
        check("550 5.1.1 User unknown", Some("5.0.0"), Some("MAIL"), "rejected");
        check("553 neko.example.com does not exist", None, None, "hostunknown");
        check("Your message was not delivered within 0 days and 1 hours.", None, None, "expired");
        let outlook = "550 5.7.1 Unfortunately, messages from [198.51.100.9] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).";
        check(outlook, Some("5.7.1"), None, "blocked");
        check("554 Email rejected due to security policies", None, None, "policyviolation");
        check("550 5.7.1 Message rejected as spam by security policy", None, None, "spamdetected");
    }

    #[test]
    fn phrase_matcher_agrees_with_table_order() {
        assert!(PHRASES.iter().all(|(phrase, _)| phrase.len() >= 2));
        let naive = |lower: &str| PHRASES.iter().position(|(p, _)| lower.contains(p));
        let mut texts: Vec<String> = PHRASES.iter().map(|(p, _)| format!("x {p} y")).collect();
        texts.push(PHRASES.iter().rev().map(|(p, _)| *p).collect::<Vec<_>>().join(" "));
        texts.extend(["".into(), "a".into(), "nothing to see here".into(), "ü€ mailbox".into()]);
        for text in &texts {
            assert_eq!(first_phrase_in(text.as_bytes()), naive(text), "{text}");
        }
    }

    #[test]
    fn every_reason_is_described() {
        let reasons =
            PHRASES.iter().map(|(_, r)| r).chain(STATUS_REASONS.iter().map(|(_, r, _)| r));
        for reason in reasons.chain(REPLY_REASONS.iter().map(|(_, r)| r)) {
            assert!(!describe_reason(reason).is_empty(), "{reason} has no description");
        }
        assert!(describe_reason("no-such-reason").is_empty());
    }
}
