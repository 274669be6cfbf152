//! A handful of fictitious recommendations for the demo city, two of them
//! for invented firms that are not on the platform.
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::domain::unlisted_key;
use crate::db::entities::{app_user, provider_category, recommendation as rec, recommendation_second as second, unlisted_provider as unlisted};

/// Invented firms (name, town, category slug, reason): no real company.
const UNLISTED: [(&str, &str, &str, &str); 2] = [
    ("Rheinkontor Baufinanz (erfunden)", "Duisburg", "baufinanzierung", "Für eine Baufinanzierung unbedingt auch dort fragen – haben uns drei Angebote nebeneinander erklärt."),
    ("Gartenpflege Wiesengrün (erfunden)", "Duisburg", "garten", "Schneiden unsere Hecke seit Jahren, pünktlich und ordentlich, auch kurzfristig."),
];

const LISTED_REASONS: [&str; 4] = [
    "Schnelle Terminvergabe und eine ehrliche Einschätzung vorab. Gerne wieder.",
    "Hat uns gut beraten und nichts aufgeschwatzt, was wir nicht brauchten.",
    "Freundlich, zuverlässig und der Preis war wie abgesprochen.",
    "Kann ich aus eigener Erfahrung empfehlen, sehr sorgfältige Arbeit.",
];

pub async fn insert<C: ConnectionTrait>(db: &C, categories: &HashMap<String, i32>, now: DateTime<Utc>) -> Result<(), DbErr> {
    let users: Vec<i32> = app_user::Entity::find().filter(app_user::Column::IsDemo.eq(true)).select_only().column(app_user::Column::Id).order_by_asc(app_user::Column::Id).limit(8).into_tuple().all(db).await?;
    if users.len() < 8 {
        return Ok(());
    }
    let links = provider_category::Entity::find().order_by_asc(provider_category::Column::ProviderId).limit(LISTED_REASONS.len() as u64).all(db).await?;
    let mut made = Vec::new();
    for (i, (l, reason)) in links.iter().zip(LISTED_REASONS).enumerate() {
        let r = rec::ActiveModel {
            author_id: Set(users[i]),
            category_id: Set(l.category_id),
            provider_id: Set(Some(l.provider_id)),
            unlisted_id: Set(None),
            reason: Set(reason.into()),
            is_demo: Set(true),
            created_at: Set(now - Duration::days(3 + 9 * i as i64)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        made.push(r.id);
    }
    for (i, (name, town, slug, reason)) in UNLISTED.into_iter().enumerate() {
        let Some(category) = categories.get(slug) else { continue };
        let u = unlisted::ActiveModel {
            name: Set(name.into()),
            town: Set(town.into()),
            website: Set(None),
            norm_key: Set(unlisted_key(name, town)),
            created_by: Set(Some(users[4 + i])),
            claimed_provider_id: Set(None),
            is_demo: Set(true),
            created_at: Set(now - Duration::days(2 + i as i64)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let r = rec::ActiveModel {
            author_id: Set(users[4 + i]),
            category_id: Set(*category),
            provider_id: Set(None),
            unlisted_id: Set(Some(u.id)),
            reason: Set(reason.into()),
            is_demo: Set(true),
            created_at: Set(now - Duration::days(2 + i as i64)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        made.push(r.id);
    }
    // A few seconds from the last demo residents.
    for (n, r) in made.iter().enumerate() {
        for voter in users.iter().skip(6).take(n % 3) {
            second::ActiveModel { recommendation_id: Set(*r), user_id: Set(*voter), created_at: Set(now - Duration::days(1)) }.insert(db).await?;
        }
    }
    Ok(())
}
