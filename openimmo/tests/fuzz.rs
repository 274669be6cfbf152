//! Hostile input: random bytes, mutated fixtures, nesting and size bombs.
//! The reader must return (Ok or a located error), never panic, and stay
//! within its limits.
use openimmo::zip::read_zip;
use openimmo::*;
use proptest::prelude::*;

fn fixtures() -> Vec<Vec<u8>> {
    let dir = format!("{}/../tests/data/openimmo", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml" || e == "zip"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    out.sort();
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, &'static str),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let snippets = prop::sample::select(vec![
        "<", ">", "</", "/>", "&", "&amp;", "&#0;", "&#xD800;", "<![CDATA[", "]]>", "\"", "<immobilie>",
        "</immobilie>", "<preise><kaufpreis>1,5</kaufpreis></preise>", "<?xml version='1.0' encoding='latin1'?>",
        "\u{feff}", "\u{0}", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "<aktion aktionart='KAPUTT'/>",
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 0usize..200).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 0usize..400).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        (any::<usize>(), snippets).prop_map(|(i, s)| Mutation::Insert(i, s)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match *m {
        Mutation::Flip(i, b) => {
            if !bytes.is_empty() {
                bytes[i % len] ^= b;
            }
        }
        Mutation::Delete(i, n) => {
            let start = i % len;
            let end = (start + n).min(bytes.len());
            if start < end {
                bytes.drain(start..end);
            }
        }
        Mutation::Duplicate(i, n) => {
            let start = (i % len).min(bytes.len());
            let end = (start + n).min(bytes.len());
            let piece = bytes[start..end].to_vec();
            bytes.splice(end..end, piece);
        }
        Mutation::Insert(i, s) => {
            let at = (i % len).min(bytes.len());
            bytes.splice(at..at, s.bytes());
        }
        Mutation::Truncate(i) => bytes.truncate(i % len),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = parse(&bytes);
        let _ = read_zip(&bytes, &Limits::default());
    }

    #[test]
    fn mutated_fixtures_never_panic(which in any::<prop::sample::Index>(), ms in prop::collection::vec(mutation(), 1..8)) {
        let all = fixtures();
        let mut bytes = all[which.index(all.len())].clone();
        for m in &ms {
            apply(&mut bytes, m);
        }
        match parse(&bytes) {
            Ok(p) => {
                // Whatever was read writes and reads back the same.
                let again = parse(write(&p.document).as_bytes()).unwrap();
                prop_assert_eq!(again.document, p.document);
            }
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
        let _ = read_zip(&bytes, &Limits::default());
    }
}

#[test]
fn nesting_bomb_is_refused_at_the_depth_limit() {
    let mut xml = String::from("<openimmo>");
    for _ in 0..100_000 {
        xml.push_str("<a>");
    }
    let e = parse(xml.as_bytes()).unwrap_err();
    assert!(e.message.contains("deeper than 32"), "{e}");
    assert_eq!(e.line, 1);
}

#[test]
fn oversized_text_and_input_are_refused() {
    let big = "x".repeat(2 << 20);
    let xml = format!("<openimmo><anbieter><immobilie><freitexte><lage>{big}</lage></freitexte></immobilie></anbieter></openimmo>");
    let e = parse(xml.as_bytes()).unwrap_err();
    assert_eq!(e.element.as_deref(), Some("lage"), "{e}");
    assert!(e.message.contains("longer than 1048576"), "{e}");

    let limits = Limits { max_input_bytes: 1000, ..Limits::default() };
    let e = parse_with(&[b' '; 1001], &limits).unwrap_err();
    assert_eq!(e.line, 0);
    assert!(e.message.contains("limit of 1000 bytes"), "{e}");
}

#[test]
fn too_many_elements_in_one_listing_or_listings_are_refused() {
    let mut xml = String::from("<openimmo><anbieter><immobilie><freitexte>");
    for _ in 0..20_000 {
        xml.push_str("<x/>");
    }
    xml.push_str("</freitexte></immobilie></anbieter></openimmo>");
    assert!(parse(xml.as_bytes()).unwrap_err().message.contains("more than 10000 elements"));

    let limits = Limits { max_listings: 2, ..Limits::default() };
    let one = "<immobilie><freitexte><objekttitel>T</objekttitel></freitexte></immobilie>";
    let xml = format!("<openimmo><anbieter>{one}{one}{one}</anbieter></openimmo>");
    assert!(parse_with(xml.as_bytes(), &limits).unwrap_err().message.contains("more than 2 listings"));
}

#[test]
fn entity_expansion_is_not_performed() {
    let xml = "<!DOCTYPE openimmo [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;'>]>\
               <openimmo><anbieter><immobilie><freitexte><objekttitel>&lol2;</objekttitel></freitexte></immobilie></anbieter></openimmo>";
    let e = parse(xml.as_bytes()).unwrap_err();
    assert!(e.message.contains("&lol2;"), "{e}");
}

#[test]
fn warnings_are_capped() {
    let bad = "<immobilie><preise><kaufpreis>viel</kaufpreis></preise><freitexte><objekttitel>T</objekttitel></freitexte></immobilie>";
    let xml = format!("<openimmo><anbieter>{}</anbieter></openimmo>", bad.repeat(1_500));
    let p = parse(xml.as_bytes()).unwrap();
    assert_eq!(p.report.warnings.len(), 1_000);
    assert_eq!(p.report.warnings_dropped, 500);
    assert!(p.report.warnings[0].message.contains("\"viel\" is not a number"));
    assert_eq!(p.report.listings, 1_500);
}
