//! Schemas of the query parameters whose values form a closed set or a
//! range, built from the same constants the validation uses. The
//! parameters stay strings in Rust: the website sends whatever a person
//! typed, and the validation answers it.
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

use crate::common::paging::MAX_PAGE;
use crate::offers::query::Sort;
use crate::providers::domain::Ownership;

/// `schema_with` drops the parameter's own example: the first value is it.
fn one_of<const N: usize>(values: [&str; N]) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values)).examples(values.first().copied()).build()
}

fn integer(max: u64, example: u64) -> Object {
    ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(max as f64)).examples([example]).build()
}

pub fn sortierung() -> Object {
    one_of(Sort::ALL.map(Sort::slug))
}

pub fn eigentum() -> Object {
    one_of([Ownership::Private, Ownership::Cooperative, Ownership::Municipal].map(Ownership::as_str))
}

/// The values `ExtraFilters::parse` accepts; the test below keeps them so.
const HOUSING_KINDS: [&str; 2] = ["kaufen", "mieten"];

pub fn vermarktung() -> Object {
    one_of(HOUSING_KINDS)
}

pub fn seite() -> Object {
    integer(MAX_PAGE, 1)
}

pub fn pro_seite() -> Object {
    integer(super::MAX_PER_PAGE, super::DEFAULT_PER_PAGE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offers::filters::{ExtraFilters, RawExtra};

    #[test]
    fn documented_housing_kinds_are_accepted() {
        for kind in HOUSING_KINDS {
            let raw = RawExtra { preis_von: None, preis_bis: None, eigentum: None, bewertung_ab: None, vermarktung: Some(kind), zimmer_ab: None, flaeche_ab: None };
            assert!(ExtraFilters::parse(&raw).is_ok_and(|x| x.housing_kind.is_some()), "{kind}");
        }
    }
}
