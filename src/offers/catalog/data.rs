//! What the catalogue holds: one `Doc` per published offer in a slot, the
//! slots newest first, the analysed terms' postings and the providers.
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::index::Index;
use super::row::Row;

use crate::offers::domain::HousingKind;
use crate::offers::store::CITY_WIDE;
use crate::providers::domain::Ownership;
use crate::reviews::domain::RatingSummary;
use crate::search::analyzer::index_terms;
use crate::server::state::Reference;

/// One published offer as the list filters, counts and ranks it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: i32,
    /// Index into `Data::providers`.
    pub provider: usize,
    pub category_id: i32,
    pub price_cents: Option<i64>,
    pub housing_kind: Option<HousingKind>,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub stadtteil_id: Option<i32>,
    pub project_id: Option<i32>,
    pub city_wide: bool,
    /// The Stadtbezirke it serves specifically (`offer_district`).
    pub bezirke: Vec<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub title_terms: Vec<String>,
    /// Every analysed term, kept to take the doc out of the postings again.
    terms: Vec<String>,
}

impl Doc {
    /// Newest first: (created_at, id) descending, as the database orders.
    fn key(&self) -> (std::cmp::Reverse<DateTime<Utc>>, std::cmp::Reverse<i32>) {
        (std::cmp::Reverse(self.created_at), std::cmp::Reverse(self.id))
    }
}

/// A doc's filter values, as the index takes them in and out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hot {
    pub category_id: i32,
    pub provider: u32,
    pub price_cents: Option<i64>,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub stadtteil_id: Option<i32>,
    pub project_id: Option<i32>,
    pub housing_kind: Option<HousingKind>,
    pub city_wide: bool,
    /// Served Stadtbezirke as bits by id (Duisburg has seven, ids 1–7).
    pub bezirke: u64,
}

/// The bit of a Stadtbezirk id in `Hot::bezirke`.
pub fn bezirk_bit(id: i32) -> u64 {
    if (0..64).contains(&id) { 1 << id } else { 0 }
}

impl Hot {
    pub(super) fn of(d: &Doc) -> Self {
        Hot {
            category_id: d.category_id,
            provider: d.provider as u32,
            price_cents: d.price_cents,
            rooms_tenths: d.rooms_tenths,
            living_area_centi_m2: d.living_area_centi_m2,
            stadtteil_id: d.stadtteil_id,
            project_id: d.project_id,
            housing_kind: d.housing_kind,
            city_wide: d.city_wide,
            bezirke: d.bezirke.iter().fold(0, |m, b| m | bezirk_bit(*b)),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ProviderFacts {
    pub id: i32,
    pub name: String,
    pub ownership: Option<Ownership>,
    pub rating: RatingSummary,
}

#[derive(Debug, Default)]
pub struct Data {
    slots: Vec<Option<Doc>>,
    /// Bit sets per filter value and packed columns, over the slots.
    pub(super) index: Index,
    free: Vec<u32>,
    by_id: HashMap<i32, u32>,
    /// Occupied slots, newest first.
    pub(super) order: Vec<u32>,
    /// Analysed term → slots of the docs holding it.
    pub(super) postings: BTreeMap<String, Vec<u32>>,
    pub(super) providers: Vec<ProviderFacts>,
    provider_index: HashMap<i32, usize>,
    /// The city-wide mean rating, the Bayesian prior.
    pub(super) prior: f64,
}

impl Data {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub(super) fn doc(&self, slot: u32) -> &Doc {
        self.slots[slot as usize].as_ref().expect("ordered slots are occupied")
    }

    pub(super) fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// Adds or replaces a provider's facts; returns true when its name changed
    /// (its offers' terms include the name).
    pub(super) fn set_provider(&mut self, facts: ProviderFacts) -> bool {
        match self.provider_index.get(&facts.id) {
            Some(&i) => {
                let renamed = self.providers[i].name != facts.name;
                self.providers[i] = ProviderFacts { rating: self.providers[i].rating.clone(), ..facts };
                renamed
            }
            None => {
                self.provider_index.insert(facts.id, self.providers.len());
                self.providers.push(facts);
                false
            }
        }
    }

    pub(super) fn set_rating(&mut self, provider_id: i32, rating: RatingSummary) {
        if let Some(&i) = self.provider_index.get(&provider_id) {
            self.providers[i].rating = rating;
        }
    }

    pub(super) fn set_prior(&mut self, prior: f64) {
        self.prior = prior;
    }

    /// Ids of the offers of one provider in the catalogue.
    pub(super) fn offers_of(&self, provider_id: i32) -> Vec<i32> {
        let Some(&p) = self.provider_index.get(&provider_id) else { return Vec::new() };
        self.order.iter().map(|s| self.doc(*s)).filter(|d| d.provider == p).map(|d| d.id).collect()
    }

    /// Puts a published offer in (replacing its old state), or takes an
    /// offer out that is no longer published. Its provider must be known.
    pub(super) fn upsert(&mut self, r: &Reference, row: &Row, bezirke: Vec<i32>) {
        self.remove(row.id);
        if let Some(doc) = self.make_doc(r, row, bezirke) {
            let key = doc.key();
            let slot = self.place(doc);
            let at = self.order.partition_point(|s| self.doc(*s).key() < key);
            self.order.insert(at, slot);
        }
    }

    /// Adds many offers at once (a full load): sorted once at the end.
    /// Analysing the texts is most of a load, so the batch is split over
    /// the cores; the docs are placed in row order afterwards.
    pub(super) fn extend(&mut self, r: &Reference, rows: &[Row], links: &mut std::collections::HashMap<i32, Vec<i32>>) {
        let bezirke: Vec<Vec<i32>> = rows.iter().map(|row| links.remove(&row.id).unwrap_or_default()).collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = rows.len().div_ceil(threads).max(1);
        let this = &*self;
        let docs: Vec<Vec<Doc>> = std::thread::scope(|s| {
            let work: Vec<_> = rows
                .chunks(chunk)
                .zip(bezirke.chunks(chunk))
                .map(|(rows, bz)| s.spawn(move || rows.iter().zip(bz).filter_map(|(row, b)| this.make_doc(r, row, b.clone())).collect()))
                .collect();
            work.into_iter().map(|h| h.join().expect("analysing offers does not panic")).collect()
        });
        for doc in docs.into_iter().flatten() {
            let slot = self.place(doc);
            self.order.push(slot);
        }
    }

    /// Orders the slots after `extend`.
    pub(super) fn sort(&mut self) {
        let slots = &self.slots;
        let key = |s: &u32| slots[*s as usize].as_ref().expect("occupied").key();
        self.order.sort_by_key(key);
    }

    fn make_doc(&self, r: &Reference, row: &Row, bezirke: Vec<i32>) -> Option<Doc> {
        if row.status != crate::offers::store::PUBLISHED {
            return None;
        }
        let provider = *self.provider_index.get(&row.provider_id)?;
        let text = crate::search::store::document_text(&row.title, &row.description, row.category_id, row.stadtteil_id, &self.providers[provider].name, r, &bezirke);
        Some(Doc {
            id: row.id,
            provider,
            category_id: row.category_id,
            price_cents: row.price_cents,
            housing_kind: row.housing_kind.as_deref().and_then(HousingKind::parse),
            rooms_tenths: row.rooms_tenths,
            living_area_centi_m2: row.living_area_centi_m2,
            stadtteil_id: row.stadtteil_id,
            project_id: row.project_id,
            city_wide: row.service_area == CITY_WIDE,
            bezirke,
            created_at: row.created_at,
            updated_at: row.updated_at,
            title_terms: index_terms(&row.title),
            terms: index_terms(&text),
        })
    }

    /// Stores a doc in a free slot and its terms in the postings; the caller orders it.
    fn place(&mut self, doc: Doc) -> u32 {
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        self.index.insert(slot, &Hot::of(&doc));
        for t in &doc.terms {
            // No key clone for a term already known (nearly all of them).
            match self.postings.get_mut(t) {
                Some(list) => list.push(slot),
                None => {
                    self.postings.insert(t.clone(), vec![slot]);
                }
            }
        }
        self.by_id.insert(doc.id, slot);
        self.slots[slot as usize] = Some(doc);
        slot
    }

    pub(super) fn remove(&mut self, id: i32) {
        let Some(slot) = self.by_id.remove(&id) else { return };
        let key = self.doc(slot).key();
        let at = self.order.partition_point(|s| self.doc(*s).key() < key);
        debug_assert_eq!(self.order.get(at), Some(&slot));
        self.order.remove(at);
        let doc = self.slots[slot as usize].take().expect("slot of a known id");
        self.index.remove(slot, &Hot::of(&doc));
        for t in &doc.terms {
            if let Some(list) = self.postings.get_mut(t) {
                if let Some(i) = list.iter().position(|s| *s == slot) {
                    list.swap_remove(i);
                }
                if list.is_empty() {
                    self.postings.remove(t);
                }
            }
        }
        self.free.push(slot);
    }
}
