//! A request for quotes as the resident typed it, checked once: a
//! `RequestDraft` exists only with valid contents.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::domain::{clean_text, QuoteError, DESCRIPTION_MIN, LONG_MAX, MAX_INVITES, TITLE_MAX};
use super::forms::{Form, Forms};
use crate::reference::Reference;

/// The form's fields as posted; `answers` are the category form's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestInput {
    pub category: String,
    pub bezirk: String,
    pub stadtteil: String,
    pub title: String,
    pub description: String,
    pub budget: String,
    pub phone: String,
    pub address: String,
    pub open_to_all: bool,
    /// Provider ids, as posted.
    pub invites: Vec<String>,
    pub answers: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestDraft {
    pub category_id: i32,
    pub bezirk_id: i32,
    pub stadtteil_id: Option<i32>,
    pub title: String,
    pub description: String,
    pub answers: BTreeMap<String, String>,
    pub budget_cents: Option<i64>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub open_to_all: bool,
    pub invites: Vec<i32>,
}

/// A refused field: the error and, for the category form's answers, the
/// field's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub error: QuoteError,
    pub field: Option<String>,
}

impl From<QuoteError> for Refused {
    fn from(error: QuoteError) -> Self {
        Self { error, field: None }
    }
}

impl RequestDraft {
    pub fn parse(i: &RequestInput, forms: &Forms, r: &Reference) -> Result<Self, Refused> {
        // A subcategory: a request for all of "Handwerk" would reach no roofer.
        let category = r.categories.by_slug(i.category.trim()).filter(|c| c.parent_id.is_some()).ok_or(QuoteError::Category)?;
        let bezirk = r.districts.bezirk_by_slug(i.bezirk.trim()).ok_or(QuoteError::Bezirk)?;
        let stadtteil_id = match i.stadtteil.trim() {
            "" => None,
            s => Some(r.districts.stadtteil_by_slug(s).filter(|t| t.bezirk_id == bezirk.id).ok_or(QuoteError::Stadtteil)?.id),
        };
        let title = clean_text(&i.title, 3, TITLE_MAX).filter(|t| !t.contains('\n')).ok_or(QuoteError::Title)?;
        let description = clean_text(&i.description, DESCRIPTION_MIN, LONG_MAX).ok_or(QuoteError::Description)?;
        let form = form_of(forms, r, category.id);
        let answers = form.parse_answers(&i.answers).map_err(|(key, e)| Refused { error: QuoteError::from_answer(e), field: Some(key) })?;
        let budget_cents = match i.budget.trim() {
            "" => None,
            s => Some(crate::i18n::parse_decimal(s.trim_end_matches('€').trim(), 2).filter(|c| *c > 0 && *c <= 1_000_000_000_00).ok_or(QuoteError::Budget)?),
        };
        let phone = match i.phone.trim() {
            "" => None,
            s if s.len() <= 40 && s.chars().all(|c| c.is_ascii_digit() || " +-/()".contains(c)) && s.chars().filter(char::is_ascii_digit).count() >= 5 => Some(s.to_owned()),
            _ => return Err(QuoteError::Phone.into()),
        };
        let address = match i.address.trim() {
            "" => None,
            s => Some(clean_text(s, 3, 200).filter(|a| !a.contains('\n')).ok_or(QuoteError::Address)?),
        };
        let mut invites = Vec::new();
        for raw in i.invites.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            let id: i32 = raw.parse().ok().filter(|id| *id > 0).ok_or(QuoteError::Invite)?;
            if !invites.contains(&id) {
                invites.push(id);
            }
        }
        if invites.len() > MAX_INVITES {
            return Err(QuoteError::Invite.into());
        }
        if !i.open_to_all && invites.is_empty() {
            return Err(QuoteError::NoRecipients.into());
        }
        Ok(Self { category_id: category.id, bezirk_id: bezirk.id, stadtteil_id, title, description, answers, budget_cents, phone, address, open_to_all: i.open_to_all, invites })
    }

    /// A mortgage request's loan and Zinsbindung, which every quote must use.
    pub fn mortgage_terms(&self) -> Option<super::domain::MortgageTerms> {
        terms_of(&self.answers)
    }
}

/// The form of a category.
pub fn form_of<'a>(forms: &'a Forms, r: &Reference, category_id: i32) -> &'a Form {
    let cat = r.categories.by_id(category_id);
    let parent = cat.and_then(|c| c.parent_id).and_then(|p| r.categories.by_id(p)).map(|p| p.slug.as_str());
    forms.for_category(cat.map(|c| c.slug.as_str()).unwrap_or_default(), parent)
}

/// The loan and Zinsbindung among a mortgage request's answers.
pub fn terms_of(answers: &BTreeMap<String, String>) -> Option<super::domain::MortgageTerms> {
    Some(super::domain::MortgageTerms { loan_cents: answers.get("loan_amount")?.parse().ok()?, fixed_years: answers.get("fixed_years")?.parse().ok()? })
}
