//! Bit sets over slots per filter value, kept in step with the slots as
//! offers come and go, so a query ANDs a few sets and counts every facet
//! value with word-wise popcounts instead of testing each offer.
//!
//! Ownership and rating are not here: they are the provider's, and a new
//! review changes the rating of all its offers without touching them; a
//! query derives those from the packed provider column instead.
use std::collections::BTreeMap;

use super::bits::Bits;
use crate::offers::domain::HousingKind;

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
    /// Last change, nanoseconds since 1970 (the ranking's freshness).
    pub updated_nanos: i64,
}

/// The bit of a Stadtbezirk id in `Hot::bezirke`.
pub fn bezirk_bit(id: i32) -> u64 {
    if (0..64).contains(&id) { 1 << id } else { 0 }
}

#[derive(Debug, Default)]
pub struct Index {
    /// Occupied slots (every doc is a published offer).
    pub live: Bits,
    /// Category id (the offer's own, a leaf or a parent) → slots.
    pub category: BTreeMap<i32, Bits>,
    /// Stadtbezirk bit (`bezirk_bit`) → slots serving it specifically.
    pub bezirk: Vec<Bits>,
    pub city_wide: Bits,
    /// Stadtteil id → slots located there.
    pub stadtteil: BTreeMap<i32, Bits>,
    /// Slots without a Stadtteil (services: they count by Stadtbezirk).
    pub no_stadtteil: Bits,
    /// By position in `HousingKind::ALL`.
    pub kind: Vec<Bits>,
    /// Packed columns per slot for what has no facet of its own (and the
    /// provider): a filter on them is a sequential scan of a few MB.
    pub cols: Columns,
}

/// `NONE` marks a missing value (compared explicitly, never as a number).
#[derive(Debug, Default)]
pub struct Columns {
    /// Index into `Data::providers`.
    pub provider: Vec<u32>,
    pub price: Vec<i64>,
    pub rooms: Vec<i32>,
    pub area: Vec<i32>,
    pub project: Vec<i32>,
    /// What a ranked list scores besides the provider's rating: read for
    /// up to `rank::CANDIDATES` offers in no particular order, so from
    /// these few MB rather than from each candidate's `Doc`.
    pub category: Vec<i32>,
    pub updated_nanos: Vec<i64>,
}

pub const NONE: i64 = i64::MIN;
pub const NONE32: i32 = i32::MIN;

/// Where in `HousingKind::ALL` a kind is.
pub fn kind_index(k: HousingKind) -> usize {
    HousingKind::ALL.iter().position(|x| *x == k).unwrap_or_default()
}

impl Index {
    pub fn insert(&mut self, slot: u32, h: &Hot) {
        self.mark(slot, h, true);
        let (c, i) = (&mut self.cols, slot as usize);
        if i >= c.provider.len() {
            c.provider.resize(i + 1, 0);
            c.price.resize(i + 1, NONE);
            c.rooms.resize(i + 1, NONE32);
            c.area.resize(i + 1, NONE32);
            c.project.resize(i + 1, NONE32);
            c.category.resize(i + 1, NONE32);
            c.updated_nanos.resize(i + 1, 0);
        }
        c.provider[i] = h.provider;
        c.price[i] = h.price_cents.unwrap_or(NONE);
        c.rooms[i] = h.rooms_tenths.unwrap_or(NONE32);
        c.area[i] = h.living_area_centi_m2.unwrap_or(NONE32);
        c.project[i] = h.project_id.unwrap_or(NONE32);
        c.category[i] = h.category_id;
        c.updated_nanos[i] = h.updated_nanos;
    }

    /// Slots there are (occupied or free): the length of every query's sets.
    pub fn slots(&self) -> usize {
        self.cols.provider.len()
    }

    /// Takes a slot out; `h` must be what it was inserted with.
    pub fn remove(&mut self, slot: u32, h: &Hot) {
        self.mark(slot, h, false);
    }

    fn mark(&mut self, slot: u32, h: &Hot, on: bool) {
        let put = |b: &mut Bits| if on { b.set(slot) } else { b.clear(slot) };
        put(&mut self.live);
        put(self.category.entry(h.category_id).or_default());
        let mut bits = h.bezirke;
        while bits != 0 {
            let b = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if b >= self.bezirk.len() {
                self.bezirk.resize(b + 1, Bits::default());
            }
            put(&mut self.bezirk[b]);
        }
        if h.city_wide {
            put(&mut self.city_wide);
        }
        match h.stadtteil_id {
            Some(st) => put(self.stadtteil.entry(st).or_default()),
            None => put(&mut self.no_stadtteil),
        }
        if let Some(k) = h.housing_kind {
            let i = kind_index(k);
            if i >= self.kind.len() {
                self.kind.resize(i + 1, Bits::default());
            }
            put(&mut self.kind[i]);
        }
    }

    /// Slots serving Stadtbezirk `b` specifically, if any.
    pub fn bezirk(&self, b: i32) -> Option<&Bits> {
        usize::try_from(b).ok().and_then(|b| self.bezirk.get(b))
    }
}
