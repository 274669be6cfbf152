//! What the catalogue holds: one `Doc` per published offer in a slot, the
//! slots newest first, the analysed terms' postings, the providers (with
//! their logos), the offers' cover photos and the new-build projects —
//! everything a results list and its cards show, so a list never waits for
//! the database (and is still served while the database is away).
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use roaring::RoaringBitmap;

use super::index::{Hot, Index};
pub use super::row::ProviderFacts;
use super::row::Row;

use crate::offers::domain::{HousingKind, PriceModel};
use crate::offers::store::CITY_WIDE;
use crate::photos::domain::PhotoView;
use crate::projects::domain::ProjectRef;
use crate::reviews::domain::RatingSummary;
use crate::search::analyzer::index_terms;
use crate::reference::Reference;

/// One published offer as the list filters, counts, ranks and shows it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: i32,
    pub provider_id: i32,
    /// Index into `Data::providers` (set when placed).
    pub provider: usize,
    pub category_id: i32,
    pub slug: String,
    pub title: String,
    pub price_model: PriceModel,
    pub price_cents: Option<i64>,
    pub housing_kind: Option<HousingKind>,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub plot_area_centi_m2: Option<i32>,
    pub energy_class: Option<String>,
    pub stadtteil_id: Option<i32>,
    pub project_id: Option<i32>,
    pub city_wide: bool,
    /// The Stadtbezirke it serves specifically (`offer_district`).
    pub bezirke: Vec<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The title's analysed terms as ids into `Data::vocabulary`: four
    /// bytes a term instead of a string of its own.
    pub(super) title_ids: Box<[u32]>,
    /// Every analysed term, kept to take the doc out of the postings again.
    pub(super) term_ids: Box<[u32]>,
}

/// A doc as analysis leaves it: its terms still strings, until `Data::place`
/// turns them into ids. Each list is one string, its terms joined by spaces
/// as the index stores them: a load takes the index's strings as they come,
/// not a string per term (a million offers hold some fifty million).
pub struct Analysed {
    pub(super) doc: Doc,
    title_terms: String,
    terms: String,
}

impl Doc {
    /// Newest first: (created_at, id) descending, as the database orders.
    fn key(&self) -> (std::cmp::Reverse<DateTime<Utc>>, std::cmp::Reverse<i32>) {
        (std::cmp::Reverse(self.created_at), std::cmp::Reverse(self.id))
    }

    /// Analyses a row: its terms from the same text the database index has
    /// (title, description, category, provider name, place), or the terms
    /// that index `stored` for it. None unless published. Pure: runs on
    /// blocking threads, many rows at once.
    pub(super) fn of(r: &Reference, row: &Row, provider_name: &str, bezirke: Vec<i32>, stored: Option<(String, String)>) -> Option<Analysed> {
        if row.status != crate::offers::store::PUBLISHED {
            return None;
        }
        let (terms, title_terms) = match stored {
            Some(both) => both,
            None => {
                let text = crate::search::store::document_text(&row.title, &row.description, row.category_id, row.stadtteil_id, provider_name, r, &bezirke);
                (index_terms(&text).join(" "), index_terms(&row.title).join(" "))
            }
        };
        let (city_wide, bezirke) = place_of(r, row, bezirke);
        let doc = Doc {
            id: row.id,
            provider_id: row.provider_id,
            provider: usize::MAX,
            category_id: row.category_id,
            slug: row.slug.clone(),
            title: row.title.clone(),
            price_model: PriceModel::parse(&row.price_model).unwrap_or(PriceModel::OnRequest),
            price_cents: row.price_cents,
            housing_kind: row.housing_kind.as_deref().and_then(HousingKind::parse),
            rooms_tenths: row.rooms_tenths,
            living_area_centi_m2: row.living_area_centi_m2,
            plot_area_centi_m2: row.plot_area_centi_m2,
            energy_class: row.energy_class.clone(),
            stadtteil_id: row.stadtteil_id,
            project_id: row.project_id,
            city_wide,
            bezirke,
            created_at: row.created_at,
            updated_at: row.updated_at,
            title_ids: Box::default(),
            term_ids: Box::default(),
        };
        Some(Analysed { doc, title_terms, terms })
    }
}

/// Where an offer is for the place filters: a located offer (a flat) is in
/// its own Stadtbezirk and those it names, never "the whole city" — an
/// imported flat in Walsum that names the city as its area is not a flat
/// in Neudorf. Only offers without a location are city-wide.
fn place_of(r: &Reference, row: &Row, mut bezirke: Vec<i32>) -> (bool, Vec<i32>) {
    match row.stadtteil_id.and_then(|st| r.districts.stadtteil(st)) {
        Some(st) => {
            if !bezirke.contains(&st.bezirk_id) {
                bezirke.push(st.bezirk_id);
            }
            (false, bezirke)
        }
        // (A Stadtteil the reference does not know counts as located, as in the oracle.)
        None => (row.stadtteil_id.is_none() && row.service_area == CITY_WIDE, bezirke),
    }
}

/// How hard a load may work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effort {
    /// Every core: nothing is served before it (the first load), or a
    /// change is waited for (a catch-up).
    Full,
    /// One core fewer: a reload in the background, beside live requests.
    Background,
}

/// Analyses rows on a blocking thread and the pool's others: text analysis
/// is most of the work of a large catch-up. A load hands in the terms the
/// database index holds (`stored`, by offer id), so only offers missing
/// there are analysed.
pub(super) fn analyse(
    r: &Reference,
    rows: &[Row],
    mut bezirke: HashMap<i32, Vec<i32>>,
    mut stored: HashMap<i32, (String, String)>,
    names: &HashMap<i32, String>,
    effort: Effort,
) -> Vec<Analysed> {
    use rayon::prelude::*;
    let inputs: Vec<_> = rows.iter().map(|row| (bezirke.remove(&row.id).unwrap_or_default(), stored.remove(&row.id))).collect();
    let work = || {
        rows.par_iter().zip(inputs).filter_map(|(row, (b, terms))| Doc::of(r, row, names.get(&row.provider_id).map_or("", String::as_str), b, terms)).collect()
    };
    match effort {
        Effort::Full => work(),
        Effort::Background => background_pool().install(work),
    }
}

fn background_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        rayon::ThreadPoolBuilder::new().num_threads(cores.saturating_sub(1).max(1)).thread_name(|i| format!("catalogue-reload-{i}")).build().expect("a thread pool")
    })
}

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
    /// The cover photo of each offer in the catalogue that has one.
    pub(super) covers: HashMap<i32, PhotoView>,
    pub(super) projects: HashMap<i32, ProjectRef>,
    /// The city-wide mean rating, the Bayesian prior.
    pub(super) prior: f64,
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
        let sorted = |ids: &[u32]| {
            let mut v: Vec<&str> = ids.iter().map(|id| self.term(*id)).collect();
            v.sort_unstable();
            v
        };
        Some((sorted(&doc.term_ids), sorted(&doc.title_ids)))
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
        self.offers_of(provider_id).len()
    }

    /// Ids of the offers of one provider in the catalogue.
    pub(super) fn offers_of(&self, provider_id: i32) -> Vec<i32> {
        let Some(&p) = self.provider_index.get(&provider_id) else { return Vec::new() };
        self.order.iter().map(|s| self.doc(*s)).filter(|d| d.provider == p).map(|d| d.id).collect()
    }

    /// Adds many offers at once (a full load): ordered once by `sort`.
    pub(super) fn extend(&mut self, docs: Vec<Analysed>) {
        for mut a in docs {
            let Some(&p) = self.provider_index.get(&a.doc.provider_id) else { continue };
            a.doc.provider = p;
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
        doc.term_ids = terms.iter().map(|t| self.intern(t)).collect();
        doc.title_ids = words(&title_terms).iter().map(|t| self.intern(t)).collect();
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
            a.doc.provider = p;
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
        for &slot in leaving {
            let doc = self.slots[slot as usize].take().expect("slot of a known id");
            self.index.remove(slot, &doc.hot());
            terms.extend(doc.term_ids.iter().copied());
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

impl Doc {
    /// Its filter values, as the index takes them in and out.
    pub(super) fn hot(&self) -> Hot {
        let d = self;
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
            bezirke: d.bezirke.iter().fold(0, |m, b| m | super::index::bezirk_bit(*b)),
        }
    }
}
