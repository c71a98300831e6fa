//! Typo hints for recipient domains (gnail.com → gmail.com), offline.
//!
//! The table holds the big mailbox providers of mxray's audiences (international, Czech, German
//! and more). A domain gets a hint when it is a likely slip of one of them: a Damerau edit
//! (insert, delete, substitute, swap of neighbours; two for longer names) or a mistyped generic
//! top-level domain. Real domains in the table never get a hint, a country domain is never
//! "corrected" to another country's, and short names get only the safest kinds of slip.

/// Mail domains: hint targets, and real domains that must never be "corrected".
const DOMAINS: &[&str] = &[
    // The most used first: ties go to the earlier entry.
    "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com",
    "live.com", "msn.com", "me.com", "mac.com", "googlemail.com", "ymail.com", "rocketmail.com",
    "yahoo.co.uk", "hotmail.co.uk", "live.co.uk", "outlook.co.uk", "btinternet.com",
    "gmx.net", "gmx.de", "gmx.at", "gmx.ch", "gmx.com", "web.de", "t-online.de", "freenet.de",
    "arcor.de", "posteo.de", "mailbox.org", "yahoo.de", "hotmail.de", "outlook.de", "live.de",
    "seznam.cz", "email.cz", "centrum.cz", "post.cz", "atlas.cz", "volny.cz", "tiscali.cz",
    "quick.cz", "outlook.cz", "centrum.sk", "azet.sk", "zoznam.sk",
    "protonmail.com", "protonmail.ch", "proton.me", "pm.me", "tutanota.com", "tuta.io",
    "fastmail.com", "zoho.com", "mail.com", "email.com",
    "mail.ru", "inbox.ru", "list.ru", "bk.ru", "yandex.ru", "yandex.com", "ya.ru", "rambler.ru",
    "orange.fr", "free.fr", "wanadoo.fr", "laposte.net", "sfr.fr", "yahoo.fr", "hotmail.fr",
    "outlook.fr", "live.fr", "libero.it", "virgilio.it", "alice.it", "tiscali.it", "yahoo.it",
    "hotmail.it", "outlook.it", "wp.pl", "onet.pl", "o2.pl", "interia.pl", "yahoo.es",
    "hotmail.es", "outlook.es", "bluewin.ch", "qq.com", "163.com", "naver.com",
];

/// Whether `domain` (lower case) is one of the big mailbox providers' own domains.
pub fn is_provider_domain(domain: &str) -> bool {
    DOMAINS.contains(&domain)
}

/// Names used for mail under one top-level domain only, so `name.<any other>` is a slip.
const SINGLE_TLD: &[&str] = &["gmail.com", "googlemail.com", "icloud.com", "seznam.cz", "t-online.de"];

/// The domain the user probably meant, when `domain` looks like a typo of a well-known one.
///
/// Case-insensitive; a trailing dot and anything up to an `@` are ignored.
pub fn suggest_domain(domain: &str) -> Option<&'static str> {
    let domain = domain.trim();
    let domain = domain.rsplit('@').next().unwrap_or(domain).trim_end_matches('.').to_ascii_lowercase();
    if domain.is_empty() || domain.len() > 64 || DOMAINS.contains(&domain.as_str()) {
        return None;
    }
    let (name, tld) = domain.split_once('.').unwrap_or((&domain, ""));
    let tld_exists = real_tld(tld);
    let mut best: Option<(usize, &'static str)> = None;
    for &known in DOMAINS {
        let Some((known_name, known_tld)) = known.split_once('.') else { continue };
        let distance = if name == known_name && SINGLE_TLD.contains(&known) && plausible_tld(tld) {
            1
        } else {
            // Providers live under many country domains (hotmail.de, hotmail.be, hotmail.dk):
            // a country domain is never "corrected" to another one that exists.
            if tld != known_tld && !matches!(known_tld, "com" | "net" | "co.uk") && tld_exists {
                continue;
            }
            // The distance is at least the difference in length: skip what cannot be allowed
            // before measuring it.
            let gap = domain.chars().count().abs_diff(known.chars().count());
            let allowed = match known_name.len() {
                0..=3 => slip_of_short(name, tld, known_name, known_tld).then(|| damerau(&domain, known)),
                4..=5 => (gap <= 1).then(|| damerau(&domain, known)).filter(|&d| d <= 1),
                _ => (gap <= 2)
                    .then(|| damerau(&domain, known))
                    .filter(|&d| d <= 1 || (d == 2 && damerau(tld, known_tld) <= 1)),
            };
            let Some(distance) = allowed else { continue };
            distance
        };
        if best.is_none_or(|(b, _)| distance < b) {
            best = Some((distance, known));
        }
    }
    best.map(|(_, known)| known)
}

/// Country and the oldest generic top-level domains, two letters or three, space-separated.
const REAL_TLDS: &str = "com net org edu gov mil int \
    ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo bq br \
    bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec \
    ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk \
    hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la \
    lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my \
    mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro \
    rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk \
    tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";

/// True when the last label of `tld` is an existing country or classic generic top-level domain.
fn real_tld(tld: &str) -> bool {
    let last = tld.rsplit('.').next().unwrap_or(tld);
    (2..=3).contains(&last.len()) && REAL_TLDS.split_ascii_whitespace().any(|t| t == last)
}

/// Letters only, two to six of them: what a top-level domain typed by hand looks like.
fn plausible_tld(tld: &str) -> bool {
    (2..=6).contains(&tld.len()) && tld.bytes().all(|b| b.is_ascii_lowercase())
}

/// For names of three letters or fewer (gmx, web, aol), other real domains lie one edit away,
/// so only two slips count: two neighbouring letters swapped in the name (wbe.de), or the name
/// right and the top-level domain one edit off (gmx.ner).
fn slip_of_short(name: &str, tld: &str, known_name: &str, known_tld: &str) -> bool {
    if name == known_name {
        return !tld.is_empty() && damerau(tld, known_tld) == 1;
    }
    tld == known_tld && name.len() == known_name.len() && damerau(name, known_name) == 1 && {
        let diff: Vec<_> = name.bytes().zip(known_name.bytes()).filter(|(a, b)| a != b).collect();
        diff.len() == 2 && diff[0] == (diff[1].1, diff[1].0)
    }
}

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbouring
/// characters (optimal string alignment), over characters.
fn damerau(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * width + j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_swaps_as_one() {
        assert_eq!(damerau("gmial", "gmail"), 1);
        assert_eq!(damerau("gnail.com", "gmail.com"), 1);
        assert_eq!(damerau("", "abc"), 3);
        assert_eq!(damerau("abc", ""), 3);
        assert_eq!(damerau("kitten", "sitting"), 3);
        // Optimal string alignment: a swapped pair is not edited again.
        assert_eq!(damerau("ca", "abc"), 3);
        assert_eq!(damerau("ünïcode", "unicöde"), 3);
        // Long inputs.
        assert_eq!(damerau(&"ab".repeat(60), &"ba".repeat(60)), 2);
        assert_eq!(damerau(&"ab".repeat(60), &"ab".repeat(59)), 2);
        assert_eq!(damerau(&"a".repeat(100), &"a".repeat(99)), 1);
        assert_eq!(damerau("abc", "abc"), 0);
    }

    #[test]
    fn table_is_unique_and_lower_case() {
        let mut all = DOMAINS.to_vec();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), DOMAINS.len());
        assert!(DOMAINS.iter().all(|d| *d == d.to_ascii_lowercase() && d.contains('.')));
        assert!(SINGLE_TLD.iter().all(|d| DOMAINS.contains(d)));
    }
}
