//! The title match of ranked candidates (`rank::title_match`) by term ids:
//! the query's words are looked up in the vocabulary once per list, so
//! each of up to 2,000 candidates compares its title's packed ids with a
//! few small sorted lists, instead of fetching every title term's text
//! (a cache miss each) and comparing strings. `rank::title_match` stays
//! the definition (the database oracle ranks with it); a test checks both
//! agree.
use super::data::Data;
use crate::search::analyzer::QueryTerm;

/// One query word: the ids that match it on their own (its stem, its
/// corrections, its synonyms, the terms its prefix begins), and its
/// compound's parts (each the ids of its alternatives).
struct Word {
    ids: Vec<u32>,
    parts: Vec<Vec<u32>>,
}

pub(super) struct TitleMatch {
    words: Vec<Word>,
    /// The candidate's title ids (one buffer for all).
    title: Vec<u32>,
}

impl TitleMatch {
    pub(super) fn new(data: &Data, terms: &[QueryTerm]) -> Self {
        let id = |w: &String| data.term_id.get(w.as_str()).copied();
        let words = terms
            .iter()
            .map(|t| {
                let mut ids: Vec<u32> = std::iter::once(&t.stem).chain(&t.alternatives).chain(&t.synonyms).filter_map(id).collect();
                if let Some(p) = &t.prefix {
                    // A title term of a published offer is among the postings' keys.
                    ids.extend(data.postings.range(p.clone()..).take_while(|(k, _)| k.starts_with(p.as_str())).filter_map(|(k, _)| id(k)));
                }
                ids.sort_unstable();
                ids.dedup();
                let parts = t.parts.iter().map(|alts| alts.iter().filter_map(id).collect()).collect();
                Word { ids, parts }
            })
            .collect();
        Self { words, title: Vec::new() }
    }

    /// The share of the query's words the title matches (1 for no words).
    pub(super) fn score(&mut self, title: impl Iterator<Item = u32>) -> f32 {
        if self.words.is_empty() {
            return 1.0;
        }
        self.title.clear();
        self.title.extend(title);
        let title = &self.title;
        let hits = self
            .words
            .iter()
            .filter(|w| {
                title.iter().any(|t| w.ids.binary_search(t).is_ok())
                    || (!w.parts.is_empty() && w.parts.iter().all(|alts| alts.iter().any(|a| title.contains(a))))
            })
            .count();
        hits as f32 / self.words.len() as f32
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::Data;
    use super::TitleMatch;
    use crate::offers::rank::title_match;
    use crate::search::analyzer::index_terms;

    /// The ids' match is the strings' (`rank::title_match`) for titles and
    /// queries with stems, prefixes, typos and compounds.
    #[test]
    fn the_ids_match_as_the_strings_do() {
        let titles = [
            "Helle Wohnung mit Balkon",
            "Helle Wohnungen am Park",
            "Dachdecker für Flachdächer",
            "Dachfenster einbauen",
            "Haus mit Garten",
            "Baufinanzierung mit Festzins",
            "Balkonsanierung",
            "Dach flach gedeckt",
        ];
        let mut data = Data::default();
        for (slot, t) in titles.iter().enumerate() {
            for w in index_terms(t) {
                let next = data.vocabulary.len() as u32;
                let id = *data.term_id.entry(w.as_str().into()).or_insert(next);
                if id == next {
                    data.vocabulary.push(w.as_str().into());
                }
                data.postings.entry(w).or_default().insert(slot as u32);
            }
        }
        let score = |q: &str, t: &str| {
            let terms = crate::search::store::analyse_query(q, &data.postings, &data.thesaurus);
            let mut ids: Vec<u32> = index_terms(t).iter().map(|w| data.term_id[w.as_str()]).collect();
            ids.sort_unstable();
            ids.dedup();
            TitleMatch::new(&data, &terms).score(ids.into_iter())
        };
        // A prefix, a typo, a compound's parts, half the words.
        assert_eq!(score("dachd", "Dachdecker für Flachdächer"), 1.0);
        assert_eq!(score("Wohnugn", "Helle Wohnung mit Balkon"), 1.0);
        assert_eq!(score("Flachdach", "Dach flach gedeckt"), 1.0);
        assert_eq!(score("Wohnung Garten", "Haus mit Garten"), 0.5);
        for q in ["Wohnung Balkon", "Wohn", "dachd", "Dach", "Wohnugn", "Garten Haus", "Flachdach", "Festzins Bau", "Balkon sanierung", "mit", "xyz"] {
            let terms = crate::search::store::analyse_query(q, &data.postings, &data.thesaurus);
            let mut m = TitleMatch::new(&data, &terms);
            for t in titles {
                let words = index_terms(t);
                let ids: Vec<u32> = {
                    let mut v: Vec<u32> = words.iter().map(|w| data.term_id[w.as_str()]).collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                };
                assert_eq!(m.score(ids.into_iter()), title_match(words.iter().map(String::as_str), &terms), "{q:?} in {t:?}");
            }
        }
    }
}
