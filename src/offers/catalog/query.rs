//! One pass over the matching offers gives the result list, its total and
//! every facet, with the semantics of `store::filtered` (each facet leaves
//! out its own filter); the ranking is `search::ranking`, as in `rank`.
use std::collections::HashMap;

use chrono::Utc;

use super::data::{bezirk_bit, Data, Hot};
use crate::common::paging::Paging;
use crate::districts::BezirkCount;
use crate::offers::domain::{Facets, HousingKind, OfferQuery, Sort};
use crate::offers::filters::MIN_RATING_CHOICES;
use crate::offers::rank::{parts_for, title_match, CANDIDATES};
use crate::providers::domain::Ownership;
use crate::search::ranking::{RankInput, ScoreParts};
use crate::search::store::corrected_terms;
use crate::server::state::Reference;

/// One page of a query: the offers in order (with their score parts when
/// ranked), the paging and the facets.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub page: Vec<(i32, Option<ScoreParts>)>,
    pub paging: Paging,
    pub facets: Facets,
}

/// Which filters one offer passes.
struct Passes {
    category: bool,
    /// The Stadtbezirk and Stadtteil filter as chosen.
    geo: bool,
    /// The Stadtbezirk alone (for the Stadtteil facet).
    bezirk: bool,
    /// Price, rooms, area and project: no facet of their own.
    rest: bool,
    kind: bool,
    ownership: bool,
    rating: bool,
}

impl Data {
    pub fn list(&self, r: &Reference, q: &OfferQuery, per_page: u64) -> Listing {
        let terms = q.text.as_deref().map(|t| corrected_terms(t, &r.vocab)).unwrap_or_default();
        let text = q.text.as_ref().map(|_| self.text_matches(&terms));
        let mut by_category = Counts::default();
        let (mut bz_city, mut bz_links) = (0u64, Counts::default());
        let (mut st_located, mut st_city, mut st_links) = (Counts::default(), 0u64, Counts::default());
        let mut kinds = Counts::default();
        let mut per_provider = vec![0u64; self.providers.len()];
        let mut matches: Vec<u32> = Vec::new();
        let providers = self.provider_passes(q);
        for &slot in &self.order {
            if text.as_ref().is_some_and(|bits| !has(bits, slot)) {
                continue;
            }
            let h = &self.hot[slot as usize];
            let p = passes(q, h, providers[h.provider as usize]);
            let common = p.rest;
            if common && p.geo && p.kind && p.ownership && p.rating {
                by_category.add(h.category_id);
                if p.category {
                    matches.push(slot);
                }
            }
            if common && p.category && p.kind && p.ownership && p.rating {
                bz_city += u64::from(h.city_wide);
                bz_links.add_bits(h.bezirke);
                if p.bezirk {
                    match h.stadtteil_id {
                        Some(st) => st_located.add(st),
                        None => {
                            st_city += u64::from(h.city_wide);
                            st_links.add_bits(h.bezirke);
                        }
                    }
                }
            }
            if common && p.category && p.geo && p.ownership && p.rating {
                if let Some(k) = h.housing_kind {
                    kinds.add(HousingKind::ALL.iter().position(|x| *x == k).unwrap_or_default() as i32);
                }
            }
            if common && p.category && p.geo && p.kind {
                per_provider[h.provider as usize] += 1;
            }
        }
        let paging = Paging::new(q.page, per_page, matches.len() as u64);
        let page = self.page(r, q, &terms, matches, &paging);
        let by_category: Vec<(i32, u64)> = by_category.nonzero().collect();
        let facets = Facets {
            categories: crate::categories::count_tree(&r.categories, &by_category),
            bezirke: r.districts.bezirke.iter().map(|b| BezirkCount { bezirk: b.clone(), count: bz_city + bz_links.get(b.id) }).collect(),
            stadtteile: r
                .districts
                .stadtteile
                .iter()
                .filter(|s| q.bezirk_id.is_none_or(|b| b == s.bezirk_id))
                .map(|s| (s.slug.clone(), st_located.get(s.id) + st_city + st_links.get(s.bezirk_id)))
                .collect(),
            housing_kinds: HousingKind::ALL.iter().enumerate().map(|(i, k)| (*k, kinds.get(i as i32))).collect(),
            ..self.provider_facets(q, &per_provider)
        };
        Listing { page, paging, facets }
    }

    /// Per provider: (ownership filter passed, minimum rating passed).
    fn provider_passes(&self, q: &OfferQuery) -> Vec<(bool, bool)> {
        let x = &q.extra;
        self.providers
            .iter()
            .map(|p| {
                let ownership = x.ownership.is_none_or(|o| p.ownership == Some(o));
                // As the database compares: sum * 10 >= tenths * count, in integers.
                let rating = x.min_rating.is_none_or(|min| {
                    let (count, sum) = (p.rating.count as i64, p.rating.sum as i64);
                    count > 0 && sum * 10 >= (min * 10.0).round() as i64 * count
                });
                (ownership, rating)
            })
            .collect()
    }

    /// Ownership and minimum rating: each facet applies the other's filter.
    fn provider_facets(&self, q: &OfferQuery, per_provider: &[u64]) -> Facets {
        if per_provider.iter().all(|n| *n == 0) {
            // Nothing to choose from: no counts shown (as `facets::by_provider`).
            return Facets::default();
        }
        let x = &q.extra;
        let mut ownership: HashMap<Ownership, u64> = HashMap::new();
        let mut min_rating: HashMap<i64, u64> = HashMap::new();
        for (p, n) in per_provider.iter().enumerate().filter(|(_, n)| **n > 0) {
            let facts = &self.providers[p];
            let avg = facts.rating.average();
            if x.min_rating.is_none_or(|min| avg.is_some_and(|a| a >= min)) {
                if let Some(o) = facts.ownership {
                    *ownership.entry(o).or_default() += n;
                }
            }
            if x.ownership.is_none_or(|o| facts.ownership == Some(o)) {
                for t in MIN_RATING_CHOICES {
                    if avg.is_some_and(|a| a >= t as f64 / 10.0) {
                        *min_rating.entry(t).or_default() += n;
                    }
                }
            }
        }
        Facets {
            ownership: Ownership::ALL.iter().map(|o| (*o, ownership.get(o).copied().unwrap_or(0))).collect(),
            min_rating: MIN_RATING_CHOICES.iter().map(|t| (*t, min_rating.get(t).copied().unwrap_or(0))).collect(),
            ..Facets::default()
        }
    }

    /// The page's offers in the query's order.
    fn page(&self, r: &Reference, q: &OfferQuery, terms: &[crate::search::analyzer::QueryTerm], mut matches: Vec<u32>, paging: &Paging) -> Vec<(i32, Option<ScoreParts>)> {
        let (offset, n) = (paging.offset() as usize, paging.per_page as usize);
        match q.sort {
            Sort::Relevance | Sort::Rating => {
                // The newest candidates, scored; ties keep the newest first.
                matches.truncate(CANDIDATES as usize);
                let now = Utc::now();
                let mut scored: Vec<(i32, ScoreParts)> = matches.iter().map(|s| {
                    let d = self.doc(*s);
                    let provider = &self.providers[d.provider];
                    let in_bezirk = |b: i32| d.bezirke.contains(&b) || d.stadtteil_id.and_then(|st| r.districts.stadtteil(st)).is_some_and(|st| st.bezirk_id == b);
                    let input = RankInput {
                        title_match: title_match(d.title_terms.iter().map(String::as_str), terms),
                        bayesian_rating: provider.rating.bayesian(self.prior),
                        review_count: provider.rating.count,
                        age_days: (now - d.updated_at).num_seconds() as f64 / 86_400.0,
                        district_match: q.bezirk_id.map(|b| !d.city_wide && in_bezirk(b)),
                    };
                    (d.id, parts_for(q.sort, &input))
                }).collect();
                scored.sort_by(|a, b| b.1.total().total_cmp(&a.1.total()));
                scored.into_iter().skip(offset).take(n).map(|(id, parts)| (id, Some(parts))).collect()
            }
            Sort::PriceAsc | Sort::PriceDesc => {
                // Priced offers first by price, the unpriced last; newest first within.
                let desc = q.sort == Sort::PriceDesc;
                let key = |s: &u32| {
                    let p = self.doc(*s).price_cents;
                    (p.is_none(), if desc { p.map(|v| -v) } else { p })
                };
                // `matches` is newest first and the sort is stable.
                matches.sort_by_key(key);
                matches.into_iter().skip(offset).take(n).map(|s| (self.doc(s).id, None)).collect()
            }
            Sort::Newest => matches.into_iter().skip(offset).take(n).map(|s| (self.doc(s).id, None)).collect(),
        }
    }

    /// Slots whose terms match every query term (its stem, a typo
    /// correction, or as a prefix), as a bit set. Stop words only: nothing.
    fn text_matches(&self, terms: &[crate::search::analyzer::QueryTerm]) -> Vec<u64> {
        let words = self.slot_count().div_ceil(64);
        if terms.is_empty() {
            return vec![0; words];
        }
        let mut acc: Option<Vec<u64>> = None;
        for t in terms {
            let mut bits = vec![0u64; words];
            let mut mark = |list: &Vec<u32>| {
                for s in list {
                    bits[*s as usize / 64] |= 1 << (*s % 64);
                }
            };
            for w in std::iter::once(&t.stem).chain(&t.alternatives) {
                if let Some(list) = self.postings.get(w) {
                    mark(list);
                }
            }
            if let Some(p) = &t.prefix {
                for (_, list) in self.postings.range(p.clone()..).take_while(|(k, _)| k.starts_with(p.as_str())) {
                    mark(list);
                }
            }
            acc = Some(match acc {
                None => bits,
                Some(mut a) => {
                    a.iter_mut().zip(&bits).for_each(|(x, y)| *x &= y);
                    a
                }
            });
        }
        acc.unwrap_or_default()
    }
}

fn passes(q: &OfferQuery, h: &Hot, (ownership, rating): (bool, bool)) -> Passes {
    let x = &q.extra;
    let in_bezirk = |b: i32| h.city_wide || h.bezirke & bezirk_bit(b) != 0;
    let (geo, bezirk) = match (q.bezirk_id, q.stadtteil_id) {
        (None, _) => (true, true),
        (Some(b), Some(st)) => (h.stadtteil_id == Some(st) || (h.stadtteil_id.is_none() && in_bezirk(b)), in_bezirk(b)),
        (Some(b), None) => (in_bezirk(b), in_bezirk(b)),
    };
    let at_least = |v: Option<i64>, min: Option<i64>| min.is_none_or(|m| v.is_some_and(|v| v >= m));
    let at_most = |v: Option<i64>, max: Option<i64>| max.is_none_or(|m| v.is_some_and(|v| v <= m));
    let rest = at_least(h.price_cents, x.price_from_cents)
        && at_most(h.price_cents, x.price_to_cents)
        && at_least(h.rooms_tenths.map(i64::from), x.min_rooms_tenths.map(i64::from))
        && at_least(h.living_area_centi_m2.map(i64::from), x.min_area_centi_m2.map(i64::from))
        && q.project_id.is_none_or(|p| h.project_id == Some(p));
    Passes {
        category: q.category_ids.as_ref().is_none_or(|ids| ids.contains(&h.category_id)),
        geo,
        bezirk,
        rest,
        kind: x.housing_kind.is_none_or(|k| h.housing_kind == Some(k)),
        ownership,
        rating,
    }
}

/// Counts per small positive id (categories, districts): a vector rather
/// than a hash map in the loop over every match.
#[derive(Default)]
struct Counts(Vec<u64>);

impl Counts {
    fn add(&mut self, id: i32) {
        let i = id.max(0) as usize;
        if i >= self.0.len() {
            self.0.resize(i + 1, 0);
        }
        self.0[i] += 1;
    }

    fn get(&self, id: i32) -> u64 {
        self.0.get(id.max(0) as usize).copied().unwrap_or(0)
    }

    /// One count for each Stadtbezirk bit set.
    fn add_bits(&mut self, mut bits: u64) {
        while bits != 0 {
            self.add(bits.trailing_zeros() as i32);
            bits &= bits - 1;
        }
    }

    fn nonzero(&self) -> impl Iterator<Item = (i32, u64)> + '_ {
        self.0.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| (i as i32, *n))
    }
}

fn has(bits: &[u64], slot: u32) -> bool {
    bits.get(slot as usize / 64).is_some_and(|w| w & (1 << (slot % 64)) != 0)
}
