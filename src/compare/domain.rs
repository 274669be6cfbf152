//! Comparison rules: 2–4 offers of one category; the best value per row.
use crate::error::AppError;
use crate::offers::domain::OfferDetail;
use crate::i18n::t;

pub const MIN: usize = 2;
pub const MAX: usize = 4;

/// "12,45" or repeated values → distinct ids, in the order given.
pub fn parse_ids(raw: &[String]) -> Result<Vec<i32>, AppError> {
    let mut ids: Vec<i32> = Vec::new();
    for part in raw.iter().flat_map(|r| r.split(',')).map(str::trim).filter(|p| !p.is_empty()) {
        let id = part.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(|| AppError::invalid("angebote", t().compare_bad_ids))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if !(MIN..=MAX).contains(&ids.len()) {
        return Err(AppError::invalid("angebote", t().compare_count));
    }
    Ok(ids)
}

/// All offers must share a category, or the rows would compare apples and pears.
pub fn check_same_category(offers: &[OfferDetail]) -> Result<(), AppError> {
    match offers.first() {
        Some(first) if offers.iter().all(|o| o.category_slug == first.category_slug) => Ok(()),
        Some(_) => Err(AppError::invalid("angebote", t().compare_same_category)),
        None => Err(AppError::NotFound),
    }
}

pub use crate::common::compare_table::{best, Better};

/// Energy classes from best to worst; lower index is better.
pub fn energy_rank(class: &str) -> Option<u8> {
    ["A+", "A", "B", "C", "D", "E", "F", "G", "H"].iter().position(|c| *c == class).map(|i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_parsed_and_bounded() {
        assert_eq!(parse_ids(&["3,5".into(), "7".into()]), Ok(vec![3, 5, 7]));
        assert_eq!(parse_ids(&["3,3,5".into()]), Ok(vec![3, 5]));
        assert!(parse_ids(&["3".into()]).is_err());
        assert!(parse_ids(&["1,2,3,4,5".into()]).is_err());
        assert!(parse_ids(&["1,zwei".into()]).is_err());
        assert!(parse_ids(&["1,-2".into()]).is_err());
    }

    #[test]
    fn energy_classes() {
        assert!(energy_rank("A+") < energy_rank("B"));
        assert_eq!(energy_rank("Z"), None);
    }
}
