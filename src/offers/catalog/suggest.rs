//! Helping a resident find the words: "Meinten Sie …?" for a query that
//! finds little, and suggestions while typing (categories, frequent words,
//! providers), all from the catalogue — no database round trip per key.
use super::data::Data;
use crate::offers::query::{OfferQuery, Suggestion, SuggestionKind};
use crate::search::analyzer::{query_terms, stem, words, QueryTerm};
use crate::reference::Reference;

/// A query with fewer matches than this may get a "Meinten Sie …?".
pub const FEW: u64 = 3;
/// Stems shorter than this get no suggestion of another word.
const MIN_SUGGESTED: usize = 4;
/// Longest stem a suggestion is looked for.
const MAX_SUGGESTED: usize = 30;
/// Words of a query a suggestion is looked for, at most.
const MAX_WORDS_TRIED: usize = 3;
/// Farthest (in edits) a suggested word may be from the typed one.
const MAX_EDITS: usize = 2;
/// Suggestions while typing, per kind.
const PER_KIND: usize = 4;

impl Data {
    /// How many offers a single analysed term matches (by every way it can).
    fn matches_of(&self, t: &QueryTerm) -> u64 {
        self.text_matches(std::slice::from_ref(t)).0.count()
    }

    /// A word whose stem is `stem_`, as an offer holding it writes it (in
    /// its title, its provider's name or its category): how a suggested
    /// term is shown ("Maler", not the stem "mal").
    fn surface(&self, r: &Reference, stem_: &str) -> Option<String> {
        let slots = self.postings.get(stem_)?;
        // The word itself, else a compound it is indexed as a part of.
        let find = |text: &str| {
            let ws: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            let folded = |w: &str| words(w).into_iter().next().unwrap_or_default();
            ws.iter()
                .find(|w| stem(&folded(w)) == stem_)
                .or_else(|| ws.iter().find(|w| crate::search::analyzer::index_terms(w).iter().any(|t| t == stem_)))
                .map(|w| (*w).to_owned())
        };
        slots.iter().take(32).find_map(|s| {
            let d = self.doc(s);
            find(&d.title)
                .or_else(|| self.providers.get(d.provider as usize).and_then(|p| find(&p.name)))
                .or_else(|| crate::i18n::Locale::ALL.iter().find_map(|l| find(&r.categories.path_name_in(*l, d.category_id))))
        })
    }

    /// Whether the words of `text` alone, without any filter, find nothing
    /// (what the search's zero-result log counts).
    pub fn finds_nothing(&self, text: &str) -> bool {
        let terms = crate::search::store::analyse_query(text, &self.postings, &self.thesaurus);
        self.text_matches(&terms).0.count() == 0
    }

    /// A better query than `text` when it finds fewer than `FEW` offers:
    /// each word that finds little replaced by the indexed word at most two
    /// edits away that finds the most — only if the whole finds more.
    pub fn did_you_mean(&self, r: &Reference, q: &OfferQuery, text: &str, terms: &[QueryTerm], found: u64) -> Option<String> {
        if found >= FEW || terms.is_empty() {
            return None;
        }
        let mut changed = false;
        let mut out: Vec<String> = Vec::new();
        let mut tried = 0;
        for raw in text.split_whitespace() {
            let Some(t) = words(raw).first().and_then(|w| terms.iter().find(|t| &t.word == w)) else {
                out.push(raw.to_owned());
                continue;
            };
            // Bounded work per request: a few words, none of absurd length.
            let len = t.stem.chars().count();
            tried += 1;
            if tried > MAX_WORDS_TRIED || !(MIN_SUGGESTED..=MAX_SUGGESTED).contains(&len) {
                out.push(raw.to_owned());
                continue;
            }
            let own = self.matches_of(t);
            // Typos rarely hit both of the first two letters.
            let mut head = t.stem.chars();
            let (c0, c1) = (head.next(), head.next());
            let mut near: Vec<(&String, u64)> = self
                .postings
                .iter()
                .filter(|(k, list)| list.len() > own && k.chars().count().abs_diff(len) <= MAX_EDITS && *k != &t.stem)
                .filter(|(k, _)| {
                    let mut kc = k.chars();
                    let (k0, k1) = (kc.next(), kc.next());
                    k0 == c0 || k1 == c1 || (k0 == c1 && k1 == c0)
                })
                .filter(|(k, _)| strsim::osa_distance(k, &t.stem) <= MAX_EDITS)
                .map(|(k, list)| (k, list.len()))
                .collect();
            near.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let best = near.into_iter().take(8).find_map(|(k, _)| self.surface(r, k));
            match best {
                Some(word) => {
                    changed = true;
                    out.push(word);
                }
                None => out.push(raw.to_owned()),
            }
        }
        if !changed {
            return None;
        }
        let suggestion = out.join(" ");
        // Counted with every other filter of the query, as the link keeps them.
        let better = crate::search::store::analyse_query(&suggestion, &self.postings, &self.thesaurus);
        let (bits, _) = self.text_matches(&better);
        let within = self.within(q, Some(bits));
        let n = super::count::count(&self.index, q, within.as_ref(), &self.provider_bytes(q), self.groups_under(q.extra.min_rating)).matches.count();
        (n > found).then_some(suggestion)
    }

    /// Suggestions for what is being typed: categories whose name or
    /// synonyms start with the last word, the most frequent indexed words
    /// starting so (after the words before it), and providers by name.
    pub fn suggest(&self, r: &Reference, typed: &str) -> Vec<Suggestion> {
        let thesaurus = &self.thesaurus;
        let typed = typed.trim();
        let Some(last) = words(typed).pop() else { return Vec::new() };
        if last.chars().count() < 2 {
            return Vec::new();
        }
        let before: String = {
            let mut ws: Vec<&str> = typed.split_whitespace().collect();
            ws.pop();
            ws.join(" ")
        };
        let starts = |label: &str| words(label).iter().any(|w| w.starts_with(&last));
        let mut out = Vec::new();

        // Categories: by name in the resident's language, or a synonym.
        let mut slugs: Vec<&str> = r.categories.all.iter().filter(|c| starts(&c.label())).map(|c| c.slug.as_str()).collect();
        for g in thesaurus.groups() {
            if g.words.iter().any(|w| w.starts_with(&last)) && !slugs.contains(&g.slug.as_str()) {
                slugs.push(&g.slug);
            }
        }
        for slug in slugs.into_iter().take(PER_KIND) {
            if let Some(c) = r.categories.by_slug(slug) {
                out.push(Suggestion { kind: SuggestionKind::Category, label: r.categories.path_name(c.id), href: format!("/angebote?kategorie={slug}") });
            }
        }

        // Frequent words that start so, shown as written in titles.
        let prefix: String = query_terms(&last).pop().and_then(|t| t.prefix).unwrap_or_default();
        if prefix.len() >= 2 {
            let mut frequent: Vec<(&String, usize)> =
                self.postings.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(prefix.as_str())).map(|(k, l)| (k, l.len() as usize)).collect();
            frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let mut shown: Vec<String> = Vec::new();
            for (k, _) in frequent.into_iter().take(4 * PER_KIND) {
                let Some(word) = self.surface(r, k) else { continue };
                if shown.iter().any(|s| s.eq_ignore_ascii_case(&word)) {
                    continue;
                }
                let q = if before.is_empty() { word.clone() } else { format!("{before} {word}") };
                out.push(Suggestion { kind: SuggestionKind::Term, label: q.clone(), href: format!("/angebote?q={}", crate::common::url_key::encode(&q)) });
                shown.push(word);
                if shown.len() == PER_KIND {
                    break;
                }
            }
        }

        // Providers with published offers, the most offers first.
        let mut providers: Vec<(usize, &super::row::ProviderFacts)> =
            self.providers.iter().filter(|p| starts(&p.name)).map(|p| (self.count_of_provider(p.id), p)).filter(|(n, _)| *n > 0).collect();
        providers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
        for (_, p) in providers.into_iter().take(PER_KIND) {
            out.push(Suggestion { kind: SuggestionKind::Provider, label: p.name.clone(), href: crate::common::url_key::provider_path(p.id, &p.slug) });
        }
        out
    }
}
