//! `backup FILE` and `restore FILE` from the command line, round trip, on
//! SQLite and PostgreSQL: the demo city with its reviews and photos (whose
//! bytes live in the database) comes back exactly as backed up, changes made
//! after the backup are gone, and a SQLite restore is refused while the
//! database is open.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, fresh_database_url, is_postgres};
use sea_orm::{EntityTrait, QueryOrder};
use smart_city_duisburg::db;
use smart_city_duisburg::db::entities::{photo_variant, review};

fn cli(args: &[&str], url: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_smart-city-duisburg")).args(args).env("DATABASE_URL", url).env("RUST_LOG", "error").output().unwrap()
}

async fn state(db: &sea_orm::DatabaseConnection) -> (db::backup::Summary, Vec<review::Model>, Vec<(i32, i32, Vec<u8>)>) {
    let summary = db::backup::summary(db).await.unwrap();
    let reviews = review::Entity::find().order_by_asc(review::Column::Id).all(db).await.unwrap();
    let photos = photo_variant::Entity::find()
        .order_by_asc(photo_variant::Column::PhotoId)
        .order_by_asc(photo_variant::Column::Width)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.photo_id, v.width, v.bytes))
        .collect();
    (summary, reviews, photos)
}

#[tokio::test]
async fn a_backup_restores_what_it_saved() {
    let url = fresh_database_url().await;
    let db = db::connect_and_migrate(&url).await.unwrap();
    smart_city_duisburg::demo::seed_if_empty(&db).await.unwrap();
    let before = state(&db).await;
    assert!(before.0.reviews > 1_000 && before.0.photos > 0 && !before.2.is_empty(), "{}", before.0);

    let file = std::env::temp_dir().join(format!("scd-backup-{}-{}.bak", std::process::id(), if is_postgres() { "pg" } else { "sqlite" }));
    let _ = std::fs::remove_file(&file);
    let out = cli(&["backup", file.to_str().unwrap()], &url);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("checked") && said.contains(&format!("{} reviews", before.0.reviews)), "{said}");
    let again = cli(&["backup", file.to_str().unwrap()], &url);
    assert!(!again.status.success(), "an existing file is never overwritten");

    // Life goes on after the backup.
    let pid = fixtures::provider(&db, "Nach dem Backup GmbH", "private", Utc::now()).await;
    fixtures::offer(&db, pid, 1, "Erst nach dem Backup angeboten", Some(1_000), Utc::now()).await;
    review::Entity::delete_by_id(before.1[0].id).exec(&db).await.unwrap();
    assert_ne!(state(&db).await.0, before.0);

    if !is_postgres() {
        let refused = cli(&["restore", file.to_str().unwrap()], &url);
        assert!(!refused.status.success(), "a SQLite database in use is not replaced under its users");
        assert!(String::from_utf8_lossy(&refused.stderr).contains("in use"), "{}", String::from_utf8_lossy(&refused.stderr));
    }
    db.close().await.unwrap();
    let out = cli(&["restore", file.to_str().unwrap()], &url);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = db::connect(&url).await.unwrap();
    let after = state(&db).await;
    assert_eq!(after.0, before.0, "counts");
    assert_eq!(after.1, before.1, "every review, the deleted one back");
    assert_eq!(after.2, before.2, "every photo's bytes");
    let _ = std::fs::remove_file(&file);
}
