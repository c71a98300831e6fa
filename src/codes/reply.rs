//! SMTP reply codes: every code of RFC 5321 §4.2.3, 521 and 556 (RFC 7504), and the AUTH and
//! STARTTLS replies people meet when sending (RFC 4954, RFC 3207). Unlisted codes are explained
//! by their first two digits (RFC 5321 §4.2.1).

use super::steps::*;
use super::entry::coded;
use crate::report::{Actor, Explanation};
use Actor::*;

/// One reply code.
struct Entry {
    code: u16,
    title: &'static str,
    meaning: &'static str,
    actor: Actor,
    steps: &'static [&'static str],
    source: &'static str,
}

const R5321: &str = "RFC 5321 §4.2.3";
const R7504: &str = "RFC 7504 §3";
const R4954: &str = "RFC 4954 §6";

const fn e(
    code: u16,
    title: &'static str,
    meaning: &'static str,
    actor: Actor,
    steps: &'static [&'static str],
    source: &'static str,
) -> Entry {
    Entry { code, title, meaning, actor, steps, source }
}

const REPLIES: &[Entry] = &[
    e(211, "System status, or system help reply", "The server answers a request for its status or for help.", Nobody, &[], R5321),
    e(214, "Help message", "Help text meant for a person watching the SMTP conversation.", Nobody, &[], R5321),
    e(220, "Service ready", "The receiving server greets the sender and is ready to take mail.", Nobody, &[], R5321),
    e(221, "Service closing transmission channel", "The server ends the session normally, usually after QUIT.", Nobody, &[], R5321),
    e(235, "Authentication succeeded", "The login to the mail server worked.", Nobody, &[], R4954),
    e(250, "Requested mail action okay, completed", "The server accepted the command; after the message content it means the message was accepted for delivery.", Nobody, &[], R5321),
    e(251, "User not local; will forward", "The address is not hosted on this server, but it accepted the message and passes it on.", Nobody, &[], R5321),
    e(252, "Cannot verify user, but will accept message and attempt delivery", "The server will not confirm whether the address exists, but takes mail for it.", Nobody, &[], R5321),
    e(334, "Authentication challenge", "A login is in progress: the server asks for the next piece of login data.", Nobody, &[], R4954),
    e(354, "Start mail input", "The server is ready for the message content, which ends with a line holding only a dot.", Nobody, &[], R5321),
    e(421, "Service not available, closing transmission channel", "The receiving server is busy, restarting, or limiting connections, and ended the session.", Nobody, &[SLOW], R5321),
    e(432, "A password transition is needed", "The server needs one login with your plain password (over TLS) before the chosen login method works.", Sender, &[LOGIN], R4954),
    e(450, "Requested mail action not taken: mailbox unavailable", "The mailbox cannot be used right now: busy, locked, or held back by a temporary rule such as greylisting.", Nobody, &[], R5321),
    e(451, "Requested action aborted: local error in processing", "The receiving server hit a temporary problem, often a failed DNS lookup, a busy scanner, or greylisting.", Nobody, &[], R5321),
    e(452, "Requested action not taken: insufficient system storage", "The receiving server is short of storage, or got more recipients at once than it takes.", Nobody, &[], R5321),
    e(454, "TLS not available / temporary authentication failure", "Encryption (STARTTLS) or login is temporarily unavailable at the server.", Nobody, &[], "RFC 3207 §4; RFC 4954 §6"),
    e(455, "Server unable to accommodate parameters", "The server cannot handle the options sent with the sender or recipient address right now.", Nobody, &[], R5321),
    e(500, "Syntax error, command unrecognized", "The server did not understand a command: a faulty program, a line too long, or security software tampering with the connection.", SenderAdmin, &["Try sending from another program or network: antivirus or firewall software that scans outgoing mail sometimes breaks the conversation.", FORWARD_ADMIN], R5321),
    e(501, "Syntax error in parameters or arguments", "A command had a malformed argument, most often an address with invalid characters.", Sender, &[CHECK_ADDRESS, CHECK_FROM], R5321),
    e(502, "Command not implemented", "The server does not support a command the sending program used.", SenderAdmin, &[FORWARD_ADMIN], R5321),
    e(503, "Bad sequence of commands", "Commands came in the wrong order; often the server wanted a login before accepting mail.", Sender, &[SUBMIT, FORWARD_ADMIN], R5321),
    e(504, "Command parameter not implemented", "The server does not support an option of a command, such as a login method.", SenderAdmin, &[FORWARD_ADMIN], R5321),
    e(521, "Host does not accept mail", "This server never accepts mail.", RecipientAdmin, &[CHECK_DOMAIN, TELL_RECIPIENT], R7504),
    e(530, "Authentication required", "The server wants you to log in, or to switch on encryption, before it takes mail.", Sender, &[SUBMIT], "RFC 4954 §6; RFC 3207 §4"),
    e(534, "Authentication mechanism is too weak", "The login method is weaker than the server allows for this account.", Sender, &[LOGIN, SUBMIT], R4954),
    e(535, "Authentication credentials invalid", "Login to the mail server failed: wrong username or password.", Sender, &[LOGIN], R4954),
    e(538, "Encryption required for requested authentication mechanism", "This login method is allowed only over an encrypted connection.", Sender, &[SUBMIT], R4954),
    e(550, "Requested action not taken: mailbox unavailable", "The server refused: usually the address does not exist, or a policy (spam filter, blocklist) rejected the message.", Sender, &[READ_TEXT, CHECK_ADDRESS, FORWARD_ADMIN], R5321),
    e(551, "User not local; please try another path", "The address is not hosted here; the reply may name a new address.", Sender, &["Use the new address if the reply gives one; otherwise ask the recipient for it.", UPDATE_LIST], R5321),
    e(552, "Requested mail action aborted: exceeded storage allocation", "The message is too big for the mailbox or server, or the mailbox is full.", Sender, &[SHRINK, FULL], R5321),
    e(553, "Requested action not taken: mailbox name not allowed", "An address was refused as invalid or not allowed; this can be the recipient's or your own sender address.", Sender, &[CHECK_ADDRESS, CHECK_FROM], R5321),
    e(554, "Transaction failed", "The server refused the message or the connection, often by policy: spam filter, blocklist, or reputation.", SenderAdmin, &[READ_TEXT, FORWARD_ADMIN], R5321),
    e(555, "MAIL FROM/RCPT TO parameters not recognized or not implemented", "The server does not support an option sent with the sender or recipient address.", SenderAdmin, &[FORWARD_ADMIN], R5321),
    e(556, "Domain does not accept mail", "The recipient's domain states that it accepts no mail at all (null MX).", Sender, &[CHECK_DOMAIN, ASK_ADDRESS], R7504),
];

/// The RFC 5321 §4.2.1 names of the first digit.
const CLASSES: [&str; 4] = [
    "positive completion",
    "positive intermediate",
    "transient negative completion (temporary failure)",
    "permanent negative completion (permanent failure)",
];

/// The RFC 5321 §4.2.1 categories of the second digit.
const CATEGORIES: [&str; 6] = [
    "syntax: a command or its form",
    "information: status or help",
    "connections: the transmission channel",
    "an unspecified category",
    "an unspecified category",
    "the mail system: the state of the receiving side",
];

pub(super) fn is_known(code: u16) -> bool {
    REPLIES.iter().any(|r| r.code == code)
}

pub(super) fn known() -> impl Iterator<Item = u16> {
    REPLIES.iter().map(|r| r.code)
}

pub(super) fn explain(code: u16) -> Option<Explanation> {
    if !(200..=599).contains(&code) {
        return None;
    }
    let class = (code / 100) as u8;
    if let Some(r) = REPLIES.iter().find(|r| r.code == code) {
        return Some(coded(code.to_string(), class, r.title, r.meaning, r.actor, r.steps, r.source.into()));
    }
    let class_name = CLASSES[usize::from(class - 2)];
    let category = CATEGORIES.get(usize::from((code / 10 % 10) as u8)).copied().unwrap_or("a category RFC 5321 does not define");
    let meaning = format!("{code} is not a standard reply code. Its first digit means {class_name}; its second digit points to {category}.");
    let actor = if class == 5 { SenderAdmin } else { Nobody };
    let title = format!("{}xx reply: {class_name}", class);
    Some(coded(code.to_string(), class, &title, &meaning, actor, &[], "RFC 5321 §4.2.1".into()))
}
