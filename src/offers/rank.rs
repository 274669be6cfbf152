//! Ranked lists: the bounded candidate set of a query is scored in Rust by
//! the published ranking (`search::ranking`), the same for the catalogue
//! and the database oracle (`oracle::rank`).

use super::query::Sort;
#[cfg(test)]
use crate::search::analyzer::{index_terms, query_terms};
use crate::search::ranking::{score, RankInput, ScoreParts};

/// At most this many matches are ranked; beyond it the newest win. A
/// resident never pages that deep, and it bounds the work per request.
pub const CANDIDATES: u64 = 2000;

/// The score parts a result is ordered by in `sort` ("Beste Bewertung"
/// orders by the rating part alone).
pub(crate) fn parts_for(sort: Sort, input: &RankInput) -> ScoreParts {
    let parts = score(input);
    if sort == Sort::Rating {
        return ScoreParts { relevance: 0.0, reviews: 0.0, freshness: 0.0, district: 0.0, ..parts };
    }
    parts
}

/// Share of the query's terms found among the title's analysed terms.
pub(crate) fn title_match<'a>(title_terms: impl Iterator<Item = &'a str> + Clone, terms: &[crate::search::analyzer::QueryTerm]) -> f32 {
    if terms.is_empty() {
        return 1.0;
    }
    let hits = terms
        .iter()
        .filter(|t| {
            title_terms.clone().any(|w| {
                w == t.stem || t.alternatives.iter().any(|a| a == w) || t.prefix.as_ref().is_some_and(|p| w.starts_with(p.as_str()))
            })
        })
        .count();
    hits as f32 / terms.len() as f32
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
