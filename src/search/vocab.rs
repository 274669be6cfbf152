//! Tolerance for one typo: query words the index does not know are widened
//! to the indexed terms one edit away ("Wohnnug" → "wohnung"). The
//! vocabulary is read from the shared index, so every instance agrees.
use std::collections::HashSet;

use sea_orm::{ConnectionTrait, DbErr, Statement};

/// Words shorter than this are not corrected: too many near neighbours.
pub const MIN_CORRECTED_LEN: usize = 5;

#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    terms: HashSet<String>,
}

impl Vocabulary {
    pub fn from_terms<I: IntoIterator<Item = String>>(terms: I) -> Self {
        Self { terms: terms.into_iter().collect() }
    }

    pub async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, DbErr> {
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT terms FROM offer_search"))
            .await?;
        let mut terms = HashSet::new();
        for row in rows {
            let t: String = row.try_get("", "terms")?;
            terms.extend(t.split_whitespace().map(str::to_owned));
        }
        Ok(Self { terms })
    }

    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.terms.iter().any(|t| t.starts_with(prefix))
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Indexed terms one edit away from an unknown `stem`, sorted; none for
    /// a known or short word.
    pub fn corrections(&self, stem: &str) -> Vec<String> {
        if stem.chars().count() < MIN_CORRECTED_LEN || self.terms.contains(stem) {
            return Vec::new();
        }
        let mut out: Vec<String> = self.terms.iter().filter(|t| within_one_edit(stem, t)).cloned().collect();
        out.sort();
        out.truncate(8);
        out
    }
}

/// True when `a` and `b` differ by at most one insertion, deletion,
/// substitution or swap of neighbours.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if prefix == la && prefix == lb {
        return true;
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match la.cmp(&lb) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Less => ra == &rb[1..],
        std::cmp::Ordering::Greater => &ra[1..] == rb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit() {
        assert!(within_one_edit("wohnung", "wohnung"));
        assert!(within_one_edit("wohnnug", "wohnung"), "swap");
        assert!(within_one_edit("wohung", "wohnung"), "insertion");
        assert!(within_one_edit("wohnungg", "wohnung"), "deletion");
        assert!(within_one_edit("wahnung", "wohnung"), "substitution");
        assert!(!within_one_edit("wahnnug", "wohnung"));
        assert!(!within_one_edit("wohn", "wohnung"));
    }

    #[test]
    fn corrections_only_for_unknown_long_words() {
        let v = Vocabulary::from_terms(["wohnung", "dachdeck", "haus"].map(String::from));
        assert_eq!(v.corrections("wohnnug"), vec!["wohnung"]);
        assert!(v.corrections("wohnung").is_empty(), "known word");
        assert!(v.corrections("hous").is_empty(), "too short");
        assert!(v.corrections("garten").is_empty(), "nothing near");
    }
}
