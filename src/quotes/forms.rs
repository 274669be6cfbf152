//! The request forms per category, as data (`data/quotes/forms.toml`): which
//! questions a request in a category asks, how each answer is checked and
//! how it is shown. Answers are stored canonical (cents, ISO dates, option
//! values) and formatted in the reader's language.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::{self, Locale};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Money,
    Number,
    Percent,
    Date,
    Choice,
    Text,
    Yesno,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub de: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default)]
    pub required: bool,
    pub min: Option<i64>,
    pub max: Option<i64>,
    #[serde(default)]
    pub options: Vec<Choice>,
    pub de: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    pub id: String,
    pub categories: Vec<String>,
    /// Quotes carry the ESIS figures of a mortgage offer.
    #[serde(default)]
    pub esis: bool,
    /// The resident is asked for photos of the job.
    #[serde(default)]
    pub photos: bool,
    pub fields: Vec<Field>,
}

pub const TEXT_MAX: usize = 200;

/// What is wrong with one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerError {
    Missing,
    Invalid,
    /// Below `min` or above `max`.
    Range,
    TooLong,
}

impl Field {
    pub fn label_in(&self, l: Locale) -> &str {
        match l {
            Locale::De => &self.de,
            Locale::En => &self.en,
        }
    }

    pub fn label(&self) -> &str {
        self.label_in(i18n::locale())
    }

    /// The typed answer, canonical; None for an empty optional answer.
    pub fn parse(&self, raw: &str) -> Result<Option<String>, AnswerError> {
        let raw = raw.trim();
        if raw.is_empty() || (self.kind == FieldType::Yesno && raw == "0") {
            return if self.required && self.kind != FieldType::Yesno { Err(AnswerError::Missing) } else { Ok(None) };
        }
        let in_range = |v: i64, scale: i64| {
            if self.min.is_some_and(|m| v < m * scale) || self.max.is_some_and(|m| v > m * scale) {
                Err(AnswerError::Range)
            } else {
                Ok(Some(v.to_string()))
            }
        };
        match self.kind {
            FieldType::Money => {
                let cents = i18n::parse_decimal(raw.trim_end_matches('€').trim(), 2).ok_or(AnswerError::Invalid)?;
                if cents <= 0 || cents > 1_000_000_000_00 {
                    return Err(AnswerError::Range);
                }
                in_range(cents, 100)
            }
            FieldType::Number => in_range(raw.parse::<i64>().map_err(|_| AnswerError::Invalid)?, 1),
            FieldType::Percent => in_range(i18n::parse_decimal(raw.trim_end_matches('%').trim(), 2).ok_or(AnswerError::Invalid)?, 100),
            FieldType::Date => {
                let d = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| AnswerError::Invalid)?;
                Ok(Some(d.to_string()))
            }
            FieldType::Choice => self.options.iter().find(|o| o.value == raw).map(|o| Some(o.value.clone())).ok_or(AnswerError::Invalid),
            FieldType::Text => {
                if raw.chars().count() > TEXT_MAX {
                    Err(AnswerError::TooLong)
                } else if raw.chars().any(char::is_control) {
                    Err(AnswerError::Invalid)
                } else {
                    Ok(Some(raw.to_owned()))
                }
            }
            FieldType::Yesno => Ok(Some("1".to_owned())),
        }
    }

    /// A stored answer as the reader reads it.
    pub fn show_in(&self, l: Locale, value: &str) -> String {
        let x = l.texts();
        match self.kind {
            FieldType::Money => value.parse().map(|c| i18n::euro_in(l, c)).unwrap_or_default(),
            FieldType::Percent => value.parse().map(|v| format!("{} %", i18n::decimal_in(l, v, 2))).unwrap_or_default(),
            FieldType::Date => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").map(|d| i18n::day_in(l, &d)).unwrap_or_default(),
            FieldType::Choice => self
                .options
                .iter()
                .find(|o| o.value == value)
                .map(|o| if l == Locale::De { o.de.clone() } else { o.en.clone() })
                .unwrap_or_else(|| value.to_owned()),
            FieldType::Yesno => if value == "1" { x.quote_yes.to_owned() } else { x.quote_no.to_owned() },
            FieldType::Number | FieldType::Text => value.to_owned(),
        }
    }
}

/// Every form, as the data file defines them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forms {
    #[serde(rename = "form")]
    pub forms: Vec<Form>,
}

impl Forms {
    /// The form of a category (by its slug and its parent's), else `generic`.
    pub fn for_category(&self, slug: &str, parent: Option<&str>) -> &Form {
        self.forms
            .iter()
            .find(|f| f.categories.iter().any(|c| c == slug))
            .or_else(|| parent.and_then(|p| self.forms.iter().find(|f| f.categories.iter().any(|c| c == p))))
            .or_else(|| self.forms.iter().find(|f| f.id == "generic"))
            .unwrap_or(&self.forms[0])
    }
}

impl Form {
    /// Every answer checked; the first problem with its field's key.
    pub fn parse_answers(&self, raw: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, (String, AnswerError)> {
        let mut out = BTreeMap::new();
        for f in &self.fields {
            let typed = raw.get(&f.key).map(String::as_str).unwrap_or_default();
            if let Some(v) = f.parse(typed).map_err(|e| (f.key.clone(), e))? {
                out.insert(f.key.clone(), v);
            }
        }
        Ok(out)
    }

    /// The stored answers as (label, value) in the form's order.
    pub fn show_in(&self, l: Locale, answers: &BTreeMap<String, String>) -> Vec<(String, String)> {
        self.fields.iter().filter_map(|f| answers.get(&f.key).map(|v| (f.label_in(l).to_owned(), f.show_in(l, v)))).collect()
    }
}

#[cfg(feature = "ssr")]
pub const FORMS_TOML: &str = include_str!("../../data/quotes/forms.toml");

/// The forms, read once from the data file compiled in.
#[cfg(feature = "ssr")]
pub fn forms() -> &'static Forms {
    static F: std::sync::OnceLock<Forms> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let f: Forms = toml::from_str(FORMS_TOML).unwrap_or_else(|e| panic!("data/quotes/forms.toml: {e}"));
        assert!(f.forms.iter().any(|f| f.id == "generic"), "data/quotes/forms.toml: no generic form");
        f
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn every_category_finds_its_form() {
        let f = forms();
        assert_eq!(f.for_category("baufinanzierung", Some("finanzen")).id, "mortgage");
        assert!(f.for_category("baufinanzierung", Some("finanzen")).esis);
        assert_eq!(f.for_category("dach", Some("handwerk")).id, "crafts");
        assert_eq!(f.for_category("catering", Some("gastronomie")).id, "catering");
        assert_eq!(f.for_category("umzugsunternehmen", Some("umzug")).id, "moving");
        assert_eq!(f.for_category("strom", Some("energie")).id, "energy");
        assert_eq!(f.for_category("physiotherapie", Some("pflege-gesundheit")).id, "generic");
        // Every choice has both languages and keys are unique per form.
        for form in &f.forms {
            let mut keys: Vec<&str> = form.fields.iter().map(|x| x.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), form.fields.len(), "{}", form.id);
            for field in &form.fields {
                assert_eq!(field.kind == FieldType::Choice, !field.options.is_empty(), "{}.{}", form.id, field.key);
            }
        }
    }

    #[test]
    fn answers_are_checked_and_stored_canonical() {
        let form = forms().for_category("baufinanzierung", Some("finanzen"));
        let ok = answers(&[
            ("purchase_price", "350.000"),
            ("equity", "70.000,00 €"),
            ("loan_amount", "280000"),
            ("fixed_years", "15"),
            ("repayment", "2,5"),
            ("usage", "owner"),
            ("start", "2027-03-01"),
        ]);
        let got = form.parse_answers(&ok).unwrap();
        assert_eq!(got["purchase_price"], "35000000");
        assert_eq!(got["equity"], "7000000");
        assert_eq!(got["repayment"], "250");
        assert_eq!(got["start"], "2027-03-01");
        let shown = form.show_in(Locale::De, &got);
        assert!(shown.contains(&("Kaufpreis".to_owned(), "350.000\u{a0}€".to_owned())), "{shown:?}");
        assert!(shown.contains(&("Anfängliche Tilgung (% p. a.)".to_owned(), "2,5 %".to_owned())), "{shown:?}");
        assert!(shown.contains(&("Zinsbindung".to_owned(), "15 Jahre".to_owned())));

        let mut bad = ok.clone();
        bad.insert("fixed_years".into(), "12".into());
        assert_eq!(form.parse_answers(&bad), Err(("fixed_years".into(), AnswerError::Invalid)));
        let mut bad = ok.clone();
        bad.insert("repayment".into(), "12".into());
        assert_eq!(form.parse_answers(&bad), Err(("repayment".into(), AnswerError::Range)));
        let mut bad = ok.clone();
        bad.remove("equity");
        assert_eq!(form.parse_answers(&bad), Err(("equity".into(), AnswerError::Missing)));
        let mut bad = ok;
        bad.insert("start".into(), "01.03.2027".into());
        assert_eq!(form.parse_answers(&bad), Err(("start".into(), AnswerError::Invalid)));
    }

    #[test]
    fn optional_answers_may_stay_empty() {
        let form = forms().for_category("catering", Some("gastronomie"));
        let got = form.parse_answers(&answers(&[("event_date", "2027-06-12"), ("guests", "80"), ("service", "buffet")])).unwrap();
        assert!(!got.contains_key("dietary"));
        let long = "x".repeat(TEXT_MAX + 1);
        let e = form.parse_answers(&answers(&[("event_date", "2027-06-12"), ("guests", "80"), ("service", "buffet"), ("dietary", &long)]));
        assert_eq!(e, Err(("dietary".into(), AnswerError::TooLong)));
        let moving = forms().for_category("umzugsunternehmen", Some("umzug"));
        let got = moving.parse_answers(&answers(&[("move_date", "2027-01-02"), ("rooms", "3"), ("lift", "1"), ("destination", "Moers")])).unwrap();
        assert_eq!(moving.show_in(Locale::En, &got).iter().find(|(k, _)| k == "Lift available").map(|(_, v)| v.as_str()), Some("yes"));
    }
}
