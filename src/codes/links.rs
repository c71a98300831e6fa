//! Which addresses in a server's words the page makes links: `https:` URLs on the hosts where
//! mail providers and blocklists publish their senders' help. Anything else (plain `http:`, an
//! unknown host, a look-alike such as `microsoft.com.example`) stays text: a bounce is untrusted
//! input and its words may point anywhere.

/// The hosts (and their subdomains) whose `https:` pages are linked. Each is where the vendor
/// publishes what its refusals mean and how to be delisted; its own bounces point there.
const HELP_HOSTS: &[&str] = &[
    // Microsoft: aka.ms short links and go.microsoft.com in Exchange Online's NDRs,
    // sendersupport.olc.protection.outlook.com (Outlook.com's sender support), learn.microsoft.com.
    "aka.ms",
    "microsoft.com",
    "office.com",
    "outlook.com",
    // Google: support.google.com/mail/?p=… in every Gmail refusal.
    "support.google.com",
    // Yahoo and AOL: senders.yahooinc.com, postmaster.verizonmedia.com (its former name).
    "yahooinc.com",
    "verizonmedia.com",
    "postmaster.aol.com",
    "help.yahoo.com",
    // Apple (iCloud Mail's postmaster page), Comcast, Cox, Charter/Spectrum, AT&T.
    "support.apple.com",
    "postmaster.comcast.net",
    "cox.com",
    "spectrum.net",
    "att.com",
    // Blocklists and filtering vendors named in refusals.
    "spamhaus.org",
    "spamcop.net",
    "barracudacentral.org",
    "proofpoint.com",
    "mimecast.com",
    "talosintelligence.com",
    "trendmicro.com",
    // European and other providers (their postmaster pages).
    "postmaster.t-online.de",
    "web.de",
    "gmx.net",
    "gmx.de",
    "gmx.com",
    "seznam.cz",
    "service.mail.qq.com",
    "yandex.ru",
    "yandex.com",
    "mail.ru",
    "orange.fr",
    "free.fr",
    "zoho.com",
    "fastmail.com",
    "proton.me",
    // The standards the words cite.
    "rfc-editor.org",
    "datatracker.ietf.org",
];

/// `text` cut into pieces, each with the link it is, if it is one: the pieces joined give
/// `text` back unchanged.
pub fn split_links(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = find_ascii_case(rest, "https://") {
        let url = url_at(&rest[at..]);
        if is_help_link(url) {
            if at > 0 {
                out.push((&rest[..at], false));
            }
            out.push((url, true));
        } else {
            out.push((&rest[..at + url.len()], false));
        }
        // `url` is at least `https://` itself: the loop moves on.
        rest = &rest[at + url.len()..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push((rest, false));
    }
    out
}

/// Whether `url` (from `https://` on) is on one of [`HELP_HOSTS`].
pub fn is_help_link(url: &str) -> bool {
    let Some(after) = url.get("https://".len()..) else { return false };
    if !url[.."https://".len()].eq_ignore_ascii_case("https://") {
        return false;
    }
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let host = &after[..end];
    // No user part, no port: `https://microsoft.com@evil.example/` is not Microsoft's.
    if host.is_empty() || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') {
        return false;
    }
    let host = host.to_ascii_lowercase();
    HELP_HOSTS.iter().any(|known| {
        host == *known || host.strip_suffix(known).is_some_and(|sub| sub.ends_with('.'))
    })
}

/// The URL that starts `text`: up to a space, a quote or a bracket, without trailing punctuation.
fn url_at(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']'))
        .unwrap_or(text.len());
    text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?'])
}

fn find_ascii_case(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_hosts_are_links_and_the_rest_text() {
        let words = "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact \
                     your Internet service provider since part of their network is on our block \
                     list (S3150). You can also refer your provider to \
                     http://mail.live.com/mail/troubleshooting.aspx#errors. See \
                     https://aka.ms/Exchange-NDR, https://support.google.com/mail/?p=NoSuchUser.";
        let pieces = split_links(words);
        assert_eq!(pieces.iter().map(|p| p.0).collect::<String>(), words, "nothing is lost");
        let links: Vec<&str> = pieces.iter().filter(|p| p.1).map(|p| p.0).collect();
        assert_eq!(links, ["https://aka.ms/Exchange-NDR", "https://support.google.com/mail/?p=NoSuchUser"]);
        for not in [
            "https://microsoft.com.evil.example/x",
            "https://evilmicrosoft.com/",
            "https://microsoft.com@evil.example/",
            "https://support.google.com:8443/",
            "http://support.google.com/",
            "https://",
        ] {
            assert!(!is_help_link(not), "{not}");
            assert!(split_links(not).iter().all(|p| !p.1), "{not}");
        }
        assert!(is_help_link("HTTPS://Sendersupport.OLC.protection.outlook.com/pm/"));
        assert_eq!(split_links(""), [("", false)]);
    }
}
