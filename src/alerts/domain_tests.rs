//! Unit tests of `alerts::domain`, kept apart so the domain file stays short.
use super::*;

#[test]
fn a_name_left_empty_is_the_summary_shortened_to_fit() {
    assert_eq!(parse_name("  Meine Suche ", "egal").unwrap(), "Meine Suche");
    assert_eq!(parse_name("", " Wohnung · Mitte ").unwrap(), "Wohnung · Mitte");
    let long = format!("Dachdecker · nur {}", "Sehr Lange Firmenbezeichnung GmbH & Co. KG ".repeat(3));
    let name = parse_name(" ", &long).unwrap();
    assert!(name.chars().count() <= NAME_MAX_CHARS && name.chars().count() > NAME_MAX_CHARS - 3, "{name}");
    assert!(name.starts_with("Dachdecker · nur Sehr Lange") && name.ends_with('…'), "{name}");
    // A name typed is refused, not cut, when too long.
    assert!(parse_name(&"x".repeat(NAME_MAX_CHARS + 1), "egal").is_err());
    assert!(parse_name("a\u{7}b", "egal").is_err());
}

#[test]
fn numbers_go_back_into_the_url_as_residents_type_them() {
    assert_eq!(decimal(120_000, 2), "1200");
    assert_eq!(decimal(4990, 2), "49,9");
    assert_eq!(decimal(25, 1), "2,5");
    assert_eq!(decimal(45, 1), "4,5");
    for (v, scale) in [(120_000, 2), (4990, 2), (25, 1), (6050, 2)] {
        assert_eq!(crate::i18n::parse_decimal(&decimal(v, scale), scale), Some(v));
    }
}

#[test]
fn mails_keep_their_interval() {
    let now = Utc::now();
    assert!(Frequency::Instant.due(None, now));
    assert!(!Frequency::Instant.due(Some(now - Duration::minutes(59)), now));
    assert!(Frequency::Instant.due(Some(now - Duration::minutes(60)), now));
    assert!(!Frequency::Daily.due(Some(now - Duration::hours(23)), now));
    assert!(Frequency::Weekly.due(Some(now - Duration::days(7)), now));
    assert!(!Frequency::App.due(None, now));
    assert_eq!(Frequency::parse(" weekly "), Some(Frequency::Weekly));
    assert_eq!(Frequency::parse("hourly"), None);
}

#[test]
fn what_counts_as_news() {
    assert_eq!(classify(None, "published", Some(100)), Event::Published { again: false });
    assert_eq!(classify(None, "draft", Some(100)), Event::Quiet);
    assert_eq!(classify(Some(("draft", Some(100))), "published", Some(100)), Event::Published { again: false });
    assert_eq!(classify(Some(("archived", Some(100))), "published", Some(100)), Event::Published { again: true });
    assert_eq!(classify(Some(("hidden", Some(100))), "published", Some(100)), Event::Published { again: true });
    assert_eq!(classify(Some(("published", Some(100))), "published", Some(90)), Event::PriceDrop { from: 100, to: 90 });
    assert_eq!(classify(Some(("published", Some(100))), "published", Some(110)), Event::Quiet);
    assert_eq!(classify(Some(("published", None)), "published", Some(110)), Event::Quiet);
    assert_eq!(classify(Some(("published", Some(100))), "archived", Some(100)), Event::Gone);
    assert_eq!(classify(Some(("draft", Some(100))), "draft", Some(50)), Event::Quiet);
}

#[test]
fn a_drop_is_news_only_when_it_enters_the_range() {
    let q = SavedQuery { extra: ExtraFilters { price_to_cents: Some(90_000), ..Default::default() }, ..Default::default() };
    assert!(q.drop_enters_range(95_000, 89_000));
    assert!(!q.drop_enters_range(89_000, 85_000), "was in range already");
    assert!(!q.drop_enters_range(120_000, 95_000), "still above");
    assert!(!SavedQuery::default().drop_enters_range(100, 90), "no range: the offer was found when it appeared");
}

#[test]
fn a_provider_narrowed_search_is_stored_and_older_ones_read_as_before() {
    let q = SavedQuery { provider_id: Some(7), text: Some("dach".into()), ..Default::default() };
    let json = serde_json::to_string(&q).unwrap();
    assert_eq!(serde_json::from_str::<SavedQuery>(&json).unwrap(), q);
    // Stored before the field existed; and stored as then, if not narrowed.
    let old = serde_json::to_string(&SavedQuery { text: Some("dach".into()), ..Default::default() }).unwrap();
    assert!(!old.contains("provider_id"), "{old}");
    assert_eq!(serde_json::from_str::<SavedQuery>(&old).unwrap().provider_id, None);
}

#[test]
fn favourites_hear_once_a_day_and_never_twice_for_one_price() {
    let now = Utc::now();
    let drop = Event::PriceDrop { from: 100, to: 90 };
    assert!(favourite_alert(drop, None, None, now));
    assert!(!favourite_alert(drop, Some(90), Some(now - Duration::days(3)), now), "same price again");
    assert!(!favourite_alert(Event::PriceDrop { from: 90, to: 80 }, Some(90), Some(now - Duration::hours(2)), now), "within a day");
    assert!(favourite_alert(Event::PriceDrop { from: 90, to: 80 }, Some(90), Some(now - Duration::hours(25)), now));
    assert!(favourite_alert(Event::Gone, None, None, now));
    assert!(favourite_alert(Event::Published { again: true }, None, None, now));
    assert!(!favourite_alert(Event::Published { again: false }, None, None, now));
}
