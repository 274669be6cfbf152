//! The provider profile form's rules, shared by browser and server like the
//! offer editor's. The ownership declaration is required: who owns a
//! provider is what residents see on every card.
use serde::{Deserialize, Serialize};

use super::domain::{Ownership, Seat};
use crate::categories::CategoryTree;
use crate::districts::Districts;
use crate::i18n::t;
use crate::offers::draft::FieldErrors;

/// The form's value of `seat` for a provider based outside Duisburg.
pub const SEAT_OUTSIDE: &str = "ausserhalb";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderForm {
    pub name: String,
    pub description: String,
    pub street: String,
    pub postal_code: String,
    pub stadtteil: String,
    /// `SEAT_OUTSIDE` for a seat outside Duisburg; anything else is Duisburg.
    #[serde(default)]
    pub seat: String,
    /// The seat's town, when it is outside Duisburg.
    #[serde(default)]
    pub town: String,
    pub categories: Vec<String>,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub ownership: String,
    pub owner_name: String,
    pub ownership_share: String,
    #[serde(default)]
    pub opening_hours: String,
    /// Slugs of the Stadtbezirke served; none means the whole city.
    #[serde(default)]
    pub bezirke: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderDraft {
    pub name: String,
    pub description: String,
    pub street: String,
    pub postal_code: String,
    pub seat: Seat,
    pub category_ids: Vec<i32>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub ownership: Ownership,
    pub owner_name: Option<String>,
    pub ownership_share: Option<i16>,
    pub opening_hours: Option<String>,
    /// Sorted; empty for the whole city.
    pub bezirk_ids: Vec<i32>,
}

fn text(field: &'static str, v: &str, min: usize, max: usize, errors: &mut FieldErrors) -> String {
    let v = v.trim().to_owned();
    let n = v.chars().count();
    if n < min || n > max || v.chars().any(|c| c.is_control() && c != '\n') {
        errors.push((field, t().draft_error_length.replace("{min}", &min.to_string()).replace("{max}", &max.to_string())));
    }
    v
}

fn optional(v: &str) -> Option<String> {
    Some(v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl ProviderForm {
    /// The form for claiming a firm residents recommended: its name and
    /// website, and a seat in the town they named when that is not Duisburg.
    pub fn for_firm(name: String, town: &str, website: String) -> Self {
        let town = town.trim();
        let outside = !town.is_empty() && !town.eq_ignore_ascii_case("duisburg");
        ProviderForm {
            name,
            website,
            ownership: "private".into(),
            seat: if outside { SEAT_OUTSIDE.into() } else { String::new() },
            town: if outside { town.into() } else { String::new() },
            ..Default::default()
        }
    }

    /// The form showing a stored profile.
    pub fn of(d: &ProviderDraft, cats: &CategoryTree, districts: &Districts) -> Self {
        let slug_of_bezirk = |id: &i32| districts.bezirke.iter().find(|b| b.id == *id).map(|b| b.slug.clone());
        ProviderForm {
            name: d.name.clone(),
            description: d.description.clone(),
            street: d.street.clone(),
            postal_code: d.postal_code.clone(),
            stadtteil: d.seat.stadtteil_id().and_then(|id| districts.stadtteile.iter().find(|s| s.id == id)).map(|s| s.slug.clone()).unwrap_or_default(),
            seat: if d.seat.outside_town().is_some() { SEAT_OUTSIDE.to_owned() } else { String::new() },
            town: d.seat.outside_town().unwrap_or_default().to_owned(),
            categories: d.category_ids.iter().filter_map(|id| cats.all.iter().find(|c| c.id == *id).map(|c| c.slug.clone())).collect(),
            phone: d.phone.clone().unwrap_or_default(),
            email: d.email.clone().unwrap_or_default(),
            website: d.website.clone().unwrap_or_default(),
            ownership: d.ownership.as_str().to_owned(),
            owner_name: d.owner_name.clone().unwrap_or_default(),
            ownership_share: d.ownership_share.map(|s| s.to_string()).unwrap_or_default(),
            opening_hours: d.opening_hours.clone().unwrap_or_default(),
            bezirke: d.bezirk_ids.iter().filter_map(slug_of_bezirk).collect(),
        }
    }
}

/// The seat: a Stadtteil, or a town other than Duisburg.
fn seat(f: &ProviderForm, districts: &Districts, errors: &mut FieldErrors) -> Option<Seat> {
    if f.seat.trim() == SEAT_OUTSIDE {
        let town = text("town", &f.town, 2, 80, errors);
        if town.to_lowercase() == "duisburg" {
            errors.push(("town", t().provider_error_town_is_duisburg.to_owned()));
        }
        return Some(Seat::Outside { town });
    }
    let found = districts.stadtteil_by_slug(f.stadtteil.trim()).map(|s| Seat::Duisburg { stadtteil_id: s.id });
    if found.is_none() {
        errors.push(("stadtteil", t().draft_error_stadtteil.to_owned()));
    }
    found
}

impl ProviderDraft {
    pub fn parse(f: &ProviderForm, cats: &CategoryTree, districts: &Districts) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text("name", &f.name, 2, 120, &mut errors);
        let description = text("description", &f.description, 0, 2000, &mut errors);
        let street = text("street", &f.street, 3, 120, &mut errors);
        let postal_code = f.postal_code.trim().to_owned();
        let five_digits = postal_code.len() == 5 && postal_code.bytes().all(|b| b.is_ascii_digit());
        if f.seat.trim() == SEAT_OUTSIDE {
            if !five_digits {
                errors.push(("postal_code", t().provider_error_postal_code_outside.to_owned()));
            }
        } else if !(five_digits && postal_code.starts_with("47")) {
            // Duisburg's postcodes all start with 47.
            errors.push(("postal_code", t().provider_error_postal_code.to_owned()));
        }
        let seat = seat(f, districts, &mut errors);
        let category_ids: Option<Vec<i32>> = f.categories.iter().map(|s| cats.by_slug(s.trim()).map(|c| c.id)).collect();
        let category_ids = category_ids.filter(|c| (1..=5).contains(&c.len()));
        if category_ids.is_none() {
            errors.push(("categories", t().provider_error_categories.to_owned()));
        }
        let phone = optional(&f.phone);
        if phone.as_deref().is_some_and(|p| p.len() > 30 || !p.chars().all(|c| c.is_ascii_digit() || " +-/()".contains(c))) {
            errors.push(("phone", t().provider_error_phone.to_owned()));
        }
        let email = optional(&f.email).map(|e| e.to_lowercase());
        if email.as_deref().is_some_and(|e| crate::accounts::domain::Email::parse(e).is_err()) {
            errors.push(("email", t().account_error_email.to_owned()));
        }
        let website = optional(&f.website);
        if website.as_deref().is_some_and(|w| !(w.starts_with("https://") || w.starts_with("http://")) || w.len() > 200 || w.contains(char::is_whitespace)) {
            errors.push(("website", t().provider_error_website.to_owned()));
        }
        if phone.is_none() && email.is_none() && website.is_none() {
            errors.push(("phone", t().provider_error_contact.to_owned()));
        }
        let ownership = Ownership::parse(f.ownership.trim());
        if ownership.is_none() {
            errors.push(("ownership", t().error_bad_ownership.to_owned()));
        }
        let owner_name = optional(&f.owner_name);
        if ownership.is_some_and(|o| o != Ownership::Private) && owner_name.is_none() {
            errors.push(("owner_name", t().provider_error_owner.to_owned()));
        }
        if owner_name.as_deref().is_some_and(|o| o.chars().count() > 120) {
            errors.push(("owner_name", t().draft_error_length.replace("{min}", "1").replace("{max}", "120")));
        }
        let share = match f.ownership_share.trim().trim_end_matches('%').trim() {
            "" => Some(None),
            s => s.parse::<i16>().ok().filter(|v| (0..=100).contains(v)).map(Some),
        };
        if share.is_none() {
            errors.push(("ownership_share", t().provider_error_share.to_owned()));
        }
        let opening_hours = optional(&text("opening_hours", &f.opening_hours, 0, 500, &mut errors));
        let bezirk_ids: Option<Vec<i32>> = f.bezirke.iter().map(|s| districts.bezirk_by_slug(s.trim()).map(|b| b.id)).collect();
        let bezirk_ids = bezirk_ids.map(|mut ids| {
            ids.sort_unstable();
            ids.dedup();
            ids
        });
        if bezirk_ids.is_none() {
            errors.push(("bezirke", t().error_unknown_district.to_owned()));
        }
        let Some(seat) = seat.filter(|_| errors.is_empty()) else { return Err(errors) };
        Ok(Self {
            name,
            description,
            street,
            postal_code,
            seat,
            category_ids: category_ids.unwrap_or_default(),
            phone,
            email,
            website,
            ownership: ownership.unwrap_or(Ownership::Private),
            owner_name,
            ownership_share: share.flatten(),
            opening_hours,
            bezirk_ids: bezirk_ids.unwrap_or_default(),
        })
    }

    /// Whether `other` declares a different ownership: then a moderator's
    /// verification no longer holds.
    pub fn declares_other_ownership(&self, ownership: &str, owner_name: Option<&str>, share: Option<i16>) -> bool {
        self.ownership.as_str() != ownership || self.owner_name.as_deref() != owner_name || self.ownership_share != share
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::categories::Category;
    use crate::districts::{Bezirk, Stadtteil};

    fn reference() -> (CategoryTree, Districts) {
        let cats = CategoryTree { all: vec![Category { id: 4, parent_id: None, slug: "dach".into(), name: "Dach".into() }] };
        let d = Districts {
            bezirke: vec![Bezirk { id: 5, slug: "mitte".into(), name: "Mitte".into() }],
            stadtteile: vec![Stadtteil { id: 9, bezirk_id: 5, slug: "hochfeld".into(), name: "Hochfeld".into() }],
        };
        (cats, d)
    }

    fn form() -> ProviderForm {
        ProviderForm {
            name: "Beispiel Bedachungen".into(),
            street: "Musterstraße 1".into(),
            postal_code: "47053".into(),
            stadtteil: "hochfeld".into(),
            categories: vec!["dach".into()],
            email: "Info@Beispiel.example".into(),
            ownership: "municipal".into(),
            owner_name: "Stadt Beispielhausen".into(),
            ownership_share: "51 %".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_declaration() {
        let (cats, d) = reference();
        let p = ProviderDraft::parse(&form(), &cats, &d).unwrap();
        assert_eq!((p.seat.stadtteil_id().unwrap(), p.category_ids.as_slice(), p.ownership, p.ownership_share), (9, &[4][..], Ownership::Municipal, Some(51)));
        assert_eq!(p.email.as_deref(), Some("info@beispiel.example"));
    }

    #[test]
    fn a_stored_profile_round_trips_through_its_form() {
        let (cats, d) = reference();
        let p = ProviderDraft::parse(&ProviderForm { opening_hours: " Mo–Fr 8–17 Uhr ".into(), bezirke: vec!["mitte".into(), "mitte".into()], ..form() }, &cats, &d).unwrap();
        assert_eq!((p.opening_hours.as_deref(), p.bezirk_ids.as_slice()), (Some("Mo–Fr 8–17 Uhr"), &[5][..]));
        assert_eq!(ProviderDraft::parse(&ProviderForm::of(&p, &cats, &d), &cats, &d).unwrap(), p);
        let unknown = ProviderForm { bezirke: vec!["atlantis".into()], ..form() };
        assert_eq!(ProviderDraft::parse(&unknown, &cats, &d).unwrap_err()[0].0, "bezirke");
        assert!(p.declares_other_ownership("private", p.owner_name.as_deref(), p.ownership_share));
        assert!(p.declares_other_ownership("municipal", Some("Stadt Anderswo"), p.ownership_share));
        assert!(!p.declares_other_ownership("municipal", p.owner_name.as_deref(), Some(51)));
    }

    #[test]
    fn a_seat_outside_duisburg_names_its_town_instead_of_a_stadtteil() {
        let (cats, d) = reference();
        let outside = ProviderForm { seat: SEAT_OUTSIDE.into(), town: " Essen ".into(), postal_code: "45127".into(), stadtteil: "".into(), bezirke: vec!["mitte".into()], ..form() };
        let p = ProviderDraft::parse(&outside, &cats, &d).unwrap();
        assert_eq!((&p.seat, p.bezirk_ids.as_slice()), (&Seat::Outside { town: "Essen".into() }, &[5][..]));
        assert_eq!((p.seat.stadtteil_id(), p.seat.town()), (None, "Essen"));
        assert_eq!(ProviderDraft::parse(&ProviderForm::of(&p, &cats, &d), &cats, &d).unwrap(), p);
        // Any German postcode, but a town, and not Duisburg itself.
        let fields = |f: ProviderForm| ProviderDraft::parse(&f, &cats, &d).unwrap_err().into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(ProviderForm { town: "".into(), postal_code: "4512".into(), ..outside.clone() }), ["postal_code", "town"]);
        assert_eq!(fields(ProviderForm { town: "duisburg".into(), ..outside.clone() }), ["town"]);
        // Back in Duisburg, the Stadtteil and a 47… postcode are required again.
        assert_eq!(fields(ProviderForm { seat: "".into(), ..outside }), ["postal_code", "stadtteil"]);
        // A recommended firm's town prefills the claim.
        let claim = ProviderForm::for_firm("Beispielbank".into(), " Essen ", String::new());
        assert_eq!((claim.seat.as_str(), claim.town.as_str()), (SEAT_OUTSIDE, "Essen"));
        assert_eq!(ProviderForm::for_firm("Beispielbank".into(), "duisburg", String::new()).seat, "");
    }

    #[test]
    fn ownership_and_contact_are_required() {
        let (cats, d) = reference();
        let bad = ProviderForm { owner_name: "".into(), email: "".into(), postal_code: "10115".into(), ownership_share: "150".into(), categories: vec![], ..form() };
        let fields: Vec<_> = ProviderDraft::parse(&bad, &cats, &d).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["postal_code", "categories", "phone", "owner_name", "ownership_share"]);
        let private = ProviderForm { ownership: "private".into(), owner_name: "".into(), ..form() };
        assert!(ProviderDraft::parse(&private, &cats, &d).is_ok());
        let web = ProviderForm { website: "javascript:alert(1)".into(), ..form() };
        assert_eq!(ProviderDraft::parse(&web, &cats, &d).unwrap_err()[0].0, "website");
    }
}
