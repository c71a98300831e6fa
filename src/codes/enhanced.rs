//! Enhanced status codes: every entry of the IANA "SMTP Enhanced Status Codes" registry
//! (RFC 3463 and the RFCs that added codes), the subject sub-codes for unregistered details,
//! and the class sub-codes for unknown subjects.
//!
//! An entry describes `X.subject.detail`; the class digit (2 success, 4 temporary, 5 permanent)
//! decides whether anyone has to act, so one entry serves every class.

use super::steps::*;
use super::entry::{coded, Status};
use crate::report::{Actor, Explanation};
use Actor::*;

/// The classes a code is registered or specified for, as a bit set.
const C2: u8 = 1;
const C4: u8 = 2;
const C5: u8 = 4;
const C45: u8 = C4 | C5;
const C245: u8 = C2 | C4 | C5;

/// One `X.subject.detail` entry.
struct Entry {
    subject: u16,
    detail: u16,
    classes: u8,
    /// Who acts when the code is permanent (5.x.x).
    perm: Actor,
    /// Who acts when the code is temporary (4.x.x); usually nobody.
    temp: Actor,
    title: &'static str,
    meaning: &'static str,
    steps: &'static [&'static str],
    rfc: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn e(
    subject: u16,
    detail: u16,
    classes: u8,
    perm: Actor,
    temp: Actor,
    title: &'static str,
    meaning: &'static str,
    steps: &'static [&'static str],
    rfc: &'static str,
) -> Entry {
    Entry { subject, detail, classes, perm, temp, title, meaning, steps, rfc }
}

const R3463: &str = "RFC 3463";
const R4954: &str = "RFC 4954";
const R5248: &str = "RFC 5248";
const R6531: &str = "RFC 6531";
const R6710: &str = "RFC 6710";
const R7293: &str = "RFC 7293";
const R7372: &str = "RFC 7372";
const R7505: &str = "RFC 7505";

const ENTRIES: &[Entry] = &[
    e(0, 0, C245, SenderAdmin, Nobody, "Other undefined status", "No detail was given; only whether it is success, temporary or permanent is known.", &[READ_TEXT, FORWARD_ADMIN], R3463),
    // X.1: addressing
    e(1, 0, C245, Sender, Nobody, "Other address status", "Something about an address, the sender's or a recipient's, caused this.", &[READ_TEXT, CHECK_ADDRESS], R3463),
    e(1, 1, C45, Sender, Nobody, "Bad destination mailbox address", "The mailbox does not exist at the receiving server: the part before the @ is wrong, or the account was deleted.", &[CHECK_ADDRESS, ASK_ADDRESS], R3463),
    e(1, 2, C45, Sender, Nobody, "Bad destination system address", "The recipient's domain (after the @) does not exist or cannot receive mail.", &[CHECK_DOMAIN, ASK_ADDRESS], R3463),
    e(1, 3, C45, Sender, Nobody, "Bad destination mailbox address syntax", "The recipient address is not a valid address, e.g. it has a space, two @ or a missing part.", &[CHECK_ADDRESS], R3463),
    e(1, 4, C45, Sender, Nobody, "Destination mailbox address ambiguous", "The address matches more than one mailbox at the receiving server.", &[ASK_ADDRESS], R3463),
    e(1, 5, C2, Nobody, Nobody, "Destination address valid", "The recipient address was accepted.", &[], R3463),
    e(1, 6, C45, Sender, Nobody, "Destination mailbox has moved, no forwarding address", "The address used to work, but no longer accepts mail and no new address is known.", &[ASK_ADDRESS, UPDATE_LIST], R3463),
    e(1, 7, C45, SenderAdmin, Nobody, "Bad sender's mailbox address syntax", "Your sender address is malformed, as the receiving server sees it.", &[CHECK_FROM, FORWARD_ADMIN], R3463),
    e(1, 8, C45, SenderAdmin, Nobody, "Bad sender's system address", "The domain of your sender address does not exist or cannot receive replies, so the server refuses mail from it.", &[CHECK_FROM, FORWARD_ADMIN], R3463),
    e(1, 9, C245, Nobody, Nobody, "Message relayed to non-compliant mailer", "The address was valid, but the message went on to a system that reports no delivery status, so no further news will come.", &["Ask the recipient whether the message arrived."], "RFC 3886"),
    e(1, 10, C5, Sender, Nobody, "Recipient address has null MX", "The recipient's domain publishes a null MX: it declares that it accepts no mail at all.", &[CHECK_DOMAIN, ASK_ADDRESS], "RFC 7505; RFC 7504"),
    // X.2: mailbox
    e(2, 0, C245, RecipientAdmin, Nobody, "Other or undefined mailbox status", "The mailbox exists, but something about it stopped delivery.", &[TELL_RECIPIENT], R3463),
    e(2, 1, C45, RecipientAdmin, Nobody, "Mailbox disabled, not accepting messages", "The mailbox exists but is switched off, e.g. suspended or closed; it may or may not come back.", &[ASK_ADDRESS, TELL_RECIPIENT], R3463),
    e(2, 2, C45, RecipientAdmin, RecipientAdmin, "Mailbox full", "The recipient's mailbox is over its storage limit.", &[FULL], R3463),
    e(2, 3, C5, Sender, Nobody, "Message length exceeds administrative limit", "The message is bigger than this mailbox accepts.", &[SHRINK], R3463),
    e(2, 4, C245, RecipientAdmin, Nobody, "Mailing list expansion problem", "The address is a mailing list, and the list could not be expanded to its members.", &[RECIPIENT_ADMIN], R3463),
    // X.3: mail system
    e(3, 0, C245, RecipientAdmin, Nobody, "Other or undefined mail system status", "The receiving mail system had a problem not covered by a more specific code.", &[READ_TEXT, SERVER_FIX], R3463),
    e(3, 1, C45, RecipientAdmin, Nobody, "Mail system full", "The receiving server ran out of storage; the recipient cannot fix this by deleting mail.", &[SERVER_FIX], R3463),
    e(3, 2, C45, RecipientAdmin, Nobody, "System not accepting network messages", "The receiving server is not taking mail: maintenance, shutdown or overload, or it never takes mail.", &[SERVER_FIX], "RFC 3463; RFC 7504"),
    e(3, 3, C45, SenderAdmin, Nobody, "System not capable of selected features", "The receiving system cannot provide a feature the message asked for.", &[FORWARD_ADMIN], R3463),
    e(3, 4, C5, Sender, Nobody, "Message too big for system", "The message is larger than the receiving server accepts at all.", &[SHRINK], R3463),
    e(3, 5, C45, RecipientAdmin, Nobody, "System incorrectly configured", "The receiving server is set up in a way that does not let it accept this message.", &[SERVER_FIX], R3463),
    e(3, 6, C2, Nobody, Nobody, "Requested priority was changed", "The message was accepted, but not with the priority asked for; the text gives the new one.", &[], R6710),
    // X.4: network and routing
    e(4, 0, C245, SenderAdmin, Nobody, "Other or undefined network or routing status", "Something went wrong on the network path to the receiving server.", &[READ_TEXT, FORWARD_ADMIN], R3463),
    e(4, 1, C45, RecipientAdmin, Nobody, "No answer from host", "The receiving server did not answer: it is down, behind a firewall, or its MX record points to the wrong place.", &[CHECK_DOMAIN, SERVER_FIX], R3463),
    e(4, 2, C45, SenderAdmin, Nobody, "Bad connection", "A connection was made but broke or timed out before the message was through.", &[RESEND], R3463),
    e(4, 3, C45, RecipientAdmin, Nobody, "Directory server failure", "A lookup service, usually DNS, failed, so the message could not be routed.", &[CHECK_DOMAIN, RESEND], R3463),
    e(4, 4, C45, Sender, Nobody, "Unable to route", "No way to deliver to the recipient's domain was found, e.g. it has no MX or address record.", &[CHECK_DOMAIN, ASK_ADDRESS], R3463),
    e(4, 5, C45, SenderAdmin, Nobody, "Mail system congestion", "The mail system was too busy to deliver the message.", &[RESEND], R3463),
    e(4, 6, C45, RecipientAdmin, Nobody, "Routing loop detected", "The message went round in circles between servers (wrong routing or a forwarding loop) and was stopped.", &[RECIPIENT_ADMIN, "If you forward mail automatically, check your own forwarding rules too."], R3463),
    e(4, 7, C45, RecipientAdmin, Nobody, "Delivery time expired", "The sending server tried for too long and gave up; the real cause is usually in the report's text or earlier delay warnings.", &[READ_TEXT, RESEND], R3463),
    // X.5: mail delivery protocol
    e(5, 0, C245, SenderAdmin, Nobody, "Other or undefined protocol status", "Something went wrong in the SMTP conversation itself.", &[FORWARD_ADMIN], R3463),
    e(5, 1, C45, SenderAdmin, Nobody, "Invalid command", "A command came out of order or is not supported.", &[FORWARD_ADMIN], R3463),
    e(5, 2, C45, SenderAdmin, Nobody, "Syntax error", "A command could not be understood.", &[FORWARD_ADMIN], R3463),
    e(5, 3, C45, Sender, Nobody, "Too many recipients", "The message had more recipients than the server takes at once.", &["Send to fewer recipients at a time, or use a mailing list service for large groups."], R3463),
    e(5, 4, C45, Sender, Nobody, "Invalid command arguments", "A command had an argument the server rejects, often a malformed address.", &[CHECK_ADDRESS, FORWARD_ADMIN], R3463),
    e(5, 5, C45, SenderAdmin, Nobody, "Wrong protocol version", "The two servers could not agree on a protocol version.", &[FORWARD_ADMIN], R3463),
    e(5, 6, C45, SenderAdmin, Nobody, "Authentication Exchange line is too long", "A login attempt sent more data than the server accepts in one line.", &[FORWARD_ADMIN], R4954),
    // X.6: message content or media
    e(6, 0, C245, Sender, Nobody, "Other or undefined media error", "Something about the message's content made it undeliverable.", &[READ_TEXT, CONTENT], R3463),
    e(6, 1, C45, Sender, Nobody, "Media not supported", "The message uses a content type the path to the recipient cannot carry.", &["Send the content in a common format: plain text or HTML, common attachments such as PDF."], R3463),
    e(6, 2, C45, SenderAdmin, Nobody, "Conversion required and prohibited", "The content would have to be converted to pass on, and conversion is not allowed.", &[FORWARD_ADMIN], R3463),
    e(6, 3, C45, SenderAdmin, Nobody, "Conversion required but not supported", "The content must be converted (e.g. 8-bit to 7-bit) and a server on the way cannot do it.", &[FORWARD_ADMIN], R3463),
    e(6, 4, C245, Sender, Nobody, "Conversion with loss performed", "The message was converted on the way and some content was lost.", &["Ask the recipient what arrived; send again in a simpler format if needed."], R3463),
    e(6, 5, C45, SenderAdmin, Nobody, "Conversion failed", "A needed conversion of the content failed.", &[FORWARD_ADMIN], R3463),
    e(6, 6, C45, SenderAdmin, Nobody, "Message content not available", "The content to send could not be fetched from where it was stored.", &[FORWARD_ADMIN], "RFC 4468"),
    e(6, 7, C45, Sender, Nobody, "Non-ASCII addresses not permitted for that sender/recipient", "An address with non-ASCII characters (accents, other scripts) was used, and the server cannot handle it.", &["Use an ASCII-only address for this recipient if they have one.", FORWARD_ADMIN], R6531),
    e(6, 8, C245, SenderAdmin, Nobody, "UTF-8 string reply is required, but not permitted by the SMTP client", "The server must answer in UTF-8 to show an international address, but the sending program does not allow it.", &[FORWARD_ADMIN], R6531),
    e(6, 9, C45, SenderAdmin, Nobody, "UTF-8 header message cannot be transferred to one or more recipients", "The message has international (UTF-8) headers, and a server on the way cannot pass them on.", &["Use ASCII-only addresses for this recipient.", FORWARD_ADMIN], R6531),
    e(6, 10, C245, SenderAdmin, Nobody, "Deprecated duplicate of X.6.8", "Same as X.6.8: a UTF-8 reply was needed but the sending program does not allow it.", &[FORWARD_ADMIN], R6531),
    // X.7: security or policy
    e(7, 0, C245, SenderAdmin, Nobody, "Other or undefined security status", "A security or policy rule refused the message without saying which, sometimes on purpose.", &[READ_TEXT, FORWARD_ADMIN], R3463),
    e(7, 1, C45, SenderAdmin, Nobody, "Delivery not authorized, message refused", "The receiving side refused the message by policy: a spam filter, a blocklist, a block on the sender, or relaying you may not do.", &[READ_TEXT, FORWARD_ADMIN, ALLOW_LIST], R3463),
    e(7, 2, C45, Sender, Nobody, "Mailing list expansion prohibited", "You are not allowed to send to this mailing list.", &["Ask the list's owner for permission, or post from the address you subscribed with."], R3463),
    e(7, 3, C45, SenderAdmin, Nobody, "Security conversion required but not possible", "The message had to be converted between secure-mail formats and that was not possible.", &[FORWARD_ADMIN], R3463),
    e(7, 4, C45, SenderAdmin, Nobody, "Security features not supported", "The message or session asked for a security feature the path cannot provide.", &[FORWARD_ADMIN], R3463),
    e(7, 5, C45, SenderAdmin, Nobody, "Cryptographic failure", "A server that should decrypt or verify the message lacked a valid key.", &[FORWARD_ADMIN], R3463),
    e(7, 6, C45, SenderAdmin, Nobody, "Cryptographic algorithm not supported", "A server that should decrypt or verify the message does not support its algorithm.", &[FORWARD_ADMIN], R3463),
    e(7, 7, C245, SenderAdmin, Nobody, "Message integrity failure", "The message was found altered or damaged on the way.", &[RESEND], R3463),
    e(7, 8, C5, Sender, Nobody, "Authentication credentials invalid", "Login to the mail server failed: wrong username or password.", &[LOGIN], R4954),
    e(7, 9, C5, Sender, Nobody, "Authentication mechanism is too weak", "The login method is weaker than the server allows, e.g. a plain password where an app password or OAuth is required.", &[LOGIN, SUBMIT], R4954),
    e(7, 10, C5, Sender, Nobody, "Encryption needed", "Encryption (TLS) must be on before you can log in.", &[SUBMIT], R5248),
    e(7, 11, C5, Sender, Nobody, "Encryption required for requested authentication mechanism", "This login method is allowed only over an encrypted connection.", &[SUBMIT], R4954),
    e(7, 12, C4, Sender, Sender, "A password transition is needed", "The server needs one login with your plain password (over TLS) before the chosen login method works.", &[LOGIN], R4954),
    e(7, 13, C5, SenderAdmin, Nobody, "User account disabled", "The sending account was disabled by its administrator, e.g. for non-payment, abuse or a break-in.", &["Contact your email provider or administrator to have the account enabled again."], R5248),
    e(7, 14, C5, SenderAdmin, Nobody, "Trust relationship required", "The submission server needs a configured trust with another server to fetch the content.", &[FORWARD_ADMIN], R5248),
    e(7, 15, C45, Sender, Nobody, "Priority level is too low", "The server currently takes only messages of higher priority.", &["Send again later, or without a low priority setting."], R6710),
    e(7, 16, C45, Sender, Nobody, "Message is too big for the specified priority", "At this priority the server takes only smaller messages.", &[SHRINK], R6710),
    e(7, 17, C5, Sender, Nobody, "Mailbox owner has changed", "The address now belongs to someone else than when you last knew it (RRVS check), so it was not delivered.", &[NEW_DOMAIN_OWNER], R7293),
    e(7, 18, C5, Sender, Nobody, "Domain owner has changed", "The recipient's domain changed owner since the date the message required.", &[NEW_DOMAIN_OWNER], R7293),
    e(7, 19, C5, Sender, Nobody, "RRVS test cannot be completed", "The server cannot tell whether the mailbox changed owner, as the message required.", &["Send again without the Require-Recipient-Valid-Since check if that is acceptable."], R7293),
    e(7, 20, C5, SenderAdmin, Nobody, "No passing DKIM signature found", "The receiver requires a valid DKIM signature, and the message had none.", &[DKIM], "RFC 7372; RFC 6376"),
    e(7, 21, C5, SenderAdmin, Nobody, "No acceptable DKIM signature found", "DKIM signatures were valid, but none from a domain the receiver accepts.", &[DKIM, DMARC], "RFC 7372; RFC 6376"),
    e(7, 22, C5, SenderAdmin, Nobody, "No valid author-matched DKIM signature found", "No valid DKIM signature matched the domain of the From: address.", &[DKIM, DMARC], "RFC 7372; RFC 6376"),
    e(7, 23, C5, SenderAdmin, Nobody, "SPF validation failed", "The sending server is not allowed by the SPF record of the sender's domain (SPF fail).", &[SPF, SERVICE_AUTH], "RFC 7372; RFC 7208"),
    e(7, 24, C45, SenderAdmin, Nobody, "SPF validation error", "Checking the sender domain's SPF record ran into an error: a broken record, too many lookups, or a DNS failure.", &[SPF_CHECK], "RFC 7372; RFC 7208"),
    e(7, 25, C5, SenderAdmin, Nobody, "Reverse DNS validation failed", "The sending server's IP address has no valid reverse DNS (PTR) name, or that name does not point back to the IP.", &[PTR], "RFC 7372; RFC 8601"),
    e(7, 26, C5, SenderAdmin, Nobody, "Multiple authentication checks failed", "More than one sender check (such as SPF, DKIM, DMARC) failed.", &[SPF, DKIM, DMARC], R7372),
    e(7, 27, C5, SenderAdmin, Nobody, "Sender address has null MX", "Your sender domain declares that it receives no mail (null MX), so replies could not reach you and the server refuses the message.", &["Send from an address whose domain receives mail: remove the null MX or use another domain."], R7505),
    e(7, 28, C45, SenderAdmin, SenderAdmin, "Mail flood detected", "The message looks like part of a flood of similar unwanted messages.", &[SLOW, CLEAN_LIST], "draft-levine-mailbomb-header"),
    e(7, 29, C45, SenderAdmin, Nobody, "ARC validation failure", "The message's ARC chain (which carries authentication results across forwarding) did not validate.", &[FORWARD_ADMIN], "RFC 8617"),
    e(7, 30, C5, SenderAdmin, Nobody, "REQUIRETLS support required", "The message required encryption all the way (REQUIRETLS), and a server on the path could not promise it.", &["Send without the REQUIRETLS requirement, or ask the recipient's administrator to support it."], "RFC 8689"),
];

/// The subject sub-codes: what `X.subject.*` means when the detail is not registered.
const SUBJECTS: [(&str, &str, Actor, &[&str]); 8] = [
    ("Other or undefined status", "No further detail about the problem was given.", SenderAdmin, &[READ_TEXT, FORWARD_ADMIN]),
    ("Addressing status", "Something is wrong with the sender's or the recipient's address.", Sender, &[READ_TEXT, CHECK_ADDRESS]),
    ("Mailbox status", "Something about the recipient's mailbox stopped delivery.", RecipientAdmin, &[READ_TEXT, TELL_RECIPIENT]),
    ("Mail system status", "The receiving mail system had a problem.", RecipientAdmin, &[READ_TEXT, SERVER_FIX]),
    ("Network and routing status", "Something went wrong reaching the receiving server.", SenderAdmin, &[READ_TEXT, FORWARD_ADMIN]),
    ("Mail delivery protocol status", "Something went wrong in the SMTP conversation.", SenderAdmin, &[READ_TEXT, FORWARD_ADMIN]),
    ("Message content or media status", "Something about the message's content or format was refused.", Sender, &[READ_TEXT, CONTENT]),
    ("Security or policy status", "A security or policy rule (spam filter, authentication, permissions) refused the message.", SenderAdmin, &[READ_TEXT, FORWARD_ADMIN]),
];

const IANA: &str = "IANA SMTP Enhanced Status Codes registry";

pub(super) fn registered() -> impl Iterator<Item = String> {
    ENTRIES.iter().flat_map(|e| {
        [(C2, 2), (C4, 4), (C5, 5)]
            .into_iter()
            .filter(move |(bit, _)| e.classes & bit != 0)
            .map(move |(_, class)| format!("{class}.{}.{}", e.subject, e.detail))
    })
}

/// Whether the registry lists `s` with its class (what [`registered`] lists, without building it).
pub(super) fn is_registered(s: Status) -> bool {
    let bit = match s.class {
        2 => C2,
        4 => C4,
        _ => C5,
    };
    ENTRIES.iter().any(|e| e.subject == s.subject && e.detail == s.detail && e.classes & bit != 0)
}

pub(super) fn explain(s: Status) -> Explanation {
    let code = s.to_string();
    if let Some(e) = ENTRIES.iter().find(|e| e.subject == s.subject && e.detail == s.detail) {
        let actor = if s.class == 4 { e.temp } else { e.perm };
        let source = format!("{IANA} ({})", e.rfc);
        return coded(code, s.class, e.title, e.meaning, actor, e.steps, source);
    }
    if let Some((title, meaning, actor, steps)) = SUBJECTS.get(usize::from(s.subject)) {
        let title = format!("{title} (detail {} not registered)", s.detail);
        let actor = if s.class == 4 { Nobody } else { *actor };
        return coded(code, s.class, &title, meaning, actor, steps, format!("{IANA}, subject sub-codes (RFC 3463 §3)"));
    }
    let title = ["Success", "", "Persistent transient failure", "Permanent failure"][usize::from(s.class - 2)];
    let meaning = format!("Subject {} is not defined; only the class of the outcome is known.", s.subject);
    let actor = if s.class == 5 { SenderAdmin } else { Nobody };
    coded(code, s.class, title, &meaning, actor, &[], format!("{IANA}, class sub-codes (RFC 3463 §2)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_unique_and_in_order() {
        for pair in ENTRIES.windows(2) {
            assert!((pair[0].subject, pair[0].detail) < (pair[1].subject, pair[1].detail), "{}.{}", pair[1].subject, pair[1].detail);
        }
        assert!(ENTRIES.iter().all(|e| e.classes != 0 && !e.title.is_empty() && !e.meaning.is_empty()));
        assert!(ENTRIES.iter().filter(|e| e.classes & C45 != 0).all(|e| !e.steps.is_empty()));
    }
}
