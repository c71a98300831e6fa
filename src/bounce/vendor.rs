//! Which mail system wrote a report, from the words and fields it always writes.

/// Where a signature is looked for.
#[derive(Clone, Copy)]
enum Place {
    /// The human-readable notice.
    Notice,
    /// The report's sender address.
    From,
    /// The report's own header section (not its Received fields).
    Header,
}

/// Signatures (lower-cased substrings) and the mail system they identify; the first match in
/// table order wins, so specific signatures come before general ones.
const SIGNATURES: &[(Place, &str, &str)] = &[
    (Place::Notice, "this is the qmail-send program", "qmail"),
    (Place::Notice, "dragonfly mail agent", "DragonFly Mail Agent"),
    (Place::Notice, "interscan", "Trend Micro InterScan"),
    (Place::Notice, "m-filter", "m-FILTER"),
    (Place::Notice, "groups.google.com", "Google Groups"),
    (Place::Notice, "google groups", "Google Groups"),
    (Place::Notice, "google tried to deliver", "Gmail"),
    (Place::Notice, "diagnostic information for administrators", "Microsoft Exchange Online / Office 365"),
    (Place::Notice, "msexch", "Microsoft Exchange 2003"),
    (Place::Notice, "domino directory", "IBM Domino"),
    (Place::Notice, "lotus", "IBM Lotus Notes"),
    (Place::Notice, "mail.ru", "Mail.ru"),
    (Place::Notice, "au one net", "KDDI au"),
    (Place::Notice, "postmaster.1and1.com", "1&1 IONOS"),
    (Place::Notice, "this is the postfix program", "Postfix"),
    (Place::Notice, "this is the mail system at host", "Postfix"),
    (Place::Notice, "courier mail server", "Courier"),
    (Place::Notice, "this is a delivery status notification from", "Courier"),
    (Place::Notice, "created automatically by mail delivery software", "Exim"),
    (Place::Notice, "----- transcript of session follows -----", "Sendmail"),
    (Place::Notice, "the original message was received at", "Sendmail"),
    (Place::Notice, "sorry, we were unable to deliver your message", "Yahoo"),
    (Place::Notice, "amavis", "amavisd-new"),
    (Place::Notice, "mcafee", "McAfee"),
    (Place::Notice, "mimecast", "Mimecast"),
    (Place::Notice, "barracuda", "Barracuda"),
    (Place::Notice, "mxlogic", "MX Logic"),
    (Place::Notice, "sendgrid", "SendGrid"),
    (Place::From, "mailer-daemon@googlemail.com", "Gmail"),
    (Place::From, "amazonses.com", "Amazon SES / WorkMail"),
    (Place::From, "mail.ru", "Mail.ru"),
    (Place::From, "gmx.", "GMX"),
    (Place::From, "yahoo", "Yahoo"),
    (Place::From, "zoho.com", "Zoho Mail"),
    (Place::From, "biglobe.ne.jp", "BIGLOBE"),
    (Place::From, "ezweb.ne.jp", "au (EZweb)"),
    (Place::From, "dion.ne.jp", "KDDI au"),
    (Place::From, "yandex", "Yandex"),
    (Place::From, "vtext.com", "Verizon"),
    (Place::Header, "x-postfix", "Postfix"),
    (Place::Header, "x-failed-recipients", "Exim"),
    (Place::Header, "x-ms-exchange", "Microsoft Exchange"),
    (Place::Header, "x-mailer: active!hunter", "Active!Hunter"),
    (Place::Header, "x-ses-outgoing", "Amazon SES"),
    (Place::Header, "x-sendgrid", "SendGrid"),
    (Place::Header, "powermta", "PowerMTA"),
    (Place::Header, "x-mailer: imail", "IMail Server"),
];

/// Reasons some systems always mean when their notice has no code to read.
const USUAL_REASONS: &[(&str, &str)] = &[
    // Google Groups refuses posts from non-members or to groups that do not exist.
    ("Google Groups", "rejected"),
];

/// The reason a reporting system always means, if it has one.
pub(crate) fn usual_reason(vendor: &str) -> Option<&'static str> {
    USUAL_REASONS.iter().find(|(v, _)| *v == vendor).map(|(_, r)| *r)
}

/// Most characters of the notice searched for signatures.
const MAX_NOTICE: usize = 16 * 1024;

/// The mail system that wrote the report, when a signature gives it away.
pub(crate) fn recognise(header_text: &str, from: Option<&str>, notice: &str) -> Option<String> {
    let notice = lower_prefix(notice, MAX_NOTICE);
    let header: String = header_text
        .to_lowercase()
        .lines()
        .filter(|l| !l.starts_with("received:") && !l.starts_with([' ', '\t']))
        .collect::<Vec<_>>()
        .join("\n");
    let from = from.unwrap_or("").to_lowercase();
    SIGNATURES
        .iter()
        .find(|(place, needle, _)| match place {
            Place::Notice => notice.contains(needle),
            Place::From => from.contains(needle),
            Place::Header => header.contains(needle),
        })
        .map(|(_, _, name)| name.to_string())
}

fn lower_prefix(s: &str, max: usize) -> String {
    let end = s.char_indices().nth(max).map_or(s.len(), |(i, _)| i);
    s[..end].to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendors_by_signature() {
        let v = |h: &str, f: &str, n: &str| recognise(h, Some(f), n);
        assert_eq!(v("", "", "Hi. This is the qmail-send program at x."), Some("qmail".into()));
        assert_eq!(v("X-Postfix-Queue-ID: 1\n", "", ""), Some("Postfix".into()));
        assert_eq!(v("Received: by x (Postfix)\n", "", ""), None);
        assert_eq!(v("", "mailer-daemon@googlemail.com", ""), Some("Gmail".into()));
    }
}
