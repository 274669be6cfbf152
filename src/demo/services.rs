//! Demo ratings of the city services, so the directory's residents' view is
//! visible from the first start. Outcomes lean on the editors' availability
//! (an in-person service rarely "worked online"); the tips are invented.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder};

use super::generate::Rng;
use crate::db::entities::{city_service, city_service_rating};
use crate::services::domain::{Availability, Outcome};

const TIPS: [&str; 8] = [
    "Den Online-Ausweis vorher am Handy einrichten, dann geht es in zehn Minuten.",
    "Termine gibt es früh morgens, am besten gleich um 7 Uhr buchen.",
    "Alle Unterlagen vorher als PDF einscannen, der Upload nimmt nur PDF und JPG.",
    "Die Bestätigung kam nach drei Tagen per E-Mail, ganz ohne Rückfragen.",
    "Online ging nur der erste Schritt, die Unterschrift musste ich doch vor Ort leisten.",
    "Das Formular bricht ab, wenn man zu lange braucht – Angaben vorher bereitlegen.",
    "Telefonisch war niemand erreichbar, aber die Antwort per Kontaktformular kam schnell.",
    "Im Bürgerbüro war es mit Termin in einer Viertelstunde erledigt.",
];

/// Up to a dozen ratings per service from the demo residents `user_ids`.
pub async fn seed<C: ConnectionTrait>(db: &C, user_ids: &[i32], seed: u64, now: DateTime<Utc>) -> Result<usize, DbErr> {
    if user_ids.is_empty() {
        return Ok(0);
    }
    let services = city_service::Entity::find().order_by_asc(city_service::Column::Position).all(db).await?;
    let mut rng = Rng::new(seed ^ 0x5E41_11CE);
    let mut rows = Vec::new();
    for s in &services {
        let worked_percent = match Availability::parse(&s.availability) {
            Some(Availability::Online) => 80,
            Some(Availability::Partial) => 45,
            _ => 5,
        };
        let n = rng.below(13) as usize;
        let start = rng.below(user_ids.len() as u64) as usize;
        for k in 0..n.min(user_ids.len()) {
            let user_id = user_ids[(start + k * 7) % user_ids.len()];
            if rows.iter().any(|r: &city_service_rating::ActiveModel| r.service_id == Set(s.id) && r.user_id == Set(user_id)) {
                continue;
            }
            let outcome = if rng.chance(15) {
                Outcome::NotTried
            } else if rng.chance(worked_percent) {
                Outcome::WorkedOnline
            } else {
                Outcome::NotOnline
            };
            let stars = match outcome {
                Outcome::WorkedOnline => 3 + rng.below(3) as i16,
                Outcome::NotOnline => 1 + rng.below(3) as i16,
                Outcome::NotTried => 2 + rng.below(3) as i16,
            };
            let at = now - Duration::days(rng.below(300) as i64) - Duration::minutes(rng.below(1440) as i64);
            rows.push(city_service_rating::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                service_id: Set(s.id),
                user_id: Set(user_id),
                stars: Set(stars),
                outcome: Set(outcome.as_str().to_owned()),
                tip: Set(rng.chance(40).then(|| rng.pick(&TIPS).to_string())),
                created_at: Set(at),
                updated_at: Set(at),
            });
        }
    }
    let count = rows.len();
    super::insert_chunks(db, rows, |c| city_service_rating::Entity::insert_many(c)).await?;
    Ok(count)
}
