//! Small builders for arranging data directly in the database.
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use smart_city_duisburg::db::entities::{app_user, offer, provider, review};
use smart_city_duisburg::reviews::store as review_store;
use smart_city_duisburg::search;
use smart_city_duisburg::reference::Reference;

pub async fn provider(db: &DatabaseConnection, name: &str, ownership: &str, at: DateTime<Utc>) -> i32 {
    provider::ActiveModel {
        slug: Set(name.to_lowercase().replace(' ', "-")),
        name: Set(name.into()),
        description: Set("Ein Betrieb für Tests.".into()),
        street: Set("Teststraße 1".into()),
        postal_code: Set("47051".into()),
        stadtteil_id: Set(Some(1)),
        ownership: Set(ownership.into()),
        owner_name: Set((ownership != "private").then(|| "Eigentümer (Test)".to_owned())),
        is_demo: Set(false),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert provider")
    .id
}

/// A published, city-wide offer, indexed for search.
pub async fn offer(db: &DatabaseConnection, provider_id: i32, category_id: i32, title: &str, price_cents: Option<i64>, at: DateTime<Utc>) -> offer::Model {
    let o = offer::ActiveModel {
        provider_id: Set(provider_id),
        category_id: Set(category_id),
        slug: Set("angebot".into()),
        title: Set(title.into()),
        description: Set("Beschreibung folgt.".into()),
        price_model: Set(if price_cents.is_some() { "fixed" } else { "on_request" }.into()),
        price_cents: Set(price_cents),
        service_area: Set("city".into()),
        status: Set("published".into()),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert offer");
    let reference = Reference::load(db).await.expect("reference");
    search::store::index_offers(db, &reference, std::slice::from_ref(&o)).await.expect("index");
    o
}

/// A copy of `template` (a published offer) for `provider_id`, inserted
/// straight into the table as new, as an import past the app would.
pub async fn copy_of(db: &DatabaseConnection, template: &offer::Model, provider_id: i32, slug: &str, title: &str) -> offer::Model {
    use sea_orm::IntoActiveModel;
    let mut new = template.clone().into_active_model();
    new.id = sea_orm::ActiveValue::NotSet;
    new.provider_id = Set(provider_id);
    new.slug = Set(slug.into());
    new.title = Set(title.into());
    new.created_at = Set(Utc::now());
    new.insert(db).await.unwrap()
}

/// Published reviews of `provider_id`, one author each.
pub async fn reviews(db: &DatabaseConnection, provider_id: i32, stars: &[i16], at: DateTime<Utc>) {
    for (i, s) in stars.iter().enumerate() {
        let author = app_user::ActiveModel {
            display_name: Set(format!("Test {i}")),
            email: Set(format!("p{provider_id}-{i}@test.invalid")),
            role: Set("resident".into()),
            is_demo: Set(false),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("insert user");
        let row = review::ActiveModel {
            author_id: Set(author.id),
            provider_id: Set(provider_id),
            stars: Set(*s),
            title: Set("Test".into()),
            body: Set("Eine Bewertung für den Test.".into()),
            provenance: Set("unverified".into()),
            status: Set("published".into()),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        };
        review_store::insert(db, vec![row]).await.expect("insert review");
    }
}

/// An account with a live session: (user id, Cookie header value). The
/// e-mail is the name in lower case, spaces as dots, at example.org.
pub async fn account(db: &DatabaseConnection, name: &str, role: smart_city_duisburg::accounts::domain::Role, verified: bool) -> (i32, String) {
    use smart_city_duisburg::accounts::domain::{DisplayName, Email};
    use smart_city_duisburg::accounts::store;
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    let u = store::create_user(db, &DisplayName::parse(name).unwrap(), &Email::parse(&email).unwrap(), "-".into(), role, verified).await.expect("user");
    let token = store::create_session(db, u.id).await.expect("session");
    (u.id, format!("scd_sitzung={token}"))
}

/// A verified account with a live session: (user id, Cookie header value).
pub async fn signed_in(db: &DatabaseConnection, name: &str, role: smart_city_duisburg::accounts::domain::Role) -> (i32, String) {
    account(db, name, role, true).await
}

/// Makes `user_id` an "owner" or "member" of `provider_id`.
pub async fn member(db: &DatabaseConnection, provider_id: i32, user_id: i32, role: &str) {
    use smart_city_duisburg::db::entities::provider_member;
    provider_member::ActiveModel { provider_id: Set(provider_id), user_id: Set(user_id), role: Set(role.into()), created_at: Set(Utc::now()) }
        .insert(db)
        .await
        .expect("membership");
}

/// A finished OpenImmo import run of `provider_id`, as `actor` ran it.
pub async fn import_run(db: &DatabaseConnection, provider_id: i32, actor: Option<i32>, file_name: &str) -> i32 {
    smart_city_duisburg::db::entities::openimmo_import_run::ActiveModel {
        provider_id: Set(provider_id),
        actor_id: Set(actor),
        file_name: Set(file_name.into()),
        created_at: Set(Utc::now()),
        status: Set("done".into()),
        progress_done: Set(0),
        progress_total: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("import run")
    .id
}
