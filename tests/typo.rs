//! Typo hints for recipient domains: the slips people make, and domains that must stay alone.

use mxray::typo::suggest_domain;
use proptest::prelude::*;

fn check(input: &str, expected: Option<&str>) {
    assert_eq!(suggest_domain(input), expected, "suggest_domain({input:?})");
}

#[test]
fn keyboard_slips_get_the_provider() {
    for (typo, meant) in [
        ("gnail.com", "gmail.com"),
        ("gmial.com", "gmail.com"),
        ("gmai.com", "gmail.com"),
        ("gmaill.com", "gmail.com"),
        ("hotmial.com", "hotmail.com"),
        ("hotmai.com", "hotmail.com"),
        ("yaho.com", "yahoo.com"),
        ("yahooo.com", "yahoo.com"),
        ("outlok.com", "outlook.com"),
        ("outloo.com", "outlook.com"),
        ("iclod.com", "icloud.com"),
        ("seznan.cz", "seznam.cz"),
        ("sezman.cz", "seznam.cz"),
        ("wbe.de", "web.de"),
        ("gmx.ner", "gmx.net"),
        ("t-onlien.de", "t-online.de"),
        ("tonline.de", "t-online.de"),
        ("centurm.cz", "centrum.cz"),
        ("protonmial.com", "protonmail.com"),
        ("yandex.rj", "yandex.ru"),
        ("librero.it", "libero.it"),
        ("googlemial.com", "googlemail.com"),
    ] {
        check(typo, Some(meant));
    }
}

#[test]
fn wrong_top_level_domains_get_the_provider() {
    for (typo, meant) in [
        ("gmail.co", "gmail.com"),
        ("gmail.con", "gmail.com"),
        ("gmail.cz", "gmail.com"),
        ("gmail.de", "gmail.com"),
        ("hotmail.cm", "hotmail.com"),
        ("hotmail.co", "hotmail.com"),
        ("yahoo.cmo", "yahoo.com"),
        ("aol.con", "aol.com"),
        ("seznam.com", "seznam.cz"),
        ("gmailcom", "gmail.com"),
        ("hotmaill.con", "hotmail.com"),
    ] {
        check(typo, Some(meant));
    }
}

#[test]
fn known_and_unrelated_domains_get_nothing() {
    for domain in [
        "gmail.com", "googlemail.com", "yahoo.co.uk", "hotmail.de", "outlook.com", "live.com", "msn.com",
        "icloud.com", "me.com", "aol.com", "gmx.net", "gmx.de", "web.de", "t-online.de", "seznam.cz",
        "email.cz", "centrum.cz", "post.cz", "protonmail.com", "proton.me", "mail.ru", "yandex.ru",
        "orange.fr", "free.fr", "libero.it", "mail.com", "email.com",
        // Unrelated domains, some a single edit from a short provider name.
        "example.com", "company.cz", "example.org", "firma.de", "university.edu", "ms.com", "aon.com",
        "man.com", "web.com", "gmc.de", "orange.be", "hotmail.be", "yahoo.dk", "outlook.sk", "",
        ".", "@", "com", "localhost",
    ] {
        check(domain, None);
    }
}

#[test]
fn case_trailing_dot_and_address_are_ignored() {
    check("GMAIL.COM", None);
    check("gmail.com.", None);
    check("Gnail.Com.", Some("gmail.com"));
    check("  HOTMIAL.COM ", Some("hotmail.com"));
    check("someone@gnail.com", Some("gmail.com"));
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = suggest_domain(&text);
    }

    #[test]
    fn hints_are_never_the_input(text in "[a-z.\\-]{1,20}") {
        if let Some(hint) = suggest_domain(&text) {
            prop_assert_ne!(hint, text.trim_end_matches('.'));
        }
    }
}
