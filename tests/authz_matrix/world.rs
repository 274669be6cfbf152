//! The world every cell runs in: provider P (the one the matrix asks
//! about), Q (another one, for the cross-id cells) and R (nobody's among
//! the actors), the actors, and builders for the fresh objects a cell
//! consumes.
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{json, Value};
use smart_city_duisburg::accounts::authz::MemberRole;
use smart_city_duisburg::accounts::domain::{Account, NewPassword, Role};
use smart_city_duisburg::accounts::store::{self as accounts, TokenPurpose};
use smart_city_duisburg::db::entities::{offer, provider_invitation, recommendation, recommendation_second, review, unlisted_provider};
use smart_city_duisburg::photos::process::Variant;

use crate::common::{fixtures, json_call, TestApp};
use crate::matrix::Actor;
use crate::outcome::Fingerprint;

pub const PASSWORD: &str = "ein langer satz 42";
pub const SERVICE: &str = "personalausweis-beantragen";
/// A category residents recommend in.
pub const REC_CATEGORY: &str = "baufinanzierung";
pub const TEXT: &str = "Pünktlich gekommen, sauber gearbeitet und fair abgerechnet.";

/// An account acting in a cell: its id, address and session cookie.
#[derive(Clone, Debug)]
pub struct Me {
    pub id: i32,
    pub email: String,
    pub cookie: String,
}

pub struct World {
    pub app: TestApp,
    pub p: i32,
    pub q: i32,
    /// A third provider nobody of the actors belongs to, and its owner.
    pub r: i32,
    r_owner: i32,
    /// Published offers of P and Q that stay (contact requests, reads).
    pub p_offer: i32,
    pub q_offer: i32,
    /// The shared actors, in `Actor::ALL` order (anonymous has none).
    shared: Vec<Option<Me>>,
    /// Argon2 hash of `PASSWORD`, computed once.
    pub password_hash: String,
    /// An account with `PASSWORD`, for signing in.
    pub login_email: String,
    pub service_id: i32,
    /// A firm recommended but not on the platform, to be claimed.
    pub unlisted: i32,
    pub p_project: i32,
    pub q_project: i32,
    pub p_run: i32,
    pub q_run: i32,
    /// A review of P by an outsider, for the read-only cells.
    pub p_review: i32,
    pub invitation_token: String,
    photo_variants: Vec<Variant>,
    counter: AtomicUsize,
    fingerprint_sql: String,
}

impl World {
    pub async fn new(app: TestApp) -> Self {
        let db = &app.db;
        let now = Utc::now();
        let p = fixtures::provider(db, "Matrix Dach", "private", now).await;
        let q = fixtures::provider(db, "Anderer Betrieb", "private", now).await;
        let r = fixtures::provider(db, "Dritter Betrieb", "private", now).await;
        let (r_owner, _) = fixtures::account(db, "Rolf Dritter", Role::Resident, true).await;
        fixtures::member(db, r, r_owner, "owner").await;
        let p_offer = fixtures::offer(db, p, 1, "Dachrinne reinigen", Some(5000), now).await.id;
        let q_offer = fixtures::offer(db, q, 1, "Fassade streichen", Some(7000), now).await.id;
        let mut shared = Vec::new();
        for actor in Actor::ALL {
            shared.push(make_actor(&app, actor, actor.label(), p, q).await);
        }
        let hash = smart_city_duisburg::accounts::password::hash(&NewPassword::parse(PASSWORD, PASSWORD, None).unwrap()).await.unwrap();
        let (login_id, _) = fixtures::account(db, "Lena Login", Role::Resident, true).await;
        accounts::set_password(db, login_id, hash.clone()).await.unwrap();
        let service_id = smart_city_duisburg::services::store::by_slug(db, SERVICE).await.unwrap().expect("seeded service").id;
        let unlisted = unlisted_provider::ActiveModel {
            name: Set("Kreditkontor Matrix".into()),
            town: Set("Duisburg".into()),
            norm_key: Set("kreditkontor matrix|duisburg".into()),
            is_demo: Set(false),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id;
        let mut projects = Vec::new();
        for (pid, owner) in [(p, Actor::Owner), (q, Actor::OtherOwner)] {
            let cookie = shared[owner as usize].clone().unwrap().cookie;
            let form = json!({"provider_id": pid, "form": crate::requests::project_form("Quartier Matrix")});
            let (status, id) = json_call(&app, "create_project", form, Some(&cookie)).await;
            assert_eq!(status, 200, "setup: project: {id}");
            projects.push(id.as_i64().unwrap() as i32);
        }
        let png = crate::requests::png();
        let photo_variants = smart_city_duisburg::photos::process::process(&png).expect("a test image");
        let sql = crate::outcome::fingerprint_sql(db).await;
        let mut w = World {
            p,
            q,
            r,
            r_owner,
            p_offer,
            q_offer,
            shared,
            password_hash: hash,
            login_email: "lena.login@example.org".into(),
            service_id,
            unlisted,
            p_project: projects[0],
            q_project: projects[1],
            p_run: 0,
            q_run: 0,
            p_review: 0,
            invitation_token: String::new(),
            photo_variants,
            counter: AtomicUsize::new(0),
            fingerprint_sql: sql,
            app,
        };
        // Recommended, as every unlisted firm is (one without is dropped).
        let rec = w.recommendation(p, None).await;
        recommendation::ActiveModel { id: Set(rec), provider_id: Set(None), unlisted_id: Set(Some(w.unlisted)), ..Default::default() }.update(w.db()).await.unwrap();
        w.p_run = fixtures::import_run(w.db(), p, None, "bestand.xml").await;
        w.q_run = fixtures::import_run(w.db(), q, None, "bestand.xml").await;
        w.p_review = w.review(p).await;
        w.invitation_token = w.invitation(p, "leser@example.org").await.1;
        w
    }

    pub fn db(&self) -> &sea_orm::DatabaseConnection {
        &self.app.db
    }

    /// A number no other call of this run gets, for unique names.
    pub fn next(&self) -> usize {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    pub fn shared(&self, actor: Actor) -> Option<Me> {
        self.shared[actor as usize].clone()
    }

    /// A new account of the actor's kind, for cells that use one up.
    pub async fn fresh(&self, actor: Actor) -> Option<Me> {
        let name = format!("{} {}", actor.label(), self.next());
        make_actor(&self.app, actor, &name, self.p, self.q).await
    }

    pub async fn fingerprint(&self) -> Fingerprint {
        crate::outcome::fingerprint(self.db(), &self.fingerprint_sql).await
    }

    /// The owner who acts for `pid` in the fixtures.
    pub fn owner_of(&self, pid: i32) -> i32 {
        match pid {
            _ if pid == self.p => self.shared(Actor::Owner).unwrap().id,
            _ if pid == self.q => self.shared(Actor::OtherOwner).unwrap().id,
            _ => self.r_owner,
        }
    }

    /// A new signed-in account.
    pub async fn user(&self, role: Role, verified: bool) -> Me {
        let n = self.next();
        let (id, cookie) = fixtures::account(self.db(), &format!("Person {n}"), role, verified).await;
        Me { id, email: format!("person.{n}@example.org"), cookie }
    }

    pub async fn member(&self, pid: i32, role: &str) -> i32 {
        let me = self.user(Role::Resident, true).await;
        fixtures::member(self.db(), pid, me.id, role).await;
        me.id
    }

    /// A new offer of `pid` in `status` (published, draft, …).
    pub async fn offer(&self, pid: i32, status: &str) -> offer::Model {
        let o = fixtures::offer(self.db(), pid, 1, &format!("Prüfangebot {}", self.next()), Some(1000), Utc::now()).await;
        if status == "published" {
            return o;
        }
        offer::ActiveModel { id: Set(o.id), status: Set(status.into()), ..Default::default() }.update(self.db()).await.unwrap()
    }

    /// A published review of `pid` by a new resident.
    pub async fn review(&self, pid: i32) -> i32 {
        let author = self.user(Role::Resident, true).await;
        let row = review::ActiveModel {
            author_id: Set(author.id),
            provider_id: Set(pid),
            stars: Set(2),
            title: Set("Naja".into()),
            body: Set(format!("{TEXT} Nummer {}.", self.next())),
            provenance: Set("unverified".into()),
            status: Set("published".into()),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        smart_city_duisburg::reviews::store::insert(self.db(), vec![row]).await.unwrap();
        review::Entity::find().filter(review::Column::AuthorId.eq(author.id)).one(self.db()).await.unwrap().unwrap().id
    }

    /// A photo of `pid` (on `offer`, or its logo), uploaded by its owner.
    pub async fn photo(&self, pid: i32, offer: Option<i32>) -> i32 {
        let by = self.owner_of(pid);
        smart_city_duisburg::photos::store::insert(self.db(), pid, offer, "Ein Dach von oben", self.photo_variants.clone(), by).await.unwrap().id
    }

    /// A recommendation of `pid` by `author` (a new resident if None).
    pub async fn recommendation(&self, pid: i32, author: Option<i32>) -> i32 {
        let author = match author {
            Some(a) => a,
            None => self.user(Role::Resident, true).await.id,
        };
        let category = crate::common::recommendations::category_id(&self.app, REC_CATEGORY).await;
        recommendation::ActiveModel {
            author_id: Set(author),
            category_id: Set(category),
            provider_id: Set(Some(pid)),
            reason: Set(format!("Sehr gute Beratung, ehrlich und schnell ({}).", self.next())),
            is_demo: Set(false),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(self.db())
        .await
        .unwrap()
        .id
    }

    pub async fn second(&self, rec: i32, user: i32) {
        recommendation_second::ActiveModel { recommendation_id: Set(rec), user_id: Set(user), created_at: Set(Utc::now()) }.insert(self.db()).await.unwrap();
    }

    /// An invitation into `pid` sent by its owner: (id, token).
    pub async fn invitation(&self, pid: i32, email: &str) -> (i32, String) {
        let by = self.owner_of(pid);
        let token = smart_city_duisburg::members::store::invite(self.db(), pid, email, MemberRole::Member, by, |_| smart_city_duisburg::server::outbox::Mail::new("x@example.org", "Einladung", String::new())).await.unwrap();
        let row = provider_invitation::Entity::find().filter(provider_invitation::Column::Email.eq(email)).one(self.db()).await.unwrap().unwrap();
        (row.id, token)
    }

    /// An unread contact request to `pid` about `offer`.
    pub async fn contact_request(&self, pid: i32, offer: i32) -> i32 {
        let form = smart_city_duisburg::contact::domain::ContactForm::parse("Jörg", "joerg@example.org", "", "Wann hätten Sie Zeit für eine Besichtigung?", true).unwrap();
        smart_city_duisburg::contact::store::insert(self.db(), pid, offer, &form, None).await.unwrap()
    }

    /// An open report of a new review of P.
    pub async fn report(&self) -> i32 {
        let id = self.review(self.p).await.to_string();
        let r = smart_city_duisburg::reports::domain::NewReport::parse("review", &id, "insult", "Das ist eine Beleidigung.", "", "", true).unwrap();
        smart_city_duisburg::reports::store::file(self.db(), &r, None).await.unwrap()
    }

    /// A pending claim of the unlisted firm by a new resident.
    pub async fn claim(&self) -> i32 {
        let me = self.user(Role::Resident, true).await;
        let account = Account { id: me.id, display_name: "Claimant".into(), email: me.email, role: Role::Resident, email_verified: true };
        let form = serde_json::from_value(claim_form()).unwrap();
        smart_city_duisburg::recommendations::claims::create(self.db(), &self.app.state.reference, &account, self.unlisted, &form).await.unwrap()
    }

    /// A new provider whose ownership declaration awaits a moderator.
    pub async fn declared_provider(&self) -> i32 {
        fixtures::provider(self.db(), &format!("Stadtwerk {}", self.next()), "municipal", Utc::now()).await
    }

    pub async fn token(&self, user: i32, purpose: TokenPurpose) -> String {
        accounts::create_token(self.db(), user, purpose).await.unwrap()
    }

    pub async fn notification(&self, user: i32) {
        smart_city_duisburg::notifications::store::push(self.db(), user, smart_city_duisburg::notifications::Kind::ReviewReply, "/", None).await.unwrap();
    }

    pub async fn service_rating(&self, user: i32) {
        let input = smart_city_duisburg::services::domain::RatingInput::parse("4", "online", "").unwrap();
        smart_city_duisburg::services::store::save_rating(self.db(), self.service_id, user, input).await.unwrap();
    }

    /// A counted search without results; returns its words.
    pub async fn search_miss(&self) -> String {
        let q = format!("zzyzx quux{}", ["a", "b", "c", "d", "e", "f", "g", "h"][self.next() % 8]);
        self.app.state.search_misses.record(&q);
        self.app.state.search_misses.flush(self.db()).await.unwrap();
        q
    }

    pub async fn synonyms_version(&self) -> i32 {
        smart_city_duisburg::search::tuning::synonyms(self.db()).await.unwrap().version
    }
}

/// An account of `actor`'s kind: its role, whether its address is
/// confirmed, and its place in P or Q.
async fn make_actor(app: &TestApp, actor: Actor, name: &str, p: i32, q: i32) -> Option<Me> {
    let (role, verified, membership) = match actor {
        Actor::Anonymous => return None,
        Actor::Unconfirmed => (Role::Resident, false, None),
        Actor::Resident => (Role::Resident, true, None),
        Actor::Member => (Role::Resident, true, Some((p, "member"))),
        Actor::Owner => (Role::Resident, true, Some((p, "owner"))),
        Actor::OtherOwner => (Role::Resident, true, Some((q, "owner"))),
        Actor::Moderator => (Role::Moderator, true, None),
        Actor::Admin => (Role::Admin, true, None),
    };
    let (id, cookie) = fixtures::account(&app.db, name, role, verified).await;
    if let Some((pid, r)) = membership {
        fixtures::member(&app.db, pid, id, r).await;
    }
    Some(Me { id, email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")), cookie })
}

pub fn claim_form() -> Value {
    json!({
        "name": "Kreditkontor Matrix", "description": "", "street": "Musterstraße 1", "postal_code": "47053",
        "stadtteil": "hochfeld", "categories": ["baufinanzierung"], "phone": "0203 123456", "email": "", "website": "",
        "ownership": "private", "owner_name": "", "ownership_share": ""
    })
}
