//! Diagnostics recognised by the server's own words: the big providers' codes (Gmail,
//! Microsoft, Yahoo), blocklists, and common conditions any server words its own way.
//!
//! Entries are tried in order, the most specific first; the first that matches is the one shown,
//! unless the reply's enhanced code already says the same.

use super::steps::*;
use super::entry::Status;
use crate::report::{Actor, Explanation};
use crate::scan::BytePairs;
use Actor::*;

/// One diagnostic and the words that identify it.
struct Diagnostic {
    /// What the UI shows as the code: the vendor's code, or a short key for a text diagnostic.
    code: &'static str,
    /// An enhanced code the text must hold: subject and an inclusive range of details.
    status: Option<(u16, u16, u16)>,
    /// Lower-case phrases: for every group, one of its phrases must occur in the text.
    when: &'static [&'static [&'static str]],
    /// Registered `subject.detail` codes that already say the same: with one of them as the
    /// reply's enhanced code, this diagnostic adds nothing and is left out.
    same: &'static [(u16, u16)],
    /// True when any specific enhanced code (not X.0.0) says at least as much.
    vague: bool,
    title: &'static str,
    meaning: &'static str,
    actor: Actor,
    steps: &'static [&'static str],
    source: &'static str,
}

const D: Diagnostic = Diagnostic {
    code: "",
    status: None,
    when: &[],
    same: &[],
    vague: false,
    title: "",
    meaning: "",
    actor: SenderAdmin,
    steps: &[],
    source: "",
};

const GOOGLE: &[&str] = &["gsmtp", "gmail", "google"];
const G_SRC: &str = "Google: Gmail SMTP errors and codes; Email sender guidelines";
const MS_SRC: &str = "Microsoft: Exchange Online NDRs";
const Y_SRC: &str = "Yahoo: Sender Hub SMTP error codes";
const POSTMASTER_TOOLS: &str = "Check your domain's spam rate and reputation in Google Postmaster Tools; keep reported spam below 0.3%.";
const GREY_RETRY: &str = "If it still fails after an hour, your server may retry from changing IP addresses, or be distrusted: tell your mail administrator.";
const MS_DELIST: &str = "Request removal of the IP named in the report at Microsoft's delist portal, sender.office.com.";

const DIAGNOSTICS: &[Diagnostic] = &[
    // Gmail
    Diagnostic {
        code: "Gmail 5.7.26",
        status: Some((7, 26, 26)),
        when: &[GOOGLE],
        title: "Gmail: sender not authenticated",
        meaning: "Gmail refused the message because the sender could not be authenticated: SPF and DKIM did not pass, or the From: domain's DMARC policy says to reject. Gmail requires every sender to pass SPF or DKIM, and bulk senders all three.",
        steps: &[SPF, DKIM, DMARC, SERVICE_AUTH],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 5.7.27",
        status: Some((7, 27, 27)),
        when: &[&["spf"]],
        title: "Gmail: SPF did not pass",
        meaning: "Gmail refused or slowed the message because the sending server is not allowed by the SPF record of the sender's domain.",
        steps: &[SPF, SERVICE_AUTH],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 5.7.25",
        status: Some((7, 25, 25)),
        when: &[GOOGLE],
        title: "Gmail: no valid reverse DNS",
        meaning: "The sending IP has no PTR record, or the PTR name does not resolve back to the same IP. Gmail requires this of every sender.",
        steps: &[PTR],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 4.7.28",
        status: Some((7, 28, 28)),
        when: &[&["unusual rate", "rate limited", "gsmtp", "gmail", "google"]],
        title: "Gmail: rate limited for unwanted mail",
        meaning: "Gmail saw an unusual rate of unwanted mail from your IP or domain and is slowing down or refusing it.",
        steps: &["Let your server keep retrying slowly; do not resend by hand.", POSTMASTER_TOOLS, CLEAN_LIST, DMARC],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 5.7.1",
        status: Some((7, 1, 1)),
        when: &[&["unsolicited", "low reputation", "likely suspicious"], GOOGLE],
        title: "Gmail: message judged as spam",
        meaning: "Gmail's filters judged the message unwanted, because of its content or the sending IP's or domain's reputation.",
        steps: &[POSTMASTER_TOOLS, DMARC, CLEAN_LIST, CONTENT],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 5.7.1 policy",
        when: &[&["has a policy that prohibited", "user or domain that you are sending to"]],
        title: "Blocked by the recipient organisation's policy",
        meaning: "The recipient's organisation (a Google Workspace customer) has a rule that refuses this mail, e.g. from your domain or with this kind of attachment.",
        actor: RecipientAdmin,
        steps: &[ALLOW_LIST, RECIPIENT_ADMIN],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 5.7.1 direct",
        when: &[&["not authorized to send email directly"]],
        title: "Gmail: this IP may not send directly",
        meaning: "Gmail does not take mail straight from this IP, typically a home or dynamic internet connection; such mail must go through a provider's server.",
        steps: &[SUBMIT, SHARED_IP],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 5.2.1",
        when: &[&["tried to reach is disabled"]],
        title: "Gmail: account disabled",
        meaning: "The Gmail account exists but is disabled, e.g. closed or unused for a long time.",
        actor: RecipientAdmin,
        steps: &[ASK_ADDRESS, UPDATE_LIST],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 5.2.2",
        when: &[&["overquota", "out of storage space"]],
        title: "Gmail: inbox full",
        meaning: "The recipient's Gmail storage is full. When Gmail adds \"inactive\", it has been full and unused for long, and may never be read.",
        actor: RecipientAdmin,
        steps: &[FULL, UPDATE_LIST],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 4.2.1",
        when: &[&["receiving mail at a rate"]],
        title: "Gmail: recipient receives too much mail",
        meaning: "The recipient gets mail faster than Gmail lets them; new messages wait for a while.",
        actor: Nobody,
        steps: &[WAIT, "If you send this person many messages, send fewer or combine them."],
        source: G_SRC,
        ..D
    },
    Diagnostic {
        code: "Gmail 5.7.9",
        when: &[&["application-specific password"]],
        title: "Gmail: app password required",
        meaning: "The account uses 2-Step Verification, so a mail program cannot log in with the normal password.",
        actor: Sender,
        steps: &["Create an app password in your Google account security settings and use it in the mail program, or use a program that signs in with OAuth."],
        source: G_SRC,
        ..D
    },
    // Microsoft
    Diagnostic {
        code: "Microsoft 5.7.606-649",
        status: Some((7, 606, 649)),
        title: "Microsoft: sending IP banned",
        meaning: "Microsoft 365 and Outlook.com refuse mail from the IP address your message came from, usually because of spam seen from it.",
        steps: &[MS_DELIST, FIX_CAUSE, SHARED_IP],
        source: "Microsoft: Exchange Online NDR 5.7.606-649",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.7.708",
        status: Some((7, 708, 708)),
        title: "Microsoft: traffic from this IP not accepted",
        meaning: "Microsoft refuses mail from the sending IP because of its low reputation; it often hits new Microsoft 365 tenants.",
        steps: &["Your Microsoft 365 administrator should open a case with Microsoft support.", FIX_CAUSE],
        source: "Microsoft: Exchange Online NDR 5.7.708",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.7.700-749",
        status: Some((7, 700, 749)),
        title: "Microsoft: sending tenant blocked",
        meaning: "The sending Microsoft 365 organisation (tenant) is blocked because it sent too much spam or suspicious mail.",
        steps: &["Your Microsoft 365 administrator must contact Microsoft support to unblock the tenant.", FIX_CAUSE],
        source: "Microsoft: Exchange Online NDR 5.7.700-749",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.7.750",
        status: Some((7, 750, 750)),
        title: "Microsoft: unregistered sending domain",
        meaning: "The sending Microsoft 365 organisation sent from a domain it has not added and verified in its tenant.",
        steps: &["Add and verify the sending domain in the Microsoft 365 admin center, or send from a verified domain."],
        source: "Microsoft: Exchange Online NDR 5.7.750",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.7.509",
        status: Some((7, 509, 509)),
        title: "Microsoft: DMARC says reject",
        meaning: "The message failed DMARC for its From: domain, and that domain's policy asks receivers to reject such mail.",
        steps: &[DMARC, SPF, DKIM, SERVICE_AUTH],
        source: "Microsoft: Exchange Online NDR 5.7.509",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.7.511",
        status: Some((7, 511, 511)),
        title: "Microsoft: sender banned",
        meaning: "Microsoft refuses mail from your sending address or domain.",
        steps: &[FIX_CAUSE, "Then forward this report to delist@microsoft.com and ask for removal."],
        source: "Microsoft: Exchange Online NDR 5.7.511",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.7.513",
        status: Some((7, 513, 513)),
        title: "Microsoft: blocked by the recipient's own list",
        meaning: "The recipient's organisation has your sending IP on its own block list in Microsoft 365.",
        actor: RecipientAdmin,
        steps: &[ALLOW_LIST],
        source: "Microsoft: Exchange Online NDR 5.7.513",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.7.515",
        status: Some((7, 515, 515)),
        title: "Microsoft: authentication level not met",
        meaning: "Outlook.com requires senders, especially high-volume ones, to pass SPF, DKIM and DMARC, and this message did not.",
        steps: &[SPF, DKIM, DMARC],
        source: "Microsoft: Exchange Online NDR 5.7.515",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.4.1",
        status: Some((4, 1, 1)),
        when: &[&["recipient address rejected: access denied"]],
        title: "Microsoft: recipient unknown to the organisation",
        meaning: "The recipient's Microsoft 365 organisation does not know this address (directory-based edge blocking), or its domain is not set up to receive mail there.",
        actor: Sender,
        steps: &[CHECK_ADDRESS, ASK_ADDRESS, "If the address is right, the recipient's administrator must add it, or fix the domain's MX and accepted-domain setup."],
        source: "Microsoft: Exchange Online NDR 5.4.1",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.1.10",
        status: Some((1, 10, 10)),
        when: &[&["recipientnotfound", "recipient not found"]],
        title: "Microsoft: recipient not found",
        meaning: "No mailbox with this address exists in the recipient's Microsoft 365 organisation.",
        actor: Sender,
        steps: &[CHECK_ADDRESS, ASK_ADDRESS],
        source: "Microsoft: Exchange Online NDR 5.1.10",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.7.57",
        when: &[&["client was not authenticated"]],
        title: "Microsoft: sending program did not log in",
        meaning: "The server refused to pass the message on because the mail program, device or app did not log in first.",
        actor: Sender,
        steps: &[SUBMIT, "For printers and apps that send through Microsoft 365, the administrator must set up authenticated SMTP or a connector."],
        source: "Microsoft: Exchange Online NDR 5.7.1 and 5.7.57",
        ..D
    },
    Diagnostic {
        code: "Microsoft RESOLVER.RST",
        when: &[&["resolver.rst.authrequired", "resolver.rst.notauthorized"]],
        title: "Microsoft: recipient takes mail only from approved senders",
        meaning: "The recipient, often a group or distribution list, accepts mail only from senders inside its organisation or on its own list.",
        actor: RecipientAdmin,
        steps: &["Ask the recipient's administrator to let external senders (or you) write to this address.", ASK_ADDRESS],
        source: "Microsoft: Exchange NDR 5.7.1 (RESOLVER.RST)",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.7.139",
        when: &[&["smtpclientauthentication is disabled", "basic authentication is disabled"]],
        title: "Microsoft: SMTP login turned off",
        meaning: "Your organisation has switched off password login (SMTP AUTH) for sending.",
        steps: &["Your Microsoft 365 administrator must allow authenticated SMTP for this mailbox, or the app must sign in with OAuth."],
        source: "Microsoft: Exchange Online NDR 5.7.139",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.1.8",
        when: &[&["bad outbound sender"]],
        title: "Microsoft: sending account blocked",
        meaning: "Microsoft blocked the sending account from sending, usually because it sent spam, often after a break-in.",
        steps: &["Change the account's password and check it for unknown sign-ins and forwarding rules.", "An administrator can then release it under Restricted entities in Microsoft Defender."],
        source: "Microsoft: Exchange Online NDR 5.1.8",
        ..D
    },
    Diagnostic {
        code: "Microsoft 5.4.14",
        when: &[&["hop count"]],
        title: "Mail loop: too many hops",
        meaning: "The message passed through too many servers and was stopped as a likely loop, often from forwarding rules or connectors pointing at each other.",
        actor: RecipientAdmin,
        steps: &[RECIPIENT_ADMIN, "If you forward mail automatically, check your own forwarding rules too."],
        source: "Microsoft: Exchange Online NDR 5.4.14; RFC 5321 §6.3",
        ..D
    },
    Diagnostic {
        code: "Microsoft 4.4.7",
        when: &[&["queue.expired"]],
        title: "Delivery timed out",
        meaning: "The sending servers kept trying and gave up: the recipient's server could not be reached or kept deferring.",
        actor: RecipientAdmin,
        steps: &[READ_TEXT, RESEND, RECIPIENT_ADMIN],
        source: "Microsoft: Exchange Online NDR 4.4.7",
        ..D
    },
    Diagnostic {
        code: "Microsoft 4.7.500-699",
        status: Some((7, 500, 699)),
        when: &[&["server busy"]],
        title: "Microsoft: temporarily throttled",
        meaning: "Microsoft temporarily limits mail from your IP, often because it is new or sent a sudden burst.",
        actor: Nobody,
        steps: &[WAIT, SLOW],
        source: MS_SRC,
        ..D
    },
    Diagnostic {
        code: "Outlook.com block list",
        when: &[&["network is on our block list"]],
        title: "Outlook.com: network blocked",
        meaning: "Outlook.com and Hotmail refuse mail from the network range your sending server is in.",
        steps: &[SHARED_IP, "The server's operator can ask for a review through Outlook.com's sender support form."],
        source: MS_SRC,
        ..D
    },
    // Yahoo
    Diagnostic {
        code: "Yahoo TSS04",
        when: &[&["tss04"]],
        title: "Yahoo: deferred for volume or complaints",
        meaning: "Yahoo temporarily holds back mail from your IP because of an unexpected volume, or because its users marked your mail as spam.",
        steps: &["Let your server retry; resending by hand makes it worse.", SLOW, CLEAN_LIST, "Check SPF, DKIM and DMARC, and join Yahoo's complaint feedback loop to see who complains."],
        source: Y_SRC,
        ..D
    },
    Diagnostic {
        code: "Yahoo TSS09/TSS11",
        when: &[&["tss09", "tss11"]],
        title: "Yahoo: mail from this IP deferred for good",
        meaning: "Yahoo will not take mail from your IP for now; retrying does not help until its reputation recovers.",
        steps: &[FIX_CAUSE, CLEAN_LIST, "Once fixed, ask for a review through Yahoo's Sender Hub support form."],
        source: Y_SRC,
        ..D
    },
    Diagnostic {
        code: "Yahoo 5.7.9",
        when: &[&["not accepted for policy reasons"]],
        title: "Yahoo: refused for policy reasons",
        meaning: "Yahoo refused the message because of its content, the sender's reputation, or failed authentication (DMARC).",
        steps: &[DMARC, CLEAN_LIST, CONTENT],
        source: Y_SRC,
        ..D
    },
    // Blocklists
    Diagnostic {
        code: "Spamhaus PBL",
        when: &[&["pbl.spamhaus", "spamhaus pbl", "spamhaus.org/pbl"]],
        title: "Spamhaus PBL: IP not meant to send mail directly",
        meaning: "The IP is in Spamhaus' Policy Block List: addresses (often home or dynamic connections) whose owner says they should not deliver mail straight to other servers. It is not an accusation of spam.",
        steps: &[SUBMIT, "If this is a real mail server with a fixed IP, remove it from the PBL yourself at check.spamhaus.org."],
        source: "Spamhaus: PBL",
        ..D
    },
    Diagnostic {
        code: "Spamhaus XBL",
        when: &[&["xbl.spamhaus", "spamhaus xbl", "spamhaus.org/xbl", "cbl.abuseat", "abuseat.org"]],
        title: "Spamhaus XBL: infected or hijacked device",
        meaning: "A device or account behind the sending IP is infected or hijacked and sends spam, e.g. malware, an open proxy or a hacked router.",
        steps: &["Find and clean the infected device or account on the network behind this IP; change passwords.", "Then request removal at check.spamhaus.org."],
        source: "Spamhaus: XBL",
        ..D
    },
    Diagnostic {
        code: "Spamhaus DBL",
        when: &[&["dbl.spamhaus", "spamhaus dbl", "domain is listed in spamhaus"]],
        title: "Spamhaus DBL: domain listed",
        meaning: "A domain in the message, in the sender address or a link, is on Spamhaus' Domain Block List.",
        steps: &["Look the domain up at check.spamhaus.org and follow its removal steps.", "Remove links to listed domains, including link shorteners, from the message."],
        source: "Spamhaus: DBL",
        ..D
    },
    Diagnostic {
        code: "Spamhaus",
        when: &[&["spamhaus"]],
        title: "Spamhaus blocklist (ZEN, SBL, CSS)",
        meaning: "The sending IP is on a Spamhaus list of spam sources (SBL, CSS; ZEN combines all of Spamhaus' IP lists).",
        steps: &["Look the IP up at check.spamhaus.org: it says which list and how to get removed.", FIX_CAUSE, SHARED_IP],
        source: "Spamhaus: IP and domain reputation checker",
        ..D
    },
    Diagnostic {
        code: "SpamCop",
        when: &[&["spamcop"]],
        title: "SpamCop blocking list",
        meaning: "The sending IP is on the SpamCop list because people reported spam from it.",
        steps: &["Check the IP at spamcop.net; listings expire by themselves about a day after the reports stop.", FIX_CAUSE],
        source: "SpamCop: blocking list FAQ",
        ..D
    },
    Diagnostic {
        code: "Barracuda BRBL",
        when: &[&["barracudacentral", "barracuda reputation", "brbl", "b.barracuda"]],
        title: "Barracuda Reputation Block List",
        meaning: "The sending IP is on Barracuda's reputation list, used by Barracuda spam filters.",
        steps: &["Request removal at barracudacentral.org.", FIX_CAUSE],
        source: "Barracuda Central: BRBL",
        ..D
    },
    Diagnostic {
        code: "SORBS",
        when: &[&["sorbs"]],
        title: "SORBS listing (list closed)",
        meaning: "The receiving server still consults SORBS, which shut down in 2024, so a listing there can no longer be fixed at the list.",
        actor: RecipientAdmin,
        steps: &["Ask the recipient's administrator to remove SORBS from their filters.", ALLOW_LIST],
        source: "Proofpoint: SORBS closure (2024)",
        ..D
    },
    Diagnostic {
        code: "UCEPROTECT",
        when: &[&["uceprotect"]],
        title: "UCEPROTECT listing",
        meaning: "The IP (level 1), its provider's network (level 2) or the whole provider (level 3) is on UCEPROTECT's list.",
        steps: &["Level 1 listings expire after about a week without new spam; levels 2 and 3 cover whole networks, so your provider must act.", ALLOW_LIST],
        source: "UCEPROTECT: delisting policy",
        ..D
    },
    Diagnostic {
        code: "Proofpoint",
        when: &[&["proofpoint", "pphosted"], &["block", "reputation", "dnsbl", "listed"]],
        title: "Proofpoint: poor IP reputation",
        meaning: "The recipient's Proofpoint filter refused your sending IP for its reputation.",
        steps: &["Check the IP at ipcheck.proofpoint.com and request removal there.", FIX_CAUSE, SHARED_IP],
        source: "Proofpoint: IP reputation lookup",
        ..D
    },
    Diagnostic {
        code: "Cloudmark",
        when: &[&["cloudmark"], &["block", "reputation", "reject", "listed", "poor"]],
        title: "Cloudmark: poor sender reputation",
        meaning: "Cloudmark, used by many providers, rates your sending IP or content poorly.",
        steps: &["Look up the IP and request a reset at csi.cloudmark.com.", FIX_CAUSE],
        source: "Cloudmark: Sender Intelligence",
        ..D
    },
    Diagnostic {
        code: "Mimecast",
        when: &[&["mimecast"], &["block", "reject", "policy", "doc-1369"]],
        title: "Mimecast: refused by the recipient's mail security",
        meaning: "Mimecast, the recipient's mail security service, refused the message: the recipient's own block list, a policy, or your reputation.",
        actor: RecipientAdmin,
        steps: &[READ_TEXT, ALLOW_LIST, "If the text mentions reputation, check your sending IP on the common blocklists."],
        source: "Mimecast: SMTP error codes",
        ..D
    },
    Diagnostic {
        code: "blocklisted",
        when: &[&["blacklist", "blocklist", "block list", "dnsbl", "in the rbl", "rbl:"]],
        title: "Sender on a blocklist",
        meaning: "The receiving server found your sending IP or domain on a blocklist.",
        steps: &["Look up the sending IP (shown in the report) on the named list's website and follow its removal steps.", FIX_CAUSE, SHARED_IP],
        source: "RFC 5782 (DNS blocklists)",
        ..D
    },
    // Conditions every server words its own way
    Diagnostic {
        code: "not-rfc5322",
        when: &[&["rfc 5322 compliant", "rfc 5322 specifications", "rfc 5322 section", "multiple addresses in from"]],
        title: "Message format breaks the email standard",
        meaning: "The message's header is malformed, e.g. no or several From: addresses, or a missing Date: or Message-ID.",
        steps: &["Fix the program or script that builds the message: exactly one From: address, and valid Date: and Message-ID: fields.", FORWARD_ADMIN],
        source: "RFC 5322 §3.6; Google: Gmail SMTP errors; Microsoft: NDR 5.7.512",
        ..D
    },
    Diagnostic {
        code: "relay-denied",
        when: &[&["relay access denied", "relaying denied", "relay not permitted", "unable to relay", "relay denied", "not permitted to relay", "relaying not allowed", "relay not allowed", "we do not relay", "turn on smtp authentication", "unauthenticated senders", "must authenticate", "insecure mail relay"]],
        title: "Relaying denied",
        meaning: "The server would not pass the message on: you did not log in, or you sent to a server that does not handle the recipient's domain.",
        actor: Sender,
        steps: &[SUBMIT, "If you run the receiving server, add the recipient's domain to the domains it accepts mail for."],
        source: "RFC 5321 §3.6.2; RFC 6409 (submission, port 587)",
        ..D
    },
    Diagnostic {
        code: "sending-limit",
        when: &[&["submission quota", "relay quota", "sending limit", "sending quota", "too many messages sent"]],
        title: "Your sending limit is reached",
        meaning: "Your own account reached its provider's limit of messages or recipients per hour or day.",
        actor: Sender,
        steps: &["Wait until the limit resets, usually within a day, and send in smaller batches.", "For newsletters, use a mailing service rather than a personal mailbox.", "If you did not send much, your account may be hacked: change its password."],
        source: "Microsoft: Exchange Online NDR 5.2.2 (submission quota)",
        ..D
    },
    Diagnostic {
        code: "mailbox-full",
        same: &[(2, 2)],
        when: &[&["mailbox full", "mailbox is full", "inbox is full", "quota exceeded", "over quota", "exceeds quota", "quotaexceeded", "disk quota", "mailbox size limit", "exceeded storage allocation"]],
        title: "Recipient's mailbox full",
        meaning: "The recipient's mailbox is full.",
        actor: RecipientAdmin,
        steps: &[FULL],
        source: "RFC 3463 (X.2.2)",
        ..D
    },
    Diagnostic {
        code: "message-too-big",
        same: &[(2, 3), (3, 4)],
        when: &[&["size exceeds", "message too large", "message too big", "exceeds the maximum", "size limit", "message size", "too large", "message length exceeds"]],
        title: "Message too big",
        meaning: "The message with its attachments is bigger than the receiving server accepts.",
        actor: Sender,
        steps: &[SHRINK],
        source: "RFC 1870 (SIZE); RFC 3463 (X.3.4)",
        ..D
    },
    Diagnostic {
        code: "reverse-dns",
        same: &[(7, 25)],
        when: &[&["reverse dns", "ptr record", "rdns", "reverse lookup", "reverse-dns", "ip name lookup failed", "no ptr"]],
        title: "No valid reverse DNS for the sending IP",
        meaning: "The receiving server takes mail only from IPs with a proper reverse DNS (PTR) name that points back to the same IP.",
        steps: &[PTR, "Use a PTR name that looks like a mail server's (mail.example.com), not a generic dynamic one."],
        source: "RFC 1912 §2.1; RFC 8601 (iprev)",
        ..D
    },
    Diagnostic {
        code: "tls-required",
        same: &[(7, 10), (7, 11)],
        when: &[&["tls required", "requires tls", "tls is required", "must issue a starttls", "starttls first", "starttls required", "encryption required", "tls connection required", "requires encryption"]],
        title: "Encryption (TLS) required",
        meaning: "The receiving side insists on an encrypted connection, and this one was not encrypted, or its encryption failed.",
        steps: &[TLS, SUBMIT],
        source: "RFC 3207 (STARTTLS); RFC 8461 (MTA-STS)",
        ..D
    },
    Diagnostic {
        code: "greylisted",
        when: &[&["greylist", "graylist", "grey-list", "gray-list"]],
        title: "Greylisted: try again later",
        meaning: "The server refused the first attempt from an unfamiliar sender on purpose, and takes a retry after some minutes.",
        actor: Nobody,
        steps: &[WAIT, GREY_RETRY],
        source: "RFC 6647 (greylisting)",
        ..D
    },
    Diagnostic {
        code: "try-later",
        vague: true,
        when: &[&["try again later", "retry later", "try later"]],
        title: "Refused for now: try again later",
        meaning: "The server refused for the moment and asks to be tried again later: it is busy, has a passing problem, or greylists unfamiliar senders.",
        actor: Nobody,
        steps: &[WAIT, GREY_RETRY],
        source: "RFC 5321 §4.2.5; RFC 6647 (greylisting)",
        ..D
    },
    Diagnostic {
        code: "Amazon SES unverified",
        when: &[&["email address is not verified", "identities failed the check"]],
        title: "Amazon SES: sender not verified",
        meaning: "Amazon SES refused to send because the sender address or domain is not verified in this AWS region; in the SES sandbox, recipients must be verified too.",
        steps: &["Verify the sender address or domain in the Amazon SES console for this region, or request production access to leave the sandbox."],
        source: "Amazon SES: verified identities",
        ..D
    },
    Diagnostic {
        code: "no-connection",
        same: &[(4, 1), (4, 2)],
        when: &[&["connection timed out", "no route to host", "connection refused", "did not accept our requests to connect", "domain is not reachable"]],
        title: "Recipient's server could not be reached",
        meaning: "The sending server could not connect to the recipient's mail server: it is down, blocks connections, or the domain's MX record points to the wrong place.",
        actor: RecipientAdmin,
        steps: &[CHECK_DOMAIN, SERVER_FIX],
        source: "RFC 3463 (X.4.1, X.4.2); RFC 5321 §4.5.4",
        ..D
    },
    Diagnostic {
        code: "sender-rejected",
        same: &[(1, 7), (1, 8)],
        when: &[&["domain of sender address", "sender address rejected", "sender verify failed", "sender domain must exist", "sender domain does not exist"]],
        title: "Your sender address was refused",
        meaning: "The receiving server refused your sender address: its domain does not exist or cannot receive replies, or the server could not verify it.",
        steps: &[CHECK_FROM, FORWARD_ADMIN],
        source: "RFC 3463 (X.1.7, X.1.8)",
        ..D
    },
    Diagnostic {
        code: "host-unknown",
        same: &[(1, 2), (4, 4), (1, 10)],
        when: &[&["host not found", "domain not found", "dns domain", "host unknown", "unrouteable", "unroutable", "no mx", "name service error", "domain does not exist", "nxdomain", "no such domain", "doesn't receive email", "no relevant answers"]],
        title: "Recipient's domain not found",
        meaning: "The recipient's domain (after the @) does not exist or has no mail server.",
        actor: Sender,
        steps: &[CHECK_DOMAIN, ASK_ADDRESS],
        source: "RFC 5321 §5.1",
        ..D
    },
    Diagnostic {
        code: "user-unknown",
        same: &[(1, 1)],
        when: &[&["user unknown", "unknown user", "no such user", "unknown recipient", "recipient unknown", "mailbox not found", "no mailbox", "not exist", "doesn't exist", "invalid recipient", "invalid mailbox", "no such recipient", "user not found", "addressee unknown", "doesn't have a"]],
        title: "Recipient address does not exist",
        meaning: "The receiving server says there is no mailbox with this address.",
        actor: Sender,
        steps: &[CHECK_ADDRESS, ASK_ADDRESS],
        source: "RFC 3463 (X.1.1)",
        ..D
    },
    Diagnostic {
        code: "mailbox-disabled",
        same: &[(2, 1)],
        when: &[&["account is disabled", "mailbox disabled", "mailbox is disabled", "account disabled", "account has been disabled", "inactive", "deactivated", "suspended", "frozen"]],
        title: "Recipient's mailbox disabled",
        meaning: "The recipient's mailbox exists but is switched off: closed, suspended, or unused for a long time.",
        actor: RecipientAdmin,
        steps: &[ASK_ADDRESS, UPDATE_LIST],
        source: "RFC 3463 (X.2.1)",
        ..D
    },
    Diagnostic {
        code: "dmarc",
        when: &[&["dmarc policy", "dmarc verification", "does not pass dmarc", "dmarc reject", "failed dmarc", "dmarc check", "dmarc fail", "dmarc=fail", "not aligned"]],
        title: "DMARC check failed",
        meaning: "The message failed DMARC: neither SPF nor DKIM passed for a domain matching the From: address, and the domain's policy says to refuse it.",
        steps: &[DMARC, SPF, DKIM, SERVICE_AUTH],
        source: "RFC 7489 (DMARC)",
        ..D
    },
    Diagnostic {
        code: "spf",
        same: &[(7, 23), (7, 24)],
        when: &[&["spf fail", "failed spf", "spf check", "does not pass spf", "spf validation", "designated as permitted", "spf=fail", "bad spf", "per it's spf", "per its spf", "spf settings", "spf authentication"]],
        title: "SPF check failed",
        meaning: "The sending server is not allowed, or not clearly allowed, by the SPF record of the sender's domain.",
        steps: &[SPF, SPF_CHECK, SERVICE_AUTH],
        source: "RFC 7208 (SPF)",
        ..D
    },
    Diagnostic {
        code: "dkim",
        same: &[(7, 20), (7, 21), (7, 22)],
        when: &[&["dkim signature", "dkim fail", "dkim verification", "dkim=fail", "no valid dkim", "dkim check", "dkim authentication"]],
        title: "DKIM check failed",
        meaning: "The message's DKIM signature was missing, broken, or from a domain the receiver does not accept.",
        steps: &[DKIM, DMARC],
        source: "RFC 6376 (DKIM)",
        ..D
    },
    Diagnostic {
        code: "login-failed",
        same: &[(7, 8)],
        when: &[&["username and password not accepted", "authentication failed", "invalid credentials", "badcredentials", "authentication unsuccessful", "incorrect authentication data", "invalid login"]],
        title: "Login to the outgoing server failed",
        meaning: "Your mail program could not log in to its outgoing server.",
        actor: Sender,
        steps: &[LOGIN, SUBMIT],
        source: "RFC 4954 §6 (535 5.7.8)",
        ..D
    },
    Diagnostic {
        code: "virus",
        when: &[&["virus detected", "contains a virus", "virus found in", "infected with", "malware", "malicious"]],
        title: "Virus or dangerous content found",
        meaning: "A scanner at the receiving side found, or suspects, something dangerous in the message.",
        actor: Sender,
        steps: &["Scan the attachment and your computer with up-to-date antivirus software.", "Share files as a download link rather than attaching programs, scripts or macro documents."],
        source: "RFC 3463 (X.7.1)",
        ..D
    },
    Diagnostic {
        code: "rate-limited",
        same: &[(7, 28)],
        when: &[&["rate limit", "ratelimit", "too many connections", "too many messages", "throttl", "exceeded the rate", "sending rate", "too fast", "frequency limited"]],
        title: "Sending too fast",
        meaning: "The receiving server limits how fast it takes mail from you, and you went over.",
        actor: Nobody,
        steps: &[WAIT, SLOW],
        source: "RFC 3463 (X.7.28, X.4.5)",
        ..D
    },
    Diagnostic {
        code: "spam",
        when: &[&["spam", "unsolicited", "content rejected", "junk"]],
        title: "Refused as spam",
        meaning: "The receiving filter judged the message to be spam, from its content or your sending reputation.",
        steps: &[CONTENT, CLEAN_LIST, DMARC],
        source: "RFC 3463 (X.7.1)",
        ..D
    },
];

/// The first diagnostic that matches, unless `best` (the reply's enhanced code) says as much;
/// with whether the diagnostic is the vendor's own meaning of `best` itself.
pub(super) fn find(lower: &str, found: &[Status], best: Option<Status>) -> Option<(Explanation, bool)> {
    let pairs = BytePairs::of(lower);
    let covers = |(subject, lo, hi): (u16, u16, u16), s: &Status| s.subject == subject && (lo..=hi).contains(&s.detail);
    let d = DIAGNOSTICS.iter().find(|d| {
        let status_ok = d.status.is_none_or(|range| found.iter().any(|s| covers(range, s)));
        status_ok && d.when.iter().all(|group| group.iter().any(|p| pairs.contains(lower, p)))
    })?;
    let says_as_much = best.is_some_and(|b| {
        d.same.contains(&(b.subject, b.detail)) || (d.vague && (b.subject, b.detail) != (0, 0))
    });
    let redefines = d.status.zip(best).is_some_and(|(range, b)| covers(range, &b));
    (!says_as_much).then(|| (explanation(d), redefines))
}

pub(super) fn all() -> impl Iterator<Item = Explanation> {
    DIAGNOSTICS.iter().map(explanation)
}

fn explanation(d: &Diagnostic) -> Explanation {
    Explanation {
        code: d.code.into(),
        title: d.title.into(),
        meaning: d.meaning.into(),
        actor: d.actor,
        steps: d.steps.iter().map(|s| s.to_string()).collect(),
        source: d.source.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_complete_and_matchable() {
        for d in DIAGNOSTICS {
            assert!(!d.code.is_empty() && !d.title.is_empty() && !d.meaning.is_empty(), "{}", d.code);
            assert!(!d.steps.is_empty() && !d.source.is_empty(), "{}", d.code);
            assert!(d.status.is_some() || !d.when.is_empty(), "{} would match anything", d.code);
            for group in d.when {
                assert!(!group.is_empty(), "{}", d.code);
                for p in *group {
                    assert_eq!(*p, p.to_ascii_lowercase(), "{}: phrases are matched lower-case", d.code);
                }
            }
        }
        let mut codes: Vec<_> = DIAGNOSTICS.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), DIAGNOSTICS.len(), "codes are unique");
    }

    #[test]
    fn text_that_repeats_the_code_adds_nothing() {
        let codes = |t: &str| super::super::explain(t).into_iter().map(|e| e.code).collect::<Vec<_>>();
        assert_eq!(codes("550 5.1.1 User unknown"), ["5.1.1", "550"]);
        assert_eq!(codes("550 User unknown"), ["user-unknown", "550"]);
        assert_eq!(codes("552 5.2.2 Mailbox full"), ["5.2.2", "552"]);
        assert_eq!(codes("554 5.7.1 Relay access denied")[0], "relay-denied");
    }
}
