//! Side-by-side comparison, on SQLite and PostgreSQL.
#![cfg(feature = "ssr")]
mod common;

use chrono::{Duration, Utc};
use common::{fixtures, spawn_app, Seed};

#[tokio::test]
async fn compares_offers_of_one_category_and_marks_the_best() {
    let app = spawn_app(Seed::Empty).await;
    let at = Utc::now() - Duration::days(1);
    let a = fixtures::provider(&app.db, "Dach Alpha", "private", at).await;
    let b = fixtures::provider(&app.db, "Dach Beta", "municipal", at).await;
    let o1 = fixtures::offer(&app.db, a, 14, "Dachcheck Alpha", Some(12_000), at).await;
    let o2 = fixtures::offer(&app.db, b, 14, "Dachcheck Beta", Some(9_900), at).await;
    let other = fixtures::offer(&app.db, a, 2, "Wohnung Alpha", Some(100_000_00), at).await;

    let (status, html) = app.page(&format!("/vergleich?angebote={},{}", o1.id, o2.id)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Dachcheck Alpha") && html.contains("Dachcheck Beta"));
    // The lower price is the best value of its row; the municipal owner is shown.
    let best = html.find("class=\"best\"").expect("a best value is marked");
    assert!(html[best..].starts_with("class=\"best\">99\u{a0}€"), "{}", &html[best..best + 60]);
    assert!(html.contains("Kommunal"));

    // Repeated parameters, as a plain GET form sends them, work too.
    let (status, _) = app.page(&format!("/vergleich?angebote={}&angebote={}", o1.id, o2.id)).await;
    assert_eq!(status, 200);

    for (query, message) in [
        (format!("angebote={}", o1.id), "Bitte wählen Sie 2 bis 4 Angebote zum Vergleich aus."),
        (format!("angebote={},{}", o1.id, other.id), "Bitte vergleichen Sie nur Angebote derselben Kategorie."),
        ("angebote=1,x".to_owned(), "Die Angebotsnummern sind ungültig."),
    ] {
        let (status, html) = app.page(&format!("/vergleich?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(html.contains(message), "{query}");
    }
    assert_eq!(app.page(&format!("/vergleich?angebote={},99999", o1.id)).await.0, 404);
}
