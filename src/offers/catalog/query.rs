//! A results list from the catalogue: the matches and facets from the bit
//! sets (`count`), the page in the query's order (the ranking is
//! `search::ranking`, as in `rank`), and the cards.
use chrono::Utc;

use super::bits::Bits;
use super::count::{count, GROUP, PASSES};
use super::data::Data;
use super::title::TitleMatch;
use super::index::NONE;
use crate::common::paging::Paging;
use crate::districts::BezirkCount;
use crate::offers::domain::{HousingFacts, HousingKind, OfferCard, Price};
use crate::offers::query::{Facets, OfferListPage, OfferQuery, Sort};
use crate::offers::filters::MIN_RATING_CHOICES;
use crate::offers::rank::{intended, parts_for, tier, CANDIDATES};
use crate::providers::domain::Ownership;
use crate::search::ranking::{RankInput, ScoreParts};
use crate::search::store::analyse_query;
use crate::reference::Reference;

fn get(v: &[(i32, u64)], id: i32) -> u64 {
    v.iter().find(|(i, _)| *i == id).map_or(0, |(_, n)| *n)
}

/// Offers of the catalogue as its slots (`Data::among`).
pub struct Among(Bits);

impl Data {
    /// One page of a query: the cards in order (with their score parts when
    /// ranked), the paging and the facets.
    pub fn list_page(&self, r: &Reference, q: &OfferQuery, per_page: u64) -> OfferListPage {
        let terms = q.text.as_deref().map(|t| analyse_query(t, &self.postings, &self.thesaurus)).unwrap_or_default();
        let (text, exact) = match q.text {
            Some(_) => {
                let (all, exact) = self.text_matches(&terms);
                (Some(all), Some(exact))
            }
            None => (None, None),
        };
        let within = self.within(q, text);
        let raw = count(&self.index, q, within.as_ref(), &self.provider_bytes(q), self.groups_under(q.extra.min_rating));
        let found = raw.matches.count();
        let paging = crate::offers::rank::paging_for(q.sort, Paging::new(q.page, per_page, found));
        let page = self.page(r, q, &terms, (&raw.matches, found), exact.as_ref(), &paging);
        let facets = Facets {
            categories: crate::categories::count_tree(&r.categories, &raw.by_category),
            bezirke: self.bezirk_counts(r, &raw),
            stadtteile: r
                .districts
                .stadtteile
                .iter()
                .filter(|s| q.bezirk_id.is_none_or(|b| b == s.bezirk_id))
                .map(|s| (s.slug.clone(), get(&raw.st_located, s.id) + raw.st_city + get(&raw.st_links, s.bezirk_id)))
                .collect(),
            housing_kinds: HousingKind::ALL.iter().zip(&raw.kinds).map(|(k, n)| (*k, *n)).collect(),
            ..self.provider_facets(q, &raw.per_group)
        };
        let offers = page.into_iter().map(|(slot, parts)| OfferCard { rank: parts, ..self.card_at(r, slot) }).collect();
        let did_you_mean = q.text.as_deref().and_then(|t| self.did_you_mean(r, q, t, &terms, paging.total));
        OfferListPage { offers, paging, facets, stale: false, did_you_mean, provider: None }
    }

    /// The offers among `ids` that `q` finds, as its list would (text,
    /// filters and all): what a saved search is alerted to.
    pub fn matching(&self, q: &OfferQuery, ids: &[i32]) -> Vec<i32> {
        self.matching_in(q, &self.among(ids))
    }

    /// The slots of `ids`, for several `matching_in` within one look at the
    /// catalogue (slots are reused after removals: never keep it longer).
    pub fn among(&self, ids: &[i32]) -> Among {
        let mut among = Bits::zeros(self.slot_count().div_ceil(64));
        ids.iter().filter_map(|id| self.slot_of(*id)).for_each(|s| among.set(s));
        Among(among)
    }

    /// As `matching`, among the slots taken by `among`.
    pub fn matching_in(&self, q: &OfferQuery, among: &Among) -> Vec<i32> {
        if among.0.count() == 0 {
            return Vec::new();
        }
        let text = q.text.as_deref().map(|t| self.text_matches(&analyse_query(t, &self.postings, &self.thesaurus)).0);
        let within = self.within(q, text);
        let found = super::count::matches(&self.index, q, within.as_ref(), &self.provider_bytes(q), &among.0);
        found.ones().map(|s| self.doc(s).id).collect()
    }

    /// Offers per category id and per Stadtbezirk over everything published
    /// (the start page, the API's reference lists): counted once after each
    /// change, not per request.
    pub fn counts(&self, r: &Reference) -> (Vec<(i32, u64)>, Vec<BezirkCount>) {
        self.counted
            .get_or_init(|| {
                let q = OfferQuery::all();
                let raw = count(&self.index, &q, None, &self.provider_bytes(&q), self.groups_under(None));
                (raw.by_category.clone(), self.bezirk_counts(r, &raw))
            })
            .clone()
    }

    fn bezirk_counts(&self, r: &Reference, raw: &super::count::Raw) -> Vec<BezirkCount> {
        r.districts.bezirke.iter().map(|b| BezirkCount { bezirk: b.clone(), count: raw.bz_city + get(&raw.bz_links, b.id) }).collect()
    }

    /// The card of an offer in the catalogue, as `offers::store::cards`
    /// builds it from the database.
    pub fn card(&self, r: &Reference, id: i32) -> Option<OfferCard> {
        Some(self.card_at(r, self.slot_of(id)?))
    }

    /// The card of the offer in an occupied slot.
    pub(super) fn card_at(&self, r: &Reference, slot: u32) -> OfferCard {
        let d = self.doc(slot);
        let provider = self.summary(r, &self.providers[d.provider as usize]);
        let place = match d.stadtteil_id {
            Some(st) => r.districts.stadtteil_label(st),
            None if d.city_wide => crate::i18n::t().offer_whole_city.to_owned(),
            None => d.bezirke.iter().filter_map(|b| r.districts.bezirk(*b)).map(|b| b.name.clone()).collect::<Vec<_>>().join(", "),
        };
        OfferCard {
            id: d.id,
            slug: d.slug.to_string(),
            title: d.title.to_string(),
            price: Price { model: d.price_model, cents: d.price_cents },
            category: r.categories.path_name(d.category_id),
            provider,
            place,
            housing: d.housing_kind.map(|kind| HousingFacts {
                kind,
                rooms_tenths: d.rooms_tenths,
                living_area_centi_m2: d.living_area_centi_m2,
                plot_area_centi_m2: d.plot_area_centi_m2,
                energy_class: d.energy_class.as_deref().map(str::to_owned),
            }),
            updated_at: d.updated_at,
            category_id: d.category_id,
            created_at: d.created_at,
            rank: None,
            cover: self.covers.get(&d.id).cloned(),
            project: d.project_id.and_then(|p| self.projects.get(&p).cloned()),
        }
    }

    /// Per provider index, its byte for `count`: `PASSES` when it passes
    /// the ownership and minimum-rating filters, and its facet group
    /// (`group`). Empty when the query sets neither: `count` then takes the
    /// groups from `groups_under` and reads no byte, and a pass over every
    /// provider per list (5 % of a rendered list's CPU) is saved.
    pub(super) fn provider_bytes(&self, q: &OfferQuery) -> Vec<u8> {
        let x = &q.extra;
        if x.ownership.is_none() && x.min_rating.is_none() {
            return Vec::new();
        }
        self.providers
            .iter()
            .map(|p| {
                let ownership = x.ownership.is_none_or(|o| p.ownership == Some(o));
                // As the database compares: sum * 10 >= tenths * count, in integers.
                let rating = x.min_rating.is_none_or(|min| {
                    let (count, sum) = (p.rating.count as i64, p.rating.sum as i64);
                    count > 0 && sum * 10 >= (min * 10.0).round() as i64 * count
                });
                group(p, x.min_rating) | if ownership && rating { PASSES } else { 0 }
            })
            .collect()
    }

    /// Ownership and minimum rating: each facet applies the other's filter.
    fn provider_facets(&self, q: &OfferQuery, per_group: &[u64]) -> Facets {
        if per_group.iter().all(|n| *n == 0) {
            // Nothing to choose from: no counts shown (as `facets::by_provider`).
            return Facets::default();
        }
        let x = &q.extra;
        let mut ownership = [0u64; Ownership::ALL.len()];
        let mut min_rating = [0u64; MIN_RATING_CHOICES.len()];
        for (g, n) in per_group.iter().enumerate().filter(|(_, n)| **n > 0) {
            let (own, reached, reaches_min) = parts_of(g as u8);
            if x.min_rating.is_none() || reaches_min {
                if let Some(c) = own.and_then(|o| ownership.get_mut(o)) {
                    *c += n;
                }
            }
            if x.ownership.is_none_or(|o| own.is_some_and(|i| Ownership::ALL[i] == o)) {
                min_rating[..reached].iter_mut().for_each(|c| *c += n);
            }
        }
        Facets {
            ownership: Ownership::ALL.iter().copied().zip(ownership).collect(),
            min_rating: MIN_RATING_CHOICES.iter().copied().zip(min_rating).collect(),
            ..Facets::default()
        }
    }

    /// The page's offers (slots) in the query's order: the newest matches
    /// as far as the sort needs (`newest_matches`), or by price every match
    /// with its newest-first position. By relevance, matches rank in tiers
    /// first (`rank::tier`).
    fn page(&self, r: &Reference, q: &OfferQuery, terms: &[crate::search::analyzer::QueryTerm], (matches, found): (&Bits, u64), exact: Option<&Bits>, paging: &Paging) -> Vec<(u32, Option<ScoreParts>)> {
        let (offset, n) = (paging.offset() as usize, paging.per_page as usize);
        let newest = |k: usize| self.newest_matches(matches, found, k).into_iter();
        match q.sort {
            Sort::Relevance | Sort::Rating => {
                // The newest candidates, scored; ties keep the newest first.
                let now = Utc::now().timestamp_nanos_opt().unwrap_or(i64::MAX);
                let intended = intended(r, terms);
                // A candidate is read from the index's columns and bit sets
                // and its provider's score from a table of them: a `Doc`
                // each (two cache misses or so) only for a title to match,
                // by term ids (`title`).
                let cols = &self.index.cols;
                let providers = self.scores();
                // (A located offer's own Stadtbezirk is among those it serves: `doc::place_of`.)
                let in_bezirk = q.bezirk_id.map(|b| (self.index.bezirk(b), &self.index.city_wide));
                let mut title = TitleMatch::new(self, terms);
                let scored: Vec<(u32, u8, ScoreParts, f32)> = newest(CANDIDATES as usize).map(|s| {
                    let (bayesian_rating, review_count) = providers[cols.provider[s as usize] as usize];
                    let input = RankInput {
                        title_match: if terms.is_empty() { 1.0 } else { title.score(self.doc(s).terms.title()) },
                        bayesian_rating,
                        review_count,
                        // Whole seconds, as `(now - updated_at).num_seconds()`.
                        age_days: ((now - cols.updated_nanos[s as usize]) / 1_000_000_000) as f64 / 86_400.0,
                        district_match: in_bezirk.map(|(serving, city_wide)| !city_wide.has(s) && serving.is_some_and(|b| b.has(s))),
                    };
                    let tier = match exact {
                        Some(e) => tier(q.sort, e.has(s), cols.category[s as usize], &intended),
                        None => 0,
                    };
                    let parts = parts_for(q.sort, &input);
                    (s, tier, parts, parts.total())
                }).collect();
                // Only the first `offset + n` are shown: a selection, then a
                // small sort. The position among the candidates breaks ties,
                // so the order is the stable one (newest first).
                let mut ranked: Vec<usize> = (0..scored.len()).collect();
                let order = |a: &usize, b: &usize| {
                    let (x, y) = (&scored[*a], &scored[*b]);
                    y.1.cmp(&x.1).then(y.3.total_cmp(&x.3)).then(a.cmp(b))
                };
                let k = offset + n;
                if k < ranked.len() {
                    ranked.select_nth_unstable_by(k, order);
                    ranked.truncate(k);
                }
                ranked.sort_unstable_by(order);
                ranked.into_iter().skip(offset).map(|i| (scored[i].0, Some(scored[i].2))).collect()
            }
            Sort::PriceAsc | Sort::PriceDesc => {
                // Priced offers first by price, the unpriced last; newest first
                // within (the position in the newest-first order). Only the
                // first `offset + n` are needed: a selection, then a small sort.
                let desc = q.sort == Sort::PriceDesc;
                let (price, pos) = (&self.index.cols.price, self.positions());
                let mut keyed: Vec<(bool, i64, u32, u32)> = matches
                    .ones()
                    .map(|s| {
                        let p = price[s as usize];
                        (p == NONE, if p == NONE { 0 } else if desc { -p } else { p }, pos[s as usize], s)
                    })
                    .collect();
                let k = offset + n;
                if k < keyed.len() {
                    keyed.select_nth_unstable(k);
                    keyed.truncate(k);
                }
                keyed.sort_unstable();
                keyed.into_iter().skip(offset).map(|(.., s)| (s, None)).collect()
            }
            Sort::Newest => newest(offset + n).skip(offset).map(|s| (s, None)).collect(),
        }
    }

    /// The `k` newest of the `found` matches, newest first. Down the
    /// newest-first order a walk finds them within about k / density steps,
    /// but passes every offer when matches are few: then the matches' own
    /// positions are selected and sorted instead.
    fn newest_matches(&self, matches: &Bits, found: u64, k: usize) -> Vec<u32> {
        /// Below one match in this many offers, the matches' positions.
        const SPARSE: u64 = 8;
        if found.saturating_mul(SPARSE) >= self.len() as u64 {
            return self.order.iter().copied().filter(|s| matches.has(*s)).take(k).collect();
        }
        let pos = self.positions();
        let mut v: Vec<(u32, u32)> = matches.ones().map(|s| (pos[s as usize], s)).collect();
        if k < v.len() {
            v.select_nth_unstable(k);
            v.truncate(k);
        }
        v.sort_unstable();
        v.into_iter().map(|(_, s)| s).collect()
    }

    /// Slots whose terms match every query term — by its stem, a typo
    /// correction or as a prefix (also in the second set, `exact`), or by a
    /// synonym or all parts of its compound — as bit sets. Stop words only:
    /// nothing.
    pub(super) fn text_matches(&self, terms: &[crate::search::analyzer::QueryTerm]) -> (Bits, Bits) {
        let words = self.slot_count().div_ceil(64);
        let any = |ws: &mut dyn Iterator<Item = &String>| {
            let mut bits = Bits::zeros(words);
            for w in ws {
                if let Some(list) = self.postings.get(w) {
                    list.iter().for_each(|s| bits.set(s));
                }
            }
            bits
        };
        let (mut all, mut exact): (Option<Bits>, Option<Bits>) = (None, None);
        for t in terms {
            let mut own = any(&mut std::iter::once(&t.stem).chain(&t.alternatives));
            if let Some(p) = &t.prefix {
                // (The stem, often the prefix's first term, is in already.)
                for (_, list) in self.postings.range(p.clone()..).take_while(|(k, _)| k.starts_with(p.as_str())).filter(|(k, _)| **k != t.stem) {
                    list.iter().for_each(|s| own.set(s));
                }
            }
            let mut widened = any(&mut t.synonyms.iter());
            widened.or(&own);
            if let Some((first, rest)) = t.parts.split_first() {
                let mut parts = any(&mut first.iter());
                for p in rest {
                    parts.and(&any(&mut p.iter()));
                }
                widened.or(&parts);
            }
            for (acc, bits) in [(&mut all, widened), (&mut exact, own)] {
                match acc {
                    None => *acc = Some(bits),
                    Some(a) => a.and(&bits),
                }
            }
        }
        (all.unwrap_or_else(|| Bits::zeros(words)), exact.unwrap_or_else(|| Bits::zeros(words)))
    }
}

/// A provider's facet group: its ownership (position in `Ownership::ALL`,
/// or past it), how many of `MIN_RATING_CHOICES` its average reaches, and
/// whether it reaches the query's own minimum (which need not be a choice):
/// the facets compare averages as `facets::by_provider` does.
pub(super) fn group(p: &super::data::ProviderFacts, min: Option<f64>) -> u8 {
    // Two bits each for the ownership (or none) and the choices reached.
    const _: () = assert!(Ownership::ALL.len() < 4 && MIN_RATING_CHOICES.len() < 4 && GROUP == 0x1f);
    let own = p.ownership.and_then(|o| Ownership::ALL.iter().position(|a| *a == o)).unwrap_or(Ownership::ALL.len());
    let avg = p.rating.average();
    let reached = MIN_RATING_CHOICES.iter().filter(|t| avg.is_some_and(|a| a >= **t as f64 / 10.0)).count();
    let reaches_min = min.is_some_and(|m| avg.is_some_and(|a| a >= m));
    (own as u8 | (reached as u8) << 2 | u8::from(reaches_min) << 4) & GROUP
}

/// `group` taken apart: ownership position (none past `Ownership::ALL`),
/// rating choices reached, query minimum reached.
pub(super) fn parts_of(g: u8) -> (Option<usize>, usize, bool) {
    let own = (g & 3) as usize;
    ((own < Ownership::ALL.len()).then_some(own), ((g >> 2) & 3) as usize, g & 16 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reviews::domain::RatingSummary;

    fn facts(ownership: Option<Ownership>, stars: &[i64]) -> super::super::data::ProviderFacts {
        let rating = RatingSummary { count: stars.len() as _, sum: stars.iter().sum::<i64>() as _, ..RatingSummary::default() };
        super::super::data::ProviderFacts { ownership, rating, ..Default::default() }
    }

    #[test]
    fn a_group_keeps_what_the_provider_facets_ask() {
        for ownership in Ownership::ALL.iter().copied().map(Some).chain([None]) {
            for stars in [&[][..], &[1], &[3], &[4, 4], &[4, 5], &[5], &[3, 4]] {
                for min in [None, Some(3.5), Some(4.0), Some(4.5)] {
                    let p = facts(ownership, stars);
                    let avg = p.rating.average();
                    let g = group(&p, min);
                    assert!((g as usize) < super::super::count::GROUPS && g & PASSES == 0);
                    let (own, reached, reaches_min) = parts_of(g);
                    assert_eq!(own.map(|i| Ownership::ALL[i]), ownership);
                    for (i, t) in MIN_RATING_CHOICES.iter().enumerate() {
                        assert_eq!(i < reached, avg.is_some_and(|a| a >= *t as f64 / 10.0), "{stars:?} {t}");
                    }
                    assert_eq!(reaches_min, min.is_some_and(|m| avg.is_some_and(|a| a >= m)), "{stars:?} {min:?}");
                }
            }
        }
    }
}
