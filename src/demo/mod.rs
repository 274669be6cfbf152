//! The demo city: a deterministic, fictitious Duisburg loaded into an empty
//! database so the site shows something real-looking from the first start.
//! Every row is marked `is_demo`; the UI shows a banner while any exists.
pub mod generate;
mod model;
mod housing;
mod services;
mod texts;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use crate::common::url_key::short_slug as slug;
use crate::db::entities::{app_user, category, offer, offer_district, provider, review, review_reply};

/// The seed that makes the demo city; change it and every instance differs.
pub const SEED: u64 = 2026;
/// Rows per INSERT: well under SQLite's bound-variable limit.
const CHUNK: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedStats {
    pub users: usize,
    pub providers: usize,
    pub offers: usize,
    pub reviews: usize,
}

pub async fn is_seeded<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    Ok(provider::Entity::find().filter(provider::Column::IsDemo.eq(true)).one(db).await?.is_some())
}

/// Loads the demo city unless the database already has providers.
pub async fn seed_if_empty(db: &DatabaseConnection) -> Result<Option<SeedStats>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    crate::db::lock_for_transaction(&txn, crate::db::SEED_LOCK).await?;
    if provider::Entity::find().count(&txn).await? > 0 {
        return Ok(None);
    }
    let city = generate::generate(SEED);
    let categories = category_ids(&txn).await?;
    // Accounts may exist before the demo city (an administrator created
    // from the command line); the demo residents' ids follow theirs.
    let first_user: Option<i32> = app_user::Entity::find()
        .select_only()
        .column_as(app_user::Column::Id.max(), "max")
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    let base = IdBase { users: first_user.unwrap_or(0), ..IdBase::default() };
    let users_base = base.users;
    insert_city(&txn, &city, &categories, base, Utc::now()).await?;
    let residents: Vec<i32> = (users_base + 1..=users_base + city.users.len() as i32).collect();
    services::seed(&txn, &residents, SEED, Utc::now()).await?;
    advance_sequences(&txn).await?;
    crate::recommendations::demo::insert(&txn, &categories, Utc::now()).await?;
    let bezirke: Vec<i32> = crate::db::entities::stadtbezirk::Entity::find().all(&txn).await?.into_iter().map(|b| b.id).collect();
    crate::quotes::demo::insert(&txn, &categories, &bezirke, Utc::now()).await?;
    crate::photos::demo::seed(&txn).await?;
    crate::db::refresh_statistics(&txn).await?;
    txn.commit().await?;
    Ok(Some(SeedStats {
        users: city.users.len(),
        providers: city.providers.len(),
        offers: city.offers.len(),
        reviews: city.reviews.len(),
    }))
}

/// Ids of a city's rows start after these; the benchmark's large cities
/// stack many generated blocks. `email_tag` keeps user e-mails unique.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdBase {
    pub users: i32,
    pub providers: i32,
    pub offers: i32,
    pub reviews: i32,
    pub email_tag: Option<String>,
}

pub(crate) async fn category_ids<C: ConnectionTrait>(db: &C) -> Result<HashMap<String, i32>, DbErr> {
    Ok(category::Entity::find().all(db).await?.into_iter().map(|c| (c.slug, c.id)).collect())
}

/// Inserts a generated city (users, providers, offers with their service
/// districts, reviews with their rating aggregates) inside `db`'s transaction.
pub(crate) async fn insert_city(
    db: &DatabaseTransaction,
    city: &generate::DemoCity,
    categories: &HashMap<String, i32>,
    base: IdBase,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let ago = |days: u32, salt: usize| now - Duration::days(days as i64) - Duration::minutes((salt % 1440) as i64);

    let users: Vec<app_user::ActiveModel> = city
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| app_user::ActiveModel {
            id: Set(base.users + i as i32 + 1),
            display_name: Set(u.display_name.clone()),
            email: Set(match &base.email_tag {
                Some(tag) => u.email.replacen('@', &format!(".{tag}@"), 1),
                None => u.email.clone(),
            }),
            role: Set("resident".into()),
            password_hash: Set(None),
            is_demo: Set(true),
            email_verified_at: Set(None),
            created_at: Set(ago(400, i)),
            locked_at: Set(None),
        })
        .collect();
    insert_chunks(db, users, |c| app_user::Entity::insert_many(c)).await?;

    const DEMO_HOURS: [Option<&str>; 4] = [Some("Mo–Fr 8–17 Uhr"), Some("Mo–Fr 9–18 Uhr\nSa 9–13 Uhr"), Some("Mo–Do 7–16 Uhr\nFr 7–13 Uhr"), None];
    let providers: Vec<provider::ActiveModel> = city
        .providers
        .iter()
        .enumerate()
        .map(|(i, p)| provider::ActiveModel {
            id: Set(base.providers + i as i32 + 1),
            slug: Set(slug(&p.name)),
            name: Set(p.name.clone()),
            description: Set(p.description.clone()),
            street: Set(p.street.clone()),
            postal_code: Set(p.postal_code.clone()),
            stadtteil_id: Set(Some(p.stadtteil_index as i32 + 1)),
            town: Set(None),
            phone: Set(p.phone.clone()),
            email: Set(p.email.clone()),
            website: Set(p.website.clone()),
            ownership: Set(p.ownership.into()),
            owner_name: Set(p.owner_name.clone()),
            ownership_share: Set(None),
            ownership_verified_at: Set(None),
            opening_hours: Set(DEMO_HOURS[i % DEMO_HOURS.len()].map(str::to_owned)),
            version: Set(1),
            is_demo: Set(true),
            created_at: Set(ago(380, i)),
            updated_at: Set(ago(30, i)),
        })
        .collect();
    insert_chunks(db, providers, |c| provider::Entity::insert_many(c)).await?;

    let stadtteil_names: Vec<&str> = migration::reference::districts().into_iter().map(|(_, st)| st).collect();
    let mut offers = Vec::with_capacity(city.offers.len());
    let mut links = Vec::new();
    for (i, o) in city.offers.iter().enumerate() {
        let id = base.offers + i as i32 + 1;
        let category_id = *categories
            .get(o.category_slug)
            .ok_or_else(|| DbErr::Custom(format!("demo category {} missing", o.category_slug)))?;
        let h = o.housing.as_ref();
        let details = match (h, o.stadtteil_index) {
            (Some(h), Some(st)) => housing::details(h, o.price_cents, o.category_slug == "neubauprojekte", stadtteil_names[st], i),
            _ => Default::default(),
        };
        let mut m = offer::ActiveModel {
            id: Set(id),
            provider_id: Set(base.providers + o.provider_index as i32 + 1),
            category_id: Set(category_id),
            slug: Set(slug(&o.title)),
            title: Set(o.title.clone()),
            description: Set(o.description.clone()),
            price_model: Set(o.price_model.into()),
            price_cents: Set(o.price_cents),
            service_area: Set(if o.service_bezirke.is_empty() { "city" } else { "districts" }.into()),
            stadtteil_id: Set(o.stadtteil_index.map(|s| s as i32 + 1)),
            status: Set(o.status.into()),
            version: Set(1),
            housing_kind: Set(h.map(|h| h.kind.into())),
            rooms_tenths: Set(h.map(|h| h.rooms_tenths)),
            living_area_centi_m2: Set(h.map(|h| h.living_area_centi_m2)),
            plot_area_centi_m2: Set(h.and_then(|h| h.plot_area_centi_m2)),
            energy_class: Set(h.map(|h| h.energy_class.into())),
            created_at: Set(ago(o.age_days, i)),
            updated_at: Set(ago(o.age_days / 2, i)),
            ..Default::default()
        };
        crate::housing::store::set_details(&mut m, &details);
        offers.push(m);
        for b in &o.service_bezirke {
            links.push(offer_district::ActiveModel { offer_id: Set(id), bezirk_id: Set(*b as i32 + 1) });
        }
    }
    let places = migration::reference::districts();
    if let Some((project, units)) = housing::insert_project(db, city, &places, |p| base.providers + p as i32 + 1, now).await? {
        for i in units {
            offers[i].project_id = Set(Some(project.id));
        }
    }
    crate::offers::door::seed_in(db, offers, links).await?;

    let reviews: Vec<review::ActiveModel> = city
        .reviews
        .iter()
        .enumerate()
        .map(|(i, r)| review::ActiveModel {
            id: Set(base.reviews + i as i32 + 1),
            author_id: Set(base.users + r.author_index as i32 + 1),
            provider_id: Set(base.providers + r.provider_index as i32 + 1),
            offer_id: Set(r.offer_index.map(|o| base.offers + o as i32 + 1)),
            stars: Set(r.stars),
            title: Set(r.title.clone()),
            body: Set(r.body.clone()),
            provenance: Set(r.provenance.into()),
            status: Set(r.status.into()),
            created_at: Set(ago(r.age_days, i)),
            updated_at: Set(ago(r.age_days, i)),
            experience_month: Set(Some(ago(r.age_days, i).format("%Y-%m").to_string())),
            helpful_count: Set(0),
            moderation_reason: Set(None),
            // Demo texts come from templates; they are not compared as copies.
            body_key: Set(None),
            quote_id: Set(None),
        })
        .collect();
    let replies: Vec<review_reply::ActiveModel> = city
        .reviews
        .iter()
        .enumerate()
        .filter(|(i, r)| r.status == "published" && i % 9 == 0)
        .map(|(i, r)| {
            let at = ago(r.age_days, i) + Duration::days(2);
            review_reply::ActiveModel {
                review_id: Set(base.reviews + i as i32 + 1),
                provider_id: Set(base.providers + r.provider_index as i32 + 1),
                author_id: Set(None),
                // Thanks for good reviews, an answer to the critical ones.
                body: Set(DEMO_REPLIES[if r.stars <= 3 { 1 } else if i % 2 == 0 { 0 } else { 2 }].to_owned()),
                status: Set("published".into()),
                moderation_reason: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
        })
        .collect();
    crate::reviews::store::insert(db, reviews).await?;
    insert_chunks(db, replies, |c| review_reply::Entity::insert_many(c)).await?;

    Ok(())
}

/// Providers' answers to some demo reviews (demo content, German only).
const DEMO_REPLIES: [&str; 3] = [
    "Vielen Dank für Ihre Rückmeldung! Wir freuen uns, wenn wir wieder für Sie da sein dürfen.",
    "Danke für Ihre offenen Worte. Wir haben das im Team besprochen und arbeiten daran.",
    "Schön, dass Sie zufrieden waren – wir geben Ihr Lob gern an das Team weiter.",
];

/// Explicit ids leave PostgreSQL's sequences behind; moves them past the rows.
pub(crate) async fn advance_sequences<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        for table in ["app_user", "provider", "offer", "review"] {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
            ))
            .await?;
        }
    }
    Ok(())
}


pub(crate) async fn insert_chunks<A, C, F, I>(db: &C, rows: Vec<A>, insert: F) -> Result<(), DbErr>
where
    C: ConnectionTrait,
    F: Fn(Vec<A>) -> I,
    I: InsertExec<C>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        insert(chunk).run(db).await?;
    }
    Ok(())
}

/// Lets `insert_chunks` run any entity's `insert_many` without naming its type.
pub trait InsertExec<C: ConnectionTrait> {
    fn run(self, db: &C) -> impl std::future::Future<Output = Result<(), DbErr>>;
}

impl<C: ConnectionTrait, A: sea_orm::ActiveModelTrait + Send> InsertExec<C> for sea_orm::InsertMany<A> {
    async fn run(self, db: &C) -> Result<(), DbErr> {
        self.exec_without_returning(db).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_stay_short() {
        let s = super::slug("Großzügige 4-Zimmer-Wohnung mit Balkon und Blick auf den Innenhafen in Duisburg-Altstadt");
        assert!(s.len() <= 60, "{s}");
        assert!(s.starts_with("grosszuegige-4-zimmer-wohnung"));
    }
}
