//! Ranked lists: the bounded candidate set of a query is scored in Rust by
//! the published ranking (`search::ranking`), the same for the catalogue
//! and the database oracle (`oracle::rank`).

use super::query::Sort;
#[cfg(test)]
use crate::search::analyzer::{index_terms, query_terms};
use crate::search::ranking::{score, RankInput, ScoreParts};

/// At most this many matches are ranked (the newest); the pages of a ranked
/// list reach only them, and `/transparenz` says so. Ranking every match
/// was measured at 100,000 offers: the signed-in default list fell from
/// ~400 to 74 req/s and the API's to 123 req/s, so the bound stays until
/// the catalogue keeps the scores' inputs in compact columns.
pub const CANDIDATES: u64 = 2000;

/// The paging of a list in `sort`: a ranked list's pages end at the ranked.
pub(crate) fn paging_for(sort: Sort, paging: crate::common::paging::Paging) -> crate::common::paging::Paging {
    match sort {
        Sort::Relevance | Sort::Rating => paging.capped(CANDIDATES),
        _ => paging,
    }
}

/// The score parts a result is ordered by in `sort` ("Beste Bewertung"
/// orders by the rating part alone).
pub(crate) fn parts_for(sort: Sort, input: &RankInput) -> ScoreParts {
    let parts = score(input);
    if sort == Sort::Rating {
        return ScoreParts { relevance: 0.0, reviews: 0.0, freshness: 0.0, district: 0.0, ..parts };
    }
    parts
}

/// Share of the query's terms found among the title's analysed terms (as
/// the term matches: its stem, a correction, a synonym, the prefix, or all
/// parts of its compound).
pub(crate) fn title_match<'a>(title_terms: impl Iterator<Item = &'a str> + Clone, terms: &[crate::search::analyzer::QueryTerm]) -> f32 {
    if terms.is_empty() {
        return 1.0;
    }
    let has = |w: &str| title_terms.clone().any(|x| x == w);
    let hits = terms
        .iter()
        .filter(|t| {
            std::iter::once(&t.stem).chain(&t.alternatives).chain(&t.synonyms).any(|w| has(w))
                || t.prefix.as_ref().is_some_and(|p| title_terms.clone().any(|w| w.starts_with(p.as_str())))
                || (!t.parts.is_empty() && t.parts.iter().all(|alts| alts.iter().any(|w| has(w))))
        })
        .count();
    hits as f32 / terms.len() as f32
}

/// The category ids (with their children) the query's words name.
pub(crate) fn intended(r: &crate::reference::Reference, terms: &[crate::search::analyzer::QueryTerm]) -> Vec<i32> {
    let mut ids: Vec<i32> = terms
        .iter()
        .flat_map(|t| &t.intents)
        .filter_map(|slug| r.categories.by_slug(slug))
        .flat_map(|c| r.categories.with_descendants(c.id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The tier a match ranks in by relevance, before its score: offers
/// matching every word itself, then those in a category a word names,
/// then those found only through a synonym or a compound's parts.
pub(crate) fn tier(sort: Sort, exact: bool, category_id: i32, intended: &[i32]) -> u8 {
    if sort != Sort::Relevance {
        return 0;
    }
    2 * u8::from(exact) + u8::from(intended.binary_search(&category_id).is_ok())
}

/// Whether an offer's analysed terms match every query term itself (its
/// stem, a correction or the prefix), not only through a synonym or a
/// compound's parts: such offers rank first by relevance.
pub(crate) fn exact_match<'a>(doc_terms: impl Iterator<Item = &'a str> + Clone, terms: &[crate::search::analyzer::QueryTerm]) -> bool {
    terms.iter().all(|t| {
        doc_terms.clone().any(|w| {
            w == t.stem || t.alternatives.iter().any(|a| a == w) || t.prefix.as_ref().is_some_and(|p| w.starts_with(p.as_str()))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_matches_count_query_words() {
        let terms = query_terms("Wohnung Balkon");
        let m = |title: &str| title_match(index_terms(title).iter().map(String::as_str), &terms);
        assert_eq!(m("Helle Wohnung mit Balkon"), 1.0);
        assert_eq!(m("Helle Wohnungen"), 0.5);
        assert_eq!(m("Haus"), 0.0);
        assert_eq!(title_match(std::iter::empty(), &[]), 1.0);
    }
}
