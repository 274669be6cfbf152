//! What the catalogue holds: one `Doc` (`doc.rs`) per published offer in a
//! slot, the slots newest first, the analysed terms' postings, the providers
//! (with their logos), the offers' cover photos and the new-build projects —
//! everything a results list and its cards show, so a list never waits for
//! the database (and is still served while the database is away).
use std::collections::{BTreeMap, HashMap};

use roaring::RoaringBitmap;

use super::bits::Bits;
use super::doc::{Analysed, Doc};
use super::index::Index;
use super::terms::TermIds;
pub use super::row::ProviderFacts;

use crate::offers::query::OfferQuery;
use crate::photos::domain::PhotoView;
use crate::projects::domain::ProjectRef;
use crate::reviews::domain::RatingSummary;

#[derive(Debug, Default)]
pub struct Data {
    pub(super) slots: Vec<Option<Doc>>,
    /// Bit sets per filter value and packed columns, over the slots.
    pub(super) index: Index,
    pub(super) free: Vec<u32>,
    pub(super) by_id: HashMap<i32, u32>,
    /// Occupied slots, newest first.
    pub(super) order: Vec<u32>,
    /// Analysed term → slots of the docs holding it, as a compressed bitmap
    /// (`roaring`: a frequent term takes a bit per offer, a rare one two
    /// bytes per offer holding it, where a list took four). Its keys are also
    /// the typo vocabulary, so corrections follow every published offer.
    pub(super) postings: BTreeMap<String, RoaringBitmap>,
    /// Every term placed since the load, by id (docs hold ids), and the
    /// ids by term. A term whose postings emptied keeps its id: a reload
    /// starts afresh.
    pub(super) vocabulary: Vec<Box<str>>,
    pub(super) term_id: HashMap<Box<str>, u32>,
    pub(super) providers: Vec<ProviderFacts>,
    pub(super) provider_index: HashMap<i32, usize>,
    /// The slots of each provider's offers, by provider index, kept as
    /// slots fill and empty: its page lists them and the suggestions rank
    /// providers by their number, without a pass over every offer.
    pub(super) provider_slots: Vec<Vec<u32>>,
    /// The cover photo of each offer in the catalogue that has one.
    pub(super) covers: HashMap<i32, PhotoView>,
    pub(super) projects: HashMap<i32, ProjectRef>,
    /// The city-wide mean rating, the Bayesian prior.
    pub(super) prior: f64,
    /// The best-rated providers, indexes into `providers` (`best`).
    pub(super) best: Vec<u32>,
    /// Offers per category and per Stadtbezirk over everything published
    /// (`counts`), counted once per state of the catalogue: every write
    /// lock empties it (`apply::write`), a reload starts without.
    pub(super) counted: std::sync::OnceLock<(Vec<(i32, u64)>, Vec<crate::districts::BezirkCount>)>,
    /// What lists derive from this state (`derived`), emptied with `counted`.
    pub(super) derived: super::derived::Derived,
    /// The synonyms in force (`search::tuning`), followed like the offers.
    pub(super) thesaurus: std::sync::Arc<crate::search::thesaurus::Thesaurus>,
}

impl Data {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The city-wide mean rating (the prior of every Bayesian average).
    pub fn prior(&self) -> f64 {
        self.prior
    }

    /// The distinct analysed terms of the published offers.
    pub fn term_count(&self) -> usize {
        self.postings.len()
    }

    /// An offer's analysed terms and its title's, as the catalogue holds
    /// them (sorted): what a word must match to find it.
    pub fn terms_of(&self, offer_id: i32) -> Option<(Vec<&str>, Vec<&str>)> {
        let doc = self.doc(self.slot_of(offer_id)?);
        let sorted = |ids: &mut dyn Iterator<Item = u32>| {
            let mut v: Vec<&str> = ids.map(|id| self.term(id)).collect();
            v.sort_unstable();
            v
        };
        Some((sorted(&mut doc.terms.all()), sorted(&mut doc.terms.title())))
    }

    /// The term of an id a doc holds.
    pub(super) fn term(&self, id: u32) -> &str {
        &self.vocabulary[id as usize]
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.term_id.get(term) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        let term: Box<str> = term.into();
        self.vocabulary.push(term.clone());
        self.term_id.insert(term, id);
        id
    }

    pub(super) fn doc(&self, slot: u32) -> &Doc {
        self.slots[slot as usize].as_ref().expect("ordered slots are occupied")
    }

    pub(super) fn slot_count(&self) -> usize {
        self.slots.len()
    }

    pub(super) fn slot_of(&self, offer_id: i32) -> Option<u32> {
        self.by_id.get(&offer_id).copied()
    }

    pub(super) fn contains(&self, offer_id: i32) -> bool {
        self.by_id.contains_key(&offer_id)
    }

    pub(super) fn provider(&self, id: i32) -> Option<&ProviderFacts> {
        self.provider_index.get(&id).map(|i| &self.providers[*i])
    }

    /// Adds or replaces a provider's facts (its rating and logo stay);
    /// returns true when its name changed (its offers' terms include it).
    pub(super) fn set_provider(&mut self, facts: ProviderFacts) -> bool {
        match self.provider_index.get(&facts.id) {
            Some(&i) => {
                let old = &self.providers[i];
                let renamed = old.name != facts.name;
                self.providers[i] = ProviderFacts { rating: old.rating.clone(), logo: old.logo.clone(), ..facts };
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

    pub(super) fn set_logo(&mut self, provider_id: i32, logo: Option<PhotoView>) {
        if let Some(&i) = self.provider_index.get(&provider_id) {
            self.providers[i].logo = logo;
        }
    }

    pub(super) fn set_cover(&mut self, offer_id: i32, cover: Option<PhotoView>) {
        match cover {
            Some(c) if self.contains(offer_id) => {
                self.covers.insert(offer_id, c);
            }
            _ => {
                self.covers.remove(&offer_id);
            }
        }
    }

    pub(super) fn set_project(&mut self, id: i32, project: Option<ProjectRef>) {
        match project {
            Some(p) => self.projects.insert(id, p),
            None => self.projects.remove(&id),
        };
    }

    pub(super) fn set_prior(&mut self, prior: f64) {
        self.prior = prior;
    }

    /// How many offers of the provider the catalogue lists.
    pub fn count_of_provider(&self, provider_id: i32) -> usize {
        self.provider_index.get(&provider_id).and_then(|p| self.provider_slots.get(*p)).map_or(0, Vec::len)
    }

    /// Slots of the `limit` newest offers of one provider, newest first
    /// (the order of `order`), from the provider's own list: no pass over
    /// every offer, and no full sort of a large provider's for its page.
    pub(super) fn slots_of(&self, provider_id: i32, limit: usize) -> Vec<u32> {
        let Some(slots) = self.provider_index.get(&provider_id).and_then(|p| self.provider_slots.get(*p)) else { return Vec::new() };
        let mut keyed: Vec<_> = slots.iter().map(|s| (self.doc(*s).key(), *s)).collect();
        if keyed.len() > limit {
            keyed.select_nth_unstable(limit);
            keyed.truncate(limit);
        }
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, s)| s).collect()
    }

    /// Ids of the offers of one provider in the catalogue.
    pub(super) fn offers_of(&self, provider_id: i32) -> Vec<i32> {
        self.slots_of(provider_id, usize::MAX).into_iter().map(|s| self.doc(s).id).collect()
    }

    /// The slots a query's text and provider (`anbieter`) narrow it to
    /// before its other filters; `None` for every slot. A provider the
    /// catalogue does not hold narrows it to none.
    pub(super) fn within(&self, q: &OfferQuery, text: Option<Bits>) -> Option<Bits> {
        let Some(id) = q.provider_id else { return text };
        let mut own = Bits::zeros(self.slot_count().div_ceil(64));
        if let Some(slots) = self.provider_index.get(&id).and_then(|p| self.provider_slots.get(*p)) {
            slots.iter().for_each(|s| own.set(*s));
        }
        if let Some(t) = &text {
            own.and(t);
        }
        Some(own)
    }

    /// Adds many offers at once (a full load): ordered once by `sort`.
    pub(super) fn extend(&mut self, docs: Vec<Analysed>) {
        for mut a in docs {
            let Some(&p) = self.provider_index.get(&a.doc.provider_id) else { continue };
            a.doc.provider = p as u32;
            let slot = self.place(a);
            self.order.push(slot);
        }
    }

    /// Gives back what growing took beyond need, once a load is done:
    /// vectors double as they grow, so up to half of each may be spare.
    pub(super) fn compact(&mut self) {
        for list in self.postings.values_mut() {
            *list = exact(list);
        }
        self.slots.shrink_to_fit();
        self.order.shrink_to_fit();
        self.by_id.shrink_to_fit();
        self.vocabulary.shrink_to_fit();
        self.term_id.shrink_to_fit();
        for list in &mut self.provider_slots {
            list.shrink_to_fit();
        }
    }

    /// Orders the slots after `extend`.
    pub(super) fn sort(&mut self) {
        let slots = &self.slots;
        let key = |s: &u32| slots[*s as usize].as_ref().expect("occupied").key();
        self.order.sort_by_key(key);
    }

    /// Stores a doc in a free slot and its terms in the postings; the caller orders it.
    fn place(&mut self, a: Analysed) -> u32 {
        let Analysed { mut doc, title_terms, terms } = a;
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        self.index.insert(slot, &doc.hot());
        let p = doc.provider as usize;
        if self.provider_slots.len() <= p {
            self.provider_slots.resize_with(p + 1, Vec::new);
        }
        self.provider_slots[p].push(slot);
        let terms = words(&terms);
        for t in &terms {
            // No key copy for a term already known (nearly all of them).
            match self.postings.get_mut(*t) {
                Some(list) => {
                    list.insert(slot);
                }
                None => {
                    self.postings.insert((*t).to_owned(), RoaringBitmap::from_iter([slot]));
                }
            }
        }
        let all = terms.iter().map(|t| self.intern(t)).collect();
        let title = words(&title_terms).iter().map(|t| self.intern(t)).collect();
        doc.terms = TermIds::new(title, all);
        self.by_id.insert(doc.id, slot);
        self.slots[slot as usize] = Some(doc);
        slot
    }

    /// Replaces many offers at once (a batch of a catch-up): `gone` leave,
    /// `docs` are put in (replacing their old state). The newest-first order
    /// is merged once for the batch, not shifted once per offer (a large
    /// import would otherwise move the whole order a hundred thousand times).
    pub(super) fn replace_many(&mut self, gone: &[i32], docs: Vec<Analysed>) {
        let mut leaving: std::collections::HashSet<u32> = std::collections::HashSet::new();
        for id in gone.iter().copied().chain(docs.iter().map(|a| a.doc.id)) {
            if let Some(slot) = self.by_id.remove(&id) {
                self.covers.remove(&id);
                leaving.insert(slot);
            }
        }
        if !leaving.is_empty() {
            self.order.retain(|s| !leaving.contains(s));
            self.clear_many(&leaving);
        }
        let mut fresh: Vec<u32> = Vec::with_capacity(docs.len());
        for mut a in docs {
            let Some(&p) = self.provider_index.get(&a.doc.provider_id) else { continue };
            a.doc.provider = p as u32;
            fresh.push(self.place(a));
        }
        if fresh.is_empty() {
            return;
        }
        fresh.sort_by_key(|s| self.doc(*s).key());
        let old = std::mem::take(&mut self.order);
        let mut merged = Vec::with_capacity(old.len() + fresh.len());
        let (mut a, mut b) = (old.into_iter().peekable(), fresh.into_iter().peekable());
        while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
            if self.doc(*y).key() < self.doc(*x).key() {
                merged.push(*y);
                b.next();
            } else {
                merged.push(*x);
                a.next();
            }
        }
        merged.extend(a);
        merged.extend(b);
        self.order = merged;
    }

    /// Empties slots already taken out of `by_id` and `order`: their index
    /// bits and postings go, each posting list filtered once for the batch.
    fn clear_many(&mut self, leaving: &std::collections::HashSet<u32>) {
        let gone: RoaringBitmap = leaving.iter().copied().collect();
        let mut terms: std::collections::HashSet<u32> = std::collections::HashSet::new();
        let mut providers: std::collections::HashSet<u32> = std::collections::HashSet::new();
        for &slot in leaving {
            let doc = self.slots[slot as usize].take().expect("slot of a known id");
            self.index.remove(slot, &doc.hot());
            providers.insert(doc.provider);
            terms.extend(doc.terms.all());
        }
        // Each touched provider's list filtered once for the batch: a large
        // provider's re-import must not search its list once per offer.
        for p in providers {
            if let Some(list) = self.provider_slots.get_mut(p as usize) {
                list.retain(|s| !leaving.contains(s));
            }
        }
        for id in terms {
            let t = &self.vocabulary[id as usize];
            if let Some(list) = self.postings.get_mut(&**t) {
                *list -= &gone;
                if list.is_empty() {
                    self.postings.remove(&**t);
                }
            }
        }
        self.free.extend(leaving.iter().copied());
    }
}

/// A copy of `b` without the room its containers grew into: read back from
/// its serialized form, each container takes just what it holds (`roaring`
/// has no shrink of its own). `b` itself where that fails, which an
/// in-memory round trip does not.
fn exact(b: &RoaringBitmap) -> RoaringBitmap {
    let mut bytes = Vec::with_capacity(b.serialized_size());
    b.serialize_into(&mut bytes).ok().and_then(|_| RoaringBitmap::deserialize_unchecked_from(&bytes[..]).ok()).unwrap_or_else(|| b.clone())
}

/// The terms of a list as `Analysed` holds it.
fn words(list: &str) -> Vec<&str> {
    list.split(' ').filter(|t| !t.is_empty()).collect()
}
