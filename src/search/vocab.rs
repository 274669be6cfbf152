//! Tolerance for one typo: query words the index does not know are widened
//! to the indexed terms one edit away ("Wohnnug" → "wohnung"). The terms
//! are those of the published offers: the offer catalogue's own postings
//! (`Lexicon` over its keys), so corrections follow every new offer at once
//! and every instance, caught up, corrects alike.
use std::collections::{BTreeMap, HashSet};

#[cfg(feature = "ssr")]
use sea_orm::{ConnectionTrait, DbErr, Statement};

/// Words shorter than this are not corrected: too many near neighbours.
pub const MIN_CORRECTED_LEN: usize = 5;

/// A set of indexed terms to correct against.
pub trait Lexicon {
    fn contains(&self, term: &str) -> bool;
    fn has_prefix(&self, prefix: &str) -> bool;
    fn terms(&self) -> Box<dyn Iterator<Item = &str> + '_>;

    /// Indexed terms one edit away from an unknown `stem`, sorted; none for
    /// a known or short word.
    fn corrections(&self, stem: &str) -> Vec<String> {
        if stem.chars().count() < MIN_CORRECTED_LEN || self.contains(stem) {
            return Vec::new();
        }
        let mut out: Vec<String> = self.terms().filter(|t| within_one_edit(stem, t)).map(str::to_owned).collect();
        out.sort();
        out.truncate(8);
        out
    }
}

/// The catalogue's postings: term → slots.
impl<V> Lexicon for BTreeMap<String, V> {
    fn contains(&self, term: &str) -> bool {
        self.contains_key(term)
    }

    fn has_prefix(&self, prefix: &str) -> bool {
        self.range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded)).next().is_some_and(|(k, _)| k.starts_with(prefix))
    }

    fn terms(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.keys().map(String::as_str))
    }
}

/// A plain set of terms (the database oracle's, tests'), with the synonyms
/// queries are widened by, so the oracle analyses a query as the catalogue
/// it is compared with does.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    terms: HashSet<String>,
    #[cfg(feature = "ssr")]
    thesaurus: Option<std::sync::Arc<super::thesaurus::Thesaurus>>,
}

impl Vocabulary {
    pub fn from_terms<I: IntoIterator<Item = String>>(terms: I) -> Self {
        Self { terms: terms.into_iter().collect(), ..Self::default() }
    }

    #[cfg(feature = "ssr")]
    pub fn with_thesaurus(mut self, t: std::sync::Arc<super::thesaurus::Thesaurus>) -> Self {
        self.thesaurus = Some(t);
        self
    }

    /// The synonyms in force with these terms (the reviewed file if unset).
    #[cfg(feature = "ssr")]
    pub fn thesaurus(&self) -> &super::thesaurus::Thesaurus {
        match &self.thesaurus {
            Some(t) => t,
            None => super::thesaurus::Thesaurus::builtin(),
        }
    }

    /// Every term in the database's index (drafts' terms included).
    #[cfg(feature = "ssr")]
    pub async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, DbErr> {
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT terms FROM offer_search"))
            .await?;
        let mut terms = HashSet::new();
        for row in rows {
            let t: String = row.try_get("", "terms")?;
            terms.extend(t.split_whitespace().map(str::to_owned));
        }
        Ok(Self { terms, ..Self::default() })
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

impl Lexicon for Vocabulary {
    fn contains(&self, term: &str) -> bool {
        self.terms.contains(term)
    }

    fn has_prefix(&self, prefix: &str) -> bool {
        self.terms.iter().any(|t| t.starts_with(prefix))
    }

    fn terms(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.terms.iter().map(String::as_str))
    }
}

/// Letters a typo may add or swap in (folded words: umlauts, no ß).
const ALPHABET: &str = "abcdefghijklmnopqrstuvwxyzäöü";

/// Every word one insertion, deletion, substitution or swap of neighbours
/// away from `word`.
pub fn one_edit_variants(word: &str) -> Vec<String> {
    let c: Vec<char> = word.chars().collect();
    let s = |v: &[char]| v.iter().collect::<String>();
    let mut out = Vec::with_capacity(c.len() * 60);
    for i in 0..=c.len() {
        for a in ALPHABET.chars() {
            let mut v = c.clone();
            v.insert(i, a);
            out.push(s(&v));
            if i < c.len() && c[i] != a {
                let mut v = c.clone();
                v[i] = a;
                out.push(s(&v));
            }
        }
        if i < c.len() {
            let mut v = c.clone();
            v.remove(i);
            out.push(s(&v));
        }
        if i + 1 < c.len() {
            let mut v = c.clone();
            v.swap(i, i + 1);
            out.push(s(&v));
        }
    }
    out
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
        // The catalogue's postings answer alike.
        let postings: BTreeMap<String, Vec<u32>> = ["wohnung", "dachdeck", "haus"].map(|t| (t.to_owned(), vec![0])).into_iter().collect();
        assert_eq!(postings.corrections("wohnnug"), vec!["wohnung"]);
        assert!(postings.has_prefix("dach") && !postings.has_prefix("dacx") && !postings.has_prefix("zz"));
    }
}
